"""The curated registry: complete, sourced, linkable in real UN text, and well-formed as RDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.check import check_registry, sources_of
from tipkg.loaders.registry.linker import alias_pattern
from tipkg.loaders.registry.load import load_registry, load_registry_file
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.registry.rdf import registry_graphs
from tipkg.ontology.ids import doc_iri, entity_iri, graph_iri
from tipkg.ontology.namespaces import ELI, ORG, SCHEMA, TIP
from tipkg.ontology.symbols import body_of_symbol

INSTRUMENTS = [
    "UNTOC",
    "TIP-PROTOCOL",
    "SOM-PROTOCOL",
    "FIREARMS-PROTOCOL",
    "CONV-1949",
    "SLAVERY-CONV-1926",
    "SUPP-SLAVERY-CONV-1956",
    "CRC",
    "OPSC",
    "CEDAW",
    "OP-CEDAW",
    "ICCPR",
    "ICESCR",
    "UDHR",
    "UN-CHARTER",
    "ILO-C29",
    "ILO-C182",
    "ILO-P29",
    "UNCAC",
    "MILLENNIUM-DECLARATION",
    "AGENDA-2030",
    "GLOBAL-PLAN-OF-ACTION",
    "POLITICAL-DECLARATION-2017",
    "CAT",
    "DEVAW",
    "WORLD-SUMMIT-OUTCOME-2005",
    "RECOMMENDED-PRINCIPLES-GUIDELINES-HR-TIP",
]
BODIES = [
    "GA",
    "GA-THIRD-COMMITTEE",
    "ECOSOC",
    "SC",
    "HRC",
    "CHR",
    "CSW",
    "CCPCJ",
    "UNODC",
    "UNODC-ED",
    "ICAT",
    "COP-UNTOC",
    "WG-TIP",
    "SR-TIP",
    "SG",
    "UN-GIFT",
    "WG-SLAVERY",
    "TRUST-FUND-TIP",
    "IOM",
    "ILO",
    "UNHCR",
    "OHCHR",
    "UNICEF",
    "UN-WOMEN",
    "SRSG-SVC",
    "TOE-ROL-SVC",
    "UN-CPCJ-PROGRAMME",
]
EVENTS = [
    "VIENNA-FORUM-2008",
    "GA-THEMATIC-DEBATE-2008",
    "GA-INTERACTIVE-DIALOGUE-2009",
    "WG-TIP-MEETING-2009",
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


# ------------------------------------------------------------------------------------ the data


@pytest.mark.parametrize(("kind", "keys"), [("instrument", INSTRUMENTS), ("body", BODIES), ("event", EVENTS)])
def test_required_keys_present(registry: Registry, kind: str, keys: list[str]) -> None:
    missing = [k for k in keys if k not in registry]
    assert not missing
    assert all(registry.entries[k].kind == kind for k in keys)


def test_gold_keys_are_in_the_registry(registry: Registry, corpus_dir: Path) -> None:
    """Every instrument, body and event the gold annotations name is a registry key."""
    wanted: set[str] = set()
    for path in (corpus_dir / "gold").glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        wanted |= {c["target"] for c in gold["citations"] if c["target_kind"] == "instrument"}
        wanted |= {m["target"] for m in gold["mentions"] if m["kind"] in ("body", "event")}
    assert wanted and wanted <= set(registry.entries)


def test_every_fact_and_entry_has_a_source(registry: Registry, corpus_dir: Path) -> None:
    """Web sources are addresses, repository files name their commit; corpus sources name a file
    that exists in the corpus (and an element of it, for Akoma Ntoso files)."""
    for entry in registry:
        assert entry.sources, entry.key
        for source, _ in sources_of(entry):
            assert re.match(r"^(https?://\S+|corpus/\S|github:\S+@[0-9a-f]{40}$)", source), (
                f"{entry.key}: {source}"
            )
    assert check_registry(corpus=corpus_dir) == []


def test_facts_agree_with_the_corpus(registry: Registry) -> None:
    """Facts read from corpus/instrument-facts.md and the instrument texts."""
    untoc = registry.entries["UNTOC"]
    assert untoc.fact("adopted_by") is not None and untoc.fact("adopted_by").value == "A/RES/55/25"  # type: ignore[union-attr]
    assert {(f.name, f.value) for f in untoc.facts} >= {
        ("adopted", "2000-11-15"),
        ("entry_into_force", "2003-09-29"),
        ("unts_volume", 2225),
        ("unts_registration", 39574),
        ("custodian", "UNODC"),
    }
    supplements = {
        k: registry.entries[k].fact("supplements") for k in ("TIP-PROTOCOL", "OPSC", "OP-CEDAW", "ILO-P29")
    }
    assert {k: f.value for k, f in supplements.items() if f} == {
        "TIP-PROTOCOL": "UNTOC",
        "OPSC": "CRC",
        "OP-CEDAW": "CEDAW",
        "ILO-P29": "ILO-C29",
    }
    forum = registry.entries["VIENNA-FORUM-2008"]
    assert (forum.fact("start_date"), forum.fact("end_date")) != (None, None)
    assert forum.fact("start_date").value == "2008-02-13"  # type: ignore[union-attr]
    assert forum.fact("end_date").value == "2008-02-15"  # type: ignore[union-attr]
    assert registry.entries["COP-UNTOC"].fact("established_by").value == "UNTOC"  # type: ignore[union-attr]


def test_special_rapporteur_keeps_its_older_title(registry: Registry) -> None:
    old = (
        "Special Rapporteur on the human rights aspects of the victims of trafficking in persons,"
        " especially women and children"
    )
    assert registry.match(old) is registry.entries["SR-TIP"]


def test_aliases_longest_first(registry: Registry) -> None:
    pairs = registry.aliases()
    assert [len(a) for a, _ in pairs] == sorted((len(a) for a, _ in pairs), reverse=True)
    names = {a for a, _ in pairs}
    assert {"UNODC", "UN.GIFT", "ICAT", "IOM", "the Palermo Protocol", "the Cooperation Group"} <= names
    assert len(pairs) == sum(len(e.names) for e in registry if e.kind != "state")


# ------------------------------------------------------------------------------------- linking


def _found(registry: Registry, text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in registry.find_all(text):
        assert text[m.start : m.end] == m.surface
        out.setdefault(m.entry.key, []).append(m.surface)
    return out


def test_links_the_seed_resolution(registry: Registry, corpus_dir: Path) -> None:
    text = (corpus_dir / "resolutions" / "E_RES_2008_33.md").read_text(encoding="utf-8")
    found = _found(registry, text)
    assert {
        "UNODC",
        "ICAT",
        "COP-UNTOC",
        "UN-GIFT",
        "CCPCJ",
        "VIENNA-FORUM-2008",
        "GA-THEMATIC-DEBATE-2008",
    } <= set(found)
    assert "Inter-Agency Cooperation Group against Trafficking in Persons" in found["ICAT"]
    assert "Cooperation Group" in found["ICAT"]
    assert "UN.GIFT" in found["UN-GIFT"]
    assert {"UNTOC", "TIP-PROTOCOL", "CONV-1949", "ECOSOC", "SG", "UN-CPCJ-PROGRAMME"} <= set(found)
    # The Convention's name inside the Conference's is not a citation of the Convention.
    cop_spans = [(m.start, m.end) for m in registry.find_all(text) if m.entry.key == "COP-UNTOC"]
    untoc_starts = [m.start for m in registry.find_all(text) if m.entry.key == "UNTOC"]
    assert not any(s < u < e for s, e in cop_spans for u in untoc_starts)


def test_gold_mentions_are_linked(registry: Registry, corpus_dir: Path) -> None:
    """Every body and event the gold finds in a text, the registry finds there too."""
    for path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = next((corpus_dir / "resolutions").glob(path.stem + ".*"))
        text = text_path.read_text(encoding="utf-8")
        found = {m.entry.key for m in registry.find_all(text, overlapping=True)}
        expected = {m["target"] for m in gold["mentions"] if m["kind"] in ("body", "event")}
        assert expected <= found, (path.name, expected - found)


def _collapsed(text: str) -> tuple[str, list[int]]:
    """The text with runs of white space as one space (as gold evidence is written), and for each
    character of it the offset of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for m in re.finditer(r"\s+|\S", text):
        out.append(" " if m.group(0).isspace() else m.group(0))
        origin.append(m.start())
    return "".join(out), origin


def test_gold_instrument_citations_are_linked(registry: Registry, corpus_dir: Path) -> None:
    """Where the gold cites an instrument, a name of that instrument is linked at that place."""
    unlinked: list[str] = []
    for path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = next((corpus_dir / "resolutions").glob(path.stem + ".*")).read_text(encoding="utf-8")
        flat, origin = _collapsed(text)
        matches = registry.find_all(text, overlapping=True)
        for cit in gold["citations"]:
            if cit["target_kind"] != "instrument":
                continue
            at = flat.find(cit["evidence"])
            assert at >= 0, cit
            start, end = origin[at], origin[at + len(cit["evidence"]) - 1] + 1
            if not any(m.entry.key == cit["target"] and m.start < end and start < m.end for m in matches):
                unlinked.append(cit["evidence"])
    # Only references no name can resolve on its own: "the International Covenants on Human
    # Rights" (both covenants), "article 32 of the Convention", "the Optional Protocol thereto".
    assert all(re.search(r"Covenants|of the Convention$|Protocol thereto$", e) for e in unlinked), unlinked
    assert len(unlinked) <= 8


def test_pdf_artefacts_and_line_breaks(registry: Registry) -> None:
    text = "the United Nations’ Inter -Agency\nCoordination Group against Trafficking in\nPersons (ICAT), to"
    found = registry.find_all(text)
    assert [(m.entry.key, m.surface) for m in found] == [
        ("ICAT", "Inter -Agency\nCoordination Group against Trafficking in\nPersons"),
        ("ICAT", "ICAT"),
    ]
    assert [m.surface for m in registry.find_all("the Secretary General and the Secretary- General")] == [
        "Secretary General",
        "Secretary- General",
    ]
    crime = registry.find_all("the United Nations Convention Against Transnational Organized Crime3 and")
    assert [m.entry.key for m in crime] == ["UNTOC"]
    protocol = registry.find_all(
        "its Protocol to Prevent, Suppress and Punish Trafficking in Persons Especially Women and Children,"
    )
    assert [m.surface for m in protocol] == [
        "Protocol to Prevent, Suppress and Punish Trafficking in Persons Especially Women and Children"
    ]


def test_word_boundaries(registry: Registry) -> None:
    assert registry.find_all("IOMX and XIOM and UNODCs") == []
    assert [m.surface for m in registry.find_all("IOM, IOM-led and (IOM)")] == ["IOM", "IOM", "IOM"]


def test_longest_match_and_overlapping(registry: Registry) -> None:
    text = "the thematic debate of the General Assembly on human trafficking, held in New York"
    assert [m.entry.key for m in registry.find_all(text)] == ["GA-THEMATIC-DEBATE-2008"]
    nested = [m.entry.key for m in registry.find_all(text, overlapping=True)]
    assert nested == ["GA-THEMATIC-DEBATE-2008", "GA"]


def test_first_letter_case_only(registry: Registry) -> None:
    assert [m.entry.key for m in registry.find_all("The Palermo protocol")] == ["TIP-PROTOCOL"]
    assert registry.find_all("the PALERMO PROTOCOL") == []


def test_alias_pattern_rejects_empty() -> None:
    with pytest.raises(ValueError):
        alias_pattern("  ")


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("IOMUNDCGAFT.-’ \n\t,abcdefhijklrsu¹3")) | st.characters(),
        max_size=300,
    )
)
def test_find_all_spans_always_lie_in_the_text(text: str) -> None:
    reg = _REGISTRY
    matches = reg.find_all(text)
    last_end = 0
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.start >= last_end
        last_end = m.end


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "UNODC",
                "IOM",
                "Crime3",
                "United",
                "Nations",
                "Convention",
                "against",
                "Inter",
                "-",
                " -",
                "Agency",
                "Cooperation",
                "Group",
                "the",
                "The",
                "UN.GIFT",
                "¹",
                "\n",
                " ",
                ",",
                "X",
                "Vienna",
                "Forum",
                "Transnational",
                "Organized",
                "Crime",
                "Office",
                "on",
                "Drugs",
                "and",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_word_index_finds_what_a_full_scan_finds(text: str) -> None:
    """The first-word index is only a shortcut: it finds exactly what scanning every alias finds."""
    linker = _REGISTRY.linker
    assert linker.candidates(text) == linker.scan(text)


def test_word_index_on_the_corpus(registry: Registry, corpus_dir: Path) -> None:
    linker = registry.linker
    for path in sorted(corpus_dir.glob("*/*.*")):
        if path.suffix in (".txt", ".md"):
            text = path.read_text(encoding="utf-8")
            assert linker.candidates(text) == linker.scan(text), path.name


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted({a for a, _ in load_registry().aliases()})),
    st.text(max_size=20),
    st.text(max_size=20),
)
def test_every_alias_is_found_in_context(alias: str, before: str, after: str) -> None:
    text = f"{before} {alias} {after}"
    hits = [m for m in _REGISTRY.find_all(text, overlapping=True) if alias.removeprefix("the ") in m.surface]
    assert hits


_REGISTRY = load_registry()


# ------------------------------------------------------------------------------------------- RDF


def test_graphs_one_per_file_with_provenance(registry: Registry) -> None:
    graphs = registry_graphs(registry)
    assert [g.identifier for g in graphs] == [
        graph_iri(f"registry/{s}") for s in ("bodies", "events", "instruments", "states")
    ]
    for g in graphs:
        source = g.value(g.identifier, PROV.wasDerivedFrom)
        assert isinstance(source, URIRef)
        assert str(g.value(source, TIP.fileName)).endswith(".yaml")
        assert re.fullmatch(r"[0-9a-f]{64}", str(g.value(source, TIP.sha256)))
        assert (g.identifier, PROV.wasGeneratedBy, None) in g


def test_instrument_triples(registry: Registry) -> None:
    g = next(g for g in registry_graphs(registry) if g.identifier == graph_iri("registry/instruments"))
    untoc, tip = entity_iri("instrument", "UNTOC"), entity_iri("instrument", "TIP-PROTOCOL")
    assert (untoc, RDF.type, TIP.Convention) in g
    assert (untoc, RDF.type, ELI.LegalResource) in g
    assert (
        untoc,
        SKOS.prefLabel,
        Literal("United Nations Convention against Transnational Organized Crime"),
    ) in g
    assert (untoc, SKOS.altLabel, Literal("the Palermo Convention")) in g
    assert (untoc, TIP.key, Literal("UNTOC")) in g
    assert (untoc, ELI.date_document, Literal("2000-11-15", datatype=XSD.date)) in g
    assert (untoc, TIP.entryIntoForce, Literal("2003-09-29", datatype=XSD.date)) in g
    assert (untoc, TIP.untsVolume, Literal(2225, datatype=XSD.positiveInteger)) in g
    assert (untoc, TIP.untsRegistration, Literal("39574")) in g
    assert (untoc, TIP.adoptedBy, doc_iri("A/RES/55/25")) in g
    assert (untoc, TIP.custodian, entity_iri("body", "UNODC")) in g
    assert (tip, TIP.supplements, untoc) in g
    assert isinstance(g.value(untoc, TIP.line), Literal)
    assert (untoc, DCTERMS.source, Literal("corpus/resolutions/E_RES_2008_33.md")) in g
    # Each fact has its attribution.
    atts = list(g.subjects(RDF.subject, untoc))
    assert len(atts) == len(registry.entries["UNTOC"].facts) + len(registry.entries["UNTOC"].labels)
    for att in atts:
        assert (att, RDF.type, TIP.Attribution) in g
        pred, obj = g.value(att, RDF.predicate), g.value(att, RDF.object)
        assert (untoc, pred, obj) in g
        assert g.value(att, DCTERMS.source) is not None
    # The cited resolution is a stub passed by the General Assembly.
    res = doc_iri("A/RES/55/25")
    assert (res, TIP.stub, Literal(True)) in g
    assert (res, DCTERMS.identifier, Literal("A/RES/55/25")) in g
    assert (res, ELI.passed_by, entity_iri("body", "GA")) in g
    assert (res, RDFS.label, Literal("A/RES/55/25")) in g


def test_body_and_event_triples(registry: Registry) -> None:
    graphs = {str(g.identifier).rsplit("/", 1)[1]: g for g in registry_graphs(registry)}
    bodies, events = graphs["bodies"], graphs["events"]
    ccpcj = entity_iri("body", "CCPCJ")
    assert (ccpcj, ORG.subOrganizationOf, entity_iri("body", "ECOSOC")) in bodies
    assert (entity_iri("body", "ICAT"), RDF.type, ORG.OrganizationalCollaboration) in bodies
    assert (entity_iri("body", "SR-TIP"), RDF.type, TIP.MandateHolder) in bodies
    assert (entity_iri("body", "UNODC-ED"), ORG.postIn, entity_iri("body", "UNODC")) in bodies
    assert (entity_iri("body", "COP-UNTOC"), TIP.establishedBy, entity_iri("instrument", "UNTOC")) in bodies
    chr_decision = doc_iri("E/CN.4/DEC/2004/110")
    assert (entity_iri("body", "SR-TIP"), TIP.establishedBy, chr_decision) in bodies
    assert (chr_decision, RDF.type, TIP.Decision) in bodies
    assert (chr_decision, ELI.passed_by, entity_iri("body", "CHR")) in bodies
    forum = entity_iri("event", "VIENNA-FORUM-2008")
    assert (forum, RDF.type, SCHEMA.Event) in events
    assert (forum, SCHEMA.startDate, Literal("2008-02-13", datatype=XSD.date)) in events
    assert (forum, SCHEMA.endDate, Literal("2008-02-15", datatype=XSD.date)) in events
    assert (forum, SCHEMA.organizer, entity_iri("body", "UN-GIFT")) in events


def test_graphs_round_trip_as_trig(registry: Registry) -> None:
    ds = Dataset()
    for g in registry_graphs(registry):
        for t in g:
            ds.add((*t, g.identifier))  # type: ignore[arg-type]
    data = ds.serialize(format="trig")
    again = Dataset()
    again.parse(data=data, format="trig")
    assert len(again) == len(ds)


def test_loading_twice_gives_the_same_triples() -> None:
    a = {t for g in registry_graphs(load_registry()) for t in g}
    b = {t for g in registry_graphs(load_registry()) for t in g}
    assert a == b


def test_body_of_symbol() -> None:
    assert body_of_symbol("A/HRC/RES/8/12") == "HRC"
    assert body_of_symbol("A/RES/317 (IV)") == "GA"
    assert body_of_symbol("E/CN.4/DEC/2004/110") == "CHR"
    assert body_of_symbol("E/RES/1992/1") == "ECOSOC"
    assert body_of_symbol("X/1") is None


# ---------------------------------------------------------------------------- malformed files

GOOD = """\
instruments:
  - key: X-CONV
    type: Convention
    label: Example Convention
    source: https://example.org/x
    facts:
      adopted: {value: 2001-02-03, source: https://example.org/x}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_registry_file(_write(tmp_path, text), known=_REGISTRY)
    return info.value


def test_user_file_loads_and_links(tmp_path: Path) -> None:
    reg = load_registry_file(_write(tmp_path, GOOD + "    aliases: [the Example]\n"), known=_REGISTRY)
    assert list(reg.entries) == ["X-CONV"]
    assert [m.entry.key for m in reg.find_all("under the Example, and")] == ["X-CONV"]
    (g,) = registry_graphs(reg)
    assert g.identifier == graph_iri("registry/mine")


def test_user_file_may_refer_to_the_shipped_registry(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    facts:\n", "    facts:\n      custodian: {value: UNODC, source: https://example.org/x}\n"
    )
    reg = load_registry_file(_write(tmp_path, text), known=_REGISTRY)
    assert reg.entries["X-CONV"].fact("custodian").value == "UNODC"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (GOOD.replace("type: Convention", "type: Treatise"), 2, "unknown instrument type"),
        (GOOD.replace("    label: Example Convention\n", ""), 2, "without 'label'"),
        (GOOD.replace("  - key: X-CONV\n    type", "  - type"), 2, "without 'key'"),
        (GOOD.replace("2001-02-03", "2001-02-30"), 7, "bad date"),
        (GOOD.replace("2001-02-03", "3 Feb 2001"), 7, "bad date"),
        (GOOD.replace("adopted: {value: 2001-02-03", "unts_volume: {value: 22x5"), 7, "positive integer"),
        (GOOD.replace("adopted: {value: 2001-02-03", 'unts_volume: {value: "2²"'), 7, "positive integer"),
        (GOOD.replace("adopted: {value: 2001-02-03", "unts_volume: {value: 0"), 7, "positive integer"),
        (GOOD.replace("adopted: {value: 2001-02-03", "supplements: {value: NOPE"), 7, "unknown key 'NOPE'"),
        (
            GOOD.replace("adopted: {value: 2001-02-03", "custodian: {value: UNTOC"),
            7,
            "must name a body, UNTOC is an instrument",
        ),
        (GOOD.replace(", source: https://example.org/x}", "}"), 7, "has no source"),
        (GOOD.replace("adopted:", "ratified:"), 7, "unknown fact 'ratified'"),
        (GOOD.replace("adopted:", "start_date:"), 7, "does not apply to an instrument"),
        (
            GOOD.replace("instruments:", "bodies:")
            .replace("Convention\n", "OrganizationalUnit\n", 1)
            .replace("adopted: {value: 2001-02-03", "post_in: {value: GA"),
            7,
            "applies only to MandateHolder",
        ),
        (GOOD + "    colour: blue\n", 2, "unknown field(s) colour"),
        (GOOD + GOOD.replace("instruments:\n", ""), 8, "duplicate key X-CONV"),
        (GOOD.replace("X-CONV", "UNTOC"), 2, "duplicate key UNTOC"),
        (GOOD + "    aliases: [UNODC]\n", 2, "also a name of UNODC"),
        (GOOD.replace("key: X-CONV", "key: x conv"), 2, "bad key"),
        (GOOD.replace("label: Example Convention", "label: Example: Convention"), 4, "YAML syntax error"),
        ("instruments:\n  - key: A\n  bad indent: [\n", 3, "YAML syntax error"),
        ("people:\n  - key: A\n", 1, "unknown section"),
        (
            GOOD.replace("adopted: {value: 2001-02-03", "adopted_by: {value: resolution 5"),
            7,
            "document symbol",
        ),
    ],
)
def test_malformed_entries_name_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    err = _error(tmp_path, text)
    assert err.path.name == "mine.yaml"
    assert err.line == line, err
    assert reason in err.reason, err


def test_event_end_before_start(tmp_path: Path) -> None:
    text = """\
events:
  - key: E-1
    type: Event
    label: Example meeting
    source: https://example.org/e
    facts:
      start_date: {value: 2009-04-15, source: https://example.org/e}
      end_date: {value: 2009-04-14, source: https://example.org/e}
"""
    err = _error(tmp_path, text)
    assert err.line == 8 and "before start_date" in err.reason


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError):
        load_registry([tmp_path / "absent.yaml"])


def test_registry_graphs_conform_to_the_shapes(registry: Registry) -> None:
    """The registry alone passes the project's SHACL shapes (with the ontology, as the build does)."""
    import pyshacl

    from tipkg import ontology

    data = ontology.load("tipkg.ttl")
    for g in registry_graphs(registry):
        for t in g:
            data.add(t)
    conforms, _, text = pyshacl.validate(data, shacl_graph=ontology.load("shapes.ttl"), advanced=True)
    assert conforms, text

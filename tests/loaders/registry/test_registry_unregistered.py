"""Names of bodies and events the registry does not know: found by the shape of the name, one key per
distinct name, kept in the graph as one node per name with its spellings, linked by tip:mentions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from tipkg.loaders.emit import emit, emit_nquads
from tipkg.loaders.model import Document, Paragraph, Span, UnregisteredName, clean, normalise, slug
from tipkg.loaders.parse.unregistered import find_unregistered
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.dispatch import load_source
from tipkg.ontology.ids import unregistered_iri
from tipkg.ontology.namespaces import ID, TIP

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return REGISTRY


def names(text: str, registry: Registry | None = REGISTRY) -> list[tuple[str, str]]:
    found = find_unregistered(text, 0, len(text), registry)
    for n in found:
        assert text[n.start : n.end] == n.surface
    return [(n.kind, n.surface) for n in found]


# ------------------------------------------------------------------------------- normalising

WORDS = st.sampled_from(
    ["Committee", "on", "the", "Rights", "of", "Migrant", "Workers", "Special", "Rapporteur", "Côte", "d’Ivoire",
     "Inter-Agency", "Group", "high-level", "meeting", "2030", "Fund"]
)  # fmt: skip
NAME = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
SPACE = st.sampled_from([" ", "  ", "\n", "\t", " \n "])


@settings(max_examples=200, deadline=None)
@given(NAME)
def test_normalise_is_idempotent(name: str) -> None:
    assert normalise(normalise(name)) == normalise(name)
    assert normalise(clean(name)) == normalise(name)


@settings(max_examples=200, deadline=None)
@given(
    NAME,
    st.sampled_from(["the ", "The ", "THE ", "its ", "a ", ""]),
    st.sampled_from(["", ".", ",", ";", " .", "3", "¹", ":"]),
)
def test_articles_case_and_trailing_punctuation_do_not_matter(name: str, article: str, tail: str) -> None:
    key = normalise(name)
    if tail.strip().isdigit() and name[-1].isdigit():
        return  # "2030" + "3" is another number, not a footnote marker glued to a word
    assert normalise(article + name + tail) == key or key.startswith(("the", "a ", "its"))
    assert normalise(name.upper()) == normalise(name.lower()) == key


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.data())
def test_white_space_does_not_matter(words: list[str], data: st.DataObject) -> None:
    spaced = "".join(w + data.draw(SPACE) for w in words)
    assert normalise(spaced) == normalise(" ".join(words))


@settings(max_examples=200, deadline=None)
@given(NAME)
def test_dash_and_quote_styles_do_not_matter(name: str) -> None:
    assert normalise(name.replace("-", " – ").replace("’", "'")) == normalise(name.replace("-", "‑"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_slug_is_a_safe_iri_segment(key: str) -> None:
    s = slug(normalise(key))
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|name", s)
    assert len(s) <= 120
    iri = unregistered_iri("body", s)
    assert str(iri).startswith(f"{ID}unregistered/body/")


def test_normalise_examples() -> None:
    assert (
        normalise("the  Special Rapporteur on\nthe right to food3,")
        == "special rapporteur on the right to food"
    )
    assert normalise("The Inter -Agency Standing Committee.") == "inter-agency standing committee"
    assert clean("the Committee on the Elimination of Racial Discrimination;") == (
        "Committee on the Elimination of Racial Discrimination"
    )
    assert normalise("Forum)") == "forum" and normalise("Panel (2020)") == "panel (2020)"
    long = "Working Group " + "on something " * 20
    assert slug(normalise(long)) != slug(normalise(long + "else")) and len(slug(normalise(long))) <= 120


# --------------------------------------------------------------------------------- finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invites the Special Rapporteur on the right to food to continue his work,",
         [("body", "Special Rapporteur on the right to food")]),
        ("and the Special Rapporteur on extrajudicial, summary or arbitrary executions, as well as",
         [("body", "Special Rapporteur on extrajudicial, summary or arbitrary executions")]),
        ("with the Independent Expert on the situation of human rights in Mali for a period of one year",
         [("body", "Independent Expert on the situation of human rights in Mali")]),
        ("Requests the Department of Global Communications to continue", []),  # registered (DGC)
        ("the Department of Safety and Security and the Office of Information and Communications Technology",
         [("body", "Office of Information and Communications Technology")]),
        ("Recalling the high-level meeting of the General Assembly on the fight against tuberculosis, held",
         [("event", "high-level meeting of the General Assembly on the fight against tuberculosis")]),
        ("the Committee established pursuant to resolution 751 (1992) concerning Al-Shabaab and the Panel",
         [("body", "Committee established pursuant to resolution 751 (1992) concerning Al-Shabaab")]),
        ("the Special Representative of the Secretary-General for Haiti and Head of BINUH",
         [("body", "Special Representative of the Secretary-General for Haiti")]),
        ("the Executive Board of the United Nations Development Programme,",
         [("body", "Executive Board of the United Nations Development Programme")]),
        ("the International Day of Women and Girls in Science, on 11 February",
         [("event", "International Day of Women and Girls in Science")]),
        ("the Sixth International Conference on New or Restored Democracies, held in",
         [("event", "Sixth International Conference on New or Restored Democracies")]),
        ("the twenty-seventh special session of the General Assembly, entitled",
         [("event", "twenty-seventh special session of the General Assembly")]),
        ("the Conference of the States Parties to the Convention on the Rights of Persons with Disabilities",
         [("body", "Conference of the States Parties to the Convention on the Rights of Persons with Disabilities")]),
        ("the United Nations Mission in Sierra Leone (UNAMSIL), and",
         [("body", "United Nations Mission in Sierra Leone")]),
        ("the Working Group on Enforced or Involuntary Disappearances and the Committee",
         [("body", "Working Group on Enforced or Involuntary Disappearances")]),
    ],
)  # fmt: skip
def test_names_by_their_shape(text: str, expected: list[tuple[str, str]]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Requests the Committee to report to the Council on its work",  # generic heads
        "the Working Group, the Special Rapporteur and the high-level meeting",
        "Welcomes the work of the Commission and of the Office",
        "Decides to inform the Council of progress made",  # "of" + lower case after an organisation
        "the Doha Programme of Action for the Least Developed Countries",  # an instrument, not a body
        "all special rapporteurs and working groups of the Human Rights Council",
        "the relevant [UN Mission] and the [AU-UN Mission]",  # a template's placeholders
        "the Secretary-General and the Special Representative of the Secretary-General",
        "Requests the Special Rapporteur on trafficking in persons, especially women and children, to",  # registered
    ],
)
def test_no_name_in_generic_or_registered_text(text: str) -> None:
    assert names(text) == []


def test_a_registry_name_is_one_word_of_a_longer_name_and_never_its_start() -> None:
    text = "the United Nations Office on Drugs and Crime Regional Office for Southern Africa"
    assert names(text) == [("body", "Regional Office for Southern Africa")]
    assert names(text, None) == [
        ("body", "United Nations Office on Drugs and Crime Regional Office for Southern Africa")
    ]


def _paragraph_with(corpus_dir: Path, folder: str, needle: str) -> str:
    for path in sorted((corpus_dir / "unxml" / folder).glob("*.xml")):
        raw = path.read_text(encoding="utf-8")
        if needle in raw:
            text = re.sub(r"<[^>]+>", " ", raw)
            i = text.index(needle)
            return " ".join(text[max(0, i - 300) : i + 300].split())
    pytest.skip(f"{needle!r} not in {folder}")


@pytest.mark.parametrize(
    ("folder", "needle", "key"),
    [
        ("GAresolutions/78session/English", "Scientific and Technical Subcommittee",
         "scientific and technical subcommittee"),
        ("GAresolutions/78session/English", "International Committee of the Red Cross",
         "international committee of the red cross"),
        ("SCresolutions/2023/English", "Joint Border Verification and Monitoring Mechanism",
         "joint border verification and monitoring mechanism"),
        ("GAresolutions/78session/English", "Working Group on the use of mercenaries",
         "working group on the use of mercenaries"),
    ],
)  # fmt: skip
def test_real_paragraphs_of_the_un_files(corpus_dir: Path, folder: str, needle: str, key: str) -> None:
    text = _paragraph_with(corpus_dir, folder, needle)
    keys = [n.key for n in find_unregistered(text, 0, len(text), REGISTRY)]
    assert key in keys, (keys, text)


# ------------------------------------------------------------------------------- the graph


def _doc(text: str) -> Document:
    para = Paragraph("operative", "1", text, Span(0, len(text)), 1)
    para.unregistered = find_unregistered(text, 0, len(text), REGISTRY)
    return Document(
        text,
        "x.txt",
        "ab" * 32,
        "text",
        "test",
        symbol="A/RES/99/1",
        body="GA",
        date="2099-01-01",
        paragraphs=[para],
    )


def test_one_node_per_name_with_its_spellings_and_mentions() -> None:
    text = (
        "Invites the Special Rapporteur on the right to food, the Special Rapporteur on the Right to\n"
        "Food and the Independent Expert on the situation of human rights in Mali"
    )
    doc = _doc(text)
    assert len(doc.paragraphs[0].unregistered) == 3
    g = emit(doc)
    food = unregistered_iri("body", "special-rapporteur-on-the-right-to-food")
    assert (food, RDF.type, TIP.UnregisteredBody) in g
    assert set(g.objects(food, TIP.surfaceForm)) == {
        Literal("Special Rapporteur on the right to food"),
        Literal("Special Rapporteur on the Right to Food"),
    }
    assert list(g.objects(food, RDFS.label)) == [Literal("Special Rapporteur on the right to food")]
    para, document = URIRef(f"{ID}doc/A/RES/99/1/op/1"), URIRef(f"{ID}doc/A/RES/99/1")
    assert (para, TIP.mentions, food) in g and (document, TIP.mentions, food) in g
    assert len(set(g.subjects(RDF.type, TIP.UnregisteredBody))) == 2
    # the N-Quads path writes the same triples, each once
    _, data, count = emit_nquads(doc)
    assert count == len(g) and len(set(data.decode().splitlines())) == count


def test_the_same_name_in_two_documents_is_one_node() -> None:
    a = _doc("Welcomes the work of the Special Rapporteur on the right to food,")
    b = _doc("Notes the report of the Special Rapporteur on the Right to Food.")
    b.symbol = "A/RES/99/2"
    na = {o for o in emit(a).subjects(RDF.type, TIP.UnregisteredBody)}
    nb = {o for o in emit(b).subjects(RDF.type, TIP.UnregisteredBody)}
    assert na == nb and len(na) == 1


def test_unregistered_nodes_conform_to_the_shapes() -> None:
    import pyshacl

    from tipkg import ontology

    data = ontology.load("tipkg.ttl")
    for t in emit(_doc("Invites the Independent Expert on the situation of human rights in Mali to report")):
        data.add(t)
    conforms, _, text = pyshacl.validate(data, shacl_graph=ontology.load("shapes.ttl"), advanced=True)
    assert conforms, text
    node = next(data.subjects(RDF.type, TIP.UnregisteredBody))
    data.remove((node, TIP.surfaceForm, None))
    conforms, _, text = pyshacl.validate(data, shacl_graph=ontology.load("shapes.ttl"), advanced=True)
    assert not conforms and "surfaceForm" in str(text)


def test_the_paragraph_reader_keeps_them(corpus_dir: Path) -> None:
    """Through the real loader: an English AKN file's paragraphs carry them, registry mentions stay."""
    path = next(
        p
        for p in sorted((corpus_dir / "unxml" / "GAresolutions" / "78session" / "English").glob("*.xml"))
        if "Scientific and Technical Subcommittee" in p.read_text(encoding="utf-8")
    )
    doc = load_source(path, registry=REGISTRY)
    keys = {n.key for p in doc.all_paragraphs() for n in p.unregistered}
    assert "scientific and technical subcommittee" in keys
    for p in doc.all_paragraphs():
        for n in p.unregistered:
            assert doc.text[n.start : n.end] == n.surface
            assert not any(m.span.start <= n.start < m.span.end for m in p.mentions)


def test_unregistered_is_a_name_not_a_registry_mention() -> None:
    name = UnregisteredName("event", "high-level meeting on x", 0, 5, "x")
    assert name.kind == "event"
    assert "unregistered" not in {m.target.kind for m in _doc("the Committee on X").paragraphs[0].mentions}

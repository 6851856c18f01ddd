"""The SPARQL-compiled validator finds exactly what pyshacl finds (graph/validate/pyshacl_engine.py), on the same data.

Compared as sets of (shape, focus, path, value); blank nodes, named differently by the two stores,
compare as one placeholder. Broken graphs are the ones tests/graph/validate/test_shapes.py builds, one per way of
breaking a shape, rebuilt here from tests/shape_data.py (test_shapes.py builds them inline).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD
from rdflib.term import Node

from tests.shape_data import (
    EVENT,
    GA,
    MEMBER_STATES,
    PROTOCOL,
    SR,
    STATE,
    UDHR,
    UNREGISTERED,
    UNTOC,
    dataset,
    document,
    registry_graph,
)
from tipkg import ontology
from tipkg.graph.build.build import BuildResult, build
from tipkg.graph.validate.compile import compile_shapes
from tipkg.graph.validate.dedup import dedup_query
from tipkg.graph.validate.pyshacl_engine import validate
from tipkg.graph.validate.report import SHAPES, ValidationReport
from tipkg.graph.validate.sparql_engine import store_from_dataset, validate_store
from tipkg.graph.validate.sparql_terms import UnsupportedShapeError
from tipkg.loaders.emit import emit
from tipkg.loaders.model import Citation, Paragraph, Proceedings, Span, State, Subject, Target, Vote
from tipkg.ontology import shapes_graph
from tipkg.ontology.ids import doc_iri, paragraph_iri, span_iri
from tipkg.ontology.namespaces import CITO, ELI, OA, ORG, TIP, sparql_prolog
from tipkg.synth.corpus import generate

DOC = doc_iri("A/RES/61/180")
Key = tuple[Node, Node, Node | None, Node | None]


def _canon(node: Node | None) -> Node | None:
    return URIRef("urn:x-test:bnode") if isinstance(node, BNode) else node


def keys(report: ValidationReport) -> set[Key]:
    return {(v.shape, _canon(v.focus), _canon(v.path), _canon(v.value)) for v in report.violations}  # type: ignore[misc]


def assert_same(ds: Dataset) -> ValidationReport:
    """pyshacl and the compiled queries report the same violations on ``ds``; returns the latter."""
    expected = validate(ds)
    got = validate_store(store_from_dataset(ds))
    assert keys(got) == keys(expected)
    return got


# --------------------------------------------------------------------------- broken graphs


def _doc_ds(**changes: object) -> Dataset:
    return dataset(registry_graph(), emit(document(**changes)))


def _edited(edit: Callable[[Graph, Graph], object]) -> Callable[[], Dataset]:
    def make() -> Dataset:
        g, reg = emit(document()), registry_graph()
        edit(g, reg)
        return dataset(reg, g)

    return make


def _with_paragraphs(change: Callable[[list[Paragraph]], None]) -> Callable[[], Dataset]:
    def make() -> Dataset:
        doc = document()
        change(doc.paragraphs)
        return dataset(registry_graph(), emit(doc))

    return make


def _second_node_same_number(g: Graph, _: Graph) -> None:
    other = URIRef(f"{DOC}/op/2-bis")
    for p, o in list(g.predicate_objects(paragraph_iri(DOC, "op", "2"))):
        g.add((other, p, o))


def _ontology_without_urges() -> Dataset:
    onto = ontology.load("tipkg.ttl")
    onto.remove((TIP.urges, RDFS.subPropertyOf, None))
    named = Graph(identifier=URIRef("https://w3id.org/tipkg/id/graph/ontology"))
    named += onto
    return dataset(named, registry_graph(), emit(document()))


def _set(s: Node, p: URIRef, o: Node, *, registry: bool = False) -> Callable[[], Dataset]:
    return _edited(lambda g, reg: (reg if registry else g).set((s, p, o)))  # type: ignore[arg-type]


def _drop(s: Node, p: URIRef, *, registry: bool = False) -> Callable[[], Dataset]:
    return _edited(lambda g, reg: (reg if registry else g).remove((s, p, None)))  # type: ignore[arg-type]


UNBIS_TIP = Subject("TRAFFICKING IN PERSONS", "UNBIS Thesaurus", "http://metadata.un.org/thesaurus/1006622")
VOTE_2_0_0 = Vote(in_favour=[State("ALBANIA"), State("ANDORRA")], in_favour_count=2, against_count=0)


def _vote_edit(edit: Callable[[Graph, URIRef], object]) -> Callable[[], Dataset]:
    """The document with a valid vote, then ``edit(graph, vote node)``."""

    def make() -> Dataset:
        g = emit(document(proceedings=Proceedings(vote=VOTE_2_0_0)))
        edit(g, URIRef(f"{DOC}/vote"))
        return dataset(registry_graph(), g)

    return make


CIT_PP2 = URIRef(f"{paragraph_iri(DOC, 'pp', '2')}/cit/1")
SPAN_PP1 = span_iri(URIRef(f"{paragraph_iri(DOC, 'pp', '1')}/cit/1"))
LATER = Target("resolution", "A/RES/64/293", body="GA", date="2010-07-30", doc_type="resolution")

BROKEN: dict[str, Callable[[], Dataset]] = {
    "valid": lambda: _doc_ds(),
    **{
        f"symbol {s}": (lambda s=s: _doc_ds(symbol=s))
        for s in [
            "A/61/180",
            "A/RES/61",
            "a/res/61/180",
            "S/RES/2331(2016)",
            "A/RES/317 (iv)",
            "resolution 61/180",
            "E/CN.4/RES/2004/45 ",
            "X/RES/1/2",
        ]
    },
    "good symbol E/DEC/16 (LVI)": lambda: _doc_ds(symbol="E/DEC/16 (LVI)"),
    "no symbol": _drop(DOC, DCTERMS.identifier),
    "two symbols": _edited(lambda g, _: g.add((DOC, DCTERMS.identifier, Literal("A/RES/61/181")))),
    "minted without symbol": lambda: _doc_ds(symbol=None),
    "decision without date": lambda: _doc_ds(symbol="E/DEC/2004/228", doc_type="decision", date=None),
    "no date": lambda: _doc_ds(date=None),
    "year-only date": lambda: _doc_ds(date="2006"),
    "no body": lambda: _doc_ds(body=None),
    "statement without body": lambda: _doc_ds(symbol="S/PRST/2015/25", doc_type="statement", body=None),
    "duplicate operative number": _with_paragraphs(
        lambda ps: ps.append(Paragraph(kind="operative", number="2", text="x", span=Span(701, 750), line=14))
    ),
    "duplicate sub-paragraph letter": _with_paragraphs(
        lambda ps: setattr(
            ps[2],
            "subparagraphs",
            [
                ps[2].subparagraphs[0],
                Paragraph(kind="sub", number="a", text="(a)", span=Span(561, 600), line=11),
            ],
        )
    ),
    "two nodes, same number": _edited(_second_node_same_number),
    "untyped citation target": _with_paragraphs(
        lambda ps: ps[1].citations.append(
            Citation(Target("instrument", "NO-SUCH-KEY"), "reaffirms", Span(330, 340), "x" * 10)
        )
    ),
    "cites a later document": _with_paragraphs(
        lambda ps: ps[0].citations.append(Citation(LATER, "recalls", Span(200, 220), "x" * 20))
    ),
    "cites a later instrument": _edited(
        lambda _, reg: reg.add((PROTOCOL, ELI.date_document, Literal("2007-01-01", datatype=XSD.date)))
    ),
    "same year, year-only date": _with_paragraphs(
        lambda ps: ps[0].citations.append(
            Citation(
                Target("resolution", "A/RES/61/1", body="GA", date="2006", doc_type="resolution"),
                "recalls",
                Span(200, 220),
                "x" * 20,
            )
        )
    ),
    "undeclared characterization": _with_paragraphs(
        lambda ps: setattr(ps[1].citations[0], "relation", "frobnicates")
    ),
    "undeclared verb": _with_paragraphs(lambda ps: setattr(ps[1], "verbs", ["reaffirms", "frobnicates"])),
    "unknown opening phrase": _with_paragraphs(lambda ps: setattr(ps[1], "phrase_key", "NoSuchPhrase")),
    "ontology without urges": _ontology_without_urges,
    "supplements a declaration": _set(PROTOCOL, TIP.supplements, UDHR, registry=True),
    "supplements a convention subclass instance": _edited(
        lambda _, reg: (reg.add((UDHR, RDF.type, TIP.Convention)), reg.set((PROTOCOL, TIP.supplements, UDHR)))
    ),
    **{
        f"UNTS volume {name}": _set(UNTOC, TIP.untsVolume, vol, registry=True)
        for name, vol in {
            "int-0": Literal(0),
            "positive-0": Literal(0, datatype=XSD.positiveInteger),
            "negative": Literal(-3),
            "string-abc": Literal("abc"),
            "ill-typed-abc": Literal("abc", datatype=XSD.positiveInteger),
            "ill-typed-integer": Literal("abc", datatype=XSD.integer),
            "string-2225": Literal("2225"),
            "double": Literal(2225.0),
            "plain integer": Literal(2225),
        }.items()
    },
    "two UNTS volumes": _edited(lambda _, reg: reg.add((UNTOC, TIP.untsVolume, Literal(2226)))),
    **{
        f"no label on {e}": _drop(e, RDFS.label, registry=True)
        for e in [UNTOC, PROTOCOL, UDHR, GA, SR, MEMBER_STATES, EVENT, STATE]
    },
    "state without alpha-2 code": _drop(STATE, TIP.isoAlpha2, registry=True),
    "state with a lower-case code": _set(STATE, TIP.isoAlpha3, Literal("xyz"), registry=True),
    "member state without admission": _drop(STATE, TIP.admissionDate, registry=True),
    "parties without as-of": _edited(lambda _, reg: reg.remove((URIRef(f"{UNTOC}/fact/9"), TIP.asOf, None))),
    "unregistered name without spelling": _drop(UNREGISTERED, TIP.surfaceForm),
    "unregistered name without label": _drop(UNREGISTERED, RDFS.label),
    "document without label": _drop(DOC, RDFS.label),
    "stub without label": _drop(doc_iri("A/RES/55/25"), RDFS.label),
    **{
        f"span {name}": _edited(
            lambda g, _, s=s, e=e: (g.set((SPAN_PP1, OA.start, s)), g.set((SPAN_PP1, OA.end, e)))
        )
        for name, (s, e) in {
            "start-after-end": (Literal(50), Literal(10)),
            "negative": (Literal(-1), Literal(10)),
            "string": (Literal("5"), Literal(10)),
        }.items()
    },
    "span without end": _drop(span_iri(paragraph_iri(DOC, "op", "2")), OA.end),
    "paragraph without span": _drop(paragraph_iri(DOC, "op", "2"), TIP.span),
    "citation without span": _drop(CIT_PP2, TIP.span),
    "citation without characterization": _drop(CIT_PP2, CITO.hasCitationCharacterization),
    "blank node span": _set(paragraph_iri(DOC, "op", "2"), TIP.span, BNode()),
    "literal characterization": _set(CIT_PP2, CITO.hasCitationCharacterization, Literal("recalls")),
    "two characterizations": _edited(
        lambda g, _: g.add((CIT_PP2, CITO.hasCitationCharacterization, TIP.recalls))
    ),
    "valid subjects and vote": lambda: _doc_ds(
        subjects=[UNBIS_TIP], proceedings=Proceedings(vote=VOTE_2_0_0)
    ),
    "subject of no declared scheme": lambda: _doc_ds(
        subjects=[Subject("x", "Other", "http://example.org/c/1")]
    ),
    "literal subject": _set(DOC, DCTERMS.subject, Literal("TRAFFICKING IN PERSONS")),
    **{
        f"vote count {name}": _vote_edit(lambda g, v, c=c: g.set((v, TIP.inFavourCount, c)))
        for name, c in {
            "negative": Literal(-1),
            "string": Literal("2"),
            "ill-typed": Literal("two", datatype=XSD.integer),
        }.items()
    },
    "two vote counts": _vote_edit(lambda g, v: g.add((v, TIP.inFavourCount, Literal(3)))),
    "vote names fewer than counted": lambda: _doc_ds(
        proceedings=Proceedings(vote=Vote(in_favour=[State("ALBANIA")], in_favour_count=2))
    ),
    "vote names more than counted": lambda: _doc_ds(
        proceedings=Proceedings(vote=Vote(against=[State("A"), State("B"), State("C")], against_count=2))
    ),
    "mandate holder as sub-organization": _edited(lambda _, reg: reg.add((SR, ORG.subOrganizationOf, GA))),
    "mandate holder post in": _edited(lambda _, reg: reg.add((SR, ORG.postIn, GA))),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_same_violations_as_pyshacl_on_broken_graphs(name: str) -> None:
    report = assert_same(BROKEN[name]())
    if name.startswith(
        ("valid", "good", "minted", "same year", "supplements a convention", "mandate holder post")
    ) or (name == "UNTS volume plain integer"):
        assert report.conforms, [v.to_dict() for v in report.violations]
    else:
        assert not report.conforms


def test_every_shape_is_broken_by_some_graph() -> None:
    """The broken graphs above exercise every shape with targets (no shape is compared vacuously)."""
    found = set().union(*(keys(validate_store(store_from_dataset(make()))) for make in BROKEN.values()))
    shapes = {k[0] for k in found}
    g = shapes_graph()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    targeted = {s for t in targets for s in g.subjects(t)}
    assert targeted <= shapes, targeted - shapes


def test_messages_and_locations_match_validate() -> None:
    ds = BROKEN["cites a later document"]()
    expected = validate(ds).violations
    got = validate_store(store_from_dataset(ds)).violations
    assert len(got) == len(expected) == 1
    assert "2010-07-30" in got[0].message and "{?" not in got[0].message
    assert (got[0].graph, got[0].source_file, got[0].line) == (
        expected[0].graph,
        expected[0].source_file,
        expected[0].line,
    )
    assert got[0].shape_name == expected[0].shape_name


def test_nested_property_shape_is_reported_under_its_node_shape() -> None:
    report = assert_same(BROKEN["span start-after-end"]())
    assert {v.shape for v in report.violations} == {SHAPES.SpanOffsetsShape}
    assert {v.focus for v in report.violations} == {SPAN_PP1}


def test_graphs_argument_limits_the_data() -> None:
    """Only the document graph (plus the ontology): the registry's instruments are then untyped."""
    ds = BROKEN["valid"]()
    doc_graph = next(g.identifier for g in ds.graphs() if "doc/" in str(g.identifier))
    expected = validate(ds, graphs=[URIRef(str(doc_graph))])
    got = validate_store(store_from_dataset(ds), graphs=[doc_graph])
    assert keys(got) == keys(expected)
    assert SHAPES.CitationTargetTypedShape in got.shapes()
    assert got.graphs == [doc_graph]


# --------------------------------------------------------------------------- the real corpus


def test_same_violations_as_pyshacl_on_the_corpus(built_corpus: BuildResult) -> None:
    expected = validate(built_corpus.dataset)
    got = validate_store(built_corpus.store)
    assert keys(got) == keys(expected)
    where = {
        (v.shape, v.focus, v.path, v.value): (v.graph, v.source_file, v.line) for v in expected.violations
    }
    for v in got.violations:
        assert (v.graph, v.source_file, v.line) == where[(v.shape, v.focus, v.path, v.value)]


# --------------------------------------------------------------------------- a synthetic corpus


_INJECT = [
    # a wrong UNTS volume on an instrument of the registry
    """DELETE { GRAPH ?g { ?i tip:untsVolume ?v } } INSERT { GRAPH ?g { ?i tip:untsVolume "0"^^xsd:integer } }
       WHERE { { SELECT ?i WHERE { GRAPH ?h { ?i tip:untsVolume ?x } } ORDER BY ?i LIMIT 1 } GRAPH ?g { ?i tip:untsVolume ?v } }""",
    # a document citing a later one: the first loaded document recalls the last
    """INSERT { GRAPH ?g { ?early tip:recalls ?late } } WHERE {
         { SELECT ?early ?late ?g WHERE { GRAPH ?g { ?early tip:stub false ; eli:date_document ?d1 }
           GRAPH ?h { ?late tip:stub false ; eli:date_document ?d2 } FILTER(?d2 > ?d1) }
           ORDER BY ?d1 DESC(?d2) LIMIT 1 } }""",
    # a duplicate paragraph number: a second operative paragraph with the number of the first
    """INSERT { GRAPH ?g { ?copy a tip:OperativeParagraph ; eli:is_part_of ?doc ; eli:number ?n } } WHERE {
         { SELECT ?p WHERE { GRAPH ?x { ?p a tip:OperativeParagraph } } ORDER BY ?p LIMIT 1 }
         GRAPH ?g { ?p eli:is_part_of ?doc ; eli:number ?n } BIND(IRI(CONCAT(STR(?p), "-copy")) AS ?copy) }""",
    # a missing label on a loaded document
    """DELETE { GRAPH ?g { ?d rdfs:label ?l } } WHERE {
         { SELECT ?d WHERE { GRAPH ?x { ?d tip:stub false } } ORDER BY DESC(?d) LIMIT 1 } GRAPH ?g { ?d rdfs:label ?l } }""",
]


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("synth")
    generate(30, 11, out, truth=False, jobs=1)
    result = build([out / "resolutions"], validate=False)
    assert len(result.documents) == 30, result.errors
    return result


def test_synthetic_corpus_conforms_on_both(synthetic_build: BuildResult) -> None:
    assert keys(validate_store(synthetic_build.store)) == keys(validate(synthetic_build.dataset))


def test_same_violations_as_pyshacl_with_injected_errors(synthetic_build: BuildResult) -> None:
    store = ox.Store()
    store.bulk_load(synthetic_build.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    for update in _INJECT:  # each update changes the data (the store grows or shrinks)
        before = {q for q in store}
        store.update(sparql_prolog() + update)
        assert {q for q in store} != before, update
    got = validate_store(store)
    assert keys(got) == keys(validate(BuildResult(store=store).dataset))
    assert {
        SHAPES.UntsVolumeShape,
        SHAPES.CitesLaterDocumentShape,
        SHAPES.UniqueParagraphNumberShape,
        SHAPES.LabelShape,
    } <= got.shapes()
    located = [v for v in got.violations if v.shape == SHAPES.CitesLaterDocumentShape]
    assert located and all(v.source_file and v.source_file.endswith(".txt") for v in located)
    forked = validate_store(store, jobs=2)
    assert forked.violations == got.violations  # same results, same order, from two processes


# --------------------------------------------------------------------------- compiling


def _shapes(turtle: str) -> Graph:
    g = Graph()
    g.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + turtle,
        format="turtle",
    )
    return g


@pytest.mark.parametrize(
    "turtle",
    [
        "ex:S a sh:NodeShape ; sh:targetNode ex:a .",
        "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:minLength 3 .",
        "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ( ex:p ex:q ) ; sh:minCount 1 .",
        "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:datatype xsd:hexBinary .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }" ] .',
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:ask "ASK { $this ?p ?o }" ] .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
        '"SELECT ?x WHERE { $this ?p ?x }" ] .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:T . ex:T sh:property [ sh:path ex:p ; sh:hasValue 1 ] .",
    ],
    ids=[
        "targetNode",
        "minLength",
        "sequence-path",
        "datatype",
        "minus",
        "ask",
        "no-this",
        "qualified",
        "nested",
    ],
)
def test_unsupported_feature_raises_at_compile_time(turtle: str) -> None:
    with pytest.raises(UnsupportedShapeError):
        compile_shapes(_shapes(turtle))


def test_shipped_shapes_compile_to_one_check_per_constraint() -> None:
    checks = compile_shapes(shapes_graph())
    assert {c.shape for c in checks} >= {SHAPES.SpanOffsetsShape, SHAPES.CitesLaterDocumentShape}
    assert all(c.query.lstrip().startswith("PREFIX") for c in checks)


def test_dedup_rewrite_keeps_strings_and_paths() -> None:
    q = 'SELECT ?x WHERE { ?x a ?c ; ex:p+ "a { b ." . ?c rdfs:subClassOf* ex:D . FILTER(?x != ex:y) }'
    out = dedup_query(q)
    assert '"a { b ."' in out and "ex:p+" in out and "rdfs:subClassOf*" in out
    assert out.count("SELECT DISTINCT") == 3
    store = ox.Store()
    store.query(
        "PREFIX ex: <http://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + out
    )


@pytest.mark.parametrize("name", ["cites a later document", "duplicate operative number", "undeclared verb"])
def test_dedup_rewrite_gives_the_same_solutions(name: str) -> None:
    """Every SPARQL target and constraint of the shapes: same set of rows before and after the rewrite."""
    store = store_from_dataset(BROKEN[name]())
    g = shapes_graph()
    prologue = "".join(
        f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>\n"
        for d in g.objects(URIRef("https://w3id.org/tipkg/shapes"), SH.declare)
    )
    nonempty = 0
    for select in g.objects(None, SH.select):
        text = str(select).replace("$PATH", f"<{CITO.hasCitationCharacterization}>")

        def rows(q: str) -> set[tuple[str, ...]]:
            result = store.query(prologue + q, use_default_graph_as_union=True)
            assert isinstance(result, ox.QuerySolutions)
            return {tuple(str(t) for t in row) for row in result}

        before = rows(text)
        assert rows(dedup_query(text)) == before
        nonempty += bool(before)
    assert nonempty >= 2

"""Each SHACL shape: a valid graph conforms, a graph that breaks exactly that shape is reported by it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from tests.shape_data import (
    EVENT,
    GA,
    MEMBER_STATES,
    PROTOCOL,
    SR,
    UDHR,
    UNTOC,
    dataset,
    document,
    registry_graph,
    valid_dataset,
)
from tipkg import ontology
from tipkg.graph.validate.pyshacl_engine import validate
from tipkg.graph.validate.report import SHAPES, ValidationReport
from tipkg.loaders.emit import document_iri, emit
from tipkg.loaders.model import Citation, Document, Paragraph, Span, Target
from tipkg.ontology.ids import doc_iri, paragraph_iri, span_iri
from tipkg.ontology.namespaces import CITO, ELI, OA, ORG, TIP

DOC = doc_iri("A/RES/61/180")

# The symbols ../shared/DESIGN.md names, one per kind of organ and numbering.
GOOD_SYMBOLS = [
    "A/RES/61/180",
    "A/RES/317 (IV)",
    "A/RES/2200 A (XXI)",
    "A/RES/S-13/2",
    "A/RES/ES-8/2",
    "E/RES/2006/27",
    "E/DEC/16 (LVI)",
    "E/DEC/1980/127",
    "S/RES/2331 (2016)",
    "S/PRST/2015/25",
    "A/HRC/RES/8/12",
    "A/HRC/DEC/13/117",
    "A/HRC/RES/S-1/1",
    "E/CN.4/RES/2004/45",
    "E/CN.4/DEC/2004/110",
    "CCPCJ/RES/17/1",
    "CTOC/COP/RES/5/2",
]
BAD_SYMBOLS = [
    "A/61/180",  # a report symbol on a resolution
    "A/RES/61",
    "A/RES/61/180/",
    "a/res/61/180",
    "S/RES/2331(2016)",
    "A/RES/317 (iv)",
    "resolution 61/180",
    "E/CN.4/RES/2004/45 ",
    "X/RES/1/2",
]


def shapes_of(report: ValidationReport) -> set[str]:
    return {str(s) for s in report.shapes()}


def run(ds: Dataset) -> ValidationReport:
    return validate(ds)


def assert_only(report: ValidationReport, shape: URIRef) -> None:
    """The report names ``shape`` and no other shape."""
    assert not report.conforms
    assert shapes_of(report) == {str(shape)}, [v.to_dict() for v in report.violations]


def doc_graph(doc: Document | None = None) -> Graph:
    return emit(doc or document())


def with_edit(edit: Callable[[Graph, Graph], object]) -> Dataset:
    """The valid dataset after ``edit(document graph, registry graph)``."""
    g, reg = doc_graph(), registry_graph()
    edit(g, reg)
    return dataset(reg, g)


# --------------------------------------------------------------------------- the valid baseline


def test_valid_dataset_conforms() -> None:
    report = run(valid_dataset())
    assert report.conforms, [v.to_dict() for v in report.violations]
    assert report.violations == []


def test_every_shape_has_an_iri_a_name_and_a_message() -> None:
    shapes = ontology.load("shapes.ttl")
    top = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(top) >= 12
    for shape in top:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES)), shape
        assert shapes.value(shape, SH.name) is not None or shapes.value(shape, RDFS.label) is not None
        messages = list(shapes.objects(shape, SH.message)) + [
            m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)
        ]
        helper = shape == SHAPES.TypedNodeShape or shape in set(shapes.objects(None, SH.property))
        assert messages or helper, f"{shape} has no sh:message"


# --------------------------------------------------------------------------- resolution symbol


@pytest.mark.parametrize("symbol", GOOD_SYMBOLS)
def test_un_symbols_conform(symbol: str) -> None:
    report = run(valid_dataset(document(symbol=symbol)))
    assert report.conforms, [v.to_dict() for v in report.violations]


@pytest.mark.parametrize("symbol", BAD_SYMBOLS)
def test_ill_formed_symbol_is_reported(symbol: str) -> None:
    report = run(valid_dataset(document(symbol=symbol)))
    assert_only(report, SHAPES.ResolutionSymbolShape)
    assert report.violations[0].value == Literal(symbol)


def test_missing_symbol_is_reported() -> None:
    ds = with_edit(lambda g, _: g.remove((DOC, DCTERMS.identifier, None)))
    assert_only(run(ds), SHAPES.ResolutionSymbolShape)


def test_two_symbols_are_reported() -> None:
    ds = with_edit(lambda g, _: g.add((DOC, DCTERMS.identifier, Literal("A/RES/61/181"))))
    assert_only(run(ds), SHAPES.ResolutionSymbolShape)


def test_document_minted_without_symbol_is_exempt() -> None:
    doc = document(symbol=None)
    assert "/doc/_/" in str(document_iri(doc))
    report = run(valid_dataset(doc))
    assert report.conforms, [v.to_dict() for v in report.violations]


def test_stub_without_symbol_date_or_body_is_exempt() -> None:
    stub_target = Target("resolution", "decision of the Commission", doc_type="decision")
    para = document().paragraphs[0]
    cited = Paragraph(
        kind="preambular",
        number="3",
        text="Recalling the decision",
        span=Span(401, 450),
        line=8,
        citations=[Citation(stub_target, "recalls", Span(410, 420), "x" * 10)],
    )
    doc = document(paragraphs=[para, cited])
    report = run(valid_dataset(doc))
    assert report.conforms, [v.to_dict() for v in report.violations]


def test_decision_follows_the_same_rules() -> None:
    report = run(valid_dataset(document(symbol="E/DEC/2004/228", doc_type="decision", date=None)))
    assert_only(report, SHAPES.ResolutionDateShape)


# --------------------------------------------------------------------------- date and body


def test_missing_adoption_date_is_reported() -> None:
    assert_only(run(valid_dataset(document(date=None))), SHAPES.ResolutionDateShape)


def test_year_only_adoption_date_is_reported() -> None:
    report = run(valid_dataset(document(date="2006")))
    assert_only(report, SHAPES.ResolutionDateShape)
    assert report.violations[0].value == Literal("2006", datatype=XSD.gYear)


def test_missing_adopting_body_is_reported() -> None:
    assert_only(run(valid_dataset(document(body=None))), SHAPES.ResolutionBodyShape)


# --------------------------------------------------------------------------- paragraph numbers


def test_duplicate_operative_numbers_from_the_loader_are_reported() -> None:
    doc = document()
    paras = doc.paragraphs
    again = Paragraph(
        kind="operative", number="2", text="Decides to remain seized", span=Span(701, 750), line=14
    )
    report = run(valid_dataset(document(paragraphs=[*paras, again])))
    assert SHAPES.UniqueParagraphNumberShape in report.shapes()
    dup = [v for v in report.violations if v.shape == SHAPES.UniqueParagraphNumberShape]
    assert [v.focus for v in dup] == [paragraph_iri(DOC, "op", "2")]
    assert dup[0].value == Literal("2")
    # the merged node also carries two spans: the span shapes see it too, nothing else does
    assert shapes_of(report) <= {
        str(SHAPES.UniqueParagraphNumberShape),
        str(SHAPES.SpanRequiredShape),
        str(SHAPES.SpanOffsetsShape),
    }


def test_duplicate_sub_paragraph_letters_are_reported() -> None:
    doc = document()
    op1 = doc.paragraphs[2]
    extra = Paragraph(kind="sub", number="a", text="(a) again", span=Span(561, 600), line=11)
    op1.subparagraphs = [op1.subparagraphs[0], extra]
    report = run(valid_dataset(doc))
    dup = [v for v in report.violations if v.shape == SHAPES.UniqueParagraphNumberShape]
    assert [str(v.focus) for v in dup] == [f"{paragraph_iri(DOC, 'op', '1')}/a"]


def test_two_nodes_with_the_same_number_are_reported() -> None:
    """A producer minting its own paragraph IRIs: two distinct nodes, same parent, same number."""

    def edit(g: Graph, _: Graph) -> None:
        other = URIRef(f"{DOC}/op/2-bis")
        for p, o in list(g.predicate_objects(paragraph_iri(DOC, "op", "2"))):
            g.add((other, p, o))

    report = run(with_edit(edit))
    assert_only(report, SHAPES.UniqueParagraphNumberShape)
    assert {str(v.focus) for v in report.violations} == {f"{DOC}/op/2", f"{DOC}/op/2-bis"}


def test_same_number_in_preamble_and_operative_part_conforms() -> None:
    """pp/1 and op/1 both have number 1: different kinds, no duplicate."""
    report = run(valid_dataset())
    assert SHAPES.UniqueParagraphNumberShape not in report.shapes()
    assert (paragraph_iri(DOC, "pp", "1"), ELI.number, Literal("1")) in emit(document())


# --------------------------------------------------------------------------- citations


def test_citation_target_without_type_is_reported() -> None:
    doc = document()
    doc.paragraphs[1].citations.append(
        Citation(Target("instrument", "NO-SUCH-KEY"), "reaffirms", Span(330, 340), "x" * 10)
    )
    report = run(valid_dataset(doc))
    assert_only(report, SHAPES.CitationTargetTypedShape)
    assert str(report.violations[0].value).endswith("/instrument/NO-SUCH-KEY")


def test_citation_target_typed_in_another_graph_conforms() -> None:
    """Instruments are typed in the registry graph, not in the citing document's graph."""
    g = doc_graph()
    assert (UNTOC, RDF.type, None) not in g
    assert run(dataset(registry_graph(), g)).conforms


def test_citing_a_later_document_is_reported() -> None:
    later = Target("resolution", "A/RES/64/293", body="GA", date="2010-07-30", doc_type="resolution")
    doc = document()
    doc.paragraphs[0].citations.append(Citation(later, "recalls", Span(200, 220), "x" * 20))
    report = run(valid_dataset(doc))
    assert_only(report, SHAPES.CitesLaterDocumentShape)
    v = report.violations[0]
    assert (v.focus, v.path, v.value) == (DOC, TIP.recalls, doc_iri("A/RES/64/293"))
    assert "2010-07-30" in v.message


def test_citing_a_later_instrument_through_any_relation_is_reported() -> None:
    def edit(g: Graph, reg: Graph) -> None:
        reg.add((PROTOCOL, ELI.date_document, Literal("2007-01-01", datatype=XSD.date)))

    report = run(with_edit(edit))
    assert_only(report, SHAPES.CitesLaterDocumentShape)
    assert report.violations[0].path == TIP.urges


def test_same_year_with_a_year_only_date_conforms() -> None:
    """ "2006" against "2006-12-20": the common prefix is equal, so no claim of "later"."""
    earlier_same_year = Target("resolution", "A/RES/61/1", body="GA", date="2006", doc_type="resolution")
    doc = document()
    doc.paragraphs[0].citations.append(Citation(earlier_same_year, "recalls", Span(200, 220), "x" * 20))
    assert run(valid_dataset(doc)).conforms


def test_citation_characterization_must_be_a_declared_relation() -> None:
    doc = document()
    doc.paragraphs[1].citations[0].relation = "frobnicates"
    report = run(valid_dataset(doc))
    assert_only(report, SHAPES.CitationCharacterizationShape)
    assert report.violations[0].value == TIP.frobnicates


def test_paragraph_verb_must_be_a_declared_relation() -> None:
    doc = document()
    doc.paragraphs[1].verbs = ["reaffirms", "frobnicates"]
    report = run(valid_dataset(doc))
    assert_only(report, SHAPES.DeclaredRelationShape)
    assert (report.violations[0].path, report.violations[0].value) == (TIP.verb, TIP.frobnicates)


def test_unknown_opening_phrase_is_reported() -> None:
    doc = document()
    doc.paragraphs[1].phrase_key = "NoSuchPhrase"
    assert_only(run(valid_dataset(doc)), SHAPES.OpeningPhraseShape)


def test_relations_are_read_from_the_datasets_ontology_graph() -> None:
    """The check uses the ontology in the dataset: a relation it does not declare is reported."""
    onto = ontology.load("tipkg.ttl")
    onto.remove((TIP.urges, RDFS.subPropertyOf, None))
    named = Graph(identifier=URIRef("https://w3id.org/tipkg/id/graph/ontology"))
    named += onto
    report = run(dataset(named, registry_graph(), doc_graph()))
    assert SHAPES.CitationCharacterizationShape in report.shapes()
    assert {v.value for v in report.violations if v.shape == SHAPES.CitationCharacterizationShape} == {
        TIP.urges
    }


# --------------------------------------------------------------------------- instruments


def test_protocol_supplementing_a_non_convention_is_reported() -> None:
    def edit(_: Graph, reg: Graph) -> None:
        reg.set((PROTOCOL, TIP.supplements, UDHR))

    report = run(with_edit(edit))
    assert_only(report, SHAPES.SupplementsConventionShape)
    assert (report.violations[0].focus, report.violations[0].value) == (PROTOCOL, UDHR)


def test_supplementing_a_convention_subclass_instance_conforms() -> None:
    """sh:class follows rdfs:subClassOf in the ontology graph: no inference needed."""

    def edit(_: Graph, reg: Graph) -> None:
        reg.add((UDHR, RDF.type, TIP.Convention))
        reg.set((PROTOCOL, TIP.supplements, UDHR))

    assert run(with_edit(edit)).conforms


@pytest.mark.parametrize(
    "volume",
    [
        Literal(0),
        Literal(0, datatype=XSD.positiveInteger),
        Literal(-3),
        Literal("abc"),
        Literal("abc", datatype=XSD.positiveInteger),
        Literal("2225"),
        Literal(2225.0),
    ],
    ids=["int-0", "positive-0", "negative", "string-abc", "ill-typed-abc", "string-2225", "double"],
)
def test_bad_unts_volume_is_reported(volume: Literal) -> None:
    report = run(with_edit(lambda _, reg: reg.set((UNTOC, TIP.untsVolume, volume))))
    assert_only(report, SHAPES.UntsVolumeShape)
    assert {v.focus for v in report.violations} == {UNTOC}


def test_plain_integer_unts_volume_conforms() -> None:
    assert run(with_edit(lambda _, reg: reg.set((UNTOC, TIP.untsVolume, Literal(2225))))).conforms


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    "entity",
    [UNTOC, PROTOCOL, UDHR, GA, SR, MEMBER_STATES, EVENT],
    ids=["convention", "protocol", "declaration", "body", "mandate", "actor-group", "event"],
)
def test_registry_entity_without_label_is_reported(entity: URIRef) -> None:
    report = run(with_edit(lambda _, reg: reg.remove((entity, RDFS.label, None))))
    assert_only(report, SHAPES.LabelShape)
    assert report.violations[0].focus == entity


def test_document_without_label_is_reported() -> None:
    report = run(with_edit(lambda g, _: g.remove((DOC, RDFS.label, None))))
    assert_only(report, SHAPES.LabelShape)


def test_stub_without_label_is_reported() -> None:
    stub = doc_iri("A/RES/55/25")
    report = run(with_edit(lambda g, _: g.remove((stub, RDFS.label, None))))
    assert_only(report, SHAPES.LabelShape)
    assert report.violations[0].focus == stub


# --------------------------------------------------------------------------- spans


def _first_citation_span() -> URIRef:
    return span_iri(URIRef(f"{paragraph_iri(DOC, 'pp', '1')}/cit/1"))


@pytest.mark.parametrize(
    ("start", "end"),
    [(Literal(50), Literal(10)), (Literal(-1), Literal(10)), (Literal("5"), Literal(10))],
    ids=["start-after-end", "negative", "string"],
)
def test_bad_span_offsets_are_reported(start: Literal, end: Literal) -> None:
    sel = _first_citation_span()

    def edit(g: Graph, _: Graph) -> None:
        g.set((sel, OA.start, start))
        g.set((sel, OA.end, end))

    report = run(with_edit(edit))
    assert_only(report, SHAPES.SpanOffsetsShape)
    assert {v.focus for v in report.violations} == {sel}


def test_missing_span_end_is_reported() -> None:
    sel = span_iri(paragraph_iri(DOC, "op", "2"))
    report = run(with_edit(lambda g, _: g.remove((sel, OA.end, None))))
    assert_only(report, SHAPES.SpanOffsetsShape)


def test_paragraph_without_span_is_reported() -> None:
    para = paragraph_iri(DOC, "op", "2")
    report = run(with_edit(lambda g, _: g.remove((para, TIP.span, None))))
    assert_only(report, SHAPES.SpanRequiredShape)
    assert report.violations[0].focus == para


def test_citation_without_span_is_reported() -> None:
    cit = URIRef(f"{paragraph_iri(DOC, 'pp', '2')}/cit/1")
    report = run(with_edit(lambda g, _: g.remove((cit, TIP.span, None))))
    assert_only(report, SHAPES.SpanRequiredShape)


def test_citation_without_characterization_is_reported() -> None:
    cit = URIRef(f"{paragraph_iri(DOC, 'pp', '2')}/cit/1")
    report = run(with_edit(lambda g, _: g.remove((cit, CITO.hasCitationCharacterization, None))))
    assert_only(report, SHAPES.CitationCharacterizationShape)


def test_blank_node_span_is_reported() -> None:
    para = paragraph_iri(DOC, "op", "2")

    def edit(g: Graph, _: Graph) -> None:
        g.set((para, TIP.span, BNode()))

    report = run(with_edit(edit))
    assert SHAPES.SpanRequiredShape in report.shapes()


# --------------------------------------------------------------------------- the pattern itself


def test_symbol_pattern_in_shapes_matches_python_regex_semantics() -> None:
    """The sh:pattern is read by pyshacl with Python's re: check it directly, too."""
    shapes = ontology.load("shapes.ttl")
    pattern = str(shapes.value(SHAPES.ResolutionSymbolShape, SH.pattern))
    assert all(re.search(pattern, s) for s in GOOD_SYMBOLS)
    assert not any(re.search(pattern, s) for s in BAD_SYMBOLS)


def test_literal_characterization_is_reported() -> None:
    cit = URIRef(f"{paragraph_iri(DOC, 'pp', '2')}/cit/1")
    report = run(with_edit(lambda g, _: g.set((cit, CITO.hasCitationCharacterization, Literal("recalls")))))
    assert_only(report, SHAPES.CitationCharacterizationShape)


def test_two_characterizations_are_reported() -> None:
    cit = URIRef(f"{paragraph_iri(DOC, 'pp', '2')}/cit/1")
    report = run(with_edit(lambda g, _: g.add((cit, CITO.hasCitationCharacterization, TIP.recalls))))
    assert_only(report, SHAPES.CitationCharacterizationShape)


def test_rdfs_inference_runs_but_hides_the_supplements_error() -> None:
    """Why inference="none" is the default: the range of tip:supplements infers tip:Convention."""
    ds = with_edit(lambda _, reg: reg.set((PROTOCOL, TIP.supplements, UDHR)))
    assert SHAPES.SupplementsConventionShape in validate(ds).shapes()
    assert SHAPES.SupplementsConventionShape not in validate(ds, inference="rdfs").shapes()


def test_mandate_holder_as_sub_organization_is_reported() -> None:
    report = run(with_edit(lambda _, reg: reg.add((SR, ORG.subOrganizationOf, GA))))
    assert_only(report, SHAPES.MandateHolderPostShape)


def test_mandate_holder_post_in_conforms() -> None:
    assert run(with_edit(lambda _, reg: reg.add((SR, ORG.postIn, GA)))).conforms


def test_loaded_presidential_statement_follows_the_same_rules() -> None:
    good = run(valid_dataset(document(symbol="S/PRST/2015/25", doc_type="statement", body="SC")))
    assert good.conforms, [v.to_dict() for v in good.violations]
    bad = run(valid_dataset(document(symbol="S/PRST/2015/25", doc_type="statement", body=None)))
    assert_only(bad, SHAPES.ResolutionBodyShape)

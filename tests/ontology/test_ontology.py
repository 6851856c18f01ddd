"""The OWL ontology: it parses, declares every tip: term the code writes, aligns to ELI/CiTO/ORG."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tests.conftest import REPO
from tipkg import ontology
from tipkg.ontology.namespaces import CITO, ELI, OA, ORG, SCHEMA, TIP
from tipkg.ontology.relations import RELATIONS

ONTOLOGY_IRI = URIRef("https://w3id.org/tipkg/ontology")

# docs/data-model.md, "Relations": every one is the characterisation of a citation.
CONTRACT_RELATIONS = list(RELATIONS)

# The object properties of CiTO 2.8 a tip: relation may be matched with (guards against typos).
CITO_PROPERTIES = set(
    [
        "agreesWith",
        "citesAsAuthority",
        "citesAsDataSource",
        "citesAsEvidence",
        "citesAsMetadataDocument",
        "citesAsPotentialSolution",
        "citesAsRecommendedReading",
        "citesAsRelated",
        "citesAsSourceDocument",
        "citesForInformation",
        "compiles",
        "confirms",
        "containsAssertionFrom",
        "corrects",
        "credits",
        "critiques",
        "derides",
        "describes",
        "disagreesWith",
        "discusses",
        "disputes",
        "documents",
        "extends",
        "includesExcerptFrom",
        "includesQuotationFrom",
        "likes",
        "linksTo",
        "obtainsBackgroundFrom",
        "obtainsSupportFrom",
        "parodies",
        "plagiarizes",
        "qualifies",
        "refutes",
        "repliesTo",
        "retracts",
        "reviews",
        "ridicules",
        "speculatesOn",
        "supports",
        "updates",
        "usesConclusionsFrom",
        "usesDataFrom",
        "usesMethodIn",
        "cites",
    ]
)
# TIP.name, TIP["name"], and _TIP + "name" (loaders/emit.py builds its terms as plain strings)
_TIP_IN_PYTHON = re.compile(r"\bTIP\.([A-Za-z_]\w*)|\bTIP\[\"([A-Za-z]\w*)\"\]|\b_TIP \+ \"([A-Za-z]\w*)\"")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology.load("tipkg.ttl")


def declared(g: Graph, term: URIRef) -> bool:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
    return any((term, RDF.type, k) in g for k in kinds)


def python_terms(folder: str) -> set[str]:
    names: set[str] = set()
    for path in sorted((REPO / folder).glob("*.py")):
        for attr, key, plain in _TIP_IN_PYTHON.findall(path.read_text(encoding="utf-8")):
            names.add(attr or key or plain)
    return names


def test_ontology_parses_in_rdflib_and_oxigraph(onto: Graph) -> None:
    assert len(onto) > 400
    store = ox.Store()
    store.load(path=str(ontology.path("tipkg.ttl")), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(onto)


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.license, DCTERMS.creator, OWL.versionInfo, OWL.versionIRI):
        assert onto.value(ONTOLOGY_IRI, prop) is not None, prop


def test_every_tip_term_written_by_emit_is_declared(onto: Graph) -> None:
    used = python_terms("loaders")
    assert {"Resolution", "span", "stub", "openingPhrase", "viaFootnote", "fileName"} <= used
    missing = sorted(n for n in used if not declared(onto, TIP[n]))
    assert missing == []


def test_every_tip_term_is_documented(onto: Graph) -> None:
    terms = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(TIP))}
    assert len(terms) > 80
    for term in terms:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, SKOS.definition) or onto.value(term, RDFS.comment), term


def test_every_tip_property_has_a_domain_or_range(onto: Graph) -> None:
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(
        onto.subjects(RDF.type, OWL.DatatypeProperty)
    )
    for prop in props:
        if isinstance(prop, URIRef) and prop.startswith(str(TIP)):
            assert onto.value(prop, RDFS.domain) or onto.value(prop, RDFS.range), prop


@pytest.mark.parametrize("name", CONTRACT_RELATIONS)
def test_contract_relations_are_sub_properties_of_eli_cites(onto: Graph, name: str) -> None:
    assert (TIP[name], RDFS.subPropertyOf, ELI.cites) in onto
    assert (TIP[name], RDF.type, OWL.ObjectProperty) in onto


def test_relations_of_the_phrase_scheme_are_declared(onto: Graph) -> None:
    phrases = ontology.path("phrases.ttl")
    if not phrases.is_file():
        pytest.skip("ontology/phrases.ttl not written yet")
    scheme = Graph().parse(phrases, format="turtle")
    relations = set(scheme.objects(None, TIP.relation))
    assert relations
    for rel in relations:
        assert (rel, RDFS.subPropertyOf, ELI.cites) in onto, rel


def test_cito_alignments_name_real_cito_properties(onto: Graph) -> None:
    matched = 0
    for prop in (SKOS.closeMatch, RDFS.seeAlso):
        for s, o in onto.subject_objects(prop):
            if str(o).startswith(str(CITO)):
                assert str(o)[len(str(CITO)) :] in CITO_PROPERTIES, (s, o)
                assert (s, RDFS.subPropertyOf, ELI.cites) in onto
                matched += 1
    assert matched >= 25
    assert (TIP.guidedBy, SKOS.closeMatch, CITO.citesAsAuthority) in onto
    assert (TIP.reaffirms, SKOS.closeMatch, CITO.confirms) in onto


def test_class_alignment(onto: Graph) -> None:
    def sub(a: URIRef, b: URIRef) -> bool:
        return (a, RDFS.subClassOf, b) in onto

    assert sub(TIP.Resolution, ELI.LegalResource) and sub(TIP.Resolution, SCHEMA.Legislation)
    assert sub(TIP.Decision, ELI.LegalResource)
    assert sub(TIP.Treaty, ELI.LegalResource)
    assert sub(TIP.Convention, TIP.Treaty) and sub(TIP.Protocol, TIP.Treaty)
    for para in (TIP.PreambularParagraph, TIP.OperativeParagraph, TIP.SubParagraph):
        assert sub(para, ELI.LegalResourceSubdivision)
    assert sub(TIP.MandateHolder, ORG.Post)
    for cls in (TIP.Report, TIP.PresidentialStatement, TIP.OfficialRecord):
        assert sub(cls, TIP.Document)
    for name in (
        "Declaration",
        "Charter",
        "PlanOfAction",
        "Footnote",
        "ActorGroup",
        "Attribution",
        "Document",
    ):
        assert (TIP[name], RDF.type, OWL.Class) in onto


def test_ranges_of_the_contract(onto: Graph) -> None:
    assert onto.value(TIP.openingPhrase, RDFS.range) == SKOS.Concept
    assert onto.value(TIP.span, RDFS.range) == OA.TextPositionSelector
    assert onto.value(TIP.relation, RDFS.domain) == SKOS.Concept
    assert onto.value(TIP.relation, RDFS.range) == RDF.Property
    assert onto.value(TIP.supplements, RDFS.range) == TIP.Treaty


def test_ontology_is_loaded_with_the_package() -> None:
    assert ontology.path("tipkg.ttl").is_file() and ontology.path("shapes.ttl").is_file()


def _contract() -> str:
    return (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")


def test_every_tip_term_of_the_data_model_is_declared(onto: Graph) -> None:
    names = set(re.findall(r"\btip:([A-Za-z]\w*)", _contract()))
    assert {"Resolution", "openingPhrase", "untsVolume", "ActorGroup"} <= names
    assert sorted(n for n in names if not declared(onto, TIP[n])) == []


def test_every_relation_listed_in_the_data_model_is_a_citation_relation(onto: Graph) -> None:
    """The "Relations (...)" paragraph of docs/data-model.md, parenthetical remarks left out."""
    found = re.search(r"Relations \(lowerCamelCase[^\n]*\n(.*?)\(a reference", _contract(), re.S)
    assert found is not None
    listed = re.sub(r"\([^)]*\)", "", found.group(1))
    relations = {r.strip() for r in listed.replace("\n", " ").split(",") if r.strip()}
    assert set(CONTRACT_RELATIONS) <= relations
    for name in relations:
        assert (TIP[name], RDFS.subPropertyOf, ELI.cites) in onto, name


def test_the_relation_list_is_exactly_the_ontologys(onto: Graph) -> None:
    """ontology/relations.py (queries, chains) and the ontology name the same citation relations."""
    declared = {
        str(p)[len(str(TIP)) :]
        for p in onto.subjects(RDFS.subPropertyOf, ELI.cites)
        if str(p).startswith(str(TIP))
    }
    assert declared == set(RELATIONS)

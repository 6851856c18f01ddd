"""The registry's triples for the new data: language-tagged names and States, dated counts, annual
days, repository sources as addresses, each attributed; and the shapes that guard them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from tipkg import ontology
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.registry.rdf import registry_graphs, source_term
from tipkg.ontology.ids import doc_iri, entity_iri, graph_iri
from tipkg.ontology.namespaces import ORG, SCHEMA, TIP


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def graphs(registry: Registry) -> dict[str, Graph]:
    return {str(g.identifier).rsplit("/", 1)[1]: g for g in registry_graphs(registry)}


def _attributions(g: Graph, node: URIRef, pred: URIRef) -> list[URIRef]:
    return [a for a in g.subjects(RDF.subject, node) if (a, RDF.predicate, pred) in g]  # type: ignore[misc]


def test_states_graph(graphs: dict[str, Graph]) -> None:
    g = graphs["states"]
    assert g.identifier == graph_iri("registry/states")
    fra = entity_iri("state", "FRA")
    assert str(fra).endswith("/id/state/FRA")
    for cls in (TIP.MemberState, ORG.FormalOrganization):
        assert (fra, RDF.type, cls) in g
    assert (fra, TIP.isoAlpha2, Literal("FR")) in g
    assert (fra, TIP.isoAlpha3, Literal("FRA")) in g
    assert (fra, TIP.m49Code, Literal("250")) in g
    assert (fra, TIP.admissionDate, Literal("1945-10-24", datatype=XSD.date)) in g
    assert (fra, RDFS.label, Literal("France")) in g
    assert (fra, SKOS.prefLabel, Literal("France", lang="fr")) in g
    assert (fra, SKOS.prefLabel, Literal("Франция", lang="ru")) in g
    vat = entity_iri("state", "VAT")
    assert (vat, RDF.type, TIP.ObserverState) in g
    assert (vat, TIP.observerStatus, Literal("non-member observer State")) in g
    assert (vat, TIP.admissionDate, None) not in g


def test_a_repository_source_is_its_address_at_the_commit(graphs: dict[str, Graph]) -> None:
    commit = "060e8c02fc8d9281a294669b89a0e50b5164abd4"
    source = source_term(f"github:datasets/country-codes/data/country-codes.csv@{commit}")
    assert source == URIRef(f"https://github.com/datasets/country-codes/blob/{commit}/data/country-codes.csv")
    assert (entity_iri("state", "FRA"), DCTERMS.source, source) in graphs["states"]
    assert source_term("corpus/instrument-facts.md §1") == Literal("corpus/instrument-facts.md §1")


def test_each_language_label_has_its_attribution(graphs: dict[str, Graph], registry: Registry) -> None:
    g = graphs["bodies"]
    ga = entity_iri("body", "GA")
    assert (ga, SKOS.prefLabel, Literal("General Assembly")) in g  # English stays untagged
    (att,) = [
        a for a in _attributions(g, ga, SKOS.prefLabel) if (a, RDF.object, Literal("大会", lang="zh")) in g
    ]
    assert (att, RDF.type, TIP.Attribution) in g
    assert str(g.value(att, DCTERMS.source)).startswith("corpus/unxml/ECOSOCresolutions/2021/Chinese/")
    assert isinstance(g.value(att, TIP.line), Literal)
    # one preferred label per language at most (SKOS), alternatives as skos:altLabel
    for e in registry:
        node = entity_iri(e.kind, e.key)
        graph = graphs[e.file]
        langs = [o.language for o in graph.objects(node, SKOS.prefLabel) if isinstance(o, Literal)]
        assert len(langs) == len(set(langs)), e.key


def test_parties_are_dated_on_their_attribution(graphs: dict[str, Graph]) -> None:
    g = graphs["instruments"]
    untoc = entity_iri("instrument", "UNTOC")
    assert (untoc, TIP.numberOfParties, Literal(192, datatype=XSD.nonNegativeInteger)) in g
    dated = {
        (int(g.value(a, RDF.object)), str(g.value(a, TIP.asOf)))  # type: ignore[arg-type]
        for a in _attributions(g, untoc, TIP.numberOfParties)
    }
    assert (192, "2024-05-04") in dated and (187, "2016-06") in dated
    month = next(
        a for a in _attributions(g, untoc, TIP.numberOfParties) if str(g.value(a, TIP.asOf)) == "2016-06"
    )
    assert g.value(month, TIP.asOf) == Literal("2016-06", datatype=XSD.gYearMonth)
    assert (untoc, TIP.depositary, Literal("Secretary-General of the United Nations")) in g
    assert (entity_iri("instrument", "GCM"), RDF.type, TIP.Compact) in g


def test_annual_days_and_body_dates(graphs: dict[str, Graph]) -> None:
    events, bodies = graphs["events"], graphs["bodies"]
    day = entity_iri("event", "WORLD-DAY-TIP")
    assert (day, TIP.observedOn, Literal("--07-30", datatype=XSD.gMonthDay)) in events
    assert (day, TIP.establishedBy, doc_iri("A/RES/68/192")) in events
    assert (doc_iri("A/RES/68/192"), TIP.stub, Literal(True)) in events
    assert (day, RDF.type, SCHEMA.Event) in events
    founded = list(bodies.objects(entity_iri("body", "PBC"), SCHEMA.foundingDate))
    assert founded and all(isinstance(d, Literal) for d in founded)


def _conforms(g: Graph) -> tuple[bool, str]:
    import pyshacl

    data = ontology.load("tipkg.ttl")
    for t in g:
        data.add(t)
    conforms, _, text = pyshacl.validate(data, shacl_graph=ontology.load("shapes.ttl"), advanced=True)
    return bool(conforms), str(text)


@pytest.mark.parametrize(
    ("edit", "shape"),
    [
        (lambda g, n: g.set((n, TIP.isoAlpha3, Literal("fra"))), "exactly one tip:isoAlpha3"),
        (lambda g, n: g.remove((n, TIP.isoAlpha2, None)), "exactly one tip:isoAlpha2"),
        (lambda g, n: g.add((n, TIP.m49Code, Literal("2500"))), "at most one tip:m49Code"),
        (lambda g, n: g.remove((n, TIP.admissionDate, None)), "MemberStateAdmissionShape"),
        (lambda g, n: g.add((n, TIP.admissionDate, Literal("1955"))), "MemberStateAdmissionShape"),
    ],
)
def test_state_shapes(graphs: dict[str, Graph], edit: Callable[[Graph, URIRef], None], shape: str) -> None:
    g = Graph()
    fra = entity_iri("state", "FRA")
    for t in graphs["states"].triples((fra, None, None)):
        g.add(t)
    assert _conforms(g)[0]
    edit(g, fra)
    conforms, text = _conforms(g)
    assert not conforms and shape in text


def test_parties_without_a_date_are_reported(graphs: dict[str, Graph]) -> None:
    g = Graph()
    src = graphs["instruments"]
    untoc = entity_iri("instrument", "UNTOC")
    for t in src.triples((untoc, None, None)):
        g.add(t)
    for att in _attributions(src, untoc, TIP.numberOfParties):
        for t in src.triples((att, None, None)):
            g.add(t)
    assert _conforms(g)[0]
    for att in _attributions(src, untoc, TIP.numberOfParties):
        g.remove((att, TIP.asOf, None))
    conforms, text = _conforms(g)
    assert not conforms and "PartiesAsOfShape" in text

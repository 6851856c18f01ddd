"""The UN Document Ontology (UNDO) mapping: it loads into the ontology graph, maps only onto UNDO's
and ALLOT's terms, and a query written as a UNDO user would write it answers on a store built from
real files with ``--undo`` (graph/build/undo.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from tipkg import ontology
from tipkg.graph.build.build import BuildResult, build
from tipkg.ontology import ONTOLOGY_FILES, ontology_graph
from tipkg.ontology.ids import doc_iri, entity_iri
from tipkg.ontology.namespaces import TIP
from tipkg.ontology.relations import RELATIONS

UNDO = Namespace("https://w3id.org/un/ontology/undo/")
ALLOT = Namespace("https://w3id.org/akn/ontology/allot/")
UNXML = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "unxml"
FILES = (
    "GAresolutions/76session/English/A_RES_76_186-2119241E.xml",  # trafficking in persons
    "SCresolutions/Pre-2020/2016/S_RES_2331_1622533E.xml",  # trafficking in persons in armed conflict
)
# A UNDO user's question 3 of the ontology's competency questions, with our IRIs: "What are the
# documents that describe the General Assembly recalling resolution 64/293?"
UNDO_QUESTION_3 = f"""
PREFIX undo: <{UNDO}>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX tip: <https://w3id.org/tipkg/ontology#>
SELECT DISTINCT ?document WHERE {{
  ?rel a undo:Relation ;
       undo:hasProponent <{entity_iri("body", "GA")}> ;
       undo:hasSemantics tip:recalls ;
       undo:hasReceiver <{doc_iri("A/RES/64/293")}> .
  ?ann a undo:Annotation ; oa:hasBody ?rel ; oa:hasTarget ?document }}"""
# Question 1: "What are all the documents that refer to resolution 55/67?"
UNDO_QUESTION_1 = f"""
PREFIX allot: <{ALLOT}>
SELECT DISTINCT ?document WHERE {{ ?document allot:mentions <{doc_iri("A/RES/55/67")}> }}"""


def mapping() -> Graph:
    return ontology.load("undo-mapping.ttl")


def test_the_mapping_loads_into_the_ontology_graph() -> None:
    assert "undo-mapping.ttl" in ONTOLOGY_FILES
    onto = ontology_graph()
    for triple in mapping():
        assert triple in onto
    assert (TIP.Resolution, OWL.equivalentClass, UNDO.Resolution) in onto
    assert (TIP.Treaty, OWL.equivalentClass, UNDO.Treaty) in onto


def test_mappings_point_at_undo_or_allot_terms_and_each_is_explained() -> None:
    g = mapping()
    un = (str(UNDO), str(ALLOT))
    axioms = [
        (s, p, o)
        for p in (RDFS.subClassOf, OWL.equivalentClass, SKOS.closeMatch, RDFS.subPropertyOf)
        for s, o in g.subject_objects(p)
    ]
    assert len(axioms) >= 18
    for s, p, o in axioms:
        assert str(o).startswith(un) or (s, p, o) == (
            TIP.aknWork,
            RDFS.subPropertyOf,
            URIRef("http://purl.org/dc/terms/identifier"),
        ), (s, p, o)
        if str(o).startswith(un):
            assert (o, RDFS.isDefinedBy, None) in g, f"{o} is not declared in the mapping"
    # every mapping statement follows a comment that says why
    text = ontology.path("undo-mapping.ttl").read_text(encoding="utf-8")
    blocks = re.split(r"\n\s*\n", text.split("# --- Documents", 1)[1])
    for block in blocks:
        if re.search(r"(rdfs:subClassOf|owl:equivalentClass|skos:closeMatch|rdfs:subPropertyOf) ", block):
            assert block.lstrip().startswith("#") or "\n#" in block, block


def test_every_citation_relation_is_a_semantics_concept() -> None:
    g = mapping()
    for name in RELATIONS:
        assert (TIP[name], RDF.type, ALLOT.Concept) in g, name


def _built(tmp_path: Path, undo: bool) -> BuildResult:
    files = [UNXML / f for f in FILES]
    if not all(f.is_file() for f in files):
        pytest.skip("../shared/corpus/unxml is not here")
    return build(
        files, validate=False, store=ox.Store(str(tmp_path / ("undo" if undo else "plain"))), undo=undo
    )


def _rows(store: ox.Store, query: str) -> set[str]:
    """First column of a query over the union of the graphs, as ``tipkg query`` and the endpoint run it."""
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return {row[0].value for row in result if row[0] is not None}


@pytest.fixture(scope="module")
def undo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return _built(tmp_path_factory.mktemp("undo"), undo=True)


def test_a_undo_users_question_answers_on_our_graph(undo_build: BuildResult) -> None:
    ga_186 = str(doc_iri("A/RES/76/186"))
    assert _rows(undo_build.store, UNDO_QUESTION_3) == {ga_186}
    assert ga_186 in _rows(undo_build.store, UNDO_QUESTION_1)
    types = _rows(undo_build.store, f"SELECT ?d WHERE {{ ?d a <{UNDO.Resolution}> ; <{TIP.stub}> false }}")
    assert types == {ga_186, str(doc_iri("S/RES/2331 (2016)"))}
    assert undo_build.seconds["undo"] > 0


def test_the_security_council_is_the_proponent_of_its_relations(undo_build: BuildResult) -> None:
    proponents = _rows(
        undo_build.store,
        f"""SELECT DISTINCT ?who WHERE {{ ?rel <{UNDO.hasProponent}> ?who ; <{UNDO.hasReceiver}> ?x .
            ?ann <http://www.w3.org/ns/oa#hasBody> ?rel ;
                 <http://www.w3.org/ns/oa#hasTarget> <{doc_iri("S/RES/2331 (2016)")}> }}""",
    )
    assert proponents == {str(entity_iri("body", "SC"))}


def test_without_undo_the_store_holds_the_mapping_only(tmp_path: Path) -> None:
    plain = _built(tmp_path, undo=False)
    assert _rows(plain.store, UNDO_QUESTION_3) == set()
    assert "undo" not in plain.seconds
    mapped = _rows(plain.store, f"SELECT ?c WHERE {{ ?c <{OWL.equivalentClass}> <{UNDO.Resolution}> }}")
    assert mapped == {str(TIP.Resolution)}

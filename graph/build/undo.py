"""The UN Document Ontology's view of a built store (``tipkg build --undo``), for stores without a reasoner.

ontology/undo-mapping.ttl says how tipkg's classes and citations are UNDO's; a UNDO user's query
(``?rel a undo:Relation ; undo:hasSemantics tip:recalls ; undo:hasReceiver ?doc``, ``?d allot:mentions
?x``) answers on the store only if the triples the mapping implies are there. These updates write
them into each document's own graph (derived from that graph's triples, so its provenance holds):

* the UNDO and ALLOT classes and properties of the mapping's ``rdfs:subClassOf``,
  ``owl:equivalentClass`` and ``rdfs:subPropertyOf`` axioms (followed through tipkg's own
  sub-properties: ``tip:recalls`` ⊑ ``eli:cites`` ⊑ ``allot:mentions``);
* for each citation, the proponent UNDO's example gives a relation, the organ that adopted the
  citing document (``eli:passed_by``; the document itself when it names none), and the
  ``undo:Annotation`` ``<citation>/annotation`` whose body is the citation and whose target is
  the citing document.

Opt-in, as it adds about seven triples per citation. An update adds what is not there yet, so
running it again after an incremental build completes the new graphs and leaves the others as they are.
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from tipkg.ontology import ONTOLOGY_GRAPH
from tipkg.ontology.ids import graph_iri
from tipkg.ontology.namespaces import sparql_prolog

UNDO = "https://w3id.org/un/ontology/undo/"
ALLOT = "https://w3id.org/akn/ontology/allot/"
PREFIXES = f"PREFIX undo: <{UNDO}>\nPREFIX allot: <{ALLOT}>\n"
_SOURCES = f'FILTER(STRSTARTS(STR(?g), "{graph_iri("doc/")}"))'
_UN_TERM = f'FILTER(STRSTARTS(STR(?u), "{UNDO}") || STRSTARTS(STR(?u), "{ALLOT}"))'

UPDATES = (
    # classes: the mapping's direct axioms (our documents carry their tip: superclasses themselves)
    f"""INSERT {{ GRAPH ?g {{ ?x a ?u }} }} WHERE {{
      GRAPH <{ONTOLOGY_GRAPH}> {{ ?c rdfs:subClassOf|owl:equivalentClass ?u {_UN_TERM} }}
      GRAPH ?g {{ ?x a ?c }} {_SOURCES} }}""",
    # properties: through tipkg's own sub-properties to the mapped one
    f"""INSERT {{ GRAPH ?g {{ ?s ?u ?o }} }} WHERE {{
      GRAPH <{ONTOLOGY_GRAPH}> {{ ?p rdfs:subPropertyOf+ ?u {_UN_TERM} }}
      GRAPH ?g {{ ?s ?p ?o }} {_SOURCES} }}""",
    # each citation's proponent and the annotation saying which document states it
    f"""INSERT {{ GRAPH ?g {{
        ?c undo:hasProponent ?who .
        ?ann a undo:Annotation ; oa:hasBody ?c ; oa:hasTarget ?d . }} }}
    WHERE {{
      GRAPH ?g {{
        ?c a cito:Citation ; cito:hasCitingEntity ?p .
        ?p eli:is_part_of+ ?d . ?d tip:stub false .
        OPTIONAL {{ ?d eli:passed_by ?body }} }}
      {_SOURCES}
      BIND (COALESCE(?body, ?d) AS ?who)
      BIND (IRI(CONCAT(STR(?c), "/annotation")) AS ?ann) }}""",
)


def write_undo(store: ox.Store) -> float:
    """Write the UNDO view into every document graph of ``store``; its seconds."""
    start = time.perf_counter()
    for update in UPDATES:
        store.update(sparql_prolog() + PREFIXES + update)
    return time.perf_counter() - start

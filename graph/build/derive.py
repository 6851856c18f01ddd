"""Facts that follow from the IRIs the sources use, written once per build into ``id:graph/build``.

Every document graph of the UN's files names subject concepts (UNBIS Thesaurus, EuroVoc, SDG);
which scheme a concept is in follows from its IRI alone and is the same for every document, so it is
not repeated in each graph but derived here, after the load: ``?concept skos:inScheme ?scheme`` for
every object of ``dcterms:subject`` whose IRI starts with the ``vann:preferredNamespaceUri`` of a
scheme of the ontology graph. (The voters and sponsors are the registry's States, typed once in the
registry's graph.)

The graph is dropped and written again by each build, so an incremental build keeps it exact.
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from tipkg.ontology import ONTOLOGY_GRAPH
from tipkg.ontology.ids import graph_iri
from tipkg.ontology.namespaces import sparql_prolog

BUILD_GRAPH = graph_iri("build")
_VANN_NAMESPACE = "<http://purl.org/vocab/vann/preferredNamespaceUri>"

UPDATES = (
    f"DROP SILENT GRAPH <{BUILD_GRAPH}>",
    f"""INSERT {{ GRAPH <{BUILD_GRAPH}> {{ ?c skos:inScheme ?scheme }} }} WHERE {{
      GRAPH <{ONTOLOGY_GRAPH}> {{ ?scheme a skos:ConceptScheme ; {_VANN_NAMESPACE} ?space }}
      {{ SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?d dcterms:subject ?c }} FILTER(isIRI(?c)) }} }}
      FILTER(STRSTARTS(STR(?c), STR(?space))) }}""",
)


def derive(store: ox.Store) -> float:
    """Write ``id:graph/build`` anew from the store's graphs; its seconds."""
    start = time.perf_counter()
    for update in UPDATES:
        store.update(sparql_prolog() + update)
    return time.perf_counter() - start

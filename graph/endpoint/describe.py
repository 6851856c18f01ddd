"""What the endpoint says about itself: its SPARQL service description, and the page's examples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import Literal

from tipkg import __version__
from tipkg.graph.endpoint.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS
from tipkg.ontology.attribution import UN_SOURCE_NOTE
from tipkg.ontology.languages import LANGUAGES, PRIMARY
from tipkg.ontology.namespaces import PREFIXES, namespace_iri
from tipkg.queries.catalogue import named_queries
from tipkg.queries.sparql_text import insert_in_where

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "nquads": "http://www.w3.org/ns/formats/N-Quads",
    "n3": "http://www.w3.org/ns/formats/N3",
}


def service_description(
    url: str, graphs: Sequence[str], *, update: bool = False, federation: bool = False
) -> list[ox.Triple]:
    """The sd: triples: endpoint, languages, formats, features, and the dataset's named graphs."""
    sd = ox.NamedNode
    me = sd(url)
    a = sd(RDF_TYPE)
    out = [
        ox.Triple(me, a, sd(SD + "Service")),
        ox.Triple(me, sd(SD + "endpoint"), me),
        ox.Triple(me, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Query")),
        ox.Triple(me, sd(SD + "feature"), sd(SD + "UnionDefaultGraph")),
        ox.Triple(me, sd(SD + "feature"), sd(SD + "BasicFederatedQuery")) if federation else None,
        ox.Triple(me, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Update")) if update else None,
    ]
    formats = {f.name: f for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS)}
    out.extend(ox.Triple(me, sd(SD + "resultFormat"), sd(FORMAT_IRIS[name])) for name in formats)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    out += [
        ox.Triple(me, sd(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, sd(SD + "Dataset")),
        ox.Triple(dataset, sd(SD + "defaultGraph"), default),
        ox.Triple(default, a, sd(SD + "Graph")),
    ]
    for i, g in enumerate(graphs):
        node = ox.BlankNode(f"g{i}")
        out += [
            ox.Triple(dataset, sd(SD + "namedGraph"), node),
            ox.Triple(node, a, sd(SD + "NamedGraph")),
            ox.Triple(node, sd(SD + "name"), sd(g)),
        ]
    return [t for t in out if t is not None]


def examples(lang: str | None = None) -> dict[str, Any]:
    """Project prefixes and the named queries, for the web page's example tabs; with ``lang`` (a tag
    :data:`~tipkg.ontology.languages.LANGUAGES` has) the queries that give labels bind ``?lang`` to it,
    so their labels come in that language where the graph has them."""
    queries = []
    for name, q in sorted(named_queries().items()):
        text = q.text.strip() + "\n"
        if lang and any(p.name == "lang" for p in q.params):
            text = insert_in_where(text, f"VALUES ?lang {{ {Literal(lang).n3()} }}") or text
        queries.append({"name": name, "purpose": q.purpose, "query": text})
    return {
        "version": __version__,
        "endpoint": "sparql",
        "prefixes": {p: namespace_iri(p) for p in PREFIXES},
        "queries": queries,
        "lang": lang or PRIMARY,
        "languages": {tag: x.name for tag, x in LANGUAGES.items()},
        "note": UN_SOURCE_NOTE,
    }

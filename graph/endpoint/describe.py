"""What the endpoint says about itself: its SPARQL service description, and the page's examples.

Each example tab holds a named query with its parameters bound to the query's own example (the
``# example:`` line of its .rq file), each binding a ``VALUES`` line under a comment that says how
to change it: a tab runs as shipped, and a named query left unbound can be a very long query (every
document's closure, every pair's paths).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from tipkg import __version__
from tipkg.graph.endpoint.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS
from tipkg.ontology.attribution import UN_SOURCE_NOTE
from tipkg.ontology.languages import LANGUAGES, PRIMARY
from tipkg.ontology.namespaces import PREFIXES, namespace_iri
from tipkg.ontology.relations import parse_relations, path_expression
from tipkg.queries.catalogue import NamedQuery, named_queries, parse_param_args, term_for
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


def example_params(query: NamedQuery) -> dict[str, str]:
    """The ``--param`` values of a query's ``# example:`` line."""
    words = shlex.split(query.example)
    pairs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("--param", "-p")]
    return parse_param_args(pairs)


def _body(text: str) -> str:
    """The query without its header comment block (the page writes its own comment)."""
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


def bound_example(query: NamedQuery, lang: str | None = None) -> str:
    """The query as a tab shows it: a comment on its purpose and parameters, the example bound; with
    ``lang`` (a tag :data:`~tipkg.ontology.languages.LANGUAGES` has) a query that gives labels binds
    ``?lang`` to it, so its labels come in that language where the graph has them."""
    values = example_params(query)
    if lang and any(p.name == "lang" for p in query.params):
        values["lang"] = lang
    text = _body(query.text)
    lines = [f"# {query.purpose}"]
    bindings: list[str] = []
    for p in query.params:
        raw = values.get(p.name, p.default)
        if p.type == "relations":
            assert p.default is not None
            chosen = raw or p.default
            text = text.replace(
                path_expression(parse_relations(p.default)), path_expression(parse_relations(chosen))
            )
            lines.append(
                f"# {p.name}: {p.description}; set here to {chosen}: edit the property path to change it"
            )
        elif raw:
            bindings.append(f"  # {p.name}: {p.description}. Bound to the example {raw};")
            bindings.append(
                "  # put another value in VALUES, or delete the line to leave it unbound (slow on a large graph)"
            )
            bindings.append(f"  VALUES ?{p.name} {{ {term_for(p.type, raw).n3()} }}")
        else:
            lines.append(
                f"# {p.name}: {p.description}; unbound here: add VALUES ?{p.name} {{ … }} to bind it"
            )
    if query.example:
        lines.append(f"# the same on the command line: {query.example}")
    if bindings:
        bound = insert_in_where(text, "\n" + "\n".join(bindings) + "\n ")
        if bound is not None:
            text = bound
    return "\n".join(lines) + "\n" + text


def examples(lang: str | None = None) -> dict[str, Any]:
    """Project prefixes and the named queries with their examples bound, for the web page's tabs."""
    queries = [
        {"name": name, "purpose": q.purpose, "query": bound_example(q, lang), "params": example_params(q)}
        for name, q in sorted(named_queries().items())
    ]
    return {
        "version": __version__,
        "endpoint": "sparql",
        "prefixes": {p: namespace_iri(p) for p in PREFIXES},
        "queries": queries,
        "lang": lang or PRIMARY,
        "languages": {tag: x.name for tag, x in LANGUAGES.items()},
        "note": UN_SOURCE_NOTE,
    }

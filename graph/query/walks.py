"""The named queries whose answer needs a walk SPARQL cannot do: depth, path, one shortest path.

:data:`RUNNERS` answer ancestors/descendants of one document from the walk of :mod:`.chain` alone
(the same rows as the query, each node read from one graph instead of every graph repeating a
much-cited stub); :data:`POSTPROCESS` adds depth and path to the query's own rows, or orders
shortest-path's nodes into one path with each step's relation. :mod:`.runner` consults both.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from itertools import islice

import networkx as nx
from rdflib import URIRef

from tipkg.graph.query.chain import (
    PROLOG,
    ChainNode,
    Direction,
    chain,
    depths_and_paths,
    labels_in,
    relation_rank,
    resolve,
    values_block,
)
from tipkg.graph.query.result import Result
from tipkg.graph.query.source import SparqlSource
from tipkg.ontology.namespaces import TIP
from tipkg.ontology.relations import parse_relations, relation_name
from tipkg.queries.catalogue import NamedQuery

PostProcess = Callable[[SparqlSource, NamedQuery, Mapping[str, str], Result], Result]
Runner = Callable[[SparqlSource, NamedQuery, Mapping[str, str]], "Result | None"]


def _walk(
    source: SparqlSource, query: NamedQuery, params: Mapping[str, str]
) -> tuple[Direction, ChainNode, dict[str, tuple[int, list[str]]]]:
    direction: Direction = "up" if query.name == "ancestors" else "down"
    rels = parse_relations(params.get("relations") or query.param("relations").default or "recalls")
    tree = chain(source, params["doc"], direction, None, rels)
    return direction, tree, depths_and_paths(tree)


def with_depth_and_path(
    source: SparqlSource, query: NamedQuery, params: Mapping[str, str], result: Result
) -> Result:
    """Add depth and path to ancestors/descendants (when a start document is given)."""
    if not params.get("doc"):
        return result
    direction, _, found = _walk(source, query, params)
    col = result.columns.index("ancestor" if direction == "up" else "descendant")
    rows: list[tuple[object, ...]] = []
    for row in result.rows:
        iri = str(row[col])
        d, path = found.get(iri) or (None, [])
        rows.append((*row, d, " > ".join(path)))
    return Result(columns=[*result.columns, "depth", "path"], rows=_by_depth(rows, col))


def from_walk(source: SparqlSource, query: NamedQuery, params: Mapping[str, str]) -> Result | None:
    """ancestors/descendants of one document from the walk alone, without the query's own SPARQL.

    The query reads each node's properties from the union of all graphs, where a much-cited
    document's stub triples repeat once per citing graph; the walk reads them from one graph
    (:func:`node_info`). Same columns and rows, except that the label is the walk's choice (title,
    preferred label, label) where the query samples any of them.
    """
    if not params.get("doc"):
        return None  # every (doc, ancestor) pair: the query itself
    direction, tree, found = _walk(source, query, params)
    info = {n.info.iri: n.info for n in tree.walk()}
    root = tree.info.iri
    lang = params.get("lang")
    named = labels_in(source, found, lang) if lang else {}  # the names in the language asked for
    rows = [
        (root, iri, i.symbol, _date_value(i.date), named.get(iri, i.label), i.stub, d, " > ".join(path))
        for iri, (d, path) in found.items()
        for i in [info[iri]]
    ]
    other = "ancestor" if direction == "up" else "descendant"
    columns = ["doc", other, "symbol", "date", "label", "stub", "depth", "path"]
    return Result(columns=columns, rows=_by_depth(rows, 1))


def _by_depth(rows: Sequence[tuple[object, ...]], col: int) -> list[tuple[object, ...]]:
    return sorted(rows, key=lambda r: (r[-2] if isinstance(r[-2], int) else 1 << 30, str(r[col])))


def _date_value(date: str | None) -> object:
    """A NodeInfo date as a query row holds it: a date for xsd:date, else the lexical form."""
    try:
        return None if date is None else _dt.date.fromisoformat(date)
    except ValueError:
        return date


def shortest(source: SparqlSource, query: NamedQuery, params: Mapping[str, str], result: Result) -> Result:
    """Order the nodes on from->to paths into one shortest path, each step with its relation(s)."""
    if not params.get("from") or not params.get("to"):
        return result
    start, goal = str(resolve(params["from"])), str(resolve(params["to"]))
    nodes = {str(r[0]) for r in result.rows}
    if start not in nodes or goal not in nodes:
        return Result(columns=["step", "node", "symbol", "date", "label", "relation"], rows=[])
    rels = parse_relations(params.get("relations") or query.param("relations").default or "all")
    sparql = (
        PROLOG
        + "SELECT DISTINCT ?s ?rel ?o WHERE { ?s ?rel ?o . "
        + values_block("s", [URIRef(n) for n in sorted(nodes)])
        + " "
        + values_block("o", [URIRef(n) for n in sorted(nodes)])
        + " "
        + values_block("rel", [TIP[r] for r in rels])
        + " }"
    )
    _, rows = source.select(sparql)
    g = nx.DiGraph()
    for s, rel, o in sorted(rows, key=lambda r: tuple(map(str, r))):
        name = relation_name(str(rel))
        if name:
            g.add_edge(str(s), str(o))
            g.edges[str(s), str(o)].setdefault("relations", set()).add(name)
    # ties broken the same way on every engine: the first shortest path in IRI order
    candidates = islice(nx.all_shortest_paths(g, start, goal), 1000) if start != goal else iter([[start]])
    path: list[str] = min(candidates)
    meta = {str(r[0]): r for r in result.rows}
    out: list[tuple[object, ...]] = []
    for i, step in enumerate(path):
        via = "" if i == 0 else ", ".join(sorted(g.edges[path[i - 1], step]["relations"], key=relation_rank))
        _, symbol, date, label = meta[step]
        out.append((i, step, symbol, date, label, via))
    return Result(columns=["step", "node", "symbol", "date", "label", "relation"], rows=out)


#: named queries answered without their SPARQL text when the walk can (None when not): the same
#: rows, computed more cheaply than the portable query does
RUNNERS: dict[str, Runner] = {"ancestors": from_walk, "descendants": from_walk}
#: named queries whose rows get what only a walk gives (depth, path, the order of a path)
POSTPROCESS: dict[str, PostProcess] = {
    "ancestors": with_depth_and_path,
    "descendants": with_depth_and_path,
    "shortest-path": shortest,
}

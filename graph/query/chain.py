"""Citation chains: who a resolution recalls (up) or who recalls it (down), as a tree with depths.

SPARQL property paths give the set of ancestors but neither depth nor path, so a chain is one SPARQL
query for the edges of the closure plus a breadth-first walk in Python. A node reached again (a shared
ancestor, or a cycle) is shown once in full at its shallowest depth and elsewhere marked as a repeat.

Ancestor *sets* can be computed by a SPARQL property path (on Oxigraph or rdflib) or by a networkx
walk (``ENGINES``); bench/bench_chain.py times them and the tests check all three agree. The default,
:data:`DEFAULT_ENGINE`, is SPARQL on the open Oxigraph store: ~50-80x faster than rdflib's engine and
needing no DiGraph build; a prebuilt networkx DiGraph is faster still per query (~10x over Oxigraph),
so callers that ask many chains of one graph (the Python API) may build it once and walk.
"""

from __future__ import annotations

import datetime as _dt
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal as TLiteral

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from tipkg.graph.query import runner as queries
from tipkg.graph.query.source import SparqlSource, python_value
from tipkg.ontology.namespaces import TIP
from tipkg.ontology.relations import (
    CHAIN_RELATIONS,
    RELATIONS,
    parse_relations,
    path_expression,
    relation_name,
)

Direction = TLiteral["up", "down"]
ENGINES: tuple[str, ...] = ("sparql", "networkx")
#: chosen from bench/bench_chain.py: Oxigraph property paths beat a fresh networkx walk per query
DEFAULT_ENGINE = "sparql"

_PROLOG = (
    "PREFIX tip: <https://w3id.org/tipkg/ontology#>\n"
    "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX cito: <http://purl.org/spar/cito/>\n"
)


def _cited(var: str) -> str:
    """Keep documents and cited instruments: tip:mentions also links documents to the bodies they name."""
    return f"FILTER(EXISTS {{ ?{var} a tip:Document }} || EXISTS {{ ?citation cito:hasCitedEntity ?{var} }})"


@dataclass(frozen=True)
class NodeInfo:
    iri: str
    symbol: str | None = None
    date: str | None = None
    label: str | None = None
    stub: bool = False

    @property
    def name(self) -> str:
        """What to call the node: its symbol, else its label, else the last IRI segment."""
        return self.symbol or self.label or self.iri.rsplit("/", 1)[-1]


@dataclass
class ChainNode:
    info: NodeInfo
    depth: int
    relations: tuple[str, ...] = ()  # relations on the edge from the parent (empty for the root)
    repeat: bool = False  # shown in full elsewhere in the tree
    truncated: bool = False  # has more beyond the depth limit
    children: list[ChainNode] = field(default_factory=list)

    def walk(self) -> Iterable[ChainNode]:
        yield self
        for c in self.children:
            yield from c.walk()


def resolve(symbol_or_iri: str) -> URIRef:
    """A document IRI from a symbol ("A/RES/61/180") or an IRI given as such."""
    term = queries.term_for("symbol", symbol_or_iri)
    assert isinstance(term, URIRef)
    return term


# ---------------------------------------------------------------- edges


def _values(var: str, terms: Iterable[Node]) -> str:
    return f"VALUES ?{var} {{ {' '.join(t.n3() for t in terms)} }}"


def closure_edges(
    source: SparqlSource,
    root: URIRef,
    relations: Sequence[str] = CHAIN_RELATIONS,
    direction: Direction = "up",
) -> list[tuple[str, str, str]]:
    """(citing, cited, relation) for every relation edge inside the root's up- or down-closure.

    The closure comes first, in a sub-query, and each relation is one UNION branch from its
    nodes: given ``?s ?rel ?o`` with ``?rel`` from VALUES, Oxigraph read every relation edge of
    the store and joined afterwards (10,000 documents: 16 ms against 2.6 ms at the median).
    """
    rels = parse_relations(list(relations))
    path = path_expression(rels)
    near, reach = ("s", f"?root {path}* ?s") if direction == "up" else ("o", f"?o {path}* ?root")
    branches = " UNION ".join(f"{{ ?s {TIP[r].n3()} ?o BIND({TIP[r].n3()} AS ?rel) }}" for r in rels)
    sparql = (
        _PROLOG
        + f"SELECT DISTINCT ?s ?rel ?o WHERE {{ {{ SELECT DISTINCT ?{near} WHERE {{ "
        + f"{_values('root', [root])} {reach} }} }} {branches} {_cited('o')} }}"
    )
    _, rows = source.select(sparql)
    out: list[tuple[str, str, str]] = []
    for s, rel, o in rows:
        name = relation_name(str(rel))
        if s is not None and o is not None and name:
            out.append((str(s), str(o), name))
    return sorted(out)


_DETAILS = (
    "{ ?n dcterms:identifier ?sym } UNION { ?n eli:date_document ?d } UNION { ?n dcterms:title ?t }"
    " UNION { ?n skos:prefLabel ?pl } UNION { ?n rdfs:label ?l }"
)
_INFO_COLUMNS = (
    "?n (SAMPLE(?sym) AS ?symbol) (SAMPLE(?d) AS ?date) (SAMPLE(?t) AS ?title) "
    "(SAMPLE(?pl) AS ?pref) (SAMPLE(?l) AS ?label) "
)


def node_info(source: SparqlSource, iris: Iterable[str]) -> dict[str, NodeInfo]:
    """Symbol, date, label and stub flag of each node.

    Every graph citing a document repeats its stub triples, so a much-cited document's properties
    come in as many copies as it has citations. The details are therefore read from one graph: the
    document's own (the one saying ``tip:stub false``), else one graph that cites it. Nodes stated in
    no named graph's ``tip:stub`` (registry entities, or data in a plain default graph) are read from
    all the data in one aggregated query.
    """
    nodes = sorted(set(iris))
    if not nodes:
        return {}
    _, rows = source.select(
        _PROLOG
        + "SELECT ?n ?g ?flag WHERE { "
        + _values("n", [URIRef(n) for n in nodes])
        + " GRAPH ?g { ?n tip:stub ?flag } }"
    )
    home: dict[
        str, tuple[bool, URIRef]
    ] = {}  # node -> (stub, graph): its own graph first, else the least IRI
    for node, g, flag in rows:
        if node is None or not isinstance(g, URIRef):
            continue
        key = (_true(flag), g)
        if str(node) not in home or key < home[str(node)]:
            home[str(node)] = key
    out: dict[str, NodeInfo] = {}
    if home:
        pairs = " ".join(f"({URIRef(n).n3()} {g.n3()})" for n, (_, g) in sorted(home.items()))
        cols, rows = source.select(
            _PROLOG
            + f"SELECT {_INFO_COLUMNS} WHERE {{ VALUES (?n ?g) {{ {pairs} }} "
            + f"OPTIONAL {{ GRAPH ?g {{ {_DETAILS} }} }} }} GROUP BY ?n"
        )
        for row in rows:
            rec = dict(zip(cols, row, strict=True))
            n = str(rec["n"])
            out[n] = _info(n, rec, stub=home[n][0])
    rest = [n for n in nodes if n not in home]
    if rest:
        # no OPTIONAL per property: that would join the copies of each into a product
        cols, rows = source.select(
            _PROLOG
            + f"SELECT {_INFO_COLUMNS} "
            + "(SUM(IF(COALESCE(!?flag, false), 1, 0)) > 0 AS ?loaded) "
            + "(SUM(IF(COALESCE(?flag, false), 1, 0)) > 0 AS ?stubbed) WHERE { "
            + _values("n", [URIRef(n) for n in rest])
            + f" OPTIONAL {{ {_DETAILS} UNION {{ ?n tip:stub ?flag }} }} }} GROUP BY ?n"
        )
        for row in rows:
            rec = dict(zip(cols, row, strict=True))
            n = str(rec["n"])
            out[n] = _info(n, rec, stub=_true(rec["stubbed"]) and not _true(rec["loaded"]))
    for n in nodes:
        out.setdefault(n, NodeInfo(iri=n))
    return out


def _info(n: str, rec: Mapping[str, Node | None], *, stub: bool) -> NodeInfo:
    date = python_value(rec["date"])
    return NodeInfo(
        iri=n,
        symbol=_s(rec["symbol"]),
        date=date.isoformat() if isinstance(date, _dt.date) else _s(rec["date"]),
        label=_s(rec["title"]) or _s(rec["pref"]) or _s(rec["label"]),
        stub=stub,
    )


def _s(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _true(term: Node | None) -> bool:
    return isinstance(term, Literal) and term.toPython() is True


# ---------------------------------------------------------------- the walk


def build_tree(
    root: str,
    edges: Sequence[tuple[str, str, str]],
    info: Mapping[str, NodeInfo],
    direction: Direction = "up",
    depth: int | None = None,
) -> ChainNode:
    """Breadth-first tree over the edges; shared nodes and cycles become repeat leaves."""
    adjacency: dict[str, dict[str, list[str]]] = {}
    for s, o, rel in edges:
        a, b = (s, o) if direction == "up" else (o, s)
        adjacency.setdefault(a, {}).setdefault(b, []).append(rel)

    def order(n: str) -> tuple[bool, str, str]:
        i = info.get(n) or NodeInfo(iri=n)
        return (i.date is None, "" if i.date is None else _invert(i.date), i.name)

    tree = ChainNode(info=info.get(root) or NodeInfo(iri=root), depth=0)
    seen = {root}
    queue: deque[ChainNode] = deque([tree])
    while queue:
        node = queue.popleft()
        nbrs = adjacency.get(node.info.iri, {})
        if depth is not None and node.depth >= depth:
            node.truncated = bool(nbrs)
            continue
        for nbr in sorted(nbrs, key=order):
            rels = tuple(sorted(set(nbrs[nbr]), key=_relation_rank))
            child = ChainNode(info=info.get(nbr) or NodeInfo(iri=nbr), depth=node.depth + 1, relations=rels)
            if nbr in seen:
                child.repeat = True
            else:
                seen.add(nbr)
                queue.append(child)
            node.children.append(child)
    return tree


def _invert(date: str) -> str:
    """Sort key putting later dates first (most recent recall on top)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


def _relation_rank(rel: str) -> int:
    return RELATIONS.index(rel) if rel in RELATIONS else len(RELATIONS)


def chain(
    source: SparqlSource,
    symbol_or_iri: str,
    direction: Direction = "up",
    depth: int | None = None,
    relations: Sequence[str] = CHAIN_RELATIONS,
) -> ChainNode:
    """The citation chain of a document as a tree (see the module docstring)."""
    root = resolve(symbol_or_iri)
    edges = closure_edges(source, root, relations, direction)
    nodes = {str(root)} | {s for s, _, _ in edges} | {o for _, o, _ in edges}
    return build_tree(str(root), edges, node_info(source, nodes), direction, depth)


def depths_and_paths(tree: ChainNode) -> dict[str, tuple[int, list[str]]]:
    """Shallowest depth and path (names from the root) of every node reached in one or more steps.

    The root itself is included only when it lies on a cycle: its depth is then the cycle's length.
    """
    root = tree.info.iri
    out: dict[str, tuple[int, list[str]]] = {}

    def visit(node: ChainNode, path: list[str]) -> None:
        here = [*path, node.info.name]
        iri = node.info.iri
        counts = node.depth > 0 and (not node.repeat or iri == root)
        if counts and (iri not in out or node.depth < out[iri][0]):
            out[iri] = (node.depth, here)
        for c in node.children:
            visit(c, here)

    visit(tree, [])
    return out


# ---------------------------------------------------------------- ancestor sets


def ancestors_sparql(
    source: SparqlSource,
    root: URIRef,
    relations: Sequence[str] = CHAIN_RELATIONS,
    direction: Direction = "up",
) -> set[str]:
    """Nodes reachable in one or more steps, by a SPARQL property path (``(tip:recalls|…)+``)."""
    path = path_expression(parse_relations(list(relations)))
    pattern = (
        f"?root {path}+ ?a . {_cited('a')}" if direction == "up" else f"?a {path}+ ?root . {_cited('root')}"
    )
    _, rows = source.select(_PROLOG + f"SELECT DISTINCT ?a WHERE {{ {_values('root', [root])} {pattern} }}")
    return {str(r[0]) for r in rows if r[0] is not None}


def relation_digraph(source: SparqlSource, relations: Sequence[str] = CHAIN_RELATIONS) -> nx.DiGraph:
    """Every relation edge (citing -> cited document or instrument) as a networkx DiGraph.

    Two plain queries (edges; documents and cited entities) joined in Python: a FILTER EXISTS per
    edge costs far more on large graphs.
    """
    rels = parse_relations(list(relations))
    _, rows = source.select(
        _PROLOG
        + "SELECT DISTINCT ?s ?o WHERE { "
        + _values("rel", [TIP[r] for r in rels])
        + " ?s ?rel ?o . }"
    )
    _, targets = source.select(
        _PROLOG + "SELECT DISTINCT ?x WHERE { { ?x a tip:Document } UNION { ?c cito:hasCitedEntity ?x } }"
    )
    keep = {t[0] for t in targets}
    g = nx.DiGraph()
    g.add_edges_from((str(s), str(o)) for s, o in rows if o in keep)
    return g


def ancestors_networkx(graph: nx.DiGraph, root: str, direction: Direction = "up") -> set[str]:
    """The same set as :func:`ancestors_sparql` by a walk; the root counts when it lies on a cycle."""
    if root not in graph:
        return set()
    if direction == "up":
        found: set[str] = set(nx.descendants(graph, root))
        back = graph.predecessors(root)
    else:
        found = set(nx.ancestors(graph, root))
        back = graph.successors(root)
    if any(b == root or b in found for b in back):
        found.add(root)
    return found


def ancestors(
    source: SparqlSource,
    symbol_or_iri: str,
    relations: Sequence[str] = CHAIN_RELATIONS,
    direction: Direction = "up",
    engine: str = DEFAULT_ENGINE,
) -> set[str]:
    """IRIs of the ancestors (up) or descendants (down) of a document."""
    root = resolve(symbol_or_iri)
    if engine == "sparql":
        return ancestors_sparql(source, root, relations, direction)
    if engine == "networkx":
        return ancestors_networkx(relation_digraph(source, relations), str(root), direction)
    raise ValueError(f"unknown engine {engine!r}; choose from {ENGINES}")


# ---------------------------------------------------------------- named-query walks


def _walk(
    source: SparqlSource, query: queries.NamedQuery, params: Mapping[str, str]
) -> tuple[Direction, ChainNode, dict[str, tuple[int, list[str]]]]:
    direction: Direction = "up" if query.name == "ancestors" else "down"
    rels = parse_relations(params.get("relations") or query.param("relations").default or "recalls")
    tree = chain(source, params["doc"], direction, None, rels)
    return direction, tree, depths_and_paths(tree)


def _with_depth_and_path(
    source: SparqlSource, query: queries.NamedQuery, params: Mapping[str, str], result: queries.Result
) -> queries.Result:
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
    return queries.Result(columns=[*result.columns, "depth", "path"], rows=_by_depth(rows, col))


def _from_walk(
    source: SparqlSource, query: queries.NamedQuery, params: Mapping[str, str]
) -> queries.Result | None:
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
    rows = [
        (root, iri, i.symbol, _date_value(i.date), i.label, i.stub, d, " > ".join(path))
        for iri, (d, path) in found.items()
        for i in [info[iri]]
    ]
    other = "ancestor" if direction == "up" else "descendant"
    columns = ["doc", other, "symbol", "date", "label", "stub", "depth", "path"]
    return queries.Result(columns=columns, rows=_by_depth(rows, 1))


def _by_depth(rows: Sequence[tuple[object, ...]], col: int) -> list[tuple[object, ...]]:
    return sorted(rows, key=lambda r: (r[-2] if isinstance(r[-2], int) else 1 << 30, str(r[col])))


def _date_value(date: str | None) -> object:
    """A NodeInfo date as a query row holds it: a date for xsd:date, else the lexical form."""
    try:
        return None if date is None else _dt.date.fromisoformat(date)
    except ValueError:
        return date


def _shortest(
    source: SparqlSource, query: queries.NamedQuery, params: Mapping[str, str], result: queries.Result
) -> queries.Result:
    """Order the nodes on from->to paths into one shortest path, each step with its relation(s)."""
    if not params.get("from") or not params.get("to"):
        return result
    start, goal = str(resolve(params["from"])), str(resolve(params["to"]))
    nodes = {str(r[0]) for r in result.rows}
    if start not in nodes or goal not in nodes:
        return queries.Result(columns=["step", "node", "symbol", "date", "label", "relation"], rows=[])
    rels = parse_relations(params.get("relations") or query.param("relations").default or "all")
    sparql = (
        _PROLOG
        + "SELECT DISTINCT ?s ?rel ?o WHERE { ?s ?rel ?o . "
        + _values("s", [URIRef(n) for n in sorted(nodes)])
        + " "
        + _values("o", [URIRef(n) for n in sorted(nodes)])
        + " "
        + _values("rel", [TIP[r] for r in rels])
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
        via = "" if i == 0 else ", ".join(sorted(g.edges[path[i - 1], step]["relations"], key=_relation_rank))
        _, symbol, date, label = meta[step]
        out.append((i, step, symbol, date, label, via))
    return queries.Result(columns=["step", "node", "symbol", "date", "label", "relation"], rows=out)


queries.POSTPROCESS["ancestors"] = _with_depth_and_path
queries.POSTPROCESS["descendants"] = _with_depth_and_path
queries.RUNNERS["ancestors"] = _from_walk
queries.RUNNERS["descendants"] = _from_walk
queries.POSTPROCESS["shortest-path"] = _shortest

__all__ = [
    "DEFAULT_ENGINE",
    "ChainNode",
    "NodeInfo",
    "ancestors",
    "ancestors_networkx",
    "ancestors_sparql",
    "build_tree",
    "chain",
    "closure_edges",
    "relation_digraph",
]

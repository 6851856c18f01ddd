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
from dataclasses import dataclass, field, replace
from typing import Literal as TLiteral

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from tipkg.graph.query.source import SparqlSource, python_value
from tipkg.ontology.namespaces import TIP, sparql_prolog
from tipkg.ontology.relations import (
    CHAIN_RELATIONS,
    RELATIONS,
    parse_relations,
    path_expression,
    relation_name,
)
from tipkg.queries.catalogue import term_for

Direction = TLiteral["up", "down"]
ENGINES: tuple[str, ...] = ("sparql", "networkx")
#: chosen from bench/bench_chain.py: Oxigraph property paths beat a fresh networkx walk per query
DEFAULT_ENGINE = "sparql"

#: the prefixes the chain queries (and walks.py) use
PROLOG = sparql_prolog(("tip", "eli", "dcterms", "rdfs", "skos", "cito"))


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
    term = term_for("symbol", symbol_or_iri)
    assert isinstance(term, URIRef)
    return term


# ---------------------------------------------------------------- edges


def values_block(var: str, terms: Iterable[Node]) -> str:
    """``VALUES ?var { term … }`` for SPARQL."""
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
        PROLOG
        + f"SELECT DISTINCT ?s ?rel ?o WHERE {{ {{ SELECT DISTINCT ?{near} WHERE {{ "
        + f"{values_block('root', [root])} {reach} }} }} {branches} {_cited('o')} }}"
    )
    _, rows = source.select(sparql)
    out: list[tuple[str, str, str]] = []
    for s, rel, o in rows:
        name = relation_name(str(rel))
        if s is not None and o is not None and name:
            out.append((str(s), str(o), name))
    return sorted(out)


# English names only (plain or @en): the titles of other language versions and the registry's
# labels per language are read by labels_in when a language is asked for
_ENGLISH = 'FILTER (LANG({v}) = "" || LANGMATCHES(LANG({v}), "en"))'
_DETAILS = (
    "{ ?n dcterms:identifier ?sym } UNION { ?n eli:date_document ?d } UNION { ?n dcterms:title ?t "
    + _ENGLISH.format(v="?t")
    + " } UNION { ?n skos:prefLabel ?pl "
    + _ENGLISH.format(v="?pl")
    + " } UNION { ?n rdfs:label ?l "
    + _ENGLISH.format(v="?l")
    + " }"
)


def source_note(source: SparqlSource) -> str | None:
    """The acknowledgement the United Nations asks for its Akoma Ntoso texts
    (:mod:`tipkg.ontology.attribution`), where the graph holds any of them."""
    _, rows = source.select(PROLOG + "SELECT ?note WHERE { ?source dcterms:rights ?note } LIMIT 1")
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


def labels_in(source: SparqlSource, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The name of each node in ``lang`` (a BCP 47 tag), where the graph has one: the title of the
    document's version in that language, else a label (the registry's names per language)."""
    nodes = sorted(set(iris))
    if not nodes:
        return {}
    _, rows = source.select(
        PROLOG
        + "SELECT ?n ?p ?l WHERE { "
        + values_block("n", [URIRef(n) for n in nodes])
        + " VALUES ?p { dcterms:title skos:prefLabel rdfs:label } ?n ?p ?l "
        + f"FILTER (LANGMATCHES(LANG(?l), {Literal(lang).n3()})) }}"
    )
    rank = {str(DCTERMS.title): 0, str(SKOS.prefLabel): 1, str(RDFS.label): 2}
    best: dict[str, tuple[int, str]] = {}
    for n, p, lab in rows:
        if n is None or lab is None:
            continue
        key = (rank.get(str(p), 3), str(lab))
        if str(n) not in best or key < best[str(n)]:
            best[str(n)] = key
    return {n: v for n, (_, v) in best.items()}


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
        PROLOG
        + "SELECT ?n ?g ?flag WHERE { "
        + values_block("n", [URIRef(n) for n in nodes])
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
            PROLOG
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
            PROLOG
            + f"SELECT {_INFO_COLUMNS} "
            + "(SUM(IF(COALESCE(!?flag, false), 1, 0)) > 0 AS ?loaded) "
            + "(SUM(IF(COALESCE(?flag, false), 1, 0)) > 0 AS ?stubbed) WHERE { "
            + values_block("n", [URIRef(n) for n in rest])
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
            rels = tuple(sorted(set(nbrs[nbr]), key=relation_rank))
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


def relation_rank(rel: str) -> int:
    return RELATIONS.index(rel) if rel in RELATIONS else len(RELATIONS)


def chain(
    source: SparqlSource,
    symbol_or_iri: str,
    direction: Direction = "up",
    depth: int | None = None,
    relations: Sequence[str] = CHAIN_RELATIONS,
    lang: str | None = None,
) -> ChainNode:
    """The citation chain of a document as a tree (see the module docstring); with ``lang``, the
    names in that language where the graph has them (English otherwise)."""
    root = resolve(symbol_or_iri)
    edges = closure_edges(source, root, relations, direction)
    nodes = {str(root)} | {s for s, _, _ in edges} | {o for _, o, _ in edges}
    info = node_info(source, nodes)
    if lang and lang != "en":
        for n, name in labels_in(source, nodes, lang).items():
            info[n] = replace(info[n], label=name)
    return build_tree(str(root), edges, info, direction, depth)


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
    _, rows = source.select(
        PROLOG + f"SELECT DISTINCT ?a WHERE {{ {values_block('root', [root])} {pattern} }}"
    )
    return {str(r[0]) for r in rows if r[0] is not None}


def relation_digraph(source: SparqlSource, relations: Sequence[str] = CHAIN_RELATIONS) -> nx.DiGraph:
    """Every relation edge (citing -> cited document or instrument) as a networkx DiGraph.

    Two plain queries (edges; documents and cited entities) joined in Python: a FILTER EXISTS per
    edge costs far more on large graphs.
    """
    rels = parse_relations(list(relations))
    _, rows = source.select(
        PROLOG
        + "SELECT DISTINCT ?s ?o WHERE { "
        + values_block("rel", [TIP[r] for r in rels])
        + " ?s ?rel ?o . }"
    )
    _, targets = source.select(
        PROLOG + "SELECT DISTINCT ?x WHERE { { ?x a tip:Document } UNION { ?c cito:hasCitedEntity ?x } }"
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

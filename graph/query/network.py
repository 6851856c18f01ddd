"""A networkx view of the graph and the analytics ``tipkg stats`` prints.

``citation_graph`` has one node per document or instrument and one edge per (citing, cited) pair,
built from the document-level relation triples (tip:recalls … ⊑ eli:cites, listed explicitly) and
weighted by the number of cito:Citation mentions behind them. ``entity_graph`` is the bipartite
document–entity graph (bodies and events mentioned, addressees of operative paragraphs, instruments
cited). PageRank is computed here by power iteration (networkx's needs SciPy, which tipkg does not
otherwise need).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from tipkg.graph.query.source import SparqlSource, python_value
from tipkg.ontology.namespaces import ELI, TIP, sparql_prolog
from tipkg.ontology.relations import CHAIN_RELATIONS, RELATIONS, relation_name

_PROLOG = sparql_prolog(("tip", "eli", "cito", "dcterms", "rdfs", "skos"))
_REL_VALUES = "VALUES ?rel { " + " ".join(f"tip:{r}" for r in RELATIONS) + " }"
#: rdf:type -> node kind, most specific first
KIND_OF_TYPE: tuple[tuple[URIRef, str], ...] = (
    (TIP.Resolution, "resolution"),
    (TIP.Decision, "decision"),
    (TIP.PresidentialStatement, "statement"),
    (TIP.Report, "report"),
    (TIP.OfficialRecord, "record"),
    (TIP.Document, "document"),
    (TIP.Treaty, "instrument"),
    (TIP.Convention, "instrument"),
    (TIP.Protocol, "instrument"),
    (TIP.Declaration, "instrument"),
    (TIP.Charter, "instrument"),
    (TIP.PlanOfAction, "instrument"),
    (TIP.Guidelines, "instrument"),
    (TIP.Compact, "instrument"),
    (TIP.Principles, "instrument"),
    (TIP.Directive, "instrument"),
    (TIP.Statute, "instrument"),
)
DOCUMENT_KINDS = frozenset({"resolution", "decision", "statement", "report", "record", "document"})
_META = {
    "http://purl.org/dc/terms/identifier": "symbol",
    str(ELI.date_document): "date",
    "http://purl.org/dc/terms/title": "title",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label": "rdfsLabel",
    str(ELI.passed_by): "body",
    str(TIP.stub): "stub",
    str(TIP.key): "key",
}


def _rows(source: SparqlSource, sparql: str) -> list[tuple[Node | None, ...]]:
    return source.select(_PROLOG + sparql)[1]


def _kind_from_iri(iri: str) -> str:
    for segment, kind in (
        ("/instrument/", "instrument"),
        ("/body/", "body"),
        ("/event/", "event"),
        ("/actor/", "actor"),
        ("/doc/", "document"),
    ):
        if segment in iri:
            return kind
    return "other"


def node_attributes(source: SparqlSource, nodes: Iterable[str]) -> dict[str, dict[str, object]]:
    """kind, symbol, label, date, year, body, stub of each node (two queries, folded in Python)."""
    wanted = sorted(set(nodes))
    if not wanted:
        return {}
    keep = set(wanted)
    # a long VALUES list is slow in Oxigraph: past a few hundred nodes, read the predicates whole
    values = "VALUES ?n { " + " ".join(URIRef(n).n3() for n in wanted) + " }" if len(wanted) <= 300 else ""
    types: dict[str, set[str]] = defaultdict(set)
    classes = " ".join(t.n3() for t, _ in KIND_OF_TYPE)
    for node, t in _rows(source, f"SELECT ?n ?t WHERE {{ {values} VALUES ?t {{ {classes} }} ?n a ?t }}"):
        if str(node) in keep:
            types[str(node)].add(str(t))
    meta: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    preds = " ".join(URIRef(p).n3() for p in _META)
    # names in other languages (titles of their language versions, the registry's labels) apart:
    # the English label stays what it was, the others become label_fr, label_zh …
    tagged: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for node, p, v in _rows(source, f"SELECT ?n ?p ?v WHERE {{ {values} VALUES ?p {{ {preds} }} ?n ?p ?v }}"):
        if str(node) not in keep:
            continue
        if isinstance(v, Literal) and v.language and not v.language.startswith("en"):
            tagged[str(node)][v.language][_META[str(p)]] = str(v)
            continue
        meta[str(node)][_META[str(p)]].append(python_value(v) if isinstance(v, Literal) else str(v))
    out: dict[str, dict[str, object]] = {}
    for n in wanted:
        kind = next((k for t, k in KIND_OF_TYPE if str(t) in types[n]), None) or _kind_from_iri(n)
        m = meta.get(n, {})
        dates = sorted(d.isoformat() if isinstance(d, _dt.date) else str(d) for d in m.get("date", []))
        symbol = _first(m.get("symbol"))
        label = _first(m.get("prefLabel")) or symbol or _first(m.get("title")) or _first(m.get("rdfsLabel"))
        stubs = set(m.get("stub", []))
        body = _first(m.get("body"))
        out[n] = {
            "kind": kind,
            "symbol": symbol,
            "label": label or n.rsplit("/", 1)[-1],
            "title": _first(m.get("title")),
            "date": dates[0] if dates else None,
            "year": int(dates[0][:4]) if dates and dates[0][:4].isdigit() else None,
            "body": body.rsplit("/", 1)[-1] if isinstance(body, str) else None,
            "stub": kind in DOCUMENT_KINDS and (False not in stubs),
        }
        for lang, names in tagged.get(n, {}).items():
            name = names.get("prefLabel") or names.get("title") or names.get("rdfsLabel")
            if name:
                out[n][f"label_{lang}"] = name
    return out


def _first(values: Sequence[object] | None) -> str | None:
    if not values:
        return None
    return str(sorted(values, key=str)[0])


def citation_graph(source: SparqlSource) -> nx.DiGraph:
    """Documents and instruments; edge citing -> cited with relation, relations, paragraphs, weight."""
    citations: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    paragraphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    cited_entities: set[str] = set()
    for _, s, p, o, rel in _rows(
        source,
        "SELECT DISTINCT ?c ?s ?p ?o ?rel WHERE { ?c cito:hasCitingEntity ?p ; cito:hasCitedEntity ?o ; "
        "cito:hasCitationCharacterization ?rel . ?p eli:is_part_of+ ?s . ?s a tip:Document . }",
    ):
        name = relation_name(str(rel))
        if name is None:
            continue
        key = (str(s), str(o))
        citations[key][name] += 1
        paragraphs[key].add(str(p)[len(str(s)) + 1 :] if str(p).startswith(str(s)) else str(p))
        cited_entities.add(str(o))
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    documents = {str(r[0]) for r in _rows(source, "SELECT DISTINCT ?d WHERE { ?d a tip:Document }")}
    for s, rel, o in _rows(
        source, f"SELECT DISTINCT ?s ?rel ?o WHERE {{ {_REL_VALUES} ?s ?rel ?o . ?s a tip:Document }}"
    ):
        target = str(o)
        if target in documents or target in cited_entities or _kind_from_iri(target) == "instrument":
            name = relation_name(str(rel))
            assert name is not None
            edges[(str(s), target)].add(name)
    g = nx.DiGraph()
    for key, rels in edges.items():
        counts = citations.get(key, Counter())
        ranked = sorted(rels, key=lambda r: (-counts[r], RELATIONS.index(r)))
        g.add_edge(
            *key,
            relation=ranked[0],
            relations=",".join(ranked),
            paragraph=",".join(sorted(paragraphs.get(key, set()), key=_natural)),
            weight=max(1, sum(counts.values())),
        )
    g.add_nodes_from(documents)
    nx.set_node_attributes(g, node_attributes(source, g.nodes))
    return g


def _natural(s: str) -> tuple[tuple[int, str], ...]:
    """Sort key of a paragraph path: numbers by value ("op/2" < "op/10"), any text after them
    too ("op/12%2B", an Akoma Ntoso eId with "+"): every part is (number, text), never an int
    compared with a str."""
    parts = re.findall(r"\d+|\D+", s)
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def entity_graph(source: SparqlSource) -> nx.Graph:
    """Bipartite graph: documents (bipartite=0) and the bodies, events, actors, instruments they involve.

    Edge ``roles`` lists how: ``mention`` (tip:mentions), ``addressee`` (an operative paragraph's
    tip:addressee) and ``citation`` (a cito:Citation of an instrument); ``weight`` counts them.
    """
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for d, e in _rows(
        source,
        "SELECT DISTINCT ?d ?e WHERE { ?d a tip:Document ; tip:mentions ?e . "
        "FILTER NOT EXISTS { ?e a tip:Document } }",
    ):
        counts[(str(d), str(e))]["mention"] += 1
    for _, d, e in _rows(
        source,
        "SELECT DISTINCT ?p ?d ?e WHERE { ?p tip:addressee ?e ; eli:is_part_of+ ?d . ?d a tip:Document . }",
    ):
        counts[(str(d), str(e))]["addressee"] += 1
    for _, d, e in _rows(
        source,
        "SELECT DISTINCT ?c ?d ?e WHERE { ?c cito:hasCitingEntity ?p ; cito:hasCitedEntity ?e . "
        "?p eli:is_part_of+ ?d . ?d a tip:Document . FILTER NOT EXISTS { ?e a tip:Document } }",
    ):
        counts[(str(d), str(e))]["citation"] += 1
    g = nx.Graph()
    for (doc, ent), c in counts.items():
        g.add_node(doc, bipartite=0)
        g.add_node(ent, bipartite=1)
        g.add_edge(doc, ent, roles=",".join(sorted(c)), weight=sum(c.values()))
    nx.set_node_attributes(g, node_attributes(source, g.nodes))
    return g


# ---------------------------------------------------------------- analytics


def pagerank(
    g: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200
) -> dict[str, float]:
    """Weighted PageRank by power iteration; dangling nodes spread their rank evenly."""
    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {u: i for i, u in enumerate(nodes)}
    out_weight = [0.0] * n
    for u, _, d in g.edges(data=True):
        out_weight[index[u]] += float(d.get("weight", 1.0))
    links = [
        (index[u], index[v], float(d.get("weight", 1.0)) / out_weight[index[u]])
        for u, v, d in g.edges(data=True)
    ]
    dangling_nodes = [i for i in range(n) if out_weight[i] == 0]
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * sum(rank[i] for i in dangling_nodes) / n
        new = [base] * n
        for i, j, w in links:
            new[j] += alpha * rank[i] * w
        err = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if err < n * tol:
            break
    return {u: rank[i] for u, i in index.items()}


def chain_subgraph(g: nx.DiGraph, relations: Sequence[str] = CHAIN_RELATIONS) -> nx.DiGraph:
    """The edges of ``g`` that carry one of the relations (a recall/reaffirm chain by default)."""
    wanted = set(relations)
    keep = [
        (u, v)
        for u, v, d in g.edges(data=True)
        if wanted & set(str(d.get("relations", d.get("relation", ""))).split(","))
    ]
    return g.edge_subgraph(keep).copy()


@dataclass
class LongestChain:
    """Nodes from the most recent citing document back to the oldest; cycles collapse to one step."""

    steps: list[list[str]] = field(default_factory=list)  # each step: one node, or the members of a cycle

    @property
    def length(self) -> int:
        """Number of citation hops (a cycle counts as one step)."""
        return max(0, len(self.steps) - 1)

    @property
    def has_cycle(self) -> bool:
        return any(len(s) > 1 for s in self.steps)


def longest_chain(g: nx.DiGraph, relations: Sequence[str] | None = CHAIN_RELATIONS) -> LongestChain:
    """Longest path over the (relation-filtered) graph; strongly connected parts are condensed first."""
    h = chain_subgraph(g, relations) if relations else g
    if h.number_of_edges() == 0:
        return LongestChain()
    if nx.is_directed_acyclic_graph(h):
        return LongestChain([[n] for n in nx.dag_longest_path(h, weight=None)])
    cond = nx.condensation(h)
    path = nx.dag_longest_path(cond, weight=None)
    return LongestChain([sorted(cond.nodes[c]["members"]) for c in path])


def components(g: nx.DiGraph) -> list[set[str]]:
    """Weakly connected components, largest first."""
    return sorted((set(c) for c in nx.weakly_connected_components(g)), key=lambda c: (-len(c), min(c)))


def counts_per_year(g: nx.DiGraph) -> list[tuple[int, str, int, int]]:
    """(year, kind, loaded, stubs) for every document kind, by year."""
    table: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for _, d in g.nodes(data=True):
        if d.get("kind") in DOCUMENT_KINDS and isinstance(d.get("year"), int):
            table[(int(d["year"]), str(d["kind"]))][1 if d.get("stub") else 0] += 1
    return [(y, k, c[0], c[1]) for (y, k), c in sorted(table.items())]


@dataclass
class Ranked:
    node: str
    kind: str
    name: str
    pagerank: float
    in_degree: int  # distinct citing documents
    citations: int  # weighted in-degree: the cito:Citation mentions behind those edges


def ranking(
    g: nx.DiGraph, kinds: Iterable[str], top: int = 10, ranks: Mapping[str, float] | None = None
) -> list[Ranked]:
    """Nodes of the given kinds ranked by PageRank, with in-degree and citation counts."""
    pr = ranks if ranks is not None else pagerank(g)
    wanted = set(kinds)
    out = [
        Ranked(
            node=n,
            kind=str(d.get("kind")),
            name=str(d.get("symbol") or d.get("label") or n),
            pagerank=pr.get(n, 0.0),
            in_degree=g.in_degree(n),
            citations=int(g.in_degree(n, weight="weight")),
        )
        for n, d in g.nodes(data=True)
        if d.get("kind") in wanted
    ]
    out.sort(key=lambda r: (-r.pagerank, -r.in_degree, r.name))
    return out[:top]


@dataclass
class Stats:
    nodes: int
    edges: int
    kinds: dict[str, int]
    stubs: int  # documents cited and not loaded
    top_resolutions: list[Ranked]
    top_instruments: list[Ranked]
    chain: LongestChain
    components: list[set[str]]
    per_year: list[tuple[int, str, int, int]]
    registry_only: int = 0  # stub documents nothing cites (the registry names them: A/RES/70/1 …)


def stats(g: nx.DiGraph, top: int = 10) -> Stats:
    pr = pagerank(g)
    return Stats(
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        kinds=dict(sorted(Counter(str(d.get("kind")) for _, d in g.nodes(data=True)).items())),
        stubs=sum(1 for n, d in g.nodes(data=True) if d.get("stub") and g.in_degree(n)),
        registry_only=sum(1 for n, d in g.nodes(data=True) if d.get("stub") and not g.in_degree(n)),
        top_resolutions=ranking(g, DOCUMENT_KINDS, top, pr),
        top_instruments=ranking(g, {"instrument"}, top, pr),
        chain=longest_chain(g),
        components=components(g),
        per_year=counts_per_year(g),
    )

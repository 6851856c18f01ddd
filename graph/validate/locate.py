"""Where SPARQL-found violations come from: named graph, source file and line, a batch at a time.

The same rules as graph/validate/pyshacl_engine.py's locator (focus → span owner → citing paragraph → document;
the graph that loads the node rather than one that cites it as a stub; provenance
``prov:wasDerivedFrom``/``tip:fileName``; the smallest ``tip:line`` met walking up), but each step
is one query with a VALUES block for a whole batch of violations, never one query per violation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from tipkg.graph.validate.report import Violation
from tipkg.graph.validate.sparql_terms import Scope, select, sparql_term, store_term
from tipkg.ontology import ONTOLOGY_GRAPH
from tipkg.ontology.ids import document_graph_iri
from tipkg.ontology.namespaces import ID, sparql_prolog

BATCH = 5000  # violations per batch: bounds the size of the VALUES blocks
STEPS = 6  # links followed upwards, as validate.py does

_UP = """SELECT ?n ?up ?k WHERE {{ VALUES ?n {{ {values} }}
  {{ ?up tip:span ?n BIND(0 AS ?k) }} UNION {{ ?n cito:hasCitingEntity ?up BIND(1 AS ?k) }}
  UNION {{ ?n eli:is_part_of ?up BIND(2 AS ?k) }} UNION {{ ?n rdf:subject ?up BIND(3 AS ?k) }} }}"""
_GRAPHS = """SELECT DISTINCT ?n ?g ?stub WHERE {{ VALUES ?n {{ {values} }}
  GRAPH ?g {{ ?n ?p ?o }} OPTIONAL {{ GRAPH ?g {{ ?n tip:stub ?stub }} }} }}"""
_FILES = """SELECT DISTINCT ?g ?h ?file WHERE {{ VALUES ?g {{ {values} }}
  GRAPH ?h {{ ?g prov:wasDerivedFrom ?src . ?src tip:fileName ?file }} }}"""
_LINES = """SELECT ?n (MIN(?l) AS ?line) WHERE {{ VALUES ?n {{ {values} }} ?n tip:line ?l }} GROUP BY ?n"""
_CITING = """SELECT ?doc ?target ?para (MIN(?l) AS ?line) WHERE {{ VALUES (?doc ?target) {{ {values} }}
  ?cit cito:hasCitedEntity ?target ; cito:hasCitingEntity ?para . ?para eli:is_part_of+ ?doc .
  OPTIONAL {{ ?para tip:line ?l }} }} GROUP BY ?doc ?target ?para"""


def locate(
    store: ox.Store, violations: Sequence[Violation], chosen: Sequence[URIRef], scope: Scope
) -> list[Violation]:
    """``violations`` with graph, source_file and line filled in (``scope``: the validated data)."""
    out: list[Violation] = []
    for i in range(0, len(violations), BATCH):
        out.extend(_Batch(store, chosen, scope).run(violations[i : i + BATCH]))
    return out


def _values(nodes: Iterable[Node]) -> str:
    return " ".join(sparql_term(n) for n in nodes)


def _located(node: Node | None) -> bool:
    """Blank nodes cannot be named in a query: they are not located."""
    return isinstance(node, URIRef | Literal)


class _Batch:
    def __init__(self, store: ox.Store, chosen: Sequence[URIRef], scope: Scope) -> None:
        self.store = store
        self.scope = scope
        # the ontology graph last: a node found there and nowhere else is an ontology/phrase term
        self.order = [g for g in sorted(chosen, key=str) if g != ONTOLOGY_GRAPH] + [ONTOLOGY_GRAPH]
        self.parent: dict[Node, Node | None] = {}

    def query(self, text: str) -> ox.QuerySolutions:
        return select(self.store, sparql_prolog() + text, self.scope)

    def run(self, violations: Sequence[Violation]) -> list[Violation]:
        foci = {v.focus for v in violations if _located(v.focus)}
        self.walk_up(foci)
        owners = {f: self.chain(f)[-1] for f in foci}
        graphs = self.graphs_of(set(owners.values()))
        files = self.files(owners, graphs)
        lines = self.lines({n for f in foci for n in self.chain(f)})
        pairs = {(v.focus, v.value) for v in violations if _located(v.focus) and _located(v.value)}
        pairs = {(f, val) for f, val in pairs if lines.get(f) is None}
        citing = self.citing(pairs)
        out = []
        for v in violations:
            if not _located(v.focus):
                out.append(v)
                continue
            owner = owners[v.focus]
            graph = graphs.get(owner)
            line = self.line(v.focus, v.value, lines, citing)
            out.append(replace(v, graph=graph, source_file=files.get(owner), line=line))
        return out

    def walk_up(self, nodes: set[Node]) -> None:
        todo = {n for n in nodes if n not in self.parent}
        for _ in range(STEPS):
            if not todo:
                return
            best: dict[Node, tuple[int, str, Node]] = {}
            for row in self.query(_UP.format(values=_values(todo))):
                n, up, k = _rdf(row["n"]), _rdf(row["up"]), int(row["k"].value)
                candidate = (k, str(up), up)
                if n not in best or candidate < best[n]:
                    best[n] = candidate
            for n in todo:
                self.parent[n] = best[n][2] if n in best else None
            todo = {b[2] for b in best.values() if _located(b[2]) and b[2] not in self.parent}

    def chain(self, node: Node) -> list[Node]:
        """``node`` and the nodes above it, at most STEPS links up."""
        out = [node]
        for _ in range(STEPS):
            up = self.parent.get(out[-1])
            if up is None:
                break
            out.append(up)
        return out

    def graphs_of(self, owners: set[Node]) -> dict[Node, URIRef]:
        """The graph loading each node (tip:stub false), else one not citing it as a stub."""
        rank = {g: i for i, g in enumerate(self.order)}
        held: dict[Node, list[tuple[int, URIRef, str | None]]] = {}
        located = [o for o in owners if _located(o)]
        if not located:
            return {}
        for row in self.query(_GRAPHS.format(values=_values(located))):
            g = URIRef(row["g"].value)
            if g not in rank:
                continue
            stub = row["stub"]
            held.setdefault(_rdf(row["n"]), []).append((rank[g], g, None if stub is None else stub.value))
        out: dict[Node, URIRef] = {}
        for node, entries in held.items():
            entries.sort(key=lambda e: (e[0], str(e[1])))
            loaded = [g for _, g, stub in entries if stub == "false"]
            not_stub = [g for _, g, stub in entries if stub != "true"]
            out[node] = (loaded or not_stub or [entries[0][1]])[0]
        return out

    def files(self, owners: dict[Node, Node], graphs: dict[Node, URIRef]) -> dict[Node, str]:
        """Source file of each owner: its graph's provenance, else that of the document's own graph."""
        wanted: dict[Node, list[tuple[URIRef, bool]]] = {}
        for owner in set(owners.values()):
            candidates: list[tuple[URIRef, bool]] = []
            if owner in graphs:
                candidates.append((graphs[owner], True))  # provenance inside that graph
            if isinstance(owner, URIRef) and owner.startswith(str(ID)):
                candidates.append((document_graph_iri(owner), False))  # anywhere in the data
            wanted[owner] = candidates
        iris = {g for cands in wanted.values() for g, _ in cands}
        if not iris:
            return {}
        found: dict[tuple[URIRef, bool], str] = {}
        allowed = set(self.order)
        for row in self.query(_FILES.format(values=_values(sorted(iris, key=str)))):
            g, h, name = URIRef(row["g"].value), URIRef(row["h"].value), row["file"].value
            keys = [(g, False)] if h in allowed else []
            if h == g:
                keys.append((g, True))
            for key in keys:
                if key not in found or name < found[key]:
                    found[key] = name
        out: dict[Node, str] = {}
        for owner, candidates in wanted.items():
            for key in candidates:
                if key in found:
                    out[owner] = found[key]
                    break
        return out

    def lines(self, nodes: set[Node]) -> dict[Node, int]:
        located = [n for n in nodes if _located(n)]
        if not located:
            return {}
        out: dict[Node, int] = {}
        for row in self.query(_LINES.format(values=_values(located))):
            line = row["line"]
            if line is not None:
                try:
                    out[_rdf(row["n"])] = int(line.value)
                except ValueError:
                    continue
        return out

    def citing(self, pairs: set[tuple[Node, Node | None]]) -> dict[tuple[Node, Node], int]:
        """For a document-level result: the line of the first paragraph citing the value."""
        if not pairs:
            return {}
        values = " ".join(f"({sparql_term(d)} {sparql_term(t)})" for d, t in pairs if t is not None)
        best: dict[tuple[Node, Node], tuple[int, str, int | None]] = {}
        for row in self.query(_CITING.format(values=values)):
            key = (_rdf(row["doc"]), _rdf(row["target"]))
            line_term = row["line"]
            line = int(line_term.value) if line_term is not None else None
            candidate = (line or 0, str(row["para"].value), line)
            if key not in best or candidate < best[key]:
                best[key] = candidate
        return {k: b[2] for k, b in best.items() if b[2] is not None}

    def line(
        self, focus: Node, value: Node | None, lines: dict[Node, int], citing: dict[tuple[Node, Node], int]
    ) -> int | None:
        for node in self.chain(focus):
            if node in lines:
                return lines[node]
            if node == focus and value is not None and (focus, value) in citing:
                return citing[(focus, value)]
        return None


def _rdf(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Node:
    assert term is not None
    return store_term(term)

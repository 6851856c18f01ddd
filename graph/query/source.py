"""Where SPARQL runs: a tiny protocol so query, chain and analytics code never depend on one engine.

The embedded Oxigraph store and an rdflib Dataset implement it here; a remote endpoint (SPARQLWrapper)
only needs ``select`` and ``construct`` too. Terms cross the boundary as rdflib terms.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from tipkg.graph.store.embedded import from_ox

Row = tuple[Node | None, ...]


@runtime_checkable
class SparqlSource(Protocol):
    """Anything that answers SPARQL 1.1 SELECT and CONSTRUCT over the union of its graphs."""

    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        """Variables in projection order, and one tuple of terms (None = unbound) per solution."""
        ...

    def construct(self, sparql: str) -> Graph:
        """The triples of a CONSTRUCT (or DESCRIBE) query."""
        ...


def _from_ox(term: object) -> Node | None:
    return None if term is None else from_ox(term)  # type: ignore[arg-type]


class OxigraphSource:
    """SPARQL on a pyoxigraph Store, with the default graph as the union of all named graphs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        res = self.store.query(sparql, use_default_graph_as_union=True)
        if not isinstance(res, ox.QuerySolutions):
            raise ValueError("not a SELECT query")
        names = [v.value for v in res.variables]
        width = range(len(names))
        seen: dict[object, Node | None] = {None: None}  # results repeat terms; rdflib terms are costly

        def term(t: object) -> Node | None:
            got = seen.get(t, seen)
            if got is seen:
                got = seen[t] = _from_ox(t)
            return got  # type: ignore[return-value]

        rows = [tuple(term(sol[i]) for i in width) for sol in res]
        return names, rows

    def construct(self, sparql: str) -> Graph:
        res = self.store.query(sparql, use_default_graph_as_union=True)
        if not isinstance(res, ox.QueryTriples):
            raise ValueError("not a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in res:
            s, p, o = _from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)
            assert s is not None and p is not None and o is not None
            g.add((s, p, o))
        return g


class RdflibSource:
    """SPARQL with rdflib's own engine (the slow, dependable baseline; see bench/bench_chain.py)."""

    def __init__(self, graph: Graph) -> None:
        if isinstance(graph, Dataset) and not graph.default_union:
            raise ValueError("the Dataset must have default_union=True to query across graphs")
        self.graph = graph

    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        res = self.graph.query(sparql)
        if res.type != "SELECT" or res.vars is None:
            raise ValueError("not a SELECT query")
        names = [str(v) for v in res.vars]
        rows: list[Row] = []
        for r in res:
            assert isinstance(r, tuple)
            rows.append(tuple(r))
        return names, rows

    def construct(self, sparql: str) -> Graph:
        res = self.graph.query(sparql)
        if res.type not in ("CONSTRUCT", "DESCRIBE") or res.graph is None:
            raise ValueError("not a CONSTRUCT or DESCRIBE query")
        return res.graph


def python_value(term: Node | None) -> object:
    """A result term as a plain Python value: str for IRIs, int/float/bool/date for typed literals."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, bool | int | float | str | _dt.date | _dt.datetime):
            return value
        return str(term)
    return str(term)

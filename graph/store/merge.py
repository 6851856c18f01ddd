"""Merge named graphs into one Oxigraph-backed rdflib graph, fast.

oxrdflib's ``addN`` converts every term of every triple anew; here each distinct term is converted
once (a document repeats its IRIs and predicates many times), and graphs already held by Oxigraph
are copied store to store without passing through rdflib terms at all.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from tipkg.graph.store.embedded import to_ox

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


class _Converter:
    """rdflib term -> pyoxigraph term, memoised."""

    def __init__(self) -> None:
        self._cache: dict[Node, OxTerm] = {}

    def __call__(self, term: Node) -> OxTerm:
        found = self._cache.get(term)
        if found is None:
            found = self._cache[term] = self._convert(term)
        return found

    @staticmethod
    def _convert(term: Node) -> OxTerm:
        return to_ox(term)


class Merger:
    """Collects graphs into the default graph of a fresh in-memory Oxigraph store."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self._convert = _Converter()

    def add_graph(self, graph: Graph) -> None:
        source = graph.store
        if isinstance(source, OxigraphStore):
            name = _graph_name(graph.identifier)
            self.store.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in source._inner.quads_for_pattern(None, None, None, name)
            )
            return
        conv = self._convert
        self.store.bulk_extend(
            ox.Quad(conv(s), conv(p), conv(o), ox.DefaultGraph())  # type: ignore[arg-type]
            for s, p, o in graph
        )

    def add_turtle(self, path: Path) -> None:
        self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)

    def graph(self) -> Graph:
        """An rdflib view of the merged triples (the store's default graph)."""
        return Graph(store=OxigraphStore(store=self.store), identifier=DATASET_DEFAULT_GRAPH_ID)


def _graph_name(identifier: Node) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(identifier, BNode):
        return ox.BlankNode(str(identifier))
    return ox.NamedNode(str(identifier))

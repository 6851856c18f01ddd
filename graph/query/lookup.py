"""Whether a graph knows a node, and the one error for a name it does not know.

``tipkg chain`` on an unknown symbol printed a tree of one bare node and exited 0, while the Python
API's ``show`` raised a bare KeyError: both now say the same plain sentence.
"""

from __future__ import annotations

from rdflib import URIRef

from tipkg.graph.query.source import SparqlSource
from tipkg.ontology.ids import compact


class NotInGraph(KeyError):
    """A symbol or name that no node of the graph has (a KeyError, printed without quotes)."""

    def __init__(self, name: str, iri: str | None = None, what: str = "document") -> None:
        self.name, self.iri = name, iri
        shown = f" ({compact(iri)})" if iri and name not in iri else ""
        self.message = f"{name}{shown}: no {what} of that name in the graph"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def in_graph(source: SparqlSource, iri: URIRef) -> bool:
    """Whether any triple has ``iri`` as its subject or object (a stub that is cited counts)."""
    node = iri.n3()
    _, rows = source.select(f"SELECT ?p WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }} LIMIT 1")
    return bool(rows)

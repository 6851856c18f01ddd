"""The graph the exports write: documents and instruments with their citations, optionally the
entities (bodies, events, addressees) they name, and PageRank on every node (it sizes them in Gephi)."""

from __future__ import annotations

import networkx as nx

from tipkg.graph.query.chain import source_note
from tipkg.graph.query.network import citation_graph, entity_graph, pagerank
from tipkg.graph.query.source import SparqlSource


def export_graph(source: SparqlSource, entities: bool = False) -> nx.DiGraph:
    """The citation graph, optionally with entity nodes (edges document -> entity, relation = role)."""
    g = citation_graph(source)
    if entities:
        eg = entity_graph(source)
        for u, v, d in eg.edges(data=True):
            doc, ent = (u, v) if eg.nodes[u].get("bipartite") == 0 else (v, u)
            for n in (doc, ent):
                if n not in g:
                    g.add_node(n, **{k: val for k, val in eg.nodes[n].items() if k != "bipartite"})
            if not g.has_edge(doc, ent):
                roles = str(d["roles"])
                g.add_edge(
                    doc, ent, relation=roles.split(",")[0], relations=roles, paragraph="", weight=d["weight"]
                )
    ranks = pagerank(g)
    nx.set_node_attributes(g, ranks, "pagerank")
    # the UN's terms for its Akoma Ntoso files: the export says where their texts come from
    note = source_note(source)
    if note:
        g.graph["source_note"] = note
    return g

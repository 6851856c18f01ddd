"""GraphML for other graph tools (networkx, yEd, Cytoscape): the exported graph with typed keys."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from tipkg.graph.store.embedded import replacing


def graphml_ready(g: nx.DiGraph) -> nx.DiGraph:
    """A copy GraphML can type: no None values, one Python type per attribute (bool/int/float/str)."""
    h = nx.DiGraph()
    if g.graph.get("source_note"):  # a graph attribute: the UN as the source of the AKN texts
        h.graph["source_note"] = str(g.graph["source_note"])
    for n, d in g.nodes(data=True):
        h.add_node(
            n, **{k: v for k, v in d.items() if v is not None and not isinstance(v, list | set | dict)}
        )
    for u, v, d in g.edges(data=True):
        h.add_edge(u, v, **{k: val for k, val in d.items() if val is not None and val != ""})
    # a key must have one type: ints that are sometimes floats become floats
    for items in (list(h.nodes(data=True)), [(f"{u}\0{v}", d) for u, v, d in h.edges(data=True)]):
        kinds: dict[str, set[type]] = {}
        for _, d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        for _, d in items:
            for k, v in list(d.items()):
                if kinds[k] == {int, float}:
                    d[k] = float(v)
                elif len(kinds[k]) > 1:
                    d[k] = str(v)
    return h


def write_graphml(g: nx.DiGraph, path: Path) -> None:
    with replacing(path) as tmp:
        nx.write_graphml(graphml_ready(g), str(tmp), encoding="utf-8", prettyprint=True)

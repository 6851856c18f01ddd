"""Exports for graph tools: GEXF 1.3 (Gephi), GraphML, and the RDF dataset itself.

GEXF is written with lxml rather than networkx's ``write_gexf``, whose output does not validate
against the GEXF 1.3 RELAX NG schema (it writes ``graph@name``, an xsi namespace, float colours and a
``timeformat`` the schema does not allow). The file is dynamic: each node starts at its adoption
date and each edge at its citing document's, so Gephi's timeline replays how the web grew. Colours
follow the node kind; sizes follow PageRank. Files are written to a temporary name and renamed.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from lxml import etree
from rdflib import Dataset

from tipkg import __version__
from tipkg.graph.query.network import citation_graph, entity_graph, pagerank
from tipkg.graph.query.source import SparqlSource
from tipkg.graph.store.embedded import load_dataset, new_dataset, write_dataset

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
#: node kind -> (r, g, b); stubs are drawn grey whatever their kind
KIND_COLOURS: dict[str, tuple[int, int, int]] = {
    "resolution": (31, 119, 180),
    "decision": (23, 190, 207),
    "statement": (188, 189, 34),
    "report": (127, 127, 127),
    "record": (127, 127, 127),
    "document": (127, 127, 127),
    "instrument": (214, 39, 40),
    "body": (44, 160, 44),
    "event": (148, 103, 189),
    "actor": (255, 127, 14),
    "other": (140, 86, 75),
}
STUB_COLOUR = (187, 187, 187)
MIN_SIZE, MAX_SIZE = 4.0, 40.0
NODE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("kind", "string"),
    ("symbol", "string"),
    ("label", "string"),
    ("year", "integer"),
    ("body", "string"),
    ("stub", "boolean"),
    ("pagerank", "double"),
)
EDGE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("relation", "string"),
    ("relations", "string"),
    ("paragraph", "string"),
)
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


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
    return g


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _start(value: object) -> str | None:
    """A GEXF date (timeformat="date"): full ISO dates as they are, a bare year as its 1 January."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, _dt.date) else str(value)
    if not _DATE.match(text):
        return None
    return text if len(text) == 10 else f"{text}-01-01"


def _attvalue(value: object, kind: str) -> str | None:
    if value is None or value == "":
        return None
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))  # type: ignore[arg-type]
    if kind == "integer":
        return str(int(value))  # type: ignore[call-overload]
    return " ".join(str(value).split())


def gexf_tree(g: nx.DiGraph, description: str = "") -> etree._ElementTree:
    """The GEXF 1.3 document of a graph made by :func:`export_graph`."""
    nsmap = {None: GEXF_NS, "viz": VIZ_NS}
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap=nsmap, version="1.3")  # type: ignore[arg-type]
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", lastmodifieddate=_dt.date.today().isoformat())
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = f"tipkg {__version__}"
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = description or (
        "Citation web of UN resolutions and instruments against trafficking in persons"
    )
    graph = etree.SubElement(
        root, f"{{{GEXF_NS}}}graph", defaultedgetype="directed", mode="dynamic", timeformat="date"
    )
    for cls, attrs in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        el = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"})
        for name, kind in attrs:
            etree.SubElement(el, f"{{{GEXF_NS}}}attribute", id=name, title=name, type=kind)
    ranks = [float(d.get("pagerank") or 0.0) for _, d in g.nodes(data=True)]
    top = max(ranks, default=0.0) or 1.0
    nodes = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes", count=str(g.number_of_nodes()))
    for n, d in sorted(g.nodes(data=True), key=lambda nd: nd[0]):
        node = etree.SubElement(
            nodes,
            f"{{{GEXF_NS}}}node",
            id=n,
            label=_attvalue(d.get("symbol") or d.get("label") or n, "string") or n,
        )
        start = _start(d.get("date"))
        if start:
            node.set("start", start)
        _attvalues(node, d, NODE_ATTRIBUTES)
        r, gr, b = (
            STUB_COLOUR if d.get("stub") else KIND_COLOURS.get(str(d.get("kind")), KIND_COLOURS["other"])
        )
        etree.SubElement(node, f"{{{VIZ_NS}}}color", r=str(r), g=str(gr), b=str(b))
        size = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * float(d.get("pagerank") or 0.0) / top
        etree.SubElement(node, f"{{{VIZ_NS}}}size", value=f"{size:.3f}")
    edges = etree.SubElement(graph, f"{{{GEXF_NS}}}edges", count=str(g.number_of_edges()))
    for i, (u, v, d) in enumerate(sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))):
        edge = etree.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            id=str(i),
            source=u,
            target=v,
            weight=repr(float(d.get("weight", 1))),
            label=str(d.get("relation", "")) or "cites",
        )
        start = _start(g.nodes[u].get("date"))
        if start:
            edge.set("start", start)
        _attvalues(edge, d, EDGE_ATTRIBUTES)
    return etree.ElementTree(root)


def _attvalues(parent: etree._Element, data: dict[str, object], attrs: tuple[tuple[str, str], ...]) -> None:
    values = [(name, _attvalue(data.get(name), kind)) for name, kind in attrs]
    present = [(name, v) for name, v in values if v is not None]
    if present:
        el = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
        for name, v in present:
            etree.SubElement(el, f"{{{GEXF_NS}}}attvalue", {"for": name, "value": v})


def write_gexf(g: nx.DiGraph, path: Path) -> None:
    with _atomic(path) as tmp:
        gexf_tree(g).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def graphml_ready(g: nx.DiGraph) -> nx.DiGraph:
    """A copy GraphML can type: no None values, one Python type per attribute (bool/int/float/str)."""
    h = nx.DiGraph()
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
    with _atomic(path) as tmp:
        nx.write_graphml(graphml_ready(g), str(tmp), encoding="utf-8", prettyprint=True)


def dataset_from_input(path: Path) -> Dataset:
    """The whole dataset behind ``--store`` (an Oxigraph directory) or ``--file`` (an RDF file)."""
    if not path.is_dir():
        return load_dataset(path)
    import pyoxigraph as ox

    from tipkg.graph.store.embedded import open_store

    ds = new_dataset()
    with open_store(path) as store:
        data = store.dump(format=ox.RdfFormat.N_QUADS)
    assert data is not None
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def write_rdf(input_path: Path, out: Path, fmt: str) -> None:
    """Serialise the dataset (``ttl`` gives the union of the graphs; trig, nq and jsonld keep them).

    From a store, Oxigraph writes TriG and N-Quads itself, streaming: no rdflib copy of the graph,
    which would not fit in memory at a hundred thousand documents.
    """
    if input_path.is_dir():
        from tipkg.graph.store.embedded import dump_store, open_store

        with open_store(input_path) as store:
            dump_store(store, out, fmt)
        return
    write_dataset(dataset_from_input(input_path), out, fmt)

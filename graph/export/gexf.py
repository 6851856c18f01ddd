"""GEXF 1.3 for Gephi.

GEXF is written with lxml rather than networkx's ``write_gexf``, whose output does not validate
against the GEXF 1.3 RELAX NG schema (it writes ``graph@name``, an xsi namespace, float colours and a
``timeformat`` the schema does not allow). The file is dynamic: each node starts at its adoption
date and each edge at its citing document's, so Gephi's timeline replays how the web grew. Colours
follow the node kind; sizes follow PageRank. The file is written to a temporary name and renamed.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import networkx as nx
from lxml import etree

from tipkg import __version__
from tipkg.graph.store.embedded import replacing

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
    # the node's name in the other official languages (titles of loaded language versions, the
    # registry's labels per language), where the graph has one
    ("label_ar", "string"),
    ("label_zh", "string"),
    ("label_fr", "string"),
    ("label_ru", "string"),
    ("label_es", "string"),
    ("label_de", "string"),
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
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = (
        description or "Citation web of UN resolutions and instruments against trafficking in persons"
    ) + (f". {g.graph['source_note']}" if g.graph.get("source_note") else "")
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
    with replacing(path) as tmp:
        gexf_tree(g).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)

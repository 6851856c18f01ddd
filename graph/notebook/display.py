"""HTML for notebooks: interactive network drawings that work offline, and summary tables.

Drawings use pyvis to lay out nodes, edges and physics options, but not its page template, which
loads Bootstrap from a CDN even with ``cdn_resources="in_line"``. Our own page inlines the
vis-network script and style that the pyvis package ships, so a drawing renders with no network
access: in a notebook (as an ``<iframe srcdoc>``), in a saved file, or in an air-gapped browser.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

#: vis-network as shipped inside the pyvis wheel (no CDN, no download), relative to the package
_VIS_DIR = Path("templates") / "lib" / "vis-9.1.2"

#: node colour per kind (the ``kind`` attribute of tipkg's networkx views)
KIND_COLOURS: dict[str, str] = {
    "resolution": "#1f77b4",
    "decision": "#17becf",
    "document": "#9ecae1",
    "report": "#c7c7c7",
    "instrument": "#d62728",
    "body": "#2ca02c",
    "event": "#ff7f0e",
    "actor": "#9467bd",
    "stub": "#bdbdbd",
}
_OTHER_COLOUR = "#7f7f7f"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{vis_css}</style>
<style>
body {{ margin: 0; font-family: sans-serif; }}
#tipkg-network {{ width: 100%; height: {height}; border: 1px solid #ddd; box-sizing: border-box; }}
.tipkg-legend {{ font-size: 12px; padding: 4px 8px; }}
.tipkg-legend span {{ display: inline-block; margin-right: 12px; }}
.tipkg-legend i {{ display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }}
</style>
<script>{vis_js}</script>
</head>
<body>
<div class="tipkg-legend"><b>{title}</b> {legend}</div>
<div id="tipkg-network"></div>
<script>
var nodes = new vis.DataSet({nodes});
var edges = new vis.DataSet({edges});
var options = {options};
var network = new vis.Network(document.getElementById("tipkg-network"),
                              {{nodes: nodes, edges: edges}}, options);
</script>
</body>
</html>
"""


@cache
def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet, read once from the installed pyvis package."""
    import pyvis

    root = Path(pyvis.__file__).parent / _VIS_DIR
    js = (root / "vis-network.min.js").read_text(encoding="utf-8")
    css = (root / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def _script_json(data: Any) -> str:
    """JSON safe to embed in a ``<script>`` element (no ``</script>`` inside strings)."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _tooltip(node: str, attrs: Mapping[str, Any]) -> str:
    lines = [node] + [f"{k}: {v}" for k, v in attrs.items() if k != "label" and v not in (None, "")]
    return "\n".join(lines)


def _node_kind(attrs: Mapping[str, Any]) -> str:
    if attrs.get("stub"):
        return "stub"
    kind = attrs.get("kind") or attrs.get("type") or ""
    return str(kind)


@dataclass(frozen=True)
class NetworkView:
    """A drawn network: a complete offline HTML page that notebooks show inline."""

    html: str
    title: str
    nodes: int
    edges: int
    height: str = "600px"

    def _repr_html_(self) -> str:
        # An iframe isolates vis-network's page from the notebook's own scripts and styles.
        frame_height = int(self.height.removesuffix("px")) + 40 if self.height.endswith("px") else 640
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {frame_height}px; border: none;" '
            f'title="{html.escape(self.title)}"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (a standalone .html file) and return the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8")
        return out

    def __repr__(self) -> str:
        return f"<NetworkView {self.title!r}: {self.nodes} nodes, {self.edges} edges>"


def _short_label(node: str, attrs: Mapping[str, Any], limit: int = 32) -> str:
    """A label that fits on the drawing: the symbol, the registry key, or a cut label."""
    if attrs.get("symbol"):
        return str(attrs["symbol"])
    if attrs.get("kind") in ("instrument", "body", "event", "actor") and "/" in node:
        return node.rsplit("/", 1)[-1]  # the registry key: UNTOC, TIP-PROTOCOL, UNODC
    label = str(attrs.get("label") or node)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def draw(
    graph: nx.Graph,
    *,
    title: str = "tipkg",
    height: str = "600px",
    physics: bool = True,
    focus: str | None = None,
) -> NetworkView:
    """Draw a networkx graph whose nodes carry ``label`` and ``kind`` (and edges ``relation``).

    Node size grows with the number of neighbours; ``focus`` (a node) is drawn larger, as a star.
    """
    from pyvis.network import Network  # imported here: it pulls in IPython and jinja2

    directed = graph.is_directed()
    net = Network(height=height, width="100%", directed=directed, cdn_resources="in_line")
    kinds: dict[str, str] = {}
    for node, attrs in graph.nodes(data=True):
        kind = _node_kind(attrs)
        colour = KIND_COLOURS.get(kind, _OTHER_COLOUR)
        kinds.setdefault(kind or "other", colour)
        degree = graph.in_degree(node) if directed else graph.degree(node)
        style: dict[str, Any] = {"size": 10 + 3 * min(int(degree), 25) ** 0.5}
        if node == focus:
            style.update(shape="star", size=30, font={"size": 18, "bold": True})
        net.add_node(
            str(node),
            label=_short_label(str(node), attrs),
            title=_tooltip(str(node), attrs),
            color=colour,
            **style,
        )
    for source, target, attrs in graph.edges(data=True):
        relation = attrs.get("relation") or attrs.get("label") or ""
        net.add_edge(str(source), str(target), title=str(relation), arrows="to" if directed else "")
    if physics:
        net.barnes_hut(gravity=-3000, spring_length=120)
    else:
        net.toggle_physics(False)
    nodes, edges, _heading, _height, _width, vis_options = net.get_network_data()
    js, css = _vis_assets()
    legend = "".join(
        f'<span><i style="background:{colour}"></i>{html.escape(kind)}</span>'
        for kind, colour in kinds.items()
    )
    page = _PAGE.format(
        title=html.escape(title),
        vis_css=css,
        vis_js=js,
        height=height,
        legend=legend,
        nodes=_script_json(nodes),
        edges=_script_json(edges),
        options=vis_options,
    )
    return NetworkView(
        html=page, title=title, nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), height=height
    )


def table_html(frame: pd.DataFrame, *, caption: str | None = None, max_rows: int = 50) -> str:
    """A compact HTML table; long frames are cut with a note of how many rows were left out."""
    shown = frame.head(max_rows)
    shown = shown.astype(object).where(shown.notna(), "")  # None and NaN alike show as blank
    out = str(shown.to_html(index=False, border=0, escape=True, na_rep=""))
    if caption:
        out = f"<h4>{html.escape(caption)}</h4>" + out
    if len(frame) > max_rows:
        out += f"<p><i>… {len(frame) - max_rows} more rows</i></p>"
    return out


def definition_list(items: Iterable[tuple[str, object]]) -> str:
    """Key/value pairs as a two-column table (values already plain)."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
        f"{html.escape(str(v))}</td></tr>"
        for k, v in items
        if v not in (None, "")
    )
    return f"<table>{rows}</table>"


#: bookkeeping classes left out of the summary table (spans, provenance, attributions, duplicates)
_PLUMBING = ("oa:", "prov:", "tip:Attribution", "schema:Legislation", "eli:LegalResource")


def graph_summary_html(
    name: str,
    documents: Mapping[str, int],
    counts: pd.DataFrame,
    graphs: pd.DataFrame,
    instruments: pd.DataFrame,
) -> str:
    """The notebook view of a whole graph: headline, entities per class, top instruments, graphs."""
    total = int(graphs["triples"].sum()) if len(graphs) else 0
    classes = counts[~counts["class"].astype(str).str.startswith(_PLUMBING)] if len(counts) else counts
    head = (
        f"<h3>KnowledgeGraph: {html.escape(name)}</h3>"
        f"<p>{documents.get('loaded', 0)} documents loaded in full, {documents.get('stubs', 0)} known only "
        f"from citations; {total} triples in {len(graphs)} named graphs</p>"
    )
    cell = "<div style='flex: 0 1 auto; min-width: 16em'>{}</div>"
    return (
        head
        + "<div style='display:flex; gap:2em; flex-wrap:wrap; align-items:flex-start'>"
        + cell.format(table_html(classes, caption="Entities per class", max_rows=20))
        + cell.format(table_html(instruments, caption="Most cited instruments"))
        + cell.format(table_html(graphs, caption="Named graphs", max_rows=15))
        + "</div>"
    )


def resolution_html(
    symbol: str,
    title: str | None,
    iri: str,
    facts: Mapping[str, object],
    paragraphs: pd.DataFrame,
    citations: pd.DataFrame,
    footnotes: pd.DataFrame,
) -> str:
    """The notebook view of one document: its facts, then citations, paragraphs and footnotes."""
    body = facts.get("bodyLabel") or facts.get("body")
    shown = [
        ("IRI", iri),
        ("date", facts.get("date")),
        ("adopted by", body),
        ("stub (cited, not loaded)", "yes" if facts.get("stub") is not False else None),
        ("official page", facts.get("seeAlso")),
        ("contents", f"{len(paragraphs)} paragraphs, {len(citations)} citations, {len(footnotes)} footnotes"),
    ]
    cites = citations.copy()
    if len(cites):
        cites["paragraph"] = [str(p).removeprefix(iri + "/") for p in cites["paragraph"]]
        cites["relation"] = [str(r).removeprefix("tip:") for r in cites["relation"]]
        cites["cited"] = [
            lbl if isinstance(lbl, str) else t for lbl, t in zip(cites["label"], cites["target"], strict=True)
        ]
        cites = cites[["paragraph", "relation", "cited", "date"]]
    paras = paragraphs[["number", "kind", "phrase"]] if len(paragraphs) else paragraphs
    notes = footnotes[["marker", "citation", "refersTo"]] if len(footnotes) else footnotes
    return (
        f"<h3>{html.escape(symbol)} <small>{html.escape(title or '')}</small></h3>"
        + definition_list(shown)
        + table_html(cites, caption="Citations")
        + table_html(paras, caption="Paragraphs", max_rows=40)
        + table_html(notes, caption="Footnotes")
        + (f"<p><small>{html.escape(str(facts['note']))}</small></p>" if facts.get("note") else "")
    )

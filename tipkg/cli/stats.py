"""``tipkg stats``: network analytics of the citation graph."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tipkg.cli.common import FileOpt, StoreOpt, consoles, sparql_source


def stats_command(
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Rows in the rankings.")] = 10,
    store: StoreOpt = None,
    file: FileOpt = None,
) -> None:
    """Network analytics: PageRank and in-degree, the longest chain, components, counts per year.

    Example: tipkg stats --top 15
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.query.network import citation_graph, stats

    g = citation_graph(sparql_source(store, file))
    s = stats(g, top)
    overview = Table(title="citation graph")
    overview.add_column("what")
    overview.add_column("count", justify="right")
    overview.add_row("nodes", str(s.nodes))
    overview.add_row("edges (citing → cited pairs)", str(s.edges))
    for kind, n in s.kinds.items():
        overview.add_row(f"  {kind}", str(n))
    overview.add_row("stubs (cited, not loaded)", str(s.stubs))
    overview.add_row("named by the registry only", str(s.registry_only))
    overview.add_row("weakly connected components", str(len(s.components)))
    overview.add_row("largest component", str(len(s.components[0]) if s.components else 0))
    consoles.out.print(overview)
    for title, rows in (
        ("documents by PageRank", s.top_resolutions),
        ("instruments by PageRank", s.top_instruments),
    ):
        t = Table(title=title)
        for col, just in (
            ("#", "right"),
            ("name", "left"),
            ("kind", "left"),
            ("PageRank", "right"),
            ("cited by", "right"),
            ("citations", "right"),
        ):
            t.add_column(col, justify=just)  # type: ignore[arg-type]
        for i, r in enumerate(rows, start=1):
            t.add_row(str(i), escape(r.name), r.kind, f"{r.pagerank:.4f}", str(r.in_degree), str(r.citations))
        consoles.out.print(t)
    consoles.out.print(
        f"longest recall/reaffirm chain ({s.chain.length} steps"
        + (", cycles condensed)" if s.chain.has_cycle else ")"),
        style="bold",
    )
    ch = Table()
    ch.add_column("step", justify="right")
    ch.add_column("document")
    ch.add_column("date")
    for i, step in enumerate(s.chain.steps):
        names = [str(g.nodes[n].get("symbol") or g.nodes[n].get("label") or n) for n in step]
        dates = sorted(str(g.nodes[n].get("date")) for n in step if g.nodes[n].get("date"))
        ch.add_row(str(i), escape(" ⇄ ".join(names)), ", ".join(dates))
    consoles.out.print(ch)
    py = Table(title="documents per year")
    for col in ("year", "kind", "loaded", "stubs"):
        py.add_column(col, justify="right" if col != "kind" else "left")
    for year, kind, loaded, stubs in s.per_year:
        py.add_row(str(year), kind, str(loaded), str(stubs))
    consoles.out.print(py)

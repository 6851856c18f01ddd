"""``tipkg export``: GEXF for Gephi, GraphML, or the dataset as an RDF file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tipkg.cli.common import FileOpt, StoreOpt, consoles, fail, input_path
from tipkg.graph.query.source import OxigraphSource
from tipkg.graph.store.embedded import FORMATS, open_graph

GRAPH_FORMATS = ("gexf", "graphml")


def export_command(
    fmt: Annotated[str, typer.Argument(help="gexf | graphml | ttl | trig | nq | jsonld")],
    out: Annotated[Path, typer.Argument(help="File to write.")],
    entities: Annotated[
        bool, typer.Option("--entities", help="gexf/graphml: add bodies, events and addressees as nodes.")
    ] = False,
    store: StoreOpt = None,
    file: FileOpt = None,
) -> None:
    """Export the graph for Gephi (GEXF 1.3, dynamic), other graph tools (GraphML) or as RDF.

    Example: tipkg export gexf build/tipkg.gexf --entities
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.export.gexf import write_gexf
    from tipkg.graph.export.graphml import write_graphml
    from tipkg.graph.export.rdf import write_rdf
    from tipkg.graph.export.view import export_graph

    path = input_path(store, file)
    if fmt in GRAPH_FORMATS:
        g = export_graph(OxigraphSource(open_graph(path)), entities=entities)
        (write_gexf if fmt == "gexf" else write_graphml)(g, out)
        consoles.out.print(f"wrote {out} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
    elif fmt in FORMATS:
        write_rdf(path, out, fmt)
        consoles.out.print(f"wrote {out}")
    else:
        raise fail(f"unknown format {fmt!r}; choose one of {', '.join((*GRAPH_FORMATS, *FORMATS))}")

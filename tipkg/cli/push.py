"""``tipkg push``: fill a remote store with every named graph (Graph Store Protocol PUTs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console

from tipkg.cli.common import store_or_file

err_console = Console(stderr=True)


def push_command(
    url: Annotated[str, typer.Argument(help="The remote SPARQL endpoint (or its Graph Store URL).")],
    graph_store: Annotated[
        str | None,
        typer.Option("--graph-store", help="Graph Store Protocol URL, if not URL itself."),
    ] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Oxigraph store directory (default build/store).")
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Push an RDF dataset file instead.")] = None,
    user: Annotated[str | None, typer.Option(help="User name for HTTP authentication.")] = None,
    password: Annotated[
        str | None, typer.Option(help="Password (env TIPKG_PASSWORD).", envvar="TIPKG_PASSWORD")
    ] = None,
    auth: Annotated[str, typer.Option(help="basic | digest (Virtuoso wants digest).")] = "digest",
) -> None:
    """Upload every named graph of the built dataset with Graph Store Protocol PUTs (atomic per graph).

    Example: tipkg push http://localhost:8890/sparql --graph-store
    http://localhost:8890/sparql-graph-crud-auth --user dba --password dba
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.store.embedded import oxigraph_from_file
    from tipkg.graph.store.remote import Pushed, RemoteError, push

    if auth not in ("basic", "digest"):
        raise typer.BadParameter("--auth is basic or digest")
    store_dir, rdf_file = store_or_file(store, file)
    db = oxigraph_from_file(rdf_file) if rdf_file is not None else _open_read_only(store_dir)

    def report(item: Pushed) -> None:
        err_console.print(f"  {item.graph or '(default graph)'}: {item.triples} triples → HTTP {item.status}")

    try:
        done = push(
            db,
            graph_store or url,
            user=user,
            password=password,
            auth="digest" if auth == "digest" else "basic",
            progress=report,
        )
    except (RemoteError, OSError) as exc:
        err_console.print(f"[red]push failed:[/red] {exc}")
        raise typer.Exit(1) from None
    total = sum(p.triples for p in done)
    err_console.print(f"pushed {len(done)} graphs, {total} triples to {graph_store or url}")


def _open_read_only(store_dir: Path | None) -> ox.Store:
    assert store_dir is not None
    return ox.Store.read_only(str(store_dir.resolve()))

"""``tipkg serve`` (the SPARQL endpoint and its web page) and ``tipkg push`` (fill a remote store)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console

from tipkg.graph.store.defaults import DEFAULT_STORE

err_console = Console(stderr=True)


def _source(store: Path | None, file: Path | None) -> tuple[Path | None, Path | None]:
    if store is not None and file is not None:
        raise typer.BadParameter("give --store or --file, not both")
    if file is not None:
        if not file.is_file():
            raise typer.BadParameter(f"{file}: no such file")
        return None, file
    store = store or DEFAULT_STORE
    if not store.exists():
        raise typer.BadParameter(f"{store}: no store here; run `tipkg build` first, or pass --file")
    return store, None


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
        store: Annotated[
            Path | None, typer.Option("--store", help="Oxigraph store directory (default build/store).")
        ] = None,
        file: Annotated[
            Path | None, typer.Option("--file", help="Serve an RDF file (TriG, N-Quads, Turtle …) instead.")
        ] = None,
        allow_update: Annotated[
            bool, typer.Option("--allow-update", help="Accept SPARQL updates (needs --token).")
        ] = False,
        token: Annotated[
            str | None,
            typer.Option(help="Bearer token updates must carry (env TIPKG_TOKEN).", envvar="TIPKG_TOKEN"),
        ] = None,
        allow_service: Annotated[
            list[str] | None,
            typer.Option(
                "--allow-service", help="Host (or host:port) SERVICE clauses may query; repeatable."
            ),
        ] = None,
        timeout: Annotated[float, typer.Option(help="Default time limit of a query, seconds.")] = 10.0,
        max_timeout: Annotated[float, typer.Option(help="Largest timeout= a client may ask for.")] = 60.0,
        max_rows: Annotated[int, typer.Option(help="Most rows a SELECT returns.")] = 10_000,
        max_triples: Annotated[
            int, typer.Option(help="Most triples a CONSTRUCT/DESCRIBE returns.")
        ] = 1_000_000,
        workers: Annotated[
            int, typer.Option(help="Query worker processes (default: CPU count, at least 2).")
        ] = 0,
        max_memory: Annotated[
            int, typer.Option(help="Memory limit of one query worker, MiB (0: none).")
        ] = 4096,
    ) -> None:
        """Serve the graph: SPARQL 1.1 Protocol at /sparql, Graph Store reads at /rdf-graphs, YASGUI at /.

        Read-only unless --allow-update with --token. Every query runs in a worker process that is
        killed when it overruns its timeout.

        Example: tipkg serve --port 7878   (then open http://127.0.0.1:7878/)
        """
        from tipkg.graph.endpoint.app import EndpointConfig, serve, store_for_file

        store_dir, rdf_file = _source(store, file)
        with contextlib.ExitStack() as stack:
            if rdf_file is not None:
                err_console.print(f"loading {rdf_file} …")
                store_dir = stack.enter_context(store_for_file(rdf_file))
            assert store_dir is not None
            try:
                config = EndpointConfig(
                    store=store_dir,
                    allow_update=allow_update,
                    token=token,
                    allow_service=tuple(allow_service or ()),
                    timeout=timeout,
                    max_timeout=max_timeout,
                    max_rows=max_rows,
                    max_triples=max_triples,
                    workers=workers or max(2, os.cpu_count() or 2),
                    max_memory_mb=max_memory,
                )
            except ValueError as exc:
                raise typer.BadParameter(str(exc)) from None
            err_console.print(
                f"tipkg endpoint on http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)"
            )
            serve(config, host=host, port=port)

    @app.command("push")
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
        from tipkg.graph.store.embedded import oxigraph_from_file
        from tipkg.graph.store.remote import Pushed, RemoteError, push

        if auth not in ("basic", "digest"):
            raise typer.BadParameter("--auth is basic or digest")
        store_dir, rdf_file = _source(store, file)
        db = oxigraph_from_file(rdf_file) if rdf_file is not None else _open_read_only(store_dir)

        def report(item: Pushed) -> None:
            err_console.print(
                f"  {item.graph or '(default graph)'}: {item.triples} triples → HTTP {item.status}"
            )

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

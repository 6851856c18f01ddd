"""``tipkg serve``: the SPARQL endpoint and its web page, on the built store or an RDF file."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tipkg.cli.common import store_or_file

err_console = Console(stderr=True)


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
        typer.Option("--allow-service", help="Host (or host:port) SERVICE clauses may query; repeatable."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Default time limit of a query's execution (its worker's CPU), seconds.")
    ] = 10.0,
    max_timeout: Annotated[
        float,
        typer.Option(
            help="Largest timeout= a client may ask for; also the longest any query stays, paused or not."
        ),
    ] = 60.0,
    max_rows: Annotated[int, typer.Option(help="Most rows a SELECT returns.")] = 10_000,
    max_triples: Annotated[int, typer.Option(help="Most triples a CONSTRUCT/DESCRIBE returns.")] = 1_000_000,
    workers: Annotated[
        int, typer.Option(help="Queries that run at once (worker processes; default: CPU count, at least 2).")
    ] = 0,
    long_queries: Annotated[
        int,
        typer.Option(
            help="Long queries (past --long-after) that run at once; more wait paused (default: as many as workers)."
        ),
    ] = 0,
    long_after: Annotated[
        float, typer.Option(help="CPU seconds after which a running query counts as long.")
    ] = 0.5,
    queue: Annotated[
        int, typer.Option(help="Queries that may wait for a worker (a quarter of them per client).")
    ] = 64,
    max_memory: Annotated[int, typer.Option(help="Memory limit of one query worker, MiB (0: none).")] = 4096,
    max_body: Annotated[int, typer.Option(help="Largest request body, KiB (more: 413).")] = 1024,
    max_url: Annotated[int, typer.Option(help="Longest request URL, KiB (more: 414).")] = 16,
    public_url: Annotated[
        str | None,
        typer.Option(help="The address clients use (behind a proxy); default http://HOST:PORT/."),
    ] = None,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
) -> None:
    """Serve the graph: SPARQL 1.1 Protocol at /sparql, Graph Store reads at /rdf-graphs, YASGUI at /.

    Read-only unless --allow-update with --token. Every query runs in a worker process that is
    killed when it overruns its timeout or its client disconnects; a query running longer than
    --long-after moves to a lane of its own, so cheap queries keep being answered. Answers cut at
    --max-rows/--max-triples say so in headers and body (docs/endpoint.md).

    Example: tipkg serve --port 7878   (then open http://127.0.0.1:7878/)
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.endpoint.app import EndpointConfig, serve, store_for_file

    store_dir, rdf_file = store_or_file(store, file)
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
                long_queries=long_queries,
                long_after=long_after,
                queue=queue,
                max_memory_mb=max_memory,
                max_body=max_body * 1024,
                max_url=max_url * 1024,
                public_url=public_url or f"http://{host}:{port}/",
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
        err_console.print(f"tipkg endpoint on http://{host}:{port}/  (SPARQL: {config.sparql_url})")
        serve(config, host=host, port=port, access_log=access_log)

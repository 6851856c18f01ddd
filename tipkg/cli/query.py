"""``tipkg query``: a named query (or a .rq file) on the built graph or a remote endpoint."""

from __future__ import annotations

import sys
import warnings
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tipkg.cli.common import FileOpt, StoreOpt, consoles, fail, sparql_source
from tipkg.graph.query.source import SparqlSource
from tipkg.graph.store.truncation import TruncatedResultWarning


def list_queries() -> Table:
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.queries.catalogue import named_queries

    table = Table(title="named queries (tipkg query NAME --param k=v)")
    table.add_column("name", style="bold")
    table.add_column("purpose")
    table.add_column("parameters")
    for q in named_queries().values():
        params = "\n".join(f"{p.name} ({p.type}{', ' + p.default if p.default else ''})" for p in q.params)
        table.add_row(q.name, q.purpose, params or "-")
    return table


def query_command(
    name: Annotated[
        str | None, typer.Argument(help="A named query (see --list) or a .rq file.", show_default=False)
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Parameter NAME=VALUE (repeatable).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table | csv | json (CONSTRUCT also: ttl, xml).")
    ] = "table",
    store: StoreOpt = None,
    file: FileOpt = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Run it on a remote SPARQL endpoint (URL) instead.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Labels in this language (fr, es, ru, zh, ar) where the graph has them (--param lang=…).",
        ),
    ] = None,
) -> None:
    """Run a named SPARQL query (or your own .rq file) on the built graph.

    Example: tipkg query ancestors --param doc=A/RES/74/176 --format csv
    (labels in French where the graph has them: tipkg query ancestors --param doc=A/RES/74/176 --lang fr)
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.query import runner
    from tipkg.graph.query.result import to_csv, to_json, to_table
    from tipkg.graph.store.remote import RemoteEndpoint, RemoteError
    from tipkg.queries import catalogue

    if list_ or name is None:
        consoles.out.print(list_queries())
        return
    try:
        q = catalogue.get_query(name)
        params = catalogue.parse_param_args(param or [])
        if lang is not None:
            if not any(p.name == "lang" for p in q.params):
                raise catalogue.QueryError(f"query {q.name!r} has no labels to give in another language")
            params["lang"] = lang
        source: SparqlSource = RemoteEndpoint(endpoint) if endpoint else sparql_source(store, file)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TruncatedResultWarning)
            result = runner.run(source, q, params)
        for w in caught:
            if issubclass(w.category, TruncatedResultWarning):
                consoles.err.print(f"[yellow]warning:[/] {escape(str(w.message))}")
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    except catalogue.QueryError as exc:
        raise fail(str(exc)) from None
    except RemoteError as exc:
        raise fail(str(exc)) from None
    except SyntaxError as exc:
        raise fail(f"SPARQL syntax: {exc}") from None
    if result.graph is not None and fmt in ("ttl", "xml"):
        data = result.graph.serialize(format="turtle" if fmt == "ttl" else "xml")
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
    elif fmt == "csv":
        sys.stdout.write(to_csv(result))
    elif fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
    elif fmt == "table":
        consoles.out.print(to_table(result, title=f"{q.name} ({len(result.rows)} rows)"))
    else:
        raise fail(f"unknown format {fmt!r}")

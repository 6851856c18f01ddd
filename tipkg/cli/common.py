"""What the commands share: consoles, the --store/--file options and the input they name, the
way a command fails (a red line on stderr, exit 2), and the progress bar of long commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tipkg.graph.query.source import OxigraphSource, SparqlSource
from tipkg.graph.store.defaults import DEFAULT_OUT, DEFAULT_STORE
from tipkg.graph.store.embedded import open_graph


class _Consoles:
    """Consoles made when first printed to, so COLUMNS and redirections at call time apply."""

    @property
    def out(self) -> Console:
        return Console()

    @property
    def err(self) -> Console:
        return Console(stderr=True)


consoles = _Consoles()

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Oxigraph store directory (default build/store).")
]
FileOpt = Annotated[
    Path | None, typer.Option("--file", help="RDF file instead of the store (e.g. build/tipkg.trig).")
]


def default_input(store: Path | None = None, file: Path | None = None) -> Path:
    """The command line's input: ``--store``, else ``--file``, else build/store, else build/tipkg.trig."""
    if store is not None and file is not None:
        raise ValueError("give --store or --file, not both")
    if store is not None or file is not None:
        chosen = store if store is not None else file
        assert chosen is not None
        if not chosen.exists():
            raise FileNotFoundError(f"{chosen}: not found")
        return chosen
    for candidate in (DEFAULT_STORE, DEFAULT_OUT):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"neither {DEFAULT_STORE} nor {DEFAULT_OUT} exists; run `tipkg build` first")


def input_path(store: Path | None, file: Path | None) -> Path:
    """:func:`default_input`, or exit 2 with the reason."""
    try:
        return default_input(store, file)
    except (FileNotFoundError, ValueError) as exc:
        consoles.err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def sparql_source(store: Path | None, file: Path | None) -> SparqlSource:
    return OxigraphSource(open_graph(input_path(store, file)))


def store_or_file(store: Path | None, file: Path | None) -> tuple[Path | None, Path | None]:
    """``serve`` and ``push``: the --file given, else the --store (default build/store); a bad
    choice is a usage error."""
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


def fail(message: str) -> typer.Exit:
    """The exit of a command that cannot do what was asked: the message in red on stderr, code 2."""
    consoles.err.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(2)


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )

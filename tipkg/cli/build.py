"""``tipkg build``: registry + sources -> validated dataset on the embedded store and in a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from tipkg.cli.common import progress_bar
from tipkg.graph.store.defaults import DATASET_FORMATS, DEFAULT_OUT, DEFAULT_STORE

if TYPE_CHECKING:
    import pyoxigraph as ox

    from tipkg.graph.build.build import BuildResult

console = Console()
err_console = Console(stderr=True)

EXIT_VIOLATIONS = 1
EXIT_LOAD_ERRORS = 2
COUNT_TRIPLES_MAX = 5_000_000  # quads


def summary_table(result: BuildResult) -> Table:
    table = Table(title="tipkg build", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    # distinct triples need a scan holding every triple in a hash set: fine for the corpus,
    # minutes and gigabytes at a hundred thousand documents
    distinct = f"{result.triples:,}" if result.quads <= COUNT_TRIPLES_MAX else "not counted (large store)"
    table.add_row("triples", distinct)
    table.add_row("quads", f"{result.quads:,}")
    table.add_row("named graphs", str(result.graphs()))
    table.add_row("documents loaded", str(len(result.documents)))
    table.add_row("  parsed in this build", str(result.parsed))
    for name, n in result.counts().items():
        table.add_row(name, f"{n:,}")
    return table


def build_command(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Resolution files or folders (Markdown, text, PDF, DOCX, Akoma Ntoso XML)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset file to write.")] = DEFAULT_OUT,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="trig | nq | ttl | jsonld (ttl flattens graphs).")
    ] = "trig",
    store: Annotated[
        Path, typer.Option("--store", help="Embedded Oxigraph store directory.")
    ] = DEFAULT_STORE,
    no_store: Annotated[bool, typer.Option("--no-store", help="Write only the dataset file.")] = False,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Parse every source again, even those unchanged since the last build."),
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel parsers (default: all cores).")] = 0,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when validation finds violations.")
    ] = False,
) -> None:
    """Build the graph: registry plus SOURCES, one named graph per source, SHACL-validated.

    Example: tipkg build ../shared/corpus/resolutions --out build/tipkg.trig
    """
    if fmt not in DATASET_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(DATASET_FORMATS)}")
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.build.build import build
    from tipkg.graph.build.workers import default_jobs
    from tipkg.graph.store.embedded import dump_store, staged_store

    with progress_bar(err_console) as bar:
        task = bar.add_task("loading", total=None)

        def progress(name: str, i: int, n: int) -> None:
            bar.update(task, description=f"loading {Path(name).name}", completed=i - 1, total=n)

        def run(store_db: ox.Store | None = None) -> BuildResult:
            return build(
                sources or [],
                validate=not no_validate,
                progress=progress,
                jobs=jobs or default_jobs(),
                store=store_db,
            )

        if no_store:
            result = run()
            dump_store(result.store, out, fmt)
        else:
            with staged_store(store, incremental=not full) as db:
                result = run(db)
                dump_store(result.store, out, fmt)
    for err in result.errors:
        err_console.print(f"[red]error[/red] {err.describe()}", highlight=False, soft_wrap=True)
    console.print(summary_table(result))
    where = f"{out}" + ("" if no_store else f" and store {store}")
    console.print(f"wrote {where} in {result.seconds['total']:.2f} s", highlight=False)
    if result.report is not None:
        verdict = (
            "[green]conforms[/green]"
            if result.report.conforms
            else (f"[red]{len(result.report.violations)} violation(s)[/red]; run `tipkg validate {out}`")
        )
        console.print(f"validation: {verdict}")
    if result.errors:
        err_console.print(f"{len(result.errors)} source(s) could not be loaded (see above)")
        raise typer.Exit(EXIT_LOAD_ERRORS)
    if strict and result.report is not None and not result.report.conforms:
        raise typer.Exit(EXIT_VIOLATIONS)

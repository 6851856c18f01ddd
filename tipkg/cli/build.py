"""``tipkg build``: registry + sources -> validated dataset on the embedded store and in a file.

The work is graph/build/publish.py's: one transaction, the store and the dataset file switched
together or not at all. This module turns its outcome into what the user sees: the summary, the
sources refused, and for every failure one line and an exit code of tipkg/cli/exits.py.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tipkg.cli import exits
from tipkg.cli.progress import BuildProgress
from tipkg.graph.store.defaults import DATASET_FORMATS, DEFAULT_OUT, DEFAULT_STORE

if TYPE_CHECKING:
    from tipkg.graph.build.build import BuildResult
    from tipkg.graph.build.publish import Published
    from tipkg.graph.build.topic import Topic
    from tipkg.loaders.errors import LoadError

console = Console()
err_console = Console(stderr=True)

# kept for callers of the earlier names
EXIT_VIOLATIONS = exits.EXIT_VIOLATIONS
EXIT_LOAD_ERRORS = exits.EXIT_REFUSED


def summary_table(rows: list[tuple[str, str]]) -> Table:
    table = Table(title="tipkg build", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for what, count in rows:
        table.add_row(what, count)
    return table


def selection_table(result: BuildResult, topic: str) -> Table:
    """How many documents each step of a topical collection took."""
    table = Table(title=f"collection: {topic}", show_header=True, header_style="bold")
    table.add_column("step")
    table.add_column("count", justify="right")
    for step, n in result.selection:
        table.add_row(step, f"{n:,}")
    return table


def _topic(name: str) -> Topic:
    from tipkg.graph.build.topic import TopicError, load_topic

    try:
        return load_topic(name)
    except TopicError as exc:
        raise typer.BadParameter(str(exc), param_hint="--topic") from None


def _notices(result: BuildResult, out: Path) -> None:
    """Duplicates named one line each; every notice written beside the dataset file."""
    if not result.notices:
        return
    for path, message in result.notices:
        if message.startswith("same document as"):
            err_console.print(f"[yellow]notice[/yellow] {path}: {message}", highlight=False, soft_wrap=True)
    where = out.with_name(out.name + ".notices.txt")
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text("".join(f"{path}: {message}\n" for path, message in result.notices), encoding="utf-8")
    err_console.print(
        f"{len(result.notices)} notice(s) about what the sources state: {where}", highlight=False
    )


def build_command(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Resolution files or folders (Markdown, text, PDF, DOCX, Akoma Ntoso XML)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset file to write.")] = DEFAULT_OUT,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="trig | nq | ttl | jsonld (ttl flattens graphs); default: from the --out suffix, else trig.",
        ),
    ] = None,
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
        bool,
        typer.Option("--strict", help="Fail (exit 1, graph unchanged) when validation finds violations."),
    ] = False,
    min_loaded: Annotated[
        str,
        typer.Option(
            "--min-loaded",
            help="Sources that must load for the graph to be replaced: a number, or a share of those "
            "found (90%). 0 allows a graph of the registry alone.",
        ),
    ] = "1",
    max_source_mb: Annotated[
        float, typer.Option("--max-source-mb", min=0, help="Largest source file read, MB (0: no limit).")
    ] = 32.0,
    parse_timeout: Annotated[
        float, typer.Option("--parse-timeout", min=0, help="Longest parse of one source, seconds (0: none).")
    ] = 60.0,
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait",
            min=0,
            help="Seconds to wait for another build of the same store (default: until it ends; 0: "
            "refuse at once).",
        ),
    ] = None,
    progress_every: Annotated[
        float,
        typer.Option("--progress-every", min=0, help="Off a terminal: a progress line every N seconds."),
    ] = 5.0,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")] = False,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help="Build a topical collection of the SOURCES: a shipped topic (trafficking) or a topic "
            "file (TOML, as graph/build/topics/trafficking.toml). Loads the documents on the topic "
            "(by title, subject or cited instrument) and, step by step, those of the SOURCES they "
            "recall or reaffirm; prints how many each step took.",
        ),
    ] = None,
    undo: Annotated[
        bool,
        typer.Option(
            "--undo",
            help="Also write the UN Document Ontology's view (undo:Relation per citation, UNDO classes, "
            "allot:mentions): ontology/undo-mapping.ttl.",
        ),
    ] = False,
) -> None:
    """Build the graph: registry plus SOURCES, one named graph per source, SHACL-validated.

    The store and the dataset file are replaced together, or not at all: a build that fails, or
    loads fewer than --min-loaded sources, leaves the previous graph as it was. One build at a time
    per store (a second one waits, see --wait); queries go on meanwhile.

    Exit codes: 0 built; 1 violations under --strict; 2 sources refused (some not loaded: the graph
    is updated without them; fewer than --min-loaded, or a broken manifest: graph unchanged); 3
    disk full, permissions or other I/O failure; 4 another build holds the store; 70 a bug in tipkg.

    Example: tipkg build ../shared/corpus/resolutions ../shared/corpus/unxml --topic trafficking

    Without --topic every source is loaded (tipkg build ../shared/corpus/unxml: the whole corpus).
    """
    if fmt is None:  # a TriG file named g.nq could not be read back
        suffix = out.suffix.lower().lstrip(".")
        fmt = suffix if suffix in DATASET_FORMATS else "trig"
    if fmt not in DATASET_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(DATASET_FORMATS)}")
    chosen = _topic(topic) if topic else None
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.build.limits import MB, SourceLimits
    from tipkg.graph.build.outcome import BuildRefused, MinLoaded
    from tipkg.graph.build.publish import BuildRequest, Callbacks, publish
    from tipkg.graph.build.workers import WorkerLost, default_jobs
    from tipkg.graph.store.lock import StoreBusy

    try:
        minimum = MinLoaded.parse(min_loaded)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min-loaded") from None
    request = BuildRequest(
        sources=list(sources or []),
        out=out,
        fmt=fmt,
        store=None if no_store else store,
        full=full,
        jobs=jobs or default_jobs(),
        validate=not no_validate,
        strict=strict,
        limits=SourceLimits(max_bytes=int(max_source_mb * MB), parse_seconds=parse_timeout),
        min_loaded=minimum,
        wait=wait,
        undo=undo,
        topic=chosen,
    )
    try:
        with BuildProgress(err_console, every=progress_every) as shown:
            calls = Callbacks(progress=shown.source, phase=shown.phase, waiting=shown.say)
            done = publish(request, calls)
    except BuildRefused as refused:
        _warnings(refused.warnings)
        for err in refused.errors:
            _error_line(err.describe(), prefix="error")
        _error_line(refused.reason)
        _exit(exits.EXIT_VIOLATIONS if refused.kind == "violations" else exits.EXIT_REFUSED, refused, debug)
    except StoreBusy as busy:
        _error_line(f"{busy}; the graph is unchanged")
        _exit(exits.EXIT_BUSY, busy, debug)
    except (OSError, MemoryError) as exc:
        _error_line(f"{exits.environment_message(exc)}; the build stopped and the graph is unchanged")
        _exit(exits.EXIT_ENVIRONMENT, exc, debug)
    except WorkerLost as exc:
        _error_line(f"{exc}; the graph is unchanged")
        _exit(exits.EXIT_ENVIRONMENT, exc, debug)
    except KeyboardInterrupt as exc:
        _error_line("interrupted; the graph is unchanged")
        _exit(exits.EXIT_INTERRUPTED, exc, debug)
    except Exception as exc:
        _error_line(
            f"tipkg failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}; the graph is "
            "unchanged (run again with --debug for the traceback, and report it)"
        )
        _exit(exits.EXIT_BUG, exc, debug)
    _report(done, request.out, request.store, topic)


def _report(done: Published, out: Path, store: Path | None, topic: str | None = None) -> None:
    result = done.result
    if done.cleaned:
        err_console.print(f"removed {len(done.cleaned)} leftover(s) of interrupted builds", highlight=False)
    _warnings(result.warnings)
    for err in result.errors:
        _error_line(err.describe(), prefix="error")
    _notices(result, out)
    if result.selection:
        console.print(selection_table(result, topic or ""))
    console.print(summary_table(done.summary))
    where = f"{out}" + ("" if store is None else f" and store {store}")
    console.print(f"wrote {where} in {result.seconds['total']:.2f} s", highlight=False)
    if result.report is not None:
        verdict = (
            "[green]conforms[/green]"
            if result.report.conforms
            else (f"[red]{len(result.report.violations)} violation(s)[/red]; run `tipkg validate {out}`")
        )
        console.print(f"validation: {verdict}")
    if result.errors:
        err_console.print(
            f"{len(result.errors)} source(s) could not be loaded (see above); the graph was updated "
            "without them",
            highlight=False,
        )
        raise typer.Exit(exits.EXIT_REFUSED)


def _warnings(warnings: list[LoadError]) -> None:
    for warning in warnings:
        err_console.print(
            f"[yellow]warning[/yellow] {escape(warning.describe())}", highlight=False, soft_wrap=True
        )


def _error_line(text: str, prefix: str = "error:") -> None:
    err_console.print(f"[red]{prefix}[/red] {escape(text)}", highlight=False, soft_wrap=True)


def _exit(code: int, exc: BaseException, debug: bool) -> NoReturn:
    if debug:
        err_console.print("".join(traceback.format_exception(exc)), highlight=False, markup=False)
    raise typer.Exit(code)

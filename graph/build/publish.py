"""A build as one transaction: the store and the dataset file change together, or not at all.

:func:`publish` is what ``tipkg build`` runs. Holding the store's build lock (a second build waits
or is refused, graph/store/lock.py), it removes what dead builds left, builds into a new generation
(graph/store/generations.py) starting from a checkpoint of the current store, writes the dataset
file into the same generation, and commits it only when the build may replace the graph
(graph/build/outcome.py): enough sources loaded, and no violation under ``--strict``. Any failure
before the commit, a full disk as much as a refusal, leaves the previous graph as it was.

Without a store (``--no-store``) the dataset file alone is replaced, by one ``os.replace``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from tipkg.graph.build.build import BuildResult, Phase, Progress, build
from tipkg.graph.build.dataset_file import remove_spools, write_dataset_file
from tipkg.graph.build.key import read_keys, write_keys
from tipkg.graph.build.limits import SourceLimits
from tipkg.graph.build.outcome import BuildRefused, MinLoaded, check_loaded
from tipkg.graph.build.spool import clean_dead_spools
from tipkg.graph.build.topic import Topic
from tipkg.graph.store.embedded import clean_dead_temp_files, open_new_store
from tipkg.graph.store.generations import Layout, clean, commit, discard, stage
from tipkg.graph.store.lock import build_lock

#: ``summary`` rows: distinct triples need a scan holding every triple in a hash set, fine for the
#: corpus, minutes and gigabytes at a hundred thousand documents
COUNT_TRIPLES_MAX = 5_000_000  # quads


@dataclass(frozen=True)
class BuildRequest:
    """What ``tipkg build`` was asked (its options, as data)."""

    sources: list[Path]
    out: Path
    fmt: str = "trig"
    store: Path | None = None  # None: --no-store
    full: bool = False
    jobs: int = 1
    validate: bool = True
    strict: bool = False
    limits: SourceLimits = field(default_factory=SourceLimits)
    min_loaded: MinLoaded = field(default_factory=MinLoaded)
    wait: float | None = None  # for another build's lock: None as long as it takes, 0 not at all
    undo: bool = False  # also the UN Document Ontology's view (graph/build/undo.py)
    topic: Topic | None = None  # only the topic's collection of the sources (graph/build/collection.py)


@dataclass
class Published:
    """A committed build: what to tell the user once its store is closed."""

    result: BuildResult
    summary: list[tuple[str, str]]
    cleaned: list[str] = field(default_factory=list)  # leftovers of dead builds removed first


@dataclass(frozen=True)
class Callbacks:
    progress: Progress | None = None
    phase: Phase | None = None
    waiting: Callable[[str], None] | None = None


def publish(request: BuildRequest, callbacks: Callbacks | None = None) -> Published:
    """Build and commit, or raise and change nothing (BuildRefused, StoreBusy, OSError …)."""
    calls = callbacks or Callbacks()
    cleaned = clean_dead_spools() + clean_dead_temp_files(request.out.absolute().parent)
    spools: list[str] = []  # kept by the build for the dataset file (graph/build/dataset_file.py)
    try:
        return _publish(request, calls, cleaned, spools)
    finally:
        remove_spools(spools)


def _publish(request: BuildRequest, calls: Callbacks, cleaned: list[str], spools: list[str]) -> Published:
    if request.store is None:
        result = _build(request, calls, None, None, None, spools)
        summary = _judge_and_summarise(request, result)
        _phase(calls, "writing the dataset file")
        write_dataset_file(result.store, result.spooled, request.out, request.fmt, result.quads)
        return Published(result, summary, cleaned)
    layout = Layout(request.store)
    with build_lock(layout.lock, wait=request.wait, on_wait=calls.waiting):
        cleaned += clean(layout)
        staged = stage(layout)
        try:
            base = None if request.full else layout.current_store()
            keys = None if request.full else read_keys(layout.current())
            db = open_new_store(staged, base)
            result = _build(request, calls, db, keys, staged.spool, spools)
            summary = _judge_and_summarise(request, result)
            _phase(calls, "writing the dataset file")
            write_dataset_file(
                result.store, result.spooled, staged.file(request.out), request.fmt, result.quads
            )
            write_keys(staged.dir, result.keys)
            db.flush()
            _phase(calls, "switching to the new graph")
            commit(layout, staged, [request.out])
        except BaseException:
            discard(staged)
            raise
        clean(layout)  # the generation before the previous one
    return Published(result, summary, cleaned)


def _build(
    request: BuildRequest,
    calls: Callbacks,
    db: ox.Store | None,
    keys: dict[str, str] | None,
    spool: Path | None,
    spools: list[str],
) -> BuildResult:
    return build(
        request.sources,
        validate=request.validate,
        progress=calls.progress,
        phase=calls.phase,
        jobs=request.jobs,
        store=db,
        limits=request.limits,
        previous_keys=keys,
        spool_dir=spool,
        undo=request.undo,
        topic=request.topic,
        keep_spools=spools if request.fmt == "nq" else None,
    )


def _judge_and_summarise(request: BuildRequest, result: BuildResult) -> list[tuple[str, str]]:
    """BuildRefused when the build may not replace the graph; else its summary rows."""
    try:
        check_loaded(
            len(result.documents), result.found, request.min_loaded, [str(s) for s in request.sources]
        )
    except BuildRefused as refused:
        refused.errors, refused.warnings = result.errors, result.warnings
        raise
    report = result.report
    if request.strict and report is not None and not report.conforms:
        raise BuildRefused(
            f"{len(report.violations)} violation(s) under --strict; the graph is unchanged "
            "(build without --strict, then `tipkg validate`, to see them)",
            kind="violations",
            errors=result.errors,
            warnings=result.warnings,
        )
    return summary_rows(result)


def summary_rows(result: BuildResult) -> list[tuple[str, str]]:
    """(what, count) rows of the build summary, counted while its store is open."""
    quads = result.quads
    distinct = f"{result.triples:,}" if quads <= COUNT_TRIPLES_MAX else "not counted (large store)"
    rows = [
        ("triples", distinct),
        ("quads", f"{quads:,}"),
        ("named graphs", str(result.graphs())),
        ("documents loaded", str(len(result.documents))),
        ("  parsed in this build", str(result.parsed)),
    ]
    rows += [(name, f"{n:,}") for name, n in result.counts().items()]
    return rows


def _phase(calls: Callbacks, text: str) -> None:
    if calls.phase is not None:
        calls.phase(text)

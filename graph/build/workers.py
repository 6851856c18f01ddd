"""Parse sources into N-Quads, in parallel across cores.

Each worker loads a chunk of sources, writes their triples as N-Quads and, for the build, checks
their graphs; the parent only bulk-loads bytes. Workers are forked after the registry is loaded,
so it is parsed once per build.

Each source is held to :class:`~tipkg.graph.build.limits.SourceLimits` (size before reading, parse
time). A worker that dies (killed, out of memory, or ended by the hard time limit in C code) would
leave its task unanswered and the build waiting for ever: :func:`parse_all` watches the workers,
reports the source the dead one was parsing (each worker notes it in a small file) as not loaded,
and goes on with the others in a new pool.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any, Generic, TypeVar

from tipkg.graph.build.limits import ParseTimeout, SourceLimits, time_limit
from tipkg.graph.build.spool import spool_prefix
from tipkg.loaders.emit import document_iri, emit_nquads
from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.dispatch import load_source
from tipkg.loaders.sources.extracted import file_sha256

T = TypeVar("T")
Check = Callable[[bytes], T]

_REGISTRY: Registry | None = None
_CHECK: Check[Any] | None = None
_LIMITS = SourceLimits()
_NOTES: Path | None = None  # folder where each worker notes the source it parses (see parse_all)
_IN_WORKER = False
WATCH_SECONDS = 1.0  # how often parse_all looks for dead workers while it waits
MAX_RESTARTS = 3  # pools started again after a worker died with no source to blame
IN_FLIGHT = 512  # sources per worker parsed ahead of the caller (~150 KB of N-Quads each)
CHUNK = 64  # sources per worker task: one check of 64 graphs costs less than 64 checks of one


@dataclass(frozen=True)
class Parsed:
    """One source after parsing: its graph as N-Quads, or the reason it could not be loaded."""

    source_path: str
    sha256: str
    graph: str = ""
    document: str = ""
    symbol: str | None = None
    nquads: bytes = b""  # each line once
    triples: int = 0
    error: LoadError | None = None
    notices: tuple[str, ...] = ()  # what the loader read around (Document.notices)
    cites: tuple[tuple[str, str], ...] = ()  # (relation, symbol) of each document it cites (topic builds)


def parse_one(path: Path, registry: Registry | None = None, limits: SourceLimits | None = None) -> Parsed:
    """Load, emit and serialise one source; errors come back as data, never as exceptions."""
    reg = registry or _REGISTRY
    limits = limits or _LIMITS
    try:
        limits.check_size(path, path.stat().st_size)
        sha = file_sha256(path)
    except LoadError as err:
        return Parsed(str(path), "", error=err)
    except OSError as exc:
        return Parsed(str(path), "", error=LoadError(path, f"cannot read: {exc.strerror or exc}"))
    try:
        with time_limit(limits, hard=_IN_WORKER):
            doc = load_source(path, registry=reg)
            gid, data, count = emit_nquads(doc, distinct=True)  # deduplicated here, not in the parent
    except ParseTimeout:
        return Parsed(str(path), sha, error=limits.timed_out(path))
    except LoadError as err:
        return Parsed(str(path), sha, error=err)
    except ValueError as exc:  # a name the text gave that makes no valid IRI
        return Parsed(str(path), sha, error=LoadError(path, f"cannot write its triples: {exc}"))
    return Parsed(
        source_path=str(path),
        sha256=sha,
        graph=gid,
        document=str(document_iri(doc)),
        symbol=doc.symbol,
        nquads=data,
        triples=count,
        notices=tuple(doc.notices),
        cites=cited_documents(doc),
    )


def cited_documents(doc: Document) -> tuple[tuple[str, str], ...]:
    """The documents the text cites by symbol, with the relation of each citation (once each)."""
    pairs = {
        (c.relation, c.target.key)
        for p in doc.all_paragraphs()
        for c in p.citations
        if c.target.kind in ("resolution", "document") and "/" in c.target.key
    }
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Chunk(Generic[T]):
    """Sources parsed by one worker task, in order, and what ``check`` found in their graphs."""

    parsed: list[Parsed]
    checked: T | None = None  # check(N-Quads of the chunk's graphs), or None when not asked
    in_check: frozenset[str] = frozenset()  # source paths whose graph ``check`` saw
    check_seconds: float = 0.0


def parse_chunk(
    paths: Sequence[Path], registry: Registry | None = None, check: Check[T] | None = None
) -> Chunk[T]:
    """Parse each source; then ``check`` the graphs together, each graph from its first source
    (a later source of the same document would be refused by the caller, so it is left out)."""
    parsed = []
    for path in paths:
        _note(str(path))
        parsed.append(parse_one(path, registry))
    _note(CHECKING if check is not None else "")
    if check is None:
        return Chunk(parsed)
    first: dict[str, Parsed] = {}
    for p in parsed:
        if p.error is None:
            first.setdefault(p.graph, p)
    start = time.perf_counter()
    found = check(b"".join(p.nquads for p in first.values()))
    _note("")
    return Chunk(parsed, found, frozenset(p.source_path for p in first.values()), time.perf_counter() - start)


CHECKING = "\0check"  # noted while a worker checks its chunk's graphs (no one source to blame)


def _note(what: str) -> None:
    """In a worker: write down the source it starts (read by parse_all if the worker dies)."""
    if _NOTES is not None:
        with contextlib.suppress(OSError):
            (_NOTES / str(os.getpid())).write_text(what, encoding="utf-8")


def _worker_init() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # a parse allocates a document's nodes by the hundred thousand, nearly all kept until it is
    # written: a young collection every 50,000 allocations, not 700, spares ~2% of the parse's CPU
    gc.set_threshold(50_000, 10, 10)


def _worker(paths: Sequence[Path]) -> Chunk[Any]:
    return parse_chunk(paths, None, _CHECK)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def chunk_size(sources: int, jobs: int) -> int:
    """Sources per worker task: up to :data:`CHUNK`, and at least four tasks per worker."""
    return max(1, min(CHUNK, -(-sources // (jobs * 4))))


class WorkerLost(RuntimeError):
    """Parse workers died again and again with no source to blame: the build cannot go on."""


def parse_all(
    paths: Sequence[Path],
    registry: Registry,
    jobs: int = 1,
    check: Check[T] | None = None,
    limits: SourceLimits | None = None,
) -> Iterator[Chunk[T]]:
    """Parsed sources in chunks, in the order given; ``jobs`` > 1 forks that many workers.

    ``check`` runs in the worker on each chunk's N-Quads (the build's per-source validation), so it
    is spread over the workers instead of queueing in the caller. At most :data:`IN_FLIGHT`
    sources per worker are handed out ahead of the chunk the caller is at: without that bound,
    workers faster than the caller's store filled the parent's memory with parsed graphs waiting
    their turn (2.5 GB a third of the way into 100,000 documents).

    A worker that dies takes its task with it: the source it was parsing comes back as not loaded
    (its own one-source chunk, first), and the chunks not yet returned are parsed again without it.
    """
    global _REGISTRY, _CHECK, _LIMITS, _NOTES
    size = chunk_size(len(paths), jobs)
    chunks = [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    _LIMITS = limits or SourceLimits()
    try:
        if jobs <= 1 or len(chunks) < 2:
            for chunk in chunks:
                yield parse_chunk(chunk, registry, check)
            return
        _REGISTRY, _CHECK = registry, check  # inherited by the forked workers
        registry.linker.compile()  # its regular expressions compiled once, here, not in every worker
        _NOTES = Path(tempfile.mkdtemp(prefix=spool_prefix() + "workers-"))
        gc.freeze()  # what exists now (the registry, the checks) is never collected in the workers: ~3% CPU
        restarts = 0
        while chunks:
            lost: _Lost | None = None
            with contextlib.closing(_pooled(chunks, jobs)) as results:
                for item in results:
                    if isinstance(item, _Lost):
                        lost = item
                        break
                    chunks = chunks[1:]
                    yield item
            if lost is None:
                return
            culprit = lost.source
            if culprit is None or culprit == CHECKING:
                # idle, or checking a chunk's graphs: no one source to blame; parse those chunks again
                restarts += 1
                if restarts > MAX_RESTARTS:
                    raise WorkerLost(f"parse workers died {restarts} times (the last {lost.how})")
                continue
            yield Chunk([Parsed(culprit, "", error=LoadError(culprit, f"its parse worker {lost.how}"))])
            chunks = [c for c in ([p for p in chunk if str(p) != culprit] for chunk in chunks) if c]
    finally:
        gc.unfreeze()
        if _NOTES is not None:
            shutil.rmtree(_NOTES, ignore_errors=True)
        _REGISTRY, _CHECK, _LIMITS, _NOTES = None, None, SourceLimits(), None


@dataclass(frozen=True)
class _Lost:
    source: str | None  # what the dead worker noted it was parsing
    how: str


def _pooled(chunks: list[list[Path]], jobs: int) -> Generator[Chunk[Any] | _Lost, None, None]:
    """The chunks' results from a pool of ``jobs`` workers, in order; a :class:`_Lost` (and the
    end) as soon as one worker is seen dead."""
    size = max(len(c) for c in chunks)
    slots = threading.Semaphore(jobs * max(1, IN_FLIGHT // size))
    stop = threading.Event()

    def handed_out() -> Iterator[Sequence[Path]]:
        for chunk in chunks:
            slots.acquire()  # the pool's task thread waits here, not the caller
            if stop.is_set():
                return
            yield chunk

    pool = mp.get_context("fork").Pool(jobs, initializer=_worker_init)
    try:
        workers = _workers(pool)
        results = pool.imap(_worker, handed_out())
        while True:
            try:
                done = results.next(timeout=WATCH_SECONDS)
            except StopIteration:
                break
            except mp.TimeoutError:
                dead = [p for p in workers.values() if p.exitcode is not None]
                if dead:
                    yield _Lost(_noted(dead[0].pid), _how(dead[0].exitcode))
                    return
                workers.update(_workers(pool))
                continue
            slots.release()
            yield done
        pool.close()
    finally:  # a caller that stops early, or a lost worker: let the task thread finish, then end the pool
        stop.set()
        slots.release()
        pool.terminate()
        pool.join()


def _workers(pool: Pool) -> dict[int | None, Any]:
    """The pool's worker processes by pid (``Pool._pool``: the stdlib keeps no public list)."""
    return {p.pid: p for p in getattr(pool, "_pool", [])}


def _noted(pid: int | None) -> str | None:
    if _NOTES is None or pid is None:
        return None
    try:
        return (_NOTES / str(pid)).read_text(encoding="utf-8") or None
    except OSError:
        return None


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    if exitcode == 1:
        return f"was ended after {_LIMITS.hard_seconds:g} s without coming back from the parser (--parse-timeout)"
    return f"exited with code {exitcode}"

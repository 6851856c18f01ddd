"""Parse sources into N-Quads, in parallel across cores.

Each worker loads a chunk of sources, writes their triples as N-Quads and, for the build, checks
their graphs; the parent only bulk-loads bytes. Workers are forked after the registry is loaded,
so it is parsed once per build.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tipkg.loaders.emit import document_iri, emit_nquads
from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.dispatch import load_source
from tipkg.loaders.sources.extracted import file_sha256

T = TypeVar("T")
Check = Callable[[bytes], T]

_REGISTRY: Registry | None = None
_CHECK: Check[Any] | None = None
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
    nquads: bytes = b""
    triples: int = 0
    error: LoadError | None = None


def parse_one(path: Path, registry: Registry | None = None) -> Parsed:
    """Load, emit and serialise one source; errors come back as data, never as exceptions."""
    reg = registry or _REGISTRY
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return Parsed(str(path), "", error=LoadError(path, f"cannot read: {exc.strerror or exc}"))
    try:
        doc = load_source(path, registry=reg)
        gid, data, count = emit_nquads(doc)
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
    )


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
    parsed = [parse_one(path, registry) for path in paths]
    if check is None:
        return Chunk(parsed)
    first: dict[str, Parsed] = {}
    for p in parsed:
        if p.error is None:
            first.setdefault(p.graph, p)
    start = time.perf_counter()
    found = check(b"".join(p.nquads for p in first.values()))
    return Chunk(parsed, found, frozenset(p.source_path for p in first.values()), time.perf_counter() - start)


def _worker(paths: Sequence[Path]) -> Chunk[Any]:
    return parse_chunk(paths, None, _CHECK)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def chunk_size(sources: int, jobs: int) -> int:
    """Sources per worker task: up to :data:`CHUNK`, and at least four tasks per worker."""
    return max(1, min(CHUNK, -(-sources // (jobs * 4))))


def parse_all(
    paths: Sequence[Path], registry: Registry, jobs: int = 1, check: Check[T] | None = None
) -> Iterator[Chunk[T]]:
    """Parsed sources in chunks, in the order given; ``jobs`` > 1 forks that many workers.

    ``check`` runs in the worker on each chunk's N-Quads (the build's per-source validation), so it
    is spread over the workers instead of queueing in the caller. At most :data:`IN_FLIGHT`
    sources per worker are handed out ahead of the chunk the caller is at: without that bound,
    workers faster than the caller's store filled the parent's memory with parsed graphs waiting
    their turn (2.5 GB a third of the way into 100,000 documents).
    """
    global _REGISTRY, _CHECK
    size = chunk_size(len(paths), jobs)
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    if jobs <= 1 or len(chunks) < 2:
        for chunk in chunks:
            yield parse_chunk(chunk, registry, check)
        return
    slots = threading.Semaphore(jobs * max(1, IN_FLIGHT // size))
    stop = threading.Event()

    def handed_out() -> Iterator[Sequence[Path]]:
        for chunk in chunks:
            slots.acquire()  # the pool's task thread waits here, not the caller
            if stop.is_set():
                return
            yield chunk

    _REGISTRY, _CHECK = registry, check  # inherited by the forked workers
    gc.freeze()  # what exists now (the registry, the checks) is never collected in the workers: ~3% CPU
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            try:
                for done in pool.imap(_worker, handed_out()):
                    slots.release()
                    yield done
            finally:  # a caller that stops early: let the task thread finish, or closing waits on it
                stop.set()
                slots.release()
    finally:
        gc.unfreeze()
        _REGISTRY, _CHECK = None, None

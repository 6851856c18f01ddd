"""Parse sources into N-Quads, in parallel across cores.

Each worker loads a source, emits its triples and serialises them with Oxigraph; the parent only
bulk-loads bytes. Workers are forked after the registry is loaded, so it is parsed once per build.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from tipkg.graph.store import to_ox
from tipkg.loaders.dispatch import load_source
from tipkg.loaders.emit import document_iri, emit_triples
from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry import Registry

_REGISTRY: Registry | None = None


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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def nquads(triples: Iterable[tuple[Node, Node, Node]], graph: str) -> bytes:
    """Serialise triples into one named graph as N-Quads."""
    g = ox.NamedNode(graph)
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]  # type: ignore[arg-type]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def parse_one(path: Path, registry: Registry | None = None) -> Parsed:
    """Load, emit and serialise one source; errors come back as data, never as exceptions."""
    reg = registry or _REGISTRY
    try:
        sha = sha256_of(path)
    except OSError as exc:
        return Parsed(str(path), "", error=LoadError(path, f"cannot read: {exc.strerror or exc}"))
    try:
        doc = load_source(path, registry=reg)
        gid, triples = emit_triples(doc)
    except LoadError as err:
        return Parsed(str(path), sha, error=err)
    return Parsed(
        source_path=str(path),
        sha256=sha,
        graph=str(gid),
        document=str(document_iri(doc)),
        symbol=doc.symbol,
        nquads=nquads(triples, str(gid)),
        triples=len(triples),
    )


def _worker(path: Path) -> Parsed:
    return parse_one(path)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def parse_all(paths: Sequence[Path], registry: Registry, jobs: int = 1) -> Iterator[Parsed]:
    """Parsed sources in the order given; ``jobs`` > 1 forks that many workers."""
    global _REGISTRY
    if jobs <= 1 or len(paths) < 2 * jobs:
        for path in paths:
            yield parse_one(path, registry)
        return
    _REGISTRY = registry  # inherited by the forked workers
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_worker, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8))))
    finally:
        _REGISTRY = None

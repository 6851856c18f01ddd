"""The floor under a build: each part of the build's work timed alone, against the build itself.

    .venv/bin/python bench/bench_floor.py --size 10000 --corpus /tmp/benchcorpus [--jobs 2] [--out floor.json]

Issue 7 asks for build plus validation of 10,000 documents in under a minute on two cores. This
bench asks whether any schedule of the build's work could do that. It runs each part of the work,
one after another with nothing alongside, on the same sources, and counts its CPU seconds (user +
sys, of this process's threads and of its finished worker processes). No schedule finishes C
CPU-seconds of work on k cores in under C / k seconds, so the sum of the parts over the cores is a
lower bound on the build's wall time. The parts call the build's own functions:

1. parse: graph/pipeline.parse_all over ``--jobs`` forked workers without the checks (loaders, emit,
   N-Quads text), spooled to a file as the build spools it;
2. per-source checks: StreamingValidator.check on the same N-Quads, in the build's chunks, over
   ``--jobs`` forked workers (the build runs them in its parse workers);
3. on-disk load: the context (ontology, registry) and the spool bulk-loaded into a fresh on-disk
   Oxigraph store in one load (the build makes about four; one costs the least CPU, graph/build/build.py);
4. stub flags: graph/build.flag_stubs;
5. compaction: ``Store.optimize``, which the build runs beside the cross-document checks;
6. cross-document checks: StreamingValidator.finish on the store (the shapes run once, and locating
   what they find);
7. and 8. in-memory load and cross-document checks: the same into a fresh in-memory store, the floor
   of a build without the on-disk store (``tipkg build --no-store``, ``KnowledgeGraph.build``);
   ``--no-memory`` leaves them out (at 100,000 documents the store would not fit).

The baseline, measured in the same run: the whole build (graph/build.build with validation into a fresh
on-disk store, as ``tipkg build`` and bench/bench_scale.py run it) in a child process. The table gives
each part's wall and CPU seconds and its CPU as a share of the build's; then the lower bounds (parts 1-6
for the on-disk build, 1, 2, 7, 8 for the in-memory one) against the build's wall time and the target.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from corpora import corpus_files, write_corpus
from timing import cpu_total

from tipkg.graph.build.build import build, flag_stubs
from tipkg.graph.build.workers import chunk_size, parse_all
from tipkg.graph.validate.streaming import StreamingValidator
from tipkg.loaders.emit import nquads
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.rdf import registry_graphs
from tipkg.ontology import ontology_graph

TARGET_SECONDS = 60.0  # issue 7: build plus validation at 10,000 documents on this machine
ON_DISK = ("parse", "per-source checks", "on-disk load", "stub flags", "compaction", "cross-document checks")
IN_MEMORY = ("parse", "per-source checks", "in-memory load", "cross-document checks in memory")
Json = dict[str, Any]


@dataclass
class Part:
    name: str
    wall: float
    cpu: float  # user + sys: this process's threads and its finished workers
    note: str = ""

    @property
    def cores(self) -> float:
        return self.cpu / self.wall if self.wall > 0 else 0.0


@dataclass
class Floor:
    documents: int
    quads: int
    jobs: int
    cores: int
    parts: list[Part] = field(default_factory=list)
    build: Part | None = None
    violations: int = 0

    def cpu_of(self, names: tuple[str, ...]) -> float | None:
        have = {p.name: p.cpu for p in self.parts}
        return sum(have[n] for n in names) if all(n in have for n in names) else None


@contextmanager
def timed(floor: Floor, name: str) -> Iterator[Part]:
    """Append a part measured over the block; the block may add a note to it."""
    part = Part(name, 0.0, 0.0)
    w, c = time.perf_counter(), cpu_total()
    yield part
    part.wall, part.cpu = time.perf_counter() - w, cpu_total() - c
    floor.parts.append(part)


# ------------------------------------------------------------------ the per-source checks' workers

_VALIDATOR: StreamingValidator | None = None
_SPOOL = ""


def _check_chunk(extent: tuple[int, int]) -> int:
    """Violations the per-source checks find in one chunk of the spool (read here, not piped)."""
    assert _VALIDATOR is not None
    with open(_SPOOL, "rb") as fh:
        fh.seek(extent[0])
        data = fh.read(extent[1])
    return sum(len(found) for found in _VALIDATOR.check(data))


def _checks(validator: StreamingValidator, spool: Path, extents: list[tuple[int, int]], jobs: int) -> int:
    global _VALIDATOR, _SPOOL
    _VALIDATOR, _SPOOL = validator, str(spool)
    try:
        if jobs <= 1:
            return sum(map(_check_chunk, extents))
        with mp.get_context("fork").Pool(jobs) as pool:
            return sum(pool.imap_unordered(_check_chunk, extents))
    finally:
        _VALIDATOR, _SPOOL = None, ""


# ---------------------------------------------------------------------------------- the parts


def measure_parts(files: list[Path], jobs: int, work: Path, memory: bool) -> Floor:
    registry = load_registry()
    context = b"".join(nquads(g, str(g.identifier)) for g in [ontology_graph(), *registry_graphs(registry)])
    validator = StreamingValidator(context)
    floor = Floor(documents=0, quads=0, jobs=jobs, cores=os.cpu_count() or 1)
    spool = work / "spool.nq"
    extents: list[tuple[int, int]] = []  # (offset, length) of each chunk, as the build's workers check it

    with timed(floor, "parse") as part, spool.open("wb") as out:
        for chunk in parse_all(files, registry, jobs):
            start = out.tell()
            seen: set[str] = set()
            for parsed in chunk.parsed:
                if parsed.error is None and parsed.graph not in seen:
                    seen.add(parsed.graph)
                    out.write(parsed.nquads)
                    floor.documents += 1
            extents.append((start, out.tell() - start))
        part.note = f"{floor.documents:,} documents, {chunk_size(len(files), jobs)} per chunk"
    with timed(floor, "per-source checks") as part:
        found = _checks(validator, spool, extents, jobs)
        part.note = f"{len(validator.local)} checks, {found} violation(s)"

    def load(store: ox.Store) -> None:
        store.bulk_load(context, format=ox.RdfFormat.N_QUADS, lenient=True)
        store.bulk_load(path=str(spool), format=ox.RdfFormat.N_QUADS, lenient=True)

    def cross(store: ox.Store, name: str) -> int:
        with timed(floor, name) as part:
            report = validator.finish(store)
            part.note = f"{len(validator.once)} checks, {len(report.violations)} violation(s)"
        return len(report.violations)

    disk = ox.Store(str(work / "store"))
    with timed(floor, "on-disk load"):
        load(disk)
    floor.quads = len(disk)
    with timed(floor, "stub flags"):
        flag_stubs(disk)
    with timed(floor, "compaction"):
        disk.optimize()
    floor.violations = cross(disk, "cross-document checks")
    del disk
    if memory:
        mem = ox.Store()
        with timed(floor, "in-memory load"):
            load(mem)
        flag_stubs(mem)  # not timed: the on-disk figure stands for it
        cross(mem, "cross-document checks in memory")
    spool.unlink()
    return floor


def measure_build(files: list[Path], jobs: int, work: Path) -> Part:
    """The whole build in a child process (a fresh interpreter, as ``tipkg build`` runs)."""
    listing = work / "files.json"
    listing.write_text(json.dumps([str(f) for f in files]), encoding="utf-8")
    child = {"files": str(listing), "jobs": jobs, "store": str(work / "build-store")}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(child)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the build failed: {proc.stderr[-2000:]}")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return Part("build", got["wall"], got["cpu"], got["note"])


def _child(cfg: Json) -> None:
    files = [Path(f) for f in json.loads(Path(cfg["files"]).read_text(encoding="utf-8"))]
    w, c = time.perf_counter(), cpu_total()
    result = build(files, validate=True, jobs=int(cfg["jobs"]), store=ox.Store(cfg["store"]))
    wall, cpu = time.perf_counter() - w, cpu_total() - c
    assert result.report is not None
    note = f"{len(result.documents):,} documents, {len(result.report.violations)} violation(s)"
    print(json.dumps({"wall": wall, "cpu": cpu, "note": note}))


# --------------------------------------------------------------------------------- the report


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(
        c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def bounds(floor: Floor) -> list[Json]:
    """Lower bounds on the wall time (CPU / cores) of each kind of build, against the target.

    The weaker bound counts only parsing and the store's load, which any build of these sources with
    these loaders and this data model does; it decides whether the target is ruled out. The other
    counts every part. ``parse_budget_ms``: the parsing CPU per document that would leave the target
    in reach with every other part as measured (negative: none would).
    """
    out = []
    for name, parts in (("on-disk build", ON_DISK), ("in-memory build", IN_MEMORY)):
        every, core = floor.cpu_of(parts), floor.cpu_of(parts[:1] + parts[2:3])  # parse, the load
        if every is None or core is None:
            continue
        parse = floor.cpu_of(("parse",)) or 0.0
        docs = max(1, floor.documents)
        out.append(
            {
                "build": name,
                "parts": list(parts),
                "cpu_s": every,
                "bound_s": every / floor.cores,
                "parse_and_load_cpu_s": core,
                "parse_and_load_bound_s": core / floor.cores,
                "target_s": TARGET_SECONDS,
                "target_ruled_out": core / floor.cores >= TARGET_SECONDS,
                "parse_ms": 1000 * parse / docs,
                "parse_budget_ms": 1000 * (TARGET_SECONDS * floor.cores - (every - parse)) / docs,
            }
        )
    return out


def report(floor: Floor) -> str:
    build_cpu = floor.build.cpu if floor.build else None
    widths = [34, 8, 8, 6, 12]
    lines = [
        f"floor at {floor.documents:,} documents ({floor.quads:,} quads in the store, "
        f"{floor.quads / max(1, floor.documents):,.0f} per document); {floor.cores} cores; jobs {floor.jobs}",
        _row(["part", "wall s", "CPU s", "cores", "CPU / build"], widths),
    ]
    for p in [*floor.parts, *([floor.build] if floor.build else [])]:
        share = f"{p.cpu / build_cpu:.2f}x" if build_cpu else "-"
        lines.append(_row([p.name, f"{p.wall:,.1f}", f"{p.cpu:,.1f}", f"{p.cores:.2f}", share], widths))
        if p.note:
            lines.append(f"    {p.note}")
    lines.append(f"\nlower bounds on {floor.cores} cores (CPU seconds / cores):")
    for b in bounds(floor):
        measured = (
            f"; the build: {floor.build.wall:,.1f} s" if floor.build and b["build"] == "on-disk build" else ""
        )
        verdict = "ruled out" if b["target_ruled_out"] else "not ruled out by this bound"
        lines.append(
            f"  {b['build']}: parse + load {b['parse_and_load_bound_s']:,.1f} s, every part "
            f"{b['bound_s']:,.1f} s{measured}; under {TARGET_SECONDS:.0f} s: {verdict}"
        )
        budget = b["parse_budget_ms"]
        lines.append(
            f"    parsing takes {b['parse_ms']:.2f} ms of CPU per document; to fit, with the other parts "
            + (
                f"as measured, it would need {budget:.2f} ms"
                if budget > 0
                else "as measured, no time is left for it"
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--size", type=int, default=10_000, help="documents (the corpus's first N files)")
    ap.add_argument("--jobs", type=int, default=2, help="parse workers, as tipkg build --jobs")
    ap.add_argument("--corpus", type=Path, help="a tipkg synth corpus to reuse (default: written, seed 1)")
    ap.add_argument("--no-memory", action="store_true", help="leave out the in-memory store (parts 7, 8)")
    ap.add_argument("--no-build", action="store_true", help="leave out the baseline (the whole build)")
    ap.add_argument("--workdir", type=Path, help="where the spool and stores go (default: $TMPDIR)")
    ap.add_argument("--out", type=Path, help="write the figures to this JSON file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return 0
    if args.size <= 0:
        ap.error("--size: give a positive number")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tipkg-bench-floor-", dir=args.workdir))
    try:
        files = corpus_files(args.corpus or write_corpus(args.size, 1, work / "corpus"), args.size)
        if len(files) < args.size:
            raise SystemExit(f"the corpus holds {len(files):,} resolutions, fewer than {args.size:,}")
        floor = measure_parts(files, args.jobs, work, memory=not args.no_memory)
        if not args.no_build:
            floor.build = measure_build(files, args.jobs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(floor))
    if args.out:
        doc = {"command": [sys.executable, *sys.argv], **asdict(floor), "bounds": bounds(floor)}
        args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

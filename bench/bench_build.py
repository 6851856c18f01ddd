"""Benchmark the build on synthetic corpora: parse+emit, validation, memory, per-document cost.

    python bench/bench_build.py --sizes 1000,10000 [--baseline-max 10000]

One synthetic corpus of the largest size is written (``tipkg.synth.corpus``; a smaller corpus of the same
seed is a prefix of a larger one, so each size uses the first N files). Each size is then measured
in a fresh child process, so peak memory (``ru_maxrss``) belongs to that size alone:

* build: ``tipkg.graph.build.build.build(files, validate=...)`` -- registry, parse, emit, store
  (``--build-jobs`` is passed on when build() takes ``jobs``); validation is build()'s own, timed
  apart from the rest by ``result.seconds["validate"]`` (``--no-validate`` skips it);
* parse / emit split: ``load_source`` and ``emit`` timed apart on the first ``--sample`` files.

The baseline, measured in the same run for sizes up to ``--baseline-max``, is the reference
pipeline written out here: one file after another, ``load_source`` + ``emit`` into an in-memory
rdflib Dataset. Its time over the build's is the speed-up the build has over the plain pipeline
(1.0 while build() is that pipeline; more once the build gets a faster store or parallel loading).

The corpus's manifest.json stays where the loaders find it, as for a user's build;
``--hide-manifest`` renames it, to measure the loaders from the text alone.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpora import MANIFEST, corpus_files, write_corpus
from timing import maxrss_mib

HIDDEN_MANIFEST = "manifest.synth.json"


def _files(corpus: Path, n: int) -> list[Path]:
    """The first ``n`` files of the corpus in manifest (date) order, the manifest hidden or not."""
    return corpus_files(corpus, n, MANIFEST if (corpus / MANIFEST).exists() else HIDDEN_MANIFEST)


def _peak_mb() -> float:
    """Peak resident memory of this process in MiB."""
    return maxrss_mib(resource.RUSAGE_SELF)


def measure_build(corpus: Path, n: int, sample: int, validate: bool, jobs: int) -> dict[str, Any]:
    """Child process: ``build()`` the first ``n`` files (with its own validation), then the split."""
    from tipkg.graph.build.build import build
    from tipkg.loaders.emit import emit
    from tipkg.loaders.registry.load import load_registry
    from tipkg.loaders.sources.dispatch import load_source

    files = _files(corpus, n)
    kwargs: dict[str, Any] = {}
    if "jobs" in inspect.signature(build).parameters:
        kwargs["jobs"] = jobs
    t0, c0 = time.perf_counter(), time.process_time()
    result = build(files, validate=validate, **kwargs)
    total_s, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    validate_s = result.seconds.get("validate", 0.0)
    out: dict[str, Any] = {
        "size": n,
        "build_s": total_s - validate_s,  # registry + parse + emit + store
        "build_cpu_s": total_cpu,  # this process only (parse workers, if any, not included)
        "registry_s": result.seconds.get("registry", 0.0),
        "documents": len(result.documents),
        "errors": len(result.errors),
        "first_error": result.errors[0].describe() if result.errors else None,
        "triples": result.triples,
        "jobs": kwargs.get("jobs", 1),
    }
    if validate and result.report is not None:
        out["validate_s"] = validate_s
        out["violations"] = len(result.report.violations)
    out["peak_mb"] = _peak_mb()
    registry = load_registry()
    parse_s = emit_s = 0.0
    k = min(sample, n)
    flagged = 0
    for path in files[:k]:
        t = time.perf_counter()
        doc = load_source(path, registry=registry)
        parse_s += time.perf_counter() - t
        flagged += int(doc.synthetic)
        t = time.perf_counter()
        emit(doc)
        emit_s += time.perf_counter() - t
    out["sample"] = k
    out["sample_flagged_synthetic"] = flagged
    out["parse_ms_per_doc"] = 1000 * parse_s / k if k else 0.0
    out["emit_ms_per_doc"] = 1000 * emit_s / k if k else 0.0
    return out


def measure_baseline(corpus: Path, n: int) -> dict[str, Any]:
    """Child process: the reference pipeline, one file after another into an rdflib Dataset."""
    from rdflib import Dataset

    from tipkg.loaders.emit import emit
    from tipkg.loaders.errors import LoadError
    from tipkg.loaders.registry.load import load_registry
    from tipkg.loaders.registry.rdf import registry_graphs
    from tipkg.loaders.sources.dispatch import load_source

    t0 = time.perf_counter()
    registry = load_registry()
    ds = Dataset()
    for g in registry_graphs(registry):
        target = ds.graph(g.identifier)
        ds.addN((s, p, o, target) for s, p, o in g)
    for path in _files(corpus, n):
        try:
            g = emit(load_source(path, registry=registry))
        except LoadError:
            continue
        target = ds.graph(g.identifier)
        ds.addN((s, p, o, target) for s, p, o in g)
    return {
        "size": n,
        "baseline_s": time.perf_counter() - t0,
        "baseline_triples": len(ds),
        "peak_mb": _peak_mb(),
    }


def _child(args: list[str]) -> dict[str, Any]:
    """Run this script in a fresh interpreter and read the JSON line it prints last."""
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=os.environ.copy(), check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench child {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _table(rows: list[dict[str, Any]], synth: dict[str, Any]) -> str:
    cols = [
        ("docs", lambda r: f"{r['size']:,}"),
        ("build s", lambda r: f"{r['build_s']:.1f}"),
        ("docs/s", lambda r: f"{r['documents'] / r['build_s']:.1f}"),
        ("triples", lambda r: f"{r['triples']:,}"),
        ("triples/s", lambda r: f"{r['triples'] / r['build_s']:,.0f}"),
        ("ms/doc", lambda r: f"{1000 * r['build_s'] / r['size']:.1f}"),
        ("cpu ms/doc", lambda r: f"{1000 * r['build_cpu_s'] / r['size']:.1f}"),
        ("parse ms/doc", lambda r: f"{r['parse_ms_per_doc']:.1f}"),
        ("emit ms/doc", lambda r: f"{r['emit_ms_per_doc']:.1f}"),
        ("validate s", lambda r: f"{r['validate_s']:.1f}" if "validate_s" in r else "-"),
        (
            "validate ms/doc",
            lambda r: f"{1000 * r['validate_s'] / r['size']:.1f}" if "validate_s" in r else "-",
        ),
        ("peak MiB", lambda r: f"{r['peak_mb']:.0f}"),
        ("baseline s", lambda r: f"{r['baseline_s']:.1f}" if "baseline_s" in r else "-"),
        ("baseline/build", lambda r: f"{r['baseline_s'] / r['build_s']:.2f}" if "baseline_s" in r else "-"),
        ("errors", lambda r: str(r["errors"])),
    ]
    cells = [[name for name, _ in cols]] + [[f(r) for _, f in cols] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    base = rows[0]
    lines.append("")
    lines.append("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    lines.append(
        f"synthetic corpus: {synth['documents']:,} documents written in {synth['seconds']:.1f} s "
        f"({synth['documents'] / synth['seconds']:,.0f} docs/s, {synth['jobs']} worker(s))"
    )
    for r in rows[1:]:
        ratio = (r["build_s"] / r["size"]) / (base["build_s"] / base["size"])
        lines.append(f"per-document build cost at {r['size']:,} / at {base['size']:,}: {ratio:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--baseline-max", type=int, default=10000, help="run the baseline up to this size")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="synth worker processes (0: one per CPU)")
    ap.add_argument("--build-jobs", type=int, default=1, help="jobs for build(), where it takes them")
    ap.add_argument("--sample", type=int, default=100, help="files timed for the parse/emit split")
    ap.add_argument("--workdir", type=Path, help="where the corpus goes (default: a temporary folder)")
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--hide-manifest", action="store_true", help="rename manifest.json while measuring")
    ap.add_argument("--json", action="store_true", help="also print the rows as JSON")
    ap.add_argument("--one", choices=("build", "baseline"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one:  # child process
        n = int(args.sizes)
        if args.one == "build":
            out = measure_build(args.corpus, n, args.sample, not args.no_validate, args.build_jobs)
        else:
            out = measure_baseline(args.corpus, n)
        print(json.dumps(out))
        return 0

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    work = args.workdir or Path(tempfile.mkdtemp(prefix="tipkg-bench-"))
    corpus = work / f"synth-{args.seed}-{max(sizes)}"
    t0 = time.perf_counter()
    write_corpus(max(sizes), args.seed, corpus, jobs=args.jobs or None)
    synth = {
        "documents": max(sizes),
        "seconds": time.perf_counter() - t0,
        "jobs": args.jobs or os.cpu_count(),
    }
    print(f"corpus: {corpus}; load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    if args.hide_manifest:
        (corpus / MANIFEST).rename(corpus / HIDDEN_MANIFEST)
    rows: list[dict[str, Any]] = []
    try:
        for n in sizes:
            common = ["--sizes", str(n), "--corpus", str(corpus), "--sample", str(args.sample)]
            common += ["--build-jobs", str(args.build_jobs)]
            print(f"measuring {n:,} documents ...", file=sys.stderr)
            row = _child(["--one", "build", *common, *(["--no-validate"] if args.no_validate else [])])
            if n <= args.baseline_max:
                base = _child(["--one", "baseline", *common])
                row["baseline_s"] = base["baseline_s"]
                row["baseline_peak_mb"] = base["peak_mb"]
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(_table(rows, synth))
    if args.json:
        print(json.dumps({"synth": synth, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

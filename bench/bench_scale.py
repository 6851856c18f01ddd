"""Issue 7, item 4: build, validation, chain queries and export at scale, each against the naive baseline.

    .venv/bin/python bench/bench_scale.py --sizes 1000,10000,100000 [--jobs 2] [--baseline-limit 900]
        [--queries 200] [--query-timeout 10] [--step-limit 1800] [--seed 1] [--corpus DIR]
        [--workdir DIR] [--out results.json]

One synthetic corpus of the largest size is written with ``tipkg.synth.corpus`` (or reused with ``--corpus``:
a folder holding a large enough one, or an empty/new folder to keep it in); a smaller corpus of the same
seed is a prefix of a larger one, so each size uses the first N files of the manifest. Each size is
measured in fresh child processes, so peak memory is that size's own.

tipkg (what a user runs), one child process per size, steps in this order:

* build: ``graph.store.staged_store`` + ``graph.build.build(files, validate=True, jobs=--jobs, store=db)``
  into an on-disk Oxigraph store directory: what ``tipkg build SOURCES --store DIR --jobs N`` does, minus
  writing the ``--out`` dataset file (timed below as the N-Quads export). Validation is the shapes
  compiled to SPARQL, run by build() itself: the per-source shapes by the parse workers on each chunk
  as they parse it (inside the build's time; their own seconds are printed below the table), the
  rest after the load, timed apart from ``result.seconds["validate"]``;
* queries: the store opened as ``tipkg query`` opens it (``open_graph``), then
  ``graph.queries.run(source, "ancestors" | "descendants", {"doc": IRI})`` -- the code path of
  ``tipkg query ancestors --param doc=...`` -- for ``--queries`` documents drawn at random (``--seed``)
  from the loaded ones. The very first query after opening the store (cold) is reported apart and then
  asked again with the others;
* export: GEXF as ``tipkg export gexf`` writes it (``export_graph`` + ``write_gexf`` on the store), and
  N-Quads of the whole store as ``tipkg build --format nq`` writes it (``graph.store.dump_store``).

Baseline, in the same run, one child process per size: ``load_source`` + ``emit`` of each file (plus the
ontology and registry graphs, as the build has them) into an rdflib Dataset on the Memory store; one
whole-graph pyshacl run (``graph.validate.validate``); the same named queries on that Dataset with
rdflib's SPARQL engine, as written (property paths: ``RdflibSource``, ``walk=False``); export by rdflib (``export_graph`` on the
Dataset + ``write_gexf``, and ``Dataset.serialize(format="nquads")``).

Limits. A baseline step runs for at most ``--baseline-limit`` seconds; one that reaches it is stopped
and reported as "> limit" (its ratio is then a lower bound, printed ">= x"). A baseline step is not
started when its prediction -- the previous size's measured seconds (or prediction) scaled by the number
of documents -- exceeds the limit, nor when the predicted peak memory exceeds 80% of the memory
available; the table says "skip" and the JSON keeps the prediction, labelled as one. One chain query
(either side) may take ``--query-timeout`` seconds: a query past it is cut and counted as "> timeout"
(a percentile landing on it is printed "> t", t the shortest time after which a query was cut). A
query stuck in native code (Oxigraph), which no signal reaches, is cut by killing its process 2 s
later; the next query then runs in a fresh process on the re-opened store. All the queries of a side
share one budget (``--baseline-limit``; for tipkg ``--step-limit``); a query cut by the budget is no
figure. Where the baseline answered only some of the queries, the query ratios are taken over those
(marked "*", with tipkg's figures on them below the table). A tipkg export step is cut after
``--step-limit`` seconds; the tipkg build has no limit. Every figure printed is measured in this run;
predictions say so. A step that fails is reported (the JSON keeps the traceback's last lines); the
run goes on. Temporary stores and files go to a folder under ``--workdir`` (or $TMPDIR), removed at
the end; the written corpus too, unless ``--corpus`` names where to keep it.

Per-size table, one row per step: ``tipkg`` and ``baseline`` (seconds or milliseconds), ``baseline /
tipkg`` (how many times faster tipkg is; ">=" when the baseline was stopped, "<=" when tipkg was),
``tipkg ms/doc`` (milliseconds per document of the step) and ``vs N`` (that per-document cost over the
same at the smallest size N: 1.00 is perfectly flat). "build" is parse + emit + store (registry
included), "validate" is the SHACL validation that follows the load (tipkg: cross-document shapes and
locating; baseline: all of pyshacl), "build+validate" their sum (the whole wall time of both); query rows are per query
(p50/p95/max over the random documents; "cold" is the first query after opening the store).
"peak MiB" is the highest resident memory of the whole process tree of that side's child process
(parent plus parse workers: the sum of their RSS sampled every 0.1 s, and never less than the
``ru_maxrss`` of the process or of its largest child).

Summary table, one row per size: ``docs`` loaded, ``build s``, ``valid. s``, ``b+v s``; ``docs/s`` and
``triples/s`` of the build (triples counted as stored statements: quads, a triple in two named graphs
counting twice, the same on both sides), ``peak MiB`` of the tipkg child, ``ms/doc`` of build+validate,
``vs N`` (that per-document cost over the smallest size's: the flatness target), ``base b+v s`` and
``speed-up`` (baseline build+validate over tipkg's), ``anc p50``/``anc p95``/``desc p95`` in ms, and the
two exports in seconds. Then one line per target of the issue, met / not met with the figure.

Modules: scale_child.py (a child's steps), scale_runs.py (starting and following children),
scale_runner.py (the parent: sizes, sides, the baseline's plan), scale_figures.py (figures, ratios,
one size summarised), scale_report.py (tables, targets); corpora.py and timing.py are every bench's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpora import ensure_corpus
from scale_child import Child, error_text
from scale_figures import Fig, percentile, ratio, ratio_text
from scale_report import jsonable, per_size_table, summary_table, targets
from scale_runner import Runner
from scale_runs import GRACE_S
from timing import mem_available_mib

__all__ = ["Fig", "Runner", "main", "percentile", "ratio", "ratio_text"]  # what tests/bench reads

Json = dict[str, Any]


def _git_state() -> Json:
    repo = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        )
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True, check=False
        )
        return {"commit": head.stdout.strip(), "modified_files": len(dirty.stdout.splitlines())}
    except OSError:
        return {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated numbers of documents")
    ap.add_argument("--jobs", type=int, default=2, help="build workers (tipkg build --jobs)")
    ap.add_argument(
        "--baseline-limit", type=float, default=900.0, help="seconds per baseline step (0: no baseline)"
    )
    ap.add_argument(
        "--queries", type=int, default=200, help="documents whose ancestors and descendants are asked"
    )
    ap.add_argument(
        "--query-timeout",
        type=float,
        default=10.0,
        help=f"seconds one chain query may take (0: none in the child; cut {GRACE_S:g} s later)",
    )
    ap.add_argument(
        "--step-limit", type=float, default=1800.0, help="seconds per tipkg step but the build (0: none)"
    )
    ap.add_argument("--seed", type=int, default=1, help="corpus and query-document seed")
    ap.add_argument("--corpus", type=Path, help="corpus folder to reuse (or to write, when new or empty)")
    ap.add_argument("--workdir", type=Path, help="where temporary stores and files go (default: $TMPDIR)")
    ap.add_argument("--out", type=Path, help="write every figure to this JSON file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        Child(json.loads(args.child)).run()
        return 0

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] <= 0:
        ap.error("--sizes: give positive numbers")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tipkg-bench-scale-", dir=args.workdir))
    started = time.time()
    load_before = os.getloadavg()
    git = _git_state()  # the code the run starts with (children import it as they start)
    results: list[Json] = []
    try:
        corpus, synth = ensure_corpus(args.corpus, max(sizes), args.seed, work)
        print(
            f"corpus: {corpus} ({synth['documents']:,} documents, {'reused' if synth['reused'] else 'written'})",
            file=sys.stderr,
        )
        runner = Runner(args, sizes, corpus, work)
        for n in sizes:
            try:
                results.append(runner.measure(n))
            except Exception as exc:  # keep the sizes already measured
                print(f"size {n:,}: failed: {error_text(exc)}", file=sys.stderr)
                break
            runner.results = results
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not results:
        print("no size could be measured", file=sys.stderr)
        return 1
    goals = targets(results)
    print()
    for r in results:
        print(per_size_table(r, results[0]))
        print()
    print(summary_table(results))
    print()
    print("targets (issue 7):")
    for g in goals:
        print(f"  {g['status']:>12}: {g['target']}: {g['text']}")
    load_after = os.getloadavg()
    print(
        f"\nmachine: {os.cpu_count()} CPUs, load average {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end; "
        f"jobs {args.jobs}; baseline limit {args.baseline_limit:,.0f} s; query timeout {args.query_timeout:g} s"
    )
    if args.out:
        doc = {
            "command": [sys.executable, *sys.argv],
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "seconds": time.time() - started,
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_start": load_before,
                "load_average_end": load_after,
                "mem_available_mib": mem_available_mib(),
                "python": sys.version.split()[0],
            },
            "git": git,
            "settings": {
                k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "child"
            },
            "corpus": synth,
            "sizes": results,
            "targets": goals,
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(jsonable(doc), indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

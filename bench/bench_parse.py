"""Parse-and-emit throughput on the development corpus, repeated.

    python bench/bench_parse.py [--corpus ../shared/corpus/resolutions] [--repeat 20]

Measured in one run, on the same files:
* baseline: ``load_source`` then ``emit`` into an rdflib Graph, one file after another (the plain
  pipeline);
* tipkg: what ``tipkg build`` does per file — ``load_source``, ``emit_triples`` and Oxigraph N-Quads
  serialisation (graph/build/workers.py), first in this process, then across all cores.
Prints documents/s and triples/s of each, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from timing import median_seconds

from tipkg.graph.build.discover import discover
from tipkg.graph.build.workers import default_jobs, parse_all, parse_one
from tipkg.loaders.emit import emit
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.sources.dispatch import load_source

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE.parents[1] / "shared" / "corpus" / "resolutions")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the corpus per measurement")
    ap.add_argument("--rounds", type=int, default=3, help="measurements; the median is reported")
    args = ap.parse_args()

    registry = load_registry()
    files = discover([args.corpus]) * args.repeat
    triples = sum(len(emit(load_source(f, registry=registry))) for f in discover([args.corpus])) * args.repeat

    def baseline() -> None:
        for f in files:
            emit(load_source(f, registry=registry))

    def serial() -> None:
        for f in files:
            parse_one(f, registry)

    def parallel() -> None:
        for _ in parse_all(files, registry, default_jobs()):
            pass

    rows = []
    for name, fn in (
        ("baseline: parse + rdflib Graph", baseline),
        ("tipkg, 1 process", serial),
        (f"tipkg, {default_jobs()} processes", parallel),
    ):
        rows.append((name, median_seconds(fn, args.rounds)))
    base = rows[0][1]
    print(
        f"{len(files)} documents per pass ({len(files) // args.repeat} files x {args.repeat}), "
        f"{triples:,} triples, median of {args.rounds}"
    )
    print(f"{'pipeline':34} {'seconds':>8} {'docs/s':>8} {'triples/s':>10} {'vs baseline':>12}")
    for name, sec in rows:
        print(f"{name:34} {sec:8.2f} {len(files) / sec:8.1f} {triples / sec:10,.0f} {base / sec:11.2f}x")


if __name__ == "__main__":
    main()

"""Validation at scale: SHACL compiled to SPARQL on Oxigraph, whole store or per source, against pyshacl.

    .venv/bin/python bench/bench_validate_scale.py [--sizes 100,1000] [--seed 7] [--baseline-limit 120]
        [--changed 10]

For each size N: ``tipkg synth`` writes N synthetic resolutions (clearly marked, never UN texts),
graph/build/build.py builds them (registry + ontology + one graph per document, no validation), then

* baseline: graph/validate/pyshacl_engine.py ``validate()`` (pyshacl on the merged graph, whole-graph validation);
* compiled: graph/validate/compile.py ``validate_store()`` on the build's Oxigraph store (shapes compiled
  once, outside the timing; results located to file and line, as the baseline does); ``-j2``: the
  same with ``jobs=2`` (two forked processes);
* per source: graph/validate/per_source.py ``validate_sources()`` (each source graph with the registry and
  ontology graphs, layout guard included; cross-document and registry checks once on the store), with
  ``jobs=1`` and ``jobs=2``; and ``--changed`` sources only (``graphs=``, as after an incremental build
  that re-parsed that many files; the checks run once still run on the whole store).

Four errors are injected into each build (a wrong UNTS volume, a citation of a later document, a
duplicate paragraph number, a missing label), so the comparison is not between two empty reports.
All report the same violations (compared as (shape, focus, path, value); pyshacl where it ran).
pyshacl is skipped for a size whose run it predicts (from the previous size, linearly) to take more
than ``--baseline-limit`` seconds; the table says so.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from corpora import write_corpus
from timing import cpu_total

from tipkg.graph.build.build import BuildResult, build
from tipkg.graph.validate.compile import compile_shapes
from tipkg.graph.validate.per_source import validate_sources
from tipkg.graph.validate.pyshacl_engine import validate
from tipkg.graph.validate.report import ValidationReport
from tipkg.graph.validate.sparql_engine import validate_store
from tipkg.ontology import shapes_graph
from tipkg.ontology.namespaces import sparql_prolog

# SPARQL updates, each breaking one shape (the same kinds of error as tests/graph/validate/test_shacl_sparql.py)
INJECT = [
    """DELETE { GRAPH ?g { ?i tip:untsVolume ?v } } INSERT { GRAPH ?g { ?i tip:untsVolume "0"^^xsd:integer } }
       WHERE { { SELECT ?i WHERE { GRAPH ?h { ?i tip:untsVolume ?x } } ORDER BY ?i LIMIT 1 }
               GRAPH ?g { ?i tip:untsVolume ?v } }""",
    """INSERT { GRAPH ?g { ?early tip:recalls ?late } } WHERE {
         { SELECT ?early ?late ?g WHERE { GRAPH ?g { ?early tip:stub false ; eli:date_document ?d1 }
           GRAPH ?h { ?late tip:stub false ; eli:date_document ?d2 } FILTER(?d2 > ?d1) }
           ORDER BY ?d1 DESC(?d2) LIMIT 1 } }""",
    """INSERT { GRAPH ?g { ?copy a tip:OperativeParagraph ; eli:is_part_of ?doc ; eli:number ?n } } WHERE {
         { SELECT ?p WHERE { GRAPH ?x { ?p a tip:OperativeParagraph } } ORDER BY ?p LIMIT 1 }
         GRAPH ?g { ?p eli:is_part_of ?doc ; eli:number ?n } BIND(IRI(CONCAT(STR(?p), "-copy")) AS ?copy) }""",
    """DELETE { GRAPH ?g { ?d rdfs:label ?l } } WHERE {
         { SELECT ?d WHERE { GRAPH ?x { ?d tip:stub false } } ORDER BY DESC(?d) LIMIT 1 }
         GRAPH ?g { ?d rdfs:label ?l } }""",
]


@dataclass
class Row:
    docs: int
    quads: int
    build_s: float
    compiled_s: float
    forked_s: float  # validate_store(jobs=2)
    forked_cpu: float  # its CPU time, both processes
    sources_s: float  # validate_sources(jobs=1)
    sources_forked_s: float  # validate_sources(jobs=2)
    sources_cpu: float  # its CPU time, both processes
    changed_s: float  # validate_sources(graphs=<--changed sources>)
    violations: int
    baseline_s: float | None  # None: skipped
    agree: bool | None


def keys(report: ValidationReport) -> set[tuple[object, ...]]:
    return {(v.shape, v.focus, v.path, v.value) for v in report.violations}


def build_synthetic(n: int, seed: int, folder: Path) -> tuple[BuildResult, float]:
    write_corpus(n, seed, folder)
    t = time.perf_counter()
    result = build([folder / "resolutions"], validate=False, jobs=2)
    if result.errors:
        raise SystemExit(f"{len(result.errors)} synthetic documents failed to load: {result.errors[:3]}")
    seconds = time.perf_counter() - t
    for update in INJECT:
        result.store.update(sparql_prolog() + update)
    return result, seconds


T = TypeVar("T")


def timed(run: Callable[[], T]) -> tuple[T, float, float]:
    """``run()``, its wall time and its CPU time (this process plus the workers it waited for)."""

    c, t = cpu_total(), time.perf_counter()
    out = run()
    return out, time.perf_counter() - t, cpu_total() - c


def measure(n: int, seed: int, baseline_per_doc: float | None, limit: float, changed: int) -> Row:
    checks = compile_shapes(shapes_graph())
    with tempfile.TemporaryDirectory(prefix=f"tipkg-bench-{n}-") as tmp:
        result, build_s = build_synthetic(n, seed, Path(tmp))
    store = result.store
    compiled, compiled_s, _ = timed(lambda: validate_store(store, checks=checks))
    forked, forked_s, forked_cpu = timed(lambda: validate_store(store, checks=checks, jobs=2))
    if keys(forked) != keys(compiled):
        raise SystemExit("validate_store(jobs=2) disagrees with jobs=1")
    sources, sources_s, _ = timed(lambda: validate_sources(store, checks=checks))
    sources_forked, sources_forked_s, sources_cpu = timed(
        lambda: validate_sources(store, checks=checks, jobs=2)
    )
    if not keys(sources) == keys(sources_forked) == keys(compiled):
        raise SystemExit("validate_sources disagrees with validate_store")
    some = sorted(d.graph for d in result.documents)[:: max(1, n // changed)][:changed]
    _, changed_s, _ = timed(lambda: validate_sources(store, checks=checks, graphs=some))
    baseline_s: float | None = None
    agree: bool | None = None
    predicted = None if baseline_per_doc is None else baseline_per_doc * n
    if predicted is None or predicted <= limit:
        dataset = result.dataset  # materialised outside the timing, as the build hands it over
        baseline, baseline_s, _ = timed(lambda: validate(dataset))
        agree = keys(baseline) == keys(compiled)
    return Row(
        n,
        len(store),
        build_s,
        compiled_s,
        forked_s,
        forked_cpu,
        sources_s,
        sources_forked_s,
        sources_cpu,
        changed_s,
        len(compiled.violations),
        baseline_s,
        agree,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated numbers of documents")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-limit", type=float, default=120.0, help="skip pyshacl above this (s)")
    parser.add_argument("--changed", type=int, default=10, help="sources re-validated after a change")
    args = parser.parse_args()
    rows: list[Row] = []
    per_doc: float | None = None
    for n in sorted(int(x) for x in args.sizes.split(",")):
        row = measure(n, args.seed, per_doc, args.baseline_limit, args.changed)
        if row.baseline_s is not None:
            per_doc = row.baseline_s / n
        rows.append(row)
        print(f"  … {n} documents done", flush=True)
    print()
    head = (
        f"{'docs':>6} {'quads':>9} {'build s':>8} {'pyshacl s':>10} {'docs/s':>8} "
        f"{'store s':>8} {'docs/s':>8} {'ratio':>7} {'-j2 s':>6} {'violations':>10}  agree"
    )
    print("whole store: validate_store (ratio: pyshacl / store)")
    print(head)
    print("-" * len(head))
    for r in rows:
        if r.baseline_s is None:
            base, base_rate, ratio, agree = "skipped", "-", "-", "n/a (baseline skipped: predicted > limit)"
        else:
            base = f"{r.baseline_s:.2f}"
            base_rate = f"{r.docs / r.baseline_s:.1f}"
            ratio = f"{r.baseline_s / r.compiled_s:.1f}x"
            agree = "yes" if r.agree else "NO"
        print(
            f"{r.docs:>6} {r.quads:>9,} {r.build_s:>8.1f} {base:>10} {base_rate:>8} "
            f"{r.compiled_s:>8.2f} {r.docs / r.compiled_s:>8.0f} {ratio:>7} {r.forked_s:>6.2f} "
            f"{r.violations:>10}  {agree}"
        )
    print()
    print(f"per source: validate_sources (ratio: per source / whole store); {args.changed} changed sources")
    head = (
        f"{'docs':>6} {'store s':>8} {'sources s':>10} {'ratio':>7} {'store -j2':>10} {'cpu':>6} "
        f"{'sources -j2':>12} {'cpu':>6} {'ratio':>7} {'changed s':>10} {'ratio':>7} {'pyshacl/sources':>16}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        versus = "-" if r.baseline_s is None else f"{r.baseline_s / r.sources_s:.1f}x"
        print(
            f"{r.docs:>6} {r.compiled_s:>8.2f} {r.sources_s:>10.2f} {r.sources_s / r.compiled_s:>6.1f}x "
            f"{r.forked_s:>10.2f} {r.forked_cpu:>6.2f} {r.sources_forked_s:>12.2f} {r.sources_cpu:>6.2f} "
            f"{r.sources_forked_s / r.forked_s:>6.1f}x {r.changed_s:>10.2f} {r.changed_s / r.compiled_s:>6.2f}x "
            f"{versus:>16}"
        )
    print(
        "(-j2: wall time with 2 worker processes; cpu: CPU time of all processes, ~2x the wall on 2 free cores)"
    )
    if any(r.agree is False for r in rows):
        raise SystemExit("the compiled validator and pyshacl disagree")


if __name__ == "__main__":
    main()

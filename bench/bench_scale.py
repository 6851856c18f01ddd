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
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import math
import os
import queue
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MARK = "@@bench-scale "  # prefix of the protocol lines a child prints
TIPKG_STEPS = ("build", "queries", "export_gexf", "export_nq")
BASELINE_STEPS = ("load", "validate", "queries", "export_gexf", "export_nq")
GRACE_S = 2.0  # a child stuck in native code past its own alarm is killed this much later
MEMORY_SHARE = 0.8  # skip a baseline whose predicted peak exceeds this share of the available memory
TARGET_FLAT = 1.5
TARGET_SPEEDUP = 10.0
TARGET_BV_SECONDS = 60.0
TARGET_P95_MS = 50.0
TARGET_SPEEDUP_SIZE = 10_000
TARGET_P95_SIZE = 100_000

Json = dict[str, Any]


# ================================================================ memory of a process tree


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc (empty where there is no /proc)."""
    out: dict[int, list[int]] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                    stat = fh.read()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2 :].split()
            if len(fields) > 1:
                out.setdefault(int(fields[1]), []).append(int(entry.name))
    return out


def _tree_rss_kib(root: int) -> int:
    """Sum of VmRSS (KiB) of ``root`` and all its descendants."""
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            continue
    return total


def _maxrss_mib(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class TreeSampler:
    """Samples the RSS of this process tree in a thread; keeps the peak overall and since ``reset``.

    Twice a second: each sample reads /proc and holds the GIL, and at ten a second the sampler was
    7% of the build process's samples (py-spy). ru_maxrss catches the peaks it misses.
    """

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak_kib = 0
        self.step_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            kib = _tree_rss_kib(pid)
            self.peak_kib = max(self.peak_kib, kib)
            self.step_kib = max(self.step_kib, kib)
            self._stop.wait(self.interval)

    def reset(self) -> None:
        self.step_kib = _tree_rss_kib(os.getpid())

    def step_peak_mib(self) -> float:
        """The step's sampled tree peak, raised to ru_maxrss of self/children (peaks that sampling missed)."""
        self.step_kib = max(self.step_kib, _tree_rss_kib(os.getpid()))
        return max(
            self.step_kib / 1024, _maxrss_mib(resource.RUSAGE_SELF), _maxrss_mib(resource.RUSAGE_CHILDREN)
        )

    def stop(self) -> None:
        self._stop.set()


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds so far of this process (all its threads) and of its finished children (the parse
    workers, once the build's pool has ended): whether a step is bound by the cores or waits."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "user": own.ru_utime,
        "sys": own.ru_stime,
        "children_user": kids.ru_utime,
        "children_sys": kids.ru_stime,
    }


def _mem_available_mib() -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return None


# ================================================================ the child process


class StepTimeout(Exception):
    """Raised by SIGALRM inside a child when a step or a query reaches its limit."""


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Raise StepTimeout in this (main) thread after ``seconds``; Python code only (native code finishes first)."""
    if not seconds or seconds <= 0:
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise StepTimeout

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def corpus_files(corpus: Path, n: int) -> list[Path]:
    """The first ``n`` files of the corpus in manifest order."""
    entries = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["resolutions"]
    return [corpus / e["file"] for e in entries[:n]]


def query_items(n_roots: int) -> list[tuple[str, str, int]]:
    """(label, direction, root index): first the cold ancestors query, then up and down for each root."""
    items = [("cold", "up", 0)] if n_roots else []
    for r in range(n_roots):
        items += [("warm", "up", r), ("warm", "down", r)]
    return items


def _error_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)[-6:])[-2000:]


class Child:
    """Runs the steps of one side at one size; reports on a private copy of stdout, one JSON line per event."""

    def __init__(self, cfg: Json) -> None:
        self.cfg = cfg
        self.n = int(cfg["size"])
        self.work = Path(cfg["work"])
        self.corpus = Path(cfg["corpus"])
        self.store_path = self.work / "store"
        # protocol on a private fd; anything the measured code prints goes to stderr (the log)
        self.out: IO[str] = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
        os.dup2(2, 1)
        self.sampler = TreeSampler()
        self.ds: Any = None  # the baseline's rdflib Dataset

    def emit(self, **event: Any) -> None:
        self.out.write(MARK + json.dumps(event, default=str) + "\n")
        self.out.flush()

    def run(self) -> None:
        side = self.cfg["side"]
        self._preload(side)
        self.emit(ev="ready", pid=os.getpid())
        steps: dict[str, Callable[[], Json]] = (
            {
                "build": self.tipkg_build,
                "queries": lambda: self.queries(self._tipkg_source),
                "export_gexf": lambda: self.export_gexf(self._tipkg_source),
                "export_nq": self.tipkg_export_nq,
            }
            if side == "tipkg"
            else {
                "load": self.baseline_load,
                "validate": self.baseline_validate,
                "queries": lambda: self.queries(self._rdflib_source),
                "export_gexf": lambda: self.export_gexf(self._rdflib_source),
                "export_nq": self.baseline_export_nq,
            }
        )
        for name in self.cfg["steps"]:
            self.step(name, steps[name])
        self.sampler.stop()
        self.emit(
            ev="done",
            peak_mib=max(
                self.sampler.peak_kib / 1024,
                _maxrss_mib(resource.RUSAGE_SELF),
                _maxrss_mib(resource.RUSAGE_CHILDREN),
            ),
            ru_self_mib=_maxrss_mib(resource.RUSAGE_SELF),
            ru_children_mib=_maxrss_mib(resource.RUSAGE_CHILDREN),
        )

    @staticmethod
    def _preload(side: str) -> None:
        """Import what the steps use before any timing (imports take seconds, not per-document work)."""
        common = ["chain", "export", "queries", "source", "store"]
        names = [f"tipkg.graph.{m}" for m in common]
        if side == "tipkg":  # build() imports its validator lazily (whichever module it now uses)
            names += [
                "tipkg.graph.build.build",
                "tipkg.graph.validate.compile",
                "tipkg.graph.validate.streaming",
            ]
        else:
            names += [
                "tipkg.graph.validate.pyshacl_engine",
                "tipkg.loaders.sources.dispatch",
                "tipkg.loaders.emit",
            ]
        for name in names:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)

    def step(self, name: str, fn: Callable[[], Json]) -> None:
        # queries have a timeout each and a budget; the tipkg build is what is measured: no limit
        unlimited = name == "queries" or (self.cfg["side"] == "tipkg" and name == "build")
        limit = None if unlimited else self.cfg.get("step_limit")
        self.emit(ev="step", phase="start", step=name)
        self.sampler.reset()
        status, error, data = "ok", None, {}
        t0 = time.perf_counter()
        try:
            with _alarm(limit):
                data = fn()
            status = str(data.pop("status", "ok"))
        except StepTimeout:
            status = "stopped"
        except Exception as exc:  # a failing step is reported, the others go on
            status, error = "failed", _error_text(exc)
        wall = time.perf_counter() - t0
        self.emit(
            ev="step",
            phase="end",
            step=name,
            status=status,
            wall_s=wall,
            seconds=data.pop("seconds", wall),
            peak_mib=self.sampler.step_peak_mib(),
            error=error,
            data=data,
        )

    # ------------------------------------------------------------ tipkg

    def tipkg_build(self) -> Json:
        """As ``tipkg build SOURCES --store DIR --jobs N --full`` (minus the --out file): staged store + build()."""
        import pyoxigraph as ox

        from tipkg.graph.build.build import build
        from tipkg.graph.store.embedded import staged_store

        files = corpus_files(self.corpus, self.n)
        kwargs: Json = {"validate": True}
        params = inspect.signature(build).parameters
        if "jobs" in params:
            kwargs["jobs"] = int(self.cfg["jobs"])
        cpu0 = _cpu_seconds()
        t0 = time.perf_counter()
        with staged_store(self.store_path, incremental=False) as db:
            result = build(files, store=db, **kwargs)
            documents, errors = len(result.documents), len(result.errors)
            first_error = result.errors[0].describe() if result.errors else None
            stages = dict(result.seconds)
            violations = None if result.report is None else len(result.report.violations)
            del result, db  # the store closes when staged_store lets go of it
        wall = time.perf_counter() - t0
        cpu = {k: v - cpu0[k] for k, v in _cpu_seconds().items()}
        validate_s = float(stages.get("validate", 0.0))
        t1 = time.perf_counter()
        quads = len(ox.Store.read_only(str(self.store_path.resolve())))
        return {
            "seconds": wall - validate_s,
            "validate_seconds": validate_s,
            "stage_seconds": stages,
            "documents": documents,
            "errors": errors,
            "first_error": first_error,
            "violations": violations,
            "quads": quads,
            "count_seconds": time.perf_counter() - t1,
            "jobs": kwargs.get("jobs", 1),
            "cpu_seconds": cpu,
            "wall_seconds": wall,
        }

    def _tipkg_source(self) -> Any:
        from tipkg.graph.query.source import OxigraphSource
        from tipkg.graph.store.embedded import open_graph

        return OxigraphSource(open_graph(self.store_path))

    def tipkg_export_nq(self) -> Json:
        import pyoxigraph as ox

        from tipkg.graph.store.embedded import dump_store

        out = self.work / "export.nq"
        t0 = time.perf_counter()
        dump_store(ox.Store.read_only(str(self.store_path.resolve())), out, "nq")
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, **_file_facts(out, lines=True)}

    # ------------------------------------------------------------ baseline

    def baseline_load(self) -> Json:
        """The reference pipeline: one file after another, load_source + emit, into an rdflib Dataset."""
        from tipkg.graph.build.build import ontology_graph
        from tipkg.graph.store.embedded import new_dataset
        from tipkg.loaders.emit import emit
        from tipkg.loaders.errors import LoadError
        from tipkg.loaders.registry.load import load_registry
        from tipkg.loaders.registry.rdf import registry_graphs
        from tipkg.loaders.sources.dispatch import load_source

        files = corpus_files(self.corpus, self.n)
        t0 = time.perf_counter()
        registry = load_registry()
        ds = new_dataset()  # rdflib Dataset, Memory store, default graph = union of the named graphs
        self.ds = ds
        errors = 0
        for g in [ontology_graph(), *registry_graphs(registry)]:
            target = ds.graph(g.identifier)
            ds.addN((s, p, o, target) for s, p, o in g)
        for path in files:
            try:
                g = emit(load_source(path, registry=registry))
            except LoadError:
                errors += 1
                continue
            target = ds.graph(g.identifier)
            ds.addN((s, p, o, target) for s, p, o in g)
        seconds = time.perf_counter() - t0
        quads = sum(len(g) for g in ds.graphs())
        return {"seconds": seconds, "documents": len(files) - errors, "errors": errors, "quads": quads}

    def baseline_validate(self) -> Json:
        from tipkg.graph.validate.pyshacl_engine import validate

        if self.ds is None:
            return {"status": "not run", "note": "no dataset (load did not finish)"}
        report = validate(self.ds)
        return {"violations": len(report.violations)}

    def _rdflib_source(self) -> Any:
        from tipkg.graph.query.source import RdflibSource

        if self.ds is None:
            raise RuntimeError("no baseline dataset (load did not finish)")
        return RdflibSource(self.ds)

    def baseline_export_nq(self) -> Json:
        if self.ds is None:
            return {"status": "not run", "note": "no dataset (load did not finish)"}
        out = self.work / "baseline.nq"
        t0 = time.perf_counter()
        self.ds.serialize(destination=str(out), format="nquads")
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, **_file_facts(out, lines=True)}

    # ------------------------------------------------------------ both sides

    def queries(self, source_factory: Callable[[], Any]) -> Json:
        """Named queries ancestors/descendants per root, each under the query timeout, within the budget."""
        from tipkg.graph.query import runner as queries

        t0 = time.perf_counter()
        source = source_factory()
        open_s = time.perf_counter() - t0
        roots: list[str] | None = self.cfg.get("roots")
        if not roots:
            roots = pick_roots(source, int(self.cfg["queries"]), int(self.cfg["seed"]))
        self.emit(ev="roots", roots=roots)
        items = query_items(len(roots))
        budget = self.cfg.get("budget")
        timeout = float(self.cfg["query_timeout"])
        start = time.perf_counter()
        status = "ok"
        for i in range(int(self.cfg.get("query_start", 0)), len(items)):
            left = math.inf if budget is None else budget - (time.perf_counter() - start)
            if left <= 0:
                status = "stopped"
                break
            _, direction, r = items[i]
            name = "ancestors" if direction == "up" else "descendants"
            by_budget = left < (timeout or math.inf)  # the budget ends before this query's timeout
            self.emit(ev="query", phase="start", i=i)
            t = time.perf_counter()
            try:
                with _alarm(left if by_budget else timeout):
                    # the baseline asks the query text itself (rdflib property paths), tipkg as
                    # `tipkg query` does (the walk of graph/query/chain.py)
                    result = queries.run(source, name, {"doc": roots[r]}, walk=self.cfg["side"] == "tipkg")
                self.emit(ev="query", phase="end", i=i, status="ok", ms=_ms(t), rows=len(result.rows))
            except StepTimeout:
                if by_budget:  # cut by the step's budget, not by its own timeout: not a figure
                    self.emit(ev="query", phase="end", i=i, status="unfinished", ms=_ms(t))
                    status = "stopped"
                    break
                self.emit(ev="query", phase="end", i=i, status="timeout", ms=_ms(t))
            except Exception as exc:
                self.emit(ev="query", phase="end", i=i, status="failed", ms=_ms(t), error=_error_text(exc))
        out: Json = {"status": status, "open_seconds": open_s, "seconds": time.perf_counter() - start}
        if status == "stopped":
            out["note"] = (
                f"its time ({budget:,.0f} s for all the queries) ran out at query {i} of {len(items)}"
            )
        return out

    def export_gexf(self, source_factory: Callable[[], Any]) -> Json:
        from tipkg.graph.export.gexf import write_gexf
        from tipkg.graph.export.view import export_graph

        out = self.work / f"{self.cfg['side']}.gexf"
        t0 = time.perf_counter()
        g = export_graph(source_factory())
        write_gexf(g, out)
        seconds = time.perf_counter() - t0
        return {
            "seconds": seconds,
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            **_file_facts(out),
        }


def _ms(t: float) -> float:
    return 1000 * (time.perf_counter() - t)


def _file_facts(path: Path, lines: bool = False) -> Json:
    """Size (and line count) of an exported file, which is then deleted (at 100k they are gigabytes)."""
    out: Json = {"bytes": path.stat().st_size}
    if lines:
        count = 0
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 24), b""):
                count += block.count(b"\n")
        out["lines"] = count
    path.unlink()
    return out


def pick_roots(source: Any, k: int, seed: int) -> list[str]:
    """``k`` loaded documents (tip:stub false) drawn at random with ``seed``, from the IRIs in sorted order."""
    _, rows = source.select(
        "PREFIX tip: <https://w3id.org/tipkg/ontology#> SELECT DISTINCT ?d WHERE { ?d tip:stub false }"
    )
    loaded = sorted({str(r[0]) for r in rows if r[0] is not None})
    return random.Random(seed).sample(loaded, min(k, len(loaded)))


# ================================================================ figures


@dataclass(frozen=True)
class Fig:
    """One figure: measured (bound "="), a lower bound (">"), or absent (status says why)."""

    value: float | None
    bound: str = "="  # "=" measured, ">" at least this (stopped at a limit)
    status: str = "ok"  # ok | stopped | skipped | failed | not run
    note: str = ""
    predicted: float | None = None  # a prediction (never a measurement), for skipped steps

    @property
    def known(self) -> bool:
        return self.value is not None

    def text(self, unit: str = "s") -> str:
        if self.value is None:
            if self.status == "skipped" and self.predicted is not None:
                return f"skip (pred. {_num(self.predicted)} {unit})"
            return self.status
        prefix = "> " if self.bound == ">" else ""
        return f"{prefix}{_num(self.value)} {unit}".rstrip()

    def json(self) -> Json:
        out: Json = {"value": self.value, "bound": self.bound, "status": self.status}
        if self.note:
            out["note"] = self.note
        if self.predicted is not None:
            out["predicted"] = self.predicted
            out["predicted_is_a_prediction"] = True
        return out


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 0.1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def ratio(base: Fig, tip: Fig) -> tuple[float | None, str]:
    """baseline / tipkg with its bound: "=" measured, ">=" baseline stopped, "<=" tipkg stopped."""
    if not (base.known and tip.known) or not tip.value or (base.bound == ">" and tip.bound == ">"):
        return None, ""
    assert base.value is not None and tip.value is not None
    kind = ">=" if base.bound == ">" else "<=" if tip.bound == ">" else "="
    return base.value / tip.value, kind


def ratio_text(base: Fig, tip: Fig) -> str:
    r, kind = ratio(base, tip)
    if r is None:
        return "-"
    return (
        f"{'' if kind == '=' else kind + ' '}{r:.1f}x"
        if r >= 10
        else f"{'' if kind == '=' else kind + ' '}{r:.2f}x"
    )


def add(a: Fig, b: Fig) -> Fig:
    if not (a.known and b.known):
        bad = a if not a.known else b
        return Fig(None, status=bad.status, note=bad.note, predicted=_sum_pred(a, b))
    assert a.value is not None and b.value is not None
    return Fig(a.value + b.value, ">" if ">" in (a.bound, b.bound) else "=")


def _sum_pred(a: Fig, b: Fig) -> float | None:
    pa = a.value if a.known else a.predicted
    pb = b.value if b.known else b.predicted
    return None if pa is None or pb is None else pa + pb


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (values may hold inf for cut queries)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# ================================================================ running a child from the parent


@dataclass
class Outcome:
    events: list[Json]
    killed: tuple[str, int | None] | None  # (step, query index) the parent cut
    killed_after_s: float
    returncode: int | None
    log_tail: str


def run_child(
    cfg: Json,
    log: Path,
    step_hard: Callable[[str], float | None],
    query_hard: float,
    on_event: Callable[[Json], None],
) -> Outcome:
    """Start a child for ``cfg``, follow its events, kill its process group past a hard deadline."""
    events: list[Json] = []
    lines: queue.Queue[Json | None] = queue.Queue()
    with log.open("a", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(cfg)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,  # its own process group: its parse workers go with it
        )

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(MARK):
                    with contextlib.suppress(ValueError):
                        lines.put(json.loads(line[len(MARK) :]))
            lines.put(None)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        killed: tuple[str, int | None] | None = None
        killed_after = 0.0
        step: str | None = None
        query: int | None = None
        step_deadline: float | None = None
        deadline: float | None = None
        started = time.monotonic()
        try:
            while True:
                wait = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    ev = lines.get(timeout=wait)
                except queue.Empty:
                    # past the query's own deadline: that query is cut; past the step's: the step is
                    cut_query = query if query is not None and deadline != step_deadline else None
                    killed, killed_after = (step or "?", cut_query), time.monotonic() - started
                    _kill(proc)
                    break
                if ev is None:
                    break
                events.append(ev)
                on_event(ev)
                now = time.monotonic()
                if ev.get("ev") == "step" and ev["phase"] == "start":
                    step, query, started = str(ev["step"]), None, now
                    hard = step_hard(step)
                    step_deadline = deadline = None if hard is None else now + hard + GRACE_S
                elif ev.get("ev") == "step":
                    step, query, step_deadline, deadline = None, None, None, None
                elif ev.get("ev") == "query" and ev["phase"] == "start":
                    query, started = int(ev["i"]), now
                    q_deadline = now + (query_hard or math.inf) + GRACE_S
                    deadline = q_deadline if step_deadline is None else min(step_deadline, q_deadline)
                    deadline = None if deadline == math.inf else deadline
                elif ev.get("ev") == "query":
                    query, deadline = None, step_deadline
            if killed is None:
                try:
                    proc.wait(timeout=120)  # its output ended: it is exiting
                except subprocess.TimeoutExpired:
                    _kill(proc)
        except BaseException:
            _kill(proc)  # interrupted: take the child and its workers down too
            raise
        finally:
            reader.join(timeout=10)
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
    return Outcome(events, killed, killed_after, proc.returncode, tail)


def _kill(proc: subprocess.Popen[str]) -> None:
    """Kill the child's own process group (the child and the workers it forked), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=30)


# ================================================================ one side at one size


@dataclass
class SideRun:
    """What the parent learned about one side at one size."""

    steps: dict[str, Json]
    queries: dict[int, Json]
    roots: list[str]
    memory: list[Json]

    @classmethod
    def empty(cls) -> SideRun:
        return cls({}, {}, [], [])

    def absorb(self, out: Outcome) -> None:
        for ev in out.events:
            kind = ev.get("ev")
            if kind == "step" and ev["phase"] == "end":
                if ev["step"] == "queries" and "queries" in self.steps:  # a continuation after a cut query
                    prev = self.steps["queries"]
                    ev = {
                        **ev,
                        "seconds": prev["seconds"] + ev["seconds"],
                        "wall_s": prev["wall_s"] + ev["wall_s"],
                    }
                    ev["peak_mib"] = max(prev.get("peak_mib") or 0.0, ev.get("peak_mib") or 0.0)
                    ev["data"] = {**prev.get("data", {}), **ev.get("data", {})}
                self.steps[str(ev["step"])] = ev
            elif kind == "query" and ev["phase"] == "end":
                self.queries[int(ev["i"])] = ev
            elif kind == "roots" and not self.roots:
                self.roots = list(ev["roots"])
            elif kind == "done":
                self.memory.append(ev)

    def query_counts(self) -> str:
        by: dict[str, int] = {}
        for q in self.queries.values():
            by[str(q["status"])] = by.get(str(q["status"]), 0) + 1
        return ", ".join(f"{v} {k}" for k, v in sorted(by.items())) or "none"

    def mark(self, step: str, status: str, note: str = "", seconds: float | None = None) -> None:
        self.steps[step] = {"step": step, "status": status, "note": note, "seconds": seconds, "data": {}}

    def started(self, out: Outcome) -> str | None:
        """The step a child was in when it ended (started, not finished)."""
        current = None
        for ev in out.events:
            if ev.get("ev") == "step":
                current = ev["step"] if ev["phase"] == "start" else None
        return current

    def json(self) -> Json:
        return {
            "steps": self.steps,
            "queries": [self.queries[i] for i in sorted(self.queries)],
            "roots": self.roots,
            "memory": self.memory,
        }


class Runner:
    """The parent: corpus, one size after another, both sides, tables."""

    def __init__(self, args: argparse.Namespace, sizes: list[int], corpus: Path, work: Path) -> None:
        self.args = args
        self.sizes = sizes
        self.corpus = corpus
        self.work = work
        self.results: list[Json] = []

    def log(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def base_cfg(self, side: str, n: int, work: Path) -> Json:
        return {
            "side": side,
            "size": n,
            "work": str(work),
            "corpus": str(self.corpus),
            "jobs": self.args.jobs,
            "queries": self.args.queries,
            "seed": self.args.seed,
            "query_timeout": self.args.query_timeout,
        }

    def progress(self, side: str, n: int) -> Callable[[Json], None]:
        def show(ev: Json) -> None:
            if ev.get("ev") == "step" and ev["phase"] == "end" and ev["step"] != "queries":
                extra = f" ({ev['error'].strip().splitlines()[-1]})" if ev.get("error") else ""
                self.log(f"  [{n:,}] {side} {ev['step']}: {ev['status']}, {ev['wall_s']:.1f} s{extra}")

        return show

    # ------------------------------------------------------------ tipkg

    def run_tipkg(self, n: int, work: Path) -> SideRun:
        run = SideRun.empty()
        remaining = list(TIPKG_STEPS)
        start, spent = 0, 0.0
        limit = self.args.step_limit or None
        while remaining:
            budget = None if limit is None else max(0.0, limit - spent)
            cfg = {
                **self.base_cfg("tipkg", n, work),
                "steps": remaining,
                "query_start": start,
                "roots": run.roots or None,
                "budget": budget,
                "step_limit": limit,
            }

            def hard(step: str, budget: float | None = budget) -> float | None:
                return None if step == "build" else budget if step == "queries" else limit

            out = run_child(cfg, work / "tipkg.log", hard, self.args.query_timeout, self.progress("tipkg", n))
            run.absorb(out)
            if out.killed is not None:
                step, qi = out.killed
                if step == "queries" and qi is not None:  # cut in native code: go on with the next query
                    run.queries[qi] = {
                        "i": qi,
                        "status": "timeout",
                        "ms": 1000 * out.killed_after_s,
                        "cut": True,
                    }
                    spent = sum(float(q.get("ms", 0.0)) for q in run.queries.values()) / 1000
                    self.log(f"  [{n:,}] tipkg query {qi} cut after {out.killed_after_s:.0f} s; going on")
                    remaining, start = remaining[remaining.index("queries") :], qi + 1
                    continue
                run.mark(step, "stopped", f"cut after {out.killed_after_s:.0f} s (limit)", out.killed_after_s)
                ended_in: str | None = step
            else:
                ended_in = run.started(out)
                if ended_in is None and out.returncode != 0 and not any(s in run.steps for s in remaining):
                    ended_in = remaining[0]
                if ended_in is not None:
                    run.mark(
                        ended_in, "failed", f"process ended (exit {out.returncode}): {out.log_tail[-600:]}"
                    )
            if ended_in is None or ended_in not in remaining:
                break
            after = remaining[remaining.index(ended_in) + 1 :]
            if ended_in == "build":
                for s in after:
                    run.mark(s, "not run", "no store: the build did not finish")
                break
            remaining, start = [s for s in after if s not in run.steps], 0
        return run

    # ------------------------------------------------------------ baseline

    def baseline_plan(self, n: int) -> dict[str, Fig | None]:
        """Per baseline step: None to run it, or a skipped Fig with the prediction that rules it out."""
        plan: dict[str, Fig | None] = dict.fromkeys(BASELINE_STEPS)
        if self.args.baseline_limit <= 0:
            return {s: Fig(None, status="skipped", note="--baseline-limit 0") for s in BASELINE_STEPS}
        prev = self.results[-1] if self.results else None
        if prev is None:
            return plan
        scale = n / prev["size"]
        mem = prev.get("baseline_peak_mib")
        avail = _mem_available_mib()
        if mem and avail and mem * scale > MEMORY_SHARE * avail:
            note = (
                f"predicted peak {mem * scale:,.0f} MiB (measured {mem:,.0f} MiB at {prev['size']:,}, scaled) "
                f"> {MEMORY_SHARE:.0%} of the {avail:,.0f} MiB available"
            )
            return {s: Fig(None, status="skipped", note=note) for s in BASELINE_STEPS}
        limit, where = float(self.args.baseline_limit), f"the {prev['size']:,}-document run"
        for s in BASELINE_STEPS:
            fig: Fig = prev["baseline_figs"][s]
            if s == "queries":  # runs within its budget unless each query is predicted to time out
                done = prev["baseline_queries_done"]
                if fig.known and fig.value is not None and done:
                    per = fig.value / done * scale
                    over = per > self.args.query_timeout
                elif fig.predicted is not None:
                    per, over = fig.predicted * scale, True
                else:
                    per, over = None, not fig.known and fig.status == "skipped"
                if over:
                    plan[s] = Fig(
                        None,
                        status="skipped",
                        predicted=per,
                        note=f"predicted {per:,.1f} s per query from {where} > timeout {self.args.query_timeout:g} s"
                        if per is not None
                        else f"not run at {prev['size']:,} either",
                    )
                continue
            if fig.known and fig.value is not None:
                pred = fig.value * scale
                if fig.bound == ">" or pred > limit:
                    at_least = "at least " if fig.bound == ">" else ""
                    plan[s] = Fig(
                        None,
                        status="skipped",
                        predicted=pred,
                        note=f"predicted {at_least}{pred:,.0f} s from {where} (scaled by documents) "
                        f"> limit {limit:,.0f} s",
                    )
            elif fig.predicted is not None:
                pred = fig.predicted * scale
                plan[s] = Fig(
                    None,
                    status="skipped",
                    predicted=pred,
                    note=f"predicted {pred:,.0f} s (the prediction at {prev['size']:,}, scaled) > limit",
                )
            elif fig.status == "skipped":  # (a step not run or failed there is tried here)
                plan[s] = Fig(None, status="skipped", note=f"not run at {prev['size']:,} either")
        if plan["load"] is not None:
            for s in BASELINE_STEPS[1:]:
                plan[s] = plan[s] or Fig(None, status="skipped", note="no dataset: the load step is skipped")
        return plan

    def run_baseline(self, n: int, work: Path, roots: list[str], plan: dict[str, Fig | None]) -> SideRun:
        run = SideRun.empty()
        steps = [s for s in BASELINE_STEPS if plan[s] is None]
        if not steps:
            return run
        limit = float(self.args.baseline_limit)
        cfg = {
            **self.base_cfg("baseline", n, work),
            "steps": steps,
            "roots": roots or None,
            "budget": limit,
            "step_limit": limit,
        }
        out = run_child(
            cfg, work / "baseline.log", lambda s: limit, self.args.query_timeout, self.progress("baseline", n)
        )
        run.absorb(out)
        ended_in = out.killed[0] if out.killed else run.started(out)
        if ended_in is not None:
            if out.killed:
                run.mark(
                    ended_in, "stopped", f"cut after {out.killed_after_s:.0f} s (limit)", out.killed_after_s
                )
            else:
                run.mark(ended_in, "failed", f"process ended (exit {out.returncode}): {out.log_tail[-600:]}")
            for s in steps[steps.index(ended_in) + 1 :]:
                run.mark(s, "not run", f"the baseline process ended during {ended_in}")
        return run

    # ------------------------------------------------------------ one size

    def measure(self, n: int) -> Json:
        work = Path(tempfile.mkdtemp(prefix=f"size-{n}-", dir=self.work))
        try:
            self.log(f"size {n:,}: tipkg ...")
            tip = self.run_tipkg(n, work)
            self.log(f"  [{n:,}] tipkg queries: {tip.query_counts()}")
            plan = self.baseline_plan(n)
            self.log(f"size {n:,}: baseline ...")
            base = self.run_baseline(n, work, tip.roots, plan)
            if base.queries:
                self.log(f"  [{n:,}] baseline queries: {base.query_counts()}")
            logs = {
                p.name: p.read_text(encoding="utf-8", errors="replace")[-4000:] for p in work.glob("*.log")
            }
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return summarise(n, tip, base, plan, self.args, logs)


# ================================================================ turning runs into figures


def step_fig(run: SideRun, step: str, key: str = "seconds", limit: float | None = None) -> Fig:
    ev = run.steps.get(step)
    if ev is None:
        return Fig(None, status="not run")
    status = str(ev.get("status"))
    note = str(ev.get("note") or ev.get("error") or (ev.get("data") or {}).get("note") or "")
    if status == "ok":
        value = ev.get(key) if key in ("seconds", "wall_s") else (ev.get("data") or {}).get(key)
        return Fig(None, status="failed", note=f"no {key}") if value is None else Fig(float(value))
    if status == "stopped" and key in ("seconds", "wall_s"):
        value = ev.get("seconds") or ev.get("wall_s") or limit
        return Fig(float(value) if value is not None else None, ">", "stopped", note)
    return Fig(None, status=status if status != "stopped" else "stopped", note=note)


def query_figs(
    run: SideRun, direction: str, timeout_ms: float, only: set[int] | None = None
) -> dict[str, Any]:
    """p50/p95/max (ms) over the warm queries of one direction; cut queries count as > timeout.

    A percentile that lands on a cut query is a lower bound: the shortest time after which a query was cut.
    """
    items = query_items(len(run.roots))
    values: list[float] = []
    cut_ms: list[float] = []
    failed = 0
    for i, (label, d, _) in enumerate(items):
        if label != "warm" or d != direction or i not in run.queries or (only is not None and i not in only):
            continue
        q = run.queries[i]
        if q["status"] == "ok":
            values.append(float(q["ms"]))
        elif q["status"] == "timeout":
            values.append(math.inf)
            cut_ms.append(float(q.get("ms") or timeout_ms))
        elif q["status"] == "failed":
            failed += 1  # (an "unfinished" query, cut by the step's budget, is no figure at all)
    bound = min(cut_ms, default=timeout_ms)
    out: dict[str, Any] = {
        "count": len(values),
        "failed": failed,
        "cut": sum(1 for v in values if v == math.inf),
    }
    for name, p in (("p50", 50.0), ("p95", 95.0), ("max", 100.0)):
        if not values:
            stopped = (run.steps.get("queries") or {}).get("status") == "stopped"
            why = "failed" if failed else "stopped" if stopped else "not run"
            note = "the step's time ran out before any such query" if why == "stopped" else ""
            out[name] = Fig(None, status=why, note=note)
            continue
        v = percentile(values, p)
        out[name] = Fig(bound, ">", "stopped", "query timeout") if v == math.inf else Fig(v)
    return out


def cold_fig(run: SideRun, timeout_ms: float) -> Fig:
    q = run.queries.get(0)
    if q is None:
        return Fig(None, status="not run")
    if q["status"] == "ok":
        return Fig(float(q["ms"]))
    if q["status"] == "timeout":
        return Fig(max(timeout_ms, float(q.get("ms", 0.0))), ">", "stopped", "query timeout")
    return Fig(None, status="failed", note=str(q.get("error", "")))


def _peak(run: SideRun, steps: tuple[str, ...], plan: dict[str, Fig | None] | None = None) -> Fig:
    peaks = [float(run.steps[s]["peak_mib"]) for s in steps if run.steps.get(s, {}).get("peak_mib")]
    if peaks:
        return Fig(max(peaks))
    skipped = plan is not None and all(plan.get(s) is not None for s in steps)
    return Fig(None, status="skipped" if skipped else "not run")


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def summarise(
    n: int,
    tip: SideRun,
    base: SideRun,
    plan: dict[str, Fig | None],
    args: argparse.Namespace,
    logs: dict[str, str],
) -> Json:
    timeout_ms = 1000 * args.query_timeout
    limit = float(args.baseline_limit)
    tf: dict[str, Fig] = {
        "build": step_fig(tip, "build"),
        "validate": step_fig(tip, "build", "validate_seconds"),
        "export_gexf": step_fig(tip, "export_gexf"),
        "export_nq": step_fig(tip, "export_nq"),
    }
    if tf["build"].status == "stopped":
        tf["validate"] = Fig(None, status="not run", note="the build was stopped")
    tf["build+validate"] = add(tf["build"], tf["validate"])
    bf: dict[str, Fig] = {}
    for s in BASELINE_STEPS:
        skipped = plan.get(s)
        bf[s] = skipped if skipped is not None else step_fig(base, s, limit=limit)
    # the queries step of the baseline, as a time, only feeds the next size's prediction
    bf["build"] = bf["load"]
    bf["build+validate"] = add(bf["load"], bf["validate"])
    build_data = (tip.steps.get("build") or {}).get("data") or {}
    base_data = (base.steps.get("load") or {}).get("data") or {}
    same_roots = not base.roots or base.roots == tip.roots
    common = {i for i, q in base.queries.items() if q["status"] in ("ok", "timeout")}
    queries: Json = {}
    for d, name in (("up", "ancestors"), ("down", "descendants")):
        queries[name] = {
            "tipkg": query_figs(tip, d, timeout_ms),
            "baseline": query_figs(base, d, timeout_ms),
            "tipkg_on_baseline_roots": query_figs(tip, d, timeout_ms, common),
        }
    if plan.get("queries") is not None:
        skipped = Fig(None, status="skipped", note=plan["queries"].note)  # type: ignore[union-attr]
        for name in ("ancestors", "descendants"):
            queries[name]["baseline"].update(p50=skipped, p95=skipped, max=skipped)
    agree = [
        i
        for i in common
        if i in tip.queries and tip.queries[i]["status"] == base.queries[i]["status"] == "ok"
    ]
    disagree = [i for i in agree if tip.queries[i].get("rows") != base.queries[i].get("rows")]
    docs = int(build_data.get("documents") or 0)
    quads = int(build_data.get("quads") or 0)
    return {
        "size": n,
        "tipkg_figs": tf,
        "baseline_figs": bf,
        "queries": queries,
        "cold": {
            "tipkg": cold_fig(tip, timeout_ms),
            "baseline": Fig(None, status="skipped") if plan.get("queries") else cold_fig(base, timeout_ms),
        },
        "peak": {"tipkg": _peak(tip, TIPKG_STEPS), "baseline": _peak(base, BASELINE_STEPS, plan)},
        "peak_build": {"tipkg": _peak(tip, ("build",)), "baseline": _peak(base, ("load", "validate"), plan)},
        "baseline_peak_mib": _peak(base, BASELINE_STEPS).value,
        "baseline_queries_done": len(base.queries),
        "documents": docs,
        "load_errors": build_data.get("errors"),
        "first_load_error": build_data.get("first_error"),
        "quads": quads,
        "checks_in_workers_s": (build_data.get("stage_seconds") or {}).get("validate in workers"),
        "build_cpu_s": build_data.get("cpu_seconds"),
        "build_wall_s": build_data.get("wall_seconds"),
        "baseline_documents": base_data.get("documents"),
        "baseline_quads": base_data.get("quads"),
        "violations": {
            "tipkg": build_data.get("violations"),
            "baseline": ((base.steps.get("validate") or {}).get("data") or {}).get("violations"),
        },
        "query_answers": {
            "same_roots": same_roots,
            "compared": len(agree),
            "row_counts_differ": len(disagree),
        },
        "tipkg": tip.json(),
        "baseline": base.json(),
        "logs": logs,
    }


# ================================================================ tables


def _cpu_line(cpu: Json, wall: float) -> str:
    """The build's CPU seconds against its wall time: near the core count, only less work is faster."""
    own, workers = cpu["user"] + cpu["sys"], cpu["children_user"] + cpu["children_sys"]
    return (
        f"build CPU (with validate): {own + workers:,.1f} s over {wall:,.1f} s of wall time, "
        f"{(own + workers) / wall:.2f} of {os.cpu_count()} cores busy; the build process {own:,.1f} s "
        f"(user {cpu['user']:,.1f}, sys {cpu['sys']:,.1f}: store loads and compaction, cross-document checks), "
        f"the parse workers {workers:,.1f} s (user {cpu['children_user']:,.1f}, sys {cpu['children_sys']:,.1f}: "
        "parsing, N-Quads, per-source checks)"
    )


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def _per_doc(fig: Fig, docs: int) -> Fig:
    if not fig.known or not docs or fig.value is None:
        return Fig(None, status=fig.status)
    return Fig(1000 * fig.value / docs, fig.bound)


def per_size_table(r: Json, smallest: Json) -> str:
    n, docs, small_docs = r["size"], r["documents"], smallest["documents"]
    tf, bf, sf = r["tipkg_figs"], r["baseline_figs"], smallest["tipkg_figs"]
    rows: list[list[str]] = []

    def per_doc_cols(key: str) -> list[str]:
        here, there = _per_doc(tf[key], docs), _per_doc(sf[key], small_docs)
        flat = "-" if not (here.known and there.known and there.value) else f"{here.value / there.value:.2f}"  # type: ignore[operator]
        return [here.text("").strip() if here.known else "-", flat]

    for key, label in (
        ("build", "build (parse+emit+store)"),
        ("validate", "validate"),
        ("build+validate", "build+validate"),
    ):
        rows.append([label, tf[key].text(), bf[key].text(), ratio_text(bf[key], tf[key]), *per_doc_cols(key)])
    subset: list[str] = []
    for name in ("ancestors", "descendants"):
        q = r["queries"][name]
        partial = 0 < q["tipkg_on_baseline_roots"]["count"] < q["tipkg"]["count"]
        for p in ("p50", "p95", "max"):
            t, b, tc = q["tipkg"][p], q["baseline"][p], q["tipkg_on_baseline_roots"][p]
            text = ratio_text(b, tc)
            rows.append(
                [
                    f"{name} {p}",
                    t.text("ms"),
                    b.text("ms"),
                    text + ("*" if partial and text != "-" else ""),
                    "",
                    "",
                ]
            )
        if partial:
            on = q["tipkg_on_baseline_roots"]
            subset.append(
                f"* {name}: ratios over the {on['count']} queries the baseline answered or had cut at the timeout"
                f" (tipkg on those: p50 {on['p50'].text('ms')}, p95 {on['p95'].text('ms')}, max {on['max'].text('ms')})"
            )
        if name == "ancestors":
            c = r["cold"]
            rows.append(
                [
                    "ancestors cold (1st)",
                    c["tipkg"].text("ms"),
                    c["baseline"].text("ms"),
                    ratio_text(c["baseline"], c["tipkg"]),
                    "",
                    "",
                ]
            )
    for key, label in (("export_gexf", "export GEXF"), ("export_nq", "export N-Quads")):
        rows.append([label, tf[key].text(), bf[key].text(), ratio_text(bf[key], tf[key]), *per_doc_cols(key)])
    pt, pb = r["peak_build"]["tipkg"], r["peak_build"]["baseline"]
    rows.append(["peak MiB (build+validate)", pt.text(""), pb.text(""), ratio_text(pb, pt), "", ""])
    out = [
        f"== {n:,} documents: {docs:,} loaded ({r['load_errors'] or 0} load errors), {r['quads']:,} quads in the store"
        + (f"; baseline {r['baseline_quads']:,} quads" if r.get("baseline_quads") else ""),
        _table(
            ["step", "tipkg", "baseline", "baseline/tipkg", "tipkg ms/doc", f"vs {smallest['size']:,}"], rows
        ),
    ]
    out.extend(subset)
    b = tf["build"]
    if b.known and b.value:
        out.append(f"build: {docs / b.value:,.1f} documents/s, {r['quads'] / b.value:,.0f} triples/s (tipkg)")
    if r.get("checks_in_workers_s") is not None:
        out.append(
            f"per-source checks: {r['checks_in_workers_s']:,.1f} s in the parse workers, alongside the parsing"
            " (inside tipkg's build time)"
        )
    cpu, wall = r.get("build_cpu_s"), r.get("build_wall_s")
    if cpu and wall:
        out.append(_cpu_line(cpu, wall))
    if bf["load"].known and bf["load"].value and r.get("baseline_documents"):
        out.append(
            f"baseline load: {r['baseline_documents'] / bf['load'].value:,.1f} documents/s, "
            f"{(r.get('baseline_quads') or 0) / bf['load'].value:,.0f} triples/s"
        )
    for name in ("ancestors", "descendants"):
        for side in ("tipkg", "baseline"):
            q = r["queries"][name][side]
            if q["cut"] or q["failed"]:
                out.append(
                    f"{side} {name}: {q['cut']} of {q['count']} queries cut at the timeout, {q['failed']} failed"
                )
    qa = r["query_answers"]
    if qa["compared"]:
        out.append(
            f"answers: {qa['compared']} {'query' if qa['compared'] == 1 else 'queries'} answered on both sides,"
            f" row counts differ on {qa['row_counts_differ']}"
            + ("" if qa["same_roots"] else " (roots differ!)")
        )
    v = r["violations"]
    if v["tipkg"] is not None or v["baseline"] is not None:
        out.append(f"violations: tipkg {_or_dash(v['tipkg'])}, baseline (pyshacl) {_or_dash(v['baseline'])}")
    notes: list[str] = []
    for side, figs in (("tipkg", tf), ("baseline", bf)):
        for key, fig in figs.items():
            if fig.status == "ok" or key == "build+validate" or (side == "baseline" and key == "build"):
                continue
            last = fig.note.strip().splitlines()[-1] if fig.note.strip() else ""
            notes.append(f"  {side} {key}: {fig.status}{': ' + last if last else ''}")
    if notes:
        out.append("notes:")
        out.extend(notes)
    return "\n".join(out)


def flat_ratio(r: Json, smallest: Json) -> float | None:
    here = _per_doc(r["tipkg_figs"]["build+validate"], r["documents"])
    there = _per_doc(smallest["tipkg_figs"]["build+validate"], smallest["documents"])
    if not (here.known and there.known and there.value and here.bound == "="):
        return None
    assert here.value is not None
    return here.value / there.value


def summary_table(results: list[Json]) -> str:
    smallest = results[0]
    rows = []
    for r in results:
        tf, bf, docs = r["tipkg_figs"], r["baseline_figs"], r["documents"]
        b, bv = tf["build"], tf["build+validate"]
        flat = flat_ratio(r, smallest)
        rows.append(
            [
                f"{r['size']:,}",
                f"{docs:,}",
                tf["build"].text(""),
                tf["validate"].text(""),
                bv.text(""),
                f"{docs / b.value:,.1f}" if b.known and b.value else "-",
                f"{r['quads'] / b.value:,.0f}" if b.known and b.value else "-",
                r["peak"]["tipkg"].text(""),
                _per_doc(bv, docs).text("").strip() if bv.known else "-",
                "-" if flat is None else f"{flat:.2f}",
                bf["build+validate"].text(""),
                ratio_text(bf["build+validate"], bv),
                r["queries"]["ancestors"]["tipkg"]["p50"].text(""),
                r["queries"]["ancestors"]["tipkg"]["p95"].text(""),
                r["queries"]["descendants"]["tipkg"]["p95"].text(""),
                tf["export_gexf"].text(""),
                tf["export_nq"].text(""),
            ]
        )
    header = [
        "size", "docs", "build s", "valid. s", "b+v s", "docs/s", "triples/s", "peak MiB", "ms/doc",
        f"vs {smallest['size']:,}", "base b+v s", "speed-up", "anc p50", "anc p95", "desc p95", "gexf s", "nq s",
    ]  # fmt: skip
    return "== summary (tipkg; times in s, queries in ms)\n" + _table(header, rows)


def targets(results: list[Json]) -> list[Json]:
    """The issue's three targets, each met / not met / not measured, with the figure."""
    out: list[Json] = []
    smallest, largest = results[0], results[-1]
    flats = [(r["size"], flat_ratio(r, smallest)) for r in results[1:]]
    if not flats:
        out.append({"target": "flat per-document cost", "status": "not measured", "text": "one size only"})
    else:
        known = [(s, f) for s, f in flats if f is not None]
        worst = max(known, key=lambda sf: sf[1]) if known else None
        span = f"{smallest['size']:,} to {largest['size']:,}"
        if worst is None or len(known) < len(flats):
            out.append(
                {
                    "target": "flat per-document cost",
                    "status": "not measured",
                    "text": f"missing figures ({span})",
                }
            )
        else:
            met = worst[1] <= TARGET_FLAT
            out.append(
                {
                    "target": "flat per-document cost",
                    "status": "met" if met else "not met",
                    "value": worst[1],
                    "text": f"build+validate ms/doc at {worst[0]:,} is {worst[1]:.2f}x that at {smallest['size']:,} "
                    f"(target <= {TARGET_FLAT}x; measured {span}, the issue asks 1,000 to 100,000)",
                }
            )
    at = {r["size"]: r for r in results}
    r10 = at.get(TARGET_SPEEDUP_SIZE)
    if r10 is None:
        out.append(_size_absent(f"build+validate at {TARGET_SPEEDUP_SIZE:,}", TARGET_SPEEDUP_SIZE))
    else:
        bv, base = r10["tipkg_figs"]["build+validate"], r10["baseline_figs"]["build+validate"]
        fast = bv.known and bv.bound == "=" and bv.value is not None and bv.value < TARGET_BV_SECONDS
        r, kind = ratio(base, bv)
        if r is None:
            pred = base.predicted
            speed = (
                "not measured (baseline "
                + (f"skipped, predicted {pred:,.0f} s" if pred else base.status)
                + ")"
            )
            speed_ok: bool | None = None
        else:
            speed = f"{'>= ' if kind == '>=' else '<= ' if kind == '<=' else ''}{r:.1f}x (target >= {TARGET_SPEEDUP:.0f}x)"
            speed_ok = r >= TARGET_SPEEDUP if kind in ("=", ">=") else (False if r < TARGET_SPEEDUP else None)
        status = "not met" if not fast or speed_ok is False else "met" if speed_ok else "not measured"
        out.append(
            {
                "target": f"build+validate at {TARGET_SPEEDUP_SIZE:,}",
                "status": status,
                "value": bv.value,
                "speed_up": r,
                "text": f"{bv.text()} (target < {TARGET_BV_SECONDS:.0f} s: {'met' if fast else 'not met'}); speed-up {speed}",
            }
        )
    r100 = at.get(TARGET_P95_SIZE)
    if r100 is None:
        out.append(_size_absent(f"ancestors p95 at {TARGET_P95_SIZE:,}", TARGET_P95_SIZE))
    else:
        p95: Fig = r100["queries"]["ancestors"]["tipkg"]["p95"]
        met95 = p95.known and p95.bound == "=" and p95.value is not None and p95.value < TARGET_P95_MS
        out.append(
            {
                "target": f"ancestors p95 at {TARGET_P95_SIZE:,}",
                "status": "met" if met95 else "not met" if p95.known else "not measured",
                "value": p95.value,
                "text": f"{p95.text('ms')} (target < {TARGET_P95_MS:.0f} ms)",
            }
        )
    return out


def _size_absent(target: str, size: int) -> Json:
    return {"target": target, "status": "not measured", "text": f"{size:,} is not among the sizes"}


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Fig):
        return obj.json()
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


# ================================================================ corpus and main


def ensure_corpus(args: argparse.Namespace, n: int, work: Path) -> tuple[Path, Json]:
    """The corpus of ``n`` documents: reused when --corpus holds one that large, else written."""
    from tipkg.synth.corpus import generate

    corpus = args.corpus or work / f"synth-{args.seed}-{n}"
    manifest = corpus / "manifest.json"
    if manifest.is_file():
        have = len(json.loads(manifest.read_text(encoding="utf-8"))["resolutions"])
        if have >= n:
            return corpus, {"documents": have, "reused": True, "path": str(corpus)}
        raise SystemExit(
            f"{corpus} holds {have:,} resolutions, fewer than {n:,}: give a larger corpus or a new folder"
        )
    if corpus.exists() and any(corpus.iterdir()):
        raise SystemExit(f"{corpus} is not empty and has no manifest.json: give a corpus or a new folder")
    t0 = time.perf_counter()
    generate(n, args.seed, corpus, truth=False)
    return corpus, {"documents": n, "reused": False, "seconds": time.perf_counter() - t0, "path": str(corpus)}


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
        corpus, synth = ensure_corpus(args, max(sizes), work)
        print(
            f"corpus: {corpus} ({synth['documents']:,} documents, {'reused' if synth['reused'] else 'written'})",
            file=sys.stderr,
        )
        runner = Runner(args, sizes, corpus, work)
        for n in sizes:
            try:
                results.append(runner.measure(n))
            except Exception as exc:  # keep the sizes already measured
                print(f"size {n:,}: failed: {_error_text(exc)}", file=sys.stderr)
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
                "mem_available_mib": _mem_available_mib(),
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
        args.out.write_text(json.dumps(_jsonable(doc), indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

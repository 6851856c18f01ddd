"""bench_scale.py's child process: the steps of one side (tipkg or the baseline) at one size.

A child reports on a private copy of stdout, one JSON line per event (``MARK`` first), so what the
measured code prints cannot be mistaken for the protocol; bench/scale_runs.py reads them.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import math
import os
import random
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from corpora import corpus_files
from timing import TreeSampler, cpu_seconds, maxrss_mib

MARK = "@@bench-scale "  # prefix of the protocol lines a child prints
TIPKG_STEPS = ("build", "queries", "export_gexf", "export_nq")
BASELINE_STEPS = ("load", "validate", "queries", "export_gexf", "export_nq")

Json = dict[str, Any]


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


def query_items(n_roots: int) -> list[tuple[str, str, int]]:
    """(label, direction, root index): first the cold ancestors query, then up and down for each root."""
    items = [("cold", "up", 0)] if n_roots else []
    for r in range(n_roots):
        items += [("warm", "up", r), ("warm", "down", r)]
    return items


def error_text(exc: BaseException) -> str:
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
                maxrss_mib(resource.RUSAGE_SELF),
                maxrss_mib(resource.RUSAGE_CHILDREN),
            ),
            ru_self_mib=maxrss_mib(resource.RUSAGE_SELF),
            ru_children_mib=maxrss_mib(resource.RUSAGE_CHILDREN),
        )

    @staticmethod
    def _preload(side: str) -> None:
        """Import what the steps use before any timing (imports take seconds, not per-document work)."""
        names = [
            "tipkg.graph.query.chain",
            "tipkg.graph.query.runner",
            "tipkg.graph.query.source",
            "tipkg.graph.export.gexf",
            "tipkg.graph.export.view",
            "tipkg.graph.store.embedded",
        ]
        if side == "tipkg":
            names += ["tipkg.graph.build.build"]
        else:
            names += [
                "tipkg.graph.validate.pyshacl_engine",
                "tipkg.loaders.sources.dispatch",
                "tipkg.loaders.emit",
                "tipkg.loaders.registry.load",
                "tipkg.loaders.registry.rdf",
            ]
        for name in names:
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
            status, error = "failed", error_text(exc)
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
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        with staged_store(self.store_path, incremental=False) as db:
            result = build(files, store=db, **kwargs)
            documents, errors = len(result.documents), len(result.errors)
            first_error = result.errors[0].describe() if result.errors else None
            stages = dict(result.seconds)
            violations = None if result.report is None else len(result.report.violations)
            del result, db  # the store closes when staged_store lets go of it
        wall = time.perf_counter() - t0
        cpu = {k: v - cpu0[k] for k, v in cpu_seconds().items()}
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
        from tipkg.graph.store.embedded import new_dataset
        from tipkg.loaders.emit import emit
        from tipkg.loaders.errors import LoadError
        from tipkg.loaders.registry.load import load_registry
        from tipkg.loaders.registry.rdf import registry_graphs
        from tipkg.loaders.sources.dispatch import load_source
        from tipkg.ontology import ontology_graph

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
        from tipkg.graph.query import runner

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
                    result = runner.run(source, name, {"doc": roots[r]}, walk=self.cfg["side"] == "tipkg")
                self.emit(ev="query", phase="end", i=i, status="ok", ms=_ms(t), rows=len(result.rows))
            except StepTimeout:
                if by_budget:  # cut by the step's budget, not by its own timeout: not a figure
                    self.emit(ev="query", phase="end", i=i, status="unfinished", ms=_ms(t))
                    status = "stopped"
                    break
                self.emit(ev="query", phase="end", i=i, status="timeout", ms=_ms(t))
            except Exception as exc:
                self.emit(ev="query", phase="end", i=i, status="failed", ms=_ms(t), error=error_text(exc))
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

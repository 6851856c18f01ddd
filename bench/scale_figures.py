"""The figures of bench_scale.py: a measured value, a lower bound (a step stopped at its limit) or
an absence with its reason; ratios and percentiles that keep those bounds; and one size's runs
turned into figures (:func:`summarise`)."""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from typing import Any

from scale_child import BASELINE_STEPS, TIPKG_STEPS, query_items
from scale_runs import SideRun

Json = dict[str, Any]


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
    stopped = ">" in (a.bound, b.bound)  # a part stopped at its limit: the sum is a lower bound
    return Fig(a.value + b.value, ">" if stopped else "=", "stopped" if stopped else "ok")


def _sum_pred(a: Fig, b: Fig) -> float | None:
    pa = a.value if a.known else a.predicted
    pb = b.value if b.known else b.predicted
    return None if pa is None or pb is None else pa + pb


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (values may hold inf for cut queries)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


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

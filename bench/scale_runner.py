"""bench_scale.py's parent: one size after another, the tipkg side then the baseline, each in its own
child; a baseline step is skipped when the previous size predicts it would pass its limit."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scale_child import BASELINE_STEPS, TIPKG_STEPS
from scale_figures import Fig, summarise
from scale_runs import SideRun, run_child
from timing import mem_available_mib

MEMORY_SHARE = 0.8  # skip a baseline whose predicted peak exceeds this share of the available memory

Json = dict[str, Any]


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
        avail = mem_available_mib()
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

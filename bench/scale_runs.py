"""What bench_scale.py's parent learns from its children: each child started and followed (a hard
deadline kills its process group), and its events gathered per side and size."""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scale_child import MARK

SCRIPT = Path(__file__).resolve().with_name("bench_scale.py")  # a child is that script with --child
GRACE_S = 2.0  # a child stuck in native code past its own alarm is killed this much later

Json = dict[str, Any]


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
            [sys.executable, str(SCRIPT), "--child", json.dumps(cfg)],
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

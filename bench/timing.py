"""Time, CPU and memory as every benchmark measures them."""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def cpu_total() -> float:
    """CPU seconds so far, user and sys, of this process and of its finished children."""
    return sum(cpu_seconds().values())


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


def tree_rss_kib(root: int) -> int:
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


def maxrss_mib(who: int) -> float:
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
            kib = tree_rss_kib(pid)
            self.peak_kib = max(self.peak_kib, kib)
            self.step_kib = max(self.step_kib, kib)
            self._stop.wait(self.interval)

    def reset(self) -> None:
        self.step_kib = tree_rss_kib(os.getpid())

    def step_peak_mib(self) -> float:
        """The step's sampled tree peak, raised to ru_maxrss of self/children (peaks that sampling missed)."""
        self.step_kib = max(self.step_kib, tree_rss_kib(os.getpid()))
        return max(
            self.step_kib / 1024, maxrss_mib(resource.RUSAGE_SELF), maxrss_mib(resource.RUSAGE_CHILDREN)
        )

    def stop(self) -> None:
        self._stop.set()


def cpu_seconds() -> dict[str, float]:
    """CPU seconds so far of this process (all its threads) and of its finished children (the parse
    workers, once the build's pool has ended): whether a step is bound by the cores or waits."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "user": own.ru_utime,
        "sys": own.ru_stime,
        "children_user": kids.ru_utime,
        "children_sys": kids.ru_stime,
    }


def mem_available_mib() -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return None

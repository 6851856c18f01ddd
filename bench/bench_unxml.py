"""Benchmark ``tipkg build`` on the UN's AKN corpus: this checkout against an older commit, same run.

    python bench/bench_unxml.py [--corpus ../shared/corpus/unxml] [--baseline eab0062]
                                [--subset N] [--jobs J] [--out bench-unxml.json]

The baseline is measured, not copied: the commit is checked out as a temporary ``git worktree``
outside the repository, given its own virtual environment (``pip install -e .``), and its own
``tipkg build`` is run on the same files, one build after the other, with the same ``--jobs``. Both
builds write an embedded store and an N-Quads file into a temporary folder (``--full``: nothing is
reused). For each: wall seconds, CPU seconds (``wait4`` of the ``tipkg`` process: its own and
that of the parse workers it waited for), peak memory (the largest process, from the same
rusage, and the whole process tree sampled from /proc every 0.2 s: parent and workers together),
documents loaded and load errors (from the command's summary), quads written and distinct triples
(counted from the N-Quads file afterwards, outside the timing). Rates are per wall second; the
per-document cost is CPU seconds per loaded document, and the ratio is this checkout's over the
baseline's (the issue's limit: 1.2).

``--subset N`` builds the first N AKN files of each repository (with its ``data_extract/``) from a
folder of symbolic links, for a quick check; the smoke test (tests/test_bench_unxml.py) uses it.
The temporary worktree is removed at the end (``--keep-baseline DIR`` keeps and reuses one, e.g.
a worktree of a commit that needs files added by hand to run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "unxml"
DEFAULT_BASELINE = "eab0062"
LIMIT = 1.2  # per-document cost, this checkout over the baseline (issue 23, part 8)
OK_EXITS = (0, 2)  # 2: some sources could not be loaded (reported, the build goes on)


@dataclass
class Run:
    """One ``tipkg build``, measured."""

    name: str
    commit: str
    exit_code: int
    wall_s: float
    cpu_s: float
    peak_process_mb: float
    peak_tree_mb: float
    documents: int
    load_errors: int
    quads: int
    triples: int

    @property
    def documents_per_s(self) -> float:
        return self.documents / self.wall_s if self.wall_s else 0.0

    @property
    def triples_per_s(self) -> float:
        return self.triples / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_document(self) -> float:
        return 1000 * self.cpu_s / self.documents if self.documents else 0.0

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            documents_per_s=round(self.documents_per_s, 2),
            triples_per_s=round(self.triples_per_s, 1),
            cpu_ms_per_document=round(self.cpu_ms_per_document, 3),
        )
        return out


# --------------------------------------------------------------------------- the two checkouts


def git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def baseline_checkout(commit: str, where: Path) -> Path:
    """A worktree of ``commit`` at ``where`` with its own venv; its ``tipkg`` executable."""
    tipkg = where / ".venv" / "bin" / "tipkg"
    if not (where / ".git").exists():
        git("worktree", "add", "--detach", str(where), commit)
    if not tipkg.exists():
        subprocess.run([sys.executable, "-m", "venv", str(where / ".venv")], check=True)
        pip = [str(where / ".venv" / "bin" / "pip"), "install", "-q", "-e", str(where)]
        subprocess.run(
            pip, check=True, capture_output=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        )
    return tipkg


def remove_checkout(where: Path) -> None:
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(where)], cwd=REPO, capture_output=True, check=False
    )
    shutil.rmtree(where, ignore_errors=True)


def this_tipkg() -> Path:
    """The ``tipkg`` of the environment running this script (this checkout, installed -e)."""
    found = Path(sys.executable).parent / "tipkg"
    if not found.exists():
        raise SystemExit(f"no tipkg beside {sys.executable}: run from this checkout's virtual environment")
    return found


# --------------------------------------------------------------------------- the corpus


def subset(corpus: Path, n: int, into: Path) -> Path:
    """The first ``n`` AKN files (sorted) of each repository folder, as symbolic links in the same
    layout, with each repository's ``data_extract/``."""
    for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
        files = sorted(f for f in repo.rglob("*.xml") if "data_extract" not in f.parts)[:n]
        for f in files:
            link = into / f.relative_to(corpus)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(f)
        if (repo / "data_extract").is_dir() and files:
            (into / repo.name / "data_extract").symlink_to(repo / "data_extract")
    return into


# --------------------------------------------------------------------------- measuring one build


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        out.setdefault(ppid, []).append(int(entry))
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MiB (0 where /proc is missing)."""
    kids, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class TreeSampler:
    """Samples a process tree's resident memory until stopped; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._stop.wait(self.every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def summary_number(text: str, label: str) -> int:
    """A count from the build's summary table ("documents loaded │ 4926")."""
    m = re.search(rf"{re.escape(label)}\s*[│|]\s*([\d,]+)", text)
    return int(m.group(1).replace(",", "")) if m else 0


def count_quads_and_triples(nq: Path) -> tuple[int, int]:
    """Quads in an N-Quads file, and distinct triples over all graphs."""
    import pyoxigraph as ox

    seen: set[int] = set()
    quads = 0
    with nq.open("rb") as fh:
        for q in ox.parse(fh, format=ox.RdfFormat.N_QUADS):
            quads += 1
            seen.add(hash((str(q.subject), str(q.predicate), str(q.object))))
    return quads, len(seen)


def measure(name: str, commit: str, tipkg: Path, corpus: Path, work: Path, jobs: int) -> Run:
    """Run one ``tipkg build --full`` of ``corpus`` in ``work`` and measure it."""
    work.mkdir(parents=True, exist_ok=True)
    out = work / "tipkg.nq"
    cmd = [str(tipkg), "build", str(corpus), "--out", str(out), "--format", "nq"]
    cmd += ["--store", str(work / "store"), "--full", "--jobs", str(jobs)]
    log = (work / "build.log").open("w", encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env)
    sampler = TreeSampler(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    tree_peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    log.close()
    text = (work / "build.log").read_text(encoding="utf-8", errors="replace")
    if proc.returncode not in OK_EXITS:
        raise SystemExit(f"{name}: tipkg build exited {proc.returncode}\n{text[-3000:]}")
    quads, triples = count_quads_and_triples(out) if out.exists() else (0, 0)
    errors = re.search(r"(\d+) source\(s\) could not be loaded", text)
    return Run(
        name=name,
        commit=commit,
        exit_code=proc.returncode,
        wall_s=round(wall, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        peak_process_mb=round(usage.ru_maxrss / 1024, 1),
        peak_tree_mb=round(tree_peak, 1),
        documents=summary_number(text, "documents loaded"),
        load_errors=int(errors.group(1)) if errors else 0,
        quads=quads,
        triples=triples,
    )


# --------------------------------------------------------------------------- report


def compare(branch: Run, base: Run) -> dict[str, float]:
    def ratio(a: float, b: float) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "cpu_per_document": ratio(branch.cpu_ms_per_document, base.cpu_ms_per_document),
        "wall_per_document": ratio(
            branch.wall_s / max(branch.documents, 1), base.wall_s / max(base.documents, 1)
        ),
        "triples_per_document": ratio(
            branch.triples / max(branch.documents, 1), base.triples / max(base.documents, 1)
        ),
        "cpu_per_triple": ratio(branch.cpu_s / max(branch.triples, 1), base.cpu_s / max(base.triples, 1)),
        "peak_tree_memory": ratio(branch.peak_tree_mb, base.peak_tree_mb),
    }


def table(runs: list[Run], ratios: dict[str, float]) -> str:
    rows = [
        ("documents loaded", "documents", "{:,}"),
        ("load errors", "load_errors", "{:,}"),
        ("distinct triples", "triples", "{:,}"),
        ("quads written", "quads", "{:,}"),
        ("wall s", "wall_s", "{:.1f}"),
        ("CPU s (tipkg + workers)", "cpu_s", "{:.1f}"),
        ("documents/s", "documents_per_s", "{:.1f}"),
        ("triples/s", "triples_per_s", "{:,.0f}"),
        ("CPU ms per document", "cpu_ms_per_document", "{:.2f}"),
        ("peak memory, largest process MiB", "peak_process_mb", "{:,.0f}"),
        ("peak memory, process tree MiB", "peak_tree_mb", "{:,.0f}"),
    ]
    data = [r.as_dict() for r in runs]
    width = max(len(label) for label, _, _ in rows)
    lines = [f"{'':{width}}  " + "  ".join(f"{r.name:>16}" for r in runs)]
    for label, key, fmt in rows:
        lines.append(f"{label:{width}}  " + "  ".join(f"{fmt.format(d[key]):>16}" for d in data))
    lines.append("")
    for key, value in ratios.items():
        lines.append(f"{key.replace('_', ' ')} (this / baseline): {value:.3f}")
    verdict = "within" if ratios["cpu_per_document"] <= LIMIT else "OVER"
    lines.append(f"per-document CPU cost {verdict} the {LIMIT}x limit")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--baseline", default=DEFAULT_BASELINE, help="commit to compare with (default %(default)s)"
    )
    ap.add_argument("--subset", type=int, default=0, help="first N files of each repository (0: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=Path("bench-unxml.json"))
    ap.add_argument(
        "--workdir", type=Path, default=None, help="keep the builds here (default: a temp folder)"
    )
    ap.add_argument(
        "--keep-baseline", type=Path, default=None, help="worktree of the baseline to keep and reuse"
    )
    ap.add_argument(
        "--baseline-tipkg",
        type=Path,
        default=None,
        help="an installed tipkg to measure as the baseline instead of checking the commit out (quick checks)",
    )
    args = ap.parse_args(argv)

    started = time.perf_counter()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # killed: still remove the worktree
    tmp = Path(tempfile.mkdtemp(prefix="tipkg-bench-unxml-"))
    work = args.workdir or tmp
    corpus = (
        subset(args.corpus.resolve(), args.subset, tmp / "corpus") if args.subset else args.corpus.resolve()
    )
    base_dir = args.keep_baseline or tmp / "baseline"
    own = args.baseline_tipkg is not None
    try:
        base_commit = "installed" if own else git("rev-parse", args.baseline)
        base_tipkg = args.baseline_tipkg if own else baseline_checkout(base_commit, base_dir.resolve())
        head = git("rev-parse", "HEAD") + (
            " (with uncommitted changes)" if git("status", "--porcelain") else ""
        )
        branch = measure("this checkout", head, this_tipkg(), corpus, work / "this", args.jobs)
        base = measure(
            f"baseline {args.baseline}", base_commit, base_tipkg, corpus, work / "baseline", args.jobs
        )
    finally:
        if args.keep_baseline is None and not own:
            remove_checkout(base_dir.resolve())
        shutil.rmtree(tmp, ignore_errors=True)  # the subset's links, the worktree; builds in --workdir stay
    ratios = compare(branch, base)
    report = {
        "corpus": str(args.corpus),
        "subset": args.subset,
        "jobs": args.jobs,
        "cores": os.cpu_count(),
        "runs": [branch.as_dict(), base.as_dict()],
        "ratios": ratios,
        "limit": LIMIT,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table([branch, base], ratios))
    print(f"wrote {args.out} ({report['bench_seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

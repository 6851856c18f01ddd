"""Smoke test of bench/bench_unxml.py: the whole command on two files of each repository, with this
checkout's own tipkg standing in for the baseline (the real baseline is a worktree of an older
commit with its own environment: too slow for the tests). The figures must be there, not good."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "bench" / "bench_unxml.py"
UNXML = REPO.parent / "shared" / "corpus" / "unxml"
FIGURES = (
    "wall_s",
    "cpu_s",
    "peak_process_mb",
    "peak_tree_mb",
    "documents",
    "quads",
    "triples",
    "documents_per_s",
    "triples_per_s",
    "cpu_ms_per_document",
)


def test_the_bench_reports_every_figure_for_both_builds(tmp_path: Path) -> None:
    if not UNXML.is_dir():
        pytest.skip("../shared/corpus/unxml is not here")
    out = tmp_path / "bench.json"
    tipkg = Path(sys.executable).parent / "tipkg"
    cmd = [sys.executable, str(SCRIPT), "--subset", "2", "--jobs", "2", "--out", str(out)]
    cmd += ["--baseline-tipkg", str(tipkg), "--workdir", str(tmp_path / "work")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [r["name"] for r in report["runs"]] == ["this checkout", "baseline eab0062"]
    for run in report["runs"]:
        for figure in FIGURES:
            assert run[figure] > 0, (run["name"], figure, run[figure])
        assert run["exit_code"] in (0, 2) and run["load_errors"] >= 0
    assert set(report["ratios"]) >= {"cpu_per_document", "wall_per_document", "peak_tree_memory"}
    assert report["subset"] == 2 and report["limit"] == 1.2
    assert "CPU ms per document" in proc.stdout and "per-document CPU cost" in proc.stdout
    assert (tmp_path / "work" / "this" / "build.log").is_file()  # --workdir keeps the builds

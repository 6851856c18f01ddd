"""Smoke test of bench/bench_scale.py: the whole command at tiny sizes, in a subprocess.

Sizes 10 and 20, two query documents, a 3 s baseline limit and a 0.5 s query timeout: every step runs
on both sides (or is stopped at the limit, or skipped by its prediction at the second size), so the
table and the JSON must name every step and each figure must be a positive number.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bench.scripts import load_script
from tests.conftest import REPO

SCRIPT = REPO / "bench" / "bench_scale.py"
SIZES = (10, 20)

TABLE_ROWS = (
    "build (parse+emit+store)",
    "validate",
    "build+validate",
    "ancestors p50",
    "ancestors p95",
    "ancestors max",
    "ancestors cold (1st)",
    "descendants p50",
    "descendants p95",
    "descendants max",
    "export GEXF",
    "export N-Quads",
    "peak MiB (build+validate)",
)
TIPKG_FIGS = ("build", "validate", "build+validate", "export_gexf", "export_nq")
BASELINE_FIGS = ("load", "validate", "queries", "export_gexf", "export_nq", "build+validate")
NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("bench-scale")
    out = tmp / "results.json"
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--sizes",
        ",".join(map(str, SIZES)),
        "--queries",
        "2",
        "--baseline-limit",
        "3",
        "--query-timeout",
        "0.5",
        "--workdir",
        str(tmp / "work"),
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


def _positive_fig(fig: dict[str, Any], where: str) -> None:
    """A measured figure or a lower bound is a positive number; a skipped step carries its reason."""
    if fig["status"] == "skipped":
        assert fig.get("note"), f"{where}: skipped without a reason"
        if fig.get("predicted") is not None:
            assert fig["predicted"] > 0 and fig["predicted_is_a_prediction"], where
        return
    assert fig["status"] in ("ok", "stopped"), f"{where}: {fig}"
    assert isinstance(fig["value"], int | float) and fig["value"] > 0, f"{where}: {fig}"
    assert fig["bound"] == ("=" if fig["status"] == "ok" else ">"), where


def test_table_names_every_step(run: tuple[str, dict[str, Any]]) -> None:
    stdout, _ = run
    for n in SIZES:
        assert f"== {n:,} documents" in stdout
    for row in TABLE_ROWS:
        lines = [line for line in stdout.splitlines() if line.startswith(row + " ")]
        assert len(lines) == len(SIZES), (row, stdout)
        for line in lines:  # the tipkg column holds a positive number (or a lower bound: "> 1,000 ms")
            m = re.match(rf"\s+(?:> )?({NUMBER})\b", line[len(row) :])
            assert m and float(m.group(1).replace(",", "")) > 0, line
    assert "== summary" in stdout
    summary = stdout[stdout.index("== summary") :].splitlines()
    for n in SIZES:
        assert any(line.startswith(f"{n:,} ") or line.startswith(f"{n} ") for line in summary), n
    assert "targets (issue 7):" in stdout
    cpu = re.findall(rf"build CPU \(with validate\): ({NUMBER}) s over ({NUMBER}) s of wall time", stdout)
    assert len(cpu) == len(SIZES) and all(float(a) > 0 and float(b) > 0 for a, b in cpu), stdout
    for target in ("flat per-document cost", "build+validate at 10,000", "ancestors p95 at 100,000"):
        assert target in stdout


def test_json_has_every_step_with_positive_figures(run: tuple[str, dict[str, Any]]) -> None:
    _, doc = run
    assert [r["size"] for r in doc["sizes"]] == list(SIZES)
    assert doc["corpus"]["documents"] >= max(SIZES)
    for r in doc["sizes"]:
        n = r["size"]
        assert r["documents"] == n and r["load_errors"] == 0 and r["quads"] > 0
        for step in TIPKG_FIGS:
            fig = r["tipkg_figs"][step]
            assert fig["status"] == "ok", (n, step, fig)
            _positive_fig(fig, f"{n} tipkg {step}")
        for step in BASELINE_FIGS:
            _positive_fig(r["baseline_figs"][step], f"{n} baseline {step}")
        for name in ("ancestors", "descendants"):
            for p in ("p50", "p95", "max"):
                _positive_fig(r["queries"][name]["tipkg"][p], f"{n} tipkg {name} {p}")
                _positive_fig(r["queries"][name]["baseline"][p], f"{n} baseline {name} {p}")
        _positive_fig(r["cold"]["tipkg"], f"{n} tipkg cold")
        _positive_fig(r["peak"]["tipkg"], f"{n} tipkg peak")
        cpu = r["build_cpu_s"]  # jobs 2: the parse workers' CPU is counted, apart from the build process's
        assert cpu["user"] > 0 and cpu["children_user"] > 0, (n, cpu)
        assert r["build_wall_s"] >= r["tipkg_figs"]["build+validate"]["value"] * 0.99, n
        assert len(r["tipkg"]["roots"]) == 2
    first = doc["sizes"][0]
    # at the smallest size nothing can be skipped by a prediction: the baseline ran (or was stopped)
    for step in ("load", "validate", "export_gexf", "export_nq"):
        assert first["baseline_figs"][step]["status"] in ("ok", "stopped"), step
    assert first["baseline"]["roots"] == first["tipkg"]["roots"]
    assert {t["target"] for t in doc["targets"]} == {
        "flat per-document cost",
        "build+validate at 10,000",
        "ancestors p95 at 100,000",
    }


def test_leaves_no_temporary_files(run: tuple[str, dict[str, Any]]) -> None:
    _, doc = run
    work = Path(doc["settings"]["workdir"])
    assert work.is_dir() and not any(work.iterdir()), "temporary files left behind"


def _bench_module() -> Any:
    return load_script(SCRIPT)


def test_baseline_plan_skips_only_on_a_labelled_prediction(tmp_path: Path) -> None:
    bench = _bench_module()
    fig = bench.Fig
    args = argparse.Namespace(baseline_limit=10.0, queries=5, query_timeout=1.0)
    runner = bench.Runner(args, [10, 20], tmp_path, tmp_path)
    runner.results = [
        {
            "size": 10,
            "baseline_peak_mib": 1.0,
            "baseline_queries_done": 3,
            "baseline_figs": {
                "load": fig(2.0),  # 4 s predicted at 20: runs
                "validate": fig(6.0),  # 12 s predicted > 10 s: skipped
                "queries": fig(3.0, ">", "stopped"),  # 1 s a query -> 2 s > the 1 s timeout: skipped
                "export_gexf": fig(10.0, ">", "stopped"),  # stopped at the limit: skipped
                "export_nq": fig(None, status="failed"),  # no figure to predict from: tried again
            },
        }
    ]
    plan = runner.baseline_plan(20)
    assert plan["load"] is None and plan["export_nq"] is None
    for step, predicted in (("validate", 12.0), ("queries", 2.0), ("export_gexf", 20.0)):
        skipped = plan[step]
        assert skipped.status == "skipped" and skipped.value is None, step
        assert skipped.predicted == pytest.approx(predicted) and "predicted" in skipped.note, step
        assert skipped.json()["predicted_is_a_prediction"] is True


def test_ratios_and_percentiles_keep_their_bounds() -> None:
    bench = _bench_module()
    fig = bench.Fig
    assert bench.ratio_text(fig(20.0), fig(2.0)) == "10.0x"
    assert bench.ratio_text(fig(900.0, ">", "stopped"), fig(30.0)) == ">= 30.0x"
    assert bench.ratio_text(fig(5.0), fig(10.0, ">", "stopped")) == "<= 0.50x"
    assert bench.ratio_text(fig(None, status="skipped", predicted=99.0), fig(1.0)) == "-"
    assert bench.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert bench.percentile([1.0] * 19 + [math.inf], 95) == 1.0
    assert bench.percentile([1.0] * 18 + [math.inf] * 2, 95) == math.inf

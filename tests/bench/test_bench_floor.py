"""Smoke test of bench/bench_floor.py: the whole command on 20 synthetic documents, in a subprocess,
and its lower bounds on a Floor made by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bench.scripts import load_script
from tests.conftest import REPO

SCRIPT = REPO / "bench" / "bench_floor.py"
SIZE = 20
PARTS = (
    "parse",
    "per-source checks",
    "on-disk load",
    "stub flags",
    "compaction",
    "cross-document checks",
    "in-memory load",
    "cross-document checks in memory",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any], Path]:
    tmp = tmp_path_factory.mktemp("bench-floor")
    out, work = tmp / "floor.json", tmp / "work"
    cmd = [sys.executable, str(SCRIPT), "--size", str(SIZE), "--workdir", str(work), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, json.loads(out.read_text(encoding="utf-8")), work


def test_every_part_and_the_build_are_measured(run: tuple[str, dict[str, Any], Path]) -> None:
    stdout, doc, _ = run
    assert [p["name"] for p in doc["parts"]] == list(PARTS)
    for p in doc["parts"]:
        assert p["wall"] > 0 and p["cpu"] >= 0, p
        assert any(line.startswith(p["name"] + " ") for line in stdout.splitlines()), p["name"]
    assert doc["parts"][0]["cpu"] > 0  # the parse workers' CPU is counted once their pool has ended
    assert doc["build"]["wall"] > 0 and doc["build"]["cpu"] > 0
    assert doc["documents"] == SIZE and doc["quads"] > 0 and doc["violations"] == 0
    assert f"{SIZE} documents, 0 violation(s)" in doc["build"]["note"]
    assert "0 violation(s)" in doc["parts"][1]["note"]


def test_bounds_are_the_parts_cpu_over_the_cores(run: tuple[str, dict[str, Any], Path]) -> None:
    stdout, doc, _ = run
    cpu = {p["name"]: p["cpu"] for p in doc["parts"]}
    assert [b["build"] for b in doc["bounds"]] == ["on-disk build", "in-memory build"]
    for b, load in zip(doc["bounds"], ("on-disk load", "in-memory load"), strict=True):
        assert b["cpu_s"] == pytest.approx(sum(cpu[n] for n in b["parts"]))
        assert b["bound_s"] == pytest.approx(b["cpu_s"] / doc["cores"])
        assert b["parse_and_load_cpu_s"] == pytest.approx(cpu["parse"] + cpu[load])
        assert b["target_ruled_out"] is False  # 20 documents: nowhere near a minute
        assert b["parse_budget_ms"] > b["parse_ms"] > 0
        assert f"  {b['build']}: parse + load " in stdout


def test_leaves_no_temporary_files(run: tuple[str, dict[str, Any], Path]) -> None:
    _, _, work = run
    assert work.is_dir() and not any(work.iterdir()), "temporary files left behind"


def test_a_bound_above_the_target_rules_it_out() -> None:
    bench = load_script(SCRIPT)  # it imports corpora and timing, as when run as a script

    def floor(parse: float, load: float) -> Any:
        cpu = {"parse": parse, "on-disk load": load}
        parts = [bench.Part(name, 1.0, cpu.get(name, 2.0)) for name in bench.ON_DISK]  # 4 others: 8 s
        return bench.Floor(documents=1_000, quads=1, jobs=2, cores=2, parts=parts)

    (b,) = bench.bounds(floor(80.0, 60.0))  # no in-memory parts measured: no in-memory bound
    assert b["parse_and_load_bound_s"] == pytest.approx(70.0) and b["bound_s"] == pytest.approx(74.0)
    assert b["target_ruled_out"] is True
    assert b["parse_ms"] == pytest.approx(80.0) and b["parse_budget_ms"] == pytest.approx(52.0)  # 120 - 68 s
    assert "under 60 s: ruled out" in bench.report(floor(80.0, 60.0))
    (b,) = bench.bounds(floor(50.0, 60.0))  # 55 s: not ruled out, though every part makes 59 s
    assert b["target_ruled_out"] is False and b["bound_s"] == pytest.approx(59.0)
    assert "no time is left" in bench.report(floor(50.0, 130.0))

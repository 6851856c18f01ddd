"""Smoke test of bench/bench_endpoint.py: the whole command on the fictional store, without
Virtuoso and with every duration cut short, in a subprocess. It checks that each part runs and
reports, not the figures (those are the bench's, on the whole corpus)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.endpoint_support import fictional_dataset
from tipkg.graph.store.embedded import write_store
from tipkg.queries.catalogue import named_queries

SCRIPT = REPO / "bench" / "bench_endpoint.py"


@pytest.fixture(scope="module")
def stdout(tmp_path_factory: pytest.TempPathFactory) -> str:
    store = tmp_path_factory.mktemp("bench-endpoint") / "store"
    write_store(fictional_dataset(), store)
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--store",
        str(store),
        "--no-virtuoso",
        "--clients",
        "2",
        "--seconds",
        "0.3",
        "--warmup",
        "0",
        "--mixed-clients",
        "4",
        "--mixed-seconds",
        "2",
        "--repeat",
        "20",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=400, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_every_part_reports(stdout: str) -> None:
    for header in ("1. overhead", "2. named queries", "3. fairness", "4. mixed"):
        assert f"\n{header}" in stdout, header
    assert re.search(r"^ASK +[\d.]+ +[\d.]+ +-?[\d.]+$", stdout, re.M), stdout
    assert "targets: tipkg\n" in stdout


def test_every_named_query_is_run_without_errors(stdout: str) -> None:
    rows = {m[1]: int(m[2]) for m in re.finditer(r"^(\S+) +tipkg +[\d.]+ +\S+ +\S+ +(-?\d+) ", stdout, re.M)}
    assert set(rows) == set(named_queries()), stdout
    assert all(errors == 0 for errors in rows.values()), rows


def test_fairness_and_mixed_runs_end_cleanly(stdout: str) -> None:
    assert "after the hostile clients disconnected: ASK 200" in stdout
    mixed = re.search(r"(\d+) answers, [\d.]+ req/s, .*errors (\d+)", stdout)
    assert mixed is not None, stdout
    assert int(mixed[1]) > 0 and mixed[2] == "0", mixed[0]

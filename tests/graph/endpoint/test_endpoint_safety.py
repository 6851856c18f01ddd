"""The endpoint's safety rails, each against a real server: read-only, SERVICE, timeouts, row caps."""

from __future__ import annotations

import http.server
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.endpoint_support import Server, recording_host, running_server, write_fictional_trig

TOKEN = "s3cret-test-token"
# 5 triple patterns over ~150 triples: about 10^11 solutions to count, hours of work.
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
QUICK = "SELECT ?s WHERE { ?s a <https://w3id.org/tipkg/ontology#Resolution> } LIMIT 5"


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_trig(tmp_path_factory.mktemp("safety") / "data.trig")


@pytest.fixture(scope="module")
def server(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    args = [
        "--file",
        str(data_file),
        "--workers",
        "2",
        "--timeout",
        "3",
        "--max-timeout",
        "5",
        "--max-rows",
        "7",
    ]
    with running_server(args, tmp_path_factory.mktemp("log")) as s:
        yield s


class Recorder(http.server.BaseHTTPRequestHandler):
    """A stand-in SPARQL service that records every hit and answers one solution."""

    hits: list[str] = []  # noqa: RUF012 - shared on purpose, one per server class

    def _answer(self) -> None:
        self.hits.append(self.path)
        body = json.dumps(
            {
                "head": {"vars": ["x"]},
                "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    with recording_host(Recorder) as host:
        yield host


# ---------------------------------------------------------------- read-only by default


def test_updates_are_refused_by_default(server: Server) -> None:
    update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"
    direct = httpx.post(server.sparql, content=update, headers={"Content-Type": "application/sparql-update"})
    form = httpx.post(server.sparql, data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert direct.status_code == form.status_code == 403
    assert "read-only" in direct.text
    ask = httpx.get(server.sparql, params={"query": "ASK { <http://e/s> ?p ?o }"})
    assert ask.json()["boolean"] is False


def test_updates_need_the_token(data_file: Path, tmp_path: Path) -> None:
    args = ["--file", str(data_file), "--allow-update", "--token", TOKEN]
    update = "INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 'added' } }"
    ask = {"query": "ASK { GRAPH <http://e/g> { <http://e/s> <http://e/p> 'added' } }"}
    ctype = {"Content-Type": "application/sparql-update"}
    with running_server(args, tmp_path) as s:
        assert httpx.post(s.sparql, content=update, headers=ctype).status_code == 403
        wrong = {**ctype, "Authorization": "Bearer not-the-token"}
        assert httpx.post(s.sparql, content=update, headers=wrong).status_code == 403
        basic = {**ctype, "Authorization": f"Basic {TOKEN}"}
        assert httpx.post(s.sparql, content=update, headers=basic).status_code == 403
        assert httpx.get(s.sparql, params=ask).json()["boolean"] is False
        right = {**ctype, "Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(s.sparql, content=update, headers=right).status_code == 204
        assert httpx.get(s.sparql, params=ask).json()["boolean"] is True
        sd = httpx.get(s.sparql, headers={"Accept": "text/turtle"}).text
        assert "SPARQL11Update" in sd


def test_allow_update_without_token_is_refused(data_file: Path, tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="--token"),
        running_server(["--file", str(data_file), "--allow-update"], tmp_path, ready_timeout=20),
    ):
        pass


# ---------------------------------------------------------------- SERVICE


def test_refused_service_is_never_fetched(server: Server, recorder: tuple[str, list[str]]) -> None:
    host, hits = recorder
    for query in (
        f"SELECT * WHERE {{ SERVICE <http://{host}/sparql> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <http://{host}/sparql> {{ ?x ?y ?z }} }}",
        f"PREFIX r: <http://{host}/> SELECT * WHERE {{ service r:sparql {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <http://{host}/sparql> }} SERVICE ?e {{ ?x ?y ?z }} }}",
    ):
        r = httpx.get(server.sparql, params={"query": query})
        assert r.status_code == 403, r.text
        assert "SERVICE" in r.text
    time.sleep(0.5)
    assert hits == []


def test_allowed_service_is_queried(data_file: Path, tmp_path: Path, recorder: tuple[str, list[str]]) -> None:
    host, hits = recorder
    with running_server(["--file", str(data_file), "--allow-service", host], tmp_path) as s:
        r = httpx.get(
            s.sparql, params={"query": f"SELECT ?x WHERE {{ SERVICE <http://{host}/sparql> {{ ?x ?y ?z }} }}"}
        )
        assert r.status_code == 200, r.text
        assert [b["x"]["value"] for b in r.json()["results"]["bindings"]] == ["remote"]
        assert len(hits) == 1
        other = httpx.get(s.sparql, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.2:1/> {} }"})
        assert other.status_code == 403 and len(hits) == 1


# ---------------------------------------------------------------- time and size limits


def test_hostile_query_is_stopped_and_others_are_served(server: Server) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        slow = pool.submit(httpx.get, server.sparql, params={"query": HOSTILE}, timeout=60)
        time.sleep(0.3)
        quick_times = []
        for _ in range(5):
            t0 = time.monotonic()
            r = httpx.get(server.sparql, params={"query": QUICK}, timeout=10)
            quick_times.append(time.monotonic() - t0)
            assert r.status_code == 200
        assert not slow.done(), "the hostile query should still be running"
        answer = slow.result()
        elapsed = time.monotonic() - started
    assert max(quick_times) < 1.5, quick_times
    assert answer.status_code == 503
    assert "time limit" in answer.text
    assert 2.5 < elapsed < 10, elapsed  # the server's default timeout is 3 s
    # the killed worker was replaced: both workers answer again
    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(
            pool.map(lambda _: httpx.get(server.sparql, params={"query": QUICK}, timeout=20), range(8))
        )
    assert all(r.status_code == 200 for r in replies)


def test_client_timeout_is_honoured_and_capped(server: Server) -> None:
    t0 = time.monotonic()
    r = httpx.get(server.sparql, params={"query": HOSTILE, "timeout": "1"}, timeout=60)
    assert r.status_code == 503 and time.monotonic() - t0 < 2.5
    t0 = time.monotonic()
    r = httpx.get(server.sparql, params={"query": HOSTILE, "timeout": "1000"}, timeout=60)
    elapsed = time.monotonic() - t0
    assert r.status_code == 503 and 4.5 < elapsed < 9, elapsed  # capped at --max-timeout 5


def test_row_cap(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 7
    assert r.headers["x-sparql-maxrows"] == "7"
    small = httpx.get(server.sparql, params={"query": QUICK})
    assert len(small.json()["results"]["bindings"]) == 3 and "x-sparql-maxrows" not in small.headers


def test_a_worker_that_dies_is_reported_and_replaced(server: Server) -> None:
    """Kill the query workers under a running query (as the memory limit would): 500, then service."""
    import os
    import signal
    import subprocess

    with ThreadPoolExecutor(max_workers=1) as pool:
        hostile = pool.submit(httpx.get, server.sparql, params={"query": HOSTILE}, timeout=60)
        time.sleep(0.5)
        children = subprocess.run(
            ["pgrep", "-P", str(server.proc.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 2, children  # --workers 2
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)
        answer = hostile.result()
    assert answer.status_code == 500 and "replaced" in answer.text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = httpx.get(server.sparql, params={"query": QUICK}, timeout=20)
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert r.status_code == 200
    fresh = subprocess.run(
        ["pgrep", "-P", str(server.proc.pid)], capture_output=True, text=True
    ).stdout.split()
    assert len(fresh) == 2 and not set(fresh) & set(children)

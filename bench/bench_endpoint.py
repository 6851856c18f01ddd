"""``tipkg serve`` on the whole UN corpus against Debian's Virtuoso with the same data, in one run.

Five parts, each printed with the baseline it is measured against in the same run:

1. overhead: one client, one request at a time, a cheap query over HTTP against the same query run
   by pyoxigraph in-process (query + JSON results); the difference of the medians is the per-request
   cost of the endpoint (HTTP, scheduling, a worker process, the result writer) and of the client;
2. named queries: each of ``queries/*.rq`` with its example's parameters (a symbol the UN XML corpus
   holds where the example's is not in it), ``--clients`` threads back to back for ``--seconds``,
   against tipkg and Virtuoso: requests/s, p50, p95, errors, the ratio; beside it, the query's time
   in pyoxigraph in-process, the floor no endpoint on that engine can go under;
3. fairness: latency of a simple ASK while three hostile queries (a cartesian product with
   ``timeout=60``) run, at the server's default settings; the hostile clients then disconnect, and
   the server stops their queries;
4. mixed: ``--mixed-clients`` threads for ``--mixed-seconds``, each request a random pick among the
   named queries the engine answers within a second and small lookups; every non-200 is an error.

Virtuoso gets its bulk loader and the cache its documentation advises for 4 GB (NumberOfBuffers
340,000); it is skipped when not installed (.ci/install-virtuoso). The data: ``--store`` (a
``tipkg build`` store), else the corpus is built first (about 3 minutes)::

    .venv/bin/tipkg build ../shared/corpus/unxml --out /tmp/ep/tipkg.trig --store /tmp/ep/store
    .venv/bin/python bench/bench_endpoint.py --store /tmp/ep/store
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.endpoint_support import running_server  # noqa: E402
from tests.virtuoso_support import available, running_virtuoso  # noqa: E402
from tipkg.graph.endpoint.describe import example_params  # noqa: E402
from tipkg.queries.catalogue import named_queries  # noqa: E402

JSON_RESULTS = "application/sparql-results+json"
CORES = os.cpu_count() or 1
NEWLINE = b"\n"
#: the time limit of one query for both servers in part 2 (Virtuoso's MaxQueryExecutionTime too)
PROBE_SECONDS = 30
#: examples whose symbol the UN XML corpus does not hold, and one it holds
CORPUS_PARAMS = {"resolution": {"doc": "A/RES/74/176"}}
ASK = "ASK { <https://w3id.org/tipkg/id/doc/A/RES/74/176> a <https://w3id.org/tipkg/ontology#Document> }"
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUPS = [
    ASK,
    "DESCRIBE <https://w3id.org/tipkg/id/doc/A/RES/74/176>",
    "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?d ?t WHERE { GRAPH ?g { ?d dcterms:title ?t } } LIMIT 20",
]


@dataclass
class Run:
    target: str
    query: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_sample: str = ""

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Client:
    """One keep-alive HTTP/1.1 connection (http.client: the least client-side cost per request)."""

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        parts = urlsplit(url)
        self.path = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)

    def post(
        self, query: str, extra: dict[str, str] | None = None, accept: str = JSON_RESULTS
    ) -> tuple[int, bytes]:
        body = urlencode({"query": query, **(extra or {})})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        try:
            self.conn.request("POST", self.path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            return 0, str(exc).encode()

    def close(self) -> None:
        self.conn.close()


def accept_for(query: str) -> str:
    return "application/n-triples" if "CONSTRUCT" in query or query.startswith("DESCRIBE") else JSON_RESULTS


def hammer(
    url: str,
    pick: Callable[[], str],
    clients: int,
    seconds: float,
    target: str,
    name: str,
    extra: dict[str, str] | None = None,
) -> Run:
    """``clients`` threads send ``pick()`` back to back until ``seconds`` have passed."""
    run = Run(target, name, seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        c = Client(url)
        while time.monotonic() < stop:
            query = pick()
            t0 = time.perf_counter()
            status, body = c.post(query, extra, accept_for(query))
            elapsed = time.perf_counter() - t0
            with lock:
                if status == 200:
                    run.latencies.append(elapsed)
                else:
                    run.errors += 1
                    run.error_sample = run.error_sample or f"{status} {body[:160]!r}"
        c.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return run


def answer_size(status: int, body: bytes, query: str) -> str:
    """The answer's size, or its status and the start of the server's message (what went wrong)."""
    if status != 200:
        return f"HTTP {status} {body[:100].decode(errors='replace')!r}"
    if accept_for(query) != JSON_RESULTS:
        return f"{body.count(NEWLINE)} triples"
    doc = json.loads(body)
    return "boolean" if "boolean" in doc else f"{len(doc['results']['bindings'])} rows"


def in_process(store: ox.Store, query: str, repeat: int) -> list[float]:
    """Seconds per run of ``query`` in pyoxigraph, results serialised as the endpoint would."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            result.serialize(format=ox.QueryResultsFormat.JSON)
        elif isinstance(result, ox.QueryTriples):
            ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        times.append(time.perf_counter() - t0)
    return times


FLOOR_SCRIPT = """
import sys, time, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
query = sys.stdin.read()
t0 = time.perf_counter()
result = store.query(query, use_default_graph_as_union=True)
if isinstance(result, ox.QuerySolutions):
    result.serialize(format=ox.QueryResultsFormat.JSON)
elif isinstance(result, ox.QueryTriples):
    ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
print(time.perf_counter() - t0)
"""


def floor(store_dir: Path, query: str, limit: float = 60.0) -> float | None:
    """Seconds pyoxigraph takes for ``query`` in a process of its own; None past ``limit``."""
    try:
        out = subprocess.run(
            [sys.executable, "-c", FLOOR_SCRIPT, str(store_dir)],
            input=query,
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return float(out.stdout)


# ---------------------------------------------------------------- the parts


def overhead(url: str, store: ox.Store, repeat: int) -> None:
    print(f"\n1. overhead per request: one client, {repeat} requests each, medians", flush=True)
    print("   (in-process and HTTP runs alternate, so that both see the same load on the machine)")
    print(f"{'query':28} {'in-process ms':>14} {'HTTP ms':>9} {'overhead ms':>12}")
    small = named_queries()["ancestors"].render(example_params(named_queries()["ancestors"]))
    for name, query in (("ASK", ASK), ("ancestors (example)", small)):
        client = Client(url)
        for _ in range(20):
            client.post(query)
            in_process(store, query, 1)
        local, remote = [], []
        for _ in range(repeat):
            local.extend(in_process(store, query, 1))
            t0 = time.perf_counter()
            status, _ = client.post(query)
            remote.append(time.perf_counter() - t0)
            assert status == 200
        client.close()
        lo, re_ = statistics.median(local), statistics.median(remote)
        print(f"{name:28} {lo * 1000:14.2f} {re_ * 1000:9.2f} {(re_ - lo) * 1000:12.2f}", flush=True)


def named(
    targets: dict[str, str], store_dir: Path, clients: int, seconds: float, warmup: float = 2.0
) -> list[Run]:
    print(
        f"\n2. named queries, {clients} clients, {seconds:g} s each (after a {warmup:g} s warm-up)",
        flush=True,
    )
    runs: list[Run] = []
    floors: dict[str, float] = {}
    for name, q in named_queries().items():
        query = q.render(CORPUS_PARAMS.get(name, example_params(q)))
        floors[name] = floor(store_dir, query) or float("inf")
        sizes = {}
        for target, url in targets.items():
            c = Client(url, timeout=PROBE_SECONDS + 5)
            extra = {"timeout": str(PROBE_SECONDS)} if target == "tipkg" else None
            status, body = c.post(query, extra, accept_for(query))
            c.close()
            sizes[target] = answer_size(status, body, query)
        print(
            f"  {name}: in-process {floors[name] * 1000:.0f} ms; "
            + ", ".join(f"{t} {s}" for t, s in sizes.items()),
            flush=True,
        )
        for target, url in targets.items():
            if not sizes[target].startswith("HTTP"):
                extra = {"timeout": str(PROBE_SECONDS)} if target == "tipkg" else None
                if warmup > 0:
                    hammer(url, lambda query=query: query, clients, warmup, target, name, extra)
                runs.append(hammer(url, lambda query=query: query, clients, seconds, target, name, extra))
            else:
                runs.append(Run(target, name, seconds, errors=-1, error_sample=sizes[target]))
    print(
        f"\n{'query':20} {'target':9} {'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'errors':>6}  floor (in-process ms)"
    )
    for r in runs:
        note = r.error_sample if r.errors else ""
        print(
            f"{r.query:20} {r.target:9} {r.throughput:8.1f} {r.pct(0.5):9.1f} {r.pct(0.95):9.1f} {r.errors:6}  "
            f"{floors[r.query] * 1000:8.1f} {note[:70]}"
        )
    by = {(r.query, r.target): r for r in runs}
    print()
    for name in named_queries():
        ours, theirs = by.get((name, "tipkg")), by.get((name, "virtuoso"))
        if ours and theirs and theirs.latencies and ours.latencies:
            bound = (clients / max(floors[name], 1e-9)) if floors[name] else float("inf")
            print(
                f"ratio tipkg/virtuoso {name:20} throughput {ours.throughput / theirs.throughput:6.2f}x  "
                f"p50 {ours.pct(0.5) / theirs.pct(0.5):6.2f}x  p95 {ours.pct(0.95) / theirs.pct(0.95):6.2f}x"
                f"  (engine alone, {CORES} cores: <= {min(bound, CORES / max(floors[name], 1e-9)):.1f} req/s)"
            )
        elif ours and theirs:
            print(
                f"ratio tipkg/virtuoso {name:20} n/a: tipkg {ours.error_sample or 'ok'}; "
                f"virtuoso {theirs.error_sample[:80] or 'ok'}"
            )
    return runs


def _open_hostile(url: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port))
    path = f"{parts.path}?query={quote(HOSTILE)}&timeout=60"
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: {JSON_RESULTS}\r\n\r\n".encode())
    return sock


def fairness(url: str) -> None:
    print(
        "\n3. fairness at default settings: an ASK while three hostile queries (timeout=60) run", flush=True
    )
    hostile = [_open_hostile(url) for _ in range(3)]
    try:
        time.sleep(1.5)  # all three past --long-after: one in the long lane, two paused
        client = Client(url)
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            status, _ = client.post(ASK)
            times.append(time.perf_counter() - t0)
            assert status == 200, status
            time.sleep(0.1)
        client.close()
        print(
            f"  ASK latency while they run: median {statistics.median(times) * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms (target: under 1 s)"
        )
    finally:
        for sock in hostile:
            sock.close()
    time.sleep(1.0)
    client = Client(url)
    t0 = time.perf_counter()
    status, _ = client.post(ASK)
    client.close()
    print(
        f"  after the hostile clients disconnected: ASK {status} in {(time.perf_counter() - t0) * 1000:.1f} ms "
        "(their queries were stopped, not left to run 60 s)"
    )


def mixed(url: str, store_dir: Path, clients: int, seconds: float) -> Run:
    pool = list(LOOKUPS)
    for name, q in named_queries().items():
        query = q.render(CORPUS_PARAMS.get(name, example_params(q)))
        took = floor(store_dir, query, limit=5.0)
        if took is not None and took < 1.0:
            pool.append(query)
    print(
        f"\n4. mixed: {clients} clients, {seconds:g} s, {len(pool)} queries picked at random "
        "(named queries the engine answers within 1 s, lookups), default settings",
        flush=True,
    )
    rng = random.Random(1)
    lock = threading.Lock()

    def pick() -> str:
        with lock:
            return rng.choice(pool)

    run = hammer(url, pick, clients, seconds, "tipkg", "mixed")
    print(
        f"  {len(run.latencies)} answers, {run.throughput:.1f} req/s, p50 {run.pct(0.5):.1f} ms, "
        f"p95 {run.pct(0.95):.1f} ms, errors {run.errors} {run.error_sample}"
    )
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, help="a tipkg build store (default: build --corpus first)")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "unxml")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of load before each named query's run"
    )
    parser.add_argument("--mixed-clients", type=int, default=16)
    parser.add_argument("--mixed-seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=1000, help="requests per query in the overhead part")
    parser.add_argument("--no-virtuoso", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-endpoint-")))
        store_dir = args.store
        if store_dir is None:
            print(f"building {args.corpus} …", file=sys.stderr, flush=True)
            store_dir = tmp / "store"
            cli = [sys.executable, "-c", "from tipkg.cli import main; main()", "build", str(args.corpus)]
            subprocess.run([*cli, "--out", str(tmp / "tipkg.trig"), "--store", str(store_dir)], check=False)
        store = ox.Store.read_only(str(store_dir))
        targets = {"tipkg": stack.enter_context(running_server(["--store", str(store_dir)], tmp)).sparql}
        print(f"data: {store_dir} ({len(store):,} quads), {CORES} cores", flush=True)
        overhead(targets["tipkg"], store, args.repeat)  # first: on an idle machine
        if not args.no_virtuoso and available():
            nquads = tmp / "all.nq"
            t0 = time.perf_counter()
            store.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
            virtuoso = stack.enter_context(running_virtuoso(buffers=340_000, query_seconds=PROBE_SECONDS))
            virtuoso.bulk_load(nquads)
            nquads.unlink()
            print(f"Virtuoso loaded in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
            targets["virtuoso"] = virtuoso.sparql
        elif not args.no_virtuoso:
            print("virtuoso-t is not installed: tipkg alone (run .ci/install-virtuoso)", file=sys.stderr)
        print(f"targets: {', '.join(targets)}")
        named(targets, store_dir, args.clients, args.seconds, args.warmup)
        fairness(targets["tipkg"])
        mixed(targets["tipkg"], store_dir, args.mixed_clients, args.mixed_seconds)
    print(f"\nbench run: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

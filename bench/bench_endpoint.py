"""Throughput and latency of ``tipkg serve`` under concurrent clients, against Virtuoso in the same run.

N client threads (httpx, keep-alive) send the same query for a bounded time on loopback; the table
gives requests per second and p50/p95 latency for a citation-chain query (the transitive closure
behind ``ancestors``) and the instruments ranking, and the ratio of tipkg to Virtuoso (Debian's
virtuoso-opensource, started privately when installed; see .ci/install-virtuoso).

    python bench/bench_endpoint.py --clients 8 --seconds 10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.endpoint_support import running_server  # noqa: E402
from tests.virtuoso_support import PASSWORD, USER, available, running_virtuoso  # noqa: E402
from tipkg.graph.store.embedded import oxigraph_from_file, write_dataset  # noqa: E402
from tipkg.graph.store.remote import push  # noqa: E402
from tipkg.queries.catalogue import named_queries  # noqa: E402

#: the transitive closure behind ``ancestors`` for every document: (doc, ancestor) pairs. The named
#: query itself combines EXISTS with && in a BIND, which Virtuoso 7.2 rejects, so both engines get this.
CHAIN = """PREFIX tip: <https://w3id.org/tipkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?doc ?ancestor ?symbol WHERE {
  ?doc a tip:Document ; (tip:recalls|tip:reaffirms)+ ?ancestor .
  OPTIONAL { ?ancestor dcterms:identifier ?symbol }
}"""


@dataclass
class Run:
    target: str
    query: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def hammer(url: str, query: str, clients: int, seconds: float, target: str, name: str) -> Run:
    """``clients`` threads send ``query`` back to back until ``seconds`` have passed."""
    run = Run(target, name, clients, seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(timeout=60, headers={"Accept": "application/sparql-results+json"}) as http:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    ok = http.post(url, data={"query": query}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - t0
                with lock:
                    if ok:
                        run.latencies.append(elapsed)
                    else:
                        run.errors += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return run


def rows(url: str, query: str) -> int:
    r = httpx.post(
        url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=120
    )
    r.raise_for_status()
    return len(r.json()["results"]["bindings"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "resolutions")
    parser.add_argument("--no-virtuoso", action="store_true")
    args = parser.parse_args(argv)

    from tipkg.graph.build.build import build

    queries = {
        "chain (ancestors)": CHAIN,
        "instruments-ranked": named_queries()["instruments-ranked"].render(),
    }
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-endpoint-")))
        print(f"building the corpus graph from {args.corpus} …", file=sys.stderr)
        data = tmp / "corpus.nq"
        write_dataset(build([args.corpus], validate=False).dataset, data)
        targets: dict[str, str] = {}
        server = stack.enter_context(running_server(["--file", str(data)], tmp))
        targets["tipkg"] = server.sparql
        if not args.no_virtuoso and available():
            print("starting Virtuoso …", file=sys.stderr)
            virtuoso = stack.enter_context(running_virtuoso())
            push(oxigraph_from_file(data), virtuoso.graph_store, user=USER, password=PASSWORD, auth="digest")
            targets["virtuoso"] = virtuoso.sparql
        elif not args.no_virtuoso:
            print("virtuoso-t is not installed: tipkg alone (run .ci/install-virtuoso)", file=sys.stderr)

        results: list[Run] = []
        for name, query in queries.items():
            counts = {t: rows(url, query) for t, url in targets.items()}
            if len(set(counts.values())) != 1:
                print(f"WARNING: {name}: row counts differ {counts}", file=sys.stderr)
            for target, url in targets.items():
                hammer(url, query, args.clients, min(2.0, args.seconds), target, name)  # warm-up
                results.append(hammer(url, query, args.clients, args.seconds, target, name))
                print(f"  {target:9} {name}: {counts[target]} rows", file=sys.stderr)
        print_table(results, args)
    return 0


def print_table(results: list[Run], args: argparse.Namespace) -> None:
    fmt: Callable[[float], str] = lambda v: f"{v:8.1f}"  # noqa: E731
    print(f"\n{args.clients} concurrent clients, {args.seconds:g} s per run, loopback, JSON results")
    print(f"{'query':22} {'target':9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for r in results:
        print(
            f"{r.query:22} {r.target:9} {fmt(r.throughput)} {fmt(r.pct(0.5))} {fmt(r.pct(0.95))} {r.errors:6}"
        )
    by = {(r.query, r.target): r for r in results}
    for query in dict.fromkeys(r.query for r in results):
        ours, theirs = by.get((query, "tipkg")), by.get((query, "virtuoso"))
        if ours and theirs and theirs.latencies and ours.latencies:
            print(
                f"ratio tipkg/virtuoso, {query}: throughput {ours.throughput / theirs.throughput:.2f}x, "
                f"p50 {ours.pct(0.5) / theirs.pct(0.5):.2f}x, p95 {ours.pct(0.95) / theirs.pct(0.95):.2f}x"
            )
    median = statistics.median(r.pct(0.5) for r in results if r.latencies) if results else float("nan")
    print(f"median p50 over all runs: {median:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())

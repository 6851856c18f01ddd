"""A minimal real SPARQL 1.1 Protocol server over pyoxigraph, for tests of remote querying.

It speaks just enough of the protocol (GET ?query=, POST form or application/sparql-query; JSON
results for SELECT, N-Triples for CONSTRUCT) to stand in for any endpoint on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox


class _SparqlHandler(BaseHTTPRequestHandler):
    store: ox.Store

    def _answer(self, query: str) -> None:
        try:
            result = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            self._send(400, str(exc).encode("utf-8"), "text/plain")
            return
        if isinstance(result, ox.QuerySolutions):
            self._send(
                200, result.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json"
            )
        elif isinstance(result, ox.QueryTriples):
            self._send(200, result.serialize(format=ox.RdfFormat.N_TRIPLES), "application/n-triples")
        else:
            self._send(400, b"ASK is not served here", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(parse_qs(urlsplit(self.path).query)["query"][0])

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
            self._answer(data)
            return
        form = parse_qs(data)
        if "query" not in form:
            self._send(400, b"no query parameter (updates are refused)", "text/plain")
            return
        self._answer(form["query"][0])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(store: ox.Store) -> Iterator[str]:
    """Serve ``store`` on a free port of 127.0.0.1; yields the endpoint URL, stops on exit."""
    handler = type("Handler", (_SparqlHandler,), {"store": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

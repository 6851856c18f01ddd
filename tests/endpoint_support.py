"""Helpers of the endpoint tests: a real ``tipkg serve`` process on a free loopback port, test data.

TEST DATA ONLY: the documents below are fictional (99th, 98th and 97th sessions that have not
happened); they follow the data model so that the named queries have something to find.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import http.server
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from tests.server_process import stop_group, wait_for_sparql
from tipkg.loaders.emit import emit
from tipkg.loaders.model import Citation, Document, Paragraph, Span, Target
from tipkg.ontology.namespaces import bind_prefixes


def die_with_parent() -> None:
    """``preexec_fn`` for servers the tests start: a killed test run takes them down with it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str  # base URL, no trailing slash
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def running_server(args: Sequence[str], tmp: Path, ready_timeout: float = 60.0) -> Iterator[Server]:
    """``tipkg serve ARGS`` in a subprocess; yields once it answers, stops it afterwards."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    cmd = [sys.executable, "-c", "from tipkg.cli import main; main()", "serve", "--port", str(port), *args]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent
        )
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_for_sparql(
            proc, server.sparql, name="tipkg serve", timeout=ready_timeout, log=server.log_text, poll=0.2
        )
        yield server
    finally:
        stop_group(proc, grace=15)


def _doc(symbol: str, date: str, title: str, cites: Sequence[tuple[str, str, str]]) -> Document:
    """A fictional resolution whose operative paragraph 1 cites each (kind, key, relation)."""
    text = f"{title}\n1. Recalls the instruments and resolutions cited here."
    citations = [
        Citation(
            Target(kind, key, body="GA" if kind == "resolution" else None), relation, Span(0, 5), text[:5]
        )  # type: ignore[arg-type]
        for kind, key, relation in cites
    ]
    para = Paragraph(
        "operative", "1", text.splitlines()[1], Span(len(title) + 1, len(text)), 2, citations=citations
    )
    return Document(
        text=text,
        source_path=f"test/{symbol.replace('/', '_')}.md",
        source_sha256=hashlib.sha256(text.encode()).hexdigest(),
        source_format="markdown",
        loader="tests.endpoint_support",
        symbol=symbol,
        body="GA",
        date=date,
        title=title,
        paragraphs=[para],
    )


FICTIONAL_DOCS = [
    ("A/RES/97/1", "2097-12-01", "Test resolution one", [("instrument", "UNTOC", "recalls")]),
    (
        "A/RES/98/1",
        "2098-12-01",
        "Test resolution two",
        [
            ("resolution", "A/RES/97/1", "recalls"),
            ("instrument", "UNTOC", "reaffirms"),
            ("instrument", "TIP-PROTOCOL", "recalls"),
        ],
    ),
    (
        "A/RES/99/1",
        "2099-12-01",
        "Test resolution three",
        [("resolution", "A/RES/98/1", "reaffirms"), ("instrument", "TIP-PROTOCOL", "urges")],
    ),
]


def fictional_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    for symbol, date, title, cites in FICTIONAL_DOCS:
        g = emit(_doc(symbol, date, title, cites))
        target = ds.graph(g.identifier)
        for triple in g:
            target.add(triple)
    return ds


def write_fictional_trig(path: Path) -> Path:
    fictional_dataset().serialize(destination=str(path), format="trig")
    return path


@contextlib.contextmanager
def recording_host(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on loopback answering with ``handler`` (a subclass given its own ``hits``
    list, which it appends to): the "remote" host a SERVICE or LOAD would reach, and what reached it."""
    recorded = type(handler.__name__, (handler,), {"hits": []})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), recorded)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{srv.server_port}", recorded.hits  # type: ignore[attr-defined]
    finally:
        srv.shutdown()
        srv.server_close()

"""A query worker process: owns one Oxigraph store handle, runs one job at a time.

pyoxigraph's ``query()`` cannot be interrupted, so the server runs every query in a process like
this one and kills it when the time is up. Run as ``python -m tipkg.graph.endpoint.worker --fd N
--store DIR`` by :mod:`tipkg.graph.endpoint.pool`; jobs and replies are pickled dicts on the socket,
one frame each (:func:`~tipkg.graph.endpoint.pool.send_frame`).

The dataset: a protocol dataset (``default-graph-uri``/``named-graph-uri``) replaces the query's
own; a query's FROM / FROM NAMED is honoured as written (SPARQL 1.1 Query §13.2, with FROM NAMED
alone the default graph is empty); a query without either sees the union of the named graphs as
its default graph. An answer cut at a limit carries the marks of :mod:`tipkg.graph.store.truncation`.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import itertools
import json
import os
import resource
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tipkg.graph.endpoint.negotiation import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    OX_RDF_FORMATS,
    SOLUTION_FORMATS,
    ResultFormat,
    choose_format,
)
from tipkg.graph.endpoint.pool import recv_frame, send_frame
from tipkg.graph.endpoint.results import BOOLEAN_WRITERS, SOLUTION_WRITERS
from tipkg.graph.store.truncation import TRUNCATED_AT, cut_headers

Job = dict[str, Any]
Reply = dict[str, Any]

#: Turtle/TriG prefixes, given by the server on the command line (keeps rdflib out of the worker).
_PREFIXES: dict[str, str] = {}


def error(status: int, message: str) -> Reply:
    return {"status": status, "message": message}


def ok(fmt: ResultFormat | None, body: bytes, headers: dict[str, str] | None = None) -> Reply:
    return {
        "status": 200,
        "content_type": fmt.content_type if fmt else "text/plain; charset=utf-8",
        "body": body,
        "headers": headers or {},
    }


def pick_format(job: Job, formats: tuple[ResultFormat, ...]) -> ResultFormat | None:
    """The format a job asks for: its ``format=`` parameters when one of them fits the result,
    else its Accept header (SPARQLWrapper sends ``format=csv`` with ``Accept: */*`` for a CONSTRUCT)."""
    chosen = choose_format(job.get("accept"), formats)
    if chosen is None and job.get("format_param"):
        chosen = choose_format(job.get("accept_header"), formats)
    return chosen


def _not_acceptable(formats: tuple[ResultFormat, ...]) -> Reply:
    offered = ", ".join(f.primary for f in formats)
    return error(406, f"none of the accepted media types can carry this result; available: {offered}")


def _graph_name(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def serialize_triples(triples: Any, fmt: ResultFormat, limit: int) -> tuple[bytes, bool]:
    """Serialise at most ``limit`` triples; returns (body, truncated).

    A cut graph gets one more triple, ``[] <…endpoint#truncatedAt> limit``: the mark of a cut answer
    that every RDF parser keeps.
    """
    taken = list(itertools.islice(triples, limit + 1))
    truncated = len(taken) > limit
    taken = taken[:limit]
    if truncated:
        mark = ox.Literal(str(limit), datatype=_XSD_INTEGER)
        taken.append(ox.Triple(ox.BlankNode("truncated"), ox.NamedNode(TRUNCATED_AT), mark))
    ox_format = OX_RDF_FORMATS[fmt.name]
    if ox_format.supports_datasets:
        items: list[Any] = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in taken]
    else:
        items = taken
    prefixes = _PREFIXES if fmt.name in ("turtle", "trig", "n3") else None
    body = ox.serialize(items, format=ox_format, prefixes=prefixes)
    assert body is not None  # no output file given: pyoxigraph returns the bytes
    return body, truncated


class Worker:
    """The store handle and the job dispatch of one worker process."""

    def __init__(self, store_path: Path, writable: bool) -> None:
        self.store_path = store_path
        self.writable = writable
        self._opened: str | None = None
        self.store: ox.Store = self._open()

    def _open(self) -> ox.Store:
        real = os.path.realpath(self.store_path)
        self._opened = real
        if self.writable:
            return ox.Store(real)
        return ox.Store.read_only(real)

    def refresh(self) -> None:
        """Follow a rebuilt store: ``tipkg build`` swaps the store symlink to a new directory."""
        if not self.writable and os.path.realpath(self.store_path) != self._opened:
            del self.store
            self.store = self._open()

    def handle(self, job: Job) -> Reply:
        op = job.get("op")
        try:
            self.refresh()
            if op == "query":
                return self.query(job)
            if op == "update":
                return self.update(job)
            if op == "graph":
                return self.graph(job)
            if op == "graphs":
                names = sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))
                return {"status": 200, "graphs": names}
            if op == "ping":
                return {"status": 200, "pid": os.getpid()}
            return error(400, f"unknown job {op!r}")
        except SyntaxError as exc:
            return error(400, f"malformed SPARQL: {exc}")
        except ValueError as exc:
            return error(400, str(exc))
        except OSError as exc:
            return error(502 if "returned by" in str(exc) else 500, f"query failed: {exc}")

    def query(self, job: Job) -> Reply:
        kwargs: dict[str, Any] = {"base_iri": job.get("base_iri")}
        default, named = job.get("default_graph"), job.get("named_graphs")
        if default is None and named is None:
            # the query's FROM / FROM NAMED, when it has them, are its dataset; the union otherwise
            kwargs["use_default_graph_as_union"] = not job.get("has_dataset", False)
        else:
            # the protocol dataset replaces FROM / FROM NAMED entirely (SPARQL 1.1 Protocol §2.1.4)
            kwargs["default_graph"] = [_graph_name(g) for g in default or []]
            kwargs["named_graphs"] = [_graph_name(g) for g in named or []]
        result = self.store.query(job["query"], **kwargs)
        if isinstance(result, ox.QueryBoolean):
            fmt = pick_format(job, BOOLEAN_FORMATS)
            if fmt is None:
                return _not_acceptable(BOOLEAN_FORMATS)
            return ok(fmt, BOOLEAN_WRITERS[fmt.name](bool(result)))
        if isinstance(result, ox.QuerySolutions):
            fmt = pick_format(job, SOLUTION_FORMATS)
            if fmt is None:
                return _not_acceptable(SOLUTION_FORMATS)
            variables = [v.value for v in result.variables]
            limit = int(job["max_rows"])
            rows = []
            width = len(variables)
            for solution in itertools.islice(result, limit + 1):
                rows.append([solution[i] for i in range(width)])
            truncated = len(rows) > limit
            body = SOLUTION_WRITERS[fmt.name](variables, rows[:limit], limit if truncated else None)
            return ok(fmt, body, _cap_headers(truncated, limit))
        fmt = pick_format(job, GRAPH_FORMATS)
        if fmt is None:
            return _not_acceptable(GRAPH_FORMATS)
        limit = int(job["max_triples"])
        body, truncated = serialize_triples(result, fmt, limit)
        return ok(fmt, body, _cap_headers(truncated, limit))

    def update(self, job: Job) -> Reply:
        if not self.writable:
            return error(403, "this worker holds a read-only store")
        self.store.update(job["update"], base_iri=job.get("base_iri"))
        self.store.flush()
        return {"status": 204, "content_type": "text/plain; charset=utf-8", "body": b"", "headers": {}}

    def graph(self, job: Job) -> Reply:
        """Graph Store Protocol read: one named graph, or the default graph (the union)."""
        fmt = pick_format(job, GRAPH_FORMATS)
        if fmt is None:
            return _not_acceptable(GRAPH_FORMATS)
        iri = job.get("graph")
        if iri is None:
            triples: Any = _distinct(
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(None, None, None, None)
            )
        else:
            name = _graph_name(iri)
            if not self.store.contains_named_graph(name):
                return error(404, f"no graph <{iri}> in this store")
            triples = (
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(None, None, None, name)
            )
        limit = int(job["max_triples"])
        body, truncated = serialize_triples(triples, fmt, limit)
        return ok(fmt, body, _cap_headers(truncated, limit))


def _distinct(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """The union graph is a set: a triple stated in several named graphs appears once."""
    seen: set[ox.Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t


def _cap_headers(truncated: bool, limit: int) -> dict[str, str]:
    """Virtuoso's convention, ``X-SPARQL-MaxRows``, and ours tell a client its answer was cut."""
    return cut_headers(limit) if truncated else {}


def _die_with_parent() -> None:
    """Linux: be killed when the server dies, even in the middle of a long query."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--writable", action="store_true")
    parser.add_argument("--max-memory-mb", type=int, default=0)
    parser.add_argument("--prefixes", default="{}", help="JSON object prefix -> namespace IRI")
    args = parser.parse_args(argv)
    _PREFIXES.update(json.loads(args.prefixes))
    _die_with_parent()
    if args.max_memory_mb > 0:
        limit = args.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    sock = socket.socket(fileno=args.fd)
    try:
        worker = Worker(args.store, args.writable)
    except (OSError, ValueError, RuntimeError) as exc:
        send_frame(sock, {"ready": False, "error": f"cannot open store {args.store}: {exc}"})
        return 1
    try:
        send_frame(sock, {"ready": True, "pid": os.getpid()})
    except OSError:  # the server stopped (or gave up on us) while the store was opening
        return 0
    while True:
        try:
            job = recv_frame(sock)
        except (EOFError, OSError):
            return 0
        reply = worker.handle(job)
        try:
            send_frame(sock, reply)
        except OSError:
            return 0


if __name__ == "__main__":
    sys.exit(main())

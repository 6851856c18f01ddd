"""Remote triple stores: query one over the SPARQL 1.1 Protocol, fill one over the Graph Store Protocol.

:class:`RemoteEndpoint` answers the same ``select`` / ``construct`` calls as the embedded store
(:class:`tipkg.graph.query.source.SparqlSource`), so named queries run unchanged against Virtuoso, Fuseki,
GraphDB or Neptune. :func:`push` uploads each named graph with one HTTP PUT, which the Graph Store
Protocol defines as an atomic replacement of that graph.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from tipkg.graph.store.truncation import (
    TRUNCATED_AT,
    TruncatedResultWarning,
    header_limit,
    link_limit,
    warning_text,
)

Row = tuple[Node | None, ...]
AuthKind = Literal["basic", "digest"]


class RemoteError(RuntimeError):
    """A remote store refused or failed a request."""


def _term(binding: Mapping[str, Any]) -> Node:
    """A SPARQL JSON results term as an rdflib term (Virtuoso says ``typed-literal``)."""
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return RdfLiteral(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        return RdfLiteral(value, datatype=URIRef(datatype) if datatype else None)
    raise RemoteError(f"unsupported term in SPARQL results: {binding!r}")


class RemoteEndpoint:
    """A SPARQL 1.1 endpoint over HTTP (SPARQLWrapper), with the embedded store's interface."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        auth: AuthKind = "basic",
        timeout: float = 60.0,
    ) -> None:
        self.url = url
        self.user = user
        self.password = password
        self.auth = auth
        self.timeout = timeout

    def _wrapper(self, sparql: str, fmt: str) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.url, agent="tipkg")
        sw.setQuery(sparql)
        sw.setMethod(POST)
        sw.setReturnFormat(fmt)
        sw.setTimeout(int(self.timeout))
        if self.user is not None:
            sw.setHTTPAuth("DIGEST" if self.auth == "digest" else "BASIC")
            sw.setCredentials(self.user, self.password or "")
        return sw

    def _fetch(self, sparql: str, fmt: str) -> tuple[bytes, dict[str, str]]:
        try:
            response = self._wrapper(sparql, fmt).query().response
            return response.read(), dict(response.headers.items())
        except Exception as exc:
            raise RemoteError(f"{self.url}: {exc}") from exc

    def _warn_cut(self, limit: int | None, unit: str) -> None:
        """A cut answer (graph/store/truncation.py) must not pass for a whole one."""
        if limit is not None:
            warnings.warn(warning_text(self.url, limit, unit), TruncatedResultWarning, stacklevel=3)

    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        """Variables in projection order, one tuple of rdflib terms (None = unbound) per solution.

        Warns with :class:`TruncatedResultWarning` when the endpoint says it cut the answer.
        """
        raw, headers = self._fetch(sparql, JSON)
        doc = json.loads(raw)
        if "head" in doc:
            cut = link_limit(doc["head"].get("link", []))
            self._warn_cut(cut if cut is not None else header_limit(headers), "rows")
        if "boolean" in doc:
            raise RemoteError("an ASK query is not a SELECT query")
        variables: list[str] = list(doc["head"].get("vars", []))
        rows: list[Row] = []
        for binding in doc["results"]["bindings"]:
            rows.append(tuple(_term(binding[v]) if v in binding else None for v in variables))
        return variables, rows

    def construct(self, sparql: str) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE query, as an rdflib Graph (without the mark of a
        cut answer, which becomes a :class:`TruncatedResultWarning`)."""
        raw, headers = self._fetch(sparql, TURTLE)
        graph = Graph()
        graph.parse(data=raw, format="turtle")
        marks = list(graph.triples((None, URIRef(TRUNCATED_AT), None)))
        for mark in marks:
            graph.remove(mark)
        if marks:
            self._warn_cut(int(str(marks[0][2])), "triples")
        else:
            self._warn_cut(header_limit(headers), "triples")
        return graph

    def ask(self, sparql: str) -> bool:
        raw, _ = self._fetch(sparql, JSON)
        return bool(json.loads(raw)["boolean"])


@dataclass(frozen=True)
class Pushed:
    graph: str | None  # None: the default graph
    triples: int
    status: int


def _auth(user: str | None, password: str | None, kind: AuthKind) -> httpx.Auth | None:
    if user is None:
        return None
    if kind == "digest":
        return httpx.DigestAuth(user, password or "")
    return httpx.BasicAuth(user, password or "")


def graphs_of(store: ox.Store) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """Each graph of a store with its triples: named graphs sorted by IRI, then the default graph."""
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for name in names:
        yield (
            name.value,
            [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in store.quads_for_pattern(None, None, None, name)
            ],
        )
    default = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    ]
    if default:
        yield None, default


def push(
    store: ox.Store,
    graph_store_url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: AuthKind = "digest",
    timeout: float = 120.0,
    progress: Callable[[Pushed], None] | None = None,
    client: httpx.Client | None = None,
) -> list[Pushed]:
    """PUT every graph of ``store`` to a Graph Store Protocol endpoint (``?graph=IRI`` / ``?default``)."""
    done: list[Pushed] = []
    with contextlib.ExitStack() as stack:
        http = client or stack.enter_context(
            httpx.Client(auth=_auth(user, password, auth), timeout=timeout, follow_redirects=False)
        )
        for graph, triples in graphs_of(store):
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            params = {"graph": graph} if graph is not None else {"default": ""}
            response = http.put(
                graph_store_url,
                params=params,
                content=body,
                headers={"Content-Type": "text/turtle; charset=utf-8"},
            )
            if response.status_code not in (200, 201, 204):
                raise RemoteError(
                    f"PUT {graph or 'default graph'} to {graph_store_url}: HTTP {response.status_code} "
                    f"{response.text[:300]}"
                )
            item = Pushed(graph, len(triples), response.status_code)
            done.append(item)
            if progress:
                progress(item)
    return done

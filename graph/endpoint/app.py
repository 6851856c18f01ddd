"""The SPARQL 1.1 endpoint: Protocol at /sparql, Graph Store reads at /rdf-graphs, YASGUI at /.

Request parsing follows the SPARQL 1.1 Protocol to the letter (the W3C tests in ../shared/specs run
against it); execution happens in worker processes (:mod:`tipkg.graph.endpoint.pool`) so that a
timeout really stops a query; SERVICE clauses are checked before anything runs
(:mod:`tipkg.graph.endpoint.guard`). The default graph is the union of the named graphs.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from tipkg import __version__
from tipkg.graph.endpoint.describe import SD, examples, service_description
from tipkg.graph.endpoint.guard import QueryMalformed, QueryRefused, add_using_clauses, check_services
from tipkg.graph.endpoint.negotiation import (
    GRAPH_FORMATS,
    OX_RDF_FORMATS,
    accept_override,
    choose_format,
    negotiate,
)
from tipkg.graph.endpoint.pool import PoolError, WorkerPool
from tipkg.graph.store.embedded import oxigraph_from_file
from tipkg.ontology.languages import LANGUAGES, PRIMARY, tag_of
from tipkg.ontology.namespaces import PREFIXES, namespace_iri

log = logging.getLogger("tipkg.endpoint")

STATIC_DIR = Path(__file__).parent / "static"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
CAP_HEADERS = ["X-SPARQL-MaxRows", "X-Tipkg-Truncated"]


@dataclass
class EndpointConfig:
    """What ``tipkg serve`` was told; every limit has a safe default."""

    store: Path
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    timeout: float = 10.0
    max_timeout: float = 60.0
    max_rows: int = 10_000
    max_triples: int = 1_000_000
    workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 2))
    max_memory_mb: int = 4096

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise ValueError("--allow-update needs --token: updates are only accepted with a bearer token")
        if self.timeout <= 0 or self.max_timeout <= 0:
            raise ValueError("timeouts must be positive")
        self.timeout = min(self.timeout, self.max_timeout)


class ProtocolError(Exception):
    """A request the protocol says to refuse, with its status code and a human message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _content_type(request: Request) -> tuple[str | None, dict[str, str]]:
    raw = request.headers.get("content-type")
    if not raw:
        return None, {}
    mime, *rest = (p.strip() for p in raw.split(";"))
    params = {}
    for item in rest:
        key, _, value = item.partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return mime.lower(), params


def _decode(body: bytes, params: dict[str, str]) -> str:
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset} is not supported: send the request body as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"more than one {name!r} parameter")
    return values[0] if values else None


def _iris(params: dict[str, list[str]], name: str) -> list[str]:
    values = params.get(name, [])
    for v in values:
        parts = urlsplit(v)
        if not parts.scheme or any(c in v for c in ' <>"{}|\\^`') or not v.isprintable():
            raise ProtocolError(400, f"{name}={v!r} is not an absolute IRI")
    return values


def _gather(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


async def read_params(request: Request) -> dict[str, list[str]]:
    """The protocol parameters of a GET or POST, whichever of the three encodings it uses."""
    url_pairs = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method in ("GET", "HEAD"):
        return _gather(url_pairs)
    mime, ct_params = _content_type(request)
    body = await request.body()
    if mime == FORM:
        text = _decode(body, ct_params)
        return _gather(url_pairs + parse_qsl(text, keep_blank_values=True))
    if mime == SPARQL_QUERY:
        return _gather([*url_pairs, ("query", _decode(body, ct_params))])
    if mime == SPARQL_UPDATE:
        return _gather([*url_pairs, ("update", _decode(body, ct_params))])
    raise ProtocolError(
        415,
        f"unsupported content type {mime or '(none)'}: POST a query as {FORM} (query=…), "
        f"as {SPARQL_QUERY}, or an update as {SPARQL_UPDATE}",
    )


def _timeout(params: dict[str, list[str]], config: EndpointConfig) -> float:
    raw = _one(params, "timeout")
    if raw is None or raw == "":
        return config.timeout
    try:
        value = float(raw)
    except ValueError:
        raise ProtocolError(400, f"timeout={raw!r} is not a number of seconds") from None
    if not value > 0:
        raise ProtocolError(400, "timeout must be a positive number of seconds")
    return min(value, config.max_timeout)


def _accept(request: Request, params: dict[str, list[str]]) -> str | None:
    for name in ("format", "output"):
        override = accept_override(_one(params, name))
        if override:
            return override
    return request.headers.get("accept")


def _reply(reply: dict[str, Any], head: bool = False) -> Response:
    status = int(reply["status"])
    if "message" in reply:
        return _text(status, str(reply["message"]))
    body = b"" if head else reply.get("body", b"")
    return Response(
        content=body, status_code=status, media_type=reply.get("content_type"), headers=reply.get("headers")
    )


class Endpoint:
    """The request handlers, bound to a config and a worker pool."""

    def __init__(self, config: EndpointConfig) -> None:
        self.config = config
        self.pool = WorkerPool(
            store=config.store,
            size=config.workers,
            writable=config.allow_update,
            max_memory_mb=config.max_memory_mb,
            prefixes={p: namespace_iri(p) for p in PREFIXES},
        )

    async def run(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        try:
            return await self.pool.run(job, timeout)
        except PoolError as exc:
            raise ProtocolError(exc.status, exc.message) from None

    async def sparql(self, request: Request) -> Response:
        try:
            return await self._sparql(request)
        except ProtocolError as exc:
            return _text(exc.status, exc.message, exc.headers)

    async def _sparql(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            raise ProtocolError(405, "use GET or POST", {"Allow": "GET, POST, OPTIONS"})
        params = await read_params(request)
        query, update = _one(params, "query"), _one(params, "update")
        if query is not None and update is not None:
            raise ProtocolError(400, "a request carries either a query or an update, not both")
        if update is not None:
            if request.method == "GET":
                raise ProtocolError(400, "updates must be sent with POST")
            return await self._update(request, params, update)
        if query is None:
            if request.method == "POST":
                raise ProtocolError(400, "no query: send query=… or a body of type application/sparql-query")
            return await self.service_description(request)
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise ProtocolError(400, f"{name} belongs to updates, not queries")
        default, named = _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri")
        protocol_dataset = "default-graph-uri" in params or "named-graph-uri" in params
        timeout = _timeout(params, self.config)
        try:
            check_services(query, self.config.allow_service)
        except QueryRefused as exc:
            raise ProtocolError(403, str(exc)) from None
        except QueryMalformed as exc:
            raise ProtocolError(400, f"malformed SPARQL: {exc}") from None
        job = {
            "op": "query",
            "query": query,
            "default_graph": default if protocol_dataset else None,
            "named_graphs": named if protocol_dataset else None,
            "accept": _accept(request, params),
            "max_rows": self.config.max_rows,
            "max_triples": self.config.max_triples,
            "base_iri": str(request.url.replace(query="")),
        }
        return _reply(await self.run(job, timeout))

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, credentials = header.partition(" ")
        token = self.config.token or ""
        return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(credentials.strip(), token)

    async def _update(self, request: Request, params: dict[str, list[str]], update: str) -> Response:
        if not self.config.allow_update:
            raise ProtocolError(403, "updates are disabled: this endpoint is read-only")
        if not self._authorised(request):
            raise ProtocolError(
                403, "updates need the header 'Authorization: Bearer <token>' with the server's token"
            )
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise ProtocolError(400, f"{name} belongs to queries; updates take using-graph-uri")
        using, using_named = _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri")
        timeout = _timeout(params, self.config)
        try:
            check_services(update, self.config.allow_service)
            text = add_using_clauses(update, using, using_named)
        except QueryRefused as exc:
            raise ProtocolError(403, str(exc)) from None
        except QueryMalformed as exc:
            raise ProtocolError(400, f"malformed SPARQL update: {exc}") from None
        job = {"op": "update", "update": text, "base_iri": str(request.url.replace(query=""))}
        return _reply(await self.run(job, timeout))

    async def service_description(self, request: Request) -> Response:
        """SPARQL 1.1 Service Description of this endpoint (GET /sparql without a query)."""
        accept = request.headers.get("accept")
        offers = [mt for f in GRAPH_FORMATS for mt in f.media_types]
        if accept and negotiate(accept, [*offers, "text/html"]) == "text/html":
            return RedirectResponse("/", status_code=303)
        fmt = choose_format(accept, GRAPH_FORMATS)
        if fmt is None:
            raise ProtocolError(406, "the service description is available as " + ", ".join(offers))
        graphs = await self.run({"op": "graphs"}, self.config.timeout)
        body = service_description(
            str(request.url.replace(query="")),
            list(graphs.get("graphs", [])),
            update=self.config.allow_update,
            federation=bool(self.config.allow_service),
        )
        ox_format = OX_RDF_FORMATS[fmt.name]
        items: list[Any] = list(body)
        if ox_format.supports_datasets:
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in body]
        data = ox.serialize(items, format=ox_format, prefixes={"sd": SD})
        return Response(data, media_type=fmt.content_type)

    async def graph_store(self, request: Request) -> Response:
        """Graph Store Protocol, read side: GET/HEAD ?graph=IRI or ?default."""
        try:
            params = _gather(parse_qsl(request.url.query, keep_blank_values=True))
            if request.method not in ("GET", "HEAD"):
                raise ProtocolError(
                    405,
                    "this Graph Store is read-only: GET or HEAD ?graph=IRI or ?default",
                    {"Allow": "GET, HEAD"},
                )
            graph = _one(params, "graph")
            if (graph is None) == ("default" not in params):
                raise ProtocolError(400, "name exactly one graph: ?graph=IRI or ?default")
            if graph is not None:
                _iris(params, "graph")
            job = {
                "op": "graph",
                "graph": graph,
                "accept": _accept(request, params),
                "max_triples": self.config.max_triples,
            }
            return _reply(await self.run(job, _timeout(params, self.config)), head=request.method == "HEAD")
        except ProtocolError as exc:
            return _text(exc.status, exc.message, exc.headers)


def create_app(config: EndpointConfig) -> FastAPI:
    endpoint = Endpoint(config)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await endpoint.pool.start()
        log.info("tipkg endpoint: %d query workers on %s", endpoint.pool.size, config.store)
        try:
            yield
        finally:
            await endpoint.pool.close()

    app = FastAPI(
        title="tipkg SPARQL endpoint", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.state.endpoint = endpoint
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=CAP_HEADERS,
    )
    methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    app.add_api_route("/sparql", endpoint.sparql, methods=methods, include_in_schema=False)
    app.add_api_route("/sparql/", endpoint.sparql, methods=methods, include_in_schema=False)
    app.add_api_route(
        "/rdf-graphs", endpoint.graph_store, methods=["GET", "HEAD", *methods[1:]], include_in_schema=False
    )

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/examples.json", include_in_schema=False)
    async def example_queries(lang: str | None = None) -> Response:
        if not lang or lang == PRIMARY:
            return JSONResponse(app.state.examples)
        if tag_of(lang) != lang:  # ?lang=fr: the named queries' labels in French
            return _text(400, f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
        return JSONResponse(examples(lang))

    app.state.examples = examples()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


@contextlib.contextmanager
def store_for_file(path: Path) -> Any:
    """An on-disk copy of an RDF file in a temporary directory, for workers to open (removed after)."""
    tmp = Path(tempfile.mkdtemp(prefix="tipkg-serve-"))
    try:
        memory = oxigraph_from_file(path)
        disk = ox.Store(str(tmp / "store"))
        disk.bulk_extend(memory)
        disk.flush()
        del disk, memory
        yield tmp / "store"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def serve(config: EndpointConfig, host: str = "127.0.0.1", port: int = 7878, log_level: str = "info") -> None:
    """Run the endpoint with uvicorn until interrupted."""
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)

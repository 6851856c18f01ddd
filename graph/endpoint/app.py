"""The SPARQL 1.1 endpoint: Protocol at /sparql, Graph Store reads at /rdf-graphs, YASGUI at /.

Requests are read by :mod:`.protocol`, looked into by :mod:`.guard` (SERVICE and LOAD targets,
nesting, the dataset clause) and run on worker processes under the admission control of
:mod:`.scheduler`, which stops a query at its time limit or when its client disconnects. The
default graph is the union of the named graphs unless the query or the request names a dataset.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive

from tipkg import __version__
from tipkg.graph.endpoint.config import EndpointConfig
from tipkg.graph.endpoint.describe import SD, examples, service_description
from tipkg.graph.endpoint.guard import QueryMalformed, QueryRefused, add_using_clauses, analyse
from tipkg.graph.endpoint.negotiation import GRAPH_FORMATS, OX_RDF_FORMATS, choose_format, negotiate
from tipkg.graph.endpoint.pool import WorkerProcess, spawn_worker
from tipkg.graph.endpoint.protocol import (
    Params,
    ProtocolError,
    check_url,
    client_of,
    gather,
    iris,
    negotiation,
    one,
    read_params,
    timeout_of,
)
from tipkg.graph.endpoint.scheduler import Scheduler, SchedulerError
from tipkg.graph.store.embedded import oxigraph_from_file
from tipkg.graph.store.truncation import HEADER_MAX_ROWS, HEADER_TRUNCATED
from tipkg.ontology.languages import LANGUAGES, PRIMARY, tag_of
from tipkg.ontology.namespaces import PREFIXES, namespace_iri

__all__ = ["EndpointConfig", "create_app", "serve", "store_for_file"]

log = logging.getLogger("tipkg.endpoint")

STATIC_DIR = Path(__file__).parent / "static"
SPARQL_METHODS = "GET, HEAD, POST, OPTIONS"
GSP_METHODS = "GET, HEAD, OPTIONS"


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _reply(reply: dict[str, Any], head: bool = False) -> Response:
    status = int(reply["status"])
    if "message" in reply:
        return _text(status, str(reply["message"]))
    body = reply.get("body", b"")
    response = Response(
        content=body, status_code=status, media_type=reply.get("content_type"), headers=reply.get("headers")
    )
    if head:
        response.body = b""  # the headers (Content-Length included) are those of the GET
    return response


async def _disconnected(receive: Receive) -> None:
    """Return when the client has gone (uvicorn says so once the request body has been read)."""
    while (await receive())["type"] != "http.disconnect":
        pass


class ClientGone(Exception):
    """The client closed the connection before its answer was ready."""


class Endpoint:
    """The request handlers, bound to a config and a scheduler of worker processes."""

    def __init__(self, config: EndpointConfig) -> None:
        self.config = config
        prefixes = {p: namespace_iri(p) for p in PREFIXES}

        async def spawn() -> WorkerProcess:
            return await spawn_worker(
                config.store,
                writable=config.allow_update,
                max_memory_mb=config.max_memory_mb,
                prefixes=prefixes,
            )

        self.scheduler = Scheduler(
            config.lanes, spawn, max_processes=1 if config.allow_update else None, stay=config.max_timeout
        )

    async def run(self, request: Request, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Run a job for this request; stop it if the client disconnects before the answer."""
        work = asyncio.ensure_future(self.scheduler.run(job, timeout, client_of(request)))
        gone = asyncio.ensure_future(_disconnected(request.receive))
        try:
            await asyncio.wait((work, gone), return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not work.done():
                work.cancel()
            gone.cancel()
        if not work.done() or work.cancelled():
            with contextlib.suppress(asyncio.CancelledError, SchedulerError):
                await work
            raise ClientGone
        try:
            return work.result()
        except SchedulerError as exc:
            headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
            raise ProtocolError(exc.status, exc.message, headers) from None

    async def sparql(self, request: Request) -> Response:
        try:
            return await self._sparql(request)
        except ProtocolError as exc:
            return _text(exc.status, exc.message, exc.headers)
        except ClientGone:
            return Response(status_code=499)

    async def _sparql(self, request: Request) -> Response:
        method = request.method
        if method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": SPARQL_METHODS})
        if method not in ("GET", "HEAD", "POST"):
            raise ProtocolError(405, f"use {SPARQL_METHODS}", {"Allow": SPARQL_METHODS})
        check_url(request, self.config.max_url)
        params = await read_params(request, self.config.max_body)
        query, update = one(params, "query"), one(params, "update")
        if query is not None and update is not None:
            raise ProtocolError(400, "a request carries either a query or an update, not both")
        if update is not None:
            if method != "POST":
                raise ProtocolError(400, "updates must be sent with POST")
            return await self._update(request, params, update)
        if query is None:
            if method == "POST":
                raise ProtocolError(400, "no query: send query=… or a body of type application/sparql-query")
            return await self.service_description(request, head=method == "HEAD")
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise ProtocolError(400, f"{name} belongs to updates, not queries")
        default, named = iris(params, "default-graph-uri"), iris(params, "named-graph-uri")
        protocol_dataset = "default-graph-uri" in params or "named-graph-uri" in params
        timeout = timeout_of(params, self.config.timeout, self.config.max_timeout)
        try:
            checked = analyse(query, self.config.allow_service)
        except QueryRefused as exc:
            raise ProtocolError(403, str(exc)) from None
        except QueryMalformed as exc:
            raise ProtocolError(400, f"malformed SPARQL: {exc}") from None
        job = {
            "op": "query",
            "query": query,
            "default_graph": default if protocol_dataset else None,
            "named_graphs": named if protocol_dataset else None,
            "has_dataset": checked.has_dataset,
            **negotiation(request, params),
            "max_rows": self.config.max_rows,
            "max_triples": self.config.max_triples,
            "base_iri": self.config.sparql_url,
        }
        return _reply(await self.run(request, job, timeout), head=method == "HEAD")

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, credentials = header.partition(" ")
        token = self.config.token or ""
        return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(credentials.strip(), token)

    async def _update(self, request: Request, params: Params, update: str) -> Response:
        if not self.config.allow_update:
            raise ProtocolError(403, "updates are disabled: this endpoint is read-only")
        if not self._authorised(request):
            raise ProtocolError(
                403, "updates need the header 'Authorization: Bearer <token>' with the server's token"
            )
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise ProtocolError(400, f"{name} belongs to queries; updates take using-graph-uri")
        using, using_named = iris(params, "using-graph-uri"), iris(params, "using-named-graph-uri")
        timeout = timeout_of(params, self.config.timeout, self.config.max_timeout)
        try:
            analyse(update, self.config.allow_service, update=True)
            text = add_using_clauses(update, using, using_named)
        except QueryRefused as exc:
            raise ProtocolError(403, str(exc)) from None
        except QueryMalformed as exc:
            raise ProtocolError(400, f"malformed SPARQL update: {exc}") from None
        job = {"op": "update", "update": text, "base_iri": self.config.sparql_url}
        return _reply(await self.run(request, job, timeout))

    async def service_description(self, request: Request, head: bool = False) -> Response:
        """SPARQL 1.1 Service Description of this endpoint (GET /sparql without a query)."""
        accept = request.headers.get("accept")
        offers = [mt for f in GRAPH_FORMATS for mt in f.media_types]
        if accept and negotiate(accept, [*offers, "text/html"]) == "text/html":
            return RedirectResponse("/", status_code=303)
        fmt = choose_format(accept, GRAPH_FORMATS)
        if fmt is None:
            raise ProtocolError(406, "the service description is available as " + ", ".join(offers))
        graphs = await self.run(request, {"op": "graphs"}, self.config.timeout)
        body = service_description(
            self.config.sparql_url,
            list(graphs.get("graphs", [])),
            update=self.config.allow_update,
            federation=bool(self.config.allow_service),
        )
        ox_format = OX_RDF_FORMATS[fmt.name]
        items: list[Any] = list(body)
        if ox_format.supports_datasets:
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in body]
        data = ox.serialize(items, format=ox_format, prefixes={"sd": SD})
        response = Response(data, media_type=fmt.content_type)
        if head:
            response.body = b""
        return response

    async def graph_store(self, request: Request) -> Response:
        """Graph Store Protocol, read side: GET/HEAD ?graph=IRI or ?default."""
        try:
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": GSP_METHODS})
            if request.method not in ("GET", "HEAD"):
                raise ProtocolError(
                    405,
                    "this Graph Store is read-only: GET or HEAD ?graph=IRI or ?default",
                    {"Allow": GSP_METHODS},
                )
            check_url(request, self.config.max_url)
            params = gather(_query_pairs(request))
            graph = one(params, "graph")
            if (graph is None) == ("default" not in params):
                raise ProtocolError(400, "name exactly one graph: ?graph=IRI or ?default")
            if graph is not None:
                iris(params, "graph")
            job = {
                "op": "graph",
                "graph": graph,
                **negotiation(request, params),
                "max_triples": self.config.max_triples,
            }
            timeout = timeout_of(params, self.config.timeout, self.config.max_timeout)
            return _reply(await self.run(request, job, timeout), head=request.method == "HEAD")
        except ProtocolError as exc:
            return _text(exc.status, exc.message, exc.headers)
        except ClientGone:
            return Response(status_code=499)


def _query_pairs(request: Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query, keep_blank_values=True)


Handler = Callable[[Request], Awaitable[Response]]
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


def create_app(config: EndpointConfig) -> FastAPI:
    endpoint = Endpoint(config)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await endpoint.scheduler.start()
        log.info("tipkg endpoint: %d query workers on %s", endpoint.scheduler.size, config.store)
        try:
            yield
        finally:
            await endpoint.scheduler.close()

    app = FastAPI(
        title="tipkg SPARQL endpoint",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.endpoint = endpoint
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        # named, not "*": Starlette answers "*" by repeating the request's header list back
        allow_headers=["Accept", "Authorization", "Content-Type", "X-Requested-With"],
        expose_headers=[HEADER_MAX_ROWS, HEADER_TRUNCATED],
    )
    for path in ("/sparql", "/sparql/"):
        app.add_route(path, endpoint.sparql, methods=ALL_METHODS, include_in_schema=False)
    app.add_route("/rdf-graphs", endpoint.graph_store, methods=ALL_METHODS, include_in_schema=False)

    async def index(_: Request) -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    page_examples = examples()

    async def example_queries(request: Request) -> Response:
        lang = request.query_params.get("lang")
        if not lang or lang == PRIMARY:
            return JSONResponse(page_examples)
        if tag_of(lang) != lang:  # ?lang=fr: the named queries' labels in French
            return _text(400, f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
        return JSONResponse(examples(lang))

    app.add_route("/", index, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_route("/examples.json", example_queries, methods=["GET", "HEAD"], include_in_schema=False)
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


def serve(
    config: EndpointConfig,
    host: str = "127.0.0.1",
    port: int = 7878,
    log_level: str = "info",
    access_log: bool = False,
) -> None:
    """Run the endpoint with uvicorn until interrupted (httptools and uvloop when installed)."""
    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level=log_level,
        timeout_graceful_shutdown=5,
        server_header=False,
        access_log=access_log,
    )

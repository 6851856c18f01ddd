"""Reading a SPARQL 1.1 Protocol request: its parameters in any of the three encodings, within limits.

Follows the Protocol to the letter (the W3C tests in ../shared/specs run against it) and refuses
early what would cost the server: a URL longer than ``max_url`` (414), a body longer than
``max_body`` (413; judged by Content-Length before a byte is read, and counted while reading a
chunked one). Error messages name what was wrong without repeating the request's headers back.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request

from tipkg.graph.endpoint.negotiation import accept_override

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: request parameters that name a result format instead of an Accept header (Virtuoso says
#: ``format``, Joseki ``output``, rasqal ``results``; SPARQLWrapper sends all three, some twice)
FORMAT_PARAMS = ("format", "output", "results")

Params = dict[str, list[str]]


class ProtocolError(Exception):
    """A request the protocol says to refuse, with its status code and a human message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _shown(value: str, width: int = 80) -> str:
    """A parameter value quoted for an error message, cut to ``width`` characters."""
    return repr(value if len(value) <= width else value[:width] + "…")


def content_type(request: Request) -> tuple[str | None, dict[str, str]]:
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
        raise ProtocolError(415, "only UTF-8 request bodies are supported: send charset=utf-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


def one(params: Params, name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"more than one {name!r} parameter")
    return values[0] if values else None


def iris(params: Params, name: str) -> list[str]:
    values = params.get(name, [])
    for v in values:
        parts = urlsplit(v)
        if not parts.scheme or any(c in v for c in ' <>"{}|\\^`') or not v.isprintable():
            raise ProtocolError(400, f"{name}={_shown(v)} is not an absolute IRI")
    return values


def gather(pairs: Sequence[tuple[str, str]]) -> Params:
    out: Params = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def check_url(request: Request, max_url: int) -> None:
    size = len(request.scope.get("raw_path", b"")) + len(request.scope.get("query_string", b""))
    if size > max_url:
        raise ProtocolError(
            414,
            f"the request URL is {size:,} bytes; this endpoint reads at most {max_url:,}: "
            f"send a long query with POST ({FORM} or {SPARQL_QUERY})",
        )


async def read_body(request: Request, max_body: int) -> bytes:
    """The body, refused with 413 as soon as it is known to exceed ``max_body`` bytes."""
    too_big = ProtocolError(413, f"the request body exceeds this endpoint's limit of {max_body:,} bytes")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def read_params(request: Request, max_body: int) -> Params:
    """The protocol parameters of a GET or POST, whichever of the three encodings it uses."""
    url_pairs = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method in ("GET", "HEAD"):
        return gather(url_pairs)
    mime, ct_params = content_type(request)
    if mime not in (FORM, SPARQL_QUERY, SPARQL_UPDATE):
        raise ProtocolError(
            415,
            f"unsupported content type: POST a query as {FORM} (query=…), "
            f"as {SPARQL_QUERY}, or an update as {SPARQL_UPDATE}",
        )
    body = await read_body(request, max_body)
    if mime == FORM:
        text = _decode(body, ct_params)
        return gather(url_pairs + parse_qsl(text, keep_blank_values=True))
    name = "query" if mime == SPARQL_QUERY else "update"
    return gather([*url_pairs, (name, _decode(body, ct_params))])


def timeout_of(params: Params, default: float, maximum: float) -> float:
    raw = one(params, "timeout")
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ProtocolError(400, f"timeout={_shown(raw)} is not a number of seconds") from None
    if not value > 0:
        raise ProtocolError(400, "timeout must be a positive number of seconds")
    return min(value, maximum)


def format_param(params: Params) -> str | None:
    """What ``format``/``output``/``results`` parameters ask for, as an Accept list (or None).

    Several values (SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values&output=…``)
    are read together as one list; values the endpoint does not know are ignored.
    """
    wanted: list[str] = []
    for name in FORMAT_PARAMS:
        for value in params.get(name, []):
            override = accept_override(value)
            if override and override not in wanted:
                wanted.append(override)
    return ", ".join(wanted) if wanted else None


def negotiation(request: Request, params: Params) -> dict[str, str | None]:
    """The job fields the worker chooses a format from: the format parameters, when given, before
    the Accept header (which still decides when no parameter fits the kind of result)."""
    header = request.headers.get("accept")
    wanted = format_param(params)
    return {"accept": wanted or header, "format_param": wanted, "accept_header": header}


def client_of(request: Request) -> str:
    """Who sent the request, for fair scheduling: the peer address (proxies' headers are not trusted)."""
    return request.client.host if request.client else ""

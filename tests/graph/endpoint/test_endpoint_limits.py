"""Request limits and method handling against a real ``tipkg serve``: body and URL size (413/414),
nesting depth (400 with a message, no crash), LOAD under the SERVICE host allow-list, HEAD, OPTIONS
and Allow, and no request header ever repeated back."""

from __future__ import annotations

import http.server
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.endpoint_support import Server, recording_host, running_server, write_fictional_trig

ASK = "ASK { ?s ?p ?o }"
MARK = "zq-echo-marker-7"
TOKEN = "limits-test-token"


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_trig(tmp_path_factory.mktemp("limits") / "data.trig")


@pytest.fixture(scope="module")
def server(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(["--file", str(data_file)], tmp_path_factory.mktemp("log")) as s:
        yield s


def workers_of(server: Server) -> set[str]:
    out = subprocess.run(["pgrep", "-P", str(server.proc.pid)], capture_output=True, text=True).stdout
    return set(out.split())


# ---------------------------------------------------------------- sizes


def _read_response(sock: socket.socket) -> str:
    """One HTTP response, headers and the body its Content-Length announces (a single recv may hold
    the headers only: the body can come in a later segment)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return data.decode()
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return (head + b"\r\n\r\n" + body).decode()


def test_a_large_body_is_refused_before_it_is_read(server: Server) -> None:
    """Content-Length of 100 MB: 413 comes back while the client has sent only the headers."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100000000\r\n\r\nASK {"
        )
        answer = _read_response(sock)
    assert answer.startswith("HTTP/1.1 413"), answer
    assert "limit of 1,048,576 bytes" in answer


def test_a_large_chunked_body_is_refused(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"query=ASK%20%7B%7D%20%23"
        for _ in range(40):
            yield b"x" * 65536

    r = httpx.post(
        server.sparql, content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413
    small = httpx.post(server.sparql, data={"query": ASK + " # " + "x" * 500_000})
    assert small.status_code == 200


def test_a_long_url_is_refused(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": ASK + " #" + "x" * 20_000}, timeout=30)
    assert r.status_code == 414
    assert "POST" in r.text
    # far longer than any client library sends: the HTTP parser stops reading at its own line
    # limit (about 64 KiB) with a 400, before the endpoint sees it; memory stays bounded either way
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D%23" + b"x" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith(("HTTP/1.1 414", "HTTP/1.1 400")), answer[:200]
    assert httpx.get(server.sparql, params={"query": ASK}).status_code == 200


def test_deep_nesting_is_a_400_not_a_crash(server: Server) -> None:
    before = workers_of(server)
    for query in (
        "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }",
    ):
        r = httpx.post(server.sparql, data={"query": query})
        assert r.status_code == 400, r.text
        assert "nests" in r.text and "at most 200 levels" in r.text
    moderate = "SELECT * WHERE " + "{" * 50 + " ?s ?p ?o " + "}" * 50 + " LIMIT 1"
    assert httpx.post(server.sparql, data={"query": moderate}).status_code == 200
    assert workers_of(server) == before  # no worker crashed


# ---------------------------------------------------------------- methods


def test_head_is_get_without_a_body(server: Server) -> None:
    get = httpx.get(server.sparql, params={"query": ASK})
    head = httpx.head(server.sparql, params={"query": ASK})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))
    sd = httpx.head(server.sparql, headers={"Accept": "text/turtle"})
    assert sd.status_code == 200 and sd.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("path", "allowed"), [("/sparql", "GET, HEAD, POST, OPTIONS"), ("/rdf-graphs", "GET, HEAD, OPTIONS")]
)
def test_options_and_allow(server: Server, path: str, allowed: str) -> None:
    options = httpx.options(server.url + path)
    assert options.status_code == 204 and options.headers["allow"] == allowed
    for method in ("PUT", "DELETE", "PATCH"):
        r = httpx.request(method, server.url + path)
        assert r.status_code == 405
        assert r.headers["allow"] == allowed
        assert method not in r.headers["allow"]


# ---------------------------------------------------------------- no echo


def test_no_request_header_is_repeated_back(server: Server) -> None:
    headers = {
        "Host": f"{MARK}.example",
        "User-Agent": MARK,
        "X-Forwarded-Host": f"{MARK}.example",
        "Origin": f"http://{MARK}.example",
        "Referer": f"http://{MARK}.example/",
    }
    replies = [
        httpx.get(server.sparql, headers={**headers, "Accept": "text/turtle"}),  # service description
        httpx.get(
            server.sparql, params={"query": "SELECT ?x WHERE { BIND(<relative> AS ?x) }"}, headers=headers
        ),
        httpx.post(server.sparql, content=b"ASK {}", headers={**headers, "Content-Type": f"text/{MARK}"}),
        httpx.post(
            server.sparql,
            content=b"ASK {}",
            headers={**headers, "Content-Type": f"application/sparql-query; charset={MARK}"},
        ),
        httpx.options(
            server.sparql,
            headers={
                **headers,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": MARK,
            },
        ),
        httpx.get(server.sparql, params={"query": ASK}, headers={**headers, "Accept": MARK + "/x"}),
    ]
    assert [r.status_code for r in replies][:4] == [200, 200, 415, 415]
    for r in replies:
        shown = r.text + "".join(f"{k}: {v}\n" for k, v in r.headers.items())
        assert MARK not in shown, shown
    assert "http://127.0.0.1:" in replies[1].text  # relative IRIs resolve against the server's own address


def test_public_url_is_the_address_the_server_gives(data_file: Path, tmp_path: Path) -> None:
    """Behind a proxy, --public-url (not the Host header) is the endpoint's address in the service
    description and the base of a query's relative IRIs."""
    public = "https://sparql.example.org/tipkg/"
    with running_server(["--file", str(data_file), "--public-url", public], tmp_path) as s:
        description = httpx.get(
            s.sparql, headers={"Accept": "application/n-triples", "Host": "proxy.internal"}
        )
        relative = httpx.get(
            s.sparql,
            params={"query": "SELECT ?x WHERE { BIND(<relative> AS ?x) }"},
            headers={"Accept": "application/sparql-results+json", "Host": "proxy.internal"},
        )
    assert description.status_code == 200, description.text
    assert f"<{public}sparql>" in description.text
    assert "proxy.internal" not in description.text and "127.0.0.1" not in description.text
    assert relative.json()["results"]["bindings"][0]["x"]["value"] == f"{public}relative"


# ---------------------------------------------------------------- LOAD


class _Turtle(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - one list per server class

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"<http://loaded.example/s> <http://loaded.example/p> 'loaded' ."
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def turtle_host() -> Iterator[tuple[str, list[str]]]:
    with recording_host(_Turtle) as host:
        yield host


def test_load_obeys_the_service_allow_list(
    data_file: Path, tmp_path: Path, turtle_host: tuple[str, list[str]]
) -> None:
    host, hits = turtle_host
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    args = ["--file", str(data_file), "--allow-update", "--token", TOKEN]
    with running_server(args, tmp_path) as s:
        for update in (
            f"LOAD <http://{host}/data.ttl>",
            f"LOAD SILENT <http://{host}/data.ttl> INTO GRAPH <http://g.example/>",
            f"PREFIX h: <http://{host}/> load h:data.ttl",
            "LOAD <file:///etc/passwd>",
        ):
            r = httpx.post(s.sparql, content=update, headers=auth)
            assert r.status_code == 403, r.text
            assert "LOAD" in r.text
        assert hits == []
    with running_server([*args, "--allow-service", host], tmp_path) as s:
        r = httpx.post(
            s.sparql, content=f"LOAD <http://{host}/data.ttl> INTO GRAPH <http://g.example/>", headers=auth
        )
        assert r.status_code == 204, r.text
        assert hits == ["/data.ttl"]
        ask = "ASK { GRAPH <http://g.example/> { <http://loaded.example/s> ?p 'loaded' } }"
        assert httpx.get(s.sparql, params={"query": ask}).json()["boolean"] is True

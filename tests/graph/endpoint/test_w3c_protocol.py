"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol test manifests, run against ``tipkg serve``.

The manifests (../shared/specs) describe HTTP requests and the expected status, format and answer.
Query tests run against a read-only server holding the manifest's data1..3 as named graphs; update
tests (and the bad-update tests, so that their 4xx comes from the update path and not from the
read-only refusal) run against a server started with --allow-update, every request carrying the
bearer token. Graph Store tests: this endpoint implements the read side (GET/HEAD, indirect graph
identification); each write step of a test is carried out through SPARQL Update instead, and every
GET/HEAD step is executed and checked as the manifest says. Tests that cannot run say why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from tests.conftest import REPO
from tests.endpoint_support import Server, running_server

SPECS = REPO.parent / "shared" / "specs"
PROTOCOL = SPECS / "w3c-sparql11-protocol"
GSP = SPECS / "w3c-sparql11-graph-store-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = "w3c-test-token"

STATUS_NAMES = {
    "OK": 200,
    "Created": 201,
    "Accepted": 202,
    "NoContent": 204,
    "BadRequest": 400,
    "NotFound": 404,
    "MethodNotAllowed": 405,
    "NotAcceptable": 406,
    "UnsupportedMediaType": 415,
}
BOOLEAN_TYPES = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
}
TABULAR_TYPES = {*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "application/rdf+xml",
    "text/turtle",
    "application/n-triples",
    "text/html",
    "application/xhtml+xml",
}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[Node]
    fmt: str | None = None
    boolean: bool | None = None
    response_type: str | None = None
    response_body: str | None = None
    location: str | None = None


@dataclass
class W3CTest:
    name: str
    label: str
    steps: list[Step]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)


def _text(g: Graph, node: Node, prop: URIRef) -> str | None:
    value = g.value(node, prop)
    return None if value is None else str(value)


def _headers(g: Graph, node: Node | None) -> dict[str, str]:
    if node is None:
        return {}
    out = {}
    for h in Collection(g, node):  # type: ignore[arg-type]
        out[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
    return out


def load_manifest(path: Path) -> list[W3CTest]:
    g = Graph().parse(path, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = g.value(manifest, MF.entries)
    tests: list[W3CTest] = []
    for test in Collection(g, entries):  # type: ignore[arg-type]
        action = g.value(test, MF.action)
        steps: list[Step] = []
        for req in Collection(g, g.value(action, HT.requests)):  # type: ignore[arg-type]
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                chars = str(g.value(body_node, CNT.chars))
                encoding = _text(g, body_node, CNT.characterEncoding) or "UTF-8"
                body = chars.encode(encoding.lower())
            resp = g.value(req, HT.resp)
            resp_headers = _headers(g, g.value(resp, HT.headers))
            resp_body = g.value(resp, HT.body)
            boolean = g.value(resp, MF.expectedBoolean)
            steps.append(
                Step(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=_headers(g, g.value(req, HT.headers)),
                    body=body,
                    statuses=list(g.objects(resp, MF.expectedStatus)),
                    fmt=_text(g, resp, MF.expectedFormat),
                    boolean=None if boolean is None else bool(boolean.toPython()),
                    response_type=resp_headers.get("content-type"),
                    response_body=None if resp_body is None else str(g.value(resp_body, CNT.chars)),
                    location=_text(g, resp, MF.expectedLocation),
                )
            )
        data = [
            (path.parent / str(g.value(d, UT.graph)).rsplit("/", 1)[-1], str(g.value(d, RDFS.label)))
            for d in g.objects(test, UT.graphData)
        ]
        tests.append(
            W3CTest(
                name=str(test).rsplit("#", 1)[-1],
                label=str(g.value(test, MF.name)),
                steps=steps,
                graph_data=data,
                requires=[str(r).rsplit("#", 1)[-1] for r in g.objects(test, MF.requires)],
            )
        )
    return tests


def status_ok(code: int, expected: list[Node]) -> bool:
    for node in expected:
        name = str(node).rsplit("#", 1)[-1]
        if name.startswith("StatusCode") and name.endswith("xx") and code // 100 == int(name[10]):
            return True
        if STATUS_NAMES.get(name) == code:
            return True
    return False


PROTOCOL_TESTS = load_manifest(PROTOCOL / "manifest.ttl")
GSP_TESTS = [t for m in ("manifest-indirect.ttl", "manifest-direct.ttl") for t in load_manifest(GSP / m)]


@pytest.fixture(scope="module")
def protocol_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data1..3.nt as named graphs, named by the labels the manifest gives them."""
    ds = Dataset()
    seen: set[str] = set()
    for test in PROTOCOL_TESTS:
        for path, label in test.graph_data:
            if label not in seen:
                seen.add(label)
                ds.graph(URIRef(label)).parse(path, format="nt")
    out = tmp_path_factory.mktemp("w3c") / "protocol.nq"
    ds.serialize(destination=str(out), format="nquads")
    return out


@pytest.fixture(scope="module")
def read_server(protocol_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(["--file", str(protocol_data)], tmp_path_factory.mktemp("log")) as s:
        yield s


@pytest.fixture(scope="module")
def update_server(protocol_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    args = ["--file", str(protocol_data), "--allow-update", "--token", TOKEN]
    with running_server(args, tmp_path_factory.mktemp("log")) as s:
        yield s


def _send(server: Server, step: Step, prefix: str, auth: bool) -> httpx.Response:
    path = step.path
    assert path.startswith(prefix), path
    headers = dict(step.headers)
    if auth:
        headers["authorization"] = f"Bearer {TOKEN}"
    return httpx.request(step.method, server.url + path, headers=headers, content=step.body, timeout=30)


def check_protocol_response(step: Step, r: httpx.Response) -> None:
    assert status_ok(r.status_code, step.statuses), f"{step.method} {step.path}: {r.status_code} {r.text}"
    mime = r.headers.get("content-type", "").split(";")[0].strip()
    if step.fmt == "boolean":
        assert mime in BOOLEAN_TYPES, mime
        if step.boolean is not None:
            result = ox.parse_query_results(r.content, format=BOOLEAN_TYPES[mime])
            assert isinstance(result, ox.QueryBoolean)
            assert bool(result) is step.boolean
    elif step.fmt == "tabular":
        assert mime in TABULAR_TYPES, mime
    elif step.fmt == "RDF":
        assert mime in RDF_TYPES, mime


@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=[t.name for t in PROTOCOL_TESTS])
def test_protocol(test: W3CTest, read_server: Server, update_server: Server) -> None:
    is_update = "update" in test.name
    server = update_server if is_update else read_server
    for step in test.steps:
        check_protocol_response(step, _send(server, step, "/sparql/", auth=is_update))


def test_protocol_manifest_is_complete() -> None:
    assert len(PROTOCOL_TESTS) == 34
    assert {t.name for t in PROTOCOL_TESTS} >= {
        "query_post_form",
        "bad_update_dataset_conflict",
        "update_base_uri",
    }


# ---------------------------------------------------------------- Graph Store Protocol


def _graph_param(path: str) -> str | None:
    """The graph IRI of an indirect request, decoded once like any query string; None = default."""
    query = parse_qs(urlsplit(path).query, keep_blank_values=True)
    if "graph" in query:
        return query["graph"][0]
    assert "default" in query, path
    return None


def _as_update(step: Step) -> str:
    """The SPARQL Update that does what a GSP write step asks."""
    graph = _graph_param(step.path)
    target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
    if step.method == "DELETE":
        return f"DROP SILENT {target}"
    content = Graph().parse(data=(step.body or b"").decode(), format="turtle")
    triples = ox.serialize(
        [ox.Triple(*(_ox(t) for t in triple)) for triple in content], format=ox.RdfFormat.N_TRIPLES
    ).decode()
    data = triples if graph is None else f"GRAPH <{graph}> {{ {triples} }}"
    prefix = f"DROP SILENT {target} ; " if step.method == "PUT" else ""
    return f"{prefix}INSERT DATA {{ {data} }}"


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _gsp_skip_reason(test: W3CTest) -> str | None:
    if "DirectGraphIdentification" in test.requires:
        return "direct graph identification (the graph IRI as the request URL) is not offered: use ?graph="
    if "POSTGraphCreation" in test.requires:
        return (
            "graph creation by POST to the store (Location header) is a write; this Graph Store is read-only"
        )
    for step in test.steps:
        if step.method == "POST" and "multipart/form-data" in step.headers.get("content-type", ""):
            return "a step POSTs multipart/form-data, a write this read-only Graph Store cannot stand in for"
    return None


@pytest.mark.parametrize("test", GSP_TESTS, ids=[t.name for t in GSP_TESTS])
def test_graph_store_read(test: W3CTest, update_server: Server) -> None:
    reason = _gsp_skip_reason(test)
    if reason:
        pytest.skip(reason)
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    reset = httpx.post(update_server.sparql, content=b"DROP ALL", headers=auth)
    assert reset.status_code == 204
    reads = 0
    for step in test.steps:
        if step.method in ("PUT", "POST", "DELETE"):
            r = httpx.post(update_server.sparql, content=_as_update(step).encode(), headers=auth)
            assert r.status_code == 204, r.text
            continue
        assert step.method in ("GET", "HEAD"), step.method
        assert step.path.startswith("/gsp"), step.path
        path = "/rdf-graphs" + step.path[len("/gsp") :]
        r = httpx.request(step.method, update_server.url + path, headers=step.headers, timeout=30)
        reads += 1
        assert status_ok(r.status_code, step.statuses), f"{step.method} {path}: {r.status_code} {r.text}"
        if step.response_type:
            want = [p.strip().lower() for p in step.response_type.split(";")]
            got = [p.strip().lower() for p in r.headers.get("content-type", "").split(";")]
            assert got == want, (got, want)
        if step.response_body is not None and step.method == "GET":
            expected = Graph().parse(data=step.response_body, format="turtle")
            assert isomorphic(Graph().parse(data=r.content, format="turtle"), expected)
    assert reads > 0

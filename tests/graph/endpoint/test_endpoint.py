"""The SPARQL 1.1 Protocol and Graph Store reads, against a real ``tipkg serve`` on loopback."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from tests.endpoint_support import Server, fictional_dataset, running_server, write_fictional_trig

SD = "http://www.w3.org/ns/sparql-service-description#"
TIP = "https://w3id.org/tipkg/ontology#"
DOC_GRAPH = "https://w3id.org/tipkg/id/graph/doc/A/RES/99/1"
SELECT_DOCS = (
    "PREFIX tip: <https://w3id.org/tipkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "SELECT DISTINCT ?doc ?symbol WHERE { ?doc a tip:Resolution ; tip:stub false ; dcterms:identifier ?symbol } "
    "ORDER BY ?symbol"
)


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_trig(tmp_path_factory.mktemp("endpoint") / "data.trig")


@pytest.fixture(scope="module")
def server(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(["--file", str(data_file), "--workers", "2"], tmp_path_factory.mktemp("log")) as s:
        yield s


@pytest.fixture(scope="module")
def local(data_file: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(data_file), format=ox.RdfFormat.TRIG)
    return store


def _symbols_json(body: bytes) -> list[str]:
    doc = json.loads(body)
    return [b["symbol"]["value"] for b in doc["results"]["bindings"]]


EXPECTED_SYMBOLS = ["A/RES/97/1", "A/RES/98/1", "A/RES/99/1"]


def test_get_select_json(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": SELECT_DOCS})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert _symbols_json(r.content) == EXPECTED_SYMBOLS


def test_post_form_and_post_direct(server: Server) -> None:
    form = httpx.post(server.sparql, data={"query": SELECT_DOCS})
    direct = httpx.post(
        server.sparql, content=SELECT_DOCS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert form.status_code == direct.status_code == 200
    assert _symbols_json(form.content) == _symbols_json(direct.content) == EXPECTED_SYMBOLS


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_formats_match_local_results(
    server: Server, local: ox.Store, accept: str, fmt: ox.QueryResultsFormat
) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    r = httpx.get(server.sparql, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    expected = local.query(query, use_default_graph_as_union=True)
    assert isinstance(expected, ox.QuerySolutions)
    want = [list(s) for s in expected]
    assert len(want) > 50
    if fmt == ox.QueryResultsFormat.CSV:  # CSV keeps lexical forms only, and pyoxigraph cannot read it
        rows = list(csv.reader(io.StringIO(r.content.decode(), newline="")))
        assert rows == [["s", "p", "o"]] + [[t.value if t else "" for t in row] for row in want]
        return
    ours = ox.parse_query_results(r.content, format=fmt)
    assert isinstance(ours, ox.QuerySolutions)
    assert [list(s) for s in ours] == want


def test_ask_json_and_xml(server: Server) -> None:
    query = "ASK { ?s a <https://w3id.org/tipkg/ontology#Resolution> }"
    j = httpx.get(
        server.sparql, params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    x = httpx.get(
        server.sparql, params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert j.json()["boolean"] is True
    parsed = ox.parse_query_results(x.content, format=ox.QueryResultsFormat.XML)
    assert isinstance(parsed, ox.QueryBoolean) and bool(parsed)
    no = httpx.get(server.sparql, params={"query": "ASK { ?s a <http://nothing.example/X> }"})
    assert no.json()["boolean"] is False
    assert (
        httpx.get(server.sparql, params={"query": query}, headers={"Accept": "image/png"}).status_code == 406
    )
    csv_answer = httpx.get(server.sparql, params={"query": query}, headers={"Accept": "text/csv"})
    assert csv_answer.text == "_askResult\r\ntrue\r\n"  # Jena's form; the recommendation has none


GRAPH_FORMATS = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"),
    ("application/trig", "trig"),
    ("application/n-quads", "nquads"),
]


@pytest.mark.parametrize(("accept", "rdflib_format"), GRAPH_FORMATS)
def test_construct_formats_are_isomorphic(
    server: Server, data_file: Path, accept: str, rdflib_format: str
) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC_GRAPH}> {{ ?s ?p ?o }} }}"
    r = httpx.post(server.sparql, data={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == accept
    if rdflib_format in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=r.content, format=rdflib_format)
        got = Graph()
        for s, p, o, _ in ds.quads():
            got.add((s, p, o))
    else:
        got = Graph().parse(data=r.content, format=rdflib_format)
    expected = fictional_dataset().graph(URIRef(DOC_GRAPH))
    assert len(got) == len(expected) > 20
    assert isomorphic(got, expected)


def test_describe(server: Server) -> None:
    doc = "https://w3id.org/tipkg/id/doc/A/RES/99/1"
    r = httpx.get(server.sparql, params={"query": f"DESCRIBE <{doc}>"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    assert (URIRef(doc), RDF.type, URIRef(TIP + "Resolution")) in g


def test_accept_q_values_and_406(server: Server) -> None:
    q = {"query": SELECT_DOCS}
    r = httpx.get(
        server.sparql, params=q, headers={"Accept": "text/csv;q=0.4, application/sparql-results+xml;q=0.9"}
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = httpx.get(
        server.sparql, params=q, headers={"Accept": "application/sparql-results+json;q=0, text/*;q=0.5"}
    )
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["doc", "symbol"] and [row[1] for row in rows[1:]] == EXPECTED_SYMBOLS
    r = httpx.get(server.sparql, params=q, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text


def test_format_parameter_overrides_accept(server: Server) -> None:
    r = httpx.get(
        server.sparql, params={"query": SELECT_DOCS, "format": "csv"}, headers={"Accept": "application/json"}
    )
    assert r.headers["content-type"].startswith("text/csv")


def test_default_graph_is_union_and_protocol_dataset(server: Server) -> None:
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert (
        httpx.get(server.sparql, params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
        == "3"
    )
    union = "ASK { <https://w3id.org/tipkg/id/doc/A/RES/99/1> ?p ?o . <https://w3id.org/tipkg/id/doc/A/RES/97/1> ?q ?r }"
    assert httpx.get(server.sparql, params={"query": union}).json()["boolean"] is True
    only_one = httpx.get(server.sparql, params={"query": union, "default-graph-uri": DOC_GRAPH})
    assert only_one.json()["boolean"] is False
    named = httpx.get(
        server.sparql,
        params={"query": count, "named-graph-uri": [DOC_GRAPH, "http://nothing.example/g"]},
    )
    assert named.json()["results"]["bindings"][0]["n"]["value"] == "1"


def test_service_description(server: Server) -> None:
    r = httpx.get(server.sparql, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    service = URIRef(server.sparql)
    assert (service, RDF.type, URIRef(SD + "Service")) in g
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in g
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Update")) not in g
    names = {str(o) for o in g.objects(None, URIRef(SD + "name"))}
    assert DOC_GRAPH in names and len(names) == 3
    browser = httpx.get(server.sparql, headers={"Accept": "text/html,*/*;q=0.8"}, follow_redirects=True)
    assert browser.status_code == 200 and "yasgui" in browser.text.lower()  # redirected to the page


def test_cors(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(
        server.sparql,
        headers={
            "Origin": "http://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert pre.status_code == 200
    assert "POST" in pre.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("GET", {"params": {"query": "SELECT * WHERE { ?s ?p "}}, 400),
        ("GET", {"params": {"query": ["ASK {}", "ASK {}"]}}, 400),
        ("POST", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("GET", {"params": {"update": "CLEAR ALL"}}, 400),
        ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ("POST", {"content": b"ASK {}"}, 415),
        (
            "POST",
            {
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
        ),
        ("POST", {"content": b"ASK {\xff}", "headers": {"Content-Type": "application/sparql-query"}}, 400),
        ("POST", {"data": {"default-graph-uri": "http://g.example/"}}, 400),
        ("PUT", {"params": {"query": "ASK {}"}}, 405),
        ("GET", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
        ("GET", {"params": {"query": "ASK {}", "timeout": "soon"}}, 400),
        ("GET", {"params": {"query": "ASK {}", "using-graph-uri": "http://g.example/"}}, 400),
    ],
)
def test_bad_requests(server: Server, method: str, kwargs: dict[str, object], status: int) -> None:
    r = httpx.request(method, server.sparql, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    assert r.text.strip(), "an error must say what is wrong"


# ---------------------------------------------------------------- Graph Store Protocol (read)


@pytest.mark.parametrize(("accept", "rdflib_format"), GRAPH_FORMATS[:4])
def test_graph_store_get_named_graph(server: Server, accept: str, rdflib_format: str) -> None:
    r = httpx.get(f"{server.url}/rdf-graphs", params={"graph": DOC_GRAPH}, headers={"Accept": accept})
    assert r.status_code == 200
    got = Graph().parse(data=r.content, format=rdflib_format)
    assert isomorphic(got, fictional_dataset().graph(URIRef(DOC_GRAPH)))


def test_graph_store_default_graph_is_the_union(server: Server) -> None:
    r = httpx.get(f"{server.url}/rdf-graphs?default", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    got = Graph().parse(data=r.content, format="nt")
    expected = Graph()
    for s, p, o, _ in fictional_dataset().quads():
        expected.add((s, p, o))
    assert isomorphic(got, expected)


def test_graph_store_errors_and_head(server: Server) -> None:
    gsp = f"{server.url}/rdf-graphs"
    assert httpx.get(gsp, params={"graph": "http://nothing.example/g"}).status_code == 404
    assert httpx.get(gsp).status_code == 400
    assert httpx.get(f"{gsp}?default&graph={DOC_GRAPH}").status_code == 400
    assert httpx.put(gsp, params={"graph": DOC_GRAPH}, content=b"").status_code == 405
    head = httpx.head(gsp, params={"graph": DOC_GRAPH}, headers={"Accept": "text/turtle"})
    assert (
        head.status_code == 200
        and head.headers["content-type"].startswith("text/turtle")
        and head.content == b""
    )
    assert httpx.head(gsp, params={"graph": "http://nothing.example/g"}).status_code == 404


def test_serves_a_store_and_follows_a_rebuild(tmp_path: Path) -> None:
    """``--store``: a rebuild swaps the store symlink; the running server answers from the new one."""
    from tipkg.graph.store.embedded import write_store

    store = tmp_path / "store"
    full = fictional_dataset()
    write_store(full, store)
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    with running_server(["--store", str(store)], tmp_path) as s:
        first = int(httpx.get(s.sparql, params=count).json()["results"]["bindings"][0]["n"]["value"])
        assert first == len(list(full.quads()))
        smaller = Dataset()
        smaller.graph(URIRef(DOC_GRAPH)).parse(
            data=full.graph(URIRef(DOC_GRAPH)).serialize(format="nt"), format="nt"
        )
        write_store(smaller, store)
        second = int(httpx.get(s.sparql, params=count).json()["results"]["bindings"][0]["n"]["value"])
        assert second == len(smaller.graph(URIRef(DOC_GRAPH))) < first

"""Real SPARQL clients against a real server: SPARQLWrapper, sparql-dataframe, Gephi's request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import sparql_dataframe
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper

from tests.endpoint_support import Server, fictional_dataset, running_server, write_fictional_trig
from tipkg.graph.store.embedded import oxigraph_from_file
from tipkg.queries.catalogue import named_queries

QUERY = """PREFIX tip: <https://w3id.org/tipkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?symbol ?date WHERE {
  ?doc a tip:Resolution ; tip:stub false ; dcterms:identifier ?symbol ; eli:date_document ?date
} ORDER BY ?symbol"""
EXPECTED = [("A/RES/97/1", "2097-12-01"), ("A/RES/98/1", "2098-12-01"), ("A/RES/99/1", "2099-12-01")]


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_trig(tmp_path_factory.mktemp("clients") / "data.trig")


@pytest.fixture(scope="module")
def server(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(["--file", str(data_file)], tmp_path_factory.mktemp("log")) as s:
        yield s


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_json(server: Server, method: str) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(QUERY)
    sw.setMethod(method)
    sw.setReturnFormat(JSON)
    doc = sw.query().convert()
    assert isinstance(doc, dict)
    got = [(b["symbol"]["value"], b["date"]["value"]) for b in doc["results"]["bindings"]]
    assert got == EXPECTED
    assert doc["results"]["bindings"][0]["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_sparqlwrapper_xml(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(QUERY)
    sw.setReturnFormat(XML)
    dom = sw.query().convert()
    literals = [n.firstChild.data for n in dom.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert literals == [x for pair in EXPECTED for x in pair]


def test_sparqlwrapper_csv(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(QUERY)
    sw.setReturnFormat(CSV)
    body = sw.query().convert()
    assert isinstance(body, bytes)
    lines = body.decode().splitlines()
    assert lines == ["symbol,date"] + [f"{s},{d}" for s, d in EXPECTED]


def test_sparqlwrapper_construct_and_ask(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery("ASK { ?d <http://purl.org/dc/terms/identifier> 'A/RES/99/1' }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True  # type: ignore[index]
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(
        "CONSTRUCT { ?d <http://purl.org/dc/terms/identifier> ?s } WHERE { ?d <http://purl.org/dc/terms/identifier> ?s }"
    )
    g = sw.queryAndConvert()
    assert isinstance(g, Graph)
    assert (URIRef("https://w3id.org/tipkg/id/doc/A/RES/98/1"), None, Literal("A/RES/98/1")) in g


@pytest.mark.parametrize("post", [False, True])
def test_sparql_dataframe(server: Server, post: bool) -> None:
    df = sparql_dataframe.get(server.sparql, QUERY, post=post)
    assert list(df.columns) == ["symbol", "date"]
    assert [tuple(r) for r in df.itertuples(index=False)] == EXPECTED


def test_gephi_semantic_web_import_request(server: Server, data_file: Path) -> None:
    """Gephi's plugin: form POST of a CONSTRUCT, Accept: application/rdf+xml, txt/xml, rdf/xml."""
    query = named_queries()["gephi-construct"].text
    r = httpx.post(
        server.sparql,
        content=httpx.QueryParams({"query": query}).__str__().encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/rdf+xml, txt/xml, rdf/xml",
        },
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/rdf+xml")
    got = Graph().parse(data=r.content, format="xml")
    local = oxigraph_from_file(data_file).query(query, use_default_graph_as_union=True)
    expected = Graph().parse(data=ox.serialize(local, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(got) > 10
    assert isomorphic(got, expected)
    labels = set(got.objects(None, URIRef("http://gephi.org/label")))
    assert Literal("A/RES/99/1") in labels or any("A/RES/99/1" in str(label) for label in labels)
    assert len(fictional_dataset()) > len(got)  # a projection, not a dump


def test_tipkg_query_on_a_remote_endpoint(server: Server, data_file: Path) -> None:
    """``tipkg query NAME --endpoint URL`` answers like the same query on the local file."""
    import json
    import subprocess
    import sys

    def cli(*args: str) -> list[dict[str, object]]:
        out = subprocess.run(
            [sys.executable, "-c", "from tipkg.cli import main; main()", "query", *args, "--format", "json"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        rows: list[dict[str, object]] = json.loads(out)
        return rows

    remote = cli("instruments-ranked", "--endpoint", server.sparql)
    local = cli("instruments-ranked", "--file", str(data_file))
    assert remote == local
    assert {r["label"] for r in remote} == {"UNTOC", "TIP-PROTOCOL"}

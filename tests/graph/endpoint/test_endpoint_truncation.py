"""A cut answer says so in its headers and in its body, in every format, and every client shows it:
SPARQLWrapper, sparql-dataframe, rdflib, ``tipkg query --endpoint`` and ``KnowledgeGraph.connect``
(the web page's banner: test_endpoint_page.py). The convention: graph/store/truncation.py."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import sparql_dataframe
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, XML, SPARQLWrapper

from tests.endpoint_support import Server, running_server, write_fictional_trig
from tipkg.graph.notebook.api import KnowledgeGraph
from tipkg.graph.store.truncation import CSV_MARKER, TRUNCATED, TRUNCATED_AT, TruncatedResultWarning

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
TWO = "SELECT ?s WHERE { ?s a <https://w3id.org/tipkg/ontology#Resolution> } ORDER BY ?s LIMIT 2"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
LINK = f"{TRUNCATED}?max-rows=2"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = write_fictional_trig(tmp_path_factory.mktemp("cut") / "data.trig")
    args = ["--file", str(data), "--max-rows", "2", "--max-triples", "5"]
    with running_server(args, tmp_path_factory.mktemp("log")) as s:
        yield s


def get(server: Server, query: str, accept: str) -> httpx.Response:
    r = httpx.get(server.sparql, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    return r


def test_json_and_xml_carry_a_link_in_the_head(server: Server) -> None:
    j = get(server, ALL, "application/sparql-results+json")
    assert j.headers["x-sparql-maxrows"] == "2" and j.headers["x-tipkg-truncated"] == "true"
    assert j.json()["head"]["link"] == [LINK]
    assert len(j.json()["results"]["bindings"]) == 2
    x = get(server, ALL, "application/sparql-results+xml")
    assert f'<link href="{LINK}"/>' in x.text
    for body, fmt in ((j.content, ox.QueryResultsFormat.JSON), (x.content, ox.QueryResultsFormat.XML)):
        parsed = ox.parse_query_results(body, format=fmt)  # the link does not upset a parser
        assert isinstance(parsed, ox.QuerySolutions) and len(list(parsed)) == 2
    whole = get(server, TWO, "application/sparql-results+json")
    assert "link" not in whole.json()["head"] and "x-tipkg-truncated" not in whole.headers


def test_csv_and_tsv_end_with_a_marker_row(server: Server) -> None:
    rows = list(csv.reader(io.StringIO(get(server, ALL, "text/csv").text)))
    assert rows[0] == ["s", "p", "o"] and len(rows) == 4
    assert rows[-1] == [f"{CSV_MARKER}2", "", ""]
    tsv = get(server, ALL, "text/tab-separated-values").content
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    last = list(parsed)[-1]
    assert last["s"] == ox.Literal(f"{CSV_MARKER}2") and last["p"] is None
    whole = list(csv.reader(io.StringIO(get(server, TWO, "text/csv").text)))
    assert len(whole) == 3 and not whole[-1][0].startswith(CSV_MARKER)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_graphs_carry_one_more_triple(server: Server, accept: str, rdflib_format: str) -> None:
    r = get(server, CONSTRUCT, accept)
    graph = Graph().parse(data=r.content, format=rdflib_format)
    marks = list(graph.triples((None, URIRef(TRUNCATED_AT), None)))
    assert len(marks) == 1 and int(marks[0][2]) == 5
    assert len(graph) == 6
    gsp = httpx.get(f"{server.url}/rdf-graphs?default", headers={"Accept": accept})
    assert (
        len(
            list(
                Graph()
                .parse(data=gsp.content, format=rdflib_format)
                .triples((None, URIRef(TRUNCATED_AT), None))
            )
        )
        == 1
    )


def test_sparqlwrapper_sees_it(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(ALL)
    sw.setReturnFormat(JSON)
    assert sw.queryAndConvert()["head"]["link"] == [LINK]  # type: ignore[index]
    sw.setReturnFormat(XML)
    links = sw.queryAndConvert().getElementsByTagName("link")  # type: ignore[union-attr]
    assert [node.getAttribute("href") for node in links] == [LINK]


def test_sparql_dataframe_sees_it(server: Server) -> None:
    frame = sparql_dataframe.get(server.sparql, ALL)
    assert len(frame) == 3 and frame.iloc[-1, 0] == f"{CSV_MARKER}2"


def _tipkg_query(*args: str) -> subprocess.CompletedProcess[str]:
    """`tipkg query …` in a process of its own, as a user runs it."""
    cmd = [sys.executable, "-c", "from tipkg.cli import main; main()", "query", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def test_tipkg_query_warns(server: Server, tmp_path: Path) -> None:
    rq = tmp_path / "all.rq"
    rq.write_text(ALL)
    out = _tipkg_query(str(rq), "--endpoint", server.sparql, "--format", "json")
    assert len(json.loads(out.stdout)) == 2
    assert "warning:" in out.stderr and "limit of 2 rows" in out.stderr.replace("\n", " ")
    rq.write_text(TWO)
    whole = _tipkg_query(str(rq), "--endpoint", server.sparql)
    assert "warning" not in whole.stderr


def test_knowledge_graph_connect_warns(server: Server) -> None:
    kg = KnowledgeGraph.connect(server.sparql)
    with pytest.warns(TruncatedResultWarning, match="limit of 2 rows"):
        frame = kg.query(ALL)
    assert len(frame) == 2 and frame.attrs["truncated"] is True
    with warnings.catch_warnings():
        warnings.simplefilter("error", TruncatedResultWarning)
        whole = kg.query(TWO)
    assert len(whole) == 2 and whole.attrs["truncated"] is False
    with pytest.warns(TruncatedResultWarning, match="limit of 5 triples"):
        graph = kg.query(CONSTRUCT)
    assert len(graph) == 5  # the mark is not a row of the answer
    with pytest.warns(TruncatedResultWarning, match="limit of 2 rows"):
        selected = kg.select(ALL)
    assert len(selected) == 2 and selected.attrs["truncated"] is True
    with warnings.catch_warnings():
        warnings.simplefilter("error", TruncatedResultWarning)
        assert kg.select(TWO).attrs["truncated"] is False

"""Every return format of SPARQLWrapper with its default settings, rdflib's SPARQLStore and curl,
each against a real ``tipkg serve`` (sparql-dataframe, Gephi: tests/test_endpoint_clients.py;
YASGUI: tests/test_web_page.py).

SPARQLWrapper's defaults send ``format=``, ``output=`` and ``results=`` together, some twice
(``format=tsv&format=text/tab-separated-values``), beside an Accept header; each combination of
query form and return format it documents must come back parsed by its own ``convert()``.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from xml.dom.minidom import Document as DomDocument

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.endpoint_support import Server, running_server, write_fictional_trig

PREFIX = "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX tip: <https://w3id.org/tipkg/ontology#> "
SELECT = PREFIX + (
    "SELECT DISTINCT ?symbol WHERE { ?d a tip:Resolution ; tip:stub false ; dcterms:identifier ?symbol } "
    "ORDER BY ?symbol"
)
ASK = PREFIX + "ASK { ?d dcterms:identifier 'A/RES/99/1' }"
CONSTRUCT = (
    PREFIX + "CONSTRUCT { ?d dcterms:identifier ?s } WHERE { ?d a tip:Resolution ; dcterms:identifier ?s }"
)
DESCRIBE = "DESCRIBE <https://w3id.org/tipkg/id/doc/A/RES/99/1>"
SYMBOLS = ["A/RES/97/1", "A/RES/98/1", "A/RES/99/1"]
D98 = URIRef("https://w3id.org/tipkg/id/doc/A/RES/98/1")
IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = write_fictional_trig(tmp_path_factory.mktemp("formats") / "data.trig")
    with running_server(["--file", str(data)], tmp_path_factory.mktemp("log")) as s:
        yield s


def wrapper(server: Server, query: str, fmt: str, method: str) -> object:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw.query().convert()


def _symbols_from(fmt: str, converted: object) -> list[str]:
    if fmt == JSON:
        assert isinstance(converted, dict)
        return [b["symbol"]["value"] for b in converted["results"]["bindings"]]
    if fmt == XML:
        assert isinstance(converted, DomDocument)
        return [n.firstChild.data for n in converted.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert isinstance(converted, bytes)
    text = converted.decode()
    if fmt == CSV:
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["symbol"]
        return [r[0] for r in rows[1:]]
    lines = text.splitlines()
    assert lines[0] == "?symbol"
    return [json.loads(line) for line in lines[1:]]  # TSV: "A/RES/97/1" as a quoted literal


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_every_results_format(server: Server, fmt: str, method: str) -> None:
    assert _symbols_from(fmt, wrapper(server, SELECT, fmt, method)) == SYMBOLS


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask_in_every_results_format(server: Server, fmt: str) -> None:
    got = wrapper(server, ASK, fmt, GET)
    if fmt == JSON:
        assert got["boolean"] is True  # type: ignore[index]
    elif fmt == XML:
        assert got.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[attr-defined]
    else:
        assert isinstance(got, bytes) and got.decode().split() == [
            "_askResult" if fmt == CSV else "?_askResult",
            "true",
        ]


def as_graph(fmt: str, got: object) -> Graph:
    """What SPARQLWrapper's convert() gives for a graph: a Graph, or the bytes (Turtle, N3, RDF)."""
    if isinstance(got, Graph):
        return got
    if isinstance(got, dict | list):
        return Graph().parse(data=json.dumps(got), format="json-ld")
    assert isinstance(got, bytes | str), type(got)
    return Graph().parse(data=got, format={TURTLE: "turtle", N3: "n3"}.get(fmt, "xml"))


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [XML, RDFXML, RDF, TURTLE, N3, JSONLD, JSON])
def test_construct_in_every_graph_format(server: Server, fmt: str, method: str) -> None:
    graph = as_graph(fmt, wrapper(server, CONSTRUCT, fmt, method))
    assert (D98, IDENTIFIER, Literal("A/RES/98/1")) in graph
    assert len(graph) == 3


@pytest.mark.parametrize("fmt", [XML, TURTLE, JSONLD])
def test_describe(server: Server, fmt: str) -> None:
    assert len(as_graph(fmt, wrapper(server, DESCRIBE, fmt, GET))) > 5


def test_rdflib_sparqlstore(server: Server) -> None:
    store = SPARQLStore(server.sparql)
    graph = Graph(store=store)
    rows = list(graph.query(SELECT))
    assert [str(r[0]) for r in rows] == SYMBOLS  # type: ignore[index]
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and (D98, IDENTIFIER, Literal("A/RES/98/1")) in constructed
    assert (D98, IDENTIFIER, Literal("A/RES/98/1")) in set(graph.triples((D98, IDENTIFIER, None)))
    assert len(graph) > 50  # a COUNT query over the union


def _curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["curl", "-sS", "--max-time", "60", *args], capture_output=True, text=True, check=True
    )


def test_curl_get_post_and_head(server: Server) -> None:
    get = _curl("-G", "--data-urlencode", f"query={SELECT}", "-H", "Accept: text/csv", server.sparql)
    assert get.stdout.splitlines() == ["symbol", *SYMBOLS]
    post = subprocess.run(
        [
            *("curl", "-sS", "--max-time", "60", "--data-binary", "@-", server.sparql),
            *("-H", "Content-Type: application/sparql-query", "-H", "Accept: text/tab-separated-values"),
        ],
        input=SELECT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert post.stdout.splitlines()[1:] == [f'"{s}"' for s in SYMBOLS]
    form = _curl("--data-urlencode", f"query={CONSTRUCT}", "-H", "Accept: text/turtle", server.sparql)
    assert len(Graph().parse(data=form.stdout, format="turtle")) == 3
    head = _curl("-I", "-G", "--data-urlencode", f"query={SELECT}", server.sparql)
    assert head.stdout.startswith("HTTP/1.1 200") and "application/sparql-results+json" in head.stdout

"""The dataset clause (SPARQL 1.1 Query §13.2, Protocol §2.1.4) against a real ``tipkg serve``.

Without FROM or FROM NAMED the default graph is the union of the named graphs (the endpoint's
documented default); a query's FROM / FROM NAMED is honoured as written; the protocol's
default-graph-uri / named-graph-uri replace the query's own dataset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.endpoint_support import Server, fictional_dataset, running_server, write_fictional_trig
from tipkg.graph.store.embedded import write_store

ID = "https://w3id.org/tipkg/id/"
G97, G99 = f"{ID}graph/doc/A/RES/97/1", f"{ID}graph/doc/A/RES/99/1"
D97, D99 = f"{ID}doc/A/RES/97/1", f"{ID}doc/A/RES/99/1"
TITLE = "http://purl.org/dc/terms/title"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = write_fictional_trig(tmp_path_factory.mktemp("dataset") / "data.trig")
    with running_server(["--file", str(data)], tmp_path_factory.mktemp("log")) as s:
        yield s


def ask(server: Server, query: str, **params: str | list[str]) -> bool:
    r = httpx.get(server.sparql, params={"query": query, **params})
    assert r.status_code == 200, r.text
    value = r.json()["boolean"]
    assert isinstance(value, bool)
    return value


def test_without_a_dataset_clause_the_default_graph_is_the_union(server: Server) -> None:
    assert ask(server, f"ASK {{ <{D97}> <{TITLE}> ?t . <{D99}> <{TITLE}> ?u }}")


def test_from_restricts_the_default_graph(server: Server) -> None:
    assert ask(server, f"ASK FROM <{G99}> {{ <{D99}> <{TITLE}> ?t }}")
    assert not ask(server, f"ASK FROM <{G99}> {{ <{D97}> <{TITLE}> ?t }}")
    # two FROMs: their merge
    assert ask(server, f"ASK FROM <{G99}> FROM <{G97}> {{ <{D97}> <{TITLE}> ?t . <{D99}> <{TITLE}> ?u }}")
    # lower case, a prefixed name, comments: still a dataset clause
    q = f"PREFIX g: <{ID}graph/doc/A/RES/> # FROM nowhere\nask from g:99\\/1 {{ <{D97}> <{TITLE}> ?t }}"
    assert not ask(server, q)


def test_from_named_alone_leaves_the_default_graph_empty(server: Server) -> None:
    assert not ask(server, f"ASK FROM NAMED <{G99}> {{ ?s ?p ?o }}")
    r = httpx.get(
        server.sparql,
        params={"query": f"SELECT DISTINCT ?g FROM NAMED <{G99}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
    )
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [G99]


def test_the_word_from_elsewhere_is_no_dataset_clause(server: Server) -> None:
    """A variable ?from, a string "FROM", an IRI ending in FROM: the union stays the default graph."""
    q = (
        f"SELECT ?from WHERE {{ <{D99}> <{TITLE}> ?from . <{D97}> <{TITLE}> ?t "
        f'FILTER(?t != "FROM <x>") FILTER(?t != <http://e/FROM>) }}'
    )
    r = httpx.get(server.sparql, params={"query": q})
    assert len(r.json()["results"]["bindings"]) == 1


def test_protocol_dataset_replaces_the_query_dataset(server: Server) -> None:
    q = f"ASK FROM <{G99}> {{ <{D97}> <{TITLE}> ?t }}"
    assert not ask(server, q)
    assert ask(server, q, **{"default-graph-uri": G97})


def test_sparqlwrapper_from_and_default_graph(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(f"SELECT ?t FROM <{G97}> WHERE {{ ?d <{TITLE}> ?t }}")
    sw.setReturnFormat(JSON)
    got = sw.queryAndConvert()
    assert [b["t"]["value"] for b in got["results"]["bindings"]] == ["Test resolution one"]  # type: ignore[index]
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(f"SELECT ?t WHERE {{ ?d <{TITLE}> ?t }}")
    sw.addDefaultGraph(G99)
    sw.setReturnFormat(JSON)
    got = sw.queryAndConvert()
    assert [b["t"]["value"] for b in got["results"]["bindings"]] == ["Test resolution three"]  # type: ignore[index]


def test_dataset_clause_on_a_store(tmp_path: Path) -> None:
    """The clause works the same on a --store (not only on a --file copy)."""
    store = tmp_path / "store"
    write_store(fictional_dataset(), store)
    with running_server(["--store", str(store)], tmp_path) as s:
        assert not ask(s, f"ASK FROM <{G99}> {{ <{D97}> <{TITLE}> ?t }}")
        assert ask(s, f"ASK FROM <{G97}> {{ <{D97}> <{TITLE}> ?t }}")

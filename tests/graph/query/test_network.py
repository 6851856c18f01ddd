"""The networkx view and its analytics, on the hand-made web and on the real corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from tests import citation_fixture as cf
from tipkg.graph.query import network as N
from tipkg.graph.query.source import OxigraphSource, RdflibSource
from tipkg.graph.store.embedded import oxigraph_from_dataset, write_dataset
from tipkg.ontology.ids import doc_iri

app = cf.cli_app()
ID = "https://w3id.org/tipkg/id/"
CONV = ID + "instrument/TEST-CONV"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return cf.dataset()


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> nx.DiGraph:
    return N.citation_graph(OxigraphSource(oxigraph_from_dataset(dataset)))


def d(symbol: str) -> str:
    return str(doc_iri(symbol))


def test_citation_graph_nodes(graph: nx.DiGraph) -> None:
    assert set(graph.nodes) == {d(f"T/RES/{i}") for i in range(5)} | {d("T/DEC/5"), d("T/DEC/6"), CONV}
    assert graph.nodes[d("T/RES/4")] == {
        "kind": "resolution",
        "symbol": "T/RES/4",
        "label": "T/RES/4",
        "title": "Synthetic test document T/RES/4",
        "date": "2004-04-14",
        "year": 2004,
        "body": "TEST-A",
        "stub": False,
    }
    assert graph.nodes[d("T/DEC/5")]["kind"] == "decision"
    assert graph.nodes[d("T/RES/0")]["stub"] is True and graph.nodes[d("T/RES/0")]["year"] == 1999
    assert graph.nodes[CONV]["kind"] == "instrument" and graph.nodes[CONV]["stub"] is False


def test_citation_graph_edges(graph: nx.DiGraph) -> None:
    assert graph.number_of_edges() == 11
    e = graph.edges[d("T/RES/3"), d("T/RES/1")]
    assert (e["relation"], e["paragraph"], e["weight"]) == ("reaffirms", "pp/2", 1)
    assert graph.edges[d("T/RES/4"), d("T/RES/2")]["relation"] == "welcomes"
    # addressees and bodies are not citation edges
    assert not any("/actor/" in v or "/body/" in v for _, v in graph.edges)


def test_same_graph_from_rdflib(dataset: Dataset, graph: nx.DiGraph) -> None:
    other = N.citation_graph(RdflibSource(dataset))
    assert dict(other.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {(u, v): dd for u, v, dd in other.edges(data=True)} == {
        (u, v): dd for u, v, dd in graph.edges(data=True)
    }


def test_pagerank_matches_the_google_matrix(graph: nx.DiGraph) -> None:
    pr = N.pagerank(graph)
    assert sum(pr.values()) == pytest.approx(1.0)
    nodes = list(graph.nodes)
    m = nx.google_matrix(graph, alpha=0.85, nodelist=nodes, weight="weight")
    vec = np.ones(len(nodes)) / len(nodes)
    for _ in range(500):
        vec = vec @ m
    for i, n in enumerate(nodes):
        assert pr[n] == pytest.approx(float(vec[i]), abs=1e-8)
    assert pr[d("T/RES/1")] > pr[d("T/RES/4")]  # cited beats uncited


def test_longest_chain_dag_and_cycles(graph: nx.DiGraph) -> None:
    ch = N.longest_chain(graph)
    assert ch.steps == [[d("T/RES/4")], [d("T/RES/3")], [d("T/RES/2")], [d("T/RES/1")], [CONV]]
    assert ch.length == 4 and not ch.has_cycle
    cyc = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    nx.set_edge_attributes(cyc, "recalls", "relations")
    got = N.longest_chain(cyc)
    assert got.steps == [["a"], ["b", "c"], ["d"]] and got.has_cycle and got.length == 2


def test_components_and_counts(graph: nx.DiGraph) -> None:
    comps = N.components(graph)
    assert [len(c) for c in comps] == [6, 2]
    assert comps[1] == {d("T/DEC/5"), d("T/DEC/6")}
    per_year = N.counts_per_year(graph)
    assert (1999, "resolution", 0, 1) in per_year and (2005, "decision", 1, 0) in per_year
    s = N.stats(graph, top=3)
    assert s.top_instruments[0].name == "TEST-CONV" and s.top_instruments[0].in_degree == 3
    assert len(s.top_resolutions) == 3 and s.stubs == 1


def test_entity_graph_is_bipartite(dataset: Dataset) -> None:
    eg = N.entity_graph(OxigraphSource(oxigraph_from_dataset(dataset)))
    docs = {n for n, b in eg.nodes(data="bipartite") if b == 0}
    ents = {n for n, b in eg.nodes(data="bipartite") if b == 1}
    assert nx.is_bipartite(eg) and not docs & ents
    assert eg.edges[d("T/RES/4"), ID + "body/TEST-OFFICE"]["roles"] == "addressee"
    assert eg.edges[d("T/RES/2"), CONV]["roles"] == "citation"
    assert eg.nodes[ID + "actor/member-states"]["kind"] == "actor"


def test_cli_stats(tmp_path: Path, dataset: Dataset) -> None:
    trig = tmp_path / "g.trig"
    write_dataset(dataset, trig)
    res = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["stats", "--file", str(trig), "--top", "3"])
    assert res.exit_code == 0, res.output
    for text in (
        "PageRank",
        "TEST-CONV",
        "longest recall/reaffirm chain (4 steps)",
        "weakly connected components",
        "1999",
    ):
        assert text in res.stdout


def test_corpus_network(built_corpus: Any) -> None:
    result = built_corpus
    g = N.citation_graph(OxigraphSource(oxigraph_from_dataset(result.dataset)))
    loaded = [n for n, dd in g.nodes(data=True) if dd["kind"] in N.DOCUMENT_KINDS and not dd["stub"]]
    assert len(loaded) == len(result.documents)
    assert g.number_of_edges() > 0
    s = N.stats(g)
    # the instrument cited by the most documents has at least one citing document
    assert s.top_instruments and max(r.in_degree for r in s.top_instruments) >= 1
    assert sum(N.pagerank(g).values()) == pytest.approx(1.0)

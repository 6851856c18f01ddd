"""Exports: GEXF 1.3 validated against the RELAX NG schema (the file on disk), GraphML, RDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree
from rdflib import Dataset
from typer.testing import CliRunner

from tests import citation_fixture as cf
from tipkg.graph.export import gexf as E
from tipkg.graph.export.graphml import write_graphml
from tipkg.graph.export.rdf import write_rdf
from tipkg.graph.export.view import export_graph
from tipkg.graph.query.source import OxigraphSource
from tipkg.graph.store.embedded import load_dataset, oxigraph_from_dataset, write_dataset, write_store
from tipkg.ontology.ids import doc_iri

app = cf.cli_app()
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
ID = "https://w3id.org/tipkg/id/"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return cf.dataset()


@pytest.fixture(scope="module")
def rng(repo_dir: Path) -> etree.RelaxNG:
    schema = repo_dir.parent / "shared" / "specs" / "gexf-1.3" / "gexf.rng"
    if not schema.is_file():
        pytest.fail(f"{schema}: the GEXF 1.3 RELAX NG schema is missing from ../shared/specs")
    return etree.RelaxNG(etree.parse(str(schema)))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Path:
    out = tmp_path_factory.mktemp("gexf") / "web.gexf"
    g = export_graph(OxigraphSource(oxigraph_from_dataset(dataset)), entities=True)
    E.write_gexf(g, out)
    return out


def _valid(rng: etree.RelaxNG, path: Path) -> None:
    doc = etree.parse(str(path))  # parsed back from disk: the file is what Gephi reads
    assert rng.validate(doc), rng.error_log


def test_gexf_file_validates(rng: etree.RelaxNG, written: Path) -> None:
    _valid(rng, written)


def test_networkx_gexf_would_not(rng: etree.RelaxNG, tmp_path: Path) -> None:
    """Why tipkg writes GEXF itself: networkx's output, even moved to the 1.3 namespaces, fails."""
    g = nx.DiGraph()
    g.add_node("a", label="a", viz={"color": {"r": 1, "g": 2, "b": 3, "a": 1.0}}, start=2000)
    g.add_edge("a", "b")
    out = tmp_path / "nx.gexf"
    nx.write_gexf(g, out)
    text = out.read_text(encoding="utf-8")
    text = text.replace("http://www.gexf.net/1.2draft", "http://gexf.net/1.3").replace(
        'version="1.2"', 'version="1.3"'
    )
    out.write_text(text, encoding="utf-8")
    assert 'xmlns="http://gexf.net/1.3"' in text
    assert not rng.validate(etree.parse(str(out)))  # graph@name, timeformat="long", xsi:schemaLocation


def test_gexf_content(written: Path) -> None:
    root = etree.parse(str(written)).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == (
        "dynamic",
        "date",
        "directed",
    )
    assert graph.get("name") is None
    declared = {
        (a.getparent().get("class"), a.get("id"), a.get("type"))
        for a in graph.iter(f"{GEXF}attribute")  # type: ignore[union-attr]
    }
    for name, kind in E.NODE_ATTRIBUTES:
        assert ("node", name, kind) in declared
    assert ("edge", "relation", "string") in declared
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF}node")}
    res4 = nodes[str(doc_iri("T/RES/4"))]
    assert res4.get("start") == "2004-04-14" and res4.get("label") == "T/RES/4"
    values = {v.get("for"): v.get("value") for v in res4.iter(f"{GEXF}attvalue")}
    assert values["kind"] == "resolution" and values["year"] == "2004" and values["body"] == "TEST-A"
    colour = res4.find(f"{VIZ}color")
    assert colour is not None and (colour.get("r"), colour.get("g"), colour.get("b")) == ("31", "119", "180")
    stub = nodes[str(doc_iri("T/RES/0"))].find(f"{VIZ}color")
    assert stub is not None and stub.get("r") == "187"
    # undated entities are present for the whole timeline
    assert nodes[ID + "body/TEST-OFFICE"].get("start") is None
    # sizes follow PageRank
    size = {i: float(n.find(f"{VIZ}size").get("value")) for i, n in nodes.items()}  # type: ignore[union-attr]
    rank = {
        i: float({v.get("for"): v.get("value") for v in n.iter(f"{GEXF}attvalue")}["pagerank"])
        for i, n in nodes.items()
    }
    order = sorted(nodes, key=lambda i: rank[i])
    assert [size[i] for i in order] == sorted(size.values())
    edges = list(graph.iter(f"{GEXF}edge"))
    assert len(edges) == int(graph.find(f"{GEXF}edges").get("count"))  # type: ignore[union-attr, arg-type]
    e = next(
        x
        for x in edges
        if x.get("source") == str(doc_iri("T/RES/3")) and x.get("target") == str(doc_iri("T/RES/1"))
    )
    assert (
        e.get("start") == "2003-03-30"
        and e.get("label") == "reaffirms"
        and float(e.get("weight", "0")) == 1.0
    )


def test_gexf_with_synthetic_years(rng: etree.RelaxNG, tmp_path: Path) -> None:
    g = nx.DiGraph()
    g.add_node("x", kind="resolution", year=1999, date="1999", pagerank=0.0, label="x & <y>", stub=False)
    g.add_node("y", kind="weird", date="not a date")
    g.add_edge("x", "y", relation="recalls", weight=2)
    out = tmp_path / "s.gexf"
    E.write_gexf(g, out)
    _valid(rng, out)
    nodes = {n.get("id"): n for n in etree.parse(str(out)).iter(f"{GEXF}node")}
    assert nodes["x"].get("start") == "1999-01-01" and nodes["y"].get("start") is None


def test_graphml_typed_keys(tmp_path: Path, dataset: Dataset) -> None:
    g = export_graph(OxigraphSource(oxigraph_from_dataset(dataset)))
    out = tmp_path / "web.graphml"
    write_graphml(g, out)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = {
        (k.get("for"), k.get("attr.name")): k.get("attr.type") for k in etree.parse(str(out)).iter(f"{ns}key")
    }
    assert keys[("node", "kind")] == "string"
    assert keys[("node", "year")] in ("int", "long")
    assert keys[("node", "stub")] == "boolean"
    assert keys[("node", "pagerank")] == "double"
    assert keys[("edge", "weight")] in ("int", "long")
    back = nx.read_graphml(out)
    n = back.nodes[str(doc_iri("T/RES/4"))]
    assert n["year"] == 2004 and n["stub"] is False and n["kind"] == "resolution"
    assert back.number_of_edges() == g.number_of_edges()


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld", "ttl"])
def test_rdf_exports_round_trip(tmp_path: Path, dataset: Dataset, fmt: str) -> None:
    store = tmp_path / "store"
    write_store(dataset, store)
    suffix = {"trig": ".trig", "nq": ".nq", "jsonld": ".jsonld", "ttl": ".ttl"}[fmt]
    out = tmp_path / f"out{suffix}"
    write_rdf(store, out, fmt)
    back = load_dataset(out)
    assert set(back.triples((None, None, None))) == set(dataset.triples((None, None, None)))
    if fmt != "ttl":
        assert {g.identifier for g in back.graphs() if len(g)} == {
            g.identifier for g in dataset.graphs() if len(g)
        }


def test_cli_export(tmp_path: Path, dataset: Dataset, rng: etree.RelaxNG) -> None:
    trig = tmp_path / "g.trig"
    write_dataset(dataset, trig)
    runner = CliRunner(env={"COLUMNS": "200"})
    out = tmp_path / "cli.gexf"
    res = runner.invoke(app, ["export", "gexf", str(out), "--file", str(trig), "--entities"])
    assert res.exit_code == 0, res.output
    _valid(rng, out)
    res = runner.invoke(app, ["export", "graphml", str(tmp_path / "g.graphml"), "--file", str(trig)])
    assert res.exit_code == 0 and (tmp_path / "g.graphml").is_file()
    res = runner.invoke(app, ["export", "nq", str(tmp_path / "g.nq"), "--file", str(trig)])
    assert res.exit_code == 0 and len(load_dataset(tmp_path / "g.nq")) == len(dataset)
    assert runner.invoke(app, ["export", "pdf", str(tmp_path / "x.pdf"), "--file", str(trig)]).exit_code == 2
    assert "Example: tipkg export" in runner.invoke(app, ["export", "--help"]).stdout


def test_corpus_gexf(built_corpus: Any, rng: etree.RelaxNG, tmp_path: Path) -> None:
    result = built_corpus
    out = tmp_path / "corpus.gexf"
    E.write_gexf(export_graph(OxigraphSource(oxigraph_from_dataset(result.dataset)), entities=True), out)
    _valid(rng, out)
    starts = {n.get("start") for n in etree.parse(str(out)).iter(f"{GEXF}node")}
    assert "2006-12-20" in starts  # A/RES/61/180's adoption date, from the corpus manifest

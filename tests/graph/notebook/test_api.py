"""tipkg.KnowledgeGraph: typed DataFrames, chains, resolutions, networkx, offline drawings, remote use."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
import pytest

import tipkg
from tests.api_fixture import documents
from tests.sparql_server import serve
from tipkg.graph.notebook import api
from tipkg.graph.notebook.display import NetworkView
from tipkg.graph.store.embedded import oxigraph_from_dataset, write_dataset, write_store

# A reference to a remote resource from markup: <script src=http…>, <link href=http…>, url(http…),
# @import "http…". vis-network's licence comments mention URLs; those fetch nothing.
REMOTE_REF = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def kg() -> api.KnowledgeGraph:
    return api.KnowledgeGraph.from_documents(*documents())


# ---------------------------------------------------------------- query


def test_query_returns_python_values_and_short_iris(kg: api.KnowledgeGraph) -> None:
    df = kg.query(
        """SELECT ?doc ?date ?order ?stub ?phrase ?rel WHERE {
             ?doc a tip:Resolution ; eli:date_document ?date ; tip:stub ?stub ; tip:recalls ?cited .
             ?p eli:is_part_of ?doc ; tip:order ?order ; tip:phraseText ?phrase .
             ?c cito:hasCitingEntity ?p ; cito:hasCitationCharacterization ?rel .
           } ORDER BY ?doc ?order LIMIT 1"""
    )
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["doc", "date", "order", "stub", "phrase", "rel"]
    row = df.iloc[0]
    assert row["doc"] == "id:doc/T/RES/3"
    assert row["date"] == dt.date(2099, 12, 31)
    assert isinstance(row["date"], dt.date)
    assert row["order"] == 1 and pd.api.types.is_integer_dtype(df["order"])
    assert pd.api.types.is_bool_dtype(df["stub"]) and not row["stub"]
    assert row["phrase"] == "Recalling"
    assert row["rel"] == "tip:recalls"


def test_unbound_integers_stay_integers(kg: api.KnowledgeGraph) -> None:
    df = kg.query(
        """SELECT DISTINCT ?doc ?first WHERE { ?doc a tip:Resolution
             OPTIONAL { ?p eli:is_part_of ?doc ; tip:order ?first FILTER(?first = 1) } } ORDER BY ?doc"""
    )
    assert str(df["first"].dtype) == "Int64"
    assert df["first"].isna().tolist() == [False, False, False, True]  # T/RES/9 is only a stub


def test_query_binds_parameters_of_inline_sparql(kg: api.KnowledgeGraph) -> None:
    df = kg.query("SELECT ?doc WHERE { ?doc tip:reaffirms $cited }", cited="id:doc/T/RES/1")
    assert df["doc"].tolist() == ["id:doc/T/RES/2"]
    df = kg.query("SELECT ?doc WHERE { ?doc dcterms:title $title }", title="Third test resolution")
    assert df["doc"].tolist() == ["id:doc/T/RES/3"]
    df = kg.query(
        "SELECT ?p WHERE { ?p tip:order $n ; eli:is_part_of <https://w3id.org/tipkg/id/doc/T/RES/3> }", n=2
    )
    assert df["p"].tolist() == ["id:doc/T/RES/3/op/1"]


def test_named_query_with_parameters(kg: api.KnowledgeGraph) -> None:
    df = kg.query("mandates", body="UNODC")
    assert df["symbol"].tolist() == ["T/RES/3"]
    assert df["verbName"].tolist() == ["requests"]
    assert df["body"].tolist() == ["id:body/UNODC"]
    assert df["year"].tolist() == [2099]
    assert kg.query("mandates", body="UNODC", verb="urges").empty


def test_construct_query_gives_triples(kg: api.KnowledgeGraph) -> None:
    df = kg.query("CONSTRUCT { ?d tip:reaffirms ?o } WHERE { ?d tip:reaffirms ?o }")
    assert df.to_dict("records") == [
        {"subject": "id:doc/T/RES/2", "predicate": "tip:reaffirms", "object": "id:doc/T/RES/1"}
    ]


def test_named_queries_are_listed(kg: api.KnowledgeGraph) -> None:
    names = kg.queries()["name"].tolist()
    assert "mandates" in names and "ancestors" in names


def test_unknown_named_query_is_an_error(kg: api.KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="no query named"):
        kg.query("no-such-query")


# ---------------------------------------------------------------- chain and resolution


def test_chain_up_gives_depth_relation_and_path(kg: api.KnowledgeGraph) -> None:
    df = kg.chain("T/RES/3", direction="up")
    assert list(df.columns)[:5] == ["symbol", "date", "relation", "depth", "path"]
    rows = {r["symbol"]: r for r in df.to_dict("records")}
    assert set(rows) == {"T/RES/2", "T/RES/1", "T/RES/9"}
    assert rows["T/RES/2"]["depth"] == 1 and rows["T/RES/2"]["relation"] == "recalls"
    assert rows["T/RES/1"]["depth"] == 2 and rows["T/RES/1"]["relation"] == "reaffirms"
    assert rows["T/RES/1"]["path"] == "T/RES/3 > T/RES/2 > T/RES/1"
    assert rows["T/RES/1"]["date"] == dt.date(2099, 1, 10)
    assert rows["T/RES/9"]["stub"] and not rows["T/RES/2"]["stub"]
    assert df["depth"].is_monotonic_increasing


def test_chain_down_and_depth_limit(kg: api.KnowledgeGraph) -> None:
    down = kg.chain("T/RES/1", direction="down")
    assert down[["symbol", "depth"]].values.tolist() == [["T/RES/2", 1], ["T/RES/3", 2]]
    assert kg.chain("T/RES/3", depth=1)["depth"].max() == 1
    with pytest.raises(ValueError):
        kg.chain("T/RES/3", direction="sideways")  # type: ignore[arg-type]


def test_chain_with_other_relations_reaches_instruments(kg: api.KnowledgeGraph) -> None:
    df = kg.chain("T/RES/3", relations="all")
    assert "id:instrument/UNTOC" in df["node"].tolist()
    untoc = df[df["node"] == "id:instrument/UNTOC"].iloc[0]
    assert untoc["relation"] == "urges" and untoc["depth"] == 2


def test_resolution_tables_and_html(kg: api.KnowledgeGraph) -> None:
    res = kg.resolution("T/RES/2")
    assert res.symbol == "T/RES/2" and res.title == "Second test resolution"
    assert res.facts["date"] == dt.date(2099, 6, 20)
    assert res.paragraphs["kind"].tolist() == ["preambular", "operative"]
    assert res.paragraphs["phrase"].tolist() == ["Reaffirming", "Urges"]
    assert res.citations[["relation", "target"]].values.tolist() == [
        ["tip:reaffirms", "id:doc/T/RES/1"],
        ["tip:urges", "id:instrument/UNTOC"],
    ]
    assert res.citations["date"].tolist()[0] == dt.date(2099, 1, 10)
    fn = res.footnotes.iloc[0]
    assert fn["marker"] == "1" and fn["refersTo"] == "id:instrument/UNTOC"
    assert fn["citation"] == "United Nations, Treaty Series, vol. 2225, No. 39574"
    page = res._repr_html_()
    assert "T/RES/2" in page and "Second test resolution" in page
    assert "<td>op/1</td>" in page and "<td>urges</td>" in page and "<td>id:instrument/UNTOC</td>" in page
    assert "vol. 2225" in page


def test_resolution_counts_sub_paragraphs(kg: api.KnowledgeGraph) -> None:
    res = kg.resolution("T/RES/3")
    assert res.paragraphs["kind"].tolist() == ["preambular", "operative", "sub"]
    assert res.paragraphs["number"].tolist() == ["1", "1", "a"]
    assert len(res.citations) == 2


def test_resolution_of_unknown_symbol_is_a_key_error(kg: api.KnowledgeGraph) -> None:
    with pytest.raises(KeyError, match="T/RES/404"):
        kg.resolution("T/RES/404")


# ---------------------------------------------------------------- summaries and networks


def test_graph_html_summary(kg: api.KnowledgeGraph) -> None:
    page = kg._repr_html_()
    assert "Entities per class" in page and "tip:Resolution" in page
    assert "Named graphs" in page and "id:graph/doc/T/RES/2" in page
    assert "id:instrument/UNTOC" in page  # the one instrument cited
    counts = dict(zip(kg.counts()["class"], kg.counts()["count"], strict=True))
    assert counts["tip:Resolution"] == 4  # three loaded and the stub T/RES/9
    assert counts["cito:Citation"] == 4


def test_to_networkx_has_documents_instruments_and_relations(kg: api.KnowledgeGraph) -> None:
    g = kg.to_networkx()
    base = "https://w3id.org/tipkg/id/"
    assert g.has_edge(base + "doc/T/RES/3", base + "doc/T/RES/2")
    assert g.edges[base + "doc/T/RES/2", base + "doc/T/RES/1"]["relation"] == "reaffirms"
    assert g.nodes[base + "instrument/UNTOC"]["kind"] == "instrument"
    assert g.nodes[base + "doc/T/RES/9"]["stub"] is True
    g.remove_node(base + "doc/T/RES/3")  # a copy: the cached view is untouched
    assert base + "doc/T/RES/3" in kg.to_networkx()


def test_rank_instruments(kg: api.KnowledgeGraph) -> None:
    df = kg.rank("instrument")
    assert df["node"].tolist() == ["id:instrument/UNTOC"]
    assert df["documents"].tolist() == [1]


def test_show_is_offline_html_with_the_neighbourhood(kg: api.KnowledgeGraph, tmp_path: Path) -> None:
    view = kg.show("T/RES/2", depth=1)
    assert isinstance(view, NetworkView)
    assert view.nodes == 4  # T/RES/2, what it cites (T/RES/1, UNTOC) and what cites it (T/RES/3)
    assert "vis.Network" in view.html and "T/RES/1" in view.html
    assert not REMOTE_REF.search(view.html), REMOTE_REF.search(view.html)
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=")
    assert not REMOTE_REF.search(frame.replace("&quot;", '"').replace("&#x27;", "'"))
    out = view.save(tmp_path / "net.html")
    assert out.read_text(encoding="utf-8") == view.html


def test_show_whole_graph_is_capped(kg: api.KnowledgeGraph) -> None:
    assert kg.show().nodes == 5
    assert kg.show(max_nodes=2).nodes == 2
    with pytest.raises(KeyError):
        kg.show("T/RES/404")


def test_remote_reference_pattern_catches_cdn_links() -> None:
    # the offline check must be able to fail
    assert REMOTE_REF.search('<script src="https://cdn.example/vis.js"></script>')
    assert REMOTE_REF.search("<link rel=stylesheet href='//cdn.example/a.css'>")
    assert not REMOTE_REF.search("/* see https://visjs.github.io */")


# ---------------------------------------------------------------- open, current, import cost


def test_open_an_rdf_file_and_current_graph(kg: api.KnowledgeGraph, tmp_path: Path) -> None:
    assert kg.dataset is not None
    path = tmp_path / "g.trig"
    write_dataset(kg.dataset, path)
    opened = tipkg.KnowledgeGraph.open(path)
    assert api.current() is opened
    assert opened.chain("T/RES/3")["symbol"].tolist() == kg.chain("T/RES/3")["symbol"].tolist()
    with pytest.raises(FileNotFoundError):
        tipkg.KnowledgeGraph.open(tmp_path / "missing.trig")


def test_open_a_store_directory(kg: api.KnowledgeGraph, tmp_path: Path) -> None:
    assert kg.dataset is not None
    write_store(kg.dataset, tmp_path / "store")
    opened = tipkg.KnowledgeGraph.open(tmp_path / "store")
    assert opened.documents() == {"loaded": 3, "stubs": 1}
    assert opened.resolution("T/RES/3").citations["target"].tolist() == ["id:doc/T/RES/2", "id:doc/T/RES/9"]


def test_entity_graph_and_export(kg: api.KnowledgeGraph, tmp_path: Path) -> None:
    base = "https://w3id.org/tipkg/id/"
    eg = kg.to_networkx("entity")
    assert eg.has_edge(base + "doc/T/RES/3", base + "body/UNODC")
    view = kg.show("UNODC", kind="entity")
    assert view.nodes == 2 and not REMOTE_REF.search(view.html)
    assert kg.show("UNTOC").nodes == 2  # a bare key finds the instrument, and T/RES/2 citing it
    gexf = kg.export(tmp_path / "g.gexf")
    assert gexf.read_text(encoding="utf-8").count("<node ") == 5
    assert kg.export(tmp_path / "g.graphml").stat().st_size > 0
    with pytest.raises(ValueError, match="gexf"):
        kg.export(tmp_path / "g.csv")


def test_import_tipkg_stays_cheap() -> None:
    code = (
        "import sys, tipkg; print(sorted(m for m in ('pandas', 'rdflib', 'pyoxigraph') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- remote endpoint


@pytest.fixture()
def endpoint(kg: api.KnowledgeGraph) -> Iterator[str]:
    assert kg.dataset is not None
    with serve(oxigraph_from_dataset(kg.dataset)) as url:
        yield url


def test_connect_gives_the_same_answers_over_http(kg: api.KnowledgeGraph, endpoint: str) -> None:
    remote = tipkg.KnowledgeGraph.connect(endpoint)
    assert api.current() is remote
    sparql = "SELECT ?doc ?date WHERE { ?doc a tip:Resolution ; eli:date_document ?date } ORDER BY ?doc"
    assert remote.query(sparql).equals(kg.query(sparql))
    assert remote.query(sparql)["date"].tolist()[0] == dt.date(2099, 1, 10)
    assert remote.chain("T/RES/3").equals(kg.chain("T/RES/3"))
    assert remote.resolution("T/RES/2").citations.equals(kg.resolution("T/RES/2").citations)
    assert remote.query("mandates", body="UNODC")["symbol"].tolist() == ["T/RES/3"]


@pytest.fixture()
def tipkg_serve(kg: api.KnowledgeGraph, tmp_path: Path) -> Iterator[str]:
    """The project's own endpoint, ``tipkg serve --file``, as a user would start it."""
    assert kg.dataset is not None
    data = tmp_path / "graph.trig"
    write_dataset(kg.dataset, data)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [sys.executable, "-c", "from tipkg.cli import main; main()", "serve", "--file", str(data)]
    cmd += ["--port", str(port), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"tipkg serve exited: {proc.stderr.read() if proc.stderr else ''}")
            try:
                if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("tipkg serve did not answer within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_connect_to_tipkg_serve(kg: api.KnowledgeGraph, tipkg_serve: str) -> None:
    remote = tipkg.KnowledgeGraph.connect(tipkg_serve)
    sparql = "SELECT ?doc ?date WHERE { ?doc a tip:Resolution ; eli:date_document ?date } ORDER BY ?doc"
    assert remote.query(sparql).equals(kg.query(sparql))
    assert remote.chain("T/RES/1", direction="down").equals(kg.chain("T/RES/1", direction="down"))
    assert remote.query("mandates", body="UNODC")["paragraph"].tolist() == ["id:doc/T/RES/3/op/1"]


# ---------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def corpus_kg(corpus_dir: Path) -> api.KnowledgeGraph:
    return tipkg.KnowledgeGraph.build(corpus_dir / "resolutions")


def test_corpus_resolution_e_res_2008_33(corpus_kg: api.KnowledgeGraph) -> None:
    res = corpus_kg.resolution("E/RES/2008/33")
    assert res.facts["date"] == dt.date(2008, 7, 25)
    assert res.facts["body"] == "id:body/ECOSOC"
    cited = set(zip(res.citations["relation"], res.citations["target"], strict=True))
    # gold/E_RES_2008_33.json: "Recalling also the United Nations Convention against Transnational…"
    assert ("tip:recalls", "id:instrument/UNTOC") in cited
    assert ("tip:bearsInMind", "id:doc/A/RES/61/180") in cited


def test_corpus_chain_reaches_the_general_assembly(corpus_kg: api.KnowledgeGraph) -> None:
    up = corpus_kg.chain("E/RES/2008/33", relations="all")
    row = up[up["symbol"] == "A/RES/61/180"].iloc[0]
    assert row["depth"] == 1 and "bearsInMind" in row["relation"]
    assert row["date"] == dt.date(2006, 12, 20)
    assert (up["depth"] >= 2).any()  # A/RES/61/180 is loaded too, and cites further back


def test_corpus_summary_and_drawing(corpus_kg: api.KnowledgeGraph) -> None:
    page = corpus_kg._repr_html_()
    assert "id:graph/doc/E/RES/2008/33" in page
    view = corpus_kg.show("E/RES/2008/33")
    assert view.nodes > 3 and not REMOTE_REF.search(view.html)
    json.dumps(corpus_kg.query("per-year").to_dict("records"), default=str)

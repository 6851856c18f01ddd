"""Topical collections (``tipkg build --topic``): the topic files, the seed criteria on the UN's own
files, the closure step by step on a small corpus of real files, an incremental rebuild, and the
other commands on the collection's store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from tipkg import KnowledgeGraph
from tipkg.cli import app
from tipkg.graph.build.build import BuildResult, build
from tipkg.graph.build.collection import index_file
from tipkg.graph.build.topic import Criteria, Topic, TopicError, load_topic, topic_names
from tipkg.loaders.registry.load import default_registry
from tipkg.ontology.ids import doc_iri

UNXML = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "unxml"
SEED_76_186 = "GAresolutions/76session/English/A_RES_76_186-2119241E.xml"  # title: coordination against TIP
SEED_76_186_FR = "GAresolutions/76session/French/A_RES_76_186-2119241F.xml"
SEED_76_186_AR = "GAresolutions/76session/Arabic/A_RES_76_186-2119241A.xml"  # first of its work in path order
SEED_74_176 = "GAresolutions/74session/GA resolutions_74session_English/English/74_176.xml"  # same title
CITED_75_195 = "GAresolutions/75session/English/75_195_E.xml"  # organ trafficking, recalled by 76/186
CITED_2021_25 = "ECOSOCresolutions/2021/English/E_RES_2021_25-2110321E.xml"  # recalled by 76/186
UNRELATED = "GAresolutions/75session/English/75_1_E.xml"  # seventy-fifth anniversary declaration
MINI = (SEED_76_186, SEED_76_186_FR, SEED_76_186_AR, SEED_74_176, CITED_75_195, CITED_2021_25, UNRELATED)
TOPIC = """name = "coordination"
[seeds]
title = ["Improving the coordination of efforts against trafficking in persons"]
[closure]
follow = ["recalls"]
max_depth = {depth}
"""


def _unxml(rel: str) -> Path:
    path = UNXML / rel
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared/corpus/unxml)")
    return path


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six real files in the corpus's layout (links), and topic files beside them."""
    root = tmp_path_factory.mktemp("topic")
    for rel in MINI:
        link = root / "corpus" / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(_unxml(rel))
    for depth in (0, 1):
        (root / f"depth{depth}.toml").write_text(TOPIC.format(depth=depth), encoding="utf-8")
    return root


def _symbols(result: BuildResult) -> set[str]:
    return {d.symbol or "" for d in result.documents if d.symbol} | {
        s for d in result.documents if d.reused for s in [_symbol_of(result, d.graph)]
    }


def _symbol_of(result: BuildResult, graph: str) -> str:
    doc = re.sub(r"/lang/[a-z]{2}$", "", graph.replace("/graph/doc/", "/doc/", 1))
    rows = result.store.query(
        f"SELECT ?id WHERE {{ GRAPH <{graph}> {{ <{doc}> <http://purl.org/dc/terms/identifier> ?id }} }}"
    )
    assert isinstance(rows, ox.QuerySolutions)
    return next(iter(rows))[0].value  # type: ignore[index,union-attr]


def test_the_shipped_topic() -> None:
    assert "trafficking" in topic_names()
    topic = load_topic("trafficking")
    assert "http://metadata.un.org/thesaurus/1006622" in topic.subjects
    assert "trafficking in persons" in topic.headings
    assert topic.instruments == ("TIP-PROTOCOL", "UNTOC", "GLOBAL-PLAN-OF-ACTION")
    assert topic.follow == ("recalls", "reaffirms") and topic.max_depth == 12


def test_topic_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(TopicError, match="unknown topic 'slavery'; shipped: trafficking"):
        load_topic("slavery")
    bad = tmp_path / "bad.toml"
    bad.write_text("[seeds]\ntitle = 'x'\n[closure]\nfollow = ['frobnicates']\n", encoding="utf-8")
    with pytest.raises(TopicError, match="unknown relation 'frobnicates'"):
        load_topic(bad)
    empty = tmp_path / "empty.toml"
    empty.write_text("name = 'empty'\n", encoding="utf-8")
    with pytest.raises(TopicError, match="no seed criteria"):
        load_topic(empty)
    with pytest.raises(TopicError, match="is not in the registry"):
        Criteria(Topic("t", "", (), frozenset(), frozenset(), ("NO-SUCH",), (), 1, "t"), default_registry())


@pytest.mark.parametrize(
    ("rel", "why"),
    [
        (
            SEED_76_186,
            {"title", "subject", "cites TIP-PROTOCOL", "cites UNTOC", "cites GLOBAL-PLAN-OF-ACTION"},
        ),
        (
            "SCresolutions/Pre-2020/2016/S_RES_2331_1622533E.xml",
            {"subject", "cites TIP-PROTOCOL"},
        ),  # untitled
        (
            SEED_76_186_FR,
            {"subject", "cites TIP-PROTOCOL", "cites UNTOC"},
        ),  # French: by IRI and UNTS reference
        (UNRELATED, set()),
    ],
)
def test_seed_criteria_on_the_uns_files(rel: str, why: set[str]) -> None:
    registry = default_registry()
    found = index_file(_unxml(rel), Criteria(load_topic("trafficking"), registry), registry)
    assert found.error is None
    assert why <= set(found.why) and (why or not found.why), found.why


def test_seeds_and_what_they_recall(mini: Path) -> None:
    result = build([mini / "corpus"], validate=False, topic=load_topic(mini / "depth1.toml"))
    assert result.selection == [
        ("files indexed", 7),
        ("  seeds by title", 2),
        ("seed documents", 2),
        ("  cited at depth 1", 2),
        ("documents in the collection", 4),
        ("files in the collection", 6),  # 76/186 in English, French and Arabic
    ]
    assert _symbols(result) == {"A/RES/76/186", "A/RES/74/176", "A/RES/75/195", "E/RES/2021/25"}
    # every language version of 76/186, each into the work's graph for its language
    graph = str(doc_iri("A/RES/76/186")).replace("/doc/", "/graph/doc/", 1)
    assert {d.graph for d in result.documents if d.symbol == "A/RES/76/186"} == {
        graph,
        f"{graph}/lang/fr",
        f"{graph}/lang/ar",
    }
    assert not result.notices or not [n for _, n in result.notices if n.startswith("same document as")]


def test_depth_zero_takes_the_seeds_only(mini: Path) -> None:
    result = build([mini / "corpus"], validate=False, topic=load_topic(mini / "depth0.toml"))
    assert _symbols(result) == {"A/RES/76/186", "A/RES/74/176"}
    assert result.selection[-2:] == [("documents in the collection", 2), ("files in the collection", 4)]


def test_an_incremental_rebuild_follows_the_kept_graphs(mini: Path, tmp_path: Path) -> None:
    topic = load_topic(mini / "depth1.toml")
    first = build([mini / "corpus"], validate=False, topic=topic, store=ox.Store(str(tmp_path / "a")))
    assert first.parsed == 6  # four works, one of them in three languages
    del first
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    again = build([mini / "corpus"], validate=False, topic=topic, store=ox.Store(str(tmp_path / "b")))
    assert again.parsed == 0 and all(d.reused for d in again.documents)
    assert _symbols(again) == {"A/RES/76/186", "A/RES/74/176", "A/RES/75/195", "E/RES/2021/25"}
    # a narrower collection drops what it no longer holds
    narrow = build(
        [mini / "corpus"], validate=False, topic=load_topic(mini / "depth0.toml"), store=again.store
    )
    graphs = {g.value for g in narrow.store.named_graphs()}
    assert str(doc_iri("A/RES/75/195")).replace("/doc/", "/graph/doc/") not in graphs


def test_a_collection_built_over_a_whole_corpus_build(mini: Path, tmp_path: Path) -> None:
    """The whole build loads 76/186 in English and Arabic, each version into its own graph (the
    Arabic file first in path order); the collection built over it keeps the English text alone in
    the work's graph."""
    whole = build([mini / "corpus"], validate=False, store=ox.Store(str(tmp_path / "s")))
    graph = str(doc_iri("A/RES/76/186")).replace("/doc/", "/graph/doc/", 1)
    assert next(d.source_path for d in whole.documents if d.graph == graph).endswith("E.xml")
    assert any(d.source_path.endswith("A.xml") and d.graph == f"{graph}/lang/ar" for d in whole.documents)
    topic = build(
        [mini / "corpus"], validate=False, topic=load_topic(mini / "depth1.toml"), store=whole.store
    )
    assert next(d.source_path for d in topic.documents if d.graph == graph).endswith("E.xml")
    titles = topic.store.query(
        f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{doc_iri('A/RES/76/186')}> <http://purl.org/dc/terms/title> ?t }} }}"
    )
    assert isinstance(titles, ox.QuerySolutions)
    assert [row[0].value for row in titles] == [
        "Improving the coordination of efforts against trafficking in persons"
    ]
    files = topic.store.query(
        f"SELECT ?f WHERE {{ GRAPH <{graph}> {{ ?s <https://w3id.org/tipkg/ontology#fileName> ?f }} }}"
    )
    assert isinstance(files, ox.QuerySolutions)
    assert [row[0].value for row in files] == [str(mini / "corpus" / SEED_76_186)]
    assert str(doc_iri("A/RES/75/1")).replace("/doc/", "/graph/doc/", 1) not in {
        g.value for g in topic.store.named_graphs()
    }


def test_the_commands_work_on_a_collection(mini: Path, tmp_path: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "tipkg.trig"
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "build",
            str(mini / "corpus"),
            "--topic",
            str(mini / "depth1.toml"),
            "--store",
            str(store),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "collection: " in res.output and "documents in the collection" in res.output
    res = runner.invoke(app, ["chain", "A/RES/76/186", "--up", "--store", str(store)])
    assert res.exit_code == 0 and "A/RES/75/195" in res.output, res.output
    res = runner.invoke(app, ["stats", "--store", str(store)])
    assert res.exit_code == 0 and "nodes" in res.output, res.output
    res = runner.invoke(app, ["query", "stubs", "--store", str(store), "--format", "csv"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["export", "gexf", str(tmp_path / "g.gexf"), "--store", str(store)])
    assert res.exit_code == 0 and (tmp_path / "g.gexf").stat().st_size > 0, res.output
    kg = KnowledgeGraph.open(store)  # the notebooks' API (and tipkg serve) read the same store
    assert len(kg.select("SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d tip:stub false } }")) == 4
    res = runner.invoke(
        app, ["build", str(mini / "corpus"), "--topic", "slavery", "--no-store", "--out", str(out)]
    )
    assert res.exit_code != 0 and "unknown topic" in res.output

"""Citation chains: the tree (repeats, cycles, depth), the three ancestor engines, the CLI."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef
from typer.testing import CliRunner

from tests import citation_fixture as cf
from tipkg.graph.query import chain as C
from tipkg.graph.query.source import OxigraphSource, RdflibSource
from tipkg.graph.store.embedded import oxigraph_from_dataset, write_dataset
from tipkg.ontology.ids import doc_iri
from tipkg.ontology.namespaces import TIP
from tipkg.synth.web import synthetic_dataset, synthetic_doc

app = cf.cli_app()
ID = "https://w3id.org/tipkg/id/"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return cf.dataset()


@pytest.fixture(scope="module")
def ox(dataset: Dataset) -> OxigraphSource:
    return OxigraphSource(oxigraph_from_dataset(dataset))


def _shape(node: C.ChainNode) -> tuple[object, ...]:
    return (node.info.name, node.relations, node.repeat, tuple(_shape(c) for c in node.children))


def test_tree_up_marks_shared_ancestors(ox: OxigraphSource) -> None:
    tree = C.chain(ox, "T/RES/4", "up")
    assert tree.info.symbol == "T/RES/4" and tree.info.date == "2004-04-14"
    assert _shape(tree) == (
        "T/RES/4",
        (),
        False,
        (
            (
                "T/RES/3",
                ("recalls",),
                False,
                (
                    (
                        "T/RES/2",
                        ("recalls",),
                        False,
                        (("T/RES/1", ("recalls",), True, ()), ("TEST-CONV", ("reaffirms",), True, ())),
                    ),
                    ("T/RES/1", ("reaffirms",), False, (("TEST-CONV", ("recalls",), True, ()),)),
                    ("TEST-CONV", ("recalls",), False, ()),
                ),
            ),
            ("T/RES/0", ("recalls",), False, ()),
        ),
    )
    stub = tree.children[1].info
    assert stub.stub and stub.date == "1999-05-05"
    expanded = [n.info.iri for n in tree.walk() if not n.repeat]
    assert len(expanded) == len(set(expanded))  # every node expanded exactly once


def test_tree_down_and_relations(ox: OxigraphSource) -> None:
    tree = C.chain(ox, "T/RES/1", "down", relations=("recalls", "reaffirms", "welcomes"))
    names = {n.info.name: n for n in tree.walk() if not n.repeat}
    assert set(names) == {"T/RES/1", "T/RES/2", "T/RES/3", "T/RES/4"}
    assert names["T/RES/3"].depth == 1 and names["T/RES/3"].relations == ("reaffirms",)
    assert names["T/RES/4"].depth == 2
    only_recalls = C.chain(ox, "T/RES/1", "down", relations=("recalls",))
    assert {n.info.name for n in only_recalls.walk()} == {"T/RES/1", "T/RES/2", "T/RES/3", "T/RES/4"}
    assert max(n.depth for n in only_recalls.walk()) == 3


def test_cycles_terminate(ox: OxigraphSource) -> None:
    tree = C.chain(ox, "T/DEC/5", "up")
    assert _shape(tree) == (
        "T/DEC/5",
        (),
        False,
        (("T/DEC/6", ("recalls",), False, (("T/DEC/5", ("recalls",), True, ()),)),),
    )


def test_depth_limit(ox: OxigraphSource) -> None:
    tree = C.chain(ox, "T/RES/4", "up", depth=1)
    assert max(n.depth for n in tree.walk()) == 1
    assert tree.children[0].truncated and not tree.children[1].truncated


def test_unknown_document_gives_a_bare_root(ox: OxigraphSource) -> None:
    tree = C.chain(ox, "T/RES/999", "up")
    assert tree.children == [] and tree.info.symbol is None


def _agree(
    dataset: Dataset, roots: list[URIRef], relations: tuple[str, ...] = ("recalls", "reaffirms")
) -> int:
    """Assert the three engines give identical ancestor (and descendant) sets; return how many found."""
    ox = OxigraphSource(oxigraph_from_dataset(dataset))
    rd = RdflibSource(dataset)
    digraph = C.relation_digraph(ox, relations)
    found = 0
    for root in roots:
        for direction in ("up", "down"):
            a = C.ancestors_sparql(rd, root, relations, direction)
            b = C.ancestors_sparql(ox, root, relations, direction)
            c = C.ancestors_networkx(digraph, str(root), direction)
            assert a == b == c, (root, direction)
            found += len(a)
        assert C.ancestors(ox, str(root), relations) == C.ancestors(
            ox, str(root), relations, engine="networkx"
        )
    return found


def test_engines_agree_on_the_fixture(dataset: Dataset) -> None:
    roots = [doc_iri(s) for s in ("T/RES/4", "T/RES/3", "T/RES/1", "T/DEC/5", "T/RES/0")]
    roots.append(URIRef(ID + "instrument/TEST-CONV"))
    assert _agree(dataset, roots) > 0
    assert _agree(dataset, roots, ("recalls", "reaffirms", "welcomes")) > 0


def test_engines_agree_on_a_generated_graph() -> None:
    n = 800
    ds = synthetic_dataset(n, m=3, cycles=3, seed=11)
    rng = random.Random(3)
    roots = [synthetic_doc(n - 1), synthetic_doc(0)] + [synthetic_doc(i) for i in rng.sample(range(n), 12)]
    assert _agree(ds, roots) > 50


def test_synthetic_graph_is_marked_synthetic() -> None:
    ds = synthetic_dataset(50, seed=1)
    docs = set(ds.subjects(TIP.stub, Literal(False)))
    assert len(docs) == 50
    assert all(str(d).startswith("https://w3id.org/tipkg/synthetic/") for d in docs)
    assert all((d, TIP.synthetic, Literal(True)) in ds for d in docs)


def test_engines_agree_on_the_corpus(built_corpus: Any) -> None:
    result = built_corpus
    loaded = sorted({s for s in result.dataset.subjects(TIP.stub, Literal(False)) if isinstance(s, URIRef)})
    assert loaded
    _agree(result.dataset, loaded)
    _agree(result.dataset, loaded, ("recalls", "reaffirms", "welcomes", "takesNoteOf", "notes"))


def test_cli_chain(tmp_path: Path, dataset: Dataset) -> None:
    trig = tmp_path / "g.trig"
    write_dataset(dataset, trig)
    runner = CliRunner(env={"COLUMNS": "200"})
    res = runner.invoke(app, ["chain", "T/RES/4", "--up", "--file", str(trig)])
    assert res.exit_code == 0, res.output
    assert "recalls → T/RES/3" in res.stdout and "repeat" in res.stdout and "stub" in res.stdout
    down = runner.invoke(
        app, ["chain", "T/RES/1", "--down", "--depth", "1", "--file", str(trig)], terminal_width=200
    )
    assert down.exit_code == 0 and "T/RES/4" not in down.stdout and "depth limit" in down.stdout
    bad = runner.invoke(app, ["chain", "T/RES/4", "--relation", "likes", "--file", str(trig)])
    assert bad.exit_code == 2
    assert "Example: tipkg chain" in runner.invoke(app, ["chain", "--help"]).stdout

"""``tipkg registry check`` and ``tipkg registry gaps`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipkg.cli import app
from tipkg.graph.query.gaps import coverage, gaps
from tipkg.graph.query.source import OxigraphSource
from tipkg.graph.store.embedded import open_graph

runner = CliRunner()

BAD = """\
bodies:
  - key: X-ONE
    type: OrganizationalUnit
    label: Example Board
    source: https://example.org/x
    facts:
      established: {value: 1990-13-01, source: https://example.org/x}
  - key: X-TWO
    type: OrganizationalUnit
    label: example board
    source: nowhere
"""


@pytest.mark.parametrize("args", [["registry", "check", "--help"], ["registry", "gaps", "--help"]])
def test_help_has_an_example(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert f"Example: tipkg registry {args[1]}" in result.output


def test_check_the_shipped_registry(corpus_dir: Path) -> None:
    result = runner.invoke(app, ["registry", "check", "--corpus", str(corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "4 file(s): no problem found" in result.output


def test_check_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = runner.invoke(app, ["registry", "check", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "mine.yaml:" in line]
    assert len(lines) == 2, result.output
    assert lines[0].endswith("bad date '1990-13-01' for established of X-ONE: month must be in 1..12") or (
        "mine.yaml:7:" in lines[0] and "bad date" in lines[0]
    )
    assert "mine.yaml:11:" in lines[1] and "source of the entry of X-TWO" in lines[1]


def test_check_missing_corpus_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["registry", "check", "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 2


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """Four English resolutions of the UN's files, built as a user would."""
    tmp = tmp_path_factory.mktemp("gaps")
    folder = corpus_dir / "unxml" / "GAresolutions" / "78session" / "English"
    picked = [
        p
        for p in sorted(folder.glob("*.xml"))
        if "Scientific and Technical Subcommittee" in p.read_text(encoding="utf-8")
    ][:2]
    picked += sorted(folder.glob("*.xml"))[:2]
    out, store = tmp / "t.trig", tmp / "store"
    result = runner.invoke(app, ["build", *map(str, picked), "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def test_gaps_function(small_store: Path) -> None:
    source = OxigraphSource(open_graph(small_store))
    found = gaps(source, top=5, examples=1)
    assert found and len(found) <= 5
    assert [g.paragraphs for g in found] == sorted((g.paragraphs for g in found), reverse=True)
    space = next(g for g in gaps(source, top=500) if g.label == "Scientific and Technical Subcommittee")
    assert space.kind == "body" and space.forms and space.documents >= 1
    first = found[0]
    assert first.examples and first.examples[0].symbol and first.examples[0].symbol.startswith("A/RES/78/")
    assert any(f in first.examples[0].text for f in first.forms)
    assert all(g.kind == "event" for g in gaps(source, top=50, kind="event"))
    shares = {c.kind: c for c in coverage(source)}
    assert shares["all"].registry == shares["body"].registry + shares["event"].registry
    assert shares["all"].unregistered >= len(gaps(source, top=10_000))
    assert 0 < shares["all"].share < 1


def test_gaps_command(small_store: Path) -> None:
    result = runner.invoke(
        app, ["registry", "gaps", "--store", str(small_store), "--top", "3", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert len(payload["gaps"]) == 3 and {"coverage", "gaps"} == set(payload)
    assert payload["gaps"][0]["paragraphs"] >= payload["gaps"][2]["paragraphs"]
    table = runner.invoke(app, ["registry", "gaps", "--store", str(small_store), "-n", "2"])
    assert table.exit_code == 0 and "resolved to the registry" in table.output
    csv_out = runner.invoke(app, ["registry", "gaps", "--store", str(small_store), "-n", "2", "-f", "csv"])
    assert csv_out.output.splitlines()[0] == "rank,kind,label,paragraphs,documents,forms,examples"
    assert runner.invoke(app, ["registry", "gaps", "--store", str(small_store), "--kind", "x"]).exit_code == 2


def test_named_queries_behind_it(small_store: Path) -> None:
    result = runner.invoke(
        app,
        ["query", "unregistered-names", "--param", "kind=event", "--store", str(small_store), "-f", "csv"],
    )
    assert result.exit_code == 0 and result.output.startswith("name,kind,label,paragraphs,documents")
    cov = runner.invoke(app, ["query", "mention-coverage", "--store", str(small_store), "-f", "json"])
    rows = json.loads(cov.output)
    assert {(r["kind"], r["resolution"]) for r in rows} <= {
        ("body", "registry"),
        ("body", "unregistered"),
        ("event", "registry"),
        ("event", "unregistered"),
    }

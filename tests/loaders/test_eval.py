"""`tipkg eval` on the shared development set, and the matching rules on a hand-made gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from tipkg.cli import app
from tipkg.loaders.evaluate import Score, evaluate, gold_file_name


def test_development_set_reaches_the_bar(corpus_dir: Path) -> None:
    ev = evaluate(corpus_dir / "gold", corpus_dir)
    assert ev.errors == []
    assert len(ev.documents) == len(list((corpus_dir / "gold").glob("*.json")))
    cit, men = ev.citations(), ev.mentions()
    report = "\n".join(
        f"{i.document} {i.kind}:{i.target} {i.relation} | {i.evidence}" for i in ev.missed + ev.false
    )
    assert cit.f1 >= 0.95, report
    assert men.f1 >= 0.90, [(i.document, i.target) for i in ev.mention_missed + ev.mention_false]
    assert "header" in ev.mentions_by_kind()  # header mentions are scored as the gold has them


def test_gold_file_names() -> None:
    assert gold_file_name("S/RES/2331 (2016)") == "S_RES_2331_2016.json"
    assert gold_file_name("A/HRC/RES/11/3") == "A_HRC_RES_11_3.json"


def test_score_arithmetic() -> None:
    s = Score(tp=8, fp=2, fn=0)
    assert (s.precision, s.recall) == (0.8, 1.0)
    assert round(s.f1, 4) == 0.8889
    assert Score(0, 0, 0).f1 == 1.0


def _mini_corpus(tmp_path: Path, corpus_dir: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    (corpus / "resolutions").mkdir(parents=True)
    shutil.copy(corpus_dir / "resolutions" / "E_RES_2008_33.md", corpus / "resolutions")
    (corpus / "manifest.json").write_text(
        json.dumps(
            {
                "resolutions": [
                    {
                        "file": "resolutions/E_RES_2008_33.md",
                        "symbol": "E/RES/2008/33",
                        "body": "Economic and Social Council",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "E_RES_2008_33.json").write_text(
        json.dumps(
            {
                "symbol": "E/RES/2008/33",
                "citations": [
                    # right target, relation and paragraph
                    {
                        "relation": "bearsInMind",
                        "target_kind": "resolution",
                        "target": "A/RES/61/180",
                        "evidence": "Bearing in mind General Assembly resolution 61/180",
                    },
                    # wrong relation on purpose: must be a miss (and the extracted one a false hit)
                    {
                        "relation": "recalls",
                        "target_kind": "resolution",
                        "target": "E/RES/2006/27",
                        "evidence": "Calls upon* all States to fully implement",
                    },
                ],
                "mentions": [
                    {"kind": "body", "target": "ECOSOC", "evidence": "The Economic and Social Council,"},
                    {"kind": "body", "target": "NOT-THERE", "evidence": "x"},
                ],
            }
        ),
        encoding="utf-8",
    )
    return gold, corpus


def test_matching_rules(tmp_path: Path, corpus_dir: Path) -> None:
    gold, corpus = _mini_corpus(tmp_path, corpus_dir)
    ev = evaluate(gold, corpus)
    assert [(g.target, g.relation) for g, _ in ev.matched] == [("A/RES/61/180", "bearsInMind")]
    assert [(g.target, g.relation) for g in ev.missed] == [("E/RES/2006/27", "recalls")]
    false = {(x.target, x.relation) for x in ev.false}
    assert ("E/RES/2006/27", "callsUpon") in false
    # the same target in another paragraph (the preamble's "Bearing in mind") is not a match either
    assert ("E/RES/2006/27", "bearsInMind") in false
    assert [m.target for m in ev.mention_missed] == ["NOT-THERE"]
    assert "ECOSOC" in [m.target for m in ev.mention_matched]


def test_cli_json(tmp_path: Path, corpus_dir: Path) -> None:
    gold, corpus = _mini_corpus(tmp_path, corpus_dir)
    result = CliRunner().invoke(app, ["eval", str(gold), str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["citations"]["tp"] == 1 and data["citations"]["fn"] == 1
    assert data["missed_citations"][0]["target"] == "E/RES/2006/27"
    assert set(data["citations_by_relation"]) >= {"bearsInMind", "recalls", "callsUpon"}


def test_cli_table(corpus_dir: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(corpus_dir / "gold"), str(corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "citations by relation" in result.output and "mentions by kind" in result.output


def test_cli_rejects_missing_corpus_and_empty_gold(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path), str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    result = CliRunner().invoke(app, ["eval", str(tmp_path), str(tmp_path)])
    assert result.exit_code != 0 and "no gold" in result.output


def test_gold_without_file_or_manifest_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "X.json").write_text('{"symbol": "A/RES/1/1", "citations": [], "mentions": []}')
    ev = evaluate(tmp_path, tmp_path)
    assert ev.documents == [] and ev.errors and "no corpus file" in ev.errors[0]

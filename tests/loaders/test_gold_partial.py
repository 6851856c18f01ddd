"""Partial texts of unseen resolutions (tests/gold/partial, made from the official files by their
recipes) scored against hand annotations: fragments, flattened and PDF-pasted copies (issue 25)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tipkg.loaders.evaluate import Evaluation, compare_document
from tipkg.loaders.sources.dispatch import load_source
from tipkg.synth.partial import recipe_text

GOLD = sorted((REPO / "tests" / "gold" / "partial").glob("*.json"))


@pytest.fixture(scope="module")
def evaluation(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    out = tmp_path_factory.mktemp("partial")
    ev = Evaluation()
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = recipe_text(corpus_dir, gold["recipe"])
        copy = out / f"{path.stem}.txt"
        copy.write_text(text, encoding="utf-8")
        compare_document(ev, gold["symbol"], load_source(copy), gold)
    return ev


def test_at_least_three_partial_texts() -> None:
    assert len(GOLD) >= 3


def test_recipes_are_deterministic(corpus_dir: Path) -> None:
    for path in GOLD:
        recipe = json.loads(path.read_text(encoding="utf-8"))["recipe"]
        assert recipe_text(corpus_dir, recipe) == recipe_text(corpus_dir, recipe)


def test_partial_text_citations(evaluation: Evaluation) -> None:
    score = evaluation.citations()
    assert score.f1 >= 0.90, (score.as_dict(), evaluation.missed, evaluation.false)


def test_partial_text_mentions(evaluation: Evaluation) -> None:
    score = evaluation.mentions()
    # the target (issue 25); the two misses are high-level meetings named by description
    assert score.f1 >= 0.85, (score.as_dict(), evaluation.mention_missed, evaluation.mention_false)

"""Split and glued words repaired with the document's own words and a word list (parse/words.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tipkg.loaders.parse import words
from tipkg.loaders.parse.words import repair_words

WORDS = "united\nnations\nconvention\npersons\nits\nresolutions\nresolution\nin\nto\ninto\nthe\ncombat\nbat\nat\nlarge\n"


@pytest.fixture
def word_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    path = tmp_path / "words"
    path.write_text(WORDS, encoding="utf-8")
    monkeypatch.setenv("TIPKG_WORDS", str(path))
    words.word_list.cache_clear()
    yield
    words.word_list.cache_clear()


def test_a_split_word_the_document_prints_whole_is_joined() -> None:
    text = "the Conven tion and the Convention, the Traff icking¹⁶ of trafficking"
    assert repair_words(text) == "the Convention and the Convention, the Trafficking¹⁶ of trafficking"


@pytest.mark.usefixtures("word_list")
def test_the_word_list_knows_what_the_document_does_not() -> None:
    assert repair_words("the Unit ed Nations and perso ns") == "the United Nations and persons"
    # two words that are words stay apart, even when their join is one
    assert repair_words("went in to the room") == "went in to the room"
    # a capital after the space starts a word; numbers and symbols are left alone
    assert repair_words("United Nations A/RES/61/180 61 180") == "United Nations A/RES/61/180 61 180"


@pytest.mark.usefixtures("word_list")
def test_glued_words_are_split_when_the_document_uses_both() -> None:
    text = "Recalling itsresolutions 61/180 and its resolutions, the resolutions of its"
    assert repair_words(text).startswith("Recalling its resolutions 61/180")
    assert repair_words("the public atlarge") == "the public atlarge"  # "at" and "large" unused elsewhere


def test_without_a_word_list_glued_words_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPKG_WORDS", "/nonexistent/words")
    words.word_list.cache_clear()
    try:
        assert repair_words("its itsresolutions resolutions") == "its itsresolutions resolutions"
    finally:
        words.word_list.cache_clear()

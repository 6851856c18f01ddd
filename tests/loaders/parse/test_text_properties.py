"""Properties of parse_text: it raises only LoadError, and every span quotes the text exactly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.resolution import parse_text

# Pieces that exercise the parser: openings, numbers, symbols, markers, furniture, gaps.
PIECES = [
    "The General Assembly,",
    "The Security Council,",
    "Recalling ",
    "Recalling also its resolution 50/1 ",
    "1. Urges all States ",
    "(a) ",
    "- (b) ",
    "“2.   Calls upon ",
    "*Invites* ",
    "[...]",
    "\n",
    "\n\n",
    ", ",
    "; ",
    "the Convention",
    "the Optional Protocol thereto",
    "A/RES/61/180",
    "S/RES/2331 (2016)",
    "¹",
    "³ ",
    " 1 ",
    "Crime3 and",
    "19-22333 (E) 270120",
    "*1922333*",
    "__________________",
    "Ibid., vol. 2237.",
    "United Nations, Treaty Series, vol. 2225, No. 39574.",
    "Resolution 217 A (III).",
    "of 20 December 2006",
    "in accordance with ",
    "--- second stored copy: x ---",
    "Extract: ",
    "Distr.: General 8 March 2007",
    "44th plenary meeting 25 July 2008",
    "General Assembly resolutions 63/156 and 63/194 of 18 December 2008",
    "decisions 16 (LVI) and 17 (LVI)",
    "the reports of the Special Rapporteur on trafficking in persons",
]


def check(doc: Document) -> None:
    text = doc.text
    n = len(text)
    for p in doc.all_paragraphs():
        assert 0 <= p.span.start <= p.span.end <= n
        assert text[p.span.start : p.span.end] == p.text
        for c in p.citations:
            assert 0 <= c.span.start <= c.span.end <= n
            assert text[c.span.start : c.span.end] == c.quote
        for m in p.mentions:
            assert text[m.span.start : m.span.end] == m.quote
    for m in [*doc.header_mentions, *doc.mentions]:
        assert 0 <= m.span.start <= m.span.end <= n
        assert text[m.span.start : m.span.end] == m.quote
    for f in doc.footnotes:
        assert 0 <= f.span.start <= f.span.end <= n
        assert text[f.span.start : f.span.end] == f.text


def run(text: str) -> None:
    try:
        doc = parse_text(text, path="prop.txt", sha256="0" * 64, fmt="text")
    except LoadError:
        return
    check(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    run(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40))
def test_resolution_like_text(pieces: list[str]) -> None:
    run("".join(pieces))


EDITS = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 200), st.sampled_from(["", *PIECES])), min_size=1, max_size=6
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_corpus_text(corpus_dir: Path, data: st.DataObject) -> None:
    files = sorted(p for p in (corpus_dir / "resolutions").iterdir() if p.suffix in (".txt", ".md"))
    text = data.draw(st.sampled_from(files)).read_text(encoding="utf-8")
    for where, length, insert in data.draw(EDITS):
        i = int(where * len(text))
        text = text[:i] + insert + text[i + length :]
    run(text[: max(1, int(len(text) * data.draw(st.floats(0.05, 1.0))))])


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Crime", " ", "  ", "\n", "3", "12", "123", ",", ")", "”", "per cent", "/", ".", "a", "A"]
        ),
        max_size=25,
    ).map("".join),
    st.integers(0, 5),
    st.integers(0, 5),
)
def test_bare_markers_are_found_where_a_full_scan_finds_them(text: str, cut_start: int, cut_end: int) -> None:
    """The digit-run shortcut gives exactly the matches of scanning every position."""
    from tipkg.loaders.parse.footnotes import _BARE_MARKER, _bare_markers

    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = [(m.span(), m.groups()) for m in _BARE_MARKER.finditer(text, start, end)]
    assert [(m.span(), m.groups()) for m in _bare_markers(text, start, end)] == expected


@settings(max_examples=500, deadline=None)
@given(st.text(), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6))
def test_work_text_blanks_as_a_character_list_would(text: str, cuts: list[tuple[int, int]]) -> None:
    """WorkText: the same text as the list of characters it replaced, line breaks kept."""
    from tipkg.loaders.parse.clean import WorkText

    work, chars = WorkText(text), list(text)
    for a, b in cuts:
        start, end = min(a, b), max(a, b)
        work.blank(start, end)
        chars[start:end] = ["\n" if c == "\n" else " " for c in chars[start:end]]
        assert str(work) == "".join(chars) and len(work) == len(text)
        assert work.slice(start, end) == "".join(chars[start:end])


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_paragraph_comparison_form_keeps_ascii_letters_and_digits(text: str) -> None:
    """What the duplicate-paragraph check compares: ``[^a-z0-9]`` deleted from the lower-cased text."""
    import re

    from tipkg.loaders.parse.structure import _norm

    assert _norm(text) == re.sub(r"[^a-z0-9]", "", text.lower()).encode("ascii")

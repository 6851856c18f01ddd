"""Words that PDF text extraction split or glued, repaired with a word list and the document's own words.

Justified text set with kerning comes out of PDF extractors with spaces inside words ("Unit ed",
"Conven tion", "perso ns") and, more rarely, without the space between two ("itsresolutions"). A
repair needs to know words, not patterns of particular texts:

* the **document's own vocabulary**: every word it prints whole, with its count (the strongest
  witness: "Convention" printed whole elsewhere in the text says "Conven tion" is one word);
* a **word list**: the system's (Debian's ``wamerican``/``wbritish``: ``/usr/share/dict/*``, or the
  file named by ``TIPKG_WORDS``) together with the words of tipkg's phrase scheme and registry names.

Two adjacent pieces are joined when the joined word is known and at least one piece is not a word
(or the document prints the joined word more often than the two words side by side); a lower-case
token that is no word is split in two when both halves are words and the document uses them.
Line structure stays (a repair never joins across a line break); the loaders repair the text before
the parser reads it, so spans point into the repaired text.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

DICT_FILES = (
    "/usr/share/dict/american-english",
    "/usr/share/dict/british-english",
    "/usr/share/dict/words",
)
_WORD = re.compile(r"[^\W\d_⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:['’][^\W\d_⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
_LETTERS = re.compile(r"[^\W\d_⁰¹²³⁴⁵⁶⁷⁸⁹]+")
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_LOWER_TOKEN = re.compile(r"(?<![\w’'/-])([a-z]{5,30})(?=[^\w’'/-]|[⁰¹²³⁴⁵⁶⁷⁸⁹]|$)")
# words too short to be evidence on their own: a piece like "ed" or "ns" is a word in some lists
_SHORT = 3


@lru_cache(maxsize=1)
def word_list() -> frozenset[str]:
    """The system word lists, lower-cased (empty when none is installed)."""
    words: set[str] = set()
    files = [os.environ["TIPKG_WORDS"]] if os.environ.get("TIPKG_WORDS") else list(DICT_FILES)
    for name in files:
        path = Path(name)
        if not path.is_file():
            continue
        try:
            for line in path.read_text(encoding="utf-8", errors="ignore").splitlines():
                w = line.strip()
                if w and not w.endswith("'s"):
                    words.add(w.lower())
        except OSError:
            continue
    return frozenset(words)


def vocabulary(text: str) -> Counter[str]:
    """The words a text prints whole, lower-cased, with their counts."""
    return Counter(m.group(0).lower() for m in _WORD.finditer(text))


class Lexicon:
    """What counts as a word for one document: its own vocabulary, the word list, extra words."""

    def __init__(self, text: str, extra: Iterable[str] = ()) -> None:
        self.counts = vocabulary(text)
        self.words = word_list()
        self.extra = frozenset(w.lower() for w in extra)

    def known(self, word: str) -> bool:
        w = word.lower()
        return w in self.words or w in self.extra

    def is_word(self, piece: str) -> bool:
        """A piece that stands as a word on its own (short pieces only when the list says so)."""
        w = piece.lower()
        if len(w) < _SHORT:
            return w in {"a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
                         "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we"}  # fmt: skip
        return self.known(w)


def repair_words(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with split words joined and glued words split (see the module docstring)."""
    lex = Lexicon(text, extra)
    text = _join_pairs(text, lex)
    return _split_glued(text, lex)


def _join_pairs(text: str, lex: Lexicon) -> str:
    tokens = [m for m in _LETTERS.finditer(text) if len(m.group(0)) <= 14]
    pairs = [
        (x, y) for x, y in itertools.pairwise(tokens) if y.start() == x.end() + 1 and text[x.end()] == " "
    ]
    bigrams = Counter(f"{x.group(0).lower()} {y.group(0).lower()}" for x, y in pairs)
    out: list[str] = []
    pos = 0
    for x, y in pairs:
        a, b = x.group(0), y.group(0)
        if x.start() < pos or not _whole(text, x.start(), y.end()):
            continue
        if not (a[-1].islower() and b[0].islower()) and not (a.isupper() and b.isupper()):
            continue  # "United Nations": a capital after the space begins a word
        low = (a + b).lower()
        whole = lex.counts[low]
        if not (whole > 0 or lex.known(low)):
            continue
        if (
            lex.is_word(a)
            and lex.is_word(b)
            and not (whole >= 2 and whole > bigrams[f"{a.lower()} {b.lower()}"])
        ):
            continue
        out.append(text[pos : x.end()])
        pos = y.start()  # the space between the pieces goes
    out.append(text[pos:])
    return "".join(out)


def _whole(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word, a symbol or a hyphenated compound."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "’'-/") and (
        after in SUPERSCRIPT_DIGITS or not (after.isalnum() or after in "’'-/")
    )


def _split_glued(text: str, lex: Lexicon) -> str:
    if not lex.words:
        return text  # without a word list, a glued pair cannot be told from an unknown word

    def repl(m: re.Match[str]) -> str:
        token = m.group(1)
        if lex.known(token) or lex.counts[token] > 1:
            return token
        best: tuple[int, str] | None = None
        for cut in range(2, len(token) - 1):
            a, b = token[:cut], token[cut:]
            if lex.is_word(a) and lex.is_word(b) and (lex.counts[a] > 1 or lex.counts[b] > 1):
                score = min(lex.counts[a], lex.counts[b])
                if best is None or score > best[0]:
                    best = (score, f"{a} {b}")
        return best[1] if best else token

    return _LOWER_TOKEN.sub(repl, text)

"""Find registry names in UN text: longest match first, tolerant of what PDF extraction does to names.

UN texts write a name with its own capitalisation ("Convention Against" at the start of a title,
"especially Women" in a quotation), wrap it over lines, and PDF extraction leaves hyphen-space
artefacts ("Inter -Agency") and footnote digits glued to the last word ("Organized Crime3"). An
alias therefore matches:

* with the first letter of each word in either case (the rest of the word as written);
* with any run of white space (line breaks included) where the alias has a space;
* with white space on either side of a hyphen, any hyphen or dash for a hyphen, white space
  alone for a hyphen ("Secretary General"), either apostrophe or quotation mark style, and an
  optional comma where the alias has one; Chinese title brackets single or double (《…〈…〉…》
  nests the title a name contains);
* only at word boundaries: "IOM" never matches inside "IOMX", though "Crime¹" and "Crime3"
  (footnote markers) still end at "Crime";
* without a leading "the": the article of "the Palermo Protocol" is optional and never in the span;
* an acronym never next to a slash: "UNEP" is no name in the symbol "UNEP/EA.5/Res.2", nor "JIU" in
  "JIU/REP/2019/6".

Text written without spaces between words (Chinese) has no word boundaries to stand on: a linker
built with ``spaced=False`` matches its names anywhere (and scans for each name, there being no
first word to index it by).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tipkg.loaders.trie import trie_pattern

T = TypeVar("T")

_HYPHENS = "-‐‑‒–—"
_TOKEN = re.compile(r"\s+|[" + _HYPHENS + r"]|['’‘]|[\"“”]|,|\w+|.", re.DOTALL)
_LEADING_THE = re.compile(r"(?i)the\s+(?=\S)")
_SUPERSCRIPT_DIGITS = "¹²³⁰⁴⁵⁶⁷⁸⁹"
# After an alias ending in a letter: no further letter or underscore; digits (footnote markers) are fine.
_END_AFTER_LETTER = r"(?!_|(?![\d" + _SUPERSCRIPT_DIGITS + r"])\w)"
_END_AFTER_DIGIT = r"(?!\w)"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.\-]*[A-Z0-9]$")


def match_form(alias: str) -> str:
    """The part of an alias that is matched: without a leading "the" and outer white space."""
    alias = alias.strip()
    m = _LEADING_THE.match(alias)
    return alias[m.end() :] if m else alias


def alias_pattern(alias: str, bounded: bool = True) -> str:
    """Regular expression for one alias (see the module docstring for what it tolerates); without
    word boundaries when ``bounded`` is false (text written without spaces)."""
    form = match_form(alias)
    if not form:
        raise ValueError("empty alias")
    parts: list[str] = []
    for tok in _TOKEN.findall(form):
        if tok.isspace():
            parts.append(r"\s+")
        elif tok in _HYPHENS:
            parts.append(r"(?:\s*[" + _HYPHENS + r"]\s*|\s+)")
        elif tok in "'’‘":
            parts.append("['’‘]")
        elif tok in '"“”':
            parts.append('["“”]')
        elif tok in "《〈":  # Chinese nests a title in a title with the single brackets
            parts.append("[《〈]")
        elif tok in "》〉":
            parts.append("[》〉]")
        elif tok == ",":
            parts.append(r"\s*,?")
        elif tok[0].isalpha():
            first = tok[0]
            cls = re.escape(first) if first.upper() == first.lower() else f"[{first.upper()}{first.lower()}]"
            parts.append(cls + re.escape(tok[1:]))
        else:
            parts.append(re.escape(tok))
    if not bounded:
        return "".join(parts)
    start = r"(?<!\w)" if re.match(r"\w", form[0]) else ""
    last = form[-1]
    end = _END_AFTER_LETTER if last.isalpha() else _END_AFTER_DIGIT if re.match(r"\w", last) else ""
    if _ACRONYM.match(form):  # part of a document symbol when a slash touches it
        start, end = r"(?<![\w/])", end + "(?!/)"
    return start + "".join(parts) + end


@dataclass(frozen=True)
class Match(Generic[T]):
    """One name found in a text: ``text[start:end] == surface``."""

    start: int
    end: int
    entry: T
    surface: str
    alias: str


_WORD = re.compile(r"\w+")
# The letters a word starts with, before a digit or superscript glued to it ("Crime3", "UNODC¹").
_LEADING_LETTERS = re.compile(r"(?:(?![\d" + _SUPERSCRIPT_DIGITS + r"_])\w)+")


def _first_word(form: str) -> str | None:
    """Lower-cased first word of an alias, the key under which it is tried (None: try everywhere)."""
    m = _WORD.match(form)
    return m.group(0).lower() if m else None


class Linker(Generic[T]):
    """Compiled aliases of a set of entries; :meth:`find_all` links names in a text.

    An alias is only tried where a word of the text equals its first word (case aside, footnote
    digits glued to the word dropped), so the cost grows with the words of the text, not with
    the number of aliases times the length of the text. Without ``spaced`` (Chinese) every alias
    is tried everywhere, without word boundaries.
    """

    def __init__(self, aliases: Sequence[tuple[str, T]], spaced: bool = True) -> None:
        self._aliases = list(aliases)
        self._spaced = spaced
        # compiled on first use (:meth:`_pattern`): a language with few texts tries few of its aliases
        self._patterns: list[re.Pattern[str] | None] = [None] * len(self._aliases)
        self._by_word: dict[str, list[int]] = {}
        self._anywhere: list[int] = []
        self._memo: dict[str, list[Match[T]]] = {}
        self._matched: dict[str, T | None] = {}
        for i, (alias, _) in enumerate(self._aliases):
            word = _first_word(match_form(alias)) if spaced else None
            if word is None:
                self._anywhere.append(i)
            else:
                self._by_word.setdefault(word, []).append(i)
        # Where a text word may start an alias: one prefix-tree pattern over the first words,
        # run by the regex engine instead of a Python loop over every word of the text. It finds
        # a superset of the positions (case folded by the engine); _candidates checks each as before.
        # Each match is the whole word (``\w+``) from such a position, as _WORD reads it there.
        starts = (
            r"(?<!\w)(?=(?:" + trie_pattern(self._by_word) + r")(?![^\W\d_" + _SUPERSCRIPT_DIGITS + r"]))\w+"
            if self._by_word
            else ""
        )
        self._word_starts = re.compile(starts, re.IGNORECASE) if self._by_word else None
        # The same over lower-cased ASCII text, case-sensitive: twice as fast (the engine folds no
        # case). The first words are lower-cased, so it finds the same positions; those only the
        # folding one adds (an ASCII letter folded to "ı" or "ſ" of a first word) start no word
        # that _candidates keeps, so non-ASCII text alone needs the folding pattern.
        self._ascii_word_starts = re.compile(starts) if self._by_word else None
        # One alternation per first word: where none of its aliases matches (most places), one
        # regex call instead of one per alias; where one does, each alias is tried as before.
        # Compiled on first use too (:meth:`_alternation`).
        self._any_of: dict[str, re.Pattern[str] | None] = {}

    def compile(self) -> None:
        """Compile every pattern now (before forking workers that all use them: once, not in each)."""
        for i in range(len(self._aliases)):
            self._pattern(i)
        for word in self._by_word:
            self._alternation(word)

    def _pattern(self, i: int) -> re.Pattern[str]:
        pattern = self._patterns[i]
        if pattern is None:
            pattern = self._patterns[i] = re.compile(alias_pattern(self._aliases[i][0], bounded=self._spaced))
        return pattern

    def _alternation(self, word: str) -> re.Pattern[str] | None:
        """The alternation of the aliases whose first word is ``word`` (None: fewer than two)."""
        if word in self._any_of:
            return self._any_of[word]
        idxs = self._by_word[word]
        any_of = (
            re.compile("|".join(f"(?:{alias_pattern(self._aliases[i][0])})" for i in idxs))
            if len(idxs) > 1
            else None
        )
        self._any_of[word] = any_of
        return any_of

    def _add(self, found: dict[tuple[int, int, int], Match[T]], i: int, m: re.Match[str]) -> None:
        alias, entry = self._aliases[i]
        key = (m.start(), m.end(), id(entry))
        if m.end() > m.start() and key not in found:
            found[key] = Match(m.start(), m.end(), entry, m.group(0), alias)

    def candidates(self, text: str) -> list[Match[T]]:
        """Every match of every alias, overlaps included, sorted by start then longest first."""
        # the parser asks about the same paragraph several times (clauses, mentions, addressees)
        cached = self._memo.get(text)
        if cached is None:
            if len(self._memo) >= 256:
                self._memo.clear()
            cached = self._memo[text] = self._candidates(text)
        return list(cached)

    def _candidates(self, text: str) -> list[Match[T]]:
        found: dict[tuple[int, int, int], Match[T]] = {}
        starts: dict[str, list[int]] = {}
        found_words: Iterable[tuple[int, str]] = ()
        if self._ascii_word_starts is not None and text.isascii():  # the words come lower-cased
            found_words = [(w.start(), w.group()) for w in self._ascii_word_starts.finditer(text.lower())]
        elif self._word_starts is not None:
            found_words = [(w.start(), w.group().lower()) for w in self._word_starts.finditer(text)]
        for at, word in found_words:
            starts.setdefault(word, []).append(at)
            if word.isalpha():  # the common case: no glued footnote digit to strip
                continue
            lead = _LEADING_LETTERS.match(word)
            if lead is not None and lead.end() < len(word):
                starts.setdefault(lead.group(0), []).append(at)
        for word, positions in starts.items():
            idxs = self._by_word.get(word)
            if not idxs:
                continue
            any_of = self._alternation(word)
            for pos in positions:
                if any_of is not None and any_of.match(text, pos) is None:
                    continue
                for i in idxs:
                    m = self._pattern(i).match(text, pos)
                    if m is not None:
                        self._add(found, i, m)
        for i in self._anywhere:
            for m in self._pattern(i).finditer(text):
                self._add(found, i, m)
        return sorted(found.values(), key=lambda x: (x.start, x.start - x.end))

    def scan(self, text: str) -> list[Match[T]]:
        """:meth:`candidates` by scanning the whole text with every alias (the reference result)."""
        found: dict[tuple[int, int, int], Match[T]] = {}
        for i in range(len(self._aliases)):
            for m in self._pattern(i).finditer(text):
                self._add(found, i, m)
        return sorted(found.values(), key=lambda x: (x.start, x.start - x.end))

    def find_all(self, text: str, overlapping: bool = False) -> list[Match[T]]:
        """Non-overlapping matches, the longest winning, in text order.

        With ``overlapping=True`` every match is returned, including names nested in longer ones
        (the General Assembly inside "the thematic debate of the General Assembly ...").
        """
        cands = self.candidates(text)
        if overlapping:
            return cands
        chosen_starts: list[int] = []
        chosen: list[Match[T]] = []
        for cand in sorted(cands, key=lambda x: (x.start - x.end, x.start)):
            i = bisect_left(chosen_starts, cand.start)
            if i > 0 and chosen[i - 1].end > cand.start:
                continue
            if i < len(chosen) and chosen[i].start < cand.end:
                continue
            chosen_starts.insert(i, cand.start)
            chosen.insert(i, cand)
        return chosen

    def match(self, surface: str) -> T | None:
        """The entry whose alias matches the whole of ``surface`` (after stripping), if any."""
        s = match_form(surface)
        if s not in self._matched:  # body names recur in every document: each is tried once
            if len(self._matched) >= 4096:
                self._matched.clear()
            self._matched[s] = next(
                (entry for i, (_, entry) in enumerate(self._aliases) if self._pattern(i).fullmatch(s)),
                None,
            )
        return self._matched[s]

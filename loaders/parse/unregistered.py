"""Names of bodies and events the registry does not know, found by the shape of the name.

A UN text names its bodies and meetings in a few recurring shapes; what the registry's aliases do not
cover is kept (one node per distinct name across the corpus), not dropped. A name is read around a
capitalised *head* word:

* a head followed by its complement: "the Committee on …", "the Special Rapporteur on …", "the
  Department of …", "the Office of/for …", "the Working Group on …", "the Independent Expert on …",
  "the Special Representative of the Secretary-General on/for …", "the International Day of/for …",
  "the … Conference on …", "the United Nations Mission in …";
* capitalised words before a head: "the United Nations Environment Assembly", "the World Urban Forum",
  "the Fifteenth United Nations Congress …", "the Pacific Islands Forum Secretariat";
* the high-level meetings, special sessions and dialogues UN texts write in lower case: "the
  high-level meeting of the General Assembly on …", "the thirtieth special session of …";
* "… established pursuant to resolution 1533 (2004) concerning …" after a committee, panel or group.

The complement runs over the words a title is made of ("the situation of human rights in Mali",
"extrajudicial, summary or arbitrary executions", "violence against women, its causes and
consequences") and stops where the sentence goes on: punctuation, a verb ("to continue",
"requests", "has"), "and the …", a date, a parenthesis. A registry name inside it is one word of
it ("the Special Representative of the Secretary-General for Haiti"). A head that is only generic
("the Committee", "the Working Group", "the Special Rapporteur") is no name.

Only text no registry name covers is read: a head inside a registry name is that name's, and the
words before a head never reach back into one. The key of a name is
:func:`tipkg.loaders.model.normalise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipkg.loaders.model import UnregisteredKind, UnregisteredName, normalise
from tipkg.loaders.parse.unregistered_words import (
    ACRONYM,
    AFTER_AND_STOPS,
    BODY_CONFERENCE,
    BODY_HEADS,
    COMMA_STARTERS_NOT,
    CONNECTORS,
    ELIDED,
    ESTABLISHED,
    ESTABLISHED_HEADS,
    EVENT_HEADS,
    EVENT_OF_LOWER,
    GENERIC_MODIFIERS,
    GENERIC_TAIL,
    IN_LOWER,
    INSTRUMENT_TAILS,
    LOWER_HEADS,
    LOWER_TITLE_HEADS,
    MAX_TAIL,
    MONTHS,
    NOT_MODIFIERS,
    ORDINAL,
    POST_MODIFIERS,
    POSTS,
    STOPS,
    THEME,
    TO_AFTER,
    WORD,
)
from tipkg.loaders.registry.model import Registry


@dataclass(slots=True)  # one per word read around a head: slots make them cheaper to make
class _Tok:
    start: int
    end: int
    text: str
    name: bool = False  # a registry name, read as one capitalised word

    @property
    def capital(self) -> bool:
        t = self.text
        return self.name or (t[:1].isupper() and t[:1].isalpha()) or bool(ELIDED.match(t))

    @property
    def word(self) -> bool:
        return self.name or self.text[:1].isalpha()


def _tokens(chunk: str, covered: list[tuple[int, int]], lo: int = 0, hi: int | None = None) -> list[_Tok]:
    """Words and signs of ``chunk[lo:hi]``; each registry name is one token."""
    out: list[_Tok] = []
    spans = iter(sorted(covered))
    nxt = next(spans, None)
    for m in WORD.finditer(chunk, lo, len(chunk) if hi is None else hi):
        ms, me = m.span()
        while nxt is not None and nxt[1] <= ms:
            nxt = next(spans, None)
        if nxt is not None and nxt[0] < me and ms < nxt[1]:
            if out and out[-1].name and out[-1].start == nxt[0]:
                continue
            out.append(_Tok(nxt[0], nxt[1], chunk[nxt[0] : nxt[1]], name=True))
            continue
        out.append(_Tok(ms, me, m.group(0)))
    return out


# --------------------------------------------------------------------------------- finding


def find_unregistered(work: str, start: int, end: int, registry: Registry | None) -> list[UnregisteredName]:
    """Names of bodies and events in ``work[start:end]`` that no registry name covers, in text
    order; offsets index ``work`` (and the document text it is a working copy of)."""
    chunk = work[start:end]
    heads = [m.start() for m in _ANY_HEAD.finditer(chunk)]
    if not heads:  # most paragraphs: no head word at all, nothing to read
        return []
    covered = [(m.start, m.end) for m in registry.find_all(chunk)] if registry is not None else []
    first_word = len(chunk) - len(chunk.lstrip())
    found: list[tuple[int, int, UnregisteredKind]] = []
    for lo, hi in _windows(chunk, heads):  # only the words around heads are read (a name is short)
        toks = _tokens(chunk, covered, lo, hi)
        for i in (i for i, t in enumerate(toks) if t.text in _HEAD_WORDS and not t.name):
            got = _name_at(chunk, toks, i, first_word)
            if got is not None:
                found.append(got)
    out: list[UnregisteredName] = []
    last_end = -1
    # longest first among overlapping candidates, then in text order
    for s, e, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if s < last_end:
            continue
        surface = chunk[s:e]
        key = normalise(surface)
        if not key:
            continue
        out.append(UnregisteredName(kind, key, start + s, start + e, surface))
        last_end = e
    return out


_BEFORE, _AFTER = 300, 900  # characters read around a head: its modifiers, its complement


def _windows(chunk: str, heads: list[int]) -> list[tuple[int, int]]:
    """Disjoint stretches of ``chunk`` around the heads, cut at white space."""
    out: list[tuple[int, int]] = []
    for h in heads:
        lo, hi = max(0, h - _BEFORE), min(len(chunk), h + _AFTER)
        while lo > 0 and not chunk[lo - 1].isspace():
            lo -= 1
        while hi < len(chunk) and not chunk[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


_HEAD_WORDS = BODY_HEADS | EVENT_HEADS | frozenset(LOWER_HEADS)


def _heads_pattern(words: frozenset[str]) -> str:
    """``(?<![\\w-])(?:w1|w2|…)(?![\\w-])``, longest first, written so the engine skips fast: one
    branch per first letter, the look-behind after that letter (a pattern opening with a
    look-behind is tried at every position; one opening with letters only where they stand). Only
    one branch can match at a position, and in it the words keep their order, so the matches are
    the same (half the time over a paragraph)."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    branches = (re.escape(c) + r"(?<![\w-].)(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    return "(?:" + "|".join(branches) + r")(?![\w-])"


_ANY_HEAD = re.compile(_heads_pattern(_HEAD_WORDS))


def _name_at(
    chunk: str, toks: list[_Tok], i: int, first_word: int = 0
) -> tuple[int, int, UnregisteredKind] | None:
    """The name whose head is token ``i``, if it is one: (start, end, kind) in ``chunk``."""
    tok = toks[i]
    if tok.name:
        return None
    text = tok.text
    lower = text in LOWER_HEADS
    if not lower and text not in BODY_HEADS and text not in EVENT_HEADS:
        return None
    kind: UnregisteredKind = "event" if (text in EVENT_HEADS or text in EVENT_OF_LOWER) else "body"
    first = _left(toks, i, lower, first_word)
    if lower:
        mods = {t.text.lower() for t in toks[first:i]}
        if not mods & LOWER_HEADS[text]:
            return None
    if INSTRUMENT_TAILS.match(chunk, tok.end):
        return None
    if text in ("Conference", "Meeting") and BODY_CONFERENCE.match(chunk, tok.end):
        kind = "body"
    modifiers = toks[first:i]
    tail_end = _tail(chunk, toks, i)
    end = toks[tail_end - 1].end
    if text in ESTABLISHED_HEADS or tail_end > i + 1:
        m = ESTABLISHED.match(chunk, end)
        if m is not None:
            end = m.end()
    if chunk[max(tok.end, end - 5) : end] == "theme":
        q = THEME.match(chunk, end)  # "the high-level debate on the theme “…”"
        if q is not None:
            end = q.end()
    has_tail = end > tok.end and not GENERIC_TAIL.match(chunk[tok.end : end])
    if lower and not has_tail and not (text == "session" and any(ORDINAL.match(t.text) for t in modifiers)):
        return None  # "the high-level meeting": a back-reference; "the thirtieth special session" is one
    if text in POST_MODIFIERS:
        needed = POST_MODIFIERS[text]
        if not any(t.text in needed for t in modifiers) and not (has_tail and text in ("Coordinator",)):
            return None
        if not has_tail and all(t.text in GENERIC_MODIFIERS for t in modifiers):
            return None
    elif not has_tail and all((t.text in GENERIC_MODIFIERS or ORDINAL.match(t.text)) for t in modifiers):
        return None  # "the Working Group", "the Commission": no name (all() of nothing is true)
    if toks[first].start > 0 and chunk[toks[first].start - 1] == "[":
        return None  # a template's placeholder: "[relevant UN Mission]"
    return toks[first].start, end, kind


def _left(toks: list[_Tok], i: int, lower: bool, first_word: int = 0) -> int:
    """Index of the first word of the name before head ``i``: capitalised words (and "and"
    between them), a year, an ordinal; for a lower-case head its lower-case modifiers too. Never a
    registry name, the paragraph's first word or a word after a full stop."""
    j = i
    while j > 0:
        prev = toks[j - 1]
        if prev.name or prev.start <= first_word:
            break
        before = toks[j - 2].text if j >= 2 else ""
        if before in (".", ";", ":", "?", "!"):
            break
        t = prev.text
        if lower and (t.lower() in _LOWER_MODIFIERS or ORDINAL.match(t)):
            j -= 1
            continue
        if t in NOT_MODIFIERS:
            break
        if prev.capital and prev.word:
            j -= 1
            continue
        if re.fullmatch(r"\d{4}", t) or ORDINAL.match(t):
            j -= 1
            continue
        if t in ("and", "of") and j >= 2 and toks[j - 2].capital and toks[j].capital and not toks[j - 2].name:
            j -= 1
            continue
        break
    while j < i and toks[j].text in ("and", "of"):
        j += 1
    return j


_LOWER_MODIFIERS = frozenset(
    {"high-level", "commemorative", "ministerial", "plenary", "special", "interactive", "thematic"}
)


def _tail(chunk: str, toks: list[_Tok], i: int) -> int:
    """Index one past the last word of the complement after head ``i`` (``i + 1``: none).

    Connectors join its parts; capitalised words and registry names follow a connector or each
    other; lower-case words make a title only after a head that takes one and a connector. Trailing
    connectors are left out ("… on the" ends at the head)."""
    j = i + 1
    last_content = i + 1  # one past the last word that may end a name
    words = 0
    lowercase_run = False  # inside a lower-case title ("on the sale of children")
    lower_titles = toks[i].text in LOWER_TITLE_HEADS
    while j < len(toks) and words < MAX_TAIL:
        t, prev = toks[j], toks[j - 1]
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        text = t.text
        if text == ",":
            if not _comma_continues(toks, j):
                break
            j += 1
            continue
        if not t.word:
            break
        if not t.name and text in CONNECTORS:
            if j == i + 1 and text in ("and", "or", "the", "a", "an"):
                break  # "the Mission and United Nations agencies": another phrase
            if nxt is None or not _connector_continues(text, prev, nxt, toks, j, lowercase_run):
                break
            if j == i + 1 and text == "of" and not lower_titles and not _capitalised_after(toks, j):
                break  # "inform the Council of progress"
            j += 1
            continue
        if t.capital:
            if j == i + 1 or not (prev.capital or prev.text in CONNECTORS or prev.text == ","):
                break  # a capitalised word straight after the head starts something else
            if nxt is not None and nxt.text == "/":
                break  # a document symbol glued to the name ("… Descent A/77/333")
            lowercase_run = False
        else:
            if text.lower() in STOPS or not lower_titles:
                break
            if not lowercase_run and prev.text not in CONNECTORS and prev.text != ",":
                break
            lowercase_run = True
        j += 1
        last_content = j
        words += 1
    return last_content


def _capitalised_after(toks: list[_Tok], j: int) -> bool:
    """Whether the word after connector ``j`` (past "the") is capitalised or a registry name."""
    k = j + 1
    if k < len(toks) and toks[k].text == "the":
        k += 1
    return k < len(toks) and toks[k].capital


def _connector_continues(
    text: str, prev: _Tok, nxt: _Tok, toks: list[_Tok], j: int, lowercase_run: bool
) -> bool:
    """Whether a connector word at ``j`` joins two parts of the title."""
    n = nxt.text
    if not nxt.word:
        return False
    if n in MONTHS:
        return False  # a date: "in September", "of 28 October"
    if text in ("and", "or"):
        # "Economic, Social and Cultural Rights", "women and children": the same case on both sides;
        # an acronym after "and" is another body ("the Special Representative and UNAMI")
        if nxt.capital:  # "… for Haiti and Head of BINUH": another post
            return not lowercase_run and prev.capital and not (nxt.name or ACRONYM.match(n) or n in POSTS)
        return lowercase_run and n.lower() not in AFTER_AND_STOPS
    if nxt.name:
        return True
    if text in ("the", "a", "an"):
        return n.lower() not in STOPS
    if n.lower() in STOPS or n[:1].isdigit():
        return False
    if text == "to":
        if prev.text.lower() in TO_AFTER:
            return True
        return prev.text in BODY_HEADS and nxt.capital  # "Mission to Somalia"
    if text == "in":
        if nxt.capital:
            return True
        if n == "the":
            after = toks[j + 2] if j + 2 < len(toks) else None
            return after is not None and after.capital
        return n in IN_LOWER
    if text == "for":
        if nxt.capital:
            return True
        after = toks[j + 2] if j + 2 < len(toks) else None
        return n == "the" and after is not None and after.capital
    return True  # of, on, against


def _comma_continues(toks: list[_Tok], j: int) -> bool:
    """A comma inside a title's enumeration ("racism, racial discrimination, xenophobia and related
    intolerance", "violence against women, its causes and consequences"): the words after it are
    lower case, few, and lead to another comma or to "and"/"or"."""
    k = j + 1
    if k >= len(toks) or not toks[k].word or toks[k].capital:
        return False
    first = toks[k].text
    if first in COMMA_STARTERS_NOT and first not in ("its", "especially"):
        return False
    n = 0
    while k < len(toks) and n <= 4:
        t = toks[k]
        if t.text in (",",) or t.text in ("and", "or"):
            return n > 0
        if not t.word or t.capital or (t.text in STOPS and not (n == 0 and t.text in ("its", "especially"))):
            return False
        n += 1
        k += 1
    return False

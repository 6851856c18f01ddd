"""Segmentation of a resolution body into preambular, operative and sub-paragraphs.

Works on the cleaned text (furniture, footnote bodies and chrome blanked with spaces), so positions
are offsets into the original. A paragraph starts where an opening phrase of the scheme stands at
the start of a line, after "1." or "(a)", or, in text flattened into one line, after a comma or
semicolon followed by a capitalised phrase ("…slavery, Recalling also …"). Blank lines are not
trusted (some copies put one between every line, others drop line ends), so a paragraph runs to the
next start, gap ("[...]") or chrome boundary. Text after a gap that begins mid-sentence is kept as a
fragment with no opening phrase. A paragraph stored twice (two copies of a page) is kept once
(:func:`dedupe`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipkg.loaders.parse.clean import Line
from tipkg.loaders.parse.footnotes import SUPERSCRIPTS
from tipkg.loaders.parse.phrases import PhraseMatch, PhraseScheme

_LEAD = re.compile(r"[ \t>\u00a0]*(?:[-•–]\s+)?[“\"‘']?[ \t\u00a0]*")
_NUMBER = re.compile(r"(\d{1,3})\.(?:[ \t\u00a0]+|(?=[*_]))(?=[*_]*[A-Z])")
_SUB = re.compile(r"\(([a-z]{1,2})\)[ \t\u00a0]+")
_MID_START = re.compile(
    r"[,;:]["
    + SUPERSCRIPTS
    + r"]*[ \t\u00a0\n]+(?:(?:\d{1,2}|["
    + SUPERSCRIPTS
    + r"]+)[ \t\u00a0\n]+)?(?=[*_]*[A-Z])"
)
# "…; 2. Urges", and in text flattened to one line the first operative paragraph after the last
# preambular one: "…persons,³ 1. Urges"
_MID_NUMBER = re.compile(
    r"[.;:,][" + SUPERSCRIPTS + r"]*[ \t\u00a0\n]+(\d{1,3})\.[ \t\u00a0\n]+(?=[*_]*[A-Z])"
)
_MID_QUOTED = re.compile(r"[.:;,”][ \t\u00a0\n]+“(?=The\s)")
_DISPLACED_NUMBER = re.compile(r"\s(\d{1,3})\.\s+(?=[a-z])")


_GENERIC = re.compile(r"(?:[A-Z][a-z]+ly\s+)?[A-Z][a-z]{2,}(?:ing|ed)(?:,|\s+(?:[a-z]|by\b))")


@dataclass
class Start:
    pos: int  # where the paragraph text starts (its number, letter or phrase)
    kind: str  # "preambular" | "operative" | "sub"
    number: str | None
    phrase: PhraseMatch | None


@dataclass
class Segment:
    kind: str
    start: int
    end: int
    number: str | None
    phrase: PhraseMatch | None
    fragment: bool = False
    parent: int | None = None  # index of the parent segment, for sub-paragraphs
    displaced: tuple[int, int] | None = None  # span of a paragraph number displaced into the text


def line_start(work: str, line: Line, scheme: PhraseScheme, pos: int | None = None) -> Start | None:
    """The paragraph opening at the start of ``line`` (or at ``pos`` inside it), if any."""
    at = line.start if pos is None else pos
    lead = _LEAD.match(work, at, line.end)
    p = lead.end() if lead else at
    if p >= line.end:
        return None
    m = _NUMBER.match(work, p, line.end)
    if m:
        ph = scheme.match_opening(work, m.end()) or scheme.match_statement(work, m.end())
        return Start(p, "operative", m.group(1), ph)
    m = _SUB.match(work, p, line.end)
    if m:
        return Start(p, "sub", m.group(1), None)
    ph = scheme.match_opening(work, p)
    if ph is not None:
        return Start(p, "operative" if ph.operative else "preambular", None, ph)
    ph = scheme.match_statement(work, p)  # "The Security Council recalls …", "We reaffirm …"
    if ph is not None and ph.start < line.end:
        return Start(p, "operative", None, ph)
    return None


def generic_opening(work: str, pos: int, end: int) -> bool:
    """A preambular opening the phrase scheme does not list: "Remaining concerned, therefore, about",
    "Seriously concerned", "Determined to" — an adverb or none, then a participle or adjective in -ing
    or -ed, then a word in lower case."""
    return _GENERIC.match(work, pos, end) is not None


def mid_line_starts(
    work: str, start: int, end: int, scheme: PhraseScheme, *, generic: bool = False
) -> list[Start]:
    """Openings inside flattened text: ", Recalling …", "; 2. Urges …"; with ``generic`` (in a
    preamble) also openings the scheme does not list (:func:`generic_opening`)."""
    out: list[Start] = []
    for m in _MID_START.finditer(work, start, end):
        ph = scheme.match_opening(work, m.end())
        if ph is not None:
            out.append(Start(ph.start, "operative" if ph.operative else "preambular", None, ph))
        elif generic and generic_opening(work, m.end(), end):
            out.append(Start(m.end(), "preambular", None, None))
    for m in _MID_QUOTED.finditer(
        work, start, end
    ):  # a statement's paragraphs: "… Council: “The Security Council recalls"
        ph = scheme.match_statement(work, m.end())
        if ph is not None and ph.operative:
            out.append(Start(m.end() - 1, "operative", None, ph))
    for m in _MID_NUMBER.finditer(work, start, end):
        after = m.end()
        ph = scheme.match_opening(work, after) or scheme.match_statement(work, after)
        if ph is not None and ph.operative:
            out.append(Start(m.start(1), "operative", m.group(1), ph))
    return out


def title_like(text: str) -> bool:
    """A short line without closing punctuation: a page title, site label or running header."""
    s = text.strip()
    return (
        bool(s)
        and len(s) < 70
        and not s.endswith((",", ";", ".", ":"))
        and (s[0].isupper() or s[0].isdigit())
    )


def segment(
    work: str,
    lines: list[Line],
    body_start: int,
    boundaries: set[int],
    starts_by_line: dict[int, Start | None],
    scheme: PhraseScheme,
) -> list[Segment]:
    """Split ``work`` (from ``body_start``) into segments.

    ``boundaries`` are line numbers that end any open paragraph (gaps, copy separators, site chrome,
    stray title lines); ``starts_by_line`` holds the line-initial opening of each line, if any.
    """
    events: list[tuple[int, int, Start | None]] = []  # (pos, order, start or None for boundary)
    operative_seen = False
    for line in lines:
        if line.end <= body_start:
            continue
        if line.number in boundaries:
            events.append((line.start, 0, None))
            continue
        lo = max(line.start, body_start)
        st = starts_by_line.get(line.number) if lo == line.start else line_start(work, line, scheme, lo)
        if st is not None:
            events.append((st.pos, 1, st))
            operative_seen = operative_seen or st.kind == "operative"
        for mst in mid_line_starts(work, lo, line.end, scheme, generic=not operative_seen):
            if st is None or mst.pos > st.pos:
                events.append((mst.pos, 1, mst))
                operative_seen = operative_seen or mst.kind == "operative"
    events.sort(key=lambda e: (e[0], e[1]))
    segments: list[Segment] = []
    cursor = body_start
    last_top: int | None = None  # index of the last top-level segment in the current section
    prev_kind = "preambular"
    for i, (pos, _, st) in enumerate(events):
        if pos > cursor:
            _fragment(work, cursor, pos, segments, prev_kind)
            if segments and segments[-1].fragment:
                last_top = len(segments) - 1
        if st is None:
            cursor = _line_end(work, pos)
            last_top = None
            continue
        nxt = events[i + 1][0] if i + 1 < len(events) else len(work)
        end = _rstrip(work, pos, nxt)
        cursor = nxt
        if st.kind == "sub":
            if last_top is None:
                seg = Segment(prev_kind, pos, end, None, None, fragment=True)
                segments.append(seg)
                last_top = len(segments) - 1
            else:
                segments.append(Segment("sub", pos, end, st.number, None, parent=last_top))
            continue
        seg = Segment(st.kind, pos, end, st.number, st.phrase)
        if seg.kind == "operative" and seg.number is None:
            m = _DISPLACED_NUMBER.search(work, pos, min(end, pos + 400))
            if m:
                seg.number = m.group(1)
                seg.displaced = (m.start(1), m.end(1) + 1)
        segments.append(seg)
        last_top = len(segments) - 1
        prev_kind = seg.kind
    if cursor < len(work):
        _fragment(work, cursor, len(work), segments, prev_kind)
    return segments


def _line_end(work: str, pos: int) -> int:
    nl = work.find("\n", pos)
    return len(work) if nl < 0 else nl + 1


def _rstrip(work: str, start: int, end: int) -> int:
    """End of the text before ``end``, without trailing white space or the next item's bullet."""
    while end > start and (work[end - 1].isspace() or work[end - 1] in '-•>“"'):
        if work[end - 1] in '-•>“"' and end - 2 >= start and not work[end - 2].isspace():
            break
        end -= 1
    return end


def _fragment(work: str, start: int, end: int, segments: list[Segment], prev_kind: str) -> None:
    """Text between a boundary and the next opening: kept when it reads as paragraph text."""
    while start < end and work[start].isspace():
        start += 1
    end = _rstrip(work, start, end)
    if end <= start:
        return
    chunk = work[start:end]
    words = re.findall(r"[A-Za-z]{2,}", chunk)
    if len(words) < 3:
        return
    first = next((c for c in chunk if c.isalpha()), "")
    if first.islower() or len(chunk) >= 120:
        segments.append(Segment(prev_kind, start, end, None, None, fragment=True))


_NOT_ALNUM = bytes(b for b in range(128) if not (48 <= b <= 57 or 97 <= b <= 122))


def _norm(s: str) -> bytes:
    """The ASCII letters and digits of ``s``, lower-cased (what ``[^a-z0-9]`` deletion leaves)."""
    return s.lower().encode("ascii", "ignore").translate(None, _NOT_ALNUM)


def dedupe(work: str, segments: list[Segment]) -> list[Segment]:
    """Keep each paragraph once when two stored copies overlap: the fuller copy wins.

    Paragraphs are compared on their letters and digits only, so line breaks, hyphenation artefacts
    ("preve nt") and quotation marks do not hide a repeat; a paragraph that is a prefix of another
    (a copy cut short) is the same paragraph.
    """
    tops = [i for i, s in enumerate(segments) if s.kind != "sub"]
    norms = {i: _norm(work[segments[i].start : segments[i].end]) for i in tops}
    dropped: set[int] = set()
    for a_pos, a in enumerate(tops):
        if a in dropped or len(norms[a]) < 30:
            continue
        for b in tops[a_pos + 1 :]:
            if b in dropped or len(norms[b]) < 30:
                continue
            na, nb = norms[a], norms[b]
            if na == nb or nb.startswith(na) or na.startswith(nb):
                loser = a if len(nb) > len(na) else b
                dropped.add(loser)
                if loser == a:
                    break
    keep = [
        i
        for i, s in enumerate(segments)
        if i not in dropped and (s.parent is None or s.parent not in dropped)
    ]
    remap = {old: new for new, old in enumerate(keep)}
    out: list[Segment] = []
    for i in keep:
        s = segments[i]
        if s.parent is not None:
            s.parent = remap.get(s.parent)
        out.append(s)
    return out

"""Footnotes: their bodies (numbered, superscript-led or listed without numbers) and their markers.

Footnote bodies are taken out of the paragraph stream (they interrupt paragraphs at page ends) and
resolved to what they locate: a UNTS volume to its instrument, "Resolution 217 A (III)." to the
resolution and the instrument it adopted, an Official Records reference to its document symbol.
Markers in the body text are Unicode superscripts or, in text extracted from PDFs, bare numbers
glued to or following a word ("Crime3 and", "Crime 1 and", "Development, 1 and"); bare numbers are
accepted only in footnote order, which keeps "paragraph 6 of" and dates out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tipkg.loaders.parse.clean import FOOTNOTE_RULE, Line, is_gap, is_separator
from tipkg.loaders.parse.dates import MONTH_RE
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.symbols import BODY_NAMES, symbol_for

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

_MARKER_ONLY = re.compile(r"^\s*(\d{1,3}|[" + SUPERSCRIPTS + r"]+|\*{1,3})\s*$")
_MARKER_TEXT = re.compile(r"^\s*(\d{1,3}|[" + SUPERSCRIPTS + r"]+|\*{1,3})\s+(\S.*?)\s*$")
_SUPERSCRIPT_LINE = re.compile(r"^\s*([" + SUPERSCRIPTS + r"]+)\s*(\S.*?)\s*$")
_STAR_LINE = re.compile(r"^\s*(\*{1,3})\s+(\S.*?)\s*$")
_SLASH_LINE = re.compile(r"^\s*(\d{1,3})/\s+(\S.*?)\s*$")  # "1/ United Nations, …" (older UN style)
# A footnote body listed without its number (copies that drop the numbers).
_SEE = r"(?:See\s+(?:also\s+)?|Cf\.\s+)"
_UNNUMBERED = re.compile(
    r"^\s*((?:"
    + _SEE
    + r"(?:[Rr]esolution|[Dd]ecision)s?\s+\S|"
    + _SEE
    + r"?(?:Resolution\s+\S|Decision\s+\S|Ibid\b|"
    r"United\s+Nations,\s+\*?Treaty\s+Series|Official\s+Records\b|"
    r"(?:General\s+Assembly|Economic\s+and\s+Social\s+Council|Security\s+Council|Human\s+Rights\s+Council)"
    r"\s+(?:resolution|decision)\s)).{0,150}?\.)\s*$"
)


@dataclass
class FootnoteBody:
    """A footnote body found in the text; ``start``/``end`` index its text (without the marker)."""

    marker: str | None
    start: int
    end: int
    lines: list[int] = field(default_factory=list)  # line numbers it occupies (marker lines too)


def marker_value(marker: str) -> str:
    return marker.translate(_SUP_TO_DIGIT)


def find_bodies(
    lines: list[Line], text: str, skip: set[int], is_start: dict[int, bool], markdown: bool = False
) -> list[FootnoteBody]:
    """Footnote bodies in ``lines`` (line numbers in ``skip`` are furniture or header).

    In Markdown a line starting "* " is a list item, elsewhere it is the "*" footnote.

    ``is_start`` says, per line number, whether the line opens a paragraph: a footnote area after a
    rule ends at the next paragraph, gap or piece of furniture.
    """
    out: list[FootnoteBody] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.number in skip and FOOTNOTE_RULE.match(line.text):
            i = _footnote_area(lines, i + 1, text, skip, is_start, out)
            continue
        if line.number in skip or is_gap(line) or is_separator(line):
            i += 1
            continue
        star = None if markdown else _STAR_LINE.match(line.text)  # "* item" is a Markdown list item
        m = _SUPERSCRIPT_LINE.match(line.text) or star or _SLASH_LINE.match(line.text)
        if m:
            body = _body(line, m, marker_value(m.group(1)))
            out.append(body)
            i = _continuation(lines, i + 1, body, skip, is_start)
            continue
        elif not is_start.get(line.number, False):
            u = _UNNUMBERED.match(line.text)
            if u:
                out.append(FootnoteBody(None, line.start + u.start(1), line.start + u.end(1), [line.number]))
        i += 1
    return out


def _continuation(
    lines: list[Line], i: int, body: FootnoteBody, skip: set[int], is_start: dict[int, bool]
) -> int:
    """A footnote wrapped over lines: following lines join it until one ends a sentence."""
    taken = 0
    while i < len(lines) and taken < 4:
        last = lines[body.lines[-1] - 1].text.rstrip()
        if last.endswith((".", ".)", ".”")):
            break
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if (
            line.number in skip
            or is_gap(line)
            or is_separator(line)
            or is_start.get(line.number, False)
            or _SUPERSCRIPT_LINE.match(line.text)
            or _STAR_LINE.match(line.text)
        ):
            break
        body.end = line.start + len(line.text.rstrip())
        body.lines.append(line.number)
        taken += 1
        i += 1
    return i


def _body(line: Line, m: re.Match[str], marker: str) -> FootnoteBody:
    return FootnoteBody(marker, line.start + m.start(2), line.start + m.end(2), [line.number])


def _footnote_area(
    lines: list[Line], i: int, text: str, skip: set[int], is_start: dict[int, bool], out: list[FootnoteBody]
) -> int:
    """Numbered footnotes after a rule: "1" then its text, or "1 text"; continuation lines join."""
    current: FootnoteBody | None = None
    pending: str | None = None
    pending_line = 0
    while i < len(lines):
        line = lines[i]
        if line.number in skip or is_gap(line) or is_separator(line):
            break
        if line.blank:
            i += 1
            continue
        mo = _MARKER_ONLY.match(line.text)
        mt = _MARKER_TEXT.match(line.text)
        if mo:
            pending, pending_line = marker_value(mo.group(1)), line.number
            current = None
        elif pending is not None:
            s = len(line.text) - len(line.text.lstrip())
            current = FootnoteBody(
                pending, line.start + s, line.start + len(line.text.rstrip()), [pending_line, line.number]
            )
            out.append(current)
            pending = None
        elif mt:
            current = _body(line, mt, marker_value(mt.group(1)))
            out.append(current)
        elif current is not None and not is_start.get(line.number, False):
            current.end = line.start + len(line.text.rstrip())
            current.lines.append(line.number)
        else:
            break
        i += 1
    return i


# ----------------------------------------------------------------------------------------- markers

_SUP_MARKER = re.compile(r"[" + SUPERSCRIPTS + r"]+")
# "Human Rights,  1/ the Convention": the older UN style of marker.
_SLASH_MARKER = re.compile(r"(?<=[\w,;.)”’\"])[ \t]{0,3}(\d{1,3})/(?=\s|$)")
# A bare number after a word or a comma: "Crime 1 and", "Crime3 and", "Development, 1 and", "Women, 6".
_BARE_MARKER = re.compile(r"(?<=[A-Za-z)\]”’\",;])(\s?)(\d{1,2})(?![\d/.\-–]\d|\d|\s*[/%(]|\s*per\s+cent)")
_NOT_AFTER = re.compile(
    r"\b(?:paragraphs?|paras?\.?|articles?|arts?\.|items?|chapters?|chap\.|sections?|sect\.|annex(?:es)?|"
    r"No\.|no\.|vol\.|volumes?|pages?|p\.|pp\.|targets?|goals?|resolutions?|decisions?|sessions?|"
    r"Supplement|parts?|rules?|principles?|recommendations?|and|or|to|from|on|of|by|at|in|between|"
    r"than|over|under|some|about|nearly|within|for|with|Protocol|Covenant|Article|Paragraph|Goal|Target|"
    r"Rule|Principle|Part|Chapter|Section|Annex|Series|Part|level|phase|meeting|Committee|"
    + MONTH_RE
    + r")[\s,]*$"
)
_NOT_BEFORE = re.compile(
    r"\s*(?:" + MONTH_RE + r"|and\s+\d|to\s+\d|[-–]\s*\d|st\b|nd\b|rd\b|th\b|years?\b|per\b|%)"
)
_FOLLOW_OK = re.compile(r"\s*(?:$|\n|[,;.:)]|\s[a-z“\"(]|\s+[A-Z][a-z]+ing\b)")


_DIGITS = re.compile(r"\d+")


def _bare_markers(work: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_BARE_MARKER.finditer(work, start, end)``, tried only at runs of one or two digits.

    Its leading look-behind keeps the regex engine from skipping ahead, so scanning every position
    cost more than the rest of the marker search; a run of three or more digits never matches,
    and a run matches with the white space before it, if any, or from its first digit.
    """
    for run in _DIGITS.finditer(work, start, end):
        d = run.start()
        if run.end() - d > 2 or (d > 0 and work[d - 1].isdigit()):
            continue
        at = d - 1 if d - 1 >= start and work[d - 1].isspace() else d
        m = _BARE_MARKER.match(work, at, end)
        if m is not None:
            yield m


@dataclass(frozen=True)
class Marker:
    value: str
    start: int
    end: int


def find_markers(work: str, start: int, end: int, last: int) -> tuple[list[Marker], int]:
    """Footnote markers in ``work[start:end]``; ``last`` is the number of the last marker seen.

    Bare numbers are accepted only as the next few numbers of the sequence, so document numbers,
    dates and cross-references ("paragraph 6") stay out.
    """
    found: list[Marker] = []
    for m in _SUP_MARKER.finditer(work, start, end):
        found.append(Marker(marker_value(m.group(0)), m.start(), m.end()))
    # "12/" needs its slash; the pattern's look-behind keeps the regex engine from skipping ahead
    for m in _SLASH_MARKER.finditer(work, start, end) if work.find("/", start, end) >= 0 else ():
        found.append(Marker(m.group(1), m.start(1), m.end()))
    sup_positions = {m.start for m in found}
    for m in _bare_markers(work, start, end):
        if m.start(2) in sup_positions:
            continue
        value = int(m.group(2))
        if not last < value <= last + 3:
            continue
        before = work[max(0, m.start() - 40) : m.start()]
        after = work[m.end() : m.end() + 20]
        if _NOT_AFTER.search(before) or _NOT_BEFORE.match(after) or not _FOLLOW_OK.match(after):
            continue
        if after.startswith(".") and re.match(r"\.\s+[a-z]", after):
            continue  # "Member States 1. and": a displaced paragraph number, handled elsewhere
        found.append(Marker(str(value), m.start(2), m.end(2)))
        last = value
    found.sort(key=lambda mk: mk.start)
    for mk in found:
        if mk.value.isdigit():
            last = max(last, int(mk.value))
    return found, last


_THE_NAME = re.compile(r"\bthe\s+[A-Z]")
_NAME_START = re.compile(r"(?:^|[,;]\s+|\band\s+)(the\s+[A-Z])")


# Where a name starts in the other languages: after a comma or a conjunction ("…, et la Convention
# supplémentaire …⁸", "и Дополнительной конвенции …", "وبروتوكول …", "、《…》"), no article needed.
_NAME_START_ANY = re.compile(r"(?:[,;،，、；]\s*|\s(?:et|y|e|и|а\s+также)\s+|\sو(?=\S))")


def phrase_before(work: str, para_start: int, marker: int, language: str = "en") -> int | None:
    """Start of the name a footnote marker follows ("… and the Declaration on … Women, 6")."""
    lo = max(para_start, marker - 200)
    if language != "en":
        starts = [m.end() for m in _NAME_START_ANY.finditer(work, lo, marker) if m.end() < marker - 1]
        return starts[-1] if starts else lo
    best = None
    for m in _NAME_START.finditer(work, lo, marker):
        best = m.start(1)
    if best is None:  # the name follows the opening phrase: "Recalling the Test Declaration,¹"
        first = _THE_NAME.search(work, lo, marker)
        best = first.start() if first else None
    return best


# ------------------------------------------------------------------------------------- resolution

_UNTS = re.compile(r"United\s+Nations,\s+\*?Treaty\s+Series\*?,\s+vol\.\s+(\d+)(?:,\s+No\.\s+(\d+))?")
_IBID = re.compile(r"^\s*Ibid\.?(?:,\s+vol\.\s+(\d+)(?:,\s+No\.\s+(\d+))?)?")
# The Treaty Series and "Ibid." as the other language versions write them: "Nations Unies, Recueil des
# Traités, vol. 2225, no 39574", "Naciones Unidas, Treaty Series, vol. 2225, núm. 39574", "Организация
# Объединенных Наций, Серия договоров, т. 2225, № 39574", "联合国，《条约汇编》，第2225卷，第39574号",
# "الأمم المتحدة، مجموعة المعاهدات، المجلد 2225، الرقم 39574"; "Там же", "同上", "المرجع نفسه".
# one volume: "vols. 2171 and 2173" (the English reader resolves no "vols.") locates several instruments
# in one footnote, and "第2171和2173卷", "т. 2171 и 2173" do so as well
_VOL_NO = (
    r"\s*(?:vol\.|т\.|المجلد|第)\s*(\d+)(?!\s*(?:和|及|、|and|et|y|и|و|,)\s*\d)\s*卷?"
    r"(?:\s*[,，،]\s*(?:No\.|no|n[°º]|núm\.|№|الرقم|第)\s*(\d+)号?)?"
)
_UNTS_ANY = re.compile(
    r"(?:United\s+Nations|Nations\s+Unies|Naciones\s+Unidas|Организация\s+Объединенных\s+Наций|联合国|الأمم\s+المتحدة)"
    r"\s*[,，،]\s*\*?(?:Treaty\s+Series|Recueil\s+des\s+Trait[ée]s|Serie\s+de\s+Tratados|Серия\s+договоров"
    r"|《条约汇编》|مجموعة\s+المعاهدات)\*?\s*[,，،]" + _VOL_NO
)
_IBID_ANY = re.compile(r"^\s*(?:Ibid\.?|Там\s+же\.?|同上|المرجع\s+نفسه)(?:\s*[,，،]" + _VOL_NO + r")?")
_RES_NOTE = re.compile(
    r"^\s*(?:See\s+(?:also\s+)?)?(?:(General\s+Assembly|Economic\s+and\s+Social\s+Council|Security\s+Council|"
    r"Human\s+Rights\s+Council)\s+)?([Rr]esolution|[Dd]ecision)\s+("
    r"(?:[SE]S-)?\d{1,4}/\d{1,4}|\d{1,4}\s+[A-Z]\s+\([IVXLC]+\)|\d{1,4}\s+\((?:[IVXLC]+|\d{4})\))"
)
# "Résolution 70/1.", "Resolución 70/1.", "Резолюция 70/1.", "第70/1号决议。", "القرار 70/1.": the
# footnote of one General Assembly resolution (a body named in it is read by the paragraph reader)
_RES_NOTE_ANY = re.compile(
    r"^\s*(?:(?:R[ée]solution|Resoluci[óo]n|Резолюция|القرار)\s+(\d{1,4}/\d{1,4})|第(\d{1,4}/\d{1,4})号决议)\W*$"
)
_OFFICIAL_RECORDS = re.compile(r"Official\s+Records\s+of\s+the\s+[^()]*?\(([A-Z]{1,5}/[^\s)]+)\)")


@dataclass(frozen=True)
class Resolved:
    """What a footnote body locates."""

    citation: str | None  # dcterms:bibliographicCitation
    instrument: str | None  # registry key
    document: str | None  # symbol
    series: str | None = None  # "United Nations, Treaty Series" for a following "Ibid."
    volume: int | None = None


def resolve_note(
    text: str, previous: Resolved | None, unts: dict[int, str], adopted_by: dict[str, list[str]]
) -> Resolved:
    """Resolve a footnote body; ``unts`` maps UNTS volumes to registry keys, ``adopted_by`` maps
    resolution symbols to the instruments they adopted."""
    flat = " ".join(text.replace("*", "").split()).removeprefix("() ")  # Arabic files: "() القرار …"
    m = _UNTS.search(flat) or _UNTS_ANY.search(flat)
    if m:
        vol = int(m.group(1))
        return Resolved(m.group(0), unts.get(vol), None, "United Nations, Treaty Series", vol)
    m = _IBID.match(flat) or _IBID_ANY.match(flat)
    if m and previous is not None:
        if m.group(1) and previous.series:
            vol = int(m.group(1))
            cit = f"{previous.series}, vol. {vol}" + (f", No. {m.group(2)}" if m.group(2) else "")
            return Resolved(cit, unts.get(vol), None, previous.series, vol)
        return previous
    m = _RES_NOTE.match(flat)
    if m:
        body = BODY_NAMES.get(" ".join((m.group(1) or "general assembly").split()).lower(), "GA")
        kind = "decision" if m.group(2).lower() == "decision" else "resolution"
        sym = symbol_for(body, kind, m.group(3))
        instruments = adopted_by.get(sym, [])
        return Resolved(flat.rstrip("."), instruments[0] if len(instruments) == 1 else None, sym)
    m = _RES_NOTE_ANY.match(flat)
    if m:
        sym = symbol_for("GA", "resolution", m.group(1) or m.group(2))
        instruments = adopted_by.get(sym, [])
        return Resolved(flat.rstrip(".。"), instruments[0] if len(instruments) == 1 else None, sym)
    m = _OFFICIAL_RECORDS.search(flat)
    if m:
        return Resolved(flat.rstrip("."), None, m.group(1))
    return Resolved(flat.rstrip(".") or None, None, None)


def registry_indexes(registry: Registry | None) -> tuple[dict[int, str], dict[str, list[str]]]:
    """UNTS volumes → instrument keys, and resolution symbols → the instruments they adopted."""
    unts: dict[int, str] = {}
    adopted: dict[str, list[str]] = {}
    if registry is None:
        return unts, adopted
    for e in registry.of_kind("instrument"):
        for f in e.facts_named("unts_volume"):
            unts.setdefault(int(f.value), e.key)
        for f in e.facts_named("adopted_by"):
            keys = adopted.setdefault(str(f.value), [])
            if e.key not in keys:
                keys.append(e.key)
    return unts, adopted

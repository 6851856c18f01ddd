"""The heading of a resolution: symbol, adopting body, dates, session, agenda item, title.

Everything comes from the heading as printed: "A/RES/61/180", "Resolution adopted by the General
Assembly on 20 December 2006", "Adopted by the Security Council at its 7847th meeting, on 20
December 2016", "61/180. Improving …" (the number under which the body adopted it), "Resolution
11/3." under a "Human Rights Council" heading, "Distr.: General 8 March 2007", "Sixty-first
session", "Agenda item 98", the closing "44th plenary meeting 25 July 2008". The heading ends at the
adopting line ("The General Assembly,").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tipkg.loaders.parse.dates import DAY_MONTH_YEAR, MONTH_RE, parse_date
from tipkg.loaders.parse.phrases import load_scheme
from tipkg.loaders.parse.references import SYMBOL, body_key_for_name
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.symbols import ADOPTING_BODIES, body_of_symbol, doc_type_of, symbol_for

_WORD = r"(?:[A-Z][\w\-]*|and|of|on|the|for|against|to|in)"
# "The General Assembly," — some official texts print the formula without its comma, on a line of its own
ADOPTING = re.compile(r"(?<![\w,])The\s+([A-Z][\w\-]*(?:\s+" + _WORD + r"){0,16}?)(?:\s*,|[ \t]*(?=\n))")
_ADOPTING_BARE = re.compile(
    r"(?<![\w,])The\s+((?:General\s+Assembly|Economic\s+and\s+Social\s+Council|Security\s+Council|"
    r"Human\s+Rights\s+Council|Commission\s+on\s+[A-Z][\w\s]{3,60}?))[ \t]+(?=[A-Z][a-z])"
)
_DECISION_FORMULA = re.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=\s))At\s+(?:its|the)\s+\d+\w*\s+(?:plenary\s+)?meeting\b[^\n]{0,120}?\b[Tt]he\s+"
    r"((?:General\s+Assembly|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|Commission\s+on\s+[A-Z][\w\s]{3,60}?))\s*,"
)
_MASTHEAD = 40  # "United Nations S/PRST/2015/25 Security Council …": where a one-line copy prints its symbol
_DISTR = re.compile(
    r"Distr\.\s*:?\s*(?:General|GENERAL|Limited|LIMITED|Restricted|RESTRICTED)\s+(\d{1,2}\s+"
    + MONTH_RE
    + r"\s+\d{4})"
)
_SESSION = re.compile(
    r"\b((?:[A-Z][a-z]+-\s?)?[A-Za-z]*(?:first|second|third|[a-z]th|\dst|\dnd|\drd|\dth)"
    r"(?:\s+(?:special|regular|emergency\s+special))?\s+[Ss]ession)\b"
)
_AGENDA = re.compile(r"\bAgenda\s+items?\s+(\d+(?:\s*\([a-z]\))?[a-z]?)")
_ADOPTED = re.compile(
    r"[Aa]dopted\s+by\s+the\s+([A-Z][\w\s]+?)(?:\s+at\s+its\s+(\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting))?"
    r",?\s+on\s+(\d{1,2}\s+" + MONTH_RE + r"\s+\d{4})"
)
_CLOSING = re.compile(
    r"(\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting)\s*,?\s*(\d{1,2}\s+" + MONTH_RE + r"\s+\d{4})",
    re.IGNORECASE,
)
_NUMBERED_TITLE = re.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=\]\s)|(?<=\s))(?:(Resolution|Decision)\s+)?"
    r"((?:[SE]S-)?\d{1,4}[ \t]?/[ \t]?\d{1,4}|\d{1,4}\s+\(\d{4}\))\.?\*{0,3}(?=\s)"
)
_DECISION_ADOPTED = re.compile(r"\bDecision\s+adopted\s+by\b", re.IGNORECASE)
_HEADING_WORDS = re.compile(
    r"^(?:United Nations\s*$|Distr\.|(?:General Assembly|Security Council|Economic and Social Council|"
    r"Human Rights Council)(?:\s*$|\s+Distr|\s+\S+\s+[Ss]ession)|Resolution adopted|Adopted by|Agenda item|"
    r"\[|\d{1,2}\s+" + MONTH_RE + r"|on\s+\d{1,2}\s+" + MONTH_RE + r")",
)
_BRACKET_REF = re.compile(r"\[[^\]]*?\(\s*([A-Z]{1,5}/[^\s)]+)\s*\)\s*\]")


@dataclass
class HeaderRef:
    symbol: str
    start: int
    end: int
    doc_type: str


@dataclass
class Header:
    body_start: int = 0  # offset where the body (first paragraph) may begin
    body: str | None = None
    adopting: tuple[int, int] | None = None  # span of "The General Assembly"
    symbol: str | None = None
    symbol_span: tuple[int, int] | None = None
    doc_type: str = "resolution"
    date: str | None = None
    title: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    meeting: str | None = None
    distribution_date: str | None = None
    refs: list[HeaderRef] = field(default_factory=list)
    formula_opens: bool = (
        False  # a decision's "At its … meeting, … the General Assembly," opens its paragraph
    )


def find_adopting(
    text: str, registry: Registry | None, start: int = 0, end: int | None = None
) -> re.Match[str] | None:
    """The first "The <body>," line naming an adopting body (in text flattened to one line, a
    formula printed without its comma is found by the paragraph opening that follows it)."""
    stop = len(text) if end is None else end
    for m in ADOPTING.finditer(text, start, stop):
        if body_key_for_name(m.group(1), registry) in ADOPTING_BODIES:
            bare = _bare_adopting(text, registry, start, m.start())
            return bare or m
    return _bare_adopting(text, registry, start, stop)


def _bare_adopting(text: str, registry: Registry | None, start: int, stop: int) -> re.Match[str] | None:
    scheme = load_scheme()
    for m in _ADOPTING_BARE.finditer(text, start, stop):
        if body_key_for_name(m.group(1), registry) not in ADOPTING_BODIES:
            continue
        ph = scheme.match_opening(text, m.end())
        if ph is not None:
            return m
    return None


def parse_header(text: str, registry: Registry | None) -> Header:
    h = Header()
    m = find_adopting(text, registry)
    if m is None:
        d = _DECISION_FORMULA.search(text)
        if d is not None and body_key_for_name(d.group(1), registry) in ADOPTING_BODIES:
            # a decision: "At its 55th plenary meeting, on 20 January 2022, the General Assembly, …
            # decided:" opens its only paragraph; the heading ends before it
            h.body = body_key_for_name(d.group(1), registry)
            h.body_start = d.start()
            h.formula_opens = True
            zone = text[: d.start()]
            _dates_and_meta(h, zone, registry)
            _symbol_and_title(h, text, zone, d.start())
            return h
        # A page without the adopting line (a later page, a fragment): only printed symbols count.
        zone = text[: leading_zone_end(text) or _MASTHEAD]  # flattened: the masthead's first characters
        for sm in SYMBOL.finditer(zone):
            sym = " ".join(sm.group(0).split())
            if re.search(r"/(?:RES|DEC|PRST)/", sym):
                h.symbol, h.symbol_span, h.doc_type = sym, (sm.start(), sm.end()), doc_type_of(sym)
                h.body = body_of_symbol(sym)
                break
        return h
    h.body = body_key_for_name(m.group(1), registry)
    h.adopting = (m.start(), m.end() - 1)
    h.body_start = m.end()
    zone = text[: m.start()]
    _dates_and_meta(h, zone, registry)
    _symbol_and_title(h, text, zone, m.start())
    closings = list(_CLOSING.finditer(text))
    if closings:
        cm = closings[-1]
        if h.meeting is None:
            h.meeting = " ".join(cm.group(1).split())
        if h.date is None:
            h.date = parse_date(cm.group(2))
    return h


def leading_zone_end(text: str) -> int:
    """End of the first lines that hold no sentence (symbol lines, page numbers), at most 300 chars."""
    pos = 0
    for line in text.split("\n"):
        s = line.strip()
        if (s and (len(s) > 60 or s.endswith((",", ";", ".")))) or pos > 300:
            break
        pos += len(line) + 1
    return min(pos, len(text))


def _dates_and_meta(h: Header, zone: str, registry: Registry | None) -> None:
    d = _DISTR.search(zone)
    if d:
        h.distribution_date = parse_date(d.group(1))
    s = _SESSION.search(zone)
    if s:
        h.session = " ".join(s.group(1).split())
    a = _AGENDA.search(zone)
    if a:
        h.agenda_item = " ".join(a.group(1).split())
    ad = _ADOPTED.search(zone)
    if ad:
        h.date = parse_date(ad.group(3))
        if ad.group(2):
            h.meeting = " ".join(ad.group(2).split())
        h.body = h.body or body_key_for_name(" ".join(ad.group(1).split()), registry)


def _symbol_and_title(h: Header, text: str, zone: str, zone_end: int) -> None:
    own: tuple[int, int] | None = None
    for sm in SYMBOL.finditer(zone):
        sym = " ".join(sm.group(0).split())
        if own is None and re.search(r"/(?:RES|DEC|PRST)/", sym):
            h.symbol, own = sym, (sm.start(), sm.end())
            h.doc_type = doc_type_of(sym)
    for bm in _BRACKET_REF.finditer(zone):
        sym = bm.group(1).rstrip(".")
        h.refs.append(
            HeaderRef(sym, bm.start(), bm.end(), "report" if "report" in bm.group(0) else "document")
        )
    numbered = None
    for nm in _NUMBERED_TITLE.finditer(zone):
        if nm.group(2) and ("/" in nm.group(2) or "(" in nm.group(2)):
            numbered = nm
    if numbered is not None:
        decision = (numbered.group(1) or "").lower() == "decision" or bool(_DECISION_ADOPTED.search(zone))
        kind = "decision" if decision else "resolution"
        if h.symbol is None and h.body is not None:
            number = re.sub(r"\s*/\s*", "/", " ".join(numbered.group(2).split()))  # "44 / 4" in PDF text
            h.symbol = symbol_for(h.body, kind, number)
            h.doc_type = kind
        span = (numbered.start(), numbered.end())
        own = own or span
        rest = [
            ln
            for ln in zone[numbered.end() :].split("\n")
            if not _HEADING_WORDS.match(ln.strip()) and not re.match(r"\s*\*{1,3}\s", ln)
        ]
        title = " ".join(" ".join(rest).split()).lstrip(".* ").strip()
        h.title = title or None
    else:
        h.title = _fallback_title(zone)
    if h.title:
        h.title = h.title.strip(" .")
        if len(h.title) < 3 or DAY_MONTH_YEAR.fullmatch(h.title):
            h.title = None
    h.symbol_span = own


def _fallback_title(zone: str) -> str | None:
    """The last heading line that is not a known heading item (symbols, dates, bodies)."""
    candidates = []
    for raw in zone.split("\n"):
        s = " ".join(raw.split())
        if not s or SYMBOL.fullmatch(s) or _HEADING_WORDS.match(s) or re.match(r"^Resolution\s+\d", s):
            continue
        if _SESSION.search(s) or _DISTR.search(s) or len(s) < 12 or ":" in s:
            continue
        candidates.append(s)
    return candidates[-1] if candidates else None

"""References to UN documents in resolution text: symbols, resolution and decision lists.

Recognised (../shared/DESIGN.md, "Symbols and references"):

* symbols as printed: A/RES/61/180, A/RES/317 (IV), A/RES/S-13/2, E/RES/2006/27, E/CN.4/RES/2004/45,
  S/RES/2331 (2016), S/PRST/2015/25, A/HRC/RES/8/12, reports A/61/444, S/2016/949, A/HRC/10/16;
* lists after "resolution(s)"/"decision(s)": "its resolutions 55/25 of 15 November 2000, 58/137 … and
  59/166", "Council resolutions 26/8 … and 32/3", "decisions 16 (LVI) and 17 (LVI) of 17 May 1974
  and 1980/127", "resolutions 2195 (2014) and 2253 (2015), …, as well as 2242 (2015)";
* the issuing body: named before the keyword ("Economic and Social Council resolution 2006/27"),
  after the number ("resolution 17/1 of the Commission on Crime Prevention and Criminal Justice"),
  "its"/"Council"/"Assembly" (the adopting body), or by default the adopting body;
* "Presidential Statement 2015/25" (Security Council).

A date written at the reference ("of 27 July 2006") is the citation date; a date closing a list of
numbers ("63/156 and 63/194 of 18 December 2008") applies to every undated number before it.

Which body issues which symbols, and the symbol rule for bodies without symbols of their own, are
:mod:`tipkg.ontology.symbols`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tipkg.loaders.model import Target
from tipkg.loaders.parse.dates import MONTH_RE, parse_date, parse_date_in
from tipkg.loaders.parse.lexicon import AND_ANY, DATE_AFTER_IN, ENTITLED, KEYWORDS_ANY, body_after_in
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.symbols import (
    ADOPTING_BODIES,
    BODY_NAMES,
    body_of_symbol,
    doc_type_of,
    fits,
    never_numbered,
    sc_year,
    symbol_for,
    symbol_prefix,
)

#: A UN document symbol as printed.
SYMBOL = re.compile(
    r"(?<![\w/])(?:A|E|S|CCPCJ|CTOC|ST|TD|UNEP|DP|HRI|CEDAW|CRC|CCPR|CAT|CERD|CMW)"
    r"(?:/(?:[A-Za-z0-9.\-]*[A-Za-z0-9]))+(?:\s\((?:\d{4}|[IVXLC]+)\))?"
)
# A number as printed after "resolution(s)": 61/180 (with its parts: 75/253 B, 40/257 A to C),
# S-13/2, ES-11/4, 217 A (III), 2331 (2016).
NUM = (
    r"(?:(?:S|ES)-\d{1,2}/\d{1,3}|\d{1,4}/\d{1,4}(?:\s+[A-Z](?:\s*(?:-|to|and)\s*[A-Z])?(?![\w/]))?"
    r"|\d{1,4}\s+[A-Z]\s+\([IVXLC]+\)|\d{1,4}\s+\((?:[IVXLC]+|\d{4})\))"
)
_NUM = re.compile(NUM + r"(?![\w/])")
_NUM_AFTER_NAME = re.compile(r"\s*(?=" + NUM + r"(?![\w/]))")
# the keywords of the other official languages too (lexicon.KEYWORDS_ANY)
_KEYWORD = re.compile(
    r"\b(resolutions?|decisions?|[Pp]residential\s+[Ss]tatements?|" + KEYWORDS_ANY + r")\s+(?=(?:[SE]S-)?\d)",
    re.IGNORECASE,
)
# What every _KEYWORD match ends with (its last white space and look-ahead): where it is nowhere, no
# keyword is, and the keyword scan (tried at every position: it opens with \b) is not run.
_NUMBER_AFTER = re.compile(r"\s(?:[SE]S-)?\d", re.IGNORECASE)
# "of 16 December 2021", "on 16 December 2021", "of 15 of December of 2022"
_DATE_AT = re.compile(r"\s+(?:of|on)\s+(\d{1,2}\s+(?:of\s+)?" + MONTH_RE + r"\s+(?:of\s+)?\d{4})")
_BODY_AFTER = re.compile(r"\s+(?:of|by)\s+(?=the\s+[A-Z])")
_AND = r"(?:and|" + AND_ANY + r")"
_SEPARATOR = r"(?:\s*[,،]\s*(?:" + _AND + r"\s*)?|\s+" + _AND + r"\s*(?:also\s+)?|\s*,?\s+as\s+well\s+as\s+)"
_CONNECT = re.compile(_SEPARATOR + r"(?=" + NUM + r"(?![\w/]))")
_CONTINUE = re.compile(
    r"(?:[,،]\s*(?:" + _AND + r"\s*)?|\s+" + _AND + r"\s*|,?\s+as\s+well\s+as\s+)(?=" + NUM + r"(?![\w/]))"
)
# A number with its year in brackets (the Council's): the Council prints each date after its own number
# ("1970 (2011) of 26 February 2011, 1973 (2011) of 17 March 2011"), a list's date is its last item's
_YEARED = re.compile(r"\(\d{4}\)$")
_TRAILING_DATE = re.compile(r"\bof\s+(\d{1,2}\s+" + MONTH_RE + r"\s+\d{4})(?=\s*(?:[,;.]|$))")
_ENTITLED_AT = re.compile(r"\s*,?\s*(?:" + ENTITLED.pattern + ")")
_CONNECT_BARE = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:also\s+)?|\s*,?\s+as\s+well\s+as\s+)(?=\d{3,4}(?![\w/]))"
)
_STOP_WORDS = re.compile(
    r"\b(?:resolutions?|decisions?|statements?|" + KEYWORDS_ANY + r")\b|;|\.\s+[A-Z]", re.IGNORECASE
)
# Where a list's trailing date can no longer be the list's: another kind of document, a new clause.
_DATE_STOP = re.compile(
    r"\b(?:resolutions?|decisions?|statements?|reports?)\b|;|\.\s+[A-Z]|(?:,|\band)\s+(?:\w+\s+)?\w+ing\b"
    r"|\band\s+(?:the|its|their)\s"  # another noun phrase: "2594 (2021) and the roadmap of 25 March 2021"
    # another clause: "2100 (2013), and, in this regard, calls on the signatories of the … of 18 June 2013"
    r"|\bin\s+this\s+regard\b|,\s+(?:and\s+)?(?:also\s+)?(?:calls|urges|requests|encourages|invites|decides"
    r"|welcomes|notes|stresses|emphasizes|underlines|reaffirms|recalls|recognizes|expresses)\b",
    re.IGNORECASE,
)


_SHORT_NAME_BEFORE = re.compile(r"\b(?:Council|Commission|Conference|Committee)(?:[’']s)?\s*$")
# "adopted by the General Assembly in its resolution 64/293": "its" is the body just named
_NAMED_THEN_ITS = re.compile(r"\bby\s+the\s+([A-Z][\w\s-]{3,80}?)\s+(?:in|through)\s+its$")


@dataclass
class DocRef:
    """A document reference; ``group_start`` is where its list (with body name) begins."""

    target: Target
    start: int
    end: int
    group_start: int


def body_key_for_name(name: str, registry: Registry | None) -> str | None:
    """Registry key of a body named ``name`` ("Economic and Social Council" → ECOSOC)."""
    clean = " ".join(name.split())
    if registry is not None:
        entry = registry.match(clean)
        if entry is not None and entry.kind == "body":
            return entry.key
    return BODY_NAMES.get(clean.lower())


def target_for_symbol(symbol: str, context: str = "") -> Target:
    """Target of a printed symbol; ``context`` (the words before it) tells a report from a record."""
    dt = doc_type_of(symbol)
    if dt != "document":
        return Target("resolution", symbol, body=body_of_symbol(symbol), doc_type=dt)
    low = context.lower()
    if "official records" in low:
        dt = "record"
    elif "report" in low:
        dt = "report"
    return Target("document", symbol, body=None, doc_type=dt)


_JOINT = re.compile(r"-(?=(?:A|E|S)/\S)")


def clean_symbol(raw: str) -> str:
    """A symbol as printed, white space collapsed; of a document issued under two symbols
    ("A/77/277-S/2022/606") the first, which the UN's own links give."""
    return _JOINT.split(" ".join(raw.split()).rstrip(".-"), maxsplit=1)[0]


def find_symbols(
    work: str, start: int, end: int, linked: Callable[[int, int], str | None] | None = None
) -> list[DocRef]:
    """Printed symbols in ``work[start:end]`` (a link over one, in a file that has links, wins)."""
    out: list[DocRef] = []
    if work.find("/", start, end) < 0:  # every symbol has one (the look-behind defeats fast scanning)
        return out
    for m in SYMBOL.finditer(work, start, end):
        raw = m.group(0)
        sym = clean_symbol(raw)
        if sym.count("/") < 1 or not re.search(r"\d", sym):
            continue
        context = work[max(start, m.start() - 150) : m.start()]
        link = linked(m.start(), m.start() + len(raw.rstrip(".-"))) if linked is not None else None
        if link is not None and not _same_number(
            link[len(symbol_prefix(link)) :], sym[len(symbol_prefix(sym)) :]
        ):
            link = None  # a link over a printed symbol that names another text: the printed one stands
        t = target_for_symbol(link or sym, context)
        out.append(DocRef(t, m.start(), m.start() + len(raw.rstrip(".-")), m.start()))
    return out


def _body_before(
    work: str,
    lo: int,
    kw_start: int,
    doc_body: str | None,
    registry: Registry | None,
    language: str = "en",
) -> tuple[str | None, int]:
    """Body named right before a keyword ("General Assembly resolution"), and where it starts."""
    window_start = max(lo, kw_start - 120)
    window = work[window_start:kw_start]
    if registry is not None:
        for m in reversed(registry.find_all(window, language=language)):
            if m.entry.kind == "body" and not window[m.end :].strip():
                return m.entry.key, window_start + m.start
    for name, key in BODY_NAMES.items():
        pat = re.compile(r"\b" + r"\s+".join(name.split()) + r"\s*$", re.IGNORECASE)
        bm = pat.search(window)
        if bm:
            return key, window_start + bm.start()
    wm = re.search(r"\b(its|their|Council|Assembly|Commission|Conference|Committee)(?:[’']s)?\s*$", window)
    if wm:
        word = wm.group(1)
        if word in ("its", "their"):
            named = _NAMED_THEN_ITS.search(window[: wm.start()] + "its")
            if named is not None and registry is not None:
                found = [m for m in registry.find_all(named.group(1)) if m.entry.kind == "body"]
                if found and found[-1].end == len(named.group(1)):
                    return found[-1].entry.key, window_start + wm.start()
            return doc_body, window_start + wm.start()
        if word == "Assembly":
            return "GA", window_start + wm.start()
        return _short_name(work, lo, kw_start, word, doc_body, registry), window_start + wm.start()
    return doc_body, kw_start


def _label(key: str, registry: Registry | None) -> str:
    entry = registry.get(key) if registry is not None else None
    if entry is not None:
        return entry.label
    return ADOPTING_BODIES.get(key, "")


def _short_name(
    work: str, lo: int, kw_start: int, word: str, doc_body: str | None, registry: Registry | None
) -> str | None:
    """ "Council resolutions": the council last named in the paragraph, else the adopting body if it
    is a council; otherwise the reference is not resolved (no guess)."""
    if registry is not None:
        named = [m.entry for m in registry.find_all(work[lo:kw_start]) if m.entry.kind == "body"]
        for entry in reversed(named):
            if word.lower() in entry.label.lower().split():
                return entry.key
    if doc_body is not None and word.lower() in _label(doc_body, registry).lower().split():
        return doc_body
    return None


def _body_after(
    work: str, pos: int, end: int, registry: Registry | None, language: str = "en"
) -> tuple[str | None, int]:
    if language != "en":  # a body's name in that language right after the number
        return body_after_in(work, pos, end, registry, language)
    m = _BODY_AFTER.match(work, pos, end)
    if not m:
        return None, pos
    rest = work[m.end() : min(end, m.end() + 120)]
    if registry is not None:
        for bm in registry.find_all(rest):
            if bm.entry.kind == "body" and rest[: bm.start].strip().lower() in ("", "the"):
                return bm.entry.key, m.end() + bm.end
            break
    for name, key in BODY_NAMES.items():
        pat = re.compile(r"the\s+" + r"\s+".join(name.split()) + r"\b", re.IGNORECASE)
        nm = pat.match(rest)
        if nm:
            return key, m.end() + nm.end()
    return None, pos


@dataclass
class _Item:
    number: str
    start: int
    end: int
    date: str | None = None
    title: str | None = None
    tail: int = 0  # where the item's date and title end
    own_date: bool = False  # the date is printed with this item, not the list's closing date


#: Bodies whose texts a number of the shape "27/2" or "2006/27" can belong to, in the order tried
#: when the date printed with the reference rules out the body the context gives.
_SESSION_SERIES = ("GA", "CCPCJ", "HRC", "COP-UNTOC", "CND", "COSP-UNCAC", "UNEA", "CSW")
_YEAR_SERIES = ("ECOSOC", "CHR")
_GROUP_LINK = re.compile(
    r"^[^;]{0,250}?(?:,\s*(?:and\s+(?:also\s+)?)?|\s+and\s+(?:also\s+)?|,?\s+as\s+well\s+as\s+)$"
)
_SC_BARE = re.compile(r"\d{3,4}(?![\w/(])(?!\s+\()")
_RES_SYMBOL = re.compile(r"/(?:RES|DEC|PRST)/")
_NAMED_BY = re.compile(
    r"\b(?:Committee|Panel|Group|Team|Mechanism|Working\s+Group|Commission|Tribunal|Mission|Office)"
    r"\s+(?:\w+\s+){0,3}?(?:established\s+)?(?:pursuant\s+to|by|under|in\s+accordance\s+with)\s+$"
)


def find_lists(
    work: str,
    start: int,
    end: int,
    doc_body: str | None,
    registry: Registry | None,
    linked: Callable[[int, int], str | None] | None = None,
    notices: list[str] | None = None,
    breaks: Sequence[int] = (),
    language: str = "en",
) -> list[DocRef]:
    """Resolution, decision and statement numbers after their keyword in ``work[start:end]``.

    The body named before a list governs the whole list, and a list that goes on after its items'
    dates and titles ("… resolution 32/1 of 26 May 2023, resolution 27/2 of 18 May 2018 …") keeps it
    unless a body is named again or a verb (``breaks``: positions of embedded verbs) opens a new
    clause. A date printed with a number must agree with the body's numbering
    (:func:`~tipkg.ontology.symbols.fits`); where it does not, the body that fits wins, and a number
    nothing fits is left out and said in ``notices``. The file's own link over a number
    (``linked``) names its document outright.
    """
    out: list[DocRef] = []
    if _NUMBER_AFTER.search(work, start, end) is None:  # two thirds of the paragraphs: no number to list
        return out
    prev: tuple[str | None, int, str] | None = None  # (body, where the group ends, kind)
    for kw, numbers_at, named in _keywords(work, start, end, registry, language):
        if prev is not None and kw.start() < prev[1]:  # inside the title of an item before
            continue
        if _NAMED_BY.search(work, max(start, kw.start() - 60), kw.start()):
            continue  # "the Committee established pursuant to resolution 1267 (1999)": part of a name
        word = kw.group(1).lower()
        kind = "statement" if "statement" in word else "decision" if _DECISION.match(word) else "resolution"
        explicit = True
        if kind == "statement":
            body: str | None = "SC"
            group_start = kw.start()
        elif named is not None:  # "резолюции Комиссии … 23/2": the body's name between keyword and number
            body, group_start = named, kw.start()
        else:
            body, group_start = _body_before(work, start, kw.start(), doc_body, registry, language)
            if group_start == kw.start():
                explicit = False
                if prev is not None and _continues(work, prev[1], kw.start(), breaks, registry):
                    body = prev[0]
        items = _items(
            work, numbers_at, end, sc_bare=body == "SC" and kind == "resolution", language=language
        )
        if not items:
            continue
        after_body = None
        for it in (items[0], items[-1]):
            after_body, _ = _body_after(work, _after_date(work, it, language), end, registry, language)
            if after_body is not None:
                break
        if after_body is not None:
            body, explicit = after_body, True
        prev = (body, items[-1].tail, kind)
        # a text whose adopting body is unknown (a fragment without its heading) names its own
        # resolutions by number only; a short name ("Council resolution") that resolves to no body is no guess
        guess = (
            body is None
            and doc_body is None
            and not _SHORT_NAME_BEFORE.search(work, max(start, kw.start() - 40), kw.start())
        )
        for it in items:
            ref = _item_ref(it, body, kind, explicit, group_start, linked, notices, work, guess=guess)
            if ref is not None:
                out.append(ref)
    return out


_LEADING = re.compile(r"[\s“\"(]*(?=" + NUM + r"(?![\w/])\s*(?:,|and\b|of\s+\d|entitled))")


def find_leading_list(
    work: str,
    start: int,
    end: int,
    doc_body: str | None,
    registry: Registry | None,
    notices: list[str] | None = None,
) -> list[DocRef]:
    """The numbers a fragment opens with when it starts in the middle of a list ("73/189 of 17
    December 2018, entitled “…”, 74/176 of …"): read as the list of the adopting body's resolutions
    its keyword introduced before the cut (the body by its numbering when the text does not say)."""
    m = _LEADING.match(work, start, end)
    if m is None:
        return []
    items = _items(work, m.end(), end)
    out: list[DocRef] = []
    for it in items:
        ref = _item_ref(
            it, doc_body, "resolution", False, m.end(), None, notices, work, guess=doc_body is None
        )
        if ref is not None:
            out.append(ref)
    return out


def _continues(
    work: str, prev_end: int, kw_start: int, breaks: Sequence[int], registry: Registry | None
) -> bool:
    """Whether the text between two lists only links them (no verb, no body named, no new clause)."""
    if any(prev_end <= b < kw_start for b in breaks):
        return False
    between = work[prev_end:kw_start]
    if not _GROUP_LINK.match(between) or re.search(r"\bits\b|\btheir\b", between):
        return False
    if registry is not None and any(m.entry.kind == "body" for m in registry.find_all(between)):
        return False
    return not any(name in between.lower() for name in BODY_NAMES)


_DECISION = re.compile(r"d[ée]cision|decisi[óo]n|решени|[بلو]?(?:ال)?مقرر")
# Russian and Arabic name the body between the keyword and the number, in the genitive ("резолюции
# Комиссии по предупреждению преступности и уголовному правосудию 23/2", "قرار لجنة … 23/2")
# and so do Spanish and French with a preposition ("las resoluciones de la Comisión de Prevención del Delito y
# Justicia Penal 23/2, de 16 de mayo de 2014")
_KEYWORD_BEFORE_NAME = re.compile(
    r"(?<!\w)(резолюци\w*|решени\w*|[بلو]?(?:ال)?قرار\w*|[بلو]?(?:ال)?مقرر\w*"
    r"|resoluci(?:ón|ones)|decisi(?:ón|ones)|r[ée]solutions?|d[ée]cisions?)"
    r"(?:\s+(?:de\s+la|de\s+las|de\s+los|del|de\s+l[’']|du|des)\s*(?=[A-ZÁÉÍÓÚÀÂÈÊ])|\s+(?=\D))"
)


def _keywords(
    work: str, start: int, end: int, registry: Registry | None, language: str
) -> list[tuple[re.Match[str], int, str | None]]:
    """Each keyword of a list: its match, where its numbers start, and the body named between them."""
    found: list[tuple[re.Match[str], int, str | None]] = [
        (kw, kw.end(), None) for kw in _KEYWORD.finditer(work, start, end)
    ]
    if language in ("ru", "ar", "es", "fr") and registry is not None:
        for kw in _KEYWORD_BEFORE_NAME.finditer(work, start, end):
            bm = next(
                iter(registry.find_all(work[kw.end() : min(end, kw.end() + 160)], language=language)), None
            )
            if bm is None or bm.start != 0 or bm.entry.kind != "body":
                continue
            num = _NUM_AFTER_NAME.match(work, kw.end() + bm.end, end)
            if num is not None:
                found.append((kw, num.end(), bm.entry.key))
    return sorted(found, key=lambda f: f[0].start())


def _item_ref(
    it: _Item,
    body: str | None,
    kind: str,
    explicit: bool,
    group_start: int,
    linked: Callable[[int, int], str | None] | None,
    notices: list[str] | None,
    work: str,
    *,
    guess: bool = False,
) -> DocRef | None:
    """The reference of one numbered item, its body checked against the date printed with it."""
    link = linked(it.start, it.end) if linked is not None else None
    if link is not None and _RES_SYMBOL.search(link):
        t = target_for_symbol(link)
        number = link[len(symbol_prefix(link)) :] if t.body else ""
        fit = fits(t.body, number, it.date) if t.body is not None else None
        if t.body is not None and (
            not _same_number(number, it.number)
            or (fit is False and it.own_date)
            or never_numbered(t.body, number)
        ):  # the link names another text than the one printed, one its own date rules out, or none
            _notice(notices, work, it, f"link to {link} set aside: the printed number or date disagrees")
        else:  # a date that does not fit is a neighbour's ("69/307, and 70/286 of 17 June 2016")
            date = it.date if fit is not False else None
            return DocRef(replace(t, date=date, title=it.title), it.start, it.end, group_start)
    number = it.number
    slashed = re.fullmatch(r"(\d{1,4})/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?", number)
    if slashed is not None and kind != "statement":
        yearly = int(slashed.group(1)) >= 1946
        if body == "SC":  # the Council numbers no resolution "n/m": the Assembly's or ECOSOC's
            body = "ECOSOC" if yearly else "GA"
        elif (
            yearly and body is not None and body not in _YEAR_SERIES
        ):  # "2006/27" is a year's number: ECOSOC's, not a session's
            body = "ECOSOC"
    if body == "SC" and kind == "resolution" and "(" not in number:
        year = sc_year(int(number)) if number.isdigit() else None
        if year is None:
            _notice(notices, work, it, f"Security Council resolution {number}: its year is unknown")
            return None
        number = f"{number} ({year})"
    if body not in (None, "SC") and kind == "resolution" and re.fullmatch(r"\d{1,4}\s+\(\d{4}\)", number):
        body = "SC"  # "446 (1979)": a year in brackets is the Security Council's numbering, whoever cites it
    if body is None and guess:  # no body named or known (a fragment without its heading): the number's shape
        body = _body_by_shape(number, kind)
        if body is None:
            return None
        _notice(notices, work, it, f"{kind} {number}: no body named, read as {body}'s by its numbering")
    if body is None:
        return None
    date = it.date
    if fits(body, number, date) is False:
        slash = re.fullmatch(r"(\d{1,4})/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?", number)
        if slash is None or not it.own_date:
            # "1572 (2004) … of 28 April 2016": the year in brackets says, a date does not; "69/307, and
            # 70/286 of 17 June 2016": the list's date is its last item's, not each one's
            date = None
        else:
            shape = _YEAR_SERIES if int(slash.group(1)) >= 1946 else _SESSION_SERIES
            fitting = next((b for b in shape if b != body and fits(b, number, date)), None)
            if fitting is None:
                what = "resolution" if kind != "decision" else "decision"
                _notice(notices, work, it, f"{what} {number} of {date}: no body's numbering fits the date")
                return None
            body = fitting
    if never_numbered(body, number):  # "10/1" with no date or body that says whose: not the Assembly's
        _notice(
            notices, work, it, f"{kind} {number}: the General Assembly numbers none so; no body named fits"
        )
        return None
    sym = symbol_for(body, kind, number)
    t = Target("resolution", sym, body=body, date=date, title=it.title, doc_type=kind)
    return DocRef(t, it.start, it.end, group_start)


_LEAD = re.compile(r"[^\s(]+")


def _same_number(linked: str, printed: str) -> bool:
    """Whether a link's number is the printed one: "1970 (2011)" for "1970 (2011)" or "1970", "75/253 B"
    for "75/253 B" or "75/253" — the UN's files sometimes link a number to its neighbour's text."""
    a, b = _LEAD.match(linked.strip()), _LEAD.match(printed.strip())
    return a is not None and b is not None and a.group(0) == b.group(0)


def _body_by_shape(number: str, kind: str) -> str | None:
    """The body whose numbering a number has: "2331 (2016)" the Security Council's, "2006/27" (a
    year) the Economic and Social Council's, "61/180" (a session) the General Assembly's."""
    if kind == "statement" or re.fullmatch(r"\d{3,4}\s+\(\d{4}\)", number):
        return "SC"
    m = re.fullmatch(r"(?:[SE]S-)?(\d{1,4})/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?", number)
    if m is None:
        return None
    return "ECOSOC" if int(m.group(1)) >= 1946 else "GA"


def _notice(notices: list[str] | None, work: str, it: _Item, what: str) -> None:
    if notices is not None:
        notices.append(f"{what} (\u201c{' '.join(work[it.start : it.tail].split())[:80]}\u201d)")


def _number(printed: str) -> str:
    """A printed number as the symbol writes it: one part keeps its letter ("75/253 B"), a range of
    parts ("40/257 A to C") is the text as a whole ("40/257")."""
    number = " ".join(printed.split())
    return re.sub(r"^(\d{1,4}/\d{1,4})\s+[A-Z]\s*(?:-|to|and)\s*[A-Z]$", r"\1", number)


def _after_date(work: str, item: _Item, language: str = "en") -> int:
    pattern = _DATE_AT if language == "en" else DATE_AFTER_IN.get(language)
    m = pattern.match(work, item.end) if pattern is not None else None
    return m.end() if m else item.end


def _date_at(work: str, pos: int, end: int, language: str) -> tuple[str | None, int] | None:
    """The date printed right after a number (ISO, and where it ends): "of 16 July 2020", "du 16
    juillet 2020", "adoptée le 16 juillet 2020", "от 16 июля 2020 года"."""
    if language == "en":
        m = _DATE_AT.match(work, pos, end)
        return (parse_date(m.group(1)), m.end()) if m else None
    pattern = DATE_AFTER_IN.get(language)
    m = pattern.match(work, pos, end) if pattern is not None else None
    return (parse_date_in(m.group(0), language), m.end()) if m else None


def _items(work: str, pos: int, end: int, *, sc_bare: bool = False, language: str = "en") -> list[_Item]:
    items: list[_Item] = []
    chain: list[_Item] = []  # undated items waiting for a date that closes the list
    while True:
        m = _NUM.match(work, pos, end) or (_SC_BARE.match(work, pos, end) if sc_bare else None)
        if not m:
            break
        it = _Item(_number(m.group(0)), m.start(), m.end())
        items.append(it)
        pos = m.end()
        d = _date_at(work, pos, end, language)
        if d:
            it.date, it.own_date = d[0], True
            for prev in chain:
                prev.date = None if _YEARED.search(prev.number) else it.date
            chain = []
            pos = d[1]
        else:
            chain.append(it)
        e = _ENTITLED_AT.match(work, pos, end)
        if e:
            it.title = " ".join(e.group(1).split())
            pos = e.end()
        it.tail = pos
        c = _CONNECT.match(work, pos, end) or (_CONNECT_BARE.match(work, pos, end) if sc_bare else None)
        if c:
            pos = c.end()
            continue
        nxt = _CONTINUE.search(work, pos, min(end, pos + 260))
        if nxt and not _STOP_WORDS.search(work, pos, nxt.start()):
            pos = nxt.end()
            continue
        if chain:
            stop = _DATE_STOP.search(work, pos, min(end, pos + 200))
            lim = stop.start() if stop else min(end, pos + 200)
            td = _TRAILING_DATE.search(work, pos, lim)
            if td:
                date = parse_date(td.group(1))
                for prev in chain:
                    prev.date = None if _YEARED.search(prev.number) and prev is not it else date
                it.own_date = chain == [it]  # "resolution 10/3, also of 16 October 2020"
        break
    return items

"""UN document symbols and the bodies that issue them: the one table both the loaders and the registry read.

A symbol says which body issued the document ("A/HRC/RES/8/12" → HRC) and what it is (resolution,
decision, presidential statement or other document). The same table gives, the other way round,
the symbol of resolution or decision ``number`` of a body (../shared/DESIGN.md, Identifiers):
CCPCJ resolution 17/1 → ``CCPCJ/RES/17/1``, COP-UNTOC resolution 5/2 → ``CTOC/COP/RES/5/2``; any
other body key K → ``K/RES/n``. Body keys are those of the registry (docs/data-model.md).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from tipkg.ontology.synthetic import FIRST_SESSION, FIRST_YEAR

#: Body key → (resolution prefix, decision prefix) of the series it issues.
SERIES: dict[str, tuple[str, str]] = {
    "GA": ("A/RES/", "A/DEC/"),
    "SC": ("S/RES/", "S/DEC/"),
    "ECOSOC": ("E/RES/", "E/DEC/"),
    "HRC": ("A/HRC/RES/", "A/HRC/DEC/"),
    "CHR": ("E/CN.4/RES/", "E/CN.4/DEC/"),
    "CCPCJ": ("CCPCJ/RES/", "CCPCJ/DEC/"),
    "COP-UNTOC": ("CTOC/COP/RES/", "CTOC/COP/DEC/"),
    "COSP-UNCAC": ("CAC/COSP/RES/", "CAC/COSP/DEC/"),
}
#: Symbol prefix → body key: every series above, the Security Council's presidential statements, the
#: Commission on the Status of Women's documents and the other COP-UNTOC documents; longest first,
#: so "A/HRC/RES/" is tried before "A/RES/" would be, were it a prefix of it.
SYMBOL_BODIES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            *((prefix, body) for body, prefixes in SERIES.items() for prefix in prefixes),
            ("S/PRST/", "SC"),
            ("E/CN.6/", "CSW"),
            ("CTOC/COP/", "COP-UNTOC"),
        ],
        key=lambda pair: -len(pair[0]),
    )
)
#: Adopting bodies by the name the texts give them, known even without the registry.
ADOPTING_BODIES: dict[str, str] = {
    "GA": "General Assembly",
    "SC": "Security Council",
    "ECOSOC": "Economic and Social Council",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "CCPCJ": "Commission on Crime Prevention and Criminal Justice",
    "CND": "Commission on Narcotic Drugs",
    "CSW": "Commission on the Status of Women",
    "COP-UNTOC": "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
    "COSP-UNCAC": "Conference of the States Parties to the United Nations Convention against Corruption",
    "UNEA": "United Nations Environment Assembly",
}
#: The same names, lower-cased, to their keys ("economic and social council" → ECOSOC).
BODY_NAMES: dict[str, str] = {name.lower(): key for key, name in ADOPTING_BODIES.items()}


def symbol_prefix(symbol: str) -> str:
    """The series prefix of a resolution or decision symbol ("A/HRC/RES/8/12" → "A/HRC/RES/"), or ""."""
    return next((prefix for prefix, _ in SYMBOL_BODIES if symbol.startswith(prefix)), "")


def body_of_symbol(symbol: str) -> str | None:
    """Registry key of the body whose document this symbol is, when the symbol says it."""
    return next((body for prefix, body in SYMBOL_BODIES if symbol.startswith(prefix)), None)


def symbol_for(body: str, kind: str, number: str) -> str:
    """The symbol of resolution/decision/statement ``number`` of ``body`` (see the module docstring)."""
    number = " ".join(number.split())
    if body == "UNEA":  # the Environment Assembly's symbols name its session: UNEP/EA.5/Res.14
        session, _, n = number.partition("/")
        return f"UNEP/EA.{session}/{'Dec' if kind == 'decision' else 'Res'}.{n}"
    res, dec = SERIES.get(body, (f"{body}/RES/", f"{body}/DEC/"))
    if body == "SC" and kind == "statement":
        return "S/PRST/" + number
    return (dec if kind == "decision" else res) + number


def doc_type_of(symbol: str) -> str:
    """statement, decision, resolution, or document (a report, a record …) as the symbol tells."""
    if "/PRST/" in symbol:
        return "statement"
    if "/DEC/" in symbol:
        return "decision"
    if "/RES/" in symbol:
        return "resolution"
    return "document"


#: Security Council resolution numbers adopted in each year, first and last, as recorded in the UN's
#: own metadata (corpus/unxml/SCresolutions/data_extract/<year>.json): a bare "resolution 2106" of
#: the Council is S/RES/2106 (2013). A number between two years' ranges stays unresolved.
SC_NUMBERS_BY_YEAR: dict[int, tuple[int, int]] = {
    2000: (1285, 1334), 2001: (1335, 1386), 2002: (1387, 1454), 2003: (1455, 1521),
    2004: (1523, 1580), 2005: (1581, 1651), 2006: (1652, 1738), 2007: (1739, 1794),
    2008: (1795, 1859), 2009: (1860, 1907), 2010: (1908, 1966), 2011: (1967, 2032),
    2012: (2033, 2085), 2013: (2086, 2132), 2014: (2133, 2195), 2015: (2196, 2259),
    2016: (2260, 2336), 2017: (2337, 2397), 2018: (2398, 2451), 2019: (2452, 2503),
    2020: (2504, 2560), 2021: (2561, 2617), 2022: (2618, 2671), 2023: (2672, 2721),
    2024: (2722, 2767), 2025: (2768, 2811), 2026: (2812, 2825),
}  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def sc_year(number: int) -> int | None:
    """The year of Security Council resolution ``number``, where the UN's metadata places it."""
    return next((y for y, (lo, hi) in SC_NUMBERS_BY_YEAR.items() if lo <= number <= hi), None)


def roman(numeral: str) -> int:
    """Value of a Roman numeral ("XV" → 15); 0 when it is not one."""
    total = 0
    for i, ch in enumerate(numeral):
        v = _ROMAN.get(ch, 0)
        if v == 0:
            return 0
        total += -v if i + 1 < len(numeral) and _ROMAN.get(numeral[i + 1], 0) > v else v
    return total


#: The General Assembly numbers its texts "session/number" from its thirty-first session (1976) on;
#: before, "217 (III)" (https://research.un.org/en/docs/ga/resolutions, the Dag Hammarskjöld Library)
GA_FIRST_SLASHED_SESSION = 31


def never_numbered(body: str, number: str) -> bool:
    """Whether ``body`` never gave a text this number: "10/1" of the General Assembly (a COP's)."""
    m = re.fullmatch(r"(\d{1,4})/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?", " ".join(number.split()))
    return body == "GA" and m is not None and int(m.group(1)) < GA_FIRST_SLASHED_SESSION


def adoption_years(body: str, number: str) -> tuple[int, int] | None:
    """The years in which resolution or decision ``number`` of ``body`` can have been adopted.

    From how each body numbers its texts: the General Assembly by session (session S opens in
    September of 1945 + S), ECOSOC by year (its session has run from July of the year before since
    2018), the Security Council with the year in brackets, the Human Rights Council by session (three a
    year since June 2006), the Commission on Crime Prevention and Criminal Justice by annual session
    (the first in 1992), the Conference of the Parties to UNTOC by session (2004, 2005, 2006, then every
    two years). None where the number does not say (special and emergency sessions, other bodies).
    """
    n = " ".join(number.split())
    if body == "SC":
        m = re.fullmatch(r"\d{1,4}\s+\((\d{4})\)", n)
        return (int(m.group(1)), int(m.group(1))) if m else None
    m = re.fullmatch(r"(\d{1,4})/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?", n)
    first = int(m.group(1)) if m else None
    if body == "GA":
        if first is not None:
            return (1945 + first, 1946 + first) if first < FIRST_SESSION else None
        r = re.fullmatch(r"\d{1,4}\s+(?:[A-Z]\s+)?\(([IVXLC]+)\)", n)
        return (1945 + roman(r.group(1)), 1946 + roman(r.group(1))) if r and roman(r.group(1)) else None
    if first is None:
        return None
    if body in ("ECOSOC", "CHR", "CSW"):
        return (first - 1, first) if first >= 1946 else None
    if body == "HRC":
        return (2006 + (first - 1) // 3, 2007 + (first - 1) // 3) if first < FIRST_SESSION else None
    if body == "CCPCJ":
        return (1991 + first, 1991 + first) if first < 100 else None
    if body == "COP-UNTOC":
        if first > 40:
            return None
        year = 2003 + first if first <= 3 else 2006 + 2 * (first - 3)
        return (year, year)
    if body == "CND":  # annual sessions since 1957 (the 61st in March 2018)
        return (1957 + first, 1957 + first) if first < 200 else None
    if body == "COSP-UNCAC":  # 2006, 2008, 2009, then every two years (the 8th in December 2019)
        year = {1: 2006, 2: 2008}.get(first, 2009 + 2 * (first - 3))
        return (year, year + 1) if first < 40 else None
    if body == "UNEA":  # 2014, 2016, 2017, 2019, 2021–2022 (5.1 and 5.2), 2024
        years = {1: (2014, 2014), 2: (2016, 2016), 3: (2017, 2017), 4: (2019, 2019), 5: (2021, 2022)}
        return years.get(first, (2024 + 2 * (first - 6), 2024 + 2 * (first - 6) + 1) if first >= 6 else None)
    return None


def fits(body: str, number: str, date: str | None) -> bool | None:
    """Whether a date printed with a reference agrees with the body's numbering (None: cannot tell)."""
    if not date or int(date[:4]) >= FIRST_YEAR:  # synthetic documents' years say nothing of this
        return None
    years = adoption_years(body, number)
    if years is None:
        return None
    return years[0] <= int(date[:4]) <= years[1]


# the language part of the address: ISO 639-1, and the UN's own "ch" (Chinese) and "sp" (Spanish)
# that undocs.org links in the Chinese and Spanish versions still use ("https://undocs.org/ch/A/RES/70/1")
_HREF_SYMBOL = re.compile(
    r"^https?://(?:[\w.-]*\.)?(?:undocs\.org|docs\.un\.org)/(?:(?:en|fr|es|ru|zh|ar|ch|sp|de)/)?(.+)$"
)


def symbol_from_href(href: str) -> str | None:
    """The document symbol a link to the UN's document system names ("…/en/A/RES/75/253B" → "A/RES/75/253 B").

    The links are the files' own statement of what a number refers to; a part letter glued to the
    number and a year without its space are written as the UN writes the symbol.
    """
    m = _HREF_SYMBOL.match(href.strip())
    if m is None:
        return None
    raw = unquote(m.group(1)).strip().strip("/")
    if re.search(r"/RES/|/DEC/", raw):  # "…/75/253B", "…/75/290a": the part letter of the UN's symbol
        raw = re.sub(r"^(.*\d)([A-Za-z])$", lambda m: f"{m.group(1)} {m.group(2).upper()}", raw)
        raw = re.sub(  # "…/74/255a-b": a range of parts, the text as a whole
            r"^(.*\d)\s*([A-Za-z])-([A-Za-z])$",
            lambda m: f"{m.group(1)} {m.group(2).upper()}-{m.group(3).upper()}",
            raw,
        )
    raw = re.sub(r"(\d)\((\d{4}|[IVXLC]+)\)$", r"\1 (\2)", raw)
    raw = " ".join(raw.split())
    if "/" not in raw or not re.search(r"\d", raw):
        return None
    head, _, rest = raw.partition("/")
    if not re.fullmatch(r"[A-Z][A-Z0-9.]*", head):
        return None
    # a series written in lower case ("…/ch/A/hrc/RES/44/4" in the Chinese versions) is the symbol's
    rest = "/".join(seg.upper() if seg.isalpha() and seg.islower() else seg for seg in rest.split("/"))
    return head + "/" + re.sub(r"/Res/", "/RES/", rest)

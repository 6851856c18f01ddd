"""Dates as UN texts write them ("20 December 2006", "6–23 June 2017", "20 décembre 2006", "2006年12月20日") turned into ISO strings."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
#: "20 December 2006" (white space may include line breaks).
# "15 December 2022", and as some texts write it, "15 of December of 2022"
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+(?:of\s+)?(" + MONTH_RE + r")\s+(?:of\s+)?(\d{4})\b")
#: "December 20, 2016".
MONTH_DAY_YEAR = re.compile(r"\b(" + MONTH_RE + r")\s+(\d{1,2}),?\s+(\d{4})\b")


def iso(day: str | int, month: str, year: str | int) -> str | None:
    """ISO date or None when the parts do not form a real date."""
    m = MONTHS.get(month.lower())
    if m is None:
        return None
    try:
        return dt.date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first full date written in ``text``, as ISO."""
    m = DAY_MONTH_YEAR.search(text)
    if m:
        return iso(m.group(1), m.group(2), m.group(3))
    m = MONTH_DAY_YEAR.search(text)
    if m:
        return iso(m.group(2), m.group(1), m.group(3))
    return None


# --- the other official languages -----------------------------------------------------------------
# How their versions write a date: "20 décembre 2006" ("1er"), "20 de diciembre de 2006", "20 декабря
# 2006 года" (the genitive), "2006年12月20日", "20 كانون الأول/ديسمبر 2006" (the Levantine and the
# Egyptian names of the month, joined by a slash; either alone too).
MONTHS_IN: dict[str, tuple[tuple[str, ...], ...]] = {
    "fr": tuple(
        (m,)
        for m in [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ]
    ),
    "es": tuple(
        (m, "setiembre")[: 2 if m == "septiembre" else 1]
        for m in [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ]
    ),
    "ru": tuple(
        (gen, nom)
        for gen, nom in zip(
            [
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря",
            ],
            [
                "январь",
                "февраль",
                "март",
                "апрель",
                "май",
                "июнь",
                "июль",
                "август",
                "сентябрь",
                "октябрь",
                "ноябрь",
                "декабрь",
            ],
            strict=True,
        )
    ),
    "ar": (
        ("كانون الثاني", "يناير"),
        ("شباط", "فبراير"),
        ("آذار", "مارس"),
        ("نيسان", "أبريل", "ابريل"),
        ("أيار", "مايو"),
        ("حزيران", "يونيه", "يونيو"),
        ("تموز", "يوليه", "يوليو"),
        ("آب", "أغسطس"),
        ("أيلول", "سبتمبر"),
        ("تشرين الأول", "أكتوبر"),
        ("تشرين الثاني", "نوفمبر"),
        ("كانون الأول", "ديسمبر"),
    ),
}
_MONTH_NUMBER: dict[str, dict[str, int]] = {
    lang: {name.casefold(): i for i, names in enumerate(months, start=1) for name in names}
    for lang, months in MONTHS_IN.items()
}


def month_re(language: str) -> str:
    """An alternation of the month names of ``language`` (English: :data:`MONTH_RE`)."""
    if language not in _MONTH_NUMBER:
        return MONTH_RE
    names = sorted(_MONTH_NUMBER[language], key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + ")"


def _ar_month(written: str) -> str:
    """An Arabic month as written, "كانون الأول/ديسمبر": either name will do."""
    return written.split("/")[-1].strip()


_DATE_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"\b(\d{1,2})(?:er)?\s+(" + month_re("fr") + r")\s+(\d{4})\b", re.IGNORECASE),
    "es": re.compile(
        r"\b(\d{1,2})\s+de\s+(" + month_re("es") + r")\s+(?:de\s+|del\s+)?(\d{4})\b", re.IGNORECASE
    ),
    "ru": re.compile(r"(?<!\w)(\d{1,2})\s+(" + month_re("ru") + r")\s+(\d{4})(?!\d)", re.IGNORECASE),
    "ar": re.compile(
        r"(?<!\d)(\d{1,2})\s+((?:"
        + month_re("ar")[3:-1]
        + r")(?:\s*/\s*(?:"
        + month_re("ar")[3:-1]
        + r"))?)\s+(\d{4})(?!\d)"
    ),
}
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def date_in(text: str, language: str = "en") -> re.Match[str] | None:
    """The first full date written in ``text`` in ``language``, as a match (see :func:`parse_date`)."""
    if language == "zh":
        return _ZH_DATE.search(text)
    pattern = _DATE_IN.get(language)
    return pattern.search(text) if pattern is not None else DAY_MONTH_YEAR.search(text)


def parse_date_in(text: str, language: str = "en") -> str | None:
    """The first full date written in ``text`` in ``language``, as ISO; English also takes
    "December 20, 2016"."""
    if language in ("en", None):
        return parse_date(text)
    m = date_in(text, language)
    if m is None:
        return None
    if language == "zh":
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        written = _ar_month(m.group(2)) if language == "ar" else m.group(2)
        month = _MONTH_NUMBER[language].get(" ".join(written.split()).casefold(), 0)
        day, year = int(m.group(1)), int(m.group(3))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None

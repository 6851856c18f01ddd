"""Dates as UN texts write them ("20 December 2006", "6–23 June 2017") turned into ISO strings."""

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
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+(" + MONTH_RE + r")\s+(\d{4})\b")
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

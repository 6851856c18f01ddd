"""The synthetic corpus's documents and citation graph: symbols, dates, titles, who cites whom.

What marks a document as synthetic lives here too: the :data:`MARKER` line, sessions from
:data:`FIRST_SESSION` and years from :data:`FIRST_YEAR`, a range no UN document uses. Citations are
drawn by preferential attachment among documents adopted on an earlier date, so citation counts are
heavy-tailed as in real corpora; the draws have their own random stream, so a corpus of n documents
is the prefix of a larger one of the same seed.
"""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass
from typing import Literal

from tipkg.ontology.symbols import ADOPTING_BODIES
from tipkg.ontology.synthetic import FIRST_SESSION as FIRST_SESSION
from tipkg.ontology.synthetic import FIRST_YEAR as FIRST_YEAR
from tipkg.ontology.synthetic import MARKER as MARKER
from tipkg.synth import prose

DOCS_PER_YEAR = 240

BodyKey = Literal["GA", "ECOSOC", "HRC"]
#: the bodies synthetic documents are adopted by, with their names as the texts print them
BODY_NAMES: dict[str, str] = {key: ADOPTING_BODIES[key] for key in ("GA", "ECOSOC", "HRC")}
BODY_WEIGHTS: tuple[tuple[BodyKey, int], ...] = (("GA", 6), ("ECOSOC", 2), ("HRC", 2))
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
CITES_PER_DOC = (0, 1, 2, 3, 4, 5, 6)  # resolutions a document cites ...
CITES_WEIGHTS = (1, 2, 3, 3, 2, 1, 1)  # ... as in the gold files (0 to 6 per complete preamble)


# ---------------------------------------------------------------------------------- words


_ONES = (
    "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORD = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip


def number_words(n: int) -> str:
    """English words for 1..9999 in UN style ("nine hundred and one")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" and " + number_words(rest) if rest else "")
    rest = n % 1000
    joiner = " and " if 0 < rest < 100 else " "
    return number_words(n // 1000) + " thousand" + (joiner + number_words(rest) if rest else "")


def ordinal_words(n: int) -> str:
    """ "nine hundred and first", "twenty-second"."""
    m = re.match(r"^(.*[ -])?([a-z]+)$", number_words(n))
    assert m is not None
    head, last = m.group(1) or "", m.group(2)
    if last in _ORD:
        last = _ORD[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


def ordinal_suffix(n: int) -> str:
    """ "44th", "101st", "112th"."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def long_date(iso: str) -> str:
    """ "2101-03-03" -> "3 March 2101"."""
    y, m, d = iso.split("-")
    return f"{int(d)} {MONTHS[int(m) - 1]} {y}"


# ---------------------------------------------------------------------------------- plan


@dataclass(frozen=True, slots=True)
class Planned:
    """One synthetic document as the citation graph sees it."""

    index: int
    body: BodyKey
    symbol: str
    number: str  # as cited in prose: "901/17", "2101/5"
    session: int  # GA/HRC session; ECOSOC: the year
    date: str  # ISO adoption date
    title: str
    cites: tuple[int, ...]  # indices of earlier documents, all adopted on an earlier date

    @property
    def file_name(self) -> str:
        return self.symbol.replace("/", "_") + ".txt"


def _adoption(rng: random.Random, body: BodyKey, year: int) -> tuple[str, int]:
    """Adoption date and session, in the months each body usually adopts (days valid in each month)."""
    r = rng.random
    if body == "GA":
        month = 12 if r() < 0.85 else (3, 4, 7, 9)[int(r() * 4)]
        day = 1 + int(r() * 22)
        session = FIRST_SESSION + year - FIRST_YEAR
    elif body == "ECOSOC":
        month, day, session = 7, 10 + int(r() * 22), year
    else:
        k = int(r() * 3)
        month, first, span = ((3, 20, 12), (6, 15, 16), (10, 1, 12))[k]
        day = first + int(r() * span)
        session = FIRST_SESSION + 3 * (year - FIRST_YEAR) + k
    return f"{year:04d}-{month:02d}-{day:02d}", session


def _cumulative(weights: tuple[int, ...]) -> list[float]:
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def plan(n: int, seed: int) -> list[Planned]:
    """The documents and their citation graph: preferential attachment to earlier-dated documents."""
    rng = random.Random(f"tipkg-synth-plan:{seed}")
    bodies = [b for b, _ in BODY_WEIGHTS]
    body_cum = _cumulative(tuple(w for _, w in BODY_WEIGHTS))
    cites_cum = _cumulative(CITES_WEIGHTS)
    raw: list[tuple[str, int, BodyKey, int, str]] = []
    year = FIRST_YEAR
    while len(raw) < n:  # whole years, cut at n: a smaller corpus is a prefix of a larger one
        batch = []
        for _ in range(DOCS_PER_YEAR):
            body = bodies[bisect.bisect_right(body_cum, rng.random() * body_cum[-1])]
            date, session = _adoption(rng, body, year)
            batch.append((date, bodies.index(body), body, session, prose.title(rng)))
        batch.sort(key=lambda t: (t[0], t[1]))
        raw.extend((d, s, b, 0, t) for d, _, b, s, t in batch)
        year += 1
    rng = random.Random(f"tipkg-synth-cites:{seed}")  # its own stream: citations do not depend on n
    counters: dict[tuple[str, int], int] = {}
    docs: list[Planned] = []
    urn: list[int] = []  # every earlier-dated document once, plus once per citation it received
    pending: list[int] = []  # documents of the current date: not citable yet
    citable = 0  # distinct documents in the urn
    current = ""
    for i, (date, session, body, _, title) in enumerate(raw[:n]):
        if date != current:
            urn.extend(pending)
            citable += len(pending)
            pending = []
            current = date
        key = (body, session)
        counters[key] = counters.get(key, 0) + 1
        num = counters[key]
        if body == "GA":
            symbol, number = f"A/RES/{session}/{num}", f"{session}/{num}"
        elif body == "HRC":
            symbol, number = f"A/HRC/RES/{session}/{num}", f"{session}/{num}"
        else:
            symbol, number = f"E/RES/{session}/{num}", f"{session}/{num}"
        k = min(CITES_PER_DOC[bisect.bisect_right(cites_cum, rng.random() * cites_cum[-1])], citable)
        chosen: list[int] = []
        tries = 0
        while len(chosen) < k and tries < 8 * k:
            tries += 1
            c = urn[int(rng.random() * len(urn))]
            if c not in chosen:
                chosen.append(c)
        urn.extend(chosen)
        pending.append(i)
        docs.append(Planned(i, body, symbol, number, session, date, title, tuple(sorted(chosen))))
    return docs

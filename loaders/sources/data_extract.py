"""The UN's metadata records that come with its XML: ``<repository>/data_extract/*.json``.

Each repository of the UN's machine-readable texts (GAresolutions, SCresolutions,
ECOSOCresolutions) ships one file per session or year holding one JSON object per line and per
document: symbol, title, adoption date and meeting, originating draft or report, committee, agenda
item, adoption type, the Member States in favour, against and abstaining, sponsors, SDGs and
subjects. ECOSOC's files write each object between double quotes (``"{"symbol":…}"``); that is
read the same. A line that is no JSON object is skipped.

A file's record is the one with its symbol in the nearest folder above it that holds
``data_extract/``. Each such folder is indexed once per process (the build's parse workers each
index it on first use; the whole corpus's records take about 0.1 s).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tipkg.loaders.parse.dates import MONTHS
from tipkg.ontology.symbols import doc_type_of

FOLDER = "data_extract"
#: values the records use for "nothing"
_EMPTY = frozenset({"", "N.A.", "NA", "N/A"})
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Record:
    """One document's metadata record, with where it was read (``GAresolutions/data_extract/76.json:5``)."""

    where: str
    data: Mapping[str, object]

    def text(self, key: str) -> str | None:
        """A field as text, white space collapsed; None when absent or "N.A."."""
        value = self.data.get(key)
        if not isinstance(value, str):
            return None
        value = " ".join(value.split())
        return None if value in _EMPTY else value

    def names(self, key: str) -> list[str]:
        """A list field's names as written, empty ones dropped."""
        value = self.data.get(key)
        if not isinstance(value, list):
            return []
        return [n for n in (" ".join(str(v).split()) for v in value if isinstance(v, str)) if n]

    def count(self, key: str) -> int | None:
        """A count field ("014", "0", "N.A.") as a number."""
        value = self.text(key)
        return int(value) if value is not None and value.isdigit() else None

    def date(self) -> str | None:
        """The adoption date as an ISO date, whichever way the record writes it."""
        return iso_date(self.text("adoption_date") or "")

    def pairs(self, key: str) -> list[tuple[str, str]]:
        """A list of [label, vocabulary] pairs (the ``subjects`` field)."""
        value = self.data.get(key)
        if not isinstance(value, list):
            return []
        return [
            (" ".join(p[0].split()), " ".join(p[1].split()))
            for p in value
            if isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], str)
        ]


def iso_date(text: str) -> str | None:
    """ "2019-10-10 00:00:00", "21 September 2020", "5\xa0June 2024", "8 March2024" -> ISO date."""
    m = _ISO.search(text)
    if m:
        return m.group(0)
    m = _DAY_MONTH_YEAR.search(text.replace("\xa0", " "))
    month = MONTHS.get(m.group(2).lower()) if m else None
    if m is None or month is None:
        return None
    return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"


def symbol_key(symbol: str) -> str:
    """How records are looked up: the symbol without white space, in capitals."""
    return re.sub(r"\s+", "", symbol).upper()


def _base_key(symbol: str) -> str:
    """The key of the text as a whole: "A/RES/74/92 A-B" and "A/RES/74/92 B" -> A/RES/74/92."""
    return symbol_key(re.sub(r"\s+[A-Z](?:-[A-Z])?$", "", symbol.strip()))


@dataclass(frozen=True)
class Found:
    """The record of a document, or why there is none."""

    record: Record | None
    folder: str | None = None  # the repository whose records were searched
    exact: bool = True  # False: found under the text's symbol without its part letters
    covered: bool = False  # the records cover documents of this kind (a missing one is worth a notice)


def find_record(path: Path, symbol: str | None) -> Found:
    """The metadata record of the document at ``path`` with ``symbol`` (see the module docstring)."""
    folder = extract_folder(path.parent)
    if folder is None or not symbol:
        return Found(None)
    index = records_in(str(folder))
    name = f"{folder.name}/{FOLDER}"
    covered = doc_type_of(symbol) in index.kinds
    record = index.by_key.get(symbol_key(symbol))
    if record is not None:
        return Found(record, name, True, covered)
    # the record of the text as a whole serves the file of every part ("A-B") or of its first part;
    # a later part ("B") was adopted on its own date, with its own vote
    later_part = re.search(r"\s[B-Z]$", symbol.strip()) is not None
    whole = None if later_part else index.by_key.get(_base_key(symbol))
    return Found(whole, name, exact=False, covered=covered)


@functools.lru_cache(maxsize=4096)
def extract_folder(directory: Path) -> Path | None:
    """The nearest folder at or above ``directory`` that holds ``data_extract/``."""
    for folder in (directory, *directory.parents):
        if (folder / FOLDER).is_dir():
            return folder
    return None


@dataclass(frozen=True)
class Index:
    """The records of one repository by symbol key, and the kinds of document they cover."""

    by_key: Mapping[str, Record]
    kinds: frozenset[str]
    skipped: int  # lines that were no JSON object


@functools.lru_cache(maxsize=16)
def records_in(folder: str) -> Index:
    """Every record under ``folder/data_extract/`` (read once per process)."""
    root = Path(folder)
    by_key: dict[str, Record] = {}
    skipped = 0
    for file in sorted((root / FOLDER).glob("*.json")):
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            skipped += 1
            continue
        for number, line in enumerate(lines, start=1):
            data = _object(line)
            if data is None:
                skipped += line.strip() not in ("", '"')
                continue
            symbol = data.get("symbol")
            if isinstance(symbol, str) and symbol.strip():
                where = f"{root.name}/{FOLDER}/{file.name}:{number}"
                by_key.setdefault(symbol_key(symbol), Record(where, data))
    kinds = frozenset(
        doc_type_of(r.data["symbol"]) for r in by_key.values() if isinstance(r.data["symbol"], str)
    )
    return Index(by_key, kinds, skipped)


def _object(line: str) -> dict[str, object] | None:
    text = line.strip()
    if text.startswith('"{') or text.endswith('}"'):  # ECOSOC: the object between double quotes
        text = text.removeprefix('"').removesuffix('"')
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None

"""The answer of a named query as Python values, and the formats ``tipkg query`` prints it in.

``table`` (rich), ``csv`` (header + rows, ISO dates) and ``json``. JSON is a list of objects, one per
row, column -> plain JSON value (IRIs and dates as strings, numbers as numbers, unbound as null):
what scripts want; the SPARQL JSON results format is the endpoint's business.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from dataclasses import dataclass, field

from rdflib import Graph
from rich.markup import escape
from rich.table import Table

from tipkg.ontology.ids import compact, namespaces

#: the prefixes a result table writes short (other IRIs stay whole)
_TABLE_NAMESPACES = namespaces(("id", "tip", "eli", "cito", "phrase"))


@dataclass
class Result:
    """A SELECT result as Python values (or a CONSTRUCT result as a graph)."""

    columns: list[str]
    rows: list[tuple[object, ...]] = field(default_factory=list)
    graph: Graph | None = None

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


def _plain(value: object) -> object:
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    return value


def to_json(result: Result) -> str:
    return json.dumps([{k: _plain(v) for k, v in rec.items()} for rec in result.records()], indent=2)


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow(["" if v is None else _plain(v) for v in row])
    return buf.getvalue()


def to_table(result: Result, title: str | None = None) -> Table:
    """A rich Table of the result (returned, so callers print it on their console)."""
    table = Table(title=title, show_lines=False)
    for c in result.columns:
        table.add_column(c, overflow="fold")
    for row in result.rows:
        table.add_row(*("" if v is None else escape(compact(str(_plain(v)), _TABLE_NAMESPACES)) for v in row))
    return table

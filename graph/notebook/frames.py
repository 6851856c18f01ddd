"""SPARQL results as pandas DataFrames of plain Python values, IRIs shortened by the project prefixes.

Notebook users compare, group and plot results; rdflib terms get in the way of all three, and full
IRIs make tables unreadable. ``id:doc/A/RES/61/180`` and ``tip:recalls`` stay unambiguous.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rdflib import URIRef
from rdflib.term import Node

from tipkg.graph.query.source import python_value
from tipkg.ontology.ids import compact


def value(term: Node | None) -> object:
    """One result term as the Python value a DataFrame cell should hold."""
    if isinstance(term, URIRef):
        return compact(str(term))
    return python_value(term)


def to_frame(names: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> pd.DataFrame:
    """A SELECT result as a DataFrame, one column per projected variable, in projection order."""
    return _frame(names, [[value(t) for t in row] for row in rows])


def _column(values: list[object]) -> pd.Series | list[object]:
    """Integers and booleans with gaps (unbound) keep their type (nullable dtypes), not float/object."""
    present = [v for v in values if v is not None]
    if len(present) == len(values) or not present:
        return values
    if all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="Int64")
    return values


def _frame(names: Sequence[str], data: list[list[object]]) -> pd.DataFrame:
    columns = list(names)
    if not data:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame({i: _column([row[i] for row in data]) for i in range(len(columns))}).set_axis(
        columns, axis=1
    )


def values_frame(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """A table of already-plain values (``tipkg.graph.query.runner.Result``), IRIs shortened.

    Those rows no longer tell an IRI from a string; only strings inside a project namespace are
    shortened, and no literal of this graph starts with one.
    """
    return _frame(columns, [[compact(v) if isinstance(v, str) else v for v in row] for row in rows])

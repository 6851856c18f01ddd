"""Show a :class:`~tipkg.graph.validate.pyshacl_engine.ValidationReport` as rich tables, one per shape."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tipkg.graph.validate.report import SHAPES, ValidationReport, Violation
from tipkg.ontology import ids

_STYLES = {"Violation": "red", "Warning": "yellow", "Info": "cyan"}


_NAMESPACES = ids.namespaces(tsh=str(SHAPES))
_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`,]+[^\s<>\"{}|\\^`,.:;)]")


def compact(node: Node | None) -> str:
    """A term for a table cell: ``tip:recalls``, ``id:doc/A/RES/61/180`` (the shapes too, as ``tsh:``),
    ``<other IRI>``, a quoted literal cut at 60 characters."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = str(node)
        return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
    iri = str(node)
    if isinstance(node, URIRef):
        short = ids.compact(iri, _NAMESPACES)
        return short if short != iri else f"<{iri}>"
    return f"_:{iri}"


def compact_text(message: str) -> str:
    """A message with the IRIs pyshacl substituted into it written compactly."""
    return _IRI.sub(lambda m: compact(URIRef(m.group(0))), message)


def shape_table(violations: list[Violation], *, max_rows: int | None = None) -> Table:
    """One table per shape: focus node, path, value and file:line of each result.

    The message goes under the title when the shape gives every result the same one (the usual
    case), and in its own column otherwise; severity gets a column only when it varies or is not
    "Violation". This keeps the table readable in an 80-column terminal.
    """
    first = violations[0]
    messages = {v.message for v in violations}
    severities = {v.severity for v in violations}
    per_row_message = len(messages) > 1
    per_row_severity = severities != {"Violation"}
    title = f"{first.shape_name} ({compact(first.shape)}): {len(violations)}"
    if not per_row_message:
        title += f"\n{compact_text(first.message)}"
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    if per_row_severity:
        table.add_column("severity", no_wrap=True)
    table.add_column("focus node", overflow="fold")
    table.add_column("path", overflow="fold")
    table.add_column("value", overflow="fold")
    if per_row_message:
        table.add_column("message", overflow="fold")
    table.add_column("source", overflow="fold")
    shown = violations if max_rows is None else violations[:max_rows]
    for v in shown:
        row: list[Text | str] = []
        if per_row_severity:
            row.append(Text(v.severity, style=_STYLES.get(v.severity, "")))
        row += [compact(v.focus), compact(v.path), compact(v.value)]
        if per_row_message:
            row.append(compact_text(v.message))
        row.append(v.location or compact(v.graph))
        table.add_row(*row)
    if len(shown) < len(violations):
        table.caption = f"… {len(violations) - len(shown)} more"
    return table


def render_report(
    report: ValidationReport, console: Console | None = None, *, max_rows: int | None = None
) -> None:
    """Print the verdict, then a table per shape (shapes sorted by name)."""
    out = console or Console()
    for violations in report.by_shape().values():
        out.print(shape_table(violations, max_rows=max_rows))
    verdict = "[green]conforms[/green]" if report.conforms else "[red]does not conform[/red]"
    out.print(
        f"{verdict}: {report.count('Violation')} violation(s), {report.count('Warning')} warning(s) "
        f"in {len(report.by_shape())} shape(s); {report.triples:,} triples from {len(report.graphs)} "
        f"graph(s) checked in {report.seconds:.2f} s",
        highlight=False,
    )

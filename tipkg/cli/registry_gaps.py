"""``tipkg registry gaps``: the names texts give bodies and events that the registry does not know."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tipkg.cli.common import StoreOpt, consoles, fail, sparql_source


def gaps_command(
    dataset: Annotated[
        Path | None,
        typer.Argument(help="A built dataset file (.trig, .nq …) instead of the store.", show_default=False),
    ] = None,
    store: StoreOpt = None,
    top: Annotated[int, typer.Option("--top", "-n", min=0, help="How many names to list.")] = 20,
    examples: Annotated[
        int, typer.Option("--examples", "-e", min=0, help="Example paragraphs per name.")
    ] = 2,
    kind: Annotated[str | None, typer.Option("--kind", help="body or event (default: both).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json.")] = "table",
) -> None:
    """List the names of bodies and events the registry does not know, most mentioned first.

    Names found in the texts that no registry name matched, by the number of paragraphs naming them,
    with their spellings and example paragraphs, after the share of body and event mentions the
    registry resolved.

    Example: tipkg registry gaps --store build/store --top 50 --examples 1
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.query.gaps import coverage, gaps

    if kind not in (None, "body", "event"):
        raise typer.BadParameter("choose body or event", param_hint="--kind")
    if fmt not in ("table", "csv", "json"):
        raise fail(f"unknown format {fmt!r}")
    source = sparql_source(store, dataset)
    found = gaps(source, top=top, examples=examples, kind=kind)
    shares = coverage(source)
    if fmt == "json":
        payload = {
            "coverage": [
                {
                    "kind": c.kind,
                    "registry": c.registry,
                    "unregistered": c.unregistered,
                    "share": round(c.share, 4),
                }
                for c in shares
            ],
            "gaps": [
                {
                    "name": g.name,
                    "kind": g.kind,
                    "label": g.label,
                    "paragraphs": g.paragraphs,
                    "documents": g.documents,
                    "forms": g.forms,
                    "examples": [
                        {"symbol": x.symbol, "paragraph": x.paragraph, "text": x.text} for x in g.examples
                    ],
                }
                for g in found
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["rank", "kind", "label", "paragraphs", "documents", "forms", "examples"])
        for i, g in enumerate(found, start=1):
            writer.writerow(
                [i, g.kind, g.label, g.paragraphs, g.documents, " | ".join(g.forms), " | ".join(_where(g))]
            )
        sys.stdout.write(out.getvalue())
        return
    for c in shares:
        consoles.out.print(
            f"{c.kind} mentions: {c.registry:,} resolved to the registry, {c.unregistered:,} unregistered"
            f" ({100 * c.share:.1f}% resolved)",
            highlight=False,
        )
    table = Table(title=f"names the registry does not know (top {len(found)})")
    for col, just in (
        ("#", "right"),
        ("kind", "left"),
        ("name", "left"),
        ("paragraphs", "right"),
        ("documents", "right"),
        ("spellings", "left"),
        ("examples", "left"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for i, g in enumerate(found, start=1):
        table.add_row(
            str(i),
            g.kind,
            escape(g.label),
            str(g.paragraphs),
            str(g.documents),
            escape("\n".join(g.forms[:4]) + (f"\n(+{len(g.forms) - 4})" if len(g.forms) > 4 else "")),
            escape("\n".join(_where(g))),
        )
    consoles.out.print(table)


def _where(gap: object) -> list[str]:
    """Each example as "SYMBOL: …the words around the name…"."""
    from tipkg.graph.query.gaps import Gap

    assert isinstance(gap, Gap)
    return [f"{x.symbol or x.paragraph}: {x.around(gap.forms)}" for x in gap.examples]

"""``tipkg eval``: precision, recall and F1 of the text parser against the gold annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from tipkg.loaders.evaluate import Evaluation, Item, Score

console = Console()


def _table(title: str, rows: dict[str, Score]) -> Table:
    table = Table(title=title, header_style="bold")
    for col in ("", "gold", "found", "tp", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if not col else "right")
    for name, s in rows.items():
        table.add_row(
            name,
            str(s.tp + s.fn),
            str(s.tp + s.fp),
            str(s.tp),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
        )
    return table


def _items(title: str, items: list[Item]) -> None:
    if not items:
        return
    console.print(f"[bold]{title}[/bold] ({len(items)})")
    for i in items:
        rel = f" {i.relation}" if i.relation else ""
        console.print(f"  {i.document}  {i.kind}:{i.target}{rel}  [dim]{i.evidence}[/dim]", highlight=False)


def report(ev: Evaluation) -> None:
    overall = {"citations": ev.citations(), "mentions": ev.mentions()}
    console.print(_table(f"tipkg eval ({len(ev.documents)} documents)", overall))
    console.print(_table("citations by relation", ev.by("relation")))
    console.print(_table("citations by target kind", ev.by("kind")))
    console.print(_table("mentions by kind", ev.mentions_by_kind()))
    dis = ev.date_disagreements()
    console.print(f"dates of matched citations: {len(ev.matched) - len(dis)}/{len(ev.matched)} agree")
    for g, x in dis:
        console.print(f"  {g.document}  {g.target}: gold {g.date} found {x.date}", highlight=False)
    _items("missed citations", ev.missed)
    _items("false citations", ev.false)
    _items("missed mentions", ev.mention_missed)
    _items("false mentions", ev.mention_false)
    for e in ev.errors:
        console.print(f"[red]error[/red] {e}", highlight=False)


def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files (one per document).")],
    corpus_dir: Annotated[
        Path,
        typer.Argument(
            help="Corpus folder: gold files name their source under it (or its manifest.json does)."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Compare extracted citations and mentions with the gold annotations.

    Example: tipkg eval ../shared/corpus/gold ../shared/corpus
    (the official files: tipkg eval tests/gold/unxml ../shared/corpus)
    """
    if not corpus_dir.is_dir():
        raise typer.BadParameter(f"{corpus_dir} is not a folder")
    if not gold_dir.is_dir():
        raise typer.BadParameter(f"{gold_dir} is not a folder")
    if not any(gold_dir.glob("*.json")):
        raise typer.BadParameter(f"{gold_dir} holds no gold files (*.json)")
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.loaders.evaluate import evaluate

    ev = evaluate(gold_dir, corpus_dir)
    if as_json:
        typer.echo(json.dumps(ev.as_dict(), indent=2, ensure_ascii=False))
    else:
        report(ev)
    if ev.errors:
        raise typer.Exit(2)

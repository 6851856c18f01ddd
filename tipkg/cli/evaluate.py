"""``tipkg eval``: precision, recall and F1 of the text parser against the gold annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from tipkg.loaders.agreement import Agreement
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


def _against_akn(
    paths: list[Path], versions: str, limit: int | None, keep: Path | None, as_json: bool
) -> None:
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.synth.against_akn import TARGETS, VERSIONS, against_akn, official_files, totals

    chosen = [v.strip() for v in versions.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in VERSIONS]
    if unknown:
        raise typer.BadParameter(f"unknown version {unknown[0]!r} (choose from {', '.join(VERSIONS)})")
    files = official_files(paths, limit)
    if not files:
        raise typer.BadParameter("no Akoma Ntoso files (*.xml) found")
    results = against_akn(files, chosen, workdir=keep)
    scores = totals(results)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "files": len(files),
                    "versions": {v: s.as_dict() for v, s in scores.items()},
                    "documents": [
                        {
                            "file": r.name,
                            "version": r.version,
                            **r.score.as_dict(),
                            "error": r.error,
                            "missed": [list(k) for k in r.missed],
                            "extra": [list(k) for k in r.extra],
                        }
                        for r in results
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        table = Table(title=f"tipkg eval --against-akn ({len(files)} files)", header_style="bold")
        for col in ("version", "official", "found", "agree", "precision", "recall", "agreement", "target"):
            table.add_column(col, justify="left" if col == "version" else "right")
        for v, sc in scores.items():
            target = TARGETS.get(v)
            table.add_row(v, str(sc.tp + sc.fn), str(sc.tp + sc.fp), str(sc.tp), f"{sc.precision:.3f}",
                          f"{sc.recall:.3f}", f"{sc.f1:.3f}", f"{target:.2f}" if target else "")  # fmt: skip
        console.print(table)
        for r in sorted(results, key=lambda r: r.score.f1):
            if r.error or r.score.f1 < TARGETS.get(r.version, 0.9):
                note = f" [red]{r.error}[/red]" if r.error else ""
                console.print(f"  {r.version:9s} {r.score.f1:.3f}  {r.name}{note}", highlight=False)
    below = [v for v, sc in scores.items() if v in TARGETS and sc.f1 < TARGETS[v]]
    if below:
        raise typer.Exit(1)


def report_languages(ag: Agreement, *, limit: int | None) -> None:
    table = Table(title=f"cross-language agreement with English ({len(ag.works)} works)", header_style="bold")
    for col in (
        "language",
        "works",
        "both",
        "one verb",
        "English only",
        "language only",
        "agreement",
        "ignoring relation",
        "paragraphs differ",
    ):
        table.add_column(col, justify="left" if col == "language" else "right")
    for lang, s in ag.scores.items():
        table.add_row(
            lang,
            str(s.works),
            str(s.both),
            str(s.shared_verb),
            str(s.english_only),
            str(s.language_only),
            f"{s.agreement:.3f}",
            f"{s.target_agreement:.3f}",
            str(s.paragraphs_differ),
        )
    console.print(table)
    shown = ag.disagreements if limit is None else ag.disagreements[:limit]
    if shown:
        console.print(f"[bold]disagreements[/bold] ({len(ag.disagreements)})")
    for d in shown:
        console.print(
            f"  {d.work} {d.language} {d.paragraph} ({d.eid}) {d.relation} {d.target}: only in {d.side}"
            f"  [dim]{' '.join(d.quote.split())[:80]}[/dim]",
            highlight=False,
        )
    if limit is not None and len(ag.disagreements) > limit:
        console.print(f"  … {len(ag.disagreements) - limit} more (--limit 0 lists them all)")
    for line in ag.structure:
        console.print(f"  [yellow]structure[/yellow] {line}", highlight=False)
    for e in ag.errors:
        console.print(f"[red]error[/red] {e}", highlight=False)


def _languages(paths: list[Path], works_file: Path | None, as_json: bool, limit: int) -> None:
    from tipkg.loaders.agreement import compare, discover, read_works_list

    for p in paths:
        if not p.exists():
            raise typer.BadParameter(f"{p} does not exist")
    wanted = read_works_list(works_file) if works_file is not None else None
    if works_file is None:  # a corpus folder that lists its works (unxml/trafficking-works.txt)
        listed = [p / "trafficking-works.txt" for p in paths if (p / "trafficking-works.txt").is_file()]
        wanted = read_works_list(listed[0]) if listed else None
    works = discover(paths, wanted)
    if not works:
        raise typer.BadParameter(
            "no work with more than one language version under " + ", ".join(map(str, paths))
        )
    ag = compare(works, jobs=max(1, min(8, (os.cpu_count() or 1))))
    if as_json:
        typer.echo(json.dumps(ag.as_dict(), indent=2, ensure_ascii=False))
    else:
        report_languages(ag, limit=limit or None)
    if ag.errors:
        raise typer.Exit(2)


def eval_command(
    gold_dir: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of gold JSON files (one per document); with --languages: AKN files or folders."
        ),
    ] = None,
    corpus_dir: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Corpus folder: gold files name their source under it (or its manifest.json does)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    against_akn: Annotated[
        list[Path] | None,
        typer.Option(
            "--against-akn",
            help="Akoma Ntoso files or folders: print each as a UN PDF, flattened and fragmentary "
            "text, read those back and compare with the official file (no gold needed).",
        ),
    ] = None,
    versions: Annotated[
        str, typer.Option("--versions", help="With --against-akn: pdf,flattened,fragment,plain.")
    ] = "pdf,flattened,fragment",
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", help="With --against-akn: at most N files; with --languages: disagreements shown."
        ),
    ] = None,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="With --against-akn: keep the versions in this folder.")
    ] = None,
    languages: Annotated[
        bool,
        typer.Option(
            "--languages",
            help="Compare the language versions of each work with its English version: (paragraph, "
            "relation, target) per work, agreement per language, every disagreement listed.",
        ),
    ] = False,
    works: Annotated[
        Path | None,
        typer.Option("--works", help="With --languages: only the works listed (FRBR Work URIs, one a line)."),
    ] = None,
) -> None:
    """Compare extracted citations and mentions with the gold annotations, (--against-akn) PDF
    and text versions of official texts with the official files, or (--languages) the language
    versions of each work with one another. Exit 1 when an --against-akn version misses its target
    (PDF 0.97, flattened text 0.95).

    Example: tipkg eval ../shared/corpus/gold ../shared/corpus
    (the official files: tipkg eval tests/gold/unxml ../shared/corpus;
    tipkg eval --against-akn ../shared/corpus/unxml/GAresolutions/76session --limit 20;
    six languages: tipkg eval --languages ../shared/corpus/unxml)
    """
    if against_akn:
        _against_akn(against_akn, versions, limit, keep, as_json)
        return
    if languages:
        paths = [p for p in (gold_dir, *(corpus_dir or [])) if p is not None]
        if not paths:
            raise typer.BadParameter("--languages needs AKN files or folders")
        _languages(paths, works, as_json, limit or 0)
        return
    if gold_dir is None or not corpus_dir or len(corpus_dir) != 1:
        raise typer.BadParameter("give GOLD_DIR and CORPUS_DIR, --against-akn PATH or --languages PATH")
    corpus = corpus_dir[0]
    if not corpus.is_dir():
        raise typer.BadParameter(f"{corpus} is not a folder")
    if not gold_dir.is_dir():
        raise typer.BadParameter(f"{gold_dir} is not a folder")
    if not any(gold_dir.glob("*.json")):
        raise typer.BadParameter(f"{gold_dir} holds no gold files (*.json)")
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.loaders.evaluate import evaluate

    ev = evaluate(gold_dir, corpus)
    if as_json:
        typer.echo(json.dumps(ev.as_dict(), indent=2, ensure_ascii=False))
    else:
        report(ev)
    if ev.errors:
        raise typer.Exit(2)

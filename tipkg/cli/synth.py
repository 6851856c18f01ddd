"""``tipkg synth``: write a synthetic corpus of UN-style resolutions for benchmarks and loader tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tipkg.cli.common import progress_bar
from tipkg.synth.corpus import MARKER, generate

console = Console()
err_console = Console(stderr=True)


def synth_command(
    n: Annotated[int, typer.Argument(min=1, help="Number of documents to write.")],
    out_dir: Annotated[Path, typer.Argument(help="Folder for resolutions/, manifest.json, truth.jsonl.")],
    seed: Annotated[int, typer.Option("--seed", "-s", help="Same seed, byte-identical output.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per CPU).")] = 0,
    truth: Annotated[
        bool, typer.Option("--truth/--no-truth", help="Also write truth.jsonl (what each file says).")
    ] = True,
) -> None:
    """Write N synthetic resolutions (plain text) marked as such, with a manifest.

    Every file starts with the line "SYNTHETIC TEST DOCUMENT — not a UN text"; symbols use
    sessions 900+ (A/RES/901/17) and ECOSOC years 2100+, which no UN document has.

    Example: tipkg synth 10000 --seed 7 build/synth
    """
    with progress_bar(err_console) as bar:
        task = bar.add_task("writing", total=n)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = generate(n, seed, out_dir, jobs=jobs or None, truth=truth, progress=progress)
    console.print(
        f"wrote {result.documents:,} synthetic documents ({result.citations:,} citations) to "
        f"{result.out_dir} in {result.seconds:.2f} s; first line of each: {MARKER!r}",
        highlight=False,
    )

"""``tipkg registry check``: validate registry YAML files and list every problem with its file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tipkg.cli.common import consoles

EXIT_OK = 0
EXIT_PROBLEMS = 1


def check_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Registry YAML files (default: the registry shipped with tipkg).", show_default=False
        ),
    ] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="The shared corpus: sources corpus/… must then name one of its files (and an eId of an "
            "Akoma Ntoso file).",
        ),
    ] = None,
) -> None:
    """Check registry YAML files and list every problem with its file and line.

    The checks: fields and types, keys unique, no name shared by two entities, dates well formed,
    every entry, fact and label with a source, references to known keys.

    Given several files, references and names are checked across all of them. Prints one line per
    problem (file:line: reason) and exits 1 if there is any, 0 otherwise.

    Example: tipkg registry check loaders/registry/data/*.yaml --corpus ../shared/corpus
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.loaders.registry.check import check_registry
    from tipkg.loaders.registry.load import default_paths

    if corpus is not None and not corpus.is_dir():
        raise typer.BadParameter(f"{corpus}: no such folder", param_hint="--corpus")
    paths = list(files) if files else list(default_paths())
    problems = check_registry(paths, corpus=corpus)
    for problem in problems:
        consoles.out.print(escape(problem.describe()), highlight=False, soft_wrap=True)
    if problems:
        consoles.err.print(f"[red]{len(problems)} problem(s)[/] in {len(paths)} file(s)")
        raise typer.Exit(EXIT_PROBLEMS)
    consoles.out.print(f"{len(paths)} file(s): no problem found", highlight=False)

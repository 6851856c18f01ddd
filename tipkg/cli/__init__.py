"""The ``tipkg`` command line: one module per command, each command a plain function at module level.

The commands import the library modules they run inside their bodies: ``tipkg --help`` and every
command would otherwise load pyshacl, fastapi, networkx and the loaders first (seconds, not the
few tenths it takes). That is the one place tipkg defers imports of its own modules
(tests/test_layout.py holds the list).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import typer

from tipkg.cli import (
    build,
    chain,
    evaluate,
    export,
    push,
    query,
    registry_check,
    registry_gaps,
    serve,
    stats,
    synth,
    validate,
)

#: command name -> function, in the order ``tipkg --help`` lists them
COMMANDS: dict[str, Callable[..., Any]] = {
    "build": build.build_command,
    "eval": evaluate.eval_command,
    "query": query.query_command,
    "chain": chain.chain_command,
    "stats": stats.stats_command,
    "export": export.export_command,
    "validate": validate.validate_command,
    "serve": serve.serve_command,
    "push": push.push_command,
    "synth": synth.synth_command,
}
#: command groups: ``tipkg registry check``, ``tipkg registry gaps``
GROUPS: dict[str, tuple[str, dict[str, Callable[..., Any]]]] = {
    "registry": (
        "The curated registry: check its YAML files, list the names it does not know.",
        {"check": registry_check.check_command, "gaps": registry_gaps.gaps_command},
    ),
}


def new_app(
    commands: Mapping[str, Callable[..., Any]] = COMMANDS,
    groups: Mapping[str, tuple[str, Mapping[str, Callable[..., Any]]]] = GROUPS,
) -> typer.Typer:
    """A Typer app with ``commands`` and command ``groups`` (all of them by default; tests assemble a few)."""
    app = typer.Typer(
        name="tipkg",
        help="Build, validate, query, export and serve the knowledge graph of UN instruments and bodies "
        "against trafficking in persons.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    for name, command in commands.items():
        app.command(name)(command)
    for name, (help_text, members) in groups.items():
        group = typer.Typer(name=name, help=help_text, no_args_is_help=True, add_completion=False)
        for member, command in members.items():
            group.command(member)(command)
        app.add_typer(group, name=name)
    return app


app = new_app()


def main() -> None:
    app()

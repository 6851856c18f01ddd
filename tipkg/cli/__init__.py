"""The ``tipkg`` command line: one Typer app, each command group in its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="tipkg",
    help="Build, validate, query, export and serve the knowledge graph of UN instruments and bodies "
    "against trafficking in persons.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from tipkg.cli import build_cmd, eval_cmd, query_cmd, serve_cmd, synth_cmd, validate_cmd

    build_cmd.register(app)
    eval_cmd.register(app)
    query_cmd.register(app)
    validate_cmd.register(app)
    serve_cmd.register(app)
    synth_cmd.register(app)


_register()


def main() -> None:
    app()

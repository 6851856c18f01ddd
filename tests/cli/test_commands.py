"""The command line is one module per command, each command a function at module level."""

from __future__ import annotations

import importlib
import inspect
import re

from typer.testing import CliRunner

from tipkg.cli import COMMANDS, GROUPS, app, new_app


def test_every_command_is_a_module_level_function_with_an_example() -> None:
    for name, command in COMMANDS.items():
        module = importlib.import_module(command.__module__)
        assert getattr(module, command.__name__) is command, name
        assert module.__name__.startswith("tipkg.cli."), name
        assert "Example: tipkg" in (inspect.getdoc(command) or ""), name


def test_help_lists_the_commands_in_order() -> None:
    res = CliRunner().invoke(app, ["--help"])
    assert res.exit_code == 0, res.output
    listed = re.findall(r"^│ (\w+) ", res.output, re.MULTILINE)
    assert listed == [*COMMANDS, *GROUPS]


def test_a_command_runs_alone() -> None:
    res = CliRunner().invoke(new_app({"query": COMMANDS["query"]}), ["query", "--list"])
    assert res.exit_code == 0, res.output
    assert "ancestors" in res.output

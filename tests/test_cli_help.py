"""Every command's help is Chinese, shows an example (示例) and no English placeholder."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from addin.cli.app import app

ENGLISH_FRAME = ("Options", "Arguments", "Show this message", "Usage:", "[default:")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|<[a-z_\[\]]+>|\b(TEXT|PATH|INTEGER|FLOAT)\b")


def _commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):  # a group (typer may bring its own click)
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append(path)

    walk(root, ())
    return found


def test_every_command_is_found() -> None:
    names = {" ".join(c) for c in _commands()}
    assert {"check", "merge", "report", "vocab add", "wps install", "addin build", "new"} <= names


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_has_an_example_and_no_english_placeholder(command: tuple[str, ...]) -> None:
    shown = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "示例" in shown.output
    assert not [w for w in ENGLISH_FRAME if w in shown.output]
    assert not PLACEHOLDER.search(shown.output), PLACEHOLDER.search(shown.output)

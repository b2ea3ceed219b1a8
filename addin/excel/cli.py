"""Excel add-in commands (``jixiao addin build``, ``jixiao addin install``)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the Excel add-in commands to the main ``jixiao`` app."""

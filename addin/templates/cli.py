"""Template commands (``jixiao forms``, ``jixiao new``, ``jixiao templates build``)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the template commands to the main ``jixiao`` app."""

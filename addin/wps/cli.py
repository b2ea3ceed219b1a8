"""WPS commands (``jixiao serve``, ``jixiao wps install``)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the local service and WPS commands to the main ``jixiao`` app."""

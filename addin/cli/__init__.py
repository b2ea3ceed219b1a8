"""The ``jixiao`` command line: one typer app, one small module per group of commands."""

from addin.cli.app import main

__all__ = ["main"]

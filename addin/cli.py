"""The ``jixiao`` command line: Chinese messages for people, stable JSON for scripts."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from addin import __version__
from addin.templates.cli import register as register_templates

app = typer.Typer(
    help="绩效助手：预算绩效表格的模板、校验、计分与合并汇总。",
    no_args_is_help=True,
    add_completion=False,
)
# piped output (logs, CI) gets room for the Chinese tables instead of 80 columns
console = Console() if sys.stdout.isatty() else Console(width=120)


def _version(value: bool) -> None:
    if value:
        console.print(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号"
    ),
) -> None:
    """绩效助手 (jixiao)."""


@app.command()
def demo() -> None:
    """在自带的样例数据上演示：读取各地真实表格，计算执行率、得分、总分和等级。"""
    from addin.demo import run_demo

    raise typer.Exit(run_demo(console))


@app.command()
def profiles() -> None:
    """列出可用的计分口径。"""
    from addin.profiles import load_profile, profile_names

    for name in profile_names():
        profile = load_profile(name)
        console.print(f"{name}\t{profile.title}")


register_templates(app)


def main() -> None:
    """Console-script entry point."""
    app()

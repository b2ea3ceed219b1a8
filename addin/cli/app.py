"""The ``jixiao`` command line: Chinese messages for people, stable JSON for scripts.

Each group of commands lives in a module of its own and adds itself here with
``register(app)``. A :class:`~addin.core.errors.JixiaoError` raised by any command is
caught once, in :func:`main`: one Chinese line on stderr, exit 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from addin import __version__
from addin.cli import catalogue, check, excel, merge, report, templates, vocab, wps
from addin.cli.common import console, examples, say_error
from addin.cli.help import localise
from addin.core.errors import JixiaoError

localise()
app = typer.Typer(
    help="绩效助手：预算绩效表格的模板、校验、计分与合并汇总。",
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        console.print(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback(epilog=examples("jixiao demo", "jixiao check 县里报来的.xlsx", "jixiao 命令 --help"))
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号")
    ] = False,
) -> None:
    """绩效助手 (jixiao)."""


@app.command(epilog=examples("jixiao demo", "jixiao demo --out 演示"))
def demo(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="输出文件夹（默认 jixiao-demo）", show_default=False, metavar="文件夹"
        ),
    ] = Path("jixiao-demo"),
) -> None:
    """在自带的样例数据上演示：生成各县工作簿，校验、计分并写出标记副本。"""
    from addin.demo.run import run_demo

    raise typer.Exit(run_demo(console, out))


for group in (check, merge, report, catalogue, templates, vocab, excel, wps):
    group.register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app(standalone_mode=True)
    except JixiaoError as exc:
        say_error(exc.describe())
        raise SystemExit(2) from None

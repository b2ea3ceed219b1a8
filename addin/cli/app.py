"""The ``jixiao`` command line: Chinese messages for people, stable JSON for scripts.

Each group of commands lives in a module of its own and adds itself here with
``register(app)``. A :class:`~addin.core.errors.JixiaoError` raised by any command is
caught once, in :func:`main`: one Chinese line on stderr, exit 2, never a traceback.
"""

from __future__ import annotations

import signal
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from addin import __version__
from addin.cli import catalogue, check, excel, merge, report, templates, vocab, wps
from addin.cli.common import console, examples, say_error
from addin.cli.help import localise
from addin.core.errors import JixiaoError
from addin.workbook.safe_text import install_console_errors

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


class Interrupted(SystemExit):
    """SIGINT or SIGTERM: raised where the program is, so every ``finally`` runs (the
    temporary output is removed, the reading processes are stopped)."""


def _interrupt(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second signal does not cut the cleanup short
    raise Interrupted(128 + signum)


def main() -> None:
    """Console-script entry point."""
    install_console_errors(sys.stdout, sys.stderr)
    warnings.simplefilter("ignore")  # a library's English warning never reaches the clerk
    # a library's writer failing again as it is collected (a full disk): the failure itself
    # was already said in Chinese; Python's "Exception ignored … Traceback" is not shown
    sys.unraisablehook = lambda _unraisable: None
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    try:
        app(standalone_mode=True)
    except JixiaoError as exc:
        say_error(exc.describe())
        raise SystemExit(2) from None
    except Interrupted as exc:
        say_error("已中断：未写完的文件已删除，原有文件保持不变")
        raise SystemExit(exc.code) from None

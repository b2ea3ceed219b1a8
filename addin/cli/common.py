"""What every command of ``jixiao`` shares: the consoles, one way to fail, the common
options. A failure a person must be told about is a :class:`~addin.core.errors.JixiaoError`
raised anywhere below; :func:`addin.cli.app.main` prints its one Chinese line and exits 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

# piped output (logs, CI) gets room for the Chinese tables instead of 80 columns
console = Console() if sys.stdout.isatty() else Console(width=120)
err_console = Console(stderr=True, width=200)


def fail(message: str, code: int = 2) -> typer.Exit:
    """One Chinese line on stderr and the exit code (never a traceback)."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def say_error(message: str) -> None:
    """A Chinese line on stderr that does not end the command."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)


def check_profile(profile: str | None) -> None:
    """A profile asked for must exist (:class:`ProfileError` otherwise)."""
    from addin.core.profiles import load_profile

    if profile:
        load_profile(profile)


def examples(*lines: str) -> str:
    """A command's 示例 block, shown under its help."""
    return "示例：\n\n" + "\n\n".join(f"  {line}" for line in lines)


AsJson = Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")]
Profile = Annotated[
    str | None,
    typer.Option(
        "--profile", help="计分口径（默认按表格所属省份；见 jixiao profiles）", metavar="口径"
    ),
]
Workbook = Annotated[Path, typer.Argument(help="工作簿（.xlsx .xlsm .xls .ods）", metavar="文件")]

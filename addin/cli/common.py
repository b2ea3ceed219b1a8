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


def as_json_text(payload: object) -> str:
    """The ``--json`` payload as text: every file name readable and valid UTF-8 (a name in
    GBK or Latin-1 bytes is decoded or shown as ``\\xNN``, see
    :func:`addin.workbook.safe_text.readable`)."""
    import json

    from addin.workbook.safe_text import readable

    def clean(value: object) -> object:
        if isinstance(value, str):
            return readable(value)
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    return json.dumps(clean(payload), ensure_ascii=False, indent=2)


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
TimeLimit = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=1,
        help="每个文件的读取时限（秒），默认 120；超时的文件报告为无法读取",
        metavar="秒",
    ),
]
MemoryLimit = Annotated[
    int,
    typer.Option(
        "--memory-limit", min=256, help="读取进程的内存上限（MB），默认 2048", metavar="MB"
    ),
]
TIME_LIMIT, MEMORY_LIMIT = 120.0, 2048  # the merge's defaults, for every command that reads


def limits_of(seconds: float, memory_mb: int):
    """The per-file limits of a command (see :mod:`addin.workbook.isolation`)."""
    from addin.workbook.isolation import Limits

    return Limits(seconds=seconds, memory_mb=memory_mb)


def bounded(work, item, seconds: float, memory_mb: int):
    """``work(item)`` in an isolated reading process under the limits; the Chinese reason
    (``str``) when the process crashed or went past a limit, else ``("ok", value)``."""
    from addin.reader.vocabulary import vocabulary
    from addin.workbook.isolation import Stopped, run_one

    vocabulary()  # the user's own words, read here: their mistakes are told on this stderr
    try:
        return run_one(work, item, limits_of(seconds, memory_mb))
    except Stopped as exc:
        return ("error", str(exc))

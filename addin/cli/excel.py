"""Excel add-in commands (``jixiao addin build``, ``jixiao addin install``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from addin.cli.common import examples

addin_app = typer.Typer(
    help="Excel 加载项：生成 jixiao.xlam 并安装到 Excel。", no_args_is_help=True
)


def _fail(message: str) -> typer.Exit:
    """One Chinese line on stderr and exit code 2 (never a traceback)."""
    typer.echo(message, err=True)
    return typer.Exit(2)


@addin_app.command(
    "build", epilog=examples("jixiao addin build", "jixiao addin build -o 绩效助手.xlam")
)
def build(
    out: Annotated[
        Path, typer.Option("-o", "--out", help="输出的 .xlam 文件", metavar="文件")
    ] = Path("jixiao.xlam"),
) -> None:
    """生成 Excel 加载项 jixiao.xlam（功能区、VBA 模块和自定义函数），任何系统上都可运行。"""
    from addin.excel.vba_sources import VbaSourceError
    from addin.excel.xlam import BuildError, build_xlam

    try:
        names = build_xlam(out)
    except (BuildError, VbaSourceError) as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"已生成 {out}（VBA 模块：{'、'.join(names)}）")


@addin_app.command("install", epilog=examples("jixiao addin install"))
def install() -> None:
    """在 Windows 上为当前用户安装加载项（XLSTART）并写入 xlwings 配置；其他系统上说明做法。"""
    from addin.excel.install import default_target, instructions
    from addin.excel.install import install as run_install
    from addin.excel.vba_sources import VbaSourceError
    from addin.excel.xlam import BuildError

    if sys.platform != "win32":  # nothing installed: say so in the exit code too
        typer.echo(instructions(), err=True)
        raise typer.Exit(2)
    try:
        lines = run_install(default_target())
    except (BuildError, VbaSourceError) as exc:
        raise _fail(f"安装未完成：{exc}") from exc
    except OSError as exc:
        raise _fail(f"安装未完成：{exc.strerror or exc}（请关闭 Excel 后重试）") from exc
    for line in lines:
        typer.echo(line)


@addin_app.command("uninstall", epilog=examples("jixiao addin uninstall"))
def uninstall() -> None:
    """从当前用户的 Excel 中卸载加载项（删除 XLSTART 中的 jixiao.xlam 和 xlwings 配置）。"""
    from addin.excel.install import default_target
    from addin.excel.install import uninstall as run_uninstall

    try:
        lines = run_uninstall(default_target())
    except OSError as exc:
        raise _fail(f"卸载未完成：{exc.strerror or exc}（请关闭 Excel 后重试）") from exc
    for line in lines:
        typer.echo(line)


def register(app: typer.Typer) -> None:
    """Add the Excel add-in commands to the main ``jixiao`` app."""
    app.add_typer(addin_app, name="addin")

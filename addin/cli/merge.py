"""合并汇总 on the command line: ``jixiao merge``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from addin.cli.common import (
    AsJson,
    Profile,
    as_json_text,
    check_profile,
    console,
    err_console,
    examples,
    fail,
)


class Level(StrEnum):
    """The lowest level 问题清单 lists."""

    error = "error"
    warning = "warning"
    info = "info"


def merge(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="县级工作簿或文件夹（递归查找）", metavar="文件或文件夹…"),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="汇总工作簿（.xlsx）", metavar="文件")
    ],
    as_json: AsJson = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="并行进程数，至少 1（默认按 CPU）", metavar="个数"),
    ] = None,
    profile: Profile = None,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit", min=1, help="每个文件的读取时限（秒），超时的文件列为失败", metavar="秒"
        ),
    ] = 120,
    memory_limit: Annotated[
        int,
        typer.Option(
            "--memory-limit",
            min=256,
            help="每个读取进程的内存上限（MB），超出的文件列为失败",
            metavar="MB",
        ),
    ] = 2048,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="另把各表导出到此文件夹：Parquet（供分析）和 CSV（供 Excel/WPS 打开）",
            metavar="文件夹",
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            help="应报送单位名单（.xlsx 或 .csv，列“单位名称”或“单位”，可选“别名”）",
            metavar="名单",
        ),
    ] = None,
    letters: Annotated[
        Path | None,
        typer.Option(
            "--letters", help="给每个单位写一份反馈函（.docx）到此文件夹", metavar="文件夹"
        ),
    ] = None,
    level: Annotated[
        Level | None,
        typer.Option(
            "--level",
            help="问题清单列出的最低级别 error|warning|info（默认：除只涉及格式的提示外全部列出）",
            metavar="级别",
        ),
    ] = None,
) -> None:
    """合并汇总：把各县工作簿合成一份全市汇总。退出码 0 全部合并，3 部分失败，2 全部失败。"""
    from rich.progress import Progress

    from addin.merge.job import MergeOptions, NothingMerged, merge_into
    from addin.merge.roster import RosterError, load_roster
    from addin.workbook.isolation import Limits
    from addin.workbook.outputs import OutputRefused, os_reason

    check_profile(profile)
    try:
        expected = load_roster(roster) if roster is not None else None
    except RosterError as exc:
        raise fail(str(exc)) from exc
    options = MergeOptions(
        profile=profile,
        workers=workers,
        limits=Limits(seconds=time_limit, memory_mb=memory_limit),
        roster=expected,
        level=level.value if level is not None else None,
    )
    try:
        with Progress(console=err_console, transient=True, disable=as_json) as bar:
            task = bar.add_task("合并中", total=None)
            result = merge_into(output, inputs, options, lambda _: bar.advance(task))
    except NothingMerged as exc:
        for failure in exc.result.failed:
            err_console.print(f"无法合并 {failure.file}：{failure.reason}", markup=False)
        raise fail("没有可以合并的文件，未写出汇总") from None
    except OutputRefused as exc:
        raise fail(str(exc)) from exc
    except OSError as exc:
        raise fail(f"无法写入汇总文件 {output}：{os_reason(exc)}") from exc
    if export is not None:
        import pyarrow as pa

        from addin.api import export as export_tables

        try:
            written = export_tables(result, export)
        except OutputRefused as exc:
            raise fail(f"未导出：{exc}") from exc
        except OSError as exc:
            raise fail(f"无法写入导出文件夹 {export}：{os_reason(exc)}") from exc
        except (pa.ArrowException, MemoryError) as exc:
            raise fail(
                f"导出到 {export} 时内存不足或数据异常（{type(exc).__name__}），"
                "未写完的导出文件已删除；汇总工作簿已写出"
            ) from exc
        if not as_json:
            console.print(f"已导出 {len(written)} 个文件到 {escape(str(export))}（Parquet 与 CSV）")
    if letters is not None:
        from addin.merge.letters import write_letters

        try:
            sent = write_letters(result, letters, options.level)
        except OSError as exc:
            raise fail(f"无法写入反馈函文件夹 {letters}：{os_reason(exc)}") from exc
        if not as_json:
            console.print(f"已写出 {len(sent)} 份反馈函到 {escape(str(letters))}")
    if as_json:
        typer.echo(as_json_text(result.to_json()))
    else:
        totals = result.totals()
        console.print(
            f"已合并 {result.merged}/{result.inputs} 个工作簿、{totals['forms']} 张表，"
            f"汇总写入 {escape(str(output))}"
        )
        for failure in result.failed:
            console.print(
                f"[red]未合并[/red] {escape(failure.file)}：{escape(failure.reason)}",
                highlight=False,
            )
        for skipped in result.skipped:
            console.print(
                f"[yellow]未纳入[/yellow] {escape(skipped.file)}：{escape(skipped.reason)}",
                highlight=False,
            )
        if result.duplicates:
            console.print(f"重复报送 {len(result.duplicates)} 张表，只计入一次，详见“问题清单”")
    raise typer.Exit(3 if result.failed else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the ``jixiao`` app."""
    app.command(
        epilog=examples(
            "jixiao merge 县级报送/ -o 市级汇总.xlsx",
            "jixiao merge 县级报送/ -o 市级汇总.xlsx --json --export 导出/",
            "jixiao merge 县级报送/ -o 市级汇总.xlsx --roster 名单.xlsx --letters 反馈函/",
            "jixiao merge 县级报送/ -o 市级汇总.xlsx --level info",
            "jixiao merge a县.xlsx b县.xlsx -o 汇总.xlsx --time-limit 60 --memory-limit 1024",
        )
    )(merge)

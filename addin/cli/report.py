"""The 自评报告 draft on the command line: ``jixiao report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from addin.cli.common import (
    MEMORY_LIMIT,
    TIME_LIMIT,
    MemoryLimit,
    Profile,
    TimeLimit,
    Workbook,
    bounded,
    check_profile,
    console,
    examples,
    fail,
)


def _report_one(job: tuple) -> tuple:
    """The report in the reading process: ("ok", result) or ("error", the Chinese line)."""
    from addin.core.errors import JixiaoError
    from addin.selfeval.report import write_report
    from addin.workbook.files import InputError

    file, output, profile = job
    try:
        return ("ok", write_report(file, output, profile))
    except InputError as exc:
        return ("error", exc.describe())
    except JixiaoError as exc:
        return ("error", str(exc))
    except Exception as exc:
        return ("error", f"无法读取 {file.name}：读取时出现意外错误（{type(exc).__name__}）")


def report(
    file: Workbook,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="自评报告草稿（.docx）", metavar="文件")
    ],
    profile: Profile = None,
    time_limit: TimeLimit = TIME_LIMIT,
    memory_limit: MemoryLimit = MEMORY_LIMIT,
) -> None:
    """生成自评报告草稿（.docx）：数字取自计分结果，需要填写的地方以【请填写…】标出。"""
    from addin.workbook.outputs import remove_stale

    check_profile(profile)
    try:
        answer = bounded(_report_one, (file, output, profile), time_limit, memory_limit)
    finally:
        remove_stale(output.parent)
    if answer[0] != "ok":
        reason = answer[1]
        raise fail(reason if file.name in reason else f"无法读取 {file.name}：{reason}")
    result = answer[1]
    console.print(
        f"已生成 {output}：{'、'.join(result.reports)}，涉及 {result.forms} 张自评表，"
        f"另有 {result.fills} 处需要填写（【请填写…】，黄色底）",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the ``jixiao`` app."""
    app.command(epilog=examples("jixiao report 自评表.xlsx -o 自评报告.docx"))(report)

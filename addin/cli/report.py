"""The 自评报告 draft on the command line: ``jixiao report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from addin.cli.common import Profile, Workbook, check_profile, console, examples


def report(
    file: Workbook,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="自评报告草稿（.docx）", metavar="文件")
    ],
    profile: Profile = None,
) -> None:
    """生成自评报告草稿（.docx）：数字取自计分结果，需要填写的地方以【请填写…】标出。"""
    from addin.selfeval.report import write_report

    check_profile(profile)
    result = write_report(file, output, profile)
    console.print(
        f"已生成 {output}：{'、'.join(result.reports)}，涉及 {result.forms} 张自评表，"
        f"另有 {result.fills} 处需要填写（【请填写…】，黄色底）",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the ``jixiao`` app."""
    app.command(epilog=examples("jixiao report 自评表.xlsx -o 自评报告.docx"))(report)

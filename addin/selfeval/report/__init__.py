"""The 自评报告 draft: a .docx in the structure of the reports a unit writes (seed 002).

``write_report(path, out)`` reads and scores a self-evaluation workbook as ``jixiao score``
does and writes the 部门整体 report (where a 部门整体 form is present) and the 项目支出
汇总报告 (over every project form); places for the clerk are highlighted 【请填写…】.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from addin.core.errors import JixiaoError
from addin.selfeval.report.facts import Workbook, read_workbook
from addin.selfeval.report.sections import write_all
from addin.workbook.files import read_grid
from addin.workbook.grid import Grid
from addin.workbook.outputs import OutputRefused, os_reason, write_output
from addin.workbook.safe_text import safe_text


class ReportError(JixiaoError, ValueError):
    """A workbook that gives no report, or an output that cannot be written (Chinese)."""

    code = "report"


class ReportResult(BaseModel):
    """What was written: the reports, the forms they cover and the places left to fill."""

    output: str
    reports: list[str]
    forms: int
    fills: int


def _year(book: Workbook) -> str | None:
    for s in book.scored:
        for text in (s.form.header.year, s.form.title):
            found = re.search(r"(20\d\d)\s*年", text or "")
            if found:
                return found.group(1)
    return None


def write_report(path: Path, out: Path, profile: str | None = None) -> ReportResult:
    """Write the 自评报告 draft of the workbook at ``path`` to ``out`` (.docx).

    Raises :class:`addin.workbook.files.InputError` for an unreadable workbook and
    :class:`ReportError` when it has no self-evaluation or ``out`` cannot be written.
    """
    if out.suffix.lower() != ".docx":
        raise ReportError(f"输出文件「{out.name}」应以 .docx 结尾")
    grid = read_grid(path)
    grid.file = str(path)
    return write_report_grid(grid, out, profile, inputs=[path])


def write_report_grid(
    grid: Grid, out: Path, profile: str | None = None, inputs: Iterable[Path] = ()
) -> ReportResult:
    """Write the 自评报告 draft of a Grid (a file or a live Excel/WPS workbook) to ``out``
    through the one output policy (never onto ``inputs`` or through a link; a failure
    keeps an old file intact). County text is made safe as for a workbook first."""
    if out.suffix.lower() != ".docx":
        raise ReportError(f"输出文件「{out.name}」应以 .docx 结尾")
    _safe_grid(grid)
    book = read_workbook(grid, profile)
    if not book.scored:
        name = Path(grid.file).name if grid.file else "工作簿"
        raise ReportError(f"{name}：没有找到绩效自评表，无法生成自评报告")
    report = write_all(book, _year(book))
    try:
        write_output(out, inputs, lambda temp: report.doc.save(str(temp)))
    except OutputRefused as exc:
        raise ReportError(str(exc)) from exc
    except OSError as exc:
        raise ReportError(f"无法写入「{out}」：{os_reason(exc)}") from exc
    names = ["部门整体支出绩效自评报告"] * len(book.depts)
    if book.projects:
        names.append("项目支出绩效自评汇总报告")
    return ReportResult(output=str(out), reports=names, forms=len(book.scored), fills=report.fills)


def _safe_grid(grid: Grid) -> None:
    """Every text cell as a document can hold it: a control character (Excel's own
    ``_x0001_`` escapes read back as one) would make the .docx writer fail."""
    for sheet in grid.sheets:
        for row in sheet.values:
            for i, value in enumerate(row):
                if isinstance(value, str):
                    row[i] = safe_text(value)

"""The merged tables as rows: one definition of every column, used by the summary workbook,
the pandas frames of :mod:`addin.api` and ``merge --export`` alike.

Each table is a list of :class:`Column` (stable English key, Chinese label, width, number
format) and a generator of row tuples in that column order. What a clerk sees in 指标明细
is therefore exactly what ``api.merge(...).indicators`` holds, row for row.

指标明细 and 问题清单 rows are made where the file is read (:func:`indicator_record`,
:func:`finding_record`, in the merge's worker processes) and kept on disk until written
(see :mod:`addin.merge.spool`); each row read back is a named tuple of the column keys.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from addin.core.framework import classify, detect_framework
from addin.core.kinds import KINDS
from addin.core.scoring import STATUS_LABELS
from addin.core.values import parse_value
from addin.rules import SEVERITY_LABELS

if TYPE_CHECKING:
    from addin.core.models import Indicator
    from addin.core.scoring import IndicatorScore

MONEY, PERCENT, SCORE = "#,##0.00", "0.00%", "0.00"
VALUE = "General"  # a number as written, in its own unit

FORM_NAMES = {k.kind.value: k.short for k in KINDS.values()}


class Column(BaseModel):
    """One column of a merged table."""

    key: str  # DataFrame / CSV column name (stable)
    label: str  # sheet header (Chinese)
    width: float
    number_format: str | None = None
    wrap: bool = False  # long text: wrapped, the row grows
    hidden: bool = False  # for scripts (form code, full path): in the sheet but not printed
    integer: bool = False  # a count: an integer in the frames and in Parquet


def _c(
    key: str,
    label: str,
    width: float,
    fmt: str | None = None,
    wrap: bool = False,
    hidden: bool = False,
) -> Column:
    return Column(
        key=key, label=label, width=width, number_format=fmt, wrap=wrap, hidden=hidden,
        integer=fmt == "0",
    )  # fmt: skip


UNITS = [
    _c("unit", "单位", 12, wrap=True),
    _c("kind", "类别", 5, wrap=True),  # 部门整体 / 项目 / 目标 / 其他 (see addin.merge.kinds)
    _c("form", "表名", 12, wrap=True),
    _c("project", "项目名称", 16, wrap=True),
    _c("budget", "预算数（万元）", 10, MONEY),
    _c("spent", "执行数（万元）", 10, MONEY),
    _c("execution_rate", "执行率", 8, PERCENT),
    _c("points_total", "分值合计", 6.5, SCORE),  # as the form lists them (指标 + 执行率)
    _c("declared_total", "填写总分", 6.5, SCORE),  # the 总分 the county wrote
    _c("score", "指标得分", 6.5, SCORE),
    _c("total", "重算总分", 6.5, SCORE),
    _c("difference", "差异", 6.5, SCORE),  # 填写总分 − 重算总分
    _c("grade", "等级", 4),
    _c("errors", "错误数", 4, "0"),
    _c("warnings", "警告数", 4, "0"),
    _c("file", "来源文件", 13, wrap=True),  # relative to the merged folder
    _c("sheet", "工作表", 6, wrap=True),
    _c("unread", "没有读到", 7, wrap=True),  # budget / spending / points not read (JX902)
    _c("year", "年度", 6, hidden=True),
    _c("project_code", "项目编码", 12, hidden=True),
    _c("form_code", "表码", 12, hidden=True),
    _c("target_budget", "目标表预算数（万元）", 11, MONEY, hidden=True),
    _c("path", "完整路径", 30, hidden=True),
]
INDICATORS = [
    _c("unit", "单位", 10, wrap=True),
    _c("project", "项目名称", 14, wrap=True),
    _c("level1", "一级指标（原文）", 8),
    _c("level1_standard", "一级指标（标准）", 10, hidden=True),
    _c("level2", "二级指标（原文）", 10),
    _c("level2_standard", "二级指标（标准）", 12, hidden=True),
    _c("name", "三级指标", 18, wrap=True),
    _c("op", "指标性质", 5),
    _c("target", "指标值", 10, wrap=True),
    _c("actual", "实际完成值", 10, wrap=True),
    # the texts as the engine reads them (a number and its unit; None when not one number)
    _c("target_value", "指标值（数值）", 8, VALUE, hidden=True),
    _c("target_unit", "指标值（单位）", 6, hidden=True),
    _c("actual_value", "实际完成值（数值）", 8, VALUE, hidden=True),
    _c("actual_unit", "实际完成值（单位）", 6, hidden=True),
    _c("unit_of_measure", "计量单位", 5),
    _c("points", "分值", 5, SCORE),
    _c("score", "得分（按规则）", 6, SCORE),
    _c("status", "状态", 8),
    _c("file", "来源文件", 12, wrap=True),
    _c("sheet", "工作表", 6),
    _c("cell", "单元格", 5),
    _c("kind", "类别", 5),  # 部门整体 / 项目 / 目标 (a target form's rows have no actual)
]
FINDINGS = [
    _c("unit", "单位", 14, wrap=True),
    _c("project", "项目名称", 16, wrap=True),
    _c("file", "来源文件", 16, wrap=True),
    _c("sheet", "工作表", 8, wrap=True),
    _c("cell", "单元格", 6),
    _c("severity", "级别", 5),
    _c("code", "规则", 7),
    _c("message", "说明", 36, wrap=True),
    _c("hint", "修改建议", 30, wrap=True),
]
FAILED = [
    _c("file", "文件", 30, wrap=True),
    _c("path", "完整路径", 56, wrap=True),
    _c("reason", "原因", 56, wrap=True),
]

IndicatorRecord = namedtuple("IndicatorRecord", [c.key for c in INDICATORS])
FindingRecord = namedtuple("FindingRecord", [c.key for c in FINDINGS])

_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def one_line(text: str | None, joiner: str = " ") -> str | None:
    """County text without line breaks: 「效益\\n指标」 -> 「效益指标」 (joiner "")."""
    if text is None:
        return None
    return _BREAKS.sub(joiner, text).strip()


@lru_cache(maxsize=4096)  # every row of a file names it
def file_name(path: str) -> str:
    """The file name of a path."""
    return Path(path).name


@lru_cache(maxsize=4096)
def relative(path: str, root: str | None) -> str:
    """A file as the tables name it: its path inside the merged folder ``root`` (``/``
    separated), so two counties' 自评表.xlsx in different folders stay apart; the bare
    file name when there is no root or the file is outside it."""
    if root:
        try:
            rel = os.path.relpath(os.path.abspath(path), root)
        except ValueError:  # another drive
            rel = ""
        if rel and not rel.startswith(".."):
            return rel.replace(os.sep, "/")
    return file_name(path)


@lru_cache(maxsize=8192)
def standard_names(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """The framework's standard 一级/二级 names of a row (None when not recognised)."""
    if not (level1 or level2):
        return None, None
    cls = classify(level1, level2, None, detect_framework([level1]))
    return cls.level1, cls.level2


def value_and_unit(text: str | None, unit: str | None) -> tuple[float | None, str | None]:
    """(number, unit) of a target or actual as the engine reads it: "≥95%" -> (95, "%"),
    "13.5万元" -> (13.5, "万元"); (None, None) for words, ranges and what does not parse."""
    parsed = parse_value(text, unit)
    if parsed.kind != "number" or parsed.low is None:
        return None, None
    return parsed.low, parsed.unit.text if parsed.unit is not None else None


def indicator_record(
    i: IndicatorScore,
    unit: str,
    project: str | None,
    file: str,
    sheet: str | None,
    kind: str | None = None,
) -> tuple:
    """One row of 指标明细 (plain tuple in :data:`INDICATORS` order); ``file`` as shown
    (see :func:`relative`)."""
    level1_std, level2_std = standard_names(i.level1, i.level2)
    return (
        unit,
        one_line(project),
        one_line(i.level1, ""),
        level1_std,
        one_line(i.level2, ""),
        level2_std,
        one_line(i.name),
        i.op,
        one_line(i.target),
        one_line(i.actual),
        *value_and_unit(i.target, i.unit),
        *value_and_unit(i.actual, i.unit),
        i.unit,
        i.points,
        i.score,
        STATUS_LABELS.get(i.status or "", i.status),
        file,
        sheet,
        i.cell,
        kind,
    )


PART_STATUS = "其中（组成部分，不计分）"


def part_records(
    ind: Indicator,
    unit: str,
    project: str | None,
    file: str,
    sheet: str | None,
    kind: str | None = None,
) -> list[tuple]:
    """The 指标明细 rows of an indicator's "其中" parts, right under its own row: its 一级 /
    二级, the part's values, no points and no score (the points stay with the indicator)."""
    level1_std, level2_std = standard_names(ind.level1, ind.level2)
    rows = []
    for part in ind.parts:
        measure = part.unit or ind.unit
        rows.append(
            (
                unit,
                one_line(project),
                one_line(ind.level1, ""),
                level1_std,
                one_line(ind.level2, ""),
                level2_std,
                one_line(part.name),
                one_line(part.op),
                one_line(part.target),
                one_line(part.actual),
                *value_and_unit(part.target, measure),
                *value_and_unit(part.actual, measure),
                one_line(part.unit),
                None,
                None,
                PART_STATUS,
                file,
                sheet,
                part.cells.get("name") or next(iter(part.cells.values()), None),
                kind,
            )
        )
    return rows


def finding_record(
    unit: str,
    file: str,
    sheet: str | None,
    cell: str | None,
    severity: str,
    code: str,
    message: str,
    hint: str,
    project: str | None = None,
) -> tuple:
    """One row of 问题清单 (plain tuple in :data:`FINDINGS` order); ``file`` as shown
    (see :func:`relative`)."""
    return (
        unit,
        one_line(project),
        file,
        sheet,
        cell,
        SEVERITY_LABELS[severity],
        code,
        message,
        hint,
    )

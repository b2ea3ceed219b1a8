"""Sample county workbooks: seed forms written as .xlsx the way the counties lay out their files.

These play the "foreign county workbook" a city reviewer receives (not our own templates):
the Sichuan self-evaluation sheets of seeds 000/003, the Hunan ``Sheet1`` project sheets and
附件3/附件4 of seed 002, the target tables of seeds 001 and 004, and the fund detail of 003.
Real quirks are kept: labels with line breaks, merged 一级/二级 cells, tables that do not start
in column A, blank spacer rows, titles merged across the table, numbers as numbers only when
the clerk typed a plain number.

Every writer returns a :class:`SampleLayout` naming the cell of each field a reader must find,
so tests can check that a finding lands at the right cell. Addresses of merged cells are their
top-left cell. :func:`build_samples` writes the five seed workbooks and
:func:`generate_county_workbooks` many perturbed county workbooks for benchmarks.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from copy import copy
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field

from addin.core.models import (
    DeptBasicDataForm,
    DeptSelfForm,
    DeptTargetForm,
    FormBase,
    FormKind,
    FundDetailForm,
    Funding,
    FundingRow,
    Indicator,
    ProjectSelfForm,
    ProjectTargetForm,
    ScDeptSelfForm,
    ScProjectSelfForm,
    SeedFile,
)
from addin.core.seeds import load_seeds

# ---------------------------------------------------------------------------------------------
# the description a writer returns


class SampleForm(BaseModel):
    """Where one form went: its sheet and rows, and the cell of every field a reader must find."""

    sheet: str
    form_index: int  # position of the form in the list given to the writer
    kind: FormKind
    title: str
    first_row: int  # 1-based, inclusive
    last_row: int
    cells: dict[str, str] = Field(default_factory=dict)  # field key -> "B7"
    indicators: list[dict[str, str]] = Field(default_factory=list)  # per row: field -> cell
    long_term_indicators: list[dict[str, str]] = Field(default_factory=list)  # seed 004 only


class SampleLayout(BaseModel):
    """Where every form of one workbook went."""

    file: str
    forms: list[SampleForm] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# cell values and styles

_PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d{0,14})(\.\d+)?$")


def cell_value(text: str | None) -> str | int | float | None:
    """The value a clerk's text becomes in a cell: plain numbers as numbers, all else as text."""
    if text is None or not _PLAIN_NUMBER.match(text):
        return text
    return float(text) if "." in text else int(text)


def _decimals(text: str | None) -> int:
    """Decimals shown by a plain number ("7.70" -> 2), so the cell displays as typed."""
    if text is None or not _PLAIN_NUMBER.match(text):
        return 0
    return len(text.partition(".")[2])


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_STYLE_BASES: dict[str, tuple[Font, Alignment, Border]] = {
    "正文": (Font(name="宋体", size=10), Alignment(vertical="center", wrap_text=True), _BOX),
    "表头": (
        Font(name="宋体", size=10, bold=True),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        _BOX,
    ),
    "标题": (
        Font(name="宋体", size=16, bold=True),
        Alignment(horizontal="center", vertical="center"),
        Border(),
    ),
    "居中": (Font(name="宋体", size=11), Alignment(horizontal="center"), Border()),
    "居右": (Font(name="宋体", size=10), Alignment(horizontal="right"), Border()),
    "说明": (Font(name="宋体", size=10), Alignment(vertical="center"), Border()),
}


class _Styles:
    """Named styles of one workbook (宋体, bordered 正文/表头, 标题 …), made on first use."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.arrays: dict[tuple[str, int], StyleArray] = {}

    def apply(self, cell: Cell | MergedCell, base: str, decimals: int = 0) -> None:
        """Give ``cell`` the named style ``base`` showing ``decimals`` decimals.

        The first cell of a style goes through openpyxl; later ones copy its style array, as
        openpyxl does itself, because its per-cell name lookup costs more than writing the cell.
        """
        key = (base, decimals)
        array = self.arrays.get(key)
        if array is not None:
            cell._style = copy(array)
            return
        name = f"{base}{decimals}" if decimals else base
        font, alignment, border = _STYLE_BASES[base]
        style = NamedStyle(
            name=name, number_format="0." + "0" * decimals if decimals else "General"
        )
        style.font, style.alignment, style.border = font, alignment, border
        self.book.add_named_style(style)
        cell.style = name
        self.arrays[key] = copy(cell._style)


@dataclass
class _Canvas:
    """One worksheet being drawn on, with 1-based (row, column) coordinates."""

    ws: Worksheet
    styles: _Styles
    merge_levels: bool = True  # False: 一级/二级 repeated on every row instead of merged
    widths: dict[int, float] = field(default_factory=dict)

    def put(
        self,
        row: int,
        col: int,
        text: str | None,
        *,
        span: int = 1,
        down: int = 1,
        style: str = "正文",
        as_text: bool = False,
    ) -> str:
        """Write ``text`` at (row, col), merged over ``span`` columns and ``down`` rows."""
        if span > 1 or down > 1:
            last = f"{get_column_letter(col + span - 1)}{row + down - 1}"
            # not ws.merge_cells: it re-formats borders cell by cell, slower than the whole
            # sheet; the table's borders are drawn on every cell by box() instead
            self.ws.merged_cells.add(
                MergedCellRange(self.ws, f"{get_column_letter(col)}{row}:{last}")
            )
        cell = self.ws.cell(row=row, column=col)
        value = text if as_text else cell_value(text)
        if value is not None:
            cell.value = value
        self.styles.apply(cell, style, 0 if as_text else _decimals(text))
        return cell.coordinate

    def head(self, row: int, col: int, text: str, *, span: int = 1, down: int = 1) -> str:
        """A bold, centred label cell."""
        return self.put(row, col, text, span=span, down=down, style="表头")

    def title(self, row: int, first: int, last: int, text: str) -> str:
        """The form title, merged across the table."""
        self.ws.row_dimensions[row].height = 30
        return self.put(row, first, text, span=last - first + 1, style="标题")

    def box(self, top: int, first: int, bottom: int, last: int) -> None:
        """Thin borders on every cell of the table rectangle not drawn yet."""
        for row in range(top, bottom + 1):
            for col in range(first, last + 1):
                cell = self.ws.cell(row=row, column=col)
                if not cell.has_style:
                    self.styles.apply(cell, "正文")

    def set_widths(self, widths: Sequence[float]) -> None:
        for col, width in enumerate(widths, 1):
            self.widths[col] = max(self.widths.get(col, 0), width)

    def finish(self) -> None:
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width


@dataclass
class _Placed:
    """What a sheet writer gives back: field cells, indicator cells, the last row it used."""

    cells: dict[str, str]
    indicators: list[dict[str, str]]
    last_row: int
    long_term: list[dict[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# shared pieces


def _ind_field(ind: Indicator, name: str) -> str | None:
    if name.startswith("history."):
        return ind.history.get(name.removeprefix("history."))
    return getattr(ind, name)


def _runs(keys: Sequence[Any]) -> list[tuple[int, int]]:
    """(first, last) index pairs of runs of equal consecutive keys."""
    runs: list[tuple[int, int]] = []
    for i, key in enumerate(keys):
        if runs and keys[runs[-1][0]] == key:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _indicator_rows(
    c: _Canvas, top: int, indicators: Sequence[Indicator], columns: dict[str, tuple[int, int]]
) -> tuple[list[dict[str, str]], int]:
    """Indicator rows from ``top``; columns maps field -> (column, span). Returns cells, last row.

    一级 is merged over runs of equal 一级, 二级 over runs of equal (一级, 二级) (unless the
    canvas repeats them); an empty 一级 (seed 003) is left blank and unmerged.
    """
    out: list[dict[str, str]] = [{} for _ in indicators]
    for i, ind in enumerate(indicators):
        for name, (col, span) in columns.items():
            if name not in ("level1", "level2"):
                out[i][name] = c.put(top + i, col, _ind_field(ind, name), span=span)
    for name, key in (
        ("level1", lambda ind: ind.level1),
        ("level2", lambda ind: (ind.level1, ind.level2)),
    ):
        if name not in columns:
            continue
        col, span = columns[name]
        for first, last in _runs([key(ind) for ind in indicators]):
            value = getattr(indicators[first], name)
            if c.merge_levels and value is not None:
                ref = c.put(top + first, col, value, span=span, down=last - first + 1)
                for i in range(first, last + 1):
                    out[i][name] = ref
            else:
                for i in range(first, last + 1):
                    out[i][name] = c.put(top + i, col, value, span=span)
    return out, top + len(indicators) - 1


def _indicator_table(
    c: _Canvas,
    top: int,
    headers: Sequence[tuple[str, str, int]],
    indicators: Sequence[Indicator],
    *,
    first_col: int,
    header_rows: int = 1,
) -> tuple[list[dict[str, str]], int]:
    """A header row (field, label, span) from ``first_col`` and the indicator rows below it."""
    columns: dict[str, tuple[int, int]] = {}
    col = first_col
    for name, label, span in headers:
        c.head(top, col, label, span=span, down=header_rows)
        columns[name] = (col, span)
        col += span
    cells, last = _indicator_rows(c, top + header_rows, indicators, columns)
    return cells, max(last, top + header_rows - 1)


def _funding_keys(rows: Sequence[FundingRow]) -> list[str]:
    """The layout key of each funding row: funding.<kind> (funding.<kind>2 when repeated)."""
    keys: list[str] = []
    for row in rows:
        key, n = f"funding.{row.kind}", 2
        while key in keys:
            key, n = f"funding.{row.kind}{n}", n + 1
        keys.append(key)
    return keys


def _split(first: int, last: int, n: int) -> list[tuple[int, int]]:
    """Columns first..last split into n (column, span) parts, wider parts first."""
    width = last - first + 1
    parts: list[tuple[int, int]] = []
    col = first
    for i in range(n):
        span = width // n + (1 if i < width % n else 0)
        parts.append((col, max(span, 1)))
        col += max(span, 1)
    return parts


def _label_value_rows(
    c: _Canvas, top: int, pairs: Iterable[tuple[str, str, str | None]], last_col: int
) -> tuple[dict[str, str], int]:
    """Rows of (key, label, value): label in A, value merged over B..last_col."""
    cells: dict[str, str] = {}
    row = top
    for key, label, value in pairs:
        c.head(row, 1, label)
        cells[key] = c.put(row, 2, value, span=last_col - 1)
        row += 1
    return cells, row


def _year_of(text: str | None, default: int = 2024) -> int:
    match = re.search(r"(20\d\d)", text or "")
    return int(match[1]) if match else default


def _footer(form: FormBase) -> str | None:
    h = form.header
    if not (h.preparer or h.date or h.phone):
        return None
    return (
        f"填表人：{h.preparer or ''} 填报日期：{h.date or ''}  "
        f"联系电话：{h.phone or ''}  单位负责人签字："
    )


# ---------------------------------------------------------------------------------------------
# Sichuan (seeds 000 and 003)


def _sc_heading(c: _Canvas, top: int, form: FormBase, width: int) -> tuple[dict[str, str], int]:
    """Title, （2024年度） and 金额单位 rows, as far as the form has them."""
    cells = {"title": c.title(top, 1, width, form.title)}
    row = top + 1
    year = form.header.year
    if year and year.startswith("（"):
        cells["year"] = c.put(row, 1, year, span=width, style="居中")
        row += 1
    if form.header.money_unit:
        cells["money_unit"] = c.put(row, width - 2, form.header.money_unit, span=3, style="居右")
        row += 1
    return cells, row


def _sc_dept(c: _Canvas, top: int, form: ScDeptSelfForm) -> _Placed:
    """部门整体支出绩效目标完成情况自评表 (seed 000): columns A..I."""
    c.set_widths([14, 12, 14, 30, 10, 12, 10, 8, 14])
    cells, row = _sc_heading(c, top, form, 9)
    table_top = row
    c.head(row, 1, "部门名称")
    cells["unit"] = c.put(row, 2, form.header.unit, span=8)
    row += 1
    rows = form.funding.rows
    c.head(row, 1, "年度部门整体支出预算", down=2)
    for key, frow, (col, span) in zip(
        _funding_keys(rows), rows, _split(2, 9, len(rows)), strict=True
    ):
        c.head(row, col, frow.label, span=span)
        cells[f"{key}.budget"] = c.put(row + 1, col, frow.budget, span=span)
    row += 2
    c.head(row, 1, "年度总体目标")
    cells["goal"] = c.put(row, 2, form.goal, span=8)
    c.ws.row_dimensions[row].height = 90
    row += 1
    c.head(row, 1, "年度主要任务", down=len(form.tasks) + 1)
    c.head(row, 2, "任务名称", span=2)
    c.head(row, 4, "主要内容", span=6)
    for i, task in enumerate(form.tasks):
        cells[f"tasks.{i}.name"] = c.put(row + 1 + i, 2, task.name, span=2)
        cells[f"tasks.{i}.content"] = c.put(row + 1 + i, 4, task.content, span=6)
    row += len(form.tasks) + 1
    headers = [
        ("level1", "一级指标", 1),
        ("level2", "二级指标", 1),
        ("name", "三级指标", 1),
        ("op", "绩效指标性质", 1),
        ("target", "绩效指标值", 1),
        ("unit", "绩效度量单位", 1),
        ("points", "权重", 1),
        ("actual", "实际完成指标值", 1),
    ]
    indicators, last = _indicator_table(c, row, headers, form.indicators, first_col=2)
    c.head(row, 1, "年度绩效指标", down=last - row + 1)
    c.box(table_top, 1, last, 9)
    return _Placed(cells, indicators, last)


_SC_INDENT = {"total": "  ", "fiscal": "      ", "other": "            "}


def _sc_project_style(form: ScProjectSelfForm) -> str:
    """ "sc9": seed 000 with 指标性质/度量单位/权重; "sc6": seed 003 完成情况; "sc5": 003 评价表."""
    if any(i.points or i.op or i.unit for i in form.indicators):
        return "sc9"
    return "sc6" if form.funding.rows else "sc5"


def _sc_project_funding(
    c: _Canvas, row: int, rows: Sequence[FundingRow], width: int, indent: bool
) -> tuple[dict[str, str], int]:
    """项目资金（万元）: label + amount rows; a 全年预算数/全年执行数 header when spent is given."""
    cells: dict[str, str] = {}
    if not rows:
        return cells, row
    top = row
    with_spent = any(r.spent for r in rows)
    half = max((width - 3) // 2, 1)
    budget_span = half if with_spent else width - 3
    if with_spent:
        c.head(row, 2, "资金来源", span=2)
        c.head(row, 4, "全年预算数", span=budget_span)
        c.head(row, 4 + budget_span, "全年执行数", span=width - 3 - budget_span)
        row += 1
    for key, frow in zip(_funding_keys(rows), rows, strict=True):
        label = (_SC_INDENT.get(frow.kind, "") if indent else "") + frow.label
        c.put(row, 2, label, span=2)
        cells[f"{key}.budget"] = c.put(row, 4, frow.budget, span=budget_span)
        if with_spent:
            cells[f"{key}.spent"] = c.put(
                row, 4 + budget_span, frow.spent, span=width - 3 - budget_span
            )
        row += 1
    c.head(top, 1, "项目资金\n（万元）", down=row - top)
    return cells, row


_SC_PROJECT_HEADERS = {
    "sc9": [
        ("level1", "一级指标", 1),
        ("level2", "二级指标", 1),
        ("name", "三级指标", 1),
        ("op", "指标性质", 1),
        ("target", "指标值", 1),
        ("unit", "度量单位", 1),
        ("points", "权重", 1),
        ("actual", "实际完成指标值", 1),
    ],
    "sc6": [
        ("level1", "一级指标", 1),
        ("level2", "二级指标", 1),
        ("name", "三级指标", 1),
        ("target", "预期指标值\n\n（包含数字及文字描述)", 1),
        ("actual", "实际完成指标值\n\n（包含数字及文字描述)", 1),
    ],
    "sc5": [
        ("level1", "一级指标", 1),
        ("level2", "二级指标", 1),
        ("name", "三级指标", 1),
        ("target", "年度目标值", 1),
        ("actual", "目标完成情况", 1),
    ],
}
_SC_PROJECT_WIDTHS = {
    "sc9": [12, 12, 14, 30, 10, 12, 10, 8, 14],
    "sc6": [16, 12, 14, 30, 26, 26],
    "sc5": [16, 14, 34, 24, 24],
}


def _sc_project(c: _Canvas, top: int, form: ScProjectSelfForm) -> _Placed:
    """专项预算项目绩效目标完成情况自评表 (seed 000) or a seed 003 project table."""
    style = _sc_project_style(form)
    width = len(_SC_PROJECT_WIDTHS[style])
    c.set_widths(_SC_PROJECT_WIDTHS[style])
    cells, row = _sc_heading(c, top, form, width)
    table_top = row
    h = form.header
    pairs = [("project", "项目名称", h.project), ("unit", "预算单位", h.unit)]
    if h.project_type is not None:
        pairs.append(("project_type", "项目类型", h.project_type))
    more, row = _label_value_rows(c, row, pairs, width)
    cells |= more
    if form.overview:
        c.head(row, 1, "项目\n概况", down=len(form.overview))
        for key, value in form.overview.items():
            c.put(row, 2, key, span=2)
            cells[f"overview.{key}"] = c.put(row, 4, value, span=width - 3)
            row += 1
    more, row = _sc_project_funding(c, row, form.funding.rows, width, indent=style == "sc9")
    cells |= more
    if style == "sc5":
        c.head(row, 1, f"{_year_of(h.year)}年绩效目标")
        cells["goal"] = c.put(row, 2, form.goal, span=width - 1)
        c.ws.row_dimensions[row].height = 80
        row += 1
    elif form.goal is not None:
        c.head(row, 1, "总体\n目标", down=2)
        c.head(row, 2, "年度目标", span=width - 1)
        cells["goal"] = c.put(row + 1, 2, form.goal, span=width - 1)
        row += 2
    headers = _SC_PROJECT_HEADERS[style]
    first_col = 1 if style == "sc5" else 2
    indicators, last = _indicator_table(c, row, headers, form.indicators, first_col=first_col)
    if style != "sc5":
        label = "绩效\n指标" if style == "sc9" else "绩效指标完成情况"
        c.head(row, 1, label, down=last - row + 1)
    c.box(table_top, 1, last, width)
    return _Placed(cells, indicators, last)


def _fund_detail(c: _Canvas, top: int, form: FundDetailForm) -> _Placed:
    """专项资金预算明细 (seed 003): 序号, 项目名称, 覆盖人数, 人均标准, 金额, 合计."""
    c.set_widths([6, 34, 14, 20, 16])
    cells = {"title": c.title(top, 1, 5, form.title)}
    row = top + 1
    for col, label in enumerate(
        ("序号", "项目名称", "覆盖人数（人）", "人均标准（元/人）", "金额（元）"), 1
    ):
        c.head(row, col, label)
    for i, line in enumerate(form.lines):
        row += 1
        for col, (name, value) in enumerate(
            (
                ("seq", line.seq),
                ("name", line.name),
                ("people", line.people),
                ("standard", line.standard),
                ("amount", line.amount),
            ),
            1,
        ):
            cells[f"lines.{i}.{name}"] = c.put(row, col, value)
    row += 1
    c.head(row, 2, "合计")
    cells["total"] = c.put(row, 5, form.total)
    c.box(top + 1, 1, row, 5)
    return _Placed(cells, [], row)


# ---------------------------------------------------------------------------------------------
# Hunan (seed 002)


_HN_PROJECT_HEADERS = [
    ("level1", "一级指标", 1),
    ("level2", "二级指标", 1),
    ("name", "三级指标", 1),
    ("target", "年度指标值", 1),
    ("actual", "实际完成值", 1),
    ("points", "分值", 1),
    ("score", "得分", 1),
    ("reason", "偏差原因分析\n及改进措施", 1),
]


def _hn_project_funding(c: _Canvas, row: int, funding: Funding) -> tuple[dict[str, str], int]:
    """项目资金(万元) block of Sheet1: a 3-row header, then one row per source, B..J."""
    cells: dict[str, str] = {}
    top = row
    c.head(row, 3, "     资金来源", span=2, down=3)
    labels = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    for col, label in enumerate(labels, 5):
        c.head(row, col, label, down=3)
    row += 3
    rows = funding.rows
    total_at = next((i for i, r in enumerate(rows) if r.kind == "total"), len(rows) - 1)
    for i, (key, frow) in enumerate(zip(_funding_keys(rows), rows, strict=True)):
        c.put(row, 3, frow.label, span=2)
        cells[f"{key}.initial"] = c.put(row, 5, frow.initial)
        cells[f"{key}.budget"] = c.put(row, 6, frow.budget)
        cells[f"{key}.spent"] = c.put(row, 7, frow.spent)
        if i == total_at:
            cells["funding.points"] = c.put(row, 8, funding.points)
            cells["funding.rate"] = c.put(row, 9, funding.rate)
            cells["funding.score"] = c.put(row, 10, funding.score)
        else:
            for col in (8, 9, 10):
                c.put(row, col, None)
        row += 1
    c.head(top, 2, "项目资金(万元)", down=row - top)
    return cells, row


def _hn_project(c: _Canvas, top: int, form: ProjectSelfForm) -> _Placed:
    """项目支出绩效自评表, the "Sheet1" grid of seed 002: column A empty, table in B..J."""
    c.set_widths([3, 10, 12, 14, 28, 12, 12, 8, 10, 22])
    h = form.header
    cells: dict[str, str] = {}
    c.head(top, 2, "项目支出名称")
    cells["project"] = c.put(top, 3, h.project, span=8)
    row = top + 2  # one blank spacer row, as in the county sheet
    c.head(row, 2, "主管部门")
    cells["department"] = c.put(row, 3, h.department, span=4)
    c.head(row, 7, "实施单位")
    cells["implementer"] = c.put(row, 8, h.implementer, span=3)
    more, row = _hn_project_funding(c, row + 1, form.funding)
    cells |= more
    c.head(row, 2, "年度总体目标", down=4)
    c.head(row, 3, "预期目标", span=4)
    c.head(row, 7, "实际完成情况\u3000", span=4)
    cells["goal"] = c.put(row + 1, 3, form.goal, span=4, down=3)
    cells["actual_summary"] = c.put(row + 1, 7, form.actual_summary, span=4, down=3)
    row += 4
    indicators, last = _indicator_table(
        c, row, _HN_PROJECT_HEADERS, form.indicators, first_col=3, header_rows=3
    )
    c.head(row, 2, "绩效指标", down=last - row + 1)
    row = last + 1
    c.head(row, 2, "总分", span=6)
    cells["points_total"] = c.put(row, 8, "100")  # the form's full marks, as every seed sheet
    cells["total"] = c.put(row, 9, form.total)
    c.box(top, 2, row, 10)
    return _Placed(cells, indicators, row)


_HN_INCOME_KINDS = ("fiscal", "fund", "nontax", "other", "carryover")


def _hn_dept_funding(c: _Canvas, row: int, funding: Funding) -> tuple[dict[str, str], int]:
    """年度预算申请 block of 附件4: totals row, then 按收入性质分 / 按支出性质分 side by side."""
    cells: dict[str, str] = {}
    top = row
    c.put(row, 2, None)
    heads = ("年初预算数\n(万元)", "全年预算数\n（万元）", "全年执行数\n（万元）", "分值", "执行率")
    for col, label in enumerate(heads, 3):
        c.head(row, col, label)
    c.head(row, 8, "得分", span=2)
    keys = dict(zip((id(r) for r in funding.rows), _funding_keys(funding.rows), strict=True))
    total = next((r for r in funding.rows if r.kind == "total"), None)
    row += 1
    if total is not None:
        key = keys[id(total)]
        c.put(row, 2, total.label)
        cells[f"{key}.initial"] = c.put(row, 3, total.initial)
        cells[f"{key}.budget"] = c.put(row, 4, total.budget)
        cells[f"{key}.spent"] = c.put(row, 5, total.spent)
        cells["funding.points"] = c.put(row, 6, funding.points)
        cells["funding.rate"] = c.put(row, 7, funding.rate)
        cells["funding.score"] = c.put(row, 8, funding.score, span=2)
        row += 1
    left = [r for r in funding.rows if r.kind in _HN_INCOME_KINDS]
    right = [r for r in funding.rows if r is not total and r.kind not in _HN_INCOME_KINDS]
    if left or right:
        c.head(row, 2, "按收入性质分：", span=2)
        c.head(row, 4, "按支出性质分：", span=6)
        row += 1
    # the county sheet puts 基本支出 beside the first and 项目支出 beside the third income line
    slots = [2 * j if 2 * j < len(left) else len(left) + j for j in range(len(right))]
    for i, frow in enumerate(left):
        c.put(row + i, 2, frow.label)
        cells[f"{keys[id(frow)]}.budget"] = c.put(row + i, 3, frow.budget)
    for slot, frow in zip(slots, right, strict=True):
        c.put(row + slot, 4, frow.label)
        cells[f"{keys[id(frow)]}.budget"] = c.put(row + slot, 5, frow.budget)
    row += max([len(left), *(slot + 1 for slot in slots)])
    c.head(top, 1, "年度预算申请\n(万元)", down=row - top)
    return cells, row


# 附件4 prints the reason header on one line, Sheet1 breaks it
_HN_DEPT_HEADERS = [*_HN_PROJECT_HEADERS[:-1], ("reason", "偏差原因分析及改进措施", 1)]


def _hn_dept(c: _Canvas, top: int, form: DeptSelfForm) -> _Placed:
    """部门整体支出绩效自评表 (seed 002 附件4): columns A..I."""
    c.set_widths([10, 14, 16, 28, 12, 12, 8, 8, 20])
    c.put(top, 1, "附件4", style="说明")
    cells = {"title": c.title(top + 1, 1, 9, form.title)}
    row = top + 2
    table_top = row
    c.head(row, 1, "预算部门名称")
    cells["unit"] = c.put(row, 2, form.header.unit, span=8)
    more, row = _hn_dept_funding(c, row + 1, form.funding)
    cells |= more
    c.head(row, 1, "年度总体目标", down=2)
    c.head(row, 2, "预期目标", span=4)
    c.head(row, 6, "实际完成情况", span=4)
    cells["goal"] = c.put(row + 1, 2, form.goal, span=4)
    cells["actual_summary"] = c.put(row + 1, 6, form.actual_summary, span=4)
    c.ws.row_dimensions[row + 1].height = 60
    row += 2
    indicators, last = _indicator_table(
        c, row, _HN_DEPT_HEADERS, form.indicators, first_col=2, header_rows=2
    )
    c.head(row, 1, "绩效指标", down=2)
    if form.indicators:
        c.head(row + 2, 1, "绩效指标", down=last - row - 1)
    row = last + 1
    c.head(row, 1, "总分", span=7)
    cells["total"] = c.put(row, 8, form.total, span=2)
    c.box(table_top, 1, row, 9)
    footer = _footer(form)
    if footer:
        cells["footer"] = c.put(row + 2, 1, footer, span=9, style="说明")
        for key in ("preparer", "phone", "date"):
            cells[key] = cells["footer"]
        row += 2
    return _Placed(cells, indicators, row)


def _hn_basic(c: _Canvas, top: int, form: DeptBasicDataForm) -> _Placed:
    """部门整体支出绩效评价基础数据表 (seed 002 附件3): columns A..G."""
    c.set_widths([30, 14, 16, 14, 14, 14, 16])
    year = _year_of(form.title)
    c.put(top, 1, "附件3", style="说明")
    cells = {"title": c.title(top + 1, 1, 7, form.title)}
    row = top + 2
    table_top = row
    c.head(row, 1, "财政供养人员情况", down=2)
    for col, label in enumerate(("编制数", f"{year}年实际在职人数"), 2):
        c.head(row, col, label)
    c.head(row, 4, "控制率", span=4)
    cells["staff.authorized"] = c.put(row + 1, 2, form.staff.authorized)
    cells["staff.actual"] = c.put(row + 1, 3, form.staff.actual)
    cells["staff.rate"] = c.put(row + 1, 4, form.staff.rate, span=4)
    row += 2
    c.head(row, 1, "经费控制情况(万元)")
    c.head(row, 2, f"{year - 1}年决算数")
    c.head(row, 3, f"{year}年预算数")
    c.head(row, 4, f"{year}年决算数", span=4)
    for i, line in enumerate(form.expenses):
        row += 1
        cells[f"expenses.{i}.label"] = c.put(row, 1, line.label)
        cells[f"expenses.{i}.prev_final"] = c.put(row, 2, line.prev_final)
        cells[f"expenses.{i}.budget"] = c.put(row, 3, line.budget)
        cells[f"expenses.{i}.final"] = c.put(row, 4, line.final, span=4)
    row += 1
    c.head(row, 1, f"楼堂馆所控制情况 \n（{year}年完工项目）", down=2)
    b = form.buildings
    building = (
        ("approved_area", "批复规模 \n（㎡）", b.approved_area),
        ("actual_area", "\n实际规模\n（㎡）", b.actual_area),
        ("area_rate", "规模控制率", b.area_rate),
        ("budget_investment", "预算投资\n（万元）", b.budget_investment),
        ("actual_investment", "实际投资\n（万元）", b.actual_investment),
        ("investment_rate", "投资概算控制率", b.investment_rate),
    )
    for col, (key, label, value) in enumerate(building, 2):
        c.head(row, col, label)
        cells[f"buildings.{key}"] = c.put(row + 1, col, value)
    row += 2
    c.head(row, 1, "厉行节约保障措施")
    cells["measures"] = c.put(row, 2, form.measures, span=6)
    c.box(table_top, 1, row, 7)
    note = (
        "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，"
        "“公用经费”填报基本支出中的一般商品和服务支出。"
    )
    c.put(row + 2, 1, note, span=7, style="说明")
    row += 2
    footer = _footer(form)
    if footer:
        cells["footer"] = c.put(row + 2, 1, footer, span=7, style="说明")
        for key in ("preparer", "phone", "date"):
            cells[key] = cells["footer"]
        row += 2
    return _Placed(cells, [], row)


# ---------------------------------------------------------------------------------------------
# target tables (seeds 001 and 004)


def _project_target(c: _Canvas, top: int, form: ProjectTargetForm) -> _Placed:
    """项目支出绩效目标表 (seed 001): columns A..G."""
    c.set_widths([14, 14, 18, 36, 12, 12, 10])
    h = form.header
    cells = {"title": c.title(top, 1, 7, form.title)}
    row = top + 1
    code = h.extra.get("单位编码")
    if code:
        cells["unit_code"] = c.put(row, 1, code, style="说明", as_text=True)
    cells["unit"] = c.put(row, 2, h.unit, span=3, style="说明")
    if h.money_unit:
        cells["money_unit"] = c.put(row, 6, f"单位：{h.money_unit}", span=2, style="居右")
    row += 1
    table_top = row
    c.head(row, 1, "项目编码")
    cells["project_code"] = c.put(row, 2, h.project_code, span=2, as_text=True)
    c.head(row, 4, "项目名称")
    cells["project"] = c.put(row, 5, h.project, span=3)
    row += 1
    c.head(row, 1, "预算规模及\n资金用途", down=2)
    rows = form.funding.rows[:3]
    for key, frow, col in zip(_funding_keys(rows), rows, (2, 4, 6), strict=False):
        c.head(row, col, frow.label.replace(" ", "\n"))
        cells[f"{key}.budget"] = c.put(row, col + 1, frow.budget)
    cells["purpose"] = c.put(row + 1, 2, form.purpose, span=6)
    row += 2
    c.head(row, 1, "资金支出计划（%）", down=2)
    plan = form.plan
    months = (("m3", "3 月底", 2, 2), ("m6", "6 月底", 4, 1), ("m10", "10 月底", 5, 1))
    for key, label, col, span in (*months, ("m12", "12 月底", 6, 2)):
        c.head(row, col, label, span=span)
        cells[f"plan.{key}"] = c.put(row + 1, col, getattr(plan, key), span=span)
    row += 2
    c.head(row, 1, "绩效目标")
    cells["goal"] = c.put(row, 2, form.goal, span=6)
    row += 1
    headers = [
        ("level1", "一级指标", 1),
        ("level2", "二级指标", 1),
        ("name", "三级指标", 1),
        ("description", "绩效指标描述", 1),
        ("target", "指标值", 1),
        ("basis", "指标值确定依据", 2),
    ]
    indicators, last = _indicator_table(c, row, headers, form.indicators, first_col=1)
    c.box(table_top, 1, last, 7)
    return _Placed(cells, indicators, last)


def _dept_target_annual_header(c: _Canvas, row: int) -> None:
    """3-row header of 年度绩效指标: 指标值 over 近两年指标值 (前年, 上年) and 预期当年实现值."""
    for col, label in ((2, "一级\n指标"), (3, "二级指标"), (4, "三级指标")):
        c.head(row, col, label, down=3)
    c.head(row, 5, "指标值", span=3)
    c.head(row + 1, 5, "近两年指标值", span=2)
    c.head(row + 1, 7, "预期当年实现值", down=2)
    c.head(row + 2, 5, "前 年")
    c.head(row + 2, 6, "上 年")
    c.head(row, 8, "指标值确定依据", down=3)
    c.head(row, 9, "指标分类", down=3)


def _dept_target(c: _Canvas, top: int, form: DeptTargetForm) -> _Placed:
    """部门整体绩效目标申报表 (seed 004): columns A..I, long-term then annual indicators."""
    c.set_widths([12, 10, 18, 24, 18, 18, 18, 14, 10])
    h = form.header
    cells = {"title": c.title(top, 1, 9, form.title)}
    row = top + 1
    if h.date:
        cells["date"] = c.put(row, 1, f"填报日期：{h.date}", span=4, style="说明")
    if h.money_unit:
        cells["money_unit"] = c.put(row, 8, f"单位：{h.money_unit}", span=2, style="居右")
    row += 1
    table_top = row
    c.head(row, 1, "部门（单位）\n名称")
    cells["unit"] = c.put(row, 2, h.unit, span=8)
    row += 1
    c.head(row, 1, "填报人")
    cells["preparer"] = c.put(row, 2, h.preparer, span=3)
    c.head(row, 5, "联系电话")
    cells["phone"] = c.put(row, 6, h.phone, span=4, as_text=True)
    row += 1
    texts = (
        ("functions", "部门职能概述", form.functions),
        ("tasks_text", "年度工作任务", form.tasks_text),
        ("long_term_goal", f"长期目标：\n（截止{_year_of(h.date) + 3}年）", form.long_term_goal),
    )
    more, row = _label_value_rows(c, row, texts, 9)
    cells |= more
    long_headers = [
        ("level1", "一级\n指标", 1),
        ("level2", "二级指标", 1),
        ("name", "三级指标", 1),
        ("target", "指标值", 3),
        ("basis", "指标值确定依据", 1),
        ("category", "指标分类", 1),
    ]
    long_term, last = _indicator_table(c, row, long_headers, form.long_term_indicators, first_col=2)
    c.head(row, 1, "长期绩\n效指标", down=last - row + 1)
    row = last + 1
    c.head(row, 1, "年度目标：")
    cells["goal"] = c.put(row, 2, form.goal, span=8)
    row += 1
    _dept_target_annual_header(c, row)
    columns = {
        "level1": (2, 1),
        "level2": (3, 1),
        "name": (4, 1),
        "history.前年": (5, 1),
        "history.上年": (6, 1),
        "target": (7, 1),
        "basis": (8, 1),
        "category": (9, 1),
    }
    indicators, last = _indicator_rows(c, row + 3, form.indicators, columns)
    last = max(last, row + 2)
    c.head(row, 1, "年度绩效指标", down=last - row + 1)
    c.box(table_top, 1, last, 9)
    return _Placed(cells, indicators, last, long_term)


# ---------------------------------------------------------------------------------------------
# workbooks

_SheetWriter = Callable[[_Canvas, int, Any], _Placed]
_WRITERS: dict[FormKind, _SheetWriter] = {
    FormKind.SC_DEPT_SELF: _sc_dept,
    FormKind.SC_PROJECT_SELF: _sc_project,
    FormKind.FUND_DETAIL: _fund_detail,
    FormKind.DEPT_SELF: _hn_dept,
    FormKind.PROJECT_SELF: _hn_project,
    FormKind.DEPT_BASIC_DATA: _hn_basic,
    FormKind.PROJECT_TARGET: _project_target,
    FormKind.DEPT_TARGET: _dept_target,
}

# sheet names as the counties use them; "{n}" counts forms of that kind
_SHEET_NAMES: dict[FormKind, str] = {
    FormKind.SC_DEPT_SELF: "部门整体",
    FormKind.SC_PROJECT_SELF: "项目{n}",
    FormKind.FUND_DETAIL: "专项资金预算",
    FormKind.DEPT_BASIC_DATA: "基础数据表",
    FormKind.DEPT_SELF: "自评表",
    FormKind.PROJECT_SELF: "Sheet{n}",
    FormKind.PROJECT_TARGET: "项目{n}",
    FormKind.DEPT_TARGET: "部门整体",
}


def sheet_names(forms: Sequence[FormBase]) -> list[str]:
    """One sheet name per form, as a county would name them, unique in the workbook."""
    counts: dict[FormKind, int] = {}
    names: list[str] = []
    for form in forms:
        counts[form.form] = counts.get(form.form, 0) + 1
        name = _SHEET_NAMES[form.form].format(n=counts[form.form])
        base, k = name, 2
        while name.lower() in (n.lower() for n in names):
            name, k = f"{base}({k})", k + 1
        names.append(name)
    return names


def _write_book(
    forms: Sequence[FormBase],
    path: Path | str,
    allowed: Iterable[FormKind],
    *,
    one_sheet: bool,
    merge_levels: bool,
) -> SampleLayout:
    """Write forms (one sheet each, or stacked on "Sheet1") and say where everything went."""
    allowed = set(allowed)
    for form in forms:
        if form.form not in allowed:
            raise ValueError(f"this writer does not lay out {form.form.value} forms")
    book = Workbook()
    book.remove(book.active)
    styles = _Styles(book)
    placed: list[SampleForm] = []
    canvas: _Canvas | None = None
    top = 1
    for index, (form, name) in enumerate(zip(forms, sheet_names(forms), strict=True)):
        if canvas is None or not one_sheet:
            if canvas is not None:
                canvas.finish()
            sheet = book.create_sheet("Sheet1" if one_sheet else name)
            canvas, top = _Canvas(sheet, styles, merge_levels), 1
        result = _WRITERS[form.form](canvas, top, form)
        placed.append(
            SampleForm(
                sheet=canvas.ws.title,
                form_index=index,
                kind=form.form,
                title=form.title,
                first_row=top,
                last_row=result.last_row,
                cells=result.cells,
                indicators=result.indicators,
                long_term_indicators=result.long_term,
            )
        )
        top = result.last_row + 3  # two blank rows between stacked forms
    if canvas is None:
        book.create_sheet("Sheet1")
    else:
        canvas.finish()
    path = Path(path)
    book.save(path)
    return SampleLayout(file=path.name, forms=placed)


SICHUAN_KINDS = (FormKind.SC_DEPT_SELF, FormKind.SC_PROJECT_SELF, FormKind.FUND_DETAIL)
HUNAN_KINDS = (FormKind.DEPT_BASIC_DATA, FormKind.DEPT_SELF, FormKind.PROJECT_SELF)
TARGET_KINDS = (FormKind.DEPT_TARGET, FormKind.PROJECT_TARGET)


def write_sichuan(
    forms: Sequence[FormBase],
    path: Path | str,
    *,
    one_sheet: bool = False,
    merge_levels: bool = True,
) -> SampleLayout:
    """Sichuan self-evaluation workbook (seeds 000/003): 部门整体, 项目1…, 专项资金预算."""
    return _write_book(forms, path, SICHUAN_KINDS, one_sheet=one_sheet, merge_levels=merge_levels)


def write_hunan(
    forms: Sequence[FormBase],
    path: Path | str,
    *,
    one_sheet: bool = False,
    merge_levels: bool = True,
) -> SampleLayout:
    """Hunan self-evaluation workbook (seed 002): 基础数据表, 自评表, Sheet1…."""
    return _write_book(forms, path, HUNAN_KINDS, one_sheet=one_sheet, merge_levels=merge_levels)


def write_target(
    forms: Sequence[FormBase],
    path: Path | str,
    *,
    one_sheet: bool = False,
    merge_levels: bool = True,
) -> SampleLayout:
    """Target workbook (seeds 001/004): 部门整体 (申报表), 项目1… (项目支出绩效目标表)."""
    return _write_book(forms, path, TARGET_KINDS, one_sheet=one_sheet, merge_levels=merge_levels)


def write_fund_detail(
    forms: Sequence[FormBase], path: Path | str, *, one_sheet: bool = False
) -> SampleLayout:
    """专项资金预算明细 workbook (seed 003)."""
    return _write_book(forms, path, (FormKind.FUND_DETAIL,), one_sheet=one_sheet, merge_levels=True)


# ---------------------------------------------------------------------------------------------
# the five seed workbooks

SAMPLE_FILES: dict[str, tuple[str, Callable[..., SampleLayout]]] = {
    "000": ("渠县总工会_2024自评.xlsx", write_sichuan),
    "001": ("正定县总工会_2022目标.xlsx", write_target),
    "002": ("雁峰区总工会_2024自评.xlsx", write_hunan),
    "003": ("广元市总工会_2024评价.xlsx", write_sichuan),
    "004": ("阳新县总工会_目标申报.xlsx", write_target),
}


def build_sample_layouts(out_dir: Path | str) -> list[tuple[Path, SampleLayout]]:
    """Write the five seed workbooks into ``out_dir``; each path with its layout."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: list[tuple[Path, SampleLayout]] = []
    for seed in load_seeds():
        name, writer = SAMPLE_FILES[seed.seed[:3]]
        results.append((out / name, writer(seed.forms, out / name)))
    return results


def build_samples(out_dir: Path | str) -> list[Path]:
    """Write the five seed workbooks into ``out_dir`` and return their paths."""
    return [path for path, _ in build_sample_layouts(out_dir)]


# ---------------------------------------------------------------------------------------------
# many county workbooks for benchmarks

SICHUAN_COUNTIES: dict[str, tuple[str, ...]] = {
    "达州市": ("渠县", "大竹县", "宣汉县", "开江县", "万源市", "达川区", "通川区"),
    "南充市": ("营山县", "仪陇县", "蓬安县", "南部县", "西充县", "阆中市", "高坪区"),
    "广元市": ("苍溪县", "剑阁县", "旺苍县", "青川县", "昭化区", "朝天区", "利州区"),
    "巴中市": ("通江县", "南江县", "平昌县", "恩阳区", "巴州区"),
    "绵阳市": ("三台县", "盐亭县", "梓潼县", "平武县", "北川羌族自治县", "江油市"),
}
HUNAN_COUNTIES: dict[str, tuple[str, ...]] = {
    "衡阳市": ("衡阳县", "衡南县", "衡山县", "衡东县", "祁东县", "耒阳市", "常宁市", "雁峰区"),
    "邵阳市": ("邵东市", "新邵县", "隆回县", "洞口县", "绥宁县", "新宁县", "武冈市"),
    "岳阳市": ("华容县", "湘阴县", "平江县", "汨罗市", "临湘市", "岳阳县"),
    "常德市": ("汉寿县", "澧县", "临澧县", "桃源县", "石门县", "津市市"),
}
EXTRA_HUNAN_PROJECTS = (
    "金秋助学",
    "职工医疗互助",
    "春风送岗",
    "女职工关爱行动",
    "劳模疗休养",
    "职工技能竞赛",
    "户外劳动者驿站运维",
    "新就业形态劳动者入会",
    "职工书屋建设",
    "困难职工帮扶",
)

_NUMBER_IN_TEXT = re.compile(r"^(\D*?)(\d+(?:\.\d+)?)(\D*)$")


def _scaled(text: str | None, factor: float, *, cap_percent: bool = True) -> str | None:
    """A value with its one number scaled, written with the same decimals and units."""
    match = _NUMBER_IN_TEXT.match(text or "")
    if not match:
        return text
    prefix, number, suffix = match.groups()
    value = float(number) * factor
    if cap_percent and "%" in suffix:
        value = min(value, 100.0)
    return f"{prefix}{value:.{len(number.partition('.')[2])}f}{suffix}"


def _fmt(value: float) -> str:
    """A money amount as clerks type it: 130.8, 3.5, 1."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _to_float(text: str | None) -> float:
    match = _NUMBER_IN_TEXT.match(text or "")
    return float(match[2]) if match else 0.0


def _perturb_indicators(indicators: Sequence[Indicator], rng: random.Random) -> list[Indicator]:
    """Change some actuals, and sometimes move a point between two rows (or break the sum)."""
    out: list[Indicator] = []
    for ind in indicators:
        if ind.actual and rng.random() < 0.3:
            factor = rng.uniform(0.6, 0.98) if rng.random() < 0.5 else rng.uniform(1.02, 1.8)
            ind = ind.model_copy(
                update={"actual": _scaled(ind.actual, factor, cap_percent=rng.random() < 0.9)}
            )
        out.append(ind)
    scored = [
        i for i, ind in enumerate(out) if (ind.points or "").isdigit() and int(ind.points) > 1
    ]
    if len(scored) >= 2 and rng.random() < 0.3:
        give, take = rng.sample(scored, 2)
        delta = {give: -1, take: 1 if rng.random() < 0.85 else 2}
        for i, d in delta.items():
            ind = out[i]
            points = str(int(ind.points or 0) + d)
            score = ind.score
            if score is not None and score == ind.points:
                score = points
            out[i] = ind.model_copy(update={"points": points, "score": score})
    return out


def _scaled_rows(rows: Sequence[FundingRow], factor: float) -> list[FundingRow]:
    return [
        r.model_copy(
            update={k: _scaled(getattr(r, k), factor) for k in ("initial", "budget", "spent")}
        )
        for r in rows
    ]


def _hunan_funding(funding: Funding, rng: random.Random) -> Funding:
    """Hunan project money: scaled, sometimes under-spent, with 执行率 and 得分 rewritten."""
    factor = rng.uniform(0.5, 8.0)
    rows = []
    for r in funding.rows:
        if r.kind == "total":
            continue
        budget = _to_float(r.budget) * factor
        spent = budget * (rng.uniform(0.7, 0.99) if budget and rng.random() < 0.25 else 1)
        rows.append(
            r.model_copy(
                update={
                    "initial": _fmt(_to_float(r.initial) * factor),
                    "budget": _fmt(budget),
                    "spent": _fmt(spent),
                }
            )
        )
    sums = {k: sum(_to_float(getattr(r, k)) for r in rows) for k in ("initial", "budget", "spent")}
    total = FundingRow(label="年度资金总额", kind="total", **{k: _fmt(v) for k, v in sums.items()})
    rate = sums["spent"] / sums["budget"] if sums["budget"] else 0.0
    points = _to_float(funding.points) or 10.0
    return funding.model_copy(
        update={
            "rows": [*rows, total],
            "rate": f"{rate * 100:.2f}%",
            "score": f"{points * min(rate, 1.0):.2f}",
        }
    )


def _written_total(indicators: Sequence[Indicator], funding: Funding) -> str:
    total = sum(_to_float(i.score) for i in indicators) + _to_float(funding.score)
    return _fmt(round(total, 2))


def _sichuan_forms(seed: SeedFile, unit: str, rng: random.Random) -> list[FormBase]:
    dept, *projects = seed.forms
    assert isinstance(dept, ScDeptSelfForm)
    factor = rng.uniform(0.3, 3.0)
    forms: list[FormBase] = [
        dept.model_copy(
            update={
                "header": dept.header.model_copy(update={"unit": unit}),
                "funding": dept.funding.model_copy(
                    update={"rows": _scaled_rows(dept.funding.rows, factor)}
                ),
                "indicators": _perturb_indicators(dept.indicators, rng),
            }
        )
    ]
    chosen = sorted(rng.sample(range(len(projects)), rng.randint(4, len(projects))))
    for i in chosen:
        form = projects[i]
        assert isinstance(form, ScProjectSelfForm)
        forms.append(
            form.model_copy(
                update={
                    "header": form.header.model_copy(update={"unit": unit}),
                    "funding": form.funding.model_copy(
                        update={"rows": _scaled_rows(form.funding.rows, rng.uniform(0.3, 3.0))}
                    ),
                    "indicators": _perturb_indicators(form.indicators, rng),
                }
            )
        )
    return forms


def _hunan_project(
    form: ProjectSelfForm, name: str, city: str, unit: str, rng: random.Random
) -> ProjectSelfForm:
    indicators = _perturb_indicators(form.indicators, rng)
    funding = _hunan_funding(form.funding, rng)
    old = form.header.project or ""
    keep_total = rng.random() < 0.1  # a stale written 总分, as clerks leave it
    return form.model_copy(
        update={
            "header": form.header.model_copy(
                update={"project": name, "department": f"{city}总工会", "implementer": unit}
            ),
            "goal": (form.goal or "").replace(old, name) or None,
            "funding": funding,
            "indicators": indicators,
            "total": form.total if keep_total else _written_total(indicators, funding),
        }
    )


def _hunan_forms(seed: SeedFile, city: str, unit: str, rng: random.Random) -> list[FormBase]:
    basic = next(f for f in seed.forms if isinstance(f, DeptBasicDataForm))
    dept = next(f for f in seed.forms if isinstance(f, DeptSelfForm))
    templates = [f for f in seed.forms if isinstance(f, ProjectSelfForm)]
    factor = rng.uniform(0.5, 4.0)
    staff = rng.randint(3, 30)
    actual = staff - rng.choice((0, 0, 0, 1, 2)) if rng.random() < 0.95 else staff + 1
    basic = basic.model_copy(
        update={
            "staff": basic.staff.model_copy(
                update={
                    "authorized": str(staff),
                    "actual": str(actual),
                    "rate": f"{round(actual / staff * 100)}%",
                }
            ),
            "expenses": [
                e.model_copy(
                    update={
                        k: _scaled(getattr(e, k), factor) for k in ("prev_final", "budget", "final")
                    }
                )
                for e in basic.expenses
            ],
        }
    )
    dept_indicators = _perturb_indicators(dept.indicators, rng)
    dept_funding = dept.funding.model_copy(update={"rows": _scaled_rows(dept.funding.rows, factor)})
    dept = dept.model_copy(
        update={
            "header": dept.header.model_copy(update={"unit": unit}),
            "funding": dept_funding,
            "indicators": dept_indicators,
            "total": _written_total(dept_indicators, dept_funding),
        }
    )
    count = rng.randint(3, 10)
    order = rng.sample(range(len(templates)), len(templates))
    extra = rng.sample(EXTRA_HUNAN_PROJECTS, max(count - len(templates), 0))
    projects = []
    for k in range(count):
        template = templates[order[k % len(order)]]
        fresh = k - len(templates)
        name = extra[fresh] if fresh >= 0 else (template.header.project or "")
        projects.append(_hunan_project(template, name, city, unit, rng))
    return [basic, dept, *projects]


_PARALLEL_CHUNK = 10


@cache
def _seed_map() -> dict[str, SeedFile]:
    return {s.seed[:3]: s for s in load_seeds()}


def county_workbook(out_dir: Path, seed: int, index: int) -> Path:
    """Write county workbook number ``index`` of the series ``seed`` (see below)."""
    rng = random.Random(seed * 1_000_003 + index)
    seeds = _seed_map()
    if rng.random() < 0.5:
        city = rng.choice(sorted(SICHUAN_COUNTIES))
        unit = f"{rng.choice(SICHUAN_COUNTIES[city])}总工会（{index + 1:04d}）"
        forms, writer = _sichuan_forms(seeds["000"], unit, rng), write_sichuan
    else:
        city = rng.choice(sorted(HUNAN_COUNTIES))
        unit = f"{rng.choice(HUNAN_COUNTIES[city])}总工会（{index + 1:04d}）"
        forms, writer = _hunan_forms(seeds["002"], city, unit, rng), write_hunan
    path = out_dir / f"{unit}_2024自评.xlsx"
    writer(forms, path, merge_levels=rng.random() < 0.85)
    return path


def generate_county_workbooks(
    out_dir: Path | str, n: int, seed: int = 0, *, workers: int | None = None
) -> list[Path]:
    """Write ``n`` county self-evaluation workbooks (5–12 sheets each) for benchmarks.

    Sichuan (seed 000) and Hunan (seed 002) layouts at random; unit names, project lists,
    money, actuals and points perturbed from the seed tables; one in seven repeats 一级/二级
    on every row instead of merging. Workbook ``i`` depends only on (``seed``, ``i``), so the
    files are the same whatever ``n`` or ``workers`` is. Large runs use a process per core
    (openpyxl spends most of the time serialising XML).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _seed_map()  # loaded once here, inherited by forked workers
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or n < 4 * workers:
        return [county_workbook(out, seed, i) for i in range(n)]
    chunk = max(1, min(_PARALLEL_CHUNK, n // (4 * workers)))
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(partial(county_workbook, out, seed), range(n), chunksize=chunk))

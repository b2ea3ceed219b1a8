"""Reading forms out of any workbook: our templates by their defined names, foreign county
layouts by their header rows.

A foreign sheet is scanned for indicator header rows (一级指标 / 二级指标 / 三级指标 and the
synonyms real forms use). Each such table, with the rows above it back to the previous
table, is one form: its title, labelled header fields and funding block are found by
their labels. 一级/二级 are carried down merged (or blank) cells. Several forms on one
sheet and one form per sheet both work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from pydantic import BaseModel, TypeAdapter

from addin.grid import Grid, SheetGrid, cell_ref, cell_text
from addin.models import (
    FORM_TITLES,
    AnyForm,
    Funding,
    FundingRow,
    Header,
    Indicator,
    SpendingPlan,
)
from addin.values import normalise_text

# indicator table columns: field -> header texts (matched as prefixes, longest first)
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级"),
    "level2": ("二级指标", "二级"),
    "name": ("三级指标", "三级"),
    "op": ("绩效指标性质", "指标性质", "计算符号", "指标方向"),
    "target": (
        "年度指标值",
        "绩效指标值",
        "预期指标值",
        "年度目标值",
        "预期当年实现值",
        "目标值",
        "指标值",
    ),
    "actual": ("实际完成指标值", "实际完成值", "目标完成情况", "实际值"),
    "unit": ("绩效度量单位", "度量单位", "计量单位"),
    "points": ("权重", "分值"),
    "score": ("得分", "自评得分"),
    "band": ("完成档次", "定性档次"),
    "self_score": ("定性自评分", "定性得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因"),
    "basis": ("指标值确定依据",),
    "description": ("绩效指标描述", "指标描述"),
    "category": ("指标分类",),
    "history:前年": ("前年",),
    "history:上年": ("上年",),
}
_COLUMN_KEYS = sorted(
    ((syn, fld) for fld, syns in COLUMN_SYNONYMS.items() for syn in syns),
    key=lambda pair: len(pair[0]),
    reverse=True,
)

HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "project": ("项目支出名称", "项目名称"),
    "project_code": ("项目编码", "项目代码"),
    "unit": (
        "预算部门名称",
        "部门（单位）名称",
        "部门(单位)名称",
        "部门名称",
        "预算单位",
        "单位名称",
    ),
    "department": ("主管部门",),
    "implementer": ("实施单位",),
    "project_type": ("项目类型",),
    "preparer": ("填报人", "填表人"),
    "phone": ("联系电话",),
    "date": ("填报日期",),
}

FUNDING_KINDS: tuple[tuple[str, str], ...] = (
    ("年度资金总额", "total"),
    ("资金总额", "total"),
    ("预算数", "total"),
    ("当年财政拨款", "fiscal"),
    ("财政拨款", "fiscal"),
    ("财政资金", "fiscal"),
    ("一般公共预算", "fiscal"),
    ("上年结转", "carryover"),
    ("其他资金", "other"),
    ("其它资金", "other"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("政府性基金", "fund"),
    ("非税收入", "nontax"),
)
FUNDING_COLUMNS = {
    "年初预算数": "initial",
    "全年预算数": "budget",
    "全年执行数": "spent",
    "分值": "points",
    "执行率": "rate",
    "得分": "score",
}
GOAL_LABELS = ("年度总体目标", "年度目标", "总体目标", "绩效目标", "预期目标")
PLAN_COLUMNS = {"3月底": "m3", "6月底": "m6", "10月底": "m10", "12月底": "m12"}
TOTAL_LABELS = ("总分", "合计得分", "自评总分")

_FORM_ADAPTER: TypeAdapter[AnyForm] = TypeAdapter(AnyForm)


clean = normalise_text


@lru_cache(maxsize=8192)
def column_field(text: str | None) -> str | None:
    """The indicator field a header cell names, or None."""
    norm = clean(text)
    if not norm or len(norm) > 24:
        return None
    for synonym, fld in _COLUMN_KEYS:
        if norm.startswith(synonym):
            return fld
    return None


class ReadProblem(BaseModel):
    """Something the reader could not make sense of (reported as a finding)."""

    sheet: str
    cell: str | None
    message: str


@dataclass
class Table:
    """An indicator table found on a sheet."""

    header_row: int
    first_row: int  # first data row
    end_row: int  # last row that belongs to the form (total row included)
    columns: dict[str, int]
    rows: list[int] = field(default_factory=list)
    total_row: int | None = None


class SheetReader:
    """Reads every form of one foreign-layout sheet."""

    def __init__(self, sheet: SheetGrid) -> None:
        self.sheet = sheet
        self.merged = sheet.merged_ranges()
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in self.merged:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.anchor[(r, c)] = (r1, c1)
        # every cell read once: its text, and per row the filled cells (col, text, cleaned)
        self.texts = [[cell_text(v) for v in row] for row in sheet.filled()]
        self.n_rows = len(self.texts)
        self.n_cols = max((len(r) for r in self.texts), default=0)
        self._rows = [[(c, t) for c, t in enumerate(row) if t is not None] for row in self.texts]
        self._labels: dict[str, list[tuple[int, int]]] = {}  # cleaned text -> anchor cells
        for r, row in enumerate(self._rows):
            for c, t in row:
                if (r, c) not in self.anchor or self.anchor[(r, c)] == (r, c):
                    self._labels.setdefault(clean(t).rstrip(":："), []).append((r, c))

    # --- cells -------------------------------------------------------------------------

    def text(self, row: int, col: int) -> str | None:
        """Text of a cell as a clerk sees it, merged cells reading their top-left value."""
        if 0 <= row < self.n_rows and 0 <= col < len(self.texts[row]):
            return self.texts[row][col]
        return None

    def ref(self, row: int, col: int) -> str:
        """Address of the cell that holds the value (the top-left of a merged range)."""
        return cell_ref(*self.anchor.get((row, col), (row, col)))

    def is_merged_continuation(self, row: int, col: int) -> bool:
        return self.anchor.get((row, col), (row, col)) != (row, col)

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """The filled cells of a row as (column, text)."""
        return self._rows[row] if 0 <= row < self.n_rows else []

    def has_text_starting(self, prefix: str) -> bool:
        """Whether any cell's cleaned text starts with ``prefix`` (a cheap pre-check)."""
        return any(key.startswith(prefix) for key in self._labels)

    def find_label(self, rows: range, label: str) -> tuple[int, int] | None:
        """The first cell in ``rows`` whose whole text is ``label`` (a colon may follow)."""
        for row, col in self._labels.get(label, ()):
            if row in rows:
                return row, col
        return None

    # --- tables ------------------------------------------------------------------------

    def header_map(self, row: int, field_of: Callable[[str], str | None]) -> dict[str, int]:
        """Field -> column of a header row: the first cell naming each field (merges skipped)."""
        columns: dict[str, int] = {}
        for col, text in self.row_texts(row):
            fld = field_of(text)
            if fld and fld not in columns and not self.is_merged_continuation(row, col):
                columns[fld] = col
        return columns

    def header_columns(self, row: int) -> dict[str, int]:
        """The indicator table columns a header row names."""
        return self.header_map(row, column_field)

    def find_tables(self) -> list[Table]:
        tables: list[Table] = []
        row = 0
        while row < self.n_rows:
            columns = self.header_columns(row)
            if {"level1", "level2", "name"} <= columns.keys():
                table = self._read_table(row, columns)
                tables.append(table)
                row = table.end_row + 1
            else:
                row += 1
        return tables

    def _is_header_echo(self, row: int, header_row: int, columns: dict[str, int]) -> bool:
        """A row under the header that repeats it (a tall merged header) or names sub-columns."""
        texts = [self.text(row, c) for c in columns.values()]
        echoes = [t for t in texts if t and column_field(t)]
        return len(echoes) >= max(2, len([t for t in texts if t]) - 1)

    def _inside_group(self, header_row: int, group_col: int, col: int) -> bool:
        """A sub-header column under a header cell merged across several columns."""
        for r1, c1, r2, c2 in self.merged:
            if r1 <= header_row <= r2 and c1 <= group_col <= c2 and c2 > c1:
                return c1 <= col <= c2 and col != group_col
        return False

    def _ends_table(self, texts: list[tuple[int, str]]) -> bool:
        """A section row after a table: a goal label or one text across the whole table."""
        first = clean(texts[0][1]).rstrip(":：")
        if is_goal_label(first) or first.startswith("长期目标"):
            return True
        return self._starts_new_form(texts)

    def _read_table(self, header_row: int, columns: dict[str, int]) -> Table:
        row = header_row + 1
        while row < self.n_rows and self._is_header_echo(row, header_row, columns):
            for fld, col in self.header_columns(row).items():
                if fld not in columns or self._inside_group(header_row, columns[fld], col):
                    columns[fld] = col
            row += 1
        table = Table(header_row=header_row, first_row=row, end_row=row - 1, columns=columns)
        keys = ("level1", "level2", "name", "target", "actual", "op", "points")
        while row < self.n_rows:
            texts = self.row_texts(row)
            if not texts:
                if not table.rows:  # a tall header whose merges the file format lost (.ods)
                    row += 1
                    continue
                break
            if any(clean(t) in TOTAL_LABELS for _, t in texts):
                table.total_row = row
                table.end_row = row
                break
            if {"level1", "level2", "name"} <= self.header_columns(row).keys():
                break
            if self._ends_table(texts):
                break
            own = [self.text(row, columns[k]) for k in keys if k in columns]
            if any(own) and not all(t in ("……", "...", "…") for t in own if t):
                table.rows.append(row)
            table.end_row = row
            row += 1
        return table

    def _starts_new_form(self, texts: list[tuple[int, str]]) -> bool:
        for _, text in texts:
            norm = clean(text)
            if any(norm.endswith(title) for title in FORM_TITLES.values()):
                return True
            if norm in ("项目名称", "项目支出名称", "部门名称", "预算部门名称", "项目编码"):
                return True
        return False

    # --- labelled fields ---------------------------------------------------------------

    def next_free(self, row: int, col: int) -> int:
        """The first column right of a cell and of the merged range it belongs to."""
        own = self.anchor.get((row, col), (row, col))
        c = col + 1
        while self.anchor.get((row, c)) == own:
            c += 1
        return c

    def value_right(self, row: int, col: int) -> tuple[str | None, str]:
        """The first filled cell right of a label; else the cell where its value belongs."""
        first_free = self.next_free(row, col)
        for c in range(first_free, self.n_cols):
            text = self.text(row, c)
            if text is not None:
                return text, self.ref(row, c)
        return None, self.ref(row, first_free)

    def labelled(self, rows: range, labels: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(value, cell) of the first of ``labels`` found in ``rows``: the value right of the
        label, or written inline after a colon ("填表人：续燕")."""
        for label in labels:
            found = self.find_label(rows, label)
            if found is not None:
                return self.value_right(*found)
        for row in rows:
            for col, text in self.row_texts(row):
                norm = clean(text)
                if ":" not in norm or self.is_merged_continuation(row, col):
                    continue
                for label in labels:
                    if norm.startswith(label + ":"):
                        rest = norm[len(label) + 1 :]
                        value = re.split(r"(?=填报日期|联系电话|填表人|填报人|单位负责人)", rest)[0]
                        return value or None, self.ref(row, col)
        return None, None


def _inline_fields(reader: SheetReader, rows: range) -> dict[str, tuple[str, str]]:
    """Fields written as "填表人：续燕 填报日期：2025-07-05" inside one cell."""
    found: dict[str, tuple[str, str]] = {}
    pattern = re.compile(r"(填表人|填报人|填报日期|联系电话)[:：]\s*([^\s：:]+)")
    keys = {"填表人": "preparer", "填报人": "preparer", "填报日期": "date", "联系电话": "phone"}
    for row in rows:
        for col, text in reader.row_texts(row):
            for label, value in pattern.findall(text):
                if not any(value.startswith(k) for k in keys):
                    found.setdefault(keys[label], (value, reader.ref(row, col)))
    return found


def _detect_kind(title: str, columns: dict[str, int], header: Header) -> str:
    norm = clean(title)
    for kind, form_title in sorted(FORM_TITLES.items(), key=lambda kv: -len(kv[1])):
        if form_title in norm:
            return kind.value
    dept = "部门整体" in norm or (header.project is None and header.unit is not None)
    if "actual" not in columns:
        return (
            "dept_target"
            if dept or any(k.startswith("history") for k in columns)
            else "project_target"
        )
    if "score" in columns:
        return "dept_self" if dept else "project_self"
    return "sc_dept_self" if dept else "sc_project_self"


def _find_title(reader: SheetReader, rows: range) -> tuple[str, str | None]:
    """The form's title: a known title, else a text ending in 表, else a merged banner."""
    candidates: list[tuple[str, str]] = []
    banners: list[tuple[str, str]] = []
    for row in rows:
        for col, text in reader.row_texts(row):
            norm = clean(text)
            if any(t in norm for t in FORM_TITLES.values()):
                return text.strip(), reader.ref(row, col)
            if norm.endswith("表") and len(norm) <= 40:
                candidates.append((text.strip(), reader.ref(row, col)))
            elif reader.next_free(row, col) - col >= 3 and len(norm) <= 60:
                banners.append((text.strip(), reader.ref(row, col)))
    return (candidates or banners or [("", None)])[0]


@lru_cache(maxsize=4096)
def _funding_kind(label: str) -> str | None:
    norm = clean(label).removeprefix("其中:").removeprefix("其中").strip(":：")
    if norm.endswith("名称"):
        return None
    for key, kind in FUNDING_KINDS:
        if norm.startswith(key) or (key in norm and len(norm) <= len(key) + 10):
            return kind
    return None


@lru_cache(maxsize=4096)
def funding_column(text: str) -> str | None:
    """The funding column a header cell names ("全年预算数\n（万元）" -> "budget")."""
    norm = clean(text)
    return next((v for k, v in FUNDING_COLUMNS.items() if norm.startswith(k)), None)


def _funding_header(reader: SheetReader, row: int) -> dict[str, int]:
    """Columns of a funding header row ("年初预算数\n(万元)", "全年预算数", "执行率" …)."""
    return reader.header_map(row, funding_column)


def _read_funding(reader: SheetReader, rows: range) -> Funding:
    """The funding block: a column layout (年初/全年预算数/全年执行数) or labelled values."""
    for row in rows:
        cols = _funding_header(reader, row)
        if "budget" in cols and "spent" in cols:
            return _funding_columns(reader, rows, row, cols)
    return _funding_labels(reader, rows)


def _funding_columns(
    reader: SheetReader, rows: range, header: int, cols: dict[str, int]
) -> Funding:
    """Rows of amounts under 年初预算数 / 全年预算数 / 全年执行数; sub-lines written as
    label-value pairs ("一般公共预算：| 130.8 | 其中:基本支出：| 117.3") read as 全年预算数."""
    funding = Funding()
    first_value_col = min(cols.values())
    amounts = ("initial", "budget", "spent")
    pairs = False  # after 按收入性质分 / 按支出性质分 the sub-lines are label-value pairs
    for row in range(header + 1, rows.stop):
        if _funding_header(reader, row):
            continue  # a tall merged header repeats itself
        texts = [
            (c, t) for c, t in reader.row_texts(row) if not reader.is_merged_continuation(row, c)
        ]
        if any(clean(t).startswith(("按收入性质分", "按支出性质分")) for _, t in texts):
            pairs = True
            continue
        labels = [(c, t) for c, t in texts if _funding_kind(t) and not _looks_amount(t)]
        if not labels:
            if any(clean(t) in GOAL_LABELS for _, t in texts):
                break
            continue
        if not pairs and labels[0][0] < first_value_col:
            label, kind = labels[0][1], _funding_kind(labels[0][1])
            cells = {k: reader.ref(row, cols[k]) for k in amounts if k in cols}
            values = {k: reader.text(row, cols[k]) for k in amounts if k in cols}
            funding.rows.append(FundingRow(label=label.strip(), kind=kind, cells=cells, **values))  # type: ignore[arg-type]
            if kind == "total":
                for key in ("points", "rate", "score"):
                    if key in cols:
                        setattr(funding, key, reader.text(row, cols[key]))
                        funding.cells[key] = reader.ref(row, cols[key])
            continue
        for col, label in labels:
            value, ref = reader.value_right(row, col)
            if value is not None and not _looks_amount(value):
                value, ref = None, reader.ref(row, reader.next_free(row, col))
            funding.rows.append(
                FundingRow(
                    label=label.strip(),
                    kind=_funding_kind(label),  # type: ignore[arg-type]
                    budget=value,
                    cells={"budget": ref},
                )
            )
    return funding


def _funding_labels(reader: SheetReader, rows: range) -> Funding:
    """Labelled amounts: right of each label, or below a row of labels (Sichuan, targets)."""
    labels: list[tuple[int, int, str, str]] = []
    for row in rows:
        for col, text in reader.row_texts(row):
            kind = _funding_kind(text)
            if kind is None or reader.is_merged_continuation(row, col) or len(clean(text)) > 12:
                continue
            if kind not in {k for *_, k in labels}:
                labels.append((row, col, text, kind))
    below_rows = set()
    for row, col, _, _ in labels:
        right, _ = reader.value_right(row, col)
        below = reader.text(row + 1, col)
        if (right is None or not _looks_amount(right)) and below and _looks_amount(below):
            below_rows.add(row)
    funding = Funding()
    for row, col, text, kind in labels:
        if row in below_rows:
            value, ref = reader.text(row + 1, col), reader.ref(row + 1, col)
        else:
            value, ref = reader.value_right(row, col)
            if value is not None and not _looks_amount(value):  # the next label, no value
                value, ref = None, reader.ref(row, reader.next_free(row, col))
        funding.rows.append(
            FundingRow(
                label=text.strip(),
                kind=kind,
                budget=value,  # type: ignore[arg-type]
                cells={"budget": ref},
            )
        )
    return funding


def _looks_amount(text: str) -> bool:
    return bool(re.match(r"^\s*[-+]?[\d,，.]+\s*(万元|元)?\s*$", text))


def _read_plan(reader: SheetReader, rows: range) -> SpendingPlan:
    plan = SpendingPlan()
    for row in rows:
        cols = {
            PLAN_COLUMNS[c]: col
            for col, t in reader.row_texts(row)
            if (c := clean(t)) in PLAN_COLUMNS
        }
        if len(cols) >= 2:
            for key, col in cols.items():
                setattr(plan, key, reader.text(row + 1, col))
                plan.cells[key] = reader.ref(row + 1, col)
            break
    return plan


def is_goal_label(text: str) -> bool:
    """年度目标 / 年度总体目标 / 2024年绩效目标 / 预期目标 (with or without a colon)."""
    norm = clean(text).rstrip(":：")
    return norm in GOAL_LABELS or bool(re.fullmatch(r"(\d{4}年)?(年度)?(绩效|总体)?目标", norm))


def _read_goal(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """The goal text: right of its label, or below it when the label heads two columns."""
    for row in rows:
        for col, text in reader.row_texts(row):
            if not is_goal_label(text) or reader.is_merged_continuation(row, col):
                continue
            value, ref = reader.value_right(row, col)
            if value is not None and clean(value) != "实际完成情况" and not is_goal_label(value):
                return value, ref
            for c in range(col, reader.n_cols):
                if (below := reader.text(row + 1, c)) and not is_goal_label(below):
                    return below, reader.ref(row + 1, c)
            return None, ref
    return None, None


def _indicator(
    reader: SheetReader, table: Table, row: int, carried: dict[str, tuple[str, str]]
) -> Indicator:
    """One indicator row; 一级/二级 carried down from the rows above when blank."""
    values: dict[str, str | None] = {}
    cells: dict[str, str] = {}
    history: dict[str, str] = {}
    for fld, col in table.columns.items():
        text, ref = reader.text(row, col), reader.ref(row, col)
        if fld.startswith("history:"):
            if text is not None:
                history[fld.split(":", 1)[1]] = text
            continue
        values[fld], cells[fld] = text, ref
    for level in ("level1", "level2"):
        if values.get(level) is None and level in carried:
            values[level], cells[level] = carried[level]
        elif level in values and values[level] is not None:
            if level == "level1" and carried.get("level1", (None, None))[1] != cells["level1"]:
                carried.pop("level2", None)  # a new 一级 group starts its own 二级
            carried[level] = (values[level], cells[level])  # type: ignore[assignment]
    return Indicator(**values, history=history, cells=cells)


def _read_header(reader: SheetReader, above: range, around: range) -> Header:
    """Labelled header fields above a table, and 填表人/日期 lines written in one cell."""
    header = Header()
    for fld, labels in HEADER_LABELS.items():
        value, ref = reader.labelled(above, labels)
        if value is not None or ref is not None:
            setattr(header, fld, value)
            header.cells[fld] = ref or ""
    if header.unit is None:
        header.unit, ref = _coded_unit(reader, above)
        if ref:
            header.cells["unit"] = ref
    for fld, (value, ref) in _inline_fields(reader, around).items():
        if getattr(header, fld) is None:
            setattr(header, fld, value)
            header.cells[fld] = ref
    return header


def _coded_unit(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """A unit written after its budget code, as in "711001 | 正定县总工会本级"."""
    for row in rows:
        texts = reader.row_texts(row)
        for (_, text), (next_col, name) in pairwise(texts):
            if re.fullmatch(r"\d{6}", text.strip()) and not re.search(r"\d", name):
                return name.strip(), reader.ref(row, next_col)
    return None, None


def _is_long_term(reader: SheetReader, table: Table) -> bool:
    """The 长期绩效指标 table of a 部门整体绩效目标申报表 (followed by the annual table)."""
    return any(clean(t).startswith("长期绩") for _, t in reader.row_texts(table.header_row))


def _total(reader: SheetReader, table: Table) -> tuple[str | None, str | None]:
    """The written 总分: in the 得分 column of the 总分 row, else its last filled cell."""
    if table.total_row is None:
        return None, None
    col = table.columns.get("score")
    if col is None:
        col = max(c for c, _ in reader.row_texts(table.total_row))
    return reader.text(table.total_row, col), reader.ref(table.total_row, col)


def _form(reader: SheetReader, table: Table, above: range, around: range) -> dict:
    """The data of one form: the table and what stands above it."""
    header = _read_header(reader, above, around)
    title, title_ref = _find_title(reader, above)
    kind = _detect_kind(title, table.columns, header)
    carried: dict[str, tuple[str, str]] = {}
    goal, goal_ref = _read_goal(reader, above)
    data: dict = {
        "form": kind,
        "title": title or FORM_TITLES_BY_KIND[kind],
        "header": header,
        "sheet": reader.sheet.name,
        "goal": goal,
        "indicators": [_indicator(reader, table, row, carried) for row in table.rows],
        "cells": {k: v for k, v in (("title", title_ref), ("goal", goal_ref)) if v},
    }
    if kind in FUNDED_KINDS:
        data["funding"] = _read_funding(reader, above)
    if kind == "project_target":
        data["plan"] = _read_plan(reader, above)
    if kind in ("dept_self", "project_self"):
        total, total_ref = _total(reader, table)
        data["total"] = total
        if total_ref:
            data["cells"]["total"] = total_ref
    return data


FUNDED_KINDS = ("project_target", "sc_dept_self", "sc_project_self", "dept_self", "project_self")


DETAIL_COLUMNS = {
    "序号": "seq",
    "项目名称": "name",
    "覆盖人数": "people",
    "人均标准": "standard",
    "金额": "amount",
}


def _read_fund_details(reader: SheetReader) -> list[tuple[int, dict]]:
    """专项资金预算明细 tables: 项目名称 / 覆盖人数 / 人均标准 / 金额, ending in 合计."""
    found: list[tuple[int, dict]] = []
    if not reader.has_text_starting("覆盖人数"):
        return found
    for row in range(reader.n_rows):
        cols = {}
        for col, text in reader.row_texts(row):
            key = next((v for k, v in DETAIL_COLUMNS.items() if clean(text).startswith(k)), None)
            if key and key not in cols:
                cols[key] = col
        if not {"people", "standard", "amount", "name"} <= cols.keys():
            continue
        title, title_ref = _find_title(reader, range(max(0, row - 3), row))
        data: dict = {
            "form": "fund_detail",
            "title": title or "专项资金预算明细",
            "sheet": reader.sheet.name,
            "lines": [],
            "cells": {},
        }
        if title_ref:
            data["cells"]["title"] = title_ref
        for r in range(row + 1, reader.n_rows):
            texts = reader.row_texts(r)
            if not texts:
                break
            if any(clean(t) in ("合计", "总计") for _, t in texts):
                data["total"] = reader.text(r, cols["amount"])
                data["cells"]["total"] = reader.ref(r, cols["amount"])
                break
            line: dict = {k: reader.text(r, c) for k, c in cols.items()}
            line["cells"] = {k: reader.ref(r, c) for k, c in cols.items()}
            if line.get("name"):
                data["lines"].append(line)
        found.append((row, data))
    return found


def _read_basic_data(reader: SheetReader) -> list[tuple[int, dict]]:
    """部门整体支出绩效评价基础数据表: staff, expense lines and 楼堂馆所."""
    found = reader.find_label(range(reader.n_rows), "编制数")
    if found is None:
        return []
    staff_row = found[0]
    labels = {clean(t): c for c, t in reader.row_texts(staff_row)}
    staff = {
        "authorized": reader.text(staff_row + 1, labels["编制数"]),
        "actual": next(
            (reader.text(staff_row + 1, c) for k, c in labels.items() if "在职" in k), None
        ),
        "rate": next(
            (reader.text(staff_row + 1, c) for k, c in labels.items() if "控制率" in k), None
        ),
    }
    title, title_ref = _find_title(reader, range(max(0, staff_row - 4), staff_row))
    data: dict = {
        "form": "dept_basic_data",
        "title": title or "部门整体支出绩效评价基础数据表",
        "sheet": reader.sheet.name,
        "staff": staff,
        "expenses": [],
        "header": _read_header(reader, range(0), range(reader.n_rows)),
        "cells": {"title": title_ref} if title_ref else {},
    }
    header_row = next(
        (
            r
            for r in range(staff_row + 1, reader.n_rows)
            if sum("决算" in t or "预算数" in t for _, t in reader.row_texts(r)) >= 2
        ),
        None,
    )
    if header_row is not None:
        value_cols = [c for c, t in reader.row_texts(header_row) if "决算" in t or "预算数" in t][
            :3
        ]
        for r in range(header_row + 1, reader.n_rows):
            texts = reader.row_texts(r)
            if not texts or "楼堂馆所" in texts[0][1]:
                break
            label = texts[0][1]
            if texts[0][0] >= min(value_cols):
                continue
            values = [reader.text(r, c) for c in value_cols] + [None] * 3
            data["expenses"].append(
                {
                    "label": label.strip(),
                    "prev_final": values[0],
                    "budget": values[1],
                    "final": values[2],
                }
            )
    return [(staff_row, data)]


def read_sheet(sheet: SheetGrid) -> list[AnyForm]:
    """Every form of a foreign-layout sheet."""
    reader = SheetReader(sheet)
    forms: list[AnyForm] = [
        _FORM_ADAPTER.validate_python(data)
        for _, data in _read_fund_details(reader) + _read_basic_data(reader)
    ]
    start = 0
    long_term: list[Indicator] = []
    for table in reader.find_tables():
        above = range(start, table.header_row)
        around = range(start, min(table.end_row + 3, reader.n_rows))
        if _is_long_term(reader, table):
            carried: dict[str, tuple[str, str]] = {}
            long_term = [_indicator(reader, table, row, carried) for row in table.rows]
            continue  # its header fields belong to the annual table's form below
        data = _form(reader, table, above, around)
        if long_term and data["form"] == "dept_target":
            data["long_term_indicators"], long_term = long_term, []
        forms.append(_FORM_ADAPTER.validate_python(data))
        start = table.end_row + 1
    return forms


FORM_TITLES_BY_KIND = {kind.value: title for kind, title in FORM_TITLES.items()}


def read_forms(grid: Grid) -> list[AnyForm]:
    """Every form of a workbook: a template's form by its defined names, every other
    visible sheet by its layout."""
    from addin.templates.reader import marker, read_template

    found = marker(grid)
    forms: list[AnyForm] = read_template(grid) if found else []
    template_sheet = found[1] if found else None
    for sheet in grid.sheets:
        if sheet.hidden or sheet.name == template_sheet:
            continue
        forms.extend(read_sheet(sheet))
    return forms

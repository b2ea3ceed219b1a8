"""The blocks around an indicator table: title, labelled header fields, goal, spending plan,
and the written total (in the table's 总分 row or in the header block, 自评总分(分) 97.6).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import pairwise

from addin.core.kinds import FORM_TITLES
from addin.core.models import Header, SpendingPlan
from addin.core.values import parse_value
from addin.reader.headers import Table
from addin.reader.sections import is_goal_label
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import (
    clean,
    column_field,
    strip_unit,
    total_labels,
    vocabulary,
)

PLAN_COLUMNS = {"3月底": "m3", "6月底": "m6", "10月底": "m10", "12月底": "m12"}


_INLINE = re.compile(r"(填表人|填报人|填报日期|联系电话)[:：]\s*([^\s：:]+)")
_INLINE_KEYS = {"填表人": "preparer", "填报人": "preparer", "填报日期": "date", "联系电话": "phone"}


@lru_cache(maxsize=16384)
def _inline_values(text: str) -> tuple[tuple[str, str], ...]:
    """(field, value) of each "填表人：续燕" written in one cell's text."""
    return tuple(
        (_INLINE_KEYS[label], value)
        for label, value in _INLINE.findall(text)
        if not value.startswith(tuple(_INLINE_KEYS))
    )


def inline_fields(reader: SheetReader, rows: range) -> dict[str, tuple[str, str]]:
    """Fields written as "填表人：续燕 填报日期：2025-07-05" inside one cell."""
    found: dict[str, tuple[str, str]] = {}
    for row, col, values in reader.cells_with(_inline_values):
        if row in rows:
            for key, value in values:
                found.setdefault(key, (value, reader.ref(row, col)))
    return found


SELF_OF_TARGET = {"project_target": "project_self", "dept_target": "dept_self"}


def detect_kind(title: str, columns: dict[str, int], header: Header) -> str:
    norm = clean(title)
    for kind, form_title in sorted(FORM_TITLES.items(), key=lambda kv: -len(kv[1])):
        if form_title in norm:
            # a target's title over 完成值 and 得分 columns: the columns say it is a self-evaluation
            if {"actual", "score"} <= columns.keys() and kind.value in SELF_OF_TARGET:
                return SELF_OF_TARGET[kind.value]
            return kind.value
    dept = "部门整体" in norm or (header.project is None and header.unit is not None)
    if "actual" not in columns:
        if "score" in columns:  # scored without 完成值 (a 评价体系 table): targets hold no scores
            return "dept_self" if dept else "project_self"
        return (
            "dept_target"
            if dept or any(k.startswith("history") for k in columns)
            else "project_target"
        )
    if "score" in columns:
        return "dept_self" if dept else "project_self"
    return "sc_dept_self" if dept else "sc_project_self"


_TITLE_PROJECT = re.compile(r"(?P<name>.+?项目)(支出)?绩效(自评|目标|评价)")
_GENERIC_PROJECT = re.compile(r"(\d{4}年度?)?([省市区县州旗乡镇]级)?(部门)?(预算)?项目")


def project_of_title(title: str) -> str | None:
    """The project a title names, for a form with no 项目名称 field ("服务贸易项目绩效自评表"
    -> 服务贸易项目); None for a title naming only the form (区级部门预算项目支出绩效自评表)."""
    match = _TITLE_PROJECT.match(clean(title))
    if match is None or _GENERIC_PROJECT.fullmatch(match["name"]):
        return None
    return match["name"]


@lru_cache(maxsize=16384)
def _title_like(text: str) -> str | None:
    """How a cell's text may title a form: "known" (it holds a form's title), "table" (a
    short text ending in 表), "banner" (short enough for a merged banner), else None."""
    norm = clean(text)
    if any(t in norm for t in FORM_TITLES.values()):
        return "known"
    if norm.endswith("表") and len(norm) <= 40:
        return "table"
    return "banner" if len(norm) <= 60 else None


def find_title(reader: SheetReader, rows: range) -> tuple[str, str | None]:
    """The form's title: a known title, else a text ending in 表, else a merged banner."""
    candidates: list[tuple[str, str]] = []
    banners: list[tuple[str, str]] = []
    for row in rows:
        for col, text in reader.row_texts(row):
            like = _title_like(text)
            if like == "known":
                return text.strip(), reader.ref(row, col)
            if like == "table":
                candidates.append((text.strip(), reader.ref(row, col)))
            elif like == "banner" and reader.next_free(row, col) - col >= 3:
                banners.append((text.strip(), reader.ref(row, col)))
    return (candidates or banners or [("", None)])[0]


def read_plan(reader: SheetReader, rows: range) -> SpendingPlan:
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


@lru_cache(maxsize=16384)
def _period_goal(text: str) -> bool:
    """中长期目标 / 中期目标（2024年-2026年） / 实施期目标: a goal sub-column label."""
    return bool(re.match(r"(中长期|中期|实施期|长期)(绩效)?目标", clean(text)))


@lru_cache(maxsize=16384)
def _annual_goal(text: str) -> bool:
    return bool(re.fullmatch(r"(\d{4}年)?年度(绩效)?目标[:：]?", clean(text)))


def read_goal(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """The goal text: right of its label, or below it when the label heads two columns."""
    for row in rows:
        for col, text in reader.own_texts(row):
            if not is_goal_label(text):
                continue
            value, ref = reader.value_right(row, col)
            # 预期目标 | 实际完成情况 (or 完成情况) beside the label head two columns
            sub_label = value is not None and (
                is_goal_label(value) or _period_goal(value) or column_field(value) == "actual"
            )
            if value is not None and not sub_label:
                return value, ref
            # sub-columns 中长期目标 | 年度目标: the year's goal is under its own label
            annual = next(
                (c for c, t in reader.row_texts(row) if c > col and _annual_goal(t)), None
            )
            line = reader.next_line(row)
            if annual is not None and (below := reader.text(line, annual)):
                return below, reader.ref(line, annual)
            for c in range(col, reader.n_cols):
                if (below := reader.text(line, c)) and not is_goal_label(below):
                    return below, reader.ref(line, c)
            return None, ref
    return None, None


GOAL_ACTUAL = "实际完成情况"  # Header.extra key of the goal's 实际完成情况


def read_goal_actual(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """The 实际完成情况 under its own label beside the goal's (年度总体目标 | 预期目标 |
    实际完成情况, the text on the line below)."""
    for row in rows:
        for col, text in reader.own_texts(row):
            if not is_goal_label(text):
                continue
            for c, t in reader.row_texts(row):
                if c > col and column_field(t) == "actual" and not is_goal_label(t):
                    line = reader.next_line(row)
                    below = reader.text(line, c)
                    if below is not None and column_field(below) != "actual":
                        return below, reader.ref(line, c)
            return None, None
    return None, None


def read_header(reader: SheetReader, above: range, around: range) -> Header:
    """Labelled header fields above a table, and 填表人/日期 lines written in one cell."""
    header = Header()
    for fld, labels in _header_labels():
        value, ref = reader.labelled(above, labels)
        if value is not None or ref is not None:
            setattr(header, fld, value)
            header.cells[fld] = ref or ""
    if header.unit is None:
        header.unit, ref = coded_unit(reader, above)
        if ref:
            header.cells["unit"] = ref
    for fld, (value, ref) in inline_fields(reader, around).items():
        if getattr(header, fld) is None:
            setattr(header, fld, value)
            header.cells[fld] = ref
    return header


@cache
def _header_labels() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each header field with its labels, cleaned."""
    return tuple(
        (fld, tuple(clean(w) for w in labels)) for fld, labels in vocabulary().header.items()
    )


_BUDGET_CODE = re.compile(r"\d{6}")
_DIGIT = re.compile(r"\d")


def coded_unit(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """A unit written after its budget code, as in "711001 | 正定县总工会本级"."""
    for row in rows:
        texts = reader.row_texts(row)
        for (_, text), (next_col, name) in pairwise(texts):
            if _BUDGET_CODE.fullmatch(text.strip()) and not _DIGIT.search(name):
                return name.strip(), reader.ref(row, next_col)
    return None, None


def is_long_term(reader: SheetReader, table: Table) -> bool:
    """The 长期绩效指标 table of a 部门整体绩效目标申报表 (followed by the annual table)."""
    return any(clean(t).startswith("长期绩") for _, t in reader.row_texts(table.header_row))


def table_total(reader: SheetReader, table: Table) -> tuple[str | None, str | None]:
    """The written 总分: in the 得分 column of the 总分 row, else its last filled cell."""
    if table.total_row is None:
        return None, None
    row = table.total_row
    if not _form_total_row(reader, table, row):
        # 合计 of the indicators, then the form's 总分 on the line below
        below = range(row + 1, min(row + 3, reader.n_rows))
        row = next((r for r in below if _form_total_row(reader, table, r, labelled=True)), None)
        if row is None:
            return None, None
    col = table.columns.get("score")
    if col is None:
        col = max(c for c, _ in reader.row_texts(row))
    return reader.text(row, col), reader.ref(row, col)


def _form_total_row(reader: SheetReader, table: Table, row: int, labelled: bool = False) -> bool:
    """A 总分 row holds the form's total; a 合计 row only when its 分值 is the whole 100
    (else it adds up the indicators alone). ``labelled``: only a 总分 label counts."""
    totals = total_labels()
    if any(strip_unit(t).rstrip(":：") in totals for _, t in reader.row_texts(row)):
        return True
    if labelled:
        return False
    col = table.columns.get("points")
    points = parse_value(reader.text(row, col)) if col is not None else None
    return points is not None and points.kind == "number" and points.low == 100


def header_total(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """A total written in the header block: 自评总分(分) | 97.6, 自评得分：98."""
    value, ref = reader.labelled(rows, tuple(clean(t) for t in vocabulary().total_labels))
    if value is not None and parse_value(value).kind != "number":
        return None, None  # the next label, or words: no total written here
    return value, ref

"""Several projects in one indicator table, as a unit's budget disclosure prints them (部门预算
项目绩效目标申报表: 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | … one block of rows per
project). A 项目名称 column left of the indicator columns splits the table: each project is a
form of its own, with its indicator rows, its 预算数 as its budget (年初预算数 / 执行数 too, in
a table of self-evaluations) and its 年度目标 as its goal. The project's cells may be merged
down over its rows, repeated on each of them, or written on its first row only; a row with no
name belongs to the project above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from addin.reader.headers import Table
from addin.reader.sections import is_goal_label
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import clean, funding_column, funding_kind, vocabulary

# what the columns of a project's own cells hold (Table.projects keys)
PROJECT_ROLES = {
    "project": "项目名称",
    "unit": "单位名称",
    "initial": "年初预算数",
    "budget": "预算数",
    "spent": "执行数",
    "goal": "年度目标",
}
MONEY = ("initial", "budget", "spent")  # a project's amounts, as a funding block's columns


@dataclass
class Project:
    """One project's block of a table: its rows and the cells that describe it."""

    rows: list[int]  # its indicator rows
    first: int  # first row of its block (where its name is written)
    last: int  # last row of its block
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (text, cell)


@cache
def _labels(role: str) -> frozenset[str]:
    return frozenset(clean(w) for w in vocabulary().header[role])


def _role(text: str) -> str | None:
    norm = clean(text).rstrip(":：")
    for role in ("project", "unit"):
        if norm in _labels(role):
            return role
    if (money := funding_column(text)) in MONEY:
        return money
    if funding_kind(text) == "total":  # 资金总额（万元）
        return "budget"
    return "goal" if is_goal_label(text) else None


def project_columns(reader: SheetReader, table: Table) -> dict[str, int]:
    """Role -> column of the header cells left of the indicators that name a project's own
    cells (项目名称, 单位名称, 预算数, 年度目标); empty unless a 项目名称 column is among them."""
    first = min(table.columns.values())
    found: dict[str, int] = {}
    for row in table.header_rows:
        for col, text in reader.own_texts(row):
            if col < first and col not in table.columns.values() and (role := _role(text)):
                found.setdefault(role, col)
    return found if "project" in found else {}


def split_projects(reader: SheetReader, table: Table) -> list[Project]:
    """The projects a table's 项目名称 column names down its indicator rows (one form each;
    a column naming one project gives that one); [] when the table has no such column or
    indicator rows stand above its first name (not this layout)."""
    columns = project_columns(reader, table)
    if not columns or not table.rows:
        return []
    projects: list[Project] = []
    last: tuple | None = None
    for row in table.rows:
        name = reader.text(row, columns["project"])
        start = reader.anchor(row, columns["project"])
        # the same name starts another project under another unit, or in another merged cell
        unit = reader.text(row, columns["unit"]) if "unit" in columns else None
        key = (clean(name), clean(unit) if unit else None, start)
        if name is not None and (last is None or _another(key, last)):
            last = key
            project = Project(rows=[], first=start[0] if start else row, last=row)
            for role, col in columns.items():
                text = reader.text(row, col)
                if text is not None:
                    project.values[role] = (text.strip(), _ref(reader, row, col))
            if projects and "unit" in projects[-1].values:  # a unit written once for its projects
                project.values.setdefault("unit", projects[-1].values["unit"])
            projects.append(project)
        if projects:
            projects[-1].rows.append(row)
            projects[-1].last = row
    named = [p for p in projects if p.rows]
    if not named or table.rows[0] < named[0].first:
        return []
    table.projects = columns
    return named


def _another(key: tuple, last: tuple) -> bool:
    """Whether a row's (name, unit, merged name cell) starts a project other than the last:
    another name, another unit written on the row, or another merged cell."""
    name, unit, anchor = key
    if name != last[0] or (unit is not None and last[1] is not None and unit != last[1]):
        return True
    return anchor is not None and anchor != last[2]


def _ref(reader: SheetReader, row: int, col: int) -> str:
    """The cell holding a value: a merged range's top-left cell."""
    anchor = reader.anchor(row, col)
    return reader.ref(*anchor) if anchor is not None else reader.ref(row, col)


def project_table(table: Table, projects: list[Project], i: int) -> Table:
    """The part of a table one project owns: its rows, and the decisions from the end of the
    project before it to the start of the next one."""
    start = projects[i - 1].last + 1 if i else table.first_row
    stop = projects[i + 1].first if i + 1 < len(projects) else table.end_row + 1
    decisions = [d for d in table.decisions if start <= d.row < stop]
    return replace(table, rows=list(projects[i].rows), decisions=decisions)


def money_unit_of_column(reader: SheetReader, table: Table) -> tuple[str, str] | None:
    """The money unit a project's amount column states ("预算数（万元）") and its header
    cell; None when none states one."""
    for role in MONEY:
        col = table.projects.get(role)
        for row in table.header_rows if col is not None else []:
            norm = clean(reader.text(row, col))
            for unit in ("万元", "元"):
                if norm.endswith((f"({unit})", f"（{unit}）")):
                    return unit, reader.ref(row, col)
    return None

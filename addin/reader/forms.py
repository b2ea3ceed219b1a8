"""Forms out of a sheet: each indicator table with the blocks above it becomes one form."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from pydantic import TypeAdapter

from addin.core.framework import all_level2, classify, section_level
from addin.core.kinds import FORM_TITLES, kind_of
from addin.core.models import AnyForm, Funding, FundingRow, Indicator
from addin.core.scoring import number, ratio_value
from addin.core.units import parse_unit
from addin.core.values import parse_value
from addin.reader.blocks import (
    GOAL_ACTUAL,
    detect_kind,
    find_title,
    header_total,
    is_long_term,
    project_of_title,
    read_goal,
    read_goal_actual,
    read_header,
    read_plan,
    table_total,
)
from addin.reader.breakdown import read_breakdown
from addin.reader.details import read_basic_data, read_fund_details
from addin.reader.funding import funding_in_yuan, in_yuan, money_unit, read_funding
from addin.reader.headers import Table, find_tables
from addin.reader.projects import (
    MONEY,
    Project,
    money_unit_of_column,
    project_table,
    split_projects,
)
from addin.reader.roles import DIRECTIONS, refine
from addin.reader.sections import is_goal_label
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import clean, funding_kind
from addin.workbook.grid import Grid, SheetGrid

FORM_ADAPTER: TypeAdapter[AnyForm] = TypeAdapter(AnyForm)
# columns read and shown by ``jixiao inspect`` but kept out of the Indicator model
READ_ONLY_FIELDS = ("coefficient", "core", "direction")
# 指标性质 cells that say what kind of indicator a row is, not a sign
KIND_WORDS = ("定量指标", "定量", "定性指标")


def indicator(
    reader: SheetReader,
    table: Table,
    row: int,
    carried: dict[str, tuple[str, str]],
    unit_in_header: tuple[str, str] | None = None,
) -> dict:
    """One indicator row as the data of an :class:`Indicator` (validated with its form);
    一级/二级 carried down from the rows above when blank; ``unit_in_header``: the unit the
    table's 指标值 header states (see :func:`header_unit`)."""
    values: dict[str, str | None] = {}
    cells: dict[str, str] = {}
    history: dict[str, str] = {}
    for fld, (text, ref) in reader.row_cells(row, table.columns).items():
        if fld.startswith("history:"):
            if text is not None:
                history[fld.split(":", 1)[1]] = text
            continue
        if fld in READ_ONLY_FIELDS:
            continue
        if fld == "target_adjusted":  # 调整指标值 replaces 年初指标值 when written
            if text is not None:
                values["target"], cells["target"] = text, ref
            continue
        if fld == "target" and values.get("target") is not None:
            continue
        if fld in SHARED and text is not None:
            text = shared_share(reader, table, row, table.columns[fld], text)
        values[fld], cells[fld] = text, ref
    split_by_area(reader, table, row, values, cells)
    if (
        "target" not in values
        and "target" not in table.areas
        and (split := name_and_target(values.get("name")))
    ):
        values["name"], values["target"] = split  # 三级指标及指标值 in one cell
        cells["target"] = cells["name"]
    if "unit" not in table.columns and unit_in_header:
        values["unit"], cells["unit"] = unit_in_header  # 年度指标值（%）: the unit in the header
    if values.get("op") is None and (sign := direction_sign(reader, table, row, values)):
        values["op"], cells["op"] = sign  # 反向 with no sign written: less is better
    if values.get("score") is None and (score := score_from_coefficient(reader, table, row)):
        values["score"], cells["score"] = score, reader.ref(row, table.columns["coefficient"])
    if clean(values.get("op")) in KIND_WORDS and "category" not in table.columns:
        values["category"], cells["category"] = values.pop("op"), cells.pop("op")
    one_name_for_both_levels(values, cells)
    for level in ("level1", "level2"):
        if values.get(level) is None and level in carried:
            values[level], cells[level] = carried[level]
        elif level in values and values[level] is not None:
            if level == "level1" and carried.get("level1", (None, None))[1] != cells["level1"]:
                carried.pop("level2", None)  # a new 一级 group starts its own 二级
            carried[level] = (values[level], cells[level])  # type: ignore[assignment]
    return {**values, "history": history, "cells": cells}


def split_by_area(
    reader: SheetReader, table: Table, row: int, values: dict, cells: dict[str, str]
) -> None:
    """A target (or actual) written once per area: ``area_targets`` / ``area_actuals``
    hold the areas' filled values, ``cells["target:<area>"]`` every area's cell."""
    for fld, by_area in table.areas.items():
        split: dict[str, str] = {}
        for area, col in by_area.items():
            cells[f"{fld}:{area}"] = reader.ref(row, col)
            text = reader.text(row, col)
            if text is not None:
                split[area] = text
        values[f"area_{fld}s"] = split


def part(reader: SheetReader, table: Table, row: int) -> dict:
    """A "其中…" row as the data of an :class:`IndicatorPart` of the indicator above it
    (its own cells only: a 分值 merged down from the indicator is not the part's)."""
    values: dict[str, str | None] = {}
    cells: dict[str, str] = {}
    for fld, (text, ref) in reader.row_cells(row, table.columns).items():
        if fld in PART_FIELDS and not reader.is_merged_continuation(row, table.columns[fld]):
            values[fld], cells[fld] = text, ref
    return {**values, "name": (values.get("name") or "").strip(), "cells": cells}


PART_FIELDS = ("name", "op", "target", "unit", "actual")


def one_name_for_both_levels(values: dict[str, str | None], cells: dict[str, str]) -> None:
    """One cell merged across the 一级 and 二级 columns ("社会公众或服务对象满意度指标" over
    both) names one level only: the level its name is in the framework. A 二级 name's row
    belongs to the 一级 that holds it in the framework; a 一级 name leaves the 二级 unread."""
    if cells.get("level1") is None or cells.get("level1") != cells.get("level2"):
        return
    level = section_level(values.get("level1"))
    if level == "level1":
        values.pop("level2", None)
        cells.pop("level2", None)
    elif level == "level2":
        standard = classify(None, values["level1"], None).level2
        values["level1"] = all_level2("project").get(standard or "") or values["level1"]


_NAME_AND_TARGET = re.compile(
    r"^(?P<name>.*?[^\s:：])\s*[:：]?\s*(?P<target>(?:[≥≤＞＜><=＝≧≦]|大于|小于|不低于|不高于|不少于|不超过)"
    r"\s*\d.*)$"
)


SHARED = ("points", "score")  # a 分值 / 得分 merged over several indicator rows is shared


def shared_share(reader: SheetReader, table: Table, row: int, col: int, text: str) -> str:
    """A 分值 or 得分 cell merged down over several indicators counts once: each of them
    gets an equal share ("30" over two rows: "15" each), so that sums stay the form's."""
    anchor = reader.anchor(row, col)
    if anchor is None:
        return text  # not merged: the common case
    r1, _, r2, _ = reader.ranges[anchor]
    # table.rows ascend: the indicator rows inside r1..r2 by bisection
    shared = bisect_right(table.rows, r2) - bisect_left(table.rows, r1) if r2 > r1 else 1
    value = number(text)
    if shared > 1 and value is not None:
        return f"{round(value / shared, 4):g}"
    return text


_BRACKET = re.compile(r"[(（]([^()（）]{1,6})[)）]\s*$")


def header_unit(reader: SheetReader, table: Table) -> tuple[str, str] | None:
    """The unit a table without a 度量单位 column states in its 指标值 header ("年度指标值（%）",
    "指标值(人次)"): (unit, header cell); None when the header states none (or "(A)")."""
    col = table.columns.get("target")
    if col is None and table.areas.get("target"):  # 区域目标值（户） over the areas
        col = next(iter(table.areas["target"].values()))
    path = table.paths.get(col, []) if col is not None else []
    for text in reversed(path):
        match = _BRACKET.search(clean(text))
        unit = parse_unit(match[1]) if match else None
        if match and unit is not None and not unit.dimension.startswith("other"):
            row = next(r for r in table.header_rows if reader.text(r, col) == text)
            return match[1], reader.ref(row, col)
    return None


def name_and_target(text: str | None) -> tuple[str, str] | None:
    """("培训人数", "≥500人") out of a cell "培训人数≥500人" or "培训人数：≥500人" of a table
    with no 指标值 column; None when the cell holds no sign followed by a number."""
    match = _NAME_AND_TARGET.match((text or "").strip())
    if match is None:
        return None
    return match["name"].strip(), match["target"].strip()


def direction_sign(
    reader: SheetReader, table: Table, row: int, values: dict[str, str | None]
) -> tuple[str, str] | None:
    """The sign a 正向/反向 direction gives a row whose target states none: (sign, cell)."""
    col = table.columns.get("direction")
    text = reader.text(row, col) if col is not None else None
    if text is None or clean(text) not in DIRECTIONS:
        return None
    if parse_value(values.get("target"), values.get("unit")).op is not None:
        return None
    return DIRECTIONS[clean(text)], reader.ref(row, col)  # type: ignore[arg-type]


def score_from_coefficient(reader: SheetReader, table: Table, row: int) -> str | None:
    """得分 = 权重 × 得分系数 on a form that leaves the 得分 to that formula ("95%" or 95
    under 得分系数(%)); None unless both are numbers."""
    if "coefficient" not in table.columns or "points" not in table.columns:
        return None
    coefficient = ratio_value(reader.text(row, table.columns["coefficient"]))
    points = number(reader.text(row, table.columns["points"]))
    if coefficient is None or points is None:
        return None
    if coefficient > 1:  # 95 under a (%) header
        coefficient /= 100
    return f"{round(points * coefficient, 2):g}"


def indicators(reader: SheetReader, table: Table) -> list[dict]:
    """The indicator rows of a table, as data validated with their form (one call for the
    whole form); in a flat table a heading row (产出指标 / 数量指标) names the 一级 / 二级 of
    the rows under it."""
    carried: dict[str, tuple[str, str]] = {}
    out: list[dict] = []
    name_col = table.columns.get("name")
    unit = header_unit(reader, table) if "unit" not in table.columns else None
    for decision in table.decisions:
        if decision.kind == "group":
            # a flat table's heading names its level in the 指标名称 column; a 一级/二级
            # table's heading stands in its own column
            cols = [table.columns[k] for k in ("name", "level1", "level2") if k in table.columns]
            text, col = next(
                ((t, c) for c in cols if (t := reader.text(decision.row, c))), ("", name_col)
            )
            level = section_level(text)
            if level == "level1":
                carried.pop("level2", None)
            if level and col is not None:
                carried[level] = (text, reader.ref(decision.row, col))
        elif decision.kind == "indicator":
            out.append(indicator(reader, table, decision.row, carried, unit))
        elif decision.kind == "part" and out:
            out[-1].setdefault("parts", []).append(part(reader, table, decision.row))
    return out


def form_data(
    reader: SheetReader,
    table: Table,
    above: range,
    around: range,
    columns: dict | None = None,
    project: Project | None = None,
) -> dict:
    """The data of one form: the table and what stands above it; ``columns``: those of all
    its tables, which decide its kind (a 决策/过程 table followed by 产出/效益 with 完成值);
    ``project``: one project's block of a table listing several (see projects.py), whose
    name, unit, 预算数 and 年度目标 are its own cells."""
    header = read_header(reader, above, around)
    own = project.values if project is not None else {}
    for role in ("project", "unit"):
        if role in own:
            setattr(header, role, own[role][0])
            header.cells[role] = own[role][1]
    title, title_ref = find_title(reader, above)
    kind = detect_kind(title, columns or table.columns, header)
    named = project_of_title(title) if "project" not in header.cells else None
    if kind.startswith("project") and named:  # no 项目名称 field: the title names the project
        header.project, header.cells["project"] = named, title_ref or ""
    if project is not None:  # the project's own 年度目标 cell, not a goal of the whole table
        goal, goal_ref = own.get("goal", (None, None))
    else:
        goal, goal_ref = read_goal(reader, above)
    achieved, achieved_ref = read_goal_actual(reader, above)
    if achieved is not None and achieved_ref:
        header.extra[GOAL_ACTUAL], header.cells["goal_actual"] = achieved, achieved_ref
    data: dict = {
        "form": kind,
        "title": title or FORM_TITLES[kind],
        "header": header,
        "sheet": reader.sheet.name,
        "goal": goal,
        "indicators": indicators(reader, table),
        "cells": {k: v for k, v in (("title", title_ref), ("goal", goal_ref)) if v},
    }
    if breakdown := read_breakdown(reader, above):
        data["breakdown"] = breakdown
    unit, unit_ref = money_unit(reader, above)
    if project is not None and (in_column := money_unit_of_column(reader, table)):
        unit, unit_ref = in_column
    if unit:
        header.money_unit, header.cells["money_unit"] = unit, unit_ref or ""
    if kind_of(kind).funded:
        data["funding"] = project_funding(own) if project else read_funding(reader, above)
        if unit == "元":
            funding_in_yuan(data["funding"])
    if kind == "project_target":
        data["plan"] = read_plan(reader, above)
        if unit == "元":
            plan = data["plan"]
            keys = ("m3", "m6", "m10", "m12")
            for key, value in in_yuan({k: getattr(plan, k) for k in keys}).items():
                setattr(plan, key, value)
    if kind in ("dept_self", "project_self"):
        total, total_ref = table_total(reader, table)
        if total is None:
            blank_ref = total_ref  # a 总分 row left blank: the cell where the total belongs
            total, total_ref = header_total(reader, above)
            if total is None:
                total_ref = blank_ref
        data["total"] = total
        if total_ref:
            data["cells"]["total"] = total_ref
    return data


def project_funding(own: dict[str, tuple[str, str]]) -> Funding:
    """A listed project's money: its 预算数 (年初预算数, 执行数) cells as the total line;
    年初预算数 is the budget when it is the only one (none when all are blank)."""
    money = {k: own[k] for k in MONEY if k in own}
    if "budget" not in money and "initial" in money:
        money["budget"] = money["initial"]
    if not money:
        return Funding()
    amounts = {k: text for k, (text, _) in money.items()}
    cells = {k: ref for k, (_, ref) in money.items()}
    return Funding(rows=[FundingRow(label="预算数", kind="total", **amounts, cells=cells)])


class SheetForms:
    """Every form of one foreign-layout sheet, with the tables they were read from."""

    def __init__(self, sheet: SheetGrid) -> None:
        self.reader = SheetReader(sheet)
        reader = self.reader
        self.forms: list[AnyForm] = [
            FORM_ADAPTER.validate_python(data)
            for _, data in read_fund_details(reader) + read_basic_data(reader)
        ]
        self.tables = find_tables(reader)
        for table in self.tables:
            refine(reader, table)
        self.table_of: list[tuple[Table, AnyForm | None]] = []
        start = 0
        long_term: list[dict] = []
        for i, table in enumerate(self.tables):
            above = range(start, min(table.header_rows[0], table.header_row))
            following = self.tables[i + 1].header_row if i + 1 < len(self.tables) else None
            stop = following if following is not None else reader.n_rows
            around = range(start, max(min(table.end_row + 3, reader.n_rows), stop))
            if is_long_term(reader, table):
                long_term = indicators(reader, table)
                self.table_of.append((table, None))
                continue  # its header fields belong to the annual table's form below
            previous = self.table_of[-1] if self.table_of else (None, None)
            if previous[1] is not None and continues(reader, previous[0], table):
                join_table(reader, previous[1], table)  # 决策/管理, then 产出/效益
                self.table_of.append((table, previous[1]))
                start = table.end_row + 1
                continue
            columns, last = dict(table.columns), table
            for later in self.tables[i + 1 :]:  # the tables that continue this form
                if not continues(reader, last, later):
                    break
                columns, last = {**later.columns, **columns}, later
            if projects := split_projects(reader, table):  # one form per listed project
                for n, project in enumerate(projects):
                    part = project_table(table, projects, n)
                    data = form_data(reader, part, above, around, columns, project)
                    self.forms.append(FORM_ADAPTER.validate_python(data))
                    self.table_of.append((part, self.forms[-1]))
                start = table.end_row + 1
                continue
            data = form_data(reader, table, above, around, columns)
            if long_term and data["form"] == "dept_target":
                data["long_term_indicators"], long_term = long_term, []
            form = FORM_ADAPTER.validate_python(data)
            self.forms.append(form)
            self.table_of.append((table, form))
            start = table.end_row + 1
        if not self.tables and (data := form_without_table(reader)) is not None:
            self.forms.append(FORM_ADAPTER.validate_python(data))


def continues(reader: SheetReader, before: Table, table: Table) -> bool:
    """A scored table right under another one, with nothing of a form of its own between
    them (no title, goal or money: at most a caption line): the same form's second part,
    as an evaluation prints 决策/管理 in one table and 产出/效益 in the next."""
    if before.total_row is not None or not ({"points", "score"} <= table.columns.keys()):
        return False
    if not {"points", "score"} <= before.columns.keys():
        return False
    between = [r for r in range(before.end_row + 1, table.header_rows[0]) if reader.row_texts(r)]
    if len(between) > 1:
        return False
    for row in between:
        for _, text in reader.row_texts(row):
            norm = clean(text).rstrip(":：")
            if is_goal_label(norm) or funding_kind(text) or norm.endswith("表"):
                return False
    return True


def join_table(reader: SheetReader, form: AnyForm, table: Table) -> None:
    """Add a continuing table's indicators (and its written 总分) to the form above."""
    form.indicators.extend(Indicator.model_validate(d) for d in indicators(reader, table))
    if hasattr(form, "total") and form.total is None:
        total, ref = table_total(reader, table)
        if total is not None:
            form.total = total
            form.cells["total"] = ref or ""


def form_without_table(reader: SheetReader) -> dict | None:
    """A sheet titled as one of the forms with a funding block, whose indicator table is
    not there (a copy that stops early, a page printed alone): the form with its header,
    goal and money, and no indicators (which the checks then say)."""
    rows = range(reader.n_rows)
    title, title_ref = find_title(reader, rows)
    by_length = sorted(FORM_TITLES.items(), key=lambda kv: -len(kv[1]))
    known = [k for k, t in by_length if t in clean(title)]
    if not known or not kind_of(known[0]).funded:
        return None
    funding = read_funding(reader, rows)
    total = next((r for r in funding.rows if r.kind == "total"), None)
    if total is None or total.budget is None:
        return None
    header = read_header(reader, rows, rows)
    goal, goal_ref = read_goal(reader, rows)
    cells = {k: v for k, v in (("title", title_ref), ("goal", goal_ref)) if v}
    data: dict = {"form": known[0], "title": title, "header": header, "sheet": reader.sheet.name}
    return {**data, "goal": goal, "funding": funding, "indicators": [], "cells": cells}


def read_sheet(sheet: SheetGrid) -> list[AnyForm]:
    """Every form of a foreign-layout sheet."""
    return SheetForms(sheet).forms


def foreign_sheets(grid: Grid) -> tuple[list[AnyForm], list[SheetGrid]]:
    """A template's forms read by their defined names, and the other visible sheets."""
    from addin.reader.template import marker, read_template

    found = marker(grid)
    forms: list[AnyForm] = read_template(grid) if found else []
    template_sheet = found[1] if found else None
    sheets = [s for s in grid.sheets if not s.hidden and s.name != template_sheet]
    return forms, sheets


def read_forms(grid: Grid) -> list[AnyForm]:
    """Every form of a workbook: a template's form by its defined names, every other
    visible sheet by its layout."""
    return read_forms_and_gaps(grid)[0]


def read_forms_and_gaps(grid: Grid) -> tuple[list[AnyForm], dict[int, list[str]]]:
    """Every form of a workbook, and for each form (by ``id``) what of its table could not
    be read with confidence (a role its cells contradict, targets split by area)."""
    forms, sheets = foreign_sheets(grid)
    gaps: dict[int, list[str]] = {}
    for sheet in sheets:
        found = SheetForms(sheet)
        forms.extend(found.forms)
        for table, form in found.table_of:
            if form is not None and table.uncertain:
                gaps[id(form)] = list(table.uncertain.values())
    return forms, gaps

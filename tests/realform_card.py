"""A scorecard of how well the reader reads one real form, against hand-verified facts.

facts.json (tests/data/realforms/) holds the publisher's facts of each form; LAYOUTS below
holds, by hand, where each form writes its indicator rows and which column holds each field
(read off the published table). A field counts when its source cell holds text; it is read
when the reader takes it from that very cell. Shared by tests/test_realforms.py and
benchmarks/reading_accuracy.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from addin.check.run import check_file
from addin.core.scoring import amount
from addin.core.values import parse_op, parse_value
from addin.reader import read_forms
from addin.workbook.files import InputError, read_grid

DATA = Path(__file__).parent / "data" / "realforms"
FACTS: dict = json.loads((DATA / "facts.json").read_text(encoding="utf-8"))
FILES = sorted(k for k in FACTS if k.endswith(".xlsx"))

# form -> (indicator rows, field -> column); fields of the indicator rows as published
LAYOUTS: dict[str, tuple[str, dict[str, str]]] = {
    "sc_qingshen_2023_工资性支出_项目自评.xlsx": (
        "15-16",
        {"name": "D", "op": "E", "target": "F", "actual": "H", "points": "I", "score": "J"},
    ),
    "yn_lijiang_2020_卫片执法_项目自评.xlsx": (
        "13-17",
        {"name": "C", "op": "D", "target": "E", "actual": "G", "points": "H", "score": "I"},
    ),
    "hb_langfang_2019_暖通改造_项目自评.xlsx": (
        "14,17,18,20,23,26,29,35,38",
        {"name": "D", "target": "E", "actual": "F", "points": "G", "score": "H"},
    ),
    "ah_tangxi_2022_委托业务_项目自评.xlsx": (
        "14-22",
        {"name": "D", "target": "E", "actual": "F", "points": "G", "score": "H"},
    ),
    "hn_xiangtan_2023_雾炮车_目标申报.xlsx": ("9-13,15,18", {"name": "D", "target": "E"}),
    "cq_kexuecheng_2021_融媒体中心_部门整体自评.xlsx": (
        "9-22",
        {"name": "B", "target": "E", "actual": "G", "points": "I", "score": "J"},
    ),
    "nx_yinchuan_2021_初中公用经费_项目自评.xlsx": (
        "9-17,19,21,23-25,28,31",
        {"name": "C", "points": "D", "target": "E", "actual": "F", "score": "G"},
    ),
    "ah_tianchang_slj_2022_project_self.xlsx": (
        "13,14,16,19,22,25,28,34,37",
        {"name": "D", "target": "E", "actual": "F", "points": "G", "score": "H"},
    ),
    "sc_zhongjiang_slj_2022_project_self.xlsx": (
        "13-18,20-22",
        {"name": "D", "points": "E", "target": "F", "actual": "G", "score": "H"},
    ),
    "hn_hengshan_guantang_2023_dept_self.xlsx": ("", {}),
    "gs_jiayuguan_museum_2023_project_target.xlsx": ("19-28", {"name": "E", "target": "G"}),
    "hb_ezhou_2022_project_target.xlsx": ("14-20", {"name": "B", "target": "E"}),
    "cq_fengjie_yunwu_2023_project_target.xlsx": (
        "16",
        {"name": "D", "target": "E", "points": "F"},
    ),
    "sd_jinan_licheng_2019_文化馆免费开放_项目自评.xlsx": (
        "13,15,17,19,22,24",
        {"name": "D", "target": "E", "actual": "F", "points": "G", "score": "H"},
    ),
    "hi_hainan_swt_服务贸易_项目自评.xlsx": ("14-29", {"name": "E", "points": "F", "score": "G"}),
    "sc_jingyan_mata_2023_部门项目目标_多项目.xlsx": (
        "5-17",
        {"name": "G", "op": "H", "target": "I", "points": "K"},
    ),
}
SCORED = ("target", "op", "actual", "points", "score")


def rows_of(spec: str) -> list[int]:
    out: list[int] = []
    for part in filter(None, spec.split(",")):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def defect_cells(facts: dict) -> set[str]:
    """Every cell a hand-verified defect names ("E17,E18", "B15:K15", "D14..D38")."""
    cells: set[str] = set()
    for defect in facts.get("true_defects", []):
        cells |= _cells(defect["cell"])
    return cells


def _cells(text: str) -> set[str]:
    cells: set[str] = set()
    for part in re.split(r"[,/]", text):
        match = re.fullmatch(r"([A-Z]+)(\d+)(?::|\.\.)([A-Z]+)(\d+)", part)
        if not match:
            cells.add(part)
            continue
        c1, c2 = column_index_from_string(match[1]), column_index_from_string(match[3])
        for col in range(c1, c2 + 1):
            for row in range(int(match[2]), int(match[4]) + 1):
                cells.add(f"{get_column_letter(col)}{row}")
    return cells


@dataclass
class Card:
    """What the reader got right on one form."""

    name: str
    recognised: bool = False
    rows: int = 0
    rows_read: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # field -> [read, written]
    missed: list[str] = field(default_factory=list)  # "target E15" the reader did not take
    money: list[int] = field(default_factory=lambda: [0, 0])
    money_missed: list[str] = field(default_factory=list)
    defects: list[int] = field(default_factory=lambda: [0, 0])
    defects_missed: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)
    form: object = field(default=None, repr=False)  # the form as read, to compare copies by
    # (severity, code, cell) of every finding
    findings: list[tuple[str, str, str]] = field(default_factory=list, repr=False)

    @property
    def full(self) -> bool:
        return (
            self.recognised
            and self.rows_read == self.rows
            and not self.missed
            and not self.money_missed
        )


def _sheet_text(path: Path, sheet: str) -> dict[str, str]:
    """Cell -> text as published (a merged range's text at each of its cells)."""
    ws = load_workbook(path)[sheet]
    out = {c.coordinate: str(c.value).strip() for row in ws.iter_rows() for c in row
           if c.value is not None and str(c.value).strip()}  # fmt: skip
    for merged in ws.merged_cells.ranges:
        anchor = ws.cell(merged.min_row, merged.min_col).coordinate
        if anchor in out:
            for row in ws.iter_rows(*merged.bounds[1::2][:1], max_row=merged.max_row,
                                    min_col=merged.min_col, max_col=merged.max_col):  # fmt: skip
                for c in row:
                    out.setdefault(c.coordinate, out[anchor])
    return out


Move = Callable[[str], str]  # a cell of the published form -> the same cell in a copy


def _same(cell: str) -> str:
    return cell


def card(name: str, path: Path | None = None, move: Move = _same) -> Card:
    """Score the reader on form ``name``, or on ``path``, a copy of it laid out differently
    whose cells ``move`` maps from the published ones (facts stay as published)."""
    facts = FACTS[name]
    published = DATA / name
    path = path or published
    result = Card(name=name, rows=facts["indicator_rows"])
    forms = read_forms(read_grid(path))
    # a table listing several projects ("projects"): one form each, in the table's order
    projects = facts.get("projects") or [facts]
    result.recognised = [(f.sheet, f.form) for f in forms] == [
        (facts["sheet"], facts["form"])
    ] * len(projects)
    found = [f for f in forms if f.sheet == facts["sheet"]]
    if "projects" in facts:
        result.recognised &= [f.header.project for f in found] == [p["project"] for p in projects]
    form = found[0] if found else None
    result.form = form
    spec, columns = LAYOUTS[name]
    texts = {move(cell): text for cell, text in _sheet_text(published, facts["sheet"]).items()}
    by_row = {}
    for ind in (i for f in (found if "projects" in facts else found[:1]) for i in f.indicators):
        row = int(re.sub(r"\D", "", ind.cells.get("name", "0")) or 0)
        by_row[row] = ind
    real = [_row(move(f"A{row}")) for row in rows_of(spec)]
    result.rows_read = sum(r in by_row for r in real) - max(0, len(by_row) - len(real))
    for published_row in rows_of(spec):
        ind = by_row.get(_row(move(f"A{published_row}")))
        for fld in SCORED:
            col = columns.get(fld)
            if fld == "op" and col is None:
                col = columns.get("target")  # the sign is written in the value
            if col is None:
                continue
            cell = move(f"{col}{published_row}")
            if not texts.get(cell):
                continue
            tally = result.fields.setdefault(fld, [0, 0])
            tally[1] += 1
            if _field_read(ind, fld, cell, texts[cell]):
                tally[0] += 1
            else:
                result.missed.append(f"{fld} {cell}")
    if "projects" in facts:  # each project's own budget, on its own form
        for project, its_form in zip(projects, found + [None] * len(projects), strict=False):
            _money(result, project, its_form)
    else:
        _money(result, facts, form)
    _defects(result, facts, path, move)
    return result


def _field_read(ind, fld: str, cell: str, text: str) -> bool:
    if ind is None:
        return False
    if fld == "op":
        sign = parse_op(text) if ind.cells.get("op") == cell else parse_value(text).op
        written = parse_op(ind.op) if ind.op else parse_value(ind.target or "").op
        return sign == written
    return ind.cells.get(fld) == cell and getattr(ind, fld) is not None


def _money(result: Card, facts: dict, form) -> None:
    """年初, 全年预算 and 执行数 as facts.json gives them: in the total line, or, where the
    publisher's total line is wrong ("budget_total_row_as_published"), that line as published
    and the amounts in the lines under it."""
    funding = getattr(form, "funding", None)
    rows = funding.rows if funding is not None else []
    total = next((r for r in rows if r.kind == "total"), None)
    published = facts.get("budget_total_row_as_published")
    for key, attr in (("budget_initial", "initial"), ("budget", "budget"), ("spent", "spent")):
        want = facts.get(key)
        if want is None:
            continue
        result.money[1] += 1
        if published is not None:
            written = amount(getattr(total, attr)) if total is not None else None
            parts = [amount(getattr(r, attr)) for r in rows if r.kind != "total"]
            have = sum(p for p in parts if p is not None) if any(parts) else None
            ok = written == published[attr] and have is not None and abs(have - want) < 0.005
        else:
            have = amount(getattr(total, attr)) if total is not None else None
            ok = have is not None and abs(have - want) < 0.005
        if ok:
            result.money[0] += 1
        else:
            result.money_missed.append(f"{key} {want} ≠ {have}")


def _defects(result: Card, facts: dict, path: Path, move: Move = _same) -> None:
    try:
        report, _ = check_file(path)
    except InputError as error:  # not recognised: nothing checked
        result.defects = [0, len(facts.get("true_defects", []))]
        result.defects_missed.append(str(error))
        return
    result.findings = sorted((f.severity, f.code, f.cell or "") for f in report.findings)
    rows = {_row(move(c)) for c in defect_cells(facts)}
    for defect in facts.get("true_defects", []):
        result.defects[1] += 1
        mine = {_row(move(c)) for c in _cells(defect["cell"])}
        if any(_row(f.cell) in mine for f in report.findings if f.cell):
            result.defects[0] += 1
        else:
            result.defects_missed.append(f"{defect['cell']} {defect['what'][:40]}")
    # a copy that stops early cannot add up nor hold every group: not the publisher's mistake
    # and the row where it stops is cut off mid-cell ("水电气消耗下降率 | >")
    excused = SUMS if facts.get("truncated") else ()
    real = [_row(move(f"A{row}")) for row in rows_of(LAYOUTS[result.name][0])]
    if facts.get("truncated") and real:
        rows = rows | {real[-1]}
    result.false_errors = [
        f"{f.code} {f.cell}"
        for f in report.findings
        if f.severity == "error" and _row(f.cell) not in rows and f.code not in excused
    ]


SUMS = ("JX301", "JX304", "JX305", "JX107", "JX209", "JX210")


def _row(cell: str | None) -> int:
    """The row of a cell ("H21" -> 21); 0 for a finding about the whole form."""
    return int(re.sub(r"\D", "", cell or "") or 0)

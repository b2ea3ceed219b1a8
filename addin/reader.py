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
import unicodedata
from dataclasses import dataclass, field

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


def clean(text: str | None) -> str:
    """Header text without whitespace, line breaks or full-width forms."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


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
        self.values = sheet.filled()
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in sheet.merged_ranges():
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.anchor[(r, c)] = (r1, c1)
        self.n_rows = len(self.values)
        self.n_cols = max((len(r) for r in self.values), default=0)

    # --- cells -------------------------------------------------------------------------

    def text(self, row: int, col: int) -> str | None:
        """Text of a cell as a clerk sees it, merged cells reading their top-left value."""
        if 0 <= row < self.n_rows and 0 <= col < len(self.values[row]):
            return cell_text(self.values[row][col])
        return None

    def ref(self, row: int, col: int) -> str:
        """Address of the cell that holds the value (the top-left of a merged range)."""
        return cell_ref(*self.anchor.get((row, col), (row, col)))

    def is_merged_continuation(self, row: int, col: int) -> bool:
        return self.anchor.get((row, col), (row, col)) != (row, col)

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        return [(c, t) for c in range(self.n_cols) if (t := self.text(row, c))]

    # --- tables ------------------------------------------------------------------------

    def header_columns(self, row: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for col, text in self.row_texts(row):
            fld = column_field(text)
            if fld and fld not in columns and not self.is_merged_continuation(row, col):
                columns[fld] = col
        return columns

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

    def _read_table(self, header_row: int, columns: dict[str, int]) -> Table:
        row = header_row + 1
        while row < self.n_rows and self._is_header_echo(row, header_row, columns):
            for fld, col in self.header_columns(row).items():
                columns.setdefault(fld, col)
            row += 1
        table = Table(header_row=header_row, first_row=row, end_row=row - 1, columns=columns)
        keys = ("level1", "level2", "name", "target", "actual", "op", "points")
        while row < self.n_rows:
            texts = self.row_texts(row)
            if not texts:
                break
            if any(clean(t) in TOTAL_LABELS for _, t in texts):
                table.total_row = row
                table.end_row = row
                break
            if {"level1", "level2", "name"} <= self.header_columns(row).keys():
                break
            if self._starts_new_form(texts):
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

    def value_right(self, row: int, col: int) -> tuple[str | None, str]:
        """The first filled cell right of a label (skipping the label's own merged cells)."""
        c = col + 1
        while c < self.n_cols and self.anchor.get((row, c)) == self.anchor.get(
            (row, col), (row, col)
        ):
            c += 1
        first_free = c
        while c < self.n_cols:
            text = self.text(row, c)
            if text is not None:
                return text, self.ref(row, c)
            c += 1
        return None, self.ref(row, min(first_free, max(self.n_cols - 1, 0)))

    def labelled(self, rows: range, labels: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(value, cell) of the first label of ``labels`` found in ``rows``."""
        for row in rows:
            for col, text in self.row_texts(row):
                if self.is_merged_continuation(row, col):
                    continue
                norm = clean(text).rstrip(":：")
                for label in labels:
                    if norm == label:
                        return self.value_right(row, col)
                    inline = re.match(rf"^{re.escape(label)}[:：](.+)$", clean(text))
                    if inline:
                        value = re.split(
                            r"(?=填报日期|联系电话|填表人|填报人|单位负责人)", inline[1]
                        )[0]
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


def _detect_kind(title: str, columns: dict[str, int], header: Header, funding_mode: str) -> str:
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
    if "score" in columns or funding_mode == "columns":
        return "dept_self" if dept else "project_self"
    return "sc_dept_self" if dept else "sc_project_self"


def _find_title(reader: SheetReader, rows: range) -> tuple[str, str | None]:
    """The form's title: a known title text, else the first text ending in 表."""
    candidates: list[tuple[str, str]] = []
    for row in rows:
        for col, text in reader.row_texts(row):
            norm = clean(text)
            if any(t in norm for t in FORM_TITLES.values()) or (
                norm.endswith("表") and len(norm) <= 40
            ):
                candidates.append((text.strip(), reader.ref(row, col)))
    for text, ref in candidates:
        if any(t in clean(text) for t in FORM_TITLES.values()):
            return text, ref
    return candidates[0] if candidates else ("", None)


def _funding_kind(label: str) -> str | None:
    norm = clean(label).removeprefix("其中:").removeprefix("其中").strip(":：")
    for key, kind in FUNDING_KINDS:
        if norm.startswith(key) or (key in norm and len(norm) <= len(key) + 4):
            return kind
    return None


def _read_funding(reader: SheetReader, rows: range) -> tuple[Funding, str]:
    """The funding block: a column layout (年初/全年预算数/全年执行数) or labelled values."""
    for row in rows:
        cols = {
            FUNDING_COLUMNS[c]: col
            for col, t in reader.row_texts(row)
            if (c := clean(t)) in FUNDING_COLUMNS and not reader.is_merged_continuation(row, col)
        }
        if "budget" in cols and "spent" in cols:
            return _funding_columns(reader, rows, row, cols), "columns"
    return _funding_labels(reader, rows), "labels"


def _funding_columns(
    reader: SheetReader, rows: range, header: int, cols: dict[str, int]
) -> Funding:
    funding = Funding()
    first_value_col = min(cols.values())
    for row in range(header + 1, rows.stop):
        label = next(
            (t for c, t in reader.row_texts(row) if c < first_value_col and _funding_kind(t)), None
        )
        if label is None:
            if any(clean(t) in GOAL_LABELS for _, t in reader.row_texts(row)):
                break
            continue
        kind = _funding_kind(label)
        cells = {k: reader.ref(row, cols[k]) for k in ("initial", "budget", "spent") if k in cols}
        values = {k: reader.text(row, cols[k]) for k in ("initial", "budget", "spent") if k in cols}
        funding.rows.append(FundingRow(label=label.strip(), kind=kind, cells=cells, **values))  # type: ignore[arg-type]
        if kind == "total":
            for key in ("points", "rate", "score"):
                if key in cols:
                    setattr(funding, key, reader.text(row, cols[key]))
                    funding.cells[key] = reader.ref(row, cols[key])
    return funding


def _funding_labels(reader: SheetReader, rows: range) -> Funding:
    """Labelled amounts: the value right of the label, else below it (Sichuan, targets)."""
    funding = Funding()
    seen: set[str] = set()
    for row in rows:
        for col, text in reader.row_texts(row):
            kind = _funding_kind(text)
            if (
                kind is None
                or kind in seen
                or reader.is_merged_continuation(row, col)
                or len(clean(text)) > 12
            ):
                continue
            value, ref = reader.value_right(row, col)
            if value is None or not _looks_amount(value):
                below = reader.text(row + 1, col)
                if below is not None and _looks_amount(below):
                    value, ref = below, reader.ref(row + 1, col)
                elif value is not None and not _looks_amount(value):
                    value, ref = None, reader.ref(row, col + 1)
            seen.add(kind)
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


def _read_goal(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    for row in rows:
        for col, text in reader.row_texts(row):
            if clean(text) in GOAL_LABELS and not reader.is_merged_continuation(row, col):
                value, ref = reader.value_right(row, col)
                if value is None or clean(value) in ("实际完成情况", *GOAL_LABELS):
                    below = reader.text(row + 1, col + 1) or reader.text(row + 1, col)
                    for c in range(col, reader.n_cols):
                        if (t := reader.text(row + 1, c)) and clean(t) not in GOAL_LABELS:
                            return t, reader.ref(row + 1, c)
                    return below, ref
                return value, ref
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


def read_sheet(sheet: SheetGrid) -> list[AnyForm]:
    """Every form of a foreign-layout sheet."""
    reader = SheetReader(sheet)
    forms: list[AnyForm] = []
    start = 0
    for table in reader.find_tables():
        above = range(start, table.header_row)
        header = Header()
        for fld, labels in HEADER_LABELS.items():
            value, ref = reader.labelled(above, labels)
            if value is not None or ref is not None:
                setattr(header, fld, value)
                header.cells[fld] = ref or ""
        for fld, (value, ref) in _inline_fields(
            reader, range(start, min(table.end_row + 3, reader.n_rows))
        ).items():
            if getattr(header, fld) is None:
                setattr(header, fld, value)
                header.cells[fld] = ref
        title, title_ref = _find_title(reader, above)
        funding, mode = _read_funding(reader, above)
        kind = _detect_kind(title, table.columns, header, mode)
        carried: dict[str, tuple[str, str]] = {}
        indicators = [_indicator(reader, table, row, carried) for row in table.rows]
        goal, goal_ref = _read_goal(reader, above)
        data: dict = {
            "form": kind,
            "title": title or FORM_TITLES_BY_KIND[kind],
            "header": header,
            "sheet": sheet.name,
            "goal": goal,
            "indicators": indicators,
        }
        data["cells"] = {k: v for k, v in (("title", title_ref), ("goal", goal_ref)) if v}
        if kind in (
            "project_target",
            "sc_dept_self",
            "sc_project_self",
            "dept_self",
            "project_self",
        ):
            data["funding"] = funding
        if kind == "project_target":
            data["plan"] = _read_plan(reader, above)
        if kind in ("dept_self", "project_self") and table.total_row is not None:
            col = table.columns.get("score")
            total_col = (
                col if col is not None else max(c for c, _ in reader.row_texts(table.total_row))
            )
            data["total"] = reader.text(table.total_row, total_col)
            data["cells"]["total"] = reader.ref(table.total_row, total_col)
        forms.append(_FORM_ADAPTER.validate_python(data))
        start = table.end_row + 1
    return forms


FORM_TITLES_BY_KIND = {kind.value: title for kind, title in FORM_TITLES.items()}


def read_forms(grid: Grid) -> list[AnyForm]:
    """Every form of a workbook: templates by their names, other sheets by their layout."""
    forms: list[AnyForm] = []
    for sheet in grid.sheets:
        if sheet.hidden:
            continue
        forms.extend(read_sheet(sheet))
    return forms

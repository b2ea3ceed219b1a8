"""The reading report: how each sheet was read, in words a city reviewer understands.

It is built from the same objects as the forms (tables, row decisions, funding rows), so
``jixiao inspect`` and the merge's "could not read" flags say exactly what the reader did.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from addin.core.kinds import SELF_KINDS
from addin.core.models import AnyForm, IndicatorForm
from addin.core.values import normalise_text as clean
from addin.core.values import parse_value
from addin.reader.forms import READ_ONLY_FIELDS, SheetForms, foreign_sheets
from addin.reader.headers import Table
from addin.reader.projects import PROJECT_ROLES
from addin.reader.roles import guess
from addin.reader.rows import KIND_LABELS
from addin.reader.sheet import SheetReader
from addin.reader.teaching import ROLE_OF_FIELD
from addin.reader.vocabulary import column_field, not_read_columns
from addin.workbook.grid import Grid, cell_ref

FIELD_LABELS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标（指标名称）",
    "op": "指标性质（符号）",
    "target": "指标值",
    "target_adjusted": "调整指标值（填了就代替指标值）",
    "actual": "实际完成值",
    "unit": "度量单位",
    "points": "分值",
    "score": "得分",
    "coefficient": "得分系数（没有得分列时，得分 = 权重 × 系数）",
    "band": "完成档次",
    "self_score": "定性自评分",
    "reason": "偏差原因",
    "basis": "指标值确定依据",
    "description": "指标描述",
    "category": "指标分类",
    "core": "是否核心指标（只显示）",
    "direction": "指标方向（正向/反向，不是比较符号）",
    "history:前年": "前年值",
    "history:上年": "上年值",
}
GROUP_LABELS = ("绩效指标", "指标", "序号", "项目", "绩效目标")
UNREAD_LABELS = {"budget": "全年预算数", "spent": "全年执行数", "points": "分值"}
NOT_READ = "说明性的列（评分标准、指标解释、中长期指标值等），不参与校验，未读取"
TWIN = "与已读取的列同名（如左右并排的中期指标），本表读另一列，这一列未读取"
LEVEL_POINTS = "一级/二级指标的分值（指标的分值读三级指标右侧的一列），未读取"


class ColumnRead(BaseModel):
    """One header cell and the field it was taken for."""

    cell: str
    header: str  # the path of header texts, top to bottom, joined by " / "
    field: str | None  # None: not understood
    meaning: str


class RowRead(BaseModel):
    """One row under the header: read as an indicator or skipped, with the reason."""

    row: int  # 1-based, as the sheet shows it
    kind: str
    read: bool
    reason: str
    confidence: float = 1.0  # below 1: decided by the row's shape, worth a look


class FundingRead(BaseModel):
    label: str
    kind: str
    initial: str | None = None
    budget: str | None = None
    spent: str | None = None
    cells: dict[str, str] = Field(default_factory=dict)


class TeachHint(BaseModel):
    """A header not understood, the word to teach and the role its cells suggest."""

    sheet: str
    cell: str  # the column's top header cell
    header: str  # the path of header texts, as in ColumnRead
    word: str  # the text to teach: the lowest header cell's, cleaned
    role: str | None  # the role its cells suggest (teaching.ROLES), None when unknown

    def line(self) -> str:
        """The ``jixiao vocab add`` line for it (角色 where the role is unknown)."""
        return f'jixiao vocab add "{self.word}" {self.role or "角色"}'


class TableRead(BaseModel):
    """One indicator table and the form made of it."""

    form: str | None  # None: a 长期绩效指标 table joined to the form below it
    title: str | None
    header_rows: list[int]  # 1-based
    columns: list[ColumnRead]
    rows: list[RowRead]
    rows_read: int
    rows_skipped: int
    funding: list[FundingRead] = Field(default_factory=list)
    total: str | None = None
    unread: list[str] = Field(default_factory=list)  # budget / spent / points not read
    not_understood: list[str] = Field(default_factory=list)
    confidence: dict[str, float] = Field(default_factory=dict)  # role -> share of agreeing cells
    inferred: list[str] = Field(default_factory=list)  # roles read from the cells, and why
    teach: list[str] = Field(default_factory=list)  # jixiao vocab add lines for the gaps
    hints: list[TeachHint] = Field(default_factory=list)  # the same, for the Office doors


class SheetRead(BaseModel):
    sheet: str
    template: bool = False  # read by the template's defined names
    tables: list[TableRead] = Field(default_factory=list)
    other_forms: list[str] = Field(default_factory=list)  # 明细表, 基础数据表
    note: str | None = None


class ReadingReport(BaseModel):
    file: str | None
    sheets: list[SheetRead]


def _number_read(text: str | None) -> bool:
    return parse_value(text).kind in ("number", "range")


def unread_fields(form: AnyForm) -> list[str]:
    """What the merge cannot total for a form: "budget", "spent", "points" (empty if all)."""
    if not isinstance(form, IndicatorForm):
        return []
    missing: list[str] = []
    funding = getattr(form, "funding", None)
    if funding is not None:
        total = next((r for r in funding.rows if r.kind == "total"), None)
        keys = ("budget", "spent") if form.form in SELF_KINDS else ("budget",)
        if _no_spent_column(funding.rows):
            keys = ("budget",)  # the layout has no 执行数 (the Sichuan forms): nothing to miss
        for key in keys:
            sub = [r for r in funding.rows if r.kind != "total" and _number_read(getattr(r, key))]
            if not (total and _number_read(getattr(total, key))) and not sub:
                missing.append(key)
    if form.form in SELF_KINDS and not any(_number_read(i.points) for i in form.indicators):
        missing.append("points")
    return missing


def _no_spent_column(rows: list) -> bool:
    """A money block read with its 预算数 cells but without any 执行数 cell: the form's own
    layout has no 执行数 column (the Sichuan self-evaluations list 资金总额 only)."""
    has_budget = any(r.cells.get("budget") for r in rows)
    return has_budget and not any(r.cells.get("spent") for r in rows)


def unread_message(form: AnyForm) -> str | None:
    """ "没有读到：全年预算数、全年执行数" for the merge's flag, None when all was read."""
    missing = unread_fields(form)
    return "没有读到：" + "、".join(UNREAD_LABELS[k] for k in missing) if missing else None


def _columns(table: Table) -> list[ColumnRead]:
    field_of = {col: fld for fld, col in table.columns.items()}
    area_of = {col: (fld, area) for fld, cols in table.areas.items() for area, col in cols.items()}
    project_roles = {col: role for role, col in table.projects.items()}
    name_col = table.columns.get("name", -1)
    # 一级 | 分值 | 二级 | 分值 | 三级 | 分值: the indicator's 分值 is read right of its name
    points_right = table.columns.get("points", -1) > name_col
    out: list[ColumnRead] = []
    top = table.header_rows[0] if table.header_rows else table.header_row
    for col, path in sorted(table.paths.items()):
        if not path:
            continue
        fld = field_of.get(col)
        if col in project_roles:  # 项目名称 | 预算数 | 年度目标 of each listed project
            fld = project_roles[col]
            meaning = f"读作「{PROJECT_ROLES[fld]}」（表中列有多个项目，每个项目读成一张表）"
        elif col in area_of:  # one column per district or town
            fld, area = area_of[col]
            meaning = f"读作「{FIELD_LABELS[fld]}」（按区域分列：{area}）"
        elif fld is None and clean(path[-1]) in GROUP_LABELS:
            meaning = "分组标签，不含数据"
        elif fld is None and clean(path[-1]).startswith(not_read_columns()):
            meaning = NOT_READ
        elif fld is None and column_field(path[-1]) == "points" and points_right and col < name_col:
            meaning = LEVEL_POINTS
        elif fld is None and column_field(path[-1]) is not None:
            meaning = TWIN
        elif fld is None:
            meaning = "没有认出这一列，未读取（可在词表中添加写法）"
        elif fld in READ_ONLY_FIELDS:
            meaning = FIELD_LABELS[fld]
        else:
            meaning = "读作「" + FIELD_LABELS.get(fld, fld) + "」"
        header = " / ".join(p.replace("\n", "") for p in path)
        out.append(ColumnRead(cell=cell_ref(top, col), header=header, field=fld, meaning=meaning))
    return out


def _table_read(
    reader: SheetReader, table: Table, form: AnyForm | None, sheet: str = ""
) -> TableRead:
    rows = [
        RowRead(
            row=d.row + 1,
            kind=KIND_LABELS[d.kind],
            read=d.read,
            reason=d.reason,
            confidence=d.confidence,
        )
        for d in table.decisions
    ]
    columns = _columns(table)
    not_understood = [
        f"{c.cell}「{c.header}」"
        for c in columns
        if c.field is None and c.meaning not in ("分组标签，不含数据", NOT_READ, TWIN, LEVEL_POINTS)
    ]
    for need, label in (("target", "指标值"), ("points", "分值")):
        read = need in table.columns or need in table.areas
        if not read and form is not None and form.form in SELF_KINDS:
            indicators = getattr(form, "indicators", [])
            if not (indicators and all(getattr(i, need) for i in indicators)):
                not_understood.append(f"没有找到「{label}」列")
    not_understood += list(table.uncertain.values())
    funding = getattr(form, "funding", None)
    unread = [UNREAD_LABELS[k] for k in unread_fields(form)] if form is not None else []
    hints = teach_hints(reader, table, columns, sheet)
    return TableRead(
        form=form.form if form is not None else None,
        title=_title(table, form),
        header_rows=[r + 1 for r in table.header_rows],
        columns=columns,
        rows=rows,
        rows_read=len(table.rows),
        rows_skipped=sum(1 for d in table.decisions if not d.read),
        funding=[FundingRead(**r.model_dump()) for r in funding.rows] if funding else [],
        total=getattr(form, "total", None),
        unread=unread,
        not_understood=not_understood,
        confidence=dict(table.confidence),
        inferred=list(table.inferred.values()),
        teach=[h.line() for h in hints],
        hints=hints,
    )


def _title(table: Table, form: AnyForm | None) -> str:
    """The form's title; with its project for one of several projects listed in a table."""
    if form is None:
        return "长期绩效指标"
    project = getattr(form.header, "project", None) if table.projects else None
    return f"{form.title}（项目「{project}」）" if project else form.title


def teach_word(text: str) -> str:
    """The wording to teach for a header cell's text: cleaned as the reader matches it."""
    return clean(text).replace('"', "")


def teach_hints(
    reader: SheetReader, table: Table, columns: list[ColumnRead], sheet: str = ""
) -> list[TeachHint]:
    """One hint for each header not understood: the word, with the role its cells suggest
    (None: the reviewer says which; the roles: ``jixiao vocab list``)."""
    hints: list[TeachHint] = []
    by_cell = {c.cell: c for c in columns}
    top = table.header_rows[0] if table.header_rows else table.header_row
    for col, path in sorted(table.paths.items()):
        read = by_cell.get(cell_ref(top, col))
        if not path or read is None or read.field is not None:
            continue
        if read.meaning in ("分组标签，不含数据", NOT_READ, TWIN, LEVEL_POINTS):
            continue
        fld = guess(reader, table, col)
        role = ROLE_OF_FIELD[fld].name if fld in ROLE_OF_FIELD else None
        word = teach_word(path[-1])
        hint = TeachHint(sheet=sheet, cell=read.cell, header=read.header, word=word, role=role)
        hints.append(hint)
    return hints


def teach_lines(reader: SheetReader, table: Table, columns: list[ColumnRead]) -> list[str]:
    """The exact ``jixiao vocab add`` line for each header not understood: with the role its
    cells suggest, else with 角色 to fill in (the roles: ``jixiao vocab list``)."""
    return [h.line() for h in teach_hints(reader, table, columns)]


def read_report(grid: Grid) -> ReadingReport:
    """How every sheet of a workbook was read."""
    template_forms, sheets = foreign_sheets(grid)
    out: list[SheetRead] = []
    for form in template_forms:
        out.append(SheetRead(sheet=form.sheet, template=True, note="本系统模板，按定义名称读取"))
    for sheet in sheets:
        found = SheetForms(sheet)
        read = SheetRead(sheet=sheet.name)
        read.tables = [_table_read(found.reader, t, f, sheet.name) for t, f in found.table_of]
        in_tables = {id(f) for _, f in found.table_of}
        read.other_forms = [f.title for f in found.forms if id(f) not in in_tables]
        if not read.tables and not read.other_forms:
            read.note = (
                "没有找到指标表：表头应有“一级指标/二级指标/三级指标”，或“指标名称”加“分值/权重”"
            )
        out.append(read)
    return ReadingReport(file=grid.file, sheets=out)

"""Copies of the real forms laid out as other publishers and clerks lay out the same form.

Each perturbation is a class of change that must not change what is read: empty rows or
columns inserted (a blank line inside the table, or under every line above it), the content
moved away from A1, a note and a signature under the table, an instructions sheet in front, a
sheet of drop-down lists behind, another file format, header words spelled with other
brackets, spaces or line breaks, the column headings printed again on a new page in the
middle of the table, several at once. A copy is rebuilt cell by cell into a new
workbook (openpyxl's insert_rows/insert_cols leave merged ranges behind), with its merged
ranges, styles and sizes moved along, and comes with ``move``: a published cell -> the same
cell in the copy, so the hand-verified facts are scored unchanged (tests/realform_card.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from realform_card import DATA, FACTS, LAYOUTS, rows_of

_REF = re.compile(r"([A-Z]+)(\d+)")
# words of a header cell (the indicator table's and the funding block's), not of a value
HEADER_WORDS = ("指标", "分值", "得分", "权重", "完成", "实际", "预算", "执行", "资金",
                "原因", "单位", "性质", "年度", "全年", "年初", "目标")  # fmt: skip
NOTE = "注：本表由项目单位填写，主管部门审核后报送财政部门。"
SIGNATURE = "填表人：            联系电话：            填报日期：    年  月  日"
INSTRUCTIONS = (
    "填表说明",
    "一、本表由项目单位填写，主管部门审核。",
    "二、绩效指标按一级指标、二级指标、三级指标逐级填写，指标值应当清晰、可衡量。",
    "三、得分按完成比例计算；未完成的，须在偏差原因中说明原因及改进措施。",
    "四、资金单位为万元，执行率 = 全年执行数 ÷ 全年预算数。",
)

# the lists a template's drop-down cells take their choices from, on a sheet of its own
LISTS = (
    ("一级指标", "二级指标", "指标性质", "度量单位"),
    ("产出指标", "数量指标", "≥", "%"),
    ("效益指标", "质量指标", "≤", "个"),
    ("满意度指标", "时效指标", "=", "万元"),
    (None, "成本指标", "定性", "天"),
    (None, "社会效益指标", None, "人次"),
    (None, "服务对象满意度指标", None, None),
)


@dataclass(frozen=True)
class Shift:
    """Empty rows and columns put in front of published ones (1-based, repeats allowed)."""

    rows_before: tuple[int, ...] = ()
    cols_before: tuple[int, ...] = ()

    def row(self, row: int) -> int:
        return row + sum(1 for before in self.rows_before if before <= row)

    def col(self, col: int) -> int:
        return col + sum(1 for before in self.cols_before if before <= col)

    def cell(self, ref: str) -> str:
        match = _REF.fullmatch(ref)
        if not match:
            return ref
        col = self.col(column_index_from_string(match[1]))
        return f"{get_column_letter(col)}{self.row(int(match[2]))}"


@dataclass(frozen=True)
class Copy:
    """A perturbed copy of a real form: where it is and how its cells moved."""

    name: str
    perturbation: str
    path: Path
    move: Callable[[str], str]


def first_row(name: str) -> int | None:
    """The first indicator row of a published form (None: a form without indicator rows)."""
    rows = rows_of(LAYOUTS[name][0])
    return rows[0] if rows else None


def table_top(ws: Worksheet, name: str) -> int:
    """The first row of the indicator table's header: the rows right above the first
    indicator row that name 指标 (a form without indicator rows: its third row)."""
    first = first_row(name)
    if first is None:
        return 3
    top = first
    while top > 1 and any("指标" in str(c.value or "") for c in ws[top - 1]):
        top -= 1
    return top


_HEADINGS = ("指标", "分值", "得分", "完成值", "权重")


def _heading_cells(ws: Worksheet, row: int) -> int:
    return sum(
        any(w in str(c.value or "") for w in _HEADINGS) and len(str(c.value).strip()) <= 12
        for c in ws[row]
    )


def heading_rows(ws: Worksheet, name: str) -> range:
    """The indicator table's column headings: the rows right above the first indicator row
    with two cells or more of heading words, and those a heading cell is merged down from."""
    first = first_row(name) or 1
    top = first
    while top > 1 and _heading_cells(ws, top - 1) > 1:
        top -= 1
    if top == first:
        return range(first, first)
    for merged in ws.merged_cells.ranges:
        if merged.min_row < top <= merged.max_row < first:
            top = merged.min_row
    return range(top, first)


def field_col(name: str, *fields: str) -> int:
    """The column of the first of ``fields`` the published form has (else column C)."""
    columns = LAYOUTS[name][1]
    for fld in fields:
        if fld in columns:
            return column_index_from_string(columns[fld])
    return 3


def rebuild(src: Worksheet, dst: Worksheet, shift: Shift) -> None:
    """Copy ``src`` into ``dst`` with ``shift``: values, styles, merged ranges, sizes."""
    for merged in src.merged_cells.ranges:
        dst.merge_cells(
            start_row=shift.row(merged.min_row),
            start_column=shift.col(merged.min_col),
            end_row=shift.row(merged.max_row),
            end_column=shift.col(merged.max_col),
        )
    for row in src.iter_rows():
        for cell in row:
            if isinstance(cell, MergedCell):
                continue
            target = dst.cell(shift.row(cell.row), shift.col(cell.column))
            target.value = cell.value
            if cell.has_style:
                target.font = copy(cell.font)
                target.border = copy(cell.border)
                target.fill = copy(cell.fill)
                target.number_format = cell.number_format
                target.alignment = copy(cell.alignment)
                target.protection = copy(cell.protection)
    for key, dim in src.row_dimensions.items():
        if dim.height is not None:
            dst.row_dimensions[shift.row(key)].height = dim.height
    for key, dim in src.column_dimensions.items():
        if dim.width and re.fullmatch(r"[A-Z]+", key):
            letter = get_column_letter(shift.col(column_index_from_string(key)))
            dst.column_dimensions[letter].width = dim.width


def _published(name: str) -> tuple[Workbook, Worksheet]:
    book = load_workbook(DATA / name)
    return book, book[FACTS[name]["sheet"]]


def shifted(book: Workbook, sheet: str, shift: Shift) -> Workbook:
    """A new workbook: ``book`` with sheet ``sheet`` moved by ``shift``, the others as they are."""
    out = Workbook()
    out.remove(out.active)
    for src in book.worksheets:
        rebuild(src, out.create_sheet(src.title), shift if src.title == sheet else Shift())
    out.active = book.sheetnames.index(sheet)
    return out


def _header_cells(ws: Worksheet, name: str) -> list:
    """Header cells above the first indicator row: short texts of header words, no digits."""
    first = first_row(name) or ws.max_row + 1
    cells = []
    for row in ws.iter_rows(max_row=first - 1):
        for cell in row:
            text = cell.value
            if (
                isinstance(text, str)
                and len(text.strip()) <= 16
                and not re.search(r"\d", text)
                and any(word in text for word in HEADER_WORDS)
            ):
                cells.append(cell)
    return cells


def _swap_brackets(text: str) -> str:
    return text.translate(str.maketrans("（）()【】", "()（）[]"))


def _spaced(text: str) -> str:
    """「指标值」 -> 「指 标 值」 (short header words only)."""
    bare = text.strip()
    return " ".join(bare) if 2 <= len(bare) <= 5 and not re.search(r"\s", bare) else text


def _wide_spaced(text: str) -> str:
    """「指标值」 -> 「指　标　值」 with ideographic spaces (U+3000), as typed on a Chinese IME."""
    bare = text.strip()
    return "\u3000".join(bare) if 2 <= len(bare) <= 5 and not re.search(r"\s", bare) else text


def _broken(text: str) -> str:
    """「三级指标」 -> 「三级\\n指标」: a line break in the middle of a header word."""
    bare = text.strip()
    if len(bare) < 4 or "\n" in bare:
        return text
    middle = len(bare) // 2
    return f"{bare[:middle]}\n{bare[middle:]}"


HEADER_VARIANTS: dict[str, Callable[[str], str]] = {
    "header_brackets": _swap_brackets,
    "header_spaces": _spaced,
    "header_wide_spaces": _wide_spaced,
    "header_linebreaks": _broken,
}


def header_changes(name: str, variant: str) -> int:
    """How many header cells ``variant`` rewrites in form ``name`` (0: not applicable)."""
    _, ws = _published(name)
    change = HEADER_VARIANTS[variant]
    return sum(change(c.value) != c.value for c in _header_cells(ws, name))


def _header_edit(variant: str) -> Edit:
    def edit(book: Workbook, ws: Worksheet, name: str) -> None:
        for cell in _header_cells(ws, name):
            cell.value = HEADER_VARIANTS[variant](cell.value)

    return edit


def _footer(book: Workbook, ws: Worksheet, name: str) -> None:
    last = ws.max_row
    ws.cell(last + 1, 1, NOTE)
    ws.merge_cells(start_row=last + 1, start_column=1, end_row=last + 1, end_column=ws.max_column)
    ws.cell(last + 3, 1, SIGNATURE)


def _instructions_first(book: Workbook, ws: Worksheet, name: str) -> None:
    sheet = book.create_sheet("填表说明", 0)
    for line in INSTRUCTIONS:
        sheet.append([line])
    book.active = 1


def _lists_sheet_after(book: Workbook, ws: Worksheet, name: str) -> None:
    sheet = book.create_sheet("下拉选项")
    for line in LISTS:
        sheet.append(line)


def _page_break(name: str) -> int:
    """The indicator row a new printed page starts with, in the middle of the table."""
    return (_middle_row(name) or (0,))[0]


def _split_at_page_break(book: Workbook, ws: Worksheet, name: str) -> None:
    """Cut every merged range the page break crosses in two; the lower part repeats the text
    (a 一级 / 二级 cell printed again at the top of the new page)."""
    at = _page_break(name)
    for merged in list(ws.merged_cells.ranges):
        if not merged.min_row < at <= merged.max_row:
            continue
        r1, c1, r2, c2 = merged.min_row, merged.min_col, merged.max_row, merged.max_col
        value = ws.cell(r1, c1).value
        ws.unmerge_cells(merged.coord)
        for top, bottom in ((r1, at - 1), (at, r2)):
            if bottom > top or c2 > c1:
                ws.merge_cells(start_row=top, start_column=c1, end_row=bottom, end_column=c2)
        ws.cell(at, c1).value = value


def _reprint_headings(book: Workbook, ws: Worksheet, name: str, shift: Shift) -> None:
    """The column headings printed again above the page break (rows the shift left empty)."""
    rows = heading_rows(ws, name)
    dst = book[ws.title]
    start = shift.row(_page_break(name)) - len(rows)
    for merged in ws.merged_cells.ranges:
        if merged.min_row in rows and merged.max_row in rows:
            dst.merge_cells(
                start_row=start + merged.min_row - rows.start,
                start_column=shift.col(merged.min_col),
                end_row=start + merged.max_row - rows.start,
                end_column=shift.col(merged.max_col),
            )
    for row in rows:
        for cell in ws[row]:
            target = dst.cell(start + row - rows.start, shift.col(cell.column))
            if not isinstance(cell, MergedCell) and not isinstance(target, MergedCell):
                target.value = cell.value


def _bordered_column_after(book: Workbook, ws: Worksheet, name: str) -> None:
    """An empty column after the table that a template still draws borders around."""
    col = ws.max_column + 1
    thin = Side(style="thin")
    for row in range(table_top(ws, name), ws.max_row + 1):
        ws.cell(row, col).border = Border(left=thin, right=thin, top=thin, bottom=thin)


def _middle_row(name: str) -> tuple[int, ...]:
    """The middle indicator row, before which a blank line goes (none for a form of one row)."""
    rows = rows_of(LAYOUTS[name][0])
    return (rows[len(rows) // 2],) if len(rows) > 1 else ()


def _top_end(name: str, ws: Worksheet) -> int:
    """The first indicator row (the whole sheet for a form without indicator rows)."""
    return (first_row(name) or ws.max_row) + 1


def _shift_for(name: str, ws: Worksheet, perturbation: str) -> Shift:
    target = field_col(name, "target", "points")
    return {
        "col_left_edge": Shift(cols_before=(1,)),
        "col_before_target": Shift(cols_before=(target,)),
        "col_before_score": Shift(cols_before=(field_col(name, "score", "points", "target"),)),
        "rows_above": Shift(rows_before=(1, 1)),
        "row_before_table": Shift(rows_before=(table_top(ws, name),)),
        # a line left empty between indicators, inside the 一级 / 二级 cells merged over them
        "blank_row_in_table": Shift(rows_before=_middle_row(name)),
        # a blank line under every line above the first indicator: between each label and its
        # value, the funding heads and their amounts, the table's header and its first row
        "blank_line_under_every_top_row": Shift(rows_before=tuple(range(2, _top_end(name, ws)))),
        "from_C5": Shift(rows_before=(1, 1, 1, 1), cols_before=(1, 1)),
        "headings_reprinted": Shift(rows_before=(_page_break(name),) * len(heading_rows(ws, name))),
        # several at once, as one county's file differs from the publisher's in many ways
        "combined": Shift(rows_before=(1, 1, 1, table_top(ws, name)), cols_before=(1, target)),
    }.get(perturbation, Shift())


Edit = Callable[[Workbook, Worksheet, str], None]
SHIFTS = (
    "col_left_edge",
    "col_before_target",
    "col_before_score",
    "rows_above",
    "row_before_table",
    "blank_row_in_table",
    "blank_line_under_every_top_row",
    "from_C5",
)
EDITS: dict[str, tuple[Edit, ...]] = {
    "col_after_table": (_bordered_column_after,),
    "note_and_signature": (_footer,),
    "instructions_sheet_first": (_instructions_first,),
    "lists_sheet_after": (_lists_sheet_after,),
    **{variant: (_header_edit(variant),) for variant in HEADER_VARIANTS},
    "combined": (_header_edit("header_linebreaks"), _footer, _instructions_first),
    "headings_reprinted": (_split_at_page_break,),
}
# after the move: what goes into the rows it left empty
AFTER: dict[str, Callable[[Workbook, Worksheet, str, Shift], None]] = {
    "headings_reprinted": _reprint_headings,
}
OTHER_FORMAT = "as_xls"
PERTURBATIONS = (*SHIFTS, *EDITS, OTHER_FORMAT)


def applies(name: str, perturbation: str) -> bool:
    """Whether ``perturbation`` changes form ``name`` at all (a header variant needs a header
    cell to rewrite, a blank line or a page break in the table two indicator rows)."""
    if perturbation in HEADER_VARIANTS:
        return header_changes(name, perturbation) > 0
    if perturbation == "blank_row_in_table":
        return bool(_middle_row(name))
    if perturbation == "headings_reprinted":
        return bool(_middle_row(name)) and bool(heading_rows(_published(name)[1], name))
    return True


def make(name: str, perturbation: str, folder: Path) -> Copy:
    """Build the copy of form ``name`` under ``perturbation`` in ``folder`` (not as_xls)."""
    book, ws = _published(name)
    for edit in EDITS.get(perturbation, ()):
        edit(book, ws, name)  # on the published cells, before anything moves
    shift = _shift_for(name, ws, perturbation)
    if shift != Shift():
        book = shifted(book, ws.title, shift)
    if perturbation in AFTER:
        AFTER[perturbation](book, ws, name, shift)
    out = folder / f"{perturbation}__{name}"
    book.save(out)
    return Copy(name, perturbation, out, shift.cell)


def as_xls(names: list[str], folder: Path) -> dict[str, Copy]:
    """Every form saved as .xls by LibreOffice, in one soffice call."""
    from addin.templates.lo import convert

    converted = convert([DATA / n for n in names], folder, "xls")
    by_stem = {p.stem: p for p in converted}
    return {n: Copy(n, OTHER_FORMAT, by_stem[Path(n).stem], _same) for n in names}


def _same(cell: str) -> str:
    return cell

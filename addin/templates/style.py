"""How templates look and print: fonts, borders, fills, live warnings, A4 page setup."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from addin.core.forms.layout import Layout
from addin.core.forms.spec import Cell
from addin.workbook.grid import col_letter

FONT = "宋体"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NO_BORDER = Border()
INPUT_FILL = PatternFill("solid", start_color="FFFEF6D8", end_color="FFFEF6D8")
HEAD_FILL = PatternFill("solid", start_color="FFF2F2F2", end_color="FFF2F2F2")
CALC_HEAD_FILL = PatternFill("solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
CALC_FILL = PatternFill("solid", start_color="FFF7F9FC", end_color="FFF7F9FC")
NO_FILL = PatternFill(fill_type=None)
WARN = {
    "error": (PatternFill(bgColor="FFFFC7CE"), Font(color="FF9C0006")),
    "warning": (PatternFill(bgColor="FFFFEB9C"), Font(color="FF9C5700")),
}
_DEFAULT_ALIGN = {
    "title": "center",
    "head": "center",
    "label": "center",
    "input": "left",
    "formula": "right",
    "const": "center",
    "note": "left",
    "blank": "center",
}


def _font(role: str, calc: bool) -> Font:
    if role == "title":
        return Font(name=FONT, size=16, bold=True)
    if role == "head":
        return Font(name=FONT, size=10, bold=True)
    if calc and role in ("formula", "const"):
        return Font(name=FONT, size=10, color="FF1F4E79")
    return Font(name=FONT, size=10)


def _fill(role: str, calc: bool) -> PatternFill:
    if role == "input":
        return INPUT_FILL
    if role == "head":
        return CALC_HEAD_FILL if calc else HEAD_FILL
    if calc and role in ("formula", "const"):
        return CALC_FILL
    return NO_FILL


def cell_range(
    ws: Worksheet, row: int, col: int, rows: int, cols: int, cell: Cell, calc: bool
) -> None:
    """Style every cell of an area (merged areas need their borders on each cell)."""
    role = cell.role
    font = _font(role, calc)
    fill = _fill(role, calc)
    align = Alignment(
        horizontal=cell.align or _DEFAULT_ALIGN[role],
        vertical="center",
        wrap_text=role != "title",
        textRotation=255 if cell.vertical else 0,
    )
    border = BORDER if cell.border and role != "title" else NO_BORDER
    locked = Protection(locked=role != "input")
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            target = ws.cell(row=r, column=c)
            target.font = font
            target.fill = fill
            target.alignment = align
            target.border = border
            target.protection = locked
            if cell.fmt:
                target.number_format = cell.fmt


def hint(ws: Worksheet, ref: str) -> None:
    ws[ref].font = Font(name=FONT, size=9, color="FFC00000")


def marker(cell) -> None:
    cell.font = Font(name=FONT, size=8, color="FF808080")
    cell.protection = Protection(locked=True)


def calc_note(cell) -> None:
    cell.font = Font(name=FONT, size=9, italic=True, color="FF1F4E79")


def conditional_formats(ws: Worksheet, placed: Layout) -> None:
    """The form's live warnings as formula conditional formats (no extLst)."""
    named = placed.named()
    for rule in placed.spec.rules:
        table_key, _, col_key = rule.target.partition(".")
        if col_key and table_key in placed.tables:
            place = placed.tables[table_key]
            span = next(c.span for c in place.table.cols if c.key == col_key)
            last = col_letter(place.col(col_key) + span - 2)
            area = f"{place.ref(col_key, 0)}:{last}{place.last}"
            formula = rule.formula.format_map(place.refs(0))
        else:
            p = named[rule.target]
            area = f"{p.ref}:{col_letter(p.last_col - 1)}{p.last_row}"
            formula = rule.formula
        fill, font = WARN[rule.level]
        ws.conditional_formatting.add(
            area, FormulaRule(formula=[formula.removeprefix("=")], fill=fill, font=font)
        )


def page(ws: Worksheet, placed: Layout) -> None:
    """Widths, heights, A4 print setup, repeated header rows, footer, protection."""
    spec = placed.spec
    for i, width in enumerate(spec.widths):
        ws.column_dimensions[col_letter(i)].width = width
    ws.column_dimensions[col_letter(spec.ncols)].width = 2
    for i, width in enumerate(spec.calc_widths):
        ws.column_dimensions[col_letter(spec.calc_start - 1 + i)].width = width
    for r in range(1, placed.last_row + 1):
        ws.row_dimensions[r].height = placed.heights.get(r, 20)
    ws.print_area = placed.print_area()
    repeated = [p for p in placed.tables.values() if p.table.repeat_header]
    if repeated:
        ws.print_title_rows = f"{repeated[-1].header_row}:{repeated[-1].first - 1}"
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if spec.landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    setup.blackAndWhite = True  # input and warning colours stay on screen
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = f"{FONT},常规"
    ws.oddFooter.center.size = 9
    ws.sheet_view.showGridLines = False
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False

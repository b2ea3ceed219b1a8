"""A live xlwings Book as a Grid: one read of values and one of formulas per sheet.

Each sheet's used range comes over in a single call (``options(ndim=2).value``), its
formulas in another (``.formula``), and on desktop Excel its merged areas, number formats,
fills and notes in a third (``Range.Value(11)``, see :mod:`addin.excel.sheet_xml`); other
engines take the merged areas from a :data:`MergeReader` and see no formats. Nothing is
read cell by cell, and merged areas are clipped to the cells read. The add-in's own
sheets (校验结果 and the backup) are not part of the Grid, so checking twice gives the
same result as checking once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from addin.check.marks import BACKUP_SHEET, RESULT_SHEET
from addin.excel.merges import MergeReader, no_merges, spreadsheet_xml
from addin.excel.sheet_xml import SheetXml, read_sheet_xml
from addin.excel.ui import is_desktop
from addin.workbook.grid import (
    CellValue,
    Grid,
    SheetGrid,
    cell_ref,
    clip_merges,
    plain,
)

OWN_SHEETS = frozenset({BACKUP_SHEET, RESULT_SHEET})


@dataclass
class BookRead:
    """The Grid of a book and what could not be read (Chinese, for the closing message)."""

    grid: Grid
    unread_merges: list[str] = field(default_factory=list)  # sheets without merge areas
    # desktop Excel: each sheet's fills, notes and formats as read (the painter's backup)
    styles: dict[str, SheetXml] = field(default_factory=dict)


def _rows(values: Any) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        return [[values]]
    return [list(row) if isinstance(row, (list, tuple)) else [row] for row in values]


def _from_a1(rows: list[list[Any]], first_row: int, first_col: int) -> list[list[CellValue]]:
    """Values of a used range starting at (first_row, first_col), padded to start at A1."""
    pad = [None] * (first_col - 1)
    return [[] for _ in range(first_row - 1)] + [pad + [plain(v) for v in row] for row in rows]


def _formulas(used: Any, first_row: int, first_col: int) -> dict[str, str] | None:
    """Formulas of the used range in one call; None when the engine cannot read them."""
    try:
        rows = _rows(used.formula)
    except NotImplementedError:  # the remote engine sends no formulas
        return None
    found = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if isinstance(text, str) and text.startswith("="):
                found[cell_ref(first_row - 1 + r, first_col - 1 + c)] = text
    return found


MAX_CELLS = 1_000_000  # a used range larger than this is read up to its last data cell
XL_FORMULAS, XL_BY_ROWS, XL_BY_COLUMNS, XL_PREVIOUS = -4123, 1, 2, 2


def data_area(sheet: Any, used: Any) -> Any:
    """The used range, or — when Excel reports a huge one (formatting, or one merge over
    the whole grid, in a county file) — the range up to the last cell holding anything,
    found with two ``Find`` calls. Reading 17 billion cells is never tried."""
    try:
        if used.api.CountLarge <= MAX_CELLS:
            return used
        cells = sheet.api.Cells
        last_row = cells.Find(What="*", LookIn=XL_FORMULAS, SearchOrder=XL_BY_ROWS,
                              SearchDirection=XL_PREVIOUS)  # fmt: skip
        last_col = cells.Find(What="*", LookIn=XL_FORMULAS, SearchOrder=XL_BY_COLUMNS,
                              SearchDirection=XL_PREVIOUS)  # fmt: skip
    except Exception:  # an engine without these calls: the used range as it is
        return used
    if last_row is None or last_col is None:  # nothing but formatting
        return sheet.range("A1")
    first_row, first_col = used.row, used.column
    return sheet.range((first_row, first_col),
                       (max(first_row, last_row.Row), max(first_col, last_col.Column)))  # fmt: skip


def _sheet_xml(used: Any, first_row: int, first_col: int, rows: int, cols: int) -> SheetXml | None:
    try:
        return read_sheet_xml(spreadsheet_xml(used.api), first_row, first_col, rows, cols)
    except Exception:  # an engine or a sheet that cannot give it: merges unknown
        return None


def read_sheet(
    sheet: Any, merges: MergeReader | None, desktop: bool = False, name: str | None = None
) -> tuple[SheetGrid, SheetXml | None, bool]:
    """One sheet as a SheetGrid, its XML (desktop Excel), and whether merges were known."""
    used = sheet.used_range
    if desktop:
        used = data_area(sheet, used)
    first_row, first_col = used.row, used.column
    rows = _rows(used.options(ndim=2, err_to_str=True).value)
    values = _from_a1(rows, first_row, first_col)
    n_rows, n_cols = len(values), max((len(r) for r in values), default=0)
    xml, merged, formats = None, None, None
    if merges is not None:
        merged = merges(sheet, used)
    elif desktop:
        width = max((len(r) for r in rows), default=0)
        xml = _sheet_xml(used, first_row, first_col, len(rows), width)
        if xml is not None:
            merged, formats = xml.merged, xml.formats
    formulas = _formulas(used, first_row, first_col)
    grid = SheetGrid(
        name=name if name is not None else sheet.name,
        values=values,
        formulas=formulas or {},
        formulas_seen=formulas is not None,
        merged=clip_merges(merged or [], n_rows, n_cols),
        hidden=not sheet.visible,
        formats=formats,
    )
    return grid, xml, merged is not None


def _names(book: Any) -> dict[str, str]:
    names = {}
    for name in book.names:
        try:
            target = name.refers_to
            if isinstance(target, str) and "!" in target and "#REF!" not in target:
                names[name.name] = target.lstrip("=")
        except Exception:  # a name Excel cannot resolve is simply not used
            continue
    return names


def read_book(
    book: Any,
    merges: MergeReader | None = None,
    progress: Callable[[str], None] | None = None,
) -> BookRead:
    """The workbook as a Grid. Desktop Excel is read with one XML call per sheet; other
    engines take merges from ``merges`` (none by default) and give no formats."""
    desktop = is_desktop(book)
    reader = merges if merges is not None or desktop else no_merges
    named = [(s.name, s) for s in book.sheets]
    sheets = [(name, s) for name, s in named if name not in OWN_SHEETS]
    result = BookRead(grid=Grid(file=book.name, names=_names(book)))
    for n, (name, sheet) in enumerate(sheets, 1):
        if progress is not None:
            progress(f"正在读取工作表「{name}」（{n}/{len(sheets)}）")
        grid, xml, known = read_sheet(sheet, reader, desktop, name)
        result.grid.sheets.append(grid)
        if xml is not None:
            result.styles[grid.name] = xml
        if not known:
            result.unread_merges.append(grid.name)
    return result

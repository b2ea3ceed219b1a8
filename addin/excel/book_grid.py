"""A live xlwings Book as a Grid: one read of values and one of formulas per sheet.

Each sheet's used range comes over in a single call (``options(ndim=2).value``), its
formulas in another (``.formula``), and its merged areas from a :data:`MergeReader`
(two COM calls on desktop Excel, see :mod:`addin.excel.merges`). Nothing is read cell
by cell. The add-in's own sheets (校验结果 and the backup) are not part of the Grid, so
checking twice gives the same result as checking once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from addin.excel.merges import MergeReader, com_merges, no_merges
from addin.excel.ui import is_desktop
from addin.grid import CellValue, Grid, SheetGrid, cell_ref, plain
from addin.marks import BACKUP_SHEET, RESULT_SHEET

OWN_SHEETS = frozenset({BACKUP_SHEET, RESULT_SHEET})


@dataclass
class BookRead:
    """The Grid of a book and what could not be read (Chinese, for the closing message)."""

    grid: Grid
    unread_merges: list[str] = field(default_factory=list)  # sheets without merge areas


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


def _formulas(used: Any, first_row: int, first_col: int) -> dict[str, str]:
    """Formulas of the used range in one call; {} when the engine cannot read them."""
    try:
        rows = _rows(used.formula)
    except NotImplementedError:  # the remote engine sends no formulas
        return {}
    found = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if isinstance(text, str) and text.startswith("="):
                found[cell_ref(first_row - 1 + r, first_col - 1 + c)] = text
    return found


def read_sheet(sheet: Any, merges: MergeReader) -> tuple[SheetGrid, bool]:
    """One sheet as a SheetGrid, and whether its merged areas were known."""
    used = sheet.used_range
    first_row, first_col = used.row, used.column
    values = _from_a1(_rows(used.options(ndim=2, err_to_str=True).value), first_row, first_col)
    merged = merges(sheet, used)
    grid = SheetGrid(
        name=sheet.name,
        values=values,
        formulas=_formulas(used, first_row, first_col),
        merged=merged or [],
        hidden=not sheet.visible,
    )
    return grid, merged is not None


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
    """The workbook as a Grid. ``merges`` defaults to COM on desktop Excel, else none."""
    reader = merges or (com_merges if is_desktop(book) else no_merges)
    sheets = [s for s in book.sheets if s.name not in OWN_SHEETS]
    result = BookRead(grid=Grid(file=book.name, names=_names(book)))
    for n, sheet in enumerate(sheets, 1):
        if progress is not None:
            progress(f"正在读取工作表「{sheet.name}」（{n}/{len(sheets)}）")
        grid, known = read_sheet(sheet, reader)
        result.grid.sheets.append(grid)
        if not known:
            result.unread_merges.append(grid.name)
    return result

"""Placing a form description on a sheet: every cell's address, every defined name.

Rows are laid out like an HTML table: a cell spanning several rows takes its columns
in the rows below, and the next cell of such a row starts after them. Tables get as many
data rows as asked for. The result is plain data the builder writes and tests inspect.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from openpyxl.utils.cell import get_column_letter

from addin.core.forms.spec import Cell, Col, FormSpec, Row, Table, column_offsets, table_first_col


@dataclass(frozen=True)
class Placed:
    """A fixed cell at its place (1-based row and column, spans)."""

    row: int
    col: int
    cell: Cell
    calc: bool = False

    @property
    def ref(self) -> str:
        return f"{get_column_letter(self.col)}{self.row}"

    @property
    def last_col(self) -> int:
        return self.col + self.cell.span - 1

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rows - 1


@dataclass(frozen=True)
class TablePlace:
    """Where a table's data rows are."""

    table: Table
    header_row: int  # first header row
    first: int  # first data row
    n: int  # number of data rows
    first_col: int
    offsets: dict[str, tuple[int, int]]

    @property
    def last(self) -> int:
        return self.first + self.n - 1

    def col(self, key: str) -> int:
        return self.first_col + self.offsets[key][0]

    def ref(self, key: str, i: int) -> str:
        """Address of column ``key`` in data row ``i`` (0-based)."""
        return f"{get_column_letter(self.col(key))}{self.first + i}"

    def refs(self, i: int) -> dict[str, str]:
        """Column key -> address, for filling a row's formulas."""
        return {c.key: self.ref(c.key, i) for c in self.table.cols}

    def column_range(self, key: str) -> str:
        letter = get_column_letter(self.col(key))
        return f"${letter}${self.first}:${letter}${self.last}"

    def last_col(self) -> int:
        return max(self.col(c.key) + c.span - 1 for c in self.table.cols)


@dataclass
class Layout:
    """A form placed on a sheet."""

    spec: FormSpec
    cells: list[Placed] = field(default_factory=list)
    tables: dict[str, TablePlace] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    last_row: int = 0

    def named(self) -> dict[str, Placed]:
        """Defined name -> the fixed cell it names (aliases included)."""
        out: dict[str, Placed] = {}
        for p in self.cells:
            for name in (p.cell.name, *p.cell.aliases):
                if name:
                    out[name] = p
        return out

    def names(self) -> dict[str, str]:
        """Defined name -> absolute reference on the form sheet (without the sheet)."""
        refs = {n: _absolute(p.ref) for n, p in self.named().items()}
        for place in self.tables.values():
            t = place.table
            first = get_column_letter(place.first_col)
            last = get_column_letter(place.last_col())
            refs[t.name] = f"${first}${place.first}:${last}${place.last}"
            for c in t.cols:
                if c.range_name:
                    refs[c.range_name] = place.column_range(c.key)
        refs["JX_FORM"] = _absolute(self.marker_ref)
        return refs

    @property
    def marker_ref(self) -> str:
        return f"{get_column_letter(self.spec.calc_start)}1"

    @property
    def last_col(self) -> int:
        return self.spec.calc_start + len(self.spec.calc_widths) - 1

    def width(self, col: int, span: int = 1) -> float:
        """Total width of ``span`` columns from 1-based ``col`` (print or calc zone)."""
        spec = self.spec
        widths = {i + 1: w for i, w in enumerate(spec.widths)}
        widths.update({spec.calc_start + i: w for i, w in enumerate(spec.calc_widths)})
        return sum(widths.get(c, 2) for c in range(col, col + span))

    def fit(self, row: int, col: int, span: int, text: object) -> None:
        """Make ``row`` tall enough for ``text`` wrapped in its columns."""
        need = text_height(str(text), self.width(col, span))
        if need > self.heights.get(row, 20):
            self.heights[row] = need

    def print_area(self) -> str:
        return f"A1:{get_column_letter(self.spec.ncols)}{self.last_row}"


def text_height(text: str, width: float, line: float = 13.5) -> float:
    """Points needed for ``text`` wrapped in ``width`` character units (宋体 10 pt)."""
    room = max(width - 0.5, 1.0)
    lines = 0
    for paragraph in text.split("\n"):
        size = sum(1.65 if ord(ch) > 0x2E7F else 0.9 for ch in paragraph)
        lines += max(1, -(-int(size * 100) // int(room * 100)))
    return round(lines * line + 7, 1)


def _absolute(ref: str) -> str:
    letters = "".join(ch for ch in ref if ch.isalpha())
    return f"${letters}${ref[len(letters) :]}"


class _Grid:
    """Occupancy of the sheet while rows are placed."""

    def __init__(self) -> None:
        self.taken: set[tuple[int, int]] = set()

    def place(self, row: int, start: int, cells: tuple[Cell, ...], end: int | None) -> list[int]:
        """Columns of ``cells`` in ``row`` from ``start``; checks they end at ``end``."""
        cols: list[int] = []
        col = start
        for cell in cells:
            while (row, col) in self.taken:
                col += 1
            cols.append(col)
            for r in range(row, row + cell.rows):
                for c in range(col, col + cell.span):
                    self.taken.add((r, c))
            col += cell.span
        while (row, col) in self.taken:
            col += 1
        if end is not None and cells and col != end:
            raise ValueError(f"row {row}: cells end at column {col}, expected {end}")
        return cols


def layout(spec: FormSpec, rows: dict[str, int] | None = None) -> Layout:
    """Place ``spec`` with ``rows[table key]`` data rows per table (default: its minimum)."""
    rows = rows or {}
    out = Layout(spec)
    grid = _Grid()
    r = 1
    for block in spec.blocks:
        if isinstance(block, Row):
            _place_row(out, grid, block, r)
            r += 1
        else:
            r = _place_table(out, grid, block, r, max(block.min_rows, rows.get(block.key, 0)))
    out.last_row = r - 1
    return out


def _place_row(out: Layout, grid: _Grid, row: Row, r: int) -> None:
    spec = out.spec
    if row.calc and r <= 2:
        raise ValueError(f"row {r}: rows 1-2 of the calc zone hold the form marker")
    for col, cell in zip(grid.place(r, 1, row.cells, spec.ncols + 1), row.cells, strict=True):
        out.cells.append(Placed(r, col, cell))
    for col, cell in zip(grid.place(r, spec.calc_start, row.calc, None), row.calc, strict=True):
        out.cells.append(Placed(r, col, cell, calc=True))
    if row.height:
        out.heights[r] = row.height


def _place_table(out: Layout, grid: _Grid, table: Table, r: int, n: int) -> int:
    spec = out.spec
    if table.side is not None:
        side = replace(table.side, rows=len(table.header) + n)
        grid.place(r, 1, (side,), None)
        out.cells.append(Placed(r, 1, side))
    first_col = table_first_col(spec, table)
    for i, header in enumerate(table.header):
        _place_row(out, grid, header, r + i)
    first = r + len(table.header)
    offsets = column_offsets(spec, table)
    out.tables[table.key] = TablePlace(table, r, first, n, first_col, offsets)
    for i in range(n):
        if table.row_height:
            out.heights[first + i] = table.row_height
    return first + n


def all_cells(spec: FormSpec) -> Iterator[Cell]:
    """Every fixed cell of a description (table headers and sides included)."""
    for block in spec.blocks:
        rows = (block,) if isinstance(block, Row) else block.header
        if isinstance(block, Table) and block.side is not None:
            yield block.side
        for row in rows:
            yield from row.cells
            yield from row.calc


def col_by_key(table: Table, key: str) -> Col:
    return next(c for c in table.cols if c.key == key)

"""Grid: a snapshot of a workbook as plain data (sheets of values, formulas, merged ranges).

Every door into a workbook (a file read by openpyxl or calamine, a live Excel window via
xlwings, a WPS window via the local service) produces a Grid; the reader and the rules
only ever see a Grid, never a spreadsheet library.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field

CellValue = str | float | int | bool | None

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=1 << 16)  # called for every cell read
def col_letter(col: int) -> str:
    """0-based column index -> letters: 0 -> "A", 27 -> "AB"."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """Column letters -> 0-based index: "A" -> 0."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


@lru_cache(maxsize=1 << 16)  # called for every cell read
def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) -> "B7"."""
    return f"{col_letter(col)}{row + 1}"


@lru_cache(maxsize=1 << 16)
def parse_ref(ref: str) -> tuple[int, int]:
    """ "B7" or "$B$7" -> 0-based (6, 1)."""
    match = _REF.match(ref.strip().upper())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match[2]) - 1, col_index(match[1])


@lru_cache(maxsize=1 << 16)
def parse_range(ref: str) -> tuple[int, int, int, int]:
    """ "A1:C2" -> 0-based (row1, col1, row2, col2), inclusive."""
    first, _, last = ref.partition(":")
    r1, c1 = parse_ref(first)
    r2, c2 = parse_ref(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def plain(value: Any) -> CellValue:
    """A cell value as JSON-friendly data: dates become ISO text, errors text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


class SheetGrid(BaseModel):
    """One sheet: values from A1 (row-major, ragged rows allowed), formulas, merged ranges."""

    name: str
    values: list[list[CellValue]] = Field(default_factory=list)
    formulas: dict[str, str] = Field(default_factory=dict)  # "B7" -> "=SUM(B2:B6)"
    # False where the door that made this grid cannot read formulas (.xls, .ods, the merge's
    # fast read): an empty cell there may be a formula that shows nothing
    formulas_seen: bool = True
    merged: list[str] = Field(default_factory=list)  # "A1:C1"
    hidden: bool = False
    # number formats as the clerk set them: "B7" -> "0.00%", only cells whose format is not
    # General; None when the door that made this grid cannot see formats (then say so)
    formats: dict[str, str] | None = Field(default_factory=dict)

    def number_format(self, row: int, col: int) -> str | None:
        """The number format of 0-based (row, col), None for General or unknown."""
        return (self.formats or {}).get(cell_ref(row, col))

    @property
    def n_rows(self) -> int:
        return len(self.values)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.values), default=0)

    def at(self, row: int, col: int) -> CellValue:
        """Value at 0-based (row, col); None outside the data."""
        if 0 <= row < len(self.values) and 0 <= col < len(self.values[row]):
            return self.values[row][col]
        return None

    def get(self, ref: str) -> CellValue:
        """Value at "B7"."""
        return self.at(*parse_ref(ref))

    def shown(self, row: int, col: int) -> CellValue:
        """The cell as the clerk sees it: a percent-formatted 0.92 is "92%", else the value.

        The one place where a number format changes what a value means; every reader
        goes through it (via :meth:`text` or :meth:`filled`).
        """
        return shown_value(self.at(row, col), self.number_format(row, col))

    def text(self, row: int, col: int) -> str | None:
        """The cell as text as a clerk sees it (numbers without a trailing .0); None if empty."""
        return cell_text(self.shown(row, col))

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges clipped to the used area (a merge declared over the whole grid costs
        nothing); ranges wholly outside the data are dropped."""
        rows, cols = self.n_rows, self.n_cols
        clipped = []
        for m in self.merged:
            r1, c1, r2, c2 = parse_range(m)
            if r1 < rows and c1 < cols:
                clipped.append((r1, c1, min(r2, rows - 1), min(c2, cols - 1)))
        return clipped

    def filled(self) -> list[list[CellValue]]:
        """Values as the clerk sees them (see :meth:`shown`), every merged range filled with
        its top-left value (for reading)."""
        width = self.n_cols
        rows = [list(r) + [None] * (width - len(r)) for r in self.values]
        for ref, code in (self.formats or {}).items():
            if is_percent_format(code):
                r, c = parse_ref(ref)
                if r < len(rows) and c < width:
                    rows[r][c] = shown_value(rows[r][c], code)
        for r1, c1, r2, c2 in self.merged_ranges():
            if r1 >= len(rows):
                continue
            top = rows[r1][c1] if c1 < width else None
            for r in range(r1, min(r2, len(rows) - 1) + 1):
                for c in range(c1, min(c2, width - 1) + 1):
                    rows[r][c] = top
        return rows


class Grid(BaseModel):
    """A whole workbook as data."""

    file: str | None = None  # file name (or book name of a live workbook)
    sheets: list[SheetGrid] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)  # defined name -> "'Sheet'!$B$3"

    def sheet(self, name: str) -> SheetGrid:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def resolve(self, name: str) -> tuple[str, str] | None:
        """A defined name -> (sheet name, top-left cell "B3"); None when undefined."""
        target = self.names.get(name)
        if not target or "!" not in target:
            return None
        sheet, _, ref = target.rpartition("!")
        return sheet.strip("'").replace("''", "'"), ref.replace("$", "").split(":")[0]


def is_percent_format(code: str | None) -> bool:
    """Whether a number format shows numbers as percent ("0%", "0.00%", "#,##0.0%" …)."""
    if not code:
        return False
    # quoted text and escaped characters do not count: "0.0\%" shows a literal %
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])
    return "%" in bare


def shown_value(value: CellValue, code: str | None) -> CellValue:
    """``value`` as a cell of number format ``code`` shows it: 0.92 with "0%" -> "92%"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if is_percent_format(code):
        percent = round(value * 100, 9)
        return f"{cell_text(float(percent))}%"
    return value


def cell_text(value: CellValue) -> str | None:
    """A cell value as the text a clerk sees: 10.0 -> "10", "" -> None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    text = str(value)
    return text if text.strip() else None


def clip_merges(merged: list[str], n_rows: int, n_cols: int) -> list[str]:
    """Merged areas cut to the first ``n_rows`` × ``n_cols`` cells from A1; areas outside
    dropped. A merge declared over the whole grid costs nothing."""
    clipped = []
    for ref in merged:
        r1, c1, r2, c2 = parse_range(ref)
        r2, c2 = min(r2, n_rows - 1), min(c2, n_cols - 1)
        if r1 <= r2 and c1 <= c2 and (r1, c1) != (r2, c2):
            clipped.append(f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}")
    return clipped

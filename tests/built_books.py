"""Workbooks built row by row for the reader's tests: a layout of some class, written the
way a county or a publisher lays it out (values, merged cells, the sheet's name)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def book(path: Path, rows: list[list], merges: tuple[str, ...] = (), title: str = "表") -> Path:
    """``rows`` written from A1 down on one sheet named ``title``, ``merges`` merged."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path

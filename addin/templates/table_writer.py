"""Writing the data rows of a table: values or formulas, merged 一级/二级 runs, dropdowns."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from addin.core.forms.layout import Layout, TablePlace
from addin.core.forms.spec import Cell, Col
from addin.templates import style
from addin.templates.fill import Value
from addin.templates.validation import Validations
from addin.workbook.grid import col_letter


def put(ws: Worksheet, row: int, col: int, value: Value, formula: bool = False) -> None:
    """Write a value; text from data is always text, even when it starts with = + - @."""
    if value is None:
        return
    target = ws.cell(row=row, column=col)
    target.value = value
    if isinstance(value, str) and not formula:
        target.data_type = "s"


def write_table(
    ws: Worksheet,
    placed: Layout,
    place: TablePlace,
    items: list[dict[str, Value]] | None,
    dv: Validations,
) -> None:
    table = place.table
    rows = items if items is not None else list(table.defaults)
    for i in range(place.n):
        data = rows[i] if i < len(rows) else {}
        refs = place.refs(i)
        r = place.first + i
        for col in table.cols:
            c = place.col(col.key)
            computed = col.formula is not None and data.get(col.key) is None
            value = col.formula.format_map(refs) if computed else data.get(col.key)
            put(ws, r, c, value, computed)
            if items is not None and isinstance(value, str) and not computed:
                placed.fit(r, c, col.span, value)
            cell = Cell(
                kind="input" if col.is_input else "formula",
                fmt=col.fmt,
                align=col.align,
                span=col.span,
            )
            style.cell_range(ws, r, c, 1, col.span, cell, col.calc)
            if col.key == "hint":
                style.hint(ws, refs[col.key])
            if col.span > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + col.span - 1)
    _merge_runs(ws, place, rows)
    _validate_table(dv, place, rows)


def _runs(values: list[Value], within: list[int]) -> list[tuple[int, int]]:
    """Runs (first, last) of equal non-empty values that do not cross a ``within`` border."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or i in within:
            if i - 1 > start and values[start] not in (None, ""):
                runs.append((start, i - 1))
            start = i
    return runs


def merge_groups(keys: tuple[str, ...], rows: list[dict[str, Value]]) -> dict[str, list]:
    """Column key -> runs of rows merged (二级 runs stay inside their 一级 run)."""
    groups: dict[str, list[tuple[int, int]]] = {}
    borders: set[int] = set()
    for key in keys:
        values = [row.get(key) for row in rows]
        groups[key] = _runs(values, sorted(borders))
        borders |= _starts(values)
    return groups


def _starts(values: list[Value]) -> set[int]:
    return {i for i in range(1, len(values)) if values[i] != values[i - 1]}


def _merge_runs(ws: Worksheet, place: TablePlace, rows: list[dict[str, Value]]) -> None:
    if not place.table.merge:
        return
    for key, runs in merge_groups(place.table.merge, rows).items():
        c = place.col(key)
        for first, last in runs:
            ws.merge_cells(
                start_row=place.first + first,
                start_column=c,
                end_row=place.first + last,
                end_column=c,
            )


def _validate_table(dv: Validations, place: TablePlace, rows: list[dict[str, Value]]) -> None:
    table = place.table
    groups = merge_groups(table.merge, rows) if table.merge else {}
    for col in table.cols:
        if not col.is_input:
            continue
        if col.dv == "@level1":
            _dependent(dv, place, col, groups.get("level1", []))
        elif col.dv:
            dv.list(col.dv, _col_range(place, col))
        elif col.value in ("money", "number", "yuan"):
            dv.number(_col_range(place, col))


def _col_range(place: TablePlace, col: Col) -> str:
    return f"{place.ref(col.key, 0)}:{place.ref(col.key, place.n - 1)}"


def _dependent(dv: Validations, place: TablePlace, col: Col, runs: list) -> None:
    """二级 dropdown: INDIRECT of the row's 一级 (of the first row of a merged 一级)."""
    in_run = {i for first, last in runs for i in range(first, last + 1)}
    level1 = col_letter(place.col("level1") - 1)
    for first, last in runs:
        ref = f"{place.ref(col.key, first)}:{place.ref(col.key, last)}"
        dv.list(f"INDIRECT(${level1}${place.first + first})", ref)
    free = [i for i in range(place.n) if i not in in_run]
    for first, last in _blocks(free):
        ref = f"{place.ref(col.key, first)}:{place.ref(col.key, last)}"
        dv.list(f"INDIRECT(${level1}{place.first + first})", ref)


def _blocks(indices: list[int]) -> list[tuple[int, int]]:
    """Join consecutive row indices into (first, last) blocks."""
    blocks: list[tuple[int, int]] = []
    for i in indices:
        if blocks and blocks[-1][1] == i - 1:
            blocks[-1] = (blocks[-1][0], i)
        else:
            blocks.append((i, i))
    return blocks

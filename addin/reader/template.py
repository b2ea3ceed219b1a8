"""Reading a filled template back into the form models, by defined names.

A sheet is one of ours when the workbook-level name ``JX_FORM`` points at a cell reading
``jixiao:<form kind>:<template version>``. Every field is then found through its defined
name and every table through its range name, with the columns of the same description
the builder used; each model's ``cells`` map records where a field was read.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import TypeAdapter

from addin.core.forms import FORMS
from addin.core.forms.layout import all_cells
from addin.core.forms.spec import Cell, Col, FormSpec, Table, column_offsets
from addin.core.models import AnyForm, FormKind
from addin.core.scoring import amount
from addin.workbook.grid import CellValue, Grid, cell_ref, cell_text, parse_range, parse_ref

MARKER_NAME = "JX_FORM"
MARKER_PREFIX = "jixiao:"
_FORM = TypeAdapter(AnyForm)


def marker(grid: Grid) -> tuple[FormSpec, str] | None:
    """(description, sheet name) of a template workbook, or None when it is not one."""
    found = grid.resolve(MARKER_NAME)
    if found is None:
        return None
    sheet_name, ref = found
    try:
        value = grid.sheet(sheet_name).get(ref)
    except (KeyError, ValueError):
        return None
    parts = str(value or "").split(":")
    if len(parts) != 3 or parts[0] + ":" != MARKER_PREFIX or not parts[2].isdigit():
        return None
    try:
        spec = FORMS[FormKind(parts[1])]
    except ValueError:
        return None
    return spec, sheet_name


def is_template(grid: Grid) -> bool:
    """Whether ``grid`` is a workbook made from one of our templates."""
    return marker(grid) is not None


def read_template(grid: Grid) -> list[AnyForm]:
    """The form of a template workbook (one form per workbook), or [] for other files."""
    found = marker(grid)
    if found is None:
        return []
    spec, sheet_name = found
    reader = _Reader(grid)
    data: dict[str, Any] = {"form": spec.kind.value, "title": spec.title, "sheet": sheet_name}
    for cell in all_cells(spec):
        if cell.field and cell.name:
            reader.field(data, spec, cell)
    for table in spec.tables():
        data[table.key] = reader.table(spec, table)
    # the computed totals' own cells: findings on a total name them (JX301 on 分值合计)
    for key, names in _TOTAL_CELLS.items():
        found = next((reader.value(n) for n in names if reader.value(n) is not None), None)
        if found is not None:
            data.setdefault("cells", {})[key] = found[0]
    fields = set(_model_fields(spec.kind))
    return [_FORM.validate_python({k: v for k, v in data.items() if k in fields})]


_TOTAL_CELLS = {"points_total": ("分值合计", "权重合计"), "total": ("总分",)}


def _model_fields(kind: FormKind) -> list[str]:
    """Field names of the model of ``kind`` (a Sichuan form has no 总分 field …)."""
    union = get_args(AnyForm)[0]
    cls = next(c for c in get_args(union) if c.model_fields["form"].default == kind)
    return list(cls.model_fields)


def table_rows(grid: Grid, spec: FormSpec, table: Table) -> list[dict[str, tuple[str, Any]]]:
    """Every data row of a table: column key -> (address, value), empty rows included."""
    target = grid.names.get(table.name)
    if not target or "!" not in target:
        return []
    sheet_name, _, ref = target.rpartition("!")
    sheet = grid.sheet(sheet_name.strip("'").replace("''", "'"))
    r1, c1, r2, _ = parse_range(ref.replace("$", ""))
    filled = sheet.filled()
    offsets = column_offsets(spec, table)
    rows = []
    for r in range(r1, r2 + 1):
        row = {}
        for key, (offset, _) in offsets.items():
            value = (
                filled[r][c1 + offset] if r < len(filled) and c1 + offset < len(filled[r]) else None
            )
            row[key] = (cell_ref(r, c1 + offset), value)
        rows.append(row)
    return rows


def _product(row: dict[str, tuple[str, Any]], col: Col) -> CellValue:
    """A product formula's value, computed when the file holds none (金额 = 人数 × 标准)."""
    value = row[col.key][1]
    if value is not None or not col.product_of:
        return value
    factors = [row[key][1] for key in col.product_of]
    if all(isinstance(f, (int, float)) and not isinstance(f, bool) for f in factors):
        return round(factors[0] * factors[1], 2)
    return None


class _Reader:
    """Reads the named cells of one template into a model dict."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid

    def value(self, name: str) -> tuple[str, CellValue] | None:
        found = self.grid.resolve(name)
        if found is None:
            return None
        ref = found[1]
        return ref, self.grid.sheet(found[0]).get(ref)

    def number(self, name: str) -> float | None:
        """A named cell's number; an amount stored as text ("20") counts as the number it
        shows, as the template's own sums and the checks read it (JX110 names it)."""
        found = self.value(name)
        value = found[1] if found else None
        if isinstance(value, str):
            return amount(value)
        return (
            float(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else None
        )

    def shown(self, name: str) -> tuple[str, CellValue] | None:
        """Like :meth:`value`, as the clerk sees it (a percent-formatted 0.85 is "85%")."""
        found = self.grid.resolve(name)
        if found is None:
            return None
        ref = found[1]
        return ref, self.grid.sheet(found[0]).shown(*parse_ref(ref))

    def field(self, data: dict[str, Any], spec: FormSpec, cell: Cell) -> None:
        found = self.shown(cell.name or "")
        if found is None:
            return
        ref, value = found
        if value is None and cell.sum_of:
            value = self._sum(spec, cell.sum_of)
        text = cell_text(value)
        if cell.field == "title" and text is None:
            return  # keep the form's own title
        _set_path(data, spec, cell.field or "", text, ref)

    def _sum(self, spec: FormSpec, parts: tuple[str, ...]) -> float | None:
        """A formula total the file holds no value for (saved without recalculation)."""
        numbers: list[float] = []
        for part in parts:
            if "." in part:
                table_key, _, key = part.partition(".")
                table = spec.table(table_key)
                col = next(c for c in table.cols if c.key == key)
                for row in table_rows(self.grid, spec, table):
                    value = _product(row, col)
                    if isinstance(value, (int, float)):
                        numbers.append(float(value))
            else:
                found = self.value(part)
                number = self.number(part)
                if number is not None:
                    numbers.append(number)
                elif found is not None and cell_text(found[1]) is not None:
                    return None  # a part that is no amount ("九成"): no total, never a smaller one
        return round(sum(numbers), 6) if numbers else None

    def table(self, spec: FormSpec, table: Table) -> list[dict[str, Any]]:
        items = []
        inputs = [c for c in table.cols if c.field]
        for row in table_rows(self.grid, spec, table):
            if all(cell_text(row[c.key][1]) is None for c in inputs if c.is_input):
                continue
            item: dict[str, Any] = {"cells": {}}
            for col in inputs:
                ref = row[col.key][0]
                text = cell_text(_product(row, col))
                if col.field.startswith("history."):
                    if text is not None:
                        item.setdefault("history", {})[col.field.removeprefix("history.")] = text
                else:
                    item[col.field] = text
                item["cells"][col.field] = ref
            items.append(_item(table.key, item))
        return items


def _item(key: str, item: dict[str, Any]) -> dict[str, Any]:
    """Only indicators keep a cells map; other rows need their required text."""
    if key in ("indicators", "long_term_indicators"):
        return item
    item.pop("cells", None)
    for required in ("name", "label"):
        if required in item and item[required] is None:
            item[required] = ""
    return item


def _set_path(data: dict[str, Any], spec: FormSpec, path: str, text: str | None, ref: str) -> None:
    head, _, rest = path.partition(".")
    if not rest:
        data[head] = text
        return
    if head == "funding":
        _set_funding(data, spec, rest, text, ref)
    elif head == "overview":
        if text is not None:
            data.setdefault("overview", {})[rest] = text
    elif head == "header" and rest.startswith("extra."):
        header = data.setdefault("header", {})
        if text is not None:
            header.setdefault("extra", {})[rest.removeprefix("extra.")] = text
        header.setdefault("cells", {})[rest] = ref
    else:
        part = data.setdefault(head, {})
        part[rest] = text
        if head in ("header", "plan"):
            part.setdefault("cells", {})[rest] = ref


def _set_funding(
    data: dict[str, Any], spec: FormSpec, rest: str, text: str | None, ref: str
) -> None:
    funding = data.setdefault("funding", {"rows": []})
    if "." not in rest:
        funding[rest] = text
        funding.setdefault("cells", {})[rest] = ref
        return
    kind, _, column = rest.partition(".")
    row = next((r for r in funding["rows"] if r["kind"] == kind), None)
    if row is None:
        row = {"label": spec.funding_labels.get(kind, kind), "kind": kind, "cells": {}}
        funding["rows"].append(row)
    row[column] = text
    row["cells"][column] = ref

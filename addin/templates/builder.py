"""Writing a template workbook with openpyxl: cells, names, dropdowns, warnings, print setup.

``build_workbook(spec, profile, fill)`` returns the workbook of one form (plus the hidden
列表 sheet); ``save`` writes it with fixed timestamps so that the same description always
gives the same file.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from addin.core.forms.layout import Layout, Placed, layout
from addin.core.forms.spec import PROFILE_LIMIT, Cell, FormSpec
from addin.core.profiles import Profile
from addin.templates import style
from addin.templates.fill import FillData, Value
from addin.templates.lists import CONSTANT_LABELS, LIST_SHEET, constants, list_columns
from addin.templates.table_writer import put, write_table
from addin.templates.validation import Validations
from addin.workbook.grid import col_letter

FIXED_TIME = datetime(2024, 1, 1)


def build_workbook(spec: FormSpec, profile: Profile, fill: FillData | None = None) -> Workbook:
    """The template of ``spec``, filled from ``fill`` when given."""
    fill = fill or FillData()
    rows = {key: len(items) for key, items in fill.tables.items()}
    placed = layout(spec, rows)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    dv = Validations()
    _write_fixed(ws, placed, profile, fill, dv)
    for place in placed.tables.values():
        write_table(ws, placed, place, fill.tables.get(place.table.key), dv)
    _write_marker(ws, placed)
    dv.attach(ws)
    style.conditional_formats(ws, placed)
    style.page(ws, placed)
    _write_lists(wb, spec, profile)
    clash = set(wb.defined_names) & set(placed.names())
    if clash:
        raise ValueError(f"defined names used twice: {sorted(clash)}")
    for name, ref in placed.names().items():
        _define(wb, name, spec.title, ref)
    wb.properties.creator = "jixiao"
    wb.properties.lastModifiedBy = "jixiao"
    wb.properties.title = spec.title
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def _define(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{ref}")


def _write_fixed(
    ws: Worksheet, placed: Layout, profile: Profile, fill: FillData, dv: Validations
) -> None:
    consts = constants(profile)
    for p in placed.cells:
        cell = p.cell
        value: Value = None
        role = cell.role
        if role == "title":
            value = fill.title or cell.text
        elif role in ("label", "head", "note"):
            value = cell.text
        elif role == "const":
            value = consts[cell.const or ""]
        elif role == "formula":
            value = fill.overrides.get(cell.name or "", cell.formula)
        elif role == "input" and cell.name:
            value = fill.fields.get(cell.name)
            if isinstance(value, str) and cell.rows == 1:
                placed.fit(p.row, p.col, cell.span, value)
        is_formula = role == "formula" and (cell.name or "") not in fill.overrides
        put(ws, p.row, p.col, value, is_formula)
        style.cell_range(ws, p.row, p.col, cell.rows, cell.span, cell, p.calc)
        if cell.span > 1 or cell.rows > 1:
            ws.merge_cells(
                start_row=p.row,
                start_column=p.col,
                end_row=p.last_row,
                end_column=p.last_col,
            )
        if role == "input":
            _validate_cell(dv, p, cell, profile)


def _validate_cell(dv: Validations, p: Placed, cell: Cell, profile: Profile) -> None:
    if cell.dv:
        dv.list(cell.dv, p.ref)
    elif cell.value in ("money", "number", "yuan"):
        dv.number(p.ref)
    limit = profile.reason_max_chars if cell.max_len == PROFILE_LIMIT else cell.max_len
    if limit:
        dv.length(limit, p.ref)


def _write_marker(ws: Worksheet, placed: Layout) -> None:
    spec = placed.spec
    ws[placed.marker_ref] = spec.marker()
    style.marker(ws[placed.marker_ref])
    note = ws.cell(row=2, column=spec.calc_start, value="计算区：自动计算，不打印")
    style.calc_note(note)


def _write_lists(wb: Workbook, spec: FormSpec, profile: Profile) -> None:
    ws = wb.create_sheet(LIST_SHEET)
    columns = list_columns(spec.framework, profile)
    for c, column in enumerate(columns, start=1):
        ws.cell(row=1, column=c, value=column.header)
        for r, value in enumerate(column.values, start=2):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=" and ">=" are list entries, not formulas
        letter = col_letter(c - 1)
        ref = f"${letter}$2:${letter}${len(column.values) + 1}"
        _define(wb, column.name, LIST_SHEET, ref)
        ws.column_dimensions[letter].width = 16
    start = len(columns) + 2
    for r, (name, value) in enumerate(constants(profile).items(), start=1):
        ws.cell(row=r, column=start, value=CONSTANT_LABELS[name])
        ws.cell(row=r, column=start + 1, value=value)
        _define(wb, name, LIST_SHEET, f"${col_letter(start)}${r}")
    ws.column_dimensions[col_letter(start - 1)].width = 36
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed zip timestamps and document dates: same content, same bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an .xlsx zip with fixed member dates (and a fixed modified date)."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", content
                )
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, content)
    return out.getvalue()

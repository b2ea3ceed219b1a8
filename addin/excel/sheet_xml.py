"""A sheet as Excel gives it in one COM call: ``Range.Value(xlRangeValueXMLSpreadsheet)``.

The XML Spreadsheet 2003 document carries, for every cell of the range, its style (number
format and fill, resolved to RGB), its merged area (``ss:MergeAcross`` / ``ss:MergeDown``)
and its note (``<Comment>``). One call per sheet thus gives what would otherwise cost one
round trip per cell: the number formats of the Grid, the merged areas, and the previous
fill and note of every cell 校验 is about to mark.

Excel writes some formats by name ("Percent" for ``0.00%``); :data:`NAMED_FORMATS` turns
them back into format codes. Merged areas are clipped to the range that was read: a sheet
that declares one merge over the whole grid costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, fromstring

from addin.workbook.grid import cell_ref

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
# Excel's names for built-in formats in XML Spreadsheet 2003 -> format codes
NAMED_FORMATS = {
    "General": None,
    "General Number": "0",
    "Fixed": "0.00",
    "Standard": "#,##0.00",
    "Percent": "0.00%",
    "Scientific": "0.00E+00",
    "Short Date": "yyyy/m/d",
    "Medium Date": "d-mmm-yy",
    "Long Date": "yyyy年m月d日",
    "Short Time": "h:mm",
    "Medium Time": "h:mm AM/PM",
    "Long Time": "h:mm:ss",
    "General Date": "yyyy/m/d h:mm",
    "Currency": "¥#,##0.00",
    "Yes/No": '"是";"是";"否"',
    "True/False": '"TRUE";"TRUE";"FALSE"',
    "On/Off": '"ON";"ON";"OFF"',
}


@dataclass(frozen=True)
class Style:
    number_format: str | None = None  # None: General
    fill: str | None = None  # "#RRGGBB" of a solid fill; None: no fill


@dataclass
class SheetXml:
    """What one XML Spreadsheet document says about a sheet (refs are the sheet's own)."""

    merged: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    fills: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def _styles(root: Element) -> dict[str, Style]:
    raw: dict[str, tuple[str | None, dict[str, str | None]]] = {}
    for style in root.iter(f"{SS}Style"):
        sid = style.get(f"{SS}ID", "")
        own: dict[str, str | None] = {}
        number = style.find(f"{SS}NumberFormat")
        if number is not None:
            code = number.get(f"{SS}Format")
            own["format"] = NAMED_FORMATS.get(code, code) if code else None
        interior = style.find(f"{SS}Interior")
        if interior is not None:
            solid = interior.get(f"{SS}Pattern", "Solid") == "Solid"
            own["fill"] = interior.get(f"{SS}Color") if solid else None
        raw[sid] = (style.get(f"{SS}Parent"), own)

    def resolve(sid: str, depth: int = 0) -> dict[str, str | None]:
        parent, own = raw.get(sid, (None, {}))
        base = resolve(parent, depth + 1) if parent and depth < 8 else {}
        return base | own

    styles = {}
    for sid in raw:
        values = resolve(sid)
        fill = values.get("fill")
        styles[sid] = Style(values.get("format"), fill.upper() if fill else None)
    return styles


def _note(cell: Element) -> str | None:
    comment = cell.find(f"{SS}Comment")
    if comment is None:
        return None
    data = comment.find(f"{SS}Data")
    return "".join(data.itertext()) if data is not None else ""


def read_sheet_xml(
    xml: str | bytes,
    first_row: int = 1,
    first_col: int = 1,
    n_rows: int | None = None,
    n_cols: int | None = None,
) -> SheetXml:
    """The document of a range whose top-left cell is (``first_row``, ``first_col``),
    1-based; merged areas clipped to ``n_rows`` × ``n_cols`` cells of the range."""
    root = fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    styles = _styles(root)
    out = SheetXml()
    table = root.find(f".//{SS}Table")
    if table is None:
        return out
    last_row = first_row - 1 + n_rows if n_rows is not None else None
    last_col = first_col - 1 + n_cols if n_cols is not None else None
    column_styles: dict[int, str] = {}
    col_number = 0
    for column in table.iter(f"{SS}Column"):
        col_number = int(column.get(f"{SS}Index", col_number + 1))
        span = int(column.get(f"{SS}Span", 0))
        if sid := column.get(f"{SS}StyleID"):
            for c in range(col_number, col_number + span + 1):
                column_styles[c] = sid
        col_number += span
    row_number = 0
    for row in table.iter(f"{SS}Row"):
        row_number = int(row.get(f"{SS}Index", row_number + 1))
        row_style = row.get(f"{SS}StyleID")
        col_number = 0
        for cell in row.iter(f"{SS}Cell"):
            col_number = int(cell.get(f"{SS}Index", col_number + 1))
            top, left = first_row + row_number - 1, first_col + col_number - 1  # 1-based
            ref = cell_ref(top - 1, left - 1)
            sid = cell.get(f"{SS}StyleID") or row_style or column_styles.get(col_number)
            style = styles.get(sid or "", Style())
            if style.number_format:
                out.formats[ref] = style.number_format
            if style.fill:
                out.fills[ref] = style.fill
            note = _note(cell)
            if note is not None:
                out.notes[ref] = note
            across = int(cell.get(f"{SS}MergeAcross", 0))
            down = int(cell.get(f"{SS}MergeDown", 0))
            if across or down:
                bottom, right = top + down, left + across
                if last_row is not None:
                    bottom = min(bottom, last_row)
                if last_col is not None:
                    right = min(right, last_col)
                if bottom >= top and right >= left and (bottom, right) != (top, left):
                    out.merged.append(f"{ref}:{cell_ref(bottom - 1, right - 1)}")
            col_number += across
        row_number += int(row.get(f"{SS}Span", 0))
    return out

"""Number formats of the cells of a workbook file, read without a full parse.

A clerk who types ``92%`` in Excel stores 0.92 with a percent number format; reading
the value alone would see 0.92. This module gives, per sheet, the number format of
every cell whose format is not General:

- .xlsx / .xlsm: ``xl/styles.xml`` (the format of each cell style) and one regular-
  expression pass over each sheet's XML for the cells' ``s`` attributes: no openpyxl,
  so the merge's fast path stays fast;
- .ods: ``content.xml`` states percent cells directly (``office:value-type="percentage"``);
  only percent is reported, as the code "0%";
- .xls: not seen (neither calamine nor the installed libraries read BIFF formats); the
  grid then says ``formats=None`` and readers fall back to the value alone.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS

from addin.workbook.package import Package, by_content

Formats = dict[str, dict[str, str]]  # sheet name -> {"B7": "0.00%"}

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)/?>")
_ATTR_R = re.compile(rb'\br="([A-Z]+\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_ANY_R_THEN_S = re.compile(rb'<c r="[A-Z]+[0-9]+"[^>]*? s="')
_CELL_R = re.compile(rb'<c r="([A-Z]+[0-9]+)"')


_ANY_S = re.compile(rb' s="(\d{1,9})"')


def _r_then_s(data: bytes, styles: frozenset[int]) -> list[tuple[bytes, int]]:
    """(reference, style) of each cell tag ``<c r="…" … s="…">`` whose style is one of
    ``styles``: one pass over the ``s`` attributes, a set lookup each (time linear in the
    cells whatever the number of styles); only a styled one goes back to its tag's start."""
    pairs, last = [], -1
    for style in _ANY_S.finditer(data):
        index = int(style[1])
        if index not in styles:
            continue
        start = data.rfind(b"<", 0, style.start())
        cell = _CELL_R.match(data, start) if start > last else None
        if cell is not None and data.find(b">", cell.end(), style.start()) < 0:
            pairs.append((cell[1], index))
            last = start  # a tag's first styled ``s`` only
    return pairs


_UNREADABLE = (KeyError, zipfile.BadZipFile, SyntaxError, ValueError, OSError)


def read_formats(path: Path | str) -> Formats | None:
    """Sheet name -> cell -> number format (non-General cells only); None when unknown."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as archive:
                return _xlsx_formats(Package(archive))
        if suffix == ".ods":
            return _ods_formats(path)
    except _UNREADABLE:
        return None
    return None


def package_formats(package: Package) -> Formats | None:
    """:func:`read_formats` of an .xlsx/.xlsm package already open (its parts read once)."""
    try:
        return _xlsx_formats(package)
    except _UNREADABLE:
        return None


def _style_formats(package: Package) -> tuple[str | None, ...]:
    """Number format code of each cell style (index = the cells' ``s``), None for General."""
    try:
        styles = package.read("xl/styles.xml")
    except KeyError:
        return ()
    return _style_codes(styles)


@by_content
def _style_codes(styles: bytes) -> tuple[str | None, ...]:
    root = fromstring(styles)
    custom = {
        int(n.get("numFmtId", "0")): n.get("formatCode", "") for n in root.iter(f"{_MAIN}numFmt")
    }
    xfs = root.find(f"{_MAIN}cellXfs")
    codes: list[str | None] = []
    for xf in xfs if xfs is not None else []:
        number = int(xf.get("numFmtId", "0"))
        code = custom.get(number, BUILTIN_FORMATS.get(number))
        codes.append(None if code in (None, "", "General") else code)
    return tuple(codes)


def _sheet_parts(package: Package) -> dict[str, str]:
    """Sheet name -> path of its XML inside the package."""
    book = package.read("xl/workbook.xml")
    return dict(_parts_of(book, package.read("xl/_rels/workbook.xml.rels")))


@by_content
def _parts_of(book_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, str], ...]:
    book, rels = fromstring(book_xml), fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[sheet.get("name", "")] = posixpath.normpath(part)
    return tuple(parts.items())


def _xlsx_formats(package: Package) -> Formats:
    codes = _style_formats(package)
    if not any(codes):
        return {name: {} for name in _sheet_parts(package)}
    return {
        name: _cell_formats(package.read(part), codes)
        for name, part in _sheet_parts(package).items()
    }


def _cell_formats(data: bytes, codes: Sequence[str | None]) -> dict[str, str]:
    """Cell -> format code of one sheet's XML. Excel, WPS, LibreOffice and openpyxl write
    ``r`` before ``s``: one expression finds both; other writers take the slower path."""
    styled = frozenset(i for i, code in enumerate(codes) if code is not None)
    pairs = _r_then_s(data, styled)
    if not pairs and b' s="' in data and not _ANY_R_THEN_S.search(data):
        pairs = []
        for match in _CELL.finditer(data):
            ref, style = _ATTR_R.search(match[1]), _ATTR_S.search(match[1])
            if ref is not None and style is not None:
                pairs.append((ref[1], int(style[1])))
    cells: dict[str, str] = {}
    for ref, index in pairs:
        code = codes[index] if index < len(codes) else None
        if code is not None:
            cells[ref.decode()] = code
    return cells


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _ods_formats(path: Path) -> Formats:
    """Percent cells of an .ods (the value type says so); other formats are not reported."""
    from addin.workbook.grid import cell_ref

    out: Formats = {}
    cells: dict[str, str] = {}
    row = col = 0
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
        for event, element in iterparse(handle, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{{{_TABLE}}}table":
                    cells, row = {}, 0
                    out[element.get(f"{{{_TABLE}}}name", "")] = cells
                elif tag == f"{{{_TABLE}}}table-row":
                    col = 0
                continue
            if tag == f"{{{_TABLE}}}table-row":
                row += int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
                element.clear()
            elif tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                repeat = int(element.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
                if element.get(f"{{{_OFFICE}}}value-type") == "percentage":
                    for c in range(col, col + min(repeat, 1024)):
                        cells[cell_ref(row, c)] = "0%"
                col += repeat
    return out

"""The long tables of the summary written straight as worksheet XML.

XlsxWriter spends about 10 µs of Python on every cell it writes: 4 s for the 430,000 cells
of a 200-book summary, as long as reading the books. The long tables (汇总, 指标明细,
问题清单, 失败文件) are simple: one style per column and three kinds of value (text,
number, blank). So their data rows are written here as XML text, about 1 µs a cell, to a
temporary file, while XlsxWriter writes everything else of the workbook (title and header
rows, totals, column widths, filters, page setup, styles, charts, properties). :func:`splice`
then puts the rows into XlsxWriter's sheets, right after each sheet's header row.

Text is written the way Excel stores it: characters a workbook cannot hold are replaced
(:func:`addin.workbook.safe_text.safe_text`), ``_xHHHH_`` sequences and carriage returns are escaped
as Excel escapes them, leading or trailing spaces are kept, and ``&<>`` are entities — a
county's text can never become markup or a formula.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO, BinaryIO
from xml.sax.saxutils import escape

from xlsxwriter.utility import xl_col_to_name

from addin.workbook.printing import LINE_HEIGHT, wrapped_lines
from addin.workbook.safe_text import safe_text

FIRST_ROW = 3  # 1-based: row 1 is the title, row 2 the header
BATCH = 2000  # rows written to the file at a time
_EXCEL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")  # text Excel would read as an escape
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')
# zlib level of the tables' parts: level 1 compresses the 200-book summary's 28 MB of sheet
# XML in 0.09 s instead of 0.27 s (the default, 6), for a file a quarter larger
COMPRESS_LEVEL = 1


@lru_cache(maxsize=1 << 16)  # units, files, sheets, levels and messages recur on every row
def inline_text(value: str) -> str:
    """The ``<is>`` element of an inline-string cell holding ``value``."""
    text = safe_text(value)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    if "\r" in text:
        text = text.replace("\r", "_x000D_")  # XML would turn a bare CR into a line feed
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


_lines = lru_cache(maxsize=1 << 14)(wrapped_lines)  # messages recur in every county


class SheetRows:
    """Data rows of one table, from row 3 down, as worksheet XML in a temporary file.

    ``styles`` is the XlsxWriter style index of each column (None: no style, and a blank
    is not written at all); ``wrap_widths`` the width of each column whose text wraps (None
    for the others): a row whose wrapped text needs several lines is made that much taller.
    """

    def __init__(self, styles: list[int | None], wrap_widths: list[float | None]) -> None:
        self.count = 0
        self.columns = len(styles)
        self._refs = [f'<c r="{xl_col_to_name(c)}' for c in range(len(styles))]
        self._styles = [f' s="{s}"' if s is not None else "" for s in styles]
        # (column, width, longest text that fits on one line whatever its characters)
        self._wraps = [
            (c, w, int(max(1.0, w * 1.1) // 2)) for c, w in enumerate(wrap_widths) if w is not None
        ]
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="jixiao-sheet-")  # noqa: SIM115 (closed in close())

    @property
    def last_row(self) -> int:
        """1-based number of the last row written (2, the header, when there is none)."""
        return FIRST_ROW - 1 + self.count

    def _height(self, values: tuple) -> str:
        lines = 1
        for col, width, short in self._wraps:
            value = values[col]
            if value.__class__ is str and (len(value) > short or "\n" in value):
                lines = max(lines, _lines(value, width))
        return f' ht="{LINE_HEIGHT * lines:g}" customHeight="1"' if lines > 1 else ""

    def write(self, rows: Iterable[tuple]) -> None:
        """Append rows (tuples in column order: str, int, float, bool or None)."""
        refs, styles, wraps = self._refs, self._styles, self._wraps
        parts: list[str] = []
        row = self.last_row
        for values in rows:
            row += 1
            cells = []
            for ref, style, value in zip(refs, styles, values, strict=True):
                kind = value.__class__
                if kind is str and value:
                    cells.append(f'{ref}{row}"{style} t="inlineStr">{inline_text(value)}</c>')
                elif (kind is float or kind is int) and math.isfinite(value):
                    cells.append(f'{ref}{row}"{style}><v>{value:.16G}</v></c>')
                elif value is None or value == "":
                    if style:
                        cells.append(f'{ref}{row}"{style}/>')
                elif kind is bool:
                    text = "是" if value else "否"
                    cells.append(f'{ref}{row}"{style} t="inlineStr"><is><t>{text}</t></is></c>')
                else:  # inf, nan, another number type: written as its text
                    cells.append(f'{ref}{row}"{style} t="inlineStr">{inline_text(str(value))}</c>')
            height = self._height(values) if wraps else ""
            parts.append(f'<row r="{row}"{height}>{"".join(cells)}</row>')
            if len(parts) == BATCH:  # a province's 汇总 comes in one call: keep memory flat
                self._file.write("".join(parts).encode("utf-8"))
                parts.clear()
        self.count = row - FIRST_ROW + 1
        if parts:
            self._file.write("".join(parts).encode("utf-8"))

    def copy_to(self, out: BinaryIO) -> None:
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1 << 20)

    def close(self) -> None:
        self._file.close()


def _after_header(xml: str, part: str) -> int:
    """Where the data rows go: right after the header row (row 2) of XlsxWriter's sheet."""
    start = xml.find('<row r="2"')
    end = xml.find("</row>", start)
    if start < 0 or end < 0:
        raise ValueError(f"{part}: no header row to put the table's rows after")
    return end + len("</row>")


def _dimension(xml: str, last_row: int, last_col: int) -> str:
    """The sheet's used range, grown to cover the spliced rows."""
    match = _DIMENSION.search(xml)
    if match is None:
        return xml
    letters = [xl_col_to_name(last_col), match[3] or match[1]]
    widest = max(letters, key=lambda name: (len(name), name))
    ref = f'<dimension ref="A1:{widest}{max(int(match[4] or match[2]), last_row)}"/>'
    return xml[: match.start()] + ref + xml[match.end() :]


def splice(book: BinaryIO, path: Path, tables: dict[str, SheetRows]) -> None:
    """Write the workbook ``book`` (an XlsxWriter package) to ``path`` with the rows of each
    table put into its sheet part (``xl/worksheets/sheetN.xml``) after the header row.
    The other parts are copied unchanged."""
    book.seek(0)
    with (
        zipfile.ZipFile(book) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            rows = tables.get(info.filename)
            if rows is None:
                target.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            xml = _dimension(xml, rows.last_row, rows.columns - 1)
            cut = _after_header(xml, info.filename)
            with target.open(info.filename, "w", force_zip64=True) as out:  # at COMPRESS_LEVEL
                out.write(xml[:cut].encode("utf-8"))
                rows.copy_to(out)
                out.write(xml[cut:].encode("utf-8"))

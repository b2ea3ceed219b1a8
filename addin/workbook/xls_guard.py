"""Guards before the Rust reader opens an .xls: what the BIFF records declare, read cheaply.

calamine sizes a sheet of an .xls by its DIMENSIONS record and by its last cell, and a
string table by the count the file declares; a 54 KB file with one value at IV65536 on ten
sheets would cost gigabytes, and a DIMENSIONS record claiming a billion rows aborts the
process. So the ``Workbook`` stream (olefile) is walked record by record first: every
substream's declared dimensions and the row and column of every cell record, the sheet
count and the shared-string counts are held to the same limits as an .xlsx
(:mod:`addin.workbook.guards`), and anything beyond is refused with a Chinese reason.
"""

from __future__ import annotations

import struct
from pathlib import Path

from addin.workbook.grid import cell_ref
from addin.workbook.guards import MAX_BOOK_CELLS, MAX_SHEET_CELLS, MAX_SHEETS, PackageRefused

XLS_ROWS, XLS_COLS = 65_536, 256  # the grid of BIFF8
_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_EOF = 0x000A
_BOUNDSHEET = 0x0085
_DIMENSIONS = {0x0200}
_SST = 0x00FC
# cell records open with (row, column); STRING (0x0207), a formula's cached text, does not
_CELLS = {0x0203, 0x00FD, 0x027E, 0x0201, 0x0204, 0x0205, 0x0006, 0x00D6}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column … last column
_HEADER = struct.Struct("<HH")
_ROW_COL = struct.Struct("<HH")


class _Sheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0  # 1-based last row, declared or with a cell
        self.cols = 0

    def reach(self, rows: int, cols: int) -> None:
        self.rows, self.cols = max(self.rows, rows), max(self.cols, cols)


def _stream(path: Path) -> bytes:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise PackageRefused("这不是 Excel 97-2003 工作簿（.xls 中没有工作簿数据流）")
            return ole.openstream(name).read()
    except PackageRefused:
        raise
    except Exception as exc:  # olefile raises several types on damaged containers
        raise PackageRefused(
            "不是有效的 .xls 工作簿（文件损坏、被截断，或只是改了扩展名）"
        ) from exc


def check_xls(path: Path) -> None:
    """Refuse an .xls whose records declare more than the reader can safely allocate."""
    data = _stream(path)
    names: list[str] = []
    sheets: list[_Sheet] = []
    current: _Sheet | None = None
    depth = 0
    offset, end = 0, len(data)
    while offset + 4 <= end:
        kind, length = _HEADER.unpack_from(data, offset)
        body = offset + 4
        offset = body + length
        if offset > end:
            break  # a truncated last record: the reader says what it makes of it
        if kind in _BOF:
            depth += 1
            if depth > 1 or names or sheets or current is not None:
                index = len(sheets)
                current = _Sheet(names[index] if index < len(names) else f"第 {index + 1} 张表")
                sheets.append(current)
            continue
        if kind == _EOF:
            depth = max(depth - 1, 0)
            continue
        if kind == _BOUNDSHEET and current is None:
            names.append(_sheet_name(data[body:offset]))
        elif kind == _SST and length >= 8:
            unique = struct.unpack_from("<I", data, body + 4)[0]
            if unique > max(len(data) // 3, 1024):
                raise PackageRefused(
                    f"共享字符串表声明有 {unique:,} 条，与文件实际大小不符，文件可能已损坏"
                )
        elif current is None:
            continue
        elif kind in _DIMENSIONS:
            if length >= 14:
                _, rows, _, cols = struct.unpack_from("<IIHH", data, body)
            elif length >= 8:
                _, rows, _, cols = struct.unpack_from("<HHHH", data, body)
            else:
                continue
            current.reach(rows, cols)
        elif kind in _CELLS and length >= 4:
            row, col = _ROW_COL.unpack_from(data, body)
            current.reach(row + 1, col + 1)
        elif kind in _MULTI and length >= 6:
            row, _ = _ROW_COL.unpack_from(data, body)
            last = struct.unpack_from("<H", data, offset - 2)[0]
            current.reach(row + 1, last + 1)
    if len(sheets) > MAX_SHEETS:
        raise PackageRefused(f"工作簿有 {len(sheets)} 张工作表，超过 {MAX_SHEETS} 张的上限")
    total = 0
    for sheet in sheets:
        where = f"工作表「{sheet.name}」"
        if sheet.rows > XLS_ROWS or sheet.cols > XLS_COLS:
            raise PackageRefused(
                f"{where}声明的范围（{sheet.rows:,} 行 × {sheet.cols:,} 列）超出 .xls 表格范围"
                f"（{XLS_ROWS:,} 行 × {XLS_COLS} 列），文件可能已损坏"
            )
        cells = sheet.rows * sheet.cols
        if cells > MAX_SHEET_CELLS:
            last = cell_ref(sheet.rows - 1, sheet.cols - 1)
            raise PackageRefused(
                f"{where}的内容延伸到 {last}（{sheet.rows} 行 × "
                f"{sheet.cols} 列），超过每表 {MAX_SHEET_CELLS:,} 个单元格的上限；"
                "请删除表格下方或右侧多余的内容后重新提交"
            )
        total += cells
    if total > MAX_BOOK_CELLS:
        raise PackageRefused(
            f"各工作表合计 {total:,} 个单元格，超过 {MAX_BOOK_CELLS:,} 个的上限；"
            "请删除多余的内容后重新提交"
        )


def _sheet_name(body: bytes) -> str:
    """The name in a BOUNDSHEET record (BIFF8: a short unicode string after 6 bytes)."""
    if len(body) < 8:
        return ""
    count, flags = body[6], body[7]
    text = body[8:]
    try:
        if flags & 0x1:
            return text[: count * 2].decode("utf-16-le", "replace")
        return text[:count].decode("latin-1")
    except (ValueError, IndexError):
        return ""

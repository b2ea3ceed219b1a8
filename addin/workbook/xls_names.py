"""Defined names of an .xls (BIFF8), in the form openpyxl gives for an .xlsx.

calamine reads an .xls's values but not its defined names; without them a template saved
as .xls lost its names (执行率, 指标表 …) and was read as a foreign layout. The names sit
in the workbook globals: NAME records whose formula is one 3-D reference (ptgRef3d or
ptgArea3d) into an EXTERNSHEET entry, which points at a sheet in BOUNDSHEET order.
"""

from __future__ import annotations

import struct
from pathlib import Path

from addin.workbook.grid import col_letter

_BOUNDSHEET, _EXTERNSHEET, _NAME, _EOF = 0x0085, 0x0017, 0x0018, 0x000A
_REF3D, _AREA3D = (0x3A, 0x5A, 0x7A), (0x3B, 0x5B, 0x7B)


def _globals(stream: bytes) -> list[tuple[int, bytes]]:
    """(record type, body) of the workbook globals, up to their EOF record."""
    out, i = [], 0
    while i + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, i)
        out.append((kind, stream[i + 4 : i + 4 + size]))
        i += 4 + size
        if kind == _EOF:
            break
    return out


def _text(body: bytes, at: int, count: int) -> str:
    """An XLUnicodeStringNoCch of ``count`` characters starting with its flags byte."""
    wide = body[at] & 1
    raw = body[at + 1 : at + 1 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1")


def _cell(row: int, col: int) -> str:
    return f"${col_letter(col & 0x3FFF)}${row + 1}"


def _reference(rgce: bytes, sheets: list[str], xti: list[int]) -> str | None:
    if len(rgce) >= 7 and rgce[0] in _REF3D:
        ixti, row, col = struct.unpack_from("<HHH", rgce, 1)
        ref = _cell(row, col)
    elif len(rgce) >= 11 and rgce[0] in _AREA3D:
        ixti, r1, r2, c1, c2 = struct.unpack_from("<HHHHH", rgce, 1)
        ref = f"{_cell(r1, c1)}:{_cell(r2, c2)}"
        ref = ref.split(":")[0] if r1 == r2 and c1 & 0x3FFF == c2 & 0x3FFF else ref
    else:
        return None
    if ixti >= len(xti) or not 0 <= xti[ixti] < len(sheets):
        return None
    return "'" + sheets[xti[ixti]].replace("'", "''") + "'!" + ref


def xls_names(path: Path) -> dict[str, str]:
    """Name -> "'Sheet'!$A$1" for every defined cell or range (empty if unreadable)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = ole.openstream("Workbook").read()
    except Exception:  # olefile raises several types on damaged files; calamine read the values
        return {}
    sheets: list[str] = []
    xti: list[int] = []
    names: dict[str, str] = {}
    try:
        for kind, body in _globals(stream):
            if kind == _BOUNDSHEET:
                sheets.append(_text(body, 7, body[6]))
            elif kind == _EXTERNSHEET:
                (count,) = struct.unpack_from("<H", body, 0)
                xti = [struct.unpack_from("<HHH", body, 2 + 6 * n)[1] for n in range(count)]
            elif kind == _NAME:
                flags, _, length, size = struct.unpack_from("<HBBH", body, 0)
                if flags & 0x20:  # a built-in name (print area …)
                    continue
                name = _text(body, 14, length)
                start = 15 + length * (2 if body[14] & 1 else 1)
                ref = _reference(body[start : start + size], sheets, xti)
                if ref and not name.startswith("_xlnm."):
                    names.setdefault(name, ref)
    except (struct.error, IndexError, UnicodeDecodeError):
        return names
    return names

"""The last row and column a sheet part's XML refers to, found from its bytes.

Two answers for one chunk of a sheet's XML:

- :func:`exact_extent`: the largest row and column of its cells (``c``) and rows (``row``),
  what a refusal must name;
- :func:`quick_extent`: never less than that, and much cheaper. The part's own
  ``<dimension ref="A1:I68">`` is taken as a bound when one search finds no ``r``
  reference beyond it; otherwise the largest ``r`` reference of any element. Either may
  exceed the truth (a dimension that claims too much, a watched cell far away): the
  guards then count again exactly before they refuse.

References are read however a file writes them: single or double quotes, a prefixed tag
(``x:c``), lower-case letters, rows out of order. A cell or row written without ``r`` is
placed by the reader after the one before it: :func:`positional` finds such a part (or an
unusual one), and :func:`walked_extent` then follows the tags in order, as the reader does.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache

from addin.workbook.grid import col_index, col_letter

_TAG = rb"<(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(_TAG + rb"c\b[^>]*?\sr=[\"']([A-Za-z]{1,8})(\d{1,15})[\"']")
_ROW = re.compile(_TAG + rb"row\b[^>]*?\sr=[\"'](\d{1,15})[\"']")
# every ``r`` attribute holding a cell or row reference, in any element, found by its
# literal ``r=``: a superset of the cells' and rows' references
_ANY_REF = re.compile(rb"r=(?<=\sr=)[\"']([A-Za-z]{0,8}\d{1,15})[\"']")
_DIMENSION = re.compile(_TAG + rb"dimension\b[^>]*?\sref=[\"']([^\"']{1,40})[\"']")
_DIMENSION_CELL = re.compile(rb"([A-Za-z]{1,8})(\d{1,15})")
_LETTERS, _DIGITS = string.ascii_letters.encode(), string.digits.encode()
# a cell or row tag whose first attribute is not ``r`` (or a prefixed one): maybe placed
# by position; every writer seen puts ``r`` first
_NOT_R_FIRST = re.compile(rb"<(?:c|row)(?=[\s/>])(?! r=[\"'])")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_TAGS = re.compile(_TAG + rb"(c|row)\b([^>]*?)(/?)>|</(?:[A-Za-z_][\w.-]*:)?row\s*>")
_R_CELL = re.compile(rb"\sr=[\"']([A-Za-z]{1,8})(\d{1,15})[\"']")
_R_ROW = re.compile(rb"\sr=[\"'](\d{1,15})[\"']")

Extent = tuple[int, int]  # (last row, last column), 1-based; (0, 0) when nothing


def exact_extent(chunk: bytes) -> Extent:
    """The largest row and column of the cells and rows in ``chunk``."""
    rows = cols = 0
    cells = _CELL.findall(chunk)
    if cells:  # each distinct reference converted once
        letters, digits = zip(*cells, strict=True)
        rows = max(map(int, set(digits)))
        cols = _widest(set(letters))
    row_refs = _ROW.findall(chunk)
    if row_refs:
        rows = max(rows, max(map(int, set(row_refs))))
    return rows, cols


def positional(chunk: bytes) -> bool:
    """Whether a cell or row tag of ``chunk`` may lack its ``r`` reference."""
    return bool(_NOT_R_FIRST.search(chunk) or _PREFIXED.search(chunk))


def walked_extent(chunks: Iterable[bytes]) -> Extent:
    """The largest row and column of a sheet's cells and rows, placed as the reader places
    them: by ``r`` where written, else after the cell or row before."""
    rows = cols = 0
    row, col = 1, 1  # where the next row and cell go
    for chunk in chunks:
        for tag in _TAGS.finditer(chunk):
            if tag[1] is None:  # </row>
                row, col = row + 1, 1
            elif tag[1] == b"row":
                ref = _R_ROW.search(tag[2])
                row, col = (int(ref[1]) if ref else row), 1
                rows = max(rows, row)
                if tag[3]:  # <row/>
                    row += 1
            else:
                ref = _R_CELL.search(tag[2])
                if ref:
                    row_of_cell, col = int(ref[2]), col_index(ref[1].decode()) + 1
                else:
                    row_of_cell = row
                rows, cols = max(rows, row_of_cell), max(cols, col)
                col += 1
    return rows, cols


def declared(chunk: bytes) -> Extent | None:
    """The bottom-right corner of the sheet's ``<dimension>``, if it has one."""
    at = chunk.find(b"dimension")  # a literal search first: the element is near the top
    match = _DIMENSION.search(chunk, max(chunk.rfind(b"<", 0, at), 0)) if at >= 0 else None
    corners = _DIMENSION_CELL.findall(match[1]) if match else []
    if not corners:
        return None
    return max(int(d) for _, d in corners), max(col_index(ls.decode()) + 1 for ls, _ in corners)


def quick_extent(chunk: bytes, bound: Extent | None) -> Extent:
    """Never less than :func:`exact_extent` of ``chunk``: ``bound`` when nothing in the chunk
    refers beyond it, else the largest ``r`` reference of any element."""
    if bound is not None and bound[0] >= 1 and not _beyond(*bound).search(chunk):
        return bound
    refs = b" ".join(_ANY_REF.findall(chunk))
    if not refs:
        return 0, 0
    rows = max(map(int, set(refs.translate(None, _LETTERS).split())))  # distinct row numbers
    letters = set(refs.translate(None, _DIGITS).split())
    return rows, _widest(letters) if letters else 0


def _widest(letters: set[bytes]) -> int:
    widest = max(letters, key=lambda ls: (len(ls), ls.upper()))
    return col_index(widest.decode()) + 1


@lru_cache(maxsize=256)
def _beyond(rows: int, cols: int) -> re.Pattern[bytes]:
    """An ``r`` reference (as :data:`_ANY_REF` finds them) past row ``rows`` or column
    ``cols``, or written with a leading zero (not worth the arithmetic: the caller then
    reads every reference). Possessive letters: no backtracking over them."""
    digits, letters = str(rows), col_letter(cols - 1)
    later_row = rf"0|\d{{{len(digits) + 1}}}"  # a leading zero, or more digits
    if same := _greater_number(digits):
        later_row += rf"|(?:{same})[\"']"
    later_col = rf"[A-Za-z]{{{len(letters) + 1},}}+"
    if same := _greater_letters(letters):
        later_col += "|" + same
    pattern = rf"r=(?<=\sr=)[\"'](?:(?:{later_col})\d|[A-Za-z]*+(?:{later_row}))"
    return re.compile(pattern.encode())


def _greater_number(digits: str) -> str:
    """A pattern for the numbers of as many digits as ``digits`` and greater: greater at
    the first digit that differs."""
    choices = []
    for i, digit in enumerate(digits):
        if digit != "9":
            greater = f"[{int(digit) + 1}-9]"
            choices.append(digits[:i] + greater + _times(r"\d", len(digits) - i - 1))
    return "|".join(choices)


def _greater_letters(letters: str) -> str:
    """A pattern for the column letters (either case) as many as ``letters`` and later in
    the alphabet: later at the first letter that differs."""
    choices = []
    for i, letter in enumerate(letters.upper()):
        if letter != "Z":
            same = "".join(f"[{c}{c.lower()}]" for c in letters[:i].upper())
            later = f"[{chr(ord(letter) + 1)}-Z{chr(ord(letter) + 1).lower()}-z]"
            choices.append(same + later + _times("[A-Za-z]", len(letters) - i - 1))
    return "|".join(choices)


def _times(pattern: str, n: int) -> str:
    return f"{pattern}{{{n}}}" if n else ""

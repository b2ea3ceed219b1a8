"""One sheet as the reader sees it: every cell's display text once, merged ranges, labels."""

from __future__ import annotations

import re
from collections.abc import Callable

from addin.grid import SheetGrid, cell_ref, cell_text, parse_ref, shown_value
from addin.reader.vocabulary import clean, strip_unit


def display_texts(sheet: SheetGrid, width: int) -> list[list[str | None]]:
    """Every cell's text as a clerk sees it (:meth:`SheetGrid.text`), row by row, each row
    ``width`` long; number formats are looked up only for the cells that have one."""
    texts = [
        [None if v is None else cell_text(v) for v in row] + [None] * (width - len(row))
        for row in sheet.values
    ]
    for ref, code in (sheet.formats or {}).items():
        try:
            row, col = parse_ref(ref)
        except ValueError:
            continue  # not a cell: no cell shows it
        if row < len(texts) and col < width:
            texts[row][col] = cell_text(shown_value(sheet.at(row, col), code))
    return texts


class SheetReader:
    """Reads every form of one foreign-layout sheet."""

    def __init__(self, sheet: SheetGrid) -> None:
        self.sheet = sheet
        self.merged = sheet.merged_ranges()
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        # top-left cell -> its merged range (r1, c1, r2, c2)
        self.ranges: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r1, c1, r2, c2 in self.merged:
            self.ranges[(r1, c1)] = (r1, c1, r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.anchor[(r, c)] = (r1, c1)
        # every cell read once as the clerk sees it (the grid's display text); a merged
        # range reads its top-left cell's text in every cell
        width = sheet.n_cols
        self.texts = display_texts(sheet, width)
        covered = [
            (r, c, self.texts[r1][c1])
            for (r, c), (r1, c1) in self.anchor.items()
            if (r, c) != (r1, c1)
        ]
        for r, c, text in covered:
            self.texts[r][c] = text
        self.n_rows = len(self.texts)
        self.n_cols = width
        self._rows = [[(c, t) for c, t in enumerate(row) if t is not None] for row in self.texts]
        self._labels: dict[str, list[tuple[int, int]]] = {}  # cleaned text -> anchor cells
        for r, row in enumerate(self._rows):
            for c, t in row:
                if (r, c) not in self.anchor or self.anchor[(r, c)] == (r, c):
                    label = clean(t).rstrip(":：")
                    self._labels.setdefault(label, []).append((r, c))
                    bare = strip_unit(label).rstrip(":：")
                    if bare != label:  # "自评总分(分)" also answers to "自评总分"
                        self._labels.setdefault(bare, []).append((r, c))

    # --- cells -------------------------------------------------------------------------

    def text(self, row: int, col: int) -> str | None:
        """Text of a cell as a clerk sees it, merged cells reading their top-left value."""
        if 0 <= row < self.n_rows and 0 <= col < len(self.texts[row]):
            return self.texts[row][col]
        return None

    def ref(self, row: int, col: int) -> str:
        """Address of the cell that holds the value (the top-left of a merged range)."""
        return cell_ref(*self.anchor.get((row, col), (row, col)))

    def is_merged_continuation(self, row: int, col: int) -> bool:
        return self.anchor.get((row, col), (row, col)) != (row, col)

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """The filled cells of a row as (column, text)."""
        return self._rows[row] if 0 <= row < self.n_rows else []

    def header_map(self, row: int, field_of: Callable[[str], str | None]) -> dict[str, int]:
        """Field -> column of a header row: the first cell naming each field (merges skipped)."""
        columns: dict[str, int] = {}
        for col, text in self.row_texts(row):
            fld = field_of(text)
            if fld and fld not in columns and not self.is_merged_continuation(row, col):
                columns[fld] = col
        return columns

    def has_text_starting(self, prefix: str) -> bool:
        """Whether any cell's cleaned text starts with ``prefix`` (a cheap pre-check)."""
        return any(key.startswith(prefix) for key in self._labels)

    def find_label(self, rows: range, label: str) -> tuple[int, int] | None:
        """The first cell in ``rows`` whose whole text is ``label`` (a colon may follow)."""
        for row, col in self._labels.get(label, ()):
            if row in rows:
                return row, col
        return None

    # --- labelled fields ---------------------------------------------------------------

    def next_free(self, row: int, col: int) -> int:
        """The first column right of a cell and of the merged range it belongs to."""
        own = self.anchor.get((row, col), (row, col))
        c = col + 1
        while self.anchor.get((row, c)) == own:
            c += 1
        return c

    def value_right(self, row: int, col: int) -> tuple[str | None, str]:
        """The first filled cell right of a label; else the cell where its value belongs."""
        first_free = self.next_free(row, col)
        for c in range(first_free, self.n_cols):
            text = self.text(row, c)
            if text is not None:
                return text, self.ref(row, c)
        return None, self.ref(row, first_free)

    def labelled(self, rows: range, labels: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(value, cell) of the first of ``labels`` found in ``rows``: the value right of the
        label, or written inline after a colon ("填表人：续燕")."""
        for label in labels:
            found = self.find_label(rows, label)
            if found is not None:
                return self.value_right(*found)
        for row in rows:
            for col, text in self.row_texts(row):
                norm = clean(text)
                if ":" not in norm or self.is_merged_continuation(row, col):
                    continue
                for label in labels:
                    if norm.startswith(label + ":"):
                        rest = norm[len(label) + 1 :]
                        value = re.split(r"(?=填报日期|联系电话|填表人|填报人|单位负责人)", rest)[0]
                        return value or None, self.ref(row, col)
        return None, None

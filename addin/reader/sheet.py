"""One sheet as the reader sees it: every cell's display text once, merged ranges, labels."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from addin.reader.vocabulary import clean, strip_unit, vocabulary
from addin.workbook.grid import SheetGrid, cell_ref, cell_text, parse_ref, shown_value

Anchor = tuple[int, int]  # the top-left cell of a merged range
_INLINE_END = re.compile(r"(?=填报日期|联系电话|填表人|填报人|单位负责人)")


def display_texts(sheet: SheetGrid, width: int) -> list[list[str | None]]:
    """Every cell's text as a clerk sees it (:meth:`SheetGrid.text`), row by row, each row
    ``width`` long; number formats are looked up only for the cells that have one."""
    texts = [
        [v if type(v) is str and v.strip() else None if v is None else cell_text(v) for v in row]
        + [None] * (width - len(row))
        for row in sheet.values
    ]
    for ref, formula in (sheet.formulas or {}).items():
        if not typed_text(formula):
            continue
        row, col = parse_ref(ref)
        if row < len(texts) and col < width and texts[row][col] is None:
            texts[row][col] = formula.strip()  # "=300天": the clerk's sign and value
    for ref, code in (sheet.formats or {}).items():
        try:
            row, col = parse_ref(ref)
        except ValueError:
            continue  # not a cell: no cell shows it
        if row < len(texts) and col < width:
            texts[row][col] = cell_text(shown_value(sheet.at(row, col), code))
    return texts


_QUOTED = re.compile(r'"[^"]*"')
_CJK = re.compile(r"[\u4e00-\u9fff]")


def typed_text(formula: str) -> bool:
    """Whether a "formula" is text a clerk typed after an equals sign ("=300天",
    "=100百分比"): Chinese outside any quoted string, which no formula can hold; its cell
    has no computed value, so its text is the value."""
    return bool(_CJK.search(_QUOTED.sub("", formula)))


@lru_cache(maxsize=65536)
def label_keys(text: str) -> tuple[tuple[str, ...], str | None]:
    """The keys a cell answers to as a label: its cleaned text without a trailing colon and,
    when it ends in a bracket, also without it ("自评总分(分)" answers to "自评总分"); and its
    cleaned text when that holds a colon (a label may be written inline), else None."""
    norm = clean(text)
    label = norm.rstrip(":：")
    bare = strip_unit(label).rstrip(":：")
    return (label,) if bare == label else (label, bare), norm if ":" in norm else None


@cache
def _field_labels() -> frozenset[str]:
    """Every header-field label of the vocabulary, cleaned (主管部门, 实施单位 …)."""
    return frozenset(clean(w) for words in vocabulary().header.values() for w in words)


def is_field_label(text: str) -> bool:
    """A cell that is itself a field's label ("实施单位", "实施单位(盖章)", "联系电话：")."""
    keys, _ = label_keys(text)
    return any(k in _field_labels() for k in keys)


class SheetReader:
    """Reads every form of one foreign-layout sheet.

    Built once per sheet, whole rows at a time: ``texts`` (every cell's display text, a
    merged range reading its top-left cell's text in every cell), the merged ranges' anchor
    cells row by row, each row's filled cells, and the labels of the sheet.
    """

    def __init__(self, sheet: SheetGrid) -> None:
        self.sheet = sheet
        self.merged = sheet.merged_ranges()
        # top-left cell -> its merged range (r1, c1, r2, c2)
        self.ranges: dict[Anchor, tuple[int, int, int, int]] = {}
        width = sheet.n_cols
        self.texts = display_texts(sheet, width)
        self.n_rows = len(self.texts)
        self.n_cols = width
        # row -> the anchor of each merged cell of the row (None: no merged cell in the row)
        self._anchors: list[list[Anchor | None] | None] = [None] * self.n_rows
        # row -> whether each cell is covered by a merged range starting in another cell
        covered: list[list[bool] | None] = [None] * self.n_rows
        shown = [self.texts[r1][c1] for r1, c1, _, _ in self.merged]  # before any filling
        for (r1, c1, r2, c2), top in zip(self.merged, shown, strict=True):
            self.ranges[(r1, c1)] = (r1, c1, r2, c2)
            span = c2 - c1 + 1
            for r in range(r1, r2 + 1):
                anchors = self._anchors[r]
                if anchors is None:
                    anchors = self._anchors[r] = [None] * width
                    covered[r] = [False] * width
                anchors[c1 : c2 + 1] = [(r1, c1)] * span
                covered[r][c1 : c2 + 1] = [True] * span  # type: ignore[index]
                self.texts[r][c1 : c2 + 1] = [top] * span
            covered[r1][c1] = False  # type: ignore[index]  # the range's own cell
        self._rows = [[(c, t) for c, t in enumerate(row) if t is not None] for row in self.texts]
        # the filled cells that are not covered by a merged range from another cell
        self._own = [
            row if cov is None else [cell for cell in row if not cov[cell[0]]]
            for row, cov in zip(self._rows, covered, strict=True)
        ]
        # (row, column, cleaned text) of the cells whose text holds a colon, in reading order
        self._colons: list[tuple[int, int, str]] = []
        self._labels: dict[str, list[Anchor]] = {}  # cleaned text -> anchor cells
        self._found: dict[Callable, list[tuple[int, int, tuple]]] = {}  # see cells_with
        for r, row in enumerate(self._own):
            for c, t in row:
                keys, with_colon = label_keys(t)
                for key in keys:
                    self._labels.setdefault(key, []).append((r, c))
                if with_colon is not None:
                    self._colons.append((r, c, with_colon))

    # --- cells -------------------------------------------------------------------------

    def text(self, row: int, col: int) -> str | None:
        """Text of a cell as a clerk sees it, merged cells reading their top-left value."""
        if 0 <= row < self.n_rows and 0 <= col < self.n_cols:
            return self.texts[row][col]
        return None

    def anchor(self, row: int, col: int) -> Anchor | None:
        """The top-left cell of the merged range a cell belongs to; None when not merged."""
        if 0 <= row < self.n_rows and 0 <= col < self.n_cols:
            anchors = self._anchors[row]
            return None if anchors is None else anchors[col]
        return None

    def ref(self, row: int, col: int) -> str:
        """Address of the cell that holds the value (the top-left of a merged range)."""
        return cell_ref(*(self.anchor(row, col) or (row, col)))

    def next_line(self, row: int) -> int:
        """The line under ``row``: the next row with text of its own, past up to two blank
        lines (a clerk's empty line between a label and its value, or one whose cells are
        only merged down from above)."""
        for below in range(row + 1, min(row + 4, self.n_rows)):
            if self.own_texts(below):
                return below
        return row + 1

    def is_merged_continuation(self, row: int, col: int) -> bool:
        """Whether a cell is covered by a merged range that starts elsewhere."""
        anchor = self.anchor(row, col)
        return anchor is not None and anchor != (row, col)

    def row_values(self, row: int, columns: dict[str, int]) -> dict[str, str | None]:
        """Field -> text of one row in the columns of a table (as :meth:`text` reads them)."""
        if not 0 <= row < self.n_rows:
            return dict.fromkeys(columns)
        texts, width = self.texts[row], self.n_cols
        return {fld: texts[col] if 0 <= col < width else None for fld, col in columns.items()}

    def row_cells(self, row: int, columns: dict[str, int]) -> dict[str, tuple[str | None, str]]:
        """Field -> (text, address) of one row in the columns of a table (as :meth:`text`
        and :meth:`ref` read them)."""
        if not (0 <= row < self.n_rows and all(0 <= c < self.n_cols for c in columns.values())):
            return {fld: (self.text(row, col), self.ref(row, col)) for fld, col in columns.items()}
        texts, anchors = self.texts[row], self._anchors[row]
        if anchors is None:
            return {fld: (texts[col], cell_ref(row, col)) for fld, col in columns.items()}
        return {
            fld: (texts[col], cell_ref(*(anchors[col] or (row, col))))
            for fld, col in columns.items()
        }

    def cells_with(self, find: Callable[[str], tuple]) -> list[tuple[int, int, tuple]]:
        """(row, column, what ``find`` found) of every filled cell whose text it finds
        something in, in reading order; looked for once per sheet."""
        found = self._found.get(find)
        if found is None:
            found = self._found[find] = [
                (r, c, hit) for r, row in enumerate(self._rows) for c, t in row if (hit := find(t))
            ]
        return found

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """The filled cells of a row as (column, text)."""
        return self._rows[row] if 0 <= row < self.n_rows else []

    def own_texts(self, row: int) -> list[tuple[int, str]]:
        """The filled cells of a row as (column, text), without the cells a merged range
        covers from another cell (only its top-left cell holds its text)."""
        return self._own[row] if 0 <= row < self.n_rows else []

    def header_map(self, row: int, field_of: Callable[[str], str | None]) -> dict[str, int]:
        """Field -> column of a header row: the first cell naming each field (merges skipped)."""
        columns: dict[str, int] = {}
        for col, text in self.own_texts(row):
            fld = field_of(text)
            if fld and fld not in columns:
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
        anchors = self._anchors[row] if 0 <= row < self.n_rows else None
        if anchors is None or not 0 <= col < self.n_cols:
            return col + 1  # not in a merged range
        own = anchors[col] or (row, col)
        c = col + 1
        while c < self.n_cols and anchors[c] == own:
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
                value, ref = self.value_right(*found)
                if value is not None and is_field_label(value):
                    # a blank field: the next label ("实施单位") is no value of this one
                    return None, self.ref(found[0], self.next_free(*found))
                return value, ref
        for row, col, norm in self._colons:
            if row not in rows:
                continue
            for label in labels:
                if norm.startswith(label + ":"):
                    rest = norm[len(label) + 1 :]
                    value = _INLINE_END.split(rest)[0]
                    return value or None, self.ref(row, col)
        return None, None

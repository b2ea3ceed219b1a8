"""The language the form descriptions are written in: rows of cells, like an HTML table.

A form is a list of blocks placed top to bottom. A :class:`Row` is a list of cells laid
out left to right, skipping columns taken by a cell above that spans several rows
(``rows``); a :class:`Table` repeats one data row per item (indicators, tasks …). Cells
past the print area sit in the *calc zone* (``Row.calc``, ``Col(calc=True)``): computed
columns and helper inputs a printed form has no room for.

Every cell a reader needs has a defined name; formulas use those names, and table
formulas use ``{key}`` for the cell of column ``key`` in the same row. The builder, the
filler and the reader all work from these descriptions, so no address is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from addin.core.kinds import KINDS
from addin.core.models import FormKind

PROFILE_LIMIT = -1  # max_len taken from the profile (reason_max_chars)

CellKind = Literal["title", "label", "head", "input", "formula", "const", "note", "blank"]
ValueKind = Literal["text", "money", "number", "yuan"]


@dataclass(frozen=True)
class Cell:
    """One cell (or merged area) of a fixed row.

    ``field`` is the model path the cell holds ("header.project", "funding.total.budget",
    "overview.立项依据" …); ``name`` its defined name. A cell with ``formula`` is computed;
    ``sum_of`` lists what a formula total adds up (the filler and reader use it).
    """

    text: str | None = None
    field: str | None = None
    name: str | None = None
    formula: str | None = None
    const: str | None = None  # name of a profile number (see lists.constants)
    span: int = 1
    rows: int = 1
    kind: CellKind | None = None
    fmt: str | None = None
    dv: str | None = None  # defined name of a dropdown list
    value: ValueKind = "text"
    align: Literal["left", "center", "right"] | None = None
    border: bool = True
    sum_of: tuple[str, ...] = ()  # parts a formula total adds up: names or "table.column"
    max_len: int | None = None  # text length limit; PROFILE_LIMIT: reason_max_chars
    aliases: tuple[str, ...] = ()  # further defined names of the same cell
    vertical: bool = False  # stacked vertical text (narrow side labels)

    @property
    def role(self) -> CellKind:
        if self.kind is not None:
            return self.kind
        if self.formula is not None:
            return "formula"
        if self.const is not None:
            return "const"
        if self.text is not None:
            return "label"
        if self.field is not None or self.name is not None:
            return "input"
        return "blank"


@dataclass(frozen=True)
class Row:
    """A fixed row: print-area cells, and cells placed at the start of the calc zone."""

    cells: tuple[Cell, ...]
    calc: tuple[Cell, ...] = ()
    height: float | None = None


@dataclass(frozen=True)
class Col:
    """One column of a repeating table row.

    ``field`` is the item attribute ("name", "target", "history.前年" …), ``key`` the
    placeholder other formulas use. ``calc`` columns sit in the calc zone.
    """

    key: str
    field: str | None = None
    span: int = 1
    formula: str | None = None
    fmt: str | None = None
    dv: str | None = None  # list name, or "@level1" for the 二级 list of that row's 一级
    value: ValueKind = "text"
    calc: bool = False
    range_name: str | None = None  # defined name for the whole column of data rows
    align: Literal["left", "center", "right"] | None = None
    product_of: tuple[str, ...] = ()  # columns a formula multiplies (data may differ)

    @property
    def is_input(self) -> bool:
        return self.formula is None


@dataclass(frozen=True)
class Table:
    """A repeating block: header rows, then one data row per item of the model's ``key``."""

    key: str  # model attribute holding the items: indicators, tasks, expenses, lines …
    name: str  # defined name of the data rows (all columns, calc zone included)
    header: tuple[Row, ...]
    cols: tuple[Col, ...]
    min_rows: int = 10
    side: Cell | None = None  # label spanning header and data rows at the left
    merge: tuple[str, ...] = ()  # columns merged over runs of equal values (一级, 二级)
    defaults: tuple[dict[str, str], ...] = ()  # values of the empty template's rows
    row_height: float | None = None
    repeat_header: bool = False  # print the header rows on every page


@dataclass(frozen=True)
class Rule:
    """A live warning: a conditional format on a named cell or a table column.

    ``target`` is a defined name, or "table.key" for a column; ``formula`` is true when
    the warning applies (``{key}`` = this row's cell in a table rule).
    """

    target: str
    formula: str
    level: Literal["error", "warning"] = "warning"


Block = Row | Table


@dataclass(frozen=True)
class FormSpec:
    """The whole description of one form's template."""

    kind: FormKind
    description: str
    framework: Literal["project", "dept"]
    landscape: bool
    widths: tuple[float, ...]  # print-area column widths
    calc_widths: tuple[float, ...]  # calc-zone column widths
    blocks: tuple[Block, ...]
    rules: tuple[Rule, ...] = ()
    funding_labels: dict[str, str] = field(default_factory=dict)  # kind -> row label
    version: int = 1

    @property
    def title(self) -> str:
        """The printed title, also the sheet name (from :data:`addin.core.kinds.KINDS`)."""
        return KINDS[self.kind].title

    @property
    def profile(self) -> str:
        """The default scoring profile (bands, grades, constants) of the form's province."""
        return KINDS[self.kind].profile

    @property
    def ncols(self) -> int:
        return len(self.widths)

    @property
    def calc_start(self) -> int:
        """1-based first column of the calc zone (one gap column after the print area)."""
        return self.ncols + 2

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)

    def marker(self) -> str:
        return f"jixiao:{self.kind.value}:{self.version}"


def column_offsets(spec: FormSpec, table: Table) -> dict[str, tuple[int, int]]:
    """Column key -> (offset from the table's first data column, span).

    Print columns follow each other from the table's first column; calc columns start
    at the calc zone. Used by the layout and the reader alike.
    """
    first = table_first_col(spec, table)
    offsets: dict[str, tuple[int, int]] = {}
    col = first
    calc_col = spec.calc_start
    for c in table.cols:
        if c.calc:
            offsets[c.key] = (calc_col - first, c.span)
            calc_col += c.span
        else:
            offsets[c.key] = (col - first, c.span)
            col += c.span
    return offsets


def table_first_col(spec: FormSpec, table: Table) -> int:
    """1-based column of a table's first data column (after its side label)."""
    return 1 + (table.side.span if table.side else 0)

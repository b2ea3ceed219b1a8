"""Formats and page setup shared by the sheets of the city summary (XlsxWriter)."""

from __future__ import annotations

import math

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from addin.merge.tables import Column
from addin.workbook.safe_text import safe_text

FONT, FONT_SIZE = "宋体", 10  # the templates' font


class Styles:
    """The workbook's formats, all in the templates' font."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        book.formats[0].set_font_name(FONT)
        book.formats[0].set_font_size(FONT_SIZE)
        self.title = self.add(bold=True, font_size=14)
        self.note = self.add(font_color="#C00000", text_wrap=True, valign="top")
        self.header = self.add(
            bold=True, bg_color="#DDEBF7", border=1, align="center", valign="vcenter",
            text_wrap=True,
        )  # fmt: skip
        self.bold = self.add(bold=True)
        self.total_label = self.add(bold=True, border=1, text_wrap=True, valign="top")
        self._cache: dict[tuple, Format] = {}

    def add(self, **props: object) -> Format:
        return self.book.add_format({"font_name": FONT, "font_size": FONT_SIZE, **props})

    def body(
        self,
        column: Column | None = None,
        bold: bool = False,
        number: str | None = None,
        border: bool = True,
    ) -> Format | None:
        """A bordered body cell of a column (number format, wrapping)."""
        fmt = number or (column.number_format if column else None)
        wrap = bool(column and column.wrap)
        if not (border or fmt or wrap or bold):
            return None  # a plain cell: blanks are not written at all
        key = (fmt, wrap, bold, border)
        if key not in self._cache:
            props: dict[str, object] = {"valign": "top"}
            if border:
                props |= {"border": 1, "border_color": "#999999"}
            if fmt:
                props["num_format"] = fmt
            if wrap:
                props["text_wrap"] = True
            if bold:
                props["bold"] = True
            self._cache[key] = self.add(**props)
        return self._cache[key]


def put(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """Write one cell: numbers as numbers, every string as plain text, None as blank."""
    if value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, (int, float)):
        if math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)
    else:
        # characters Excel cannot store become "�"; "=HYPERLINK(…)" from a county stays text
        ws.write_string(row, col, safe_text(str(value)), fmt)


def page(ws: Worksheet, header_row: int | None = 1) -> None:
    """A4 landscape, one page wide, header repeated, page numbers in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer("&C第 &P 页，共 &N 页")


def classic_formulas(ws: Worksheet) -> None:
    """Skip XlsxWriter's rewriting of future functions on this sheet (about 30 regular
    expressions a formula: 3 s for the 5,000 subtotal formulas of a 200-county summary).
    The summary's formulas use classic functions only (SUMPRODUCT, IF, NA, COUNTIF), as
    the house rules require, so there is nothing to rewrite."""

    def prepare(formula: str, expand_future_functions: bool = False) -> str:
        if formula.startswith("{") and formula.endswith("}"):
            formula = formula[1:-1]
        return formula[1:] if formula.startswith("=") else formula

    ws._prepare_formula = prepare  # type: ignore[method-assign]

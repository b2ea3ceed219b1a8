"""Merged areas of a live sheet, read in one COM call instead of one call per cell.

Excel answers ``Range.Value(xlRangeValueXMLSpreadsheet)`` with the range as an XML
Spreadsheet 2003 document, in which every merged area is the cell carrying
``ss:MergeAcross`` / ``ss:MergeDown``. One call per sheet, and only when
``Range.MergeCells`` (one more call) says the used range holds any merged cell at all.

Trade-off: the document also carries styles and values, so a very large sheet costs
memory for a moment; the alternatives — ``MergeArea`` per cell, or a ``Find`` loop over
formats — cost one COM round trip per cell or per merged area. The remote engine
(xlwings Server, Office.js) cannot read merge areas synchronously at all: there the
handlers take the merges from a caller-supplied reader or do without.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from addin.excel.sheet_xml import read_sheet_xml

XL_RANGE_VALUE_XML_SPREADSHEET = 11

# (sheet, its used range) -> merged areas "A1:C1", or None when they cannot be read
MergeReader = Callable[[Any, Any], "list[str] | None"]


def merges_from_spreadsheet_xml(xml: str, first_row: int = 1, first_col: int = 1) -> list[str]:
    """Merged areas of an XML Spreadsheet 2003 document, as A1 ranges of the sheet.

    ``first_row`` / ``first_col`` (1-based) place the document's R1C1 on the sheet: the
    top-left cell of the range that was read.
    """
    return read_sheet_xml(xml, first_row, first_col).merged


def spreadsheet_xml(api: Any) -> str:
    """``Range.Value(11)`` through pywin32 (``GetValue`` is its form of a property with
    arguments, as xlwings uses ``GetAddress``)."""
    try:
        return api.GetValue(XL_RANGE_VALUE_XML_SPREADSHEET)
    except AttributeError:
        return api.Value(XL_RANGE_VALUE_XML_SPREADSHEET)


def com_merges(sheet: Any, used: Any) -> list[str] | None:
    """Merged areas of a desktop Excel sheet (two COM calls at most); None on failure."""
    try:
        api = used.api
        if api.MergeCells is False:  # None means "some cells are merged"
            return []
        return merges_from_spreadsheet_xml(spreadsheet_xml(api), used.row, used.column)
    except Exception:
        return None


def no_merges(sheet: Any, used: Any) -> list[str] | None:
    """For engines that cannot read merge areas: unknown."""
    return None

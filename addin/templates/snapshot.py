"""A workbook's content as plain data, to tell whether a committed template is current.

Compares what matters (cells and formulas, styles that show, merged areas, names,
dropdowns, warnings, print setup), not the zip bytes, so that another openpyxl version
writing the same content does not count as a change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def _style(cell) -> tuple:
    font, align = cell.font, cell.alignment
    return (
        cell.number_format,
        font.name,
        font.sz,
        font.b,
        align.horizontal,
        align.wrap_text,
        cell.fill.fgColor.rgb if cell.fill.fill_type else None,
        getattr(cell.border.left, "style", None),
        cell.protection.locked,
    )


def snapshot(path: Path) -> dict[str, Any]:
    """Everything a clerk or a formula would notice in the workbook at ``path``."""
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        cells = {
            c.coordinate: (c.value, *_style(c))
            for row in ws.iter_rows()
            for c in row
            if c.value is not None or c.has_style
        }
        sheets.append(
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "cells": cells,
                "merged": sorted(str(m) for m in ws.merged_cells.ranges),
                "validations": sorted(
                    (dv.type or "", dv.formula1 or "", str(dv.sqref))
                    for dv in ws.data_validations.dataValidation
                ),
                "conditional": sorted(
                    (str(cf.sqref), rule.formula[0] if rule.formula else "")
                    for cf in ws.conditional_formatting
                    for rule in cf.rules
                ),
                "widths": {k: d.width for k, d in ws.column_dimensions.items()},
                "heights": {k: d.height for k, d in ws.row_dimensions.items()},
                "print": (
                    ws.print_area,
                    ws.print_title_rows,
                    ws.page_setup.orientation,
                    ws.page_setup.paperSize,
                    ws.page_setup.fitToWidth,
                    ws.page_setup.fitToHeight,
                    ws.oddFooter.center.text,
                ),
                "protected": ws.protection.sheet,
            }
        )
    names = {name: d.attr_text for name, d in wb.defined_names.items()}
    return {"sheets": sheets, "names": names}


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Short descriptions of where two snapshots differ (empty when equal)."""
    out = []
    if a["names"] != b["names"]:
        out.append("defined names")
    for sa, sb in zip(a["sheets"], b["sheets"], strict=False):
        for key in sa:
            if sa[key] != sb.get(key):
                if key == "cells":
                    diff = sorted(k for k in set(sa["cells"]) | set(sb["cells"])
                                  if sa["cells"].get(k) != sb["cells"].get(k))  # fmt: skip
                    out.append(f"{sa['title']}: cells {', '.join(diff[:5])}")
                else:
                    out.append(f"{sa['title']}: {key}")
    if len(a["sheets"]) != len(b["sheets"]):
        out.append("number of sheets")
    return out

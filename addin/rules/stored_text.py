"""JX110: a number stored as text in a cell that is scored or added up.

The engine reads such a cell as the number it shows (as the templates' formulas do), so
no sum leaves it out; the finding tells the clerk that other software may not.
"""

from __future__ import annotations

import re

from addin.core.models import AnyForm
from addin.rules.catalog import RULES, render
from addin.rules.checks import Finding
from addin.workbook.grid import SheetGrid

# cells whose number is scored or added up, by the key of the form's cell map
INDICATOR_FIELDS = {"points": "分值", "score": "自评得分", "self_score": "定性自评分"}
FUNDING_FIELDS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}
_DIGITS = r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
TEXT_NUMBER = re.compile(rf"^\s*{_DIGITS}\s*$")
# a 分值 or 权重 may carry its unit: "5分"
TEXT_POINTS = re.compile(rf"^\s*{_DIGITS}\s*分?\s*$")
# an amount may carry its money unit: "20万元", "200000元" (read in 万元, as the templates do)
TEXT_AMOUNT = re.compile(rf"^\s*{_DIGITS}\s*(?:万元|万|元|千元|亿元)?\s*$")


def numbers_stored_as_text(sheet: SheetGrid | None, form: AnyForm) -> list[Finding]:
    """JX110 on each 分值, 自评分 or amount cell of ``form`` holding a number stored as text."""
    if form.sheet is None or sheet is None:  # a form given as data: no cells to look at
        return []
    places: list[tuple[str, str, re.Pattern[str]]] = []
    for ind in getattr(form, "indicators", []):
        for key, label in INDICATOR_FIELDS.items():
            if key in ind.cells:
                pattern = TEXT_POINTS if key == "points" else TEXT_NUMBER
                places.append((ind.cells[key], label, pattern))
    funding = getattr(form, "funding", None)
    for row in getattr(funding, "rows", []):
        places += [(row.cells[k], label, TEXT_AMOUNT) for k, label in FUNDING_FIELDS.items()
                   if k in row.cells]  # fmt: skip
    out: list[Finding] = []
    seen: set[str] = set()
    for cell, label, pattern in places:
        if cell in seen:
            continue
        seen.add(cell)
        value = sheet.get(cell)
        if isinstance(value, str) and pattern.match(value):
            message, hint = render("JX110", field=label, value=value.strip())
            out.append(Finding(code="JX110", severity=RULES["JX110"].severity, sheet=form.sheet,
                               cell=cell, message=message, hint=hint))  # fmt: skip
    return out

"""A 分值 or an amount stored as text: read as the number it shows, and 校验 names the cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from templates_cases import hunan_case

from addin.check.run import check_file
from addin.core.forms import FORMS
from addin.reader import read_forms
from addin.templates.new import write_template
from addin.workbook.files import read_grid


def _jx110(path: Path) -> dict[str, str]:
    report, _ = check_file(path)
    return {f.cell: f.message for f in report.findings if f.code == "JX110"}


def test_points_and_amounts_typed_as_text_are_named_with_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "自评.xlsx"
    write_template(FORMS[hunan_case().form], path, hunan_case(), "hunan")
    assert _jx110(path) == {}  # numbers stored as numbers: nothing to say

    form = read_forms(read_grid(path))[0]
    points = form.indicators[0].cells["points"]
    budget = next(r.cells["budget"] for r in form.funding.rows if "budget" in r.cells)
    book = openpyxl.load_workbook(path)
    sheet = book[form.sheet]
    sheet[points].value = "10"  # typed '10: text
    sheet[budget].value = "50,000"
    sheet[form.indicators[1].cells["points"]].value = 10  # a number stays quiet
    book.save(path)

    found = _jx110(path)
    assert set(found) == {points, budget}
    assert "分值「10」是以文本保存的数字" in found[points]
    assert "「50,000」" in found[budget]


def test_a_range_the_office_turned_into_a_date_is_named_as_a_date(tmp_path: Path) -> None:
    """Typing 3-5 in Excel or WPS stores 5 March: the finding says so and how to type it."""
    from datetime import datetime

    path = tmp_path / "自评.xlsx"
    write_template(FORMS[hunan_case().form], path, hunan_case(), "hunan")
    form = read_forms(read_grid(path))[0]
    actual = form.indicators[0].cells["actual"]
    book = openpyxl.load_workbook(path)
    book[form.sheet][actual].value = datetime(2026, 3, 5)
    book[form.sheet][actual].number_format = "m月d日"
    book.save(path)

    report, _ = check_file(path)
    found = [f for f in report.findings if f.cell == actual]
    assert [f.code for f in found] == ["JX106"]
    assert "「2026-03-05」" in found[0].message and "存的是日期" in found[0].message
    assert "3至5" in found[0].message

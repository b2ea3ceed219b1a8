"""Cells as the clerk sees them: number formats read beside the values.

Typing 92% in Excel stores 0.92 with a percent format; every reader must see 92%.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from differential_cases import Book, Cell, Row, write_book

from addin.core.models import FormKind
from addin.core.scoring import score_form
from addin.reader import read_forms
from addin.templates.lo import convert
from addin.workbook.files import read_grid
from addin.workbook.formats import read_formats
from addin.workbook.grid import SheetGrid, is_percent_format, shown_value


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评"
    ws["A1"], ws["A1"].number_format = 0.92, "0%"
    ws["B1"], ws["B1"].number_format = 0.955, "0.00%"
    ws["C1"], ws["C1"].number_format = 13.5, "#,##0.00"
    ws["D1"] = 0.92  # General
    ws["E1"], ws["E1"].number_format = 0.5, '0.0"%"'  # a literal %, not a percent
    wb.save(path)
    return path


def test_xlsx_formats_are_read_without_openpyxl(tmp_path):
    formats = read_formats(_workbook(tmp_path / "a.xlsx"))
    assert formats == {"自评": {"A1": "0%", "B1": "0.00%", "C1": "#,##0.00", "E1": '0.0"%"'}}


@pytest.mark.parametrize("fast", [True, False])
def test_both_file_paths_show_percent_cells_as_percent(tmp_path, fast):
    grid = read_grid(_workbook(tmp_path / "a.xlsx"), formulas=not fast)
    sheet = grid.sheets[0]
    assert [sheet.text(0, c) for c in range(5)] == ["92%", "95.5%", "13.5", "0.92", "0.5"]
    assert sheet.filled()[0][:2] == ["92%", "95.5%"]


def test_xls_formats_are_unknown_and_said_so(tmp_path):
    (xls,) = convert([_workbook(tmp_path / "a.xlsx")], tmp_path / "xls", "xls")
    sheet = read_grid(xls).sheets[0]
    assert sheet.formats is None
    assert sheet.text(0, 0) == "0.92"  # the value alone: the fraction rule must decide


def test_percent_format_codes():
    assert is_percent_format("0%") and is_percent_format("#,##0.0%;[Red]-0.0%")
    assert not is_percent_format('0.0"%"') and not is_percent_format("0.0\\%")
    assert not is_percent_format(None) and not is_percent_format("General")
    assert shown_value(0.1 + 0.2, "0%") == "30%"
    assert shown_value("92", "0%") == "92"  # text stays as typed
    assert shown_value(True, "0%") is True


def test_merged_range_carries_the_shown_text():
    sheet = SheetGrid(
        name="s", values=[[0.92, None], [None, None]], merged=["A1:B2"], formats={"A1": "0%"}
    )
    assert sheet.filled() == [["92%", "92%"], ["92%", "92%"]]


def _percent_book() -> Book:
    """The issue's row: 实际完成值 typed as 92% (0.92, percent format), ≥90 %, 20 points."""
    row = Row("产出指标", "质量指标", "验收合格率", "≥", Cell(90), "%", Cell(0.92, "0%"),
              None, Cell(20), Cell(None))  # fmt: skip
    return Book(FormKind.PROJECT_SELF, 100.0, 95.0, [row])


def test_a_percent_typed_in_excel_scores_full_marks(tmp_path):
    path = write_book(_percent_book(), tmp_path / "自评.xlsx")
    (form,) = read_forms(read_grid(path))
    assert form.indicators[0].actual == "92%"
    (ind,) = score_form(form, "hunan").indicators
    assert (ind.status, ind.score) == ("met", 20.0)
    jixiao = Path(sys.executable).with_name("jixiao")
    out = subprocess.run([jixiao, "score", path, "--json"], capture_output=True, text=True)
    data = json.loads(out.stdout)
    data = data[0] if isinstance(data, list) else data
    assert data["indicators"][0]["score"] == 20.0


def test_a_fraction_without_format_counts_as_a_percent_too(tmp_path):
    book = _percent_book()
    book.rows[0].actual = Cell(0.92)  # the .xls door, or a cell left General
    path = write_book(book, tmp_path / "自评.xlsx")
    (ind,) = score_form(read_forms(read_grid(path))[0], "hunan").indicators
    assert (ind.status, ind.score) == ("met", 20.0)


def test_cells_written_with_a_prefix_or_s_before_r_are_read_too():
    from addin.workbook.formats import _cell_formats

    codes = [None, "0%", "#,##0.00"]
    usual = b'<row><c r="A1" s="1" t="n"><v>0.9</v></c><c r="B1" s="0"/></row>'
    prefixed = b'<x:row><x:c r="A1" s="1"><x:v>0.9</x:v></x:c><x:c s="2" r="B1"/></x:row>'
    assert _cell_formats(usual, codes) == {"A1": "0%"}
    assert _cell_formats(prefixed, codes) == {"A1": "0%", "B1": "#,##0.00"}


def test_a_written_rate_typed_as_percent_is_read_as_percent(tmp_path, seeds):
    """执行率 typed as 100% in a county layout: 1 with a percent format, not 1%."""
    from addin.check.run import check_grid
    from addin.demo.samples import write_hunan

    path = tmp_path / "雁峰区.xlsx"
    layout = write_hunan(seeds["002"].forms[2:3], path)
    wb = openpyxl.load_workbook(path)
    cell = wb[layout.forms[0].sheet][layout.forms[0].cells["funding.rate"]]
    cell.value, cell.number_format = 1, "0.00%"
    wb.save(path)
    (form,) = read_forms(read_grid(path))
    assert form.funding.rate == "100%"
    assert score_form(form, "hunan").written_rate == 1.0
    report, _ = check_grid(read_grid(path))
    assert "JX306" not in {f.code for f in report.findings}

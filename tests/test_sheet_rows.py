"""The summary's table rows written as worksheet XML, read back by three independent readers:
openpyxl, calamine and LibreOffice. Text a county may send must come back as the clerk typed
it (made safe), never as markup, an escape or a formula."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter

from addin.safe_text import safe_text
from addin.sheet_rows import SheetRows, splice
from addin.templates.lo import recalculate

TRICKY = [
    "普通文字",
    "_x0041_ 不是 A",  # Excel reads _xHHHH_ as an escape unless it is escaped itself
    "第一行\r\n第二行",  # a carriage return must survive the XML
    "  前后有空格  ",
    "<r>不是富文本</r>",  # XlsxWriter would write this raw in constant-memory mode
    "A&B <tag> \"引号\" '单引号'",
    "=HYPERLINK(\"http://x\",\"点我\")",
    "控制\x01字符\x1f",
    "表情😀" * 20_000,  # past a cell's 32,767 UTF-16 units
    "\u3000全角空格开头",
]
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # as Excel decodes them
NUMBERS = [0, -3, 1.5, 1e-9, 12345678.123456, 2**40]


def _book(tmp_path: Path, rows: list[tuple]) -> Path:
    """A workbook with a title and header by XlsxWriter and ``rows`` spliced below."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("表")
    ws.write(0, 0, "标题")
    ws.write_row(1, 0, ["文字", "数", "空"])
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    table = SheetRows([None, money._get_xf_index(), money._get_xf_index()], [20, None, None])
    table.write(rows[:3])
    table.write(rows[3:])  # rows come in batches
    ws.write(table.last_row, 0, "合计")  # a row below the table, as 汇总 has
    book.close()
    out = tmp_path / "表.xlsx"
    splice(buffer, out, {"xl/worksheets/sheet1.xml": table})
    table.close()
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple]]:
    rows = [(text, NUMBERS[n % len(NUMBERS)], None) for n, text in enumerate(TRICKY)]
    rows += [(None, math.inf, math.nan), (True, False, "")]
    return _book(tmp_path_factory.mktemp("rows"), rows), rows


def _expected_text(value: object) -> object:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        text = safe_text(value)
        units = text.encode("utf-16-le", "surrogatepass")
        return units[: 32_767 * 2].decode("utf-16-le", "ignore") if len(units) > 65_534 else text
    return value


def test_openpyxl_reads_every_value_and_style(written):
    out, rows = written
    ws = openpyxl.load_workbook(out)["表"]
    assert ws["A1"].value == "标题" and ws["A2"].value == "文字"
    for r, row in enumerate(rows, 3):
        for c, value in enumerate(row):
            cell = ws.cell(r, c + 1)
            expected = _expected_text(value)
            got = cell.value
            if isinstance(got, str):  # openpyxl leaves Excel's _xHHHH_ escapes undecoded
                got = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), got)
            assert got == (None if expected in (None, "") else expected), cell.coordinate
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate  # text, never a formula
    assert ws.cell(3, 2).number_format == "#,##0.00" and ws.cell(3, 2).border.left.style
    assert ws.cell(3, 1).number_format == "General"
    assert ws.cell(3 + len(rows), 1).value == "合计"
    assert ws.max_row == 3 + len(rows) and ws.dimensions == f"A1:C{3 + len(rows)}"


def test_calamine_reads_the_same(written):
    out, rows = written
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    grid = book.get_sheet_by_name("表").to_python()
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row):
            expected = _expected_text(value)
            got = grid[r][c]
            assert got == ("" if expected is None else expected), (r, c)


def test_libreoffice_reads_the_same(written, tmp_path):
    """LibreOffice opens the workbook and saves it again: its own reading of every cell."""
    out, rows = written
    (again,) = recalculate([out], tmp_path / "lo")
    ws = openpyxl.load_workbook(again)["表"]
    assert ws["A1"].value == "标题"
    for r, row in enumerate(rows, 3):
        expected = _expected_text(row[0])
        got = ws.cell(r, 1).value
        assert got == (None if expected in (None, "") else expected.replace("\r\n", "\n")), r
    assert [ws.cell(3 + n, 2).value for n in range(len(NUMBERS))] == pytest.approx(NUMBERS)

"""The summary's table rows written as worksheet XML, read back by three independent readers:
openpyxl, calamine and LibreOffice. Text a county may send must come back as the clerk typed
it (made safe), never as markup, an escape or a formula."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from lxml import etree

from addin.demo.samples import build_samples
from addin.merge.run import merge
from addin.merge.sheet_rows import SheetRows, splice
from addin.merge.summary import SHEETS, write_summary
from addin.templates.lo import recalculate
from addin.workbook.safe_text import safe_text

TRICKY = [
    "普通文字",
    "_x0041_ 不是 A",  # Excel reads _xHHHH_ as an escape unless it is escaped itself
    "第一行\r\n第二行",  # a carriage return must survive the XML
    "  前后有空格  ",
    "<r>不是富文本</r>",  # XlsxWriter would write this raw in constant-memory mode
    "A&B <tag> \"引号\" '单引号'",
    '=HYPERLINK("http://x","点我")',
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
        return safe_text(value)
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


# The order of a worksheet's elements (CT_Worksheet in ECMA-376 part 1, 18.3.1.99): Excel
# asks to repair a file whose elements, rows or cells are out of this order.
WORKSHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]  # fmt: skip
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)[0]
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def test_a_merged_summary_keeps_the_order_excel_requires(tmp_path):
    build_samples(tmp_path / "样例")
    out = tmp_path / "汇总.xlsx"
    result = merge([tmp_path / "样例"], workers=1)
    write_summary(result, out)
    with zipfile.ZipFile(out) as archive:
        parts = [f"xl/worksheets/sheet{n}.xml" for n in range(1, len(SHEETS) + 1)]
        for part in parts:
            root = etree.fromstring(archive.read(part))
            names = [etree.QName(child).localname for child in root]
            assert names == sorted(names, key=WORKSHEET_ORDER.index), part
            rows = root.find(f"{MAIN}sheetData")
            numbers = [int(row.get("r")) for row in rows]
            assert numbers == sorted(set(numbers)), part  # ascending, none twice
            for row in rows:
                refs = [c.get("r") for c in row]
                assert all(re.fullmatch(rf"[A-Z]+{row.get('r')}", ref) for ref in refs), part
                columns = [_column(ref) for ref in refs]
                assert columns == sorted(set(columns)), (part, row.get("r"))
                for cell in row:
                    kind = cell.get("t")
                    children = [etree.QName(c).localname for c in cell]
                    assert kind in (None, "s", "str", "inlineStr", "e", "b", "n"), kind
                    if kind == "inlineStr":
                        assert children == ["is"], (part, cell.get("r"))
                    if cell.get("s") is not None:
                        assert int(cell.get("s")) >= 0
            dimension = root.find(f"{MAIN}dimension").get("ref")
            if numbers:
                assert dimension.endswith(str(max(numbers))), (part, dimension)
        styles = etree.fromstring(archive.read("xl/styles.xml"))
        count = len(styles.find(f"{MAIN}cellXfs"))
        for part in parts:  # every style a cell names is in the workbook's styles
            xml = archive.read(part).decode()
            assert all(int(s) < count for s in re.findall(r' s="(\d+)"', xml)), part

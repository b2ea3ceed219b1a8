"""The guards' scan of sheet parts: every way a hostile file can write a far cell is seen,
and a far reference that is not a cell does not refuse a good book."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.workbook import extent as sheet_extent
from addin.workbook import guards
from addin.workbook.files import InputError, read_grid
from addin.workbook.grid import col_index
from addin.workbook.guards import MAX_SHEET_CELLS, PackageRefused, check_package

SHEET = "xl/worksheets/sheet1.xml"


def _book(path: Path, sheets: int = 1) -> Path:
    """A small real workbook written by openpyxl: a title, a number, a merged title."""
    book = openpyxl.Workbook()
    for i in range(sheets):
        ws = book.active if i == 0 else book.create_sheet()
        ws.title = f"表{i + 1}"
        ws["A1"], ws["B2"] = "自评表", 12.5
        ws.merge_cells("A1:C1")
    book.save(path)
    return path


def _edit(path: Path, part: str, edit) -> Path:
    """Rewrite one part of the package through ``edit(text) -> text``."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _before_sheet_data_end(extra: str):
    return lambda text: text.replace("</sheetData>", extra + "</sheetData>")


# how a county file may write a far cell -> the cell the refusal must name
FAR_CELLS = {
    "out of order": ('<row r="1048576"><c r="Z1048576"><v>1</v></c></row>', "Z1048576"),
    "single quotes": ("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>", "XFD1048576"),
    "lowercase": ('<row r="60000"><c r="az60000"><v>1</v></c></row>', "AZ60000"),
    "row alone": ('<row r="1048576" spans="1:3"/>', "B1048576"),  # column B: cell B2
    "tab before r": ('<row\tr="900000"><c\tr="Z900000"><v>1</v></c></row>', "Z900000"),
}


@pytest.mark.parametrize("case", FAR_CELLS)
def test_a_far_cell_is_refused_and_named_however_it_is_written(tmp_path, case):
    extra, cell = FAR_CELLS[case]
    if case == "out of order":  # the far row first, the ordinary rows after it
        edit = lambda text: text.replace("<sheetData>", "<sheetData>" + extra)  # noqa: E731
    else:
        edit = _before_sheet_data_end(extra)
    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, edit)
    with pytest.raises(InputError) as caught:
        read_grid(path, formulas=False)
    assert "工作表「表1」" in caught.value.reason and cell in caught.value.reason
    assert "超过每表 1,000,000 个单元格" in caught.value.reason


def test_a_prefixed_cell_beyond_the_grid_is_refused(tmp_path):
    def prefixed(text: str) -> str:
        text = text.replace("<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.'
                            'org/spreadsheetml/2006/main" ', 1)  # fmt: skip
        return text.replace("</sheetData>", '<x:row r="5"><x:c r="XFE5"><x:v>1</x:v></x:c>'
                            "</x:row></sheetData>")  # fmt: skip

    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, prefixed)
    with zipfile.ZipFile(path) as archive, pytest.raises(PackageRefused, match="XFE5"):
        check_package(archive)


def test_a_row_number_of_fifteen_digits_is_beyond_the_grid(tmp_path):
    extra = '<row r="999999999999999"><c r="A999999999999999"><v>1</v></c></row>'
    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, _before_sheet_data_end(extra))
    with pytest.raises(InputError, match=r"超出 Excel 表格范围的单元格（B999999999999999）"):
        read_grid(path, formulas=False)


def _watch(cell: str):
    """A watched cell (Excel's Watch Window): an ``r`` reference that is not a cell."""
    return lambda text: text.replace(
        "</worksheet>", f'<cellWatches><cellWatch r="{cell}"/></cellWatches></worksheet>'
    )


def test_a_watched_far_cell_does_not_refuse_the_book(tmp_path):
    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, _watch("XFD1048576"))
    with zipfile.ZipFile(path) as archive:
        assert "cellWatch" in archive.read(SHEET).decode()
        (extent,) = check_package(archive)
    assert (extent.rows, extent.cols) == (2, 2)  # counted again, cells and rows only: B2
    sheet = read_grid(path, formulas=False).sheets[0]
    assert sheet.values == [["自评表", None], [None, 12.5]] and sheet.merged == ["A1:C1"]


def test_watched_cells_in_every_sheet_do_not_add_up_to_a_refusal(tmp_path):
    """Each sheet's quick extent (J100000: exactly the per-sheet limit) passes; together
    they pass the book's limit, so the extents are counted again, exactly."""
    path = _book(tmp_path / "县.xlsx", sheets=6)
    for i in range(1, 7):
        _edit(path, f"xl/worksheets/sheet{i}.xml", _watch("J100000"))
    assert MAX_SHEET_CELLS == 10 * 100_000
    with zipfile.ZipFile(path) as archive:
        extents = check_package(archive)
    assert [(e.rows, e.cols) for e in extents] == [(2, 2)] * 6
    assert len(read_grid(path, formulas=False).sheets) == 6


def test_far_cells_in_every_sheet_add_up_to_a_refusal(tmp_path):
    path = _book(tmp_path / "县.xlsx", sheets=6)
    for i in range(1, 7):
        extra = '<row r="100000"><c r="J100000"><v>1</v></c></row>'
        _edit(path, f"xl/worksheets/sheet{i}.xml", _before_sheet_data_end(extra))
    with pytest.raises(InputError, match=r"各工作表合计 6,000,000 个单元格"):
        read_grid(path, formulas=False)


def test_merged_ranges_split_across_chunks_count_as_in_one(tmp_path, monkeypatch):
    refs = [f"A{r}:B{r}" for r in range(10, 200)] + ["C1:H9", "A300:F308", "B2:A1", "hello"]
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, lambda text: re.sub(
        r"<mergeCells[^>]*>.*</mergeCells>", f'<mergeCells count="{len(refs)}">{cells}'
        "</mergeCells>", text))  # fmt: skip
    found = {}
    for chunk in (1 << 20, 256):
        monkeypatch.setattr("addin.workbook.guards.CHUNK", chunk)
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(SHEET)
            extent = guards._scan_sheet(guards.Package(archive), info, "表1", exact=False)
        found[chunk] = extent
    assert found[256] == found[1 << 20]
    extent = found[256]
    assert extent.merges == len(refs) and extent.bad_merges == ["B2:A1", "hello"]
    assert extent.merged_cells == 190 * 2 + 54 + 54 and extent.widest_merge == "C1:H9"


_LETTERS = st.text(alphabet="ABCXYZabxz", min_size=0, max_size=4)
_NUMBERS = st.integers(min_value=0, max_value=2_000_000)


@settings(max_examples=400, deadline=None)
@given(_LETTERS, _NUMBERS, st.booleans(), st.integers(1, 2_000_000), st.integers(1, 20_000))
def test_a_reference_past_the_bound_is_always_found(letters, number, zero, rows, cols):
    digits = ("0" if zero else "") + str(number)
    ref = f' r="{letters}{digits}"'.encode()
    past = number > rows or (bool(letters) and col_index(letters) + 1 > cols)
    found = sheet_extent._beyond(rows, cols).search(ref) is not None
    assert found == (past or zero or digits.startswith("0")), (ref, rows, cols)


_CELL_TAGS = st.sampled_from(['<c r="{ref}"><v>1</v></c>', "<x:c r='{ref}' s=\"1\"/>",
                              '<c s="2"\tr="{ref}"/>', '<cellWatch r="{ref}"/>'])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CELL_TAGS, _LETTERS.filter(bool), _NUMBERS), max_size=30),
       st.sampled_from(["", '<dimension ref="A1:C9"/>', '<dimension ref="B2"/>']))  # fmt: skip
def test_the_quick_extent_is_never_less_than_the_exact_one(cells, dimension):
    chunk = (dimension + "".join(t.format(ref=f"{ls}{n}") for t, ls, n in cells)).encode()
    rows, cols = sheet_extent.quick_extent(chunk, sheet_extent.declared(chunk))
    exact_rows, exact_cols = sheet_extent.exact_extent(chunk)
    assert rows >= exact_rows and cols >= exact_cols
    if not dimension and not any("cellWatch" in t for t, _, _ in cells):
        assert (rows, cols) == (exact_rows, exact_cols)


def _positional(rows: str):
    """Sheet 1's data replaced by ``rows``: cells and rows without ``r``, placed by the
    reader one after the other."""
    return lambda text: re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>",
                               re.sub(r'<dimension ref="[^"]*"/>', "", text))  # fmt: skip


def test_cells_and_rows_without_references_are_placed_as_the_reader_places_them(tmp_path):
    rows = '<row><c t="inlineStr"><is><t>自评表</t></is></c></row><row/><row r="5"/><row>' \
           "<c><v>1</v></c><c><v>2</v></c></row>"  # fmt: skip
    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, _positional(rows))
    sheet = read_grid(path, formulas=False).sheets[0]
    assert sheet.values[0][0] == "自评表" and sheet.values[5] == [1.0, 2.0]  # A1; A6:B6
    with zipfile.ZipFile(path) as archive:
        (extent,) = check_package(archive)
    assert (extent.rows, extent.cols) == (6, 2)


def test_a_far_cell_placed_by_position_is_refused(tmp_path):
    """1,100 rows without a reference, then 1,000 cells without one: 1.1 million cells that
    no ``r`` attribute names."""
    rows = "<row/>" * 1100 + "<row>" + "<c><v>1</v></c>" * 1000 + "</row>"
    path = _edit(_book(tmp_path / "县.xlsx"), SHEET, _positional(rows))
    with pytest.raises(InputError) as caught:
        read_grid(path, formulas=False)
    assert "工作表「表1」的内容延伸到 ALL1101（1101 行 × 1000 列）" in caught.value.reason

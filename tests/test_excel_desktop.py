"""The ribbon handlers on a fake desktop Excel that enforces sheet protection and counts
COM round trips (see ``excel_fake.py``), on workbooks made from every template: 校验,
清除标记 and 重新计分 pass on protected sheets, put the protection back with the same
options, leave Excel's state as it was, and paint in few calls."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from excel_fake import Application, ComError, FakeBook, _VbaError

from addin.check.actions import check_actions
from addin.check.marks import BACKUP_SHEET, RESULT_SHEET, plan_marks
from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.demo.samples import write_sichuan
from addin.excel.book_grid import read_book
from addin.excel.cellstate import NOTE_WIDTH
from addin.excel.com_painter import DesktopPainter, unions
from addin.excel.handlers import check_book, clear_book, run_task, score_book
from addin.excel.ui import Ui
from addin.rules import Finding
from addin.templates.new import write_template
from addin.workbook.files import read_grid
from addin.workbook.grid import clip_merges, col_letter

TEMPLATES = Path(__file__).resolve().parents[1] / "workbook_templates"
KINDS = sorted(kind.value for kind in FORMS)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def made(seeds, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A workbook made from each template: filled from a seed form of that kind when the
    seeds have one, else the empty template as shipped."""
    folder = tmp_path_factory.mktemp("made")
    forms = {f.form.value: f for seed in seeds.values() for f in seed.forms}
    out = {}
    for kind in KINDS:
        path = folder / f"{kind}.xlsx"
        if kind in forms:
            write_template(FORMS[FormKind(kind)], path, forms[kind])
        else:
            shutil.copy(TEMPLATES / f"{kind}.xlsx", path)
        out[kind] = path
    return out


def form_sheet(book: FakeBook) -> str:
    return next(m.name for m in book.models if m.protection and m.visible == -1)


def test_the_fake_refuses_formatting_a_protected_template_sheet(made: dict[str, Path]) -> None:
    book = FakeBook(made["project_self"])
    ws = book.api.Worksheets(form_sheet(book))
    assert ws.ProtectContents and not ws.Protection.AllowFormattingCells
    with pytest.raises(ComError, match="1004"):
        ws.Range("B7").Interior.Color = 0xCEC7FF
    with pytest.raises(ComError, match="1004"):
        ws.Range("B7").NumberFormat = "0.00%"
    with pytest.raises(ComError, match="1004"):
        ws.Range("A1").Value = "x"  # a locked cell


@pytest.mark.parametrize("kind", KINDS)
def test_check_clear_score_on_a_protected_template_workbook(
    made: dict[str, Path], kind: str
) -> None:
    path = made[kind]
    book = FakeBook(path)
    before = book.snapshot()
    state = dict(book.app.api.state)
    message = run_task(book, check_book)
    assert message.startswith("校验完成"), message
    expected = check_actions(_file_grid(path))
    marks = [a for a in expected.actions if a.op == "mark"]
    names = [m.name for m in book.models]
    assert names[0] == RESULT_SHEET
    assert (names[-1] == BACKUP_SHEET) == bool(marks)
    if marks:
        assert book.model(BACKUP_SHEET).visible == 2  # very hidden
    for action in marks:
        cell = book.cell(action.sheet, action.cell)
        assert cell.fill == action.color, action.cell
        assert cell.note == action.note
    after = book.snapshot()
    for sheet, (_, protection, _) in before.items():
        assert after[sheet][1] == protection, sheet  # protected again, same options
    assert book.app.api.state == state  # screen, events, alerts, calculation restored
    assert ("ScreenUpdating", False) in book.app.api.history or not marks
    run_task(book, clear_book)
    assert book.snapshot() == before  # every cell, note and protection as it was
    message = run_task(book, score_book)
    assert "处理时出现意外错误" not in message, message
    for sheet, (_, protection, _) in before.items():
        assert book.snapshot()[sheet][1] == protection
    assert book.app.api.state == state


def trim(rows: list[list]) -> list[list]:
    """Rows without trailing empty cells and rows (styled empty cells widen Excel's used
    range, not the file reader's)."""
    out = [list(row) for row in rows]
    for row in out:
        while row and row[-1] is None:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def _file_grid(path: Path):
    grid = read_grid(path)
    grid.file = path.name
    return grid


def test_the_book_reads_as_the_file_does_with_number_formats(made: dict[str, Path]) -> None:
    for kind, path in made.items():
        read = read_book(FakeBook(path))
        expected = _file_grid(path)
        assert read.unread_merges == [], kind
        for got, want in zip(read.grid.sheets, expected.sheets, strict=True):
            assert trim(got.filled()) == trim(want.filled()), (kind, got.name)
            clipped = clip_merges(want.merged, got.n_rows, got.n_cols)
            assert sorted(got.merged) == sorted(clipped), (kind, got.name)
            book = openpyxl.load_workbook(path)
            cells = [c for row in book[got.name].iter_rows() for c in row]
            formats = {c.coordinate: c.number_format for c in cells
                       if c.value is not None and c.number_format != "General"}  # fmt: skip
            for ref, number_format in formats.items():
                assert got.formats is not None and got.formats.get(ref) == number_format, ref


def test_a_percent_typed_in_excel_reaches_the_grid_as_a_percent(made: dict[str, Path]) -> None:
    book = FakeBook(made["project_self"])
    sheet = form_sheet(book)
    book.cell(sheet, "H9").value = 0.92
    book.cell(sheet, "H9").number_format = "0%"
    book.cell(sheet, "G9").value = 0.5
    book.cell(sheet, "G9").number_format = "0.00%"  # Excel writes this one as "Percent"
    grid = read_book(book).grid.sheet(sheet)
    assert grid.get("H9") == 0.92 and grid.number_format(8, 7) == "0%"
    assert grid.number_format(8, 6) == "0.00%"


def test_a_whole_grid_merge_is_clipped_to_the_cells_read(made: dict[str, Path]) -> None:
    book = FakeBook(made["project_self"])
    sheet = form_sheet(book)
    book.cell(sheet, "A40").value = "填表说明"
    book.model(sheet).merged.append("A40:XFD1048576")
    read = read_book(book)  # Excel's used range is now the whole grid: 17 billion cells
    assert book.calls.by_name["Find"] == 2  # the last row and column holding anything
    grid = read.grid.sheet(sheet)
    assert grid.n_rows == 40
    last = f"{col_letter(grid.n_cols - 1)}40"
    assert f"A40:{last}" in grid.merged
    assert f"A40:{last}" in read.styles[sheet].merged  # the XML read is clipped as well
    assert len(grid.filled()) == 40


@pytest.mark.parametrize("addin", [True, False], ids=["in-excel", "plain-com"])
def test_a_password_stops_the_run_before_any_cell_changes(
    made: dict[str, Path], addin: bool
) -> None:
    book = FakeBook(made["project_self"])
    if not addin:
        book.app.api.addin = None
    sheet = form_sheet(book)
    book.model(sheet).protection["password"] = "secret"
    before = book.snapshot()
    message = run_task(book, check_book)
    assert message.startswith(f"工作表「{sheet}」设置了密码保护"), message
    assert "没有改动任何单元格" in message
    assert book.snapshot() == before  # nothing painted, no backup or result sheet
    assert book.app.alerts[-1] == (message, "critical")


def test_a_protected_workbook_structure_is_told(made: dict[str, Path]) -> None:
    book = FakeBook(made["project_self"])
    book.api._protect_structure = True
    before = book.snapshot()
    message = run_task(book, check_book)
    assert "保护工作簿结构" in message and book.snapshot() == before


def test_protection_is_put_back_after_an_error(
    made: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = FakeBook(made["project_self"])
    before = book.snapshot()
    state = dict(book.app.api.state)

    def broken(self, name, ws, cells) -> None:
        raise ComError("RPC 服务器不可用", -2147023174)

    monkeypatch.setattr(DesktopPainter, "_mark_sheet", broken)
    message = run_task(book, check_book)
    assert "处理时出现意外错误" in message
    after = book.snapshot()
    for sheet, (_, protection, _) in before.items():
        assert after[sheet][1] == protection
    assert book.app.api.state == state


def test_unions_stay_within_excels_address_limit() -> None:
    refs = [f"AB{n}" for n in range(1, 400)]
    chunks = list(unions(refs))
    assert all(len(c) <= 255 for c in chunks)
    assert ",".join(chunks).split(",") == refs


# --- calls ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def county(seeds, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 12-sheet county workbook (Sichuan layout), every sheet protected like a template."""
    path = tmp_path_factory.mktemp("county") / "渠县_2024自评.xlsx"
    write_sichuan(seeds["000"].forms, path)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        ws.protection.sheet = True
        ws.protection.formatCells = True
    book.save(path)
    return path


def hundred_findings(book: FakeBook) -> tuple[list, int]:
    """The engine's findings on the county book, topped up to 100 with findings on other
    cells; (the actions, how many marked cells)."""
    read = read_book(book)
    findings = list(check_actions(read.grid).report.findings)
    marked = {(f.sheet, f.cell) for f in findings}
    for sheet in read.grid.sheets:
        for row in range(30, 60):
            if len(findings) >= 100:
                break
            if (sheet.name, f"C{row}") not in marked:
                findings.append(Finding(code="JX000", severity="warning", sheet=sheet.name,
                                        cell=f"C{row}", message="测试", hint="测试"))  # fmt: skip
    actions = plan_marks(findings, book.name)
    return actions, sum(1 for a in actions if a.op == "mark")


def test_reading_costs_a_few_calls_per_sheet(county: Path) -> None:
    book = FakeBook(county)
    read_book(book)
    assert len(book.models) == 12
    # per sheet: Item, Name, UsedRange, CountLarge, Row, Column, Value, Formula, GetValue(11),
    # Visible
    assert book.calls.by_name["GetValue"] == 12 and book.calls.by_name["Find"] == 0
    assert book.calls.total == 2 + 12 * 2 + 12 * 8 + len(book._names)


def _mark_and_clear(county: Path, addin: bool) -> tuple[FakeBook, Counter, Counter, dict]:
    """The 100 findings marked on the county book, then cleared; (the book, the calls of
    marking, those of clearing, the book as it was marked)."""
    book = FakeBook(county)
    if not addin:
        book.app.api.addin = None  # jixiao.xlam not loaded: plain COM only
    before = book.snapshot()
    actions, marked = hundred_findings(book)
    assert marked == 100 and len({a.sheet for a in actions if a.op == "mark"}) == 12
    read = read_book(book)
    book.calls.reset()
    painter = DesktopPainter(book, Ui(book), read.styles)
    painter.apply(actions)
    assert painter.marked == 100
    marking = Counter(book.calls.by_name)
    for action in actions:
        if action.op == "mark":
            cell = book.cell(action.sheet, action.cell)
            assert (cell.fill, cell.note) == (action.color, action.note), action.cell
            lines = action.note.count("\n") + 1
            assert cell.note_size == (NOTE_WIDTH, 40 + 18 * lines), action.cell
    marked_book = book.snapshot()
    assert all(marked_book[m][1] == before[m][1] for m in before)  # protected again
    book.calls.reset()
    clear = DesktopPainter(book, Ui(book))
    clear.apply([actions[0]])
    assert clear.restored == 100
    assert book.snapshot() == before
    return book, marking, Counter(book.calls.by_name), marked_book


def test_marking_100_findings_on_12_sheets_costs_about_100_calls_plus_a_few_per_note(
    county: Path,
) -> None:
    _, marking, clearing, _ = _mark_and_clear(county, addin=True)
    # notes put and protection read inside Excel: one Run for all sheets' protection,
    # one per sheet for its notes; no call per note
    assert marking["Run"] == 1 + 12 and marking["AddComment"] == 0
    assert marking["Unprotect"] == marking["Protect"] == 12
    assert sum(marking.values()) <= 100 + 100, marking  # was 887: 5 calls per note …
    assert sum(marking.values()) == PINNED_CHECK_CALLS, marking
    assert clearing["Run"] == 1 + 12 and clearing["ClearComments"] == 0
    assert sum(clearing.values()) == PINNED_CLEAR_CALLS, clearing  # was 310


def test_without_the_addins_module_the_same_marks_cost_plain_com_calls(county: Path) -> None:
    """An older jixiao.xlam (or none loaded): Application.Run is refused once and the
    same work is done call by call, with the same result."""
    _, _, _, marked = _mark_and_clear(county, addin=True)
    _, marking, clearing, marked_plain = _mark_and_clear(county, addin=False)
    assert marked_plain == marked
    assert marking["Run"] == 1  # refused once, not tried again
    assert marking["AddComment"] == 100 and marking["Width"] == marking["Height"] == 100
    assert marking["AllowFormattingCells"] == 12  # protection read through COM
    assert sum(marking.values()) == PINNED_PLAIN_CHECK_CALLS, marking
    assert sum(clearing.values()) == PINNED_PLAIN_CLEAR_CALLS, clearing


def test_a_failing_procedure_leaves_the_work_to_plain_com(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The procedure answers an error as text (it never raises in Excel): the notes it
    may have put are cleared and put again through COM."""
    book = FakeBook(county)
    actions, _ = hundred_findings(book)
    read = read_book(book)
    sheet = next(a.sheet for a in actions if a.op == "mark")
    real = Application._vba_SetNotes

    def failing(self, book_name, name, cleared, refs, *rest):
        if name != sheet:
            return real(self, book_name, name, cleared, refs, *rest)
        real(self, book_name, name, cleared, refs[:1], *(column[:1] for column in rest))
        raise _VbaError(1004, "批注添加失败")  # after one note was put

    monkeypatch.setattr(Application, "_vba_SetNotes", failing)
    DesktopPainter(book, Ui(book), read.styles).apply(actions)
    for action in actions:
        if action.op == "mark":
            assert book.cell(action.sheet, action.cell).note == action.note


def test_protection_read_inside_excel_failing_is_read_through_com(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = FakeBook(county)
    before = book.snapshot()
    actions, _ = hundred_findings(book)
    read = read_book(book)

    def failing(self, *args):
        raise _VbaError(9, "下标越界")

    monkeypatch.setattr(Application, "_vba_ProtectionOf", failing)
    book.calls.reset()
    DesktopPainter(book, Ui(book), read.styles).apply(actions)
    assert book.calls.by_name["AllowUsingPivotTables"] == 12  # each sheet asked through COM
    assert book.calls.by_name["AddComment"] == 0  # the notes still put inside Excel
    after = book.snapshot()
    assert all(after[name][1] == before[name][1] for name in before)


PINNED_CHECK_CALLS = 181
PINNED_CLEAR_CALLS = 107  # 106, and one ProtectStructure: 清除标记 deletes sheets
PINNED_PLAIN_CHECK_CALLS = 873
PINNED_PLAIN_CLEAR_CALLS = 299  # and one ProtectStructure

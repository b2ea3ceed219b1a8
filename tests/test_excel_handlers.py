"""The ribbon handlers on a real xlwings Book: the remote engine (xlwings Server) built from
the JSON payload its Office.js client sends, for county workbooks in the seeds' layouts.
Every change a handler makes is an action the engine records (``book.json()``).

The licence key ``noncommercial`` is set here only: the product runs on the desktop (COM)
engine, which needs none. The remote engine cannot read merged areas, fills, note texts or
formulas synchronously; merged areas are handed in as desktop Excel reports them (the
sample file's own), the rest is what a payload carries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings as xw

from addin.check.actions import check_actions, score_actions
from addin.check.marks import (
    BACKUP_SHEET,
    RESULT_SHEET,
    SEVERITY_ORDER,
    MarkAction,
    apply_to_file,
    plan_marks,
)
from addin.check.run import NO_FORM
from addin.demo.samples import SampleLayout, write_hunan, write_sichuan
from addin.excel.book_grid import read_book
from addin.excel.cellstate import parse_fill
from addin.excel.handlers import check_book, clear_book, on_check, run_task, score_book
from addin.excel.painter import BACKUP_HEADER, RESULT_HEADER
from addin.excel.settings import load_profile_choice, log_file
from addin.excel.tasks import UserError, choose_profile
from addin.workbook.files import read_grid

VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


# --- the payload and the recorded actions --------------------------------------------------


def payload(path: Path) -> dict[str, Any]:
    """What the xlwings Office.js client sends for the workbook at ``path``."""
    book = openpyxl.load_workbook(path)
    sheets = []
    for ws in book.worksheets:
        values = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
        notes = [{"address": c.coordinate} for row in ws.iter_rows() for c in row if c.comment]
        sheets.append({
            "name": ws.title, "values": values or [[]], "used_range_address": ws.dimensions,
            "visibility": VISIBILITY[ws.sheet_state], "notes": notes, "pictures": [],
            "shapes": [], "charts": [], "tables": [], "print_area": None,
            "show_gridlines": True, "pivot_tables": [],
        })  # fmt: skip
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def merges_of(path: Path):
    """Merged areas as desktop Excel reports them (the remote engine cannot)."""
    book = openpyxl.load_workbook(path)
    merged = {ws.title: [str(r) for r in ws.merged_cells.ranges] for ws in book.worksheets}
    return lambda sheet, used: merged[sheet.name]


def cell_of(action: dict[str, Any]) -> str:
    return openpyxl.utils.get_column_letter(action["start_column"] + 1) + str(
        action["start_row"] + 1
    )


def recorded(book: xw.Book, sheet_names: list[str]) -> list[tuple[str | None, dict[str, Any]]]:
    """Each action with the name of the sheet it targets (sheets added and deleted replayed)."""
    names = list(sheet_names)
    out = []
    for action in book.json()["actions"]:
        position = action["sheet_position"]
        out.append((names[position] if position is not None else None, action))
        if action["func"] == "addSheet":
            names.insert(action["args"][0], action["args"][1])
        elif action["func"] == "sheetDelete":
            del names[position]
    return out


def funcs(actions: list[tuple[str | None, dict[str, Any]]], func: str) -> list[tuple]:
    return [(sheet, a) for sheet, a in actions if a["func"] == func]


@pytest.fixture
def remote(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Open a payload as a remote-engine Book (licence set for the test only)."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    from xlwings.pro import _xlremote  # imported once the key is there

    if "remote" not in [engine.name for engine in xw.engines]:
        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))

    def open_book(path: Path) -> xw.Book:
        return xw.Book(json=payload(path))

    return open_book


@pytest.fixture(scope="module")
def hunan(seeds, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleLayout]:
    path = tmp_path_factory.mktemp("hunan") / "雁峰区总工会_2024自评.xlsx"
    return path, write_hunan(seeds["002"].forms, path)


@pytest.fixture(scope="module")
def sichuan(seeds, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sichuan") / "渠县总工会_2024自评.xlsx"
    write_sichuan(seeds["000"].forms, path)
    return path


def sheet_names(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def expected_grid(path: Path):
    grid = read_grid(path)
    grid.file = path.name
    return grid


# --- reading -------------------------------------------------------------------------------


def test_the_book_reads_as_the_file_does(remote, hunan) -> None:
    path, _ = hunan
    read = read_book(remote(path), merges_of(path))
    expected = expected_grid(path)
    assert read.unread_merges == []
    assert [s.name for s in read.grid.sheets] == [s.name for s in expected.sheets]
    for got, want in zip(read.grid.sheets, expected.sheets, strict=True):
        assert got.filled() == want.filled(), got.name
    assert read.grid.file == path.name


# --- 校验 ------------------------------------------------------------------------------------


def test_check_marks_each_finding_on_its_cell(remote, hunan, seeds) -> None:
    path, layout = hunan
    book = remote(path)
    message = run_task(book, lambda b, ui: check_book(b, ui, merges_of(path)))
    expected = check_actions(expected_grid(path))
    marks = [a for a in expected.actions if isinstance(a, MarkAction)]
    counts = expected.report.counts
    assert counts["error"] > 0 and len(marks) > 10
    actions = recorded(book, sheet_names(path))

    colours = {(s, cell_of(a)): a["args"][0] for s, a in funcs(actions, "setRangeColor")
               if s != RESULT_SHEET}  # fmt: skip
    notes = {(s, a["args"][0].replace("$", "")): a["args"][1] for s, a in funcs(actions, "addNote")}
    assert colours == {(m.sheet, m.cell): f"#{m.color}" for m in marks}
    assert notes == {(m.sheet, m.cell): m.note for m in marks}

    # the seed's own defect: 送温暖's 总分 100 is not the sum of its parts
    forms = seeds["002"].forms
    form = next(f for f in layout.forms if forms[f.form_index].header.project == "区财政送温暖")
    total = (form.sheet, form.cells["total"])
    assert colours[total] == "#FFC7CE" and "总分" in notes[total]

    assert f"错误 {counts['error']} 项，警告 {counts['warning']} 项" in message
    (alert,) = [a for _, a in funcs(actions, "alert")]
    assert alert["args"][:2] == [message, "绩效助手"] and "Traceback" not in message


def test_check_saves_every_cell_before_painting_it(remote, hunan) -> None:
    path, _ = hunan
    book = remote(path)
    run_task(book, lambda b, ui: check_book(b, ui, merges_of(path)))
    actions = recorded(book, sheet_names(path))
    order = [(a["func"], s) for s, a in actions]
    added = [a["args"][1] for _, a in funcs(actions, "addSheet")]
    assert added == [BACKUP_SHEET, RESULT_SHEET]
    (backup_values,) = [a["values"] for s, a in funcs(actions, "setValues") if s == BACKUP_SHEET]
    assert backup_values[0] == BACKUP_HEADER
    painted = {(s, cell_of(a)) for s, a in funcs(actions, "setRangeColor") if s != RESULT_SHEET}
    assert {(row[0], row[1]) for row in backup_values[1:]} == painted
    first_paint = next(i for i, (f, s) in enumerate(order) if f == "setRangeColor")
    assert order.index(("setValues", BACKUP_SHEET)) < first_paint
    assert ("setSheetVisibility", BACKUP_SHEET) in order
    assert [a["args"] for s, a in funcs(actions, "setNumberFormat") if s == BACKUP_SHEET] == [
        ["@"]
    ]  # sheet names and cell references stay text


def test_check_lists_findings_with_links_on_the_result_sheet(remote, hunan) -> None:
    path, _ = hunan
    book = remote(path)
    run_task(book, lambda b, ui: check_book(b, ui, merges_of(path)))
    actions = recorded(book, sheet_names(path))
    report = check_actions(expected_grid(path)).report
    (add,) = [a for _, a in funcs(actions, "addSheet") if a["args"][1] == RESULT_SHEET]
    assert add["args"][0] == 0  # first sheet of the book
    (rows,) = [a["values"] for s, a in funcs(actions, "setValues") if s == RESULT_SHEET]
    assert rows[0][0].startswith("校验结果：错误") and rows[1] == RESULT_HEADER
    ordered = sorted(report.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    assert [r[2] for r in rows[2:]] == [f.code for f in ordered]
    links = {cell_of(a): a["args"] for s, a in funcs(actions, "addHyperlink")}
    for n, row in enumerate(rows[2:], 3):
        if row[3] and row[4]:
            assert links[f"E{n}"][:2] == [f"#'{row[3]}'!{row[4]}", row[4]]
    level_colours = [a["args"][0] for s, a in funcs(actions, "setRangeColor") if s == RESULT_SHEET]
    assert level_colours == ["#FFC7CE", "#FFEB9C", "#DDEBF7"]


def test_text_that_looks_like_a_formula_is_written_as_text(remote, hunan, tmp_path) -> None:
    path, _ = hunan
    book = openpyxl.load_workbook(path)
    ws = book["Sheet1"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "区财政送温暖")
    cell.value = '=HYPERLINK("http://x","区财政送温暖")'
    hostile = tmp_path / "hostile.xlsx"
    book.save(hostile)
    xl = remote(hostile)
    run_task(xl, lambda b, ui: check_book(b, ui, merges_of(hostile)))
    rows = [a["values"] for s, a in funcs(recorded(xl, sheet_names(hostile)), "setValues")]
    texts = [v for block in rows for row in block for v in row if isinstance(v, str)]
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


def test_without_merged_areas_the_clerk_is_told(remote, sichuan) -> None:
    book = remote(sichuan)
    message = run_task(book, check_book)  # the remote engine cannot read merged areas
    assert "合并单元格" in message and "结果可能不完整" in message
    assert funcs(recorded(book, sheet_names(sichuan)), "addNote")


def test_a_book_without_forms_gets_a_chinese_sentence(remote, tmp_path) -> None:
    path = tmp_path / "空白.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "会议纪要"
    book.save(path)
    xl = remote(path)
    message = run_task(xl, check_book)
    assert message == NO_FORM
    actions = [a for a in xl.json()["actions"]]
    assert [a["func"] for a in actions] == ["alert"]
    assert actions[0]["args"][3] == "critical"


def test_an_unexpected_error_is_logged_not_shown(remote, hunan) -> None:
    path, _ = hunan
    book = remote(path)

    def broken(book: Any, ui: Any) -> str:
        raise RuntimeError("boom")

    message = run_task(book, broken)
    assert "意外错误" in message and str(log_file()) in message
    assert "Traceback" not in message and "boom" not in message
    log = log_file().read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: boom" in log


def test_an_entry_point_outside_excel_exits_with_one_chinese_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path))
    with pytest.raises(SystemExit) as stop:
        on_check()  # no Excel here: xw.Book.caller() fails
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [err.strip()] and "工作簿" in err
    assert "Traceback" not in err


# --- 清除标记 ----------------------------------------------------------------------------


def test_clear_restores_a_book_marked_by_the_file_door(remote, hunan, tmp_path) -> None:
    path, _ = hunan
    book = openpyxl.load_workbook(path)
    ws = book["Sheet1"]
    report = check_actions(expected_grid(path)).report
    first = next(f for f in report.findings if f.sheet == "Sheet1" and f.cell)
    ws[first.cell].comment = openpyxl.comments.Comment("填报人的批注", "张三")
    own = tmp_path / "own-note.xlsx"
    book.save(own)
    marked = tmp_path / "marked.xlsx"
    apply_to_file(own, marked, plan_marks(report.findings, own.name))

    xl = remote(marked)
    message = run_task(xl, clear_book)
    actions = recorded(xl, sheet_names(marked))
    saved = openpyxl.load_workbook(marked)[BACKUP_SHEET]
    rows = [r for r in saved.iter_rows(min_row=2, values_only=True) if r[0]]
    assert message == f"已清除 {len(rows)} 个单元格的校验标记，底色和批注已恢复原样。"
    colours = {(s, cell_of(a)): a["args"][0] for s, a in funcs(actions, "setRangeColor")}
    assert colours == {(r[0], r[1]): parse_fill(r[2]).rgb for r in rows}
    restored = {(s, a["args"][0].replace("$", "")): a["args"][1]
                for s, a in funcs(actions, "setNoteText")}  # fmt: skip
    assert restored == {("Sheet1", first.cell): "填报人的批注"}
    deleted = {(s, a["args"][0].replace("$", "")) for s, a in funcs(actions, "deleteNote")}
    assert deleted == {(r[0], r[1]) for r in rows} - {("Sheet1", first.cell)}
    assert [s for s, _ in funcs(actions, "sheetDelete")] == [BACKUP_SHEET, RESULT_SHEET]


def test_clear_without_marks_changes_nothing(remote, hunan) -> None:
    path, _ = hunan
    book = remote(path)
    assert run_task(book, clear_book) == "没有需要清除的校验标记。"
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


# --- 重新计分 --------------------------------------------------------------------------------


def test_score_writes_computed_figures_into_the_form(remote, hunan) -> None:
    path, _ = hunan
    book = remote(path)
    message = run_task(book, lambda b, ui: score_book(b, ui, merges_of(path)))
    expected = score_actions(expected_grid(path))
    actions = recorded(book, sheet_names(path))
    values = {(s, cell_of(a)): a["values"] for s, a in funcs(actions, "setValues")}
    formats = {(s, cell_of(a)): a["args"][0] for s, a in funcs(actions, "setNumberFormat")}
    assert values == {(w.sheet, w.cell): [[w.value]] for w in expected.actions}
    assert formats == {(w.sheet, w.cell): w.number_format for w in expected.actions}
    assert len(values) > 20
    warm = next(s for s in expected.scores if s.title == "区财政送温暖")
    assert f"区财政送温暖：总分 {warm.total:.2f}（{warm.grade}）" in message
    assert f"已把计算结果填入 {len(values)} 个单元格" in message


def test_score_on_a_sichuan_book_writes_nothing_and_says_so(remote, sichuan) -> None:
    book = remote(sichuan)
    message = run_task(book, lambda b, ui: score_book(b, ui, merges_of(sichuan)))
    assert "没有需要填写的得分栏" in message and "总分" in message
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


# --- 设置 ----------------------------------------------------------------------------------


def test_the_chosen_profile_is_remembered_and_used(remote, sichuan) -> None:
    assert load_profile_choice() is None
    assert "四川" in choose_profile("sichuan")
    assert load_profile_choice() == "sichuan"
    assert "按表格所属省份" in choose_profile("auto")
    assert load_profile_choice() is None
    with pytest.raises(UserError, match="没有名为"):
        choose_profile("beijing")
    stored = json.loads((log_file().parent / "settings.json").read_text(encoding="utf-8"))
    assert stored == {"profile": None}

"""The Excel painter when Excel does not cooperate: a nested ``Application.Run`` refused as
busy or never answered falls back to plain COM within a bound (xlwings' own wrapper would
retry for ever, see ``excel_fake.XlwingsRetry``), the log says which path painted, a run
killed half way is undone by the next button, and 清除标记 respects a protected workbook
structure."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import test_excel_desktop as desktop
from excel_fake import FakeBook

from addin.check.actions import clear_actions
from addin.excel import paint_macros, recovery
from addin.excel.book_grid import read_book
from addin.excel.com_painter import DesktopPainter
from addin.excel.handlers import check_book, clear_book, run_task
from addin.excel.protection import XL_CALCULATION_MANUAL, paused, unprotected
from addin.excel.settings import log_file
from addin.excel.ui import Ui

county, made = desktop.county, desktop.made  # the same workbooks (module fixtures)
form_sheet, hundred_findings = desktop.form_sheet, desktop.hundred_findings


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))


def paint(book: FakeBook) -> DesktopPainter:
    actions, _ = hundred_findings(book)
    read = read_book(book)
    book.calls.reset()
    painter = DesktopPainter(book, Ui(book), read.styles)
    painter.apply(actions)
    return painter


def test_a_run_that_never_answers_falls_back_within_the_bound(
    county: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(paint_macros, "RUN_SECONDS", 0.3)
    book = FakeBook(county)
    never = threading.Event()
    book.app.api.trouble(hang=never)
    try:
        painter = paint(book)
    finally:
        never.set()  # let the abandoned call end (it finds nothing left to do)
    assert painter.marked == 100
    assert book.calls.by_name["AddComment"] == 100  # every note put through plain COM
    assert painter.macros.path == "plain COM (ProtectionOf did not answer)"
    log = log_file().read_text(encoding="utf-8")
    assert "ProtectionOf did not answer within 0.3 s" in log
    assert f"painted {book.name} by plain COM (ProtectionOf did not answer)" in log


def test_a_busy_excel_is_asked_again_a_few_times(county: Path) -> None:
    book = FakeBook(county)
    book.app.api.trouble(busy=paint_macros.RUN_ATTEMPTS - 1)
    painter = paint(book)
    assert painter.macros.path == "add-in macros" and book.calls.by_name["AddComment"] == 0
    assert f"painted {book.name} by add-in macros" in log_file().read_text(encoding="utf-8")


def test_an_excel_that_stays_busy_gets_plain_com_not_an_endless_retry(
    county: Path,
) -> None:
    book = FakeBook(county)
    book.app.api.trouble(busy=10 * paint_macros.RUN_ATTEMPTS)
    painter = paint(book)  # through xlwings' wrapper this would never end (the fake fails)
    assert painter.marked == 100 and book.calls.by_name["AddComment"] == 100
    assert painter.macros.path == "plain COM (ProtectionOf could not run)"


def test_a_run_killed_half_way_is_undone_by_the_next_button(
    made: dict[str, Path],
) -> None:
    book = FakeBook(made["project_self"])
    name = form_sheet(book)
    before = book.snapshot()[name][1]
    state = dict(book.app.api.state)
    ws = book.api.Worksheets(name)
    pending = recovery.Pending(book.name)
    # what a painter does before it is killed: it never reaches its finally (the
    # generators are kept, or their finally would run when they are collected)
    killed = [paused(book.app.api, pending), unprotected({name: ws}, None, pending)]
    for step in killed:
        step.__enter__()
    assert book.app.api.state["Calculation"] == XL_CALCULATION_MANUAL
    assert not ws.ProtectContents and recovery.note_file().is_file()
    fresh = FakeBook(made["project_self"])  # the same workbook, the next button
    fresh.models, fresh.app = book.models, book.app
    run_task(fresh, lambda b, ui: "好")
    assert book.app.api.state == state  # calculation automatic again, events, screen
    assert book.snapshot()[name][1] == before  # protected again with the same options
    assert not recovery.note_file().exists()
    assert "an earlier run ended early; restored" in log_file().read_text(encoding="utf-8")


def test_a_finished_run_leaves_no_note(made: dict[str, Path]) -> None:
    book = FakeBook(made["project_self"])
    check_book(book, Ui(book))
    assert not recovery.note_file().exists()


def test_clear_marks_respects_a_protected_workbook_structure(
    made: dict[str, Path],
) -> None:
    book = FakeBook(made["project_self"])
    check_book(book, Ui(book))
    marked = book.snapshot()
    book.api._protect_structure = True
    message = run_task(book, clear_book)
    assert "保护工作簿结构" in message and "删除“校验结果”" in message
    assert book.snapshot() == marked  # nothing changed
    DesktopPainter(FakeBook(made["project_self"]), None).apply(clear_actions())  # no marks: fine


PLACEHOLDER = "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment"


@pytest.mark.parametrize("addin", [True, False])
def test_a_threaded_comment_is_never_deleted(county: Path, addin: bool) -> None:
    book = FakeBook(county)
    if not addin:
        book.app.api.addin = None  # plain COM: ClearComments would delete the thread
    actions, _ = hundred_findings(book)
    first = next(a for a in actions if a.op == "mark")
    cell = book.cell(first.sheet, first.cell)
    cell.note, cell.thread = PLACEHOLDER, "请核对这个数（张三）"
    before = book.snapshot()
    read = read_book(book)
    DesktopPainter(book, Ui(book), read.styles).apply(actions)
    assert cell.fill == first.color  # marked by its colour
    assert (cell.thread, cell.note) == ("请核对这个数（张三）", PLACEHOLDER)  # the thread kept
    others = [a for a in actions if a.op == "mark" and a.cell != first.cell]
    assert all(book.cell(a.sheet, a.cell).note == a.note for a in others[:5])
    clear = DesktopPainter(book, Ui(book))
    clear.apply(clear_actions())
    assert book.snapshot() == before

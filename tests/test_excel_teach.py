"""读表情况 and 教读表 on a real xlwings Book (the remote engine built from the payload its
Office.js client sends, with the selected cell): the headers not understood are listed with
the role their cells suggest; a selected header taught as a role is written to the user's
vocabulary file (JIXIAO_VOCABULARY, in tmp) and the same workbook then reads."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from excel_fake import FakeBook
from test_excel_handlers import payload

import addin.excel.handlers as handlers
from addin.demo.samples import write_hunan
from addin.excel.book_grid import read_book
from addin.excel.handlers import run_task
from addin.excel.teach import (
    LIST_TAG,
    REMOVE_TAG,
    SUGGESTED_TAG,
    inspect_book,
    role_code,
    teach_menu,
)
from addin.excel.ui import Ui
from addin.reader import read_report
from addin.reader.inspecting import gaps
from addin.reader.teaching import ROLE_BY_NAME
from addin.reader.vocabulary import reload
from addin.workbook.files import read_grid

SELF_TITLE = "项目支出绩效自评表"
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"]
INDICATORS = [
    ["产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50],
    ["效益指标", "社会效益指标", "知晓率", "≥90%", "95%", 40, 40],
    ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "96%", 10, 10],
]


def workbook(path: Path, header: list[str], funding: list[list] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in [[SELF_TITLE], ["项目名称", "职工培训"], *(funding or []), header, *INDICATORS]:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's vocabulary file in tmp (the real one is never touched)."""
    file = tmp_path / "词表" / "vocabulary.toml"
    monkeypatch.setenv("JIXIAO_VOCABULARY", str(file))
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    reload()
    yield file
    monkeypatch.delenv("JIXIAO_VOCABULARY")
    reload()  # later tests read with the built-in words only


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, vocabulary: Path):
    """A remote-engine Book of a file with ``selection`` selected (licence for tests only)."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    from xlwings.pro import _xlremote

    if "remote" not in [engine.name for engine in xw.engines]:
        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))

    def open_book(path: Path, selection: str = "A1") -> xw.Book:
        data = payload(path)
        data["book"]["selection"] = selection
        return xw.Book(json=data)

    return open_book


def code(name: str) -> str:
    return role_code(ROLE_BY_NAME[name])


def words(file: Path) -> dict:
    return tomllib.loads(file.read_text(encoding="utf-8"))


def test_inspect_lists_the_headers_not_understood_with_their_suggested_roles(tmp_path, opened):
    path = workbook(
        tmp_path / "新版式.xlsx",
        ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"],
    )
    message = inspect_book(opened(path), Ui(None))
    assert message.startswith("「新版式.xlsx」的读表情况：\n· 工作表「自评表」：表「")
    assert "表头在第 3 行，读到 3 行指标" in message
    assert "自评表!E3「年终实现数」→ 完成值" in message
    assert "自评表!G3「评得分」→ 得分" in message
    assert "单击表头单元格，再在“教读表”中选它表示的内容" in message


def test_a_selected_header_taught_as_a_role_is_written_and_read(tmp_path, opened, vocabulary):
    path = workbook(
        tmp_path / "新版式.xlsx",
        ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"],
    )
    before = len(gaps(read_report(read_grid(path))))
    message = teach_menu(opened(path, "E3"), Ui(None), code("完成值"))
    assert message.startswith("已教会：自评表!E3「年终实现数」→ 完成值（实际完成值列）。")
    assert f"词表文件：{vocabulary}" in message
    assert f"未认出或没有读到的 {before} 处 → {before - 1} 处" in message
    assert words(vocabulary)["columns"]["actual"]["names"] == ["年终实现数"]
    assert "E3「年终实现数」" not in inspect_book(opened(path), Ui(None))
    # the same role again: nothing changes
    again = teach_menu(opened(path, "E3"), Ui(None), code("完成值"))
    assert again.startswith("「年终实现数」已是「完成值」的写法，未改动。")
    # a second file of the same layout now reads the column as 完成值
    other = workbook(
        tmp_path / "另一县.xlsx",
        ["一级指标", "二级指标", "三级指标", "指标值", "年终实现数", "分值", "得分"],
    )
    (table,) = read_report(read_grid(other)).sheets[0].tables
    assert next(c.field for c in table.columns if c.header == "年终实现数") == "actual"


def test_a_funding_header_is_taught_from_a_merged_selection(tmp_path, opened, vocabulary):
    funding = [
        ["项目资金", "年初预算数", "调整后预算\n（万元）", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", 10, 12, 11, 10, "91.67%", 9.17],
    ]
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    path = workbook(tmp_path / "资金.xlsx", header, funding)

    def total() -> tuple[str | None, str | None]:
        (table,) = read_report(read_grid(path)).sheets[0].tables
        (line,) = [f for f in table.funding if f.kind == "total"]
        return line.budget, line.cells.get("budget")

    assert total() == ("10", "B4")  # without the word: the 年初 figure stands in
    message = teach_menu(opened(path, "C3:C4"), Ui(None), code("全年预算"))
    assert message.startswith("已教会：自评表!C3「调整后预算(万元)」→ 全年预算")
    assert words(vocabulary)["funding"]["columns"]["budget"] == ["调整后预算(万元)"]
    assert total() == ("12", "C4")


def test_teaching_refusals_are_sentences(tmp_path, opened, vocabulary):
    path = workbook(
        tmp_path / "新版式.xlsx",
        ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"],
    )
    empty = run_task(opened(path, "J9"), lambda b, ui: teach_menu(b, ui, code("完成值")))
    assert empty.startswith("所选单元格 自评表!J9 中没有表头文字。请先单击一个表头单元格")
    number = run_task(opened(path, "F4"), lambda b, ui: teach_menu(b, ui, code("分值")))
    assert number.startswith("所选单元格 自评表!F4 中没有表头文字")
    unknown = run_task(opened(path, "E3"), lambda b, ui: teach_menu(b, ui, "columns.nothing"))
    assert "没有这种角色（columns.nothing）" in unknown
    assert not vocabulary.exists()
    teach_menu(opened(path, "E3"), Ui(None), code("完成值"))
    taken = run_task(opened(path, "E3"), lambda b, ui: teach_menu(b, ui, code("指标值")))
    assert taken == (
        "「年终实现数」已是「完成值」的写法。要改成「指标值」，"
        "请先点“教读表”→“删去所选单元格的写法”，再选角色。"
    )
    vocabulary.write_text("[columns\n", encoding="utf-8")  # broken by hand
    broken = run_task(opened(path, "G3"), lambda b, ui: teach_menu(b, ui, code("得分")))
    assert broken.startswith(f"词表文件 {vocabulary} 无法读取") and "Traceback" not in broken


def test_list_and_remove_from_the_menu(tmp_path, opened, vocabulary):
    path = workbook(
        tmp_path / "新版式.xlsx",
        ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"],
    )
    book = opened(path, "G3")
    assert "还没有教过任何写法" in teach_menu(book, Ui(None), LIST_TAG)
    teach_menu(book, Ui(None), code("得分"))
    assert "「评得分」→ 得分" in teach_menu(book, Ui(None), LIST_TAG)
    removed = teach_menu(book, Ui(None), REMOVE_TAG)
    assert removed == f"已删去「评得分」（原为 得分）。词表文件：{vocabulary}"
    assert "自评表!G3「评得分」→ 得分" in inspect_book(book, Ui(None))  # not understood again
    again = run_task(book, lambda b, ui: teach_menu(b, ui, REMOVE_TAG))
    assert again.startswith(f"词表文件 {vocabulary} 中没有「评得分」（自评表!G3），未改动。")


def test_the_entry_points_show_one_message(tmp_path, opened, vocabulary, monkeypatch):
    path = workbook(
        tmp_path / "新版式.xlsx",
        ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"],
    )
    book = opened(path, "E3")
    monkeypatch.setattr(handlers, "_caller", lambda: book)
    handlers.on_inspect()
    handlers.on_teach(code("完成值"))
    alerts = [a["args"][:2] for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 2 and all(title == "绩效助手" for _, title in alerts)
    assert "自评表!E3「年终实现数」→ 完成值" in alerts[0][0]
    assert alerts[1][0].startswith("已教会：自评表!E3「年终实现数」→ 完成值")


# --- on the fake desktop Excel: COM round trips counted --------------------------------------


def read_calls(path: Path) -> int:
    """The round trips of reading the workbook in bulk (what 校验 reads)."""
    book = FakeBook(path)
    read_book(book)
    return book.calls.total


def test_inspect_reads_in_bulk_and_changes_nothing(seeds, tmp_path, vocabulary):
    path = tmp_path / "雁峰区总工会_2024自评.xlsx"
    write_hunan(seeds["002"].forms, path)
    book = FakeBook(path)
    before = book.snapshot()
    message = inspect_book(book, Ui(book))
    assert message.startswith("「雁峰区总工会_2024自评.xlsx」的读表情况：")
    assert message.count("· 工作表") >= 4
    status_bar = book.calls.by_name["StatusBar"]
    assert book.calls.total - status_bar == read_calls(path)  # nothing cell by cell
    assert book.snapshot() == before


def test_teaching_on_desktop_excel_reads_the_selection_once(tmp_path, vocabulary):
    path = workbook(tmp_path / "新版式.xlsx", HEADER)
    book = FakeBook(path)
    book.select("自评表", "G3:G4")  # a merged header selects its area
    before = book.snapshot()
    message = run_task(book, lambda b, ui: teach_menu(b, ui, code("得分")))
    assert message.startswith("已教会：自评表!G3「评得分」→ 得分（指标的得分列）。")
    assert book.app.alerts == [(message, "info")]
    counted = book.calls.by_name
    selection = ("Selection", "Selection.Worksheet.Name", "Selection.Address", "Selection.Value")
    assert [counted[n] for n in selection] == [1] * 4
    assert book.calls.total - counted["StatusBar"] == read_calls(path) + 4
    assert book.snapshot() == before  # the workbook itself is not changed
    book.select("自评表", "B1")
    empty = run_task(book, lambda b, ui: teach_menu(b, ui, code("得分")))
    assert empty.startswith("所选单元格 自评表!B1 中没有表头文字")
    assert book.app.alerts[-1] == (empty, "critical")


def test_the_suggested_role_is_taught_in_one_click(tmp_path, opened, vocabulary):
    header = [*HEADER, "佐证材料"]
    path = workbook(tmp_path / "新版式.xlsx", header)
    message = teach_menu(opened(path, "G3"), Ui(None), SUGGESTED_TAG)
    assert message.startswith("已教会：自评表!G3「评得分」→ 得分（指标的得分列）。")
    assert words(vocabulary)["columns"]["score"]["names"] == ["评得分"]
    understood = run_task(opened(path, "A3"), lambda b, ui: teach_menu(b, ui, SUGGESTED_TAG))
    assert understood == (
        "「一级指标」不在“读表情况”列出的未认出表头中：请在“教读表”中选它表示的内容。"
    )
    unknown = run_task(opened(path, "H3"), lambda b, ui: teach_menu(b, ui, SUGGESTED_TAG))
    assert unknown == "读表程序判断不了「佐证材料」这一列是什么：请在“教读表”中选它表示的内容。"
    assert "自评表!H3「佐证材料」→ （请按列的内容选择）" in inspect_book(opened(path), Ui(None))
    assert list(words(vocabulary)["columns"]) == ["score"]

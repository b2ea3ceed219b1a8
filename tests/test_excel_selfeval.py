"""从目标表生成 and 生成自评报告 on a fake desktop Excel (``excel_fake.py``): county workbooks
and workbooks made from our protected templates, read in bulk; the files written beside the
workbook are read back by the ordinary reader and compared with the command line's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from excel_fake import FakeBook
from test_prefill import assert_carries

from addin.check.actions import compare_actions
from addin.check.marks import RESULT_SHEET
from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.excel.handlers import clear_book, run_task
from addin.excel.selfeval import compare_book, prefill_book, report_book
from addin.excel.settings import save_profile_choice
from addin.excel.tasks import UserError
from addin.excel.ui import Ui
from addin.reader import read_forms
from addin.reader.targets import read_targets
from addin.selfeval.report import write_report
from addin.templates.new import write_template
from addin.workbook.files import read_grid


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))


def made(tmp_path: Path, kind: FormKind, form) -> Path:
    """A workbook made from our (protected) template of ``kind``, filled with ``form``."""
    path = tmp_path / "模板" / f"{FORMS[kind].title}.xlsx"
    path.parent.mkdir(exist_ok=True)
    write_template(FORMS[kind], path, form)
    return path


def no_picker(book: object) -> Path | None:
    raise AssertionError("the file picker must not open when the book holds target forms")


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_prefill_from_the_hebei_targets_writes_one_self_evaluation_per_project(hebei):
    book, opened = FakeBook(hebei), []
    before = book.snapshot()
    message = prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: opened.append(p))
    declared = read_targets(hebei)
    written = sorted(hebei.parent.glob("正定县总工会_2022目标_项目支出绩效自评表-*.xlsx"))
    assert len(written) == len(declared) == 6
    by_number = sorted(written, key=lambda p: int(p.stem.split("-")[1]))
    for target, path in zip(declared, by_number, strict=True):
        (form,) = read_forms(read_grid(path))
        assert form.form == FormKind.PROJECT_SELF
        assert form.header.project == target.header.project
        assert_carries(target, form)
    assert opened == [by_number[0]]
    head = f"已从「{hebei.name}」的 6 张目标表生成自评表，保存在 {hebei.parent}："
    assert message.startswith(head)
    assert "已打开第一份" in message
    assert book.snapshot() == before  # the target workbook itself is not touched


def test_prefill_twice_never_replaces_the_first_files(hebei):
    book = FakeBook(hebei)
    prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: None)
    first = {p: p.read_bytes() for p in hebei.parent.glob("*自评表*.xlsx")}
    opened: list[Path] = []
    prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: opened.append(p))
    assert all(p.read_bytes() == content for p, content in first.items())
    again = set(hebei.parent.glob("*自评表*.xlsx")) - set(first)
    assert len(again) == 6 and all(p.stem.endswith("（2）") for p in again)
    assert opened[0] in again


@pytest.mark.parametrize(
    ("kind", "seed", "self_kind"),
    [
        (FormKind.PROJECT_TARGET, "001", FormKind.PROJECT_SELF),
        (FormKind.DEPT_TARGET, "004", FormKind.DEPT_SELF),
    ],
)
def test_prefill_from_our_protected_target_template(seeds, tmp_path, kind, seed, self_kind):
    target_form = next(f for f in seeds[seed].forms if f.form == kind)
    path = made(tmp_path, kind, target_form)
    book, opened = FakeBook(path), []
    assert any(m.protection for m in book.models)  # the template's sheets are protected
    before = book.snapshot()
    message = prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: opened.append(p))
    (out,) = opened
    assert out.parent == path.parent and out.name == f"{path.stem}_{FORMS[self_kind].title}.xlsx"
    (declared,) = read_targets(path)
    (form,) = read_forms(read_grid(out))
    assert form.form == self_kind
    assert_carries(declared, form)
    assert out.name in message
    assert book.snapshot() == before


def test_the_sichuan_profile_gives_the_sichuan_form(seeds, tmp_path):
    save_profile_choice("sichuan")
    target = next(f for f in seeds["001"].forms if f.form == FormKind.PROJECT_TARGET)
    path = made(tmp_path, FormKind.PROJECT_TARGET, target)
    opened: list[Path] = []
    book = FakeBook(path)
    prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: opened.append(p))
    (form,) = read_forms(read_grid(opened[0]))
    assert form.form == FormKind.SC_PROJECT_SELF
    assert opened[0].name.endswith(f"_{FORMS[FormKind.SC_PROJECT_SELF].title}.xlsx")


def test_without_targets_in_the_book_the_picked_workbook_is_used(hunan, hebei):
    book, opened, asked = FakeBook(hunan), [], []

    def picker(b: object) -> Path:
        asked.append(b)
        return hebei

    message = prefill_book(book, Ui(book), picker=picker, opener=lambda b, p: opened.append(p))
    assert asked == [book] and len(opened) == 1
    assert opened[0].parent == hebei.parent  # beside the picked target workbook
    assert len(list(hebei.parent.glob("*_项目支出绩效自评表-*.xlsx"))) == 6
    assert not [p for p in hunan.parent.iterdir() if p != hunan]
    assert message.startswith(f"已从「{hebei.name}」的 6 张目标表生成自评表")


def test_the_workbook_picked_in_vba_is_used_without_a_python_dialog(hunan, hebei):
    """从目标表生成 where the VBA already picked the target workbook (no target sheet)."""
    book, opened = FakeBook(hunan), []

    def never(b: object) -> Path:
        raise AssertionError("no dialog from Python when the VBA picked the file")

    message = prefill_book(book, Ui(book), picker=never, opener=lambda b, p: opened.append(p),
                           chosen=hebei)  # fmt: skip
    assert len(opened) == 1 and opened[0].parent == hebei.parent
    assert message.startswith(f"已从「{hebei.name}」的 6 张目标表生成自评表")


def test_a_cancelled_picker_writes_nothing(hunan):
    book = FakeBook(hunan)
    message = prefill_book(book, Ui(book), picker=lambda b: None, opener=lambda b, p: None)
    assert message == "已取消从目标表生成。"
    assert files(hunan.parent) == {hunan.name}


def test_a_picked_workbook_without_targets_is_told(hunan):
    book = FakeBook(hunan)
    message = run_task(book, lambda b, ui: prefill_book(b, ui, picker=lambda _: hunan,
                                                        opener=lambda b, p: None))  # fmt: skip
    assert message == (
        f"{hunan.name}：没有找到绩效目标表（项目支出绩效目标表或部门整体绩效目标申报表）"
        "。请选择填好的绩效目标表工作簿。"
    )
    assert book.app.alerts == [(message, "critical")]
    assert files(hunan.parent) == {hunan.name}


def test_an_unsaved_target_workbook_is_asked_to_be_saved(hebei):
    book = FakeBook(hebei)
    book.fullname = book.name = "工作簿1"
    asked = "^「工作簿1」还没有保存：请先保存（文件 → 另存为），自评表将保存在它旁边"
    with pytest.raises(UserError, match=asked):
        prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: None)
    assert files(hebei.parent) == {hebei.name}


def test_a_workbook_opened_from_a_web_address_is_asked_to_be_saved_locally(hunan):
    book = FakeBook(hunan)
    book.fullname = "https://example-my.sharepoint.com/personal/u/Documents/雁峰区.xlsx"
    message = run_task(book, report_book)
    assert message.startswith(f"「{hunan.name}」是从网络位置（OneDrive 或 SharePoint）打开的")
    assert files(hunan.parent) == {hunan.name}


def test_the_picker_needs_desktop_excel(hunan, monkeypatch):
    book = FakeBook(hunan)
    monkeypatch.setattr(book.app.engine, "name", "remote")
    message = run_task(book, lambda b, ui: prefill_book(b, ui, opener=lambda b, p: None))
    assert message == "选择目标表需要在 Excel 桌面版中使用。"


# --- 生成自评报告 --------------------------------------------------------------------------


def paragraphs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def test_report_of_the_hunan_book_equals_the_command_lines(hunan, tmp_path):
    book = FakeBook(hunan)
    before = book.snapshot()
    message = report_book(book, Ui(book))
    out = hunan.parent / "雁峰区总工会_2024自评_自评报告.docx"
    assert files(hunan.parent) == {hunan.name, out.name}
    expected = write_report(hunan, tmp_path / "cli.docx")
    assert paragraphs(out) == paragraphs(tmp_path / "cli.docx")
    assert message == (
        f"已生成自评报告草稿：{out}\n"
        "内容：部门整体支出绩效自评报告、项目支出绩效自评汇总报告，"
        f"涉及 {expected.forms} 张自评表。\n"
        f"数字均取自表格；黄色底的【请填写…】共 {expected.fills} 处，请在 Word 或 WPS 文字中补写。"
    )
    assert book.snapshot() == before


def test_report_twice_keeps_the_first_draft(hunan):
    book = FakeBook(hunan)
    report_book(book, Ui(book))
    first = hunan.parent / "雁峰区总工会_2024自评_自评报告.docx"
    content = first.read_bytes()
    message = report_book(book, Ui(book))
    second = hunan.parent / "雁峰区总工会_2024自评_自评报告（2）.docx"
    assert second.is_file() and first.read_bytes() == content
    assert str(second) in message


def test_report_of_our_protected_self_evaluation_template(seeds, tmp_path):
    form = next(f for f in seeds["002"].forms if f.form == FormKind.PROJECT_SELF)
    path = made(tmp_path, FormKind.PROJECT_SELF, form)
    book = FakeBook(path)
    report_book(book, Ui(book))
    out = path.parent / f"{path.stem}_自评报告.docx"
    write_report(path, tmp_path / "cli.docx")
    assert paragraphs(out) == paragraphs(tmp_path / "cli.docx")
    assert "项目支出绩效自评汇总报告" in "".join(paragraphs(out))


def test_report_refusals_are_sentences_and_write_nothing(hebei, hunan):
    book = FakeBook(hebei)
    message = run_task(book, report_book)
    assert message == (f"{hebei.name}：没有找到绩效自评表，无法生成自评报告"
                       "（请在自评表工作簿中点这个按钮）。")  # fmt: skip
    assert files(hebei.parent) == {hebei.name}
    unsaved = FakeBook(hunan)
    unsaved.fullname = unsaved.name = "工作簿2"
    assert run_task(unsaved, report_book) == (
        "「工作簿2」还没有保存：请先保存（文件 → 另存为），自评报告将保存在它旁边。"
    )
    assert files(hunan.parent) == {hunan.name}


def test_a_symlink_in_the_way_is_never_followed(hunan, tmp_path):
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"not ours")
    (hunan.parent / "雁峰区总工会_2024自评_自评报告.docx").symlink_to(elsewhere)
    book = FakeBook(hunan)
    message = report_book(book, Ui(book))
    assert elsewhere.read_bytes() == b"not ours"
    assert "雁峰区总工会_2024自评_自评报告（2）.docx" in message


# --- 目标对照 --------------------------------------------------------------------------------


def edited_self_evaluation(hebei: Path) -> Path:
    """The self-evaluation pre-filled from 项目2 (our protected template), then edited by the
    clerk: a 指标值 lowered and an indicator emptied."""
    book = FakeBook(hebei)
    written: list[Path] = []
    prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: written.append(p))
    path = next(p for p in hebei.parent.glob("*-2-工会礼堂维护费.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if w.sheet_state == "visible" and w.protection.sheet)
    rows = {c.value: c.row for c in ws["D"] if isinstance(c.value, str)}
    ws[f"F{rows['日常巡查维修率']}"] = 80  # declared ≥95
    for col in "DEFG":
        ws[f"{col}{rows['长期使用性']}"] = None
    edited = hebei.parent / "自评表_改过.xlsx"
    wb.save(edited)
    return edited


def test_compare_marks_what_changed_since_the_targets(hebei):
    edited = edited_self_evaluation(hebei)
    book = FakeBook(edited)
    before = book.snapshot()
    message = run_task(book, lambda b, ui: compare_book(b, ui, picker=lambda _: hebei))
    assert "校验完成" in message
    assert message.endswith(f"与目标表「{hebei.name}」对照：指标删去 1 项、改动 1 项"
                            "（每项都写明申报时和现在的内容）。")  # fmt: skip
    grid = read_grid(edited)
    grid.file = edited.name
    expected = compare_actions(grid, read_targets(hebei), hebei.name)
    args = ["check", str(edited), "--targets", str(hebei), "--json"]
    cli = subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True)
    assert [f.model_dump(mode="json") for f in expected.report.findings] == (
        json.loads(cli.stdout)["findings"]
    )
    marks = [a for a in expected.actions if a.op == "mark"]
    for action in marks:
        cell = book.cell(action.sheet, action.cell)
        assert (cell.fill, cell.note) == (action.color, action.note), action.cell
    notes = "\n".join(a.note for a in marks)
    assert "指标「日常巡查维修率」的指标值：申报「≥95」（项目2!E11），自评「≥80」" in notes
    assert "指标「长期使用性」（指标值「≥95」）在自评表中没有" in notes
    assert book.models[0].name == RESULT_SHEET
    for name, (_, protection, _) in before.items():
        assert book.snapshot()[name][1] == protection  # protected again as before
    run_task(book, clear_book)
    assert book.snapshot() == before


def test_compare_of_an_untouched_prefill_finds_no_change(hebei):
    book = FakeBook(hebei)
    written: list[Path] = []
    prefill_book(book, Ui(book), picker=no_picker, opener=lambda b, p: written.append(p))
    evaluated = FakeBook(written[0])
    message = compare_book(evaluated, Ui(evaluated), picker=lambda _: hebei)
    same = f"与目标表「{hebei.name}」对照：指标、指标值、性质和单位都与申报时一致。"
    assert message.endswith(same)


def test_compare_refusals(hebei, hunan):
    target_book = FakeBook(hebei)
    assert run_task(target_book, lambda b, ui: compare_book(b, ui, picker=no_picker)) == (
        f"「{hebei.name}」中没有绩效自评表：请在自评表工作簿中点“目标对照”。"
    )
    book = FakeBook(hunan)
    before = book.snapshot()
    assert compare_book(book, Ui(book), picker=lambda _: None) == "已取消目标对照。"
    message = run_task(book, lambda b, ui: compare_book(b, ui, picker=lambda _: hunan))
    assert message == (
        f"{hunan.name}：没有找到绩效目标表（项目支出绩效目标表或部门整体绩效目标申报表）"
        "。请选择申报时的绩效目标表工作簿。"
    )
    assert book.snapshot() == before


def test_the_compare_entry_point_takes_the_file_chosen_in_vba(hebei, monkeypatch):
    import addin.excel.handlers as handlers

    book = FakeBook(edited_self_evaluation(hebei))
    monkeypatch.setattr(handlers, "_caller", lambda: book)
    handlers.on_compare(str(hebei).encode("utf-16-be").hex().upper())  # as HexText sends it
    ((message, mode),) = book.app.alerts
    assert mode == "info"
    assert message.endswith("指标删去 1 项、改动 1 项（每项都写明申报时和现在的内容）。")
    handlers.on_compare("not hex")
    unreadable = "无法读取所选文件的路径，请重新点“目标对照”并选择目标表。"
    assert book.app.alerts[-1] == (unreadable, "critical")

"""The buttons 从目标表生成 and 生成自评报告 (and 目标对照) on an xlwings Book.

从目标表生成 reads the active workbook in bulk (as 校验 does); when it holds no target form,
Excel's file picker asks for the target workbook. The self-evaluation(s) are written beside
the target workbook under new names (:mod:`addin.selfeval.beside`) and the first one is opened.
生成自评报告 writes the draft beside the active self-evaluation workbook. Nothing existing
is ever replaced; every refusal is one Chinese sentence (:class:`UserError`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from addin.check.actions import compare_actions, compare_summary
from addin.check.crosscheck import read_self_forms
from addin.excel.book_grid import read_book
from addin.excel.com_painter import painter_for
from addin.excel.merges import MergeReader
from addin.excel.settings import load_profile_choice
from addin.excel.tasks import MAX_LISTED, UserError, _desktop_app, check_message, open_workbook
from addin.excel.ui import Ui
from addin.reader.targets import PrefillError, TargetForm, read_targets, targets_of_grid
from addin.selfeval.beside import prefill_beside, report_beside
from addin.selfeval.report import ReportError
from addin.workbook.outputs import OutputRefused

MSO_FILE_DIALOG_FILE_PICKER = 3
WORKBOOK_FILTER = "*.xlsx;*.xlsm;*.xls;*.ods"
NOT_SAVED = "「{name}」还没有保存：请先保存（文件 → 另存为），{what}将保存在它旁边。"

Picker = Callable[[Any], Path | None]
Opener = Callable[[Any, Path], None]


def saved_path(book: Any) -> Path | None:
    """Where the workbook is saved; None for a new workbook never saved. A workbook
    opened from a web address (OneDrive, SharePoint) has no folder to write beside."""
    try:
        name = str(book.fullname)
    except Exception:
        return None
    if name.lower().startswith(("http://", "https://")):
        raise UserError(f"「{book.name}」是从网络位置（OneDrive 或 SharePoint）打开的：请先另存到"
                        "本机的文件夹，生成的文件将保存在它旁边。")  # fmt: skip
    path = Path(name)
    return path if path.is_absolute() and path.parent.is_dir() else None


def pick_target(
    book: Any, title: str = "当前工作簿中没有绩效目标表，请选择填好的目标表工作簿"
) -> Path | None:
    """Excel's file picker for the target workbook; None when the clerk cancels."""
    app = _desktop_app(book, "选择目标表")
    dialog = app.api.FileDialog(MSO_FILE_DIALOG_FILE_PICKER)
    dialog.Title = title
    dialog.AllowMultiSelect = False
    dialog.Filters.Clear()
    dialog.Filters.Add("工作簿", WORKBOOK_FILTER)
    if dialog.Show() != -1:
        return None
    return Path(dialog.SelectedItems(1))


def _targets_of_book(
    book: Any, ui: Ui, merges: MergeReader | None, picker: Picker
) -> tuple[list[TargetForm], Path, str] | None:
    """The target forms, the file they come from and its name; None when cancelled."""
    read = read_book(book, merges, ui.status)
    try:
        forms = targets_of_grid(read.grid)
    except PrefillError:
        forms = []
    if forms:
        path = saved_path(book)
        if path is None:
            raise UserError(NOT_SAVED.format(name=book.name, what="自评表"))
        return forms, path, str(book.name)
    chosen = picker(book)
    if chosen is None:
        return None
    return _targets_of_file(chosen, ui)


def _targets_of_file(chosen: Path, ui: Ui) -> tuple[list[TargetForm], Path, str]:
    ui.status(f"正在读取「{chosen.name}」")
    try:
        return read_targets(chosen), chosen, chosen.name
    except PrefillError as exc:
        raise UserError(f"{exc}。请选择填好的绩效目标表工作簿。") from exc


def prefill_book(
    book: Any,
    ui: Ui,
    merges: MergeReader | None = None,
    picker: Picker = pick_target,
    opener: Opener = open_workbook,
    chosen: Path | None = None,
) -> str:
    """从目标表生成: self-evaluation(s) from the target forms, beside them; the first opened.
    ``chosen``: the target workbook already picked (in VBA); else the active workbook's
    target forms, or the picker's choice when it has none."""
    found = _targets_of_file(chosen, ui) if chosen else _targets_of_book(book, ui, merges, picker)
    if found is None:
        return "已取消从目标表生成。"
    forms, path, name = found
    ui.status("正在生成自评表")
    try:
        written = prefill_beside(forms, name, path.parent, path.stem, load_profile_choice())
    except PrefillError as exc:
        raise UserError(str(exc)) from exc
    except OutputRefused as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"无法写入文件夹「{path.parent}」：{exc.strerror or exc}") from exc
    opener(book, Path(written[0].path))
    lines = [f"已从「{name}」的 {len(written)} 张目标表生成自评表，保存在 {path.parent}："]
    lines += [f"· {Path(w.path).name}（{w.source}）" for w in written[:MAX_LISTED]]
    if len(written) > MAX_LISTED:
        lines.append(f"……共 {len(written)} 个文件")
    lines.append("已打开第一份。指标、指标值和预算数已填好；请在黄色单元格中填写实际完成值、"
                 "执行数和偏差原因。")  # fmt: skip
    return "\n".join(lines)


def report_book(book: Any, ui: Ui, merges: MergeReader | None = None) -> str:
    """生成自评报告: the .docx draft of the active self-evaluation workbook, beside it."""
    path = saved_path(book)
    if path is None:
        raise UserError(NOT_SAVED.format(name=book.name, what="自评报告"))
    read = read_book(book, merges, ui.status)
    ui.status("正在生成自评报告")
    try:
        result = report_beside(read.grid, path.parent, path.stem, load_profile_choice())
    except ReportError as exc:
        raise UserError(f"{exc}（请在自评表工作簿中点这个按钮）。") from exc
    except OutputRefused as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"无法写入文件夹「{path.parent}」：{exc.strerror or exc}") from exc
    return (
        f"已生成自评报告草稿：{result.output}\n"
        f"内容：{'、'.join(result.reports)}，涉及 {result.forms} 张自评表。\n"
        f"数字均取自表格；黄色底的【请填写…】共 {result.fills} 处，请在 Word 或 WPS 文字中补写。"
    )


def pick_compared(book: Any) -> Path | None:
    """The target workbook to compare with (Excel's file picker)."""
    return pick_target(book, "选择申报时的绩效目标表工作簿，与当前自评表对照")


def compare_book(
    book: Any, ui: Ui, merges: MergeReader | None = None, picker: Picker = pick_compared
) -> str:
    """目标对照: 校验 of the self-evaluation and its indicators against a chosen target
    workbook; findings marked on their cells and listed on 校验结果, as 校验 does."""
    read = read_book(book, merges, ui.status)
    if not read_self_forms(read.grid):
        raise UserError(f"「{book.name}」中没有绩效自评表：请在自评表工作簿中点“目标对照”。")
    chosen = picker(book)
    if chosen is None:
        return "已取消目标对照。"
    ui.status(f"正在读取「{chosen.name}」")
    try:
        targets = read_targets(chosen)
    except PrefillError as exc:
        raise UserError(f"{exc}。请选择申报时的绩效目标表工作簿。") from exc
    ui.status("正在对照")
    outcome = compare_actions(read.grid, targets, chosen.name, load_profile_choice())
    ui.status("正在标记")
    painter = painter_for(book, ui, read)
    painter.apply(outcome.actions)
    message = check_message(outcome.report, read.unread_merges, painter.unknown_fills)
    return message + "\n" + compare_summary(outcome.report.findings, chosen.name)

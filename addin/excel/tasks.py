"""The buttons that are not about the open workbook's cells (新建表格, 合并汇总, 设置, 帮助),
and the closing messages of 校验 and 重新计分.

What only desktop Excel can do — open a workbook, show a folder picker — goes through the
book's ``app.api`` (COM) behind small functions; elsewhere they raise :class:`UserError`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from addin import __version__
from addin.check.run import CheckReport
from addin.core.errors import JixiaoError
from addin.core.models import FormKind
from addin.core.profiles import ProfileError, load_profile
from addin.core.scoring import FormScore
from addin.excel.settings import load_profile_choice, log_file, logger, save_profile_choice
from addin.excel.ui import Ui, is_desktop

MSO_FILE_DIALOG_FOLDER_PICKER = 4
ADDIN_NAME = "jixiao.xlam"
AUTO = "auto"
MAX_LISTED = 5


class UserError(JixiaoError):
    """Something the clerk can fix; ``str(err)`` is the Chinese message shown."""


# --- closing messages ---------------------------------------------------------------------


def _unread(sheets: list[str]) -> str:
    if not sheets:
        return ""
    return f"\n（未能读取工作表「{'」「'.join(sheets)}」的合并单元格，结果可能不完整。）"


def check_message(report: CheckReport, unread_merges: list[str], unknown_fills: int = 0) -> str:
    c = report.counts
    text = (
        f"校验完成：共 {len(report.forms)} 张表。\n"
        f"错误 {c['error']} 项，警告 {c['warning']} 项，提示 {c['info']} 项。"
    )
    if report.findings:
        text += "\n出问题的单元格已着色并加了批注，全部问题列在“校验结果”工作表中。"
    else:
        text += "\n没有发现问题。"
    if unknown_fills:
        text += f"\n（有 {unknown_fills} 个单元格原来的底色无法读取，清除标记后将不带底色。）"
    return text + _unread(unread_merges)


def _score_line(score: FormScore) -> str:
    name = f"「{score.subject}」" if score.subject and score.subject != score.title else ""
    if score.total is None:
        reason = "；".join(score.notes) or "有指标无法计分"
        return f"{score.title}{name}：总分暂不能计算（{reason}）"
    return f"{score.title}{name}：总分 {score.total:.2f}（{score.grade}）"


def score_message(scores: list[FormScore], written: int, unread_merges: list[str]) -> str:
    if not scores:
        raise UserError("工作簿中没有自评表，无需计分（目标表和明细表没有得分）。")
    lines = [_score_line(s) for s in scores[:MAX_LISTED]]
    if len(scores) > MAX_LISTED:
        lines.append(f"……共 {len(scores)} 张自评表")
    if written:
        lines.append(f"已把计算结果填入 {written} 个单元格（由公式计算的单元格未改动）。")
    else:
        lines.append("表中没有需要填写的得分栏（或已由公式计算），以上结果未写入表格。")
    return "重新计分完成：\n" + "\n".join(lines) + _unread(unread_merges)


# --- desktop-only helpers -----------------------------------------------------------------


def _desktop_app(book: Any, what: str) -> Any:
    if not is_desktop(book):
        raise UserError(f"{what}需要在 Excel 桌面版中使用。")
    return book.app


def pick_folder(book: Any) -> Path | None:
    """Excel's folder picker; None when the clerk cancels."""
    app = _desktop_app(book, "合并汇总")
    dialog = app.api.FileDialog(MSO_FILE_DIALOG_FOLDER_PICKER)
    dialog.Title = "选择各单位报送的工作簿所在的文件夹"
    dialog.AllowMultiSelect = False
    if dialog.Show() != -1:
        return None
    return Path(dialog.SelectedItems(1))


def open_workbook(book: Any, path: Path) -> None:
    _desktop_app(book, "打开工作簿").books.open(str(path))


def open_copy(book: Any, path: Path) -> None:
    """A new unsaved workbook made from the file at ``path`` (Workbooks.Add(Template))."""
    _desktop_app(book, "新建表格").api.Workbooks.Add(str(path))


# --- 新建表格 -------------------------------------------------------------------------------


def new_form(book: Any, ui: Ui, form: str, opener: Callable[[Any, Path], None] = open_copy) -> str:
    """The chosen template, built from its form description, opened as a new workbook."""
    from addin.core.forms import FORMS
    from addin.templates.new import DataError, write_template

    try:
        spec = FORMS[FormKind(form)]
    except ValueError:
        raise UserError(f"没有名为「{form}」的表格。") from None
    ui.status(f"正在生成「{spec.title}」")
    # Workbooks.Add(template) makes a new workbook from a copy: the file is not needed after
    with tempfile.TemporaryDirectory(prefix="jixiao-new-", ignore_cleanup_errors=True) as tmp:
        path = Path(tmp) / f"{spec.title}.xlsx"
        try:
            write_template(spec, path)
        except DataError as exc:
            raise UserError(str(exc)) from exc
        opener(book, path)
    return f"已新建「{spec.title}」。黄色单元格是填写区；保存时请选择保存位置和文件名。"


# --- 合并汇总 -------------------------------------------------------------------------------


def summary_path(folder: Path, now: datetime | None = None) -> Path:
    """Beside the folder (not inside it, where the next merge would find it)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d_%H%M%S")
    parent = folder.parent if folder.parent != folder else folder
    return parent / f"{folder.name or '汇总'}_汇总_{stamp}.xlsx"


def merge_folder(
    book: Any,
    ui: Ui,
    picker: Callable[[Any], Path | None] = pick_folder,
    opener: Callable[[Any, Path], None] = open_workbook,
) -> str:
    """Ask for a folder, merge every workbook in it, write and open the summary."""
    from addin.merge.job import MergeOptions, NothingMerged, merge_into
    from addin.merge.run import collect_inputs
    from addin.workbook.outputs import OutputRefused

    folder = picker(book)
    if folder is None:
        return "已取消合并汇总。"
    files, _ = collect_inputs([folder])
    if not files:
        raise UserError(f"文件夹「{folder}」中没有工作簿（.xlsx .xlsm .xls .ods）。")
    done = [0]

    def progress(_: object) -> None:
        done[0] += 1
        ui.status(f"正在合并 {done[0]}/{len(files)}：{folder.name}")

    out = summary_path(folder)
    options = MergeOptions(profile=load_profile_choice())
    try:  # a new file, written whole or not at all; nothing existing is replaced
        result = merge_into(out, [folder], options, progress, replace=False)
    except (NothingMerged, OutputRefused) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"无法写入「{out}」：{exc.strerror or exc}") from exc
    opener(book, out)
    totals = result.totals()
    text = (f"已合并 {result.merged}/{result.inputs} 个文件、{totals['forms']} 张表。\n"
            f"汇总已保存为 {out}")  # fmt: skip
    if result.failed:
        text += f"\n有 {len(result.failed)} 个文件未合并，原因见汇总的“失败文件”工作表。"
    return text


# --- 设置 and 帮助 ----------------------------------------------------------------------------


def choose_profile(profile: str) -> str:
    """Remember the profile for 校验 and 重新计分 ("auto": by the form's province)."""
    if profile == AUTO:
        save_profile_choice(None)
        return "计分口径已设为：按表格所属省份（四川表格用四川口径，其他表格用通用口径）。"
    try:
        chosen = load_profile(profile)
    except ProfileError as exc:
        raise UserError(str(exc)) from exc
    save_profile_choice(chosen.name)
    return f"计分口径已设为：{chosen.title}。之后的校验和重新计分都按这个口径。"


def help_text() -> str:
    choice = load_profile_choice()
    profile = load_profile(choice).title if choice else "按表格所属省份（自动）"
    return (
        f"绩效助手 {__version__}\n\n"
        "校验：检查当前工作簿中的绩效表格，问题标在单元格上（底色和批注），"
        "并新增“校验结果”工作表，点单元格地址即可跳转。\n"
        "清除标记：去掉校验做的标记，单元格恢复原来的底色和批注。\n"
        "重新计分：按计分规则计算执行率、得分、总分和等级，填入表中的得分栏。\n"
        "合并汇总：选择一个文件夹，把各单位的工作簿合并成一份汇总。\n"
        "从目标表生成：用填好的绩效目标表生成自评表（指标、指标值和预算数已填好），"
        "保存在目标表旁边并打开。\n"
        "目标对照：选择申报时的目标表，核对自评表的指标有没有删去、新增或改动，标在单元格上。\n"
        "生成自评报告：按当前自评表生成自评报告草稿（Word 文档），保存在工作簿旁边。\n"
        "读表情况：说明本工作簿是怎样读的，列出没有认出的表头和它们像是哪一列。\n"
        "教读表：单击没有认出的表头单元格，再选它表示的内容；以后同样版式的文件都能读。\n"
        "新建表格：用官方表格的模板新建空白表。\n"
        "自定义函数：JX_SCORE、JX_RATE、JX_GRADE、JX_PARSE、JX_CHECK（在“插入函数”的“绩效助手”类别中）。\n\n"
        f"当前计分口径：{profile}\n日志文件：{log_file()}"
    )


def register_functions(book: Any) -> None:
    """Chinese descriptions of the UDFs in Excel's Insert Function dialog, registered over
    COM as xlwings' ``import_udfs`` does (desktop Excel only; failures only logged)."""
    if not is_desktop(book):
        return
    from addin.excel.udf_vba import macro_options

    try:
        app = book.app.api
        for options in macro_options(ADDIN_NAME):
            app.MacroOptions(**options)
    except Exception:
        logger().info("function descriptions not registered", exc_info=True)

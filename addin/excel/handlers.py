"""What each ribbon button does. The VBA callbacks call the ``on_*`` entry points through
``RunPython "import addin.excel.handlers as h; h.on_check()"``.

An entry point only finds the calling workbook (``xw.Book.caller()``) and hands it to
:func:`run_task` with the button's task; a task takes any xlwings Book (desktop Excel,
or the remote engine in the tests), reads it into a Grid, runs :mod:`addin.check.actions` and
paints the actions back with :class:`~addin.excel.painter.Painter`. Every run ends in one
short Chinese message box; an unexpected error is logged and shown as a sentence, never
as a Python traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from addin.check.actions import check_actions, clear_actions, score_actions
from addin.core.errors import JixiaoError
from addin.core.profiles import ProfileError
from addin.excel import recovery, tasks
from addin.excel.book_grid import read_book
from addin.excel.com_painter import painter_for
from addin.excel.merges import MergeReader
from addin.excel.settings import load_profile_choice, log_file, logger
from addin.excel.tasks import UserError
from addin.excel.ui import Ui
from addin.reader.vocabulary import refresh
from addin.workbook.files import InputError

Task = Callable[[Any, Ui], str]
UNEXPECTED = "处理时出现意外错误，操作没有完成。详细情况已记录在 {log}，请把这个文件发给技术支持。"
NO_BOOK = "绩效助手无法连接到 Excel 中的工作簿。请先单击要处理的工作簿，再点功能区按钮。"


# --- the buttons' work, on any xlwings Book ---------------------------------------------


def check_book(book: Any, ui: Ui, merges: MergeReader | None = None) -> str:
    """校验: findings marked on their cells, listed on 校验结果; the closing message."""
    read = read_book(book, merges, ui.status)
    ui.status("正在校验")
    outcome = check_actions(read.grid, load_profile_choice())
    ui.status("正在标记")
    painter = painter_for(book, ui, read)
    painter.apply(outcome.actions)
    return tasks.check_message(outcome.report, read.unread_merges, painter.unknown_fills)


def clear_book(book: Any, ui: Ui) -> str:
    """清除标记: every marked cell back as it was; the 校验结果 and backup sheets removed."""
    painter = painter_for(book, ui)
    painter.apply(clear_actions())
    if not painter.restored:
        return "没有需要清除的校验标记。"
    return f"已清除 {painter.restored} 个单元格的校验标记，底色和批注已恢复原样。"


def score_book(book: Any, ui: Ui, merges: MergeReader | None = None) -> str:
    """重新计分: computed 得分/执行率/总分 written where the forms have those cells."""
    read = read_book(book, merges, ui.status)
    ui.status("正在计分")
    outcome = score_actions(read.grid, load_profile_choice())
    painter = painter_for(book, ui, read)
    painter.apply(outcome.actions)
    return tasks.score_message(outcome.scores, painter.written, read.unread_merges)


# --- running a button -------------------------------------------------------------------


def run_task(book: Any, task: Task) -> str:
    """Run one button's task on ``book``; always ends in a Chinese message box."""
    ui = Ui(book)
    problem = True
    try:
        _recover(book)
        refresh()  # words taught since (jixiao vocab, WPS) when this Python stayed running
        message, problem = task(book, ui), False
    except InputError as exc:
        message = exc.reason
    except ProfileError as exc:  # a profile chosen under 设置 that no longer exists
        message = f"{exc}。请在“设置”中重新选择计分口径。"
    except JixiaoError as exc:
        message = str(exc)
    except Exception:
        logger().exception("%s failed on %s", getattr(task, "__name__", task), _name(book))
        message = UNEXPECTED.format(log=log_file())
    finally:
        ui.done()
    logger().info("%s on %s: %s", getattr(task, "__name__", task), _name(book), message)
    try:
        ui.alert(message, problem)
    except Exception:  # no message box: xlwings shows stderr when Python exits with 1
        logger().exception("message box failed")
        sys.stderr.write(message + "\n")
        raise SystemExit(1) from None
    return message


def _recover(book: Any) -> None:
    """Undo what an earlier run killed half way left changed (see :mod:`recovery`)."""
    if not recovery.note_file().exists():
        return
    try:
        app, sheets = book.app.api, book.api.Worksheets
    except Exception:  # the remote engine: no Excel to restore
        return

    def sheet(name: str) -> Any:
        try:
            return sheets(name)
        except Exception:
            return None

    recovery.recover(app, _name(book), sheet)


def _name(book: Any) -> str:
    try:
        return str(book.name)
    except Exception:
        return "?"


def _caller() -> Any:
    """The workbook whose button was clicked; a Chinese line on stderr (which xlwings
    shows in its error box) and exit 1 when Excel cannot be reached."""
    try:
        import xlwings as xw

        return xw.Book.caller()
    except Exception:
        logger().exception("xw.Book.caller() failed")
        sys.stderr.write(NO_BOOK + "\n")
        raise SystemExit(1) from None


def _entry(task: Task) -> None:
    book = _caller()
    tasks.register_functions(book)
    run_task(book, task)


# --- entry points for RunPython -----------------------------------------------------------


def on_check() -> None:
    """校验 button."""
    _entry(check_book)


def on_clear() -> None:
    """清除标记 button."""
    _entry(clear_book)


def on_score() -> None:
    """重新计分 button."""
    _entry(score_book)


def from_hex(text: str) -> str:
    """Text the VBA sent as hex UTF-16 code units (``HexText``): "4E2D" -> "中"."""
    return bytes.fromhex(text).decode("utf-16-be")


def on_merge(folder: str | None = None) -> None:
    """合并汇总 button: ``folder`` is what the clerk chose in Excel's folder picker (hex, see
    :func:`from_hex`); without it the picker is opened from here."""
    if folder is None:
        _entry(tasks.merge_folder)
        return
    try:
        chosen = Path(from_hex(folder))
    except ValueError:  # not what the add-in's VBA sends: say so, run nothing

        def unreadable(book: Any, ui: Ui) -> str:
            raise UserError("无法读取所选文件夹的路径，请重新点“合并汇总”并选择文件夹。")

        _entry(unreadable)
        return
    _entry(lambda book, ui: tasks.merge_folder(book, ui, picker=lambda _: chosen))


def on_prefill(target: str | None = None) -> None:
    """从目标表生成 button: ``target`` is the target workbook the clerk chose in Excel's file
    picker (hex, see :func:`from_hex`) when the active workbook has no target sheet;
    without it the active workbook's target forms are used (the picker opened from here
    only when it has none after all)."""
    from addin.excel.selfeval import prefill_book

    if target is None:
        _entry(prefill_book)
        return
    try:
        chosen = Path(from_hex(target))
    except ValueError:

        def unreadable(book: Any, ui: Ui) -> str:
            raise UserError("无法读取所选文件的路径，请重新点“从目标表生成”并选择目标表。")

        _entry(unreadable)
        return
    _entry(lambda book, ui: prefill_book(book, ui, chosen=chosen))


def on_report() -> None:
    """生成自评报告 button."""
    from addin.excel.selfeval import report_book

    _entry(report_book)


def on_compare(target: str | None = None) -> None:
    """目标对照 button: ``target`` is the workbook the clerk chose in Excel's file picker
    (hex, see :func:`from_hex`); without it the picker is opened from here."""
    from addin.excel.selfeval import compare_book

    if target is None:
        _entry(compare_book)
        return
    try:
        chosen = Path(from_hex(target))
    except ValueError:

        def unreadable(book: Any, ui: Ui) -> str:
            raise UserError("无法读取所选文件的路径，请重新点“目标对照”并选择目标表。")

        _entry(unreadable)
        return
    _entry(lambda book, ui: compare_book(book, ui, picker=lambda _: chosen))


def on_new(form: str) -> None:
    """新建表格 menu: ``form`` is a form code (project_self …)."""
    _entry(lambda book, ui: tasks.new_form(book, ui, form))


def on_profile(profile: str) -> None:
    """设置 menu: ``profile`` is a profile name, or "auto"."""
    _entry(lambda book, ui: tasks.choose_profile(profile))


def on_inspect() -> None:
    """读表情况 button."""
    from addin.excel.teach import inspect_book

    _entry(inspect_book)


def on_teach(tag: str) -> None:
    """教读表 menu: ``tag`` is a role's code (see :func:`addin.excel.teach.role_code`),
    "list" or "remove"."""
    from addin.excel.teach import teach_menu

    _entry(lambda book, ui: teach_menu(book, ui, tag))


def on_help() -> None:
    """帮助 button."""
    _entry(lambda book, ui: tasks.help_text())

"""Sheet protection and Excel's application state around painting, on desktop Excel (COM).

Our templates protect their form sheets (formatting locked, input cells unlocked): Excel
refuses a fill, a number format or a value on a locked cell there with error 1004. Before
painting, every sheet to be painted has its protection lifted (no password) and recorded
with all its options; afterwards — also after an error — it is protected again with the
same options. A sheet protected with a password stops the run before any cell changes.

While painting, screen updating, events, alerts and automatic calculation are paused and
then restored, whatever happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from addin.core.errors import JixiaoError
from addin.excel.recovery import Pending
from addin.excel.settings import logger

XL_CALCULATION_MANUAL = -4135
ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
         "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
         "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
         "AllowUsingPivotTables")  # fmt: skip


# what ``jixiao_paint.ProtectionOf`` answers per sheet, in this order
FLAGS = ("ProtectContents", "ProtectDrawingObjects", "ProtectScenarios", *ALLOW)

PAUSED = (("ScreenUpdating", False), ("EnableEvents", False), ("DisplayAlerts", False),
          ("Calculation", XL_CALCULATION_MANUAL))  # fmt: skip


class PasswordProtected(JixiaoError):
    """Sheets whose protection has a password; ``str(err)`` is the Chinese message."""

    def __init__(self, sheets: list[str]) -> None:
        names = "」「".join(sheets)
        super().__init__(
            f"工作表「{names}」设置了密码保护，绩效助手不能在上面标记或填写。"
            "请先在“审阅 → 撤销工作表保护”中输入密码，再点一次按钮。没有改动任何单元格。"
        )
        self.sheets = sheets


class BookProtected(JixiaoError):
    """The workbook's structure is protected: no sheet can be added for the results, nor
    the results and the marks' backup sheet deleted."""

    def __init__(self, adding: bool = True) -> None:
        super().__init__()
        self.adding = adding

    def __str__(self) -> str:
        what = "添加“校验结果”工作表" if self.adding else "删除“校验结果”和标记备份工作表"
        return (
            f"工作簿设置了“保护工作簿结构”，绩效助手不能{what}。"
            "请先在“审阅 → 保护工作簿”中取消保护，再点一次按钮。没有改动任何单元格。"
        )


def protection_of(ws: Any) -> dict[str, Any] | None:
    """The options ``Worksheet.Protect`` needs to put the protection back; None when the
    sheet is not protected."""
    contents, drawings = ws.ProtectContents, ws.ProtectDrawingObjects
    scenarios = ws.ProtectScenarios
    if not (contents or drawings or scenarios):
        return None
    protection = ws.Protection
    options = {"DrawingObjects": bool(drawings), "Contents": bool(contents),
               "Scenarios": bool(scenarios)}  # fmt: skip
    for name in ALLOW:
        options[name] = bool(getattr(protection, name))
    return options


def options_from_flags(flags: tuple[Any, ...]) -> dict[str, Any] | None:
    """:func:`protection_of` from one row of :data:`FLAGS` read inside Excel."""
    contents, drawings, scenarios = (bool(flag) for flag in flags[:3])
    if not (contents or drawings or scenarios):
        return None
    options = {"DrawingObjects": drawings, "Contents": contents, "Scenarios": scenarios}
    for name, flag in zip(ALLOW, flags[3:], strict=True):
        options[name] = bool(flag)
    return options


@contextmanager
def unprotected(
    sheets: dict[str, Any],
    known: dict[str, dict[str, Any] | None] | None = None,
    pending: Pending | None = None,
) -> Iterator[None]:
    """Lift the protection of ``sheets`` (name -> Worksheet) and put it back afterwards.
    ``known`` holds the options already read (by :mod:`addin.excel.paint_macros`); the
    other sheets' are read here. All or nothing: when one sheet needs a password, the
    others are protected again and :class:`PasswordProtected` raised before anything is
    painted."""
    lifted: list[tuple[Any, dict[str, Any]]] = []
    locked: list[str] = []
    known = known or {}
    try:
        for name, ws in sheets.items():
            options = known[name] if name in known else protection_of(ws)
            if options is None:
                continue
            if pending is not None:  # written down before it changes (see recovery)
                pending.lifted(name, options)
            try:
                ws.Unprotect("")  # an empty password: Excel refuses instead of asking
            except Exception:
                locked.append(name)
                continue
            lifted.append((ws, options))
        if locked:
            raise PasswordProtected(locked)
        yield
    finally:
        for ws, options in reversed(lifted):
            try:
                ws.Protect(**options)
            except Exception:  # logged: the clerk's sheet stays usable, only unprotected
                logger().exception("could not protect a sheet again")


@contextmanager
def paused(app: Any, pending: Pending | None = None) -> Iterator[None]:
    """Screen updating, events, alerts and calculation off while painting; restored after
    (and written down first, so that a run killed half way is undone by the next one)."""
    saved: dict[str, Any] = {}
    for name, _ in PAUSED:
        with suppress(Exception):  # e.g. Calculation with no workbook active
            saved[name] = getattr(app, name)
    if pending is not None:
        pending.state(saved)
    for name, value in PAUSED:
        if name not in saved:
            continue
        try:
            setattr(app, name, value)
        except Exception:
            saved.pop(name, None)
    try:
        yield
    finally:
        for name, value in reversed(saved.items()):
            with suppress(Exception):
                setattr(app, name, value)

"""Apply the engine's actions to a live workbook through xlwings (the Excel door's applier).

Mirrors :func:`addin.check.marks.apply_actions` (openpyxl): clear old marks, mark cells (colour
and note), add the 校验结果 sheet with links, write computed figures. Marks are reversible:
before a cell is painted, its fill and note go into the very hidden backup sheet, in the
same columns as the file door writes them. The backup is written before any cell is
painted, so 清除标记 finds every cell even when painting stops half-way.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from itertools import groupby
from typing import Any

from addin.check.marks import (
    BACKUP_SHEET,
    COLORS,
    RESULT_SHEET,
    Action,
    ClearAction,
    MarkAction,
    ResultSheetAction,
    WriteAction,
)
from addin.excel.cellstate import CellAccess, Unknown, no_fill_xml, parse_fill, parse_note
from addin.excel.ui import Ui
from addin.rules import SEVERITY_LABELS

BACKUP_HEADER = ["sheet", "cell", "fill", "comment", "note"]
KEEP_NOTE = "keep"  # column 5: the note was left as it was (its text could not be read)
RESULT_HEADER = ["序号", "级别", "规则", "工作表", "单元格", "说明", "修改建议"]
RESULT_WIDTHS = {"A": 6, "B": 8, "C": 9, "D": 16, "E": 9, "F": 60, "G": 50}
FORMULA_START = ("=", "+", "-", "@")
XL_SHEET_VISIBLE, XL_SHEET_VERY_HIDDEN = -1, 2
PROGRESS_EVERY = 25
LINK_TIP = "跳转到该单元格"


def as_text(value: Any) -> Any:
    """Text that Excel would take for a formula stays text (county text is untrusted)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Painter:
    """Applies actions to one xlwings Book; counts what it did for the closing message."""

    def __init__(self, book: Any, ui: Ui | None = None) -> None:
        self.book = book
        self.ui = ui or Ui(book)
        self.cells = CellAccess(self.ui.desktop)
        self.restored = 0
        self.marked = 0
        self.written = 0
        self.unknown_fills = 0

    def apply(self, actions: list[Action]) -> None:
        for kind, run in groupby(actions, key=type):
            group = list(run)
            if kind is ClearAction:
                self.clear()
            elif kind is MarkAction:
                self.mark(group)  # type: ignore[arg-type]
            elif kind is WriteAction:
                self.write(group)  # type: ignore[arg-type]
            else:
                for action in group:
                    self.result_sheet(action)  # type: ignore[arg-type]

    # --- sheets ---------------------------------------------------------------------

    def _sheets(self) -> dict[str, Any]:
        return {sheet.name: sheet for sheet in self.book.sheets}

    def _delete(self, sheet: Any) -> None:
        if self.ui.desktop:
            sheet.api.Visible = XL_SHEET_VISIBLE  # a very hidden sheet cannot be deleted
        sheet.delete()

    # --- 清除标记 -------------------------------------------------------------------

    def clear(self) -> None:
        """Restore every saved cell, then remove the backup and 校验结果 sheets."""
        sheets = self._sheets()
        backup = sheets.get(BACKUP_SHEET)
        if backup is not None:
            rows = backup.used_range.options(ndim=2).value or []
            for row in rows[1:]:
                self._restore([*row, None, None, None, None, None][:5], sheets)
            self._delete(backup)
        if RESULT_SHEET in sheets:
            self._delete(sheets[RESULT_SHEET])

    def _restore(self, row: list[Any], sheets: dict[str, Any]) -> None:
        sheet_name, ref, fill, comment, note = row
        target = sheets.get(str(sheet_name)) if sheet_name is not None else None
        if target is None or not isinstance(ref, str):
            return
        rng = target.range(ref)
        self.cells.paint(rng, parse_fill(fill))
        if note != KEEP_NOTE:
            self.cells.restore_note(rng, parse_note(comment))
        self.restored += 1

    # --- 校验: marks ------------------------------------------------------------------

    def mark(self, marks: Iterable[MarkAction]) -> None:
        sheets = self._sheets()
        rows: list[list[Any]] = [BACKUP_HEADER]
        plan: list[tuple[Any, MarkAction, bool]] = []
        for action in marks:
            target = sheets.get(action.sheet)
            if target is None:
                continue
            rng = target.range(action.cell)
            try:
                fill = self.cells.fill(rng)
            except Unknown:
                fill, self.unknown_fills = no_fill_xml(), self.unknown_fills + 1
            try:
                comment, keep = self.cells.note(rng), False
            except Unknown:
                comment, keep = None, True
            rows.append([action.sheet, action.cell, fill, comment, KEEP_NOTE if keep else None])
            plan.append((rng, action, keep))
        if not plan:
            return
        self._write_backup(rows)
        self.ui.freeze()
        for n, (rng, action, keep) in enumerate(plan, 1):
            rng.color = f"#{action.color}"
            if not keep:
                self.cells.write_note(rng, action.note, action.note.count("\n") + 1)
            self.marked += 1
            if n % PROGRESS_EVERY == 0:
                self.ui.status(f"正在标记单元格 {n}/{len(plan)}")

    def _write_backup(self, rows: list[list[Any]]) -> None:
        last = list(self.book.sheets)[-1]
        backup = self.book.sheets.add(BACKUP_SHEET, after=last)
        backup.range("A:E").number_format = "@"  # sheet names and cells stay text
        backup["A1"].value = rows
        backup.visible = False
        if self.ui.desktop:
            backup.api.Visible = XL_SHEET_VERY_HIDDEN

    # --- 校验: the result sheet ---------------------------------------------------------

    def result_sheet(self, action: ResultSheetAction) -> None:
        first = next(iter(self.book.sheets))
        sheet = self.book.sheets.add(action.name, before=first)
        counts = action.counts
        title = (f"校验结果：错误 {counts['error']} 项，警告 {counts['warning']} 项，"
                 f"提示 {counts['info']} 项")  # fmt: skip
        rows: list[list[Any]] = [[title, *[None] * 6], RESULT_HEADER]
        for n, row in enumerate(action.rows, 1):
            values = [n, SEVERITY_LABELS[row.severity], row.code, row.sheet, row.cell,
                      row.message, row.hint]  # fmt: skip
            rows.append([as_text(v) for v in values])
        sheet["A1"].value = rows
        self._style_result(sheet, action)
        for n, row in enumerate(action.rows, 3):
            if row.sheet and row.cell:
                quoted = row.sheet.replace("'", "''")
                self._link(sheet[f"E{n}"], f"'{quoted}'!{row.cell}", row.cell)

    def _link(self, rng: Any, location: str, text: str) -> None:
        """A link to a cell of this workbook (desktop Excel: a sub-address, no file path)."""
        if self.ui.desktop:
            rng.api.Hyperlinks.Add(Anchor=rng.api, Address="", SubAddress=location,
                                   ScreenTip=LINK_TIP, TextToDisplay=text)  # fmt: skip
        else:
            rng.add_hyperlink(f"#{location}", text, LINK_TIP)

    def _style_result(self, sheet: Any, action: ResultSheetAction) -> None:
        sheet["A1"].font.bold = True
        sheet["A1"].font.size = 12
        sheet["A2:G2"].font.bold = True
        first = 3
        for severity, block in groupby(action.rows, key=lambda r: r.severity):
            size = len(list(block))
            sheet[f"B{first}:B{first + size - 1}"].color = f"#{COLORS[severity]}"
            first += size
        if action.rows:
            sheet[f"F3:G{len(action.rows) + 2}"].wrap_text = True
        for column, width in RESULT_WIDTHS.items():
            sheet[f"{column}:{column}"].column_width = width
        with suppress(Exception):  # cosmetic only; older xlwings has no freeze_panes
            sheet.freeze_panes.freeze_at("A3")

    # --- 重新计分 -------------------------------------------------------------------

    def write(self, writes: Iterable[WriteAction]) -> None:
        sheets = self._sheets()
        for action in writes:
            target = sheets.get(action.sheet)
            if target is None:
                continue
            rng = target.range(action.cell)
            rng.value = action.value
            if action.number_format:
                rng.number_format = action.number_format
            self.written += 1

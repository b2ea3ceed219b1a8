"""The painter for desktop Excel: few COM calls, protected sheets handled.

Every COM call crosses from Python into Excel's process, so cells are painted in bulk:
one fill per colour over a union of cells (an address list of at most 255 characters per
call), notes cleared over a union too, values of the backup and 校验结果 sheets written
as one block each, and the previous fills and notes of the cells to mark taken from the
sheet's XML read (see :mod:`addin.excel.sheet_xml`) rather than asked cell by cell.
Notes are added and sized inside Excel, one ``Application.Run`` per sheet, and the
protection options of all sheets read in one more (see :mod:`addin.excel.paint_macros`);
without the add-in's module each note costs five calls and each protected sheet fifteen.
Protection is lifted and restored around the painting (see
:mod:`addin.excel.protection`), all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
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
from addin.excel.book_grid import BookRead
from addin.excel.cellstate import (
    NOTE_WIDTH,
    Fill,
    no_fill_xml,
    note_json,
    parse_fill,
    parse_note,
    solid_fill_xml,
    xl_theme_color,
)
from addin.excel.merges import spreadsheet_xml
from addin.excel.paint_macros import Macros
from addin.excel.painter import (
    BACKUP_HEADER,
    KEEP_NOTE,
    RESULT_HEADER,
    RESULT_WIDTHS,
    XL_SHEET_VERY_HIDDEN,
    XL_SHEET_VISIBLE,
    Painter,
    as_text,
)
from addin.excel.protection import BookProtected, options_from_flags, paused, unprotected
from addin.excel.recovery import Pending
from addin.excel.settings import logger
from addin.excel.sheet_xml import SheetXml, read_sheet_xml
from addin.excel.ui import Ui
from addin.rules import SEVERITY_LABELS

MAX_ADDRESS = 255  # Excel's Range() refuses a longer address text
XL_NONE = -4142
XL_UNDERLINE_SINGLE = 2
LINK_COLOR = (0x05, 0x63, 0xC1)


def bgr(rgb: tuple[int, int, int] | str) -> int:
    """Excel's colour number (0xBBGGRR) of an RGB triple or "#RRGGBB"/"RRGGBB"."""
    if isinstance(rgb, str):
        text = rgb.lstrip("#")
        rgb = (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    r, g, b = rgb
    return r | g << 8 | b << 16


def unions(refs: Iterable[str], limit: int = MAX_ADDRESS) -> Iterator[str]:
    """Cell references joined into address lists ("A1,B7,C3") of at most ``limit`` chars."""
    chunk: list[str] = []
    size = 0
    for ref in refs:
        if chunk and size + 1 + len(ref) > limit:
            yield ",".join(chunk)
            chunk, size = [], 0
        size += len(ref) + (1 if chunk else 0)
        chunk.append(ref)
    if chunk:
        yield ",".join(chunk)


def _link_formula(sheet: str, cell: str) -> str:
    location = f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{cell}".replace('"', '""')
    return f'=HYPERLINK("{location}","{cell}")'


class DesktopPainter(Painter):
    """Applies actions to a desktop Excel workbook through COM (``book.api``)."""

    def __init__(self, book: Any, ui: Ui | None = None,
                 styles: dict[str, SheetXml] | None = None) -> None:  # fmt: skip
        super().__init__(book, ui)
        self.wb = book.api
        self.styles = dict(styles or {})
        self._sheets_cache: dict[str, Any] = {}
        self._worksheets: Any = None
        self._book_name: str | None = None
        self._backup_rows: list[list[Any]] | None = None
        self.macros = Macros(_app_api(book))

    # --- around everything ------------------------------------------------------------

    def apply(self, actions: list[Action]) -> None:
        targets = {a.sheet for a in actions if isinstance(a, (MarkAction, WriteAction))}
        if any(isinstance(a, ClearAction) for a in actions):
            self._backup_rows = self._read_backup()
            targets |= {str(row[0]) for row in self._backup_rows if row[0] is not None}
        sheets = {name: ws for name in sorted(targets) if (ws := self._ws(name)) is not None}
        adds_sheets = any(isinstance(a, (MarkAction, ResultSheetAction)) for a in actions)
        clears = any(isinstance(a, ClearAction) for a in actions)
        changes_sheets = (
            adds_sheets
            or bool(self._backup_rows)
            or (clears and self._ws(RESULT_SHEET) is not None)
        )
        if changes_sheets and self.wb.ProtectStructure:
            raise BookProtected(adding=adds_sheets)
        known = self._protection(list(sheets))
        pending = Pending(self._name())
        try:
            with paused(self.book.app.api, pending), unprotected(sheets, known, pending):
                super().apply(actions)
        finally:
            pending.done()
        logger().info("painted %s by %s", self._name(), self.macros.path)

    def _protection(self, names: list[str]) -> dict[str, dict[str, Any] | None]:
        """The protection options of the sheets named, read inside Excel in one call; {}
        when that cannot be done (then each sheet is asked through COM)."""
        rows = self.macros.protection(self._name(), names) if names else None
        if rows is None:
            return {}
        return {name: options_from_flags(row) for name, row in zip(names, rows, strict=True)}

    def _name(self) -> str:
        if self._book_name is None:
            self._book_name = str(self.book.name)
        return self._book_name

    def _sheets(self) -> Any:
        """The workbook's Worksheets collection (COM), asked for once."""
        if self._worksheets is None:
            self._worksheets = self.wb.Worksheets
        return self._worksheets

    def _ws(self, name: str) -> Any:
        """The worksheet named ``name`` (COM), None when there is none."""
        if name not in self._sheets_cache:
            try:
                self._sheets_cache[name] = self._sheets()(name)
            except Exception:
                self._sheets_cache[name] = None
        return self._sheets_cache[name]

    def _delete(self, ws: Any) -> None:
        ws.Visible = XL_SHEET_VISIBLE  # a very hidden sheet cannot be deleted
        ws.Delete()  # no confirmation: alerts are paused

    # --- 清除标记 ---------------------------------------------------------------------

    def _read_backup(self) -> list[list[Any]]:
        backup = self._ws(BACKUP_SHEET)
        if backup is None:
            return []
        values = backup.UsedRange.Value
        rows = [list(r) for r in values] if isinstance(values, (list, tuple)) else []
        return [[*row, None, None, None, None, None][:5] for row in rows[1:]]

    def clear(self) -> None:
        rows = self._backup_rows if self._backup_rows is not None else self._read_backup()
        by_sheet: dict[str, list[list[Any]]] = defaultdict(list)
        for row in rows:
            if row[0] is not None and isinstance(row[1], str):
                by_sheet[str(row[0])].append(row)
        for name, group in by_sheet.items():
            ws = self._ws(name)
            if ws is not None:
                self._restore_sheet(name, ws, group)
        backup = self._ws(BACKUP_SHEET)
        if backup is not None:
            self._delete(backup)
            self._sheets_cache.pop(BACKUP_SHEET, None)
        result = self._ws(RESULT_SHEET)
        if result is not None:
            self._delete(result)
            self._sheets_cache.pop(RESULT_SHEET, None)

    def _restore_sheet(self, name: str, ws: Any, rows: list[list[Any]]) -> None:
        fills: dict[Fill, list[str]] = defaultdict(list)
        for _, ref, fill, _, _ in rows:
            fills[parse_fill(fill)].append(ref)
        for fill, refs in fills.items():
            self._fill(ws, refs, fill)
        saved = [(ref, parse_note(comment)) for _, ref, _, comment, keep in rows
                 if keep != KEEP_NOTE]  # fmt: skip
        notes = [(ref, note["text"] or " ", _size(note.get("width")), _size(note.get("height")))
                 for ref, note in saved if note is not None]  # fmt: skip
        self._put_notes(name, ws, notes, [ref for ref, note in saved if note is None])
        self.restored += len(rows)

    def _fill(self, ws: Any, refs: list[str], fill: Fill) -> None:
        for address in unions(refs):
            interior = ws.Range(address).Interior
            if fill.rgb is not None:
                interior.Color = bgr(fill.rgb)
            elif fill.theme is not None:
                interior.Pattern = 1  # xlSolid
                interior.ThemeColor = xl_theme_color(fill.theme)
                interior.TintAndShade = fill.tint
            else:
                interior.ColorIndex = XL_NONE

    def _put_notes(self, name: str, ws: Any, notes: list[Note], cleared: list[str]) -> None:
        """``notes`` put on their cells of sheet ``name``, replacing any note there, and the
        notes of the cells ``cleared`` removed: one call inside Excel for the notes, else
        five per note."""
        if not notes and not cleared:
            return
        done = self.macros.set_notes(self._name(), name, cleared, notes)
        if done:
            return
        for address in unions([*cleared, *(ref for ref, *_ in notes)]):
            ws.Range(address).ClearComments()
        for ref, text, width, height in notes:
            self._note(ws, ref, text, width, height)

    def _note(self, ws: Any, ref: str, text: str, width: float, height: float) -> None:
        note = ws.Range(ref).AddComment(text)
        if width > 0 and height > 0:
            shape = note.Shape
            shape.Width, shape.Height = width, height

    # --- 校验: marks ------------------------------------------------------------------

    def _sheet_xml(self, name: str, ws: Any) -> SheetXml | None:
        if name not in self.styles:
            try:
                used = ws.UsedRange
                xml = spreadsheet_xml(used)
                self.styles[name] = read_sheet_xml(xml, used.Row, used.Column)
            except Exception:
                return None
        return self.styles[name]

    def mark(self, marks: Iterable[MarkAction]) -> None:
        rows: list[list[Any]] = [BACKUP_HEADER]
        plan: list[tuple[str, Any, list[tuple[MarkAction, bool]]]] = []
        for name, group in _by_sheet(marks).items():
            ws = self._ws(name)
            if ws is None:
                continue
            xml = self._sheet_xml(name, ws)
            cells = []
            for action in group:
                if xml is None:  # nothing known: no fill kept, the note left alone
                    fill, comment, keep = no_fill_xml(), None, True
                    self.unknown_fills += 1
                else:
                    rgb = xml.fills.get(action.cell)
                    fill = solid_fill_xml(_rgb(rgb)) if rgb else no_fill_xml()
                    text = xml.notes.get(action.cell)
                    comment = note_json(text, None, NOTE_WIDTH, 60.0) if text is not None else None
                    # a Microsoft 365 threaded comment takes no note, and clearing the
                    # cell's notes would delete the thread: the cell keeps it, only filled
                    keep = text is not None and _threaded(ws, action.cell)
                    if keep:
                        comment = None
                rows.append([name, action.cell, fill, comment, KEEP_NOTE if keep else None])
                cells.append((action, keep))
            plan.append((name, ws, cells))
        if not plan:
            return
        self._write_backup(rows)
        for name, ws, cells in plan:
            self._mark_sheet(name, ws, cells)

    def _mark_sheet(self, name: str, ws: Any, cells: list[tuple[MarkAction, bool]]) -> None:
        by_color: dict[str, list[str]] = defaultdict(list)
        for action, _ in cells:
            by_color[action.color].append(action.cell)
        for color, refs in by_color.items():
            for address in unions(refs):
                ws.Range(address).Interior.Color = bgr(color)
        notes = [(action.cell, action.note, float(NOTE_WIDTH), note_height(action.note))
                 for action, keep in cells if not keep]  # fmt: skip
        self._put_notes(name, ws, notes, [])
        self.marked += len(cells)

    def _write_backup(self, rows: list[list[Any]]) -> None:
        sheets = self._sheets()
        backup = sheets.Add(After=sheets(sheets.Count))
        backup.Name = BACKUP_SHEET
        backup.Range("A:E").NumberFormat = "@"  # sheet names and cells stay text
        backup.Range(f"A1:E{len(rows)}").Value = rows
        backup.Visible = XL_SHEET_VERY_HIDDEN
        self._sheets_cache[BACKUP_SHEET] = backup

    # --- 校验: the result sheet ---------------------------------------------------------

    def result_sheet(self, action: ResultSheetAction) -> None:
        sheets = self._sheets()
        ws = sheets.Add(Before=sheets(1))
        ws.Name = action.name
        self._sheets_cache[action.name] = ws
        counts = action.counts
        title = (f"校验结果：错误 {counts['error']} 项，警告 {counts['warning']} 项，"
                 f"提示 {counts['info']} 项")  # fmt: skip
        rows: list[list[Any]] = [[title, *[None] * 6], RESULT_HEADER]
        for n, row in enumerate(action.rows, 1):
            cell: Any = as_text(row.cell)
            if row.sheet and row.cell:
                cell = _link_formula(row.sheet, row.cell)
            rows.append([n, SEVERITY_LABELS[row.severity], as_text(row.code), as_text(row.sheet),
                         cell, as_text(row.message), as_text(row.hint)])  # fmt: skip
        ws.Range(f"A1:G{len(rows)}").Value = rows
        title_font = ws.Range("A1").Font
        title_font.Bold, title_font.Size = True, 12
        ws.Range("A2:G2").Font.Bold = True
        first = 3
        for severity, block in groupby(action.rows, key=lambda r: r.severity):
            size = len(list(block))
            ws.Range(f"B{first}:B{first + size - 1}").Interior.Color = bgr(COLORS[severity])
            first += size
        last = len(action.rows) + 2
        if action.rows:
            ws.Range(f"F3:G{last}").WrapText = True
            links = ws.Range(f"E3:E{last}").Font
            links.Color, links.Underline = bgr(LINK_COLOR), XL_UNDERLINE_SINGLE
        for column, width in RESULT_WIDTHS.items():
            ws.Range(f"{column}1").ColumnWidth = width

    # --- 重新计分 -------------------------------------------------------------------

    def write(self, writes: Iterable[WriteAction]) -> None:
        for name, group in _by_sheet(writes).items():
            ws = self._ws(name)
            if ws is None:
                continue
            formats: dict[str, list[str]] = defaultdict(list)
            for action in group:
                ws.Range(action.cell).Value = action.value
                if action.number_format:
                    formats[action.number_format].append(action.cell)
                self.written += 1
            for number_format, refs in formats.items():
                for address in unions(refs):
                    ws.Range(address).NumberFormat = number_format


Note = tuple[str, str, float, float]  # cell, text, width and height in points (0: Excel's)


def note_height(text: str) -> float:
    """The height of a mark's note box: room for every line of its text."""
    return float(40 + 18 * (text.count("\n") + 1))


def _size(value: Any) -> float:
    """A saved note's width or height; 0 when the backup has none."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _threaded(ws: Any, ref: str) -> bool:
    """Whether the cell holds a threaded comment (``Range.CommentThreaded``, Excel 365; an
    Excel without threaded comments has no such member)."""
    try:
        return ws.Range(ref).CommentThreaded is not None
    except Exception:
        return False


def _app_api(book: Any) -> Any:
    try:
        return book.app.api
    except Exception:
        return None


def _by_sheet(actions: Iterable[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for action in actions:
        grouped[action.sheet].append(action)
    return grouped


def _rgb(color: str) -> tuple[int, int, int]:
    text = color.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def painter_for(book: Any, ui: Ui, read: BookRead | None = None) -> Painter:
    """Desktop Excel: the batched COM painter that handles protection; else the generic one."""
    if ui.desktop:
        return DesktopPainter(book, ui, read.styles if read is not None else None)
    return Painter(book, ui)

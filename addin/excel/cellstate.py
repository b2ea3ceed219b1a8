"""A cell's fill and note before a mark, saved in the backup sheet the way the file door does.

:mod:`addin.check.marks` (openpyxl) stores the previous fill as openpyxl ``PatternFill`` XML and the
previous note as JSON (text, author, width, height). The Excel door writes and reads the very
same columns, so a workbook marked by ``jixiao check --mark`` can be cleared in Excel and a
workbook marked in Excel can go through ``jixiao check --mark`` again.

Reading what a cell looked like needs the desktop engine (COM): a remote engine can say
whether a note exists but not its text, nor a cell's colour (see :class:`CellAccess`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import fromstring, tostring

from openpyxl.styles import PatternFill
from openpyxl.styles.colors import COLOR_INDEX

NOTE_WIDTH = 360  # points, as the openpyxl applier sizes its notes
# SpreadsheetML theme index -> Excel's XlThemeColor (the first two pairs are swapped)
_THEME_TO_XL = {0: 2, 1: 1, 2: 4, 3: 3}


class Unknown(Exception):
    """The engine cannot tell what the cell looked like."""


def no_fill_xml() -> str:
    return tostring(PatternFill().to_tree(), encoding="unicode")


def solid_fill_xml(rgb: tuple[int, int, int]) -> str:
    argb = "FF{:02X}{:02X}{:02X}".format(*rgb)
    return tostring(PatternFill(fill_type="solid", fgColor=argb).to_tree(), encoding="unicode")


@dataclass(frozen=True)
class Fill:
    """What a saved fill says to paint: an RGB colour, a theme colour, or nothing."""

    rgb: str | None = None  # "#RRGGBB"
    theme: int | None = None  # SpreadsheetML theme index
    tint: float = 0.0


def parse_fill(xml: str | None) -> Fill:
    """The saved fill XML as something Excel can paint (no fill when empty or unreadable)."""
    if not xml:
        return Fill()
    try:
        fill = PatternFill.from_tree(fromstring(xml))
    except Exception:  # a damaged backup row: the cell loses its mark, nothing else
        return Fill()
    if fill.fill_type in (None, "none"):
        return Fill()
    color = fill.fgColor
    if color.type == "rgb" and isinstance(color.rgb, str):
        return Fill(rgb="#" + color.rgb[-6:])
    if color.type == "indexed" and color.indexed is not None and color.indexed < len(COLOR_INDEX):
        return Fill(rgb="#" + COLOR_INDEX[color.indexed][-6:])
    if color.type == "theme" and color.theme is not None:
        return Fill(theme=color.theme, tint=float(color.tint or 0.0))
    return Fill()


def xl_theme_color(theme: int) -> int:
    """Excel's XlThemeColor for a SpreadsheetML theme index."""
    return _THEME_TO_XL.get(theme, theme + 1)


def note_json(text: str, author: str | None, width: float, height: float) -> str:
    return json.dumps({"text": text, "author": author or "", "width": width, "height": height},
                      ensure_ascii=False)  # fmt: skip


def parse_note(saved: str | None) -> dict[str, Any] | None:
    """The saved note (text, author, width, height), or None when the cell had none."""
    if not saved:
        return None
    try:
        data = json.loads(saved)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("text"), str) else None


class CellAccess:
    """Reads and paints one cell's fill and note through xlwings; ``desktop`` adds the COM
    calls the public API lacks (patterns, theme colours, note author and size)."""

    def __init__(self, desktop: bool) -> None:
        self.desktop = desktop

    # --- reading --------------------------------------------------------------------

    def fill(self, rng: Any) -> str:
        try:
            color = rng.color
        except NotImplementedError as exc:
            raise Unknown from exc
        return no_fill_xml() if color is None else solid_fill_xml(tuple(color))

    def note(self, rng: Any) -> str | None:
        """The note as JSON, None when there is none; Unknown when its text is unreadable."""
        note = rng.note
        if note is None:
            return None
        try:
            text = note.text
        except NotImplementedError as exc:
            raise Unknown from exc
        author, width, height = None, NOTE_WIDTH, 60.0
        if self.desktop:
            try:
                author = note.api.Author
                width, height = note.api.Shape.Width, note.api.Shape.Height
            except Exception:
                pass
        return note_json(text, author, width, height)

    # --- painting -------------------------------------------------------------------

    def paint(self, rng: Any, fill: Fill) -> None:
        if fill.rgb is not None or fill.theme is None or not self.desktop:
            rng.color = fill.rgb
            return
        interior = rng.api.Interior
        interior.Pattern = 1  # xlSolid
        interior.ThemeColor = xl_theme_color(fill.theme)
        interior.TintAndShade = fill.tint

    def write_note(self, rng: Any, text: str, lines: int) -> None:
        note = rng.note
        if note is None:
            rng.add_note(text)
        else:
            note.text = text
        if self.desktop:
            try:
                shape = rng.api.Comment.Shape
                shape.Width, shape.Height = NOTE_WIDTH, 40 + 18 * lines
            except Exception:
                pass

    def restore_note(self, rng: Any, saved: dict[str, Any] | None) -> None:
        note = rng.note
        if saved is None:
            if note is not None:
                note.delete()
            return
        if note is None:
            rng.add_note(saved["text"] or " ")
        else:
            note.text = saved["text"]
        if self.desktop:
            try:
                shape = rng.api.Comment.Shape
                shape.Width, shape.Height = saved.get("width"), saved.get("height")
            except Exception:
                pass

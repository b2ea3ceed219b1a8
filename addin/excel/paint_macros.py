"""Calls into the VBA module ``jixiao_paint`` of jixiao.xlam (``vba/jixiao_paint.bas``).

Work that costs several COM round trips per cell or per sheet — reading a sheet's 14
protection options, adding and sizing notes — is done inside Excel by a small procedure,
one ``Application.Run`` per sheet (or one for all sheets). The procedures never raise: a
failure comes back as the text ``"error <number>: <description>"``. When the add-in is
not loaded, is an older build without the module, or answers such a text, :class:`Macros`
answers None and the painter does the same work through plain COM calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from addin.excel.settings import logger

ADDIN_FILE = "jixiao.xlam"
PAINT_MODULE = "jixiao_paint"


@dataclass(frozen=True)
class Macro:
    """A procedure of ``jixiao_paint`` and the arguments Python passes, in order."""

    name: str
    params: tuple[str, ...]

    @property
    def qualified(self) -> str:
        """The name ``Application.Run`` takes: "'jixiao.xlam'!jixiao_paint.SetNotes"."""
        return f"'{ADDIN_FILE}'!{PAINT_MODULE}.{self.name}"


PROTECTION_OF = Macro("ProtectionOf", ("book", "sheets"))
SET_NOTES = Macro("SetNotes", ("book", "sheet", "cleared", "refs", "texts", "widths", "heights"))
MACROS = (PROTECTION_OF, SET_NOTES)


class Macros:
    """Runs the add-in's procedures on an Excel ``Application`` (COM); after the first
    failure to run one at all (add-in missing), no more are tried."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.available = app is not None

    def run(self, macro: Macro, **args: Any) -> Any | None:
        """The procedure's answer; None when it could not run or reported an error."""
        if tuple(args) != macro.params:
            raise TypeError(f"{macro.name} takes {macro.params}, not {tuple(args)}")
        if not self.available:
            return None
        try:
            answer = self.app.Run(macro.qualified, *args.values())
        except Exception:  # not loaded, or an add-in built before the module existed
            logger().info("%s could not run; plain COM calls instead", macro.name, exc_info=True)
            self.available = False
            return None
        if isinstance(answer, str) and answer.startswith("error"):
            logger().info("%s answered %s; plain COM calls instead", macro.name, answer)
            return None
        return answer

    def protection(self, book: str, sheets: list[str]) -> list[tuple[Any, ...]] | None:
        """One row of 14 flags per sheet (see :data:`addin.excel.protection.FLAGS`)."""
        if not sheets:
            return []
        rows = self.run(PROTECTION_OF, book=book, sheets=list(sheets))
        if not isinstance(rows, (list, tuple)) or len(rows) != len(sheets):
            return None
        if not all(isinstance(row, (list, tuple)) and len(row) == 14 for row in rows):
            return None
        return [tuple(row) for row in rows]

    def set_notes(
        self, book: str, sheet: str, cleared: list[str], notes: list[tuple[str, str, float, float]]
    ) -> bool:
        """On one sheet, the notes of the cells ``cleared`` removed and ``notes`` (cell, text,
        width, height; a size of 0 leaves Excel's) put, replacing any note on those cells;
        whether all that was done."""
        columns = [list(column) for column in zip(*notes, strict=True)] or [[], [], [], []]
        refs, texts, widths, heights = columns
        answer = self.run(SET_NOTES, book=book, sheet=sheet, cleared=list(cleared), refs=refs,
                          texts=texts, widths=widths, heights=heights)  # fmt: skip
        return isinstance(answer, (int, float)) and not isinstance(answer, bool) \
            and int(answer) == len(notes)  # fmt: skip

"""What the clerk sees while a button runs: status bar progress and the closing message box.

Every call is best effort: an engine without a status bar (the remote engine has none)
or a failing COM call never interrupts the work.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

TITLE = "绩效助手"


def engine_name(book: Any) -> str:
    """ "excel" for desktop Excel over COM (Windows) or AppleScript, "remote" …"""
    try:
        return str(book.app.engine.name)
    except Exception:
        return ""


def is_desktop(book: Any) -> bool:
    """Whether the book is a live desktop Excel workbook (COM calls through ``.api``)."""
    return engine_name(book) == "excel"


class Ui:
    """Status bar, screen updating and message box of the book's Excel."""

    def __init__(self, book: Any) -> None:
        try:
            self.app = book.app
        except Exception:  # Excel gone: the work fails later with a logged error
            self.app = None
        self.desktop = is_desktop(book)
        self._frozen = False

    def status(self, text: str) -> None:
        with suppress(Exception):  # NotImplementedError on the remote engine
            self.app.status_bar = f"{TITLE}：{text}"

    def freeze(self) -> None:
        """Stop repainting while many cells change (desktop Excel only)."""
        if self.desktop and not self._frozen:
            try:
                self.app.screen_updating = False
                self._frozen = True
            except Exception:
                pass

    def done(self) -> None:
        """Give the status bar and screen back to Excel."""
        if self._frozen:
            with suppress(Exception):
                self.app.screen_updating = True
            self._frozen = False
        with suppress(Exception):
            self.app.status_bar = False

    def alert(self, message: str, problem: bool = False) -> None:
        if self.app is None:
            raise RuntimeError("no Excel application to show the message in")
        self.app.alert(message, title=TITLE, mode="critical" if problem else "info")

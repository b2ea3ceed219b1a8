"""Putting Excel back after a run that died half way.

While painting, calculation is manual, events and screen updating are off and the
painted sheets are unprotected; :mod:`addin.excel.protection` restores all of it when the
run ends — unless Python itself is killed (the clerk ends python.exe, the machine sleeps).
So before changing anything the painter writes down what it is about to change
(``pending-restore.json`` in the add-in's folder) and deletes the note when it has put
everything back. The next button, whichever it is, finds a note left behind and restores
what it says first: Excel's settings, and the protection of the sheets of that workbook
(with the options they had; only sheets without a password are ever lifted).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from addin.excel.settings import home, logger

NOTE_NAME = "pending-restore.json"


def note_file() -> Path:
    return home() / NOTE_NAME


class Pending:
    """What a run is about to change, kept on disk until it has been put back."""

    def __init__(self, book: str) -> None:
        self.data: dict[str, Any] = {"book": book, "state": {}, "sheets": {}}

    def state(self, saved: dict[str, Any]) -> None:
        self.data["state"] = dict(saved)
        self._write()

    def lifted(self, sheet: str, options: dict[str, Any]) -> None:
        self.data["sheets"][sheet] = options
        self._write()

    def _write(self) -> None:
        try:
            path = note_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")
        except OSError:  # no note: only a killed run would miss it
            logger().warning("could not write %s", NOTE_NAME, exc_info=True)

    def done(self) -> None:
        with contextlib.suppress(OSError):
            note_file().unlink(missing_ok=True)


def recover(app: Any, book_name: str, sheet: Any) -> list[str]:
    """Restore what a run that died left changed; what was done (for the log).
    ``sheet(name)`` answers the open workbook's Worksheet of that name, or None."""
    path = note_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        data = {}
    done: list[str] = []
    for name, value in (data.get("state") or {}).items():
        try:
            setattr(app, name, value)
            done.append(f"{name}={value}")
        except Exception:
            logger().warning("could not restore %s", name, exc_info=True)
    if data.get("book") == book_name:
        for name, options in (data.get("sheets") or {}).items():
            try:
                ws = sheet(name)
                if ws is not None and not (ws.ProtectContents or ws.ProtectDrawingObjects):
                    ws.Protect(**options)
                    done.append(f"protected {name}")
            except Exception:
                logger().warning("could not protect %s again", name, exc_info=True)
    elif data.get("sheets"):
        logger().warning("sheets of %s left unprotected: that workbook is not the one open",
                         data.get("book"))  # fmt: skip
    with contextlib.suppress(OSError):
        path.unlink()
    logger().warning("an earlier run ended early; restored %s", ", ".join(done) or "nothing")
    return done

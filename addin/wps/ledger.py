"""What ``jixiao wps install`` changed, so that ``jixiao wps uninstall`` can put it back.

For every file the install writes, the ledger keeps the bytes it had before the first
install (or that it did not exist) and the bytes last written. Uninstall puts the original
back byte for byte when the file still holds what we wrote; when someone changed it since
(another add-in listed itself in publish.xml, say), only our own part is taken out.
The ledger lives beside the service's token (``wps-install.json`` in the config folder).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from pathlib import Path

from pydantic import BaseModel, ValidationError

from addin.workbook.outputs import write_output
from addin.wps.config import config_dir

LEDGER_FILE = "wps-install.json"


class Change(BaseModel):
    """One file: what it held before us (None: it did not exist) and what we wrote."""

    path: str
    kind: str  # "publish" | "list" | "oem"
    before: str | None  # base64
    written: str  # base64


class Ledger(BaseModel):
    changes: list[Change] = []
    folders: list[str] = []  # folders and files we created whole (the add-in, the package)


def ledger_path(directory: Path | None = None) -> Path:
    return (directory or config_dir()) / LEDGER_FILE


def load(directory: Path | None = None) -> Ledger:
    path = ledger_path(directory)
    try:
        return Ledger.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return Ledger()


def save(ledger: Ledger, directory: Path | None = None) -> None:
    path = ledger_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(ledger.model_dump(), ensure_ascii=False, indent=1).encode("utf-8")
    write_output(path, (), lambda temp: temp.write_bytes(data))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


def find(ledger: Ledger, path: Path) -> Change | None:
    key = os.path.normcase(str(path))
    return next((c for c in ledger.changes if os.path.normcase(c.path) == key), None)


def write_file(ledger: Ledger, path: Path, kind: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and record it (the first original is kept)."""
    before = path.read_bytes() if path.is_file() else None
    if before == data:
        return
    write_output(path, (), lambda temp: temp.write_bytes(data))
    change = find(ledger, path)
    if change is None:
        original = None if before is None else _b64(before)
        ledger.changes.append(Change(path=str(path), kind=kind, before=original, written=""))
        change = ledger.changes[-1]
    change.written = _b64(data)


def note_created(ledger: Ledger, path: Path) -> None:
    if str(path) not in ledger.folders:
        ledger.folders.append(str(path))


def restore(change: Change) -> str:
    """Put one file back; 'restored', 'removed', 'kept' (changed by someone since) or
    'gone' (already missing)."""
    path = Path(change.path)
    if not path.is_file():
        return "gone"
    if path.read_bytes() != unb64(change.written):
        return "kept"
    if change.before is None:
        path.unlink()
        return "removed"
    before = unb64(change.before)
    write_output(path, (), lambda temp: temp.write_bytes(before))
    return "restored"


def forget(directory: Path | None = None) -> None:
    with contextlib.suppress(FileNotFoundError):
        ledger_path(directory).unlink()

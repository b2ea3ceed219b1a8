"""The service's own temporary folder: 新建表格 writes each template there for WPS to open.

One folder per running service, a subfolder per template (WPS may still hold an earlier one
open), subfolders older than :data:`KEEP_SECONDS` removed on the next call, and the whole
folder removed when the service stops.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

KEEP_SECONDS = 3600.0


class Scratch:
    """A temporary folder owned by one service (mode 700)."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="jixiao-serve-"))
        self.keep_seconds = keep_seconds

    def folder(self) -> Path:
        """A new empty subfolder; older ones removed (a file WPS holds open stays)."""
        self.prune()
        return Path(tempfile.mkdtemp(prefix="new-", dir=self.root))

    def prune(self, now: float | None = None) -> None:
        limit = (now if now is not None else time.time()) - self.keep_seconds
        for old in self.root.glob("new-*"):
            try:
                if old.stat().st_mtime < limit:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                continue

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

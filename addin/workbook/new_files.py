"""Writing a file the service was asked to create (the 合并汇总 summary) without ever
replacing or following anything that is already there.

The summary is written to a temporary file in the same folder and then put in place with a
hard link, which fails when the name exists (atomic: no window in which another file can
appear and be replaced). Where the file system has no hard links (FAT32 USB sticks), the
name is checked again and the temporary file moved over with ``os.replace``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written there; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def refuse_existing(output: Path) -> None:
    """Refuse a name that is a symbolic link (even a dangling one) or an existing file."""
    if output.is_symlink():
        raise OutputError(
            422, f"「{output}」是一个快捷链接（符号链接），出于安全考虑不会写入，请换一个文件名"
        )
    if output.exists():
        raise OutputError(409, f"「{output}」已经存在，请换一个文件名")
    if output.parent.is_symlink():
        raise OutputError(422, f"文件夹「{output.parent}」是一个符号链接，请直接选择真实的文件夹")


def write_new(output: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp)`` and put the result at ``output``, which must not exist."""
    refuse_existing(output)
    handle, name = tempfile.mkstemp(prefix=".jixiao-", suffix=output.suffix, dir=output.parent)
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        try:
            os.link(temp, output)
        except FileExistsError:
            raise OutputError(409, f"「{output}」已经存在，请换一个文件名") from None
        except OSError:  # no hard links here: check again, then move in place
            refuse_existing(output)
            os.replace(temp, output)
    finally:
        with suppress(FileNotFoundError):
            temp.unlink()

"""Writing an output file without ever writing over an input.

An output is compared with every input by file identity (``os.path.samefile``: the same
file reached through another name, a hard link, or another letter case on a
case-insensitive file system), a symlinked output is refused, and the file is written to
a temporary file in the same folder and moved into place in one step, so a failure half
way leaves the old file as it was and a hard link elsewhere keeps its own content.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


class OutputRefused(Exception):
    """The output may not be written; ``str(err)`` is the Chinese reason."""


def check_output(output: Path, inputs: Iterable[Path]) -> None:
    """Raise :class:`OutputRefused` when ``output`` is an input, a link or not writable."""
    if output.is_symlink():
        raise OutputRefused(f"输出文件 {output} 是一个符号链接，为安全起见不会写入，请换一个文件名")
    if output.is_dir():
        raise OutputRefused(f"输出路径 {output} 是一个文件夹，请给出文件名")
    if not output.parent.is_dir():
        raise OutputRefused(f"输出文件夹 {output.parent} 不存在")
    if not output.exists():
        return
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(output, source):
                raise OutputRefused(
                    f"输出文件 {output} 就是输入文件 {source}（同一个文件），"
                    "输入文件不会被覆盖，请换一个文件名"
                )


def write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp)`` on a temporary file beside ``output``, then move it into place."""
    handle, name = tempfile.mkstemp(
        prefix=f".{output.stem[:40]}.", suffix=output.suffix, dir=output.parent
    )
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        if output.exists():  # keep the permissions the user gave the old file
            with contextlib.suppress(OSError):
                os.chmod(temp, output.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_output(output: Path, inputs: Iterable[Path], write: Callable[[Path], None]) -> None:
    """Refuse an output that is an input (see :func:`check_output`), else write it atomically."""
    check_output(output, inputs)
    write_atomically(output, write)


def os_reason(exc: OSError) -> str:
    """A Chinese reason for a failed write."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限（文件可能正在 Excel 或 WPS 中打开，或文件夹只读）"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if exc.errno == errno.ENOENT:
        return "文件夹不存在"
    return f"写入失败（{exc.strerror or type(exc).__name__}）"

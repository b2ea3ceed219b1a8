"""Writing an output file: one policy for every writer and every door.

- An output never lands on an input: it is compared with every input by file identity
  (``os.path.samefile``: the same file through another name, a hard link, or another letter
  case on a case-insensitive file system).
- A symbolic link at the output's name is refused, never followed.
- The content is written to a temporary file in the same folder and put in place in one
  step, so a failure half way (a full disk, a crash) leaves the old file as it was, a hard
  link elsewhere keeps its own content, and the temporary file is removed.
- ``replace=False`` (files a door creates beside a workbook, the WPS service's outputs): the
  name must be new; the file is put in place with a hard link, which fails when the name
  exists, so no other file can appear and be replaced in between. Where the file system
  has no hard links (FAT32 USB sticks) the name is checked again and the file moved.
- Temporary files are named ``.~jixiao-<pid>-<name>.<random><suffix>``: a run killed before
  it could remove its own (SIGKILL, a power cut) leaves one, and the next write into the
  same folder removes those whose process is gone; the merge never takes one for an input.
- ``max_bytes``: the tool reads back what it writes, so an output it could not read back
  (larger than the reader's file limit) is refused, and the old file is kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from addin.core.errors import JixiaoError


class OutputRefused(JixiaoError):
    """The output may not be written there; ``str(err)`` is the Chinese reason and
    ``status`` the HTTP status the service answers with."""

    code = "output"

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


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


def refuse_existing(output: Path) -> None:
    """Refuse a name that is a symbolic link (even a dangling one) or an existing file."""
    if output.is_symlink():
        raise OutputRefused(
            f"「{output}」是一个快捷链接（符号链接），出于安全考虑不会写入，请换一个文件名"
        )
    if output.exists():
        raise OutputRefused(f"「{output}」已经存在，请换一个文件名", 409)
    if not output.parent.is_dir():
        raise OutputRefused(f"文件夹「{output.parent}」不存在")
    if output.parent.is_symlink():
        raise OutputRefused(f"文件夹「{output.parent}」是一个符号链接，请直接选择真实的文件夹")


TEMP_PREFIX = ".~jixiao-"
_TEMP = re.compile(r"^\.~jixiao-(\d+)-")


def is_temporary(path: Path) -> bool:
    """Whether ``path`` is named as one of our temporary output files."""
    return _TEMP.match(path.name) is not None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Remove our temporary files in ``folder`` whose writing process is gone (left by a
    run that was killed); returns what was removed."""
    removed: list[Path] = []
    try:
        names = [e for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for entry in names:
        match = _TEMP.match(entry.name)
        if match is None or int(match[1]) == os.getpid() or _alive(int(match[1])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


class OutputTooLarge(OutputRefused):
    """What was written is larger than the tool reads back."""


def write_output(
    output: Path,
    inputs: Iterable[Path],
    write: Callable[[Path], None],
    *,
    replace: bool = True,
    max_bytes: int | None = None,
) -> None:
    """Call ``write(temp)`` on a temporary file beside ``output`` and put it in place.

    ``replace``: whether an existing file at ``output`` (never an input, never a link) may
    be replaced; without it the name must be new. ``max_bytes``: refuse (and keep the old
    file) when what was written is larger."""
    inputs = list(inputs)
    if replace:
        check_output(output, inputs)
    else:
        refuse_existing(output)
    remove_stale(output.parent)
    handle, name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{os.getpid()}-{output.stem[:40]}.",
        suffix=output.suffix,
        dir=output.parent,
    )
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        if max_bytes is not None and temp.stat().st_size > max_bytes:
            raise OutputTooLarge(
                f"写出的「{output.name}」有 {temp.stat().st_size >> 20} MB，超过本工具能再读入的 "
                f"{max_bytes >> 20} MB 上限，未写出（原有文件保持不变）；请减少内容后重试"
            )
        if replace:
            _keep_mode(temp, output)
            os.replace(temp, output)
        else:
            _keep_mode(temp, None)
            _place_new(temp, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _keep_mode(temp: Path, old: Path | None) -> None:
    """The old file's permissions, else what the user's umask gives a new file."""
    if old is not None and old.exists():
        with contextlib.suppress(OSError):
            os.chmod(temp, old.stat().st_mode & 0o777)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)


def _place_new(temp: Path, output: Path) -> None:
    try:
        os.link(temp, output)
    except FileExistsError:
        raise OutputRefused(f"「{output}」已经存在，请换一个文件名", 409) from None
    except OSError:  # no hard links here: check again, then move in place
        refuse_existing(output)
        os.replace(temp, output)


def os_reason(exc: OSError) -> str:
    """A Chinese reason for a failed write."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限（文件可能正在 Excel 或 WPS 中打开，或文件夹只读）"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if exc.errno == errno.ENOENT:
        return "文件夹不存在"
    return f"写入失败（{exc.strerror or type(exc).__name__}）"

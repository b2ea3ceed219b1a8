"""Paths named in a request, checked before anything is opened: absolute, no ``..``, no
control characters; an input must be a regular file or a folder reached without a link
(never a device, a FIFO or a socket: reading one would block or never end); an output must
not exist yet and must not be a link. Each refusal is a 422 with one Chinese sentence."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PureWindowsPath

from addin.wps.errors import Refusal

MAX_PATH_CHARS = 1024


def request_path(text: str, what: str) -> Path:
    """The path a request names, refused unless absolute, plain and of sensible length."""
    if any(ord(ch) < 32 or ch == "\x7f" for ch in text):
        raise Refusal(422, f"{what}的路径中有不可见的控制字符，请重新选择")
    if len(text) > MAX_PATH_CHARS:
        raise Refusal(422, f"{what}的路径太长（超过 {MAX_PATH_CHARS} 个字符），请换一个位置")
    if ".." in PureWindowsPath(text).parts or ".." in Path(text).parts:
        raise Refusal(422, f"{what}「{text}」中含有“..”：请写不带“..”的完整路径")
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # ~someone who does not exist
        path = Path(text)
    if not path.is_absolute():
        raise Refusal(422, f"{what}「{text}」要写完整路径（例如 D:\\报送\\2024）")
    return path


def _lstat(path: Path, what: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Refusal(422, f"无法访问{what}「{path}」（{exc.strerror or exc}）") from exc


def _no_link(info: os.stat_result, path: Path, what: str) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise Refusal(
            422,
            f"{what}「{path}」是一个链接（符号链接），为安全起见不会跟随，"
            "请直接选择它指向的文件或文件夹",
        )


def input_path(text: str, what: str, *, folder_ok: bool = True) -> Path:
    """An existing regular file (or folder) to read; never a link, device or FIFO."""
    path = request_path(text, what)
    info = _lstat(path, what)
    if info is None:
        raise Refusal(422, f"找不到{what}「{path}」")
    _no_link(info, path, what)
    if stat.S_ISDIR(info.st_mode) and folder_ok:
        return path
    if not stat.S_ISREG(info.st_mode):
        kind = "文件夹" if stat.S_ISDIR(info.st_mode) else "设备、管道或套接字"
        raise Refusal(422, f"{what}「{path}」是{kind}，不是工作簿文件，不会读取")
    return path


def output_path(text: str, what: str) -> Path:
    """A file to create: its folder exists, the name is free and not a link."""
    path = request_path(text, what)
    parent = path.parent
    if not parent.is_dir():
        raise Refusal(422, f"{what}所在的文件夹「{parent}」不存在")
    info = _lstat(path, what)
    if info is not None:
        _no_link(info, path, what)
        raise Refusal(422, f"「{path}」已经存在，请换一个文件名")
    return path

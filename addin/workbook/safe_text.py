"""County text made safe to write into a workbook we produce.

Every sheet we write (汇总, 指标明细, 问题清单, 失败文件, 校验结果, the marks backup) goes
through here for text that came from a county file, sheet names included:

- characters a workbook cannot store (control characters, NUL, lone surrogates, U+FFFE/FFFF)
  are replaced by U+FFFD "�", so the replacement shows where it happened, never an error;
- text longer than a cell holds (32,767 UTF-16 units) is cut and says so;
- text starting with = + - @ is written as text, never as a formula;
- a file name whose bytes are not UTF-8 (GBK or Latin-1 from a zip made on Chinese Windows,
  which Python keeps as "surrogate escapes") is shown decoded as GB18030 where that reads,
  else with its odd bytes written as ``\\xNN`` (:func:`readable`); the same rule serves the
  console and ``--json`` (:func:`install_console_errors`).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from typing import Any

REPLACEMENT = "\ufffd"
MAX_CELL_TEXT = 32_767
CUT_NOTE = "…（超长，已截断）"
UNSAFE_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_ESCAPED = re.compile("[\udc80-\udcff]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_raw_bytes(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (surrogate escapes)."""
    return _SURROGATE.search(text) is not None


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("latin-1").encode("unicode_escape").decode("ascii")


def readable(text: str) -> str:
    """``text`` (a file name or path from the file system) as valid Unicode a person can
    read: each part of the path whose bytes are not UTF-8 is decoded as GB18030 where that
    reads, else its odd bytes are written ``\\xNN``."""
    if not has_raw_bytes(text):
        return text
    return "/".join(_readable_part(part) for part in text.split("/"))


def _readable_part(part: str) -> str:
    if not has_raw_bytes(part):
        return part
    try:
        raw = part.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates that are no escaped bytes
        return _SURROGATE.sub(REPLACEMENT, part)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return _ESCAPED.sub(lambda m: _decoded(m[0].encode("utf-8", "surrogateescape")), part)


_PART_END = re.compile(r"[/\s：:，,）)」\]]")


def _console_errors(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler (UTF-8 streams): the rest of the file name from the first
    odd byte on, shown as :func:`readable` shows it (as UTF-8 bytes: the UTF-8 encoder
    takes only ASCII text from a handler)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    end = _PART_END.search(exc.object, exc.end)
    stop = end.start() if end else len(exc.object)
    shown = _readable_part(exc.object[exc.start : stop])
    return shown.encode(exc.encoding, "replace"), stop


def install_console_errors(*streams: Any) -> None:
    """Make ``streams`` (stdout, stderr) show a non-UTF-8 file name readably instead of
    failing or writing bytes that are not UTF-8."""
    try:
        codecs.lookup_error("jixiao-readable")
    except LookupError:
        codecs.register_error("jixiao-readable", _console_errors)
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="jixiao-readable")


def safe_text(text: str) -> str:
    """``text`` with every character a workbook cannot store replaced by "�", and cut to
    what one cell holds (the cut is noted at the end). A cell holds 32,767 UTF-16 units: a
    character beyond U+FFFF (an emoji, a rare 汉字) takes two."""
    if _SURROGATE.search(text):
        text = readable(text)
    text = _ILLEGAL.sub(REPLACEMENT, text)
    if len(text) * 2 > MAX_CELL_TEXT:  # may need more units than a cell holds
        units = text.encode("utf-16-le")
        if len(units) > MAX_CELL_TEXT * 2:
            keep = units[: (MAX_CELL_TEXT - len(CUT_NOTE)) * 2]
            text = keep.decode("utf-16-le", "ignore") + CUT_NOTE  # a split pair is dropped
    return text


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would take for a formula if written as is."""
    return text.startswith(UNSAFE_START)


def write_text(cell: Any, value: Any) -> None:
    """Put ``value`` into an openpyxl cell (normal or write-only): numbers as numbers,
    text made safe and always stored as text, even "=HYPERLINK(…)"."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = safe_text(value)
    cell.value = text
    if cell.data_type != "s":
        cell.data_type = "s"  # "=…" from a county file stays text

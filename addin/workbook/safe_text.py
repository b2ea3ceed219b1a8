"""County text made safe to write into a workbook we produce.

Every sheet we write (汇总, 指标明细, 问题清单, 失败文件, 校验结果, the marks backup) goes
through here for text that came from a county file, sheet names included:

- characters a workbook cannot store (control characters, NUL, lone surrogates, U+FFFE/FFFF)
  are replaced by U+FFFD "�", so the replacement shows where it happened, never an error;
- text longer than a cell holds (32,767 UTF-16 units) is cut and says so;
- text starting with = + - @ is written as text, never as a formula.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
MAX_CELL_TEXT = 32_767
CUT_NOTE = "…（超长，已截断）"
UNSAFE_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """``text`` with every character a workbook cannot store replaced by "�", and cut to
    what one cell holds (the cut is noted at the end). A cell holds 32,767 UTF-16 units: a
    character beyond U+FFFF (an emoji, a rare 汉字) takes two."""
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

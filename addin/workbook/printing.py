"""Print helpers shared by the summary and the 校验结果 sheet: how tall a wrapped row is."""

from __future__ import annotations

import math

LINE_HEIGHT = 13.5  # points per line of 10-point 宋体


def display_width(text: str) -> int:
    """Width in Excel character units: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text needs when wrapped in a column ``width`` characters wide."""
    per_line = max(1.0, width * 1.1)
    if len(text) * 2 <= per_line and "\n" not in text:
        return 1  # fits on one line whatever the characters
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))

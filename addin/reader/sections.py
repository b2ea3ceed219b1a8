"""Texts that open a section of a sheet: a goal label, or the title or first label of
another form. Both the header finder (where a table ends) and the blocks around a table
(where the goal is) ask these questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from addin.core.kinds import FORM_TITLES
from addin.reader.vocabulary import clean, goal_labels


def is_goal_label(text: str) -> bool:
    """年度目标 / 年度总体目标 / 2024年绩效目标 / 预期目标 (with or without a colon)."""
    norm = clean(text).rstrip(":：")
    if norm in goal_labels():
        return True
    return bool(re.fullmatch(r"(\d{4}年)?(年度)?(绩效|总体)?目标", norm))


def starts_new_form(texts: list[tuple[int, str]]) -> bool:
    """A row that opens another form: a known title, or a 项目名称 / 部门名称 label."""
    return any(_opens_form(text) for _, text in texts)


@lru_cache(maxsize=16384)
def _opens_form(text: str) -> bool:
    norm = clean(text)
    if any(norm.endswith(title) for title in FORM_TITLES.values()):
        return True
    return norm in ("项目名称", "项目支出名称", "部门名称", "预算部门名称", "项目编码")

"""Row classification: every row under an indicator header is an indicator, or it is not,
and then the reason says what it is (placeholder, subtotal, total, footer, notes …).

The table ends at its total, a footer or notes; placeholders (unused template lines such
as 指标2 / …… / an empty 二级 line) are skipped and produce no findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from addin.reader.vocabulary import clean, is_total_label, row_words

RowKind = Literal[
    "indicator",
    "group",
    "placeholder",
    "subtotal",
    "total",
    "footer",
    "notes",
    "blank",
    "header",
    "end",
    "part",
]

# what each kind means to a city reviewer
KIND_LABELS: dict[str, str] = {
    "indicator": "指标",
    "group": "分组行",
    "placeholder": "未用的模板行",
    "subtotal": "小计行",
    "total": "合计行",
    "footer": "表尾签名栏",
    "notes": "表后说明",
    "blank": "空行",
    "header": "表头续行",
    "end": "下一部分开始",
    "part": "“其中”行（上一指标的组成部分）",
}
ENDS_TABLE = ("total", "footer", "notes", "end")

_NUMBERED = re.compile(r"^(指标|三级指标)?\d*[:：.、]?$")


@dataclass(slots=True)
class RowDecision:
    """What one row of a table is, and why (shown by ``jixiao inspect``)."""

    row: int  # 0-based
    kind: RowKind
    reason: str
    # how sure the decision is: 1.0 when a word or the cells settle it; less when it rests
    # on a shape (a row with a name and nothing measured, a heading found by its merges)
    confidence: float = 1.0

    @property
    def read(self) -> bool:
        return self.kind == "indicator"


_ZERO = re.compile(r"\s*0+(\.0*)?\s*")


_NUMBER_PREFIX = re.compile(r"^(指标|三级指标)\d*[:：.、]")


def is_placeholder_name(name: str | None) -> bool:
    """An unused template line's name: empty, 指标1 / 指标2： / …… / 无, or the template's
    numbering with a not-applicable mark ("指标1：/", "指标1：无")."""
    norm = clean(name)
    if not norm or bool(_NUMBERED.fullmatch(norm)) or norm in row_words("placeholder"):
        return True
    rest = _NUMBER_PREFIX.sub("", norm)
    return rest != norm and _not_applicable(rest)


def _not_applicable(text: str | None) -> bool:
    """A cell holding only not-applicable marks ("/", "/ /", "——", "无")."""
    norm = clean(text).replace("/", " ").replace("／", " ").strip()
    return not norm or norm in row_words("placeholder")


@lru_cache(maxsize=16384)
def starts_with_word(text: str, kind: str) -> str | None:
    """The word of ``kind`` a cell begins with ("填表人：张三" -> "填表人"), if any."""
    norm = clean(text)
    return next((w for w in row_words(kind) if norm.startswith(w)), None)


@lru_cache(maxsize=16384)
def footer_label(text: str) -> str | None:
    """A cell that is a footer label ("填表人：" / "单位负责人（签字）" / "联系电话"), not a
    sentence that happens to begin like one ("审核人员不足")."""
    norm = clean(text)
    for word in row_words("footer"):
        rest = norm.removeprefix(word)
        if rest != norm and re.match(r"^(\((签字|签章|盖章)\))?([:：]|$)", rest):
            return word
    return None


@lru_cache(maxsize=16384)
def cell_marks(text: str) -> tuple[bool, str | None]:
    """What a cell alone says of its row: (a total label, the footer label it is), looked up
    once per distinct text."""
    return is_total_label(text), footer_label(text)


def classify(
    texts: list[tuple[int, str]],
    values: dict[str, str | None],
    name_col: int | None,
) -> RowDecision | None:
    """The kind of a non-empty row from its own cells (col, text) and the values in the
    table's columns; None when nothing marks it (then it is an indicator)."""
    marks = [cell_marks(text) for _, text in texts]
    for (_, text), (total, _) in zip(texts, marks, strict=True):
        if total:
            return RowDecision(row=-1, kind="total", reason=f"写着「{text.strip()}」，表到此为止")
    first_col, first = texts[0]
    left = name_col is None or first_col <= name_col
    if left and (word := starts_with_word(first, "subtotal")):
        return RowDecision(row=-1, kind="subtotal", reason=f"「{word}」行，不是指标")
    word = starts_with_word(first, "footer") or next((w for _, w in marks if w), None)
    if word:
        return RowDecision(row=-1, kind="footer", reason=f"表尾「{word}」，表到此为止")
    # notes head their row (评价结论 | …); "说明：…" in a 偏差原因 cell is the indicator's own
    if left and (word := starts_with_word(first, "notes")):
        return RowDecision(row=-1, kind="notes", reason=f"表后说明「{word}」，表到此为止")
    measured = ("target", "actual", "points", "score", "self_score", "band")
    filled = [k for k in measured if values.get(k) and not _not_applicable(values[k])]
    # an unused line's 得分 formula shows "" – read from .xls as 0 – which is no score
    if filled == ["score"] and _ZERO.fullmatch(values["score"] or ""):
        filled = []
    if not filled and is_placeholder_name(values.get("name")):
        shown = (values.get("name") or "").strip() or "（空）"
        return RowDecision(
            row=-1,
            kind="placeholder",
            reason=f"三级指标为「{shown}」且没有指标值、完成值、分值：未用的模板行，跳过",
        )
    return None

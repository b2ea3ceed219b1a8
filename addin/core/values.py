"""Reading the values clerks type: comparison signs, numbers, ranges, units and words.

``parse_value("≥95%")`` gives sign ≥, number 95, unit %. A value that looks like a
number but cannot be read is an explicit ``unreadable`` result with a Chinese reason:
it is never turned into 0 and never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from addin.core.units import MULTIPLIERS, Unit, compatible, parse_unit


class Op(StrEnum):
    """指标性质: the comparison a target states, in its standard (full-width) spelling."""

    GT = "＞"
    LT = "＜"
    EQ = "＝"
    GE = "≥"
    LE = "≤"
    QUAL = "定性"


FORWARD = {Op.GT, Op.GE}  # 正向: more is better
REVERSE = {Op.LT, Op.LE}  # 反向: less is better
STRICT = {Op.GT, Op.LT}

# spellings of each sign, longest first when matched
_OP_WORDS: dict[str, Op] = {
    "大于等于": Op.GE,
    "大于或等于": Op.GE,
    "不低于": Op.GE,
    "不少于": Op.GE,
    "至少": Op.GE,
    "达到": Op.GE,
    "≥=": Op.GE,
    ">=": Op.GE,
    "=>": Op.GE,
    "≥": Op.GE,
    "≧": Op.GE,
    "⩾": Op.GE,
    "小于等于": Op.LE,
    "小于或等于": Op.LE,
    "不高于": Op.LE,
    "不超过": Op.LE,
    "不多于": Op.LE,
    "最多": Op.LE,
    "≤=": Op.LE,
    "<=": Op.LE,
    "=<": Op.LE,
    "≤": Op.LE,
    "≦": Op.LE,
    "⩽": Op.LE,
    "大于": Op.GT,
    "高于": Op.GT,
    "超过": Op.GT,
    ">": Op.GT,
    "＞": Op.GT,
    "小于": Op.LT,
    "低于": Op.LT,
    "<": Op.LT,
    "＜": Op.LT,
    "等于": Op.EQ,
    "==": Op.EQ,
    "=": Op.EQ,
    "＝": Op.EQ,
    "定性": Op.QUAL,
    "定性指标": Op.QUAL,
}
OP_SPELLINGS = _OP_WORDS  # public: the templates' 性质写法 list
# what an 指标性质 cell may say instead of a sign: the row is quantitative, its sign is
# in the target ("≥95%"); no spelling to correct
QUANTITATIVE_WORDS = ("定量", "定量指标")
_OP_ALTERNATION = "|".join(re.escape(w) for w in sorted(_OP_WORDS, key=len, reverse=True))
_SUFFIX_OPS = {
    "及以上": Op.GE,
    "以上": Op.GE,
    "及以下": Op.LE,
    "以下": Op.LE,
    "以内": Op.LE,
    "之内": Op.LE,
    "内": Op.LE,
    "前": Op.LE,
}
_SUFFIX_ALTERNATION = "|".join(sorted(_SUFFIX_OPS, key=len, reverse=True))
_PREFIXES = ("人均", "户均", "年均", "平均", "每人", "每户", "累计", "合计", "全年", "约")
_NONE_WORDS = {"无", "/", "—", "——", "-", "--", "－", "不适用", "无此项", "未涉及", "n/a", "N/A"}

_NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE_SEP = r"(?:-|~|～|—|–|－|至|到)"
_VALUE = re.compile(
    rf"^(?P<op>{_OP_ALTERNATION})?"
    rf"(?P<prefix>{'|'.join(_PREFIXES)})?"
    rf"(?P<low>{_NUM})(?P<unit1>[^\d\-~～—–－至到+]*?)"
    rf"(?:{_RANGE_SEP}(?P<high>{_NUM}))?"
    rf"(?P<unit>[^\d]*?)"
    rf"(?P<suffix>{_SUFFIX_ALTERNATION}|左右)?$"
)
# a date cell as the readers give it ("2026-03-05"): what Excel and WPS make of "3-5" or "1/2"
_STORED_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
STORED_AS_DATE = (
    "单元格存的是日期。若本意是“3-5”“1/2”这类写法，是 Excel 或 WPS 自动改成了日期，"
    "请把单元格格式设为“文本”后重新输入，或写成“3至5”；若本意是完成时限，请写成“2026年3月5日前”"
)
_OP_ONLY = re.compile(rf"^(?P<op>{_OP_ALTERNATION})(?P<rest>.*)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNIT_TEXT = re.compile(r"^[\u4e00-\u9fff%‰a-zA-Z²㎡/／·•・]{0,8}$")

Kind = Literal["empty", "none", "number", "range", "text", "unreadable"]


class ParsedValue(BaseModel):
    """A value as read: the raw text beside what it means."""

    model_config = ConfigDict(frozen=True)

    raw: str | None
    kind: Kind
    op: Op | None = None  # sign written inside the value ("≥95%", "30件以上")
    low: float | None = None  # number, or lower end of a range
    high: float | None = None  # same as low for a number; upper end of a range
    unit: Unit | None = None
    prefix: str | None = None  # 人均 …
    text: str | None = None  # words of a qualitative value, whitespace removed
    reason: str | None = None  # why it is unreadable, in Chinese
    unit_from_column: bool = False  # the unit came from the 度量单位 column

    @property
    def is_number(self) -> bool:
        return self.kind in ("number", "range")

    def base(self, which: Literal["low", "high"] = "low") -> float | None:
        """The value converted to its dimension's base unit (元, 天, fraction …)."""
        value = self.low if which == "low" else self.high
        if value is None:
            return None
        return value * (self.unit.factor if self.unit else 1.0)

    def show(self) -> str:
        """The raw text for messages, or a placeholder for an empty cell."""
        return self.raw if self.raw not in (None, "") else "（空）"


@lru_cache(maxsize=65536)
def normalise_text(text: str | None) -> str:
    """Full-width letters and digits to half-width, whitespace and line breaks removed
    (NFKC turns ＞ into >); "" for None. Used for every comparison of what clerks typed."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=4096)
def parse_op(text: str | None) -> Op | None:
    """The standard sign for an 指标性质 cell ("≧", ">=", "大于", "定性" …), or None."""
    if text is None:
        return None
    norm = normalise_text(text)
    return _OP_WORDS.get(norm) or _OP_WORDS.get(text.strip())


def unreadable_op(text: str | None) -> bool:
    """An 指标性质 filled in a spelling no one reads: no sign, not 定性, not 定量 (JX508;
    the templates and JX_SCORE give no score for it)."""
    norm = normalise_text(text)
    return bool(norm) and norm not in QUANTITATIVE_WORDS and parse_op(text) is None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@lru_cache(maxsize=65536)
def parse_value(text: object, unit: str | None = None) -> ParsedValue:
    """Parse one cell value. ``unit`` is the 度量单位 column, used when the value has none."""
    raw = None if text is None else str(text)
    if raw is None or not raw.strip():
        return ParsedValue(raw=raw, kind="empty")
    norm = normalise_text(raw)
    column_unit = parse_unit(normalise_text(unit)) if unit else None
    if norm in _NONE_WORDS:
        return ParsedValue(raw=raw, kind="none", text=norm)

    match = _VALUE.match(norm)
    if match and _is_unit_text(match["unit1"]) and _is_unit_text(match["unit"]):
        return _from_match(raw, match, column_unit)

    if not re.search(r"\d", norm):
        op_match = _OP_ONLY.match(norm)
        if op_match and op_match["rest"] and _CJK.search(op_match["rest"]):
            return ParsedValue(
                raw=raw, kind="text", op=_OP_WORDS[op_match["op"]], text=op_match["rest"]
            )
        if op_match and not op_match["rest"]:
            return ParsedValue(
                raw=raw,
                kind="unreadable",
                op=_OP_WORDS[op_match["op"]],
                reason=f"「{raw.strip()}」只有比较符号，没有数值",
            )
        return ParsedValue(raw=raw, kind="text", text=norm)

    if len(_CJK.findall(norm)) >= 4 or re.search(r"[，。；、：,;:（）()“”]", norm):
        return ParsedValue(raw=raw, kind="text", text=norm)
    if _STORED_DATE.match(raw.strip()):
        return ParsedValue(raw=raw, kind="unreadable", reason=STORED_AS_DATE)
    return ParsedValue(
        raw=raw,
        kind="unreadable",
        reason=f"无法识别的数值「{raw.strip()}」：数字、符号或单位写法不规范",
    )


def _is_unit_text(text: str | None) -> bool:
    return not text or bool(_UNIT_TEXT.match(text))


def _from_match(raw: str, match: re.Match[str], column_unit: Unit | None) -> ParsedValue:
    op = _OP_WORDS[match["op"]] if match["op"] else None
    if match["suffix"] in _SUFFIX_OPS:
        suffix_op = _SUFFIX_OPS[match["suffix"]]
        if op is not None and op != suffix_op:
            return ParsedValue(
                raw=raw, kind="unreadable", reason=f"「{raw.strip()}」前后的比较方向矛盾"
            )
        op = suffix_op
    unit1, unit2 = match["unit1"] or "", match["unit"] or ""
    if match["high"] is None:
        unit_text = unit1 + unit2
    elif unit1 and unit2 and unit1 != unit2:
        return ParsedValue(
            raw=raw, kind="unreadable", reason=f"「{raw.strip()}」范围两端的单位不一致"
        )
    else:
        unit_text = unit2 or unit1
    low = _number(match["low"])
    high = _number(match["high"]) if match["high"] is not None else low
    if high < low:
        return ParsedValue(
            raw=raw, kind="unreadable", reason=f"「{raw.strip()}」范围的下限大于上限"
        )
    if unit_text in MULTIPLIERS and column_unit is not None:
        unit_text += column_unit.text  # "1万" with 度量单位 人 is 1 万人
    own_unit = parse_unit(unit_text)
    unit = own_unit or column_unit
    return ParsedValue(
        raw=raw,
        kind="range" if match["high"] is not None else "number",
        op=op,
        low=low,
        high=high,
        unit=unit,
        prefix=match["prefix"],
        unit_from_column=own_unit is None and column_unit is not None,
    )


def same_dimension(a: ParsedValue, b: ParsedValue) -> bool:
    """Whether two numeric values can be compared after unit conversion."""
    return compatible(a.unit, b.unit)

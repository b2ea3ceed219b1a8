"""Units of measure found in performance forms, and conversion within a dimension.

A unit is a numerator (money, time, percent or a counted thing) with an optional
denominator ("元/人·次", "人/年"). Two quantities compare only when their units share
a dimension: 万元 and 元 do, 月 and 年 do, 人 and 户 do not.
"""

from __future__ import annotations

import re
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

# numerator units: name -> (dimension, factor to the dimension's base unit)
_MONEY = {"元": 1, "千元": 1000, "万元": 10_000, "百万元": 1_000_000, "亿元": 100_000_000}
_TIME = {
    "天": 1,
    "日": 1,
    "周": 7,
    "个月": Fraction(365, 12),
    "月": Fraction(365, 12),
    "月底": Fraction(365, 12),
    "季度": Fraction(365, 4),
    "个季度": Fraction(365, 4),
    "年": 365,
    "小时": Fraction(1, 24),
}
_WORKDAY = {"个工作日": 1, "工作日": 1}
_PERCENT = {"%": Fraction(1, 100), "‰": Fraction(1, 1000)}
_AREA = {"㎡": 1, "平方米": 1, "m2": 1, "平米": 1, "亩": Fraction(2000, 3)}
_LENGTH = {"米": 1, "公里": 1000, "千米": 1000, "km": 1000}
# counted things: synonyms share one dimension so that 人 and 人次 compare
_COUNTS = {
    "人": ("人", "人次", "名", "人数", "位"),
    "户": ("户", "户次"),
    "次": ("次", "场", "场次", "期", "届", "轮", "批次"),
    "家": ("家", "所"),
    "个": ("个",),
    "件": ("件", "宗"),
    "台套": ("台套", "台", "套", "部", "辆"),
    "份": ("份", "册", "本"),
    "项": ("项",),
    "篇": ("篇", "条"),
    "处": ("处", "座", "站"),
}

# a unit written as a word where forms write its sign ("≥100百分比"): word -> (sign, what)
WORDED_UNITS = {
    "百分比": ("%", "百分数"),
    "百分率": ("%", "百分数"),
    "百分数": ("%", "百分数"),
    "千分比": ("‰", "千分数"),
    "千分率": ("‰", "千分数"),
}

_TABLE: dict[str, tuple[str, Fraction]] = {}
for _dim, _units in (
    ("money", _MONEY),
    ("time", _TIME),
    ("workday", _WORKDAY),
    ("percent", _PERCENT),
    ("area", _AREA),
    ("length", _LENGTH),
):
    for _name, _factor in _units.items():
        _TABLE[_name] = (_dim, Fraction(_factor))
for _base, _names in _COUNTS.items():
    for _name in _names:
        _TABLE[_name] = (f"count:{_base}", Fraction(1))

# longest first, so that 万元 wins over 元 and 人次 over 人
NUMERATORS = sorted(_TABLE, key=len, reverse=True)

_SPLIT = re.compile(r"\s*[/／每]\s*")


class Unit(BaseModel):
    """A parsed unit: its text, dimension and factor to the dimension's base unit."""

    model_config = ConfigDict(frozen=True)

    text: str  # the unit as written, whitespace removed
    dimension: str  # money, time, percent, count:人 …, or other:<text>
    factor: float  # value × factor = value in the base unit (元, 天, fraction 1 …)
    per: str = ""  # normalised denominator, e.g. "人·次", "人/月"

    @property
    def key(self) -> tuple[str, str]:
        """Two units with the same key can be converted into each other."""
        return (self.dimension, self.per)


# quantity words before a unit: 1万人 = 10000 人, 2.5亿元 = 250000000 元
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百万": 1_000_000, "十万": 100_000}


def _numerator(text: str) -> tuple[str, Fraction] | None:
    """Dimension and factor of a numerator; 万人 is 人 × 10000 (known names first: 千米)."""
    known = _TABLE.get(text)
    if known is not None:
        return known
    if text in MULTIPLIERS:
        return "number", Fraction(MULTIPLIERS[text])  # a bare 万: a plain number × 10000
    for word, factor in sorted(MULTIPLIERS.items(), key=lambda m: -len(m[0])):
        if text.startswith(word) and text[len(word) :] in _TABLE:
            dimension, base = _TABLE[text[len(word) :]]
            return dimension, base * factor
    return None


# a bare quantity word after a number ("0.13万" in a row whose 度量单位 is 人次): any dimension
ANY_DIMENSION = "×"


def convertible_units() -> list[tuple[str, str, float]]:
    """(unit as written, dimension, factor to the dimension's base) for every simple unit
    the engine converts: the named units, each with a quantity word before it (万人,
    千户), and the bare quantity words. The templates' 列表 sheet holds this table so
    their formulas convert as the engine does."""
    out = [(name, dim, float(factor)) for name, (dim, factor) in _TABLE.items()]
    seen = set(_TABLE)
    for word, times in MULTIPLIERS.items():
        out.append((word, ANY_DIMENSION, float(times)))
        seen.add(word)
        for name, (dim, factor) in _TABLE.items():
            if dim != "percent" and word + name not in seen:
                out.append((word + name, dim, float(factor * times)))
                seen.add(word + name)
    return out


def parse_unit(text: str) -> Unit | None:
    """Parse a unit text such as "万元", "元/人·次", "人/年", "%"; None when empty.

    Unknown units are kept as their own dimension ("other:<text>"), comparable only
    with the very same text.
    """
    text = re.sub(r"\s+", "", text or "")
    if not text:
        return None
    # "户（套）": an alternative name in brackets does not change the unit
    head, *rest = _SPLIT.split(re.sub(r"[(（][^)）]*[)）]", "", text) or text, maxsplit=1)
    per = _normalise_per(rest[0]) if rest else ""
    known = _numerator(head)
    if known is None:
        return Unit(text=text, dimension=f"other:{head}", factor=1.0, per=per)
    dimension, factor = known
    return Unit(text=text, dimension=dimension, factor=float(factor), per=per)


def _normalise_per(per: str) -> str:
    """Denominators compare by their counted things: "人/月" == "人·月"; 人次 == 人·次."""
    per = per.replace("／", "/").replace("·", "/").replace("•", "/").replace("・", "/")
    parts = [p for p in re.split(r"/", per) if p]
    norm: list[str] = []
    for part in parts:
        if part in ("人次",):
            norm += ["人", "次"]
        elif part in ("人年",):
            norm += ["人", "年"]
        elif part in ("人月",):
            norm += ["人", "月"]
        else:
            norm.append({"户次": "户", "个月": "月", "名": "人"}.get(part, part))
    return "/".join(norm)


def compatible(a: Unit | None, b: Unit | None) -> bool:
    """True when quantities in units a and b can be compared (None matches anything)."""
    return a is None or b is None or a.key == b.key

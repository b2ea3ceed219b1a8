"""Scoring profiles: every weight, band and threshold of scoring lives in a data file.

Profiles are TOML files in ``addin/core/profiles/``; a profile may ``extends`` another and
override single keys. ``load_profile("sichuan")`` returns a validated :class:`Profile`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from addin.core.errors import JixiaoError

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"


class ProfileError(JixiaoError, ValueError):
    """A profile that does not exist or does not validate (message in Chinese)."""

    code = "profile"


class Grade(BaseModel):
    name: str
    min: float


class Band(BaseModel):
    """A qualitative band: the share of the points between ``low`` and ``high``."""

    name: str
    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)
    default: float = Field(ge=0, le=1)

    def contains(self, share: float, tolerance: float = 1e-9) -> bool:
        return self.low - tolerance <= share <= self.high + tolerance


class Words(BaseModel):
    """Words that decide a qualitative actual, and vague words that are no target."""

    achieved: list[str]
    partial: list[str]
    missed: list[str]
    vague: list[str]
    # a negation before an affirmative word (未提高, 不及时, 无明显改善) means not achieved;
    # a negation elsewhere (无投诉?) is left to a person, never guessed as 达成
    negations: list[str] = ["尚未", "未", "不", "无", "没", "欠", "缺"]
    # words that hold a negation character but negate nothing (不断提高, 无负面影响 …)
    not_negations: list[str] = ["不断", "不仅", "毫不", "无负面", "无不良"]
    # a partial qualifier before an affirmative word (基本达标, 部分完善, 有所提升) means
    # 部分达成, never full marks
    partial_qualifiers: list[str] = ["大部分", "基本", "部分", "初步", "逐步", "有所"]


class Profile(BaseModel):
    """One scoring profile (see central.toml for the meaning of each key)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    points_label: str
    has_score_column: bool
    execution_points: float = Field(ge=0)
    indicator_points: float = Field(ge=0)
    total_points: float = Field(gt=0)
    far_above_ratio: float = Field(ge=0)
    reason_below_rate: float = Field(ge=0, le=1)
    reason_max_chars: int = Field(ge=0)
    tolerance: float = Field(ge=0)
    percent_fraction_cutoff: float = Field(ge=0)
    split: dict[str, float]
    grades: list[Grade]
    bands: list[Band]
    words: Words

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if abs(self.execution_points + self.indicator_points - self.total_points) > 1e-9:
            raise ValueError("execution_points + indicator_points must equal total_points")
        if sorted(g.min for g in self.grades)[0] != 0:
            raise ValueError("the lowest grade must start at 0")
        return self

    def grade(self, total: float) -> str:
        """等级 of a total: the first grade whose minimum it reaches (a negative total, from
        negative amounts in a county file, gets the lowest grade)."""
        ordered = sorted(self.grades, key=lambda g: g.min, reverse=True)
        for grade in ordered:
            if total >= grade.min - 1e-9:
                return grade.name
        return ordered[-1].name

    def band(self, name: str) -> Band:
        return next(b for b in self.bands if b.name == name)


def profile_names() -> list[str]:
    """Names of the bundled profiles."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))


def _read(name: str, seen: tuple[str, ...] = ()) -> dict:
    path = PROFILES_DIR / f"{name}.toml"
    if not path.is_file():
        raise ProfileError(f"没有名为「{name}」的计分口径；可用：{'、'.join(profile_names())}")
    if name in seen:
        raise ProfileError(f"计分口径「{name}」的 extends 形成了循环")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"计分口径文件 {path.name} 格式有误：{exc}") from exc
    parent = data.pop("extends", None)
    if parent is None:
        return data
    merged = _read(parent, (*seen, name))
    merged.update(data)
    return merged


@cache
def load_profile(name: str = "central") -> Profile:
    """The validated profile called ``name``."""
    data = _read(name)
    try:
        return Profile.model_validate(data)
    except ValueError as exc:
        raise ProfileError(f"计分口径「{name}」有误：{exc}") from exc

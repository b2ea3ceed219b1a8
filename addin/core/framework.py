"""The indicator framework (指标体系): standard 一级/二级 names and how real names map to them.

The frameworks are data (``addin/core/frameworks.toml``). Two project frameworks are
accepted: 财预〔2021〕101号 (成本指标 a 一级 of its own) and 财预〔2015〕88号 (成本指标 a 二级
under 产出指标). 部门整体 targets may use the six dimensions of seed 004 instead, and
evaluations the 财预〔2020〕10号 framework 决策 / 过程 / 产出 / 效益. :func:`classify` maps
what a clerk wrote to the standard names and reports every variant with the standard name as
the fix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel

from addin.core.values import normalise_text


class Kind(StrEnum):
    """What an indicator measures; drives sign checks and the default direction."""

    QUANTITY = "quantity"
    QUALITY = "quality"
    TIMELINESS = "timeliness"
    COST = "cost"
    BENEFIT = "benefit"
    SATISFACTION = "satisfaction"
    MANAGEMENT = "management"
    OUTPUT = "output"


Framework = Literal["project", "dept", "evaluation"]


def _load() -> dict:
    """The frameworks as data: ``addin/core/frameworks.toml``."""
    text = resources.files("addin.core").joinpath("frameworks.toml").read_text("utf-8")
    return tomllib.loads(text)


_DATA = _load()


def _levels(name: str) -> dict[str, dict[str, Kind]]:
    return {
        l1: {l2: Kind(kind) for l2, kind in l2s.items()}
        for l1, l2s in _DATA[name]["levels"].items()
    }


def _words(name: str) -> dict[str, str]:
    return {k: v for k, v in _DATA[name].items() if k != "seen"}


# 财预〔2021〕101号 (成本指标 a 一级 of its own)
PROJECT: dict[str, dict[str, Kind]] = _levels("project")
# 财预〔2015〕88号: 成本指标 as a 二级 of 产出指标
LEGACY_PROJECT: dict[str, dict[str, Kind]] = _levels("legacy_project")
# 88号 names accepted when reading, not offered in the templates' dropdowns
LEGACY_READ_ONLY: dict[str, dict[str, Kind]] = _levels("legacy_read_only")
# the six dimensions of a 部门整体 target (seed 004)
DEPT: dict[str, dict[str, Kind]] = _levels("dept")
# 财预〔2020〕10号 evaluation framework: 决策 / 过程 / 产出 / 效益
EVALUATION: dict[str, dict[str, Kind]] = _levels("evaluation")
# real variants seen in county files -> standard 二级 (project framework)
PROJECT_LEVEL2_VARIANTS: dict[str, str] = _words("project_level2_variants")
# 项目决策 / 项目管理 … -> 决策 / 过程
EVALUATION_LEVEL1_VARIANTS: dict[str, str] = _words("evaluation_level1_variants")
# names whose smaller value is the better one (控制率 ≤ 100%, 预算调整率 ≤ 3%)
LOWER_IS_BETTER: tuple[str, ...] = tuple(_DATA["lower_is_better"]["words"])


def lower_is_better(name: str | None) -> bool:
    """Whether an indicator's name says that less is better (成本控制率, 预算调整率 …)."""
    return normalise_text(name).endswith(LOWER_IS_BETTER)


_NUM = r"\d+(?:\.\d+)?"
# the section's points written into its name: (50分), （0-20）分, (40-50)分, 40分
_POINTS = re.compile(
    rf"(?:[(（]{_NUM}(?:[-－~～至]{_NUM})?分?[)）]分?|{_NUM}(?:[-－~～至]{_NUM})?分)$"
)


def strip_points(name: str) -> str:
    """A name without its section number and points: 一、产出指标(50分) -> 产出指标,
    成本指标(0-20)分 -> 成本指标, 产出\\n指标\\n40分 (cleaned) -> 产出指标."""
    return _NUMBERING.sub("", _POINTS.sub("", name))


_NUMBERING = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十\d]+[)）]")


# 一级 groups for the usual split of points (产出 50, 效益 30, 满意度 10; 成本 shares 产出's)
GROUP_OF_LEVEL1: dict[str, str] = {
    "产出指标": "产出",
    "成本指标": "产出",
    "效益指标": "效益",
    "满意度指标": "满意度",
}
REQUIRED_GROUPS = ("产出", "效益")
EXPECTED_GROUPS = ("满意度",)

IssueKind = Literal["format", "variant", "typo", "unknown", "misplaced", "level2_as_name"]


class NameIssue(BaseModel):
    """A name that is not the standard one, with the standard name as the fix."""

    field: Literal["level1", "level2", "name"]
    kind: IssueKind
    raw: str
    suggestion: str | None = None  # the standard name (or the right 一级 for misplaced)


class Classification(BaseModel):
    """An indicator row's names mapped onto the framework."""

    framework: Framework
    level1: str | None = None  # standard 一级, when recognised
    level2: str | None = None  # standard 二级, when recognised
    kind: Kind | None = None
    group: str | None = None  # 产出 / 效益 / 满意度 (project framework)
    issues: list[NameIssue] = []


@lru_cache(maxsize=65536)
def clean(name: str | None) -> str:
    """A name without line breaks, spaces or full-width forms: 社会效益\\n指标 -> 社会效益指标."""
    return normalise_text(name).replace('"', "”")


def _tables(framework: Framework) -> dict[str, dict[str, Kind]]:
    return {"project": PROJECT, "dept": DEPT, "evaluation": EVALUATION}[framework]


def _level2_tables(framework: Framework) -> dict[str, dict[str, Kind]]:
    """Every accepted (一级, 二级) pair, the legacy ones included."""
    merged = {k: dict(v) for k, v in _tables(framework).items()}
    if framework == "project":
        for level1, level2s in [*LEGACY_PROJECT.items(), *LEGACY_READ_ONLY.items()]:
            merged[level1].update(level2s)
    return merged


def all_level2(framework: Framework) -> dict[str, str]:
    """Standard 二级 name -> its 一级 (legacy 成本指标 under 产出指标 included)."""
    return {l2: l1 for l1, l2s in _level2_tables(framework).items() for l2 in l2s}


def detect_framework(level1_names: list[str | None]) -> Framework:
    """Guess a table's framework from its 一级 names (部门整体 dimensions or project)."""
    votes = [_framework_of(name) for name in level1_names]
    if "evaluation" in votes:  # 决策 / 过程 are names of the evaluation framework only
        return "evaluation"
    return "dept" if votes.count("dept") > votes.count("project") else "project"


@lru_cache(maxsize=4096)
def section_level(name: str | None) -> Literal["level1", "level2"] | None:
    """Whether a name written alone on a row of a flat table is a 一级 or 二级 heading
    ("一、产出指标(50分)", "数量指标"), in any accepted framework."""
    bare = strip_points(clean(name))
    if not bare:
        return None
    frameworks: tuple[Framework, ...] = ("project", "dept", "evaluation")
    if any(_match_exact(bare, list(_tables(f))) for f in frameworks):
        return "level1"
    if any(_match_exact(bare, list(all_level2(f))) for f in frameworks):
        return "level2"
    return None


@lru_cache(maxsize=4096)
def _framework_of(name: str | None) -> Framework | None:
    """Which framework a 一级 name belongs to, if any."""
    if _match_exact(clean(name), list(DEPT)) is not None:
        return "dept"
    if _match_exact(clean(name), list(PROJECT)) is not None:
        return "project"
    bare = strip_points(clean(name))
    if bare in EVALUATION or bare in EVALUATION_LEVEL1_VARIANTS:
        return "evaluation"
    return None


def _match_exact(name: str, standards: list[str]) -> str | None:
    """A standard name equal to ``name`` up to the 指标 suffix and a trailing number."""
    if not name:
        return None
    bare = re.sub(r"\d+$", "", strip_points(name))
    for std in standards:
        if bare in (std, std.removesuffix("指标"), std + "指标"):
            return std
    return None


def _match(
    raw: str | None,
    field: str,
    standards: list[str],
    variants: dict[str, str],
    issues: list[NameIssue],
) -> str | None:
    """Map one name onto ``standards``, recording how far it was from standard."""
    name = clean(raw)
    if not name:
        return None
    std = _match_exact(name, standards)
    if std is not None:
        if re.sub(r"\d+$", "", strip_points((raw or "").strip())) != std:
            issues.append(NameIssue(field=field, kind="format", raw=raw, suggestion=std))
        return std
    bare = strip_points(name)
    variant = variants.get(bare) or variants.get(bare + "指标")
    if variant is not None:
        issues.append(NameIssue(field=field, kind="variant", raw=raw, suggestion=variant))
        return variant
    close = difflib.get_close_matches(name, standards, n=1, cutoff=0.75)
    if close:
        issues.append(NameIssue(field=field, kind="typo", raw=raw, suggestion=close[0]))
        return close[0]
    return None


@lru_cache(maxsize=16384)
def classify(
    level1: str | None, level2: str | None, name: str | None, framework: Framework = "project"
) -> Classification:
    """Map a row's 一级/二级/三级 names to the standard framework and list every issue."""
    issues: list[NameIssue] = []
    tables = _level2_tables(framework)
    owner = all_level2(framework)
    level1_variants = EVALUATION_LEVEL1_VARIANTS if framework == "evaluation" else {}
    l1 = _match(level1, "level1", list(tables), level1_variants, issues)
    if level1_variants:  # 项目决策 / 项目管理 … are that framework's own spellings
        issues = [i for i in issues if not (i.field == "level1" and i.kind == "variant")]
    if l1 is None and clean(level1):
        issues.append(NameIssue(field="level1", kind="unknown", raw=level1 or ""))
    variants = PROJECT_LEVEL2_VARIANTS if framework == "project" else {}
    l2 = _match(level2, "level2", list(owner), variants, issues)
    if l2 is None and clean(level2):
        suggestion = _closest(clean(level2), list(tables.get(l1, {})) if l1 else list(owner))
        issues.append(
            NameIssue(field="level2", kind="unknown", raw=level2 or "", suggestion=suggestion)
        )
    if l1 and l2 and l2 not in tables[l1]:
        issues.append(
            NameIssue(field="level2", kind="misplaced", raw=level2 or "", suggestion=owner[l2])
        )
    # a 三级 cell holding a 二级 name ("社会成本指标"); "服务对象满意度" alone is a real indicator
    bare_name = clean(name)
    name_std = (
        _match_exact(bare_name, list(owner)) or variants.get(bare_name)
        if bare_name.endswith("指标")
        else None
    )
    if name_std is not None:
        issues.append(
            NameIssue(field="name", kind="level2_as_name", raw=name or "", suggestion=name_std)
        )
    kind = tables[owner[l2]][l2] if l2 else None
    group = GROUP_OF_LEVEL1.get(l1 or owner.get(l2 or "", "")) if framework == "project" else None
    return Classification(
        framework=framework, level1=l1, level2=l2, kind=kind, group=group, issues=issues
    )


def _closest(name: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.4)
    return close[0] if close else None

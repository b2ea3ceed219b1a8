"""A self-evaluation pre-filled from the approved target form (绩效目标表 → 绩效自评表).

A year after the targets are approved the same unit fills the self-evaluation; every
indicator (一级 / 二级 / 三级, 性质, 指标值, 度量单位) is carried over from the target
form, with the project information and the declared funding. Where the target form has no
分值, the points are split by the profile's usual weights (产出 / 效益 / 满意度). The
result is a form model written through the ordinary template fill (``jixiao new --data``).
"""

from __future__ import annotations

import re
from pathlib import Path

from addin.core.areas import one_target
from addin.core.forms.spec import FormSpec
from addin.core.framework import classify, detect_framework
from addin.core.kinds import FORM_TITLES, KINDS
from addin.core.models import (
    DeptSelfForm,
    FormKind,
    Funding,
    FundingRow,
    Header,
    Indicator,
    ProjectSelfForm,
    ProjectTargetForm,
    ScDeptSelfForm,
    ScProjectSelfForm,
    SelfEvalForm,
)
from addin.core.profiles import Profile, load_profile
from addin.core.scoring import number
from addin.reader.targets import (
    PrefillError,
    TargetForm,
    read_targets,
    targets_for,
)
from addin.templates.fill import tidy
from addin.templates.new import write_template


def split_points(indicators: list[Indicator], profile: Profile) -> list[float]:
    """Points for each indicator from the profile's split, adding up to its indicator points.

    Project indicators share their group's weight (产出 / 效益 / 满意度; 成本 goes with
    产出); groups absent from the table hand their weight to the others in proportion.
    Indicators outside any group (部门整体 dimensions) share the points evenly.
    """
    if not indicators:
        return []
    framework = detect_framework([i.level1 for i in indicators])
    groups = [
        classify(i.level1, i.level2, i.name, framework).group if framework == "project" else None
        for i in indicators
    ]
    present = {g for g in groups if g in profile.split}
    if not present or any(g not in profile.split for g in groups):
        shares = [profile.indicator_points / len(indicators)] * len(indicators)
    else:
        weight = sum(profile.split[g] for g in present)
        shares = [
            profile.indicator_points * profile.split[g] / weight / groups.count(g)  # type: ignore[index]
            for g in groups
        ]
    points = [round(s, 2) for s in shares]
    points[-1] = round(profile.indicator_points - sum(points[:-1]), 2)  # the rounding remainder
    return points


def _indicator(ind: Indicator, points: float) -> Indicator:
    written = number(ind.points)
    return Indicator(
        level1=ind.level1,
        level2=ind.level2,
        name=ind.name,
        op=ind.op,
        target=one_target(ind),
        unit=ind.unit,
        points=ind.points if written is not None else str(tidy(points)),
    )


def _funding(target: TargetForm, kind: FormKind) -> Funding:
    rows = target.funding.rows if isinstance(target, ProjectTargetForm) else []
    hunan = kind in (FormKind.PROJECT_SELF, FormKind.DEPT_SELF)
    out = []
    for row in rows:
        if row.kind not in ("total", "fiscal", "other", "carryover") or row.budget is None:
            continue
        # the declared amount is the 年初预算数; the 全年预算数 starts equal to it
        initial = row.budget if hunan else None
        out.append(FundingRow(label=row.label, kind=row.kind, initial=initial, budget=row.budget))
    return Funding(rows=out)


def prefill(
    target: TargetForm, kind: FormKind, profile: Profile | str | None = None
) -> SelfEvalForm:
    """The self-evaluation of ``kind`` carrying ``target``'s information and indicators."""
    name = profile or KINDS[kind].profile
    prof = profile if isinstance(profile, Profile) else load_profile(name)  # type: ignore[arg-type]
    points = split_points(target.indicators, prof)
    indicators = [_indicator(i, p) for i, p in zip(target.indicators, points, strict=True)]
    h = target.header
    header = Header(unit=h.unit, project=h.project, project_code=h.project_code,
                    department=h.department, implementer=h.implementer or h.unit,
                    project_type=h.project_type, money_unit=h.money_unit)  # fmt: skip
    common = {"header": header, "goal": target.goal, "indicators": indicators,
              "funding": _funding(target, kind)}  # fmt: skip
    if kind == FormKind.PROJECT_SELF:
        return ProjectSelfForm(title="项目支出绩效自评表", **common)
    if kind == FormKind.DEPT_SELF:
        return DeptSelfForm(title="部门整体支出绩效自评表", **common)
    if kind == FormKind.SC_PROJECT_SELF:
        purpose = target.purpose if isinstance(target, ProjectTargetForm) else None
        overview = {"使用范围": purpose} if purpose else {}  # 资金用途 of the target form
        return ScProjectSelfForm(
            title="专项预算项目绩效目标完成情况自评表", overview=overview, **common
        )
    return ScDeptSelfForm(title="部门整体支出绩效目标完成情况自评表", **common)


def output_paths(out: Path, targets: list[TargetForm]) -> list[Path]:
    """``out`` for one form; ``名-1-项目.xlsx`` … beside it for several."""
    if len(targets) == 1:
        return [out]
    paths = []
    for n, target in enumerate(targets, 1):
        name = target.header.project or target.header.unit or target.sheet or ""
        safe = re.sub(r'[\\/:*?"<>|\s]+', "", name)[:40]
        paths.append(out.with_name(f"{out.stem}-{n}{'-' + safe if safe else ''}{out.suffix}"))
    return paths


def describe(target: TargetForm) -> str:
    """How a target form is named in messages: sheet and project or unit."""
    name = target.header.project or target.header.unit or target.title
    return f"{target.sheet}：{name}" if target.sheet else name


def prefill_workbook(
    source: Path, spec: FormSpec, out: Path, pick: int | None = None
) -> list[tuple[Path, str]]:
    """Write the self-evaluation(s) of ``spec`` pre-filled from the target workbook ``source``.

    One file per target form of the right kind (``pick``: only that one, 0-based).
    Returns each written path with the target form it came from.
    """
    if not source.is_file():
        raise PrefillError(f"找不到目标表「{source}」")
    return prefill_targets(read_targets(source), source.name, spec, out, pick)


def prefill_targets(
    forms: list[TargetForm], source: str, spec: FormSpec, out: Path, pick: int | None = None
) -> list[tuple[Path, str]]:
    """Write the self-evaluation(s) of ``spec`` from target forms already read (e.g. by
    :func:`targets_of_grid` from a live workbook); ``source`` names them in messages."""
    if out.suffix.lower() != ".xlsx":
        raise PrefillError(f"输出文件「{out.name}」应以 .xlsx 结尾")
    targets = targets_for(forms, spec.kind, source)
    if pick is not None:
        if not 0 <= pick < len(targets):
            raise PrefillError(
                f"{source} 中有 {len(targets)} 张「{FORM_TITLES[targets[0].form]}」，"
                f"--pick 应在 0 到 {len(targets) - 1} 之间"
            )
        targets = [targets[pick]]
    profile = load_profile(spec.profile)
    written = []
    for path, target in zip(output_paths(out, targets), targets, strict=True):
        write_template(
            spec, path, prefill(target, spec.kind, profile), spec.profile, declared_signs=True
        )
        written.append((path, describe(target)))
    return written

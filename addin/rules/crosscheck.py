"""Targets cross-checked (JX701–JX706): what changed between the approved target form and
the self-evaluation.

Reviewers look for targets quietly changed between declaration and self-evaluation. Each
self-evaluation is paired with its target form (by project name, or by unit for the
部门整体 forms); indicators are paired by their 三级 name. A declared indicator missing
from the self-evaluation, an added one, and a changed 指标值, 指标性质 or 度量单位 are
findings that quote both values and where each was written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel

from addin.core.areas import (
    area_names,
    area_view,
    area_views,
    is_split,
    one_target,
    shown_target,
)
from addin.core.framework import classify, clean, detect_framework
from addin.core.models import FormKind, Indicator, SelfEvalForm
from addin.core.scoring import resolve_op
from addin.core.values import Op, ParsedValue, normalise_text, parse_value
from addin.reader.targets import SOURCE_KIND, TargetForm
from addin.rules.checks import Finding, finding

TOLERANCE = 1e-9


class TargetValue(BaseModel):
    """An indicator's 指标性质 and 指标值 (with its unit) as the engine reads them."""

    op: Op | None
    value: ParsedValue

    @classmethod
    def of(cls, ind: Indicator, framework: str) -> TargetValue:
        value = parse_value(ind.target, ind.unit)
        kind = classify(ind.level1, ind.level2, ind.name, framework).kind  # type: ignore[arg-type]
        op, _ = resolve_op(ind, value, kind)
        return cls(op=op, value=value)


def _same_number(a: ParsedValue, b: ParsedValue) -> bool:
    scale_a = a.unit.factor if a.unit and b.unit else 1.0
    scale_b = b.unit.factor if a.unit and b.unit else 1.0
    pairs = ((a.low, b.low), (a.high, b.high))
    return all(
        x is not None
        and y is not None
        and abs(x * scale_a - y * scale_b) <= TOLERANCE * max(1, abs(x))
        for x, y in pairs
    )


def value_changed(declared: TargetValue, evaluated: TargetValue) -> bool:
    """Whether the 指标值 differs (in one unit when both carry one)."""
    a, b = declared.value, evaluated.value
    if a.is_number and b.is_number:
        return a.kind != b.kind or not _same_number(a, b)
    if a.is_number or b.is_number:
        return True
    return normalise_text(a.raw) != normalise_text(b.raw)


def unit_changed(declared: TargetValue, evaluated: TargetValue) -> bool:
    """Both values carry a unit and the units do not convert into each other."""
    a, b = declared.value.unit, evaluated.value.unit
    return a is not None and b is not None and (a.dimension != b.dimension or a.per != b.per)


def _where(sheet: str | None, cell: str | None) -> str:
    return f"{sheet}!{cell}" if sheet and cell else (sheet or cell or "")


def _where_in(sheet: str | None, ind: Indicator) -> Callable[[str], str]:
    """Where a field of ``ind`` was written: "项目1!E12"."""
    return lambda field: _where(sheet, ind.cells.get(field) or ind.cells.get("name"))


def _op_text(op: Op | None) -> str:
    return op.value if op is not None else "（空）"


def _shown(ind: Indicator) -> str:
    text = (shown_target(ind) or "").strip() or "（空）"
    if ind.unit and ind.unit not in text:
        text += ind.unit
    if ind.op and ind.op.strip() not in text and ind.op.strip() != "定性":
        text = ind.op.strip() + text
    return text


def _anchor(form: SelfEvalForm) -> str | None:
    """The cell a finding about the whole form sits on: its title or project name."""
    first = form.indicators[0].cells.get("name") if form.indicators else None
    return (
        form.cells.get("title")
        or form.header.cells.get("project")
        or form.header.cells.get("unit")
        or first
    )


def _changes(
    declared: Indicator,
    evaluated: Indicator,
    where: Callable[[str], str],
    frames: tuple[str, str],
    sheet: str | None,
) -> list[Finding]:
    """指标性质, 度量单位 and 指标值 of one indicator, declared against evaluated."""
    a, b = TargetValue.of(declared, frames[0]), TargetValue.of(evaluated, frames[1])
    cells, name = evaluated.cells, evaluated.name
    value_cell = cells.get("target") or cells.get("name")
    found = []
    if a.op != b.op and "range" not in (a.value.kind, b.value.kind):
        found.append(
            finding(
                "JX704",
                sheet,
                cells.get("op") or value_cell,
                name=name,
                target=_op_text(a.op),
                target_at=where("target"),
                value=_op_text(b.op),
            )
        )
    a_unit, b_unit = a.value.unit, b.value.unit
    if a_unit is not None and b_unit is not None and unit_changed(a, b):
        found.append(
            finding(
                "JX705",
                sheet,
                cells.get("unit") or value_cell,
                name=name,
                target=a_unit.text,
                target_at=where("target"),
                value=b_unit.text,
            )
        )
    elif value_changed(a, b):
        found.append(
            finding(
                "JX703",
                sheet,
                value_cell,
                name=name,
                target=_shown(declared),
                target_at=where("target"),
                value=_shown(evaluated),
            )
        )
    return found


def _split_changes(
    declared: Indicator,
    evaluated: Indicator,
    target_sheet: str | None,
    frames: tuple[str, str],
    sheet: str | None,
) -> list[Finding]:
    """Targets split by area on either form: area by area where both are split by the same
    areas; else the one target each states (the one every area states, or the sum of counts
    that add up); nothing to compare when the areas state no one target."""
    areas = [a for a, _ in area_views(evaluated) if a in area_names(declared)]
    if areas and is_split(declared) and is_split(evaluated):
        found: list[Finding] = []
        for area in areas:
            before = area_view(declared, area)
            where = _where_in(target_sheet, before)
            found += _changes(before, area_view(evaluated, area), where, frames, sheet)
        return found
    before, after = one_target(declared), one_target(evaluated)
    if before is None or after is None:
        return []
    declared = declared.model_copy(update={"target": before})
    evaluated = evaluated.model_copy(update={"target": after})
    return _changes(declared, evaluated, _where_in(target_sheet, declared), frames, sheet)


def compare(target: TargetForm, form: SelfEvalForm) -> list[Finding]:
    """Findings on ``form`` for every indicator dropped, added or changed since ``target``."""
    frames = (
        detect_framework([i.level1 for i in target.indicators]),
        detect_framework([i.level1 for i in form.indicators]),
    )
    remaining = [i for i in form.indicators if clean(i.name)]
    findings: list[Finding] = []
    for declared in target.indicators:
        key = clean(declared.name)
        if not key:
            continue
        where = _where_in(target.sheet, declared)
        match = next((i for i in remaining if clean(i.name) == key), None)
        if match is None:
            findings.append(
                finding(
                    "JX701",
                    form.sheet,
                    _anchor(form),
                    target_at=where("name"),
                    name=declared.name,
                    target=_shown(declared),
                )
            )
            continue
        remaining.remove(match)
        if is_split(declared) or is_split(match):
            findings += _split_changes(declared, match, target.sheet, frames, form.sheet)
        else:
            findings += _changes(declared, match, where, frames, form.sheet)
    for added in remaining:
        findings.append(finding("JX702", form.sheet, added.cells.get("name"), name=added.name))
    return findings


def _subject(form: SelfEvalForm | TargetForm) -> str:
    if form.form in (FormKind.DEPT_TARGET, FormKind.DEPT_SELF, FormKind.SC_DEPT_SELF):
        return clean(form.header.unit)
    return clean(form.header.project)


def pair(
    forms: Sequence[SelfEvalForm], targets: Sequence[TargetForm]
) -> list[tuple[SelfEvalForm, TargetForm | None]]:
    """Each self-evaluation with its target form: same project (or unit) name, else the only one."""
    pairs: list[tuple[SelfEvalForm, TargetForm | None]] = []
    for form in forms:
        wanted = SOURCE_KIND[form.form]
        same_kind = [t for t in targets if t.form == wanted]
        named = [t for t in same_kind if _subject(t) and _subject(t) == _subject(form)]
        if named:
            pairs.append((form, named[0]))
        elif len(same_kind) == 1 and len([f for f in forms if SOURCE_KIND[f.form] == wanted]) == 1:
            pairs.append((form, same_kind[0]))
        else:
            pairs.append((form, None))
    return pairs


def crosscheck(
    forms: Sequence[SelfEvalForm], targets: Sequence[TargetForm], targets_file: str
) -> list[Finding]:
    """Findings of every self-evaluation against its target form in ``targets``."""
    findings: list[Finding] = []
    for form, target in pair(forms, targets):
        if target is None:
            subject = form.header.project or form.header.unit or form.sheet or form.title
            findings.append(finding("JX706", form.sheet, _anchor(form),
                                     subject=subject, file=targets_file))  # fmt: skip
        else:
            findings.extend(compare(target, form))
    return findings

"""What a form states beside its scores, for the summary: the 总分 and 分值 the county wrote,
the year and project code, and a target form's budget, goal and indicators (target forms
have no scores, but their figures belong in the summary all the same)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from addin.core.areas import shown_target
from addin.core.models import IndicatorForm
from addin.core.scoring import amount, number, total_row
from addin.merge.kinds import TARGET, kind_label, kind_of
from addin.merge.tables import one_line, part_records, standard_names, value_and_unit

if TYPE_CHECKING:
    from addin.core.models import AnyForm
    from addin.core.scoring import FormScore

TARGET_STATUS = "目标（未自评）"
_YEAR = re.compile(r"(20\d{2})")


def form_facts(form: AnyForm, score: FormScore | None) -> dict[str, object]:
    """FormRow fields a form states: declared total, 分值合计, year, project code, and for a
    target form its planned budget and goal."""
    facts: dict[str, object] = {
        "year": _year(form),
        "project_code": one_line(form.header.project_code),
    }
    funding = getattr(form, "funding", None)
    if score is not None:
        declared = score.written_total
        facts["declared_total"] = declared
        if score.points is not None:
            extra = number(funding.points) if funding is not None else None
            facts["points_total"] = round(score.points + (extra or 0.0), 2)
        if declared is not None and score.total is not None:
            facts["difference"] = round(declared - score.total, 2)
    if kind_of(form.form.value) == TARGET:
        if funding is not None:
            total = total_row(funding.rows)
            facts["target_budget"] = amount(total.budget) if total is not None else None
        if isinstance(form, IndicatorForm):
            facts["goal"] = one_line(form.goal)
    return facts


def _year(form: AnyForm) -> str | None:
    for text in (form.header.year, form.title, form.sheet):
        match = _YEAR.search(text or "")
        if match:
            return match[1]
    return None


def target_indicator_rows(form: AnyForm, unit: str, file: str) -> list[tuple]:
    """指标明细 rows of a target form's indicators (性质, 指标值, 单位; no actual, no score)."""
    if not isinstance(form, IndicatorForm):
        return []
    project = one_line(form.header.project)
    label = kind_label(form.form.value)
    rows = []
    for ind in form.indicators:
        target = shown_target(ind)
        if not (ind.name or target):
            continue
        level1_std, level2_std = standard_names(ind.level1, ind.level2)
        rows.append(
            (
                unit,
                project,
                one_line(ind.level1, ""),
                level1_std,
                one_line(ind.level2, ""),
                level2_std,
                one_line(ind.name or ind.description),
                one_line(ind.op),
                one_line(target),
                None,
                *value_and_unit(ind.target, ind.unit),
                None,
                None,
                one_line(ind.unit),
                number(ind.points),
                None,
                TARGET_STATUS,
                file,
                form.sheet,
                _cell(ind.cells),
                label,
            )
        )
        rows += part_records(ind, unit, project, file, form.sheet, label)
    return rows


def _cell(cells: dict[str, str]) -> str | None:
    """The cell a row is traced to: its name (as a scored row), else its 指标值, else any."""
    return cells.get("name") or cells.get("target") or next(iter(cells.values()), None)

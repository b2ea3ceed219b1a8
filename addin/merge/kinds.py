"""Form kinds as a reviewer adds them up: 部门整体 and 项目 are never added together.

A unit's 部门整体 budget is its whole budget and already contains its 项目支出, so the
summary keeps a total per kind (and a subtotal per unit within each kind). Target forms
(目标表) plan what a self-evaluation reports: their figures are kept apart too.
执行率 of a kind is Σ执行数 ÷ Σ预算数 over the forms of that kind reporting both figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from addin.core.kinds import KINDS


class FormRow(Protocol):
    """What the totals read of a 汇总 row (:class:`addin.merge.result.FormRow`)."""

    unit: str
    form: str
    budget: float | None
    spent: float | None
    total: float | None
    errors: int
    warnings: int
    target_budget: float | None


DEPT, PROJECT, TARGET, OTHER = "dept", "project", "target", "other"
KIND_OF_FORM = {  # from the one table of form kinds
    k.kind.value: TARGET if k.stage == "target" else k.scope if k.scope != "data" else OTHER
    for k in KINDS.values()
}
KIND_LABELS = {DEPT: "部门整体", PROJECT: "项目", TARGET: "目标", OTHER: "其他"}
KIND_ORDER = (DEPT, PROJECT, TARGET, OTHER)
SUMMED = (DEPT, PROJECT)  # the kinds whose money 汇总 totals (each on its own)
TOTALS_NOTE = (
    "说明：部门整体预算已包含本单位的项目支出，部门整体与项目两类表分开合计、从不相加；"
    "执行率 = Σ执行数 ÷ Σ预算数，只计预算数、执行数均已填的表；目标表的预算为计划数，另见“目标表”。"
)


def kind_of(form: str) -> str:
    """The kind group of a form code (dept / project / target / other)."""
    return KIND_OF_FORM.get(form, OTHER)


def kind_label(form: str) -> str:
    """类别 of a form code as the sheets show it: 部门整体 / 项目 / 目标 / 其他."""
    return KIND_LABELS[kind_of(form)]


def figures(rows: Iterable[FormRow]) -> dict[str, float | int | None]:
    """Totals a reviewer can redo by hand over ``rows`` (all of one kind)."""
    rows = list(rows)
    budgets = [r.budget for r in rows if r.budget is not None]
    spents = [r.spent for r in rows if r.spent is not None]
    both = [r for r in rows if r.budget is not None and r.spent is not None]
    rate_budget = sum(r.budget or 0.0 for r in both)
    rate_spent = sum(r.spent or 0.0 for r in both)
    totals = [r.total for r in rows if r.total is not None]
    return {
        "forms": len(rows),
        "units": len({r.unit for r in rows}),
        "budget": round(sum(budgets), 6),
        "budget_forms": len(budgets),
        "spent": round(sum(spents), 6),
        "spent_forms": len(spents),
        "rate_forms": len(both),
        "rate_budget": round(rate_budget, 6),
        "rate_spent": round(rate_spent, 6),
        "execution_rate": rate_spent / rate_budget if rate_budget else None,
        "average_total": sum(totals) / len(totals) if totals else None,
        "scored_forms": len(totals),
        "errors": sum(r.errors for r in rows),
        "warnings": sum(r.warnings for r in rows),
    }


def totals_by_kind(rows: Iterable[FormRow]) -> dict[str, dict[str, float | int | None]]:
    """``figures`` of each kind present (dept, project, target, other), never mixed."""
    groups: dict[str, list[FormRow]] = {}
    for r in rows:
        groups.setdefault(kind_of(r.form), []).append(r)
    totals = {k: figures(groups[k]) for k in KIND_ORDER if k in groups}
    if TARGET in totals:  # planned budgets of the target forms (never added to the others)
        planned = [r.target_budget for r in groups[TARGET] if r.target_budget is not None]
        totals[TARGET]["target_budget"] = round(sum(planned), 6)
        totals[TARGET]["target_budget_forms"] = len(planned)
    return totals


def unit_subtotals(rows: Iterable[FormRow], kind: str) -> list[tuple[str, dict]]:
    """Per unit (in order of first appearance), ``figures`` of its forms of ``kind``."""
    units: dict[str, list[FormRow]] = {}
    for r in rows:
        if kind_of(r.form) == kind:
            units.setdefault(r.unit, []).append(r)
    return [(unit, figures(forms)) for unit, forms in units.items()]


def sort_key(row: FormRow) -> int:
    """Order of the 汇总 rows: 部门整体, 项目, 目标, 其他 (stable within a kind)."""
    return KIND_ORDER.index(kind_of(row.form))

"""What the buttons do, as actions: one function per button, shared by every door.

The Excel handlers (xlwings), the WPS add-in (through the local service) and the command
line all call these with a Grid and apply the returned actions to their workbook:
``mark`` / ``clear`` / ``result_sheet`` (see :mod:`addin.marks`) and ``write`` (a computed
figure written into a cell by 重新计分).
"""

from __future__ import annotations

from pydantic import BaseModel

from addin.checking import CheckReport, FormCheck, read_checked, report_of
from addin.grid import Grid
from addin.marks import Action, ClearAction, WriteAction, plan_marks
from addin.scoring import FormScore


class CheckOutcome(BaseModel):
    """校验: the report (``jixiao check --json`` object) and the actions that show it."""

    report: CheckReport
    actions: list[Action]


def check_actions(grid: Grid, profile: str | None = None) -> CheckOutcome:
    """校验 button: findings of every form, and the marks that show them."""
    checks = read_checked(grid, profile)
    report = report_of(grid.file or "", checks)
    return CheckOutcome(report=report, actions=plan_marks(report.findings, grid.file))


def clear_actions() -> list[Action]:
    """清除标记 button: remove every mark and restore the cells as they were."""
    return [ClearAction()]


class ScoreOutcome(BaseModel):
    """重新计分: the scores (``jixiao score --json`` objects) and the cells to write."""

    scores: list[FormScore]
    actions: list[Action]


def score_actions(grid: Grid, profile: str | None = None) -> ScoreOutcome:
    """重新计分 button: computed 得分/执行率/执行得分/总分 written where the form has those
    cells. Cells holding a formula (our templates compute by themselves) are left alone."""
    checks = read_checked(grid, profile)
    formulas = {(s.name, ref) for s in grid.sheets for ref in s.formulas}
    actions: list[Action] = []
    scores = []
    for check in checks:
        if check.score is None:
            continue
        scores.append(check.score)
        actions.extend(_writes(check, formulas))
    return ScoreOutcome(scores=scores, actions=actions)


def _writes(check: FormCheck, formulas: set[tuple[str, str]]) -> list[WriteAction]:
    form, score = check.form, check.score
    assert score is not None
    sheet = form.sheet
    if sheet is None:
        return []
    wanted: list[tuple[str | None, float | None, str]] = [
        (ind.cells.get("score"), row.score, "0.00")
        for ind, row in zip(form.indicators, score.indicators, strict=True)
    ]
    funding = form.funding
    wanted += [
        (funding.cells.get("rate"), score.execution_rate, "0.00%"),
        (funding.cells.get("score"), score.execution_score, "0.00"),
        (form.cells.get("total"), score.total, "0.00"),
    ]
    return [
        WriteAction(sheet=sheet, cell=cell, value=value, number_format=number_format)
        for cell, value, number_format in wanted
        if cell and value is not None and (sheet, cell) not in formulas
    ]

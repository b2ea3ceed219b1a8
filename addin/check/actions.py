"""What the buttons do, as actions: one function per button, shared by every door.

The Excel handlers (xlwings), the WPS add-in (through the local service) and the command
line all call these with a Grid and apply the returned actions to their workbook:
``mark`` / ``clear`` / ``result_sheet`` (see :mod:`addin.check.marks`) and ``write`` (a computed
figure written into a cell by 重新计分).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from addin.check.marks import Action, ClearAction, WriteAction, counts_of, plan_marks
from addin.check.run import CheckReport, FormCheck, read_checked, report_of
from addin.core.errors import JixiaoError
from addin.core.models import SelfEvalForm
from addin.core.scoring import FormScore
from addin.reader.targets import TargetForm
from addin.rules import Finding
from addin.workbook.grid import Grid


class CheckOutcome(BaseModel):
    """校验: the report (``jixiao check --json`` object) and the actions that show it."""

    report: CheckReport
    actions: list[Action]


def check_actions(grid: Grid, profile: str | None = None) -> CheckOutcome:
    """校验 button: findings of every form, and the marks that show them."""
    checks = read_checked(grid, profile)
    report = report_of(grid.file or "", checks)
    return CheckOutcome(report=report, actions=plan_marks(report.findings, grid.file))


CROSSCHECK_CODES = {"JX701": "删去", "JX702": "新增", "JX703": "改动", "JX704": "改动",
                    "JX705": "改动", "JX706": "未找到目标表"}  # fmt: skip


def compare_summary(findings: Sequence[Finding], targets_name: str) -> str:
    """One line on what 目标对照 found: indicators dropped, added and changed."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.code in CROSSCHECK_CODES:
            counts[CROSSCHECK_CODES[f.code]] = counts.get(CROSSCHECK_CODES[f.code], 0) + 1
    if not counts:
        return f"与目标表「{targets_name}」对照：指标、指标值、性质和单位都与申报时一致。"
    parts = [f"{what} {counts[what]} 项" for what in ("删去", "新增", "改动") if what in counts]
    text = f"与目标表「{targets_name}」对照：指标{'、'.join(parts)}" if parts else ""
    if "未找到目标表" in counts:
        text += ("；" if text else f"与目标表「{targets_name}」对照：") + (
            f"{counts['未找到目标表']} 张自评表在目标表中没有对应的表"
        )
    return text + "（每项都写明申报时和现在的内容）。"


class NothingToCompare(JixiaoError, ValueError):
    """目标对照 on a workbook without self-evaluation forms (one Chinese sentence)."""

    code = "nothing_to_compare"


def compare_actions(
    grid: Grid, targets: Sequence[TargetForm], targets_name: str, profile: str | None = None
) -> CheckOutcome:
    """目标对照 button: 校验's findings and every indicator dropped, added or changed since
    the target workbook (as ``jixiao check --targets``), and the marks that show them."""
    from addin.rules.crosscheck import crosscheck

    checks = read_checked(grid, profile)
    forms = [c.form for c in checks if isinstance(c.form, SelfEvalForm)]
    if not forms:
        name = Path(grid.file).name if grid.file else "工作簿"
        raise NothingToCompare(
            f"{name}：没有绩效自评表，无法与目标表对照（请在自评表工作簿中使用）"
        )
    report = report_of(grid.file or "", checks)
    findings = [*report.findings, *crosscheck(forms, targets, targets_name)]
    report = report.model_copy(update={"findings": findings, "counts": counts_of(findings)})
    return CheckOutcome(report=report, actions=plan_marks(findings, grid.file))


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

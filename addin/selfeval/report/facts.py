"""The figures a 自评报告 quotes, all from the engine: each self-evaluation read and scored
exactly as ``jixiao score`` does (same reader, same profile choice, same scoring)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from addin.check.run import in_reading_order, read_checked
from addin.core.kinds import DEPT_KINDS
from addin.core.models import (
    DeptBasicDataForm,
    DeptSelfForm,
    ScDeptSelfForm,
    SelfEvalForm,
)
from addin.core.scoring import STATUS_LABELS, FormScore, IndicatorScore, amount
from addin.core.values import Op, normalise_text, parse_value
from addin.rules.checks import Finding
from addin.workbook.grid import Grid

MET = ("met", "achieved", "na", "far_above")


def num(value: float | None, percent: bool = False) -> str:
    """12.5 -> "12.5", 1.0 -> "1", 0.9876 -> "98.76%" (percent); None -> "—"."""
    if value is None:
        return "—"
    text = f"{value * 100:.2f}" if percent else f"{value:.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text + "%" if percent else text


def target_text(row: IndicatorScore) -> str:
    """The declared value with its sign: "≥95%", "1万元", "有效"."""
    target = row.target or "—"
    numeric = target[:1].isdigit() or target[:1] in "-.０１２３４５６７８９"
    if row.op and row.op != Op.QUAL.value and numeric:
        target = row.op + target
    if row.unit and row.unit not in target:
        target += row.unit
    return target


class Scored(BaseModel):
    """One self-evaluation with its score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    form: SelfEvalForm
    score: FormScore

    @property
    def subject(self) -> str:
        h = self.form.header
        return h.project or h.unit or self.form.sheet or self.form.title

    @property
    def is_dept(self) -> bool:
        return self.form.form in DEPT_KINDS

    def unmet(self) -> list[tuple[IndicatorScore, str | None]]:
        """Indicators not fully met, each with the clerk's 偏差原因 (None when empty)."""
        rows = []
        for row in self.score.indicators:
            if row.status in MET:
                continue
            reason = self.form.indicators[row.index].reason
            rows.append((row, reason.strip() if reason and reason.strip() else None))
        return rows

    def status(self, row: IndicatorScore) -> str:
        return STATUS_LABELS[row.status]

    def outputs(self) -> list[str]:
        """Counted 数量指标 actuals: whom the money reached ("慰问劳模人数 28人")."""
        out = []
        for row in self.score.indicators:
            if row.kind is None or row.kind.value != "quantity" or not row.actual:
                continue
            value = parse_value(row.actual, row.unit)
            if value.unit is not None and value.unit.dimension.startswith("count"):
                unit = row.unit if row.unit and row.unit not in row.actual else ""
                out.append(f"{row.name} {row.actual}{unit}")
        return out

    def funding(self, kind: str) -> tuple[float | None, float | None]:
        """(全年预算数, 全年执行数) of a funding row kind, in 万元."""
        row = next((r for r in self.form.funding.rows if r.kind == kind), None)
        return (amount(row.budget), amount(row.spent)) if row else (None, None)


class Workbook(BaseModel):
    """Everything a report is written from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    file: str
    scored: list[Scored]
    basic: DeptBasicDataForm | None = None
    findings: list[Finding] = []  # what ``jixiao check`` finds in the workbook, reading order

    @property
    def errors(self) -> list[Finding]:
        """The findings of level 错误: the form is not ready to report on."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def projects(self) -> list[Scored]:
        return [s for s in self.scored if not s.is_dept]

    @property
    def depts(self) -> list[Scored]:
        return [s for s in self.scored if s.is_dept]

    def expense(self, label: str) -> tuple[float | None, float | None, float | None] | None:
        """(上年决算, 本年预算, 本年决算) of a 基础数据表 line ("公用经费"), in 万元."""
        if self.basic is None:
            return None
        for line in self.basic.expenses:
            if normalise_text(line.label).rstrip("：:") == label:
                return amount(line.prev_final), amount(line.budget), amount(line.final)
        return None

    @property
    def unit(self) -> str | None:
        for s in self.scored:
            h = s.form.header
            if isinstance(s.form, (DeptSelfForm, ScDeptSelfForm)) and h.unit:
                return h.unit
        return next((s.form.header.implementer or s.form.header.unit for s in self.scored
                     if s.form.header.implementer or s.form.header.unit), None)  # fmt: skip


def read_workbook(grid: Grid, profile: str | None = None) -> Workbook:
    """The self-evaluations of a Grid checked and scored as ``jixiao check`` and ``jixiao
    score`` do (InputError when the Grid holds no form)."""
    checks = read_checked(grid, profile)
    scored = [
        Scored(form=c.form, score=c.score)
        for c in checks
        if isinstance(c.form, SelfEvalForm) and c.score is not None
    ]
    basic = next((c.form for c in checks if isinstance(c.form, DeptBasicDataForm)), None)
    findings = in_reading_order(
        [f for c in checks for f in c.findings], [c.form.sheet for c in checks]
    )
    return Workbook(file=grid.file or "", scored=scored, basic=basic, findings=findings)

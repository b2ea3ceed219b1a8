"""校验 and 计分 of a workbook: Grid in, findings and scores out (the commands' engine)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from pydantic import BaseModel

from addin.check.marks import counts_of
from addin.core.kinds import KINDS
from addin.core.models import AnyForm, SelfEvalForm
from addin.core.profiles import load_profile
from addin.core.scoring import FormScore, score_form
from addin.reader import read_forms, read_forms_and_gaps
from addin.rules import Finding, check_form
from addin.rules.merged import table_not_read
from addin.rules.stored_text import numbers_stored_as_text
from addin.rules.unfilled import blank_scores, instructions_left
from addin.workbook.files import InputError, read_grid
from addin.workbook.grid import Grid

NO_FORM = (
    "没有找到可识别的绩效表格（表头应含“一级指标”“二级指标”“三级指标”，或“指标名称”与“分值/权重”；"
    "可用 jixiao inspect 查看读表情况）"
)


class FormRef(BaseModel):
    """Which form was found where."""

    sheet: str | None
    form: str
    title: str


class CheckReport(BaseModel):
    """The ``jixiao check --json`` object of one file."""

    file: str
    forms: list[FormRef]
    findings: list[Finding]
    counts: dict[str, int]


def profile_for(form: AnyForm, profile: str | None) -> str:
    """The profile a form is scored by: the one asked for, else the form's province."""
    return profile or KINDS[form.form].profile


class FormCheck(BaseModel):
    """One form with its findings and, for a self-evaluation, its score."""

    form: AnyForm
    findings: list[Finding]
    score: FormScore | None = None


def check_forms(forms: list[AnyForm], profile: str | None = None) -> list[FormCheck]:
    """Check and score each form by its profile."""
    checks = []
    for form in forms:
        findings, score = check_form(form, load_profile(profile_for(form, profile)))
        checks.append(FormCheck(form=form, findings=findings, score=score))
    return checks


def read_checked(grid: Grid, profile: str | None = None) -> list[FormCheck]:
    """Every form of a Grid, checked and scored; InputError when there is none."""
    forms, gaps = read_forms_and_gaps(grid)
    if not forms:
        raise InputError(grid.file or "工作簿", NO_FORM)
    checks = check_forms(forms, profile)
    looked: set[str] = set()  # sheets looked over for instructions (one finding a cell)
    for check in checks:
        sheet = grid.sheet(check.form.sheet) if check.form.sheet is not None else None
        check.findings.extend(numbers_stored_as_text(sheet, check.form))
        check.findings.extend(blank_scores(sheet, check.form, check.score))
        if sheet is not None and sheet.name not in looked:
            looked.add(sheet.name)
            check.findings.extend(instructions_left(sheet))
        if id(check.form) in gaps:  # one finding a table: what was not read, how to teach it
            check.findings.append(table_not_read(check.form, gaps[id(check.form)]))
        subject = subject_of(check.form)
        for found in check.findings:
            found.subject = found.subject or subject
    return checks


def subject_of(form: AnyForm) -> str | None:
    """What a clerk calls a form: its project, else its unit."""
    header = getattr(form, "header", None)
    return (header.project or header.unit) if header is not None else None


def position(cell: str | None) -> tuple[int, int]:
    """(row, column) of an A1 reference; a finding without a cell comes first."""
    if not cell:
        return (0, 0)
    try:
        letters, row = coordinate_from_string(cell.replace("$", ""))
    except ValueError:
        return (0, 0)
    return (row, column_index_from_string(letters))


def in_reading_order(findings: list[Finding], sheets: list[str | None]) -> list[Finding]:
    """Findings by sheet (workbook order), then row, then column, as a clerk reads the form."""
    order = {name: n for n, name in enumerate(dict.fromkeys(sheets))}
    return sorted(findings, key=lambda f: (order.get(f.sheet, len(order)), position(f.cell)))


def report_of(file: str, checks: list[FormCheck]) -> CheckReport:
    """The ``jixiao check --json`` object of one file, findings in reading order."""
    findings = in_reading_order(
        [f for c in checks for f in c.findings], [c.form.sheet for c in checks]
    )
    refs = [FormRef(sheet=c.form.sheet, form=c.form.form.value, title=c.form.title) for c in checks]
    return CheckReport(file=file, forms=refs, findings=findings, counts=counts_of(findings))


def check_grid(grid: Grid, profile: str | None = None) -> tuple[CheckReport, list[FormScore]]:
    """Read every form of a Grid, check and score it."""
    checks = read_checked(grid, profile)
    scores = [c.score for c in checks if c.score is not None]
    return report_of(grid.file or "", checks), scores


def check_file(path: Path, profile: str | None = None) -> tuple[CheckReport, list[FormScore]]:
    """Check a workbook file; :class:`InputError` when it cannot be read."""
    grid = read_grid(path)
    grid.file = str(path)
    return check_grid(grid, profile)


def score_grid(grid: Grid, profile: str | None = None) -> list[FormScore]:
    """Scores of every self-evaluation form of a Grid."""
    forms = read_forms(grid)
    if not forms:
        raise InputError(grid.file or "工作簿", NO_FORM)
    return [score_form(f, profile_for(f, profile)) for f in forms if isinstance(f, SelfEvalForm)]

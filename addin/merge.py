"""合并汇总: many county workbooks into one city summary, nothing lost, every failure named.

Each input is read (values only, calamine), its forms are read, checked and scored by the
same engine as 校验, in a pool of worker processes. A worker returns plain rows; the parent
collects them, sets aside a second submission of the same unit and form, and writes the
summary workbook (see :mod:`addin.summary`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel, Field

from addin.checking import read_checked
from addin.models import AnyForm
from addin.workbook import SUFFIXES, InputError, read_grid


class FormRow(BaseModel):
    """One form of one county workbook: a row of the 汇总 sheet."""

    unit: str
    form: str  # form kind
    title: str
    project: str | None = None
    budget: float | None = None
    spent: float | None = None
    execution_rate: float | None = None
    points: float | None = None
    score: float | None = None  # indicator scores
    total: float | None = None
    grade: str | None = None
    errors: int = 0
    warnings: int = 0
    file: str
    sheet: str | None = None


class IndicatorRow(BaseModel):
    """One indicator of one form (the 指标明细 long table), traceable to its cell."""

    unit: str
    project: str | None
    level1: str | None
    level2: str | None
    name: str | None
    op: str | None
    target: str | None
    actual: str | None
    unit_of_measure: str | None
    points: float | None
    score: float | None
    status: str | None
    file: str
    sheet: str | None
    cell: str | None


class IssueRow(BaseModel):
    """One finding of one file (the 问题清单 sheet)."""

    unit: str
    file: str
    sheet: str | None
    cell: str | None
    severity: str
    code: str
    message: str
    hint: str


class Failure(BaseModel):
    """An input that could not be merged, and why (in Chinese)."""

    file: str
    reason: str


class FileResult(BaseModel):
    """What one worker returns for one input."""

    file: str
    failure: Failure | None = None
    forms: list[FormRow] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    issues: list[IssueRow] = Field(default_factory=list)


class MergeResult(BaseModel):
    """Everything the summary is written from; also the ``--json`` payload (see to_json)."""

    inputs: int
    forms: list[FormRow] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    issues: list[IssueRow] = Field(default_factory=list)
    failed: list[Failure] = Field(default_factory=list)
    duplicates: list[tuple[FormRow, FormRow]] = Field(default_factory=list)  # (kept, set aside)

    @property
    def merged(self) -> int:
        failed = {f.file for f in self.failed}
        return len({r.file for r in self.forms} - failed)

    def totals(self) -> dict[str, float | int | None]:
        budget = sum(r.budget for r in self.forms if r.budget is not None)
        spent = sum(r.spent for r in self.forms if r.spent is not None)
        with_both = [r for r in self.forms if r.budget is not None and r.spent is not None]
        rate_budget = sum(r.budget for r in with_both)  # type: ignore[misc]
        rate_spent = sum(r.spent for r in with_both)  # type: ignore[misc]
        return {
            "forms": len(self.forms),
            "budget": round(budget, 6),
            "spent": round(spent, 6),
            "execution_rate": rate_spent / rate_budget if rate_budget else None,
            "errors": sum(r.errors for r in self.forms),
            "warnings": sum(r.warnings for r in self.forms),
        }

    def to_json(self) -> dict:
        """The ``jixiao merge --json`` contract: inputs, merged, failed, units, totals."""
        return {
            "inputs": self.inputs,
            "merged": self.merged,
            "failed": [f.model_dump() for f in self.failed],
            "units": [r.model_dump() for r in self.forms],
            "totals": self.totals(),
        }


def collect_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Workbook files of the inputs: files as given, folders searched recursively
    (Office's ``~$`` lock files skipped). Missing paths are failures, not silence."""
    files: list[Path] = []
    failures: list[Failure] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")
            )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            failures.append(Failure(file=str(path), reason="找不到该文件或文件夹"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, failures


def unit_of(form: AnyForm, default: str) -> str:
    """The unit a form belongs to: its 单位 field, else 实施单位, else the workbook's unit."""
    header = form.header
    return (header.unit or header.implementer or default).strip()


def workbook_unit(forms: list[AnyForm], file: Path) -> str:
    """The unit a workbook speaks for: the first 单位 named in it, else the file name."""
    return next((f.header.unit for f in forms if f.header.unit), None) or file.stem


def process_file(path: Path, profile: str | None = None) -> FileResult:
    """Read, check and score one county workbook (runs in a worker process)."""
    name = str(path)
    try:
        grid = read_grid(path, formulas=False)
        grid.file = name
        checks = read_checked(grid, profile)
    except InputError as exc:
        return FileResult(file=name, failure=Failure(file=name, reason=exc.reason))
    except Exception as exc:  # a file no rule foresaw must not stop the other 999
        reason = f"读取时出现意外错误（{type(exc).__name__}），请人工核对该文件"
        return FileResult(file=name, failure=Failure(file=name, reason=reason))
    result = FileResult(file=name)
    default_unit = workbook_unit([c.form for c in checks], path)
    for check in checks:
        form, score = check.form, check.score
        unit = unit_of(form, default_unit)
        row = FormRow(
            unit=unit,
            form=form.form.value,
            title=form.title,
            project=form.header.project,
            file=name,
            sheet=form.sheet,
            errors=sum(f.severity == "error" for f in check.findings),
            warnings=sum(f.severity == "warning" for f in check.findings),
        )
        if score is not None:
            row = row.model_copy(
                update={
                    "budget": score.budget,
                    "spent": score.spent,
                    "execution_rate": score.execution_rate,
                    "points": score.points,
                    "score": score.score,
                    "total": score.total,
                    "grade": score.grade,
                }
            )
            result.indicators.extend(
                IndicatorRow(
                    **i.model_dump(exclude={"unit"}),
                    unit=unit,
                    unit_of_measure=i.unit,
                    project=form.header.project,
                    file=name,
                    sheet=form.sheet,
                )
                for i in score.indicators
            )
        result.forms.append(row)
        result.issues.extend(
            IssueRow(**f.model_dump(), unit=unit, file=name) for f in check.findings
        )
    return result


def _worker(args: tuple[Path, str | None]) -> FileResult:
    return process_file(*args)


def merge(
    inputs: list[Path],
    profile: str | None = None,
    workers: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
) -> MergeResult:
    """Merge the inputs; results come back in input order whatever the worker order."""
    files, failures = collect_inputs(inputs)
    result = MergeResult(inputs=len(files) + len(failures), failed=failures)
    workers = workers or min(os.cpu_count() or 1, 8)
    jobs = [(path, profile) for path in files]
    if workers <= 1 or len(files) < 4:
        outcomes = map(_worker, jobs)
        _collect(result, outcomes, progress)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, min(16, len(jobs) // (workers * 4)))
            _collect(result, pool.map(_worker, jobs, chunksize=chunk), progress)
    _set_aside_duplicates(result)
    from addin.crosscheck import merge_crosscheck

    merge_crosscheck(result)  # a unit's self-evaluations against its own target forms
    return result


def _collect(
    result: MergeResult,
    outcomes: Iterable[FileResult],
    progress: Callable[[FileResult], None] | None,
) -> None:
    for outcome in outcomes:
        if outcome.failure is not None:
            result.failed.append(outcome.failure)
        else:
            result.forms.extend(outcome.forms)
            result.indicators.extend(outcome.indicators)
            result.issues.extend(outcome.issues)
        if progress is not None:
            progress(outcome)


def _set_aside_duplicates(result: MergeResult) -> None:
    """A second submission of the same unit, form and project is reported, not doubled:
    the first file (in path order) counts, the later one is listed beside it."""
    kept: dict[tuple[str, str, str | None], FormRow] = {}
    rows: list[FormRow] = []
    dropped_files: dict[str, FormRow] = {}
    for row in result.forms:
        key = (row.unit, row.form, row.project)
        if key in kept and kept[key].file != row.file:
            result.duplicates.append((kept[key], row))
            dropped_files.setdefault(row.file, kept[key])
            continue
        kept.setdefault(key, row)
        rows.append(row)
    result.forms = rows
    dropped = {(d.file, d.sheet) for _, d in result.duplicates}
    result.indicators = [i for i in result.indicators if (i.file, i.sheet) not in dropped]
    remaining = {r.file for r in rows}
    for file, first in dropped_files.items():
        if file not in remaining:
            result.failed.append(
                Failure(
                    file=file,
                    reason=f"与 {Path(first.file).name} 重复报送（同一单位、同一表），未重复计入",
                )
            )

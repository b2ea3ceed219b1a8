"""校验 against the approved targets: a workbook's self-evaluations cross-checked against a
target workbook (the rules themselves, JX701–JX706, are :mod:`addin.rules.crosscheck`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from addin.check.marks import counts_of
from addin.check.run import CheckReport, read_checked, report_of
from addin.core.models import SelfEvalForm
from addin.reader import read_forms
from addin.reader.targets import TargetForm
from addin.rules.crosscheck import crosscheck
from addin.workbook.files import read_grid
from addin.workbook.grid import Grid


def check_against_targets(
    path: Path, targets: Sequence[TargetForm], name: str, profile: str | None = None
) -> CheckReport:
    """校验 of the workbook at ``path`` with its self-evaluations cross-checked against
    ``targets`` (read from the file called ``name``); the workbook is read once."""
    grid = read_grid(path)
    grid.file = str(path)
    checks = read_checked(grid, profile)
    report = report_of(grid.file, checks)
    forms = [c.form for c in checks if isinstance(c.form, SelfEvalForm)]
    findings = [*report.findings, *crosscheck(forms, targets, name)]
    return report.model_copy(update={"findings": findings, "counts": counts_of(findings)})


def read_self_forms(grid: Grid) -> list[SelfEvalForm]:
    """The self-evaluation forms of a Grid."""
    return [f for f in read_forms(grid) if isinstance(f, SelfEvalForm)]

"""In a merge, each unit's self-evaluations against the same unit's target forms (JX70x)."""

from __future__ import annotations

from pathlib import Path

from addin.core.kinds import SELF_KINDS, TARGET_KINDS
from addin.merge.result import FormRow, MergeResult, add_finding
from addin.reader import read_forms
from addin.rules import Finding
from addin.rules.crosscheck import crosscheck
from addin.workbook.files import read_grid


def merge_crosscheck(result: MergeResult) -> None:
    """In a merge, each unit's self-evaluations against the same unit's target forms.

    Only units that sent both are compared; the findings join the 问题清单 (and the
    error and warning counts of their form) like any other finding of the file.
    """
    targets_of: dict[str, list[FormRow]] = {}
    for row in result.forms:
        if row.form in TARGET_KINDS:
            targets_of.setdefault(row.unit, []).append(row)
    selfs = [r for r in result.forms if r.form in SELF_KINDS and r.unit in targets_of]
    if not selfs:
        return
    read: dict[str, list] = {}
    for unit in dict.fromkeys(r.unit for r in selfs):
        target_rows = targets_of[unit]
        wanted = {(r.file, r.sheet) for r in target_rows}
        targets = [t for f in dict.fromkeys(r.file for r in target_rows)
                   for t in _forms_of(f, read) if (f, t.sheet) in wanted]  # fmt: skip
        names = "、".join(dict.fromkeys(Path(r.file).name for r in target_rows))
        for file in dict.fromkeys(r.file for r in selfs if r.unit == unit):
            sheets = {r.sheet for r in selfs if r.unit == unit and r.file == file}
            forms = [f for f in _forms_of(file, read) if f.sheet in sheets]
            for finding in crosscheck(forms, targets, names):  # type: ignore[arg-type]
                _add_issue(result, unit, file, finding)


def _forms_of(file: str, cache: dict[str, list]) -> list:
    """The forms of a merged file, read once."""
    if file not in cache:
        grid = read_grid(Path(file), formulas=False)
        grid.file = file
        cache[file] = read_forms(grid)
    return cache[file]


def _add_issue(result: MergeResult, unit: str, file: str, finding: Finding) -> None:
    add_finding(result, unit, file, finding)
    for row in result.forms:
        if row.file == file and row.sheet == finding.sheet:
            if finding.severity == "error":
                row.errors += 1
            elif finding.severity == "warning":
                row.warnings += 1
            break

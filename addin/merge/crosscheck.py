"""In a merge, each unit's self-evaluations against the same unit's target forms (JX70x)."""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from addin.core.kinds import SELF_KINDS, TARGET_KINDS
from addin.core.models import AnyForm
from addin.merge.result import FormRow, MergeResult, add_finding
from addin.rules import Finding
from addin.rules.crosscheck import crosscheck


def crossforms_of(forms: list[AnyForm]) -> bytes | None:
    """The target and self-evaluation forms of a file as its worker read them, packed for
    the parent (which never reads a county file itself); None when there are none."""
    wanted = [f for f in forms if f.form in TARGET_KINDS or f.form in SELF_KINDS]
    if not wanted:
        return None
    return zlib.compress(pickle.dumps(wanted, pickle.HIGHEST_PROTOCOL), 6)


def merge_crosscheck(result: MergeResult, crossforms: dict[str, bytes] | None = None) -> None:
    """In a merge, each unit's self-evaluations against the same unit's target forms, on
    the forms the workers read (``crossforms``: file -> :func:`crossforms_of`).

    Only units that sent both are compared; the findings join the 问题清单 (and the
    error and warning counts of their form) like any other finding of the file.
    """
    crossforms = crossforms or {}
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
                   for t in _forms_of(f, crossforms, read) if (f, t.sheet) in wanted]  # fmt: skip
        names = "、".join(dict.fromkeys(Path(r.file).name for r in target_rows))
        for file in dict.fromkeys(r.file for r in selfs if r.unit == unit):
            sheets = {r.sheet for r in selfs if r.unit == unit and r.file == file}
            forms = [f for f in _forms_of(file, crossforms, read) if f.sheet in sheets]
            for finding in crosscheck(forms, targets, names):  # type: ignore[arg-type]
                _add_issue(result, unit, file, finding)


def _forms_of(file: str, packed: dict[str, bytes], cache: dict[str, list]) -> list:
    """The forms of a merged file as its worker read them, unpacked once."""
    if file not in cache:
        data = packed.get(file)
        cache[file] = pickle.loads(zlib.decompress(data)) if data else []
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

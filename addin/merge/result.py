"""What a merge produces: the 汇总 rows of each form, the failures, and the spools of
指标明细 and 问题清单 rows; also the ``jixiao merge --json`` payload."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from addin.merge.kinds import OTHER, figures, kind_label, kind_of, sort_key, totals_by_kind
from addin.merge.spool import LAST, RowSpool
from addin.merge.tables import (
    FORM_NAMES,
    FindingRecord,
    IndicatorRecord,
    finding_record,
    relative,
)
from addin.reader.report import UNREAD_LABELS
from addin.rules import Finding


def common_folder(files: list[str]) -> str | None:
    """The deepest folder holding every file (None when there is none)."""
    if not files:
        return None
    try:
        return os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
    except ValueError:  # different drives
        return None


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
    unread: list[str] = Field(default_factory=list)  # budget / spent / points not read
    declared_total: float | None = None  # 总分 as the county wrote it (填写总分)
    points_total: float | None = None  # 分值合计: indicator points + the 执行率 分值 written
    difference: float | None = None  # 填写总分 − 重算总分
    year: str | None = None
    project_code: str | None = None
    target_budget: float | None = None  # a target form's 预算数 (planned, never totalled)
    goal: str | None = None  # a target form's 年度目标
    unit_written: str | None = None  # the name as written, when a roster put it under another


class Failure(BaseModel):
    """An input that could not be merged, and why (in Chinese)."""

    file: str
    reason: str


class Rows(BaseModel):
    """Rows of one sheet of a county file, pickled where they were made."""

    sheet: str | None
    count: int
    data: bytes

    @classmethod
    def of(cls, sheet: str | None, rows: list[tuple]) -> Rows:
        return cls(sheet=sheet, count=len(rows), data=pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))


class FileResult(BaseModel):
    """What one worker returns for one input."""

    file: str
    failure: Failure | None = None
    forms: list[FormRow] = Field(default_factory=list)
    indicators: list[Rows] = Field(default_factory=list)  # 指标明细, one entry per sheet
    issues: list[Rows] = Field(default_factory=list)  # 问题清单
    skipped: str | None = None  # not a county input (our own signed summary), and why
    crossforms: bytes | None = None  # target and self-evaluation forms, for the cross-check


def _indicator_spool() -> RowSpool:
    return RowSpool(IndicatorRecord)


def _finding_spool() -> RowSpool:
    return RowSpool(FindingRecord)


class MergeResult(BaseModel):
    """Everything the summary is written from; also the ``--json`` payload (see to_json).

    ``indicators`` and ``issues`` are spools on disk (rows of :data:`addin.merge.tables.INDICATORS`
    and :data:`addin.merge.tables.FINDINGS`, in input order); ``forms`` are in memory."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inputs: int
    forms: list[FormRow] = Field(default_factory=list)
    indicators: RowSpool = Field(default_factory=_indicator_spool)
    issues: RowSpool = Field(default_factory=_finding_spool)
    failed: list[Failure] = Field(default_factory=list)
    skipped: list[Failure] = Field(default_factory=list)  # files found but not taken, and why
    duplicates: list[tuple[FormRow, FormRow]] = Field(default_factory=list)  # (kept, set aside)
    base: str | None = None  # the merged folder (see root)
    roster: list[dict] | None = None  # with --roster: each unit 已报送 / 未报送 / 名单外
    name_variants: list[dict] = Field(default_factory=list)  # without: names alike (JX903)
    rename: dict[str, str] = Field(default_factory=dict)  # name as written -> roster name
    level: str | None = None  # the lowest level 问题清单 lists (None: all but formatting)

    @property
    def merged(self) -> int:
        failed = {f.file for f in self.failed}
        return len({r.file for r in self.forms} - failed)

    def totals(self) -> dict[str, float | int | None]:
        """Sums a reviewer can redo by hand: 执行率 is ``rate_spent / rate_budget``, over the
        forms that report both figures (``rate_forms``); ``budget`` and ``spent`` cover every
        form reporting that figure (``budget_forms``, ``spent_forms``)."""
        totals = figures(self.forms)
        del totals["units"]
        return totals | {
            # forms whose budget, spending or points the reader could not read (JX902)
            "unread_forms": sum(bool(r.unread) for r in self.forms),
            # each kind on its own (a 部门整体 budget contains its projects: never added)
            "by_kind": totals_by_kind(self.forms),
        }

    @property
    def root(self) -> str | None:
        """The merged folder: the deepest folder holding every input (provenance is
        relative to it)."""
        if self.base is not None:
            return self.base
        return common_folder([r.file for r in self.forms] + [f.file for f in self.failed])

    def to_json(self) -> dict:
        """The ``jixiao merge --json`` contract: inputs, merged, failed, skipped, units, totals."""
        return {
            "inputs": self.inputs,
            "merged": self.merged,
            "failed": [f.model_dump() for f in self.failed],
            "skipped": [f.model_dump() for f in self.skipped],
            "units": [r.model_dump() for r in self.forms],
            "totals": self.totals(),
            **({"roster": self.roster} if self.roster is not None else {}),
            "name_variants": self.name_variants,
        }


def add_finding(result: MergeResult, unit: str, file: str, finding: Finding) -> None:
    """A finding made after the files were read (e.g. a cross-check), listed after all."""
    f = finding
    project = next((r.project for r in result.forms if r.file == file and r.sheet == f.sheet), None)
    shown = relative(file, result.root)
    row = finding_record(
        unit, shown, f.sheet, f.cell, f.severity, f.code, f.message, f.hint, project
    )
    result.issues.add(LAST, [row])


OTHER_NOTE = "本表只列出，不参与合计"


def ordered_forms(result: MergeResult) -> list[FormRow]:
    """The 汇总 rows in sheet order: 部门整体, 项目, 目标, 其他 (input order within each)."""
    return sorted(result.forms, key=sort_key)


def unit_rows(result: MergeResult) -> Iterator[tuple]:
    """Rows of 汇总: one per form, by kind (see :data:`addin.merge.tables.UNITS`)."""
    root = result.root
    for r in ordered_forms(result):
        unread = "、".join(UNREAD_LABELS[k] for k in r.unread) or None
        if unread is None and kind_of(r.form) == OTHER:
            unread = OTHER_NOTE
        yield (
            r.unit,
            kind_label(r.form),
            FORM_NAMES.get(r.form, r.title),
            r.project,
            r.budget,
            r.spent,
            r.execution_rate,
            r.points_total,
            r.declared_total,
            r.score,
            r.total,
            r.difference,
            r.grade,
            r.errors,
            r.warnings,
            relative(r.file, root),
            r.sheet,
            unread,
            r.year,
            r.project_code,
            r.form,
            r.target_budget,
            r.file,
        )


def indicator_rows(result: MergeResult) -> Iterator[tuple]:
    """Rows of 指标明细: one per indicator, traceable to its cell."""
    return iter(result.indicators)


def finding_rows(result: MergeResult) -> Iterator[tuple]:
    """Rows of 问题清单: every finding of every file in input order, then what the merge
    found across files (a second submission set aside, a self-evaluation against its
    targets)."""
    return iter(result.issues)


def failed_rows(result: MergeResult) -> Iterator[tuple]:
    """Rows of 失败文件: what could not be merged, then what was not taken at all."""
    for f in [*result.failed, *result.skipped]:
        yield (Path(f.file).name, f.file, f.reason)

"""Request and response bodies of the local service; a workbook snapshot becomes a Grid."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from addin.check.marks import BACKUP_SHEET, RESULT_SHEET, Action
from addin.check.run import CheckReport
from addin.core.scoring import FormScore
from addin.merge.result import Failure, FormRow
from addin.reader.report import ReadingReport, TeachHint
from addin.rules import Finding
from addin.selfeval.beside import WrittenForm
from addin.workbook.grid import (
    CellValue,
    Grid,
    SheetGrid,
    cell_ref,
    clip_merges,
    parse_range,
    parse_ref,
)

# sheets the add-in itself writes: never read back as forms
OWN_SHEETS = (RESULT_SHEET, BACKUP_SHEET)


class SheetIn(BaseModel):
    """One sheet as WPS gives it: UsedRange.Value2 from A1, its formulas, merged ranges."""

    name: str = Field(min_length=1, max_length=255)
    values: list[list[CellValue]] = Field(default_factory=list)
    # 2-D like UsedRange.Formula (constants included, only "=…" kept), or {"B7": "=…"}
    formulas: list[list[CellValue]] | dict[str, str] | None = None
    merged: list[str] = Field(default_factory=list)
    hidden: bool = False
    # number formats of cells holding numbers ({"B7": "0.00%"}); None: not sent (older add-in)
    formats: dict[str, str] | None = None

    @field_validator("merged")
    @classmethod
    def _ranges(cls, merged: list[str]) -> list[str]:
        for ref in merged:
            try:
                parse_range(ref)
            except ValueError:
                raise ValueError(f"「{ref}」不是单元格区域（应写成 A1:C1）") from None
        return merged

    @field_validator("formats")
    @classmethod
    def _format_refs(cls, formats: dict[str, str] | None) -> dict[str, str] | None:
        if formats is None:
            return None
        clean = {}
        for ref, code in formats.items():
            try:
                parse_ref(ref)
            except ValueError:
                raise ValueError(f"「{ref}」不是单元格地址（应写成 B7）") from None
            clean[ref.replace("$", "").upper()] = code
        return clean

    @field_validator("formulas")
    @classmethod
    def _refs(
        cls, formulas: list[list[CellValue]] | dict[str, str] | None
    ) -> list[list[CellValue]] | dict[str, str] | None:
        if isinstance(formulas, dict):
            for ref in formulas:
                try:
                    parse_ref(ref)
                except ValueError:
                    raise ValueError(f"「{ref}」不是单元格地址（应写成 B7）") from None
        return formulas

    def formula_map(self) -> dict[str, str]:
        """Formulas as {"B7": "=SUM(…)"}, whichever shape they came in."""
        if isinstance(self.formulas, dict):
            return {ref.replace("$", "").upper(): f for ref, f in self.formulas.items()}
        found: dict[str, str] = {}
        for r, row in enumerate(self.formulas or []):
            for c, text in enumerate(row):
                if isinstance(text, str) and text.startswith("=") and len(text) > 1:
                    found[cell_ref(r, c)] = text
        return found


class BookIn(BaseModel):
    """A workbook snapshot: its name, its sheets and (for our templates) its defined names."""

    book: str = Field(default="工作簿", max_length=255)
    sheets: list[SheetIn] = Field(min_length=1)
    names: dict[str, str] = Field(default_factory=dict)  # "执行率" -> "'自评表'!$B$3"
    profile: str | None = None

    def to_grid(self) -> Grid:
        """The Grid the engine reads (the add-in's own result and backup sheets left out;
        merged areas clipped to the values sent, so a whole-grid merge costs nothing)."""
        sheets = [
            SheetGrid(
                name=s.name,
                values=s.values,
                formulas=s.formula_map(),
                formulas_seen=s.formulas is not None,
                merged=clip_merges(s.merged, len(s.values), max(map(len, s.values), default=0)),
                hidden=s.hidden,
                formats=s.formats,
            )
            for s in self.sheets
            if s.name not in OWN_SHEETS
        ]
        names = {n: ref.lstrip("=") for n, ref in self.names.items()}
        return Grid(file=self.book, sheets=sheets, names=names)


class CheckResponse(BaseModel):
    """校验: the findings (as ``jixiao check --json``), the whole report and the marks."""

    findings: list[Finding]
    report: CheckReport
    actions: list[Action]


class ScoreResponse(BaseModel):
    """重新计分: the scores (as ``jixiao score --json``) and the cells to write."""

    scores: list[FormScore]
    actions: list[Action]


class ActionsResponse(BaseModel):
    """清除标记: the actions only."""

    actions: list[Action]


class MergeRequest(BaseModel):
    """合并汇总: workbook files or folders on this machine, and the summary to write."""

    inputs: list[str] = Field(min_length=1)
    output: str = Field(min_length=1)  # a new file: an existing one is never replaced
    profile: str | None = None

    model_config = ConfigDict(extra="forbid")


class MergeResponse(BaseModel):
    """The ``jixiao merge --json`` payload, and where the summary was written."""

    inputs: int
    merged: int
    failed: list[Failure]
    skipped: list[Failure] = Field(default_factory=list)  # files found but not taken, and why
    units: list[FormRow]
    # the totals of every form, and "by_kind": the same figures per form kind
    totals: dict[str, float | int | dict[str, dict[str, float | int | None]] | None]
    name_variants: list[dict[str, str]] = Field(default_factory=list)  # JX903
    output: str


class FormInfo(BaseModel):
    """One form that 新建表格 can create (as ``jixiao forms --json``)."""

    form: str
    title: str
    description: str
    profile: str
    orientation: str
    template: str
    version: int


class NewRequest(BaseModel):
    """新建表格: which form (its code or its Chinese title)."""

    form: str = Field(min_length=1)


class NewResponse(BaseModel):
    """A fresh template written on this machine, for the add-in to open."""

    form: str
    title: str
    path: str


class Health(BaseModel):
    """Whether the service is up (no version: an unauthenticated page learns nothing)."""

    status: str = "ok"
    service: str = "jixiao"


class PrefillRequest(BaseModel):
    """从目标表生成: the target forms as the active workbook's snapshot (``book``, saved in
    ``folder``) or as a workbook file on this machine (``target``); exactly one of the two."""

    book: BookIn | None = None
    folder: str = Field(default="", max_length=4096)  # where ``book`` is saved; "" never saved
    target: str | None = Field(default=None, min_length=1, max_length=4096)
    form: str | None = None  # project_self …; None: by the target forms and the profile
    profile: str | None = None

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _one_source(self) -> PrefillRequest:
        if (self.book is None) == (self.target is None):
            raise ValueError("请给出当前工作簿（book）或目标表文件（target），二者选一")
        return self


class PrefillResponse(BaseModel):
    """The self-evaluations written beside the target workbook; the first is opened."""

    source: str  # the target workbook's name
    folder: str
    written: list[WrittenForm]


class ReportRequest(BaseModel):
    """生成自评报告: the active workbook's snapshot and the folder it is saved in."""

    book: BookIn
    folder: str = Field(default="", max_length=4096)  # "" when the workbook was never saved
    profile: str | None = None

    model_config = ConfigDict(extra="forbid")


class ReportResponse(BaseModel):
    """The 自评报告 draft written beside the workbook (as ``jixiao report``)."""

    output: str
    reports: list[str]
    forms: int
    fills: int


class CompareRequest(BaseModel):
    """目标对照: the active self-evaluation's snapshot and the target workbook on this machine."""

    book: BookIn
    target: str = Field(min_length=1, max_length=4096)
    profile: str | None = None

    model_config = ConfigDict(extra="forbid")


class CompareResponse(CheckResponse):
    """校验 with the cross-check findings (as ``jixiao check --targets``), and one line on
    what changed since the declaration."""

    summary: str


class RoleInfo(BaseModel):
    """One role a header can be taught as (``jixiao vocab list``)."""

    name: str  # 全年预算, 完成值 …
    meaning: str


class TaughtWord(BaseModel):
    word: str
    role: str


class VocabResponse(BaseModel):
    """The user's vocabulary file: the words taught and the roles there are."""

    file: str
    words: list[TaughtWord]
    roles: list[RoleInfo]


class TeachRequest(BaseModel):
    """教读表: a header's text and the role it stands for."""

    word: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=50)

    model_config = ConfigDict(extra="forbid")


class TeachResponse(BaseModel):
    """The word taught (``added`` False: it already was, nothing changed)."""

    file: str
    word: str
    role: str
    added: bool


class ForgetRequest(BaseModel):
    """删去一个写法: the header text to take out of the user's vocabulary file."""

    word: str = Field(min_length=1, max_length=200)

    model_config = ConfigDict(extra="forbid")


class ForgetResponse(BaseModel):
    file: str
    word: str
    roles: list[str]  # the roles it was taken out of


class InspectRequest(BaseModel):
    """读表情况: the active workbook's snapshot (``book``) or a workbook file on this
    machine (``path``); exactly one of the two."""

    book: BookIn | None = None
    path: str | None = Field(default=None, min_length=1, max_length=4096)

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _one_source(self) -> InspectRequest:
        if (self.book is None) == (self.path is None):
            raise ValueError("请给出当前工作簿（book）或工作簿文件（path），二者选一")
        return self


class InspectResponse(BaseModel):
    """How the workbook was read (as ``jixiao inspect --json``), what was not understood
    or not read (``gaps``) and, for each header not understood, what to teach (``hints``:
    the role its cells suggest, or null)."""

    report: ReadingReport
    gaps: list[str]
    hints: list[TeachHint]

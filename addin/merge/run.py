"""合并汇总: many county workbooks into one city summary, nothing lost, every failure named.

Each input is read (values only, calamine), its forms are read, checked and scored by the
same engine as 校验, in a pool of worker processes. A worker returns the file's 汇总 rows
and its 指标明细 and 问题清单 rows already pickled; the parent appends those to spools on
disk as they arrive (:mod:`addin.merge.spool`), so its memory does not grow with the number of
indicators, sets aside a second submission of the same unit and form, and the summary
workbook and the export are written from the spools (see :mod:`addin.merge.summary`).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from addin.check.run import read_checked
from addin.core.models import AnyForm
from addin.merge.crosscheck import crossforms_of, merge_crosscheck
from addin.merge.facts import form_facts, target_indicator_rows
from addin.merge.kinds import kind_label
from addin.merge.result import Failure, FileResult, FormRow, MergeResult, Rows, common_folder
from addin.merge.spool import LAST
from addin.merge.tables import finding_record, indicator_record, part_records, relative
from addin.reader import unread_fields
from addin.reader.report import UNREAD_LABELS
from addin.rules.merged import not_read, second_submission
from addin.workbook.files import SUFFIXES, InputError, read_grid
from addin.workbook.isolation import Limits, run_isolated
from addin.workbook.outputs import is_temporary
from addin.workbook.package import PartCorrupt
from addin.workbook.signature import Signed, signed

SUMMARY_MARKER = "jixiao-city-summary"  # custom document property of every summary written
SKIP_LOCK = "Office 打开文件时留下的临时文件（~$），不是县级报表"
SKIP_SUMMARY = "这是绩效助手写出的合并汇总，不作为县级报表再次合并"
SKIP_OTHER = "不是工作簿（只合并 .xlsx .xlsm .xls .ods）"
SKIP_TEMP = "绩效助手写文件时的临时文件（上次运行被中断时留下），不是县级报表"
FOREIGN_SUMMARY = (
    "文件带有绩效助手的汇总签名，但在这台电脑上核对不上（可能是别的电脑写出的汇总，"
    "或写出后被修改过），未作为县级报表合并；如确是县级报表，请另存一份后重新提交"
)


def _why_not(path: Path) -> str | None:
    """Why a file found in a folder is not merged, or None when it is a county workbook
    (decided by its name only: its bytes are read in a worker, see :func:`process_file`)."""
    if path.name.startswith("~$"):
        return SKIP_LOCK
    if is_temporary(path):
        return SKIP_TEMP
    if path.suffix.lower() not in SUFFIXES:
        return SKIP_OTHER
    return None


def scan_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Failure], list[Failure]]:
    """(workbooks to merge, missing inputs, files not taken with the reason).

    Files are taken as given, folders searched recursively. Office's ``~$`` lock files,
    files that are not workbooks and summaries written by this tool are listed as skipped,
    never read and never silently dropped."""
    files: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Failure] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.exists():
            found = [path]
        else:
            failures.append(Failure(file=str(path), reason="找不到该文件或文件夹"))
            continue
        for item in found:
            reason = _why_not(item)
            if reason is None:
                files.append(item)
            else:
                skipped.append(Failure(file=str(item), reason=reason))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    seen: set[str] = set()
    skipped = [s for s in skipped if not (s.file in seen or seen.add(s.file))]
    return unique, failures, skipped


def collect_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Workbook files of the inputs and the missing ones (see :func:`scan_inputs`)."""
    files, failures, _ = scan_inputs(inputs)
    return files, failures


def skipped_inputs(inputs: Iterable[Path]) -> list[Failure]:
    """Files found in the inputs that the merge does not take, each with its reason."""
    return scan_inputs(inputs)[2]


def unit_of(form: AnyForm, default: str) -> str:
    """The unit a form belongs to: its 单位 field, else 实施单位, else the workbook's unit."""
    header = form.header
    return (header.unit or header.implementer or default).strip()


def workbook_unit(forms: list[AnyForm], file: Path) -> str:
    """The unit a workbook speaks for: the first 单位 named in it, else the file name."""
    return next((f.header.unit for f in forms if f.header.unit), None) or file.stem


def process_file(path: Path, profile: str | None = None, base: str | None = None) -> FileResult:
    """Read, check and score one county workbook (runs in a worker process); its rows name
    it by its path inside the merged folder ``base``. Whatever happens, the answer is the
    file's rows or its Chinese reason, never an exception."""
    name = str(path)
    try:
        return _process(path, profile, relative(name, base))
    except MemoryError:
        raise  # the worker reports it as the memory limit
    except Exception as exc:  # a file no rule foresaw must not stop the other 999
        reason = f"读取时出现意外错误（{type(exc).__name__}），请人工核对该文件"
        return FileResult(file=name, failure=Failure(file=name, reason=reason))


def _origin(path: Path) -> Signed | str:
    """Whether an .xlsx is one of our summaries (by its signature), or why it is unreadable."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return Signed.NONE
    try:
        return signed(path)
    except PartCorrupt as exc:
        return exc.reason
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return Signed.NONE  # not a zip: the reader names the reason


def _is_ours(path: Path) -> bool:
    return _origin(path) is Signed.OURS


def own_summary(path: Path, limits: Limits | None = None) -> bool:
    """Whether ``path`` is a summary this user wrote (its signature verified in a worker
    under ``limits``: the parent never reads the bytes)."""
    for _, ours in run_isolated([path], _is_ours, lambda _p, _r: False, limits=limits):
        return bool(ours)
    return False


def _process(path: Path, profile: str | None, shown: str) -> FileResult:
    name = str(path)
    origin = _origin(path)
    if origin is Signed.OURS:
        return FileResult(file=name, skipped=SKIP_SUMMARY)
    if isinstance(origin, str) or origin is Signed.FOREIGN:
        reason = FOREIGN_SUMMARY if origin is Signed.FOREIGN else str(origin)
        return FileResult(file=name, failure=Failure(file=name, reason=reason))
    try:
        grid = read_grid(path, formulas=False)
        grid.file = name
        checks = read_checked(grid, profile)
    except InputError as exc:
        return FileResult(file=name, failure=Failure(file=name, reason=exc.reason))
    result = FileResult(file=name)
    findings: list[tuple] = []
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
            **form_facts(form, score),
        )
        project, kind = form.header.project, kind_label(form.form.value)
        if score is not None:
            row.budget, row.spent = score.budget, score.spent
            row.execution_rate, row.points = score.execution_rate, score.points
            row.score, row.total, row.grade = score.score, score.total, score.grade
            sheet, marks = form.sheet, score.indicators
            rows = []
            for i in marks:
                rows.append(indicator_record(i, unit, project, shown, sheet, kind))
                ind = form.indicators[i.index]  # type: ignore[attr-defined]
                rows += part_records(ind, unit, project, shown, sheet, kind)
        else:  # a target form: its indicators as planned
            rows = target_indicator_rows(form, unit, shown)
        if rows:
            result.indicators.append(Rows.of(form.sheet, rows))
        row.unread = unread_fields(form)
        row.warnings += bool(row.unread)
        result.forms.append(row)
        findings.extend(
            finding_record(
                unit, shown, f.sheet, f.cell, f.severity, f.code, f.message, f.hint, project
            )
            for f in check.findings
        )
        if row.unread:
            fields = "、".join(UNREAD_LABELS[k] for k in row.unread)
            f = not_read(form.sheet, form.title, fields)
            findings.append(
                finding_record(
                    unit, shown, f.sheet, f.cell, f.severity, f.code, f.message, f.hint, project
                )
            )
    if findings:
        result.issues.append(Rows.of(None, findings))
    result.crossforms = crossforms_of([c.form for c in checks])
    return result


def _worker(args: tuple[Path, str | None, str | None]) -> FileResult:
    return process_file(*args)


def _failed(job: tuple[Path, str | None, str | None], reason: str) -> FileResult:
    name = str(job[0])
    return FileResult(file=name, failure=Failure(file=name, reason=reason))


def merge(
    inputs: list[Path],
    profile: str | None = None,
    workers: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    limits: Limits | None = None,
    ordered: Callable[[MergeResult, int], None] | None = None,
    scanned: tuple[list[Path], list[Failure], list[Failure]] | None = None,
) -> MergeResult:
    """Merge the inputs; results come back in input order whatever the worker order.

    Every file is read in a worker process under ``limits`` (see :mod:`addin.workbook.isolation`):
    a file that crashes, hangs or outgrows its memory is listed as failed, never the merge.
    ``ordered(result, index)`` is called for each input in input order as soon as it and
    every input before it are in, its duplicates set aside: its 指标明细 and 问题清单 rows are
    then final (``result.indicators.rows_of(index)``, ``result.issues.rows_of(index)``), so a
    writer can start before the end; what is found across files comes under ``LAST``.
    ``scanned`` is :func:`scan_inputs` of the inputs when the caller scanned them already.
    """
    files, failures, skipped = scanned or scan_inputs(inputs)
    result = MergeResult(inputs=len(files) + len(failures), failed=failures, skipped=skipped)
    result.base = common_folder([str(p) for p in files])
    workers = workers or min(os.cpu_count() or 1, 8)
    jobs = [(path, profile, result.base) for path in files]
    duplicates = _Duplicates(result)
    waiting: dict[int, FileResult] = {}  # in, but an earlier input is not (no long rows)
    crossforms: dict[str, bytes] = {}  # file -> its forms as read in its worker
    following = 0
    for index, outcome in run_isolated(jobs, _worker, _failed, workers=workers, limits=limits):
        if outcome.crossforms is not None and outcome.failure is None:
            crossforms[outcome.file] = outcome.crossforms
        waiting[index] = spool(result, index, outcome)
        if progress is not None:
            progress(outcome)
        while following in waiting:
            collect(result, waiting.pop(following), duplicates.set_aside, following)
            if ordered is not None:
                ordered(result, following)
            following += 1
    duplicates.list_dropped_files()
    merge_crosscheck(result, crossforms)  # a unit's self-evaluations against its own target forms
    return result


def spool(result: MergeResult, index: int, outcome: FileResult) -> FileResult:
    """Write a file's long rows to the result's spools at once (ordered by ``index``, the
    file's place among the inputs); returns the outcome without them."""
    for rows in outcome.indicators:
        result.indicators.add(index, rows.data, rows.count, tag=(index, rows.sheet))
    for rows in outcome.issues:
        result.issues.add(index, rows.data, rows.count)
    return outcome.model_copy(update={"indicators": [], "issues": [], "crossforms": None})


def collect(
    result: MergeResult,
    outcome: FileResult,
    set_aside: Callable[[int, list[FormRow]], list[FormRow]] | None = None,
    index: int = 0,
) -> None:
    """A file's failure or its 汇总 rows (call in input order)."""
    if outcome.skipped is not None:
        result.skipped.append(Failure(file=outcome.file, reason=outcome.skipped))
        result.inputs -= 1  # not a county input (as a summary found by name was not)
    elif outcome.failure is not None:
        result.failed.append(outcome.failure)
    elif set_aside is None:
        result.forms.extend(outcome.forms)
    else:
        result.forms.extend(set_aside(index, outcome.forms))


class _Duplicates:
    """A second submission of the same unit, form and project is reported, not doubled:
    the first file (in path order) counts, the later one is listed beside it."""

    def __init__(self, result: MergeResult) -> None:
        self.result = result
        self.kept: dict[tuple[str, str, str | None], FormRow] = {}
        self.dropped_files: dict[str, FormRow] = {}
        self.merged_files: set[str] = set()

    def set_aside(self, index: int, forms: list[FormRow]) -> list[FormRow]:
        """The forms of input ``index`` that count; the others go to ``result.duplicates``
        and their sheets' indicator rows are left out."""
        rows = []
        for row in forms:
            key = (row.unit, row.form, row.project)
            first = self.kept.get(key)
            if first is not None and first.file != row.file:
                self.result.duplicates.append((first, row))
                self._report(first, row)
                self.result.indicators.exclude([(index, row.sheet)])
                self.dropped_files.setdefault(row.file, first)
                continue
            self.kept.setdefault(key, row)
            rows.append(row)
            self.merged_files.add(row.file)
        return rows

    def _report(self, first: FormRow, again: FormRow) -> None:
        """A JX901 warning on the form set aside, listed after every file's own findings."""
        f = second_submission(first.file, first.sheet, again.sheet)
        shown = relative(again.file, self.result.root)
        row = finding_record(
            first.unit, shown, f.sheet, f.cell, f.severity, f.code, f.message, f.hint,
            again.project,
        )  # fmt: skip
        self.result.issues.add(LAST, [row])

    def list_dropped_files(self) -> None:
        """A file all of whose forms were set aside is listed as not merged, and why."""
        for file, first in self.dropped_files.items():
            if file not in self.merged_files:
                reason = f"与 {Path(first.file).name} 重复报送（同一单位、同一表），未重复计入"
                self.result.failed.append(Failure(file=file, reason=reason))

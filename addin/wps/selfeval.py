"""The service side of 从目标表生成, 生成自评报告 and 目标对照 (POST /api/prefill,
/api/report and /api/compare).

The add-in sends the active workbook's snapshot and the folder it is saved in; the files
are written beside it under new names by :mod:`addin.selfeval.beside` (atomic, never over an
existing file or through a symbolic link). A refusal the add-in acts on carries a
``reason`` besides the Chinese ``error``: ``no_targets`` (the workbook holds no target
form: the add-in then asks for the target workbook) and ``not_saved``.
"""

from __future__ import annotations

from pathlib import Path

from addin.check.actions import NothingToCompare, compare_actions, compare_summary
from addin.core.forms import find_form
from addin.core.models import FormKind
from addin.core.profiles import ProfileError, load_profile
from addin.reader.targets import PrefillError, TargetForm, read_targets, targets_of_grid
from addin.selfeval.beside import prefill_beside, report_beside
from addin.selfeval.report import ReportError
from addin.workbook.grid import Grid
from addin.workbook.outputs import OutputRefused
from addin.wps.errors import Refusal
from addin.wps.models import (
    CompareRequest,
    CompareResponse,
    PrefillRequest,
    PrefillResponse,
    ReportRequest,
    ReportResponse,
)
from addin.wps.paths import input_path, request_path

NOT_SAVED = "「{name}」还没有保存：请先保存，{what}将保存在它旁边"
SELF_FORMS = "project_self、dept_self、sc_project_self、sc_dept_self"


def checked_profile(name: str | None) -> str | None:
    """The request's 计分口径, refused (422) when there is no such profile."""
    if name:
        try:
            load_profile(name)
        except ProfileError as exc:
            raise Refusal(422, str(exc)) from exc
    return name


def absolute_path(text: str, what: str) -> Path:
    """A path the request names, refused (422) unless absolute and plain (see
    :mod:`addin.wps.paths`)."""
    return request_path(text, what)


def _folder(text: str, name: str, what: str) -> Path:
    """The folder a snapshot's workbook is saved in: absolute and existing."""
    if not text.strip():
        raise Refusal(422, NOT_SAVED.format(name=name, what=what), "not_saved")
    folder = absolute_path(text.strip(), "文件夹")
    if not folder.is_dir():
        raise Refusal(422, f"文件夹「{folder}」不存在")
    return folder


def _stem(name: str) -> str:
    """The workbook's name without its extension, as a file name (no folder parts)."""
    stem = Path(name.replace("\\", "/")).stem
    stem = "".join(c for c in stem if c not in '<>:"/\\|?*' and c >= " ").strip(" .")
    return stem or "工作簿"


def _form(code: str | None) -> FormKind | None:
    if code is None:
        return None
    spec = find_form(code)
    if spec is None:
        raise Refusal(422, f"没有名为「{code}」的表格；从目标表只能生成自评表：{SELF_FORMS}")
    return spec.kind


def _snapshot_targets(grid: Grid) -> list[TargetForm]:
    try:
        return targets_of_grid(grid)
    except PrefillError as exc:
        raise Refusal(422, f"{exc}。请打开填好的目标表，或选择目标表文件", "no_targets") from exc


def run_prefill(request: PrefillRequest) -> PrefillResponse:
    """Self-evaluation(s) pre-filled from the target forms, written beside their workbook."""
    profile = checked_profile(request.profile or (request.book.profile if request.book else None))
    form = _form(request.form)
    if request.book is not None:
        name = request.book.book
        forms = _snapshot_targets(request.book.to_grid())
        folder = _folder(request.folder, name, "自评表")
        stem = _stem(name)
    else:
        assert request.target is not None
        target, forms = _target_file(request.target)
        name, folder, stem = target.name, target.parent, target.stem
    try:
        written = prefill_beside(forms, name, folder, stem, profile, form)
    except PrefillError as exc:
        raise Refusal(422, str(exc)) from exc
    except OutputRefused as exc:
        raise Refusal(exc.status, str(exc)) from exc
    except OSError as exc:
        raise Refusal(409, f"无法写入文件夹「{folder}」（{exc.strerror or exc}）") from exc
    return PrefillResponse(source=name, folder=str(folder), written=written)


def run_report(request: ReportRequest) -> ReportResponse:
    """The 自评报告 draft of the snapshot, written beside its workbook."""
    profile = checked_profile(request.profile or request.book.profile)
    name = request.book.book
    folder = _folder(request.folder, name, "自评报告")
    try:
        result = report_beside(request.book.to_grid(), folder, _stem(name), profile)
    except ReportError as exc:
        raise Refusal(422, f"{exc}（请在自评表工作簿中点这个按钮）") from exc
    except OutputRefused as exc:
        raise Refusal(exc.status, str(exc)) from exc
    except OSError as exc:
        raise Refusal(409, f"无法写入文件夹「{folder}」（{exc.strerror or exc}）") from exc
    return ReportResponse(**result.model_dump())


def _target_file(text: str) -> tuple[Path, list[TargetForm]]:
    target = input_path(text, "目标表", folder_ok=False)
    try:
        return target, read_targets(target)
    except PrefillError as exc:
        raise Refusal(422, str(exc)) from exc


def run_compare(request: CompareRequest) -> CompareResponse:
    """校验 of the snapshot with its indicators compared against the target workbook."""
    profile = checked_profile(request.profile or request.book.profile)
    target, forms = _target_file(request.target)
    try:
        outcome = compare_actions(request.book.to_grid(), forms, target.name, profile)
    except NothingToCompare as exc:
        raise Refusal(422, str(exc)) from exc
    report = outcome.report
    return CompareResponse(findings=report.findings, report=report, actions=outcome.actions,
                           summary=compare_summary(report.findings, target.name))  # fmt: skip

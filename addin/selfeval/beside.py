"""The files the buttons 从目标表生成 and 生成自评报告 write beside a workbook.

Both the Excel ribbon and the WPS service call these: the self-evaluation(s) pre-filled
from a target workbook's forms, and the 自评报告 draft of a self-evaluation workbook, each
written into the workbook's own folder under a name not yet taken (``名称（2）.xlsx`` …),
whole or not at all, never over an existing file or through a symbolic link.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from addin.core.forms import FORMS
from addin.core.forms.spec import FormSpec
from addin.core.kinds import KINDS
from addin.core.models import FormKind
from addin.reader.targets import SOURCE_KIND, PrefillError, TargetForm, targets_for
from addin.selfeval.prefill import describe, output_paths, prefill_targets
from addin.selfeval.report import ReportError, ReportResult, write_report_grid
from addin.workbook.grid import Grid
from addin.workbook.outputs import OutputRefused, write_output

SICHUAN = "sichuan"
MAX_TRIES = 100


class WrittenForm(BaseModel):
    """One self-evaluation written: where, which form, and the target form it came from."""

    path: str
    form: str
    title: str
    source: str


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem（2）.suffix`` … when that name is taken."""
    for n in range(1, MAX_TRIES + 1):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}（{n}）{suffix}")
        if not path.exists() and not path.is_symlink():
            return path
    raise OutputRefused(f"文件夹「{folder}」中「{stem}{suffix}」等文件名都已被占用，请先整理", 409)


def write_free(folder: Path, stem: str, suffix: str, write: Callable[[Path], None]) -> Path:
    """Write a new file under the first free name; a name taken meanwhile: the next one."""
    if not folder.is_dir():
        raise OutputRefused(f"文件夹「{folder}」不存在", 422)
    for _ in range(MAX_TRIES):
        path = free_path(folder, stem, suffix)
        try:
            write_output(path, (), write, replace=False)
        except OutputRefused as exc:
            if exc.status == 409 and path.exists() and not path.is_symlink():
                continue  # another program took the name between the look and the write
            raise
        return path
    raise OutputRefused(f"无法在文件夹「{folder}」中找到可用的文件名", 409)


def self_kinds(forms: list[TargetForm], profile: str | None) -> list[FormKind]:
    """The self-evaluation forms the target forms give: project and/or 部门整体, the
    Sichuan layout when the chosen profile is Sichuan's."""
    sichuan = profile == SICHUAN
    kinds = []
    for target in dict.fromkeys(f.form for f in forms):
        filled = [k for k in KINDS.values() if k.source == target]
        chosen = [k.kind for k in filled if (k.profile == SICHUAN) == sichuan]
        kinds.extend(chosen[:1])
    return kinds


def prefill_beside(
    forms: list[TargetForm],
    source: str,
    folder: Path,
    stem: str,
    profile: str | None = None,
    form: FormKind | None = None,
) -> list[WrittenForm]:
    """One self-evaluation per target form (of ``form`` only, when given), written into
    ``folder`` as ``stem_表名.xlsx`` (several: ``stem_表名-1-项目.xlsx`` …).

    Raises :class:`PrefillError` (no target form of the kind) or :class:`OutputRefused`.
    """
    if form is not None and form not in SOURCE_KIND:
        raise PrefillError(
            "只有自评表可以从目标表生成：project_self、dept_self、sc_project_self、sc_dept_self"
        )
    kinds = [form] if form is not None else self_kinds(forms, profile)
    if not kinds:
        raise PrefillError(f"{source}：没有找到绩效目标表")
    written = []
    for kind in kinds:
        spec = FORMS[kind]
        targets = targets_for(forms, kind, source)
        names = output_paths(folder / f"{stem}_{spec.title}.xlsx", targets)
        for pick, (name, target) in enumerate(zip(names, targets, strict=True)):

            def write(temp: Path, spec: FormSpec = spec, pick: int = pick) -> None:
                prefill_targets(forms, source, spec, temp, pick)

            path = write_free(folder, name.stem, name.suffix, write)
            written.append(WrittenForm(path=str(path), form=kind.value, title=spec.title,
                                       source=describe(target)))  # fmt: skip
    return written


def report_beside(grid: Grid, folder: Path, stem: str, profile: str | None = None) -> ReportResult:
    """The 自评报告 draft of ``grid`` written into ``folder`` as ``stem_自评报告.docx``.

    Raises :class:`ReportError` (no self-evaluation) or :class:`OutputRefused`.
    """
    result: list[ReportResult] = []

    def write(temp: Path) -> None:
        result.append(write_report_grid(grid, temp, profile))

    path = write_free(folder, f"{stem}_自评报告", ".docx", write)
    return result[-1].model_copy(update={"output": str(path)})


__all__ = ["OutputRefused", "PrefillError", "ReportError", "prefill_beside", "report_beside"]

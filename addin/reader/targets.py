"""The filled target forms of a workbook (绩效目标表): what a self-evaluation is filled
from and cross-checked against."""

from __future__ import annotations

from pathlib import Path

from addin.core.errors import JixiaoError
from addin.core.kinds import FORM_TITLES, KINDS
from addin.core.models import DeptTargetForm, FormKind, ProjectTargetForm
from addin.reader.forms import read_forms
from addin.workbook.files import InputError, read_grid
from addin.workbook.grid import Grid

TargetForm = ProjectTargetForm | DeptTargetForm

# which target form each self-evaluation is filled from
# which target form each self-evaluation is filled from
SOURCE_KIND: dict[FormKind, FormKind] = {
    k.kind: k.source for k in KINDS.values() if k.source is not None
}


class PrefillError(JixiaoError, ValueError):
    """A target workbook that cannot give the wanted self-evaluation (one Chinese sentence)."""

    code = "no_targets"


def read_targets(path: Path) -> list[TargetForm]:
    """The filled target forms of a workbook; PrefillError when it has none or is unreadable."""
    try:
        grid = read_grid(path)
    except InputError as exc:
        raise PrefillError(f"无法读取 {exc}") from exc
    grid.file = str(path)
    return targets_of_grid(grid)


def targets_of_grid(grid: Grid) -> list[TargetForm]:
    """The filled target forms of a Grid (a file or a live Excel/WPS workbook)."""
    forms = [f for f in read_forms(grid) if isinstance(f, TargetForm)]
    if not forms:
        name = Path(grid.file).name if grid.file else "工作簿"
        raise PrefillError(
            f"{name}：没有找到绩效目标表（项目支出绩效目标表或部门整体绩效目标申报表）"
        )
    return forms


def targets_for(forms: list[TargetForm], kind: FormKind, file: str) -> list[TargetForm]:
    """The target forms a self-evaluation of ``kind`` is filled from."""
    if kind not in SOURCE_KIND:
        raise PrefillError(
            "只有自评表可以从目标表生成：project_self、dept_self、sc_project_self、sc_dept_self"
        )
    wanted = SOURCE_KIND[kind]
    chosen = [f for f in forms if f.form == wanted]
    if not chosen:
        found = "、".join(sorted({FORM_TITLES[f.form] for f in forms}))
        raise PrefillError(f"{file} 中没有「{FORM_TITLES[wanted]}」（只找到：{found}）")
    return chosen

"""The one table of form kinds: what each of the eight official forms is.

Every part that needs a fact about a kind reads it here: the template builder (title and
template file), the reader (titles, which kinds carry funding), the rules and scoring (the
profile), the merge and its summary (short names, department or project, target or
self-evaluation), the report draft and both Office doors (the list of forms).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from addin.core.models import FormKind

Scope = Literal["dept", "project", "data"]
Stage = Literal["target", "self", "data"]


class Kind(BaseModel):
    """One form kind."""

    model_config = ConfigDict(frozen=True)

    kind: FormKind
    title: str  # the official title, also the template's sheet name
    short: str  # the name in the city summary's tables
    stage: Stage  # 绩效目标申报 (target), 自评 (self) or a data sheet
    scope: Scope  # 部门整体 (a unit's whole budget, containing its projects) or 项目
    profile: str  # the scoring profile its province uses
    source: FormKind | None = None  # the target form a self-evaluation is filled from

    @property
    def template(self) -> str:
        """The template's file name in ``workbook_templates/``."""
        return f"{self.kind.value}.xlsx"

    @property
    def funded(self) -> bool:
        """Whether the form reports its budget (a funding block)."""
        return self.stage == "self" or self.kind == FormKind.PROJECT_TARGET


KINDS: dict[FormKind, Kind] = {
    k.kind: k
    for k in (
        Kind(kind=FormKind.DEPT_TARGET, title="部门整体绩效目标申报表",
             short="部门整体绩效目标申报表", stage="target", scope="dept", profile="central"),
        Kind(kind=FormKind.PROJECT_TARGET, title="项目支出绩效目标表",
             short="项目支出绩效目标表", stage="target", scope="project", profile="central"),
        Kind(kind=FormKind.SC_DEPT_SELF, title="部门整体支出绩效目标完成情况自评表",
             short="部门整体自评表（四川）", stage="self", scope="dept", profile="sichuan",
             source=FormKind.DEPT_TARGET),
        Kind(kind=FormKind.SC_PROJECT_SELF, title="专项预算项目绩效目标完成情况自评表",
             short="专项项目自评表（四川）", stage="self", scope="project", profile="sichuan",
             source=FormKind.PROJECT_TARGET),
        Kind(kind=FormKind.DEPT_SELF, title="部门整体支出绩效自评表",
             short="部门整体支出绩效自评表", stage="self", scope="dept", profile="hunan",
             source=FormKind.DEPT_TARGET),
        Kind(kind=FormKind.PROJECT_SELF, title="项目支出绩效自评表",
             short="项目支出绩效自评表", stage="self", scope="project", profile="hunan",
             source=FormKind.PROJECT_TARGET),
        Kind(kind=FormKind.DEPT_BASIC_DATA, title="部门整体支出绩效评价基础数据表",
             short="基础数据表", stage="data", scope="data", profile="hunan"),
        Kind(kind=FormKind.FUND_DETAIL, title="专项资金预算明细",
             short="专项资金预算明细", stage="data", scope="data", profile="sichuan"),
    )
}  # fmt: skip

FORM_TITLES: dict[FormKind, str] = {k.kind: k.title for k in KINDS.values()}
SELF_KINDS: tuple[FormKind, ...] = tuple(k.kind for k in KINDS.values() if k.stage == "self")
TARGET_KINDS: tuple[FormKind, ...] = tuple(k.kind for k in KINDS.values() if k.stage == "target")
DEPT_KINDS: tuple[FormKind, ...] = tuple(k.kind for k in KINDS.values() if k.scope == "dept")


def kind_of(value: FormKind | str) -> Kind:
    """The table's entry for a kind given as the enum or its value ("project_self")."""
    return KINDS[FormKind(value)]

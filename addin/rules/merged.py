"""Findings about what was read rather than what was written: a second submission of the
same unit and form in a merge (JX901), and a form whose figures or columns the reader could
not read with confidence (JX902)."""

from __future__ import annotations

from pathlib import Path

from addin.core.models import AnyForm
from addin.rules.checks import Finding, finding


def second_submission(first_file: str, first_sheet: str | None, sheet: str | None) -> Finding:
    """JX901 on the form set aside: the same unit and form came first in ``first_file``."""
    return finding("JX901", sheet, None, first=Path(first_file).name, sheet=first_sheet or "")


def not_read(sheet: str | None, title: str, fields: str) -> Finding:
    """JX902: the form's ``fields`` (budget, spending, points) could not be read."""
    return finding("JX902", sheet, None, title=title, fields=fields)


TEACH = (
    "这些内容不参与校验。用 jixiao inspect 查看读表情况；若是表头写法没认出，用 jixiao vocab add "
    '"表头写法" 角色 教会读表后再校验'
)


def table_not_read(form: AnyForm, gaps: list[str]) -> Finding:
    """JX902 on a form's title: the columns of its table the reader did not read with
    confidence (``gaps``), and how to teach the layout."""
    made = finding("JX902", form.sheet, form.cells.get("title"), title=form.title,
                   fields="、".join(gaps))  # fmt: skip
    made.hint = TEACH
    return made

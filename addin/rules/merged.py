"""What only a merge can find (JX901, JX902): a second submission of the same unit and
form, and a form whose figures the reader could not read."""

from __future__ import annotations

from pathlib import Path

from addin.rules.checks import Finding, finding


def second_submission(first_file: str, first_sheet: str | None, sheet: str | None) -> Finding:
    """JX901 on the form set aside: the same unit and form came first in ``first_file``."""
    return finding("JX901", sheet, None, first=Path(first_file).name, sheet=first_sheet or "")


def not_read(sheet: str | None, title: str, fields: str) -> Finding:
    """JX902: the form's ``fields`` (budget, spending, points) could not be read."""
    return finding("JX902", sheet, None, title=title, fields=fields)

"""The eight form descriptions, by form kind (see :mod:`addin.templates.spec`)."""

from __future__ import annotations

from addin.models import FormKind
from addin.templates.forms.data import BASIC_DATA, FUND_DETAIL
from addin.templates.forms.self_eval import DEPT_SELF, PROJECT_SELF, SC_DEPT_SELF, SC_PROJECT_SELF
from addin.templates.forms.targets import DEPT_TARGET, PROJECT_TARGET
from addin.templates.spec import FormSpec

FORMS: dict[FormKind, FormSpec] = {
    spec.kind: spec
    for spec in (
        DEPT_TARGET,
        PROJECT_TARGET,
        SC_DEPT_SELF,
        SC_PROJECT_SELF,
        DEPT_SELF,
        PROJECT_SELF,
        BASIC_DATA,
        FUND_DETAIL,
    )
}
SELF_EVALUATIONS = (FormKind.SC_DEPT_SELF, FormKind.SC_PROJECT_SELF, FormKind.DEPT_SELF,
                    FormKind.PROJECT_SELF)  # fmt: skip


def find_form(text: str) -> FormSpec | None:
    """The form called ``text``: its kind (project_self) or its Chinese title."""
    text = text.strip()
    for spec in FORMS.values():
        if text in (spec.kind.value, spec.title):
            return spec
    return None

"""The eight form descriptions, by form kind (see :mod:`addin.core.forms.spec`)."""

from __future__ import annotations

from addin.core.forms.data import BASIC_DATA, FUND_DETAIL
from addin.core.forms.self_eval import DEPT_SELF, PROJECT_SELF, SC_DEPT_SELF, SC_PROJECT_SELF
from addin.core.forms.spec import FormSpec
from addin.core.forms.targets import DEPT_TARGET, PROJECT_TARGET
from addin.core.kinds import SELF_KINDS
from addin.core.models import FormKind

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
SELF_EVALUATIONS = SELF_KINDS


def find_form(text: str) -> FormSpec | None:
    """The form called ``text``: its kind (project_self) or its Chinese title."""
    text = text.strip()
    for spec in FORMS.values():
        if text in (spec.kind.value, spec.title):
            return spec
    return None

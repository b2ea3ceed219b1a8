"""校验: the rule catalogue and the checks that apply it to forms."""

from addin.rules.catalog import RULES, SEVERITY_LABELS, Rule
from addin.rules.checks import Finding, check_form

__all__ = ["RULES", "SEVERITY_LABELS", "Finding", "Rule", "check_form"]

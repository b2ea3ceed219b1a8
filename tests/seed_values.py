"""Collect every distinct value string of the seed tables (shared by tests and the golden file)."""

from __future__ import annotations

from addin.core.models import SeedFile
from addin.core.values import ParsedValue


def seed_values(seeds: list[SeedFile]) -> set[tuple[str, str]]:
    """(value, unit column) pairs of every target, actual, history, detail and money cell."""
    found: set[tuple[str, str]] = set()
    for seed in seeds:
        for form in seed.forms:
            for attr in ("indicators", "long_term_indicators"):
                for ind in getattr(form, attr, []):
                    for value in (ind.target, ind.actual, *ind.history.values()):
                        if value is not None:
                            found.add((value, ind.unit or ""))
            for line in getattr(form, "lines", []):
                for value in (line.people, line.standard, line.amount):
                    if value is not None:
                        found.add((value, ""))
            funding = getattr(form, "funding", None)
            for row in funding.rows if funding else []:
                for value in (row.initial, row.budget, row.spent):
                    if value is not None:
                        found.add((value, ""))
    return found


def summary(parsed: ParsedValue) -> list:
    """What the golden file records of a parse: kind, sign, numbers, unit dimension and per."""
    unit = parsed.unit
    return [
        parsed.kind,
        parsed.op.value if parsed.op else None,
        parsed.low,
        parsed.high,
        unit.dimension if unit else None,
        unit.per if unit else None,
        parsed.prefix,
    ]

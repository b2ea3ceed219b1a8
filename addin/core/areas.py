"""Indicators whose targets (and perhaps actuals) are split by area, one column per district
or town, seen one area at a time.

An area's view is the indicator as if the form had only that area: its target and actual
are the area's, and so are their cells, so that a check or a score of the view lands on the
area's own cell. Areas are taken in the order of the form's columns.
"""

from __future__ import annotations

from addin.core.models import Indicator
from addin.core.values import FORWARD, Op, normalise_text, parse_value

AREA_SEPARATOR = "；"


def is_split(ind: Indicator) -> bool:
    """Whether an indicator's target or actual is written per area."""
    return bool(ind.area_targets or ind.area_actuals or area_names(ind))


def area_names(ind: Indicator) -> list[str]:
    """Every area the form has a column for (filled or not), in column order."""
    names: list[str] = []
    for key in ind.cells:
        fld, _, area = key.partition(":")
        if fld in ("target", "actual") and area and area not in names:
            names.append(area)
    for area in (*ind.area_targets, *ind.area_actuals):
        if area not in names:
            names.append(area)
    return names


def joined(values: dict[str, str]) -> str | None:
    """Area values as one text, "东城镇:300户；西河乡:250户" (None when there are none)."""
    if not values:
        return None
    return AREA_SEPARATOR.join(f"{area}:{value}" for area, value in values.items())


def shown_target(ind: Indicator) -> str | None:
    """The target as the summary and the score show it: the written one, else the areas'."""
    return ind.target if ind.target is not None else joined(ind.area_targets)


def shown_actual(ind: Indicator) -> str | None:
    return ind.actual if ind.actual is not None else joined(ind.area_actuals)


def area_view(ind: Indicator, area: str) -> Indicator:
    """The indicator for one area: that area's target and actual (the shared ones where the
    form writes one for all areas), with their cells."""
    cells = {k: v for k, v in ind.cells.items() if ":" not in k or k.startswith("history:")}
    values: dict[str, str | None] = {}
    for fld, split in (("target", ind.area_targets), ("actual", ind.area_actuals)):
        key = f"{fld}:{area}"
        if key in ind.cells or area in split:
            values[fld] = split.get(area)
            if key in ind.cells:
                cells[fld] = ind.cells[key]
            else:
                cells.pop(fld, None)
    return ind.model_copy(
        update={**values, "area_targets": {}, "area_actuals": {}, "parts": [], "cells": cells}
    )


def area_views(ind: Indicator) -> list[tuple[str, Indicator]]:
    """(area, view) for every area of a split indicator; [] for one that is not split."""
    return [(area, area_view(ind, area)) for area in area_names(ind)]


def common_target(ind: Indicator) -> str | None:
    """The one target every area states when they all state the same ("≥95%" in each
    column); None when an area's differs or none is written."""
    texts = {normalise_text(t) for t in ind.area_targets.values()}
    if len(texts) != 1:
        return None
    return next(iter(ind.area_targets.values()))


def summed_target(ind: Indicator) -> str | None:
    """The whole of targets that add up: every area states a count or an amount in the same
    unit, with the same sign (≥ or none), such as 改厕 300户 | 250户 -> "550户"; None for
    rates, averages (人均), ranges, reverse signs, mixed units or a blank area."""
    names = [a for a in area_names(ind) if f"target:{a}" in ind.cells] or list(ind.area_targets)
    if len(names) < 2 or any(a not in ind.area_targets for a in names):
        return None
    values = [parse_value(ind.area_targets[a], ind.unit) for a in names]
    first = values[0]
    if first.unit is None or not (
        first.unit.dimension.startswith("count:") or first.unit.dimension == "money"
    ):
        return None
    for value in values:
        if value.kind != "number" or value.prefix or value.unit is None or value.unit.per:
            return None
        if value.unit.text != first.unit.text or value.op != first.op:
            return None
    if first.op is not None and first.op not in FORWARD | {Op.EQ}:
        return None
    total = sum(v.low or 0.0 for v in values)
    sign = first.op.value if first.op is not None else ""
    unit = "" if first.unit_from_column else first.unit.text
    return f"{sign}{total:.4f}".rstrip("0").rstrip(".") + unit


def one_target(ind: Indicator) -> str | None:
    """The one target an indicator states: the written one; for targets split by area, the
    one every area states or the sum of counts that add up (300户 | 250户 -> 550户); else
    None (the areas state no one target)."""
    if ind.target is not None or not ind.area_targets:
        return ind.target
    return common_target(ind) or summed_target(ind)

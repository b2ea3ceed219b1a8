"""From a form model (a seed form, or the same schema) to the values a template holds.

Templates carry numbers in their own columns: ``≥95%`` becomes 指标性质 ≥, 指标值 95 and
度量单位 %; ``11个月`` against a target in 年 becomes 11/12; qualitative actuals stay
text with the 完成档次 the engine's word judgement gives. Totals the data writes that
differ from what the formula would give are written as values (nothing is lost), and
the template's warnings mark them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from addin.core.forms.layout import all_cells
from addin.core.forms.spec import Cell, FormSpec, Table, ValueKind
from addin.core.framework import classify, detect_framework
from addin.core.models import Indicator
from addin.core.profiles import Profile
from addin.core.scoring import (
    BAND_OF_STATUS,
    amount,
    chosen_band,
    judge_words,
    number,
    resolve_op,
)
from addin.core.values import Op, ParsedValue, parse_op, parse_value

Value = str | float | int | None

PER_HEAD = ("", "人", "户")  # 元, 元/人, 元/户: amounts per head in the 人均标准 column


@dataclass
class FillData:
    """What a filled template holds beyond the empty one."""

    title: str | None = None
    fields: dict[str, Value] = field(default_factory=dict)  # defined name -> value
    overrides: dict[str, Value] = field(default_factory=dict)  # formula cell -> value
    tables: dict[str, list[dict[str, Value]]] = field(default_factory=dict)


def tidy(value: float) -> float | int:
    """10.0 -> 10, so that a filled cell shows what a clerk would type."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def convert(text: str | None, kind: ValueKind) -> Value:
    """A raw text as the cell value of a column of ``kind`` (raw text when unreadable)."""
    if text is None or not str(text).strip():
        return None
    if kind == "text":
        return text
    if kind == "money":
        value = amount(text)
        return tidy(round(value, 6)) if value is not None else text
    parsed = parse_value(text)
    if parsed.kind != "number" or parsed.low is None:
        return text
    if kind == "yuan" and parsed.unit is not None:
        if parsed.unit.dimension != "money" or parsed.unit.per not in PER_HEAD:
            return text  # 元/人/月 and the like: a person reads it
        return tidy(round(parsed.base() or 0.0, 6))
    if kind == "number" and parsed.unit is not None and parsed.unit.dimension == "money":
        return text
    return tidy(parsed.low)


def get_path(form: Any, path: str) -> str | None:
    """The raw text at a model path ("header.project", "funding.total.budget" …)."""
    head, _, rest = path.partition(".")
    if head == "funding" and rest.count(".") == 1:
        kind, _, column = rest.partition(".")
        row = next((r for r in form.funding.rows if r.kind == kind), None)
        return getattr(row, column) if row else None
    if head in ("overview",):
        return form.overview.get(rest)
    if head == "header" and rest.startswith("extra."):
        return form.header.extra.get(rest.removeprefix("extra."))
    value: Any = form
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, str) else None


def fill_data(
    spec: FormSpec, form: Any, profile: Profile, *, declared_signs: bool = False
) -> FillData:
    """Everything a template filled from ``form`` holds; ``declared_signs``: 指标性质 only as
    the form declares it (a pre-filled self-evaluation), never a sign the engine infers."""
    data = FillData(title=form.title)
    for cell in all_cells(spec):
        if cell.field and cell.name and cell.role == "input":
            data.fields[cell.name] = convert(get_path(form, cell.field), cell.value)
    for table in spec.tables():
        items = getattr(form, table.key, None) or []
        data.tables[table.key] = [
            _item_row(table, item, profile, form, declared_signs) for item in items
        ]
    for cell in all_cells(spec):
        if cell.sum_of and cell.field and cell.name:
            _override_total(spec, data, cell, get_path(form, cell.field))
    return data


def _column(spec: FormSpec, data: FillData, part: str) -> list[Value]:
    """Values of a table column ("lines.amount"), products computed where a formula stays."""
    key, _, col_key = part.partition(".")
    col = next(c for c in spec.table(key).cols if c.key == col_key)
    values: list[Value] = []
    for row in data.tables.get(key, []):
        value = row.get(col_key)
        factors = [row.get(k) for k in col.product_of]
        if value is None and factors and all(isinstance(f, (int, float)) for f in factors):
            value = round(factors[0] * factors[1], 2)  # type: ignore[operator]
        values.append(value)
    return values


def _override_total(spec: FormSpec, data: FillData, cell: Cell, written: str | None) -> None:
    """Keep the data's total when the template's sum of the parts would not give it."""
    value = convert(written, cell.value)
    if value is None:
        return
    parts: list[Value] = []
    for part in cell.sum_of:
        if "." in part:
            parts += _column(spec, data, part)
        else:
            parts.append(data.fields.get(part))
    numbers = [p for p in parts if isinstance(p, (int, float))]
    if not isinstance(value, (int, float)) or not numbers or abs(sum(numbers) - value) > 0.005:
        data.overrides[cell.name or ""] = value


def _item_row(
    table: Table, item: Any, profile: Profile, form: Any, declared_signs: bool = False
) -> dict:
    if table.key == "indicators" and "band" in {c.key for c in table.cols}:
        framework = detect_framework([i.level1 for i in form.indicators])
        return indicator_row(item, profile, framework, declared_signs=declared_signs)
    row: dict[str, Value] = {}
    for col in table.cols:
        if not col.field:
            continue
        if col.field.startswith("history."):
            raw = item.history.get(col.field.removeprefix("history."))
        else:
            raw = getattr(item, col.field, None)
        value = convert(raw, col.value)
        if col.product_of:
            factors = [row.get(k) for k in col.product_of]
            if all(isinstance(f, (int, float)) for f in factors):
                product = round(factors[0] * factors[1], 2)  # type: ignore[operator]
                if isinstance(value, (int, float)) and abs(product - value) <= 0.005:
                    continue  # the formula gives the same: keep it
            if value is None:
                continue
        row[col.key] = value
    return row


def _number_text(value: float) -> str:
    return f"{tidy(value)}"


def declared_op(ind: Indicator, target: ParsedValue) -> Op | None:
    """The sign a declaration states: its 指标性质, else the sign written in the value; a
    worded target is 定性. A bare number ("100") or "无" has none: the clerk chooses."""
    op = parse_op(ind.op) or target.op
    if op is None and target.kind == "text":
        return Op.QUAL
    return op


def indicator_row(
    ind: Indicator, profile: Profile, framework: str, *, declared_signs: bool = False
) -> dict[str, Value]:
    """A self-evaluation indicator normalised into the template's columns; ``declared_signs``:
    the 指标性质 as declared (:func:`declared_op`), else as the engine scores by."""
    kind = classify(ind.level1, ind.level2, ind.name, framework).kind  # type: ignore[arg-type]
    target = parse_value(ind.target, ind.unit)
    actual = parse_value(ind.actual, ind.unit)
    op = declared_op(ind, target) if declared_signs else resolve_op(ind, target, kind)[0]
    points = parse_value(ind.points)
    written = number(ind.score)
    row: dict[str, Value] = {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "op": op.value if op else None,
        "unit": ind.unit,
        "points": tidy(points.low) if points.kind == "number" and points.low is not None
        else ind.points,
        "score": _clerk_score(ind, written),
        "reason": ind.reason,
    }  # fmt: skip
    if target.is_number and target.low is not None and target.high is not None:
        if row["unit"] is None and target.unit is not None:
            row["unit"] = target.unit.text
        row["target"] = (
            tidy(target.low)
            if target.kind == "number"
            else f"{_number_text(target.low)}-{_number_text(target.high)}"
        )
    else:
        row["target"] = ind.target
    if op == Op.QUAL or target.kind == "text":
        row["actual"] = ind.actual
        chosen = chosen_band(ind, profile)
        if chosen is not None:
            row["band"] = BAND_OF_STATUS[chosen[0]]
        elif actual.kind not in ("empty", "number", "range", "unreadable"):
            # the engine's word judgement; "needs a person" leaves the band to the clerk
            status = judge_words(ind.target, actual.raw or "", profile)
            row["band"] = BAND_OF_STATUS.get(status)
        return row
    row["actual"] = _actual_value(target, actual, ind.actual)
    return row


def _clerk_score(ind: Indicator, written: float | None) -> Value:
    """The 定性自评分 column: the clerk's self score, else the written 得分."""
    own = number(ind.self_score)
    if own is not None:
        return tidy(own)
    return tidy(written) if written is not None else ind.score


def _actual_value(target: ParsedValue, actual: ParsedValue, raw: str | None) -> Value:
    """An actual number in the target's unit, as the engine compares them."""
    if actual.kind != "number" or actual.low is None:
        return raw
    if not target.is_number:
        return tidy(actual.low)
    t_unit, a_unit = target.unit, actual.unit
    if t_unit is not None and a_unit is None:
        if t_unit.dimension == "percent":
            return tidy(actual.low)  # the template reads 0.98 as 98% like the engine
        return tidy(actual.low / t_unit.factor)
    if t_unit is not None and a_unit is not None:
        if t_unit.key != a_unit.key:
            return raw  # units that do not convert: a person decides (the engine too)
        return tidy(round((actual.base() or 0.0) / t_unit.factor, 10))
    return tidy(actual.base() or 0.0)

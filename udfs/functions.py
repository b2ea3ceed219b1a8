"""Excel custom functions of 绩效助手 (xlwings UDFs): thin wrappers over the engine.

Each function takes what a clerk types ("≥95%", "11个月", "50-100元", "人均72元",
"≧120人") and never raises: a value it cannot use comes back as a Chinese sentence in the
cell, never as 0. ``jixiao addin build`` bakes the VBA wrappers of these functions into
jixiao.xlam (module ``jixiao_udfs``), so users need not trust access to the VBA project.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import xlwings as xw
from xlwings.conversion import Accessor, Pipeline

from addin.core.models import Indicator, ProjectSelfForm, ProjectTargetForm, ScProjectSelfForm
from addin.core.profiles import ProfileError, load_profile
from addin.core.scoring import STATUS_LABELS, amount, score_indicator
from addin.core.values import Op, normalise_text, parse_value, unreadable_op
from addin.reader import column_field
from addin.reader.vocabulary import refresh
from addin.rules import check_form
from addin.rules.checks import Finding
from addin.templates.fill import tidy
from addin.workbook.grid import cell_text, col_letter, plain, shown_value

CATEGORY = "绩效助手"
DEFAULT_PROFILE = "central"
# JX_CHECK without a header row: the columns in this order
DEFAULT_COLUMNS = (
    "level1", "level2", "name", "op", "target", "unit", "actual", "points", "score", "reason",
)  # fmt: skip
INDICATOR_FIELDS = set(DEFAULT_COLUMNS) | {"basis", "description", "category"}
# findings about one row (form-wide ones such as 分值合计 or 缺少一级指标 are left out)
ROW_CODES = frozenset(
    {f"JX10{n}" for n in range(2, 7)}
    | {f"JX20{n}" for n in range(1, 8)}
    | {"JX211", "JX212", "JX302", "JX303", "JX309"}
    | {f"JX50{n}" for n in range(1, 7)}
    | {f"JX60{n}" for n in range(1, 10)}
)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SCORED_NAME = "指标"  # JX_SCORE has no name; an empty one would read as a 无 row


def _text(value: Any) -> str | None:
    """A cell value as the text the engine reads: 95.0 -> "95", empty -> None."""
    return cell_text(plain(value))


def _failure(exc: Exception) -> str:
    """The cell's text when something unforeseen fails: Chinese, no Python wording."""
    del exc  # the clerk gets a sentence, never an exception's text
    return "绩效助手无法计算：请检查输入的数值和单位"


class CellAccessor(Accessor):
    """A UDF argument as xlwings hands it over: the Range when a cell is referenced (so
    that its number format can be read), the typed value otherwise."""

    @staticmethod
    def keep_range(c: Any) -> None:
        if c.range is not None:
            c.value = c.range

    @classmethod
    def reader(cls, options: Any) -> Pipeline:
        return Pipeline().append_stage(cls.keep_range)


CELL = "jixiao_cell"
CellAccessor.register(CELL)


def cell_value(arg: Any) -> str | None:
    """What a clerk sees in a cell argument: 0.95 formatted 0% is "95%", a date is its ISO
    text (the engine then says a typed 3-5 became a date); a typed value as it is."""
    if hasattr(arg, "number_format") and hasattr(arg, "value"):
        if getattr(arg, "count", 1) > 1:
            arg = arg[0]
        value = arg.value
        if isinstance(value, (list, tuple)):  # a multi-cell range: its first cell
            value = value[0] if value else None
            value = value[0] if isinstance(value, (list, tuple)) and value else value
        if isinstance(value, (date, datetime)):
            return _text(value)
        return _text(shown_value(value, arg.number_format))
    return _text(arg)


@xw.func(category=CATEGORY)
@xw.arg("sign", CELL, doc="指标性质：＞ ＜ ＝ ≥ ≤ 或 定性，可留空 / comparison sign, may be empty")
@xw.arg("target", CELL, doc="指标值，如 ≥95%、50-100元 / target value")
@xw.arg("actual", CELL, doc="实际完成值 / actual value")
@xw.arg("points", CELL, doc="分值（权重） / points of the indicator")
@xw.arg("unit", CELL, doc="度量单位，可省略 / unit of measure, optional")
@xw.arg("band", CELL, doc="完成档次：达成、部分达成、未达成，可省略 / band chosen, optional")
@xw.arg("self_score", CELL, doc="定性自评分，可省略 / the clerk's own score, optional")
def JX_SCORE(
    sign: Any,
    target: Any,
    actual: Any,
    points: Any,
    unit: Any = None,
    band: Any = None,
    self_score: Any = None,
) -> Any:
    """指标得分：按计分规则（财预〔2020〕10号）计算一个指标的得分，读取单元格的数字格式
    （95% 即 95），定性指标按完成档次和定性自评分计分；不能计分时说明原因。
    Score of one indicator by the scoring rules, reading the cells' number formats; a
    reason when it cannot be scored."""
    points_text = cell_value(points)
    points_value = parse_value(points_text)
    if points_value.kind == "number" and (points_value.low or 0) < 0:
        return f"分值「{points_value.raw}」不能为负数"
    op_text = cell_value(sign)
    if isinstance(op_text, str) and unreadable_op(op_text):
        # as the templates' formulas: no guess the clerk cannot see (the engine's check
        # infers the sign and names the cell, JX508)
        shown = normalise_text(op_text)
        return f"指标性质「{shown}」无法识别：请选择 ≥、≤、＝、＞、＜ 或 定性"
    try:
        clerk = cell_value(self_score)
        indicator = Indicator(
            name=SCORED_NAME,
            op=cell_value(sign),
            target=cell_value(target),
            actual=cell_value(actual),
            points=points_text,
            unit=cell_value(unit),
            band=cell_value(band),
            score=clerk,  # as the templates' 定性自评分 column is read
        )
        row = score_indicator(indicator, 0, load_profile(DEFAULT_PROFILE))
    except Exception as exc:  # an Excel cell shows a sentence, never a traceback
        return _failure(exc)
    if row.score is not None:
        return row.score
    return row.note or STATUS_LABELS[row.status]


@xw.func(category=CATEGORY)
@xw.arg("spent", doc="全年执行数，如 12.6 或 126000元 / amount spent")
@xw.arg("budget", doc="全年预算数 / full-year budget")
def JX_RATE(spent: Any, budget: Any) -> Any:
    """预算执行率：全年执行数 ÷ 全年预算数（可写万元、元）；预算数为 0 时说明原因。
    Budget execution rate: spent / budget (万元 or 元); a reason when it cannot be computed."""
    try:
        spent_amount, budget_amount = amount(_text(spent)), amount(_text(budget))
    except Exception as exc:
        return _failure(exc)
    if budget_amount is None or spent_amount is None:
        return "全年执行数和全年预算数应为金额数值"
    if budget_amount < 0 or spent_amount < 0:
        return "全年执行数和全年预算数不能为负数"
    if budget_amount == 0:
        return "全年预算数为 0，无法计算执行率"
    return spent_amount / budget_amount


@xw.func(category=CATEGORY)
@xw.arg("total", doc="总分 / total score")
@xw.arg("profile", doc="计分口径代码（central、hunan、sichuan），可省略 / scoring profile")
def JX_GRADE(total: Any, profile: Any = None) -> Any:
    """等级：按总分评定 优、良、中、差（优≥90，良≥80，中≥60）。
    Grade of a total score: 优 / 良 / 中 / 差 by the scoring profile."""
    text = _text(total)
    if text is None:
        return ""
    value = parse_value(text)
    if value.kind != "number" or value.low is None or value.unit is not None:
        return f"总分「{text}」不是数值"
    try:
        scoring = load_profile(_text(profile) or DEFAULT_PROFILE)
    except ProfileError as exc:
        return str(exc)
    full = scoring.total_points
    if not 0 <= value.low <= full + 1e-9:
        return f"总分应在 0 到 {tidy(full)} 之间，现为 {text}"
    return scoring.grade(value.low)


@xw.func(category=CATEGORY)
@xw.arg("text", doc="指标值原文，如 ≥95%、11个月、50-100元 / a value as typed")
@xw.arg("unit", doc="度量单位列，可省略 / unit column, optional")
@xw.arg("part", doc="取哪一格：符号、数值、单位（或 1、2、3），可省略 / which part, optional")
def JX_PARSE(text: Any, unit: Any = None, part: Any = None) -> Any:
    """拆分指标值：返回一行三格（符号、数值、单位），如 ≧120人 → ≥、120、人；
    第三个参数取其中一格（"符号"、"数值"、"单位" 或 1、2、3），便于 Excel 2010–2019 在一个
    单元格中使用。
    Split a value into sign, number (or range a-b) and unit; ``part`` picks one of them."""
    raw = _text(text)
    try:
        parts = _parse_parts(raw, _text(unit))
    except Exception as exc:
        parts = ["", _failure(exc), ""]
    chosen = _text(part)
    if chosen is None:
        return parts
    index = PARSE_PARTS.get(chosen.strip())
    if index is None:
        return "第三个参数应为“符号”“数值”“单位”或 1、2、3"
    return parts[index]


# JX_PARSE's part argument: the name or number of the part
PARSE_PARTS = {"符号": 0, "数值": 1, "单位": 2, "1": 0, "2": 1, "3": 2}


def _parse_parts(raw: str | None, unit: str | None) -> list[Any]:
    value = parse_value(raw, unit)
    sign = value.op.value if value.op else ""
    unit_text = value.unit.text if value.unit else ""
    if value.kind == "number" and value.low is not None:
        return [sign, tidy(value.low), unit_text]
    if value.kind == "range" and value.low is not None and value.high is not None:
        return [sign, f"{tidy(value.low)}-{tidy(value.high)}", unit_text]
    if value.kind == "text":
        return [sign or Op.QUAL.value, value.text or raw or "", ""]
    if value.kind == "unreadable":
        return [sign, value.reason or "无法识别", ""]
    return ["", raw or "", ""]  # empty, or 无 / 不适用


def _indicator(row: list[Any], header: list[Any] | None) -> Indicator:
    """One indicator from a row of cells, columns named by the header or in default order."""
    fields = [column_field(_text(h)) for h in header] if header else list(DEFAULT_COLUMNS)
    data: dict[str, Any] = {"cells": {}}
    for index, (field, value) in enumerate(zip(fields, row, strict=False)):
        if field in INDICATOR_FIELDS and field not in data:
            data[field] = _text(value)
            data["cells"][field] = f"{col_letter(index)}1"
    return Indicator(**data)


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=1, doc="指标表的一行 / one row of an indicator table")
@xw.arg("header", ndim=1, doc="表头行，可省略 / the header row, optional")
@xw.arg("profile", doc="计分口径代码，可省略 / scoring profile, optional")
def JX_CHECK(row: Any, header: Any = None, profile: Any = None) -> Any:
    """校验一行指标：返回最严重的第一条问题，没有问题时为空。
    Check one indicator row: the message of its first (most severe) finding, or ""."""
    try:
        if header:
            refresh()  # a header word taught since (jixiao vocab, 教读表): the UDF server stays up
        indicator = _indicator(list(row or []), list(header) if header else None)
        if not any(v for k, v in indicator.model_dump().items() if k in INDICATOR_FIELDS):
            return ""
        form_type = ProjectSelfForm if indicator.actual is not None else ProjectTargetForm
        if form_type is ProjectSelfForm and "reason" not in indicator.cells:
            form_type = ScProjectSelfForm  # a self-evaluation without a reason column
        form = form_type(title="", indicators=[indicator])
        findings, _ = check_form(form, load_profile(_text(profile) or DEFAULT_PROFILE))
    except ProfileError as exc:
        return str(exc)
    except Exception as exc:
        return _failure(exc)
    return first_message(findings)


def first_message(findings: list[Finding]) -> str:
    """The message of the most severe row-level finding, or ""."""
    row_findings = [f for f in findings if f.code in ROW_CODES]
    if not row_findings:
        return ""
    return min(row_findings, key=lambda f: SEVERITY_ORDER[f.severity]).message


UDFS = (JX_SCORE, JX_RATE, JX_GRADE, JX_PARSE, JX_CHECK)

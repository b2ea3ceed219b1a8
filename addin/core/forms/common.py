"""Short constructors for the form descriptions, and the parts several forms share."""

from __future__ import annotations

from dataclasses import replace

from addin.core.forms import formulas as fx
from addin.core.forms.spec import PROFILE_LIMIT, Cell, Col, Row, Rule, Table

MONEY = "#,##0.00"
PERCENT = "0.00%"
SCORE = "0.00"


def title(text: str, span: int) -> Row:
    """The printed title; a filled template shows the data's own title."""
    return Row((Cell(text=text, field="title", name="表名", kind="title", span=span),), height=32)


def label(text: str, span: int = 1, rows: int = 1, **kw) -> Cell:
    return Cell(text=text, span=span, rows=rows, kind="label", **kw)


def head(text: str, span: int = 1, rows: int = 1, **kw) -> Cell:
    return Cell(text=text, span=span, rows=rows, kind="head", **kw)


def line(text: str, span: int, align: str = "left") -> Cell:
    """Text above or below the table, without borders."""
    return Cell(text=text, span=span, kind="note", border=False, align=align)


def entry(field: str | None, name: str, span: int = 1, rows: int = 1, **kw) -> Cell:
    """An input cell (unlocked)."""
    return Cell(field=field, name=name, span=span, rows=rows, kind="input", **kw)


def money(field: str | None, name: str, span: int = 1, **kw) -> Cell:
    return entry(field, name, span, value="money", fmt=MONEY, align="right", **kw)


def number(field: str | None, name: str, span: int = 1, **kw) -> Cell:
    return entry(field, name, span, value="number", align="right", **kw)


def calc(formula: str, name: str, span: int = 1, fmt: str | None = None, **kw) -> Cell:
    """A computed (locked) cell."""
    kw.setdefault("align", "right")
    return Cell(formula=formula, name=name, span=span, fmt=fmt, **kw)


def blank(span: int = 1, border: bool = True) -> Cell:
    return Cell(span=span, kind="blank", border=border)


def year_row(span: int) -> Row:
    """（2024年度）under the title: an input centred across the form."""
    return Row((entry("header.year", "年度", span, border=False, align="center"),), height=20)


def footer(span_labels: list[tuple[str, str, str, int]], pad: int = 0, label_span: int = 1) -> Row:
    """填报人 / 填报日期 / 联系电话 line: (label, field, name, span of the input)."""
    cells: list[Cell] = [blank(pad, border=False)] if pad else []
    for text, field, name, span in span_labels:
        cells.append(label(text, label_span, border=False, align="right"))
        cells.append(entry(field, name, span, border=False))
    return Row(tuple(cells), height=24)


# --- self-evaluation indicator tables ---------------------------------------------------

_TABLE_COLS = {
    "level1": Col("level1", "level1", dv="一级指标", align="center"),
    "level2": Col("level2", "level2", dv="@level1", align="center"),
    "name": Col("name", "name"),
    "op": Col("op", "op", dv="指标性质", align="center"),
    "target": Col("target", "target", align="center"),
    "unit": Col("unit", "unit", align="center"),
    "actual": Col("actual", "actual", align="center"),
    "band": Col("band", "band", dv="完成档次", align="center"),
    "points": Col("points", "points", value="number", range_name="分值列", align="center"),
    "reason": Col("reason", "reason"),
    "score": Col("score", "score", value="number", align="center"),
}
_HELPER_COLS = (
    Col("sign", formula=fx.SIGN, calc=True, align="center"),
    Col("pts", formula=fx.POINTS, calc=True, range_name="分值数列", align="center"),
    Col("sc", formula=fx.SELF_SCORE, calc=True, align="center"),
    Col("lo", formula=fx.LOW, calc=True, align="center"),
    Col("hi", formula=fx.HIGH, calc=True, align="center"),
    Col("a", formula=fx.ACTUAL, calc=True, align="center"),
    Col("rate", formula=fx.RATE, calc=True, fmt=PERCENT, align="center"),
)
_CALC = Col("calc", formula=fx.SCORE, fmt=SCORE, range_name="得分列", align="center")
_SCORED = Col("ok", formula=fx.SCORED, calc=True, range_name="计分列", align="center")
_HINT = Col("hint", formula=fx.HINT, calc=True)
HELPER_HEADS = ("性质", "分值数", "自评分数", "指标下限", "指标上限", "实际值", "得分率")


def _calc_col(c: Col) -> Col:
    return replace(c, calc=True)


def hunan_indicators(side: str, min_rows: int) -> Table:
    """分值 / 得分 / 偏差原因 table: 得分 computed in the print area."""
    heads = (
        "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值",
        "完成档次", "分值", "得分", "偏差原因分析及改进措施",
    )  # fmt: skip
    calc_heads = ("定性自评分", *HELPER_HEADS, "计分", "提示")
    t = _TABLE_COLS
    cols = (
        t["level1"], t["level2"], t["name"], t["op"], t["target"], t["unit"], t["actual"],
        t["band"], t["points"], _CALC, t["reason"],
        _calc_col(t["score"]), *_HELPER_COLS, _SCORED, _HINT,
    )  # fmt: skip
    return _indicator_table(side, heads, calc_heads, cols, min_rows)


def _indicator_table(side: str, heads: tuple[str, ...], calc_heads: tuple[str, ...],
                     cols: tuple, min_rows: int) -> Table:  # fmt: skip
    """The 指标表 of a self-evaluation: print-area heads, calc-zone heads, one row per indicator."""
    return Table(
        key="indicators",
        name="指标表",
        side=label(side, align="center", vertical=True),
        header=(Row(tuple(head(h) for h in heads), tuple(head(h) for h in calc_heads), 30),),
        cols=cols,
        min_rows=min_rows,
        merge=("level1", "level2"),
        row_height=22,
        repeat_header=True,
    )


def sichuan_indicators(side: str, heads: tuple[str, ...], min_rows: int) -> Table:
    """权重 only: 完成档次, 自评得分, 偏差原因 and 计算得分 in the calc zone."""
    calc_heads = (
        "完成档次", "定性自评分", "偏差原因", *HELPER_HEADS, "计算得分", "计分", "提示",
    )  # fmt: skip
    t = _TABLE_COLS
    cols = (
        t["level1"], t["level2"], t["name"], t["op"], t["target"], t["unit"], t["points"],
        t["actual"],
        _calc_col(t["band"]), _calc_col(t["score"]), _calc_col(t["reason"]), *_HELPER_COLS,
        _calc_col(_CALC), _SCORED, _HINT,
    )  # fmt: skip
    return _indicator_table(side, heads, calc_heads, cols, min_rows)


def indicator_rules(points_name: str) -> tuple[Rule, ...]:
    """Live warnings every self-evaluation shares."""
    return (
        Rule(points_name, fx.WARN_POINTS_TOTAL.format(name=points_name), "error"),
        Rule("执行率", fx.WARN_RATE),
        Rule("全年执行数", "=AND(ISNUMBER(全年执行数),ISNUMBER(全年预算数),全年执行数>全年预算数)"),
        Rule("indicators.actual", fx.WARN_FAR_ABOVE),
        Rule("indicators.reason", fx.WARN_REASON),
        Rule("indicators.score", fx.WARN_SCORE_ABOVE, "error"),
        Rule("indicators.unit", fx.WARN_UNIT),
        Rule("indicators.band", fx.WARN_BAND),
        Rule("indicators.op", fx.WARN_OP),
    )


def summary_pair(text: str, cell: Cell) -> tuple[Cell, Cell]:
    """A label and its value in the calc zone."""
    return (label(text, align="right"), cell)


def execution_reason() -> Cell:
    """执行率偏差原因 (Sichuan: at most the profile's number of characters)."""
    return entry(None, "执行偏差原因", 3, max_len=PROFILE_LIMIT)


def totals(points_name: str, total_field: str | None = "total") -> dict[str, Cell]:
    """The form-level computed cells, by defined name."""
    return {
        "points": calc(fx.POINTS_TOTAL.format(points="分值数列"), points_name, fmt=SCORE),
        "score": calc(fx.SCORE_TOTAL.format(points="分值数列", calc="得分列", scored="计分列"),
                      "指标得分合计", fmt=SCORE),
        "total": calc(fx.TOTAL, "总分", fmt=SCORE, field=total_field),
        "grade": calc(fx.GRADE, "等级", align="center"),
        "rate": calc(fx.RATE_OF_EXECUTION, "执行率", fmt=PERCENT, field="funding.rate"),
        "exec": calc(fx.EXECUTION_SCORE, "执行得分", fmt=SCORE, field="funding.score"),
    }  # fmt: skip

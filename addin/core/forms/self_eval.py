"""The four self-evaluation forms: Hunan (分值/得分, seed 002) and Sichuan (权重, seed 000)."""

from __future__ import annotations

from dataclasses import replace

from addin.core.forms import formulas as fx
from addin.core.forms.common import (
    SCORE,
    blank,
    calc,
    entry,
    execution_reason,
    footer,
    head,
    hunan_indicators,
    indicator_rules,
    label,
    line,
    money,
    sichuan_indicators,
    summary_pair,
    title,
    totals,
    year_row,
)
from addin.core.forms.spec import Cell, Col, FormSpec, Row, Rule, Table
from addin.core.models import FormKind

HUNAN_WIDTHS = (5, 9, 11, 18, 6, 10, 7, 10, 8, 6, 7, 20)
HUNAN_CALC = (12, 6, 7, 8, 9, 9, 9, 8, 6, 30)
SICHUAN_WIDTHS = (5, 9, 10, 20, 7, 9, 8, 6, 11)
SICHUAN_CALC = (12, 9, 16, 6, 7, 8, 9, 9, 9, 8, 9, 6, 30)


# page set-up of each province's forms
HUNAN_PAGE = {
    "framework": "project",
    "landscape": True,
    "widths": HUNAN_WIDTHS,
    "calc_widths": HUNAN_CALC,
}
SICHUAN_PAGE = {
    "framework": "project",
    "landscape": False,
    "widths": SICHUAN_WIDTHS,
    "calc_widths": SICHUAN_CALC,
}


def _part(text: str, kind: str, prefix: str) -> Row:
    """A Hunan project funding row: 年初预算数, 全年预算数, 全年执行数."""
    return Row(
        (
            label(text, 2),
            money(f"funding.{kind}.initial", f"{prefix}年初", 2),
            money(f"funding.{kind}.budget", f"{prefix}预算"),
            money(f"funding.{kind}.spent", f"{prefix}执行"),
            blank(),
            blank(2),
            blank(),
        )
    )


def _hunan_tail(t: dict[str, Cell]) -> tuple[Row, ...]:
    """总分 row and the signature lines of the Hunan forms."""
    return (
        Row(
            (
                label("总分", 9, align="center"),
                calc(fx.FULL_MARKS, "总分值", fmt=SCORE, align="center"),
                replace(t["total"], align="center"),
                blank(),
            ),
            height=24,
        ),
        footer(
            [
                ("填表人：", "header.preparer", "填表人", 2),
                ("填报日期：", "header.date", "填报日期", 2),
                ("联系电话：", "header.phone", "联系电话", 2),
            ],
            label_span=2,
        ),
        Row((blank(8, border=False), label("单位负责人签字：", 2, border=False), blank(2, False))),
    )


def _hunan_goal() -> tuple[Row, Row]:
    return (
        Row((label("年度总体目标", 2, rows=2), head("预期目标", 5), head("实际完成情况", 5))),
        Row((entry("goal", "预期目标", 5), entry("actual_summary", "实际完成情况", 5)), height=60),
    )


def _hunan_summary(t: dict[str, Cell]) -> list[tuple[Cell, ...]]:
    return [
        (*summary_pair("分值合计", t["points"]),),
        (*summary_pair("指标得分合计", t["score"]),),
        (*summary_pair("等级", t["grade"]),),
    ]


def _project_self() -> FormSpec:
    t = totals("分值合计")
    s = _hunan_summary(t)
    parts = ("财政拨款", "结转", "其他资金")

    def total(col: str, name: str, field: str, span: int = 1, aliases: tuple = ()) -> Cell:
        names = tuple(f"{p}{col}" for p in parts)
        return calc(
            fx.sum_formula(names),
            name,
            span,
            fmt="#,##0.00",
            field=field,
            sum_of=names,
            value="money",
            aliases=aliases,
        )

    blocks = (
        title("项目支出绩效自评表", 12),
        year_row(12),
        Row((label("项目支出名称", 3), entry("header.project", "项目名称", 9)), s[0], 24),
        Row(
            (
                label("主管部门", 3),
                entry("header.department", "主管部门", 4),
                label("实施单位", 2),
                entry("header.implementer", "实施单位", 3),
            ),
            s[1],
            24,
        ),
        Row(
            (
                label("项目资金\n（万元）", 2, rows=5),
                head("资金来源", 2),
                head("年初预算数", 2),
                head("全年预算数"),
                head("全年执行数"),
                head("分值"),
                head("执行率", 2),
                head("得分"),
            ),
            s[2],
            30,
        ),
        _part("其中：当年财政拨款", "fiscal", "财政拨款"),
        _part("上年结转金额", "carryover", "结转"),
        _part("其他资金", "other", "其他资金"),
        Row(
            (
                label("年度资金总额", 2),
                total("年初", "年初预算数", "funding.total.initial", 2),
                total("预算", "全年预算数", "funding.total.budget", aliases=("资金总额",)),
                total("执行", "全年执行数", "funding.total.spent"),
                Cell(const="执行分值", name="执行率分值", field="funding.points", align="center"),
                replace(t["rate"], span=2, align="center"),
                replace(t["exec"], align="center"),
            )
        ),
        *_hunan_goal(),
        hunan_indicators("绩效指标", 11),
        *_hunan_tail(t),
    )
    rules = (
        *indicator_rules("分值合计"),
        *(
            Rule(name, fx.mismatch(name, tuple(f"{p}{col}" for p in parts)), "error")
            for col, name in (
                ("年初", "年初预算数"),
                ("预算", "全年预算数"),
                ("执行", "全年执行数"),
            )
        ),
    )
    return FormSpec(
        kind=FormKind.PROJECT_SELF,
        description="湖南样式：项目资金三栏（年初预算数、全年预算数、全年执行数），分值、得分、偏差原因",
        **HUNAN_PAGE,
        blocks=blocks,
        rules=rules,
        funding_labels={
            "fiscal": "其中：当年财政拨款",
            "carryover": "上年结转金额",
            "other": "其他资金",
            "total": "年度资金总额",
        },
    )


def _dept_self() -> FormSpec:
    t = totals("分值合计")
    s = _hunan_summary(t)
    income = ("一般公共预算", "政府性基金拨款", "非税收入拨款", "其他资金")
    outlay = ("基本支出", "项目支出")
    blocks = (
        title("部门整体支出绩效自评表", 12),
        year_row(12),
        Row((label("预算部门名称", 3), entry("header.unit", "部门名称", 9)), s[0], 24),
        Row(
            (
                label("年度预算申请\n（万元）", 2, rows=7),
                blank(2),
                head("年初预算数", 2),
                head("全年预算数"),
                head("全年执行数"),
                head("分值"),
                head("执行率", 2),
                head("得分"),
            ),
            s[1],
            30,
        ),
        Row(
            (
                label("年度资金总额：", 2),
                money("funding.total.initial", "年初预算数", 2),
                calc(
                    fx.sum_formula(income),
                    "全年预算数",
                    fmt="#,##0.00",
                    field="funding.total.budget",
                    sum_of=income,
                    value="money",
                    aliases=("资金总额",),
                ),
                money("funding.total.spent", "全年执行数"),
                Cell(const="执行分值", name="执行率分值", field="funding.points", align="center"),
                replace(t["rate"], span=2, align="center"),
                replace(t["exec"], align="center"),
            ),
            s[2],
        ),
        Row(
            (label("按收入性质分：", 4, align="center"), label("按支出性质分：", 6, align="center"))
        ),
        Row(
            (
                label("一般公共预算：", 2),
                money("funding.fiscal.budget", "一般公共预算", 2),
                label("其中：基本支出：", 2),
                money("funding.basic.budget", "基本支出", 4),
            )
        ),
        Row(
            (
                label("政府性基金拨款：", 2),
                money("funding.fund.budget", "政府性基金拨款", 2),
                blank(6),
            )
        ),
        Row(
            (
                label("纳入专户管理的非税收入拨款：", 2),
                money("funding.nontax.budget", "非税收入拨款", 2),
                label("项目支出：", 2),
                money("funding.project.budget", "项目支出", 4),
            ),
            height=30,
        ),
        Row((label("其他资金：", 2), money("funding.other.budget", "其他资金", 2), blank(6))),
        *_hunan_goal(),
        hunan_indicators("绩效指标", 12),
        *_hunan_tail(t),
    )
    rules = (
        *indicator_rules("分值合计"),
        Rule("全年预算数", fx.mismatch("全年预算数", income), "error"),
        Rule("全年预算数", fx.mismatch("全年预算数", outlay), "error"),
    )
    return FormSpec(
        kind=FormKind.DEPT_SELF,
        description="湖南样式：年度资金总额（年初、全年预算、全年执行）按收入和支出性质分，分值、得分",
        **HUNAN_PAGE,
        blocks=blocks,
        rules=rules,
        funding_labels={
            "total": "年度资金总额：",
            "fiscal": "一般公共预算：",
            "basic": "其中：基本支出：",
            "fund": "政府性基金拨款：",
            "nontax": "纳入专户管理的非税收入拨款：",
            "project": "项目支出：",
            "other": "其他资金",
        },
    )


SICHUAN_HEADS = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重")


def _sichuan_summary(t: dict[str, Cell]) -> list[tuple[Cell, ...]]:
    """Two label/value pairs a row: execution on the left, indicator totals on the right."""
    spent = money("funding.total.spent", "全年执行数")
    return [
        (*summary_pair("全年执行数", spent), *summary_pair("权重合计", t["points"])),
        (*summary_pair("执行率", t["rate"]), *summary_pair("指标得分合计", t["score"])),
        (*summary_pair("执行得分", t["exec"]), *summary_pair("总分", t["total"])),
        (
            *summary_pair("执行分值", Cell(const="执行分值", name="执行率分值")),
            *summary_pair("等级", t["grade"]),
        ),
        (label("执行率偏差原因", align="right"), execution_reason()),
    ]


def _sc_project_self() -> FormSpec:
    t = totals("权重合计", total_field=None)
    s = _sichuan_summary(t)
    overview = (
        ("中长期规划（名称、文号，仅指常年项目）", "中长期规划", None),
        ("资金管理办法（名称、文号）", "资金管理办法", None),
        ("绩效分配方式", "绩效分配方式", "分配方式表"),
        ("立项依据", "立项依据", None),
        ("使用范围", "使用范围", None),
        ("申报（补助）条件", "申报条件", None),
        ("项目起止年限", "起止年限", None),
    )
    over_rows = tuple(
        Row(
            (
                *((label("项目概况", rows=7, align="center", vertical=True),) if n == 0 else ()),
                label(text, 3),
                entry(f"overview.{text}", name, 5, dv=dv),
            ),
            s[n + 1] if n < 3 else (),
            30,
        )
        for n, (text, name, dv) in enumerate(overview)
    )
    blocks = (
        title("专项预算项目绩效目标完成情况自评表", 9),
        year_row(9),
        Row((label("项目名称", 3), entry("header.project", "项目名称", 6)), s[0], 24),
        Row((label("预算单位", 3), entry("header.unit", "预算单位", 6)), (), 24),
        Row(
            (label("项目类型", 3), entry("header.project_type", "项目类型", 6, dv="项目类型表")),
            (),
            24,
        ),
        *over_rows,
        Row(
            (
                label("项目资金\n（万元）", 3, rows=3, align="center"),
                label("年度资金总额：", 2),
                calc(
                    fx.sum_formula(("财政拨款", "其他资金")),
                    "资金总额",
                    4,
                    fmt="#,##0.00",
                    field="funding.total.budget",
                    sum_of=("财政拨款", "其他资金"),
                    value="money",
                    aliases=("全年预算数",),
                ),
            ),
            s[4],
            24,
        ),
        Row((label("其中：财政拨款", 2), money("funding.fiscal.budget", "财政拨款", 4)), (), 24),
        Row((label("其他资金", 2), money("funding.other.budget", "其他资金", 4)), (), 24),
        Row((label("总体目标", 3, rows=2, align="center"), head("年度目标", 6)), (), 24),
        Row((entry("goal", "年度目标", 6),), (), 50),
        sichuan_indicators("绩效指标", (*SICHUAN_HEADS, "实际完成指标值"), 12),
        _sichuan_footer(),
    )
    return FormSpec(
        kind=FormKind.SC_PROJECT_SELF,
        description="四川样式：项目概况、项目资金、权重（合计90）；得分在表右侧计算区",
        **SICHUAN_PAGE,
        blocks=blocks,
        rules=SICHUAN_RULES,
        funding_labels={"total": "年度资金总额：", "fiscal": "其中：财政拨款", "other": "其他资金"},
    )


def _sichuan_money_rule() -> Rule:
    return Rule("资金总额", fx.mismatch("资金总额", ("财政拨款", "其他资金")), "error")


SICHUAN_RULES = (*indicator_rules("权重合计"), _sichuan_money_rule())


def _sichuan_footer() -> Row:
    return footer(
        [
            ("填报人：", "header.preparer", "填报人", 1),
            ("联系电话：", "header.phone", "联系电话", 2),
            ("填报日期：", "header.date", "填报日期", 2),
        ],
        pad=1,
    )


def _sc_dept_self() -> FormSpec:
    t = totals("权重合计", total_field=None)
    s = _sichuan_summary(t)
    tasks = Table(
        key="tasks",
        name="任务表",
        side=label("年度主要任务", 3, align="center"),
        header=(Row((head("任务名称", 2), head("主要内容", 4)), (), 24),),
        cols=(Col("name", "name", span=2), Col("content", "content", span=4)),
        min_rows=6,
        row_height=24,
    )
    blocks = (
        title("部门整体支出绩效目标完成情况自评表", 9),
        year_row(9),
        Row((line("金额单位：万元", 9, "right"),), s[0], 20),
        Row((label("部门名称", 3), entry("header.unit", "部门名称", 6)), s[1], 24),
        Row(
            (
                label("年度部门整体支出预算", 3, rows=2, align="center"),
                head("资金总额", 2),
                head("财政拨款", 2),
                head("其他资金", 2),
            ),
            s[2],
            24,
        ),
        Row(
            (
                calc(
                    fx.sum_formula(("财政拨款", "其他资金")),
                    "资金总额",
                    2,
                    fmt="#,##0.00",
                    field="funding.total.budget",
                    sum_of=("财政拨款", "其他资金"),
                    value="money",
                    aliases=("全年预算数",),
                ),
                money("funding.fiscal.budget", "财政拨款", 2),
                money("funding.other.budget", "其他资金", 2),
            ),
            s[3],
            24,
        ),
        Row((label("年度总体目标", 3, align="center"), entry("goal", "年度总体目标", 6)), s[4], 80),
        tasks,
        sichuan_indicators("年度绩效指标", (*SICHUAN_HEADS, "实际完成指标值"), 20),
        _sichuan_footer(),
    )
    return FormSpec(
        kind=FormKind.SC_DEPT_SELF,
        description="四川样式：部门整体支出预算、年度主要任务、权重（合计90）；得分在表右侧计算区",
        **SICHUAN_PAGE,
        blocks=blocks,
        rules=SICHUAN_RULES,
        funding_labels={"total": "资金总额", "fiscal": "财政拨款", "other": "其他资金"},
    )


PROJECT_SELF = _project_self()
DEPT_SELF = _dept_self()
SC_PROJECT_SELF = _sc_project_self()
SC_DEPT_SELF = _sc_dept_self()

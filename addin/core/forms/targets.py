"""The target forms: 项目支出绩效目标表 (河北, seed 001), 部门整体绩效目标申报表 (湖北, 004)."""

from __future__ import annotations

from addin.core.forms import formulas as fx
from addin.core.forms.common import (
    MONEY,
    blank,
    calc,
    entry,
    footer,
    head,
    label,
    line,
    money,
    title,
)
from addin.core.forms.spec import Col, FormSpec, Row, Rule, Table
from addin.core.models import FormKind

# 提示 for target rows: a named row needs a value and its basis
TARGET_HINT = (
    '=IF(TRIM({name})="","",IF(TRIM({target})="","请填写指标值",'
    'IF(TRIM({basis})="","请选择指标值确定依据","")))'
)
TARGET_RULES = (
    Rule("indicators.target", '=AND(TRIM({name})<>"",TRIM({target})="")'),
    Rule("indicators.basis", '=AND(TRIM({name})<>"",TRIM({basis})="")'),
)
PLAN = ("支出计划3月", "支出计划6月", "支出计划10月", "支出计划12月")


def _plan_check() -> str:
    """资金支出计划: cumulative month by month, 12月底 equal to 预算数."""
    m3, m6, m10, m12 = PLAN
    steps = ",".join(
        f"AND(ISNUMBER({a}),ISNUMBER({b}),{b}<{a})" for a, b in ((m3, m6), (m6, m10), (m10, m12))
    )
    return (
        f'=IF(COUNT({m3},{m6},{m10},{m12})=0,"",IF(OR({steps}),"支出计划应逐月累计（不得减少）",'
        f'IF({_off_budget(m12)},"12月底累计数应等于预算数","")))'
    )


def _off_budget(m12: str) -> str:
    return f"IF(AND(ISNUMBER({m12}),ISNUMBER(预算数)),ABS({m12}-预算数)>0.005,FALSE)"


def _project_target() -> FormSpec:
    m3, m6, m10, m12 = PLAN
    indicators = Table(
        key="indicators",
        name="指标表",
        header=(
            Row(
                (
                    head("一级指标"),
                    head("二级指标"),
                    head("三级指标"),
                    head("绩效指标描述", 2),
                    head("指标值"),
                    head("指标值确定依据"),
                ),
                (head("提示"),),
                30,
            ),
        ),
        cols=(
            Col("level1", "level1", dv="一级指标", align="center"),
            Col("level2", "level2", dv="@level1", align="center"),
            Col("name", "name"),
            Col("description", "description", span=2),
            Col("target", "target", align="center"),
            Col("basis", "basis", dv="指标值确定依据", align="center"),
            Col("hint", formula=TARGET_HINT, calc=True),
        ),
        min_rows=10,
        merge=("level1", "level2"),
        row_height=30,
        repeat_header=True,
    )
    budget_parts = ("财政资金", "其他资金")
    blocks = (
        title("项目支出绩效目标表", 7),
        Row(
            (
                label("单位编码", border=False),
                entry("header.extra.单位编码", "单位编码", border=False),
                label("单位名称", border=False),
                entry("header.unit", "单位名称", 2, border=False),
                line("单位：万元", 2, "right"),
            ),
            height=22,
        ),
        Row(
            (
                label("项目编码", align="center"),
                entry("header.project_code", "项目编码", 2),
                label("项目名称", align="center"),
                entry("header.project", "项目名称", 3),
            ),
            height=30,
        ),
        Row(
            (
                label("预算规模及\n资金用途", rows=2, align="center"),
                label("预算数", align="center"),
                calc(
                    fx.sum_formula(budget_parts),
                    "预算数",
                    fmt=MONEY,
                    field="funding.total.budget",
                    sum_of=budget_parts,
                    value="money",
                ),
                label("其中：财政资金", align="center"),
                money("funding.fiscal.budget", "财政资金"),
                label("其他资金", align="center"),
                money("funding.other.budget", "其他资金"),
            ),
            height=24,
        ),
        Row((entry("purpose", "资金用途", 6),), height=40),
        Row(
            (
                label("资金支出\n计划\n（万元）", rows=2, align="center"),
                head("3月底", 2),
                head("6月底"),
                head("10月底"),
                head("12月底", 2),
            ),
            (label("支出计划检查"),),
            24,
        ),
        Row(
            (
                money("plan.m3", m3, 2),
                money("plan.m6", m6),
                money("plan.m10", m10),
                money("plan.m12", m12, 2),
            ),
            (calc(_plan_check(), "支出计划检查", align="left"),),
            24,
        ),
        Row((label("绩效目标", align="center"), entry("goal", "绩效目标", 6)), height=50),
        indicators,
        footer(
            [
                ("填报人：", "header.preparer", "填报人", 1),
                ("联系电话：", "header.phone", "联系电话", 2),
                ("填报日期：", "header.date", "填报日期", 1),
            ]
        ),
    )
    rules = (
        *TARGET_RULES,
        Rule("预算数", fx.mismatch("预算数", budget_parts), "error"),
        Rule(m12, "=" + _off_budget(m12), "error"),
        *(
            Rule(b, f"=AND(ISNUMBER({a}),ISNUMBER({b}),{b}<{a})", "error")
            for a, b in ((m3, m6), (m6, m10), (m10, m12))
        ),
    )
    return FormSpec(
        kind=FormKind.PROJECT_TARGET,
        description="河北样式：项目编码、预算数（财政资金、其他资金）、资金用途、资金支出计划、绩效指标",
        framework="project",
        landscape=False,
        widths=(9, 10, 13, 15, 15, 11, 11),
        calc_widths=(30,),
        blocks=blocks,
        rules=rules,
        funding_labels={"total": "预算数", "fiscal": "其中：财政资金", "other": "其他资金"},
    )


def _dept_tables() -> tuple[Table, Table]:
    hint = Col("hint", formula=TARGET_HINT, calc=True)
    common = dict(merge=("level1", "level2"), row_height=22)
    long_term = Table(
        key="long_term_indicators",
        name="长期指标表",
        side=label("长期绩效指标", align="center", vertical=True),
        header=(
            Row(
                (
                    head("一级指标"),
                    head("二级指标"),
                    head("三级指标"),
                    head("指标值", 3),
                    head("指标值确定依据"),
                    head("指标分类"),
                ),
                (head("提示"),),
                24,
            ),
        ),
        cols=(
            Col("level1", "level1", dv="一级指标", align="center"),
            Col("level2", "level2", dv="@level1", align="center"),
            Col("name", "name"),
            Col("target", "target", span=3, align="center"),
            Col("basis", "basis", dv="指标值确定依据", align="center"),
            Col("category", "category", align="center"),
            hint,
        ),
        min_rows=8,
        **common,
    )
    annual = Table(
        key="indicators",
        name="指标表",
        side=label("年度绩效指标", align="center", vertical=True),
        header=(
            Row(
                (
                    head("一级指标", rows=3),
                    head("二级指标", rows=3),
                    head("三级指标", rows=3),
                    head("指标值", 3),
                    head("指标值确定依据", rows=3),
                    head("指标分类", rows=3),
                ),
                (head("提示", rows=3),),
                20,
            ),
            Row((head("近两年指标值", 2), head("预期当年实现值", rows=2)), (), 20),
            Row((head("前年"), head("上年")), (), 20),
        ),
        cols=(
            Col("level1", "level1", dv="一级指标", align="center"),
            Col("level2", "level2", dv="@level1", align="center"),
            Col("name", "name"),
            Col("prev2", "history.前年", align="center"),
            Col("prev1", "history.上年", align="center"),
            Col("target", "target", align="center"),
            Col("basis", "basis", dv="指标值确定依据", align="center"),
            Col("category", "category", align="center"),
            hint,
        ),
        min_rows=12,
        repeat_header=True,
        **common,
    )
    return long_term, annual


def _dept_target() -> FormSpec:
    long_term, annual = _dept_tables()
    blocks = (
        title("部门整体绩效目标申报表", 9),
        Row(
            (
                label("填报日期：", 2, border=False, align="right"),
                entry("header.date", "填报日期", 3, border=False),
                line("单位：万元", 4, "right"),
            ),
            height=22,
        ),
        Row(
            (
                label("部门（单位）名称", 2, align="center"),
                entry("header.unit", "部门名称", 2),
                label("填报人", align="center"),
                entry("header.preparer", "填报人"),
                label("联系电话", align="center"),
                entry("header.phone", "联系电话", 2),
            ),
            height=30,
        ),
        Row(
            (label("部门职能概述", 2, align="center"), entry("functions", "部门职能概述", 7)),
            (),
            90,
        ),
        Row(
            (label("年度工作任务", 2, align="center"), entry("tasks_text", "年度工作任务", 7)),
            (),
            60,
        ),
        Row((label("长期目标", 2, align="center"), entry("long_term_goal", "长期目标", 7)), (), 60),
        long_term,
        Row((label("年度目标", 2, align="center"), entry("goal", "年度目标", 7)), (), 60),
        annual,
        Row((blank(9, border=False),), height=8),
    )
    rules = tuple(
        Rule(r.target.replace("indicators", key), r.formula, r.level)
        for key in ("indicators", "long_term_indicators")
        for r in TARGET_RULES
    )
    return FormSpec(
        kind=FormKind.DEPT_TARGET,
        description="湖北样式：部门职能、年度工作任务、长期目标与指标、年度目标与指标（前年、上年、当年）",
        framework="dept",
        landscape=True,
        widths=(6, 9, 12, 16, 11, 11, 13, 11, 8),
        calc_widths=(24,),
        blocks=blocks,
        rules=rules,
    )


PROJECT_TARGET = _project_target()
DEPT_TARGET = _dept_target()

"""部门整体支出绩效评价基础数据表 (湖南 附件3, seed 002) and 专项资金预算明细 (广元, seed 003)."""

from __future__ import annotations

from addin.core.forms.common import (
    MONEY,
    PERCENT,
    blank,
    calc,
    entry,
    footer,
    head,
    label,
    line,
    money,
    number,
    summary_pair,
    title,
)
from addin.core.forms.spec import Col, FormSpec, Row, Rule, Table
from addin.core.models import FormKind


def ratio(part: str, whole: str) -> str:
    """part ÷ whole, empty until both are filled and the whole is not 0."""
    return f'=IF(AND(ISNUMBER({part}),ISNUMBER({whole})),IF({whole}=0,"",{part}/{whole}),"")'


EXPENSE_LABELS = (
    "三公经费", "1、公务用车购置和维护经费", "其中：公车购置", "公车运行维护", "2、出国经费",
    "3、公务接待", "项目支出：", "1、", "2、", "3、", "4、", "5、", "公用经费：", "其中：办公经费",
    "水费、电费、差旅费", "会议费、培训费", "政府采购金额", "部门基本支出预算调整",
)  # fmt: skip
CHANGE = '=IF(AND(ISNUMBER({prev_final}),ISNUMBER({final})),IF({prev_final}=0,"",({final}-{prev_final})/{prev_final}),"")'  # noqa: E501


def _basic_data() -> FormSpec:
    expenses = Table(
        key="expenses",
        name="经费表",
        header=(
            Row(
                (
                    head("经费控制情况（万元）"),
                    head("上年决算数", 2),
                    head("本年预算数", 2),
                    head("本年决算数", 2),
                ),
                (head("变动率\n（本年决算比上年）"),),
                30,
            ),
        ),
        cols=(
            Col("label", "label", range_name="经费项目列"),
            Col("prev_final", "prev_final", span=2, value="money", fmt=MONEY, align="right"),
            Col("budget", "budget", span=2, value="money", fmt=MONEY, align="right"),
            Col("final", "final", span=2, value="money", fmt=MONEY, align="right"),
            Col("change", formula=CHANGE, calc=True, fmt=PERCENT, range_name="变动率列"),
        ),
        min_rows=len(EXPENSE_LABELS),
        defaults=tuple({"label": text} for text in EXPENSE_LABELS),
        row_height=20,
        repeat_header=True,
    )
    three = calc(
        '=IFERROR(INDEX(变动率列,MATCH("三公经费",经费项目列,0)),"")', "三公经费变动率", fmt=PERCENT
    )
    blocks = (
        title("部门整体支出绩效评价基础数据表", 7),
        Row(
            (
                label("单位名称：", border=False, align="right"),
                entry("header.unit", "单位名称", 3, border=False),
                line("金额单位：万元", 3, "right"),
            ),
            height=22,
        ),
        Row(
            (
                head("财政供养人员情况"),
                head("编制数", 2),
                head("实际在职人数", 2),
                head("控制率", 2),
            ),
            summary_pair("三公经费变动率", three),
            24,
        ),
        Row(
            (
                blank(),
                number("staff.authorized", "编制数", 2),
                number("staff.actual", "在职人数", 2),
                calc(ratio("在职人数", "编制数"), "在职人员控制率", 2, PERCENT, field="staff.rate"),
            ),
            height=24,
        ),
        expenses,
        Row(
            (
                head("楼堂馆所控制情况\n（本年完工项目）"),
                head("批复规模\n（㎡）"),
                head("实际规模\n（㎡）"),
                head("规模控制率"),
                head("预算投资\n（万元）"),
                head("实际投资\n（万元）"),
                head("投资概算\n控制率"),
            ),
            height=36,
        ),
        Row(
            (
                blank(),
                number("buildings.approved_area", "批复规模"),
                number("buildings.actual_area", "实际规模"),
                calc(
                    ratio("实际规模", "批复规模"),
                    "规模控制率",
                    fmt=PERCENT,
                    field="buildings.area_rate",
                ),
                money("buildings.budget_investment", "预算投资"),
                money("buildings.actual_investment", "实际投资"),
                calc(
                    ratio("实际投资", "预算投资"),
                    "投资概算控制率",
                    fmt=PERCENT,
                    field="buildings.investment_rate",
                ),
            ),
            height=24,
        ),
        Row(
            (label("厉行节约保障措施", align="center"), entry("measures", "厉行节约保障措施", 6)),
            height=50,
        ),
        Row(
            (
                line(
                    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，"
                    "“公用经费”填报基本支出中的一般商品和服务支出。",
                    7,
                ),
            ),
            height=30,
        ),
        footer(
            [
                ("填表人：", "header.preparer", "填表人", 1),
                ("填报日期：", "header.date", "填报日期", 1),
                ("联系电话：", "header.phone", "联系电话", 2),
            ]
        ),
        Row((blank(4, border=False), label("单位负责人签字：", 2, border=False), blank(1, False))),
    )
    rules = tuple(
        Rule(name, f"=AND(ISNUMBER({name}),{name}>1)")
        for name in ("在职人员控制率", "规模控制率", "投资概算控制率")
    )
    return FormSpec(
        kind=FormKind.DEPT_BASIC_DATA,
        description="湖南附件3：编制与在职人数、三公经费和项目支出、楼堂馆所，自动计算各控制率",
        framework="project",
        landscape=False,
        widths=(26, 10, 10, 10, 10, 10, 10),
        calc_widths=(16, 12),
        blocks=blocks,
        rules=rules,
    )


AMOUNT = '=IF(AND(ISNUMBER({people}),ISNUMBER({standard})),ROUND({people}*{standard},2),"")'
_DIFFERS = "IF(AND(ISNUMBER({amount}),ISNUMBER({check})),ABS({amount}-{check})>0.005,FALSE)"
_NOT_NUMBERS = (
    'OR(AND(TRIM({people})<>"",NOT(ISNUMBER({people}))),'
    'AND(TRIM({standard})<>"",NOT(ISNUMBER({standard}))))'
)
CHECK_HINT = (
    "=IF(" + _NOT_NUMBERS + ',"人数、标准填数字时金额可自动计算",'
    "IF(" + _DIFFERS + ',"金额不等于覆盖人数×人均标准",""))'
)


def _fund_detail() -> FormSpec:
    lines = Table(
        key="lines",
        name="明细表",
        header=(
            Row(
                (
                    head("序号"),
                    head("项目名称"),
                    head("覆盖人数\n（人）"),
                    head("人均标准\n（元/人）"),
                    head("金额\n（元）"),
                ),
                (head("核算金额\n（人数×标准）"), head("提示")),
                36,
            ),
        ),
        cols=(
            Col("seq", "seq", align="center"),
            Col("name", "name"),
            Col("people", "people", value="number", align="right"),
            Col("standard", "standard", value="yuan", align="right"),
            Col(
                "amount",
                "amount",
                formula=AMOUNT,
                value="yuan",
                fmt=MONEY,
                range_name="金额列",
                product_of=("people", "standard"),
            ),
            Col("check", formula=AMOUNT, calc=True, fmt=MONEY),
            Col("hint", formula=CHECK_HINT, calc=True),
        ),
        min_rows=10,
        row_height=24,
        repeat_header=True,
    )
    blocks = (
        title("专项资金预算明细", 5),
        Row(
            (
                label("单位：", border=False, align="right"),
                entry("header.unit", "单位名称", 2, border=False),
                line("金额单位：元", 2, "right"),
            ),
            height=22,
        ),
        lines,
        Row(
            (
                label("合计", 4, align="center"),
                calc(
                    '=IF(COUNT(金额列)=0,"",SUM(金额列))',
                    "合计金额",
                    fmt=MONEY,
                    field="total",
                    value="yuan",
                    sum_of=("lines.amount",),
                ),
            ),
            height=24,
        ),
        footer(
            [
                ("填报人：", "header.preparer", "填报人", 1),
                ("填报日期：", "header.date", "填报日期", 1),
            ],
            pad=1,
        ),
    )
    rules = (
        Rule(
            "lines.amount",
            "=" + _DIFFERS,
            "error",
        ),
    )
    return FormSpec(
        kind=FormKind.FUND_DETAIL,
        description="四川广元样式：序号、项目名称、覆盖人数、人均标准，金额 = 人数 × 标准，合计",
        framework="project",
        landscape=False,
        widths=(6, 34, 12, 14, 16),
        calc_widths=(16, 28),
        blocks=blocks,
        rules=rules,
    )


BASIC_DATA = _basic_data()
FUND_DETAIL = _fund_detail()

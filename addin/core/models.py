"""The forms as data: one pydantic model per form kind of the performance forms.

Every value a clerk typed is kept as the text that was written (``str``), exactly as
it stands in the workbook or the seed document; parsing happens in :mod:`addin.core.values`
so that a finding can always quote the original text. ``None`` means an empty cell.
A ``cells`` map, filled by the workbook readers, records where each field was read
(field name -> cell address such as ``"H12"``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Text = str | None


class FormKind(StrEnum):
    """The eight official forms (see DOMAIN.md)."""

    DEPT_TARGET = "dept_target"  # 部门整体绩效目标申报表 (seed 004)
    PROJECT_TARGET = "project_target"  # 项目支出绩效目标表 (seed 001)
    SC_DEPT_SELF = "sc_dept_self"  # 部门整体支出绩效目标完成情况自评表 (seed 000)
    SC_PROJECT_SELF = "sc_project_self"  # 专项预算项目绩效目标完成情况自评表 (seed 000, 003)
    DEPT_SELF = "dept_self"  # 部门整体支出绩效自评表 (seed 002)
    PROJECT_SELF = "project_self"  # 项目支出绩效自评表 (seed 002)
    DEPT_BASIC_DATA = "dept_basic_data"  # 部门整体支出绩效评价基础数据表 (seed 002)
    FUND_DETAIL = "fund_detail"  # 专项资金预算明细 (seed 003)


class Model(BaseModel):
    """Base for all form models: unknown keys are refused, so typos in data files show."""

    model_config = ConfigDict(extra="forbid")


class Source(Model):
    """Where a table was transcribed from."""

    seed: str  # seed document file name, e.g. "000_5e2161ecfab1f6b2.txt"
    table: str  # the table's title or caption as printed in the document
    note: Text = None  # anything the transcriber wants a reader to know


class Header(Model):
    """Title fields above the tables. Only the fields a form has are filled."""

    unit: Text = None  # 部门名称 / 预算单位 / 预算部门名称 / 部门（单位）名称
    project: Text = None  # 项目名称 / 项目支出名称
    project_code: Text = None  # 项目编码
    department: Text = None  # 主管部门
    implementer: Text = None  # 实施单位
    project_type: Text = None  # 项目类型
    year: Text = None  # （2024年度）
    money_unit: Text = None  # 金额单位：万元
    preparer: Text = None  # 填报人 / 填表人
    phone: Text = None  # 联系电话
    date: Text = None  # 填报日期
    extra: dict[str, str] = Field(default_factory=dict)  # other labelled fields, label -> value
    cells: dict[str, str] = Field(default_factory=dict)


class FundingRow(Model):
    """One money row. Target forms have one amount (``budget``); self-evaluations have three."""

    label: str  # as written: 年度资金总额 / 财政拨款 / 其他资金 / 上年结转金额 / 基本支出 …
    kind: Literal["total", "fiscal", "carryover", "other", "basic", "project", "fund", "nontax"]
    initial: Text = None  # 年初预算数
    budget: Text = None  # 全年预算数 (or the only amount on a target form)
    spent: Text = None  # 全年执行数
    cells: dict[str, str] = Field(default_factory=dict)


class Funding(Model):
    """The funding block with the written execution figures (分值, 执行率, 得分)."""

    rows: list[FundingRow] = Field(default_factory=list)
    points: Text = None  # 分值 written beside 年度资金总额
    rate: Text = None  # 执行率 written
    score: Text = None  # 得分 written
    reason: Text = None  # 原因 written beside the amounts (of a low rate, of an adjusted budget)
    cells: dict[str, str] = Field(default_factory=dict)


class BreakdownColumn(Model):
    """One amount column of a cost breakdown (项目预算成本构成: 保安服务费 | 191 … 合计 | 814):
    the items' amounts and the 合计 written under them, each with its cell."""

    label: str  # the column's header as written: 金额, 2020年实际执行数 …
    parts: list[str] = Field(default_factory=list)  # the items' amounts, blank items left out
    total: str  # the 合计 as written
    cells: dict[str, str] = Field(default_factory=dict)  # "total" -> address


class SpendingPlan(Model):
    """资金支出计划: cumulative amounts at the end of months 3, 6, 10 and 12."""

    m3: Text = None
    m6: Text = None
    m10: Text = None
    m12: Text = None
    cells: dict[str, str] = Field(default_factory=dict)


class Task(Model):
    """年度主要任务: 任务名称 and 主要内容."""

    name: str
    content: Text = None


class IndicatorPart(Model):
    """A "其中…" row under an indicator (a breakdown such as 其中：高中生): a part of that
    indicator, with no points of its own; its cells are keyed like an indicator's."""

    name: str  # as written, "其中：高中生"
    op: Text = None
    target: Text = None
    unit: Text = None
    actual: Text = None
    cells: dict[str, str] = Field(default_factory=dict)


class Indicator(Model):
    """One row of an indicator table (三级指标), with its 一级/二级 carried down merged cells."""

    level1: Text = None  # 一级指标 as written (line breaks kept)
    level2: Text = None  # 二级指标 as written
    name: Text = None  # 三级指标 as written
    description: Text = None  # 绩效指标描述 (target forms)
    op: Text = None  # 指标性质 / 计算符号 column: ＞ ＜ ＝ ≥ ≤ 定性 …
    target: Text = None  # 指标值 / 年度指标值 / 预期指标值 / 绩效指标值
    unit: Text = None  # 度量单位 / 计量单位 column
    points: Text = None  # 分值 or 权重
    actual: Text = None  # 实际完成值 / 实际完成指标值 / 目标完成情况
    score: Text = None  # 得分 written by the clerk
    band: Text = None  # 完成档次 chosen by the clerk: 达成 / 部分达成 / 未达成
    self_score: Text = None  # 定性自评分 typed by the clerk (inside the chosen band)
    reason: Text = None  # 偏差原因分析及改进措施
    basis: Text = None  # 指标值确定依据
    category: Text = None  # 指标分类 (基本型 …)
    history: dict[str, str] = Field(default_factory=dict)  # 前年 / 上年 values (seed 004)
    # targets split by area (one 指标值 column per district or town): area -> value, in the
    # order of the columns; each area's cell is cells["target:<area>"] (blank areas too)
    area_targets: dict[str, str] = Field(default_factory=dict)
    area_actuals: dict[str, str] = Field(default_factory=dict)  # cells["actual:<area>"]
    parts: list[IndicatorPart] = Field(default_factory=list)  # "其中…" rows under it
    cells: dict[str, str] = Field(default_factory=dict)


class FormBase(Model):
    """Fields every form has."""

    title: str  # the title as printed
    source: Source | None = None
    header: Header = Field(default_factory=Header)
    sheet: Text = None  # sheet name when read from a workbook
    cells: dict[str, str] = Field(default_factory=dict)  # "title", "total", "goal" -> address


class IndicatorForm(FormBase):
    """A form with an indicator table and goals."""

    goal: Text = None  # 年度目标 / 年度总体目标 / 预期目标 / 绩效目标
    indicators: list[Indicator] = Field(default_factory=list)
    breakdown: list[BreakdownColumn] = Field(default_factory=list)  # a cost breakdown's columns


class DeptTargetForm(IndicatorForm):
    """部门整体绩效目标申报表 (seed 004)."""

    form: Literal[FormKind.DEPT_TARGET] = FormKind.DEPT_TARGET
    functions: Text = None  # 部门职能概述
    tasks_text: Text = None  # 年度工作任务
    long_term_goal: Text = None  # 长期目标
    long_term_indicators: list[Indicator] = Field(default_factory=list)  # 长期绩效指标


class ProjectTargetForm(IndicatorForm):
    """项目支出绩效目标表 (seed 001)."""

    form: Literal[FormKind.PROJECT_TARGET] = FormKind.PROJECT_TARGET
    funding: Funding = Field(default_factory=Funding)  # 预算数 = 财政资金 + 其他资金
    purpose: Text = None  # 资金用途
    plan: SpendingPlan = Field(default_factory=SpendingPlan)


class ScDeptSelfForm(IndicatorForm):
    """部门整体支出绩效目标完成情况自评表, Sichuan (seed 000): 权重, no 得分 column."""

    form: Literal[FormKind.SC_DEPT_SELF] = FormKind.SC_DEPT_SELF
    funding: Funding = Field(default_factory=Funding)  # 资金总额 = 财政拨款 + 其他资金
    tasks: list[Task] = Field(default_factory=list)


class ScProjectSelfForm(IndicatorForm):
    """专项预算项目绩效目标完成情况自评表, Sichuan (seeds 000 and 003)."""

    form: Literal[FormKind.SC_PROJECT_SELF] = FormKind.SC_PROJECT_SELF
    funding: Funding = Field(default_factory=Funding)
    overview: dict[str, str] = Field(default_factory=dict)  # 项目概况: 中长期规划, 资金管理办法 …


class DeptSelfForm(IndicatorForm):
    """部门整体支出绩效自评表, Hunan (seed 002)."""

    form: Literal[FormKind.DEPT_SELF] = FormKind.DEPT_SELF
    funding: Funding = Field(default_factory=Funding)
    actual_summary: Text = None  # 实际完成情况
    total: Text = None  # 总分 as written


class ProjectSelfForm(IndicatorForm):
    """项目支出绩效自评表, Hunan (seed 002)."""

    form: Literal[FormKind.PROJECT_SELF] = FormKind.PROJECT_SELF
    funding: Funding = Field(default_factory=Funding)
    actual_summary: Text = None
    total: Text = None


class StaffLine(Model):
    """财政供养人员情况."""

    authorized: Text = None  # 编制数
    actual: Text = None  # 实际在职人数
    rate: Text = None  # 控制率 as written


class ExpenseLine(Model):
    """One 经费控制情况 line: 上年决算, 本年预算, 本年决算."""

    label: str
    prev_final: Text = None
    budget: Text = None
    final: Text = None


class BuildingLine(Model):
    """楼堂馆所控制情况."""

    approved_area: Text = None  # 批复规模（㎡）
    actual_area: Text = None  # 实际规模（㎡）
    area_rate: Text = None  # 规模控制率
    budget_investment: Text = None  # 预算投资（万元）
    actual_investment: Text = None  # 实际投资（万元）
    investment_rate: Text = None  # 投资概算控制率


class DeptBasicDataForm(FormBase):
    """部门整体支出绩效评价基础数据表 (seed 002 附件3)."""

    form: Literal[FormKind.DEPT_BASIC_DATA] = FormKind.DEPT_BASIC_DATA
    staff: StaffLine = Field(default_factory=StaffLine)
    expenses: list[ExpenseLine] = Field(default_factory=list)
    buildings: BuildingLine = Field(default_factory=BuildingLine)
    measures: Text = None  # 厉行节约保障措施


class DetailLine(Model):
    """专项资金预算明细 row: 金额 = 覆盖人数 × 人均标准."""

    seq: Text = None
    name: str
    people: Text = None  # 覆盖人数
    standard: Text = None  # 人均标准
    amount: Text = None  # 金额
    cells: dict[str, str] = Field(default_factory=dict)


class FundDetailForm(FormBase):
    """专项资金预算明细 (seed 003)."""

    form: Literal[FormKind.FUND_DETAIL] = FormKind.FUND_DETAIL
    lines: list[DetailLine] = Field(default_factory=list)
    total: Text = None  # 合计 as written


AnyForm = Annotated[
    DeptTargetForm
    | ProjectTargetForm
    | ScDeptSelfForm
    | ScProjectSelfForm
    | DeptSelfForm
    | ProjectSelfForm
    | DeptBasicDataForm
    | FundDetailForm,
    Field(discriminator="form"),
]

SelfEvalForm = ScDeptSelfForm | ScProjectSelfForm | DeptSelfForm | ProjectSelfForm


class SeedFile(Model):
    """A seed document transcribed as data: facts and figures only, with their source."""

    seed: str  # file name in shared/seeds
    unit: str  # the issuing unit, e.g. 渠县总工会
    region: str  # province and county, e.g. 四川 渠县
    year: Text = None
    profile: str = "central"  # scoring profile these forms follow
    forms: list[AnyForm]

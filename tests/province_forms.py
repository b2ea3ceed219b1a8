"""County workbooks in the layouts other provinces print, rebuilt from the published forms,
each with its hand-written facts: the forms and sheets, every indicator row (一级, 二级, 三级,
target, actual, points, score), the money, the true defects and what is not a defect.

Layouts: 财政部 中央部门项目支出 / 部门整体支出绩效自评表, 四川省 省级项目支出绩效自评表
(权重, no 偏差原因 column), 安徽 (序号, 指标值(A) / 全年实际值(B), 一级 in every row, numbers
as text, 万元 in the title), 宁夏 (one character per line, 评分标准 / 指标解释 columns, units
inside the value, percent as 0.95 with a % format, a hidden column), 湖南 绩效目标表 (target
form: 项目基本情况, 中长期目标 / 年度目标, 资金 by source; also as .xls), 广东 (label and value
in one merged cell, 三级 and 指标值 in one cell, 权重(%)), 浙江 (several projects stacked on
one sheet, blank columns between, 调整后指标值), 山东 (a 说明 sheet first, one form a sheet,
hidden unused rows, footers).

``build(folder)`` writes the workbooks and ``facts.json``; ``python tests/province_forms.py
DIR`` does the same from the command line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

Cell = object
Ind = tuple  # (一级, 二级, 三级, 指标性质, 指标值, 单位, 实际, 分值, 得分, 偏差原因)


@dataclass
class Sheet:
    """One sheet being laid out row by row; remembers merges, hidden rows/cols, formats."""

    title: str
    rows: list[list[Cell]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # cell -> number format
    wrap: list[str] = field(default_factory=list)

    def add(self, *cells: Cell) -> int:
        """Append a row; its 1-based number."""
        self.rows.append(list(cells))
        return len(self.rows)

    def merge(self, ref: str) -> None:
        self.merges.append(ref)


@dataclass
class FormFacts:
    sheet: str
    form: str
    indicators: list[dict]
    budget: float | None = None  # 万元, total 全年预算数
    spent: float | None = None
    total: str | None = None  # written 总分
    project: str | None = None
    unread: list[str] = field(default_factory=list)  # what the form itself leaves out
    goal: str | None = None  # the year's goal, when the form has one
    header: dict[str, str] = field(default_factory=dict)  # 主管部门, 实施单位 … as written


@dataclass
class Case:
    name: str
    layout: str
    sheets: list[Sheet]
    forms: list[FormFacts]
    defects: list[dict] = field(default_factory=list)  # cell, what (an error must be here)
    warnings: list[dict] = field(default_factory=list)  # cell, code: a warning expected
    not_defects: list[dict] = field(default_factory=list)  # cell, what: no error here
    xls: bool = False


def _facts(ind: Ind, cells: dict[str, str]) -> dict:
    l1, l2, name, _op, target, _unit, actual, points, score, _ = ind
    return {
        "level1": l1,
        "level2": l2,
        "name": name,
        "target": target,
        "actual": actual,
        "points": points,
        "score": score,
        "cells": cells,
    }


def merge_down(s: Sheet, col: int, first: int, last: int) -> None:
    """Merge each run of equal values in column ``col`` (0-based) of rows first..last,
    blanking the cells under the run's first, as a merged range stores them."""
    letter = get_column_letter(col + 1)
    start = first
    for r in range(first + 1, last + 2):
        if r > last or s.rows[r - 1][col] != s.rows[start - 1][col]:
            if r - 1 > start:
                s.merge(f"{letter}{start}:{letter}{r - 1}")
                for k in range(start + 1, r):
                    s.rows[k - 1][col] = None
            start = r


# --- 1. 财政部 中央部门项目支出绩效自评表 -----------------------------------------------------

CENTRAL_PROJECT: list[Ind] = [
    ("产出指标", "数量指标", "职工技能培训人次", "≥", "3000人次", None, "3260人次", 15, 15, None),
    ("产出指标", "数量指标", "困难职工帮扶户数", "≥", "120户", None, "126户", 10, 10, None),
    ("产出指标", "质量指标", "培训合格率", "≥", "95%", None, "96.5%", 10, 10, None),
    (
        "产出指标",
        "时效指标",
        "帮扶资金发放及时率",
        "=",
        "100%",
        None,
        "92%",
        10,
        9.2,
        "两批资金因名单复核延后发放，已建立按月核对机制",
    ),
    ("产出指标", "成本指标", "人均培训成本", "≤", "300元", None, "286元", 5, 5, None),
    (
        "效益指标",
        "社会效益指标",
        "困难职工生活改善",
        "定性",
        "明显改善",
        None,
        "明显改善",
        15,
        15,
        None,
    ),
    ("效益指标", "可持续影响指标", "帮扶长效机制", "定性", "健全", None, "健全", 15, 16, None),
    ("满意度指标", "服务对象满意度指标", "帮扶对象满意度", "≥", "90%", None, "85%", 10, 9.44, None),
]


def central_project() -> Case:
    """财政部 layout: 绩效指标 merged down column A, 偏差原因 over two columns, 总分 row."""
    s = Sheet("项目自评表")
    s.add("附件2")
    s.add("项目支出绩效自评表")
    s.merge("A2:J2")
    s.add("（2023年度）")
    s.merge("A3:J3")
    r = s.add("项目名称", "职工技能提升与困难帮扶")
    s.merge(f"B{r}:J{r}")
    r = s.add("主管部门", "某市总工会", None, None, None, "实施单位", "某县总工会")
    s.merge(f"B{r}:E{r}")
    s.merge(f"G{r}:J{r}")
    top = s.add(
        "项目资金\n（万元）",
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    s.add(None, "年度资金总额", 120, 118.5, 112.6, 10, "95.02%", 9.5)
    s.add(None, "其中：当年财政拨款", 100, 98.5, 94.1, "—", None, "—")
    s.add(None, "上年结转资金", 0, 0, 0, "—", None, "—")
    bottom = s.add(None, "其他资金", 20, 20, 18.5, "—", None, "—")
    s.merge(f"A{top}:A{bottom}")
    r = s.add("年度总体目标", "预期目标", None, None, None, "实际完成情况")
    s.merge(f"B{r}:E{r}")
    s.merge(f"F{r}:J{r}")
    r2 = s.add(
        None,
        "开展职工技能培训3000人次，帮扶困难职工120户",
        None,
        None,
        None,
        "培训3260人次，帮扶126户",
    )
    s.merge(f"A{r}:A{r2}")
    s.merge(f"B{r2}:E{r2}")
    s.merge(f"F{r2}:J{r2}")
    head = s.add(
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    s.merge(f"I{head}:J{head}")
    facts = []
    first = head + 1
    for ind in CENTRAL_PROJECT:
        r = s.add(None, *ind[:3], ind[4], ind[6], ind[7], ind[8], ind[9])
        s.merge(f"I{r}:J{r}")
        facts.append(
            _facts(ind, {"name": f"D{r}", "score": f"H{r}", "points": f"G{r}", "reason": f"I{r}"})
        )
    merge_down(s, 1, first, r)  # 一级 and 二级 merged down over their rows, as printed
    merge_down(s, 2, first, r)
    total = s.add("总分", None, None, None, None, None, 100, 98.64, None)
    s.merge(f"A{head}:A{total - 1}")
    s.merge(f"A{total}:F{total}")
    s.add(
        "填表人：李梅", None, None, "联系电话：0838-1234567", None, None, "填报日期：2024年3月10日"
    )
    return Case(
        name="zy_中央部门_项目支出绩效自评表.xlsx",
        layout="财政部 项目支出绩效自评表：绩效指标列纵向合并，一级/二级合并，"
        "偏差原因跨两列，总分行",
        sheets=[s],
        forms=[
            FormFacts(
                "项目自评表",
                "project_self",
                facts,
                118.5,
                112.6,
                "98.64",
                "职工技能提升与困难帮扶",
                goal="开展职工技能培训3000人次，帮扶困难职工120户",
                header={"department": "某市总工会", "implementer": "某县总工会"},
            )
        ],
        defects=[
            {"cell": facts[6]["cells"]["score"], "what": "帮扶长效机制 得分 16 超过分值 15"},
            {"cell": facts[7]["cells"]["reason"], "what": "满意度 85% < 90%：未达成却没有偏差原因"},
            {"cell": f"H{total}", "what": "总分 98.64 与各项得分之和不符"},
        ],
        not_defects=[
            {"cell": facts[3]["cells"]["score"], "what": "92% of 100% × 10 = 9.2，偏差原因已写"},
            {"cell": "H7", "what": "执行率 95.02% = 112.6 ÷ 118.5"},
        ],
    )


# --- 2. 财政部 部门整体支出绩效自评表 (年度主要任务 block) ----------------------------------

CENTRAL_DEPT: list[Ind] = [
    ("产出指标", "数量指标", "组织职工文体活动场次", "≥", "12场", None, "14场", 20, 20, None),
    ("产出指标", "质量指标", "新建工会组织规范化率", "≥", "90%", None, "93%", 15, 15, None),
    ("产出指标", "时效指标", "资金拨付及时率", "=", "100%", None, "100%", 15, 15, None),
    ("效益指标", "社会效益指标", "职工权益维护案件办结率", "≥", "98%", None, "98.5%", 30, 30, None),
    ("满意度指标", "服务对象满意度指标", "会员满意度", "≥", "90%", None, "94%", 10, 10, None),
]


def central_dept() -> Case:
    """部门整体支出绩效自评表 with the 年度主要任务 block between the money and the goals."""
    s = Sheet("部门整体自评")
    s.add("部门整体支出绩效自评表")
    s.merge("A1:I1")
    s.add("（2023年度）")
    r = s.add("部门（单位）名称", "某县总工会")
    s.merge(f"B{r}:I{r}")
    top = s.add(
        "年度预算申请\n（万元）",
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    s.add(None, "年度资金总额", 560, 585.3, 560.2, 10, "95.71%", 9.57)
    s.add(None, "按收入性质分：", None, None, "按支出性质分：")
    s.add(None, "一般公共预算：", 520.3, None, "其中：基本支出：", 402.5)
    s.add(None, "政府性基金预算：", 0, None, "项目支出：", 182.8)
    bottom = s.add(None, "其他资金：", 60, None, None, None)
    s.merge(f"A{top}:A{bottom}")
    task = s.add("年度主要任务", "任务名称", None, "主要内容", None, None, "预算金额（万元）")
    s.add(None, None, None, None, None, None, "总额", "财政拨款", "其他资金")
    s.add(None, "职工服务阵地建设", None, "新建职工之家5个", None, None, 120, 100, 20)
    s.add(None, "困难职工帮扶", None, "帮扶困难职工200户", None, None, 80, 80, 0)
    end = s.add(None, "金额合计", None, None, None, None, 200, 180, 20)
    s.merge(f"A{task}:A{end}")
    r = s.add("年度总体目标", "预期目标", None, None, "实际完成情况")
    r2 = s.add(None, "全面完成职工服务和权益维护任务", None, None, "全面完成")
    s.merge(f"A{r}:A{r2}")
    head = s.add(
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    facts = []
    for ind in CENTRAL_DEPT:
        r = s.add(None, *ind[:3], ind[4], ind[6], ind[7], ind[8], ind[9])
        facts.append(_facts(ind, {"name": f"D{r}", "score": f"H{r}"}))
    s.merge(f"A{head}:A{r}")
    total = s.add("总分", None, None, None, None, None, 100, 99.57)
    s.merge(f"A{total}:F{total}")
    return Case(
        name="zy_中央部门_部门整体支出绩效自评表.xlsx",
        layout="财政部 部门整体支出绩效自评表：按收入/支出性质分的资金行，"
        "年度主要任务块（任务名称/主要内容/预算金额）",
        sheets=[s],
        forms=[
            FormFacts(
                "部门整体自评",
                "dept_self",
                facts,
                585.3,
                560.2,
                "99.57",
                goal="全面完成职工服务和权益维护任务",
            )
        ],
        defects=[
            {
                "cell": "D5",
                "what": "全年预算数 585.3 ≠ 一般公共预算 520.3 + 政府性基金 0 + 其他资金 60",
            },
        ],
        not_defects=[
            {"cell": f"G{task + 2}", "what": "任务的预算金额不是资金行"},
            {"cell": f"H{total}", "what": "总分 99.57 = 9.57 + 90"},
        ],
    )


# --- 3. 四川省 省级项目支出绩效自评表 (权重, no 偏差原因) ----------------------------------

SICHUAN: list[Ind] = [
    ("产出指标", "数量指标", "资助困难学生人数", "≥", "500", "人", "512", 20, None, None),
    ("产出指标", "质量指标", "资助对象精准率", "=", "100", "%", "100", 15, None, None),
    ("产出指标", "时效指标", "资金发放时间", "≤", "11", "月", "12", 10, None, None),
    ("产出指标", "成本指标", "生均资助标准", "=", "2000", "元", "2000", 5, None, None),
    ("效益指标", "社会效益指标", "困难学生因贫辍学人数", "=", "0", "人", "0", 30, None, None),
    ("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥", "95", "%", "97", 10, None, None),
]


def sichuan_provincial() -> Case:
    """四川 省级: 计算符号 / 度量单位 columns, 权重 only (no 得分, no 偏差原因)."""
    s = Sheet("Sheet1")
    s.add("四川省省级项目支出绩效自评表")
    s.merge("A1:I1")
    s.add("（2023年度）", None, None, None, None, None, None, "单位：万元")
    s.add("项目名称", "困难学生资助", None, None, "项目编码", "51000023T000001234567")
    s.add("预算单位", "某县教育和体育局", None, None, "主管部门", "某县人民政府")
    s.add("项目资金", "全年预算数(A)", None, "全年执行数(B)", None, "预算执行率(B/A)")
    s.add(None, 100.8, None, 95.6, None, "94.84%")
    r = s.add("年度总体目标", "资助困难学生500人，确保无因贫辍学")
    s.merge(f"B{r}:I{r}")
    s.add("一级指标", "二级指标", "三级指标", "计算符号", "指标值", "度量单位", "完成值", "权重")
    facts = []
    for ind in SICHUAN:
        r = s.add(*ind[:8])
        facts.append(_facts(ind, {"name": f"C{r}", "actual": f"G{r}", "points": f"H{r}"}))
    s.add("合计", None, None, None, None, None, None, 90)
    s.add("说明：权重合计90，预算执行率10分。")
    return Case(
        name="sc_四川省级_项目支出绩效自评表_权重.xlsx",
        layout="四川省级：计算符号/度量单位分列，只有权重没有得分，没有偏差原因栏，资金为标签下方一行",
        sheets=[s],
        forms=[
            FormFacts(
                "Sheet1",
                "project_self",
                facts,
                100.8,
                95.6,
                goal="资助困难学生500人，确保无因贫辍学",
                header={"unit": "某县教育和体育局", "department": "某县人民政府"},
            )
        ],
        warnings=[
            {
                "cell": facts[2]["cells"]["actual"],
                "what": "资金发放 12 月 > 11 月：未达成，表上无偏差原因栏",
            }
        ],
        not_defects=[{"cell": facts[4]["cells"]["actual"], "what": "辍学人数 0 = 0"}],
        defects=[],
    )


# --- 4. 安徽 (序号, 指标值(A) / 全年实际值(B), 一级 in every row, numbers as text) ---------

ANHUI: list[Ind] = [
    (
        "产出指标",
        "数量指标",
        "改造农村公路里程",
        None,
        "≥45公里",
        None,
        "46.2公里",
        "20",
        "20",
        None,
    ),
    ("产出指标", "质量指标", "工程验收合格率", None, "100%", None, "100%", "15", "15", None),
    ("产出指标", "时效指标", "项目完工时间", None, "≤12月", None, "12月", "10", "10", None),
    ("产出指标", "成本指标", "每公里改造成本", None, "≤65万元", None, "63.8万元", "5", "5", None),
    (
        "效益指标",
        "社会效益指标",
        "群众出行条件",
        None,
        "有效改善",
        None,
        "有效改善",
        "20",
        "20",
        None,
    ),
    ("效益指标", "可持续影响指标", "道路使用年限", None, "≥10年", None, "10年", "10", "10", None),
    (
        "满意度指标",
        "服务对象满意度指标",
        "沿线群众满意度",
        None,
        "≥95%",
        None,
        "91%",
        "10",
        "9.58",
        "部分路段施工期间通行不便，已加强沟通",
    ),
]


def anhui() -> Case:
    """安徽: 序号 column, 一级 written in every row, values with units inside, numbers as text,
    amounts in 万元 stated in the title."""
    s = Sheet("项目支出绩效自评表")
    s.add("2023年度项目支出绩效自评表（单位：万元）")
    s.merge("A1:J1")
    s.add("项目名称", None, "农村公路提质改造", None, None, None, "项目编码", "340000231000089")
    s.add("预算部门", None, "某县交通运输局", None, None, None, "实施单位", "某县公路事业发展中心")
    s.add(
        "项目资金",
        None,
        "年初预算数",
        "全年预算数(A)",
        "全年执行数(B)",
        "分值",
        "执行率(B/A)",
        "得分",
    )
    s.add(None, "年度资金总额", "2900", "2950", "2861.5", "10", "97%", "9.7")
    s.add(None, "其中：财政拨款", "2900", "2950", "2861.5", None, None, None)
    s.add(None, "其他资金", "0", "0", "0")
    s.merge("A4:A7")
    s.add("年度总体目标", None, "改造农村公路45公里")
    s.add(
        "序号",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值(A)",
        "全年实际值(B)",
        "分值",
        "得分",
        "未完成原因分析",
    )
    facts = []
    for n, ind in enumerate(ANHUI, start=1):
        r = s.add(str(n), *ind[:3], ind[4], ind[6], ind[7], ind[8], ind[9])
        facts.append(_facts(ind, {"name": f"D{r}", "score": f"H{r}"}))
    total = s.add("合计", None, None, None, None, None, "100", "99.28")
    s.add("单位负责人：王强", None, None, "填表人：陈静", None, None, "联系电话：0551-88886666")
    return Case(
        name="ah_安徽_项目支出绩效自评表.xlsx",
        layout="安徽：序号列，一级每行都写，指标值(A)/全年实际值(B)，单位写在值里，数字存成文字，单位万元在标题",
        sheets=[s],
        forms=[
            FormFacts(
                "项目支出绩效自评表",
                "project_self",
                facts,
                2950,
                2861.5,
                "99.28",
                "农村公路提质改造",
                header={"unit": "某县交通运输局", "implementer": "某县公路事业发展中心"},
            )
        ],
        defects=[],
        not_defects=[
            {"cell": f"H{total}", "what": "合计 99.28 = 9.7 + 89.58"},
            {"cell": facts[2]["cells"]["score"], "what": "12月 ≤ 12月"},
            {"cell": facts[5]["cells"]["score"], "what": "10年 ≥ 10年"},
        ],
    )


# --- 5. 宁夏 (one character per line, 评分标准 / 指标解释, percent as 0.95) -------------------

NINGXIA: list[Ind] = [
    ("产出指标", "数量指标", "新建高标准农田面积", None, "≥2万亩", None, "2.1万亩", 20, 20, None),
    ("产出指标", "质量指标", "工程质量验收合格率", None, "100%", None, "100%", 15, 15, None),
    (
        "产出指标",
        "时效指标",
        "当年项目完工率",
        None,
        "95%",
        None,
        "90%",
        10,
        9.47,
        "2个标段受汛期影响顺延至次年4月完工",
    ),
    ("产出指标", "成本指标", "亩均建设成本", None, "≤1500元", None, "1480元", 5, 5, None),
    ("效益指标", "经济效益指标", "亩均增产粮食", None, "≥50公斤", None, "55公斤", 15, 15, None),
    ("效益指标", "生态效益指标", "节水灌溉覆盖率", None, "≥80%", None, "85%", 15, 15, None),
    ("满意度指标", "服务对象满意度指标", "受益农户满意度", None, "≥90%", None, "96%", 10, 10, None),
]


def _fraction(text: str) -> str | float:
    """ "95%" as Excel stores it when typed into a % cell (0.95); anything else as written."""
    if text.endswith("%") and text[:-1].replace(".", "").isdigit():
        return float(text[:-1]) / 100
    return text


def ningxia() -> Case:
    """宁夏: 一级 merged down and written one character per line, 评分标准 and 指标解释
    columns, percents as 0.95 with a % format, a hidden working column."""
    s = Sheet("自评表")
    s.add("项目支出绩效自评表")
    s.merge("A1:K1")
    s.add("（2023年度）")
    s.add("项目名称", "高标准农田建设")
    s.merge("B3:K3")
    s.add("主管部门", "某县农业农村局", None, None, None, "实施单位", "某县农田建设中心")
    s.add(
        "项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    )
    s.add(None, "年度资金总额", 3000, 3000, 2940, 10, 0.98, 9.8)
    s.add(None, "其中：财政拨款", 3000, 3000, 2940, None, None, None)
    s.add(None, "其他资金", 0, 0, 0)
    s.merge("A5:A8")
    s.formats["G6"] = "0.00%"
    s.add("年度总体目标", "新建高标准农田2万亩", None, None, None, "实际完成情况", "新建2.1万亩")
    head = s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "指标解释",
        "评分标准",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
        "备用",
    )
    s.hidden_cols.append("K")
    facts = []
    first = head + 1
    for ind in NINGXIA:
        # a percent typed into a % formatted cell is stored as the fraction 0.95
        stored = [_fraction(ind[4]), _fraction(ind[6])]
        r = s.add(
            *ind[:3],
            f"{ind[2]}的完成情况",
            "完成得满分，未完成按比例扣分",
            *stored,
            ind[7],
            ind[8],
            ind[9],
            "x",
        )
        for col, value in zip("FG", stored, strict=True):
            if isinstance(value, float):
                s.formats[f"{col}{r}"] = "0%"
        facts.append(_facts(ind, {"name": f"C{r}", "score": f"I{r}"}))
    for i in range(len(NINGXIA)):  # 一级 written once a group, one character a line
        s.rows[first + i - 1][0] = None
    s.rows[first - 1][0] = "产\n出\n指\n标"
    s.rows[first + 3][0] = "效\n益\n指\n标"
    s.rows[first + 5][0] = "满\n意\n度\n指\n标"
    s.merge(f"A{first}:A{first + 3}")
    s.merge(f"A{first + 4}:A{first + 5}")
    s.wrap += [f"A{first}", f"A{first + 4}", f"A{first + 6}"]
    total = s.add("总分", None, None, None, None, None, None, 100, 99.27)
    s.merge(f"A{total}:G{total}")
    return Case(
        name="nx_宁夏_项目支出绩效自评表.xlsx",
        layout="宁夏：一级竖排（一字一行）并纵向合并，指标解释/评分标准列，百分数存为0.95加%格式，隐藏列",
        sheets=[s],
        forms=[FormFacts("自评表", "project_self", facts, 3000, 2940, "99.27", "高标准农田建设")],
        defects=[],
        not_defects=[
            {"cell": facts[2]["cells"]["score"], "what": "90%/95% × 10 = 9.47，偏差原因已写"},
            {"cell": f"I{total}", "what": "9.8 + 89.47 = 99.27"},
            {"cell": "G6", "what": "执行率 98% = 2940 ÷ 3000"},
        ],
    )


# --- 6. 湖南 项目支出绩效目标表 (target form) ----------------------------------------------

HUNAN: list[Ind] = [
    ("产出指标", "数量指标", "慰问困难职工户数", "≥", "300", "户", None, None, None, None),
    ("产出指标", "数量指标", "举办职工培训班次", "≥", "6", "期", None, None, None, None),
    ("产出指标", "质量指标", "慰问对象精准率", "=", "100", "%", None, None, None, None),
    ("产出指标", "时效指标", "慰问资金发放时间", "≤", "2", "月", None, None, None, None),
    ("成本指标", "经济成本指标", "户均慰问标准", "≤", "1000", "元", None, None, None, None),
    (
        "效益指标",
        "社会效益指标",
        "困难职工基本生活保障",
        "定性",
        "有效保障",
        None,
        None,
        None,
        None,
        None,
    ),
    ("满意度指标", "服务对象满意度指标", "慰问对象满意度", "≥", "95", "%", None, None, None, None),
]


def hunan_target(xls: bool = False) -> Case:
    """湖南 项目支出绩效目标表: 项目基本情况, 资金 by source, 中长期目标 / 年度目标, indicators
    with 指标性质 / 指标值 / 度量单位 / 指标值确定依据 and no actuals."""
    s = Sheet("绩效目标表")
    s.add("项目支出绩效目标表")
    s.merge("A1:H1")
    s.add("（2024年度）", None, None, None, None, None, "单位：万元")
    s.add("项目基本情况")
    s.merge("A3:H3")
    s.add("项目名称", "困难职工帮扶慰问", None, None, "项目编码", "43042124P0001")
    s.add("主管部门", "某县总工会", None, None, "实施单位（盖章）", "某县总工会")
    s.add("项目属性", "延续项目", None, None, "项目期", "1年")
    s.add("项目资金\n（万元）", "中长期资金总额", 150, None, "年度资金总额", 50)
    s.add(None, "其中：财政拨款", 150, None, "其中：财政拨款", 50)
    s.add(None, "其他资金", 0, None, "其他资金", 0)
    s.merge("A7:A9")
    s.add("总体目标", "中长期目标", None, None, "年度目标")
    s.add(None, "三年内实现困难职工应帮尽帮", None, None, "慰问困难职工300户，举办培训6期")
    s.merge("A10:A11")
    s.add("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据")
    facts = []
    for ind in HUNAN:
        r = s.add(*ind[:6], "计划标准")
        facts.append(_facts(ind, {"name": f"C{r}", "target": f"E{r}"}))
    s.add("填报人：刘洋", None, None, "联系电话：0734-5551234", None, "填报日期：2023-12-05")
    name = "hn_湖南_项目支出绩效目标表" + (".xls" if xls else ".xlsx")
    return Case(
        name=name,
        layout="湖南 项目支出绩效目标表：项目基本情况块，中长期/年度资金按来源，"
        "中长期目标/年度目标，无实际值" + ("（.xls）" if xls else ""),
        sheets=[s],
        forms=[
            FormFacts(
                "绩效目标表",
                "project_target",
                facts,
                50,
                None,
                None,
                "困难职工帮扶慰问",
                goal="慰问困难职工300户，举办培训6期",
            )
        ],
        defects=[],
        not_defects=[
            {"cell": facts[4]["cells"]["name"], "what": "成本指标 as a 一级 (101号 framework)"}
        ],
        xls=xls,
    )


# --- 7. 广东 (label and value in one merged cell, 三级 and 指标值 in one cell) ---------------

GUANGDONG: list[Ind] = [
    (
        "产出指标",
        "数量指标",
        "完成村级文化室提升改造数量",
        None,
        "≥20个",
        None,
        "20个",
        25,
        25,
        None,
    ),
    ("产出指标", "质量指标", "验收合格率", None, "100%", None, "100%", 15, 15, None),
    ("产出指标", "时效指标", "按期完成率", None, "≥95%", None, "100%", 10, 10, None),
    (
        "效益指标",
        "社会效益指标",
        "群众文化活动参与人次",
        None,
        "≥5000人次",
        None,
        "6200人次",
        30,
        30,
        None,
    ),
    ("满意度指标", "服务对象满意度指标", "村民满意度", None, "≥90%", None, "93%", 10, 10, None),
]


def guangdong() -> Case:
    """广东: header label and value in one merged cell ("项目名称：…"), 权重(%), blank column."""
    s = Sheet("项目自评")
    s.add("广东省财政支出项目绩效自评表")
    s.merge("A1:I1")
    s.add("项目名称：村级综合文化服务中心提升工程")
    s.merge("A2:D2")
    s.rows[1] += [None] * 5 + ["主管部门：某县文化广电旅游体育局"]  # G2
    s.merge("G2:I2")
    s.add("实施单位：某县文化馆")
    s.merge("A3:I3")
    s.add(
        "项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    )
    s.add(None, "年度资金总额", 200, 200, 200, 10, "100%", 10)
    s.add(None, "其中：财政拨款", 200, 200, 200)
    s.add(None, "其他资金", 0, 0, 0)
    s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        None,
        "年度指标值",
        "实际完成值",
        "权重(%)",
        "得分",
        "偏差原因分析及改进措施",
    )
    facts = []
    for ind in GUANGDONG:
        r = s.add(*ind[:3], None, ind[4], ind[6], ind[7], ind[8], ind[9])
        facts.append(_facts(ind, {"name": f"C{r}", "score": f"H{r}"}))
    total = s.add("总分", None, None, None, None, None, 100, 100)
    s.add("填表人：黄丽    填报日期：2024年2月28日    联系电话：0763-2222333")
    return Case(
        name="gd_广东_财政支出项目绩效自评表.xlsx",
        layout="广东：标签与值写在同一合并格（项目名称：…），权重(%)，指标表中夹空列，填表人/日期一格",
        sheets=[s],
        forms=[
            FormFacts(
                "项目自评",
                "project_self",
                facts,
                200,
                200,
                "100",
                "村级综合文化服务中心提升工程",
                header={"department": "某县文化广电旅游体育局", "implementer": "某县文化馆"},
            )
        ],
        not_defects=[{"cell": f"H{total}", "what": "总分 100 = 10 + 90"}],
    )


# --- 8. 浙江 (several projects stacked on one sheet, 调整后指标值) -----------------------------

ZJ_A: list[Ind] = [
    ("产出指标", "数量指标", "新增养老床位数", "≥", "80张", None, "86张", 30, 30, None),
    ("产出指标", "质量指标", "护理员持证上岗率", "≥", "90%", None, "95%", 20, 20, None),
    ("效益指标", "社会效益指标", "老年人入住率", "≥", "70%", None, "76%", 30, 30, None),
    ("满意度指标", "服务对象满意度指标", "入住老人满意度", "≥", "90%", None, "96%", 10, 10, None),
]
ZJ_B: list[Ind] = [
    (
        "产出指标",
        "数量指标",
        "居家养老服务人次",
        "≥",
        "12000人次",
        None,
        "10800人次",
        30,
        27,
        "疫情期间上门服务暂停两个月",
    ),
    ("产出指标", "时效指标", "服务响应时间", "≤", "24小时", None, "20小时", 20, 20, None),
    (
        "效益指标",
        "社会效益指标",
        "居家老人生活质量",
        "定性",
        "明显提升",
        None,
        "明显提升",
        30,
        30,
        None,
    ),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90%", None, "92%", 10, 10, None),
]


def _zj_project(
    s: Sheet,
    title: str,
    project: str,
    money: tuple,
    inds: list[Ind],
    adjusted: dict[int, str],
    total: str,
) -> tuple[FormFacts, dict]:
    s.add(title)
    s.merge(f"A{len(s.rows)}:K{len(s.rows)}")
    s.add("项目名称", None, project)
    s.add("主管部门", None, "某县民政局", None, None, None, "实施单位", None, "某县社会福利中心")
    s.add(
        "项目资金（万元）",
        None,
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    s.add(None, None, "年度资金总额", *money)
    s.add(None, None, "其中：财政拨款", *money[:3])
    s.add(None, None, "其他资金", 0, 0, 0)
    head = s.add(
        "一级指标",
        None,
        "二级指标",
        "三级指标",
        "指标性质",
        "年初指标值",
        "调整后指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    rows = []
    for i, ind in enumerate(inds):
        r = s.add(
            ind[0],
            None,
            ind[1],
            ind[2],
            ind[3],
            ind[4],
            adjusted.get(i),
            ind[6],
            ind[7],
            ind[8],
            ind[9],
        )
        rows.append(
            _facts(
                ind,
                {
                    "name": f"D{r}",
                    "score": f"J{r}",
                    "target": f"G{r}" if i in adjusted else f"F{r}",
                },
            )
        )
        if i in adjusted:
            rows[-1]["target"] = adjusted[i]
    t = s.add("总分", None, None, None, None, None, None, None, 100, total)
    s.add("填表人：周敏", None, None, "审核人：吴刚", None, None, "联系电话：0571-6666888")
    s.add()
    s.add()
    return FormFacts(s.title, "project_self", rows, money[1], money[2], total, project), {
        "total": t,
        "head": head,
    }


def zhejiang() -> Case:
    """浙江: two projects one under another on one sheet, a blank column between 一级 and 二级,
    调整后指标值 beside 年初指标值."""
    s = Sheet("项目支出绩效自评")
    a, _ = _zj_project(
        s,
        "项目支出绩效自评表（一）",
        "公办养老机构床位建设",
        (400, 380, 361, 10, "95%", 9.5),
        ZJ_A,
        {0: "80张"},
        "99.5",
    )
    b, pos_b = _zj_project(
        s,
        "项目支出绩效自评表（二）",
        "居家养老上门服务",
        (150, 150, 150, 10, "100%", 10),
        ZJ_B,
        {0: "12000人次"},
        "97",
    )
    return Case(
        name="zj_浙江_一表多项目_项目支出绩效自评表.xlsx",
        layout="浙江：一张工作表上下排两个项目，一级与二级之间空列，年初指标值/调整后指标值",
        sheets=[s],
        forms=[a, b],
        defects=[],
        not_defects=[
            {
                "cell": b.indicators[0]["cells"]["score"],
                "what": "10800/12000 × 30 = 27，偏差原因已写",
            },
            {"cell": f"J{pos_b['total']}", "what": "10 + 87 = 97"},
        ],
    )


# --- 9. 山东 (说明 sheet first, one form a sheet, hidden unused rows) --------------------------

SD_A: list[Ind] = [
    ("产出指标", "数量指标", "农村改厕户数", "≥", "1500户", None, "1520户", 25, 25, None),
    ("产出指标", "质量指标", "改厕验收合格率", "≥", "98%", None, "99%", 15, 15, None),
    ("产出指标", "成本指标", "户均改厕补助", "≤", "1000元", None, "1000元", 10, 10, None),
    ("效益指标", "生态效益指标", "农村卫生厕所普及率", "≥", "85%", None, "86%", 30, 30, None),
    ("满意度指标", "服务对象满意度指标", "改厕户满意度", "≥", "90%", None, "93%", 10, 10, None),
]
SD_B: list[Ind] = [
    ("产出指标", "数量指标", "垃圾清运车辆购置数", "=", "12辆", None, "12辆", 25, 25, None),
    ("产出指标", "时效指标", "车辆投入使用时间", "≤", "6月", None, "8月", 15, 11.25, None),
    ("效益指标", "生态效益指标", "生活垃圾无害化处理率", "≥", "95%", None, "96%", 30, 30, None),
    ("效益指标", "社会效益指标", "村容村貌", "定性", "明显改善", None, "明显改善", 10, 10, None),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90%", None, "95%", 10, 10, None),
]


def _sd_sheet(
    title: str,
    project: str,
    money: tuple,
    inds: list[Ind],
    total: str,
    hidden_placeholders: int = 2,
) -> tuple[Sheet, FormFacts, int]:
    s = Sheet(title)
    s.add("项目支出绩效自评表")
    s.merge("A1:I1")
    s.add("填报单位（盖章）：某县农业农村局", None, None, None, None, None, "单位：万元")
    s.add("项目名称", project)
    s.add("主管部门", "某县农业农村局", None, None, "实施单位", "某县农业农村局")
    s.add("项目资金", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    s.add(None, "年度资金总额", *money)
    s.add(None, "其中：财政拨款", *money[:3])
    s.add(None, "其他资金", 0, 0, 0)
    s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    rows = []
    for ind in inds:
        r = s.add(*ind[:4], ind[4], ind[6], ind[7], ind[8], ind[9])
        rows.append(_facts(ind, {"name": f"C{r}", "score": f"H{r}", "reason": f"I{r}"}))
    for n in range(hidden_placeholders):  # unused template lines, hidden by the clerk
        r = s.add(None, None, f"指标{n + 2}：")
        s.hidden_rows.append(r)
    t = s.add("总分", None, None, None, None, None, 100, total)
    s.add(
        "单位负责人：", None, "财务负责人：", None, "填表人：孙磊", None, "联系电话：0531-7777666"
    )
    return s, FormFacts(title, "project_self", rows, money[1], money[2], total, project), t


def shandong(xls: bool) -> Case:
    """山东: a 填报说明 sheet first, then one project a sheet; unused lines hidden."""
    cover = Sheet("填报说明")
    cover.add("2023年度项目支出绩效自评填报说明")
    cover.add("一、本表由项目实施单位填报，金额单位为万元。")
    cover.add("二、分值合计100分，其中预算执行率10分。")
    cover.add("三、未完成指标须填写偏差原因分析及改进措施。")
    a, fa, _ = _sd_sheet("改厕项目", "农村改厕奖补", (300, 300, 291, 10, "97%", 9.7), SD_A, "99.7")
    b, fb, _ = _sd_sheet(
        "环卫项目", "农村环卫设施购置", (180, 180, 180, 10, "100%", 10), SD_B, "96.25"
    )
    name = "sd_山东_说明页加多表_项目支出绩效自评表" + (".xls" if xls else ".xlsx")
    return Case(
        name=name,
        layout="山东：首页填报说明，每个项目一张表，未用模板行隐藏，表尾签名栏"
        + ("（.xls）" if xls else ""),
        sheets=[cover, a, b],
        forms=[fa, fb],
        defects=[
            {
                "cell": fb.indicators[1]["cells"]["reason"],
                "what": "8月 > 6月：未达成（11.25/15）却没有偏差原因",
            }
        ],
        not_defects=[
            {"cell": fb.indicators[1]["cells"]["score"], "what": "6/8 × 15 = 11.25 按规则"}
        ],
        xls=xls,
    )


# --- 10. 广东 (三级 and 指标值 in one cell, 权重(%)) ------------------------------------------

GD_COMBINED: list[Ind] = [
    ("产出指标", "数量指标", "培训农村实用人才", None, "≥800人次", None, "850人次", 30, 30, None),
    ("产出指标", "质量指标", "培训考核合格率", None, "≥90%", None, "94%", 20, 20, None),
    ("效益指标", "经济效益指标", "学员人均增收", None, "≥2000元", None, "1800元", 30, 27, None),
    ("满意度指标", "服务对象满意度指标", "学员满意度", None, "≥90%", None, "95%", 10, 10, None),
]


def guangdong_combined() -> Case:
    """广东 county form: 三级指标 and its 指标值 written in one cell ("培训考核合格率：≥90%")."""
    s = Sheet("自评表")
    s.add("项目支出绩效自评表")
    s.merge("A1:G1")
    s.add("项目名称：农村实用人才培训")
    s.merge("A2:G2")
    s.add("主管部门：某县农业农村局")
    s.merge("A3:G3")
    s.add("项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "执行率", "得分")
    s.add(None, "年度资金总额", 60, 60, 58.8, "98%", 9.8)
    s.add(None, "其中：财政拨款", 60, 60, 58.8)
    s.add("一级指标", "二级指标", "三级指标及指标值", "实际完成值", "权重(%)", "得分", "偏差原因")
    facts = []
    for n, ind in enumerate(GD_COMBINED):
        joined = f"{ind[2]}：{ind[4]}" if n % 2 else f"{ind[2]}{ind[4]}"
        r = s.add(*ind[:2], joined, ind[6], ind[7], ind[8], ind[9])
        facts.append(
            _facts(ind, {"name": f"C{r}", "target": f"C{r}", "score": f"F{r}", "reason": f"G{r}"})
        )
    total = s.add("总分", None, None, None, 100, 96.8)
    return Case(
        name="gd_广东_三级指标及指标值同格_项目自评表.xlsx",
        layout="广东：三级指标与指标值写在同一格（「名称≥值」「名称：≥值」），权重(%)，标签与值同格",
        sheets=[s],
        forms=[FormFacts("自评表", "project_self", facts, 60, 58.8, "96.8", "农村实用人才培训")],
        defects=[
            {
                "cell": facts[2]["cells"]["reason"],
                "what": "人均增收 1800 < 2000：未达成却无偏差原因",
            }
        ],
        not_defects=[{"cell": f"F{total}", "what": "9.8 + 87 = 96.8"}],
    )


# --- 11. 部门整体 flat table: 得分系数 × 指标权重, no 得分 column ---------------------------

FLAT_DEPT = [  # name, 指标性质, 年初指标值, 全年完成值, 得分系数, 指标权重, implied 得分
    ("预算执行率", "定量指标", "100%", "96%", "96%", 20, 19.2),
    ("重点工作完成率", "定量指标", "100%", "100%", "100%", 30, 30),
    ("政府采购执行率", "定量指标", "100%", "90%", "90%", 10, 9),
    ("职工服务覆盖面", "定性指标", "有效扩大", "有效扩大", "100%", 20, 20),
    ("服务对象满意度", "定量指标", "≥90%", "95%", "100%", 20, 20),
]


def flat_department() -> Case:
    """部门整体自评表 as a flat table: 指标名称 / 指标性质 / 年初指标值 / 全年完成值 / 得分系数(%)
    / 指标权重(分); the 得分 is the form's formula 权重 × 系数, not written."""
    s = Sheet("部门整体自评")
    s.add("2023年度部门整体支出绩效自评表")
    s.merge("A1:G1")
    s.add("部门名称", "某区融媒体中心", None, None, "自评总分(分)", 98.2)
    s.add("指标名称", "指标性质", "年初指标值", "全年完成值", "得分系数(%)", "指标权重(分)")
    facts = []
    for name, kind, target, actual, coef, points, score in FLAT_DEPT:
        r = s.add(name, kind, target, actual, coef, points)
        ind = (None, None, name, None, target, None, actual, points, score, None)
        facts.append(_facts(ind, {"name": f"A{r}", "score": f"E{r}"}))
    return Case(
        name="hb_湖北_部门整体支出绩效自评表_得分系数.xlsx",
        layout="部门整体扁平表：没有一级/二级列，得分系数(%)×指标权重(分)，没有得分列，总分写在表头区",
        sheets=[s],
        forms=[FormFacts("部门整体自评", "dept_self", facts, None, None, "98.2")],
        defects=[],
        warnings=[
            {"cell": facts[0]["cells"]["score"], "what": "96% < 100%：未达成，表上无偏差原因栏"}
        ],
        not_defects=[{"cell": "F2", "what": "98.2 = 各项 权重 × 系数 之和"}],
    )


# --- 12. 宁夏 项目支出绩效目标申报表 in 元, 中长期指标值 beside 年度指标值 ----------------------

NX_TARGET: list[Ind] = [
    ("产出指标", "数量指标", "培训乡村医生人数", None, "≥200人", None, None, None, None, None),
    ("产出指标", "质量指标", "培训考核合格率", None, "≥95%", None, None, None, None, None),
    ("产出指标", "时效指标", "培训完成时间", None, "≤10月", None, None, None, None, None),
    ("成本指标", "经济成本指标", "人均培训成本", None, "≤5900元", None, None, None, None, None),
    ("效益指标", "社会效益指标", "基层诊疗能力", None, "明显提升", None, None, None, None, None),
    (
        "满意度指标",
        "服务对象满意度指标",
        "参训人员满意度",
        None,
        "≥90%",
        None,
        None,
        None,
        None,
        None,
    ),
]


def ningxia_target() -> Case:
    """宁夏 target form with amounts in 元 ("金额单位：元"), a spending plan, and a 中长期指标值
    column beside the 年度指标值."""
    s = Sheet("目标申报表")
    s.add("项目支出绩效目标申报表")
    s.merge("A1:F1")
    s.add("（2024年度）", None, None, None, "金额单位：元")
    s.add("项目名称", "乡村医生能力提升培训", None, "项目编码", "64010024P0000012")
    s.add("主管部门", "某县卫生健康局", None, "实施单位", "某县卫生健康局")
    s.add("项目资金", "年度资金总额", 1180000, "其中：财政拨款", 1180000)
    s.add(None, "其他资金", 0)
    s.add("资金支出计划", "3月底", "6月底", "10月底", "12月底")
    s.add(None, 200000, 600000, 1000000, 1180000)
    s.add("年度目标", "培训乡村医生200人，考核合格率95%以上")
    s.merge("B9:F9")
    s.add("一级指标", "二级指标", "三级指标", "中长期指标值", "年度指标值", "指标值确定依据")
    facts = []
    for ind in NX_TARGET:
        r = s.add(*ind[:3], "持续提升", ind[4], "计划标准")
        facts.append(_facts(ind, {"name": f"C{r}", "target": f"E{r}"}))
    s.add("填报人：马丽", None, "联系电话：0951-5556666")
    return Case(
        name="nx_宁夏_项目支出绩效目标申报表_元.xlsx",
        layout="宁夏 目标申报表：金额单位为元，资金支出计划，中长期指标值与年度指标值并列",
        sheets=[s],
        forms=[
            FormFacts(
                "目标申报表",
                "project_target",
                facts,
                118,
                None,
                None,
                "乡村医生能力提升培训",
                goal="培训乡村医生200人，考核合格率95%以上",
            )
        ],
        not_defects=[{"cell": "E8", "what": "12月底 1180000 元 = 年度资金总额 1180000 元"}],
    )


# --- 13. 湖南 部门整体支出绩效目标表 ------------------------------------------------------------

HN_DEPT: list[Ind] = [
    ("产出指标", "数量指标", "新建基层工会组织", "≥", "20", "个", None, None, None, None),
    ("产出指标", "数量指标", "职工技能培训人次", "≥", "1500", "人次", None, None, None, None),
    ("产出指标", "质量指标", "困难职工建档率", "=", "100", "%", None, None, None, None),
    ("产出指标", "时效指标", "帮扶资金发放及时率", "≥", "98", "%", None, None, None, None),
    (
        "效益指标",
        "社会效益指标",
        "职工合法权益保障",
        "定性",
        "有效保障",
        None,
        None,
        None,
        None,
        None,
    ),
    (
        "效益指标",
        "可持续影响指标",
        "工会服务阵地运行",
        "定性",
        "长期有效",
        None,
        None,
        None,
        None,
        None,
    ),
    ("满意度指标", "服务对象满意度指标", "职工满意度", "≥", "90", "%", None, None, None, None),
]


def hunan_dept_target() -> Case:
    """湖南 部门整体支出绩效目标表: 部门 block, money by source, 年度主要任务, 年度总体目标,
    then the indicators with 指标性质 / 指标值 / 度量单位; 一级 merged down."""
    s = Sheet("部门整体目标表")
    s.add("部门整体支出绩效目标表")
    s.merge("A1:G1")
    s.add("（2024年度）", None, None, None, None, "单位：万元")
    s.add("部门（单位）名称", "某县总工会")
    s.merge("B3:G3")
    s.add("年度预算申请", "资金总额", 380.5, "财政拨款", 350.5, "其他资金", 30)
    task = s.add("年度主要任务", "任务名称", None, "主要内容", None, "预算金额")
    s.add(None, "职工服务", None, "技能培训、困难帮扶", None, 210)
    s.add(None, "基层建设", None, "新建基层工会", None, 80)
    s.merge(f"A{task}:A{task + 2}")
    s.add("年度总体目标", "全面完成职工服务和基层组织建设任务")
    s.merge("B8:G8")
    head = s.add(
        "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据"
    )
    facts = []
    first = head + 1
    for ind in HN_DEPT:
        r = s.add(*ind[:6], "计划标准")
        facts.append(_facts(ind, {"name": f"C{r}", "target": f"E{r}"}))
    merge_down(s, 0, first, r)
    merge_down(s, 1, first, r)
    return Case(
        name="hn_湖南_部门整体支出绩效目标表.xlsx",
        layout="湖南 部门整体支出绩效目标表：资金按来源一行，年度主要任务，"
        "一级/二级纵向合并，无实际值",
        sheets=[s],
        forms=[
            FormFacts(
                "部门整体目标表",
                "dept_target",
                facts,
                None,
                None,
                None,
                goal="全面完成职工服务和基层组织建设任务",
            )
        ],
    )


# --- 14. 安徽 部门整体支出绩效自评表 in 元 (unit in the money headers) ------------------------

AH_DEPT: list[Ind] = [
    ("产出指标", "数量指标", "开展普法宣传场次", "≥", "30场", None, "34场", 20, 20, None),
    ("产出指标", "质量指标", "法律援助案件结案率", "≥", "95%", None, "97%", 20, 20, None),
    ("产出指标", "时效指标", "援助申请受理时限", "≤", "3个工作日", None, "2个工作日", 10, 10, None),
    (
        "效益指标",
        "社会效益指标",
        "群众法治意识",
        "定性",
        "明显提高",
        None,
        "明显提高",
        30,
        30,
        None,
    ),
    ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥", "95%", None, "96%", 10, 10, None),
]


def anhui_dept() -> Case:
    """安徽 部门整体支出绩效自评表 with amounts in 元 named in each money header."""
    s = Sheet("Sheet1")
    s.add("部门整体支出绩效自评表")
    s.merge("A1:I1")
    s.add("部门（单位）名称", "某县司法局")
    s.merge("B2:I2")
    s.add(
        "年度预算",
        None,
        "年初预算数（元）",
        "全年预算数（元）",
        "全年执行数（元）",
        "分值",
        "执行率",
        "得分",
    )
    s.add(None, "年度资金总额", "3,250,000.00", "3,412,600.00", "3,380,150.00", 10, "99.05%", 9.9)
    s.add(None, "其中：财政拨款", "3,250,000.00", "3,412,600.00", "3,380,150.00")
    s.add(None, "其他资金", 0, 0, 0)
    s.add("年度总体目标", "预期目标", None, None, "实际完成情况")
    s.add(None, "推进法治宣传和法律援助", None, None, "全面完成")
    s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    facts = []
    for ind in AH_DEPT:
        r = s.add(*ind[:4], ind[4], ind[6], ind[7], ind[8], ind[9])
        facts.append(_facts(ind, {"name": f"C{r}", "score": f"H{r}"}))
    total = s.add("总分", None, None, None, None, None, 100, 99.9)
    return Case(
        name="ah_安徽_部门整体支出绩效自评表_元.xlsx",
        layout="安徽 部门整体自评表：金额以元为单位写在表头「全年预算数（元）」，千分位逗号",
        sheets=[s],
        forms=[FormFacts("Sheet1", "dept_self", facts, 341.26, 338.015, "99.9")],
        not_defects=[
            {"cell": "G4", "what": "执行率 99.05% = 3380150 ÷ 3412600"},
            {"cell": f"H{total}", "what": "9.9 + 90 = 99.9"},
        ],
    )


# --- 15. 山东 two printed pages: three-row header, 一级 headings, blank line, header again ----

SD_PAGES: list[Ind] = [
    ("产出指标", "数量指标", "维修农村供水管网", "≥", "35", "公里", "36", "20分", "20分", None),
    ("产出指标", "质量指标", "水质检测合格率", "≥", "９５", "%", "９８", "15分", "15分", None),
    ("产出指标", "时效指标", "工程完工时间", "≤", "11", "月", "11", "10分", "10分", None),
    ("产出指标", "成本指标", "每公里维修成本", "≤", "12", "万元", "11.6", "5分", "5分", None),
    ("效益指标", "社会效益指标", "受益人口", "≥", "1.2", "万人", "1.3", "20分", "20分", None),
    ("效益指标", "可持续影响指标", "管网使用年限", "≥", "15", "年", "15", "10分", "10分", None),
    (
        "满意度指标",
        "服务对象满意度指标",
        "受益群众满意度",
        "≥",
        "90",
        "%",
        "94",
        "10分",
        "10分",
        None,
    ),
]


def shandong_pages() -> Case:
    """A form printed on two pages: a three-row header (年度指标值 over 数值 | 单位), each 一级
    written alone on its own row, a blank line between groups, the header printed again at
    the top of page two, points written "20分", full-width digits."""
    s = Sheet("自评表")
    s.add("项目支出绩效自评表")
    s.merge("A1:J1")
    s.add("项目名称", "农村供水管网维修改造")
    s.add("主管部门", "某县水利局", None, None, "实施单位", "某县农村供水服务中心")
    s.add(
        "项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    )
    s.add(None, "年度资金总额", 420, 420, 406, 10, "96.67%", 9.67)
    s.add(None, "其中：财政拨款", 420, 420, 406)

    def header() -> int:
        top = s.add(
            "绩效指标",
            None,
            None,
            "年度指标值",
            None,
            None,
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        )
        s.add("一级指标", "二级指标", "三级指标", "指标性质", "指标值", None)
        s.add(None, None, None, None, "数值", "单位")
        for ref in (
            "A{0}:C{0}",
            "D{0}:F{0}",
            "G{0}:G{2}",
            "H{0}:H{2}",
            "I{0}:I{2}",
            "J{0}:J{2}",
            "A{1}:A{2}",
            "B{1}:B{2}",
            "C{1}:C{2}",
            "D{1}:D{2}",
            "E{1}:F{1}",
        ):
            s.merge(ref.format(top, top + 1, top + 2))
        return top

    header()
    facts = []
    level1 = None
    for n, ind in enumerate(SD_PAGES):
        if n == 4:
            s.add()  # a blank line the clerk left between groups
        if n == 5:
            header()  # page two starts with the header printed again
        if ind[0] != level1:
            level1 = ind[0]
            h = s.add(level1)
        r = s.add(None, *ind[1:7], ind[7], ind[8], ind[9])
        fact = _facts(ind, {"name": f"C{r}", "score": f"I{r}", "level1": f"A{h}"})
        facts.append(fact)
    total = s.add("总分", None, None, None, None, None, None, "100分", "99.67分")
    s.add("填表人：赵敏", None, None, "联系电话：0539-8881234")
    return Case(
        name="sd_山东_两页打印_项目支出绩效自评表.xlsx",
        layout="山东：三行表头（年度指标值下分数值/单位），一级单独成行，组间空行，第二页重印表头，"
        "分值写「20分」，全角数字",
        sheets=[s],
        forms=[
            FormFacts("自评表", "project_self", facts, 420, 406, "99.67分", "农村供水管网维修改造")
        ],
        not_defects=[{"cell": f"I{total}", "what": "9.67 + 90 = 99.67"}],
    )


# --- 16. 四川 部门整体支出绩效自评表 without points --------------------------------------------

SC_DEPT: list[Ind] = [
    ("产出指标", "数量指标", "开展职工文体活动", "≥", "10", "场次", "12", None, None, None),
    ("产出指标", "质量指标", "帮扶对象认定准确率", "=", "100", "%", "100", None, None, None),
    (
        "产出指标",
        "时效指标",
        "慰问资金发放时间",
        "≤",
        "1",
        "月",
        "2",
        None,
        None,
        "春节前名单复核延后，下年度提前启动",
    ),
    ("效益指标", "社会效益指标", "职工队伍稳定", "定性", "稳定", None, "稳定", None, None, None),
    ("满意度指标", "服务对象满意度指标", "职工满意度", "≥", "90", "%", "93", None, None, None),
]


def sichuan_dept() -> Case:
    """四川 部门整体支出绩效自评表: 预算执行情况 one line, 年度主要任务 with 完成情况, indicators
    with 指标性质 / 度量单位 / 实际完成值 / 偏差原因 and no points at all."""
    s = Sheet("部门自评")
    s.add("部门整体支出绩效自评表")
    s.merge("A1:H1")
    s.add("部门（单位）名称", "某县总工会机关")
    s.add("部门预算执行情况（万元）", None, "年初预算数", "全年预算数", "全年执行数", "执行率")
    s.add(None, None, 286.4, 301.2, 295.1, "97.97%")
    task = s.add("年度主要任务", "任务名称", None, "主要内容", None, "完成情况")
    s.add(None, "职工文体活动", None, "组织全县职工文体活动", None, "已完成")
    s.add(None, "困难职工帮扶", None, "春节送温暖", None, "已完成")
    s.merge(f"A{task}:A{task + 2}")
    s.add("年度总体目标", "服务职工、维护权益")
    s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "偏差原因分析及改进措施",
    )
    facts = []
    for ind in SC_DEPT:
        r = s.add(*ind[:7], ind[9])
        facts.append(_facts(ind, {"name": f"C{r}", "actual": f"G{r}"}))
    s.add("单位负责人：", None, "填表人：", None, "填报日期：")
    return Case(
        name="sc_四川_部门整体支出绩效自评表_无分值.xlsx",
        layout="四川 部门整体自评表：预算执行情况一行（无行标签），年度主要任务含完成情况，"
        "指标无分值/得分，偏差原因已写",
        sheets=[s],
        # the title is the 部门整体支出绩效自评表's; the form has no points to total
        forms=[FormFacts("部门自评", "dept_self", facts, 301.2, 295.1, None, unread=["points"])],
    )


# --- 17. 项目支出绩效目标申报表 with 中期 and 年度 indicators side by side -------------------

MIDTERM: list[Ind] = [  # the 中期 half (three years), not the year's form
    ("产出指标", "数量指标", "改造老旧小区", None, "≥30个", None, None, None, None, None),
    ("效益指标", "社会效益指标", "居民居住条件", None, "明显改善", None, None, None, None, None),
]
ANNUAL: list[Ind] = [
    ("产出指标", "数量指标", "改造老旧小区", None, "≥10个", None, None, None, None, None),
    ("产出指标", "质量指标", "工程验收合格率", None, "100%", None, None, None, None, None),
    ("产出指标", "时效指标", "年内完工率", None, "≥90%", None, None, None, None, None),
    ("效益指标", "社会效益指标", "居民居住条件", None, "明显改善", None, None, None, None, None),
    ("满意度指标", "服务对象满意度指标", "居民满意度", None, "≥90%", None, None, None, None, None),
]


def midterm_and_annual() -> Case:
    """The 项目支出绩效目标申报表 of 财预〔2015〕88号 as counties of 湖南 and others fill it:
    中期资金总额 beside 年度资金总额, 中期目标 beside 年度目标, and the indicators twice side by
    side (中期 left, 年度 right); the year's form is the right half."""
    s = Sheet("申报表")
    s.add("项目支出绩效目标申报表")
    s.merge("A1:I1")
    s.add("（2024年度）")
    s.add("项目名称", "老旧小区改造")
    s.merge("B3:I3")
    s.add(
        "主管部门及代码",
        "[301]某县住房和城乡建设局",
        None,
        None,
        "实施单位",
        "某县住房和城乡建设局",
    )
    s.add("项目属性", "新增项目", None, None, "项目期", "3年")
    s.add("项目资金\n（万元）", None, "中期资金总额：", 3600, None, "年度资金总额：", 1200)
    s.add(None, None, "其中：财政拨款", 3000, None, "其中：财政拨款", 1000)
    s.add(None, None, "其他资金", 600, None, "其他资金", 200)
    s.merge("A6:B8")
    s.add("总体目标", "中期目标（2024年—2026年）", None, None, "年度目标")
    s.add(None, "三年改造老旧小区30个", None, None, "改造老旧小区10个")
    s.merge("A9:A10")
    s.merge("B9:D9")
    s.merge("E9:I9")
    s.merge("B10:D10")
    s.merge("E10:I10")
    head = s.add(
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
    )
    facts = []
    for n, ind in enumerate(ANNUAL):
        left = (*MIDTERM[n][:3], MIDTERM[n][4]) if n < len(MIDTERM) else (None,) * 4
        r = s.add(None, *left, *ind[:3], ind[4])
        facts.append(_facts(ind, {"name": f"H{r}", "target": f"I{r}"}))
    s.merge(f"A{head}:A{r}")
    return Case(
        name="hn_湖南_项目支出绩效目标申报表_中期与年度并列.xlsx",
        layout="目标申报表（财预〔2015〕88号）：中期/年度资金并列，中期目标/年度目标并列，"
        "两套指标左右并排，年度在右",
        sheets=[s],
        forms=[
            FormFacts(
                "申报表",
                "project_target",
                facts,
                1200,
                None,
                None,
                "老旧小区改造",
                goal="改造老旧小区10个",
            )
        ],
    )


# --- 18. 浙江 flat table numbered 一、二 with the section points on the section rows ------------

ZJ_FLAT = [  # section, name, target, actual, points, score
    ("产出指标", "新增城市绿地面积", "≥12公顷", "12.6公顷", 20, 20),
    ("产出指标", "苗木成活率", "≥95%", "96%", 15, 15),
    ("产出指标", "工程按期完工率", "100%", "100%", 10, 10),
    ("产出指标", "单位面积建设成本", "≤180元/平方米", "176元/平方米", 5, 5),
    ("效益指标", "人均公园绿地面积", "≥14平方米", "14.2平方米", 30, 30),
    ("满意度指标", "周边居民满意度", "≥90%", "86%", 10, 9.56),
]


def zhejiang_flat() -> Case:
    """浙江 county form without 一级/二级 columns: 序号 一、二、三 rows name the sections and
    carry their points and scores; the indicators numbered 1, 2 … under them."""
    s = Sheet("绩效自评表")
    s.add("项目支出绩效自评表")
    s.merge("A1:G1")
    s.add("项目名称", "城市绿地提升工程", None, None, "实施单位", "某县园林绿化中心")
    s.add("项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "执行率", "得分")
    s.add(None, "年度资金总额", 800, 820, 812, "99.02%", 9.9)
    s.add("序号", "指标名称", "指标值", "实际完成值", "分值", "得分", "未完成原因")
    sections = {
        "产出指标": ("一", 50, 50),
        "效益指标": ("二", 30, 30),
        "满意度指标": ("三", 10, 9.56),
    }
    facts, section, n = [], None, 0
    for sect, name, target, actual, points, score in ZJ_FLAT:
        if sect != section:
            section, n = sect, 0
            number, sp, ss = sections[sect]
            s.add(number, sect, None, None, sp, ss)
        n += 1
        r = s.add(str(n), name, target, actual, points, score)
        ind = (sect, None, name, None, target, None, actual, points, score, None)
        facts.append(_facts(ind, {"name": f"B{r}", "score": f"F{r}", "reason": f"G{r}"}))
    total = s.add("总分", None, None, None, 100, 99.46)
    return Case(
        name="zj_浙江_扁平表_分组行带分值_项目自评表.xlsx",
        layout="浙江：没有一级/二级列，序号一、二、三的分组行写着本组分值和得分，指标编号 1、2…",
        sheets=[s],
        forms=[
            FormFacts("绩效自评表", "project_self", facts, 820, 812, "99.46", "城市绿地提升工程")
        ],
        defects=[{"cell": facts[5]["cells"]["reason"], "what": "满意度 86% < 90%，未写未完成原因"}],
        not_defects=[{"cell": f"F{total}", "what": "9.9 + 89.56 = 99.46"}],
    )


# --- 19. 安徽 county form: 分值 and 得分 merged over the indicators of one 二级 -----------------

AH_SHARED = [  # 一级, 二级, 三级, 指标值, 实际, group points, group score (merged over the group)
    ("产出指标", "数量指标", "新建村级养老服务站", "≥8个", "8个", 30, 30),
    ("产出指标", "数量指标", "培训养老护理员", "≥60人", "64人", None, None),
    ("产出指标", "质量指标", "服务站验收合格率", "100%", "100%", 20, 20),
    ("效益指标", "社会效益指标", "受益老年人数", "≥1500人", "1620人", 30, 30),
    ("效益指标", "社会效益指标", "助餐服务覆盖率", "≥60%", "66%", None, None),
    ("满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%", "95%", 10, 10),
]


def anhui_shared_points() -> Case:
    """安徽 county form: one 分值 and one 得分 cell merged over the two indicators of a 二级,
    and one 偏差原因 merged down the whole table."""
    s = Sheet("自评表")
    s.add("项目支出绩效自评表")
    s.merge("A1:H1")
    s.add("项目名称", "农村养老服务设施建设", None, None, "预算部门", "某县民政局")
    s.add(
        "项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    )
    s.add(None, "年度资金总额", 260, 260, 254.8, 10, "98%", 9.8)
    head = s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    facts, start = [], head + 1
    for n, (l1, l2, name, target, actual, points, score) in enumerate(AH_SHARED):
        r = s.add(l1, l2, name, target, actual, points, score, "无偏差" if n == 0 else None)
        if points is None:  # the second row of a 二级 shares the first row's cells
            s.merge(f"F{r - 1}:F{r}")
            s.merge(f"G{r - 1}:G{r}")
            share = AH_SHARED[n - 1][5] / 2
            facts[-1]["points"] = facts[-1]["score"] = share
        else:
            share = points
        ind = (l1, l2, name, None, target, None, actual, share, share, None)
        facts.append(_facts(ind, {"name": f"C{r}", "points": f"F{r}"}))
    s.merge(f"H{start}:H{r}")
    merge_down(s, 0, start, r)
    merge_down(s, 1, start, r)
    total = s.add("总分", None, None, None, None, 100, 99.8)
    return Case(
        name="ah_安徽_二级分值合并_项目自评表.xlsx",
        layout="安徽 县级：一个二级下两个三级共用一个合并的分值/得分格，偏差原因整列合并",
        sheets=[s],
        forms=[
            FormFacts("自评表", "project_self", facts, 260, 254.8, "99.8", "农村养老服务设施建设")
        ],
        not_defects=[
            {"cell": f"F{start}", "what": "分值 30 由两个三级共用，不是各 30"},
            {"cell": f"G{total}", "what": "9.8 + 90 = 99.8"},
        ],
    )


def cases() -> list[Case]:
    return [
        central_project(),
        central_dept(),
        sichuan_provincial(),
        anhui(),
        ningxia(),
        hunan_target(),
        hunan_target(xls=True),
        guangdong(),
        zhejiang(),
        shandong(xls=False),
        shandong(xls=True),
        guangdong_combined(),
        flat_department(),
        ningxia_target(),
        hunan_dept_target(),
        anhui_dept(),
        shandong_pages(),
        sichuan_dept(),
        midterm_and_annual(),
        zhejiang_flat(),
        anhui_shared_points(),
    ]


# --- writing ------------------------------------------------------------------------------


def _write_xlsx(case: Case, path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in case.sheets:
        ws = book.create_sheet(sheet.title)
        for row in sheet.rows:
            ws.append(row)
        for ref in sheet.merges:
            ws.merge_cells(ref)
        for r in sheet.hidden_rows:
            ws.row_dimensions[r].hidden = True
        for c in sheet.hidden_cols:
            ws.column_dimensions[c].hidden = True
        for ref, fmt in sheet.formats.items():
            ws[ref].number_format = fmt
        for ref in sheet.wrap:
            ws[ref].alignment = Alignment(wrap_text=True, vertical="center")
    book.save(path)


def _to_xls(xlsx: Path, target: Path) -> None:
    """Convert with LibreOffice (its own profile, as others may run it at the same time)."""
    profile = Path(tempfile.gettempdir()) / f"jixiao-lo-{uuid.uuid4().hex}"
    out = Path(tempfile.mkdtemp())
    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "xls",
                "--outdir",
                str(out),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(out / (xlsx.stem + ".xls"), target)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def facts_of(case: Case) -> dict:
    return {
        "layout": case.layout,
        "forms": [vars(f) for f in case.forms],
        "true_defects": case.defects,
        "warnings": case.warnings,
        "not_defects": case.not_defects,
    }


def build(folder: Path) -> dict[str, dict]:
    """Write every workbook of the corpus and facts.json into ``folder``; the facts."""
    folder.mkdir(parents=True, exist_ok=True)
    facts: dict[str, dict] = {}
    for case in cases():
        path = folder / case.name
        if case.xls:
            tmp = Path(tempfile.mkdtemp()) / (Path(case.name).stem + ".xlsx")
            _write_xlsx(case, tmp)
            _to_xls(tmp, path)
            shutil.rmtree(tmp.parent, ignore_errors=True)
        else:
            _write_xlsx(case, path)
        facts[case.name] = facts_of(case)
    (folder / "facts.json").write_text(
        json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return facts


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "province_forms"))

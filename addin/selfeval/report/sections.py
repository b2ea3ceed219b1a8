"""The two reports of seed 002, section by section, filled with the engine's figures.

项目支出绩效自评汇总报告: 一、项目支出基本情况 (概况; 资金使用管理及完成情况, one
paragraph and one indicator table per project); 二、存在的问题及原因分析; 三、有关建议;
四、其他需要说明的问题. 部门整体支出绩效自评报告 (a cover page, then the nine headings of
seed 002): 部门（单位）基本情况; 一般公共预算支出情况 (基本支出, 项目支出); 政府性基金、
国有资本经营、社会保险基金预算支出情况; 部门整体支出绩效情况; 存在的问题及原因分析;
下一步改进措施; 其他需要说明的情况. A workbook that still has errors opens with a box
listing them (file, sheet, cell, message).
"""

from __future__ import annotations

from pathlib import Path

from addin.selfeval.report.document import Fill, Part, Report
from addin.selfeval.report.facts import Scored, Workbook, num, target_text

MAX_BOX_LINES = 40  # errors listed in the opening box; the rest are counted
NONE_OR = "，没有的写“无”"

CHINESE_NUMBERS = "一二三四五六七八九十"
SCORE_HEADER = (
    "表",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "执行率",
    "执行得分",
    "指标得分",
    "总分",
    "等级",
)
SCORE_WIDTHS = (3.6, 2.0, 2.0, 1.8, 1.6, 1.8, 1.5, 1.5)
INDICATOR_WIDTHS = (2.0, 2.1, 2.7, 2.3, 2.3, 1.2, 1.2, 2.0)
INDICATOR_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "分值",
    "得分",
    "完成情况",
)


def score_row(s: Scored) -> list[str]:
    """One line of the 自评结果 table: the figures of ``jixiao score``."""
    r = s.score
    return [
        s.subject,
        num(r.budget),
        num(r.spent),
        num(r.execution_rate, True),
        num(r.execution_score),
        f"{num(r.score)}/{num(r.points)}",
        num(r.total),
        r.grade or "—",
    ]


def indicator_rows(s: Scored) -> list[list[str]]:
    return [
        [
            row.level1 or "",
            row.level2 or "",
            row.name or "",
            target_text(row),
            row.actual or "",
            num(row.points),
            num(row.score),
            s.status(row),
        ]
        for row in s.score.indicators
    ]


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _rate(spent: float | None, budget: float | None) -> float | None:
    return spent / budget if spent is not None and budget else None


def fig(value: float | None, what: str, percent: bool = False) -> Part:
    """A figure from the engine, or a place to write when the workbook does not give it."""
    return num(value, percent) if value is not None else Fill(what)


def _result_sentence(s: Scored) -> list[Part]:
    """Budget, spending, 执行率, scores, total and grade of one form, as paragraph parts.

    Without a 全年执行数 the engine cannot give 执行率, 执行得分, 总分 or 等级: one place
    asks for it and the sentence says what follows from it, never four more blanks."""
    r = s.score
    parts: list[Part] = ["全年预算数 ", fig(r.budget, "全年预算数"), " 万元，全年执行数 ",
                         fig(r.spent, "全年执行数"), " 万元，"]  # fmt: skip
    if r.execution_rate is None or r.total is None:
        parts.append(
            f"指标得分 {num(r.score)} 分（分值 {num(r.points)}）；执行率、执行得分、自评总分和"
            "等级须有全年预算数和全年执行数才能计算（自评总分 = 执行得分 + 指标得分），"
            "填写后用 jixiao score 重算。"
        )
        return parts
    parts += [
        f"预算执行率 {num(r.execution_rate, True)}，执行得分 {num(r.execution_score)} 分；"
        f"指标得分 {num(r.score)} 分（分值 {num(r.points)}），自评总分 {num(r.total)} 分，"
        f"等级“{r.grade or '—'}”。"
    ]
    if r.notes:
        parts.append("（计分说明：" + "；".join(r.notes) + "）")
    if (gap := declared_gap(s)) is not None:
        parts.append(gap)
    return parts


def declared_gap(s: Scored) -> str | None:
    """Both totals where the form's own 总分 differs from the recomputed one, else None."""
    written, total = s.score.written_total, s.score.total
    if written is None or total is None or abs(written - total) < 0.005:
        return None
    return (
        f"表中填写的总分为 {num(written)} 分，按计分规则重算为 {num(total)} 分"
        f"（相差 {num(round(abs(written - total), 2))} 分），本报告采用重算结果，请核对表中得分。"
    )


def _expense_sentence(book: Workbook, label: str) -> str | None:
    """ "公用经费本年决算 12.93 万元（本年预算 7.68 万元），比上年减少 0.1 万元。" from the
    基础数据表; None when the workbook has no such line."""
    line = book.expense(label)
    if line is None or line[2] is None:
        return None
    prev, budget, final = line
    text = f"{label}本年决算 {num(final)} 万元"
    if budget is not None:
        text += f"（本年预算 {num(budget)} 万元）"
    if prev is not None:
        change = round(final - prev, 2)
        text += (
            f"，比上年{'增加' if change > 0 else '减少'} {num(abs(change))} 万元"
            if change
            else "，与上年持平"
        )
    return text + "。"


def _unmet(report: Report, s: Scored) -> None:
    unmet = s.unmet()
    if not unmet:
        report.para("各项绩效指标均已完成。")
        return
    report.para(f"未完全达成的指标 {len(unmet)} 项：")
    for n, (row, reason) in enumerate(unmet, 1):
        head = (
            f"（{n}）{row.name}：指标值 {target_text(row)}，实际完成 {row.actual or '（未填）'}，"
            f"得分 {num(row.score)}/{num(row.points)}（{s.status(row)}）。偏差原因："
        )
        report.para(head, reason or Fill(f"「{row.name}」的偏差原因及改进措施"))


def project_report(report: Report, book: Workbook, year: str | None) -> None:
    """项目支出绩效自评汇总报告 over every project form of the workbook."""
    projects = book.projects
    report.title(f"{book.unit or ''}项目支出绩效自评汇总报告", f"（{year}年度）" if year else None)
    report.heading("一、项目支出基本情况")
    report.heading("（一）项目支出概况。", 2)
    budget = _sum([p.score.budget for p in projects])
    spent = _sum([p.score.spent for p in projects])
    names = "、".join(p.subject for p in projects)
    report.para(
        f"本年度纳入绩效自评的项目共 {len(projects)} 个：{names}。全年预算数合计 "
        f"{num(budget)} 万元，全年执行数合计 {num(spent)} 万元，预算执行率 "
        f"{num(_rate(spent, budget), True)}。"
    )
    report.para("项目主要内容：", Fill("各项目的立项依据、资金来源和主要内容"))
    report.table(SCORE_HEADER, [score_row(p) for p in projects], SCORE_WIDTHS)
    report.heading("（二）项目资金使用管理及完成情况。", 2)
    for n, p in enumerate(projects, 1):
        report.para(f"{n}、{p.subject}：", *_result_sentence(p))
        outputs = p.outputs()
        if outputs:
            report.para("主要产出：" + "；".join(outputs) + "。")
        if p.form.goal:
            report.para(f"年度绩效目标：{p.form.goal.strip()}")
        report.para("资金使用管理情况：", Fill(f"「{p.subject}」资金拨付、使用和管理情况"))
        report.table(INDICATOR_HEADER, indicator_rows(p), INDICATOR_WIDTHS)
        _unmet(report, p)
    report.heading("二、存在的问题及原因分析")
    low = [
        p for p in projects if p.score.execution_rate is not None and p.score.execution_rate < 0.9
    ]
    if low:
        report.para(
            "预算执行率低于 90% 的项目："
            + "、".join(f"{p.subject}（{num(p.score.execution_rate, True)}）" for p in low)
            + "。"
        )
    report.para(Fill("项目实施中存在的问题及原因"))
    report.heading("三、有关建议")
    report.para(Fill("改进项目管理和资金使用的建议"))
    report.heading("四、其他需要说明的问题")
    report.para(Fill("其他需要说明的问题，没有的写“无”"))
    report.signature(book.unit)


def dept_title(unit: str) -> str:
    """ "雁峰区总工会部门整体支出绩效自评报告"; a unit named "…部门" is not doubled."""
    return (
        f"{unit}整体支出绩效自评报告"
        if unit.endswith("部门")
        else f"{unit}部门整体支出绩效自评报告"
    )


def dept_report(report: Report, book: Workbook, dept: Scored, year: str | None) -> None:
    """部门整体支出绩效自评报告 from the 部门整体 form (and the 基础数据表 if present):
    a cover page, then seed 002's nine headings."""
    unit = dept.form.header.unit or book.unit or ""
    title = dept_title(unit)
    report.cover(title, year, unit or None)
    report.title(title, f"（{year}年度）" if year else None)
    report.heading("一、部门（单位）基本情况")
    report.para(Fill("部门职能、机构设置和年度主要工作"))
    staff = book.basic.staff if book.basic else None
    if staff and (staff.authorized or staff.actual):
        report.para(f"编制数 {staff.authorized or '—'} 人，实际在职人数 {staff.actual or '—'} 人。")
    report.para("本年度部门预算资金：", *_result_sentence(dept))
    basic, project = dept.funding("basic"), dept.funding("project")
    report.heading("二、一般公共预算支出情况")
    report.heading("（一）基本支出情况", 2)
    report.para(
        "基本支出全年预算数 ",
        fig(basic[0], "基本支出全年预算数"),
        " 万元。",
        Fill("基本支出构成（工资福利、商品和服务、对个人和家庭的补助）及与上年比较"),
    )
    for label in ("公用经费", "三公经费"):
        if sentence := _expense_sentence(book, label):
            report.para(sentence)
    report.heading("（二）项目支出情况", 2)
    report.para("项目支出全年预算数 ", fig(project[0], "项目支出全年预算数"), " 万元。")
    if sentence := _expense_sentence(book, "项目支出"):
        report.para(sentence)
    for n, p in enumerate(book.projects, 1):
        outputs = "；".join(p.outputs())
        report.para(
            f"{n}、{p.subject}：全年预算数 ", fig(p.score.budget, "全年预算数"),
            " 万元，全年执行数 ", fig(p.score.spent, "全年执行数"),
            " 万元" + (f"，{outputs}" if outputs else "") + "。",
        )  # fmt: skip
    if not book.projects:
        report.para(Fill("各项目的资金和完成情况"))
    for heading, what in (
        ("三、政府性基金预算支出情况", "政府性基金预算支出情况"),
        ("四、国有资本经营预算支出情况", "国有资本经营预算支出情况"),
        ("五、社会保险基金预算支出情况", "社会保险基金预算支出情况"),
    ):
        report.heading(heading)
        report.para(Fill(what + NONE_OR))
    report.heading("六、部门整体支出绩效情况")
    if dept.form.goal:
        report.para(f"年度目标：{dept.form.goal.strip()}")
    r = dept.score
    if r.total is not None:
        report.para(f"自评总分 {num(r.total)} 分，等级“{r.grade or '—'}”。",
                    Fill("年度目标完成情况综述"))  # fmt: skip
    else:
        report.para(Fill("年度目标完成情况综述"))
    report.table(SCORE_HEADER, [score_row(dept)], SCORE_WIDTHS)
    report.table(INDICATOR_HEADER, indicator_rows(dept), INDICATOR_WIDTHS)
    report.heading("七、存在的问题及原因分析")
    _unmet(report, dept)
    report.para(Fill("部门整体支出中存在的问题及原因"))
    report.heading("八、下一步改进措施")
    report.para(Fill("下一步改进措施和结果应用"))
    report.heading("九、其他需要说明的情况")
    report.para(Fill("其他需要说明的情况" + NONE_OR))
    report.signature(unit)


def error_box(report: Report, book: Workbook) -> None:
    """The box that opens a draft of a workbook that still has errors: each one with its
    file, sheet and cell, so the clerk corrects the form before trusting the figures."""
    errors = book.errors
    if not errors:
        return
    name = Path(book.file).name if book.file else "工作簿"
    lines = [
        f"{n}. {name} · {e.sheet or '—'}!{e.cell or '—'}：{e.message}（{e.code}）"
        for n, e in enumerate(errors[:MAX_BOX_LINES], 1)
    ]
    if len(errors) > MAX_BOX_LINES:
        lines.append(f"另有 {len(errors) - MAX_BOX_LINES} 项错误，见 jixiao check {name}")
    lines.append("改正后请重新生成本报告；以下数字按表中现有内容计算。")
    report.box(f"注意：自评表尚有 {len(errors)} 项错误，本草稿的数字可能随改正而变化", lines)


def write_all(book: Workbook, year: str | None) -> Report:
    """Every report the workbook supports: 部门整体 first (where present), then 项目支出;
    the errors the workbook still has open the draft."""
    report = Report()
    error_box(report, book)
    for dept in book.depts:
        dept_report(report, book, dept, year)
    if book.projects:
        project_report(report, book, year)
    return report

"""Cells left as the template had them, on a workbook of another layout than the real forms:
instructions to the clerk still in place (JX112), the 执行率得分 and the 总分 left blank
(JX310, JX311), a budget adjusted with its 原因 cell unexplained (JX411); and the same
workbook filled in, where none of them fires."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from addin.check.run import check_file
from addin.reader.instructions import is_instruction

INDICATORS = [
    ("产出指标", "数量指标", "新建职工书屋数量", "≥5个", "5个", 20, 20),
    ("产出指标", "质量指标", "书屋验收合格率", "≥95%", "100%", 20, 20),
    ("产出指标", "时效指标", "建设完成及时率", "100%", "100%", 10, 10),
    ("效益指标", "社会效益指标", "职工阅读人次", "≥3000人次", "3200人次", 30, 30),
    ("满意度指标", "服务对象满意度指标", "职工满意度", "≥90%", "95%", 10, 10),
]


def build(path: Path, *, filled: bool) -> None:
    """A county 项目支出绩效自评表: money block with an 调整原因 column, goals side by side,
    indicators, a 总分 row and the conclusion blocks below."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目自评"
    ws["A1"] = "2024年度项目支出绩效自评表"
    ws.merge_cells("A1:I1")
    ws.append(["项目名称", "职工书屋建设", None, None, "主管部门", "某县总工会", None, None, None])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
               "得分", "调整原因"])  # fmt: skip
    reason = (
        "县委追加书屋设备采购10万元（县财〔2024〕12号）"
        if filled
        else ("请说明年中追加或调减预算的理由（100字以内）")
    )
    ws.append(["年度资金总额", None, 50, 60, 57, 10, "95%", 9.5 if filled else None, reason])
    ws.append(["其中：当年财政拨款", None, 50, 60, 57, None, None, None, None])
    ws.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None])
    done = (
        "建成职工书屋5个，职工阅读3200人次。"
        if filled
        else ("对照预期目标，逐项说明年度目标的实际完成情况，不超过300字")
    )
    ws.append([None, "新建职工书屋5个，服务职工阅读3000人次以上。", None, None, None, done])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
               "得分", "偏差原因分析及改进措施（100字以内）"])  # fmt: skip
    for level1, level2, name, target, actual, points, score in INDICATORS:
        ws.append([None, level1, level2, name, target, actual, points, score, None])
    ws.append(["总分", None, None, None, None, None, 100, 99.5 if filled else None, None])
    conclusion = (
        "项目完成全部目标，自评99.5分，等级为优。"
        if filled
        else ("如：结合自评结果，说明项目总体成效（200字以内）")
    )
    ws.append(["评价结论", conclusion])
    ws.append(["注：1.请于次年3月底前报送；2.金额单位为万元（100字以内）。"])  # the form's own note
    book.save(path)


def _findings(path: Path) -> dict[str, set[str]]:
    report, _ = check_file(path)
    out: dict[str, set[str]] = {}
    for f in report.findings:
        out.setdefault(f.code, set()).add(f.cell or "")
    return out


def test_a_form_left_as_the_template_had_it(tmp_path: Path) -> None:
    path = tmp_path / "书屋_自评.xlsx"
    build(path, filled=False)
    report, _ = check_file(path)
    found = _findings(path)
    # the 调整原因, the 实际完成情况 and the 评价结论 still hold the instructions; the form's
    # own 注 and the 偏差原因 header with its limit are no instructions
    assert found["JX112"] == {"I4", "F7", "B15"}
    by_cell = {f.cell: f for f in report.findings if f.code == "JX112"}
    assert "「评价结论」处仍是模板的填写说明" in by_cell["B15"].message
    assert "「调整原因」处" in by_cell["I4"].message
    assert found["JX310"] == {"H4"}  # 57 / 60 = 95%: 9.5 of 10
    assert "按规则应为 9.5" in next(f.message for f in report.findings if f.code == "JX310")
    assert found["JX411"] == {"I4"}  # 50 adjusted to 60, the reason not given
    assert found["JX311"] == {"H14"}
    total = next(f for f in report.findings if f.code == "JX311")
    assert total.message == "总分行的得分没有填写（按规则计算为 99.5）"
    assert all(f.severity == "warning" for f in report.findings if f.code in
               {"JX112", "JX310", "JX311", "JX411"})  # fmt: skip


def test_the_same_form_filled_in_raises_none_of_them(tmp_path: Path) -> None:
    path = tmp_path / "书屋_自评_已填.xlsx"
    build(path, filled=True)
    found = _findings(path)
    assert not {"JX112", "JX310", "JX311", "JX411"} & found.keys(), found


def test_an_unchanged_budget_needs_no_reason(tmp_path: Path) -> None:
    path = tmp_path / "未调整.xlsx"
    build(path, filled=True)
    book = openpyxl.load_workbook(path)
    ws = book["项目自评"]
    ws["D4"], ws["D5"], ws["I4"] = 50, 50, None  # 年初 = 全年: nothing to explain
    book.save(path)
    assert "JX411" not in _findings(path)


def test_instructions_are_told_by_their_shape() -> None:
    asked = [
        "对照年度目标,说明相关任务目标的完成情况(100字以内)",
        "针对存在的问题，提出改进措施。（限200字）",
        "请填写项目实施的主要内容",
        "如：慰问困难职工200人",
    ]
    written = [
        "偏差原因分析及改进措施（100字以内）",  # a label with its limit
        "注：请于3月底前报送（100字以内）",  # the form's own note
        "结合年初计划，全年慰问困难职工200人，资金全部发放到位。",  # the clerk's own account
        "填报人：",
        "填报日期",
        "",
    ]
    assert all(is_instruction(t) for t in asked)
    assert not any(is_instruction(t) for t in written)


def test_the_templates_own_formulas_and_hints_are_no_blanks(tmp_path: Path) -> None:
    """A template written by openpyxl holds formulas without computed values: its 得分, 总分
    and hint cells are the form's own, never a clerk's blank or a leftover instruction."""
    from templates_cases import hunan_case

    from addin.core.forms import FORMS
    from addin.templates.new import write_template

    path = tmp_path / "模板_自评.xlsx"
    write_template(FORMS[hunan_case().form], path, hunan_case(), "hunan")
    found = _findings(path)
    assert not {"JX112", "JX310", "JX311"} & found.keys(), found


def test_where_formulas_are_unseen_a_blank_score_is_not_told(tmp_path: Path) -> None:
    """.xls, .ods and the merge's fast read give values only: an empty 得分 there may be a
    formula showing nothing, so JX310 / JX311 stay silent; the instructions are still told."""
    from addin.check.run import check_grid
    from addin.workbook.files import read_grid

    path = tmp_path / "书屋_自评.xlsx"
    build(path, filled=False)
    grid = read_grid(path)
    assert all(s.formulas_seen for s in grid.sheets)
    assert not any(s.formulas_seen for s in read_grid(path, formulas=False).sheets)
    for sheet in grid.sheets:
        sheet.formulas_seen = False
    report, _ = check_grid(grid)
    codes = {f.code for f in report.findings}
    assert "JX112" in codes and not {"JX310", "JX311"} & codes

"""A cost breakdown whose 合计 is not its column's sum (JX410), a 成本指标 that only restates
the budget (JX213) and a unit written as a word (JX111), each on a target form of another
layout than the real forms, with the same form written right, where none fires."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from addin.check.run import check_file


def build(path: Path, *, right: bool) -> None:
    """A 项目支出绩效目标表 with its 预算成本测算 block (items, 预算数, 上年决算数, 合计)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "目标表"
    ws["A1"] = "2025年项目支出绩效目标表"
    ws.merge_cells("A1:F1")
    ws.append(["项目名称", "乡村道路养护", None, "预算单位", "某县交通运输局", None])
    ws.append(["年度预算金额", "120万元", None, None, None, None])
    ws.append(["成本测算", "明细项目", "预算数", "测算依据", "2024年决算数", None])
    ws.append([None, "路面修补", 60, "按养护里程", 55.5, None])
    ws.append([None, "桥涵维护", 35, "按座数", 30.25, None])
    ws.append([None, "人工费", 25, "按定员", 20, None])
    # 2024年决算数 合计 105.75 (right) or 107.75 (a typing slip)
    ws.append([None, "合计", 120, None, 105.75 if right else 107.75, None])
    ws.append(["年度目标", "完成全县农村公路日常养护，路况优良率稳定在85%以上。", None, None, None,
               None])  # fmt: skip
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", None])
    ws.append(["产出指标", "数量指标", "养护农村公路里程", "≥350公里", "计划标准", None])
    ws.append(["产出指标", "质量指标", "路况优良率", "≥85%" if right else "≥85百分率", "历史标准",
               None])  # fmt: skip
    ws.append(["产出指标", "时效指标", "养护任务完成时间", "2025年12月底前", "计划标准", None])
    ws.append(["成本指标", "经济成本指标", "每公里养护成本" if right else "养护总成本",
               "≤0.35万元/公里" if right else "≤120万元", "预算支出标准", None])  # fmt: skip
    ws.append(["效益指标", "社会效益指标", "群众出行条件改善", "有效改善", "计划标准", None])
    ws.append(["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "计划标准", None])
    book.save(path)


def _by_code(path: Path) -> dict[str, list]:
    report, _ = check_file(path)
    out: dict[str, list] = {}
    for f in report.findings:
        out.setdefault(f.code, []).append(f)
    return out


def test_a_breakdown_column_that_does_not_add_up_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "养护_目标.xlsx"
    build(path, right=False)
    found = _by_code(path)
    (sum_error,) = found["JX410"]  # the 预算数 column adds up: only the 决算 one is named
    assert (sum_error.cell, sum_error.severity) == ("E8", "error")
    assert sum_error.message == "「2024年决算数」的合计 107.75 ≠ 各行之和 105.75"


def test_a_cost_target_that_is_the_budget_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "养护_目标.xlsx"
    build(path, right=False)
    (restated,) = _by_code(path)["JX213"]
    assert (restated.cell, restated.severity) == ("D14", "warning")
    assert "「养护总成本」的指标值「≤120万元」就是本项目的预算数 120 万元" in restated.message


def test_a_percent_written_as_a_word_is_a_note(tmp_path: Path) -> None:
    path = tmp_path / "养护_目标.xlsx"
    build(path, right=False)
    (worded,) = _by_code(path)["JX111"]
    assert (worded.cell, worded.severity) == ("D12", "info")
    assert worded.message == "「≥85百分率」的计量单位「百分率」写成了文字"
    assert "请写作「%」" in worded.hint


def test_the_same_form_written_right_raises_none_of_them(tmp_path: Path) -> None:
    path = tmp_path / "养护_目标_正确.xlsx"
    build(path, right=True)
    assert not {"JX410", "JX213", "JX111"} & _by_code(path).keys()


def test_a_funding_block_of_funding_kinds_is_no_breakdown(tmp_path: Path) -> None:
    """财政拨款 / 其他资金 / 合计 lines are the funding block (JX401's), not a breakdown."""
    from addin.reader import read_forms
    from addin.workbook.files import read_grid

    path = tmp_path / "资金来源.xlsx"
    build(path, right=True)
    book = openpyxl.load_workbook(path)
    ws = book["目标表"]
    for row, label in ((5, "财政拨款"), (6, "上年结转"), (7, "其他资金")):
        ws.cell(row, 2).value = label
    book.save(path)
    (form,) = read_forms(read_grid(path))
    assert form.breakdown == []

"""“其中…” rows under an indicator: parts of it (not indicators, points not split), on forms
built here in the two shapes seen: 分值 merged down over the parts, and 分值 left blank."""

from __future__ import annotations

from pathlib import Path

from built_books import book

from addin import api
from addin.check.run import check_file
from addin.merge.tables import PART_STATUS
from addin.reader import read_forms
from addin.workbook.files import read_grid

MONEY = [
    ["项目名称", "困难学生资助"],
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", 100, 100, 100, 10, "100%", 10],
]
HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def merged_points(tmp_path: Path) -> Path:
    return book(
        tmp_path / "其中合并分值.xlsx",
        [
            ["项目支出绩效自评表"],
            *MONEY,
            HEAD,
            ["产出指标", "数量指标", "资助学生人数", "≥500人", "520人", 30, 30],
            ["产出指标", "数量指标", "其中：高中生", "≥200人", "210人", None, None],
            ["产出指标", "数量指标", "其中：大学生", "≥300人", "3l0人", None, None],  # l for 1
            ["产出指标", "质量指标", "资助准确率", "100%", "100%", 20, 20],
            ["效益指标", "社会效益指标", "辍学率", "≤1%", "0.5%", 30, 30],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ],
        merges=("F6:F8", "G6:G8"),
    )


def blank_points(tmp_path: Path) -> Path:
    return book(
        tmp_path / "其中空分值.xlsx",
        [
            ["项目支出绩效自评表"],
            *MONEY,
            HEAD,
            ["产出指标", "数量指标", "培训人次", "≥1000人次", "1050人次", 40, 40],
            ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", 20, 20],
            [None, None, "其中：城区就业率", "≥85%", "120%", None, None],  # a rate over 100
            [None, None, "其中：乡镇就业率", "≥75%", "≥78%", None, None],  # a sign in an actual
            ["效益指标", "可持续影响指标", "长效机制", "建立", "已建立", 20, 20],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%", 10, 10],
        ],
    )


def test_parts_under_merged_points_belong_to_their_indicator(tmp_path):
    path = merged_points(tmp_path)
    (form,) = read_forms(read_grid(path))
    assert [i.name for i in form.indicators] == ["资助学生人数", "资助准确率", "辍学率", "满意度"]
    first = form.indicators[0]
    assert first.points == "30"  # not split among the parts
    assert [(p.name, p.target, p.actual) for p in first.parts] == [
        ("其中：高中生", "≥200人", "210人"),
        ("其中：大学生", "≥300人", "3l0人"),
    ]
    assert first.parts[1].cells == {"name": "C8", "target": "D8", "actual": "E8"}
    assert all(not i.parts for i in form.indicators[1:])


def test_parts_under_blank_points_carry_no_levels_of_their_own(tmp_path):
    path = blank_points(tmp_path)
    (form,) = read_forms(read_grid(path))
    assert [i.name for i in form.indicators] == ["培训人次", "就业率", "长效机制", "满意度"]
    rate = form.indicators[1]
    assert [p.name for p in rate.parts] == ["其中：城区就业率", "其中：乡镇就业率"]
    assert rate.parts[0].cells["actual"] == "E8"


def test_scoring_ignores_parts_and_checks_their_values(tmp_path):
    merged, blank = merged_points(tmp_path), blank_points(tmp_path)
    report, (score,) = check_file(merged)
    assert [i.points for i in score.indicators] == [30.0, 20.0, 30.0, 10.0]
    assert score.points == 90.0 and score.total == 100.0
    found = {(f.code, f.cell) for f in report.findings}
    assert ("JX106", "E8") in found  # 3l0人 in a part, on its own cell
    assert not {c for c, cell in found if c in ("JX301", "JX105", "JX102")}
    report, (score,) = check_file(blank)
    assert score.points == 90.0 and score.total == 100.0
    found = {(f.code, f.cell) for f in report.findings}
    assert ("JX505", "E8") in found  # 城区就业率 120%
    assert ("JX604", "E9") in found  # ≥78% written as an actual


def test_summary_lists_parts_under_their_indicator(tmp_path):
    for path, parent in (
        (merged_points(tmp_path), "资助学生人数"),
        (blank_points(tmp_path), "就业率"),
    ):
        rows = api.read(path).indicators
        names = list(rows["name"])
        at = names.index(parent)
        parts = rows.iloc[at + 1 : at + 3]
        assert list(parts["status"]) == [PART_STATUS, PART_STATUS]
        assert parts["points"].isna().all() and parts["score"].isna().all()
        assert all(n.startswith("其中") for n in parts["name"])
        assert (parts["level1"] == rows.iloc[at]["level1"]).all()
        assert rows["points"].sum() == 90.0  # the parts add no points
        assert len(rows) == 6


def test_a_target_form_keeps_its_parts(tmp_path):
    path = book(
        tmp_path / "目标表其中.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "困难学生资助"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "资助学生人数", "≥500人"],
            ["产出指标", "数量指标", "其中：高中生", "≥200人"],
            ["效益指标", "社会效益指标", "辍学率", "≤1%"],
        ],
    )
    (form,) = read_forms(read_grid(path))
    assert [p.name for p in form.indicators[0].parts] == ["其中：高中生"]
    rows = api.read(path).indicators
    assert list(rows["name"]) == ["资助学生人数", "其中：高中生", "辍学率"]
    assert rows.iloc[1]["target"] == "≥200人" and rows.iloc[1]["cell"] == "C5"

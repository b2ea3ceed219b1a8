"""Layout classes seen on real published forms, each on a second form built here: the rule is
about the class, not about the one real copy (tests/test_realforms.py holds the copies)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from built_books import book

from addin.check.run import check_file
from addin.core.scoring import amount
from addin.reader import read_forms, read_report
from addin.workbook.files import read_grid

JIXIAO = [sys.executable, "-m", "addin"]
SELF_TITLE = "项目支出绩效自评表"


def errors(path: Path) -> dict[str, set[str]]:
    report, _ = check_file(path)
    out: dict[str, set[str]] = {}
    for f in report.findings:
        if f.severity == "error":
            out.setdefault(f.code, set()).add(f.cell or "")
    return out


def findings(path: Path, code: str) -> list:
    report, _ = check_file(path)
    return [f for f in report.findings if f.code == code]


def only(path: Path):
    (form,) = read_forms(read_grid(path))
    return form


HEAD = [[SELF_TITLE], ["项目名称", "乡村道路养护"], ["主管部门", "某县交通运输局"]]


# --- direction (正向/反向) is not the sign; a sign column may carry words ---------------------


def test_direction_column_beside_an_operator_column(tmp_path):
    path = book(
        tmp_path / "方向.xlsx",
        [
            *HEAD,
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "计算符号",
                "指标值",
                "完成值",
                "分值",
                "得分",
            ],
            ["产出指标", "数量指标", "养护里程", "正向", "大于等于", "120公里", "125公里", 40, 40],
            [
                "产出指标",
                "成本指标",
                "每公里养护成本",
                "反向",
                "小于等于",
                "0.8万元",
                "0.8万元",
                20,
                20,
            ],
            ["效益指标", "社会效益指标", "道路完好率", "正向", "等于", "100%", "100%", 20, 20],
            [
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                "正向",
                "大于等于",
                "90%",
                "93%",
                10,
                10,
            ],
        ],
    )
    form = only(path)
    assert [i.op for i in form.indicators] == ["大于等于", "小于等于", "等于", "大于等于"]
    assert all(i.cells["op"].startswith("E") for i in form.indicators)
    assert errors(path) == {}
    (table,) = read_report(read_grid(path)).sheets[0].tables
    directions = [c for c in table.columns if c.field == "direction"]
    assert [c.cell for c in directions] == ["D4"]


def test_a_direction_alone_gives_the_sign_of_a_target_without_one(tmp_path):
    path = book(
        tmp_path / "只有方向.xlsx",
        [
            *HEAD,
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标方向",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
            ],
            ["产出指标", "数量指标", "培训人次", "正向", "300人次", "320人次", 50, 50],
            ["效益指标", "社会效益指标", "投诉件数", "反向", "5件", "3件", 40, 40],
            ["满意度指标", "服务对象满意度指标", "满意度", "正向", "≥90%", "95%", 10, 10],
        ],
    )
    form = only(path)
    assert [i.op for i in form.indicators] == ["≥", "≤", None]
    _, scores = check_file(path)
    assert [s.score for s in scores[0].indicators] == [50, 40, 10]  # 3 件 ≤ 5 件 is met


def test_an_unnamed_column_of_signs_is_read_as_the_sign(tmp_path):
    path = book(
        tmp_path / "符号.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "比较", "指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "巡查次数", "≥", "12次", "12次", 40, 40],
            ["效益指标", "社会效益指标", "事故起数", "≤", "2起", "1起", 40, 40],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥", "90%", "91%", 10, 10],
        ],
    )
    form = only(path)
    assert [i.op for i in form.indicators] == ["≥", "≤", "≥"]
    assert errors(path) == {}


# --- targets split by area: read per area (more in tests/test_area_targets.py) -------------


def test_targets_split_by_area_are_read_per_area(tmp_path):
    path = book(
        tmp_path / "分区.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "农村人居环境整治"],
            ["一级指标", "二级指标", "三级指标", "区域目标值", None, None],
            [None, None, None, "东城镇", "西河乡", "南山镇"],
            ["产出指标", "数量指标", "改厕户数", "300户", "250户", "180户"],
            ["效益指标", "生态效益指标", "垃圾清运率", "≥95%", "≥95%", "≥90%"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "≥90%", "≥90%"],
        ],
        merges=("D3:F3", "A3:A4", "B3:B4", "C3:C4"),
    )
    form = only(path)
    assert all(i.target is None for i in form.indicators)
    towns = {"东城镇": "300户", "西河乡": "250户", "南山镇": "180户"}
    assert form.indicators[0].area_targets == towns
    assert form.indicators[1].cells["target:南山镇"] == "F6"
    assert "JX102" not in errors(path)
    assert findings(path, "JX902") == []


# --- other names for known columns ------------------------------------------------------------


def test_qualified_value_headers(tmp_path):
    path = book(
        tmp_path / "别名.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "计划目标值", "年终完成值", "分值", "得分"],
            ["产出指标", "数量指标", "维修桥梁", "≥3座", "3座", 50, 50],
            ["效益指标", "社会效益指标", "通行时间缩短", "≥10分钟", "12分钟", 30, 30],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥85%", "90%", 10, 10],
        ],
    )
    form = only(path)
    assert (form.indicators[0].target, form.indicators[0].actual) == ("≥3座", "3座")
    assert errors(path) == {}


def test_another_year_is_no_target(tmp_path):
    from addin.reader.vocabulary import column_field

    assert column_field("指标目标值") == "target"
    assert column_field("全年完成值") == "actual"
    assert column_field("近三年指标值") is None
    assert column_field("中期目标值") is None
    assert column_field("年度目标完成情况") is None


# --- weights inside labels, evaluation frameworks ---------------------------------------------


def test_points_written_inside_level_labels(tmp_path):
    path = book(
        tmp_path / "分在标签里.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出\n指标\n40分", "数量指\n标\n15分", "新建公厕", "≥5座", "5座", 15, 15],
            ["产出\n指标\n40分", "质量指标（25分）", "验收合格率", "100%", "100%", 25, 25],
            ["成本指标(0-20)分", "经济成本指标", "每座成本", "≤20万元", "19万元", 10, 10],
            ["效益指标（20-30）分", "社会效益指标", "如厕条件改善", "明显改善", "明显改善", 25, 25],
            ["满意度指标\n(10分)", "服务对象满意度指标", "满意度", "≥90%", "92%", 10, 10],
        ],
        merges=("A5:A6",),
    )
    codes = errors(path)
    assert not {"JX201", "JX202", "JX203"} & codes.keys(), codes


def test_evaluation_framework_rows_need_no_target(tmp_path):
    path = book(
        tmp_path / "评价体系.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "分值", "指标值", "实际完成值", "得分"],
            ["项目决策(15分)", "立项依据", "立项依据充分性", 5, None, "依据充分", 5],
            ["项目决策(15分)", "目标设定", "绩效目标合理性", 10, None, "合理", 10],
            ["项目过程(15分)", "资金使用", "资金使用合规性", 15, None, "合规", 15],
            ["项目产出(40分)", "产出数量", "完成养护里程", 40, "≥100公里", "105公里", 40],
            ["项目效益(30分)", "社会效益", "群众出行便利度", 30, "提升", "提升", 30],
        ],
    )
    codes = errors(path)
    assert not {"JX102", "JX201", "JX202"} & codes.keys(), codes


# --- tables without a 三级 column -----------------------------------------------------------


def test_a_table_with_no_level3_column(tmp_path):
    path = book(
        tmp_path / "无三级.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "城区绿化养护"],
            ["一级指标", "二级指标", "指标值"],
            ["产出指标", "绿地养护面积", "≥50万平方米"],
            ["效益指标", "绿化覆盖率", "≥40%"],
            ["满意度指标", "市民满意度", "≥90%"],
        ],
    )
    form = only(path)
    assert [(i.level1, i.name, i.target) for i in form.indicators] == [
        ("产出指标", "绿地养护面积", "≥50万平方米"),
        ("效益指标", "绿化覆盖率", "≥40%"),
        ("满意度指标", "市民满意度", "≥90%"),
    ]


def test_a_level1_header_over_level2_names(tmp_path):
    path = book(
        tmp_path / "表头高一级.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "机关食堂运行"],
            ["一级指标", "二级指标", "当年预期实现值"],
            ["数量指标", "供餐人次", "≥5万人次"],
            ["质量指标", "食品安全事故", "0起"],
            ["时效指标", "按时供餐率", "100%"],
        ],
    )
    form = only(path)
    assert (form.indicators[0].level2, form.indicators[0].name) == ("数量指标", "供餐人次")
    assert all(i.level1 is None for i in form.indicators)


# --- rows that are not indicators ----------------------------------------------------------


def test_breakdown_rows_are_parts_of_their_indicator(tmp_path):
    path = book(
        tmp_path / "其中.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "资助学生人数", "≥500人", "520人", 30, 30],
            ["产出指标", "数量指标", "其中：高中生", "≥200人", "210人", None, None],
            ["产出指标", "数量指标", "其中：大学生", "≥300人", "310人", None, None],
            ["效益指标", "社会效益指标", "辍学率", "≤1%", "0.5%", 60, 60],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ],
        merges=("F5:F7", "G5:G7"),
    )
    form = only(path)
    assert [i.name for i in form.indicators] == ["资助学生人数", "辍学率", "满意度"]
    assert form.indicators[0].points == "30"  # not split among the parts
    (table,) = read_report(read_grid(path)).sheets[0].tables
    assert [r.row for r in table.rows if r.kind.startswith("“其中”")] == [6, 7]


def test_template_numbering_with_not_applicable_marks_is_a_placeholder(tmp_path):
    path = book(
        tmp_path / "不适用.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "指标1：改造户数", "≥20户", "20户", 90, 90],
            ["效益指标", "生态效益指标", "指标1：／", "／", "／", None, None],
            ["效益指标", "经济效益指标", "指标2：无", "无", None, None, None],
            ["满意度指标", "服务对象满意度指标", "指标1：满意度", "≥90%", "95%", 10, 10],
        ],
    )
    assert [i.name for i in only(path).indicators] == ["指标1：改造户数", "指标1：满意度"]


def test_a_row_holding_only_cells_merged_down_from_above_is_no_indicator(tmp_path):
    """A line left empty inside a 一级 / 二级 block, and the second line of an indicator drawn
    over two rows: every cell there is merged down from above, so no indicator of its own."""
    path = book(
        tmp_path / "合并空行.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "养护里程", "≥30公里", "32公里", 30, 30],
            [],
            ["产出指标", "数量指标", "修复坑槽", "≥200处", "210处", 20, 20],
            ["产出指标", "质量指标", "验收合格率", "≥95%", "98%", 20, 20],
            ["效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "明显改善", 10, 10],
            [],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 10, 10],
        ],
        merges=("A5:A8", "B5:B7", *(f"{c}9:{c}10" for c in "ABCDEFG")),
    )
    form = only(path)
    names = ["养护里程", "修复坑槽", "验收合格率", "群众出行条件改善", "群众满意度"]
    assert [i.name for i in form.indicators] == names
    assert [i.cells["name"] for i in form.indicators] == ["C5", "C7", "C8", "C9", "C11"]
    (table,) = read_report(read_grid(path)).sheets[0].tables
    skipped = {r.row: r.reason for r in table.rows if not r.read}
    assert set(skipped) == {6, 10} and all("合并" in why for why in skipped.values())
    assert not errors(path)


def test_a_blank_line_between_labels_and_their_values(tmp_path):
    """A clerk's empty line under the funding heads and under 预期目标 | 实际完成情况: the
    values are on the next line with text, not lost and not read from the heads."""
    path = book(
        tmp_path / "标签下空行.xlsx",
        [
            *HEAD,
            ["预算执行情况", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
             "预算执行率", "权重", "得分"],
            [],
            [None, "总额", 100, 120, 108, "90%", 10, 9],
            [None, "其中:财政资金", 100, 120, 108, "90%", "/", "/"],
            ["年度总体目标", "预期目标", None, None, "实际完成情况"],
            [],
            [None, "完成道路养护30公里", None, None, "完成道路养护32公里"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "养护里程", "≥30公里", "32公里", 50, 50],
            ["效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "明显改善", 30, 30],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 10, 10],
        ],
        merges=("A4:A7", "A8:A10", "B8:D8", "B10:D10", "E8:G8", "E10:G10"),
    )  # fmt: skip
    form = only(path)
    (total, fiscal) = form.funding.rows
    assert (total.initial, total.budget, total.spent) == ("100", "120", "108")
    assert total.cells == {"initial": "C6", "budget": "D6", "spent": "E6"}
    assert fiscal.kind == "fiscal" and form.funding.score == "9"
    assert (form.goal, form.cells["goal"]) == ("完成道路养护30公里", "B10")
    assert form.header.extra["实际完成情况"] == "完成道路养护32公里"
    assert [i.name for i in form.indicators] == ["养护里程", "群众出行条件改善", "群众满意度"]


def test_headings_printed_again_with_the_line_above_them(tmp_path):
    """A table split over two pages prints its headings again, with the line over them
    (绩效指标 | 备注): neither is an indicator, and the table goes on under them."""
    heading = [
        ["绩效指标", None, None, None, "备注"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
    ]
    path = book(
        tmp_path / "换页重印.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "公共厕所保洁"],
            ["年度目标", "完成40座公厕日常保洁"],
            *heading,
            ["产出指标", "数量指标", "保洁公厕数", "≥40座"],
            ["产出指标", "质量指标", "保洁达标率", "≥95%"],
            *heading,
            ["效益指标", "社会效益指标", "环境卫生改善", "明显改善"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
        ],
        merges=("A4:D4", "E4:E5", "A8:D8", "E8:E9"),
    )
    form = only(path)
    names = ["保洁公厕数", "保洁达标率", "环境卫生改善", "群众满意度"]
    assert [i.name for i in form.indicators] == names
    (table,) = read_report(read_grid(path)).sheets[0].tables
    assert {r.row for r in table.rows if not r.read} == {8, 9}
    assert not errors(path)


# --- dates as targets ------------------------------------------------------------------------


def test_a_deadline_target_is_no_unreadable_number(tmp_path):
    path = book(
        tmp_path / "时效.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "校舍维修"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "时效指标", "完工时间", "2024年8月"],
            ["产出指标", "时效指标", "验收时间", "12月底前"],
            ["产出指标", "数量指标", "维修面积", "≥2000平方米"],
        ],
    )
    assert "JX106" not in errors(path)
    assert [i.target for i in only(path).indicators][:2] == ["2024年8月", "12月底前"]


# --- header fields ---------------------------------------------------------------------------


def test_a_blank_field_does_not_take_the_next_label(tmp_path):
    path = book(
        tmp_path / "空主管.xlsx",
        [
            [SELF_TITLE],
            ["项目名称", "防汛物资储备"],
            ["主管部门", None, "实施单位", "某县应急管理局"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "储备编织袋", "≥1万条", "1万条", 90, 90],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ],
    )
    form = only(path)
    assert form.header.department is None and form.header.implementer == "某县应急管理局"
    (blank,) = [f for f in findings(path, "JX101") if "主管部门" in f.message]
    assert blank.cell == "B3"


def test_text_typed_after_an_equals_sign(tmp_path):
    from openpyxl import load_workbook

    path = book(
        tmp_path / "等号.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "图书馆免费开放"],
            ["一级指标", "二级指标", "三级指标", "目标值"],
            ["产出指标", "数量指标", "开放天数", "=300天"],
            ["产出指标", "质量指标", "借阅完好率", "=98百分比"],
            ["满意度指标", "服务对象满意度指标", "读者满意度", "=95%"],
        ],
    )
    assert load_workbook(path).active["D4"].data_type == "f"  # written as a "formula"
    targets = [i.target for i in only(path).indicators]
    assert targets[:2] == ["=300天", "=98百分比"]


def test_one_name_merged_over_level1_and_level2(tmp_path):
    path = book(
        tmp_path / "合并一二级.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "公共厕所保洁"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "保洁公厕数", "≥40座"],
            ["效益指标", "社会效益指标", "环境卫生改善", "明显"],
            ["社会公众或服务对象满意度指标", None, "群众满意度", "≥90%"],
        ],
        merges=("A6:B6",),
    )
    last = only(path).indicators[-1]
    assert (last.level1, last.level2) == ("满意度指标", "社会公众或服务对象满意度指标")
    assert not {"JX201", "JX203"} & errors(path).keys()


def test_no_placeholder_in_a_naming_hint(tmp_path):
    path = book(
        tmp_path / "怪名.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "某项目"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "甲乙丙丁戊", "某指标", "≥1个"],
        ],
    )
    hints = [f.hint for f in findings(path, "JX202")]
    assert hints and not any("标准名称" in h for h in hints)


# --- money -----------------------------------------------------------------------------------


def test_a_funding_header_over_the_row_labels(tmp_path):
    path = book(
        tmp_path / "资金表头.xlsx",
        [
            [SELF_TITLE],
            ["项目名称", "工资性支出"],
            [
                "预算执行情况",
                "年度预算数（万元）",
                "年初预算",
                "调整后预算数",
                "预算执行数",
                "执行率",
                "分值",
                "得分",
            ],
            ["预算执行情况", "总额", 120, 130.5, 128, "98.08%", 10, 9.81],
            ["预算执行情况", "其中：财政资金", 120, 130.5, 128, "98.08%", None, None],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "发放人数", "≥30人", "30人", 90, 90],
        ],
        merges=("A3:A5",),
    )
    total = next(r for r in only(path).funding.rows if r.kind == "total")
    assert (amount(total.initial), amount(total.budget), amount(total.spent)) == (120, 130.5, 128)


def test_a_target_forms_labelled_budget_and_a_classification_label(tmp_path):
    path = book(
        tmp_path / "目标表资金.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "村级活动场所建设"],
            ["资金性质", "一般公共预算", "申报预算数", "48万元"],
            ["其中：财政资金", "48万元", "其他资金", "0"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "新建活动室", "≥2个"],
        ],
    )
    funding = only(path).funding
    total = next(r for r in funding.rows if r.kind == "total")
    fiscal = next(r for r in funding.rows if r.kind == "fiscal")
    assert (total.budget, fiscal.budget) == ("48万元", "48万元")


def test_a_titled_form_without_its_indicator_table(tmp_path):
    path = book(
        tmp_path / "只有资金.xlsx",
        [
            ["2024年度部门整体支出绩效自评表"],
            ["部门名称", "某乡人民政府"],
            ["年度预算", "年初预算数", "全年预算数", "全年执行数", "执行率"],
            ["年度资金总额", 500, 620, 600, "96.77%"],
            ["年度总体目标", "保障乡政府正常运转"],
        ],
    )
    (form,) = read_forms(read_grid(path))
    assert form.form == "dept_self" and form.indicators == []
    total = next(r for r in form.funding.rows if r.kind == "total")
    assert (amount(total.budget), amount(total.spent)) == (620, 600)


# --- learning a layout once ---------------------------------------------------------------


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([*JIXIAO, *args], capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def vocab_env(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "JIXIAO_VOCABULARY": str(tmp_path / "词表.toml")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return env


def test_inspect_says_what_to_teach_and_vocab_teaches_it(tmp_path, vocab_env):
    path = book(
        tmp_path / "新版式.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"],
            ["产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50],
            ["效益指标", "社会效益指标", "知晓率", "≥90%", "95%", 40, 40],
            ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "96%", 10, 10],
        ],
    )
    before = _run("inspect", str(path), env=vocab_env)
    assert before.returncode == 0
    assert 'jixiao vocab add "年终实现数" 完成值' in before.stdout
    assert 'jixiao vocab add "评得分" 得分' in before.stdout
    for line in ("年终实现数 完成值", "评得分 得分"):
        word, role = line.split()
        added = _run("vocab", "add", word, role, env=vocab_env)
        assert added.returncode == 0 and "已添加" in added.stdout
    after = _run("inspect", str(path), env=vocab_env)
    assert "jixiao vocab add" not in after.stdout
    assert "E4「年终实现数」→ 读作「实际完成值」" in after.stdout
    listed = _run("vocab", "list", env=vocab_env)
    assert "「年终实现数」→ 完成值" in listed.stdout
    removed = _run("vocab", "remove", "年终实现数", env=vocab_env)
    assert removed.returncode == 0
    assert "年终实现数" not in _run("vocab", "list", env=vocab_env).stdout.split("可用的角色")[0]


def test_vocab_refuses_an_unknown_role_and_a_word_of_another_role(vocab_env):
    bad = _run("vocab", "add", "调整后数", "预算", env=vocab_env)
    assert bad.returncode == 2 and "不认识的角色「预算」" in bad.stderr and "全年预算" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert _run("vocab", "add", "调整后数", "全年预算", env=vocab_env).returncode == 0
    twice = _run("vocab", "add", "调整后数", "执行数", env=vocab_env)
    assert twice.returncode == 2 and "已是「全年预算」的写法" in twice.stderr
    gone = _run("vocab", "remove", "没有的写法", env=vocab_env)
    assert gone.returncode == 1 and "没有「没有的写法」" in gone.stderr
    assert "示例" in _run("vocab", "add", "--help", env=vocab_env).stdout


def test_a_taught_funding_column_is_read(tmp_path, monkeypatch):
    from addin.reader import teaching, vocabulary

    file = tmp_path / "v.toml"
    monkeypatch.setenv("JIXIAO_VOCABULARY", str(file))
    teaching.add("核定数", "全年预算")
    teaching.add("实付数", "执行数")
    for cached in (vocabulary.vocabulary, vocabulary.funding_column, vocabulary._column_keys):
        cached.cache_clear()
    try:
        path = book(
            tmp_path / "教过.xlsx",
            [
                [SELF_TITLE],
                ["项目名称", "某项目"],
                ["项目资金", "年初预算数", "核定数", "实付数", "分值", "执行率", "得分"],
                ["年度资金总额", 10, 12, 11, 10, "91.67%", 9.17],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "某数量", "≥1个", "1个", 90, 90],
            ],
        )
        total = next(r for r in only(path).funding.rows if r.kind == "total")
        assert (amount(total.budget), amount(total.spent)) == (12, 11)
    finally:
        monkeypatch.delenv("JIXIAO_VOCABULARY")
        for cached in (vocabulary.vocabulary, vocabulary.funding_column, vocabulary._column_keys):
            cached.cache_clear()


def test_a_role_its_cells_contradict_is_not_read(tmp_path):
    path = book(
        tmp_path / "列名不符.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "完成值", "分值", "得分"],
            ["产出指标", "数量指标", "维修路灯", "数量", "≥200盏", "210盏", 40, 40],
            ["产出指标", "质量指标", "亮灯率", "质量", "≥98%", "99%", 30, 30],
            ["效益指标", "社会效益指标", "夜间事故", "效益", "下降", "下降", 20, 20],
        ],
    )
    form = only(path)
    assert all(i.op is None and "op" not in i.cells for i in form.indicators)
    (gap,) = findings(path, "JX902")
    assert "指标性质" in gap.message and gap.cell == "A1"
    (table,) = read_report(read_grid(path)).sheets[0].tables
    assert (table.confidence["points"], table.confidence["op"]) == (1.0, 0.0)


def test_amounts_written_inside_their_labels(tmp_path):
    path = book(
        tmp_path / "标签里的金额.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "农机购置补贴"],
            ["年度资金总额：36.5万元", "其中：财政拨款：30万元", "其他资金：6.5万元"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "补贴台数", "≥120台"],
        ],
    )
    rows = {r.kind: r for r in only(path).funding.rows}
    assert (rows["total"].budget, rows["fiscal"].budget, rows["other"].budget) == (
        "36.5万元",
        "30万元",
        "6.5万元",
    )
    assert rows["fiscal"].cells["budget"] == "B3"
    assert "JX401" not in errors(path)


def test_sources_with_a_total_line_and_spending(tmp_path):
    path = book(
        tmp_path / "来源合计.xlsx",
        [
            [SELF_TITLE],
            ["项目名称", "农村饮水安全"],
            ["资金来源", "预算数", "执行数", "执行率(%)", "分值", "得分"],
            ["财政拨款", 80, 80, 100, None, None],
            ["其他资金", 20, 20, 100, None, None],
            ["合计", 100, 100, 100, 10, 10],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "新建水厂", "≥1座", "1座", 90, 90],
        ],
    )
    funding = only(path).funding
    total = next(r for r in funding.rows if r.kind == "total")
    assert (amount(total.budget), amount(total.spent)) == (100, 100)
    assert funding.rate == "100%"  # 执行率(%) | 100 is 100 %, not 10000 %
    assert not {"JX306", "JX307", "JX401"} & errors(path).keys()


def test_two_scored_tables_on_one_sheet_are_one_form(tmp_path):
    path = book(
        tmp_path / "两张表.xlsx",
        [
            ["项目支出绩效评价表"],
            ["项目名称", "乡村学校营养餐"],
            ["一级指标", "二级指标", "三级指标", "分值", "评价标准", "得分"],
            ["决策", "项目立项", "立项依据充分性", 10, "依据充分得满分", 10],
            ["过程", "资金管理", "资金使用合规性", 10, "合规得满分", 8],
            [None],
            ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"],
            ["产出", "产出数量", "供餐学生人数", "≥1200人", "1250人", 40, 40],
            ["效益", "社会效益", "学生营养状况改善", "明显改善", "明显改善", 40, 40],
            ["总分", None, None, None, None, 100, 98],
        ],
    )
    (form,) = read_forms(read_grid(path))
    assert [i.name for i in form.indicators] == [
        "立项依据充分性",
        "资金使用合规性",
        "供餐学生人数",
        "学生营养状况改善",
    ]
    assert form.total == "98" and form.cells["total"] == "G10"
    assert "JX304" not in errors(path)


def test_the_columns_decide_a_self_evaluation_under_a_targets_title(tmp_path):
    path = book(
        tmp_path / "标题是目标表.xlsx",
        [
            ["2023年项目支出绩效目标表（自评）"],
            ["项目名称", "河道保洁"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "分值", "得分"],
            ["产出指标", "数量指标", "保洁河道长度", "≥30公里", "32公里", 50, 50],
            ["效益指标", "生态效益指标", "水质达标率", "≥90%", "95%", 40, 40],
        ],
    )
    assert only(path).form == "project_self"


def test_budget_columns_under_one_merged_budget_header(tmp_path):
    path = book(
        tmp_path / "合并表头.xlsx",
        [
            [SELF_TITLE],
            ["项目名称", "城乡低保"],
            ["资金", "年度预算数（万元）", None, None, "执行率", "分值", "得分"],
            [None, "年初预算", "调整后预算数", "预算执行数", None, None, None],
            ["财政资金", 300, 320, 316, "98.75%", None, None],
            ["合计", 300, 320, 316, "98.75%", 10, 9.88],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "保障人数", "≥800人", "812人", 90, 90],
        ],
        merges=("B3:D3", "A3:A4", "E3:E4", "F3:F4", "G3:G4"),
    )
    total = next(r for r in only(path).funding.rows if r.kind == "total")
    assert (amount(total.initial), amount(total.budget), amount(total.spent)) == (300, 320, 316)


# --- a 评价体系 table with 分值 after every level, money as label | amount pairs ---------------


def test_points_after_every_level_and_money_as_label_amount_pairs(tmp_path):
    path = book(
        tmp_path / "共性指标.xlsx",
        [
            ["农村公路养护项目绩效评价表"],
            ["项目实施单位", "某县交通运输局", None, "主管部门", "某县人民政府"],
            ["计划投资额(万元)", 200, "实际到位资金(万元)", 180, "实际使用情况(万元)", 171],
            ["其中:", "省级资金", 120, "其中:", "省级资金", 120],
            ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
            ["项目决策", 30, "项目目标", 10, "目标明确性", 10, 9],
            [None, None, "决策过程", 20, "决策程序规范性", 20, 20],
            ["项目管理", 20, "资金到位", 20, "资金到位及时性", 20, 16],
            ["项目绩效", 50, "项目产出", 30, "养护里程完成率", 30, 30],
            [None, None, "项目效益", 20, "群众出行便利度", 20, 18],
            ["总分", 100, None, None, None, 100, 93],
        ],
        merges=("A6:A7", "B6:B7", "A9:A10", "B9:B10"),
    )
    form = only(path)
    assert form.form == "project_self"  # scored, with no 完成值: a self-evaluation, no target
    assert form.header.project == "农村公路养护项目"  # no 项目名称 field: the title names it
    # the indicator's 分值 stands right of its 三级 name; those left of it are sections' points
    assert [(i.points, i.cells["points"]) for i in form.indicators[:2]] == [
        ("10", "F6"),
        ("20", "F7"),
    ]
    (table,) = read_report(read_grid(path)).sheets[0].tables
    level_points = [c.cell for c in table.columns if c.meaning.startswith("一级/二级指标的分值")]
    assert level_points == ["B5", "D5"]
    total = next(r for r in form.funding.rows if r.kind == "total")
    assert (amount(total.budget), amount(total.spent)) == (200, 171)
    assert total.cells == {"budget": "B3", "spent": "F3"}
    # 项目决策 / 项目管理 / 项目绩效 with their 二级: the 财预〔2013〕53号 common framework
    assert not {"JX101", "JX201", "JX202", "JX102"} & errors(path).keys(), errors(path)


def test_a_title_naming_only_the_form_gives_no_project_name(tmp_path):
    path = book(
        tmp_path / "通用标题.xlsx",
        [
            ["市级部门预算项目支出绩效自评表"],
            ["实施单位", "某市文化馆"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "免费开放天数", "≥300天", "310天", 90, 90],
        ],
    )
    assert only(path).header.project is None
    assert "JX101" in errors(path)


# --- a funding block with 年初预算数 (A) and 全年执行数 (B) only, and a scoring note ------------


def test_initial_budget_as_the_only_budget_beside_a_scoring_note(tmp_path):
    path = book(
        tmp_path / "年初预算.xlsx",
        [
            [SELF_TITLE],
            ["项目名称", "社区图书室运行"],
            [
                "预算执行",
                None,
                "年初预算数(A)",
                "全年执行数(B)",
                "分值",
                "执行率(B/A)",
                "得分",
                "计算",
            ],
            ["年度资金总额", None, 60, 54, 10, "90%", 9, "执行率×该指标分值，最高不超过分值。"],
            ["其中:财政拨款", None, 60, 54, "-", "-", "-", None],
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "预期指标值(A)",
                "实际值(B)",
                "分值",
                "得分",
                "得分计算方法",
            ],
            [
                "产出指标",
                "数量指标",
                "开放天数",
                "≥300天",
                "300天",
                90,
                90,
                "完成值达到指标值记满分",
            ],
        ],
        merges=("A4:B4", "A5:B5"),
    )
    (table,) = read_report(read_grid(path)).sheets[0].tables
    method = next(c for c in table.columns if c.header == "得分计算方法")
    assert method.field is None and method.meaning.startswith("说明性的列")
    funding = only(path).funding
    total = next(r for r in funding.rows if r.kind == "total")
    # 执行率 = B / A: 年初预算数 is the budget the rate is taken on
    assert (amount(total.initial), amount(total.budget), amount(total.spent)) == (60, 60, 54)
    assert (funding.rate, funding.score, funding.cells["score"]) == ("90%", "9", "G4")
    assert not {"JX401", "JX306", "JX307"} & errors(path).keys()


# --- a 一级 printed one character a line, its points on the last line -----------------------


def test_a_vertical_level1_with_its_points_on_the_last_line(tmp_path):
    path = book(
        tmp_path / "竖排一级.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产\n出\n指\n标\n(50分)", "数量指标", "养护里程", "≥100公里", "105公里", 50, 50],
            ["效益\n指标(30分)", "社会效益指标", "群众出行便利度", "提升", "提升", 30, 30],
            ["满意度(10分)", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10],
        ],
    )
    said = {f.cell.split("!")[-1]: f.message for f in findings(path, "JX206")}
    assert "A5" not in said  # spelt right, one character a line: nothing to say
    assert "含换行" in said["A6"] and "缺少" not in said["A6"]  # 效益\n指标(30分) has its 指标
    assert "缺少“指标”二字" in said["A7"]


def test_vocab_keeps_the_users_own_comments_and_entries(tmp_path, monkeypatch):
    """A reviewer's hand-written notes in the vocabulary file survive add and remove."""
    import tomllib

    from addin.reader import teaching

    file = tmp_path / "v.toml"
    file.write_text(
        "# 城关县的版式（张三 2026-11）\n"
        "[columns.target]\n"
        'names = ["考核目标值"]  # 城关县\n\n'
        "# 资金表\n"
        "[funding.columns]\n"
        'budget = ["核定预算"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("JIXIAO_VOCABULARY", str(file))
    teaching.add("年终实现数", "完成值")
    teaching.remove("核定预算")
    text = file.read_text(encoding="utf-8")
    for kept in ("# 城关县的版式（张三 2026-11）", "# 城关县", "# 资金表", "考核目标值"):
        assert kept in text, kept
    data = tomllib.loads(text)
    assert data["columns"]["actual"]["names"] == ["年终实现数"]
    assert data["funding"]["columns"]["budget"] == []
    assert teaching.listed() == [("考核目标值", "指标值"), ("年终实现数", "完成值")]


# --- a 分值 column the header words do not name: the table's arithmetic names it ------------


@pytest.mark.parametrize(
    ("header", "points"),
    [("赋值", [40, 20, 20, 10]), ("标准（满）", [30, 30, 20, 10]), ("权数值", [25, 25, 25, 15])],
)
def test_an_unknown_points_header_is_read_by_its_sum(tmp_path, header, points):
    rows = [
        ("产出指标", "数量指标", "养护里程", "≥120公里", "125公里"),
        ("产出指标", "质量指标", "验收合格率", "≥95%", "96%"),
        ("效益指标", "社会效益指标", "通行条件", "改善", "改善"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%"),
    ]
    path = book(
        tmp_path / "分值.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", header],
            *[[*r, p] for r, p in zip(rows, points, strict=True)],
        ],
    )
    form = only(path)
    assert [i.points for i in form.indicators] == [str(p) for p in points]
    assert [i.cells["points"] for i in form.indicators] == ["F5", "F6", "F7", "F8"]
    (sheet,) = read_report(read_grid(path)).sheets
    assert f"加起来是 {sum(points):g}" in " ".join(sheet.tables[0].inferred)
    if sum(points) == 90:  # beside 执行率's 10: the total the profile asks for
        assert "JX301" not in errors(path)


def test_numbers_that_do_not_add_up_to_a_total_are_not_taken_for_points(tmp_path):
    path = book(
        tmp_path / "不是分值.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "排序号", "分值"],
            ["产出指标", "数量指标", "养护里程", "≥120公里", "125公里", 3, 50],
            ["产出指标", "质量指标", "验收合格率", "≥95%", "96%", 1, 30],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 2, 20],
        ],
    )
    assert [i.points for i in only(path).indicators] == ["50", "30", "20"]
    wrong = book(
        tmp_path / "无分值.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "排序号"],
            ["产出指标", "数量指标", "养护里程", "≥120公里", "125公里", 30],
            ["产出指标", "质量指标", "验收合格率", "≥95%", "96%", 30],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 25],
        ],
    )
    assert [i.points for i in only(wrong).indicators] == [None, None, None]


# --- every row decision carries a confidence --------------------------------------------------


def test_a_row_read_on_its_shape_alone_says_it_is_unsure(tmp_path):
    path = book(
        tmp_path / "拿不准.xlsx",
        [
            *HEAD,
            ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "养护里程", "≥120公里", "125公里", 50, 50],
            ["产出指标", "质量指标", "另附养护台账（见附件）", None, None, None, None],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 40, 40],
        ],
    )
    (sheet,) = read_report(read_grid(path)).sheets
    rows = {r.row: r for r in sheet.tables[0].rows}
    assert rows[5].read and rows[5].confidence == 1.0
    assert rows[6].read and rows[6].confidence < 1.0 and "请核对" in rows[6].reason
    assert rows[7].confidence == 1.0
    shown = subprocess.run([*JIXIAO, "inspect", str(path)], capture_output=True, text=True)
    assert "第 6 行：指标（拿不准，请核对）" in shown.stdout
    assert "第 5 行" not in shown.stdout


def test_a_process_that_stays_running_reads_a_word_the_moment_it_is_taught(tmp_path, monkeypatch):
    """The Excel and WPS doors teach and read again in one process: every remembered word
    list of the reader is forgotten (a header label here, a column in the door tests)."""
    from addin.reader.inspecting import forget, teach
    from addin.reader.vocabulary import reload

    monkeypatch.setenv("JIXIAO_VOCABULARY", str(tmp_path / "v.toml"))
    reload()
    path = book(
        tmp_path / "归口.xlsx",
        [
            [SELF_TITLE],
            ["项目名称", "职工培训"],
            ["归口科室", "县财政局"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人数", "≥100人", "120人", 100, 100],
        ],
    )
    try:
        assert only(path).header.department is None  # read once: the word lists remembered
        assert teach("归口科室", "主管部门")[1] is True
        assert only(path).header.department == "县财政局"
        assert forget("归口科室")[1] == ["主管部门"]
        assert only(path).header.department is None
    finally:
        monkeypatch.delenv("JIXIAO_VOCABULARY")
        reload()

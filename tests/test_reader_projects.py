"""One table listing several projects' targets (a unit's 部门预算项目绩效目标申报表): one form
per project. The real copy is tests/data/realforms/sc_jingyan_mata_2023_部门项目目标_多项目.xlsx
(单位名称 and the project's cells merged down, amounts in 元); the workbooks here are other
instances of the class: the name repeated on every row, or written on a project's first row
only, amounts in 万元 or 元, with and without a 单位名称 column."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from built_books import book as built_book

from addin.check.run import check_file
from addin.core.scoring import amount
from addin.merge.run import merge
from addin.reader import read_forms
from addin.workbook.files import read_grid

JIXIAO = [sys.executable, "-m", "addin"]
HEAD = [
    "项目名称",
    "预算数（万元）",
    "年度目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "分值",
]
ROADS = "农村公路养护"
WATER = "农村饮水安全维修"
TRAINING = "高素质农民培训"


def book(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    return built_book(path, rows, merges, title="项目绩效目标")


def repeated(tmp_path: Path) -> Path:
    """Three projects, each name, 预算数 and 年度目标 repeated on every row of the project;
    amounts in 万元 (in the 预算数 header); no 单位名称 column (the unit is above the table).
    The water project's second row has no 指标值 (row 9, G9)."""
    roads = [ROADS, 120.5, "养护农村公路85公里"]
    water = [WATER, 36, "维修供水工程12处"]
    training = [TRAINING, 18.25, "培训高素质农民300人"]
    return book(
        tmp_path / "三个项目.xlsx",
        [
            ["2024年项目支出绩效目标表"],
            ["预算单位：某县农业农村局"],
            HEAD,
            [*roads, "产出指标", "数量指标", "养护里程", "≥85公里", 30],
            [*roads, "产出指标", "质量指标", "路面完好率", "≥90%", 30],
            [*roads, "效益指标", "社会效益指标", "群众出行条件改善", "明显改善", 20],
            [*roads, "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", 20],
            [*water, "产出指标", "数量指标", "维修工程数量", "=12处", 40],
            [*water, "产出指标", "时效指标", "完工时间", None, 30],
            [*water, "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥95%", 30],
            [*training, "产出指标", "数量指标", "培训人数", "≥300人", 50],
            [*training, "效益指标", "社会效益指标", "技能提升比例", "≥80%", 30],
            [*training, "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", 20],
        ],
        merges=("A1:H1",),
    )


def test_three_repeated_projects_are_three_forms(tmp_path):
    forms = read_forms(read_grid(repeated(tmp_path)))
    assert [f.form for f in forms] == ["project_target"] * 3
    assert [f.header.project for f in forms] == [ROADS, WATER, TRAINING]
    assert [f.header.cells["project"] for f in forms] == ["A4", "A8", "A11"]
    assert {f.header.unit for f in forms} == {"某县农业农村局"}  # from above the table
    assert [[i.name for i in f.indicators] for f in forms] == [
        ["养护里程", "路面完好率", "群众出行条件改善", "沿线群众满意度"],
        ["维修工程数量", "完工时间", "受益群众满意度"],
        ["培训人数", "技能提升比例", "学员满意度"],
    ]
    budgets = [amount(f.funding.rows[0].budget) for f in forms]
    assert budgets == [120.5, 36, 18.25]  # in 万元 as the header says: not divided
    assert [f.funding.rows[0].cells["budget"] for f in forms] == ["B4", "B8", "B11"]
    assert [f.goal for f in forms] == [
        "养护农村公路85公里",
        "维修供水工程12处",
        "培训高素质农民300人",
    ]
    assert [f.cells["goal"] for f in forms] == ["C4", "C8", "C11"]
    assert forms[1].indicators[1].cells["name"] == "F9"


def test_findings_land_on_their_project_and_cell(tmp_path):
    path = repeated(tmp_path)
    report, _ = check_file(path)
    errors = {(f.code, f.cell, f.subject) for f in report.findings if f.severity == "error"}
    assert "JX101" not in {f.code for f in report.findings}  # every form has its project
    # the water project's mistakes, on its own form and cells: 完工时间 without a target (G9),
    # no 效益指标 among its three rows (named at its first 一级, D8); the other two are whole
    assert {(cell, subject) for _, cell, subject in errors} == {("G9", WATER), ("D8", WATER)}
    assert "JX209" in {code for code, cell, _ in errors if cell == "D8"}


def first_row_only(tmp_path: Path, unit_in_header: bool = False) -> Path:
    """Two projects with 单位名称, 项目名称, 预算数 and 年度目标 written on each project's first
    row only (no merges), amounts in 元 (金额单位：元 above the table, or 预算数（元） as the
    column's name), a sign column."""
    unit = "301001-某县卫生健康局本级"
    return book(
        tmp_path / "首行填写.xlsx",
        [
            ["部门预算项目绩效目标申报表(2024年度)"],
            [None if unit_in_header else "金额单位：元"],
            [
                "单位名称",
                "项目名称",
                "预算数（元）" if unit_in_header else "预算数",
                "年度目标",
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "指标值",
                "度量单位",
                "权重",
            ],
            [
                unit,
                "家庭医生签约服务",
                "1,250,000.00",
                "签约服务覆盖重点人群",
                "产出指标",
                "数量指标",
                "签约人数",
                "≥",
                5000,
                "人",
                50,
            ],
            [
                None,
                None,
                None,
                None,
                "效益指标",
                "社会效益指标",
                "重点人群签约率",
                "≥",
                75,
                "%",
                50,
            ],
            [
                None,
                "疫苗冷链运维",
                86000,
                "冷链设备正常运转",
                "产出指标",
                "质量指标",
                "设备完好率",
                "≥",
                98,
                "%",
                60,
            ],
            [None, None, None, None, "效益指标", "可持续影响指标", "断链事件", "=", 0, "次", 40],
        ],
    )


@pytest.mark.parametrize("unit_in_header", [False, True])
def test_names_on_the_first_row_only_and_amounts_in_yuan(tmp_path, unit_in_header):
    path = first_row_only(tmp_path, unit_in_header)
    forms = read_forms(read_grid(path))
    assert [f.header.project for f in forms] == ["家庭医生签约服务", "疫苗冷链运维"]
    assert {f.header.unit for f in forms} == {"301001-某县卫生健康局本级"}
    assert [len(f.indicators) for f in forms] == [2, 2]
    assert [amount(f.funding.rows[0].budget) for f in forms] == [125, 8.6]  # 元 -> 万元
    assert forms[1].indicators[1].cells["target"] == "I7"
    report, _ = check_file(path)
    assert not [f for f in report.findings if f.severity == "error"]


def test_each_project_is_a_row_of_the_merge(tmp_path):
    result = merge([repeated(tmp_path)], workers=1)
    assert [(r.project, r.target_budget) for r in result.forms] == [
        (ROADS, 120.5),
        (WATER, 36),
        (TRAINING, 18.25),
    ]


def test_inspect_reads_the_project_columns_and_names_each_project(tmp_path):
    path = repeated(tmp_path)
    run = subprocess.run([*JIXIAO, "inspect", str(path), "--json"], capture_output=True, text=True)
    tables = json.loads(run.stdout)["sheets"][0]["tables"]
    assert [t["rows_read"] for t in tables] == [4, 3, 3]
    assert all(ROADS in tables[0]["title"] for _ in [0]) and WATER in tables[1]["title"]
    fields = {c["header"]: c["field"] for c in tables[0]["columns"]}
    assert (fields["项目名称"], fields["预算数（万元）"], fields["年度目标"]) == (
        "project",
        "budget",
        "goal",
    )
    assert not any("项目名称" in gap for t in tables for gap in t["not_understood"])
    assert (
        "jixiao vocab add"
        not in subprocess.run(
            [*JIXIAO, "inspect", str(path)], capture_output=True, text=True
        ).stdout
    )


@pytest.mark.parametrize("with_column", [False, True])
def test_one_project_is_one_form(tmp_path, with_column):
    """A normal table whose 项目名称 is in the header block is not split; a 项目名称 column
    naming one project down all its rows is that one project."""
    rows = [
        ["项目支出绩效目标表"],
        ["项目名称", "乡镇文化站免费开放"],
        ["主管部门", "某县文化广电旅游局"],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "数量指标", "开放天数", "≥300天", 40],
        ["产出指标", "质量指标", "活动场次", "≥24场", 30],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", 30],
    ]
    if with_column:
        rows = [rows[0], rows[2]] + [
            ["项目名称" if r == 3 else "乡镇文化站免费开放", *row]
            for r, row in enumerate(rows[3:], 3)
        ]
    (form,) = read_forms(read_grid(book(tmp_path / "单项目.xlsx", rows)))
    assert form.header.project == "乡镇文化站免费开放"
    assert form.header.cells["project"] == ("A4" if with_column else "B2")
    assert [i.name for i in form.indicators] == ["开放天数", "活动场次", "群众满意度"]


def test_a_self_evaluation_is_cross_checked_against_its_own_project(tmp_path):
    """The water project's self-evaluation, checked against the three-project target table:
    paired with the water project by name, its lowered 满意度 target is said on its cell."""
    targets = repeated(tmp_path)
    evaluation = book(
        tmp_path / "自评.xlsx",
        [
            ["项目支出绩效自评表"],
            ["项目名称", WATER],
            ["主管部门", "某县农业农村局"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "维修工程数量", "=12处", "12处", 40, 40],
            ["效益指标", "社会效益指标", "供水保障率", "≥95%", "96%", 30, 30],
            ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", 30, 30],
        ],
    )
    run = subprocess.run(
        [*JIXIAO, "check", str(evaluation), "--targets", str(targets), "--json"],
        capture_output=True,
        text=True,
    )
    found = json.loads(run.stdout)["findings"]
    cross = [f for f in found if f["code"].startswith("JX7")]
    assert "JX706" not in {f["code"] for f in cross}  # paired with its project's form
    lowered = [f for f in cross if f["cell"] == "D7"]
    assert lowered and "≥95" in lowered[0]["message"] and "G10" in lowered[0]["message"]
    assert not [f for f in cross if f["cell"] == "D5"]  # =12处 as approved
    # only the water project's own approved indicator is missing, none of the other projects'
    missing = [f["message"] for f in cross if f["code"] == "JX701"]
    assert len(missing) == 1 and "完工时间" in missing[0]


def self_evaluations(tmp_path: Path) -> Path:
    """Two projects' self-evaluations in one table, each project's cells merged down over its
    rows, with 年初预算数 / 全年预算数 / 全年执行数 columns (万元). The lighting project's 得分
    of 亮灯率 is 25 for a 20-point row (K9)."""
    head = ["项目名称", "年初预算数", "全年预算数", "全年执行数", "一级指标", "二级指标",
            "三级指标", "年度指标值", "实际完成值", "分值", "得分"]  # fmt: skip
    roads = ["乡村道路保洁", 50, 48, 45.6]
    lights = ["路灯维护", 20, 20, 19]
    rows = [
        ["2023年度项目支出绩效自评表"],
        ["单位名称：某镇人民政府"],
        head,
        [*roads, "产出指标", "数量指标", "保洁里程", "≥120公里", "125公里", 25, 25],
        [None] * 4 + ["产出指标", "质量指标", "保洁达标率", "≥95%", "96%", 25, 25],
        [None] * 4 + ["效益指标", "社会效益指标", "村容村貌改善", "明显改善", "明显改善", 30, 30],
        [None] * 4 + ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 10, 10],
        [*lights, "产出指标", "数量指标", "维护路灯数量", "≥600盏", "620盏", 30, 30],
        [None] * 4 + ["产出指标", "质量指标", "亮灯率", "≥98%", "99%", 20, 25],
        [None] * 4 + ["效益指标", "社会效益指标", "夜间出行安全", "提升", "提升", 30, 30],
        [None] * 4 + ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10],
    ]
    merges = tuple(f"{c}{a}:{c}{b}" for c in "ABCD" for a, b in ((4, 7), (8, 11)))
    return book(tmp_path / "自评多项目.xlsx", rows, merges=("A1:K1", *merges))


def test_several_self_evaluations_in_one_table(tmp_path):
    path = self_evaluations(tmp_path)
    forms = read_forms(read_grid(path))
    assert [(f.form, f.header.project) for f in forms] == [
        ("project_self", "乡村道路保洁"),
        ("project_self", "路灯维护"),
    ]
    money = [
        tuple(amount(getattr(f.funding.rows[0], k)) for k in ("initial", "budget", "spent"))
        for f in forms
    ]
    assert money == [(50, 48, 45.6), (20, 20, 19)]
    assert forms[1].funding.rows[0].cells == {"initial": "B8", "budget": "C8", "spent": "D8"}
    report, _ = check_file(path)
    errors = {(f.cell, f.subject) for f in report.findings if f.severity == "error"}
    assert ("K9", "路灯维护") in errors  # 得分 25 over its 20 points, on its own form
    assert {subject for _, subject in errors} == {"路灯维护"}
    result = merge([path], workers=1)
    assert [(r.project, r.budget, r.spent) for r in result.forms] == [
        ("乡村道路保洁", 48, 45.6),
        ("路灯维护", 20, 19),
    ]


def test_self_evaluations_are_prefilled_one_per_project(tmp_path):
    made = subprocess.run(
        [
            *JIXIAO,
            "new",
            "project_self",
            "--from",
            str(repeated(tmp_path)),
            "-o",
            str(tmp_path / "自评表.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    written = sorted(tmp_path.glob("自评表-*.xlsx"))
    assert [p.name for p in written] == [
        f"自评表-1-{ROADS}.xlsx",
        f"自评表-2-{WATER}.xlsx",
        f"自评表-3-{TRAINING}.xlsx",
    ]
    (water,) = read_forms(read_grid(written[1]))
    assert water.header.project == WATER
    assert [i.name for i in water.indicators] == ["维修工程数量", "完工时间", "受益群众满意度"]


def test_the_same_project_name_under_two_units_is_two_projects(tmp_path):
    """Two schools of one bureau each list their 公用经费, unit and name on every row."""
    head = ["单位名称", "项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"]
    rows = [["部门预算项目绩效目标表"], head]
    for school, budget in (("第一小学", 30), ("第二小学", 42)):
        rows += [
            [school, "公用经费", budget, "产出指标", "数量指标", "保障学生人数", "≥800人"],
            [school, "公用经费", budget, "效益指标", "社会效益指标", "正常教学秩序", "保障"],
        ]
    forms = read_forms(read_grid(book(tmp_path / "两校.xlsx", rows)))
    assert [(f.header.unit, f.header.project) for f in forms] == [
        ("第一小学", "公用经费"),
        ("第二小学", "公用经费"),
    ]
    assert [amount(f.funding.rows[0].budget) for f in forms] == [30, 42]
    assert [len(f.indicators) for f in forms] == [2, 2]

"""Foreign layouts by pattern: small workbooks written with openpyxl, read back as a county
file is read, one per pattern real forms show (two-row headers, synonyms, flat tables,
totals, footers and placeholders, money suffixes, totals in the header block)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from addin.check.run import check_file
from addin.core.scoring import amount, score_form
from addin.reader import read_forms, read_report
from addin.reader.vocabulary import vocabulary
from addin.workbook.files import read_grid

Row = list[object]


def write(tmp_path: Path, rows: list[Row], merges: tuple[str, ...] = (), name="表.xlsx") -> Path:
    """A one-sheet workbook of ``rows`` (None for an empty cell) with merged ranges."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    path = tmp_path / name
    book.save(path)
    return path


def forms_of(path: Path):
    return read_forms(read_grid(path))


FUNDING = [
    ["项目支出绩效自评表"],
    ["项目名称", "乡村道路养护"],
    ["主管部门", "县交通运输局", None, "实施单位", "县公路中心"],
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", 100, 100, 95, 10, "95%", 9.5],
]


def test_two_row_header_with_merged_cells(tmp_path):
    rows = [
        *FUNDING,
        [
            "绩效指标",
            None,
            None,
            "年度指标值",
            None,
            None,
            "实际完成值",
            "分值",
            "得分",
            "偏差原因",
        ],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "养护里程", "≥", 120, "公里", 125, 50, 50, None],
        ["效益指标", "社会效益指标", "群众出行便利", "定性", "明显改善", None, "明显改善", 30, 30],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%", 93, 10, 10],
    ]
    merges = ("A6:C6", "D6:F6", "G6:G7", "H6:H7", "I6:I7", "J6:J7")
    (form,) = forms_of(write(tmp_path, rows, merges))
    assert [i.name for i in form.indicators] == ["养护里程", "群众出行便利", "群众满意度"]
    first = form.indicators[0]
    assert (first.op, first.target, first.unit, first.actual) == ("≥", "120", "公里", "125")
    assert (first.points, first.score) == ("50", "50")
    assert first.cells["actual"] == "G8" and first.cells["unit"] == "F8"


COLUMN_CASES = [
    (field, name)
    for field, names in vocabulary().columns.items()
    for name in names
    if field in ("target", "actual", "points", "score", "reason", "name", "unit", "op")
]


@pytest.mark.parametrize(("field", "header"), COLUMN_CASES)
def test_each_column_synonym_is_read(tmp_path, field, header):
    columns = {
        "name": "三级指标",
        "op": "指标性质",
        "target": "年度指标值",
        "unit": "度量单位",
        "actual": "实际完成值",
        "points": "分值",
        "score": "得分",
        "reason": "偏差原因分析及改进措施",
    }
    columns[field] = header + "(A)" if field == "target" else header
    values = {
        "name": "培训人次",
        "op": "≥",
        "target": "500",
        "unit": "人次",
        "actual": "520",
        "points": "20",
        "score": "20",
        "reason": "无偏差",
    }
    head = ["一级指标", "二级指标", *columns.values()]
    row = ["产出指标", "数量指标", *(values[k] for k in columns)]
    (form,) = forms_of(write(tmp_path, [*FUNDING, head, row]))
    (ind,) = form.indicators
    assert getattr(ind, field) == values[field]


def test_flat_department_table_with_coefficient_and_weight(tmp_path):
    rows = [
        ["部门整体绩效自评表"],
        ["预算部门", "县文化馆", None, None, "自评总分(分)", 98],
        ["绩效指标", "指标名称", "计量单位", "指标性质", "年初指标值", "全年完成值",
         "得分系数(%)", "指标权重(分)", "指标得分(分)"],
        [None, "免费开放场馆数", "个", "定量指标", "3个", "3个", "100%", 40, 40],
        [None, "公用经费控制率", "%", "定量指标", "100%", "96%", "100%", 20, 20],
        [None, "群众满意度", "%", "定量指标", "≥90%", "95%", "100%", 30, 30],
        ["合计", None, None, None, None, None, None, 90, 90],
        ["填表人：李四", None, None, "填报日期：2024-03-01"],
    ]  # fmt: skip
    path = write(tmp_path, rows, ("A3:A6",))
    (form,) = forms_of(path)
    assert form.form == "dept_self"
    assert form.header.unit == "县文化馆"
    assert [i.name for i in form.indicators] == ["免费开放场馆数", "公用经费控制率", "群众满意度"]
    assert form.indicators[0].category == "定量指标" and form.indicators[0].op is None
    # the 合计 row adds up the indicators (90 of 90); the form's total is the one written
    # in the header block
    assert form.total == "98" and form.cells["total"] == "F2"
    assert form.header.preparer == "李四"
    report, _ = check_file(path)
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [], errors  # 96% of a 100% 控制率 ceiling is within it


def test_totals_footers_notes_and_placeholders_end_or_skip(tmp_path):
    rows = [
        *FUNDING,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "指标1:", None, None, None, None],
        [None, None, "维修桥梁", "3座", "3座", 30, 30],
        [None, "质量指标", "指标2", None, None, None, None],
        [None, None, "……", None, None, None, None],
        [None, "时效指标", None, None, None, None, None],
        ["效益指标", "社会效益指标", "通行安全", "无事故", "无事故", 30, 30],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 30, 30],
        ["合计", None, None, None, None, 90, 90],
        ["评价结论", "总体完成目标"],
        ["存在问题", "个别路段进度滞后"],
        ["单位负责人：王五", None, "填表人：赵六"],
    ]
    path = write(tmp_path, rows)
    (form,) = forms_of(path)
    assert [i.name for i in form.indicators] == ["维修桥梁", "通行安全", "满意度"]
    assert form.total is None  # 合计 90 of 90 points: the indicators alone, not the 总分
    report, _ = check_file(path)
    rows_with_findings = {int("".join(c for c in f.cell if c.isdigit())) for f in report.findings
                          if f.cell}  # fmt: skip
    assert not rows_with_findings & {7, 9, 10, 11, 15, 16, 17}
    sheet = read_report(read_grid(path)).sheets[0]
    (table,) = sheet.tables
    kinds = {r.row: r.kind for r in table.rows}
    assert kinds[7] == kinds[9] == kinds[10] == kinds[11] == "未用的模板行"
    assert kinds[14] == "合计行" and 15 not in kinds


def test_subtotal_and_footer_without_total(tmp_path):
    rows = [
        *FUNDING,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维修桥梁", "3座", "3座", 45, 45],
        [None, "小计", None, None, None, 45, 45],
        ["效益指标", "社会效益指标", "通行安全", "无事故", "无事故", 45, 45],
        ["填表人：赵六", None, None, "联系电话：123"],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["维修桥梁", "通行安全"]
    assert form.header.preparer == "赵六"


@pytest.mark.parametrize(
    ("budget", "spent", "expected"),
    [("250万", "200万", (250, 200)), ("2500000元", "2000000元", (250, 200)),
     ("250万元", 200, (250, 200))],
)  # fmt: skip
def test_money_with_suffixes(tmp_path, budget, spent, expected):
    rows = [
        *FUNDING[:3],
        ["项目资金（万元）", None, "年初预算数", "调整后预算数", "预算执行数", "分值",
         "预算执行率", "得分"],
        [None, "总额", budget, budget, spent, 10, "80%", 8],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维修桥梁", "3座", "3座", 90, 90],
    ]  # fmt: skip
    (form,) = forms_of(write(tmp_path, rows))
    score = score_form(form)
    assert (score.budget, score.spent) == expected
    assert score.execution_rate == pytest.approx(0.8)


def test_zero_total_row_with_amounts_in_its_sub_rows(tmp_path):
    rows = [
        *FUNDING[:4],
        [None, "年度资金总额", 0, 0, 0, 10, "90%", 9],
        [None, "其中：财政拨款", 60, 60, 54],
        [None, "上年结转资金", 40, 40, 36],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维修桥梁", "3座", "3座", 90, 90],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    score = score_form(form)
    assert (score.budget, score.spent) == (100, 90)
    assert score.execution_rate == pytest.approx(0.9)


def test_total_written_in_the_header_block_is_compared(tmp_path):
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "乡村道路养护", None, "自评得分", 98],
        ["实施单位（盖章）", "县公路中心"],
        FUNDING[3],
        [None, "年度资金总额", 100, 100, 100, 10, "100%", 10],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维修桥梁", "3座", "3座", 45, 45],
        ["效益指标", "社会效益指标", "通行安全", "无事故", "无事故", 45, 45],
    ]  # fmt: skip
    path = write(tmp_path, rows)
    (form,) = forms_of(path)
    assert (form.total, form.cells["total"]) == ("98", "E2")
    assert form.header.unit == "县公路中心"
    report, _ = check_file(path)
    assert {f.code for f in report.findings if f.cell == "E2"} == {"JX304"}  # 10+45+45 = 100


def test_legitimate_frameworks_and_section_points_are_not_flagged(tmp_path):
    rows = [
        *FUNDING,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标(50分)", "数量指标", "维修桥梁", "3座", "3座", 25, 25],
        [None, "成本指标", "单位养护成本", "≤2万元/公里", "1.8万元/公里", 25, 25],
        ["效益指标(30分)", "社会效益指标", "通行安全", "无事故", "无事故", 30, 30],
        ["满意度指标(10分)", "社会公众或服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10],
    ]
    report, _ = check_file(write(tmp_path, rows))
    names = [f for f in report.findings if f.code.startswith("JX2") and f.code != "JX211"]
    assert names == []


def test_evaluation_framework_is_not_flagged(tmp_path):
    rows = [
        *FUNDING,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["决策", "项目立项", "立项依据充分性", "充分", "充分", 10, 10],
        ["过程", "资金管理", "资金到位率", "100%", "100%", 20, 20],
        ["产出", "产出数量", "维修桥梁", "3座", "3座", 30, 30],
        ["效益", "项目效益", "通行安全", "无事故", "无事故", 30, 30],
    ]
    report, _ = check_file(write(tmp_path, rows))
    assert [f for f in report.findings if f.code.startswith("JX2")] == []


def test_a_user_vocabulary_file_adds_a_synonym(tmp_path):
    rows = [
        *FUNDING,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "完成实绩", "分值", "得分"],
        ["产出指标", "数量指标", "维修桥梁", "3座", "3座", 90, 90],
    ]
    path = write(tmp_path, rows)
    vocab = tmp_path / "vocabulary.toml"
    vocab.write_text('[columns.actual]\nnames = ["完成实绩"]\n', encoding="utf-8")

    def actual_column(env: dict[str, str]) -> str | None:
        out = subprocess.run(
            [sys.executable, "-m", "addin", "inspect", str(path), "--json"],
            capture_output=True, text=True, check=True, env=env,
        ).stdout  # fmt: skip
        (table,) = json.loads(out)["sheets"][0]["tables"]
        return next(c["field"] for c in table["columns"] if c["header"] == "完成实绩")

    env = dict(os.environ, JIXIAO_VOCABULARY=str(tmp_path / "none.toml"))
    assert actual_column(env) is None
    assert actual_column(env | {"JIXIAO_VOCABULARY": str(vocab)}) == "actual"


def test_two_row_header_with_the_levels_on_top_and_lettered_columns(tmp_path):
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "农村饮水安全"],
        ["主管部门及代码", "县水利局 301"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值",
         "执行率（B/A）", "得分"],
        [None, "年度资金总额", 80, 80, 76, 10, "95%", 9.5],
        ["一级指标", "二级指标", "三级指标", "年度指标值（A）", None, None, "全年实际值（B）",
         "参考分值", "得分", "未完成原因分析及改进措施"],
        [None, None, None, "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "新建水厂", "≥", 2, "座", 2, 45, 45],
        ["效益指标", "社会效益指标", "受益人口", "≥", 1.2, "万人", 1.3, 45, 45],
        ["总分", None, None, None, None, None, None, 100, 99.5],
    ]  # fmt: skip
    merges = ("A6:A7", "B6:B7", "C6:C7", "D6:F6", "G6:G7", "H6:H7", "I6:I7", "J6:J7")
    (form,) = forms_of(write(tmp_path, rows, merges))
    assert form.header.department == "县水利局 301"
    first = form.indicators[0]
    assert (first.op, first.target, first.unit, first.actual) == ("≥", "2", "座", "2")
    assert (first.points, first.score) == ("45", "45")
    assert form.total == "99.5"
    score = score_form(form)
    assert (score.budget, score.spent, score.execution_rate) == (80, 76, pytest.approx(0.95))
    assert len(form.indicators) == 2


def test_flat_table_heading_rows_give_the_levels(tmp_path):
    rows = [
        *FUNDING,
        ["指标名称", "年度指标值", "实际完成值", "分值", "得分"],
        ["一、产出指标(50分)"],
        ["数量指标"],
        ["维修桥梁", "3座", "3座", 50, 50],
        ["二、效益指标(40分)"],
        ["社会效益指标"],
        ["通行安全", "无事故", "无事故", 40, 40],
        ["合计", None, None, 90, 90],
    ]
    path = write(tmp_path, rows)
    (form,) = forms_of(path)
    levels = [(i.level1, i.level2, i.name) for i in form.indicators]
    assert levels == [
        ("一、产出指标(50分)", "数量指标", "维修桥梁"),
        ("二、效益指标(40分)", "社会效益指标", "通行安全"),
    ]
    assert form.indicators[0].cells["level1"] == "A7"
    (table,) = read_report(read_grid(path)).sheets[0].tables
    assert [r.kind for r in table.rows][:3] == ["分组行", "分组行", "指标"]


@pytest.mark.parametrize(
    ("text", "says"),
    [('[columns.actual]\nnames = "完成实绩"\n', "应为一组文字"), ("[columns\n", "无法读取")],
)
def test_a_broken_user_vocabulary_is_named_and_ignored(tmp_path, text, says):
    path = write(tmp_path, [*FUNDING, ["一级指标", "二级指标", "三级指标", "分值", "得分"]])
    vocab = tmp_path / "坏词表.toml"
    vocab.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "addin", "inspect", str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ, JIXIAO_VOCABULARY=str(vocab)),
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "坏词表.toml" in run.stderr and says in run.stderr
    assert "读到 0 行指标" in run.stdout


def test_funding_written_as_label_value_pairs(tmp_path):
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "乡村道路养护"],
        ["全年预算数", "120万元", "全年执行数", "108万元", "执行率", "90%"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维修桥梁", "3座", "3座", 90, 90],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    score = score_form(form)
    assert (score.budget, score.spent) == (120, 108)
    assert form.funding.rate == "90%" and form.funding.cells["rate"] == "F3"


def test_two_row_header_whose_merges_were_lost(tmp_path):
    rows = [
        *FUNDING,
        ["绩效指标", None, None, "年度指标值", None, None, "实际完成值", "分值", "得分"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "养护里程", "≥", 120, "公里", 125, 90, 90],
    ]
    (form,) = forms_of(write(tmp_path, rows))  # no merged cells at all
    (ind,) = form.indicators
    assert (ind.target, ind.actual, ind.points, ind.score) == ("120", "125", "90", "90")


def test_notes_under_a_column_merged_down_the_table_end_it(tmp_path):
    rows = [
        *FUNDING,
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        [None, "产出指标", "数量指标", "维修桥梁", "3座", "3座", 45, 45],
        [None, "效益指标", "社会效益指标", "通行安全", "无事故", "无事故", 45, 45],
        [None, "存在问题", None, "个别路段进度滞后"],
        [None, "改进措施", None, "加强调度"],
    ]
    (form,) = forms_of(write(tmp_path, rows, ("A6:A10", "B9:C9", "B10:C10")))
    assert [i.name for i in form.indicators] == ["维修桥梁", "通行安全"]


def test_a_reason_that_begins_like_a_note_stays_an_indicator(tmp_path):
    rows = [
        *FUNDING,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因",
        ],
        ["产出指标", "数量指标", "维修桥梁", "3座", "2座", 45, 30, "说明：一座因汛期顺延"],
        ["效益指标", "社会效益指标", "通行安全", "无事故", "无事故", 45, 45, "备注：无"],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["维修桥梁", "通行安全"]


def test_a_reason_that_begins_like_a_footer_stays_an_indicator(tmp_path):
    rows = [
        *FUNDING,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因",
        ],
        ["产出指标", "数量指标", "维修桥梁", "3座", "2座", 45, 30, "审核人员不足，一座顺延"],
        ["效益指标", "社会效益指标", "通行安全", "无事故", "无事故", 45, 45],
        [None, None, None, None, "单位负责人（签字）：", None, "填表人：赵六"],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["维修桥梁", "通行安全"]
    assert form.header.preparer == "赵六"


def test_inspect_says_why_a_sheet_gave_no_form(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["填报说明：请按省厅模板填写"])
    table = book.create_sheet("自评表")
    for row in [*FUNDING, ["一级指标", "二级指标", "三级指标", "分值", "得分"]]:
        table.append(row)
    table.append(["产出指标", "数量指标", "维修桥梁", 90, 90])
    path = tmp_path / "两张表.xlsx"
    book.save(path)
    report = read_report(read_grid(path))
    notes = {s.sheet: s.note for s in report.sheets}
    assert "没有找到指标表" in notes["说明"]
    assert notes["自评表"] is None
    (read,) = report.sheets[1].tables
    assert read.not_understood == ["没有找到「指标值」列"]


def test_target_form_money_is_the_year_not_the_long_term_column(tmp_path):
    rows = [
        ["项目支出绩效目标表"],
        ["项目名称", "困难职工帮扶慰问"],
        ["项目资金\n（万元）", "中长期资金总额", 150, None, "年度资金总额", 50],
        [None, "其中：财政拨款", 150, None, "其中：财政拨款", 45],
        [None, "其他资金", 0, None, "其他资金", 5],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "慰问户数", "≥", 300, "户"],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    money = [(r.kind, r.budget, r.cells["budget"]) for r in form.funding.rows]
    assert money == [("total", "50", "F3"), ("fiscal", "45", "F4"), ("other", "5", "F5")]


def test_a_task_table_inside_the_money_block_gives_no_funding_lines(tmp_path):
    rows = [
        ["部门整体支出绩效自评表"],
        ["部门（单位）名称", "某县总工会"],
        ["年度预算", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 560, 585.3, 560.2, 10, "95.71%", 9.57],
        [None, "按收入性质分：", None, None, "按支出性质分："],
        [None, "一般公共预算：", 520.3, None, "其中：基本支出：", 402.5],
        [None, "其他资金：", 65, None, "项目支出：", 182.8],
        ["年度主要任务", "任务名称", None, "主要内容", None, None, "预算金额（万元）"],
        [None, None, None, None, None, None, "总额", "财政拨款", "其他资金"],
        [None, "困难职工帮扶", None, "帮扶200户", None, None, 80, 80, 0],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "帮扶户数", "≥200户", "200户", 90, 90],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    labels = [r.label for r in form.funding.rows]
    assert labels[0] == "年度资金总额" and len(labels) == 5
    assert set(labels[1:]) == {"一般公共预算：", "其中：基本支出：", "其他资金：", "项目支出："}
    assert all(r.budget is not None for r in form.funding.rows)


def test_a_form_title_is_not_a_funding_line(tmp_path):
    rows = [
        ["项目支出绩效目标表"],
        ["项目名称", "乡村道路养护"],
        ["年度资金总额", 100, "其中：财政拨款", 100],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥120公里"],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert [r.kind for r in form.funding.rows] == ["total", "fiscal"]


@pytest.mark.parametrize("written", ["培训合格率≥95%", "培训合格率：≥95%", "培训合格率 ≥ 95%"])
def test_name_and_target_in_one_cell_are_split(tmp_path, written):
    rows = [
        *FUNDING,
        ["一级指标", "二级指标", "三级指标及指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "质量指标", written, "96%", 90, 90],
        ["效益指标", "社会效益指标", "群众出行明显改善", "明显改善", None, None],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    first, second = form.indicators
    target = first.target.replace(" ", "")  # kept as written
    assert (first.name, target, first.cells["target"]) == ("培训合格率", "≥95%", "C7")
    assert (second.name, second.target) == ("群众出行明显改善", None)  # no sign: a name alone
    report, _ = check_file(write(tmp_path, rows, name="b.xlsx"))
    assert not [f for f in report.findings if f.code == "JX102" and f.cell == "C7"]


def test_a_missing_score_is_weight_times_coefficient(tmp_path):
    rows = [
        ["部门整体支出绩效自评表"],
        ["部门名称", "某区融媒体中心"],
        ["指标名称", "指标性质", "年初指标值", "全年完成值", "得分系数(%)", "指标权重(分)"],
        ["重点工作完成率", "定量指标", "100%", "100%", "100%", 50],
        ["政府采购执行率", "定量指标", "100%", "90%", 90, 30],
        ["服务对象满意度", "定量指标", "≥90%", "95%", "100%", 20],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert [(i.score, i.cells["score"]) for i in form.indicators] == [
        ("50", "E4"),
        ("27", "E5"),
        ("20", "E6"),
    ]


def test_execution_rate_inside_the_table_makes_the_points_100(tmp_path):
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "测试项目"],
        ["预算数（万元）", 100, "执行数（万元）", 95],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重（%）", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥500人", "520人", 40, 40],
        ["产出指标", "成本指标", "预算执行率", "≥90%", "95%", 10, 10],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", 40, 40],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10],
        ["合计", None, None, None, None, 100, 100],
    ]
    path = write(tmp_path, rows)
    report, (scores,) = check_file(path)
    assert scores.total == 100  # not 110: the execution score is the row's, counted once
    codes = {f.code for f in report.findings}
    assert not codes & {"JX301", "JX305", "JX501", "JX308"}, report.findings
    rows[-1][5], rows[4][5] = 110, 50  # the table's points then add up to 110
    report, _ = check_file(write(tmp_path, rows, name="b.xlsx"))
    assert [f.message for f in report.findings if f.code == "JX301"] == ["分值合计为 110，应为 100"]


@pytest.mark.parametrize(
    ("unit_cell", "budget_header", "expected"),
    [
        ("金额单位：元", "全年预算数", 118.0),
        (None, "全年预算数（元）", 118.0),
        ("（单位：万元）", "全年预算数", 1180000.0),
        (None, "全年预算数", 1180000.0),  # no unit said: 万元, as the forms print
    ],
)
def test_amounts_are_read_in_the_unit_the_form_states(tmp_path, unit_cell, budget_header, expected):
    rows = [
        ["项目支出绩效自评表", None, None, None, None, unit_cell],
        ["项目名称", "乡村医生培训"],
        ["项目资金", None, "年初预算数", budget_header, "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 1180000, "1,180,000", 1121000, 10, "95%", 9.5],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥200人", "210人", 90, 90],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    total = form.funding.rows[0]
    assert amount(total.budget) == pytest.approx(expected)
    assert amount(total.spent) == pytest.approx(expected * 0.95)
    report, _ = check_file(write(tmp_path, rows, name="b.xlsx"))
    assert not [f for f in report.findings if f.code in ("JX306", "JX307", "JX401")]


def test_a_spending_plan_in_yuan_matches_its_budget(tmp_path):
    rows = [
        ["项目支出绩效目标表", None, None, None, "单位：元"],
        ["项目名称", "乡村医生培训"],
        ["项目资金", "年度资金总额", 1180000, "其中：财政拨款", 1180000],
        ["资金支出计划", "3月底", "6月底", "10月底", "12月底"],
        [None, 200000, 600000, 1000000, 1180000],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人数", "≥200人"],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert form.header.money_unit == "元"
    assert amount(form.plan.m12) == amount(form.funding.rows[0].budget) == pytest.approx(118)
    report, _ = check_file(write(tmp_path, rows, name="b.xlsx"))
    assert not [f for f in report.findings if f.code in ("JX404", "JX405", "JX401")]


HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
OUTPUT = ["产出指标", "数量指标", "培训人数", "≥500人", "520人", 50, 50]
BENEFIT = ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", 30, 30]
SATISFACTION = ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10]
TOTAL = ["总分", None, None, None, None, 100, 100]


def test_a_blank_line_between_groups_does_not_end_the_table(tmp_path):
    rows = [*FUNDING, HEADER, OUTPUT, [], BENEFIT, [], [], SATISFACTION, TOTAL]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["培训人数", "就业率", "学员满意度"]
    assert form.total == "100" and form.cells["total"] == "G13"


def test_a_blank_line_before_notes_still_ends_the_table(tmp_path):
    rows = [*FUNDING, HEADER, OUTPUT, BENEFIT, SATISFACTION, [], ["说明：", "按规定填报"]]
    (form,) = forms_of(write(tmp_path, rows))
    assert len(form.indicators) == 3


def test_a_header_printed_again_inside_the_table_is_skipped(tmp_path):
    rows = [*FUNDING, HEADER, OUTPUT, HEADER, BENEFIT, SATISFACTION, TOTAL]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["培训人数", "就业率", "学员满意度"]
    assert form.total == "100"


def test_level_headings_on_their_own_rows_give_the_levels(tmp_path):
    rows = [
        *FUNDING,
        HEADER,
        ["产出指标"],
        [None, "数量指标", "培训人数", "≥500人", "520人", 50, 50],
        ["效益指标"],
        [None, "社会效益指标", "就业率", "≥80%", "85%", 30, 30],
        ["满意度指标"],
        [None, "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10],
        TOTAL,
    ]
    path = write(tmp_path, rows)
    (form,) = forms_of(path)
    assert [(i.level1, i.cells["level1"]) for i in form.indicators] == [
        ("产出指标", "A7"),
        ("效益指标", "A9"),
        ("满意度指标", "A11"),
    ]
    report, _ = check_file(path)
    assert not [f for f in report.findings if f.code in ("JX209", "JX210", "JX201")]


def test_a_three_row_header_with_value_and_unit_under_the_target(tmp_path):
    rows = [
        *FUNDING,
        ["绩效指标", None, None, "指标值", None, None, "实际完成值", "分值", "得分"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", None, None, None, None],
        [None, None, None, None, "数值", "单位", None, None, None],
        ["产出指标", "数量指标", "培训人数", "≥", "500", "人", "520", 50, 50],
        ["效益指标", "社会效益指标", "就业率", "≥", "80", "%", "85", 30, 30],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "≥", "90", "%", "95", 10, 10],
    ]
    merges = ("A6:C6", "D6:F6", "G6:G8", "H6:H8", "I6:I8", "A7:A8", "B7:B8", "C7:C8", "D7:D8",
              "E7:F7")  # fmt: skip
    path = write(tmp_path, rows, merges)
    (form,) = forms_of(path)
    first = form.indicators[0]
    assert (first.op, first.target, first.unit, first.actual) == ("≥", "500", "人", "520")
    report, _ = check_file(path)
    assert not [f for f in report.findings if f.code == "JX103"]


def test_a_blank_line_then_a_heading_row_and_a_reprinted_tall_header(tmp_path):
    band = [
        ["绩效指标", None, None, "年度指标值", None, "实际完成值", "分值", "得分"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值"],
    ]
    rows = [
        *FUNDING,
        *band,
        ["产出指标"],
        [None, "数量指标", "培训人数", "≥", "500人", "520人", 50, 50],
        [],
        ["效益指标"],
        [None, "社会效益指标", "就业率", "≥", "80%", "85%", 30, 30],
        *band,
        ["满意度指标", "服务对象满意度指标", "学员满意度", "≥", "90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 100],
    ]
    merges = ("A6:C6", "D6:E6", "F6:F7", "G6:G7", "H6:H7", "A13:C13", "D13:E13", "F13:F14",
              "G13:G14", "H13:H14")  # fmt: skip
    (form,) = forms_of(write(tmp_path, rows, merges))
    assert [(i.level1, i.name) for i in form.indicators] == [
        ("产出指标", "培训人数"),
        ("效益指标", "就业率"),
        ("满意度指标", "学员满意度"),
    ]
    assert form.total == "100"


@pytest.mark.parametrize("own_level1", [True, False])
def test_midterm_and_annual_indicators_side_by_side_read_the_year(tmp_path, own_level1):
    left, right = ["一级指标", "二级指标", "三级指标", "指标值"], ["二级指标", "三级指标", "指标值"]
    if own_level1:
        right = ["一级指标", *right]
    rows = [
        ["项目支出绩效目标申报表"],
        ["项目名称", "老旧小区改造"],
        ["项目资金", "中期资金总额：", 3600, None, "年度资金总额：", 1200],
        ["总体目标", "中期目标（2024年-2026年）", None, None, "年度目标"],
        [None, "三年改造30个", None, None, "改造10个"],
        *([None, f"目标{n}：……", None, None, f"目标{n}：……"] for n in range(2, 7)),
        ["绩效指标", *left, *right],
        [None, "产出指标", "数量指标", "改造小区", "≥30个", *(["产出指标"] if own_level1 else []),
         "数量指标", "改造小区", "≥10个"],
    ]  # fmt: skip
    (form,) = forms_of(write(tmp_path, rows))
    (ind,) = form.indicators
    assert (ind.level1, ind.name, ind.target) == ("产出指标", "改造小区", "≥10个")
    assert form.goal == "改造10个" and form.cells["goal"] == "E5"
    assert [(r.kind, r.budget) for r in form.funding.rows] == [("total", "1200")]


def test_two_indicator_sets_without_midterm_labels_read_the_first(tmp_path):
    rows = [
        ["项目支出绩效目标表"],
        ["项目名称", "老旧小区改造"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
        ],
        [
            "产出指标",
            "数量指标",
            "改造小区",
            "≥30个",
            "效益指标",
            "社会效益指标",
            "居住条件",
            "改善",
        ],
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["改造小区"]


@pytest.mark.parametrize("described", ["得分标准", "评分标准", "分值说明", "计分方法"])
def test_a_column_saying_how_a_value_is_given_is_not_the_value(tmp_path, described):
    head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        described,
        "分值",
        "得分",
    ]
    row = ["产出指标", "数量指标", "培训人数", "≥500人", "520人", "完成得满分", 90, 90]
    (form,) = forms_of(write(tmp_path, [*FUNDING, head, row]))
    (ind,) = form.indicators
    assert (ind.points, ind.score) == ("90", "90")


def test_provincial_header_labels_are_read(tmp_path):
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "乡村道路养护", None, "项目主管部门", "县交通运输局"],
        ["预算单位名称", "县公路中心", None, "项目实施单位", "县公路养护站"],
        *FUNDING[3:],
        HEADER,
        OUTPUT,
    ]
    (form,) = forms_of(write(tmp_path, rows))
    header = form.header
    assert (header.department, header.implementer, header.unit) == (
        "县交通运输局",
        "县公路养护站",
        "县公路中心",
    )


def test_a_total_under_the_indicators_sum_is_the_forms_total(tmp_path):
    rows = [
        *FUNDING,
        HEADER,
        OUTPUT,
        BENEFIT,
        SATISFACTION,
        ["合计", None, None, None, None, 90, 90],
        ["总分", None, None, None, None, 100, 99],
    ]
    path = write(tmp_path, rows)
    (form,) = forms_of(path)
    assert (form.total, form.cells["total"]) == ("99", "G11")
    report, _ = check_file(path)
    assert [(f.code, f.cell) for f in report.findings if f.severity == "error"] == [
        ("JX304", "G11")
    ]


@pytest.mark.parametrize("total_line", [True, False])
def test_money_by_source_with_a_total_line_or_none(tmp_path, total_line):
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "乡村道路养护"],
        ["资金来源", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "财政拨款", 80, 80, 76],
        [None, "其他资金", 20, 20, 19],
        *([[None, "合计", 100, 100, 95, 10, "95%", 9.5]] if total_line else []),
        HEADER,
        ["产出指标", "数量指标", "养护里程", "≥120公里", "125公里", 90, 90],
    ]
    path = write(tmp_path, rows)
    (form,) = forms_of(path)
    _, (scores,) = check_file(path)
    assert (scores.budget, scores.spent, scores.execution_rate) == (100, 95, 0.95)
    if total_line:
        assert (form.funding.rows[-1].kind, form.funding.rate) == ("total", "95%")
    assert read_report(read_grid(path)).sheets[0].tables[0].unread == []


def test_a_total_row_with_an_empty_score_cell_has_no_written_total(tmp_path):
    rows = [*FUNDING, HEADER, OUTPUT, BENEFIT, SATISFACTION, ["总分", None, None, None, None, 100]]
    (form,) = forms_of(write(tmp_path, rows))
    assert form.total is None  # the 100 under 分值 is not the 总分


def test_section_rows_with_their_own_points_are_headings_not_indicators(tmp_path):
    flat = [
        *FUNDING,
        ["序号", "指标名称", "指标值", "完成值", "分值", "得分"],
        ["一", "产出指标", None, None, 60, 60],
        ["1", "培训人数", "≥500人", "520人", 60, 60],
        ["二", "效益指标", None, None, 30, 30],
        ["1", "就业率", "≥80%", "85%", 30, 30],
        ["合计", None, None, None, 90, 90],
    ]
    tree = [
        *FUNDING,
        HEADER,
        ["产出指标", None, None, None, None, 60, 60],
        [None, "数量指标", "培训人数", "≥500人", "520人", 60, 60],
        ["效益指标", None, None, None, None, 30, 30],
        [None, "社会效益指标", "就业率", "≥80%", "85%", 30, 30],
        ["合计", None, None, None, None, 90, 90],
    ]
    for n, rows in enumerate((flat, tree)):
        path = write(tmp_path, rows, name=f"{n}.xlsx")
        (form,) = forms_of(path)
        assert [(i.level1, i.name, i.points) for i in form.indicators] == [
            ("产出指标", "培训人数", "60"),
            ("效益指标", "就业率", "30"),
        ]
        report, _ = check_file(path)
        assert not [f for f in report.findings if f.severity == "error"], report.findings


@pytest.mark.parametrize("actual_label", ["完成情况", "实际完成情况", "全年实际完成情况"])
def test_the_goal_under_its_label_beside_a_completion_column(tmp_path, actual_label):
    rows = [
        *FUNDING,
        ["年度目标", None, actual_label],
        [None, "培训500人", None, "培训520人"],
        HEADER,
        OUTPUT,
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert (form.goal, form.cells["goal"]) == ("培训500人", "B7")


def test_a_kind_column_beside_the_sign_column(tmp_path):
    head = ["一级指标", "二级指标", "三级指标", "指标类型", "计算符号", "年度指标值", "实际完成值",
            "分值", "得分"]  # fmt: skip
    row = ["产出指标", "数量指标", "培训人数", "定量", "≥", "500人", "520人", 90, 90]
    (form,) = forms_of(write(tmp_path, [*FUNDING, head, row]))
    (ind,) = form.indicators
    assert (ind.category, ind.op, ind.cells["category"]) == ("定量", "≥", "D7")


def test_points_merged_over_two_indicators_are_shared_not_doubled(tmp_path):
    rows = [
        *FUNDING,
        HEADER,
        ["产出指标", "数量指标", "培训人数", "≥500人", "520人", 50, 50],
        [None, None, "培训班次", "≥10期", "12期", None, None],
        BENEFIT,
        SATISFACTION,
        ["总分", None, None, None, None, 100, 99.5],
    ]
    path = write(tmp_path, rows, ("F7:F8", "G7:G8", "A7:A8", "B7:B8"))
    (form,) = forms_of(path)
    assert [(i.points, i.score) for i in form.indicators[:2]] == [("25", "25"), ("25", "25")]
    report, _ = check_file(path)
    assert not [f for f in report.findings if f.severity == "error"], report.findings


def test_a_blank_line_then_the_header_again_is_one_table(tmp_path):
    rows = [*FUNDING, HEADER, OUTPUT, [], HEADER, BENEFIT, SATISFACTION, TOTAL]
    (form,) = forms_of(write(tmp_path, rows))
    assert [i.name for i in form.indicators] == ["培训人数", "就业率", "学员满意度"]
    assert form.total == "100"


def test_an_execution_row_beside_a_scored_money_block_keeps_the_90(tmp_path):
    rows = [
        *FUNDING,
        HEADER,
        ["产出指标", "数量指标", "培训人数", "≥500人", "520人", 40, 40],
        ["成本指标", "经济成本指标", "预算执行率", "≥90%", "95%", 10, 10],
        BENEFIT,
        SATISFACTION,
        ["总分", None, None, None, None, 100, 99.5],
    ]
    report, (scores,) = check_file(write(tmp_path, rows))
    assert scores.total == 99.5  # 9.5 for the money block + the 90 of the rows
    assert not [f for f in report.findings if f.severity == "error"], report.findings


def test_the_goals_actual_under_its_label_is_read(tmp_path):
    rows = [
        *FUNDING,
        ["年度总体目标", "预期目标", None, "实际完成情况"],
        [None, "养护120公里", None, "养护125公里"],
        HEADER,
        OUTPUT,
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert form.goal == "养护120公里"
    assert (form.header.extra["实际完成情况"], form.header.cells["goal_actual"]) == (
        "养护125公里",
        "D7",
    )


@pytest.mark.parametrize(("header", "unit"), [("年度指标值（%）", "%"), ("指标值(人次)", "人次")])
def test_the_unit_stated_in_the_target_header(tmp_path, header, unit):
    head = ["一级指标", "二级指标", "三级指标", header, "实际完成值", "分值", "得分"]
    row = ["产出指标", "质量指标", "培训合格率", 95, 96, 90, 90]
    path = write(tmp_path, [*FUNDING, head, row])
    (form,) = forms_of(path)
    (ind,) = form.indicators
    assert (ind.unit, ind.cells["unit"]) == (unit, "D6")
    report, _ = check_file(path)
    assert not [f for f in report.findings if f.code == "JX103"]


def test_a_lettered_target_header_states_no_unit(tmp_path):
    head = ["一级指标", "二级指标", "三级指标", "指标值（A）", "实际完成值（B）", "分值", "得分"]
    row = ["产出指标", "质量指标", "培训合格率", "≥95%", "96%", 90, 90]
    (form,) = forms_of(write(tmp_path, [*FUNDING, head, row]))
    assert form.indicators[0].unit is None


def test_the_unit_on_the_money_header_wins_over_a_page_unit(tmp_path):
    rows = [
        ["项目支出绩效自评表", None, None, None, "单位：元"],
        ["项目名称", "乡村医生培训"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数"],
        [None, "年度资金总额", 118, 118, 112.1],
        HEADER,
        OUTPUT,
    ]
    (form,) = forms_of(write(tmp_path, rows))
    assert form.header.money_unit == "万元"
    assert amount(form.funding.rows[0].budget) == 118


@pytest.mark.parametrize(
    ("text", "expected"),
    [("单位", "unit"), ("单位（元）", "unit"), ("单位：万元", None), ("单位名称", None)],
)
def test_the_word_unit_names_a_column_only_alone(text, expected):
    from addin.reader.vocabulary import column_field

    assert column_field(text) == expected

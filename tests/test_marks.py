"""Marks: findings shown on their cells and in a 校验结果 sheet, and cleared exactly."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from addin.check.marks import (
    BACKUP_SHEET,
    RESULT_SHEET,
    ClearAction,
    MarkAction,
    ResultSheetAction,
    apply_to_file,
    plan_marks,
)
from addin.check.run import check_file
from addin.rules import Finding

HUNAN_ROWS = [
    [None, "项目支出名称", None, "区财政送温暖"],
    [
        None,
        "主管部门",
        None,
        "衡阳市总工会",
        None,
        None,
        None,
        None,
        None,
        "实施单位",
        None,
        "雁峰区总工会",
    ],
    [
        None,
        "项目资金(万元)",
        None,
        "资金来源",
        None,
        None,
        "年初预算数",
        None,
        "全年预算数",
        None,
        "全年执行数",
        None,
        "分值",
        None,
        "执行率",
        None,
        "得分",
    ],
    [None, "项目资金(万元)", None, "其中:当年财政拨款", None, None, 1, None, 1, None, 1],
    [
        None,
        "项目资金(万元)",
        None,
        "年度资金总额",
        None,
        None,
        1,
        None,
        1,
        None,
        1,
        None,
        10,
        None,
        "100.00%",
        None,
        "10.00",
    ],
    [
        None,
        "绩效指标",
        None,
        "一级指标",
        None,
        "二级指标",
        None,
        "三级指标",
        None,
        "年度指标值",
        None,
        "实际完成值",
        None,
        "分值",
        None,
        "得分",
        None,
        "偏差原因分析\n及改进措施",
    ],
    [
        None,
        "绩效指标",
        None,
        "产出指标",
        None,
        "数量指标",
        None,
        "慰问人数",
        None,
        "5人",
        None,
        "5人",
        None,
        40,
        None,
        40,
    ],
    [
        None,
        "绩效指标",
        None,
        None,
        None,
        "质量指标",
        None,
        "完成率",
        None,
        "100%",
        None,
        "90%",
        None,
        20,
        None,
        20,
    ],
    [
        None,
        "绩效指标",
        None,
        "效益指标",
        None,
        "社会效益指标",
        None,
        "社会影响力",
        None,
        "有效推动",
        None,
        "有效推动",
        None,
        20,
        None,
        20,
    ],
    [
        None,
        "绩效指标",
        None,
        "满意度指标",
        None,
        "服务对象满意度指标",
        None,
        "职工满意度",
        None,
        "≥95%",
        None,
        "96%",
        None,
        10,
        None,
        10,
    ],
    [None, "总分", None, None, None, None, None, None, None, None, None, None, None, 90, None, 100],
]


@pytest.fixture
def workbook(tmp_path):
    """A Hunan-layout county file whose cells already carry fills and a note of the clerk's."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "送温暖"
    for row in HUNAN_ROWS:
        ws.append(row)
    ws.merge_cells("D7:D8")
    ws["P8"].fill = PatternFill(fill_type="solid", fgColor="00FF00")
    ws["P8"].comment = Comment("clerk's own note", "续燕")
    ws["L8"].fill = PatternFill(fill_type="lightGray", fgColor="123456")
    path = tmp_path / "county.xlsx"
    book.save(path)
    return path


def _snapshot(path):
    book = openpyxl.load_workbook(path)
    cells = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                comment = (cell.comment.text, cell.comment.author) if cell.comment else None
                cells[(ws.title, cell.coordinate)] = (
                    cell.value,
                    cell.fill.fill_type,
                    cell.fill.fgColor.rgb,
                    comment,
                )
    return book.sheetnames, cells


def test_findings_are_marked_on_their_cells(workbook, tmp_path):
    report, _ = check_file(workbook)
    codes = {(f.code, f.cell) for f in report.findings}
    assert ("JX303", "P8") in codes  # 90% against 100%: 18, not the written 20
    assert ("JX603", "R8") in codes  # below its points without a reason
    assert ("JX305", "P11") in codes or ("JX304", "P11") in codes
    marked = tmp_path / "marked.xlsx"
    apply_to_file(workbook, marked, plan_marks(report.findings, report.file))
    book = openpyxl.load_workbook(marked)
    assert book.sheetnames[0] == RESULT_SHEET
    assert book[BACKUP_SHEET].sheet_state == "veryHidden"
    ws = book["送温暖"]
    assert ws["P8"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "JX303" in ws["P8"].comment.text and "修改建议" in ws["P8"].comment.text
    result = book[RESULT_SHEET]
    links = [
        c.hyperlink.location if c.hyperlink.location else c.hyperlink.target
        for c in result["F"]
        if c.hyperlink
    ]
    assert "#'送温暖'!P8" in links or "'送温暖'!P8" in links
    assert f"错误 {report.counts['error']} 项" in result["A1"].value


def test_mark_then_clear_restores_every_cell(workbook, tmp_path):
    before = _snapshot(workbook)
    report, _ = check_file(workbook)
    marked, cleared = tmp_path / "marked.xlsx", tmp_path / "cleared.xlsx"
    apply_to_file(workbook, marked, plan_marks(report.findings))
    assert _snapshot(marked) != before
    apply_to_file(marked, cleared, [ClearAction()])
    assert _snapshot(cleared) == before


def test_marking_twice_equals_marking_once(workbook, tmp_path):
    report, _ = check_file(workbook)
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    apply_to_file(workbook, once, plan_marks(report.findings))
    apply_to_file(once, twice, plan_marks(report.findings))
    assert _snapshot(twice) == _snapshot(once)
    cleared = tmp_path / "cleared.xlsx"
    apply_to_file(twice, cleared, [ClearAction()])
    assert _snapshot(cleared) == _snapshot(workbook)


def test_plan_groups_findings_by_cell_worst_first():
    findings = [
        Finding(code="JX206", severity="info", sheet="S", cell="B2", message="m1", hint="h1"),
        Finding(code="JX301", severity="error", sheet="S", cell="B2", message="m2", hint="h2"),
        Finding(code="JX210", severity="warning", sheet="S", cell=None, message="m3", hint="h3"),
    ]
    actions = plan_marks(findings)
    assert isinstance(actions[0], ClearAction)
    marks = [a for a in actions if isinstance(a, MarkAction)]
    assert len(marks) == 1 and marks[0].color == "FFC7CE"
    assert marks[0].note.index("JX301") < marks[0].note.index("JX206")
    sheet = actions[-1]
    assert isinstance(sheet, ResultSheetAction)
    assert sheet.counts == {"error": 1, "warning": 1, "info": 1}
    assert [r.code for r in sheet.rows] == ["JX301", "JX210", "JX206"]


def test_rules_doc_is_current():
    from pathlib import Path

    from addin.rules import RULES
    from addin.rules.docs import rules_markdown

    doc = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc.strip() == rules_markdown().strip(), "run: jixiao rules --markdown > docs/rules.md"
    for code in RULES:
        assert f"| {code} |" in doc


def test_rescoring_writes_the_rule_scores_into_the_form(workbook, tmp_path):
    from addin.check.actions import check_actions, clear_actions, score_actions
    from addin.workbook.files import read_grid

    grid = read_grid(workbook)
    outcome = score_actions(grid)
    writes = {(a.sheet, a.cell): a.value for a in outcome.actions}
    assert writes[("送温暖", "P8")] == 18.0  # 90% of 100% → 18 of 20, the clerk wrote 20
    assert writes[("送温暖", "P11")] == outcome.scores[0].total == 98.0
    rescored = tmp_path / "rescored.xlsx"
    apply_to_file(workbook, rescored, outcome.actions)
    again = check_actions(read_grid(rescored))
    assert not [f for f in again.report.findings if f.code in ("JX303", "JX304", "JX305")]
    assert clear_actions() == [ClearAction()]


def units(text: str | None) -> int:
    """Width of a text in column units: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text or "")


def test_result_sheet_names_the_project_and_prints_readably(seeds, tmp_path):
    """The demo's Hunan workbook (a 部门整体 form and five projects): every row of 校验结果
    names the project of its form; 宋体 10.5-11 pt, bordered, long texts wrapped in rows
    tall enough for every line."""
    from addin.demo.samples import write_hunan
    from addin.reader import read_forms
    from addin.workbook.files import read_grid

    book_path = tmp_path / "雁峰区总工会_2024自评.xlsx"
    write_hunan(seeds["002"].forms, book_path)
    subjects = {
        f.sheet: f.header.project or f.header.unit
        for f in read_forms(read_grid(book_path))
        if getattr(f, "header", None) is not None
    }
    report, _ = check_file(book_path)
    marked = tmp_path / "marked.xlsx"
    apply_to_file(book_path, marked, plan_marks(report.findings, report.file))
    ws = openpyxl.load_workbook(marked)[RESULT_SHEET]
    header = [c.value for c in ws[2]]
    assert header[3] == "项目" and header[4] == "工作表"
    rows = list(ws.iter_rows(min_row=3))
    assert len(rows) == len(report.findings) > 5
    assert {r[3].value for r in rows} >= {"区财政送温暖", "雁峰区总工会"}
    for row in rows:
        assert row[3].value == subjects[row[4].value], row[4].value
        for cell in row:
            assert cell.font.name == "宋体" and 10 <= cell.font.size <= 11
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
        for n in (3, 6, 7):  # 项目, 说明, 修改建议
            assert row[n].alignment.wrap_text
        width = {n: ws.column_dimensions["ABCDEFGH"[n]].width for n in (3, 6, 7)}
        # a Chinese character is two width units; 13.5 pt a line of 10-11 pt text
        needed = max(
            -(
                -sum(2 if ord(ch) > 0x2E80 else 1 for ch in (row[n].value or ""))
                // int(width[n] * 1.1)
            )
            for n in (3, 6, 7)
        )
        assert ws.row_dimensions[row[0].row].height >= 13.5 * needed, row[6].value

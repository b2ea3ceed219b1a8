"""`jixiao report`: the 自评报告 draft. Its sections follow seed 002's reports and every
figure in it equals what `jixiao score --json` computes for the same workbook."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from addin.demo.samples import write_hunan, write_target
from addin.selfeval.report.sections import INDICATOR_HEADER, SCORE_HEADER

JIXIAO = Path(sys.executable).with_name("jixiao")
DEPT_KINDS = ("dept_self", "sc_dept_self")
PROJECT_SECTIONS = [
    "一、项目支出基本情况",
    "（一）项目支出概况。",
    "（二）项目资金使用管理及完成情况。",
    "二、存在的问题及原因分析",
    "三、有关建议",
    "四、其他需要说明的问题",
]
DEPT_SECTIONS = [  # seed 002's 部门整体支出绩效自评报告: nine headings
    "一、部门（单位）基本情况",
    "二、一般公共预算支出情况",
    "（一）基本支出情况",
    "（二）项目支出情况",
    "三、政府性基金预算支出情况",
    "四、国有资本经营预算支出情况",
    "五、社会保险基金预算支出情况",
    "六、部门整体支出绩效情况",
    "七、存在的问题及原因分析",
    "八、下一步改进措施",
    "九、其他需要说明的情况",
]


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def scores_of(path: Path) -> list[dict]:
    result = run("score", path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return [s for s in data if s["form"] in DEPT_KINDS] + [
        s for s in data if s["form"] not in DEPT_KINDS
    ]


def report_of(path: Path, out: Path):
    result = run("report", path, "-o", out)
    assert result.returncode == 0, result.stderr
    return Document(str(out))


def tables(doc, header) -> list[list[str]]:
    rows = []
    for table in doc.tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        if tuple(cells[0]) == tuple(header):
            rows += cells[1:]
    return rows


def number(text: str) -> float:
    return float(text.removesuffix("%")) / (100 if text.endswith("%") else 1)


def assert_figures_match(doc, scores: list[dict]) -> None:
    """The 自评结果 rows and the indicator rows equal `jixiao score --json`."""
    rows = tables(doc, SCORE_HEADER)
    assert len(rows) == len(scores)
    for row, s in zip(rows, scores, strict=True):
        _, budget, spent, rate, execution, indicators, total, grade = row
        assert number(budget) == pytest.approx(s["budget"])
        assert number(spent) == pytest.approx(s["spent"])
        assert number(rate) == pytest.approx(s["execution_rate"], abs=5e-5)
        assert number(execution) == pytest.approx(s["execution_score"])
        got, points = indicators.split("/")
        assert number(got) == pytest.approx(s["score"])
        assert number(points) == pytest.approx(s["points"])
        assert number(total) == pytest.approx(s["total"])
        assert grade == s["grade"]
    lines = tables(doc, INDICATOR_HEADER)
    expected = [i for s in scores for i in s["indicators"]]
    assert [line[2] for line in lines] == [i["name"] or "" for i in expected]
    for line, ind in zip(lines, expected, strict=True):
        assert number(line[5]) == pytest.approx(ind["points"])
        if ind["score"] is None:
            assert line[6] == "—"
        else:
            assert number(line[6]) == pytest.approx(ind["score"])


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text in PROJECT_SECTIONS + DEPT_SECTIONS]


@pytest.fixture(scope="module")
def hunan(seeds, tmp_path_factory) -> Path:
    """The demo's Hunan self-evaluation (seed 002): 基础数据表, 部门整体, five projects."""
    path = tmp_path_factory.mktemp("hunan") / "雁峰区总工会_2024自评.xlsx"
    write_hunan(seeds["002"].forms, path)
    return path


def test_hunan_report_sections_and_figures(hunan, tmp_path):
    doc = report_of(hunan, tmp_path / "自评报告.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "雁峰区总工会部门整体支出绩效自评报告" in text
    assert "雁峰区总工会项目支出绩效自评汇总报告" in text
    assert headings(doc) == DEPT_SECTIONS + PROJECT_SECTIONS
    scores = scores_of(hunan)
    assert_figures_match(doc, scores)
    assert "编制数 6 人，实际在职人数 6 人。" in text  # from the 基础数据表
    assert "公用经费本年决算 12.93 万元（本年预算 7.68 万元），比上年减少 0.1 万元。" in text
    assert "项目支出本年决算 13.5 万元（本年预算 3 万元），比上年减少 5.5 万元。" in text
    assert "本年度纳入绩效自评的项目共 5 个" in text
    assert "全年预算数合计 13.5 万元，全年执行数合计 13.5 万元，预算执行率 100%。" in text
    warm = next(s for s in scores if s["title"] == "区财政送温暖")
    assert warm["total"] == 90  # the seed's 80 indicator points: the report says so
    assert "1、区财政送温暖：全年预算数 1 万元" in text
    assert "指标得分 80 分（分值 80），自评总分 90 分，等级“优”。" in text
    assert "主要产出：慰问劳模人数 28人。" in text


def test_places_to_write_are_highlighted(hunan, tmp_path):
    out = tmp_path / "自评报告.docx"
    result = run("report", hunan, "-o", out)
    doc = Document(str(out))
    runs = [r for p in doc.paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked and all(t.startswith("【请填写") and t.endswith("】") for t in marked)
    unmarked = [r.text for r in runs if r.font.highlight_color != WD_COLOR_INDEX.YELLOW]
    assert not any("【请填写" in t for t in unmarked)
    assert f"另有 {len(marked)} 处需要填写" in result.stdout.replace("\n", "")


@pytest.fixture(scope="module")
def filled(seeds, tmp_path_factory) -> Path:
    """A self-evaluation pre-filled from Hebei's 项目2 and completed by a clerk: two
    indicators short of target, one with its 偏差原因 and one without."""
    folder = tmp_path_factory.mktemp("filled")
    targets = folder / "目标表.xlsx"
    write_target(seeds["001"].forms, targets)
    out = folder / "自评表.xlsx"
    assert run("new", "project_self", "--from", targets, "--pick", "1", "-o", out).returncode == 0
    book = openpyxl.load_workbook(out)
    ws = book.active
    actuals = {"综合事务完成率": 100, "日常巡查维修率": 90, "及时率": 96, "维修资金使用率": 100,
               "长期使用性": 95, "为县委、县政府开展会议提供场所及保障": 95,
               "县委、县政府满意度": 80}  # fmt: skip
    for cell in ws["D"]:
        if cell.value in actuals:
            ws[f"H{cell.row}"] = actuals[cell.value]
            if cell.value == "日常巡查维修率":
                ws[f"L{cell.row}"] = "雨季停工两周，巡查次数不足"
    ws["H9"] = 8.6  # 全年执行数 of 年度资金总额 (全年预算数 10)
    book.save(out)
    return out


def test_filled_prefill_report_lists_unmet_with_reasons(filled, tmp_path):
    scores = scores_of(filled)
    assert scores[0]["execution_rate"] == pytest.approx(0.86)
    doc = report_of(filled, tmp_path / "报告.docx")
    assert_figures_match(doc, scores)
    paragraphs = doc.paragraphs
    text = "\n".join(p.text for p in paragraphs)
    assert headings(doc) == PROJECT_SECTIONS
    assert "未完全达成的指标 2 项：" in text
    assert "日常巡查维修率：指标值 ≥95，实际完成 90" in text
    assert "偏差原因：雨季停工两周，巡查次数不足" in text
    missing = next(p for p in paragraphs if "县委、县政府满意度：指标值" in p.text)
    assert missing.runs[-1].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert "预算执行率低于 90% 的项目：工会礼堂维护费（86%）。" in text


def test_report_refuses_what_it_cannot_use(seeds, tmp_path):
    targets = tmp_path / "目标表.xlsx"
    write_target(seeds["001"].forms, targets)
    no_self = run("report", targets, "-o", tmp_path / "a.docx")
    assert no_self.returncode == 2 and "没有找到绩效自评表" in no_self.stderr
    wrong = run("report", targets, "-o", tmp_path / "a.xlsx")
    assert wrong.returncode == 2 and "应以 .docx 结尾" in wrong.stderr
    missing = run("report", tmp_path / "无.xlsx", "-o", tmp_path / "a.docx")
    assert missing.returncode == 2 and "无法读取" in missing.stderr
    assert "Traceback" not in no_self.stderr + wrong.stderr + missing.stderr
    assert not (tmp_path / "a.docx").exists()


def test_figures_the_workbook_lacks_are_left_to_write(seeds, tmp_path):
    """Seed 000's Sichuan forms give no 全年执行数: the report asks for it, never shows 0."""
    from addin.demo.samples import write_sichuan

    book = tmp_path / "渠县总工会_2024自评.xlsx"
    write_sichuan(seeds["000"].forms, book)
    scores = scores_of(book)
    assert all(s["spent"] is None and s["total"] is None for s in scores)
    doc = report_of(book, tmp_path / "报告.docx")
    assert headings(doc) == DEPT_SECTIONS + PROJECT_SECTIONS
    first = next(p for p in doc.paragraphs if p.text.startswith("1、"))
    spent = next(r for r in first.runs if r.text == "【请填写：全年执行数】")
    assert spent.font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert "全年执行数 0 万元" not in "\n".join(p.text for p in doc.paragraphs)
    rows = tables(doc, SCORE_HEADER)
    assert len(rows) == len(scores) and all(row[2] == "—" for row in rows)


# --- errors, declared totals, the cover, placeholders and table layout -------------------


def errors_of(path: Path) -> list[dict]:
    result = run("check", path, "--json")
    return [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]


def test_a_form_with_errors_opens_with_them(hunan, tmp_path):
    """Seed 002 still has 3 errors (分值合计, 总分, 得分): the draft's first block lists each
    with file, sheet, cell and message, as `jixiao check` gives them."""
    doc = report_of(hunan, tmp_path / "报告.docx")
    body = doc.element.body
    first = next(el for el in body.iterchildren() if el.tag.endswith(("}p", "}tbl")))
    assert first.tag.endswith("}tbl")  # the box comes before anything else
    lines = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs]
    errors = errors_of(hunan)
    assert lines[0].startswith(f"注意：自评表尚有 {len(errors)} 项错误")
    for n, e in enumerate(errors, 1):
        expected = f"{n}. {hunan.name} · {e['sheet']}!{e['cell']}：{e['message']}（{e['code']}）"
        assert expected in lines


def test_a_form_without_errors_has_no_box(seeds, tmp_path):
    """A second instance: a workbook `jixiao check` finds no error in opens with its title."""
    from addin.demo.samples import write_sichuan

    book = tmp_path / "渠县总工会_2024自评.xlsx"
    write_sichuan(seeds["000"].forms, book)
    assert errors_of(book) == []
    doc = report_of(book, tmp_path / "报告.docx")
    assert not any("项错误" in c.text for t in doc.tables for c in t.rows[0].cells)


def test_declared_and_recomputed_totals_are_both_stated(hunan, tmp_path):
    """The county wrote 100 and 99; the rules give 90 and 100: the draft says both."""
    doc = report_of(hunan, tmp_path / "报告.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "表中填写的总分为 100 分，按计分规则重算为 90 分（相差 10 分）" in text
    assert "表中填写的总分为 99 分，按计分规则重算为 100 分（相差 1 分）" in text
    assert text.count("表中填写的总分为") == 2  # the forms whose totals agree say nothing


def test_dept_report_has_a_cover_page(hunan, tmp_path):
    doc = report_of(hunan, tmp_path / "报告.docx")
    texts = [p.text for p in doc.paragraphs]
    cover = texts.index("雁峰区总工会部门整体支出绩效自评报告")
    assert texts[cover + 1] == "（2024年度）"
    stamp = next(n for n, t in enumerate(texts) if t.startswith("单位名称（盖章）："))
    assert texts[stamp] == "单位名称（盖章）：雁峰区总工会"
    breaks = [n for n, p in enumerate(doc.paragraphs) if 'w:type="page"' in p._p.xml]
    title = texts.index("雁峰区总工会部门整体支出绩效自评报告", cover + 1)
    assert any(stamp < b < title for b in breaks)  # the report starts on the next page
    assert headings(doc)[: len(DEPT_SECTIONS)] == DEPT_SECTIONS


def test_sichuan_asks_only_for_what_the_engine_cannot_compute(seeds, tmp_path):
    """Seed 000 has no 全年执行数: one place asks for it, none for the 执行率, 执行得分,
    总分 or 等级 that follow from it; the 指标得分 the engine has is written; the unit
    "总工会部门" gives no "部门部门" title."""
    from addin.demo.samples import write_sichuan

    book = tmp_path / "渠县总工会_2024自评.xlsx"
    write_sichuan(seeds["000"].forms, book)
    doc = report_of(book, tmp_path / "报告.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    for derived in ("执行率", "执行得分", "总分", "等级"):
        assert f"【请填写：{derived}】" not in text
    assert "部门部门" not in text
    assert "总工会部门整体支出绩效自评报告" in text
    for s in scores_of(book):
        assert f"指标得分 {s['score']:g} 分（分值 {s['points']:g}）" in text


def test_tables_repeat_their_header_and_keep_numbers_whole(hunan, tmp_path):
    doc = report_of(hunan, tmp_path / "报告.docx")
    tables = [t for t in doc.tables if t.rows[0].cells[0].text in (SCORE_HEADER[0], "一级指标")]
    assert len(tables) >= 2
    for table in tables:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            for cell in row.cells[1:]:
                if table.rows[0] is not row and re.fullmatch(r"[\d.,%/-]+", cell.text):
                    assert cell._tc.tcPr.find(qn("w:noWrap")) is not None, cell.text

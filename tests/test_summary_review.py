"""The city summary a reviewer signs: totals per form kind recomputed from the county files
(read back by openpyxl and after LibreOffice recalculates), every form kind merged, the
roster, declared against recomputed totals, 问题清单 levels, letters, safe CSV export."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from addin import api
from addin.core.scoring import amount
from addin.demo.samples import build_samples
from addin.merge.roster import Matcher, RosterUnit, bare_key, unit_key
from addin.merge.tables import INDICATORS
from addin.reader import read_forms
from addin.templates.lo import recalculate
from addin.workbook.files import read_grid

JIXIAO = Path(sys.executable).with_name("jixiao")
KIND = {"dept_self": "部门整体", "sc_dept_self": "部门整体", "project_self": "项目",
        "sc_project_self": "项目"}  # fmt: skip
HYPERLINK = '=HYPERLINK("http://example.invalid","点我")'
AT_SUM = "@SUM(1,2)"


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def counties(tmp_path_factory) -> Path:
    """The five seed workbooks in two province folders; 雁峰 and 渠县 each send a 部门整体
    form and project forms; 正定 and 阳新 send target forms; one project name is a formula."""
    folder = tmp_path_factory.mktemp("市") / "各县"
    made = build_samples(folder)
    for path in made:
        province = "四川" if any(k in path.name for k in ("渠县", "广元")) else "其他"
        (folder / province).mkdir(exist_ok=True)
        shutil.move(path, folder / province / path.name)
    hunan = folder / "其他" / "雁峰区总工会_2024自评.xlsx"
    book = openpyxl.load_workbook(hunan)
    forms = read_forms(read_grid(hunan))
    first_project = next(f for f in forms if f.form.value == "project_self")
    cell = book[first_project.sheet][first_project.header.cells["project"]]
    cell.value, cell.data_type = HYPERLINK, "s"
    second = [f for f in forms if f.form.value == "project_self"][1]
    cell = book[second.sheet][second.header.cells["project"]]
    cell.value, cell.data_type = AT_SUM, "s"
    book.save(hunan)
    return folder


@pytest.fixture(scope="module")
def roster(counties) -> Path:
    path = counties.parent / "名单.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["单位名称", "别名"])
        for name, alias in (
            ("雁峰区总工会", ""),
            ("渠县总工会", "总工会部门"),
            ("广元市总工会", ""),
            ("阳新县总工会", ""),
            ("正定县 总工会", ""),  # a space, and written 正定县总工会本级 in the form
            ("珠晖区总工会", ""),  # expected, never sent
        ):
            writer.writerow([name, alias])
    return path


@pytest.fixture(scope="module")
def merged(counties, roster):
    out = counties.parent / "汇总.xlsx"
    letters, export = counties.parent / "反馈", counties.parent / "导出"
    result = run(
        "merge", counties, "-o", out, "--json", "--roster", roster, "--letters", letters,
        "--export", export, "--workers", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    recalc = recalculate([out], counties.parent / "lo")[0]
    return json.loads(result.stdout), out, recalc, letters, export


def _by_hand(counties: Path) -> dict[str, dict[str, float]]:
    """Per kind, Σ预算数 and Σ执行数 read with openpyxl from the cells the county wrote
    (the 资金总额 / 年度资金总额 row of each self-evaluation), nothing from the merge."""
    sums = {k: {"budget": 0.0, "spent": 0.0, "rate_budget": 0.0, "rate_spent": 0.0}
            for k in ("部门整体", "项目")}  # fmt: skip
    for path in sorted(counties.rglob("*.xlsx")):
        book = openpyxl.load_workbook(path, data_only=True)
        for form in read_forms(read_grid(path)):
            kind = KIND.get(form.form.value)
            if kind is None:
                continue
            total = next((r for r in form.funding.rows if r.kind == "total"), None)
            if total is None:  # no money block (广元's 项目4): nothing to add, said as unread
                continue
            values = {}
            for key in ("budget", "spent"):
                address = total.cells.get(key)
                raw = book[form.sheet][address].value if address else None
                values[key] = amount(str(raw)) if raw not in (None, "") else None
            for key, value in values.items():
                if value is not None:
                    sums[kind][key] += value
            if values["budget"] is not None and values["spent"] is not None:
                sums[kind]["rate_budget"] += values["budget"]
                sums[kind]["rate_spent"] += values["spent"]
    return sums


def _totals(path: Path) -> dict[tuple[str, str], tuple]:
    rows = list(openpyxl.load_workbook(path, data_only=True)["汇总"].iter_rows(values_only=True))
    blank = next(n for n, r in enumerate(rows[2:], 2) if not any(r))
    return {(r[0], r[1]): r for r in rows[blank:] if r[0] and r[1] in ("部门整体", "项目")}


@pytest.mark.parametrize("which", ["openpyxl", "LibreOffice"])
def test_each_kind_total_recomputed_from_the_county_files(counties, merged, which):
    data, out, recalc, _, _ = merged
    hand = _by_hand(counties)
    assert hand["部门整体"]["budget"] > 0 and hand["项目"]["budget"] > 0
    totals = _totals(out if which == "openpyxl" else recalc)
    for kind, sums in hand.items():
        row = totals[(f"{kind}合计", kind)]
        assert row[4] == pytest.approx(sums["budget"]) and row[5] == pytest.approx(sums["spent"])
        assert row[6] == pytest.approx(sums["rate_spent"] / sums["rate_budget"])
    # no figure adds the kinds: neither total nor any subtotal equals their sum
    both = hand["部门整体"]["budget"] + hand["项目"]["budget"]
    assert all(r[4] != pytest.approx(both) for r in totals.values())
    # 雁峰's 部门整体 130.8 万元 is its own line, its projects another
    assert totals[("雁峰区总工会", "部门整体")][4] == pytest.approx(130.8)
    assert totals[("雁峰区总工会", "项目")][4] == pytest.approx(13.5)
    by_kind = data["totals"]["by_kind"]
    assert by_kind["dept"]["budget"] == pytest.approx(hand["部门整体"]["budget"])
    assert by_kind["project"]["budget"] == pytest.approx(hand["项目"]["budget"])


def test_chart_table_says_what_each_figure_covers_and_agrees_with_the_totals(merged):
    _, out, recalc, _, _ = merged
    sheet = openpyxl.load_workbook(recalc, data_only=True)["图表"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "单位")
    assert "已填预算数的表" in header[2] and "两者均已填" in header[4]
    table = {(r[0], r[1]): r for r in rows if r[1] in ("部门整体", "项目")}
    totals = _totals(out)
    for key, row in table.items():
        assert row[2] == pytest.approx(totals[key][4])  # 预算数 as 汇总's subtotal
    qu = table[("渠县总工会", "部门整体")]
    assert qu[2] == pytest.approx(322.66) and qu[6] == "#N/A"  # budget shown, no rate


def test_roster_shows_sent_missing_and_merges_aliases(merged):
    data, out, _, _, _ = merged
    status = {r["unit"]: r for r in data["roster"]}
    assert status["珠晖区总工会"]["status"] == "未报送" and status["珠晖区总工会"]["forms"] == 0
    assert status["渠县总工会"]["status"] == "已报送"
    assert set(status["渠县总工会"]["written"]) == {"总工会部门", "渠县总工会"}
    assert status["正定县 总工会"]["written"] == ["正定县总工会本级"]
    assert status["雁峰区总工会"]["files"] == ["其他/雁峰区总工会_2024自评.xlsx"]
    book = openpyxl.load_workbook(out)
    sheet = {r[0]: r for r in book["报送情况"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert sheet["珠晖区总工会"][1] == "未报送"
    assert "四川/渠县总工会_2024自评.xlsx" in sheet["渠县总工会"][4]
    units = {r[0] for r in book["汇总"].iter_rows(min_row=3, values_only=True)}
    assert "总工会部门" not in units


def test_without_a_roster_one_unit_written_two_ways_is_a_warning(counties, tmp_path):
    result = run("merge", counties, "-o", tmp_path / "s.xlsx", "--json")
    data = json.loads(result.stdout)
    assert {"unit": "总工会部门", "other": "渠县总工会",
            "file": "四川/渠县总工会_2024自评.xlsx"} in data["name_variants"]  # fmt: skip
    units = {u["unit"] for u in data["units"]}
    assert {"总工会部门", "渠县总工会"} <= units  # reported, not merged silently
    issues = openpyxl.load_workbook(tmp_path / "s.xlsx")["问题清单"]
    assert any(r[6] == "JX903" for r in issues.iter_rows(min_row=3, values_only=True))
    assert "roster" not in data


def test_names_are_compared_after_normalising():
    assert unit_key("渠县 总工会") == unit_key("渠县总工会") == unit_key("渠县总工会本级")
    assert unit_key("ＡＢ总工会") == unit_key("AB总工会")  # full width
    assert bare_key("达州市渠县总工会") == bare_key("总工会部门") == "总工会"
    matcher = Matcher([RosterUnit(name="雁峰区总工会"), RosterUnit(name="渠县财政局")])
    assert matcher.match("雁峰区总工会本级") == "雁峰区总工会"
    assert matcher.match("总工会部门") == "雁峰区总工会"  # no place of its own: the one union
    assert matcher.match("渠县总工会") is None  # another place's union is never 雁峰's


def test_target_forms_are_in_the_summary(merged):
    data, out, _, _, _ = merged
    book = openpyxl.load_workbook(out)
    targets = [r for r in book["目标表"].iter_rows(min_row=3, values_only=True) if r[0]]
    zhengding = [r for r in targets if r[0] == "正定县 总工会"]
    assert len(zhengding) == 6 and zhengding[0][4] == pytest.approx(7.7)
    assert any(r[0] == "阳新县总工会" and r[5] for r in targets)  # the 部门整体 goal
    details = list(book["指标明细"].iter_rows(min_row=3, values_only=True))
    kind_at = [c.key for c in INDICATORS].index("kind")
    planned = [r for r in details if r[kind_at] == "目标"]
    assert len(planned) >= 80
    assert all(r[8] for r in planned[:20])  # 指标值 as written
    assert data["totals"]["by_kind"]["target"]["target_budget"] > 0


def test_declared_and_recomputed_totals_side_by_side(merged):
    data, out, _, _, _ = merged
    sheet = openpyxl.load_workbook(out)["汇总"]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "雁峰区总工会"]
    gap = next(r for r in rows if r[11])
    assert (gap[8], gap[10], gap[11]) == (100, 90, 10)  # 填写总分, 重算总分, 差异
    assert gap[7] == 90  # 分值合计: the points the county listed add to 90
    rules = sheet.conditional_formatting
    assert any("ABS($L3)" in r.formula[0] for cf in rules for r in cf.rules)
    unit = next(u for u in data["units"] if u["difference"])
    assert unit["declared_total"] - unit["total"] == pytest.approx(unit["difference"])
    frame = api.merge([Path(out).parent / "各县"], workers=1).units
    assert {"declared_total", "points_total", "difference"} <= set(frame.columns)


def test_problem_list_is_sorted_named_and_quiet_on_formatting(merged, counties, tmp_path):
    _, out, _, _, _ = merged
    book = openpyxl.load_workbook(out)
    rows = [r for r in book["问题清单"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert rows and not any(r[6] == "JX206" for r in rows)  # formatting-only, left out
    units = [r[0] for r in rows]
    assert units == sorted(units, key=units.index)  # each unit's rows together
    rank = {"错误": 0, "警告": 1, "提示": 2}
    for unit in set(units):
        levels = [rank[r[5]] for r in rows if r[0] == unit]
        assert levels == sorted(levels)
    named = [r for r in rows if r[3] and r[3].startswith("Sheet")]
    assert named and all(r[1] for r in named)  # the project of every Sheet1… row
    # no 执行数 finding on Sichuan forms, whose layout has no 执行数
    assert not any(r[6] == "JX902" and "执行数" in r[7] and "渠县" in r[2] for r in rows)
    full = run("merge", counties, "-o", tmp_path / "all.xlsx", "--level", "info")
    assert full.returncode == 0, full.stderr
    every = openpyxl.load_workbook(tmp_path / "all.xlsx")["问题清单"]
    assert any(r[6] == "JX206" for r in every.iter_rows(min_row=3, values_only=True))
    assert run("merge", counties, "-o", tmp_path / "e.xlsx", "--level", "error").returncode == 0
    kept = openpyxl.load_workbook(tmp_path / "e.xlsx")["问题清单"]
    assert {r[5] for r in kept.iter_rows(min_row=3, values_only=True) if r[0]} == {"错误"}
    counts = {r[0]: r for r in book["问题统计"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert counts["雁峰区总工会"][4] == units.count("雁峰区总工会")
    assert run("merge", counties, "-o", tmp_path / "x.xlsx", "--level", "all").returncode == 2


def test_overview_comes_first_and_prints_on_one_page(merged):
    _, out, _, _, _ = merged
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["总览", "汇总"]
    sheet = book["总览"]
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page: 1 × 1 (1 is the default)
    assert sheet.page_setup.fitToHeight in (None, 1) and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.page_setup.paperSize == 9
    text = " ".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r if c)
    assert "加权" in text and "未报送 1 个" in text and "珠晖区总工会" in text


def test_letters_one_per_unit_with_cells_and_hints(merged):
    _, _, _, letters, _ = merged
    files = sorted(p.name for p in letters.glob("*.docx"))
    assert len(files) == 5 and "雁峰区总工会_反馈.docx" in files
    doc = docx.Document(letters / "雁峰区总工会_反馈.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "填写 100.00、重算 90.00" in text
    cells = [row.cells[0].text for table in doc.tables[1:] for row in table.rows[1:]]
    assert cells and any(c[0].isalpha() and c[-1].isdigit() for c in cells)
    header = doc.tables[0].rows[0]._tr.trPr.xml
    assert "tblHeader" in header and "cantSplit" in header


def test_csv_keeps_county_formulas_as_text_and_parquet_keeps_them_raw(merged):
    _, _, _, _, export = merged
    with (export / "汇总.csv").open(encoding="utf-8-sig") as src:
        projects = [row[3] for row in csv.reader(src)]
    assert "'" + HYPERLINK in projects and "'" + AT_SUM in projects
    assert not any(p.startswith(("=", "@", "+")) for p in projects)
    raw = pq.read_table(export / "汇总.parquet").to_pandas()
    assert {HYPERLINK, AT_SUM} <= set(raw["project"].dropna())
    assert str(raw["errors"].dtype) == "int64"  # counts stay integers
    frame = api.merge([export.parent / "各县"], workers=1)
    assert isinstance(frame.units["grade"].dtype, pd.CategoricalDtype)
    assert frame.units["grade"].cat.ordered and list(frame.units["grade"].cat.categories) == [
        "差", "中", "良", "优",
    ]  # fmt: skip
    assert frame.units["errors"].dtype.name == "Int64"


def test_csv_opens_county_formulas_as_text_in_libreoffice(merged, tmp_path):
    _, _, _, _, export = merged
    converted = recalculate([export / "汇总.csv"], tmp_path)[0]
    sheet = openpyxl.load_workbook(converted)
    values = [c.value for row in sheet.active.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=HYPERLINK") for v in values)
    assert any(isinstance(v, str) and "HYPERLINK" in v for v in values)


def test_schema_document_is_current_and_matches_the_frames(merged):
    from addin.merge.schema_doc import schema_markdown
    from addin.merge.tables import UNITS

    doc = Path(__file__).resolve().parents[1] / "docs" / "summary-schema.md"
    assert doc.read_text(encoding="utf-8").strip() == schema_markdown().strip(), (
        "run: python -m addin.merge.schema_doc > docs/summary-schema.md"
    )
    _, out, _, _, export = merged
    frame = api.merge([export.parent / "各县"], workers=1).units
    sheet = openpyxl.load_workbook(out)["汇总"]
    header = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert list(frame.columns) == [c.key for c in UNITS]
    assert list(header[: len(UNITS)]) == [c.label for c in UNITS]


def test_targets_and_actuals_also_as_number_and_unit(merged):
    """指标明细 and the API give each target and actual as the engine reads it, beside the
    text: "≥95%" is 95 and "%", "13.5万元" is 13.5 and 万元; words give no number."""
    _, out, _, _, export = merged
    frame = api.merge([export.parent / "各县"], workers=1).indicators
    assert str(frame["target_value"].dtype) == "float64"
    rows = frame[["target", "target_value", "target_unit", "actual", "actual_value"]]
    percent = rows[rows["target"] == "≥95%"]
    assert len(percent) > 0
    assert (percent["target_value"] == 95).all() and (percent["target_unit"] == "%").all()
    money = rows[rows["actual"] == "13.5万元"]
    assert len(money) > 0 and (money["actual_value"] == 13.5).all()
    words = rows[rows["target"] == "有效"]
    assert len(words) > 0 and words["target_value"].isna().all()
    sheet = openpyxl.load_workbook(out)["指标明细"]
    header = next(r for r in sheet.iter_rows(max_row=5, values_only=True) if "指标值（数值）" in r)
    at = header.index("指标值")
    assert header[at + 2 : at + 6] == (
        "指标值（数值）", "指标值（单位）", "实际完成值（数值）", "实际完成值（单位）",
    )  # fmt: skip

"""合并汇总 of a folder of county workbooks: counts, failures, totals, traces, safety."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from addin.check.run import score_grid
from addin.demo.samples import build_samples, generate_county_workbooks, write_hunan
from addin.merge.tables import INDICATORS
from addin.workbook.files import read_grid

JIXIAO = Path(sys.executable).with_name("jixiao")
INJECTION = '=HYPERLINK("http://example.invalid","点我")'


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def county_folder(tmp_path_factory, seeds) -> tuple[Path, dict[str, str]]:
    """Samples of every seed layout, generated counties, broken files, an injection, a twin."""
    folder = tmp_path_factory.mktemp("counties")
    good = build_samples(folder / "样例")
    generate_county_workbooks(folder / "各县", 6, seed=7)
    broken = folder / "有问题"
    broken.mkdir()
    (broken / "空文件.xlsx").write_bytes(b"")
    (broken / "不是表格.xlsx").write_text("这不是工作簿", encoding="utf-8")
    (broken / "截断.xlsx").write_bytes(good[2].read_bytes()[:3000])
    with good[2].open("rb") as src, (broken / "加密.xlsx").open("wb") as out:
        OOXMLFile(src).encrypt("123456", out)
    with zipfile.ZipFile(broken / "炸弹.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    shutil.copy(good[2], broken / "雁峰区总工会_再次报送.xlsx")  # the same unit twice
    (folder / "~$雁峰区总工会_2024自评.xlsx").write_bytes(b"lock file")  # skipped
    (folder / "说明.txt").write_text("不是工作簿", encoding="utf-8")  # ignored
    layout = write_hunan(seeds["002"].forms[2:3], folder / "注入.xlsx")
    book = openpyxl.load_workbook(folder / "注入.xlsx")  # text typed as '=… or '+… by a clerk
    sheet = book[layout.forms[0].sheet]
    for key, text in (("implementer", INJECTION), ("project", "+SUM(1,2)")):
        cell = sheet[layout.forms[0].cells[key]]
        cell.value, cell.data_type = text, "s"
    book.save(folder / "注入.xlsx")
    template = seeds["002"].forms[4].model_copy(deep=True)  # 劳模管理, filled into our template
    template.header.implementer, template.header.project = "珠晖区总工会", "劳模管理（模板）"
    data = folder / "模板数据.json"
    data.write_text(template.model_dump_json(), encoding="utf-8")
    (folder / "模板").mkdir()
    made = run("new", "project_self", "-o", folder / "模板" / "珠晖区.xlsx", "--data", data)
    assert made.returncode == 0, made.stderr
    data.unlink()
    reasons = {
        "空文件.xlsx": "文件是空的",
        "不是表格.xlsx": "不是有效的工作簿文件",
        "截断.xlsx": "不是有效的工作簿文件",
        "加密.xlsx": "文件已加密",
        "炸弹.xlsx": "压缩炸弹",
        "雁峰区总工会_再次报送.xlsx": "重复报送",
    }
    return folder, reasons


@pytest.fixture(scope="module")
def merged(county_folder, tmp_path_factory):
    folder, _ = county_folder
    out = tmp_path_factory.mktemp("city") / "汇总.xlsx"
    result = run("merge", folder, "-o", out, "--json", "--workers", "2")
    return result, out


def test_counts_and_named_failures(county_folder, merged):
    folder, reasons = county_folder
    result, out = merged
    assert result.returncode == 3, result.stderr
    data = json.loads(result.stdout)
    workbooks = [p for p in folder.rglob("*.xlsx") if not p.name.startswith("~$")]
    assert data["inputs"] == len(workbooks) == 5 + 6 + 6 + 1 + 1
    failed = {Path(f["file"]).name: f["reason"] for f in data["failed"]}
    twins = {"雁峰区总工会_再次报送.xlsx", "雁峰区总工会_2024自评.xlsx"}
    (twin,) = set(failed) & twins  # whichever comes second in path order is set aside
    assert "重复报送" in failed[twin] and (twins - {twin}).pop() in failed[twin]
    reasons = {k: v for k, v in reasons.items() if k not in twins}
    assert set(failed) - {twin} == set(reasons)
    for name, reason in reasons.items():
        assert reason in failed[name], (name, failed[name])
    assert data["merged"] == data["inputs"] - len(reasons) - 1  # the twin set aside
    assert out.exists()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "总览", "汇总", "报送情况", "目标表", "指标明细",
        "问题清单", "问题统计", "失败文件", "图表",
    ]  # fmt: skip
    listed = {row[0]: row[2] for row in book["失败文件"].iter_rows(min_row=3, values_only=True)}
    skipped = {"~$雁峰区总工会_2024自评.xlsx": "临时文件", "说明.txt": "不是工作簿"}
    assert set(listed) == set(reasons) | {twin} | set(skipped)
    json_skipped = {Path(f["file"]).name: f["reason"] for f in data["skipped"]}
    assert set(json_skipped) == set(skipped)
    for name, reason in skipped.items():
        assert reason in listed[name] and reason in json_skipped[name]


KINDS = {"dept": "部门整体", "project": "项目"}
KIND_OF = {"dept_self": "dept", "sc_dept_self": "dept", "project_self": "project",
           "sc_project_self": "project"}  # fmt: skip


def _total_rows(rows: list[tuple]) -> dict[tuple[str, str], tuple]:
    """The rows under 汇总's table by (A, B): ("部门整体合计", "部门整体") and per unit."""
    blank = next(n for n, r in enumerate(rows) if not any(r))
    return {(r[0], r[1]): r for r in rows[blank:] if r[0] and r[1] in KINDS.values()}


def test_totals_reconcile_with_the_inputs_per_kind(county_folder, merged):
    """Each kind's budget recomputed from the county files (never the two kinds added)."""
    folder, _ = county_folder
    result, out = merged
    data = json.loads(result.stdout)
    expected = {"dept": 0.0, "project": 0.0}
    failed = {Path(f["file"]).name for f in data["failed"]}
    for path in sorted(folder.rglob("*.xlsx")):
        if path.name in failed or path.name.startswith("~$"):
            continue
        for s in score_grid(read_grid(path)):
            if s.budget is not None:
                expected[KIND_OF[s.form]] += s.budget
    by_kind = data["totals"]["by_kind"]
    for kind, budget in expected.items():
        assert by_kind[kind]["budget"] == pytest.approx(budget)
    assert data["totals"]["budget"] == pytest.approx(sum(expected.values()))  # kept as it was
    cached = list(openpyxl.load_workbook(out, data_only=True)["汇总"].iter_rows(values_only=True))
    totals = _total_rows(cached[2:])
    for kind, label in KINDS.items():
        row = totals[(f"{label}合计", label)]
        assert row[4] == pytest.approx(expected[kind])
        assert f"{by_kind[kind]['forms']} 张表" in row[2]
    body = cached[2 : 2 + len(data["units"])]
    for kind, label in KINDS.items():  # the table's rows of a kind add up to its total
        column = [r[4] for r in body if r[1] == label and isinstance(r[4], float | int)]
        assert sum(column) == pytest.approx(expected[kind])
    formulas = list(openpyxl.load_workbook(out)["汇总"].iter_rows(values_only=True))
    dept = _total_rows(formulas[2:])[("部门整体合计", "部门整体")]
    end = len(body) + 2
    at = cached.index(totals[("部门整体合计", "部门整体")]) + 1
    assert dept[4] == f"=SUMPRODUCT((汇总_类别=$B${at}),汇总_预算数)"
    names = openpyxl.load_workbook(out).defined_names
    assert names["汇总_预算数"].attr_text == f"汇总!$E$3:$E${end}"
    assert "部门整体与项目两类表分开合计" in "".join(str(r[0]) for r in cached[-3:] if r[0])


def test_totals_rate_is_over_the_figures_reported_beside_it(merged):
    """执行率 of each kind = 执行数 ÷ 预算数 of exactly its forms that report both; every
    total says how many forms it covers; cached values agree with the JSON."""
    result, out = merged
    data = json.loads(result.stdout)
    units = data["units"]
    cached = list(openpyxl.load_workbook(out, data_only=True)["汇总"].iter_rows(values_only=True))
    rows = _total_rows(cached[2:])
    for kind, label in KINDS.items():
        mine = [u for u in units if KIND_OF.get(u["form"]) == kind]
        both = [u for u in mine if u["budget"] is not None and u["spent"] is not None]
        totals = data["totals"]["by_kind"][kind]
        assert totals["rate_forms"] == len(both)
        assert totals["rate_budget"] == pytest.approx(sum(u["budget"] for u in both))
        assert totals["rate_spent"] == pytest.approx(sum(u["spent"] for u in both))
        rate = totals["rate_spent"] / totals["rate_budget"]
        assert totals["execution_rate"] == pytest.approx(rate)
        row = rows[(f"{label}合计", label)]
        assert f"执行率按两者均已填的 {len(both)} 张" in row[2]
        assert row[6] == pytest.approx(rate)
        for unit in {u["unit"] for u in mine}:  # a subtotal per unit within the kind
            own = [u for u in both if u["unit"] == unit]
            sub = rows[(unit, label)]
            assert sub[4] == pytest.approx(sum(u["budget"] or 0 for u in mine if u["unit"] == unit))
            if own:
                expect = sum(u["spent"] for u in own) / sum(u["budget"] for u in own)
                assert sub[6] == pytest.approx(expect)
            else:
                assert sub[6] in (None, "")


def test_units_without_spending_are_gaps_in_the_charts_not_zero(merged):
    result, out = merged
    units = json.loads(result.stdout)["units"]
    no_rate = {u["unit"] for u in units if u["spent"] is None and u["budget"] is not None} - {
        u["unit"] for u in units if u["spent"] is not None and u["budget"] is not None
    }
    assert no_rate
    charts = openpyxl.load_workbook(out, data_only=True)["图表"]
    table = [r for r in charts.iter_rows(values_only=True) if r[0] and r[1] in KINDS.values()]
    rows = {r[0]: r for r in table}
    for unit in no_rate:
        assert rows[unit][6] == "#N/A", rows[unit]
        assert rows[unit][2] > 0  # its budgets are there, only the rate is missing
    formulas = openpyxl.load_workbook(out)["图表"]
    rate_cells = [r[6] for r in formulas.iter_rows(values_only=True) if r[1] in KINDS.values()]
    assert rate_cells and all("NA()" in c for c in rate_cells)


def test_merging_twice_into_the_input_folder_gives_the_same_figures(tmp_path):
    folder = tmp_path / "各县"
    generate_county_workbooks(folder, 4, seed=3)
    out = folder / "市级汇总.xlsx"
    first = run("merge", folder, "-o", out, "--json", "--workers", "1")
    second = run("merge", folder, "-o", out, "--json", "--workers", "1")
    assert first.returncode == second.returncode == 0, second.stderr
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert (one["units"], one["totals"], one["inputs"]) == (
        two["units"],
        two["totals"],
        two["inputs"],
    )
    assert [Path(s["file"]).name for s in two["skipped"]] == ["市级汇总.xlsx"]
    assert "合并汇总" in two["skipped"][0]["reason"]
    text = run("merge", folder, "-o", tmp_path / "again.xlsx")
    assert "未纳入" in text.stdout and "市级汇总.xlsx" in text.stdout


def test_every_indicator_traces_back_to_its_cell(county_folder, merged):
    folder, _ = county_folder
    _, out = merged
    details = openpyxl.load_workbook(out)["指标明细"]
    at = {c.key: n for n, c in enumerate(INDICATORS)}
    rows = [r for r in details.iter_rows(min_row=3, values_only=True) if r[at["file"]]]
    assert len(rows) > 200
    for row in rows[::37]:
        name, file = row[at["name"]], row[at["file"]]
        sheet, cell = row[at["sheet"]], row[at["cell"]]
        # only the merged folder: other tests leave files of the same name in the temp root
        source = next(folder.rglob(file), None) or _find(file)
        value = openpyxl.load_workbook(source, read_only=True)[sheet][cell].value
        assert str(value).strip() == str(name).strip()


def test_indicator_names_have_a_standard_column_without_line_breaks(merged):
    """County 一级/二级 text keeps its wording, loses its line breaks, and a standard-name
    column beside it groups 「效益\n指标」, 「效益指标」 and 「效益」 under one filter entry."""
    _, out = merged
    rows = list(openpyxl.load_workbook(out)["指标明细"].iter_rows(min_row=3, values_only=True))
    assert not any("\n" in str(v) for r in rows for v in r if v is not None)
    level1 = {(r[2], r[3]) for r in rows}
    assert {std for raw, std in level1 if raw and raw.startswith("效益")} == {"效益指标"}
    assert any(raw != std for raw, std in level1 if raw and std)  # raw text kept as written
    assert {r[5] for r in rows if r[4] == "数量指标"} == {"数量指标"}


def _find(name: str) -> Path:
    raise AssertionError(f"source file {name} not found")


def test_county_text_never_becomes_a_formula(merged):
    _, out = merged
    book = openpyxl.load_workbook(out)
    injected = [
        c
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value in (INJECTION, "+SUM(1,2)")
    ]
    assert {c.value for c in injected} == {INJECTION, "+SUM(1,2)"}
    assert all(c.data_type == "s" for c in injected)
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(archive.read(n).decode("utf-8") for n in sheets)
    assert "<f>HYPERLINK" not in xml and "<f>SUM(1,2)" not in xml


def test_charts_are_in_the_workbook(merged):
    _, out = merged
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 5  # grades; per kind (部门整体, 项目): 执行率 and 总分


def test_the_duplicate_is_reported_not_doubled(merged):
    result, out = merged
    data = json.loads(result.stdout)
    yanfeng = [u for u in data["units"] if u["unit"] == "雁峰区总工会"]
    assert len(yanfeng) == len({(u["form"], u["project"]) for u in yanfeng}) == 7
    issues = openpyxl.load_workbook(out)["问题清单"]
    rows = [r for r in issues.iter_rows(min_row=3, values_only=True) if r[0]]
    twins = [r for r in rows if r[6] == "JX901"]
    assert twins and all(r[0] == "雁峰区总工会" for r in twins)
    assert all(r[1] for r in twins if r[3].startswith("Sheet"))  # the project of Sheet1…
    assert all("重复报送" in r[7] for r in twins)
    units = [r[0] for r in rows]
    assert units == sorted(units, key=units.index)  # sorted by unit: each unit's rows together


def test_rerun_gives_the_same_summary(county_folder, merged, tmp_path):
    folder, _ = county_folder
    _, first = merged
    second = tmp_path / "again.xlsx"
    assert run("merge", folder, "-o", second, "--workers", "1").returncode == 3

    def content(path):
        return {
            ws.title: list(ws.iter_rows(values_only=True)) for ws in openpyxl.load_workbook(path)
        }

    assert content(first) == content(second)


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "坏.xlsx").write_bytes(b"broken")
    result = run("merge", tmp_path, "-o", tmp_path / "汇总.xlsx")
    assert result.returncode == 2
    assert "坏.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "汇总.xlsx").exists()


def test_a_template_without_cached_values_is_scored_by_the_engine(merged, seeds):
    """Our templates written by openpyxl carry formulas but no cached values: the merge
    reads their inputs by name and scores them, it never reads the empty 总分 as 0."""
    from addin.core.scoring import score_form

    result, _ = merged
    (row,) = [u for u in json.loads(result.stdout)["units"] if u["unit"] == "珠晖区总工会"]
    expected = score_form(seeds["002"].forms[4], "central")
    assert row["form"] == "project_self" and row["project"] == "劳模管理（模板）"
    assert (row["total"], row["score"], row["budget"]) == (
        expected.total,
        expected.score,
        expected.budget,
    )


def test_the_summary_is_print_ready_in_the_templates_font(merged):
    _, out = merged
    book = openpyxl.load_workbook(out)
    for ws in book:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        if ws.title == "总览":  # one portrait page
            assert setup.orientation == "portrait" and setup.fitToHeight in (None, 1)
            continue
        assert setup.orientation == "landscape", ws.title
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), ws.title  # 1 is the default
    summary = book["汇总"]
    assert summary["A3"].font.name == "宋体" and summary["A3"].border.left.style == "thin"
    assert summary["A3"].font.sz == 10 and summary["D3"].alignment.wrap_text
    details = book["指标明细"]
    assert details["G3"].alignment.wrap_text
    (borders,) = [r for cf in details.conditional_formatting for r in cf.rules]
    assert borders.formula == ["TRUE"] and borders.dxf.border.left.style == "thin"
    assert "目标表与自评表" in summary["A1"].value
    assert book["图表"].row_breaks.count >= 3  # each chart on its own page
    with zipfile.ZipFile(out) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert "Calibri" not in styles

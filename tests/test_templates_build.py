"""Template workbooks as files: current, recognisable, protected, print-ready, readable."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from templates_support import cases

from addin.cli.templates import TEMPLATES_DIR
from addin.core.forms import FORMS, SELF_EVALUATIONS
from addin.core.forms.layout import layout
from addin.core.models import FormKind
from addin.core.scoring import score_form
from addin.reader.template import is_template, marker, read_template
from addin.templates.builder import build_workbook, save
from addin.templates.new import write_template
from addin.templates.snapshot import differences, snapshot
from addin.workbook.files import read_grid
from addin.workbook.grid import Grid, SheetGrid

KINDS = list(FORMS)
FILLED = [c for c in cases() if c.form is not None and not c.name.startswith("case")]
# functions newer than Excel 2010 (or dynamic arrays): templates must not use them
MODERN = re.compile(
    r"\b(XLOOKUP|XMATCH|FILTER|UNIQUE|SORT|SORTBY|SEQUENCE|LET|LAMBDA|IFS|SWITCH|MAXIFS|"
    r"MINIFS|TEXTJOIN|CONCAT)\("
)
KEY_NAMES = {
    FormKind.PROJECT_SELF: (
        "执行率",
        "执行得分",
        "总分",
        "等级",
        "分值合计",
        "指标得分合计",
        "全年预算数",
        "全年执行数",
        "年初预算数",
        "指标表",
    ),
    FormKind.DEPT_SELF: (
        "执行率",
        "执行得分",
        "总分",
        "等级",
        "分值合计",
        "指标得分合计",
        "全年预算数",
        "全年执行数",
        "指标表",
    ),
    FormKind.SC_PROJECT_SELF: (
        "执行率",
        "执行得分",
        "总分",
        "等级",
        "权重合计",
        "指标得分合计",
        "资金总额",
        "全年预算数",
        "全年执行数",
        "指标表",
    ),
    FormKind.SC_DEPT_SELF: (
        "执行率",
        "执行得分",
        "总分",
        "等级",
        "权重合计",
        "指标得分合计",
        "资金总额",
        "全年预算数",
        "全年执行数",
        "指标表",
        "任务表",
    ),
    FormKind.PROJECT_TARGET: ("预算数", "财政资金", "其他资金", "支出计划12月", "指标表"),
    FormKind.DEPT_TARGET: ("部门名称", "长期指标表", "指标表"),
    FormKind.DEPT_BASIC_DATA: (
        "在职人员控制率",
        "规模控制率",
        "投资概算控制率",
        "三公经费变动率",
        "经费表",
    ),
    FormKind.FUND_DETAIL: ("合计金额", "金额列", "明细表"),
}


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_committed_template_is_current(kind: FormKind, tmp_path: Path):
    committed = TEMPLATES_DIR / f"{kind.value}.xlsx"
    assert committed.is_file(), "run: jixiao templates build"
    fresh = tmp_path / committed.name
    write_template(FORMS[kind], fresh)
    assert differences(snapshot(committed), snapshot(fresh)) == [], "run: jixiao templates build"


def test_build_is_deterministic(tmp_path: Path):
    spec = FORMS[FormKind.PROJECT_SELF]
    write_template(spec, tmp_path / "a.xlsx")
    write_template(spec, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_marker_and_defined_names(kind: FormKind):
    grid = read_grid(TEMPLATES_DIR / f"{kind.value}.xlsx")
    found = marker(grid)
    assert found is not None and found[0].kind == kind
    sheet, ref = grid.resolve("JX_FORM")  # type: ignore[misc]
    assert grid.sheet(sheet).get(ref) == f"jixiao:{kind.value}:1"
    assert is_template(grid)
    for name in KEY_NAMES[kind]:
        assert name in grid.names, name
    assert [s.name for s in grid.sheets] == [FORMS[kind].title, "列表"]
    assert grid.sheets[1].hidden


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_classic_functions_no_extlst(kind: FormKind):
    path = TEMPLATES_DIR / f"{kind.value}.xlsx"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "extLst" not in xml
                assert not MODERN.search(xml), MODERN.search(xml)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_protection_dropdowns_warnings_print(kind: FormKind):
    spec = FORMS[kind]
    wb = openpyxl.load_workbook(TEMPLATES_DIR / f"{kind.value}.xlsx")
    ws = wb[spec.title]
    assert ws.protection.sheet and not ws.protection.password
    cells = [c for row in ws.iter_rows() for c in row]
    formulas = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(c.protection.locked for c in formulas)
    assert any(not c.protection.locked for c in cells)
    assert ws.data_validations.dataValidation
    assert list(ws.conditional_formatting)
    setup = ws.page_setup
    assert str(setup.paperSize) == ws.PAPERSIZE_A4 and setup.fitToWidth == 1
    assert setup.orientation == ("landscape" if spec.landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text
    assert ws.print_area
    if any(t.repeat_header for t in spec.tables()):
        assert ws.print_title_rows
    for c in cells:
        if c.value is not None and c.font is not None:
            assert c.font.name == "宋体"


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_dropdown_lists_exist(kind: FormKind):
    wb = openpyxl.load_workbook(TEMPLATES_DIR / f"{kind.value}.xlsx")
    for dv in wb[FORMS[kind].title].data_validations.dataValidation:
        if dv.type == "list" and not dv.formula1.startswith("INDIRECT("):
            assert dv.formula1 in wb.defined_names, dv.formula1


def test_indicator_dropdowns_are_dependent():
    wb = openpyxl.load_workbook(TEMPLATES_DIR / "project_self.xlsx")
    ws = wb["项目支出绩效自评表"]
    sources = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert {"一级指标", "指标性质", "完成档次"} <= sources
    assert any(s.startswith("INDIRECT(") for s in sources)
    assert wb.defined_names["产出指标"].attr_text.startswith("'列表'!")


def test_rows_are_added_and_groups_merged(tmp_path: Path, seeds):
    form = seeds["000"].forms[0]  # 46 indicators; the template has 20 rows
    path = tmp_path / "dept.xlsx"
    write_template(FORMS[form.form], path, form, "sichuan")
    rows = {"indicators": len(form.indicators), "tasks": len(form.tasks)}
    place = layout(FORMS[form.form], rows).tables["indicators"]
    assert place.n == 46 > FORMS[form.form].table("indicators").min_rows
    grid = read_grid(path)
    assert grid.names["指标表"].endswith(f"${place.last}")
    level1 = f"B{place.first}:B"
    assert any(m.startswith(level1) for m in grid.sheet(grid.sheets[0].name).merged)
    (read,) = read_template(grid)
    assert [i.name for i in read.indicators] == [i.name for i in form.indicators]
    assert [i.level1 for i in read.indicators] == [i.level1 for i in form.indicators]


@pytest.mark.parametrize("case", FILLED, ids=lambda c: c.name)
def test_read_back_what_was_filled(case, tmp_path: Path):
    path = case.write(tmp_path)
    (form,) = read_template(read_grid(path))
    original = case.form
    assert form.form == original.form and form.sheet == FORMS[original.form].title
    assert form.title == original.title
    for key in ("unit", "project", "department", "implementer", "preparer", "phone", "date"):
        if getattr(original.header, key):
            assert getattr(form.header, key) == getattr(original.header, key), key
            assert form.header.cells[key]
    if hasattr(original, "indicators"):
        assert [i.name for i in form.indicators] == [i.name for i in original.indicators]
        for ind in form.indicators:
            assert set(ind.cells) >= {"name", "level1"}
    if original.form in SELF_EVALUATIONS:
        profile = case.profile
        mine, theirs = score_form(form, profile), score_form(original, profile)
        assert [i.score for i in mine.indicators] == [i.score for i in theirs.indicators]
        assert mine.execution_rate == pytest.approx(theirs.execution_rate)


def test_cells_map_points_at_the_cells(tmp_path: Path, seeds):
    form = seeds["002"].forms[2]
    path = tmp_path / "p.xlsx"
    write_template(FORMS[form.form], path, form, "hunan")
    grid = read_grid(path)
    (read,) = read_template(grid)
    sheet = grid.sheet(read.sheet)
    first = read.indicators[0]
    assert sheet.get(first.cells["name"]) == first.name == "送温暖金额"
    assert sheet.get(read.header.cells["project"]) == "区财政送温暖"
    total = next(r for r in read.funding.rows if r.kind == "total")
    assert total.budget == "1"
    assert total.cells["budget"] == layout(FORMS[form.form]).named()["全年预算数"].ref


def test_text_from_data_is_never_a_formula(tmp_path: Path, seeds):
    form = seeds["002"].forms[2].model_copy(deep=True)
    form.header.project = '=HYPERLINK("http://x")'
    form.indicators[0].name = "+1"
    path = tmp_path / "p.xlsx"
    write_template(FORMS[form.form], path, form, "hunan")
    grid = read_grid(path)
    (read,) = read_template(grid)
    assert read.header.project == form.header.project
    assert read.indicators[0].name == "+1"
    cell = openpyxl.load_workbook(path)[read.sheet][read.header.cells["project"]]
    assert cell.data_type == "s"


def test_not_a_template():
    plain = Grid(sheets=[SheetGrid(name="Sheet1", values=[["项目名称", "x"]])])
    assert not is_template(plain) and read_template(plain) == []
    wrong = Grid(
        sheets=[SheetGrid(name="S", values=[["jixiao:unknown:1"]])],
        names={"JX_FORM": "'S'!$A$1"},
    )
    assert not is_template(wrong)


def test_save_normalises_timestamps(tmp_path: Path):
    spec = FORMS[FormKind.FUND_DETAIL]
    from addin.core.profiles import load_profile

    save(build_workbook(spec, load_profile(spec.profile)), tmp_path / "f.xlsx")
    with zipfile.ZipFile(tmp_path / "f.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2024-01-01T00:00:00Z" in archive.read("docProps/core.xml")

"""Sample county workbooks: readable by openpyxl and calamine, seed values at the named cells."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from addin.core.models import FormBase, FormKind, Funding
from addin.demo.samples import (
    SAMPLE_FILES,
    SampleLayout,
    build_sample_layouts,
    build_samples,
    cell_value,
    generate_county_workbooks,
    write_hunan,
    write_sichuan,
    write_target,
)
from addin.workbook.files import read_grid
from addin.workbook.grid import parse_ref

EXPECTED_BOOKS = {
    "渠县总工会_2024自评.xlsx": ["部门整体"] + [f"项目{i}" for i in range(1, 12)],
    "正定县总工会_2022目标.xlsx": [f"项目{i}" for i in range(1, 7)],
    "雁峰区总工会_2024自评.xlsx": ["基础数据表", "自评表"] + [f"Sheet{i}" for i in range(1, 6)],
    "广元市总工会_2024评价.xlsx": ["专项资金预算"] + [f"项目{i}" for i in range(1, 8)],
    "阳新县总工会_目标申报.xlsx": ["部门整体"],
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory, seeds) -> list[tuple[Path, SampleLayout, list[FormBase]]]:
    """The five seed workbooks, each with its layout and the seed forms written into it."""
    built = build_sample_layouts(tmp_path_factory.mktemp("samples"))
    by_file = {name: number for number, (name, _) in SAMPLE_FILES.items()}
    return [(path, layout, seeds[by_file[path.name]].forms) for path, layout in built]


def _same(value: Any, text: str | None) -> bool:
    """A read cell equals the seed text: numbers as numbers, everything else exactly."""
    if text is None:
        return value in (None, "")
    expected = cell_value(text)
    if isinstance(expected, str):
        return value == expected
    return isinstance(value, int | float) and float(value) == float(expected)


def _resolve(form: FormBase, key: str) -> Any:
    """The seed value a layout key names: "funding.total.budget", "tasks.0.name", "unit" …"""
    obj: Any = form
    parts = key.split(".")
    if not hasattr(form, parts[0]):
        obj = form.header
    for part in parts:
        if isinstance(obj, Funding) and not hasattr(obj, part):
            obj = next(r for r in obj.rows if r.kind == part)
        elif isinstance(obj, list):
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            obj = obj[part]
        else:
            obj = getattr(obj, part)
    return obj


def _indicator_value(ind: Any, name: str) -> str | None:
    if name.startswith("history."):
        return ind.history.get(name.removeprefix("history."))
    return getattr(ind, name)


def _row(ref: str) -> int:
    return parse_ref(ref)[0] + 1


# ---------------------------------------------------------------------------------------------


def test_build_samples_writes_the_five_county_workbooks(tmp_path):
    paths = build_samples(tmp_path)
    assert [p.name for p in paths] == sorted(EXPECTED_BOOKS, key=list(EXPECTED_BOOKS).index)
    for path in paths:
        assert path.is_file() and path.parent == tmp_path


def test_layout_names_the_sheets_and_forms(samples):
    for path, layout, forms in samples:
        assert layout.file == path.name
        assert [f.sheet for f in layout.forms] == EXPECTED_BOOKS[path.name]
        assert [f.form_index for f in layout.forms] == list(range(len(forms)))
        assert [f.kind for f in layout.forms] == [f.form for f in forms]


def test_every_sample_opens_with_openpyxl_and_calamine(samples):
    for path, layout, _ in samples:
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == EXPECTED_BOOKS[path.name]
        calamine = python_calamine.CalamineWorkbook.from_path(str(path))
        assert calamine.sheet_names == EXPECTED_BOOKS[path.name]
        for name in calamine.sheet_names:
            assert calamine.get_sheet_by_name(name).to_python()
        grid = read_grid(path)  # the project's own file reader
        assert [s.name for s in grid.sheets] == [f.sheet for f in layout.forms]


def _read_both(path: Path) -> tuple[Any, Any]:
    return read_grid(path), openpyxl.load_workbook(path)


def test_named_cells_hold_the_seed_values(samples):
    """Each named field and indicator cell holds the seed's text or number, in both readers."""
    footer_keys = {"preparer", "phone", "date"}
    checked = 0
    for path, layout, forms in samples:
        grid, book = _read_both(path)
        for placed in layout.forms:
            form = forms[placed.form_index]
            sheet, ws = grid.sheet(placed.sheet), book[placed.sheet]
            for key, ref in placed.cells.items():
                value = sheet.get(ref)
                if key == "footer":
                    assert value.startswith(f"填表人：{form.header.preparer}")
                elif key in footer_keys and ref == placed.cells.get("footer"):
                    assert _resolve(form, key) in value, (path.name, key)
                elif key in ("money_unit", "date"):
                    assert value.endswith(_resolve(form, key)), (path.name, key, value)
                elif key == "unit_code":
                    assert value == form.header.extra["单位编码"]
                elif key != "points_total":
                    expected = _resolve(form, key)
                    assert _same(value, expected), (path.name, placed.sheet, key, ref, value)
                    assert _same(ws[ref].value, expected), (path.name, placed.sheet, key, ref)
                checked += 1
            pairs = list(zip(placed.indicators, getattr(form, "indicators", []), strict=True))
            pairs += list(
                zip(
                    placed.long_term_indicators,
                    getattr(form, "long_term_indicators", []),
                    strict=True,
                )
            )
            for cells, ind in pairs:
                assert {"name", "level2"} <= set(cells)
                for name, ref in cells.items():
                    expected = _indicator_value(ind, name)
                    assert _same(sheet.get(ref), expected), (placed.sheet, ref, name, expected)
                    assert _same(ws[ref].value, expected), (placed.sheet, ref, name, expected)
                    checked += 1
    assert checked > 2000


def test_each_layout_names_the_fields_a_reader_needs(samples):
    needed = {
        FormKind.SC_DEPT_SELF: {"unit", "goal", "funding.total.budget", "funding.fiscal.budget"},
        FormKind.SC_PROJECT_SELF: {"project", "unit"},
        FormKind.PROJECT_SELF: {
            "project",
            "implementer",
            "funding.total.budget",
            "funding.total.spent",
            "funding.points",
            "funding.rate",
            "funding.score",
            "total",
        },
        FormKind.DEPT_SELF: {"unit", "funding.total.spent", "funding.rate", "total"},
        FormKind.DEPT_BASIC_DATA: {"staff.authorized", "staff.actual", "staff.rate"},
        FormKind.PROJECT_TARGET: {"project_code", "project", "funding.total.budget", "plan.m12"},
        FormKind.DEPT_TARGET: {"unit", "goal", "preparer"},
        FormKind.FUND_DETAIL: {"total", "lines.0.amount"},
    }
    indicator_fields = {
        FormKind.SC_DEPT_SELF: {"level1", "level2", "name", "op", "target", "unit", "points"},
        FormKind.PROJECT_SELF: {"target", "actual", "points", "score", "reason"},
        FormKind.DEPT_SELF: {"target", "actual", "points", "score", "reason"},
        FormKind.PROJECT_TARGET: {"description", "target", "basis"},
        FormKind.DEPT_TARGET: {"history.前年", "history.上年", "target", "basis", "category"},
    }
    for _, layout, forms in samples:
        for placed in layout.forms:
            assert needed[placed.kind] <= set(placed.cells), (placed.sheet, placed.kind)
            for cells in placed.indicators:
                assert indicator_fields.get(placed.kind, {"name", "actual"}) <= set(cells)
            if forms[placed.form_index].form == FormKind.SC_PROJECT_SELF:
                assert all("actual" in cells for cells in placed.indicators)


def test_level_cells_are_merged_over_their_groups(samples):
    merged_groups = 0
    for path, layout, _ in samples:
        book = openpyxl.load_workbook(path)
        for placed in layout.forms:
            ranges = {r.coord.split(":")[0]: r for r in book[placed.sheet].merged_cells.ranges}
            for key in ("level1", "level2"):
                rows: dict[str, list[int]] = defaultdict(list)
                for cells in placed.indicators + placed.long_term_indicators:
                    rows[cells[key]].append(_row(cells["name"]))
                for ref, group in rows.items():
                    if len(group) == 1:
                        continue
                    assert group == list(range(group[0], group[-1] + 1)), (placed.sheet, ref)
                    merged = ranges[ref]
                    assert (merged.min_row, merged.max_row) == (group[0], group[-1])
                    assert merged.min_col == merged.max_col == parse_ref(ref)[1] + 1
                    merged_groups += 1
    assert merged_groups > 100


def test_hunan_project_sheet_keeps_the_offsets_of_the_county_file(samples):
    """Seed 002's Sheet1 grid: column A empty, labels in B, 总分 in row 29."""
    path, layout, _ = next(s for s in samples if s[0].name.startswith("雁峰区"))
    sheet1 = next(f for f in layout.forms if f.sheet == "Sheet1")
    assert sheet1.cells["project"] == "C1"
    assert sheet1.cells["department"] == "C3"
    assert sheet1.cells["implementer"] == "H3"
    assert sheet1.cells["funding.fiscal.initial"] == "E7"
    assert sheet1.cells["funding.total.spent"] == "G10"
    assert sheet1.cells["funding.rate"] == "I10"
    assert sheet1.cells["goal"] == "C12"
    first = sheet1.indicators[0]
    assert (first["level1"], first["name"], first["reason"]) == ("C18", "E18", "J18")
    assert sheet1.cells["total"] == "I29"
    sheet = read_grid(path).sheet("Sheet1")
    assert sheet.get("B1") == "项目支出名称"
    assert sheet.get("J15") == "偏差原因分析\n及改进措施"
    assert all(sheet.at(r, 0) is None for r in range(sheet.n_rows))


def test_numbers_are_numbers_only_when_typed_as_plain_numbers(samples):
    assert cell_value("322.66") == 322.66
    assert cell_value("20") == 20
    for text in ("≥95%", "11个月", "1万元", "100%", "007", "1,777,750元", "-4.67%"):
        assert cell_value(text) == text
    path, layout, _ = next(s for s in samples if s[0].name.startswith("正定县"))
    ws = openpyxl.load_workbook(path)["项目1"]
    ref = layout.forms[0].cells["funding.total.budget"]
    assert ws[ref].value == 7.7 and ws[ref].number_format == "0.00"  # shown as 7.70


def test_one_sheet_stacks_forms_with_blank_rows_between(tmp_path, seeds):
    forms = seeds["000"].forms[:4]
    layout = write_sichuan(forms, tmp_path / "stacked.xlsx", one_sheet=True)
    assert {f.sheet for f in layout.forms} == {"Sheet1"}
    sheet = read_grid(tmp_path / "stacked.xlsx").sheet("Sheet1")
    for above, below in zip(layout.forms, layout.forms[1:], strict=False):
        assert below.first_row == above.last_row + 3
        for row in (above.last_row + 1, above.last_row + 2):
            assert all(v is None for v in sheet.values[row - 1])
    for placed, form in zip(layout.forms, forms, strict=True):
        assert sheet.get(placed.cells["title"]) == form.title
        for cells, ind in zip(placed.indicators, form.indicators, strict=True):
            assert _same(sheet.get(cells["actual"]), ind.actual)


def test_levels_can_be_repeated_on_every_row_instead_of_merged(tmp_path, seeds):
    forms = seeds["002"].forms
    layout = write_hunan(forms, tmp_path / "flat.xlsx", merge_levels=False)
    book = openpyxl.load_workbook(tmp_path / "flat.xlsx")
    for placed in layout.forms:
        merged = {r.coord.split(":")[0] for r in book[placed.sheet].merged_cells.ranges}
        indicators = getattr(forms[placed.form_index], "indicators", [])
        for cells, ind in zip(placed.indicators, indicators, strict=True):
            assert cells["level1"] not in merged and cells["level2"] not in merged
            assert book[placed.sheet][cells["level1"]].value == ind.level1


def test_writers_refuse_forms_of_another_layout(tmp_path, seeds):
    with pytest.raises(ValueError, match="project_target"):
        write_hunan(seeds["001"].forms, tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="sc_dept_self"):
        write_target(seeds["000"].forms, tmp_path / "x.xlsx")


def _contents(paths: list[Path]) -> list[tuple[str, list[tuple[str, Any]]]]:
    out = []
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [(n, book.get_sheet_by_name(n).to_python()) for n in book.sheet_names]
        out.append((path.name, sheets))
    return out


def test_generated_county_workbooks_are_deterministic(tmp_path):
    first = generate_county_workbooks(tmp_path / "a", 20, seed=7, workers=2)
    again = generate_county_workbooks(tmp_path / "b", 20, seed=7, workers=1)
    other = generate_county_workbooks(tmp_path / "c", 3, seed=8)
    assert len(first) == 20 and all(p.is_file() for p in first)
    assert len(list((tmp_path / "a").iterdir())) == 20
    assert _contents(first) == _contents(again)
    assert _contents(first[:3]) != _contents(other)


def test_generated_county_workbooks_vary_and_stay_readable(tmp_path):
    paths = generate_county_workbooks(tmp_path, 12, seed=1)
    units = {p.name.split("_")[0] for p in paths}  # e.g. 通川区总工会（0042）
    assert len(units) == 12 and all(re.fullmatch(r".+总工会（\d{4}）", u) for u in units)
    layouts = set()
    for path in paths:
        grid = read_grid(path)
        assert 5 <= len(grid.sheets) <= 12
        names = [s.name for s in grid.sheets]
        layouts.add(names[0])
        assert names[0] in ("部门整体", "基础数据表")
    assert layouts == {"部门整体", "基础数据表"}  # both Sichuan and Hunan workbooks

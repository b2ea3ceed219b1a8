"""Reading county workbooks in the seeds' own layouts: every form, value and cell found."""

from __future__ import annotations

import pytest

from addin.check.run import check_file
from addin.core.models import IndicatorForm
from addin.core.scoring import amount
from addin.demo.samples import build_sample_layouts, write_hunan, write_sichuan
from addin.reader import read_forms
from addin.workbook.files import read_grid

FIELDS = (
    "level1",
    "level2",
    "name",
    "op",
    "target",
    "unit",
    "points",
    "actual",
    "score",
    "reason",
    "description",
    "basis",
    "category",
)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    return {
        path.name[:2]: (path, layout, read_forms(read_grid(path)))
        for path, layout in build_sample_layouts(out)
    }


def _same(written: str | None, read: str | None) -> bool:
    """A value read back equals the seed text ("7.70" written as the number 7.7 reads "7.7")."""
    if written == read:
        return True
    if written is None or read is None:
        return False
    try:
        return float(written) == float(read)
    except ValueError:
        return written.strip() == read.strip()


def _match(forms, sample):
    return next(f for f in forms if f.sheet == sample.sheet and f.form == sample.kind)


def test_every_form_of_every_sample_is_found(samples, seeds):
    for _, layout, forms in samples.values():
        assert [(f.sheet, f.form) for f in forms] == [(s.sheet, s.kind) for s in layout.forms]


def test_indicator_values_and_cells(samples, seeds):
    by_seed = {s.forms[0].source.seed[:3]: s for s in seeds.values()}
    checked = 0
    for key, (_, layout, forms) in samples.items():
        seed = {"渠县": "000", "正定": "001", "雁峰": "002", "广元": "003", "阳新": "004"}[key]
        for sample in layout.forms:
            original = by_seed[seed].forms[sample.form_index]
            read = _match(forms, sample)
            if not isinstance(original, IndicatorForm):
                continue
            assert len(read.indicators) == len(original.indicators), sample.sheet
            for cells, want, got in zip(
                sample.indicators, original.indicators, read.indicators, strict=True
            ):
                for field in FIELDS:
                    value = getattr(want, field)
                    if field == "level1" and value is None:
                        continue  # a blank 一级 cell is carried down from the row above
                    assert _same(value, getattr(got, field)), (sample.sheet, field, value)
                    if field in cells and value is not None:
                        assert got.cells[field] == cells[field], (sample.sheet, field)
                    checked += 1
    assert checked > 2000


def test_header_funding_and_total_cells(samples):
    for _, layout, forms in samples.values():
        for sample in layout.forms:
            read = _match(forms, sample)
            for key, cell in sample.cells.items():
                if key.startswith("funding."):
                    _, kind, column = [*key.split("."), ""][:3]
                    if kind in ("points", "rate", "score"):
                        assert read.funding.cells[kind] == cell, (sample.sheet, key)
                    else:
                        row = next(r for r in read.funding.rows if r.kind == kind)
                        assert row.cells[column] == cell, (sample.sheet, key)
                elif key in ("unit", "project", "department", "implementer", "project_code"):
                    assert read.header.cells[key] == cell, (sample.sheet, key)
                elif key in ("total", "title", "goal"):
                    assert read.cells[key] == cell, (sample.sheet, key)


def test_seed_004_long_term_and_annual_tables(samples, seeds):
    _, _, (form,) = samples["阳新"]
    original = seeds["004"].forms[0]
    assert len(form.long_term_indicators) == len(original.long_term_indicators) == 39
    assert [i.target for i in form.indicators] == [i.target for i in original.indicators]
    assert [i.history for i in form.indicators] == [i.history for i in original.indicators]


@pytest.mark.parametrize("merge_levels", [True, False])
def test_forms_stacked_on_one_sheet(tmp_path, seeds, merge_levels):
    forms = seeds["000"].forms[:4]
    path = tmp_path / "stacked.xlsx"
    write_sichuan(forms, path, one_sheet=True, merge_levels=merge_levels)
    read = read_forms(read_grid(path))
    assert [f.header.project or f.header.unit for f in read] == [
        f.header.project or f.header.unit for f in forms
    ]
    for want, got in zip(forms, read, strict=True):
        assert [i.name for i in got.indicators] == [i.name for i in want.indicators]
        assert [i.level2 for i in got.indicators] == [i.level2 for i in want.indicators]
        assert amount(got.funding.rows[0].budget) == amount(want.funding.rows[0].budget)


# --- 校验 on the county layouts: the seeds' real defects, at their cells ------------------


def _findings(path):
    report, _ = check_file(path)
    return report


def test_hunan_defects_at_their_cells(samples):
    path, layout, _ = samples["雁峰"]
    report = _findings(path)
    found = {(f.code, f.sheet, f.cell) for f in report.findings}
    wennuan = next(
        s for s in layout.forms if s.title.endswith("区财政送温暖") or s.sheet == "Sheet1"
    )
    assert ("JX301", wennuan.sheet, wennuan.cells["points_total"]) in found  # 分值合计 cell
    assert ("JX304", wennuan.sheet, wennuan.cells["total"]) in found
    qingliang = next(s for s in layout.forms if s.sheet == "Sheet2")
    row = 7  # 服务对象满意度指标: 90% against 90%, written 19 of 20
    assert ("JX303", "Sheet2", qingliang.indicators[row]["score"]) in found
    assert ("JX207", "Sheet2", qingliang.indicators[row]["name"]) in found
    assert report.counts["error"] >= 3


def test_sichuan_defects_at_their_cells(samples, seeds):
    path, layout, _ = samples["渠县"]
    report = _findings(path)
    found = {(f.code, f.sheet, f.cell) for f in report.findings}
    forms = seeds["000"].forms
    for sample in layout.forms:
        original = forms[sample.form_index]
        for cells, ind in zip(sample.indicators, original.indicators, strict=True):
            if ind.level2 == "经社会效益\n指标":
                assert ("JX205", sample.sheet, cells["level2"]) in found
            if ind.name == "社会成本指标":
                assert ("JX207", sample.sheet, cells["name"]) in found
            if ind.op == "＜" and ind.target == ind.actual:
                assert ("JX602", sample.sheet, cells["actual"]) in found
    assert report.counts["error"] == 0  # 四川 tables have warnings, no errors


def test_a_repaired_hunan_workbook_has_no_errors(tmp_path, seeds):
    forms = [f.model_copy(deep=True) for f in seeds["002"].forms]
    for form in forms:
        for ind in getattr(form, "indicators", []):
            if ind.name == "职工满意度" and ind.points == "0":  # 区财政送温暖: 分值 80 → 90
                ind.points = ind.score = "10"
            if ind.name == "服务对象满意度指标" and ind.score == "19":
                ind.score = "20"
        if getattr(form, "total", None) == "99":
            form.total = "100"
    path = tmp_path / "repaired.xlsx"
    write_hunan(forms, path)
    report = _findings(path)
    assert report.counts["error"] == 0, [
        f.message for f in report.findings if f.severity == "error"
    ]


def test_a_filled_template_is_read_by_its_defined_names(tmp_path, seeds):
    import subprocess
    import sys
    from pathlib import Path

    jixiao = Path(sys.executable).with_name("jixiao")
    out = tmp_path / "送清凉.xlsx"
    seed = Path(__file__).resolve().parents[1] / "seeds" / "002_yanfeng.json"
    made = subprocess.run(
        [jixiao, "new", "project_self", "-o", out, "--data", seed, "--pick", "3"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    report = _findings(out)
    assert [f.form for f in report.forms] == ["project_self"]
    (form,) = read_forms(read_grid(out))
    assert form.header.project == "区财政资金送清凉"
    assert form.cells or form.indicators[0].cells  # cells come from the template's names
    codes = {(f.code, f.cell) for f in report.findings}
    row = next(i for i in form.indicators if i.name == "服务对象满意度指标")
    assert ("JX303", row.cells["score"]) in codes  # written 19, the rule gives 20


@pytest.mark.parametrize("target", ["ods", "xls"])
def test_ods_and_xls_files_read_like_xlsx(tmp_path, seeds, target):
    """LibreOffice saves a seed-layout county file as .ods / .xls; calamine reads it alike."""
    from addin.templates.lo import convert

    source = tmp_path / "雁峰区.xlsx"
    write_hunan(seeds["002"].forms, source)
    (converted,) = convert([source], tmp_path / target, target)
    assert converted.suffix == f".{target}"
    original = read_forms(read_grid(source))
    again = read_forms(read_grid(converted))
    assert [(f.sheet, f.form) for f in again] == [(f.sheet, f.form) for f in original]
    for want, got in zip(original, again, strict=True):
        for a, b in zip(
            getattr(want, "indicators", []), getattr(got, "indicators", []), strict=True
        ):
            assert (a.name, a.target, a.actual, a.cells) == (b.name, b.target, b.actual, b.cells)
    assert _findings(converted).counts == _findings(source).counts

"""Numbers typed as text in a self-evaluation: read as the number they show, everywhere.

A clerk pastes 其他资金 as text "20" or writes 权重 "5分": the engine reads each as the
number it shows, in 执行率 and in the money checks alike (never dropped from one sum and
kept in another), and JX110 names the cell.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from templates_cases import hunan_case, sichuan_case

from addin.check.run import check_file
from addin.core.forms import FORMS
from addin.templates.new import write_template
from addin.workbook.files import read_grid


def _typed(path: Path, form, profile: str, values: dict[str, object]) -> Path:
    """The form written as a template, then ``values`` typed into named cells."""
    write_template(FORMS[form.form], path, form, profile)
    grid = read_grid(path)
    book = openpyxl.load_workbook(path)
    for name, value in values.items():
        sheet, ref = grid.resolve(name)
        cell = book[sheet][ref.split(":")[0].replace("$", "")]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    book.save(path)
    return path


def _codes(report) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in report.findings:
        out.setdefault(f.code, set()).add(f.cell)
    return out


@pytest.mark.parametrize(
    ("budget", "other", "spent", "rate"),
    [(80, "20", 90, 0.9), (300, "200", 400, 0.8), (50, " 50 ", 100, 1.0)],
)
def test_a_text_amount_counts_in_the_rate_and_in_every_money_check(
    tmp_path: Path, budget, other, spent, rate
) -> None:
    path = _typed(
        tmp_path / "自评.xlsx",
        hunan_case(),
        "hunan",
        {"财政拨款预算": budget, "其他资金预算": other, "财政拨款执行": spent,
         "其他资金执行": None, "结转预算": None, "结转执行": None},
    )  # fmt: skip
    report, (score,) = check_file(path)
    assert score.budget == pytest.approx(budget + float(other))
    assert score.execution_rate == pytest.approx(rate)
    codes = _codes(report)
    assert "JX401" not in codes and "JX402" not in codes  # the parts add up; nothing overspent
    assert ("JX406" in codes) == (rate < 0.9)
    other_cell = read_grid(path).resolve("其他资金预算")[1].replace("$", "")
    assert other_cell in codes["JX110"]


def test_an_unreadable_part_leaves_no_total_instead_of_a_smaller_one(tmp_path: Path) -> None:
    path = _typed(
        tmp_path / "自评.xlsx",
        hunan_case(),
        "hunan",
        {"财政拨款预算": 80, "其他资金预算": "二十", "财政拨款执行": 90},
    )
    _, (score,) = check_file(path)
    assert score.budget is None and score.execution_rate is None


def test_text_points_and_self_scores_are_named(tmp_path: Path) -> None:
    form = sichuan_case()
    path = tmp_path / "自评.xlsx"
    write_template(FORMS[form.form], path, form, "sichuan")
    report, _ = check_file(path)
    rows = report.model_dump()
    assert not [f for f in rows["findings"] if f["code"] == "JX110"]
    from addin.reader import read_forms

    read = read_forms(read_grid(path))[0]
    points, self_score = read.indicators[0].cells["points"], read.indicators[9].cells["score"]
    book = openpyxl.load_workbook(path)
    book[read.sheet][points].value = "10分"
    book[read.sheet][self_score].value = "7"
    book.save(path)
    report, (score,) = check_file(path)
    assert {points, self_score} <= _codes(report)["JX110"]
    assert score.indicators[0].points == 10
    assert score.indicators[9].score == 7


def test_points_not_adding_up_are_reported_on_the_total_cell(tmp_path: Path) -> None:
    for form, profile, name in ((hunan_case(), "hunan", "分值合计"),
                                (sichuan_case(), "sichuan", "权重合计")):  # fmt: skip
        path = tmp_path / f"{profile}.xlsx"
        write_template(FORMS[form.form], path, form, profile)
        report, _ = check_file(path)
        total_cell = read_grid(path).resolve(name)[1].replace("$", "")
        assert _codes(report)["JX301"] == {total_cell}, profile


# an amount typed as text with its money unit, as clerks write it: the template's formulas
# (recalculated by LibreOffice) and the engine read the same number, or both leave 执行率 empty
TYPED_AMOUNTS = ("20", "20万元", "200000元", "20 万元", "２０万元", "0.002亿元", "200千元",
                 "20万", "二十", "20万人")  # fmt: skip


def test_amounts_typed_with_a_money_unit_read_alike_in_the_template_and_the_engine(
    tmp_path: Path,
) -> None:
    from templates_support import named

    from addin.templates.lo import recalculate

    paths = [
        _typed(tmp_path / f"自评{n}.xlsx", hunan_case(), "hunan",
               {"财政拨款预算": 80, "其他资金预算": other, "财政拨款执行": 90,
                "其他资金执行": None, "结转预算": None, "结转执行": None})
        for n, other in enumerate(TYPED_AMOUNTS)
    ]  # fmt: skip
    recalculated = recalculate(paths, tmp_path / "lo")
    read_as = {}
    for other, path in zip(TYPED_AMOUNTS, recalculated, strict=True):
        report, (score,) = check_file(path)
        rate = named(read_grid(path), "执行率")
        engine = score.execution_rate
        assert (engine is None) == (rate in (None, "")), (other, engine, rate)
        if engine is not None:
            assert rate == pytest.approx(engine, abs=1e-9), other
            other_cell = read_grid(path).resolve("其他资金预算")[1].replace("$", "")
            assert other == "20" or other_cell in _codes(report).get("JX110", set()), other
        read_as[other] = engine
    assert read_as["20万元"] == read_as["200000元"] == read_as["２０万元"] == pytest.approx(0.9)
    assert read_as["0.002亿元"] == read_as["200千元"] == read_as["20万"] == pytest.approx(0.9)
    assert read_as["二十"] is None and read_as["20万人"] is None

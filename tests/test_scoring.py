"""Scoring by the rules of DOMAIN.md, on the seed tables and on hand-made rows."""

from __future__ import annotations

import pytest
from conftest import find_form

from addin.core.models import Funding, FundingRow, Indicator, ProjectSelfForm
from addin.core.profiles import load_profile
from addin.core.scoring import round2, score_form, score_indicator

CENTRAL = load_profile("central")


def _score(**fields):
    defaults = {"level1": "产出指标", "level2": "数量指标", "name": "测试指标", "points": "10"}
    return score_indicator(Indicator(**(defaults | fields)), 0, CENTRAL)


# --- seed 002 (Hunan): written figures against the rules ------------------------------


def test_seed_002_execution_scores_are_ten(seeds):
    forms = [f for f in seeds["002"].forms if f.form in ("dept_self", "project_self")]
    assert len(forms) == 6
    for form in forms:
        result = score_form(form, "hunan")
        assert result.execution_rate == pytest.approx(1.0)
        assert result.execution_score == 10.00
        assert result.written_execution_score == 10.00


def test_song_wennuan_points_add_to_90_while_written_total_is_100(seeds):
    result = score_form(find_form(seeds["002"], "区财政送温暖"), "hunan")
    assert result.points == 80
    assert result.score == 80
    assert result.total == 90  # 10 for execution + 80
    assert result.written_total == 100
    assert result.grade == "优"


def test_song_qingliang_satisfaction_row_scored_by_the_rule(seeds):
    result = score_form(find_form(seeds["002"], "区财政资金送清凉"), "hunan")
    row = next(i for i in result.indicators if i.name == "服务对象满意度指标")
    assert (row.target, row.actual, row.points, row.written_score) == ("90%", "90%", 20, 19)
    assert (row.status, row.score) == ("met", 20)
    assert result.total == 100 and result.written_total == 99
    cost = next(i for i in result.indicators if i.name == "发放标准")
    assert (cost.target, cost.actual, cost.status, cost.score) == (
        "50-100元",
        "人均72元",
        "met",
        10,
    )


def test_seed_002_department_total(seeds):
    result = score_form(find_form(seeds["002"], "雁峰区总工会"), "hunan")
    assert (result.points, result.score, result.total, result.written_total) == (90, 90, 100, 100)


# --- Sichuan: 权重 without 得分 -------------------------------------------------------


def test_sichuan_tables_sum_to_90_and_have_no_total_without_execution(seeds):
    for form in seeds["000"].forms:
        result = score_form(form, "sichuan")
        assert result.points == 90
        assert result.execution_rate is None and result.total is None and result.grade is None


def test_sichuan_late_payment_scores_by_ratio(seeds):
    form = find_form(seeds["000"], "2024年度全省职工常态化送温暖慰问金")
    result = score_form(form, "sichuan")
    row = next(i for i in result.indicators if i.name == "资金发放完成时间")
    assert (row.op, row.target, row.actual, row.unit) == ("＜", "4", "7", "月")
    assert row.status == "not_met"
    assert row.score == round2(10 * 4 / 7)
    assert result.score == pytest.approx(90 - 10 + round2(10 * 4 / 7))


def test_eleven_months_meets_less_than_one_year(seeds):
    result = score_form(find_form(seeds["000"], "2024年度常委工作经费"), "sichuan")
    row = next(i for i in result.indicators if i.name == "项目完成时间")
    assert (row.target, row.unit, row.actual, row.status) == ("1", "年", "11个月", "met")


def test_far_above_target_gets_full_points_and_a_status(seeds):
    result = score_form(find_form(seeds["000"], "2023年县送温暖专项资金"), "sichuan")
    row = next(i for i in result.indicators if i.name == "资金发放人数")
    assert (row.target, row.actual, row.status, row.score) == ("50", "300", "far_above", 10)


# --- the rules on hand-made rows ------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "target", "actual", "unit", "status", "score"),
    [
        ("≥", "100", "80", "人", "not_met", 8.0),
        ("＞", "100", "100", "人", "met", 10.0),
        ("≥", "100", "151", "人", "far_above", 10.0),
        ("≥", "100", "150", "人", "met", 10.0),
        ("≤", "10", "20", "天", "not_met", 5.0),
        ("＜", "1", "11个月", "年", "met", 10.0),
        ("＝", "100", "80", "%", "not_met", 8.0),
        ("＝", "80", "100", "%", "not_met", 8.0),
        (None, "50-100元", "40元", None, "not_met", 8.0),
        (None, "50-100元", "125元", None, "not_met", 8.0),
        ("≥", "95%", "0.98", None, "met", 10.0),
        ("≥", "95%", "0.76", None, "not_met", 8.0),
        ("≤", "13.5万元", "135000元", None, "met", 10.0),
        ("≤", "13.5万元", "162000元", None, "not_met", round2(10 * 13.5 / 16.2)),
        ("≥", "100", "150", "人", "met", 10.0),
    ],
)
def test_quantitative_rules(op, target, actual, unit, status, score):
    result = _score(op=op, target=target, actual=actual, unit=unit)
    assert (result.status, result.score) == (status, score)
    assert result.score <= result.points


def test_no_sign_is_inferred_from_the_kind():
    forward = _score(target="100", actual="90", unit="人")
    assert (forward.op, forward.status, forward.score) == ("≥", "not_met", 9.0)
    cost = _score(level1="成本指标", level2="经济成本指标", target="100", actual="125", unit="元")
    assert (cost.op, cost.status, cost.score) == ("≤", "not_met", 8.0)
    assert cost.op_inferred


@pytest.mark.parametrize(
    ("target", "actual", "written", "status", "score"),
    [
        ("有效", "有效", None, "achieved", 10.0),
        ("有效推动", "有效", None, "achieved", 10.0),
        ("提高", "有效", "9", "achieved", 9.0),
        ("提高", "有效", "7", "achieved", 10.0),  # 7 is outside the 达成 band
        ("健全", "基本健全", "7", "partial", 7.0),
        ("健全", "基本健全", None, "partial", 7.0),
        ("健全", "未完成", "2", "missed", 2.0),
        ("效果显著", "据实填写的一段说明", None, "review", None),
        ("效果显著", "据实填写的一段说明", "8", "review", 8.0),
        ("有效", "95%", None, "review", None),
    ],
)
def test_qualitative_bands(target, actual, written, status, score):
    result = _score(op="定性", target=target, actual=actual, score=written)
    assert (result.status, result.score) == (status, score)


def test_unreadable_and_missing_values_are_never_zero():
    unreadable = _score(op="≥", target="95%", actual="9５..5")
    assert (unreadable.status, unreadable.score) == ("unreadable", None)
    missing = _score(op="≥", target="95%", actual=None)
    assert (missing.status, missing.score) == ("missing", None)
    points = _score(op="≥", target="95%", actual="96%", points="十分")
    assert (points.status, points.score) == ("unreadable", None)


def test_rows_written_none_are_not_applicable():
    row = _score(level2="生态效益指标", name="无", target="无", actual="无", points="0", score="0")
    assert (row.status, row.score, row.points) == ("na", 0.0, 0.0)


def _project(actuals: list[str | None], budget="10", spent="9") -> ProjectSelfForm:
    rows = [FundingRow(label="年度资金总额", kind="total", budget=budget, spent=spent)]
    indicators = [
        Indicator(
            level1="产出指标",
            level2="数量指标",
            name=f"指标{n}",
            op="≥",
            target="100",
            unit="人",
            points="45",
            actual=a,
        )
        for n, a in enumerate(actuals)
    ]
    return ProjectSelfForm(
        title="项目支出绩效自评表", funding=Funding(rows=rows), indicators=indicators
    )


def test_form_total_and_grade():
    result = score_form(_project(["100", "50"]))
    assert (result.execution_rate, result.execution_score) == (0.9, 9.0)
    assert (result.points, result.score, result.total, result.grade) == (90, 67.5, 76.5, "中")


def test_execution_is_capped_at_its_points():
    result = score_form(_project(["100", "100"], budget="10", spent="12"))
    assert result.execution_rate == pytest.approx(1.2)
    assert result.execution_score == 10.0


def test_total_is_not_computed_when_a_row_cannot_be_scored():
    result = score_form(_project(["100", "一百"]))
    assert result.score is None and result.total is None and result.grade is None
    assert result.indicators[1].status == "review"


def test_zero_budget_is_no_rate():
    result = score_form(_project(["100", "100"], budget="0", spent="0"))
    assert result.execution_rate is None and result.execution_score is None
    assert result.total is None


def test_round_half_up_like_excel():
    assert round2(2.675) == 2.68
    assert round2(5.714285) == 5.71
    assert round2(-1.005) == -1.01

"""完成档次 and 定性自评分 decide; negated words are not achieved; 万/亿/千 multiply."""

from __future__ import annotations

import pytest

from addin.core.models import Indicator
from addin.core.profiles import load_profile
from addin.core.scoring import judge_words, score_indicator
from addin.core.values import parse_value
from addin.templates.fill import indicator_row

CENTRAL = load_profile("central")


def _qual(**fields):
    defaults = {
        "level1": "效益指标",
        "level2": "社会效益指标",
        "name": "帮扶效果",
        "op": "定性",
        "target": "有效",
        "points": "10",
    }
    return score_indicator(Indicator(**(defaults | fields)), 0, CENTRAL)


@pytest.mark.parametrize(
    ("band", "self_score", "status", "score"),
    [
        ("达成", None, "achieved", 10.0),
        ("达成", "8.5", "achieved", 8.5),
        ("达成", "5", "achieved", 10.0),  # outside the band: the band's default
        ("部分达成", None, "partial", 7.0),
        ("部分达成", "6", "partial", 6.0),
        ("未达成", "2", "missed", 2.0),
        ("未达成", None, "missed", 3.0),
    ],
)
def test_the_chosen_band_decides_as_the_template_does(band, self_score, status, score):
    ind = _qual(actual="效果显著", band=band, self_score=self_score)
    assert (ind.status, ind.score) == (status, score)


def test_the_band_wins_over_the_words():
    assert _qual(actual="未达标", band="达成").status == "achieved"
    assert _qual(actual="效果显著", band="未达成").status == "missed"


def test_a_written_score_counts_inside_the_band_when_no_self_score():
    assert _qual(actual="基本有效", band="部分达成", score="7.5").score == 7.5


def test_an_unknown_band_needs_a_person():
    ind = _qual(actual="有效", band="良好")
    assert ind.status == "review" and "完成档次" in (ind.note or "")


@pytest.mark.parametrize(
    "actual", ["未达标", "不满意", "无明显改善", "未提高", "不及时", "不到位", "不规范", "尚未健全"]
)
def test_negated_words_are_not_achieved(actual):
    assert judge_words("有效", actual, CENTRAL) == "missed"
    assert _qual(actual=actual).status == "missed"


@pytest.mark.parametrize("actual", ["无投诉", "没发生", "欠缺资料"])
def test_other_negations_need_a_person_never_achieved(actual):
    assert judge_words("有效", actual, CENTRAL) == "review"


@pytest.mark.parametrize(
    "actual", ["基本达标", "部分完善", "大部分完成", "初步健全", "逐步规范", "有所提升", "基本及时"]
)
def test_a_partial_qualifier_before_an_affirmative_word_is_partial(actual):
    assert judge_words("有效", actual, CENTRAL) == "partial"
    assert _qual(actual=actual).status == "partial"


@pytest.mark.parametrize("actual", ["基本未完成", "部分不达标"])
def test_a_negation_after_a_qualifier_is_still_missed(actual):
    assert judge_words("有效", actual, CENTRAL) == "missed"


@pytest.mark.parametrize("actual", ["有效", "不断提高", "无负面影响", "效果显著", "满意"])
def test_affirmative_words_stay_achieved(actual):
    assert judge_words("有效", actual, CENTRAL) == "achieved"


def test_new_data_prefills_the_band_with_the_same_logic():
    base = {"level1": "效益指标", "level2": "社会效益指标", "name": "效果", "op": "定性",
            "target": "有效", "points": "10"}  # fmt: skip
    row = indicator_row(Indicator(**base, actual="未提高"), CENTRAL, "project")
    assert row["band"] == "未达成"
    row = indicator_row(Indicator(**base, actual="正在推进"), CENTRAL, "project")
    assert row.get("band") is None  # needs a person: the clerk chooses
    row = indicator_row(Indicator(**base, actual="未提高", band="部分达成", self_score="7"),
                        CENTRAL, "project")  # fmt: skip
    assert (row["band"], row["score"]) == ("部分达成", 7)


@pytest.mark.parametrize(
    ("text", "unit", "base"),
    [
        ("1万人", None, 10_000),
        ("1.2万人次", None, 12_000),
        ("5万户", None, 50_000),
        ("2亿元", None, 200_000_000),
        ("3千人", None, 3000),
        ("1万", "人", 10_000),
        ("10", "万人", 100_000),
        ("3千米", None, 3000),  # a unit of its own, not 千 × 米
    ],
)
def test_multipliers_before_a_unit(text, unit, base):
    assert parse_value(text, unit).base() == pytest.approx(base)


def test_a_target_of_ten_thousand_people_is_met_by_ten_thousand():
    ind = score_indicator(
        Indicator(
            level1="产出指标",
            level2="数量指标",
            name="受益人数",
            target="≥1万人",
            actual="12000人",
            points="10",
        ),
        0,
        CENTRAL,
    )
    assert (ind.status, ind.score) == ("met", 10.0)
    half = score_indicator(
        Indicator(
            level1="产出指标",
            level2="数量指标",
            name="受益人数",
            target="≥1",
            unit="万人",
            actual="0.5",
            points="10",
        ),
        0,
        CENTRAL,
    )
    assert half.score == 5.0


@pytest.mark.parametrize(("op", "status"), [("＞", "met"), ("＜", "met")])
def test_a_strict_bound_reached_exactly_scores_full(op, status):
    ind = score_indicator(
        Indicator(
            level1="产出指标",
            level2="数量指标",
            name="x",
            op=op,
            target="100",
            unit="件",
            actual="100",
            points="10",
        ),
        0,
        CENTRAL,
    )
    assert (ind.status, ind.score) == (status, 10.0)


def test_a_foreign_layout_gives_band_self_score_and_percent(tmp_path):
    """A county's own layout with 完成档次 and 定性自评分 columns, 92% typed in Excel."""
    import openpyxl

    from addin.core.scoring import score_form
    from addin.reader import read_forms
    from addin.workbook.files import read_grid

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评"
    ws.append(["项目支出绩效自评表"])
    ws.append(["项目名称", "测试项目"])
    heads = "一级指标 二级指标 三级指标 指标性质 年度指标值 度量单位 实际完成值 完成档次 定性自评分"
    ws.append([*heads.split(), "分值", "得分", "偏差原因分析及改进措施"])
    ws.append(["产出指标", "质量指标", "合格率", "≥", 90, "%", 0.92, None, None, 20])
    ws["G4"].number_format = "0%"
    ws.append(["效益指标", "社会效益指标", "帮扶效果", "定性", "有效", None, "未达标",
               "部分达成", 7, 10, None, "天气原因"])  # fmt: skip
    wb.save(tmp_path / "县表.xlsx")
    (form,) = read_forms(read_grid(tmp_path / "县表.xlsx"))
    rate, effect = form.indicators
    assert rate.actual == "92%"
    assert (effect.band, effect.self_score) == ("部分达成", "7")
    scores = score_form(form, "hunan").indicators
    assert [(i.status, i.score) for i in scores] == [("met", 20.0), ("partial", 7.0)]

"""Every rule of the catalogue, triggered on a clean form changed in one place."""

from __future__ import annotations

import pytest

from addin.core.models import (
    DeptBasicDataForm,
    DetailLine,
    FundDetailForm,
    Funding,
    FundingRow,
    Header,
    Indicator,
    ProjectSelfForm,
    ProjectTargetForm,
    SpendingPlan,
    StaffLine,
)
from addin.core.profiles import load_profile
from addin.rules import RULES, check_form

ROWS = [
    ("产出指标", "数量指标", "慰问职工人数", "≥", "100人", "100人", "30"),
    ("产出指标", "质量指标", "资金发放准确率", "≥", "100%", "100%", "10"),
    ("产出指标", "时效指标", "资金发放时间", None, "≤30天", "20天", "10"),
    ("效益指标", "社会效益指标", "职工生活改善", "定性", "有效", "有效", "20"),
    ("效益指标", "可持续影响指标", "帮扶机制健全", "定性", "健全", "健全", "10"),
    ("满意度指标", "服务对象满意度指标", "慰问对象满意度", None, "≥95%", "96%", "10"),
]
FIELDS = ("level1", "level2", "name", "op", "target", "actual", "points")
COLUMNS = dict(zip((*FIELDS, "score", "reason"), "BCDJEFGHI", strict=True))


def clean_form() -> ProjectSelfForm:
    """A correctly filled 项目支出绩效自评表 with cell addresses, rows from row 5."""
    indicators = []
    for n, values in enumerate(ROWS):
        row = dict(zip(FIELDS, values, strict=True))
        cells = {f: f"{COLUMNS[f]}{n + 5}" for f in COLUMNS}
        indicators.append(Indicator(**row, score=row["points"], cells=cells))
    funding = Funding(
        rows=[
            FundingRow(
                label="当年财政拨款",
                kind="fiscal",
                initial="10",
                budget="10",
                spent="9.5",
                cells={"initial": "C3", "budget": "D3", "spent": "E3"},
            ),
            FundingRow(
                label="年度资金总额",
                kind="total",
                initial="10",
                budget="10",
                spent="9.5",
                cells={"initial": "C4", "budget": "D4", "spent": "E4"},
            ),
        ],
        points="10",
        rate="95.00%",
        score="9.5",
        cells={"points": "F4", "rate": "G4", "score": "H4"},
    )
    return ProjectSelfForm(
        title="项目支出绩效自评表",
        sheet="表1",
        header=Header(project="送温暖", cells={"project": "C1"}),
        funding=funding,
        indicators=indicators,
        total="99.5",
        cells={"title": "A1", "total": "H11"},
    )


def findings(form, profile="central"):
    found, _ = check_form(form, load_profile(profile))
    return {(f.code, f.cell) for f in found}


def test_a_clean_form_has_no_finding():
    assert findings(clean_form()) == set()


def _set(index, **values):
    def change(form):
        for key, value in values.items():
            setattr(form.indicators[index], key, value)

    return change


def _with_cell(index, field, cell, **values):
    """Give row ``index`` a column ``field`` at ``cell`` (a 度量单位 or 完成档次 column the
    clean form lacks), then change its values."""

    def change(form):
        form.indicators[index].cells[field] = cell
        _set(index, **values)(form)

    return change


def _funding(**values):
    def change(form):
        for key, value in values.items():
            kind, _, column = key.partition("_")
            if kind in ("points", "rate", "score"):
                setattr(form.funding, kind, value)
            else:
                for row in form.funding.rows:
                    if row.kind == kind:
                        setattr(row, column, value)

    return change


def _drop(level1):
    def change(form):
        form.indicators = [i for i in form.indicators if i.level1 != level1]

    return change


CASES = [
    ("JX101", "C1", lambda f: setattr(f.header, "project", None)),
    ("JX102", "E5", _set(0, target=None)),
    ("JX104", "E8", _set(3, target="进一步提高")),
    ("JX105", "F5", _set(0, actual=None)),
    ("JX106", "F5", _set(0, actual="1O0人")),
    ("JX107", "A1", lambda f: setattr(f, "indicators", [])),
    ("JX108", "C1", lambda f: setattr(f.header, "project", "2020年度项目支出绩效自评表")),
    ("JX109", "C2", lambda f: (setattr(f, "goal", "43.2"), f.cells.update(goal="C2"))),
    ("JX201", "B5", _set(0, level1="工作指标")),
    ("JX202", "C5", _set(0, level2="随便写的")),
    ("JX203", "C8", _set(3, level2="数量指标")),
    ("JX209", "B5", _drop("效益指标")),
    ("JX210", "B5", _drop("满意度指标")),
    ("JX212", "D8", _set(3, name="职工满意度")),
    ("JX302", "H5", _set(0, score="35")),
    ("JX303", "H5", _set(0, actual="80人")),
    ("JX306", "G4", _funding(rate="100%")),
    ("JX307", "H4", _funding(score="10")),
    ("JX401", "D4", _funding(fiscal_budget="8")),
    ("JX402", "E4", _funding(total_spent="12", fiscal_spent="12")),
    ("JX403", "D4", _funding(total_budget="0", fiscal_budget="0")),
    ("JX406", "G4", _funding(total_spent="8", fiscal_spent="8")),
    ("JX503", "E5", _set(0, op="定性")),
    ("JX504", "E5", _set(0, target="较好")),
    ("JX506", "E10", _set(5, op="＝")),
    ("JX507", "J6", _set(1, op=None)),  # a bare "100%" with 指标性质 left blank
    ("JX508", "J5", _set(0, op="约")),  # a spelling of 指标性质 no one can read
    ("JX603", "I5", _set(0, actual="80人", score="24")),
    ("JX604", "F10", _set(5, actual="≥96%")),
    ("JX605", "F8", _set(3, actual="100%")),
    ("JX606", "F5", _set(0, actual="100户")),
    ("JX607", "F8", _set(3, actual="据实开展了多项工作")),
    ("JX610", "F5", _with_cell(0, "unit", "K5", unit="人", target="100", actual="0.01万人")),
    ("JX611", "L8", _with_cell(3, "band", "L8", actual="基本有效")),
]


@pytest.mark.parametrize(("code", "cell", "change"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_at_its_cell(code, cell, change):
    form = clean_form()
    change(form)
    assert (code, cell) in findings(form)


def test_reason_length_limit_of_the_sichuan_profile():
    form = clean_form()
    form.indicators[0].actual, form.indicators[0].reason = "80人", "原因" * 60
    assert ("JX608", "I5") in findings(form, "sichuan")
    assert ("JX608", "I5") not in findings(form, "central")


def test_spending_plan_rules():
    form = ProjectTargetForm(
        title="项目支出绩效目标表",
        header=Header(project="礼堂维护"),
        funding=Funding(rows=[FundingRow(label="预算数", kind="total", budget="10.00")]),
        plan=SpendingPlan(
            m3="5.00",
            m6="4.00",
            m12="9.00",
            cells={"m3": "B6", "m6": "D6", "m10": "E6", "m12": "F6"},
        ),
    )
    assert {("JX404", "D6"), ("JX405", "F6")} <= findings(form)


def test_fund_detail_and_basic_data_rules():
    detail = FundDetailForm(
        title="专项资金预算明细",
        lines=[
            DetailLine(name="慰问金", people="10人", standard="500元/人", amount="5000元"),
            DetailLine(name="体检", people="4人", standard="300元/人", amount="1200元"),
        ],
        total="7000元",
        cells={"total": "E9"},
    )
    assert findings(detail) == {("JX408", "E9")}
    basic = DeptBasicDataForm(
        title="基础数据表", staff=StaffLine(authorized="6", actual="4", rate="100%")
    )
    assert ("JX409", None) in findings(basic)


def test_every_rule_is_exercised():
    exercised = {c[0] for c in CASES} | {"JX608", "JX404", "JX405", "JX408", "JX409"}
    exercised |= {"JX901"}  # a duplicate submission: tests/test_merge.py
    exercised |= {"JX903"}  # one unit written two ways: tests/test_summary_review.py
    exercised |= {"JX902"}  # not read: tests/test_realforms.py, tests/test_reader_classes.py
    exercised |= {"JX701", "JX702", "JX703", "JX704", "JX705", "JX706"}  # tests/test_crosscheck.py
    exercised |= {"JX110"}  # a 分值 or an amount stored as text: tests/test_text_numbers.py
    # left as the template had it: tests/test_unfilled.py
    exercised |= {"JX112", "JX310", "JX311", "JX411"}
    # a breakdown's column sum, a cost target restating the budget, a unit as a word:
    # tests/test_breakdown_and_cost.py
    exercised |= {"JX410", "JX213", "JX111"}
    from_seeds = {
        "JX103",
        "JX204",
        "JX205",
        "JX206",
        "JX207",
        "JX208",
        "JX211",
        "JX301",
        "JX304",
        "JX305",
        "JX308",
        "JX309",
        "JX407",
        "JX501",
        "JX502",
        "JX505",
        "JX601",
        "JX602",
        "JX609",
    }
    assert set(RULES) == exercised | from_seeds


def test_seed_defects_are_found(seeds):
    """The real mistakes of the seed tables (see tests/test_seeds.py for their source)."""
    found = {}
    for number, seed in seeds.items():
        for form in seed.forms:
            codes, _ = check_form(form, load_profile(seed.profile))
            for f in codes:
                found.setdefault(f.code, set()).add(number)
    expected = {
        "JX103": "001",
        "JX204": "000",
        "JX205": "000",
        "JX206": "000",
        "JX207": "000",
        "JX208": "003",
        "JX211": "002",
        "JX301": "002",
        "JX304": "002",
        "JX305": "002",
        "JX308": "000",
        "JX309": "002",
        "JX407": "003",
        "JX501": "000",
        "JX502": "000",
        "JX505": "004",
        "JX601": "000",
        "JX602": "000",
        "JX303": "002",
        "JX605": "002",
        "JX604": "002",
        "JX609": "000",  # a Sichuan row below its 权重, no reason column
    }
    for code, seed in expected.items():
        assert seed in found.get(code, set()), code


def test_a_value_in_the_rows_own_unit_and_a_chosen_band_raise_nothing():
    own_unit = _with_cell(0, "unit", "K5", unit="人", target="100", actual="100人")
    band = _with_cell(3, "band", "L8", actual="基本有效", band="部分达成")
    known_sign = _set(0, op="不低于")
    quantitative = _set(1, op="定量指标", target="≥100%")
    for change in (own_unit, band, known_sign, quantitative):
        form = clean_form()
        change(form)
        assert not {c for c, _ in findings(form)} & {"JX508", "JX610", "JX611"}

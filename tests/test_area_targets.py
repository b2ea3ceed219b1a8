"""Targets split by area (one 指标值 column per district or town), on forms built here in
the header shapes seen on provincial forms: one 区域目标值 header over a row of town names,
and a header per town (东城镇目标值 | 西河乡目标值); actuals written once or per town."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from built_books import book

from addin import api
from addin.check.run import check_file
from addin.core.areas import area_views, summed_target
from addin.core.models import FormKind, Indicator
from addin.merge.tables import INDICATORS
from addin.reader import read_forms, read_report
from addin.reader.roles import area_of
from addin.rules.crosscheck import compare
from addin.selfeval.prefill import prefill
from addin.workbook.files import read_grid

JIXIAO = [sys.executable, "-m", "addin"]
MONEY = [
    ["项目名称", "农村人居环境整治"],
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", 100, 100, 95, 10, "95%", 9.5],
]


def only(path: Path):
    (form,) = read_forms(read_grid(path))
    return form


def found(path: Path) -> list[tuple[str, str | None, str]]:
    report, _ = check_file(path)
    return [(f.code, f.cell, f.message) for f in report.findings]


def codes_at(path: Path) -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {}
    for code, cell, _ in found(path):
        out.setdefault(code, set()).add(cell)
    return out


# --- a two-row header: 区域目标值 over the towns (a target form) -----------------------------


@pytest.fixture
def town_targets(tmp_path) -> Path:
    return book(
        tmp_path / "分区目标.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "农村人居环境整治"],
            ["一级指标", "二级指标", "三级指标", "区域目标值", None, None],
            [None, None, None, "东城镇", "西河乡", "南山镇"],
            ["产出指标", "数量指标", "改厕户数", "300户", "250户", "180户"],
            ["产出指标", "质量指标", "垃圾清运率", "≥95%", "≥105%", "≥90%"],  # E6: over 100
            ["产出指标", "时效指标", "完工时间", "1O0天", None, "2024年10月底前"],  # D7: a letter O
            ["效益指标", "生态效益指标", "村容村貌", "进一步提高", "明显改善", "明显改善"],
            ["效益指标", "社会效益指标", "示范村个数", None, None, None],  # no area: JX102
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "≥90%", "≥90%"],
        ],
        merges=("D3:F3", "A3:A4", "B3:B4", "C3:C4"),
    )


def test_each_area_target_is_read_with_its_own_cell(town_targets):
    form = only(town_targets)
    first = form.indicators[0]
    assert first.target is None
    assert first.area_targets == {"东城镇": "300户", "西河乡": "250户", "南山镇": "180户"}
    assert [first.cells[f"target:{a}"] for a in ("东城镇", "西河乡", "南山镇")] == [
        "D5",
        "E5",
        "F5",
    ]
    # an area left blank has its cell, not a value
    timing = form.indicators[2]
    assert timing.area_targets == {"东城镇": "1O0天", "南山镇": "2024年10月底前"}
    assert timing.cells["target:西河乡"] == "E7"
    assert [a for a, _ in area_views(timing)] == ["东城镇", "西河乡", "南山镇"]


def test_target_checks_run_per_area_on_the_area_cell(town_targets):
    at = codes_at(town_targets)
    assert at["JX505"] == {"E6"}  # ≥105% for a 率, in 西河乡's cell only
    assert at["JX106"] == {"D7"}  # 1O0天 cannot be read; the 南山镇 deadline is a date
    assert at["JX104"] == {"D8"}  # 进一步提高 is vague; 明显改善 is not
    assert at["JX102"] == {"D9"}  # no area states a target: once, at the first area
    # 西河乡 left blank on the 完工时间 row is no missing target
    assert "E7" not in {c for cells in at.values() for c in cells}
    assert "JX902" not in at  # read, nothing left to teach


def test_reading_report_names_each_area_column(town_targets):
    (table,) = read_report(read_grid(town_targets)).sheets[0].tables
    meanings = {c.cell: c.meaning for c in table.columns}
    assert meanings["E3"] == "读作「指标值」（按区域分列：西河乡）"
    assert not table.not_understood and not table.teach


def test_a_self_evaluation_prefilled_from_area_targets(town_targets):
    form = prefill(only(town_targets), FormKind.PROJECT_SELF)
    targets = {i.name: i.target for i in form.indicators}
    assert targets["改厕户数"] == "730户"  # 300 + 250 + 180: counts add up
    assert targets["群众满意度"] == "≥90%"  # the same in every area
    assert targets["垃圾清运率"] is None  # rates that differ: the clerk decides


def test_a_self_evaluation_against_its_area_targets(town_targets, tmp_path):
    target = only(town_targets)
    prefilled = prefill(target, FormKind.PROJECT_SELF)
    assert [f.code for f in compare(target, prefilled)] == []  # 730户 is the towns' sum
    # the same towns on both forms: compared town by town, on the town's own cell
    path = book(
        tmp_path / "分区自评.xlsx",
        [
            ["项目支出绩效自评表"],
            *MONEY,
            ["一级指标", "二级指标", "三级指标", "区域目标值", None, None, "实际完成值", "分值"],
            [None, None, None, "东城镇", "西河乡", "南山镇", None, None],
            ["产出指标", "数量指标", "改厕户数", "300户", "200户", "180户", "700户", 90],
        ],
        merges=("D5:F5", "A5:A6", "B5:B6", "C5:C6", "G5:G6", "H5:H6"),
    )
    evaluated = only(path)
    evaluated.indicators = evaluated.indicators + prefilled.indicators[1:]
    changed = [(f.code, f.cell) for f in compare(target, evaluated)]
    assert changed == [("JX703", "E7")]  # 西河乡 250户 became 200户


def test_summary_shows_the_area_targets(town_targets, tmp_path):
    rows = api.read(town_targets).indicators
    first = rows.iloc[0]
    assert first["target"] == "东城镇:300户；西河乡:250户；南山镇:180户"
    assert first["cell"] == "C5"
    out = tmp_path / "汇总.xlsx"
    done = subprocess.run(
        [*JIXIAO, "merge", str(town_targets), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out)["指标明细"]
    at = {c.key: n for n, c in enumerate(INDICATORS)}
    shown = {r[at["name"]]: r[at["target"]] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert shown["垃圾清运率"] == "东城镇:≥95%；西河乡:≥105%；南山镇:≥90%"


# --- a header per town, actual per town (a self-evaluation) --------------------------------


@pytest.fixture
def town_columns(tmp_path) -> Path:
    head = ["一级指标", "二级指标", "三级指标", "东城镇目标值", "西河乡目标值"]
    head += ["东城镇完成值", "西河乡完成值", "分值", "得分", "偏差原因"]
    out, effect, people = (
        ("产出指标", "数量指标"),
        ("效益指标", "社会效益指标"),
        "服务对象满意度指标",
    )
    return book(
        tmp_path / "分镇自评.xlsx",
        [
            ["项目支出绩效自评表"],
            *MONEY,
            head,
            [*out, "改厕户数", "≥300户", "≥250户", "310户", "200户", 30, 26.67],
            ["产出指标", "质量指标", "验收合格率", "≥95%", "≥95%", "98%", "96%", 20, 20],
            [*effect, "受益人口", "≥1000人", "≥800人", "1100人", "2000人", 30, 30],
            ["满意度指标", people, "群众满意度", "≥90%", "≥90%", "92%", "九成", 10, 10],
        ],
    )


def test_actuals_per_town_are_read_per_town(town_columns):
    form = only(town_columns)
    first = form.indicators[0]
    assert first.area_targets == {"东城镇": "≥300户", "西河乡": "≥250户"}
    assert first.area_actuals == {"东城镇": "310户", "西河乡": "200户"}
    assert (first.cells["actual:西河乡"], first.cells["target:西河乡"]) == ("G6", "E6")
    assert first.target is None and first.actual is None


def test_each_town_scores_against_its_own_target(town_columns):
    _, (score,) = check_file(town_columns)
    short, rate, people, satisfied = score.indicators
    # 东城镇 met (30), 西河乡 200 of 250 (24): the row is their average
    assert (short.status, short.score) == ("not_met", 27.0)
    assert short.target == "东城镇:≥300户；西河乡:≥250户"
    assert short.actual == "东城镇:310户；西河乡:200户"
    assert (rate.status, rate.score) == ("met", 20.0)
    assert people.status == "far_above"  # 西河乡 2000 against 800
    # 西河乡 九成 is no number: a person judges the row (the clerk's 10 stands meanwhile)
    assert (satisfied.status, satisfied.score) == ("review", 10.0)
    found_at = codes_at(town_columns)
    assert found_at["JX603"] == {"J6"}  # short of target with no 偏差原因
    assert found_at["JX303"] == {"I6"}  # 26.67 written, 27 by the rule
    assert found_at["JX601"] == {"G8"}  # on 西河乡's actual, not 东城镇's
    assert found_at["JX607"] == {"G9"}


# --- one actual for all the areas ----------------------------------------------------------


def test_one_actual_against_area_targets(tmp_path):
    path = book(
        tmp_path / "分区一个实际值.xlsx",
        [
            ["项目支出绩效自评表"],
            *MONEY,
            ["一级指标", "二级指标", "三级指标", "区域目标值", None, "实际完成值", "分值", "得分"],
            [None, None, None, "城区", "开发区", None, None, None],
            ["产出指标", "数量指标", "改造户数", "300户", "250户", "560户", 40, 40],
            ["产出指标", "质量指标", "合格率", "≥95%", "≥95%", "96%", 20, 20],
            ["效益指标", "社会效益指标", "覆盖率", "≥95%", "≥90%", "93%", 30, 30],
        ],
        merges=("D5:E5", "F5:F6", "G5:G6", "H5:H6", "A5:A6", "B5:B6", "C5:C6"),
    )
    _, (score,) = check_file(path)
    summed, same, differ = score.indicators
    assert (summed.status, summed.score) == ("met", 40.0)  # 560户 against 300 + 250
    assert (same.status, same.score) == ("met", 20.0)  # both areas ≥95%
    assert differ.status == "review" and differ.score == 30.0  # the clerk's score, in band
    (review,) = [m for code, cell, m in found(path) if code == "JX607"]
    assert "城区 ≥95%" in review and "开发区 ≥90%" in review
    assert [c for code, c, _ in found(path) if code == "JX607"] == ["F9"]


def test_summed_target_only_for_quantities_that_add_up():
    def ind(*targets: str) -> Indicator:
        areas = dict(zip(("甲镇", "乙镇", "丙镇"), targets, strict=False))
        cells = {f"target:{a}": f"D{n}" for n, a in enumerate(areas)}
        return Indicator(name="x", area_targets=areas, cells=cells)

    assert summed_target(ind("300户", "250户")) == "550户"
    assert summed_target(ind("≥1.5万元", "≥2万元")) == "≥3.5万元"
    assert summed_target(ind("95%", "90%")) is None  # rates do not add up
    assert summed_target(ind("≤5天", "≤3天")) is None
    assert summed_target(ind("300户", "250人")) is None
    assert summed_target(ind("人均300元", "人均250元")) is None


# --- what is not an area ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "area"),
    [
        ("东城镇目标值", "东城镇"),
        ("指标值（开发区）", "开发区"),
        ("目标值-城关街道", "城关街道"),
        ("区域目标值", None),
        ("全年指标值", None),
        ("2024年指标值", None),
        ("年度指标值", None),
    ],
)
def test_area_of_a_header(header, area):
    assert area_of(header, "target") == area


def test_a_group_over_sign_value_and_unit_is_no_area_split(tmp_path):
    path = book(
        tmp_path / "年度指标值分列.xlsx",
        [
            ["项目支出绩效目标表"],
            ["项目名称", "城区绿化"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", None, None],
            [None, None, None, "指标性质", "指标值", "度量单位"],
            ["产出指标", "数量指标", "养护面积", "≥", "50", "万平方米"],
            ["效益指标", "生态效益指标", "绿化覆盖率", "≥", "40", "%"],
        ],
        merges=("D3:F3", "A3:A4", "B3:B4", "C3:C4"),
    )
    form = only(path)
    assert [(i.op, i.target, i.unit) for i in form.indicators] == [
        ("≥", "50", "万平方米"),
        ("≥", "40", "%"),
    ]
    assert all(not i.area_targets for i in form.indicators)


def test_score_json_keeps_its_fields(town_columns):
    done = subprocess.run(
        [*JIXIAO, "score", str(town_columns), "--json"], capture_output=True, text=True
    )
    (form,) = json.loads(done.stdout)
    keys = {"cell", "level1", "level2", "name", "op", "target", "actual", "unit"}
    assert set(form["indicators"][0]) == keys | {"points", "score", "status"}
    assert form["indicators"][0]["target"] == "东城镇:≥300户；西河乡:≥250户"
    actual = api.read(town_columns).indicators.iloc[0]["actual"]
    assert actual == "东城镇:310户；西河乡:200户"

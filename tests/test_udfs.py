"""The UDFs as plain functions on the seeds' values, and their xlwings registration."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from addin.core.framework import detect_framework
from addin.core.models import SelfEvalForm
from addin.core.profiles import load_profile
from addin.core.scoring import score_indicator
from addin.excel.udf_vba import udf_metadata
from addin.rules import check_form
from addin.templates.fill import tidy
from udfs import JX_CHECK, JX_GRADE, JX_PARSE, JX_RATE, JX_SCORE

GOLDEN = Path(__file__).parent / "data" / "seed_values.json"
OPTIONAL = {"JX_SCORE": ["unit", "band", "self_score"], "JX_RATE": [], "JX_GRADE": ["profile"],
            "JX_PARSE": ["unit", "part"], "JX_CHECK": ["header", "profile"]}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥95%", ["≥", 95, "%"]),
        ("11个月", ["", 11, "个月"]),
        ("50-100元", ["", "50-100", "元"]),
        ("人均72元", ["", 72, "元"]),
        ("≧120人", ["≥", 120, "人"]),
        ("≤1年", ["≤", 1, "年"]),
        ("１３.５万元", ["", 13.5, "万元"]),
        ("有效", ["定性", "有效", ""]),
        ("无", ["", "无", ""]),
        (None, ["", "", ""]),
        (95.0, ["", 95, ""]),
    ],
)
def test_parse_splits_what_clerks_type(text, expected) -> None:
    assert JX_PARSE(text) == expected


def test_parse_never_turns_an_unreadable_value_into_zero() -> None:
    sign, reason, unit = JX_PARSE("1.2.3元")
    assert sign == "" and unit == "" and "无法识别" in reason


def test_parse_agrees_with_the_checked_seed_values() -> None:
    """Every value of the five seed documents, against the parses checked one by one."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(golden) > 200
    for key, (kind, op, low, high, *_) in golden.items():
        value, unit = key.split("\t")
        sign, number, _ = JX_PARSE(value, unit or None)
        assert sign == (op or ("定性" if kind == "text" else "")), key
        if kind == "number":
            assert number == tidy(low), key
        elif kind == "range":
            assert number == f"{tidy(low)}-{tidy(high)}", key
        elif kind == "unreadable":
            assert isinstance(number, str) and number, key


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("", "≥95%", 0.98, 10), 10.0),  # a 98% cell arrives as 0.98
        (("≥", "95%", "90%", 10), 9.47),
        (("", "50-100元", "120元", 5), 4.17),
        (("", "≤1年", "11个月", 10), 10.0),
        (("≧", "120", "60", 10, "人"), 5.0),
        (("定性", "有效", "有效", 10), 10.0),
    ],
)
def test_score_follows_the_rules(args, expected) -> None:
    assert JX_SCORE(*args) == expected


def test_score_explains_what_it_cannot_score() -> None:
    assert JX_SCORE("", "≥95%", "", 10) == "未填实际完成值"
    assert "不是数值" in JX_SCORE("", "≥95%", "基本完成", 10)
    assert "单位不一致" in JX_SCORE("", "≥100人", "100户", 10)


def test_score_matches_the_engine_on_every_seed_indicator(seeds) -> None:
    """JX_SCORE gives what the engine gives for the same sign, values, points and unit."""
    compared = 0
    for seed in seeds.values():
        for form in seed.forms:
            if not isinstance(form, SelfEvalForm):
                continue
            for n, ind in enumerate(form.indicators):
                if not ind.name or ind.name.strip() == "无":
                    continue
                bare = ind.model_copy(update={"level1": None, "level2": None, "score": None})
                row = score_indicator(bare, n, load_profile("central"))
                udf = JX_SCORE(ind.op, ind.target, ind.actual, ind.points, ind.unit)
                if row.score is not None:
                    assert udf == row.score, (ind.name, ind.target, ind.actual)
                    compared += 1
                else:
                    assert isinstance(udf, str) and udf, ind.name
    assert compared > 100


def test_rate_accepts_amounts_in_any_money_unit() -> None:
    assert JX_RATE(12.6, 14) == pytest.approx(0.9)
    assert JX_RATE("126000元", "14万元") == pytest.approx(0.9)
    assert JX_RATE(1, 0) == "全年预算数为 0，无法计算执行率"
    assert JX_RATE("", 14) == "全年执行数和全年预算数应为金额数值"


def test_grade_by_profile() -> None:
    assert [JX_GRADE(t) for t in (95.5, 90, 89.99, 80, 60, 59.9)] == ["优", "优", "良", "良",
                                                                      "中", "差"]  # fmt: skip
    assert JX_GRADE(None) == ""
    assert JX_GRADE("九十") == "总分「九十」不是数值"
    assert "没有名为「beijing」的计分口径" in JX_GRADE(90, "beijing")


def test_check_gives_the_first_finding_of_a_row() -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位",
              "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]  # fmt: skip
    good = ["产出指标", "数量指标", "慰问人数", "≥", "100", "人", "120", "10", "10", ""]
    below = ["产出指标", "数量指标", "慰问人数", "≥", "100", "人", "90", "10", "9", ""]
    assert JX_CHECK(good) == "" and JX_CHECK(good, header) == ""
    assert JX_CHECK(below, header) == "指标「慰问人数」未完全达成（9/10），未填写偏差原因"
    typo = ["产出指标", "经社会效益指标", "慰问人数", "≥", "100", "人"]
    assert JX_CHECK(typo) == "二级指标「经社会效益指标」不属于一级指标「产出指标」"
    assert JX_CHECK(["成本指标", "经济成本指标", "人均标准", "≥", "72元"]).startswith("成本指标")
    assert JX_CHECK([]) == "" and JX_CHECK(None) == ""


def test_check_reads_a_header_word_taught_while_the_udf_server_runs(tmp_path, monkeypatch):
    from addin.reader import teaching
    from addin.reader.vocabulary import reload

    monkeypatch.setenv("JIXIAO_VOCABULARY", str(tmp_path / "v.toml"))
    reload()
    row = ["产出指标", "数量指标", "培训人数", "≥100人", "80人", 10, 10, ""]
    header = ["一级指标", "二级指标", "三级指标", "指标值", "年终实现数", "分值", "得分",
              "偏差原因"]  # fmt: skip
    try:
        assert JX_CHECK(row, header) == ""  # 年终实现数 not understood: no 完成值 to score
        teaching.add("年终实现数", "完成值")  # as jixiao vocab add does, from another process
        assert JX_CHECK(row, header) == "填写的得分为 10，按规则应为 8"
    finally:
        monkeypatch.delenv("JIXIAO_VOCABULARY")
        reload()


def test_check_agrees_with_the_form_checks_on_seed_rows(seeds) -> None:
    """A row's JX_CHECK is one of the findings 校验 reports for the whole form, where the row
    alone tells the indicator framework (满意度 alone also names a 部门整体 dimension)."""
    checked = 0
    for seed in seeds.values():
        for form in seed.forms:
            if not isinstance(form, SelfEvalForm):
                continue
            framework = detect_framework([i.level1 for i in form.indicators])
            findings, _ = check_form(form, load_profile("central"))
            messages = {f.message for f in findings}
            reasons = any(i.reason for i in form.indicators)
            for ind in form.indicators:
                if detect_framework([ind.level1]) != framework:
                    continue
                row = [ind.level1, ind.level2, ind.name, ind.op, ind.target, ind.unit,
                       ind.actual, ind.points, ind.score, ind.reason]  # fmt: skip
                message = JX_CHECK(row if reasons else row[:9])
                if message:
                    assert message in messages, (form.title, ind.name, message)
                    checked += 1
    assert checked > 10


def test_registered_with_xlwings_metadata() -> None:
    meta = udf_metadata()
    assert set(meta) == {"JX_SCORE", "JX_RATE", "JX_GRADE", "JX_PARSE", "JX_CHECK"}
    args = {name: [a["name"] for a in m["args"]] for name, m in meta.items()}
    assert args["JX_SCORE"] == [
        "sign", "target", "actual", "points", "unit", "band", "self_score"
    ]  # fmt: skip
    assert args["JX_PARSE"] == ["text", "unit", "part"]
    assert args["JX_CHECK"] == ["row", "header", "profile"]
    for name, m in meta.items():
        assert m["category"] == "绩效助手", name
        assert "中" not in name and m["ret"]["doc"].strip(), name
        optional = [a["name"] for a in m["args"] if "optional" in a]
        assert optional == OPTIONAL[name]
        for arg in m["args"]:
            assert " / " in arg["doc"], (name, arg["name"])  # Chinese / English
    assert meta["JX_CHECK"]["args"][0]["options"]["ndim"] == 1
    assert "xlwings.udfs" not in sys.modules or sys.platform == "win32"


def test_score_reads_a_percent_cell_against_a_percent_unit() -> None:
    """A cell showing 96% arrives as 0.96: with unit % it is 96%, not 0.96%."""
    assert JX_SCORE("≥", 95, 0.96, 10, "%") == 10.0
    assert JX_SCORE("≥", 95, 0.5, 10, "%") == pytest.approx(5.26)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: JX_GRADE(-5), "总分应在 0 到 100 之间，现为 -5"),
        (lambda: JX_GRADE(150), "总分应在 0 到 100 之间，现为 150"),
        (lambda: JX_GRADE("90分"), "总分「90分」不是数值"),
        (lambda: JX_RATE(-1, 10), "全年执行数和全年预算数不能为负数"),
        (lambda: JX_SCORE("≥", 95, 96, -10, "%"), "分值「-10」不能为负数"),
        (lambda: JX_SCORE("≥", 95, 96, "十分", "%"), "分值「十分」无法识别"),
        (lambda: JX_PARSE("≥95%", None, "第四格"), "第三个参数应为“符号”“数值”“单位”或 1、2、3"),
    ],
)
def test_bad_input_gets_a_short_chinese_sentence(call, expected) -> None:
    assert call() == expected


def test_no_python_wording_reaches_a_cell() -> None:
    from udfs.functions import _failure

    text = _failure(AssertionError("unreachable"))
    assert "Error" not in text and "unreachable" not in text and "绩效助手" in text


@pytest.mark.parametrize(
    ("part", "expected"),
    [("符号", "≥"), ("数值", 120), ("单位", "人"), (1, "≥"), (2.0, 120), ("3", "人")],
)
def test_parse_picks_one_part_for_one_cell(part, expected) -> None:
    """Excel 2010–2019 have no spilled arrays: the third argument picks the part."""
    assert JX_PARSE("≧120人", None, part) == expected
    assert JX_PARSE("≧120人") == ["≥", 120, "人"]


# --- cells handed over as Ranges: their number formats count ---------------------------


class FakeRange:
    """What xlwings hands a UDF for a referenced cell: a value and its number format."""

    def __init__(self, value: object, number_format: str = "General") -> None:
        self.value = value
        self.number_format = number_format


def test_score_reads_percent_formats_of_the_cells_it_is_given() -> None:
    """95% typed in a cell is 0.95 formatted 0%: the clerk means 95, and so does JX_SCORE."""
    target = FakeRange(0.95, "0%")
    assert JX_SCORE(FakeRange("≥"), target, FakeRange(92), FakeRange(10), "%") == 9.68
    assert JX_SCORE("≥", 0.95, 92, 10, "%") == 10.0  # the bare value: 92 ≥ 0.95
    actual = FakeRange(1.05, "0.0%")
    assert JX_SCORE("≥", 100, actual, 5, "%") == 5.0
    assert JX_SCORE("≥", 100, 1.05, 5, "%") == 0.05  # the bare value: 1.05 of 100


def test_score_takes_the_band_and_the_clerks_own_score() -> None:
    assert JX_SCORE("定性", "有效", "基本有效", 10, None, "部分达成", 7.5) == 7.5
    assert JX_SCORE("定性", "有效", "基本有效", 10, None, "部分达成", 9) == 7.0  # outside
    assert JX_SCORE("定性", "有效", "有效", 10, None, FakeRange("达成 "), FakeRange("9")) == 9
    assert JX_SCORE("定性", "有效", "基本达标", 10) == 7.0  # a partial word, no band


def test_a_range_typed_as_a_date_is_named_not_scored() -> None:
    from datetime import datetime

    got = JX_SCORE("＝", FakeRange(datetime(2026, 3, 5), 'm"月"d"日"'), 4, 10)
    assert isinstance(got, str) and "日期" in got


def test_the_cell_converter_keeps_ranges_and_typed_values() -> None:
    """The conversion stage xlwings runs on each argument (the context as xlwings builds
    it: ``range`` set for a referenced cell, ``value`` for a typed one)."""
    from types import SimpleNamespace

    from xlwings.conversion import accessors

    from udfs.functions import CELL

    pipeline = accessors[CELL].reader({})
    rng = FakeRange(0.5, "0%")
    referenced, typed = (
        SimpleNamespace(range=rng, value=None),
        SimpleNamespace(range=None, value=95.0),
    )
    pipeline(referenced)
    pipeline(typed)
    assert referenced.value is rng and typed.value == 95.0

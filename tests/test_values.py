"""Value parsing: every value string of the seed tables, and the hard cases clerks type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seed_values import seed_values, summary

from addin.core.units import parse_unit
from addin.core.values import Op, parse_op, parse_value

GOLDEN = Path(__file__).parent / "data" / "seed_values.json"

# raw, unit column -> kind, sign, low, high, unit dimension, per, prefix
HARD_CASES = [
    ("≥95%", None, ["number", "≥", 95.0, 95.0, "percent", "", None]),
    ("≧120人", None, ["number", "≥", 120.0, 120.0, "count:人", "", None]),
    ("≦30天", None, ["number", "≤", 30.0, 30.0, "time", "", None]),
    (">=90", None, ["number", "≥", 90.0, 90.0, None, None, None]),
    ("<=5", "个工作日", ["number", "≤", 5.0, 5.0, "workday", "", None]),
    ("＞98", "%", ["number", "＞", 98.0, 98.0, "percent", "", None]),
    ("<1", "年", ["number", "＜", 1.0, 1.0, "time", "", None]),
    ("=100%", None, ["number", "＝", 100.0, 100.0, "percent", "", None]),
    ("１００％", None, ["number", None, 100.0, 100.0, "percent", "", None]),
    ("１２，０００元", None, ["number", None, 12000.0, 12000.0, "money", "", None]),
    ("1,777,750元", None, ["number", None, 1777750.0, 1777750.0, "money", "", None]),
    ("13.5万元", None, ["number", None, 13.5, 13.5, "money", "", None]),
    ("50-100元", None, ["range", None, 50.0, 100.0, "money", "", None]),
    ("50元～100元", None, ["range", None, 50.0, 100.0, "money", "", None]),
    ("5000-25000元/人", None, ["range", None, 5000.0, 25000.0, "money", "人", None]),
    ("300元/人/月", None, ["number", None, 300.0, 300.0, "money", "人/月", None]),
    ("1000", "元/人·次", ["number", None, 1000.0, 1000.0, "money", "人/次", None]),
    ("2000", "元/人年", ["number", None, 2000.0, 2000.0, "money", "人/年", None]),
    ("人均72元", None, ["number", None, 72.0, 72.0, "money", "", "人均"]),
    ("≤1年", None, ["number", "≤", 1.0, 1.0, "time", "", None]),
    ("11个月", "年", ["number", None, 11.0, 11.0, "time", "", None]),
    ("30件以上", None, ["number", "≥", 30.0, 30.0, "count:件", "", None]),
    ("5个工作日内", None, ["number", "≤", 5.0, 5.0, "workday", "", None]),
    ("12月底前", None, ["number", "≤", 12.0, 12.0, "time", "", None]),
    ("16", "户（套）", ["number", None, 16.0, 16.0, "count:户", "", None]),
    ("-4.67%", None, ["number", None, -4.67, -4.67, "percent", "", None]),
    ("有效推动", None, ["text", None, None, None, None, None, None]),
    ("无", None, ["none", None, None, None, None, None, None]),
    ("", None, ["empty", None, None, None, None, None, None]),
]


@pytest.mark.parametrize(("raw", "unit", "expected"), HARD_CASES)
def test_hard_cases(raw, unit, expected):
    assert summary(parse_value(raw, unit)) == expected


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("1O0%", "无法识别"),
        ("≥", "只有比较符号"),
        ("100-50元", "下限大于上限"),
        ("50元-100人", "单位不一致"),
        ("≥30以下", "矛盾"),
        ("9５..5", "无法识别"),
    ],
)
def test_unreadable_values_say_why_and_are_never_zero(raw, reason_part):
    parsed = parse_value(raw)
    assert parsed.kind == "unreadable"
    assert reason_part in parsed.reason
    assert parsed.low is None and parsed.base() is None


def test_every_seed_value_parses_as_reviewed():
    """The golden file lists every distinct value of seeds/ with its reviewed parse."""
    from addin.core.seeds import load_seeds

    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    values = seed_values(load_seeds())
    assert {f"{v}\t{u}" for v, u in values} == set(golden), "new seed values need a review"
    for value, unit in values:
        assert summary(parse_value(value, unit or None)) == golden[f"{value}\t{unit}"], value


def test_no_seed_value_is_unreadable():
    from addin.core.seeds import load_seeds

    for value, unit in seed_values(load_seeds()):
        assert parse_value(value, unit or None).kind != "unreadable", value


def test_conversion_within_a_dimension():
    months, year = parse_value("11个月"), parse_value("1年")
    assert months.base() < year.base()
    assert parse_value("12个月").base() == pytest.approx(year.base())
    assert parse_value("13.5万元").base() == pytest.approx(parse_value("135000元").base())
    assert parse_value("98%").base() == pytest.approx(0.98)
    assert parse_unit("万元").key == parse_unit("元").key
    assert parse_unit("人次").key == parse_unit("人").key
    assert parse_unit("户").key != parse_unit("人").key
    assert parse_unit("元/人").key != parse_unit("元").key


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("＞", Op.GT),
        (">", Op.GT),
        ("≧", Op.GE),
        (">=", Op.GE),
        ("≥", Op.GE),
        ("≦", Op.LE),
        ("<=", Op.LE),
        ("＜", Op.LT),
        ("=", Op.EQ),
        ("＝", Op.EQ),
        ("定性", Op.QUAL),
        (" ≤ ", Op.LE),
        ("大于等于", Op.GE),
        ("不超过", Op.LE),
        ("", None),
        ("其他", None),
    ],
)
def test_signs_in_their_own_column(text, op):
    assert parse_op(text) == op

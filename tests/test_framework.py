"""The indicator framework: standard names, real variants, and the fix for each."""

from __future__ import annotations

import pytest

from addin.core.framework import Kind, classify, detect_framework


def _issues(level1, level2, name="某指标", framework="project"):
    result = classify(level1, level2, name, framework)
    return result, [(i.field, i.kind, i.suggestion) for i in result.issues]


def test_standard_names_have_no_issue():
    result, issues = _issues("产出指标", "数量指标")
    assert issues == []
    assert (result.level1, result.level2, result.kind, result.group) == (
        "产出指标",
        "数量指标",
        Kind.QUANTITY,
        "产出",
    )


def test_both_project_frameworks_are_accepted():
    assert _issues("成本指标", "经济成本指标")[1] == []  # 财预〔2021〕101号
    result, issues = _issues("产出指标", "成本指标")  # 财预〔2015〕88号
    assert issues == [] and result.kind == Kind.COST


@pytest.mark.parametrize(
    ("level1", "level2", "name", "expected"),
    [
        ("效益指标", "社会效益\n指标", "x", [("level2", "format", "社会效益指标")]),
        (
            "满意度\n指标",
            "服务对象\n满意度指标",
            "x",
            [("level1", "format", "满意度指标"), ("level2", "format", "服务对象满意度指标")],
        ),
        ("效益指标", "社会效益", "x", [("level2", "format", "社会效益指标")]),
        ("效益指标", "可持续发展指标", "x", [("level2", "variant", "可持续影响指标")]),
        ("满意度指标", "帮扶对象满意度指标", "x", [("level2", "variant", "服务对象满意度指标")]),
        ("满意度指标", "满意度指标", "x", [("level2", "variant", "服务对象满意度指标")]),
        ("效益指标", "经社会效益\n指标", "x", [("level2", "typo", "社会效益指标")]),
        (
            "成本指标",
            "经济成本\n指标",
            "社会成本指标",
            [("level2", "format", "经济成本指标"), ("name", "level2_as_name", "社会成本指标")],
        ),
        ("效益指标", "数量指标", "x", [("level2", "misplaced", "产出指标")]),
        ("奇怪指标", "数量指标", "x", [("level1", "unknown", None)]),
    ],
)
def test_variants_are_reported_with_the_standard_name(level1, level2, name, expected):
    assert _issues(level1, level2, name)[1] == expected


def test_unknown_names_get_the_closest_standard_name_of_their_level1():
    _, issues = _issues("产出指标", "随便指标")
    assert [(f, k) for f, k, _ in issues] == [("level2", "unknown")]
    assert issues[0][2] in {"数量指标", "质量指标", "时效指标"}


def test_department_dimensions_of_seed_004(seeds):
    form = seeds["004"].forms[0]
    assert detect_framework([i.level1 for i in form.indicators]) == "dept"
    results = [classify(i.level1, i.level2, i.name, "dept") for i in form.indicators]
    assert all(r.level1 is not None for r in results)
    assert {r.level1 for r in results} == {
        "运行成本",
        "管理效率",
        "履职效能",
        "社会效应",
        "可持续发展能力",
        "满意度",
    }
    # "运行\n成本" is recognised and its line break reported
    first = results[0]
    assert ("level1", "format") in [(i.field, i.kind) for i in first.issues]
    # "核心业务产出1" … are the numbered 二级 of 履职效能
    assert classify("履职\n效能", "核心业务产出3", "x", "dept").level2 == "核心业务产出"


def test_seed_000_mistakes_are_recognised(seeds):
    found = set()
    for form in seeds["000"].forms:
        for ind in form.indicators:
            for issue in classify(ind.level1, ind.level2, ind.name).issues:
                found.add((issue.raw, issue.kind, issue.suggestion))
    assert ("经社会效益\n指标", "typo", "社会效益指标") in found
    assert ("可持续发展指标", "variant", "可持续影响指标") in found
    assert ("帮扶对象满意度指标", "variant", "服务对象满意度指标") in found
    assert ("满意度指标", "variant", "服务对象满意度指标") in found
    assert ("社会成本指标", "level2_as_name", "社会成本指标") in found
    assert ("服务对象\n满意度指标", "level2_as_name", "服务对象满意度指标") in found
    assert not any(kind == "unknown" for _, kind, _ in found)

"""The hidden 列表 sheet: dropdown lists and the scoring profile's numbers, by defined name.

Each list is a column (header in row 1, values below) named for the dropdown it feeds;
each 一级 name is itself a defined name holding its 二级 list, so the 二级 dropdown is
``INDIRECT`` of the row's 一级. Bands, grades and thresholds come from the profile, so a
template scores by the same numbers as the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from addin.core.framework import DEPT, LEGACY_PROJECT, PROJECT
from addin.core.profiles import Profile
from addin.core.units import convertible_units
from addin.core.values import OP_SPELLINGS, Op

LIST_SHEET = "列表"

OPS = [Op.GT.value, Op.LT.value, Op.EQ.value, Op.GE.value, Op.LE.value, Op.QUAL.value]
BASES = ["计划标准", "行业标准", "历史标准", "预算支出标准", "其他标准"]
PROJECT_TYPES = ["经常性项目", "一次性项目", "延续性项目"]
ALLOCATIONS = ["因素法", "项目法", "因素法与项目法相结合"]
NONE_WORDS = ["无", "/", "—", "——", "－", "不适用", "无此项", "未涉及", "n/a"]


@dataclass(frozen=True)
class ListColumn:
    """One column of the list sheet: ``name`` over its values (and a header)."""

    header: str
    name: str
    values: tuple[str | float, ...]


def level2_lists(framework: str) -> dict[str, list[str]]:
    """一级 -> its 二级 names (the 2015 framework's 成本指标 under 产出指标 included)."""
    if framework == "dept":
        return {l1: list(l2s) for l1, l2s in DEPT.items()}
    lists = {l1: list(l2s) for l1, l2s in PROJECT.items()}
    for l1, l2s in LEGACY_PROJECT.items():
        lists[l1] += [l2 for l2 in l2s if l2 not in lists[l1]]
    return lists


def constants(profile: Profile) -> dict[str, float]:
    """Profile numbers the formulas use, by defined name."""
    return {
        "执行分值": profile.execution_points,
        "指标满分": profile.indicator_points,
        "远超比例": profile.far_above_ratio,
        "执行率下限": profile.reason_below_rate,
        "百分比界限": profile.percent_fraction_cutoff,
        "偏差原因字数": profile.reason_max_chars,
        "常规样本": 1,
    }


CONSTANT_LABELS = {
    "执行分值": "预算执行率分值",
    "指标满分": "指标分值（权重）合计应为",
    "远超比例": "远超目标的比例（正向指标）",
    "执行率下限": "执行率低于此值须说明原因",
    "百分比界限": "百分比指标的实际值不大于此数时按小数理解",
    "偏差原因字数": "偏差原因字数上限（0为不限）",
    "常规样本": "常规格式的数字（公式据此识别日期，勿改格式）",
}


def list_columns(framework: str, profile: Profile) -> list[ListColumn]:
    """Every list column of the hidden sheet, in order."""
    l2 = level2_lists(framework)
    grades = sorted(profile.grades, key=lambda g: g.min)
    bands = profile.bands
    units = convertible_units()
    columns = [ListColumn("一级指标", "一级指标", tuple(l2))]
    columns += [ListColumn(l1, l1, tuple(names)) for l1, names in l2.items()]
    columns += [
        ListColumn("指标性质", "指标性质", tuple(OPS)),
        ListColumn("指标值确定依据", "指标值确定依据", tuple(BASES)),
        ListColumn("项目类型", "项目类型表", tuple(PROJECT_TYPES)),
        ListColumn("绩效分配方式", "分配方式表", tuple(ALLOCATIONS)),
        ListColumn("完成档次", "完成档次", tuple(b.name for b in bands)),
        ListColumn("档次下限", "档次下限", tuple(b.low for b in bands)),
        ListColumn("档次上限", "档次上限", tuple(b.high for b in bands)),
        ListColumn("档次默认", "档次默认", tuple(b.default for b in bands)),
        ListColumn("等级下限", "等级下限", tuple(g.min for g in grades)),
        ListColumn("等级名称", "等级名称", tuple(g.name for g in grades)),
        ListColumn("无值词", "无值词", tuple(NONE_WORDS)),
        # every spelling of 指标性质 the engine reads, beside its standard sign
        ListColumn("性质写法", "性质写法", tuple(OP_SPELLINGS)),
        ListColumn("性质标准", "性质标准", tuple(op.value for op in OP_SPELLINGS.values())),
        # the engine's units: a value in another unit than the row's is converted alike
        ListColumn("单位写法", "单位写法", tuple(u for u, _, _ in units)),
        ListColumn("单位量纲", "单位量纲", tuple(d for _, d, _ in units)),
        ListColumn("单位倍数", "单位倍数", tuple(f for _, _, f in units)),
    ]
    return columns

"""Hand-made self-evaluations that reach every scoring branch the seed tables leave out.

Each row states what the engine gives; the template must compute the same after
LibreOffice recalculates it.
"""

from __future__ import annotations

from addin.core.models import ProjectSelfForm, ScProjectSelfForm

# (level1, level2, name, op, target, unit, actual, points, written score)  # engine score
ROWS = [
    ("产出指标", "数量指标", "慰问人数", None, "100人", None, "80人", "10", None),  # 8
    ("产出指标", "时效指标", "发放时限", None, "≤30天", None, "45天", "10", None),  # 6.67
    ("产出指标", "数量指标", "帮扶户数", "＝", "50", "户", "60", "10", None),  # 8.33
    ("产出指标", "质量指标", "补助标准", None, "50-100元", None, "120元", "10", None),  # 8.33
    ("产出指标", "质量指标", "人均补助", None, "50-100元", None, "人均72元", "10", None),  # 10
    ("产出指标", "质量指标", "发放准确率", None, "≥95%", None, "0.9", "10", None),  # 9.47
    ("产出指标", "时效指标", "完成时间", "＜", "1", "年", "11个月", "5", None),  # 5
    ("产出指标", "时效指标", "验收时间", "≤", "1", "年", "13个月", "5", None),  # 4.62
    ("成本指标", "经济成本指标", "资金规模", "≥", "13.5万元", None, "120000元", "10", None),
    ("效益指标", "社会效益指标", "帮扶效果", None, "有效", None, "基本有效", "10", "7"),  # 7
    ("效益指标", "社会效益指标", "宣传效果", None, "有效", None, "基本有效", "10", "9"),  # 7
    ("效益指标", "可持续影响指标", "机制建设", "定性", "健全", None, "未完成", "5", None),  # 1.5
    ("效益指标", "生态效益指标", "无", None, "无", None, "无", "0", "0"),  # 0
    ("效益指标", "经济效益指标", "带动就业", None, "≥100人", None, None, "5", None),  # none
    ("效益指标", "社会效益指标", "参与人数", "≥", "100", "人", "200", "5", None),  # 5, far above
    ("满意度指标", "服务对象满意度指标", "影响力", None, "有效影响力", None, "100%", "5", "4"),
    ("满意度指标", "服务对象满意度指标", "投诉件数", "＜", "5", "件", "5", "5", None),  # 5
]


def _indicators() -> list[dict]:
    keys = ("level1", "level2", "name", "op", "target", "unit", "actual", "points", "score")
    return [dict(zip(keys, row, strict=True)) for row in ROWS]


def hunan_case() -> ProjectSelfForm:
    """Hunan project form: funding in three columns, 执行率 85%."""
    return ProjectSelfForm.model_validate(
        {
            "title": "项目支出绩效自评表",
            "header": {"project": "计分规则样例", "department": "某市总工会"},
            "funding": {
                "rows": [
                    {
                        "label": "其中：当年财政拨款",
                        "kind": "fiscal",
                        "initial": "80",
                        "budget": "100",
                        "spent": "85",
                    },
                    {"label": "上年结转金额", "kind": "carryover", "budget": "0", "spent": "0"},
                    {
                        "label": "年度资金总额",
                        "kind": "total",
                        "initial": "80",
                        "budget": "100",
                        "spent": "85",
                    },
                ],
            },
            "indicators": _indicators(),
        }
    )


def sichuan_case() -> ScProjectSelfForm:
    """Sichuan project form: only a total row, amounts written with units (万元 / 元)."""
    return ScProjectSelfForm.model_validate(
        {
            "title": "专项预算项目绩效目标完成情况自评表",
            "header": {"project": "计分规则样例", "unit": "某县总工会"},
            "funding": {
                "rows": [
                    {
                        "label": "年度资金总额：",
                        "kind": "total",
                        "budget": "20万元",
                        "spent": "181000元",
                    },
                ],
            },
            "indicators": _indicators(),
        }
    )

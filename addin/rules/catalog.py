"""The rule catalogue: every check 校验 runs, with its code, severity, Chinese message and fix.

Messages and hints are ``str.format`` templates filled with the values a finding quotes.
``docs/rules.md`` is generated from this catalogue (``jixiao rules --markdown``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "info"]
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


class Rule(BaseModel):
    """One rule of the catalogue."""

    code: str
    severity: Severity
    title: str  # short Chinese name
    message: str  # template quoting the values
    hint: str  # template of the fix
    thresholds: tuple[str, ...] = ()  # profile keys the rule uses
    example: dict[str, str] = {}  # values that fill the templates, for docs/rules.md


def _r(code: str, severity: Severity, title: str, message: str, hint: str,
       example: dict[str, str], thresholds: tuple[str, ...] = ()) -> Rule:  # fmt: skip
    return Rule(code=code, severity=severity, title=title, message=message, hint=hint,
                thresholds=thresholds, example=example)  # fmt: skip


RULES: dict[str, Rule] = {r.code: r for r in [
    # --- 1xx: required fields and readable values ---------------------------------------
    _r("JX101", "error", "必填项为空", "「{field}」未填写", "请填写{field}",
       {"field": "项目名称"}),
    _r("JX102", "error", "定量指标缺少指标值", "指标「{name}」没有填写指标值",
       "请填写指标值（数值和计量单位）", {"name": "慰问职工人数"}),
    _r("JX103", "warning", "指标值缺少计量单位", "指标「{name}」的指标值「{value}」没有计量单位",
       "请在指标值或度量单位列写明单位（如 %、人、万元）", {"name": "及时率", "value": "≥95"}),
    _r("JX104", "warning", "指标值表述模糊", "指标「{name}」的指标值「{value}」不可衡量",
       "请改为可衡量的数值或明确的定性标准（如“≥95%”“有效”）",
       {"name": "服务质量", "value": "进一步提高"}),
    _r("JX105", "error", "实际完成值未填", "指标「{name}」没有填写实际完成值",
       "请填写实际完成值", {"name": "慰问职工人数"}),
    _r("JX106", "error", "数值无法识别", "「{value}」无法识别：{reason}",
       "请按“数值+单位”填写，如“95%”“120人”“13.5万元”",
       {"value": "1O0%", "reason": "数字、符号或单位写法不规范"}),
    _r("JX107", "error", "尚未填写指标", "「{title}」尚未填写指标",
       "请在指标表中逐行填写一级、二级、三级指标和指标值", {"title": "项目支出绩效自评表"}),
    _r("JX108", "warning", "项目名称填成了表名", "项目名称为「{value}」，是表格标题而不是项目",
       "请填写项目的名称（与预算批复一致）", {"value": "2020年度项目支出绩效自评表"}),
    _r("JX109", "warning", "目标填成了金额", "{field}只写了金额「{value}」",
       "请用文字写明年度要完成的任务和效果（数量、质量、时效、效益）及其完成情况",
       {"field": "年度总体目标", "value": "43.2"}),
    _r("JX110", "warning", "数字存成了文本", "{field}「{value}」是以文本保存的数字（已按所显示的数计算，但别的表格软件求和时会漏掉它）",
       "请改成数字：选中单元格，点旁边的感叹号选“转换为数字”，或删去开头的单引号后重新输入",
       {"field": "分值", "value": "10"}),
    _r("JX111", "info", "计量单位写成了文字", "「{value}」的计量单位「{word}」写成了文字",
       "请写作「{sign}」（如“≥95{sign}”），本工具和模板公式才能按{what}比较",
       {"value": "≥100百分比", "word": "百分比", "sign": "%", "what": "百分数"}),
    _r("JX112", "warning", "模板填写说明未替换", "「{field}」处仍是模板的填写说明：「{value}」",
       "请删去说明文字，按说明写明实际内容", {"field": "评价结论",
                                            "value": "结合自评情况,说明项目自评总分…(200字以内)"}),
    # --- 2xx: indicator framework -------------------------------------------------------
    _r("JX201", "error", "一级指标名称不规范", "一级指标「{value}」不在指标体系中",
       "一级指标应为产出指标、成本指标、效益指标或满意度指标", {"value": "工作指标"}),
    _r("JX202", "error", "二级指标名称不规范", "二级指标「{value}」不在指标体系中",
       "建议改为「{suggestion}」", {"value": "工作量指标", "suggestion": "数量指标"}),
    _r("JX203", "error", "二级指标放错一级", "二级指标「{value}」不属于一级指标「{level1}」",
       "「{value}」应放在「{suggestion}」下", {"value": "数量指标", "level1": "效益指标",
                                               "suggestion": "产出指标"}),
    _r("JX204", "warning", "二级指标使用非标准名称", "二级指标「{value}」不是标准名称",
       "请改为标准名称「{suggestion}」", {"value": "可持续发展指标", "suggestion": "可持续影响指标"}),
    _r("JX205", "warning", "指标名称有错别字", "「{value}」疑似错别字", "请改为「{suggestion}」",
       {"value": "经社会效益指标", "suggestion": "社会效益指标"}),
    _r("JX206", "info", "指标名称格式", "「{value}」{what}",
       "标准写法为「{suggestion}」", {"value": "社会效益（换行）指标", "what": "含换行",
                                     "suggestion": "社会效益指标"}),
    _r("JX207", "warning", "三级指标填成了二级指标名", "三级指标写成了二级指标名「{value}」",
       "三级指标应写具体的考核内容，如“{example}”", {"value": "社会成本指标",
                                                  "example": "对周边群众生活的影响"}),
    _r("JX208", "warning", "三级指标重复", "三级指标「{value}」在本表中出现了 {count} 次",
       "请合并重复的指标或改用不同的名称", {"value": "资金发放准确率", "count": "2"}),
    _r("JX209", "error", "缺少必备的一级指标", "本表没有{group}指标",
       "产出指标和效益指标是必备的，请补充", {"group": "效益"}),
    _r("JX210", "warning", "缺少满意度指标", "本表没有满意度指标", "一般应设置服务对象满意度指标",
       {}),
    _r("JX211", "warning", "资金或人员数作为产出", "「{value}」是资金或人员投入，不是产出",
       "数量指标应反映工作成果（如慰问人数、活动场次），资金金额宜放在成本指标",
       {"value": "送温暖金额"}),
    _r("JX212", "warning", "满意度放在效益指标下", "「{value}」是满意度，放在了效益指标下",
       "满意度应放在满意度指标下，效益指标应反映社会、经济效益", {"value": "职工满意度"}),
    _r("JX213", "warning", "成本指标只重复了预算数", "成本指标「{name}」的指标值「{value}」就是本项目的预算数 {budget}",
       "成本指标应写可衡量的成本标准（如单价、人均或单位成本、比上年节约的比例），不只重复预算总额",
       {"name": "控制在预算成本内", "value": "250万", "budget": "250 万元"}),
    # --- 3xx: points, scores and totals -------------------------------------------------
    _r("JX301", "error", "分值合计不符", "{label}合计为 {total}，应为 {expected}",
       "请调整各指标{label}，使合计为 {expected}",
       {"label": "分值", "total": "80", "expected": "90"}, ("indicator_points",)),
    _r("JX302", "error", "得分超过分值", "得分 {score} 超过了分值 {points}", "得分不能超过分值",
       {"score": "22", "points": "20"}),
    _r("JX303", "error", "得分与计分规则不符", "填写的得分为 {written}，按规则应为 {computed}",
       "请把得分改为 {computed}（{reason}）", {"written": "19", "computed": "20",
                                               "reason": "该项达成：实际值 90% 已达到指标值 90%"},
       ("far_above_ratio", "bands", "tolerance")),
    _r("JX304", "error", "总分不等于各项得分之和", "填写的总分为 {written}，各项得分之和为 {sum}",
       "总分应为执行率得分与各指标得分之和", {"written": "100", "sum": "90"}, ("tolerance",)),
    _r("JX305", "warning", "总分与计分规则不符", "填写的总分为 {written}，按规则计算为 {computed}",
       "请按计分规则核对各项得分", {"written": "100", "computed": "90"}, ("tolerance",)),
    _r("JX306", "error", "执行率计算有误", "填写的执行率为 {written}，全年执行数÷全年预算数为 {computed}",
       "执行率 = 全年执行数 ÷ 全年预算数", {"written": "100%", "computed": "90.00%"},
       ("tolerance",)),
    _r("JX307", "error", "执行率得分有误", "填写的执行率得分为 {written}，按规则应为 {computed}",
       "执行率得分 = 分值 × 执行率（最高为分值）", {"written": "10", "computed": "9"},
       ("execution_points", "tolerance")),
    _r("JX308", "info", "分值结构与常规不同", "分值结构为 {actual}，常规为 {usual}",
       "常规结构下成本指标计入产出；结构不同时请确认符合本地要求",
       {"actual": "产出 60、效益 20、满意度 10", "usual": "产出 50、效益 30、满意度 10"},
       ("split",)),
    _r("JX310", "warning", "执行率得分未填", "执行率得分未填写，按规则应为 {computed}",
       "执行率得分 = 分值 × 执行率（最高为分值）", {"computed": "10"}, ("execution_points",)),
    _r("JX311", "warning", "总分未填", "{label}行的得分没有填写（{note}）",
       "请填写自评总分：执行率得分与各指标得分之和", {"label": "合计", "note": "按规则计算为 95"}),
    _r("JX309", "warning", "指标分值为 0", "指标「{name}」分值为 0", "有分值的指标才参与评分；不设此指标请写“无”",
       {"name": "职工满意度"}),
    # --- 4xx: money ---------------------------------------------------------------------
    _r("JX401", "error", "资金总额不等于各项之和", "{column}：资金总额 {total} ≠ 各项之和 {sum}",
       "资金总额 = 财政拨款 + 上年结转 + 其他资金", {"column": "全年预算数", "total": "31.8",
                                                     "sum": "30.8"}),
    _r("JX402", "error", "执行数超过预算数", "全年执行数 {spent} 超过全年预算数 {budget}",
       "请核对执行数，或说明超预算原因", {"spent": "12", "budget": "10"}),
    _r("JX403", "error", "预算数为 0", "全年预算数为 0，无法计算执行率", "请填写全年预算数", {}),
    _r("JX404", "error", "资金支出计划不是累计数", "{later}计划 {later_value} 小于{earlier} {earlier_value}",
       "资金支出计划应填累计数，逐月不减", {"later": "10月底", "later_value": "2.50",
                                          "earlier": "6月底", "earlier_value": "5.00"}),
    _r("JX405", "error", "12月底计划不等于预算数", "12月底累计计划 {plan} ≠ 预算数 {budget}",
       "12月底累计支出计划应等于预算数", {"plan": "10.00", "budget": "10.50"}),
    _r("JX406", "warning", "执行率偏低", "执行率为 {rate}，低于 {limit}",
       "执行率低于 {limit} 须说明原因", {"rate": "85.00%", "limit": "90%"}, ("reason_below_rate",)),
    _r("JX407", "error", "金额不等于人数×标准", "「{name}」：{people} × {standard} = {computed}，表中为 {amount}",
       "金额应等于覆盖人数 × 人均标准{extra}",
       {"name": "省部级劳模荣誉津贴", "people": "45人", "standard": "300元/人/月",
        "computed": "162000元", "amount": "171300元", "extra": "（按月标准 × 12 个月）"}),
    _r("JX408", "error", "合计不等于各项之和", "合计 {total} ≠ 各项之和 {sum}", "请核对合计",
       {"total": "1,777,750元", "sum": "1,777,000元"}),
    _r("JX409", "error", "比率计算有误", "「{name}」填写为 {written}，按数据计算为 {computed}",
       "请按公式重新计算", {"name": "控制率", "written": "100%", "computed": "66.67%"}),
    _r("JX410", "error", "明细合计不等于各行之和", "「{column}」的合计 {total} ≠ 各行之和 {sum}",
       "请核对各行金额与合计", {"column": "2020年实际执行数", "total": "662.98", "sum": "662.88"}),
    _r("JX411", "warning", "预算调整未说明理由", "年初预算数 {initial} 调整为全年预算数 {budget}，{where}没有写明调整理由",
       "年中追加或调减预算的，请在{where}写明调整的理由", {"initial": "238.93", "budget": "251.89",
                                                       "where": "原因栏"}),
    # --- 5xx: signs and types -----------------------------------------------------------
    _r("JX501", "warning", "成本指标使用了正向符号", "成本指标「{name}」使用了「{op}」",
       "成本指标一般应为反向（≤ 或 ＜）", {"name": "慰问标准", "op": "≥"}),
    _r("JX502", "warning", "数量指标使用了反向符号", "数量指标「{name}」使用了「{op}」",
       "数量指标一般应为正向（≥ 或 ＞）", {"name": "补助驿站数量", "op": "≤"}),
    _r("JX503", "error", "定性指标填了数值", "指标性质为定性，指标值却是「{value}」",
       "定性指标的指标值应为文字（如“有效”）；若为数值请选择比较符号", {"value": "95%"}),
    _r("JX504", "error", "比较符号后是文字", "指标值「{value}」带比较符号却不是数值",
       "带符号的指标值应为数值；文字目标请将指标性质设为定性", {"value": "≥较好"}),
    _r("JX505", "warning", "比率超过 100%", "「{name}」为 {value}，超过 100%",
       "请核对该比率是否填错", {"name": "在职人员控制率", "value": "200%"}),
    _r("JX506", "warning", "指标性质与指标值中的符号不一致",
       "指标性质为「{op}」，指标值「{value}」中却写了「{inner}」",
       "请统一比较符号，指标值列只填数值", {"op": "＝", "value": "≥95%", "inner": "≥"}),
    _r("JX507", "warning", "指标性质未填", "指标「{name}」的指标值「{value}」没有比较符号，指标性质未填写",
       "请按申报（批复）时的指标性质选择 ≥、≤、＝ 等；未选时计分按「{op}」推定",
       {"name": "慰问困难职工人数", "value": "100", "op": "≥"}),
    _r("JX508", "warning", "指标性质无法识别", "指标性质「{value}」无法识别",
       "请从下拉列表选择 ≥、≤、＝、＞、＜ 或 定性（模板的公式不给本行计分）；引擎暂按「{op}」推定",
       {"value": "约", "op": "≥"}),
    # --- 6xx: actual values -------------------------------------------------------------
    _r("JX601", "warning", "指标值设置偏低", "实际值 {actual} 远超指标值 {target}（超过 {ratio}）",
       "目标设置偏低，请在偏差原因中说明，评审可酌情扣分",
       {"actual": "300", "target": "50", "ratio": "50%"}, ("far_above_ratio",)),
    _r("JX602", "warning", "实际值恰好等于严格界限", "指标值为「{op}{target}」，实际值恰为 {actual}",
       "“{op}”不含等号；实际值等于界限时得分率为 1，按达成计满分。请核对符号（是否应为 ≤ 或 ≥）",
       {"op": "＜", "target": "200000", "actual": "200000"}),
    _r("JX603", "error", "未达成却没有偏差原因", "指标「{name}」未完全达成（{score}/{points}），未填写偏差原因",
       "请填写偏差原因分析及改进措施", {"name": "服务对象满意度", "score": "19", "points": "20"},
       ("reason_below_rate",)),
    _r("JX604", "warning", "实际值带比较符号", "实际完成值「{value}」带有比较符号",
       "实际完成值应填实际测得的数值（如“96%”），不带 ≥ ≤", {"value": "≥95%"}),
    _r("JX605", "warning", "定性目标的实际值是数值", "定性指标值为「{target}」，实际值却是「{actual}」",
       "请用文字说明完成情况，或把指标改为定量", {"target": "有效影响力", "actual": "100%"}),
    _r("JX606", "warning", "实际值与指标值单位不一致", "{note}", "请统一计量单位后再比较",
       {"note": "单位不一致：「人」与「户」"}),
    _r("JX607", "info", "需人工判断", "指标「{name}」：{note}", "请评审人核对该项得分",
       {"name": "社会效益", "note": "无法判断「已开展」是否达成"}),
    _r("JX608", "error", "偏差原因超长", "偏差原因共 {length} 字，超过 {limit} 字",
       "请精简到 {limit} 字以内", {"length": "126", "limit": "100"}, ("reason_max_chars",)),
    _r("JX609", "warning", "未达成，须在表外说明原因", "指标「{name}」未完全达成（{score}/{points}），本表没有偏差原因栏",
       "请在表后的绩效自评说明（或自评报告）中写明该项未达成的原因和改进措施",
       {"name": "职工满意度", "score": "7", "points": "10"}),
    _r("JX610", "warning", "数值带了另一种单位", "{field}「{value}」{what}",
       "数值格只填数字，单位写在度量单位列（模板的公式只认本行的度量单位）",
       {"field": "实际完成值", "value": "480000元", "what": "带了单位「元」，度量单位列为「万元」（已换算后比较）"}),
    _r("JX611", "info", "定性指标未选完成档次", "指标「{name}」未选择完成档次，已按实际完成值「{actual}」判为{status}",
       "请在完成档次列选择达成、部分达成或未达成（模板按所选档次计分）",
       {"name": "制度健全性", "actual": "基本健全", "status": "部分达成（定性）"}),
    # --- 9xx: merge ---------------------------------------------------------------------
    _r("JX901", "warning", "重复报送", "与 {first} 的「{sheet}」重复报送（同一单位、同一表）",
       "汇总中只计入先出现的一份，请与县级单位核实以哪份为准", {"first": "雁峰区总工会_2024自评.xlsx", "sheet": "Sheet1"}),
    _r("JX902", "warning", "有数据没有读到", "「{title}」的{fields}没有读到，汇总合计中不含本表的这些数",
       "用 jixiao inspect 查看读表情况，或请县级单位按模板填报", {"title": "项目支出绩效自评表", "fields": "全年预算数、全年执行数"}),
    _r("JX903", "warning", "同一单位疑似两种写法", "单位「{name}」与「{other}」疑似同一单位的两种写法，汇总中未合并",
       "请用 jixiao merge … --roster 名单 的“别名”列指明，或请县级单位统一单位名称",
       {"name": "总工会部门", "other": "渠县总工会"}),
    # --- 7xx: self-evaluation against the approved targets -------------------------------
    _r("JX701", "error", "申报的指标未自评",
       "目标表 {target_at} 的指标「{name}」（指标值「{target}」）在自评表中没有",
       "自评表应逐项列出申报时的全部指标；确已调整的，请附批复依据",
       {"target_at": "项目1!C12", "name": "慰问困难职工人数", "target": "100"}),
    _r("JX702", "warning", "自评表新增了指标", "指标「{name}」在目标表中没有（自评表新增）",
       "请核对是否为申报时的指标改名或新增；新增指标应有批复依据", {"name": "慰问覆盖率"}),
    _r("JX703", "error", "指标值与申报时不同",
       "指标「{name}」的指标值：申报「{target}」（{target_at}），自评「{value}」",
       "自评应以申报批复的指标值为准；确已调整的，请附批复依据",
       {"name": "慰问困难职工人数", "target": "100", "target_at": "项目1!E12", "value": "80"}),
    _r("JX704", "error", "指标性质与申报时不同",
       "指标「{name}」的指标性质：申报「{target}」（{target_at}），自评「{value}」",
       "请按申报时的指标性质（计算符号）自评",
       {"name": "及时率", "target": "≥", "target_at": "项目1!E13", "value": "≤"}),
    _r("JX705", "warning", "度量单位与申报时不同",
       "指标「{name}」的度量单位：申报「{target}」（{target_at}），自评「{value}」",
       "请统一为申报时的单位，避免指标值口径不一",
       {"name": "慰问困难职工人数", "target": "人", "target_at": "项目1!E12", "value": "户"}),
    _r("JX706", "warning", "没有对应的目标表", "「{subject}」在 {file} 中没有对应的目标表",
       "请核对项目名称是否与申报时一致，或补充该项目的绩效目标表",
       {"subject": "区财政送温暖", "file": "目标表.xlsx"}),
]}  # fmt: skip


def render(code: str, **values: object) -> tuple[str, str]:
    """(message, hint) of a rule filled with ``values``."""
    rule = RULES[code]
    text = {k: str(v) for k, v in values.items()}
    return rule.message.format(**text), rule.hint.format(**text)

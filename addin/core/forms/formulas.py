"""The scoring rules of :mod:`addin.core.scoring` written as classic worksheet formulas.

Table formulas use ``{key}`` for this row's cell of column ``key``; the keys are those of
:data:`INDICATOR_KEYS`. Names such as 完成档次, 档次下限 or 执行分值 live on the hidden
列表 sheet (see :mod:`addin.templates.lists`), so the numbers come from the profile.
"""

from __future__ import annotations

# column keys every self-evaluation indicator table has
INDICATOR_KEYS = (
    "level1", "level2", "name", "op", "target", "unit", "actual", "band", "points",
    "score", "sign", "pts", "sc", "lo", "hi", "a", "rate", "calc", "ok", "reason", "hint",
)  # fmt: skip

UNSCORABLE = "含无法计分的指标"  # what a total shows instead of a number

_NONE = "ISNUMBER(MATCH(TRIM({target}),无值词,0))"
_T = "TRIM(ASC({target}))"  # full-width digits and signs typed in a text cell -> half-width
# a range's ends without the row's own unit or a percent sign ("80%-90%", "100人-200人")
_TU = (
    'SUBSTITUTE(IF(TRIM({unit})="",' + _T + ",SUBSTITUTE(" + _T + ',TRIM(ASC({unit})),"")),"%","")'
)
_DASH = 'FIND("-",' + _TU + ",2)"


def _percent_format(ref: str) -> str:
    """True when the number in ``ref`` shows as a percent (typing 92% stores 0.92)."""
    return f'LEFT(CELL("format",{ref}),1)="P"'


def is_date(ref: str) -> str:
    """True when ``ref`` holds a date: Excel and WPS store a typed 3-5 or 1/2 as one.

    CELL("format") says "D1"…"D9" for a date in Excel and WPS; LibreOffice says so only
    for a few formats and "G" for the others, while it says "F0" for a General number
    (Excel: "G"). The General number on the 列表 sheet (常规样本) tells which it is.
    """
    code = f'CELL("format",{ref})'
    return (
        f'AND(ISNUMBER({ref}),OR(LEFT({code},1)="D",AND({code}="G",CELL("format",常规样本)<>"G")))'
    )


def _number(ref: str, unit: str | None = None, skip: str | None = None) -> str:
    """A cell's number as the clerk sees it: 0.92 shown as 92% is 92; text "13.5" or
    "９２%" (typed into a text cell) is 13.5 or 92; with ``unit``, "6期" in a row whose
    度量单位 is 期 is 6; with ``skip``, that many leading characters (a sign) are not
    read; a date and other text are ""."""
    text = f"TRIM(ASC({ref}))"
    if skip is not None:
        text = f"TRIM(MID({text},{skip}+1,999))"
    if unit is not None:  # the row's own unit written after the number
        text = f'IF(TRIM({unit})="",{text},SUBSTITUTE({text},TRIM(ASC({unit})),""))'
    return (
        f'IF(ISNUMBER({ref}),IF({is_date(ref)},"",{ref}*IF({_percent_format(ref)},100,1)),'
        f'IFERROR(IF(RIGHT({text},1)="%",VALUE(LEFT({text},LEN({text})-1)),VALUE({text})),""))'
    )


def _plain(ref: str) -> str:
    """True when ``ref`` holds a number without a percent (format or a typed %)."""
    return f'IF(ISNUMBER({ref}),NOT({_percent_format(ref)}),ISERROR(FIND("%",ASC({ref}))))'


def text_number(ref: str, strip: str | None = None) -> str:
    """A number typed as a number or as text ("9", " 20 ", "５分" with ``strip`` 分), else ""."""
    text = f"TRIM(ASC({ref}))"
    if strip:
        text = f'SUBSTITUTE({text},"{strip}","")'
    return f'IF(ISNUMBER({ref}),{ref},IFERROR(VALUE({text}),""))'


def _prefix(ref: str) -> str:
    """The length of a sign written before the number in ``ref`` ("≥95%", ">=120人",
    "≦30天"): 2, 1 or 0. Real forms write it in 指标值 (DOMAIN: normalise all of them); a
    clerk sometimes in 实际完成值 too (the engine reads the number and says JX604)."""
    t = f"TRIM(ASC({ref}))"
    return (
        f"IF(LEN({t})<2,0,"
        f'IF(OR(LEFT({t},2)=">=",LEFT({t},2)="<=",LEFT({t},2)="=>",LEFT({t},2)="=<"),2,'
        f'IF(ISNUMBER(FIND(LEFT({t},1),"≥≤≧≦><=")),1,0)))'
    )


_PREFIX = _prefix("{target}")


def _sign_length(ref: str) -> str:
    """A shorter :func:`_prefix` for a formula that repeats it (实际值, within Excel's 8,192
    characters): 1 for a sign, 2 when a second sign character follows (">=", "≥=")."""
    t = f"TRIM(ASC({ref}))"
    return f'(ISNUMBER(FIND(LEFT({t},1),"≥≤≧≦><="))*(1+ISNUMBER(FIND(MID({t},2,1),"=><"))))'


# 性质: the sign in its standard spelling, whatever was pasted (>=, ≧, " ≥ " …), "?" when
# it is none of them; the spellings are the engine's own (性质写法 / 性质标准 lists). With
# 指标性质 left blank, the sign written before the number in 指标值 (as the engine reads)
SIGN = (
    '=IF(TRIM({op})="",IF(' + _PREFIX + '=0,"",'
    "IFERROR(INDEX(性质标准,MATCH(LEFT(" + _T + "," + _PREFIX + '),性质写法,0)),"")),'
    'IFERROR(INDEX(性质标准,MATCH(SUBSTITUTE(SUBSTITUTE(TRIM(ASC({op}))," ",""),"　",""),'
    '性质写法,0)),"?"))'
)
# 分值数 / 自评分数: 分值 and the clerk's 定性自评分 read as the engine reads them
POINTS = "=" + text_number("{points}", "分")
SELF_SCORE = "=" + text_number("{score}")
# 指标下限 / 指标上限: a number, or the ends of a range written "a-b"
LOW = (
    '=IF(OR({sign}="定性",TRIM({target})="",' + _NONE + '),"",'
    "IF(ISNUMBER(" + _DASH + "),"
    "IFERROR(VALUE(LEFT("
    + _TU
    + ","
    + _DASH
    + '-1)),""),'
    + _number("{target}", "{unit}", _PREFIX)
    + "))"
)
HIGH = (
    '=IF({lo}="","",IF(ISNUMBER({target}),{lo},'
    "IFERROR(VALUE(MID(" + _TU + "," + _DASH + "+1,50)),{lo})))"
)
# 实际值 in another unit than the row's, converted by the 列表 sheet's unit table (the
# engine's): "480000元" in a 万元 row is 48, "1万人" in a 人 row 10000, "0.13万" 1300;
# a sign, an unknown or an incomparable unit give "" (提示 then says why)
_AT = "TRIM(ASC({actual}))"
_STEPS = "{{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15}}"  # braces doubled: str.format
_LEAD = "SUMPRODUCT(MAX(ISNUMBER(--LEFT(" + _AT + "," + _STEPS + "))*" + _STEPS + "))"
_LEAD_NUMBER = "VALUE(LEFT(" + _AT + "," + _LEAD + "))"
_UNIT_AT = "MATCH(TRIM(MID(" + _AT + "," + _LEAD + "+1,99)),单位写法,0)"
_ROW_UNIT_AT = "MATCH(TRIM(ASC({unit})),单位写法,0)"
_CONVERTED = (
    "IFERROR(IF(INDEX(单位量纲,"
    + _UNIT_AT
    + ')="×",'
    + _LEAD_NUMBER
    + "*INDEX(单位倍数,"
    + _UNIT_AT
    + "),"
    "IF(INDEX(单位量纲,"
    + _UNIT_AT
    + ")=INDEX(单位量纲,"
    + _ROW_UNIT_AT
    + "),"
    + _LEAD_NUMBER
    + "*INDEX(单位倍数,"
    + _UNIT_AT
    + ")/INDEX(单位倍数,"
    + _ROW_UNIT_AT
    + "),"
    '"")),"")'
)
# 实际值: a plain fraction typed against a % target counts as a percentage (0.98 -> 98); a
# sign before the number is not read as part of it ("≥255": the engine reads 255, JX604)
_A = _number("{actual}", "{unit}", _sign_length("{actual}"))
_AS_PERCENT = (
    'AND(OR(TRIM(ASC({unit}))="%",NOT('
    + _plain("{target}")
    + ")),"
    + _plain("{actual}")
    + ",ISNUMBER({lo}),{lo}>百分比界限,"
    + _A
    + "<=百分比界限)"
)
ACTUAL = (
    "=IF(("
    + _A
    + ')="",IF(TRIM({actual})="","",'
    + _CONVERTED
    + "),("
    + _A
    + ")*IF("
    + _AS_PERCENT
    + ",100,1))"
)
# 得分率: forward (≥ ＞), reverse (≤ ＜), exact (＝) or a range; never above 1
RATE = (
    '=IF(OR({lo}="",{a}=""),"",'
    'IF(OR({sign}="≥",{sign}="＞"),IF({a}>={lo},1,IF(OR({a}<0,{lo}<=0),"",{a}/{lo})),'
    'IF(OR({sign}="≤",{sign}="＜"),IF({a}<={hi},1,IF(OR({hi}<0,{a}<=0),"",{hi}/{a})),'
    'IF(OR({sign}="＝",{hi}<>{lo}),IF(AND({a}>={lo},{a}<={hi}),1,'
    'IF({a}<{lo},IF(OR({a}<0,{lo}<=0),"",{a}/{lo}),IF(OR({hi}<0,{a}<=0),"",{hi}/{a}))),'
    '""))))'
)

_WRITTEN_WITHIN = 'IF(AND(ISNUMBER({sc}),{sc}>=0,{sc}<={pts}),{sc},"")'
_B = 'SUBSTITUTE(SUBSTITUTE(TRIM({band})," ",""),"　","")'  # "达成 " pasted is 达成
_BAND = "INDEX({list},MATCH(" + _B.replace("{", "{{").replace("}", "}}") + ",完成档次,0))"
_IN_BAND = (
    "AND({sc}/{pts}>=" + _BAND.format(list="档次下限") + "-0.000001,"
    "{sc}/{pts}<=" + _BAND.format(list="档次上限") + "+0.000001)"
)
_DEFAULT = "ROUND({pts}*" + _BAND.format(list="档次默认") + ",2)"
# the clerk's score counts inside the chosen band; 分值 0 never divides (AND is not lazy)
_QUALITATIVE = (
    "IF(" + _B + '="",' + _WRITTEN_WITHIN + ","
    "IF(ISNA(MATCH(" + _B + ",完成档次,0))," + _WRITTEN_WITHIN + ","
    "IF(AND(ISNUMBER({sc}),{pts}>0),IF(" + _IN_BAND + ",{sc}," + _DEFAULT + ")," + _DEFAULT + ")))"
)
_IS_QUALITATIVE = 'OR({sign}="定性",AND(TRIM({target})<>"",NOT(ISNUMBER({target})),{lo}=""))'
_DATES = "OR(" + is_date("{target}") + "," + is_date("{actual}") + ")"
# 得分: 不适用 rows score 0, missing actuals nothing; a date in a value cell nothing (the
# engine cannot read it either); 定性 by 完成档次 and the clerk's score inside the band;
# numbers by 得分率; a value that cannot be read takes the clerk's score when it lies
# between 0 and the points (as the engine does)
SCORE = (
    '=IF(NOT(ISNUMBER({pts})),"",'
    'IF(OR(TRIM({name})="",TRIM({name})="无",' + _NONE + '),IF({pts}=0,0,""),'
    'IF(TRIM({actual})="","",'
    "IF(" + _DATES + ',"",'
    'IF({sign}="?",' + _WRITTEN_WITHIN + ","
    "IF(" + _IS_QUALITATIVE + "," + _QUALITATIVE + ","
    'IF(OR({lo}="",{a}=""),' + _WRITTEN_WITHIN + ","
    'IF({rate}="","",ROUND({pts}*{rate},2)))))))))'
)
# 计分: 1 scored, 0 filled but not scorable (the totals then say so), "" not filled
SCORED = (
    '=IF(NOT(ISNUMBER({pts})),"",IF(ISNUMBER({calc}),1,'
    'IF(AND(TRIM({actual})="",TRIM({name})<>"",TRIM({name})<>"无",NOT(' + _NONE + ')),"",0)))'
)

# worksheet AND evaluates every argument: arithmetic sits behind an IF so that an
# empty cell never turns a warning into #VALUE!
_FAR_ABOVE = (
    'IF(AND(OR({sign}="≥",{sign}="＞"),ISNUMBER({a}),ISNUMBER({lo})),'
    "AND({lo}>0,{a}>{lo}*(1+远超比例)),FALSE)"
)
_BELOW = "AND(ISNUMBER({calc}),ISNUMBER({pts}),{calc}<{pts})"
_NEEDS_UNIT = 'AND(ISNUMBER({lo}),TRIM({unit})="")'
# a target with a digit in it ("≥95%", "13.5万元") is meant as a number, words are 定性
_HAS_DIGIT = "SUMPRODUCT(--ISNUMBER(FIND({{0,1,2,3,4,5,6,7,8,9}},ASC({target}))))>0"
DATE_HINT = "存的是日期：范围请写成“3至5”，或先把单元格设为文本再输入“3-5”"
# 提示: why a row has no score, else the first warning that applies, in Chinese
HINT = (
    '=IF(TRIM({name})="","",'
    'IF(AND(TRIM({points})<>"",{pts}=""),"分值应为数字",'
    'IF(AND(TRIM({points})="",TRIM({actual})<>""),"未填分值：本行不计分",'
    'IF({sign}="?","指标性质“"&TRIM({op})&"”无法识别：请从下拉列表选择",'
    "IF(" + is_date("{target}") + ',"指标值' + DATE_HINT + '",'
    "IF(" + is_date("{actual}") + ',"实际完成值' + DATE_HINT + '",'
    'IF(AND({sign}="",ISNUMBER({lo}),{hi}={lo}),"请选择指标性质",'
    'IF(AND({sign}<>"定性",TRIM({target})<>"",NOT(' + _NONE + '),{lo}="",'
    'OR({sign}<>"",' + _HAS_DIGIT + ')),"指标值应为数字或“下限-上限”",'
    "IF(" + _NEEDS_UNIT + ',"定量指标缺少度量单位",'
    "IF(AND(" + _B + '<>"",ISNA(MATCH(' + _B + ",完成档次,0))),"
    '"完成档次应为达成、部分达成或未达成",'
    "IF(AND(" + _IS_QUALITATIVE + ',TRIM({actual})<>"",' + _B + '=""),"请选择完成档次",'
    'IF(AND(ISNUMBER({lo}),TRIM({actual})<>"",{a}=""),'
    '"实际完成值应只填数字（单位写在度量单位列，不带≥≤）",'
    'IF(AND(ISNUMBER({sc}),ISNUMBER({pts}),{sc}>{pts}),"自评得分超过分值",'
    'IF(AND(ISNUMBER({pts}),{pts}>0,OR(TRIM({name})="无",' + _NONE + ')),"指标为“无”却有分值",'
    'IF({ok}=0,"无法按比例计分：请核对指标值和实际完成值（为负或为零）",'
    "IF(AND(" + _FAR_ABOVE + ',TRIM({reason})=""),"远超目标：目标可能偏低，请说明原因",'
    "IF(AND(" + _BELOW + ',TRIM({reason})=""),"未达目标：请填写偏差原因","")))))))))))))))))'
)

# live warnings on indicator rows (conditional formats)
WARN_FAR_ABOVE = "=" + _FAR_ABOVE
WARN_REASON = '=AND(TRIM({reason})="",OR(' + _BELOW + "," + _FAR_ABOVE + "))"
WARN_SCORE_ABOVE = "=AND(ISNUMBER({sc}),ISNUMBER({pts}),{sc}>{pts})"
WARN_UNIT = "=" + _NEEDS_UNIT
WARN_BAND = "=AND(" + _IS_QUALITATIVE + ',TRIM({actual})<>"",' + _B + '="")'
WARN_OP = '=AND(TRIM({name})<>"",OR({sign}="?",AND({sign}="",ISNUMBER({lo}),{hi}={lo})))'


# form-level figures (defined names)
# money units a clerk may type after an amount, and what one of them is in 万元 (the
# engine's scoring.amount reads the same)
MONEY_UNITS = (("万元", 1), ("亿元", 10000), ("千元", 0.1), ("万", 1), ("元", 0.0001))


def amount(name: str) -> str:
    """A money cell's number in 万元, typed as a number or as text ("20", "50,000",
    "20万元", "200000元"); an error for other text, so that a sum containing it shows
    nothing rather than a smaller number."""
    text = f"TRIM(ASC({name}))"
    unit_text = "NA()"
    for unit, factor in reversed(MONEY_UNITS):
        number = f"VALUE(TRIM(LEFT({text},LEN({text})-{len(unit)})))"
        scaled = number if factor == 1 else f"{number}*{factor:g}"
        unit_text = f'IF(RIGHT({text},{len(unit)})="{unit}",{scaled},{unit_text})'
    return f'IF(ISNUMBER({name}),{name},IF(TRIM({name})="",0,IFERROR(VALUE({text}),{unit_text})))'


RATE_OF_EXECUTION = (
    '=IF(OR(TRIM(全年预算数)="",TRIM(全年执行数)=""),"",IFERROR('
    "IF("
    + amount("全年预算数")
    + '=0,"",'
    + amount("全年执行数")
    + "/"
    + amount("全年预算数")
    + '),""))'
)
EXECUTION_SCORE = '=IF(ISNUMBER(执行率),ROUND(执行分值*MIN(执行率,1),2),"")'
POINTS_TOTAL = '=IF(COUNT({points})=0,"",ROUND(SUM({points}),2))'
SCORE_TOTAL = (
    '=IF(COUNT({points})=0,"",IF(COUNTIF({scored},0)>0,"' + UNSCORABLE + '",'
    'IF(COUNT({scored})<COUNT({points}),"",ROUND(SUM({calc}),2))))'
)
TOTAL = (
    "=IF(AND(ISNUMBER(执行得分),ISNUMBER(指标得分合计)),ROUND(执行得分+指标得分合计,2),"
    'IF(指标得分合计="' + UNSCORABLE + '",指标得分合计,""))'
)
GRADE = '=IF(ISNUMBER(总分),INDEX(等级名称,MATCH(总分+0.000000001,等级下限,1)),"")'
FULL_MARKS = '=IF(ISNUMBER(分值合计),执行分值+分值合计,"")'

WARN_POINTS_TOTAL = "=IF(ISNUMBER({name}),ABS({name}-指标满分)>0.001,FALSE)"
WARN_RATE = "=AND(ISNUMBER(执行率),执行率<执行率下限)"


def _amount_sum(names: tuple[str, ...]) -> str:
    return "SUM(" + ",".join(amount(n) for n in names) + ")"


def sum_formula(names: tuple[str, ...]) -> str:
    """A total that stays empty until one of its parts is filled; a part typed as text
    ("20") counts as its number, a part that is no number ("二十") leaves it empty."""
    parts = ",".join(names)
    return f'=IF(COUNTA({parts})=0,"",IFERROR({_amount_sum(names)},""))'


def mismatch(total: str, names: tuple[str, ...]) -> str:
    """True when a written total differs from the sum of its filled parts."""
    parts = ",".join(names)
    return (
        f"=IF(AND(ISNUMBER({total}),COUNTA({parts})>0),"
        f"IFERROR(ABS({total}-{_amount_sum(names)})>0.005,FALSE),FALSE)"
    )

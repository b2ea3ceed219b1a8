"""The scoring rules of :mod:`addin.core.scoring` written as classic worksheet formulas.

Table formulas use ``{key}`` for this row's cell of column ``key``; the keys are those of
:data:`INDICATOR_KEYS`. Names such as 完成档次, 档次下限 or 执行分值 live on the hidden
列表 sheet (see :mod:`addin.templates.lists`), so the numbers come from the profile.
"""

from __future__ import annotations

# column keys every self-evaluation indicator table has
INDICATOR_KEYS = (
    "level1", "level2", "name", "op", "target", "unit", "actual", "band", "points",
    "score", "lo", "hi", "a", "rate", "calc", "reason", "hint",
)  # fmt: skip

_NONE = "ISNUMBER(MATCH(TRIM({target}),无值词,0))"
_T = "ASC(TRIM({target}))"  # full-width digits and signs typed in a text cell -> half-width
_DASH = 'FIND("-",' + _T + ",2)"


def _percent_format(ref: str) -> str:
    """True when the number in ``ref`` shows as a percent (typing 92% stores 0.92)."""
    return f'LEFT(CELL("format",{ref}),1)="P"'


def _number(ref: str) -> str:
    """A cell's number as the clerk sees it: 0.92 shown as 92% is 92; text "13.5" or
    "９２%" (typed into a text cell) is 13.5 or 92; other text is ""."""
    text = f"ASC(TRIM({ref}))"
    return (
        f"IF(ISNUMBER({ref}),{ref}*IF({_percent_format(ref)},100,1),"
        f'IFERROR(IF(RIGHT({text},1)="%",VALUE(LEFT({text},LEN({text})-1)),VALUE({text})),""))'
    )


def _plain(ref: str) -> str:
    """True when ``ref`` holds a number without a percent (format or a typed %)."""
    return f'IF(ISNUMBER({ref}),NOT({_percent_format(ref)}),ISERROR(FIND("%",ASC({ref}))))'


# 指标下限 / 指标上限: a number, or the ends of a range written "a-b"
LOW = (
    '=IF(OR({op}="定性",TRIM({target})="",' + _NONE + '),"",'
    "IF(ISNUMBER(" + _DASH + "),"
    "IFERROR(VALUE(LEFT(" + _T + "," + _DASH + '-1)),""),' + _number("{target}") + "))"
)
HIGH = (
    '=IF({lo}="","",IF(ISNUMBER({target}),{lo},'
    "IFERROR(VALUE(MID(" + _T + "," + _DASH + "+1,50)),{lo})))"
)
# 实际值: a plain fraction typed against a % target counts as a percentage (0.98 -> 98)
_A = _number("{actual}")
ACTUAL = (
    "=IF((" + _A + ')="","",'
    'IF(AND(OR(ASC(TRIM({unit}))="%",NOT('
    + _plain("{target}")
    + ")),"
    + _plain("{actual}")
    + ",ISNUMBER({lo})),"
    "IF(AND(" + _A + "<=百分比界限,{lo}>百分比界限),(" + _A + ")*100," + _A + ")," + _A + "))"
)
# 得分率: forward (≥ ＞), reverse (≤ ＜), exact (＝) or a range; never above 1
RATE = (
    '=IF(OR({lo}="",{a}=""),"",'
    'IF(OR({op}="≥",{op}="＞"),IF({a}>={lo},1,IF(OR({a}<0,{lo}<=0),"",{a}/{lo})),'
    'IF(OR({op}="≤",{op}="＜"),IF({a}<={hi},1,IF(OR({hi}<0,{a}<=0),"",{hi}/{a})),'
    'IF(OR({op}="＝",{hi}<>{lo}),IF(AND({a}>={lo},{a}<={hi}),1,'
    'IF({a}<{lo},IF(OR({a}<0,{lo}<=0),"",{a}/{lo}),IF(OR({hi}<0,{a}<=0),"",{hi}/{a}))),'
    '""))))'
)

_WRITTEN_WITHIN = 'IF(AND(ISNUMBER({score}),{score}>=0,{score}<={points}),{score},"")'
_BAND = "INDEX({list},MATCH({{band}},完成档次,0))"
_QUALITATIVE = (
    'IF({band}="",' + _WRITTEN_WITHIN + ","
    "IF(AND(ISNUMBER({score}),{points}>0,"
    "{score}/{points}>=" + _BAND.format(list="档次下限") + "-0.000001,"
    "{score}/{points}<=" + _BAND.format(list="档次上限") + "+0.000001),"
    "{score},ROUND({points}*" + _BAND.format(list="档次默认") + ",2)))"
)
_IS_QUALITATIVE = 'OR({op}="定性",AND(TRIM({target})<>"",NOT(ISNUMBER({target})),{lo}=""))'
# 得分: 不适用 rows score 0, missing actuals nothing; 定性 by 完成档次 and the clerk's
# score inside the band; numbers by 得分率; a value that cannot be read takes the
# clerk's score when it lies between 0 and the points (as the engine does)
SCORE = (
    '=IF(NOT(ISNUMBER({points})),"",'
    'IF(OR(TRIM({name})="",TRIM({name})="无",' + _NONE + '),IF({points}=0,0,""),'
    'IF(TRIM({actual})="","",'
    "IF(" + _IS_QUALITATIVE + "," + _QUALITATIVE + ","
    'IF(OR({lo}="",{a}=""),' + _WRITTEN_WITHIN + ","
    'IF({rate}="","",ROUND({points}*{rate},2)))))))'
)

# worksheet AND evaluates every argument: arithmetic sits behind an IF so that an
# empty cell never turns a warning into #VALUE!
_FAR_ABOVE = (
    'IF(AND(OR({op}="≥",{op}="＞"),ISNUMBER({a}),ISNUMBER({lo})),'
    "AND({lo}>0,{a}>{lo}*(1+远超比例)),FALSE)"
)
_BELOW = "AND(ISNUMBER({calc}),ISNUMBER({points}),{calc}<{points})"
_NEEDS_UNIT = 'AND(ISNUMBER({lo}),TRIM({unit})="")'
# 提示: the first warning that applies to the row, in Chinese
HINT = (
    '=IF(TRIM({name})="","",'
    'IF(AND(TRIM({op})="",ISNUMBER({lo}),{hi}={lo}),"请选择指标性质",'
    'IF(AND({op}<>"定性",TRIM({target})<>"",NOT(' + _NONE + '),{lo}=""),'
    '"指标值应为数字或“下限-上限”",'
    "IF(" + _NEEDS_UNIT + ',"定量指标缺少度量单位",'
    'IF(AND({op}="定性",TRIM({actual})<>"",{band}=""),"请选择完成档次",'
    'IF(AND(ISNUMBER({score}),ISNUMBER({points}),{score}>{points}),"自评得分超过分值",'
    "IF(AND(" + _FAR_ABOVE + ',TRIM({reason})=""),"远超目标：目标可能偏低，请说明原因",'
    "IF(AND(" + _BELOW + ',TRIM({reason})=""),"未达目标：请填写偏差原因",""))))))))'
)

# live warnings on indicator rows (conditional formats)
WARN_FAR_ABOVE = "=" + _FAR_ABOVE
WARN_REASON = '=AND(TRIM({reason})="",OR(' + _BELOW + "," + _FAR_ABOVE + "))"
WARN_SCORE_ABOVE = "=AND(ISNUMBER({score}),ISNUMBER({points}),{score}>{points})"
WARN_UNIT = "=" + _NEEDS_UNIT
WARN_BAND = '=AND({op}="定性",TRIM({actual})<>"",{band}="")'
WARN_OP = '=AND(TRIM({name})<>"",TRIM({op})="",ISNUMBER({lo}),{hi}={lo})'

# form-level figures (defined names)
RATE_OF_EXECUTION = (
    "=IF(AND(ISNUMBER(全年预算数),ISNUMBER(全年执行数)),"
    'IF(全年预算数=0,"",全年执行数/全年预算数),"")'
)
EXECUTION_SCORE = '=IF(执行率="","",ROUND(执行分值*MIN(执行率,1),2))'
POINTS_TOTAL = '=IF(COUNT({points})=0,"",ROUND(SUM({points}),2))'
SCORE_TOTAL = (
    '=IF(COUNT({points})=0,"",'
    'IF(SUMPRODUCT(ISNUMBER({points})*({calc}=""))>0,"",ROUND(SUM({calc}),2)))'
)
TOTAL = '=IF(OR(执行得分="",指标得分合计=""),"",ROUND(执行得分+指标得分合计,2))'
GRADE = '=IF(总分="","",INDEX(等级名称,MATCH(总分+0.000000001,等级下限,1)))'
FULL_MARKS = '=IF(分值合计="","",执行分值+分值合计)'

WARN_POINTS_TOTAL = "=IF(ISNUMBER({name}),ABS({name}-指标满分)>0.001,FALSE)"
WARN_RATE = "=AND(ISNUMBER(执行率),执行率<执行率下限)"


def sum_formula(names: tuple[str, ...]) -> str:
    """A total that stays empty until one of its parts is filled."""
    parts = ",".join(names)
    return f'=IF(COUNT({parts})=0,"",SUM({parts}))'


def mismatch(total: str, names: tuple[str, ...]) -> str:
    """True when a written total differs from the sum of its filled parts."""
    parts = ",".join(names)
    return f"=IF(AND(ISNUMBER({total}),COUNT({parts})>0),ABS({total}-SUM({parts}))>0.005,FALSE)"

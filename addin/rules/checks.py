"""The checks of 校验: each looks at a form (and its scores) and reports findings by rule code."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pydantic import BaseModel, Field

from addin.core.areas import area_view, area_views, is_split
from addin.core.framework import Kind, classify, clean, detect_framework, strip_points
from addin.core.models import (
    AnyForm,
    DeptBasicDataForm,
    FormKind,
    FundDetailForm,
    Funding,
    Indicator,
    IndicatorForm,
    ProjectTargetForm,
    SelfEvalForm,
)
from addin.core.profiles import Profile
from addin.core.scoring import (
    STATUS_LABELS,
    FormScore,
    IndicatorScore,
    amount,
    execution_in_table,
    ratio_value,
    resolve_op,
    round2,
    score_form,
)
from addin.core.units import WORDED_UNITS, compatible, parse_unit
from addin.core.values import (
    FORWARD,
    REVERSE,
    STORED_AS_DATE,
    STRICT,
    Op,
    ParsedValue,
    normalise_text,
    parse_op,
    parse_value,
    unreadable_op,
)
from addin.reader.instructions import is_instruction
from addin.rules.catalog import RULES, render


class Finding(BaseModel):
    """One finding; the fields are the ``jixiao check --json`` contract."""

    code: str
    severity: str
    sheet: str | None = None
    cell: str | None = None
    message: str
    hint: str
    # the project (or unit) of the form the finding is about: shown beside it, not in the JSON
    subject: str | None = Field(default=None, exclude=True)


def finding(code: str, sheet: str | None, cell: str | None, /, **values: object) -> Finding:
    """The finding of rule ``code`` at ``sheet``!``cell``, its message filled with ``values``."""
    message, hint = render(code, **values)
    return Finding(code=code, severity=RULES[code].severity, sheet=sheet, cell=cell,
                   message=message, hint=hint)  # fmt: skip


class Collector:
    """Collects the findings of one form, once per (code, cell, message)."""

    def __init__(self, sheet: str | None) -> None:
        self.sheet = sheet
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, str | None, str]] = set()

    def add(
        self, code: str, cell: str | None, hint_text: str | None = None, **values: object
    ) -> None:
        made = finding(code, self.sheet, cell, **values)
        if hint_text:
            made.hint = hint_text
        key = (code, cell, made.message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(made)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _pct(value: float) -> str:
    return f"{value * 100:.2f}%"


NAME_ISSUE_CODES = {
    "format": "JX206",
    "variant": "JX204",
    "typo": "JX205",
    "misplaced": "JX203",
    "level2_as_name": "JX207",
}
MONEY_WORDS = ("金额", "资金", "经费")
# a concrete 三级 indicator for each standard 二级, quoted when a 三级 cell holds a 二级 name
EXAMPLES = {
    "数量指标": "慰问困难职工人数",
    "质量指标": "资金发放准确率",
    "时效指标": "资金发放及时率",
    "成本指标": "人均慰问标准",
    "经济成本指标": "人均慰问标准",
    "社会成本指标": "对周边群众生活的影响",
    "生态环境成本指标": "施工扬尘控制情况",
    "经济效益指标": "带动就业人数",
    "社会效益指标": "困难职工生活改善情况",
    "生态效益指标": "绿化覆盖率",
    "可持续影响指标": "长效帮扶机制建立情况",
    "服务对象满意度指标": "慰问对象满意度",
    "满意度指标": "服务对象满意度",
}


@lru_cache(maxsize=16384)
def shown(text: str) -> str:
    """County text quoted in a message: a line break shown as （换行）, never a literal \\n."""
    return re.sub(r"\s*[\r\n]+\s*", "（换行）", text.strip())


@lru_cache(maxsize=16384)
def vertical(raw: str) -> bool:
    """Text written one character a line in a narrow merged cell (产\n出\n指\n标)."""
    lines = [line.strip() for line in re.split(r"[\r\n]+", raw.strip())]
    if len(lines) > 3 and not strip_points(lines[-1]):
        lines.pop()  # 产\n出\n指\n标\n(50分): the section's points on the last line
    return len(lines) >= 3 and all(len(line) == 1 for line in lines)


@lru_cache(maxsize=16384)
def format_faults(raw: str, standard: str) -> str:
    """What keeps a recognised name from its standard spelling, in words."""
    faults = []
    if re.search(r"[\r\n]", raw):
        faults.append("含换行")
    if re.search(r"[ \t\u3000]", raw.strip()):
        faults.append("含空格")
    bare = re.sub(r"[\s\d]+$", "", raw.strip())
    if re.search(r"\d+$", raw.strip()):
        faults.append("带编号")
    if standard.endswith("指标") and not strip_points(re.sub(r"\s", "", bare)).endswith("指标"):
        faults.append("缺少“指标”二字")
    return "、".join(faults) or "写法与标准名称不同"


# --- indicator tables ----------------------------------------------------------------


def check_names(form: IndicatorForm, out: Collector) -> None:
    """一级/二级/三级 names against the framework; duplicates; missing categories."""
    framework = detect_framework([i.level1 for i in form.indicators])
    groups: set[str] = set()
    names: Counter[str] = Counter()
    for ind in form.indicators:
        if clean(ind.name) in ("无", ""):
            continue
        cls = classify(ind.level1, ind.level2, ind.name, framework)
        if cls.group:
            groups.add(cls.group)
        for issue in cls.issues:
            cell = ind.cells.get(issue.field)
            if issue.kind == "unknown" and framework == "evaluation" and issue.field != "level1":
                continue  # 10号 lets each province word its own 二级/三级: nothing to hold to
            if issue.kind == "unknown":
                code = "JX201" if issue.field == "level1" else "JX202"
                # no close standard name: say where the names are, not a placeholder
                hint = None if issue.suggestion else NO_SUGGESTION[code]
                out.add(code, cell, hint, value=shown(issue.raw), suggestion=issue.suggestion)
            elif issue.kind == "misplaced":
                out.add(
                    "JX203",
                    cell,
                    value=shown(issue.raw),
                    level1=shown(ind.level1 or ""),
                    suggestion=issue.suggestion,
                )
            elif issue.kind == "level2_as_name":
                example = EXAMPLES.get(issue.suggestion or "", "该项工作具体的数量、质量或效果")
                out.add("JX207", cell, value=shown(issue.raw), example=example)
            elif issue.kind == "format" and vertical(issue.raw):
                continue  # 产\n出\n指\n标: printed one character a line, spelt right
            elif issue.kind == "format":
                out.add(
                    "JX206",
                    cell,
                    value=shown(issue.raw),
                    what=format_faults(issue.raw, issue.suggestion or ""),
                    suggestion=issue.suggestion,
                )
            else:
                out.add(
                    NAME_ISSUE_CODES[issue.kind],
                    cell,
                    value=shown(issue.raw),
                    suggestion=issue.suggestion,
                )
        names[clean(ind.name)] += 1
        if names[clean(ind.name)] == 2:
            count = sum(1 for i in form.indicators if clean(i.name) == clean(ind.name))
            out.add("JX208", ind.cells.get("name"), value=ind.name, count=count)
        target = parse_value(ind.target, ind.unit)
        money_unit = target.unit is not None and target.unit.dimension == "money"
        if cls.level2 == "数量指标" and (
            (money_unit and not target.unit.per)  # type: ignore[union-attr]
            or clean(ind.name).endswith(MONEY_WORDS)
        ):
            out.add("JX211", ind.cells.get("name"), value=ind.name)
        if cls.level1 == "效益指标" and "满意" in clean(ind.name):
            out.add("JX212", ind.cells.get("name"), value=ind.name)
    has_levels = any(clean(i.level1) for i in form.indicators)  # a flat table has none
    if framework == "project" and form.indicators and has_levels:
        first = form.indicators[0].cells.get("level1")
        for group in ("产出", "效益"):
            if group not in groups:
                out.add("JX209", first, group=group)
        if "满意度" not in groups:
            out.add("JX210", first)


NO_SUGGESTION = {
    "JX201": "一级指标应为产出指标、成本指标、效益指标或满意度指标",
    "JX202": "请改用指标体系中的二级指标名称（见 docs/rules.md 与模板的下拉列表）",
}


_DATE = re.compile(
    r"^(?:[<>≤≥＜＞]=?)?(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末|初|中旬|上旬|下旬)?"
    r"(?:前|之前|以前|内|完成|完工|前完成)?$"
    r"|^(?:[<>≤≥＜＞]=?)?\d{4}[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?(?:前|之前|完成)?$"
)


def stored_date(value: ParsedValue) -> bool:
    """A cell that holds a date value: what Excel and WPS make of a typed "3-5" or "1/2",
    so the clerk's own text is lost (JX106 says how to type it), unlike a deadline typed
    as words ("2021年7月")."""
    return value.reason == STORED_AS_DATE


def is_date(text: str | None) -> bool:
    """A target that is a date or deadline: "2021年7月", "2021年12月底前", "2023.06"."""
    return bool(_DATE.match(clean(text)))


def read(ind: Indicator, fld: str) -> bool:
    """Whether the reader found the column of ``fld`` (a form read from cells names the cell
    of each field it read): a column it could not read is no blank for the rules to report."""
    return not ind.cells or fld in ind.cells


def _is_rate(name: str | None) -> bool:
    return bool(name) and clean(name).endswith("率") and "变动率" not in clean(name)


def check_values(
    ind: Indicator,
    profile: Profile,
    kind: Kind | None,
    out: Collector,
    self_eval: bool,
    judged: bool = False,
) -> None:
    """Targets, signs and units of one row (all forms with indicators)."""
    if clean(ind.name) in ("无", "") or clean(ind.target) == "无":
        return
    cells = ind.cells
    target = parse_value(ind.target, ind.unit)
    column_op = parse_op(ind.op)
    has_op = "op" in cells  # the form has a 指标性质 column (a form read from cells)
    # judged: a 决策 / 过程 row of an evaluation, judged by its 评价标准, not by a target
    if target.kind == "empty" and not judged and read(ind, "target"):
        # 决策 / 过程 rows of an evaluation are judged by their 评价标准, not by a target
        out.add("JX102", cells.get("target"), name=ind.name)
    elif target.kind == "unreadable" and is_date(ind.target) and not stored_date(target):
        pass  # a deadline ("2021年7月", "12月底前"): judged like words, not a number
    elif target.kind == "unreadable":
        out.add("JX106", cells.get("target"), value=target.show(), reason=target.reason)
    elif target.kind == "text":
        if clean(ind.target) in profile.words.vague or clean(ind.target).startswith("进一步"):
            out.add("JX104", cells.get("target"), name=ind.name, value=ind.target)
        if target.op is not None or column_op in FORWARD | REVERSE | {Op.EQ}:
            out.add("JX504", cells.get("target"), value=ind.target)
    elif target.is_number:
        if column_op == Op.QUAL:
            out.add("JX503", cells.get("target"), value=ind.target)
        if target.unit is None and not ind.unit:
            out.add("JX103", cells.get("target"), name=ind.name, value=ind.target)
        if target.kind == "number" and target.op is None and column_op is None and has_op:
            inferred, _ = resolve_op(ind, target, kind)
            if not unreadable_op(ind.op):  # an unreadable spelling is JX508, not "未填"
                sign = inferred.value if inferred else "≥"
                out.add("JX507", cells["op"], name=ind.name, value=ind.target, op=sign)
        if column_op and target.op and column_op != target.op and column_op != Op.QUAL:
            out.add(
                "JX506",
                cells.get("target"),
                op=column_op.value,
                value=ind.target,
                inner=target.op.value,
            )
    if has_op and unreadable_op(ind.op):
        inferred, _ = resolve_op(ind, target, kind)
        guess = inferred.value if inferred else "区间"
        out.add("JX508", cells["op"], value=clean(ind.op), op=guess)
    if target.is_number:
        _check_number_cell(ind, "target", out)
    worded_unit(ind, target, out)
    op = column_op or target.op
    # an 执行率 under 成本指标 is a rate where more is better: ≥ is its right sign
    if kind == Kind.COST and op in FORWARD and not clean(ind.name).endswith("执行率"):
        out.add("JX501", cells.get("op") or cells.get("target"), name=ind.name, op=op.value)
    if kind == Kind.QUANTITY and op in REVERSE:
        out.add("JX502", cells.get("op") or cells.get("target"), name=ind.name, op=op.value)
    if _is_rate(ind.name):
        for fld, text in (("target", ind.target), ("actual", ind.actual), *ind.history.items()):
            value = parse_value(text, ind.unit)
            percent = value.unit is not None and value.unit.dimension == "percent"
            if value.is_number and percent and (value.high or 0) > 100:
                out.add("JX505", cells.get(fld) or cells.get("target"), name=ind.name, value=text)
    if self_eval:
        actual = parse_value(ind.actual, ind.unit)
        if actual.kind == "unreadable":
            out.add("JX106", cells.get("actual"), value=actual.show(), reason=actual.reason)
        elif actual.is_number and actual.op is not None:
            out.add("JX604", cells.get("actual"), value=ind.actual)
        elif actual.is_number:
            _check_number_cell(ind, "actual", out)


FIELD_LABELS = {"target": "指标值", "actual": "实际完成值"}


def _check_number_cell(ind: Indicator, fld: str, out: Collector) -> None:
    """JX610: a number cell of a form with a 度量单位 column that holds a unit other than
    the row's own (or the column is blank). The engine reads and converts it; a
    template's formula reads the number with the row's own unit only."""
    cells, text = ind.cells, getattr(ind, fld)
    if fld not in cells:
        return
    value = parse_value(text)
    what = None
    if "unit" in cells and value.unit is not None:
        own = parse_unit(normalise_text(ind.unit)) if clean(ind.unit) else None
        if own is None:
            what = f"带了单位「{value.unit.text}」，度量单位列未填"
        elif own.text != value.unit.text and (
            compatible(own, value.unit) or value.unit.dimension == "number"  # "0.13万"
        ):
            what = f"带了单位「{value.unit.text}」，度量单位列为「{own.text}」（已换算后比较）"
        elif own.text != value.unit.text and fld == "target":
            what = f"带了单位「{value.unit.text}」，与度量单位「{own.text}」不同"
    if what:
        out.add("JX610", cells[fld], field=FIELD_LABELS[fld], value=clean(text), what=what)


def worded_unit(ind: Indicator, target: ParsedValue, out: Collector) -> None:
    """JX111: a unit written as a word ("≥100百分比", 度量单位 百分比) where its sign belongs."""
    written = target.unit.text if target.is_number and target.unit is not None else None
    for word, cell, value in (
        (written, ind.cells.get("target"), ind.target),
        (clean(ind.unit), ind.cells.get("unit") or ind.cells.get("target"), ind.unit),
    ):
        if word in WORDED_UNITS:
            sign, what = WORDED_UNITS[word]
            out.add("JX111", cell, value=value, word=word, sign=sign, what=what)
            return


def cost_restates_budget(form: IndicatorForm, out: Collector) -> None:
    """JX213: a 成本指标 whose target is the project's whole budget (控制在预算成本内 | 250万),
    no cost standard. The budget is the 资金总额's 年初 or 全年预算数, in 万元."""
    funding = getattr(form, "funding", None)
    total = next((r for r in funding.rows if r.kind == "total"), None) if funding else None
    if total is None:
        return
    budgets = {v for v in (amount(total.initial), amount(total.budget)) if v}
    if not budgets:
        return
    framework = detect_framework([i.level1 for i in form.indicators])
    for ind in form.indicators:
        if classify(ind.level1, ind.level2, ind.name, framework).kind != Kind.COST:
            continue
        target = parse_value(ind.target, ind.unit)
        unit = target.unit
        money = (
            unit is not None
            and not unit.per
            and (unit.dimension == "money" or unit.text in ("万", "亿"))
        )
        value = amount(ind.target) if money and target.kind == "number" else None
        if value is not None and any(abs(value - b) < 0.005 for b in budgets):
            budget = (total.budget if amount(total.budget) in budgets else total.initial) or ""
            if parse_value(budget).unit is None:  # a bare amount: in the form's money unit
                budget = f"{budget} {form.header.money_unit or '万元'}"
            out.add("JX213", ind.cells.get("target"), name=ind.name, value=ind.target,
                    budget=budget.strip())  # fmt: skip


def check_breakdown(form: IndicatorForm, out: Collector) -> None:
    """JX410: a cost breakdown's 合计 that is not the sum of its column."""
    for column in form.breakdown:
        parts = [amount(p) for p in column.parts]
        total = amount(column.total)
        if total is None or any(p is None for p in parts):
            continue
        part_sum = sum(parts)  # type: ignore[arg-type]
        if abs(part_sum - total) > 0.005:
            out.add("JX410", column.cells.get("total"), column=shown(column.label),
                    total=column.total, sum=_fmt(part_sum))  # fmt: skip


# --- self-evaluation scores ------------------------------------------------------------


def check_scores(form: SelfEvalForm, result: FormScore, profile: Profile, out: Collector) -> None:
    """Points, written scores and totals, actual values against the rules."""
    tol = profile.tolerance
    read_from_sheet = any(i.cells for i in form.indicators)
    has_reason_column = (
        any("reason" in i.cells for i in form.indicators)
        or any(i.reason for i in form.indicators)
        # a form given as data, not read from a sheet: the Hunan forms have the column
        or (not read_from_sheet and form.form in (FormKind.DEPT_SELF, FormKind.PROJECT_SELF))
    )
    for ind, row in zip(form.indicators, result.indicators, strict=True):
        if is_split(ind):
            check_area_row(ind, row, profile, out, has_reason_column)
        else:
            _check_row(ind, row, profile, out, has_reason_column)
    rows = [i for i in result.indicators if i.status != "na"]
    if rows and all(i.points is not None for i in rows):
        total = result.points or 0.0
        inside = execution_in_table(form)  # then the rows carry the whole 100
        expected = profile.total_points if inside else profile.indicator_points
        if abs(total - expected) > tol:
            out.add(
                "JX301",
                points_total_cell(form),
                label=profile.points_label,
                total=_fmt(total),
                expected=_fmt(expected),
            )
        if not inside:
            _check_split(form, result, profile, out)
    _check_execution(form, result, profile, out)
    _check_total(form, result, profile, out)


def _row_of(cell: str) -> int:
    return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$").replace("$", "") or 0)


def points_total_cell(form: SelfEvalForm) -> str | None:
    """The 分值合计 cell: the one read as such, else the 分值 column in the 总分 row (else
    the first 分值)."""
    first = form.indicators[0].cells.get("points") if form.indicators else None
    if form.cells.get("points_total"):  # the 合计 cell itself (a template's 分值合计)
        return form.cells["points_total"]
    total = form.cells.get("total")
    if total and first and _row_of(total) < _row_of(first):
        total = None  # a total written in the header block: not a 合计 row under the 分值 column
    if total and first:
        column = first.rstrip("0123456789")
        return column + total.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
    return total or first


UNCOMPUTABLE = "定量指标的实际完成值应为数值，否则本表的指标得分合计和总分无法计算"


def _check_row(
    ind: Indicator, row: IndicatorScore, profile: Profile, out: Collector, has_reason_column: bool
) -> None:
    cells, tol = ind.cells, profile.tolerance
    if row.status == "na":
        return
    if row.status == "missing":
        if read(ind, "actual"):
            out.add("JX105", cells.get("actual"), name=ind.name)
        return
    if row.points == 0:
        out.add("JX309", cells.get("points"), name=ind.name)
    qualitative = row.op == Op.QUAL.value or parse_value(ind.target).kind == "text"
    if "band" in cells and not clean(ind.band) and qualitative and clean(ind.actual):
        # the template scores a 定性 row by the band chosen; the engine judged the words
        out.add("JX611", cells["band"], name=ind.name, actual=clean(ind.actual),
                status=_status_label(row))  # fmt: skip
    written = row.written_score
    if written is not None and row.points is not None and written > row.points + tol:
        out.add("JX302", cells.get("score"), score=_fmt(written), points=_fmt(row.points))
    elif written is not None and row.score is not None and abs(written - row.score) > tol:
        reason = f"该项{_status_label(row)}" + (f"：{row.note}" if row.note else "")
        out.add(
            "JX303",
            cells.get("score"),
            written=_fmt(written),
            computed=_fmt(row.score),
            reason=reason,
        )
    target, actual = parse_value(ind.target, ind.unit), parse_value(ind.actual, ind.unit)
    if row.status == "far_above":
        out.add(
            "JX601",
            cells.get("actual"),
            actual=ind.actual,
            target=ind.target,
            ratio=f"{profile.far_above_ratio:.0%}",
        )
    op = parse_op(row.op) if row.op else None
    comparable = target.is_number and actual.is_number and compatible(target.unit, actual.unit)
    if op in STRICT and comparable and actual.base() == target.base():
        out.add("JX602", cells.get("actual"), op=op.value, target=ind.target, actual=ind.actual)
    if row.status == "review" and row.note:
        if ("是数值" in row.note and op == Op.QUAL) or (target.kind == "text" and actual.is_number):
            out.add("JX605", cells.get("actual"), target=ind.target, actual=ind.actual)
        elif row.note.startswith("定量指标的实际值") and row.score is None and row.points:
            # "九成", "已完成" against a number: the form's total cannot be computed
            out.add("JX106", cells.get("actual"), value=ind.actual, reason=UNCOMPUTABLE)
        elif row.note.startswith("单位不一致"):
            out.add("JX606", cells.get("actual"), note=row.note)
        else:
            out.add("JX607", cells.get("actual"), name=ind.name, note=row.note)
    below = row.score is not None and row.points is not None and row.score < row.points - tol
    unmet = below or row.status in ("not_met", "partial", "missed")
    if unmet and not ind.reason:
        score, points = _fmt(row.score or 0), _fmt(row.points or 0)
        if has_reason_column:
            out.add("JX603", cells.get("reason"), name=ind.name, score=score, points=points)
        else:  # the explanation belongs below the table: say where, the reviewer checks it
            cell = cells.get("score") or cells.get("actual")
            out.add("JX609", cell, name=ind.name, score=score, points=points)
    limit = profile.reason_max_chars
    if limit and ind.reason and len(ind.reason) > limit:
        out.add("JX608", cells.get("reason"), length=len(ind.reason), limit=limit)


def _status_label(row: IndicatorScore) -> str:
    return STATUS_LABELS[row.status]


def _check_split(form: SelfEvalForm, result: FormScore, profile: Profile, out: Collector) -> None:
    framework = detect_framework([i.level1 for i in form.indicators])
    if framework != "project":
        return
    points: Counter[str] = Counter()
    for ind, row in zip(form.indicators, result.indicators, strict=True):
        group = classify(ind.level1, ind.level2, ind.name).group
        if group and row.points is not None:
            points[group] += row.points
    if not points:  # no row names a 一级/二级 (a flat table without headings): no split to show
        return
    if any(abs(points[g] - expected) > profile.tolerance for g, expected in profile.split.items()):
        first = form.indicators[0].cells.get("points") if form.indicators else None
        actual = "、".join(f"{g} {_fmt(points[g])}" for g in profile.split)
        usual = "、".join(f"{g} {_fmt(v)}" for g, v in profile.split.items())
        out.add("JX308", first, actual=actual, usual=usual)


def _check_execution(
    form: SelfEvalForm, result: FormScore, profile: Profile, out: Collector
) -> None:
    funding, tol = form.funding, profile.tolerance
    total = next((r for r in funding.rows if r.kind == "total"), None)
    if total is None:
        return
    if result.budget == 0:
        out.add("JX403", total.cells.get("budget"))
    if (
        result.budget is not None
        and result.spent is not None
        and result.spent > result.budget + 1e-9
    ):
        out.add("JX402", total.cells.get("spent"), spent=total.spent, budget=total.budget)
    rate = result.execution_rate
    if rate is not None:
        written = ratio_value(funding.rate)
        # a rate written to whole percent ("86%") is right when it rounds to it
        whole = funding.rate is not None and re.fullmatch(r"\s*\d+\s*[%％]\s*", funding.rate)
        slack = 0.005 if whole else 5e-5
        if written is not None and abs(written - rate) > tol / 100 + slack:
            out.add("JX306", funding.cells.get("rate"), written=funding.rate, computed=_pct(rate))
        if rate < profile.reason_below_rate:
            out.add(
                "JX406",
                funding.cells.get("rate") or total.cells.get("spent"),
                rate=_pct(rate),
                limit=f"{profile.reason_below_rate:.0%}",
            )
    computed, written_score = result.execution_score, result.written_execution_score
    if computed is not None and written_score is not None and abs(computed - written_score) > tol:
        out.add(
            "JX307",
            funding.cells.get("score"),
            written=funding.score,
            computed=_fmt(result.execution_score),
        )
    check_money(funding, out)
    _check_adjustment(funding, out)


def _check_adjustment(funding: Funding, out: Collector) -> None:
    """JX411: 年初预算数 adjusted in the year with the form's 原因 cell left without the reason
    (blank, or still the template's instruction). Only a form with such a cell asks for it."""
    total = next((r for r in funding.rows if r.kind == "total"), None)
    cell = funding.cells.get("reason")
    if total is None or cell is None:
        return
    initial, budget = amount(total.initial), amount(total.budget)
    if initial is None or budget is None or abs(initial - budget) <= 0.005:
        return
    if funding.reason and not is_instruction(funding.reason):
        return
    out.add("JX411", cell, initial=total.initial, budget=total.budget, where="原因栏")


def _check_total(form: SelfEvalForm, result: FormScore, profile: Profile, out: Collector) -> None:
    written_total = result.written_total
    if written_total is None:
        return
    cell, tol = form.cells.get("total"), profile.tolerance
    written_rows = [r.written_score for r in result.indicators if r.points is not None]
    # the 预算执行率 score is written above the table, or is one of its rows (评价体系)
    execution = result.written_execution_score
    if execution is None and execution_in_table(form):
        execution = 0.0
    if execution is not None and written_rows and all(w is not None for w in written_rows):
        written_sum = round2(execution + sum(written_rows))  # type: ignore[arg-type]
        if abs(written_sum - written_total) > tol:
            out.add("JX304", cell, written=_fmt(written_total), sum=_fmt(written_sum))
            return
    if result.total is not None and abs(result.total - written_total) > tol:
        out.add("JX305", cell, written=_fmt(written_total), computed=_fmt(result.total))


# --- money -----------------------------------------------------------------------------

_PARTS = ("fiscal", "carryover", "fund", "nontax", "other")
_COLUMNS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}


def check_money(funding: Funding, out: Collector) -> None:
    """资金总额 = 财政拨款 + 上年结转 + 其他资金 (and 基本支出 + 项目支出), per column."""
    total = next((r for r in funding.rows if r.kind == "total"), None)
    if total is None:
        return
    has_spent = any(r.spent for r in funding.rows)
    for column, label in _COLUMNS.items():
        total_value = amount(getattr(total, column))
        if total_value is None:
            continue
        for kinds in (_PARTS, ("basic", "project")):
            parts = [r for r in funding.rows if r.kind in kinds and getattr(r, column) is not None]
            if not parts:
                continue
            values = [amount(getattr(r, column)) for r in parts]
            if any(v is None for v in values):
                continue
            if kinds == ("basic", "project") and len(parts) < 2:
                continue
            part_sum = sum(values)  # type: ignore[arg-type]
            if abs(part_sum - total_value) > 0.005:
                out.add(
                    "JX401",
                    total.cells.get(column),
                    column=label if has_spent else "金额",
                    total=getattr(total, column),
                    sum=_fmt(part_sum),
                )


def check_plan(form: ProjectTargetForm, out: Collector) -> None:
    """资金支出计划: cumulative, and 12月底 equals 预算数."""
    plan = form.plan
    points = [("3月底", "m3"), ("6月底", "m6"), ("10月底", "m10"), ("12月底", "m12")]
    previous: tuple[str, str, float] | None = None
    for label, key in points:
        value = amount(getattr(plan, key))
        if value is None:
            continue
        if previous is not None and value < previous[2] - 1e-9:
            out.add(
                "JX404",
                plan.cells.get(key),
                later=label,
                later_value=getattr(plan, key),
                earlier=previous[0],
                earlier_value=previous[1],
            )
        previous = (label, getattr(plan, key), value)
    total = next((r for r in form.funding.rows if r.kind == "total"), None)
    budget = amount(total.budget) if total else None
    final = amount(plan.m12)
    if budget is not None and final is not None and abs(final - budget) > 0.005:
        out.add("JX405", plan.cells.get("m12"), plan=plan.m12, budget=total.budget)  # type: ignore[union-attr]


def _per_month(value: ParsedValue) -> bool:
    return bool(value.unit and value.unit.per.endswith("月"))


def check_fund_detail(form: FundDetailForm, out: Collector) -> None:
    """专项资金预算明细: 金额 = 人数 × 标准; 合计 = Σ 金额."""
    amounts: list[float] = []
    for line in form.lines:
        people, standard, money = (
            parse_value(line.people),
            parse_value(line.standard),
            parse_value(line.amount),
        )
        if money.is_number and money.base() is not None:
            amounts.append(money.base())  # type: ignore[arg-type]
        if not (people.kind == "number" and money.kind == "number" and standard.is_number):
            continue
        months = 12 if _per_month(standard) else 1
        low = people.low * standard.base("low") * months  # type: ignore[operator]
        high = people.low * standard.base("high") * months  # type: ignore[operator]
        value = money.base() or 0.0
        if not low - 0.5 <= value <= high + 0.5:
            computed = _fmt(low) if low == high else f"{_fmt(low)}-{_fmt(high)}"
            out.add(
                "JX407",
                line.cells.get("amount"),
                name=line.name,
                people=line.people,
                standard=line.standard,
                computed=computed + "元",
                amount=line.amount,
                extra="（按月标准 × 12 个月）" if months == 12 else "",
            )
    total = parse_value(form.total)
    if total.is_number and amounts and abs((total.base() or 0) - sum(amounts)) > 0.5:
        out.add("JX408", form.cells.get("total"), total=form.total, sum=_fmt(sum(amounts)))


def check_basic_data(form: DeptBasicDataForm, out: Collector) -> None:
    """基础数据表: 在职人员控制率 = 在职 ÷ 编制 (≤ 100%)."""
    staff = form.staff
    authorized, actual = parse_value(staff.authorized), parse_value(staff.actual)
    written = ratio_value(staff.rate)
    if authorized.kind == "number" and actual.kind == "number" and authorized.low:
        computed = actual.low / authorized.low  # type: ignore[operator]
        if written is not None and abs(written - computed) > 0.0001:
            out.add(
                "JX409", None, name="在职人员控制率", written=staff.rate, computed=_pct(computed)
            )
        if computed > 1:
            out.add("JX505", None, name="在职人员控制率", value=_pct(computed))


# --- header words ----------------------------------------------------------------------

_FORM_TITLE = re.compile(r"(绩效|自评|目标|申报|评价)[^，。；]*表$")


def check_header_words(form: IndicatorForm, out: Collector) -> None:
    """A 项目名称 holding the form's title; a goal holding only an amount (43.2)."""
    project = clean(form.header.project)
    if project and _FORM_TITLE.search(project):
        out.add("JX108", form.header.cells.get("project"), value=form.header.project)
    achieved = form.header.extra.get("实际完成情况")
    for field, text, cell in (
        ("年度总体目标", form.goal, form.cells.get("goal")),
        ("目标实际完成情况", achieved, form.header.cells.get("goal_actual")),
    ):
        value = parse_value(text) if text else None
        amount_only = value is not None and value.kind == "number" and value.op is None
        if amount_only and (value.unit is None or value.unit.dimension == "money"):  # type: ignore[union-attr]
            out.add("JX109", cell, field=field, value=text)


# --- targets split by area, "其中" parts ---------------------------------------------------


def check_areas(
    ind: Indicator,
    profile: Profile,
    kind: Kind | None,
    out: Collector,
    self_eval: bool,
    judged: bool = False,
) -> None:
    """Targets written per area: each area's target (and actual) checked on its own cell
    as a row of its own; an area left blank is no finding (the task may not be that area's),
    a row with no area target at all is one JX102 at its first area."""
    if not is_split(ind):
        return
    area_cells = [v for k, v in ind.cells.items() if k.startswith("target:")]
    blank = not ind.area_targets and ind.target is None and clean(ind.name) not in ("无", "")
    if area_cells and blank and not judged:
        out.add("JX102", area_cells[0], name=ind.name)
    for area, view in area_views(ind):
        if view.target is not None:
            check_values(view, profile, kind, out, self_eval, judged)
        elif self_eval and area in ind.area_actuals:
            actual = parse_value(view.actual, view.unit)
            if actual.kind == "unreadable":
                cell = view.cells.get("actual")
                out.add("JX106", cell, value=actual.show(), reason=actual.reason)


def check_area_row(
    ind: Indicator, row: IndicatorScore, profile: Profile, out: Collector, has_reason_column: bool
) -> None:
    """The score checks of a row whose targets are split by area, on the cells of the area
    its status speaks of (the area far above its target, short of it, not filled …); every
    other area far above its target is a JX601 of its own."""
    view = area_view(ind, row.area) if row.area else ind
    if row.area is None and row.status != "review":
        view = ind.model_copy(update={"target": None, "actual": None})
    _check_row(view, row, profile, out, has_reason_column)
    for area, status in row.by_area.items():
        if area == row.area:
            continue
        other = area_view(ind, area)
        if status == "far_above":
            ratio = f"{profile.far_above_ratio:.0%}"
            cell = other.cells.get("actual")
            out.add("JX601", cell, actual=other.actual, target=other.target, ratio=ratio)
        elif status == "missing" and other.cells.get("actual"):
            out.add("JX105", other.cells["actual"], name=ind.name)


def check_parts(ind: Indicator, out: Collector, self_eval: bool) -> None:
    """The values of an indicator's "其中" parts, each on its own cell: a value that cannot
    be read, a rate above 100%, an actual with a sign. A part has no points: no score."""
    for part in ind.parts:
        unit = part.unit or ind.unit
        fields = [("target", part.target)] + ([("actual", part.actual)] if self_eval else [])
        for fld, text in fields:
            value = parse_value(text, unit)
            cell = part.cells.get(fld)
            if value.kind == "unreadable" and not (fld == "target" and is_date(text)):
                out.add("JX106", cell, value=value.show(), reason=value.reason)
            elif fld == "actual" and value.is_number and value.op is not None:
                out.add("JX604", cell, value=text)
            percent = value.unit is not None and value.unit.dimension == "percent"
            rate = _is_rate(part.name) or _is_rate(ind.name)
            if rate and value.is_number and percent and (value.high or 0) > 100:
                out.add("JX505", cell, name=part.name, value=text)


# --- entry point -----------------------------------------------------------------------


def check_form(form: AnyForm, profile: Profile) -> tuple[list[Finding], FormScore | None]:
    """All findings of one form, and its score when it is a self-evaluation."""
    out = Collector(form.sheet)
    result: FormScore | None = None
    if isinstance(form, IndicatorForm):
        header = form.header
        if form.form.value.startswith(("project", "sc_project")) and not header.project:
            out.add("JX101", header.cells.get("project"), field="项目名称")
        if "department" in header.cells and not header.department:
            out.add("JX101", header.cells["department"], field="主管部门")  # labelled, left blank
        check_header_words(form, out)
        if not form.indicators:
            out.add("JX107", form.cells.get("title"), title=form.title)
        check_names(form, out)
        self_eval = isinstance(form, SelfEvalForm)
        framework = detect_framework([i.level1 for i in form.indicators])
        for ind in form.indicators:
            cls = classify(ind.level1, ind.level2, ind.name, framework)
            judged = framework == "evaluation" and cls.level1 in ("决策", "过程")
            check_values(ind, profile, cls.kind, out, self_eval, judged)
            check_areas(ind, profile, cls.kind, out, self_eval, judged)
            check_parts(ind, out, self_eval)
        for ind in getattr(form, "long_term_indicators", []):
            check_values(
                ind, profile, classify(ind.level1, ind.level2, ind.name, framework).kind, out, False
            )
        if isinstance(form, SelfEvalForm):
            result = score_form(form, profile)
            check_scores(form, result, profile, out)
        if isinstance(form, ProjectTargetForm):
            check_money(form.funding, out)
            check_plan(form, out)
        cost_restates_budget(form, out)
        check_breakdown(form, out)
    elif isinstance(form, FundDetailForm):
        check_fund_detail(form, out)
    elif isinstance(form, DeptBasicDataForm):
        check_basic_data(form, out)
    return out.findings, result

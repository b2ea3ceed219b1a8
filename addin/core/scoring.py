"""Scoring a self-evaluation by the rules of a profile (after 财预〔2020〕10号).

预算执行率 = 全年执行数 ÷ 全年预算数, its score = 分值 × min(执行率, 1). Each indicator
scores by its sign (forward, reverse, exact, range, qualitative band), never above its
points. 总分 = execution score + indicator scores; 等级 from the profile. A figure that
cannot be computed is ``None`` with a status that says why: never a silent 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, Field

from addin.core.areas import (
    area_names,
    area_view,
    common_target,
    is_split,
    shown_actual,
    summed_target,
)
from addin.core.areas import shown_target as target_shown
from addin.core.framework import Kind, classify, detect_framework, lower_is_better
from addin.core.models import FundingRow, Indicator, SelfEvalForm
from addin.core.profiles import Band, Profile, load_profile
from addin.core.values import (
    FORWARD,
    REVERSE,
    Op,
    ParsedValue,
    normalise_text,
    parse_op,
    parse_value,
)

Status = Literal[
    "met",  # 达成
    "not_met",  # 未达成 (score by ratio)
    "far_above",  # 远超目标: full points, target set too low
    "achieved",  # 定性 达成
    "partial",  # 定性 部分达成
    "missed",  # 定性 未达成
    "na",  # 不适用 (a row written 无)
    "missing",  # 实际完成值 not filled
    "unreadable",  # a value that cannot be read
    "review",  # needs a person: units differ, words not decidable …
]

STATUS_LABELS: dict[str, str] = {
    "met": "达成",
    "not_met": "未达成",
    "far_above": "远超目标",
    "achieved": "达成（定性）",
    "partial": "部分达成（定性）",
    "missed": "未达成（定性）",
    "na": "不适用",
    "missing": "未填实际值",
    "unreadable": "无法识别",
    "review": "需人工判断",
}
BAND_OF_STATUS = {"achieved": "达成", "partial": "部分达成", "missed": "未达成"}


def round2(value: float) -> float:
    """Round half away from zero to two decimals, as Excel's ROUND does: on the number's
    15 significant digits (0.01 / 0.8 × 10 is 0.12499999999999999 in binary, 0.125 to
    Excel and LibreOffice, so 0.13)."""
    return float(Decimal(f"{value:.15g}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class IndicatorScore(BaseModel):
    """One indicator's score; the first fields are the ``jixiao score --json`` contract."""

    cell: str | None = None
    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    op: str | None = None  # the sign used (standard spelling)
    target: str | None = None
    actual: str | None = None
    unit: str | None = None
    points: float | None = None
    score: float | None = None
    status: Status
    # not part of the JSON contract
    index: int = Field(exclude=True)
    written_score: float | None = Field(default=None, exclude=True)
    op_inferred: bool = Field(default=False, exclude=True)
    note: str | None = Field(default=None, exclude=True)
    kind: Kind | None = Field(default=None, exclude=True)
    # targets split by area: the area the status and note speak of, and each area's status
    area: str | None = Field(default=None, exclude=True)
    by_area: dict[str, str] = Field(default_factory=dict, exclude=True)


class FormScore(BaseModel):
    """A form's execution rate, indicator scores, total and grade."""

    sheet: str | None = None
    form: str
    title: str
    budget: float | None = None  # 全年预算数 (万元)
    spent: float | None = None  # 全年执行数 (万元)
    execution_rate: float | None = None
    execution_score: float | None = None
    points: float | None = None  # sum of indicator points
    score: float | None = None  # sum of indicator scores
    total: float | None = None
    grade: str | None = None
    indicators: list[IndicatorScore]
    # not part of the JSON contract
    profile: str = Field(exclude=True)
    subject: str | None = Field(default=None, exclude=True)  # project or unit name
    written_rate: float | None = Field(default=None, exclude=True)
    written_execution_score: float | None = Field(default=None, exclude=True)
    written_total: float | None = Field(default=None, exclude=True)
    notes: list[str] = Field(default_factory=list, exclude=True)


# --- execution -------------------------------------------------------------------------


def amount(text: str | None) -> float | None:
    """An amount in 万元 ("13.5", "13.5万元", "135000元"); None when empty or unreadable."""
    value = parse_value(text)
    if value.kind != "number":
        return None
    if value.unit is None:
        return value.low
    if value.unit.text == "万":  # "250万" in a money cell means 万元
        return value.low
    if value.unit.dimension != "money" or value.unit.per:
        return None
    return (value.base() or 0.0) / 10_000


def ratio_value(text: str | None) -> float | None:
    """A written rate as a fraction: "100%" -> 1.0, "0.98" -> 0.98."""
    value = parse_value(text)
    if value.kind != "number":
        return None
    if value.unit is not None and value.unit.dimension == "percent":
        return value.base()
    return value.low if value.unit is None else None


def number(text: str | None) -> float | None:
    """A plain number such as a written 分值 or 得分; None when empty or not a number."""
    value = parse_value(text)
    return value.low if value.kind == "number" and value.unit is None else None


SOURCE_KINDS = ("fiscal", "carryover", "other", "fund", "nontax")  # funding by source


def total_row(rows: list[FundingRow]) -> FundingRow | None:
    """The 资金总额 row of a funding block."""
    return next((r for r in rows if r.kind == "total"), None)


def _sum_of(texts: list[str | None]) -> float | None:
    """The sum of the amounts written; None when one is written but is no amount ("二十"):
    never a smaller sum that leaves a part out."""
    values = [amount(t) for t in texts if t is not None and t.strip()]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[misc]


def execution(form: SelfEvalForm, profile: Profile) -> tuple[float | None, ...]:
    """(budget, spent, rate, score) of a form; None where it cannot be computed."""
    row = total_row(form.funding.rows)
    if row is None and not any(r.kind in SOURCE_KINDS for r in form.funding.rows):
        return None, None, None, None
    # no 资金总额 line, only the lines by source: their sum
    budget, spent = (amount(row.budget), amount(row.spent)) if row else (None, None)
    if not budget:  # a 0 or blank total row while the sub-rows by source carry the amounts
        parts = [r for r in form.funding.rows if r.kind in SOURCE_KINDS]
        if any(amount(r.budget) for r in parts):
            budget = _sum_of([r.budget for r in parts])
            if not spent and any(amount(r.spent) is not None for r in parts):
                spent = _sum_of([r.spent for r in parts])
    if budget is None or spent is None or budget == 0:
        return budget, spent, None, None
    rate = spent / budget
    return budget, spent, rate, round2(profile.execution_points * min(rate, 1.0))


# --- indicators ------------------------------------------------------------------------


SHORT_TEXT = 20  # longer actual texts are descriptions, not a word of judgement


def _words_match(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def judge_words(target: str | None, actual: str, profile: Profile) -> Status:
    """Decide a qualitative actual without a chosen 完成档次.

    Equal to the target or an affirmative word is 达成; a negated affirmative word
    (未提高, 不及时, 无明显改善) is 未达成; a qualified one (基本达标, 部分完善, 有所提升) is
    部分达成; any other negation or qualifier, or words not known, need a person
    ("review"): never a guess of 达成.
    """
    norm_actual = normalise_text(actual)
    if target is not None and norm_actual == normalise_text(target):
        return "achieved"
    if norm_actual in profile.words.achieved:
        return "achieved"
    if target is not None and len(norm_actual) > SHORT_TEXT:
        # a long description is judged by a person unless it repeats the target
        return "achieved" if normalise_text(target) in norm_actual else "review"
    if _words_match(norm_actual, profile.words.missed):
        return "missed"
    if _words_match(norm_actual, profile.words.partial):
        return "partial"
    negated = negation(norm_actual, profile)
    if negated is not None:
        return "missed" if _words_match(negated, profile.words.achieved) else "review"
    qualified = qualifier(norm_actual, profile)
    if qualified is not None:
        return "partial" if _words_match(qualified, profile.words.achieved) else "review"
    if _words_match(norm_actual, profile.words.achieved):
        return "achieved"
    return "review"


def qualifier(text: str, profile: Profile) -> str | None:
    """The words after the first partial qualifier ("基本达标" -> "达标"), None without one."""
    found = [(text.find(w), w) for w in profile.words.partial_qualifiers if w in text]
    if not found:
        return None
    start, word = min(found, key=lambda f: (f[0], -len(f[1])))
    return text[start + len(word) :]


def negation(text: str, profile: Profile) -> str | None:
    """The words after the first negation in ``text`` ("未提高" -> "提高"), None without one."""
    for word in profile.words.not_negations:
        text = text.replace(word, "")
    found = [(text.find(w), w) for w in profile.words.negations if w in text]
    if not found:
        return None
    start, word = min(found, key=lambda f: (f[0], -len(f[1])))
    return text[start + len(word) :]


def resolve_op(ind: Indicator, target: ParsedValue, kind: Kind | None) -> tuple[Op | None, bool]:
    """The sign to score by: the 指标性质 column, else the sign in the value, else inferred."""
    column = parse_op(ind.op)
    if column is not None:
        return column, False
    if target.op is not None:
        return target.op, False
    if target.kind == "text":
        return Op.QUAL, True
    if target.kind == "range":
        return None, False
    if (
        kind == Kind.COST
        or lower_is_better(ind.name)
        or (kind == Kind.TIMELINESS and target.unit is not None and target.unit.dimension == "time")
    ):
        return Op.LE, True
    return Op.GE, True


def _align_percent(target: ParsedValue, actual: ParsedValue, profile: Profile) -> ParsedValue:
    """A unitless actual against a % target: 0.98 is a fraction, 98 is a percent."""
    if (
        target.unit is not None
        and target.unit.dimension == "percent"
        and (actual.unit is None or actual.unit_from_column)
        and actual.low is not None
    ):
        cutoff = profile.percent_fraction_cutoff
        as_percent = actual.low <= cutoff < (target.low or 0)
        factor = 100.0 if as_percent else 1.0
        return actual.model_copy(
            update={
                "low": actual.low * factor,
                "high": (actual.high or 0) * factor,
                "unit": target.unit,
            }
        )
    return actual


def quantitative_share(
    op: Op | None, target: ParsedValue, actual: ParsedValue, far_above_ratio: float
) -> tuple[Status, float | None, str | None]:
    """(status, share of the points, note) for a numeric target and actual."""
    t_low, t_high = target.base("low"), target.base("high")
    a_low, a_high = actual.base("low"), actual.base("high")
    assert t_low is not None and t_high is not None and a_low is not None and a_high is not None
    if target.kind == "range" and op not in FORWARD | REVERSE:
        if t_low <= a_low and a_high <= t_high:
            return "met", 1.0, None
        value = a_low if a_high < t_low else a_high
        if value < t_low:
            return _ratio("not_met", value, t_low)
        return _ratio("not_met", t_high, value)
    if op in FORWARD:
        value = a_high
        if value >= t_low:
            if t_low > 0 and value > t_low * (1 + far_above_ratio):
                return "far_above", 1.0, None
            return "met", 1.0, None
        return _ratio("not_met", value, t_low)
    if op in REVERSE:
        value = a_low
        if value <= t_high:
            return "met", 1.0, None
        return _ratio("not_met", t_high, value)
    # exact
    if t_low <= a_low and a_high <= t_high:
        return "met", 1.0, None
    value = a_low if target.kind == "number" else (a_low if a_high < t_low else a_high)
    return _ratio("not_met", min(value, t_high), max(value, t_low))


def _ratio(
    status: Status, numerator: float, denominator: float
) -> tuple[Status, float | None, str | None]:
    if numerator < 0 or denominator <= 0:
        return "review", None, "数值为负或为零，无法按比例计分"
    return status, min(numerator / denominator, 1.0), None


def score_indicator(
    ind: Indicator, index: int, profile: Profile, framework: str = "project"
) -> IndicatorScore:
    """Score one indicator row (one whose target is split by area: :func:`score_split`)."""
    if is_split(ind):
        return score_split(ind, index, profile, framework)
    return _score_one(ind, index, profile, framework)


OK_STATUSES = ("met", "far_above", "achieved")
HELD = ("missing", "unreadable", "review", "na")  # an area that decides the row's status alone
WORST = ("missed", "partial", "not_met")  # the row's status when areas fall short, worst first


def score_split(ind: Indicator, index: int, profile: Profile, framework: str) -> IndicatorScore:
    """An indicator whose targets are written per area (东城镇 | 西河乡 …).

    - an actual per area: each area scores against its own target with the row's points;
      the row scores their average (areas weigh alike), 达成 only when every area is; an
      area that cannot be scored (no actual, unreadable, needs a person) holds the row;
    - one actual for all areas: scored against the areas' target when they all state the
      same one; against their sum when they add up (counts or amounts in one unit: 300户 |
      250户 is 550户 in all); else a person decides (需人工判断, the areas named): which
      area's target the one actual answers is not written on the form.
    """
    shown = {"target": target_shown(ind), "actual": shown_actual(ind)}
    areas = area_names(ind)
    if not any(k.startswith("actual:") for k in ind.cells):  # one actual for all the areas
        common = common_target(ind) if ind.area_targets else ind.target
        summed = summed_target(ind) if common is None else None
        common = common if summed is None else summed
        first = next((a for a in areas if a in ind.area_targets), areas[0] if areas else None)
        view = area_view(ind, first) if first else ind
        if common is not None and view.target != common:
            view = view.model_copy(update={"target": common})
        one = _score_one(view, index, profile, framework)
        update: dict = {**shown, "area": first}
        if summed is not None:
            update["note"] = f"按各区域指标值之和 {summed} 计分"
        if common is None and one.status not in HELD:
            names = "、".join(f"{a} {t}" for a, t in ind.area_targets.items())
            note = (
                f"指标值按区域分列且各不相同（{names}），只有一个实际完成值，无法确定按哪个区域计分"
            )
            score = _written_within(one.written_score, one.points)
            update |= {"status": "review", "score": score, "note": note, "area": None}
        return one.model_copy(update=update)
    scored = [
        (area, _score_one(area_view(ind, area), index, profile, framework))
        for area in areas
        if ind.area_targets.get(area) or ind.area_actuals.get(area)  # an area left blank: none
    ]
    if not scored:
        return _score_one(ind, index, profile, framework).model_copy(update=shown)
    by_area = {area: one.status for area, one in scored}
    first_area, first = scored[0]
    update = {**shown, "by_area": by_area}
    held = next(((a, o) for a, o in scored if o.status in HELD), None)
    if held is not None:
        area, one = held  # its finding lands on that area's cell
        return one.model_copy(update={**update, "area": area})
    scores = [one.score for _, one in scored]
    score = round2(sum(scores) / len(scores)) if all(s is not None for s in scores) else None  # type: ignore[arg-type, misc]
    short = [(a, o) for a, o in scored if o.status not in OK_STATUSES]
    if short:
        status = next(w for w in WORST if any(o.status == w for _, o in short))
        area = next(a for a, o in short if o.status == status)
        areas_text = "、".join(f"{a} {STATUS_LABELS[o.status]}" for a, o in scored)
        note = f"按区域计分，取各区域得分的平均：{areas_text}"
        return first.model_copy(
            update={**update, "status": status, "score": score, "area": area, "note": note}
        )
    far = next((a for a, o in scored if o.status == "far_above"), None)
    status = "far_above" if far else ("achieved" if first.status == "achieved" else "met")
    return first.model_copy(
        update={**update, "status": status, "score": score, "area": far or first_area}
    )


def _score_one(ind: Indicator, index: int, profile: Profile, framework: str) -> IndicatorScore:
    """Score one row with one target and one actual."""
    cls = classify(ind.level1, ind.level2, ind.name, framework)  # type: ignore[arg-type]
    target = parse_value(ind.target, ind.unit)
    actual = parse_value(ind.actual, ind.unit)
    points_value = parse_value(ind.points)
    points = points_value.low if points_value.kind == "number" else None
    written = number(ind.score)
    op, inferred = resolve_op(ind, target, cls.kind)
    base = {
        "cell": ind.cells.get("name") or ind.cells.get("target"),
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "op": op.value if op else None,
        "target": ind.target,
        "actual": ind.actual,
        "unit": ind.unit,
        "points": points,
        "index": index,
        "written_score": written,
        "op_inferred": inferred,
        "kind": cls.kind,
    }

    def result(
        status: Status,
        share: float | None = None,
        score: float | None = None,
        note: str | None = None,
    ) -> IndicatorScore:
        if score is None and share is not None and points is not None:
            score = round2(points * share)
        return IndicatorScore(**base, status=status, score=score, note=note)

    if target.kind == "none" or normalise_text(ind.name or "") in ("无", ""):
        if points in (None, 0):
            return result("na", score=0.0 if points == 0 else None)
        return result("review", note="指标为「无」却有分值")
    if points_value.kind not in ("number", "empty"):
        return result("unreadable", note=f"分值「{points_value.show()}」无法识别")
    if actual.kind == "empty":
        return result("missing", note="未填实际完成值")
    if op == Op.QUAL or target.kind == "text":
        return _score_qualitative(ind, target, actual, points, written, profile, result)
    if target.kind == "unreadable":
        return result("unreadable", note=target.reason)
    if actual.kind == "unreadable":
        return result("unreadable", note=actual.reason)
    if target.kind == "empty":
        return result("unreadable", note="指标值为空")
    if not actual.is_number:
        return result(
            "review",
            score=_written_within(written, points),
            note=f"定量指标的实际值「{actual.show()}」不是数值",
        )
    actual = _align_percent(target, actual, profile)
    if target.unit and actual.unit and target.unit.key != actual.unit.key:
        return result(
            "review",
            score=_written_within(written, points),
            note=f"单位不一致：「{target.unit.text}」与「{actual.unit.text}」",
        )
    status, share, note = quantitative_share(op, target, actual, profile.far_above_ratio)
    return result(status, share, note=note)


def _written_within(written: float | None, points: float | None) -> float | None:
    """A clerk's written score, accepted only between 0 and the points."""
    if written is None or points is None or not 0 <= written <= points:
        return None
    return written


def chosen_band(ind: Indicator, profile: Profile) -> tuple[Status, Band] | None:
    """The 完成档次 the clerk chose, as (status, band); None when none is chosen."""
    text = normalise_text(ind.band)
    if not text:
        return None
    for status, name in BAND_OF_STATUS.items():
        if normalise_text(name) == text:
            return status, profile.band(name)  # type: ignore[return-value]
    return None


def _score_qualitative(ind, target, actual, points, written, profile, result) -> IndicatorScore:
    """定性: the chosen 完成档次 decides (as the template's formula does), else the words;
    the clerk's 定性自评分 (or written 得分) counts when it lies inside the band."""
    clerk = number(ind.self_score)
    clerk = clerk if clerk is not None else written
    chosen = chosen_band(ind, profile)
    if chosen is None and normalise_text(ind.band):
        return result(
            "review",
            score=_written_within(written, points),
            note=f"完成档次「{ind.band}」不是{'、'.join(BAND_OF_STATUS.values())}之一",
        )
    if chosen is not None:
        status, band = chosen
    else:
        if actual.is_number:
            return result(
                "review",
                score=_written_within(written, points),
                note=f"定性指标的实际值「{actual.show()}」是数值",
            )
        status = judge_words(ind.target, actual.raw or "", profile)
        if status == "review":
            return result(
                "review",
                score=_written_within(written, points),
                note=f"无法判断「{actual.show()}」是否达成，请选择完成档次",
            )
        band = profile.band(BAND_OF_STATUS[status])
    if points is None:
        return result(status)
    if clerk is not None and points > 0 and band.contains(clerk / points, 1e-6):
        return result(status, score=clerk)
    return result(status, band.default)


# --- forms -----------------------------------------------------------------------------


EXECUTION_NAMES = ("预算执行率", "资金执行率", "预算资金执行率")


def execution_in_table(form: SelfEvalForm) -> bool:
    """The 预算执行率 is one of the indicator rows, with points, and the money block gives
    it no 分值 / 得分 of its own (the rows' sum is then the whole total, 100): its score is
    not added a second time beside the table."""
    if form.funding.points or form.funding.score:
        return False
    return any(
        ind.points is not None and any(w in normalise_text(ind.name) for w in EXECUTION_NAMES)
        for ind in form.indicators
    )


def score_form(form: SelfEvalForm, profile: Profile | str | None = None) -> FormScore:
    """Score a self-evaluation form by ``profile`` (a name or a Profile; default central)."""
    if not isinstance(profile, Profile):
        profile = load_profile(profile or "central")
    framework = detect_framework([i.level1 for i in form.indicators])
    indicators = [
        score_indicator(ind, n, profile, framework) for n, ind in enumerate(form.indicators)
    ]
    budget, spent, rate, exec_score = execution(form, profile)
    scored = [i for i in indicators if i.points is not None]
    points = round2(sum(i.points for i in scored)) if scored else None  # type: ignore[misc]
    complete = bool(scored) and all(i.score is not None for i in scored)
    score = round2(sum(i.score for i in scored)) if complete else None  # type: ignore[misc]
    if execution_in_table(form):
        total = score
    else:
        total = round2(exec_score + score) if exec_score is not None and score is not None else None
    notes = []
    if rate is None:
        notes.append("缺少全年预算数或全年执行数（或预算数为0），无法计算执行率")
    if not complete:
        notes.append("有指标无法计分，总分暂不计算")
    return FormScore(
        sheet=form.sheet,
        form=form.form.value,
        title=form.title,
        budget=budget,
        spent=spent,
        execution_rate=rate,
        execution_score=exec_score,
        points=points,
        score=score,
        total=total,
        grade=profile.grade(total) if total is not None else None,
        indicators=indicators,
        profile=profile.name,
        subject=form.header.project or form.header.unit,
        written_rate=ratio_value(form.funding.rate),
        written_execution_score=number(form.funding.score),
        written_total=number(getattr(form, "total", None)),
        notes=notes,
    )

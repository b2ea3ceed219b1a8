"""总览: the summary on one printed A4 page, the first sheet a reviewer sees.

Units expected / sent / missing, forms by kind, the weighted 执行率 of each kind (Σ执行数 ÷
Σ预算数 over the forms reporting both, never an average of rates), grades by kind, errors
per unit, the largest gaps between the 总分 a county wrote and the recomputed one, and the
most frequent rules. Figures are values (the live formulas are on 汇总 and 图表)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from addin.merge.issues import counts_per_rule
from addin.merge.kinds import KIND_LABELS, KIND_ORDER, SUMMED, kind_of, totals_by_kind
from addin.merge.result import MergeResult
from addin.merge.review_sheets import Spec, table
from addin.merge.roster import MISSING, OUTSIDE, UnitStatus
from addin.merge.sheet_style import Styles, put
from addin.merge.tables import FORM_NAMES, MONEY, PERCENT, SCORE
from addin.rules import RULES

GRADES = ("优", "良", "中", "差")
TOP = 6  # rows of each "largest" list


def write_overview(
    ws: Worksheet,
    styles: Styles,
    result: MergeResult,
    statuses: list[UnitStatus],
    roster: bool,
    issues: list[tuple],
) -> None:
    """The 总览 sheet (portrait A4, one page)."""
    ws.set_column(0, 0, 24)
    ws.set_column(1, 5, 11)
    put(ws, 0, 0, "预算绩效合并汇总 · 总览", styles.title)
    missing = [s.unit for s in statuses if s.status == MISSING]
    outside = sum(s.status == OUTSIDE for s in statuses)
    sent = len(statuses) - len(missing) - outside
    lines = [
        f"工作簿：{result.inputs} 个，合并 {result.merged} 个，未能合并 {len(result.failed)} 个，"
        f"未纳入 {len(result.skipped)} 个（见“失败文件”）",
        (
            f"单位：名单 {sent + len(missing)} 个，已报送 {sent} 个，未报送 {len(missing)} 个"
            + (f"（{'、'.join(missing[:8])}{'等' if len(missing) > 8 else ''}）" if missing else "")
            + f"，名单外 {outside} 个"
            if roster
            else f"单位：{len(statuses)} 个报送（未提供名单，未报送的单位无从得知）"
        ),
    ]
    row = 1
    for text in lines:
        ws.merge_range(row, 0, row, 5, text, styles.add(text_wrap=True, valign="top"))
        ws.set_row(row, 27)
        row += 1
    by_kind = totals_by_kind(result.forms)
    row += 1
    put(ws, row, 0, "表数与执行率（加权：Σ执行数 ÷ Σ预算数，只计两者均已填的表）", styles.bold)
    specs: list[Spec] = [
        ("类别", 24, None, True),
        ("表数", 11, "0", False),
        ("单位数", 11, "0", False),
        ("执行率所用预算数（万元）", 11, MONEY, True),
        ("执行率所用执行数（万元）", 11, MONEY, True),
        ("加权执行率", 11, PERCENT, False),
    ]
    rows = []
    for kind in KIND_ORDER:
        f = by_kind.get(kind)
        if f is None:
            continue
        money = kind in SUMMED
        rows.append(
            (
                f"{KIND_LABELS[kind]}（按 {f['rate_forms']} 张表）" if money else KIND_LABELS[kind],
                f["forms"],
                f["units"],
                f["rate_budget"] if money else None,
                f["rate_spent"] if money else None,
                f["execution_rate"] if money else None,
            )
        )
    row = table(ws, styles, row + 1, specs, rows, set_widths=False) + 1
    put(ws, row, 0, "等级分布（按重算总分）", styles.bold)
    grade_specs: list[Spec] = [("类别", 24, None, False)] + [(g, 11, "0", False) for g in GRADES]
    grade_rows = []
    for kind in SUMMED:
        grades = [r.grade for r in result.forms if kind_of(r.form) == kind]
        if grades:
            grade_rows.append((KIND_LABELS[kind], *(grades.count(g) for g in GRADES)))
    row = table(ws, styles, row + 1, grade_specs, grade_rows, set_widths=False) + 1
    put(ws, row, 0, f"错误最多的单位（前 {TOP} 个）", styles.bold)
    errors: dict[str, list[int]] = {}
    for r in result.forms:
        entry = errors.setdefault(r.unit, [0, 0])
        entry[0] += r.errors
        entry[1] += r.warnings
    worst = sorted(errors.items(), key=lambda item: (-item[1][0], -item[1][1]))[:TOP]
    unit_specs: list[Spec] = [("单位", 24, None, True), ("错误数", 11, "0", False),
                              ("警告数", 11, "0", False)]  # fmt: skip
    row = (
        table(ws, styles, row + 1, unit_specs, [(u, e, w) for u, (e, w) in worst], set_widths=False)
        + 1
    )
    put(ws, row, 0, f"填写总分与重算总分差异最大的表（前 {TOP} 张）", styles.bold)
    gaps = sorted((r for r in result.forms if r.difference), key=lambda r: -abs(r.difference or 0))[
        :TOP
    ]
    gap_specs: list[Spec] = [
        ("单位 · 项目", 24, None, True),
        ("表名", 11, None, True),
        ("填写总分", 11, SCORE, False),
        ("重算总分", 11, SCORE, False),
        ("差异", 11, SCORE, False),
    ]
    gap_rows = [
        (
            f"{r.unit} · {r.project}" if r.project else r.unit,
            FORM_NAMES.get(r.form, r.title),
            r.declared_total,
            r.total,
            r.difference,
        )
        for r in gaps
    ]
    if not gap_rows:
        gap_rows = [("（没有差异）", None, None, None, None)]
    row = table(ws, styles, row + 1, gap_specs, gap_rows, set_widths=False) + 1
    put(ws, row, 0, f"最常见的问题（前 {TOP} 条规则，按“问题清单”所列）", styles.bold)
    rule_specs: list[Spec] = [
        ("规则 · 名称", 24, None, True),
        ("级别", 11, None, False),
        ("条数", 11, "0", False),
        ("涉及单位数", 11, "0", False),
    ]
    rule_rows = [
        (f"{c} {RULES[c].title}" if c in RULES else c, lvl, n, u)
        for c, lvl, n, u in counts_per_rule(issues)[:TOP]
    ]
    row = table(ws, styles, row + 1, rule_specs, rule_rows, set_widths=False)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.5, right=0.5, top=0.5, bottom=0.5)
    ws.print_area(0, 0, row, 5)
    ws.activate()

"""The small sheets of the summary: 报送情况 (who has sent what), 目标表 (each unit's
targets) and 问题统计 (findings per unit and per rule). Written with XlsxWriter cell by cell:
they have a row per unit, form or rule, never per indicator."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xlsxwriter.worksheet import Worksheet

from addin.merge.kinds import TARGET, kind_of
from addin.merge.result import FormRow
from addin.merge.roster import MISSING, OUTSIDE, UnitStatus
from addin.merge.sheet_style import Styles, page, put
from addin.merge.tables import FORM_NAMES, MONEY, relative
from addin.rules import RULES
from addin.workbook.printing import LINE_HEIGHT, wrapped_lines

Spec = tuple[str, float, str | None, bool]  # label, width, number format, wrap


def table(
    ws: Worksheet,
    styles: Styles,
    top: int,
    specs: Sequence[Spec],
    rows: Iterable[Sequence[object]],
    col: int = 0,
    set_widths: bool = True,
) -> int:
    """A bordered table with its header at ``top``; returns the row after it."""
    for n, (label, width, _, _) in enumerate(specs):
        if set_widths:
            ws.set_column(col + n, col + n, width)
        put(ws, top, col + n, label, styles.header)
    ws.set_row(top, LINE_HEIGHT * 2)
    formats = []
    for _, _, number, wrap in specs:
        fmt = styles.add(
            border=1, border_color="#999999", valign="top", text_wrap=wrap,
            **({"num_format": number} if number else {}),
        )  # fmt: skip
        formats.append(fmt)
    row = top + 1
    for values in rows:
        lines = 1
        for n, value in enumerate(values):
            put(ws, row, col + n, value, formats[n])
            if specs[n][3] and isinstance(value, str):
                lines = max(lines, wrapped_lines(value, specs[n][1]))
        if lines > 1:
            ws.set_row(row, LINE_HEIGHT * lines)
        row += 1
    return row


def write_status(
    ws: Worksheet, styles: Styles, statuses: list[UnitStatus], roster: bool, variants: list
) -> None:
    """报送情况: every expected unit 已报送 (its files) or 未报送, the others 名单外."""
    missing = sum(s.status == MISSING for s in statuses)
    outside = sum(s.status == OUTSIDE for s in statuses)
    if roster:
        title = (
            f"报送情况：名单 {len(statuses) - outside} 个单位，已报送 "
            f"{len(statuses) - outside - missing} 个，未报送 {missing} 个，名单外 {outside} 个"
        )
    else:
        title = (
            f"报送情况：{len(statuses)} 个单位报送（未提供名单：jixiao merge … --roster 名单.xlsx）"
        )
    put(ws, 0, 0, title, styles.title)
    specs: list[Spec] = [
        ("单位", 22, None, True),
        ("状态", 8, None, False),
        ("表中写法", 24, None, True),
        ("表数", 6, "0", False),
        ("文件", 44, None, True),
    ]
    rows = [
        (s.unit, s.status, "、".join(s.written) or None, s.forms, "\n".join(s.files) or None)
        for s in statuses
    ]
    row = table(ws, styles, 1, specs, rows)
    ws.conditional_format(
        2, 1, max(row - 1, 2), 1,
        {"type": "cell", "criteria": "==", "value": f'"{MISSING}"',
         "format": styles.add(bg_color="#FFC7CE", font_color="#9C0006", bold=True)},
    )  # fmt: skip
    if variants:
        row += 1
        put(ws, row, 0, "疑似同一单位的两种写法（未合并，见问题清单 JX903）", styles.bold)
        vs: list[Spec] = [
            ("写法一", 22, None, True),
            ("写法二", 8, None, True),
            ("文件", 24, None, True),
        ]
        table(ws, styles, row + 1, vs, variants, set_widths=False)
    ws.repeat_rows(1)
    page(ws, header_row=1)


def write_targets(ws: Worksheet, styles: Styles, forms: list[FormRow], root: str | None) -> None:
    """目标表: each target form (budget as planned, goal); its indicators are in 指标明细."""
    targets = [r for r in forms if kind_of(r.form) == TARGET]
    put(
        ws, 0, 0,
        f"目标表：{len(targets)} 张（预算为计划数，不与自评表相加；"
        "各项指标见“指标明细”，类别为“目标”）",
        styles.title,
    )  # fmt: skip
    specs: list[Spec] = [
        ("单位", 16, None, True),
        ("表名", 14, None, True),
        ("项目名称", 20, None, True),
        ("项目编码", 12, None, True),
        ("预算数（万元）", 10, MONEY, False),
        ("年度目标", 50, None, True),
        ("没有读到", 10, None, True),
        ("来源文件", 16, None, True),
        ("工作表", 8, None, True),
    ]
    labels = {"budget": "预算数"}
    rows = [
        (
            r.unit,
            FORM_NAMES.get(r.form, r.title),
            r.project,
            r.project_code,
            r.target_budget,
            r.goal,
            "、".join(labels.get(k, k) for k in r.unread) or None,
            relative(r.file, root),
            r.sheet,
        )
        for r in targets
    ]
    table(ws, styles, 1, specs, rows)
    ws.freeze_panes(2, 0)
    page(ws)


def write_issue_counts(
    ws: Worksheet,
    styles: Styles,
    per_unit: list[tuple],
    per_rule: list[tuple],
    note: str | None,
) -> None:
    """问题统计: findings per unit (错误, 警告, 提示) and per rule, as listed in 问题清单."""
    put(ws, 0, 0, "问题统计（与“问题清单”所列一致）", styles.title)
    if note:
        put(ws, 0, 6, note, styles.note)
    specs: list[Spec] = [
        ("单位", 24, None, True),
        ("错误", 6, "0", False),
        ("警告", 6, "0", False),
        ("提示", 6, "0", False),
        ("合计", 6, "0", False),
    ]
    table(ws, styles, 1, specs, per_unit)
    ws.set_column(5, 5, 2)
    rule_specs: list[Spec] = [
        ("规则", 8, None, False),
        ("名称", 28, None, True),
        ("级别", 6, None, False),
        ("条数", 6, "0", False),
        ("涉及单位数", 8, "0", False),
    ]
    rows = [(c, RULES[c].title if c in RULES else None, lvl, n, u) for c, lvl, n, u in per_rule]
    table(ws, styles, 1, rule_specs, rows, col=6)
    page(ws)

"""The totals under 汇总, one block per form kind: 部门整体 and 项目 never added together.

Each block has the kind's total, then a subtotal per unit. The figures are live formulas
over the table above (exact comparisons in SUMPRODUCT, so a unit named ``*`` or ``>5`` is
matched as written, never as a wildcard or a condition), each written with its computed
value. 执行率 is Σ执行数 ÷ Σ预算数 over the forms reporting both, and the label says over
how many. A note under the blocks says why the kinds are apart.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from addin.merge.kinds import (
    KIND_LABELS,
    SUMMED,
    TOTALS_NOTE,
    figures,
    kind_of,
    unit_subtotals,
)
from addin.merge.result import FormRow
from addin.merge.sheet_style import Styles, put
from addin.merge.tables import MONEY, PERCENT, SCORE, UNITS
from addin.workbook.printing import LINE_HEIGHT, wrapped_lines

COL = {c.key: n for n, c in enumerate(UNITS)}
LETTER = {key: xl_col_to_name(n) for key, n in COL.items()}
NAMED = ("unit", "kind", "budget", "spent", "total", "errors", "warnings", "grade")


def range_name(key: str) -> str:
    """The defined name of a column of 汇总's table: 汇总_预算数 … (short formulas a
    reviewer can read, and fast to write)."""
    return f"汇总_{UNITS[COL[key]].label.split('（')[0]}"


def define_names(book: Workbook, last: int) -> None:
    """Name the data rows (3 … ``last`` + 1) of the columns the totals and charts use."""
    end = max(last + 1, 3)
    for key in NAMED:
        letter = LETTER[key]
        book.define_name(range_name(key), f"=汇总!${letter}$3:${letter}${end}")


def describe(kind: str, f: dict, unit: str | None = None) -> str:
    """The label of a total row: which forms each figure covers."""
    who = f"{unit}：" if unit else f"{KIND_LABELS[kind]}表合计："
    return (
        f"{who}{f['forms']} 张表（预算数 {f['budget_forms']} 张、执行数 {f['spent_forms']} 张已填；"
        f"执行率按两者均已填的 {f['rate_forms']} 张；总分平均 {f['scored_forms']} 张）"
    )


def write_kind_totals(ws: Worksheet, styles: Styles, forms: list[FormRow], last: int) -> int:
    """Write the blocks below the table whose last data row is ``last`` (0-based); returns
    the last row written (0-based)."""
    rng = range_name

    money = styles.body(bold=True, number=MONEY)
    score = styles.body(bold=True, number=SCORE)
    count = styles.body(bold=True, number="0")
    percent = styles.body(bold=True, number=PERCENT)
    plain_money = styles.body(number=MONEY)
    plain_percent = styles.body(number=PERCENT)
    plain_score = styles.body(number=SCORE)
    plain_count = styles.body(number="0")
    text = styles.body(column=UNITS[0])
    row = last + 2
    for kind in SUMMED:
        kind_forms = [r for r in forms if kind_of(r.form) == kind]
        if not kind_forms:
            continue
        blocks = [(None, figures(kind_forms)), *unit_subtotals(kind_forms, kind)]
        for unit, f in blocks:
            total = unit is None
            label = describe(kind, f, unit)
            width = UNITS[COL["form"]].width + UNITS[COL["project"]].width
            ws.set_row(row, LINE_HEIGHT * max(2, wrapped_lines(label, width)))
            r1 = row + 1
            # A: the unit (a subtotal) or the kind's name; B: the kind; C-D: what is covered
            put(ws, row, COL["unit"], unit if unit else f"{KIND_LABELS[kind]}合计", text)
            put(ws, row, COL["kind"], KIND_LABELS[kind], styles.total_label if total else text)
            ws.merge_range(row, COL["form"], row, COL["project"], "", styles.total_label)
            put(ws, row, COL["form"], label, styles.total_label)
            match = f"({rng('kind')}=$B${r1})"
            if not total:
                match += f"*({rng('unit')}=$A${r1})"
            both = f'{match}*({rng("budget")}<>"")*({rng("spent")}<>"")'
            fmt_money, fmt_pct = (money, percent) if total else (plain_money, plain_percent)
            fmt_score, fmt_count = (score, count) if total else (plain_score, plain_count)
            for key in ("budget", "spent"):
                ws.write_formula(
                    row, COL[key], f"=SUMPRODUCT({match},{rng(key)})", fmt_money, f[key]
                )
            rate = f["execution_rate"]
            ws.write_formula(
                row,
                COL["execution_rate"],
                f'=IF(SUMPRODUCT({both},{rng("budget")})=0,"",'
                f"SUMPRODUCT({both},{rng('spent')})/SUMPRODUCT({both},{rng('budget')}))",
                fmt_pct,
                "" if rate is None else rate,
            )
            scored = f'{match}*({rng("total")}<>"")'
            average = f["average_total"]
            ws.write_formula(
                row,
                COL["total"],
                f'=IF(SUMPRODUCT({scored})=0,"",'
                f"SUMPRODUCT({scored},{rng('total')})/SUMPRODUCT({scored}))",
                fmt_score,
                "" if average is None else average,
            )
            for key in ("errors", "warnings"):
                ws.write_formula(
                    row, COL[key], f"=SUMPRODUCT({match},{rng(key)})", fmt_count, f[key]
                )
            row += 1
        row += 1
    ws.set_row(row, LINE_HEIGHT * 2)
    ws.merge_range(row, 0, row, COL["unread"], TOTALS_NOTE, styles.note)
    return row

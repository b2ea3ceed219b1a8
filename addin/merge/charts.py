"""图表: native charts fed by live formulas over 汇总, one set per form kind.

部门整体 and 项目 are charted apart (a 部门整体 budget contains its projects). The table
under the charts says which forms each figure covers: 预算数 and 执行数 of every form
reporting them, and apart the sums 执行率 is computed from (forms reporting both), so a
unit that reported budgets but no spending shows its budget and an empty rate, never 0.
A unit without a rate (or without a 总分) gets #N/A, which charts leave out: a gap, never a
0% bar. Each chart has its own printed page.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from addin.merge.kind_totals import range_name
from addin.merge.kinds import KIND_LABELS, SUMMED, kind_of, unit_subtotals
from addin.merge.result import FormRow
from addin.merge.sheet_style import FONT, Styles, page, put
from addin.merge.tables import MONEY, PERCENT, SCORE

GRADES = ("优", "良", "中", "差")
CHART_ROWS = 24  # rows of one chart page
TABLE_LABELS = (
    "单位",
    "类别",
    "预算数（万元，已填预算数的表）",
    "执行数（万元，已填执行数的表）",
    "执行率所用预算数（两者均已填的表）",
    "执行率所用执行数（两者均已填的表）",
    "执行率",
    "平均重算总分",
)


def write_charts(
    ws: Worksheet, styles: Styles, book: Workbook, forms: list[FormRow], last: int
) -> None:
    """The 图表 sheet; ``last`` is the last data row (0-based) of 汇总's table."""
    col = range_name

    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 8)
    ws.set_column(2, 7, 13)
    put(ws, 0, 0, "图表（数据随“汇总”工作表更新；#N/A 表示未填报，图中不画）", styles.title)
    put(ws, 1, 0, "等级", styles.header)
    put(ws, 1, 1, "表数", styles.header)
    grades = [r.grade for r in forms]
    for n, grade in enumerate(GRADES, 2):  # rows 3-6
        put(ws, n, 0, grade, styles.body())
        ws.write_formula(
            n, 1, f'=COUNTIF({col("grade")},"{grade}")', styles.body(), grades.count(grade)
        )
    pie = book.add_chart({"type": "pie"})
    pie.set_title({"name": "自评等级分布（按表计）", "name_font": {"name": FONT}})
    pie.add_series(
        {
            "name": "表数",
            "categories": "='图表'!$A$3:$A$6",
            "values": "='图表'!$B$3:$B$6",
            "data_labels": {"value": True},
        }
    )
    pie.set_size({"width": 560, "height": 320})
    ws.insert_chart(1, 3, pie)
    kinds = [k for k in SUMMED if any(kind_of(r.form) == k for r in forms)]
    top = CHART_ROWS * (1 + 2 * len(kinds))  # the table, below every chart page
    ws.set_h_pagebreaks([CHART_ROWS * n for n in range(1, 2 + 2 * len(kinds))])
    for c, label in enumerate(TABLE_LABELS):
        put(ws, top, c, label, styles.header)
    ws.set_row(top, 42)
    money, percent, score = (styles.body(number=f) for f in (MONEY, PERCENT, SCORE))
    text = styles.body()
    row = top + 1
    for n, kind in enumerate(kinds):
        units = unit_subtotals(forms, kind)
        first = row
        for unit, f in units:
            r1 = row + 1
            put(ws, row, 0, unit, text)
            put(ws, row, 1, KIND_LABELS[kind], text)
            match = f"({col('unit')}=$A{r1})*({col('kind')}=$B{r1})"
            both = f'{match}*({col("budget")}<>"")*({col("spent")}<>"")'
            cells = (
                (2, f"=SUMPRODUCT({match},{col('budget')})", f["budget"]),
                (3, f"=SUMPRODUCT({match},{col('spent')})", f["spent"]),
                (4, f"=SUMPRODUCT({both},{col('budget')})", f["rate_budget"]),
                (5, f"=SUMPRODUCT({both},{col('spent')})", f["rate_spent"]),
            )
            for c, formula, value in cells:
                ws.write_formula(row, c, formula, money, value)
            rate = f["execution_rate"]
            ws.write_formula(
                row, 6, f"=IF(E{r1}=0,NA(),F{r1}/E{r1})", percent,
                "#N/A" if rate is None else rate,
            )  # fmt: skip
            scored = f'{match}*({col("total")}<>"")'
            average = f["average_total"]
            ws.write_formula(
                row, 7,
                f"=IF(SUMPRODUCT({scored})=0,NA(),SUMPRODUCT({scored},{col('total')})"
                f"/SUMPRODUCT({scored}))",
                score, "#N/A" if average is None else average,
            )  # fmt: skip
            row += 1
        width = max(720, min(1400, 60 + len(units) * 28))
        for m, (column, title, number) in enumerate(
            (
                ("G", f"{KIND_LABELS[kind]}表：各单位执行率（预算数、执行数均已填的表）", PERCENT),
                ("H", f"{KIND_LABELS[kind]}表：各单位平均重算总分", SCORE),
            )
        ):
            chart = book.add_chart({"type": "column"})
            chart.set_title({"name": title, "name_font": {"name": FONT, "size": 12}})
            chart.add_series(
                {
                    "categories": f"='图表'!$A${first + 1}:$A${row}",
                    "values": f"='图表'!${column}${first + 1}:${column}${row}",
                    "data_labels": {"value": True, "num_format": number},
                }
            )
            chart.set_legend({"none": True})
            chart.show_blanks_as("gap")
            chart.set_x_axis({"num_font": {"name": FONT, "rotation": -45}})
            chart.set_y_axis({"num_format": number, "min": 0})  # bars from 0, not zoomed
            chart.set_size({"width": width, "height": 420})
            ws.insert_chart(CHART_ROWS * (1 + 2 * n + m), 0, chart)
    page(ws, header_row=None)
    ws.print_area(0, 0, max(row, top + 1), 12)

"""The city summary workbook of a merge: 汇总, 指标明细, 问题清单, 失败文件, 图表.

County text is untrusted: every string goes in as a string cell, so a unit named
``=HYPERLINK(...)`` shows as text and never becomes a formula in the city's workbook.
Only the summary's own totals are formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from addin.merge import MergeResult
from addin.reader.report import UNREAD_LABELS
from addin.rules import SEVERITY_LABELS
from addin.rules.catalog import render
from addin.safe_text import is_formula_like, safe_text
from addin.scoring import STATUS_LABELS

FORM_NAMES = {
    "dept_target": "部门整体绩效目标申报表",
    "project_target": "项目支出绩效目标表",
    "sc_dept_self": "部门整体自评表（四川）",
    "sc_project_self": "专项项目自评表（四川）",
    "dept_self": "部门整体支出绩效自评表",
    "project_self": "项目支出绩效自评表",
    "dept_basic_data": "基础数据表",
    "fund_detail": "专项资金预算明细",
}
HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY, PERCENT, SCORE = "#,##0.00", "0.00%", "0.00"
GRADES = ("优", "良", "中", "差")


UNSAFE_START = ("=", "+", "-", "@")


def _cell(ws: Worksheet, value: object, number_format: str | None = None) -> object:
    """A value for a summary row: numbers as numbers, every string as plain text."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        if number_format is None:
            return value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        return cell
    text = safe_text(str(value))  # characters Excel cannot store become "�"
    if is_formula_like(text):
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"  # "=HYPERLINK(…)" from a county file stays text
        return cell
    return text


def _styled(ws: Worksheet, value: object, **style: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


def _table(
    ws: Worksheet,
    title: str,
    headers: list[tuple[str, int]],
    rows: Iterable[list],
    formats: dict[int, str] | None = None,
    n_rows: int = 0,
) -> int:
    """Write a titled table with a frozen, filtered header; returns the last data row."""
    formats = formats or {}
    for col, (_, width) in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(n_rows + 2, 3)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.append([_styled(ws, title, font=Font(bold=True, size=14))])
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append(
        [
            _styled(
                ws, label, font=Font(bold=True), fill=HEADER_FILL, border=BORDER, alignment=center
            )
            for label, _ in headers
        ]
    )
    written = 0
    for values in rows:
        ws.append([_cell(ws, v, formats.get(col)) for col, v in enumerate(values, 1)])
        written += 1
    return written + 2


SUMMARY_HEADERS = [
    ("单位", 24),
    ("表名", 22),
    ("项目名称", 28),
    ("预算数（万元）", 12),
    ("执行数（万元）", 12),
    ("执行率", 9),
    ("指标得分", 9),
    ("总分", 8),
    ("等级", 6),
    ("错误数", 7),
    ("警告数", 7),
    ("来源文件", 40),
    ("工作表", 12),
    ("没有读到", 22),  # budget / spending / points the reader could not read (JX902)
]


def _summary(ws: Worksheet, result: MergeResult) -> int:
    rows = (
        [
            r.unit,
            FORM_NAMES.get(r.form, r.title),
            r.project,
            r.budget,
            r.spent,
            r.execution_rate,
            r.score,
            r.total,
            r.grade,
            r.errors,
            r.warnings,
            Path(r.file).name,
            r.sheet,
            "、".join(UNREAD_LABELS[k] for k in r.unread) or None,
        ]
        for r in result.forms
    )
    formats = {4: MONEY, 5: MONEY, 6: PERCENT, 7: SCORE, 8: SCORE}
    last = _table(ws, "预算绩效自评合并汇总", SUMMARY_HEADERS, rows, formats, len(result.forms))
    bold = Font(bold=True)
    totals: list[object] = [_styled(ws, "合计", font=bold)] + [None] * 13
    if last >= 3:
        both = f'(D3:D{last}<>"")*(E3:E{last}<>"")'
        spent, budget = f"SUMPRODUCT({both},E3:E{last})", f"SUMPRODUCT({both},D3:D{last})"
        formulas = {
            4: (f"=SUM(D3:D{last})", MONEY),
            5: (f"=SUM(E3:E{last})", MONEY),
            6: (f'=IF({budget}=0,"",{spent}/{budget})', PERCENT),
            8: (f'=IF(COUNT(H3:H{last})=0,"",AVERAGE(H3:H{last}))', SCORE),
            10: (f"=SUM(J3:J{last})", "0"),
            11: (f"=SUM(K3:K{last})", "0"),
            # how many forms the totals cover: a form whose amount was not read is left out
            14: (
                f'="预算数合计含 "&COUNT(D3:D{last})&" 张表，执行数 "&COUNT(E3:E{last})&" 张"',
                "General",
            ),
        }
        for col, (formula, number_format) in formulas.items():
            totals[col - 1] = _styled(ws, formula, font=bold, number_format=number_format)
    ws.append(totals)
    return last


def _indicators(ws: Worksheet, result: MergeResult) -> None:
    headers = [
        ("单位", 22),
        ("项目名称", 24),
        ("一级指标", 12),
        ("二级指标", 16),
        ("三级指标", 28),
        ("指标性质", 8),
        ("指标值", 14),
        ("实际完成值", 14),
        ("计量单位", 8),
        ("分值", 7),
        ("得分（按规则）", 9),
        ("状态", 12),
        ("来源文件", 36),
        ("工作表", 10),
        ("单元格", 8),
    ]
    rows = (
        [
            i.unit,
            i.project,
            i.level1,
            i.level2,
            i.name,
            i.op,
            i.target,
            i.actual,
            i.unit_of_measure,
            i.points,
            i.score,
            STATUS_LABELS.get(i.status or "", i.status),
            Path(i.file).name,
            i.sheet,
            i.cell,
        ]
        for i in result.indicators
    )
    _table(
        ws,
        "指标明细（每个指标可追溯到来源文件的单元格）",
        headers,
        rows,
        {11: SCORE},
        len(result.indicators),
    )


def _issues(ws: Worksheet, result: MergeResult) -> None:
    headers = [
        ("单位", 22),
        ("来源文件", 36),
        ("工作表", 10),
        ("单元格", 8),
        ("级别", 6),
        ("规则", 8),
        ("说明", 60),
        ("修改建议", 50),
    ]
    duplicates = []
    for kept, dup in result.duplicates:
        message, hint = render("JX901", first=Path(kept.file).name, sheet=kept.sheet or "")
        duplicates.append(
            [kept.unit, Path(dup.file).name, dup.sheet, None, "警告", "JX901", message, hint]
        )
    findings = (
        [
            i.unit,
            Path(i.file).name,
            i.sheet,
            i.cell,
            SEVERITY_LABELS[i.severity],
            i.code,
            i.message,
            i.hint,
        ]
        for i in result.issues
    )
    _table(
        ws,
        "问题清单",
        headers,
        [*duplicates, *findings],
        None,
        len(duplicates) + len(result.issues),
    )


def _failed(ws: Worksheet, result: MergeResult) -> None:
    rows = ([Path(f.file).name, f.file, f.reason] for f in result.failed)
    _table(
        ws,
        "未能合并的文件",
        [("文件", 36), ("完整路径", 60), ("原因", 60)],
        rows,
        None,
        len(result.failed),
    )


def _charts(ws: Worksheet, result: MergeResult, last: int) -> None:
    """Native charts fed by live formulas over 汇总: grades, 执行率 and 总分 by unit."""
    end = max(last, 3)

    def col(letter: str) -> str:
        return f"汇总!${letter}$3:${letter}${end}"

    bold = Font(bold=True)
    ws.column_dimensions["A"].width = 26
    ws.append([_styled(ws, "图表（数据随“汇总”工作表更新）", font=Font(bold=True, size=14))])
    ws.append([_styled(ws, "等级", font=bold), _styled(ws, "表数", font=bold)])
    for grade in GRADES:  # rows 3-6
        ws.append([grade, f'=COUNTIF({col("I")},"{grade}")'])
    ws.append([])
    ws.append([])
    top = 9
    ws.append(
        [
            _styled(ws, label, font=bold)
            for label in ("单位", "预算数（万元）", "执行数（万元）", "执行率", "平均总分")
        ]
    )
    units = list(dict.fromkeys(r.unit for r in result.forms))
    for n, unit in enumerate(units, top + 1):
        scored = f'COUNTIFS({col("A")},A{n},{col("H")},">=0")'
        ws.append(
            [
                _cell(ws, unit),
                _styled(ws, f"=SUMIF({col('A')},A{n},{col('D')})", number_format=MONEY),
                _styled(ws, f"=SUMIF({col('A')},A{n},{col('E')})", number_format=MONEY),
                _styled(ws, f'=IF(B{n}=0,"",C{n}/B{n})', number_format=PERCENT),
                _styled(
                    ws,
                    f'=IF({scored}=0,"",SUMIF({col("A")},A{n},{col("H")})/{scored})',
                    number_format=SCORE,
                ),
            ]
        )
    pie = PieChart()
    pie.title = "自评等级分布"
    pie.add_data(Reference(ws, min_col=2, min_row=2, max_row=6), titles_from_data=True)
    pie.set_categories(Reference(ws, min_col=1, min_row=3, max_row=6))
    ws.add_chart(pie, "H2")
    if not units:
        return
    bottom = top + len(units)
    for column, title, anchor in ((4, "各单位执行率", "H20"), (5, "各单位平均总分", "H38")):
        chart = BarChart()
        chart.title = title
        chart.height, chart.width = 8, max(16, min(48, len(units) * 0.8))
        chart.add_data(
            Reference(ws, min_col=column, min_row=top, max_row=bottom), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=bottom))
        chart.legend = None
        ws.add_chart(chart, anchor)


def write_summary(result: MergeResult, path: Path) -> None:
    """Write the city summary workbook (write-only mode: rows stream to disk)."""
    book = Workbook(write_only=True)
    last = _summary(book.create_sheet("汇总"), result)
    _indicators(book.create_sheet("指标明细"), result)
    _issues(book.create_sheet("问题清单"), result)
    _failed(book.create_sheet("失败文件"), result)
    _charts(book.create_sheet("图表"), result, last)
    book.save(path)

"""The city summary workbook of a merge: 汇总, 指标明细, 问题清单, 失败文件, 图表.

Written with XlsxWriter (styles, native charts, page setup, properties), except the data rows
of the four tables: those stream to temporary files as worksheet XML (:mod:`addin.merge.sheet_rows`,
ten times faster per cell) and are put into XlsxWriter's sheets when the workbook is done.
County text is always written as a string cell, so a unit named ``=HYPERLINK(...)`` shows as
text and never becomes a formula in the city's workbook. Only the summary's own totals and
chart feeds are formulas, each written with its computed value so every viewer shows it.

The workbook carries a marker (custom property, see :data:`addin.merge.run.SUMMARY_MARKER`) and
a signature over its parts (:mod:`addin.workbook.signature`), so that a later merge of the same
folder lists it as skipped instead of reading it as a county; the property alone proves nothing.
"""

from __future__ import annotations

import io
import math
import queue
import threading
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from addin.merge.result import (
    Failure,
    FileResult,
    MergeResult,
    failed_rows,
    finding_rows,
    indicator_rows,
    unit_rows,
)
from addin.merge.run import SUMMARY_MARKER, merge, scan_inputs
from addin.merge.sheet_rows import SheetRows, splice
from addin.merge.spool import LAST
from addin.merge.tables import FAILED, FINDINGS, INDICATORS, MONEY, PERCENT, SCORE, UNITS, Column
from addin.workbook.isolation import Limits
from addin.workbook.printing import LINE_HEIGHT
from addin.workbook.safe_text import safe_text
from addin.workbook.signature import sign_package

FONT, FONT_SIZE = "宋体", 10  # the templates' font
EXCEL_ROWS = 1_048_576
GRADES = ("优", "良", "中", "差")
TITLE = "预算绩效合并汇总（目标表与自评表）"


class _Styles:
    """The workbook's formats, all in the templates' font."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        book.formats[0].set_font_name(FONT)
        book.formats[0].set_font_size(FONT_SIZE)
        self.title = self.add(bold=True, font_size=14)
        self.note = self.add(font_color="#C00000", text_wrap=True, valign="top")
        self.header = self.add(
            bold=True, bg_color="#DDEBF7", border=1, align="center", valign="vcenter",
            text_wrap=True,
        )  # fmt: skip
        self.bold = self.add(bold=True)
        self.total_label = self.add(bold=True, border=1, text_wrap=True, valign="top")
        self._cache: dict[tuple, Format] = {}

    def add(self, **props: object) -> Format:
        return self.book.add_format({"font_name": FONT, "font_size": FONT_SIZE, **props})

    def body(
        self,
        column: Column | None = None,
        bold: bool = False,
        number: str | None = None,
        border: bool = True,
    ) -> Format | None:
        """A bordered body cell of a column (number format, wrapping)."""
        fmt = number or (column.number_format if column else None)
        wrap = bool(column and column.wrap)
        if not (border or fmt or wrap or bold):
            return None  # a plain cell: blanks are not written at all
        key = (fmt, wrap, bold, border)
        if key not in self._cache:
            props: dict[str, object] = {"valign": "top"}
            if border:
                props |= {"border": 1, "border_color": "#999999"}
            if fmt:
                props["num_format"] = fmt
            if wrap:
                props["text_wrap"] = True
            if bold:
                props["bold"] = True
            self._cache[key] = self.add(**props)
        return self._cache[key]


def _put(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """Write one cell: numbers as numbers, every string as plain text, None as blank."""
    if value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, (int, float)):
        if math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)
    else:
        # characters Excel cannot store become "�"; "=HYPERLINK(…)" from a county stays text
        ws.write_string(row, col, safe_text(str(value)), fmt)


def _page(ws: Worksheet, header_row: int | None = 1) -> None:
    """A4 landscape, one page wide, header repeated, page numbers in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer("&C第 &P 页，共 &N 页")


class _Table:
    """A titled table with a frozen, filtered header; rows may come in several batches.

    The data rows go to a :class:`~addin.merge.sheet_rows.SheetRows` as they come; the title and
    header are written on :meth:`close`, when the number of rows is known. When more rows
    come than Excel's row limit leaves room for, the title row says so, the sheet lists the
    rows that fit and points to the ``--export`` files holding all of them."""

    def __init__(
        self,
        ws: Worksheet,
        styles: _Styles,
        title: str,
        columns: list[Column],
        export_name: str | None = None,
        bordered: bool = True,
    ) -> None:
        self.ws, self.styles, self.title, self.columns = ws, styles, title, columns
        self.export_name = export_name
        self.room = EXCEL_ROWS - 2
        self.offered = 0  # rows given, including any past the room
        for col, column in enumerate(columns):
            ws.set_column(col, col, column.width)
        formats = [styles.body(c, border=bordered) for c in columns]
        self.rows = SheetRows(
            # the style numbers XlsxWriter gives these formats in the workbook's styles
            [None if f is None else f._get_xf_index() for f in formats],
            [c.width if c.wrap else None for c in columns],
        )

    def write(self, rows: Iterable[tuple]) -> None:
        rows = iter(rows)
        before = self.rows.count
        self.rows.write(islice(rows, max(self.room - before, 0)))
        self.offered += self.rows.count - before + sum(1 for _ in rows)

    def close(self) -> int:
        """Title, header, frozen panes, filter and page; returns the last data row
        (0-based)."""
        ws, styles, columns = self.ws, self.styles, self.columns
        if self.offered > self.room:
            ws.set_row(0, LINE_HEIGHT * 3)
            note = (
                f"{self.title}：共 {self.offered:,} 行，超过 Excel 每表 {EXCEL_ROWS:,} 行的上限，"
                f"本表只列出前 {self.room:,} 行。完整数据请用 jixiao merge … --export 文件夹 "
                f"导出的 {self.export_name}.csv / {self.export_name}.parquet。"
            )
            ws.merge_range(0, 0, 0, min(len(columns) - 1, 8), note, styles.note)
        else:
            _put(ws, 0, 0, self.title, styles.title)
        ws.set_row(1, LINE_HEIGHT * 2)
        for col, column in enumerate(columns):
            _put(ws, 1, col, column.label, styles.header)
        last = self.rows.last_row - 1
        ws.freeze_panes(2, 0)
        ws.autofilter(1, 0, max(last, 2), len(columns) - 1)
        _page(ws)
        return last

    @property
    def part(self) -> str:
        """The package part of the sheet (XlsxWriter numbers worksheets in order)."""
        return f"xl/worksheets/sheet{self.ws.index + 1}.xml"


def _table(
    ws: Worksheet,
    styles: _Styles,
    title: str,
    columns: list[Column],
    rows: Iterable[tuple],
    export_name: str | None = None,
) -> _Table:
    """A whole table at once (see :class:`_Table`), closed."""
    table = _Table(ws, styles, title, columns, export_name)
    table.write(rows)
    table.close()
    return table


def _total_label(ws: Worksheet, styles: _Styles, row: int, formula: str, text: str) -> None:
    """A total row's label across 单位…项目名称 (a live count of the forms it covers)."""
    ws.set_row(row, LINE_HEIGHT * 2)
    ws.merge_range(row, 0, row, 2, "", styles.total_label)
    ws.write_formula(row, 0, formula, styles.total_label, text)
    for col in range(3, len(UNITS)):
        ws.write_blank(row, col, None, styles.body(bold=True))


def _summary(ws: Worksheet, styles: _Styles, result: MergeResult) -> _Table:
    """汇总: one row per form, then two total rows a reviewer can redo by hand."""
    table = _table(ws, styles, TITLE, UNITS, unit_rows(result))
    last = table.rows.last_row - 1
    totals = result.totals()
    first, end = 3, max(last + 1, 3)  # 1-based rows of the data

    def rng(letter: str) -> str:
        return f"{letter}{first}:{letter}{end}"

    both = f'({rng("D")}<>"")*({rng("E")}<>"")'
    row = last + 1
    label = (
        f'="合计：全部 "&ROWS({rng("A")})-COUNTBLANK({rng("B")})&" 张表（预算数 "'
        f'&COUNT({rng("D")})&" 张、执行数 "&COUNT({rng("E")})&" 张已填；总分平均 "'
        f'&COUNT({rng("H")})&" 张）"'
    )
    text = (
        f"合计：全部 {totals['forms']} 张表（预算数 {totals['budget_forms']} 张、"
        f"执行数 {totals['spent_forms']} 张已填；总分平均 {totals['scored_forms']} 张）"
    )
    _total_label(ws, styles, row, label, text)
    money = styles.body(bold=True, number=MONEY)
    score = styles.body(bold=True, number=SCORE)
    count = styles.body(bold=True, number="0")
    ws.write_formula(row, 3, f"=SUM({rng('D')})", money, totals["budget"])
    ws.write_formula(row, 4, f"=SUM({rng('E')})", money, totals["spent"])
    average = totals["average_total"]
    ws.write_formula(
        row, 7, f'=IF(COUNT({rng("H")})=0,"",AVERAGE({rng("H")}))', score,
        "" if average is None else average,
    )  # fmt: skip
    ws.write_formula(row, 9, f"=SUM({rng('J')})", count, totals["errors"])
    ws.write_formula(row, 10, f"=SUM({rng('K')})", count, totals["warnings"])
    row += 1
    label = f'="其中预算数、执行数均已填的 "&SUMPRODUCT({both})&" 张表（执行率按此计算）"'
    text = f"其中预算数、执行数均已填的 {totals['rate_forms']} 张表（执行率按此计算）"
    _total_label(ws, styles, row, label, text)
    budget, spent = f"SUMPRODUCT({both},{rng('D')})", f"SUMPRODUCT({both},{rng('E')})"
    ws.write_formula(row, 3, f"={budget}", money, totals["rate_budget"])
    ws.write_formula(row, 4, f"={spent}", money, totals["rate_spent"])
    rate = totals["execution_rate"]
    ws.write_formula(
        row, 5, f"=IF(D{row + 1}=0,\"\",E{row + 1}/D{row + 1})",
        styles.body(bold=True, number=PERCENT), "" if rate is None else rate,
    )  # fmt: skip
    ws.print_area(0, 0, row, len(UNITS) - 1)
    return table


def _unit_figures(
    result: MergeResult,
) -> list[tuple[str, float, float, float | None, float | None]]:
    """Per unit: budget and spent of the forms reporting both, their rate, average 总分."""
    figures: dict[str, list] = {}
    for r in result.forms:
        entry = figures.setdefault(r.unit, [0.0, 0.0, 0, 0.0, 0])
        if r.budget is not None and r.spent is not None:
            entry[0] += r.budget
            entry[1] += r.spent
            entry[2] += 1
        if r.total is not None:
            entry[3] += r.total
            entry[4] += 1
    return [
        (
            unit,
            budget,
            spent,
            spent / budget if n and budget else None,
            total / scored if scored else None,
        )
        for unit, (budget, spent, n, total, scored) in figures.items()
    ]


def _charts(ws: Worksheet, styles: _Styles, book: Workbook, result: MergeResult, last: int) -> None:
    """Native charts fed by live formulas over 汇总: grades, 执行率 and 总分 by unit.

    A unit without both figures (or without a 总分) gets #N/A, which charts leave out: a
    missing value is a gap, never a 0% bar. Each chart has its own printed page."""
    end = max(last + 1, 3)

    def col(letter: str) -> str:
        return f"汇总!${letter}$3:${letter}${end}"

    ws.set_column(0, 0, 26)
    ws.set_column(1, 4, 14)
    _put(ws, 0, 0, "图表（数据随“汇总”工作表更新；#N/A 表示未填报，图中不画）", styles.title)
    _put(ws, 1, 0, "等级", styles.header)
    _put(ws, 1, 1, "表数", styles.header)
    grades = [r.grade for r in result.forms]
    for n, grade in enumerate(GRADES, 2):  # rows 3-6
        _put(ws, n, 0, grade, styles.body())
        ws.write_formula(
            n, 1, f'=COUNTIF({col("I")},"{grade}")', styles.body(), grades.count(grade)
        )
    pie = book.add_chart({"type": "pie"})
    pie.set_title({"name": "自评等级分布", "name_font": {"name": FONT}})
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
    units = _unit_figures(result)
    top = 70  # 0-based row of the unit table's header, below the chart pages
    ws.set_h_pagebreaks([22, 46, top])
    if units:
        bottom = top + len(units)  # 0-based last row
        width = max(720, min(1400, 60 + len(units) * 28))
        for column, title, anchor, number in (
            ("D", "各单位执行率（预算数、执行数均已填的表）", 22, PERCENT),
            ("E", "各单位平均总分", 46, SCORE),
        ):
            chart = book.add_chart({"type": "column"})
            chart.set_title({"name": title, "name_font": {"name": FONT, "size": 12}})
            chart.add_series(
                {
                    "categories": f"='图表'!$A${top + 2}:$A${bottom + 1}",
                    "values": f"='图表'!${column}${top + 2}:${column}${bottom + 1}",
                    "data_labels": {"value": True, "num_format": number},
                }
            )
            chart.set_legend({"none": True})
            chart.show_blanks_as("gap")
            chart.set_x_axis({"num_font": {"name": FONT, "rotation": -45}})
            chart.set_y_axis({"num_format": number, "min": 0})  # bars from 0, not zoomed
            chart.set_size({"width": width, "height": 420})
            ws.insert_chart(anchor, 0, chart)
    labels = ("单位", "预算数（万元）", "执行数（万元）", "执行率", "平均总分")
    for c, label in enumerate(labels):
        _put(ws, top, c, label, styles.header)
    money, percent, score = (styles.body(number=f) for f in (MONEY, PERCENT, SCORE))
    text = styles.body()
    for n, (unit, budget, spent, rate, average) in enumerate(units, top + 1):
        a = f"A{n + 1}"
        both = f'{col("A")},{a},{col("D")},"<>",{col("E")},"<>"'
        _put(ws, n, 0, unit, text)
        ws.write_formula(n, 1, f"=SUMIFS({col('D')},{both})", money, budget)
        ws.write_formula(n, 2, f"=SUMIFS({col('E')},{both})", money, spent)
        ws.write_formula(
            n, 3, f"=IF(OR(COUNTIFS({both})=0,B{n + 1}=0),NA(),C{n + 1}/B{n + 1})", percent,
            "#N/A" if rate is None else rate,
        )  # fmt: skip
        scored = f'{col("A")},{a},{col("H")},"<>"'
        ws.write_formula(
            n, 4, f"=IF(COUNTIFS({scored})=0,NA(),AVERAGEIFS({col('H')},{scored}))", score,
            "#N/A" if average is None else average,
        )  # fmt: skip
    _page(ws, header_row=None)
    ws.print_area(0, 0, top + max(len(units), 1), 12)


class SummaryWriter:
    """The summary workbook written in two steps: 指标明细 and 问题清单 row by row while the
    merge is still reading (:meth:`add_indicators`, :meth:`add_findings`), the other sheets
    at the end (:meth:`finish`).

    The tables' rows stream to temporary files (:mod:`addin.merge.sheet_rows`); XlsxWriter builds
    the rest of the workbook in memory (it is small: titles, totals, styles, charts), and
    :meth:`finish` writes both into ``path``. Nothing is written to ``path`` before."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.buffer = io.BytesIO()
        book = xlsxwriter.Workbook(
            self.buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        book.set_properties({"title": TITLE, "author": "绩效助手", "comments": "合并汇总"})
        book.set_custom_property("jixiao", SUMMARY_MARKER)
        self.book, self.styles = book, _Styles(book)
        self.sheets = {name: book.add_worksheet(name) for name in SHEETS}
        self.indicators = _Table(
            self.sheets["指标明细"],
            self.styles,
            "指标明细（每个指标可追溯到来源文件的单元格）",
            INDICATORS,
            "指标明细",
            bordered=False,  # the long table: no per-cell borders, blanks not written
        )
        self.findings = _Table(
            self.sheets["问题清单"], self.styles, "问题清单", FINDINGS, "问题清单"
        )
        self.tables = [self.indicators, self.findings]

    def add_indicators(self, rows: Iterable[tuple]) -> None:
        """Append rows to 指标明细 (in input order)."""
        self.indicators.write(rows)

    def add_findings(self, rows: Iterable[tuple]) -> None:
        """Append rows to 问题清单 (in input order)."""
        self.findings.write(rows)

    def finish(self, result: MergeResult) -> None:
        """Write 汇总, 失败文件 and 图表, close 指标明细 and 问题清单 (their rows are in),
        and write the workbook to ``path``."""
        try:
            self.indicators.close()
            self.findings.close()
            styles, sheets = self.styles, self.sheets
            units = _summary(sheets["汇总"], styles, result)
            failed = _table(
                sheets["失败文件"], styles, "未能合并或未纳入的文件", FAILED, failed_rows(result)
            )
            self.tables += [units, failed]
            _charts(sheets["图表"], styles, self.book, result, units.rows.last_row - 1)
            self.book.close()
            splice(self.buffer, self.path, {t.part: t.rows for t in self.tables})
            sign_package(self.path)
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the temporary files (also when the workbook is not written)."""
        for table in self.tables:
            table.rows.close()


SHEETS = ("汇总", "指标明细", "问题清单", "失败文件", "图表")


def write_summary(result: MergeResult, path: Path) -> None:
    """Write the city summary workbook of a finished merge."""
    writer = SummaryWriter(path)
    writer.add_indicators(indicator_rows(result))
    writer.add_findings(finding_rows(result))
    writer.finish(result)


class _RowFeed:
    """Writes 指标明细 and 问题清单 in a thread of its own while the worker processes read
    the files:
    each input's rows as soon as it and every earlier input are in (see ``ordered`` of
    :func:`addin.merge.run.merge`)."""

    def __init__(self, writer: SummaryWriter) -> None:
        self.writer = writer
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="明细与问题", daemon=True)
        self.thread.start()

    def __call__(self, result: MergeResult, index: int) -> None:
        self.queue.put((result, index))

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                result, index = item
                try:
                    self.writer.add_indicators(result.indicators.rows_of(index))
                    self.writer.add_findings(result.issues.rows_of(index))
                except BaseException as exc:  # raised again in the merging thread
                    self.error = exc

    def close(self) -> None:
        """Wait for the rows queued so far; raise what the writing raised."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def merge_to_summary(
    path: Path,
    inputs: list[Path],
    profile: str | None = None,
    workers: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    limits: Limits | None = None,
    scanned: tuple[list[Path], list[Failure], list[Failure]] | None = None,
) -> MergeResult:
    """Merge the inputs and write their summary workbook to ``path``, 指标明细 and 问题清单
    while the files are still being read. Nothing is written when no input could be merged.

    ``scanned``: :func:`addin.merge.run.scan_inputs` of the inputs, taken before ``path`` was
    created, so that a summary written into an input folder never finds its own
    unfinished file."""
    scanned = scanned or scan_inputs(inputs)
    writer = SummaryWriter(path)
    feed = _RowFeed(writer)
    try:
        result = merge(inputs, profile, workers, progress, limits, feed, scanned)
    finally:
        feed.close()
    if result.merged:
        writer.add_findings(result.issues.rows_of(LAST))  # found across files, at the end
        writer.finish(result)
    else:
        writer.close()
    return result

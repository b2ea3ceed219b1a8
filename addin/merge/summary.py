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
import queue
import threading
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

import xlsxwriter
from pydantic import BaseModel, ConfigDict, Field
from xlsxwriter.worksheet import Worksheet

from addin.merge.charts import write_charts
from addin.merge.issues import IssueFilter, counts_per_rule, counts_per_unit, listed_issues
from addin.merge.kind_totals import COL, LETTER, define_names, write_kind_totals
from addin.merge.overview import write_overview
from addin.merge.result import (
    Failure,
    FileResult,
    MergeResult,
    failed_rows,
    indicator_rows,
    ordered_forms,
    unit_rows,
)
from addin.merge.review_sheets import write_issue_counts, write_status, write_targets
from addin.merge.roster import RosterUnit, UnitStatus, apply_roster, report_variants
from addin.merge.roster import statuses as unit_statuses
from addin.merge.run import SUMMARY_MARKER, merge, scan_inputs
from addin.merge.sheet_rows import SheetRows, splice
from addin.merge.sheet_style import Styles, classic_formulas, page, put
from addin.merge.tables import FAILED, FINDINGS, INDICATORS, UNITS, Column, relative
from addin.workbook.isolation import Limits
from addin.workbook.printing import LINE_HEIGHT
from addin.workbook.signature import sign_package

EXCEL_ROWS = 1_048_576
GRADES = ("优", "良", "中", "差")
TITLE = "预算绩效合并汇总（目标表与自评表）"


class _Table:
    """A titled table with a frozen, filtered header; rows may come in several batches.

    The data rows go to a :class:`~addin.merge.sheet_rows.SheetRows` as they come; the title and
    header are written on :meth:`close`, when the number of rows is known. When more rows
    come than Excel's row limit leaves room for, the title row says so, the sheet lists the
    rows that fit and points to the ``--export`` files holding all of them."""

    def __init__(
        self,
        ws: Worksheet,
        styles: Styles,
        title: str,
        columns: list[Column],
        export_name: str | None = None,
        bordered: bool = True,
    ) -> None:
        self.ws, self.styles, self.title, self.columns = ws, styles, title, columns
        self.bordered = bordered
        self.export_name = export_name
        self.room = EXCEL_ROWS - 2
        self.offered = 0  # rows given, including any past the room
        for col, column in enumerate(columns):
            ws.set_column(col, col, column.width, None, {"hidden": column.hidden})
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
            put(ws, 0, 0, self.title, styles.title)
        ws.set_row(1, LINE_HEIGHT * 2)
        for col, column in enumerate(columns):
            put(ws, 1, col, column.label, styles.header)
        last = self.rows.last_row - 1
        ws.freeze_panes(2, 0)
        ws.autofilter(1, 0, max(last, 2), len(columns) - 1)
        if not self.bordered and last >= 2:
            # every cell's border from one rule: no blank cell has to be written for it
            ws.conditional_format(
                2, 0, last, len(columns) - 1,
                {"type": "formula", "criteria": "=TRUE",
                 "format": styles.add(border=1, border_color="#999999")},
            )  # fmt: skip
        page(ws)
        return last

    @property
    def part(self) -> str:
        """The package part of the sheet (XlsxWriter numbers worksheets in order)."""
        return f"xl/worksheets/sheet{self.ws.index + 1}.xml"


def _table(
    ws: Worksheet,
    styles: Styles,
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


def _summary(ws: Worksheet, styles: Styles, result: MergeResult) -> _Table:
    """汇总: one row per form (部门整体, 项目, 目标, 其他), then the totals of each kind
    apart (see :mod:`addin.merge.kind_totals`)."""
    table = _table(ws, styles, TITLE, UNITS, unit_rows(result))
    last = table.rows.last_row - 1
    define_names(styles.book, last)
    row = write_kind_totals(ws, styles, ordered_forms(result), last)
    _declared_highlight(ws, styles, last)
    ws.print_area(0, 0, row, max(n for n, c in enumerate(UNITS) if not c.hidden))
    return table


def _declared_highlight(ws: Worksheet, styles: Styles, last: int) -> None:
    """差异 (填写总分 − 重算总分) other than 0 in red on yellow, with its two totals."""
    if last < 2:
        return
    col = COL["difference"]
    letter = LETTER["difference"]
    ws.conditional_format(
        2, COL["declared_total"], last, col,
        {
            "type": "formula",
            "criteria": f'=AND(ISNUMBER(${letter}3),ABS(${letter}3)>=0.005)',
            "format": styles.add(bg_color="#FFEB9C", font_color="#9C0006", bold=True),
        },
    )  # fmt: skip


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
        self.book, self.styles = book, Styles(book)
        self.sheets = {name: book.add_worksheet(name) for name in SHEETS}
        for name in ("汇总", "图表"):
            classic_formulas(self.sheets[name])
        self.indicators = _Table(
            self.sheets["指标明细"],
            self.styles,
            "指标明细（每个指标可追溯到来源文件的单元格）",
            INDICATORS,
            "指标明细",
            bordered=False,  # the long table: borders by one conditional format (see close)
        )
        self.findings = _Table(
            self.sheets["问题清单"], self.styles, "问题清单", FINDINGS, "问题清单"
        )
        self.tables = [self.indicators, self.findings]

    def add_indicators(self, rows: Iterable[tuple]) -> None:
        """Append rows to 指标明细 (in input order)."""
        self.indicators.write(rows)

    def add_findings(self, rows: Iterable[tuple]) -> None:
        """Append rows to 问题清单 as they are (see :meth:`finish` for the sorted list)."""
        self.findings.write(rows)

    def finish(self, result: MergeResult, review: Review | None = None) -> None:
        """Write 总览, 汇总, 报送情况, 目标表, 问题清单 (sorted, filtered: see ``review``),
        问题统计, 失败文件 and 图表, close 指标明细 (its rows are in), and write the workbook
        to ``path``."""
        review = review or Review.of(result)
        try:
            self.indicators.close()
            styles, sheets = self.styles, self.sheets
            forms = ordered_forms(result)
            issues = listed_issues(result, review.keep)
            self.findings.write(issues)
            self.findings.close()
            note = review.keep.note()
            if note:
                put(sheets["问题清单"], 0, 3, note, styles.note)
            write_issue_counts(
                sheets["问题统计"], styles, counts_per_unit(issues), counts_per_rule(issues), note
            )
            units = _summary(sheets["汇总"], styles, result)
            failed = _table(
                sheets["失败文件"], styles, "未能合并或未纳入的文件", FAILED, failed_rows(result)
            )
            self.tables += [units, failed]
            write_status(
                sheets["报送情况"], styles, review.statuses, review.roster, review.variant_rows()
            )
            write_targets(sheets["目标表"], styles, forms, result.root)
            write_overview(sheets["总览"], styles, result, review.statuses, review.roster, issues)
            write_charts(sheets["图表"], styles, self.book, forms, units.rows.last_row - 1)
            self.book.close()
            splice(self.buffer, self.path, {t.part: t.rows for t in self.tables})
            sign_package(self.path)
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the temporary files (also when the workbook is not written)."""
        for table in self.tables:
            table.rows.close()


SHEETS = (
    "总览",
    "汇总",
    "报送情况",
    "目标表",
    "指标明细",
    "问题清单",
    "问题统计",
    "失败文件",
    "图表",
)


class Review(BaseModel):
    """How the merged forms are reviewed: the roster's verdict on each unit, the name
    pairs that look like one unit, which findings 问题清单 lists."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    statuses: list[UnitStatus]
    roster: bool = False
    variants: list[tuple[str, str, str]] = Field(default_factory=list)
    keep: IssueFilter = Field(default_factory=IssueFilter)
    rename: dict[str, str] = Field(default_factory=dict)  # name as written -> roster name

    @classmethod
    def of(
        cls,
        result: MergeResult,
        roster: list[RosterUnit] | None = None,
        level: str | None = None,
    ) -> Review:
        """Apply the roster (or report name variants without one) to a finished merge."""
        result.level = level
        if roster:
            statuses = apply_roster(result, roster)
            result.rename = {r.unit_written: r.unit for r in result.forms if r.unit_written}
            result.roster = [s.model_dump() for s in statuses]
            return cls(
                statuses=statuses, roster=True, keep=IssueFilter(level), rename=result.rename
            )
        variants = report_variants(result)
        root = result.root
        result.name_variants = [
            {"unit": a, "other": b, "file": relative(f, root)} for a, b, f in variants
        ]
        return cls(statuses=unit_statuses(result, None), variants=variants, keep=IssueFilter(level))

    def variant_rows(self) -> list[tuple[str, str, str]]:
        return [(a, b, Path(f).name) for a, b, f in self.variants]


def write_summary(result: MergeResult, path: Path) -> None:
    """Write the city summary workbook of a finished merge."""
    writer = SummaryWriter(path)
    writer.add_indicators(indicator_rows(result))
    writer.finish(result)


class _RowFeed:
    """Writes 指标明细 in a thread of its own while the worker processes read the files:
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
    roster: list[RosterUnit] | None = None,
    level: str | None = None,
) -> MergeResult:
    """Merge the inputs and write their summary workbook to ``path``, 指标明细 while the
    files are still being read. Nothing is written when no input could be merged.
    ``roster``: the expected units (see :mod:`addin.merge.roster`); ``level``: the lowest
    level 问题清单 lists (see :class:`addin.merge.issues.IssueFilter`).

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
        writer.finish(result, Review.of(result, roster, level))
    else:
        writer.close()
    return result

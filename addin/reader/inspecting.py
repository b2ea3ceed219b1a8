"""``jixiao inspect``: how each sheet of a workbook was read, in words a city reviewer reads;
and teaching from a door that stays open (the Excel and WPS buttons 读表情况 and 教读表)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from addin.core.kinds import FORM_TITLES
from addin.core.models import FormKind
from addin.reader import read_report, teaching
from addin.reader.report import ReadingReport, TeachHint, teach_word
from addin.reader.vocabulary import reload
from addin.workbook.files import read_grid


def inspect_file(path: Path) -> ReadingReport:
    """The reading report of a workbook file; InputError when it cannot be read."""
    grid = read_grid(path)
    grid.file = str(path)
    return read_report(grid)


def hints(report: ReadingReport) -> list[TeachHint]:
    """Every header of the workbook not understood, with the role its cells suggest."""
    return [h for sheet in report.sheets for table in sheet.tables for h in table.hints]


def gaps(report: ReadingReport) -> list[str]:
    """What the indicator tables left not understood or not read, each "工作表「…」：…"
    (empty: all read)."""
    found: list[str] = []
    for sheet in report.sheets:
        for table in sheet.tables:
            found += [f"工作表「{sheet.sheet}」：未认出 {gap}" for gap in table.not_understood]
            if table.unread:
                found.append(f"工作表「{sheet.sheet}」：没有读到{'、'.join(table.unread)}")
    return found


def teach(word: str, role: str) -> tuple[Path, bool]:
    """``jixiao vocab add`` from a door that stays running: the word (a header cell's text,
    cleaned as :func:`~addin.reader.report.teach_word` does) added to the user's file and
    the reader's remembered words forgotten, so the next read uses it."""
    path, new = teaching.add(teach_word(word), role)
    reload()
    return path, new


def forget(word: str) -> tuple[Path, list[str]]:
    """``jixiao vocab remove`` from a door that stays running (see :func:`teach`)."""
    path, roles = teaching.remove(word)
    if roles:
        reload()
    return path, roles


def print_report(console: Console, report: ReadingReport) -> None:
    """The report as text: forms, columns, rows read and skipped, funding, gaps."""
    console.print(f"[bold]{report.file}[/bold]")
    for sheet in report.sheets:
        console.print(f"\n工作表「{sheet.sheet}」", markup=False)
        if sheet.note:
            console.print(f"  {sheet.note}", markup=False)
        for title in sheet.other_forms:
            console.print(f"  另有：{title}", markup=False)
        for table in sheet.tables:
            rows = "、".join(str(r) for r in table.header_rows)
            kind = FORM_TITLES[FormKind(table.form)] if table.form else "并入下一张表"
            console.print(f"  表「{table.title}」（按{kind}读），表头在第 {rows} 行", markup=False)
            for col in table.columns:
                console.print(f"    {col.cell}「{col.header}」→ {col.meaning}", markup=False)
            console.print(
                f"    读到 {table.rows_read} 行指标，跳过 {table.rows_skipped} 行", markup=False
            )
            for row in table.rows:
                unsure = "（拿不准，请核对）" if row.confidence < 1 else ""
                if not row.read or unsure:
                    console.print(
                        f"      第 {row.row} 行：{row.kind}{unsure}。{row.reason}", markup=False
                    )
            for line in table.funding:
                amounts = "，".join(
                    f"{label} {value}"
                    for label, value in (
                        ("年初", line.initial),
                        ("全年预算", line.budget),
                        ("执行", line.spent),
                    )
                    if value is not None
                )
                console.print(f"    资金「{line.label}」：{amounts or '没有金额'}", markup=False)
            if table.total is not None:
                console.print(f"    填写的总分：{table.total}", markup=False)
            if table.unread:
                console.print(f"    [red]没有读到：{'、'.join(table.unread)}（汇总中会标出）[/red]")
            for why in table.inferred:
                console.print(f"    按内容推断：{why}", markup=False)
            for gap in table.not_understood:
                console.print(f"    未认出：{gap}", markup=False)
    teach = [line for sheet in report.sheets for table in sheet.tables for line in table.teach]
    if teach:
        console.print("\n要让以后同样版式的文件都能读，请运行（“角色”一词请换成该列表示的内容，")
        console.print("可用的角色见 jixiao vocab list）：", markup=False)
        for line in dict.fromkeys(teach):
            console.print(f"  {line}", markup=False)

"""Terminal output of check and score for people: Chinese tables with rich."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from addin.check.run import CheckReport
from addin.core.scoring import STATUS_LABELS, FormScore
from addin.rules import SEVERITY_LABELS

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _num(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.2f}" if percent else f"{value:.2f}"
    return (text.rstrip("0").rstrip(".") + ("%" if percent else "")) if "." in text else text


def print_check(console: Console, report: CheckReport) -> None:
    """Findings of one file in reading order (sheet, row, column), and the counts."""
    counts = report.counts
    console.print(
        f"[bold]{escape(report.file)}[/bold]：识别出 {len(report.forms)} 张表，"
        f"错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项"
    )
    if not report.findings:
        return
    table = Table(show_edge=False, pad_edge=False)
    for column in ("级别", "规则", "位置", "说明", "修改建议"):
        table.add_column(column, overflow="fold")
    for f in report.findings:
        where = f"{f.sheet or ''}!{f.cell}" if f.cell else (f.sheet or "—")
        label = f"[{STYLES[f.severity]}]{SEVERITY_LABELS[f.severity]}[/]"
        table.add_row(label, escape(f.code), escape(where), escape(f.message), escape(f.hint))
    console.print(table)


def print_scores(console: Console, file: str, scores: list[FormScore]) -> None:
    """Per form: execution, indicator scores, total and grade; rows that need a person."""
    console.print(f"[bold]{escape(file)}[/bold]：{len(scores)} 张自评表")
    for s in scores:
        console.print(
            f"  {escape(s.sheet or '')} {escape(s.title)}：执行率 {_num(s.execution_rate, True)}，"
            f"执行得分 {_num(s.execution_score)}，指标得分 {_num(s.score)}/{_num(s.points)}，"
            f"总分 {_num(s.total)}，等级 {s.grade or '—'}"
        )
        for row in s.indicators:
            if row.status not in ("met", "achieved", "na"):
                console.print(
                    f"    {row.cell or ''} {escape(row.name or '')}：{STATUS_LABELS[row.status]}"
                    f"（{_num(row.score)}/{_num(row.points)}）"
                )

"""``jixiao demo``: the whole job on the bundled sample data.

The seed tables are written as county workbooks in their own provinces' layouts, then
checked and scored like files a city reviewer receives; marked copies show every finding
on its cell, and a merge turns the county workbooks into one city summary.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from addin.check.marks import apply_to_file, plan_marks
from addin.check.run import check_file
from addin.core.scoring import STATUS_LABELS, FormScore
from addin.demo.samples import build_samples
from addin.merge.job import MergeOptions, merge_into
from addin.rules import SEVERITY_LABELS


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.2f}" if percent else f"{value:.2f}"
    text = text.rstrip("0").rstrip(".")
    return text + "%" if percent else text


def _score_table(scores: list[FormScore]) -> Table:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("工作表", "项目/单位", "分值", "得分", "执行率", "总分", "填写总分", "等级"):
        table.add_column(column, no_wrap=True, max_width=22 if column == "项目/单位" else None)
    for s in scores:
        written = _fmt(s.written_total)
        if (
            s.written_total is not None
            and s.total is not None
            and abs(s.total - s.written_total) > 0.01
        ):
            written = f"[red]{written}[/red]"
        table.add_row(
            s.sheet or "",
            s.subject or s.title,
            _fmt(s.points),
            _fmt(s.score),
            _fmt(s.execution_rate, percent=True),
            _fmt(s.total),
            written,
            s.grade or "—",
        )
    return table


def run_demo(console: Console, out: Path) -> int:
    """Build the sample county workbooks, check and score them, write marked copies."""
    counties, marked_dir = out / "县级报送", out / "标记副本"
    marked_dir.mkdir(parents=True, exist_ok=True)
    paths = build_samples(counties)
    console.print(
        f"[bold]绩效助手 演示[/bold]：由 seeds/ 的真实表格生成 {len(paths)} 个县级工作簿，"
        "逐一校验、计分并写出标记副本\n"
    )
    statuses: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for path in paths:
        report, scores = check_file(path)
        counts = report.counts
        totals.update(counts)
        console.print(
            f"[bold]{path.name}[/bold]：{len(report.forms)} 张表，错误 {counts['error']} 项，"
            f"警告 {counts['warning']} 项，提示 {counts['info']} 项"
        )
        for finding in [f for f in report.findings if f.severity == "error"][:5]:
            console.print(
                f"  [red]{SEVERITY_LABELS[finding.severity]}[/red] {finding.sheet}!"
                f"{finding.cell or ''} {finding.code} {finding.message}"
            )
        if scores:
            console.print(_score_table(scores))
            statuses.update(i.status for s in scores for i in s.indicators)
        apply_to_file(path, marked_dir / path.name, plan_marks(report.findings, path.name))
        console.print()
    summary = "，".join(f"{STATUS_LABELS[k]} {v}" for k, v in statuses.most_common())
    console.print(f"指标计分状态：{summary}")
    console.print(
        f"合计：错误 {totals['error']} 项，警告 {totals['warning']} 项，提示 {totals['info']} 项"
    )
    city = out / "市级汇总.xlsx"
    result = merge_into(city, [counties], MergeOptions(workers=1))
    console.print(
        f"\n合并汇总：{result.merged}/{result.inputs} 个文件、{len(result.forms)} 张表、"
        f"{len(result.indicators)} 个指标写入汇总"
    )
    console.print(
        f"县级工作簿：{counties}\n标记副本（含“校验结果”工作表）：{marked_dir}\n"
        f"市级汇总（总览、汇总、报送情况、目标表、指标明细、问题清单、图表等）：{city}"
    )
    from addin.demo.flow import run_flow

    run_flow(console, counties, out / "目标到报告")
    return 0

"""``jixiao demo``: the engine on the bundled seed tables, shown as tables in the terminal."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from addin.framework import classify, detect_framework
from addin.models import IndicatorForm, SelfEvalForm
from addin.scoring import STATUS_LABELS, score_form
from addin.seeds import SEEDS_DIR, load_seeds


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.2f}" if percent else f"{value:.2f}"
    text = text.rstrip("0").rstrip(".")
    return text + "%" if percent else text


def name_issue_count(form: IndicatorForm) -> int:
    """How many 一级/二级/三级 names in a form are not the standard ones."""
    framework = detect_framework([i.level1 for i in form.indicators])
    return sum(len(classify(i.level1, i.level2, i.name, framework).issues) for i in form.indicators)


def run_demo(console: Console) -> int:
    """Parse every seed table, score the self-evaluations and print a summary."""
    seeds = load_seeds()
    console.print(f"[bold]绩效助手 演示[/bold]：读取 {SEEDS_DIR} 中的 {len(seeds)} 份样例数据\n")
    statuses: Counter[str] = Counter()
    for seed in seeds:
        console.print(f"[bold]{seed.unit}[/bold]（{seed.region}，计分口径 {seed.profile}）")
        table = Table(show_edge=False, pad_edge=False)
        for column in (
            "项目/单位",
            "指标",
            "名称问题",
            "分值",
            "得分",
            "执行率",
            "总分",
            "填写总分",
            "等级",
        ):
            table.add_column(column, no_wrap=True, max_width=18 if column == "项目/单位" else None)
        others: Counter[str] = Counter()
        for form in seed.forms:
            if not isinstance(form, SelfEvalForm):
                rows = len(form.indicators) if isinstance(form, IndicatorForm) else 0
                others[f"{form.title}" + (f"（{rows} 个指标）" if rows else "")] += 1
                continue
            result = score_form(form, seed.profile)
            statuses.update(i.status for i in result.indicators)
            table.add_row(
                form.header.project or form.header.unit or form.title,
                str(len(form.indicators)),
                str(name_issue_count(form)),
                _fmt(result.points),
                _fmt(result.score),
                _fmt(result.execution_rate, percent=True),
                _fmt(result.total),
                _fmt(result.written_total),
                result.grade or "—",
            )
        if table.rows:
            console.print(table)
        for title, count in others.items():
            console.print(f"  {title} × {count}")
        console.print()
    summary = "，".join(f"{STATUS_LABELS[k]} {v}" for k, v in statuses.most_common())
    console.print(f"指标计分状态：{summary}")
    return 0

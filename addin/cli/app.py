"""The ``jixiao`` command line: Chinese messages for people, stable JSON for scripts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from addin import __version__
from addin.cli.excel import register as register_excel
from addin.cli.help import localise
from addin.cli.templates import register as register_templates
from addin.cli.wps import register as register_wps

localise()
app = typer.Typer(
    help="绩效助手：预算绩效表格的模板、校验、计分与合并汇总。",
    no_args_is_help=True,
    add_completion=False,
)
# piped output (logs, CI) gets room for the Chinese tables instead of 80 columns
console = Console() if sys.stdout.isatty() else Console(width=120)
err_console = Console(stderr=True, width=200)


def _version(value: bool) -> None:
    if value:
        console.print(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号"
    ),
) -> None:
    """绩效助手 (jixiao)."""


@app.command()
def demo(
    out: Path = typer.Option(
        Path("jixiao-demo"),
        "--out",
        help="输出文件夹（默认 jixiao-demo）",
        show_default=False,
        metavar="文件夹",
    ),
) -> None:
    """在自带的样例数据上演示：生成各县工作簿，校验、计分并写出标记副本。"""
    from addin.demo.run import run_demo

    raise typer.Exit(run_demo(console, out))


def _fail(message: str, code: int = 2) -> typer.Exit:
    """One Chinese line on stderr and the exit code (never a traceback)."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _check_profile(profile: str | None) -> None:
    from addin.core.profiles import ProfileError, load_profile

    if profile:
        try:
            load_profile(profile)
        except ProfileError as exc:
            raise _fail(str(exc)) from exc


FILES = typer.Argument(
    ...,
    help="要处理的工作簿（.xlsx .xlsm .xls .ods）",
    show_default=False,
    metavar="文件…",
)
CHECK_INPUTS = typer.Argument(
    ...,
    help="要校验的工作簿或文件夹（.xlsx .xlsm .xls .ods；文件夹中逐个查找）",
    show_default=False,
    metavar="文件或文件夹…",
)
MARKABLE = (".xlsx", ".xlsm")


def _check_targets(inputs: list[Path]) -> list[Path]:
    """Files as given; folders expanded to their workbooks (what is not taken is said)."""
    from addin.merge.run import scan_inputs

    files: list[Path] = []
    for path in inputs:
        if not path.is_dir():
            files.append(path)
            continue
        found, _, skipped = scan_inputs([path])
        files.extend(found)
        for item in skipped:
            err_console.print(f"未校验 {item.file}：{item.reason}", markup=False, highlight=False)
        if not found:
            err_console.print(f"文件夹 {path} 中没有工作簿", markup=False, highlight=False)
    return files


def _mark_refusal(path: Path, mark: Path) -> str | None:
    """Why a marked copy of ``path`` cannot be written to ``mark``, in Chinese, or None."""
    if path.suffix.lower() not in MARKABLE:
        return (
            f"{path.name}：标记副本只能写成 .xlsx 或 .xlsm（标记要用批注和底色）。"
            f"请先用 WPS、Excel 或 LibreOffice 把它另存为 .xlsx"
            f"（或运行 soffice --headless --convert-to xlsx {path.name}），"
            f"再运行 jixiao check {path.stem}.xlsx --mark {mark.name}"
        )
    if mark.suffix.lower() not in MARKABLE:
        return f"{mark.name}：标记副本请使用 .xlsx 或 .xlsm 扩展名"
    if mark.resolve() == path.resolve():
        return "标记副本不能覆盖原文件，请换一个文件名"
    return None


@app.command()
def check(
    inputs: list[Path] = CHECK_INPUTS,
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（供脚本使用）"),
    mark: Path | None = typer.Option(
        None, "--mark", help="另存一份标记了错误的副本（.xlsx）", metavar="副本"
    ),
    profile: str | None = typer.Option(
        None, "--profile", help="计分口径（默认按表格所属省份）", metavar="口径"
    ),
    targets: Path | None = typer.Option(
        None, "--targets", help="申报时的绩效目标表：核对指标是否删改", metavar="目标表"
    ),
) -> None:
    """校验工作簿：找出填报错误。退出码 0 无错误，1 有错误，2 有文件无法读取。"""
    from addin.check.console import print_check
    from addin.check.marks import MarkRefused, apply_to_file, plan_marks
    from addin.check.run import check_file
    from addin.workbook.files import InputError
    from addin.workbook.outputs import OutputRefused, os_reason

    _check_profile(profile)
    files = _check_targets(inputs)
    if mark is not None:
        if len(files) != 1:
            raise _fail("--mark 只能用于单个文件")
        refusal = _mark_refusal(files[0], mark)
        if refusal:
            raise _fail(refusal)
    declared = _read_targets(targets) if targets is not None else None
    entries: list[dict] = []
    reports, unreadable, not_marked = [], False, None
    for path in files:
        try:
            report, _ = check_file(path, profile)
            if declared is not None and targets is not None:
                from addin.check.crosscheck import with_targets

                report = with_targets(report, path, declared, targets.name)
        except InputError as exc:
            err_console.print(f"无法读取 {exc}", markup=False, highlight=False)
            entries.append({"file": str(path), "error": exc.reason})
            unreadable = True
            continue
        reports.append(report)
        entries.append(report.model_dump(mode="json"))
        if mark is not None:
            try:
                apply_to_file(path, mark, plan_marks(report.findings, report.file))
            except OutputRefused as exc:
                raise _fail(str(exc)) from exc
            except MarkRefused as exc:  # the findings are still shown, then exit 2
                not_marked = f"无法写出标记副本 {mark.name}：{exc}"
            except OSError as exc:
                not_marked = f"无法写入标记副本 {mark}：{os_reason(exc)}"
    if as_json:
        single = len(inputs) == 1 and not inputs[0].is_dir() and len(entries) == 1
        typer.echo(json.dumps(entries[0] if single else entries, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print_check(console, report)
        if mark is not None and reports and not_marked is None:
            console.print(f"已写出标记副本：{escape(str(mark))}")
    if not_marked is not None:
        raise _fail(not_marked)
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(r.counts["error"] for r in reports) else 0)


def _read_targets(path: Path) -> list:
    """The target forms of ``--targets``, or exit 2 with one Chinese line."""
    from addin.reader.targets import PrefillError, read_targets

    try:
        return read_targets(path)
    except PrefillError as exc:
        raise _fail(f"--targets {exc}") from exc


@app.command()
def clear(
    file: Path = typer.Argument(
        ..., help="做过标记的工作簿（.xlsx .xlsm）", show_default=False, metavar="文件"
    ),
    output: Path = typer.Option(..., "-o", "--output", help="清除标记后另存为", metavar="文件"),
) -> None:
    """清除标记：去掉校验加上的颜色、批注和“校验结果”工作表，恢复原样。"""
    from openpyxl import load_workbook

    from addin.check.marks import (
        BACKUP_SHEET,
        RESULT_SHEET,
        ClearAction,
        MarkRefused,
        apply_to_file,
    )
    from addin.workbook.files import InputError, read_grid
    from addin.workbook.outputs import OutputRefused, check_output, os_reason

    try:
        read_grid(file, formulas=False)
    except InputError as exc:
        raise _fail(f"无法读取 {exc}") from exc
    if file.suffix.lower() not in MARKABLE:
        raise _fail(f"{file.name}：只能清除 .xlsx 或 .xlsm 文件中的标记")
    try:
        check_output(output, [file])
    except OutputRefused as exc:
        raise _fail(str(exc)) from exc
    book = load_workbook(file, read_only=True)
    try:
        marked = {BACKUP_SHEET, RESULT_SHEET} & set(book.sheetnames)
    finally:
        book.close()
    if not marked:
        console.print(f"{escape(file.name)} 中没有校验标记，无需清除；未写出 {escape(output.name)}")
        return
    try:
        apply_to_file(file, output, [ClearAction()])
    except OutputRefused as exc:
        raise _fail(str(exc)) from exc
    except MarkRefused as exc:
        raise _fail(f"无法写出 {output.name}：{exc}") from exc
    except OSError as exc:
        raise _fail(f"无法写入 {output}：{os_reason(exc)}") from exc
    console.print(f"已清除标记：{escape(str(output))}")


@app.command()
def score(
    files: list[Path] = FILES,
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（供脚本使用）"),
    profile: str | None = typer.Option(
        None, "--profile", help="计分口径（默认按表格所属省份）", metavar="口径"
    ),
) -> None:
    """按计分规则重新计算执行率、各指标得分、总分和等级。"""
    from addin.check.console import print_scores
    from addin.check.run import score_grid
    from addin.workbook.files import InputError, read_grid

    _check_profile(profile)
    results, unreadable = [], False
    for path in files:
        try:
            grid = read_grid(path)
            grid.file = str(path)
            results.append((str(path), score_grid(grid, profile)))
        except InputError as exc:
            err_console.print(f"无法读取 {exc}", markup=False, highlight=False)
            unreadable = True
    if as_json:
        payload = [
            {"file": name} | s.model_dump(mode="json") for name, scores in results for s in scores
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for name, scores in results:
            print_scores(console, name, scores)
    raise typer.Exit(2 if unreadable else 0)


@app.command()
def inspect(
    file: Path = typer.Argument(..., help="要查看的工作簿", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（供脚本使用）"),
) -> None:
    """查看读表结果：每张表认出了哪些列、读了哪些行、跳过哪些行及原因、资金和没读到的内容。"""
    from addin.reader.inspecting import inspect_file, print_report
    from addin.workbook.files import InputError

    try:
        report = inspect_file(file)
    except InputError as exc:
        raise _fail(f"无法读取 {exc}") from exc
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print_report(console, report)


class _NothingMerged(Exception):
    """No input could be merged: no summary is written."""


@app.command()
def merge(
    inputs: list[Path] = typer.Argument(
        ...,
        help="县级工作簿或文件夹（递归查找）",
        show_default=False,
        metavar="文件或文件夹…",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="汇总工作簿（.xlsx）", metavar="文件"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（供脚本使用）"),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="并行进程数，至少 1（默认按 CPU）", metavar="个数"
    ),
    profile: str | None = typer.Option(
        None, "--profile", help="计分口径（默认按表格所属省份）", metavar="口径"
    ),
    time_limit: float = typer.Option(
        120,
        "--time-limit",
        min=1,
        help="每个文件的读取时限（秒），超时的文件列为失败",
        metavar="秒",
    ),
    memory_limit: int = typer.Option(
        2048,
        "--memory-limit",
        min=256,
        help="每个读取进程的内存上限（MB），超出的文件列为失败",
        metavar="MB",
    ),
    export: Path | None = typer.Option(
        None,
        "--export",
        help="另把各表导出到此文件夹：Parquet（供分析）和 CSV（供 Excel/WPS 打开）",
        metavar="文件夹",
    ),
    roster: Path | None = typer.Option(
        None,
        "--roster",
        help="应报送单位名单（.xlsx 或 .csv，列“单位名称”或“单位”，可选“别名”）",
        metavar="名单",
    ),
    letters: Path | None = typer.Option(
        None, "--letters", help="给每个单位写一份反馈函（.docx）到此文件夹", metavar="文件夹"
    ),
    level: str | None = typer.Option(
        None,
        "--level",
        help="问题清单列出的最低级别 error|warning|info（默认：除只涉及格式的提示外全部列出）",
        metavar="级别",
    ),
) -> None:
    """合并汇总：把各县工作簿合成一份全市汇总。退出码 0 全部合并，3 部分失败，2 全部失败。"""
    from rich.progress import Progress

    from addin.merge.result import MergeResult
    from addin.merge.run import scan_inputs
    from addin.merge.summary import merge_to_summary
    from addin.workbook.isolation import Limits
    from addin.workbook.outputs import OutputRefused, check_output, os_reason, write_output

    _check_profile(profile)
    if output.suffix.lower() != ".xlsx":
        raise _fail(f"{output.name}：汇总文件请使用 .xlsx 扩展名")
    if level is not None and level not in ("error", "warning", "info"):
        raise _fail(f"--level 只能是 error、warning 或 info，而不是「{level}」")
    expected = None
    if roster is not None:
        from addin.merge.roster import RosterError, load_roster

        try:
            expected = load_roster(roster)
        except RosterError as exc:
            raise _fail(str(exc)) from exc
    scanned = scan_inputs(inputs)  # before the summary's temporary file exists
    files = scanned[0]
    try:
        check_output(output, files)
    except OutputRefused as exc:
        raise _fail(str(exc)) from exc
    limits = Limits(seconds=time_limit, memory_mb=memory_limit)
    merged: list[MergeResult] = []

    def merge_and_write(temp: Path) -> None:
        with Progress(console=err_console, transient=True, disable=as_json) as bar:
            task = bar.add_task("合并中", total=None)
            merged.append(
                merge_to_summary(
                    temp,
                    inputs,
                    profile,
                    workers,
                    lambda _: bar.advance(task),
                    limits,
                    scanned,
                    roster=expected,
                    level=level,
                )
            )
        if merged[0].merged == 0:
            raise _NothingMerged

    try:
        write_output(output, files, merge_and_write)
    except _NothingMerged:
        for failure in merged[0].failed:
            err_console.print(f"无法合并 {failure.file}：{failure.reason}", markup=False)
        raise _fail("没有可以合并的文件，未写出汇总") from None
    except OutputRefused as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"无法写入汇总文件 {output}：{os_reason(exc)}") from exc
    result = merged[0]
    if export is not None:
        from addin.api import export as export_tables

        try:
            written = export_tables(result, export)
        except OSError as exc:
            raise _fail(f"无法写入导出文件夹 {export}：{os_reason(exc)}") from exc
        if not as_json:
            console.print(f"已导出 {len(written)} 个文件到 {escape(str(export))}（Parquet 与 CSV）")
    if letters is not None:
        from addin.merge.letters import write_letters

        try:
            sent = write_letters(result, letters, level)
        except OSError as exc:
            raise _fail(f"无法写入反馈函文件夹 {letters}：{os_reason(exc)}") from exc
        if not as_json:
            console.print(f"已写出 {len(sent)} 份反馈函到 {escape(str(letters))}")
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        totals = result.totals()
        console.print(
            f"已合并 {result.merged}/{result.inputs} 个工作簿、{totals['forms']} 张表，"
            f"汇总写入 {escape(str(output))}"
        )
        for failure in result.failed:
            console.print(
                f"[red]未合并[/red] {escape(failure.file)}：{escape(failure.reason)}",
                highlight=False,
            )
        for skipped in result.skipped:
            console.print(
                f"[yellow]未纳入[/yellow] {escape(skipped.file)}：{escape(skipped.reason)}",
                highlight=False,
            )
        if result.duplicates:
            console.print(f"重复报送 {len(result.duplicates)} 张表，只计入一次，详见“问题清单”")
    raise typer.Exit(3 if result.failed else 0)


@app.command("report")
def self_report(
    file: Path = typer.Argument(..., help="填好的绩效自评表工作簿", show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="自评报告草稿（.docx）"),
    profile: str | None = typer.Option(None, "--profile", help="计分口径（默认按表格所属省份）"),
) -> None:
    """生成自评报告草稿（.docx）：数字取自计分结果，需要填写的地方以【请填写…】标出。"""
    from addin.selfeval.report import ReportError, write_report
    from addin.workbook.files import InputError

    _check_profile(profile)
    try:
        result = write_report(file, output, profile)
    except InputError as exc:
        raise _fail(f"无法读取 {exc}") from exc
    except ReportError as exc:
        raise _fail(str(exc)) from exc
    console.print(
        f"已生成 {output}：{'、'.join(result.reports)}，涉及 {result.forms} 张自评表，"
        f"另有 {result.fills} 处需要填写（【请填写…】，黄色底）",
        highlight=False,
    )


@app.command()
def rules(
    markdown: bool = typer.Option(False, "--markdown", help="输出 docs/rules.md 的内容"),
) -> None:
    """列出全部校验规则。"""
    from addin.rules import RULES, SEVERITY_LABELS
    from addin.rules.docs import rules_markdown

    if markdown:
        typer.echo(rules_markdown())
        return
    for rule in RULES.values():
        console.print(f"{rule.code}\t{SEVERITY_LABELS[rule.severity]}\t{rule.title}")


@app.command()
def profiles() -> None:
    """列出可用的计分口径。"""
    from addin.core.profiles import load_profile, profile_names

    for name in profile_names():
        profile = load_profile(name)
        console.print(f"{name}\t{profile.title}")


register_templates(app)
register_excel(app)
register_wps(app)


def main() -> None:
    """Console-script entry point."""
    app()

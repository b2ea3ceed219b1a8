"""校验 and 计分 on the command line: ``jixiao check``, ``clear``, ``score``, ``inspect``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from addin.cli.common import (
    MEMORY_LIMIT,
    TIME_LIMIT,
    AsJson,
    MemoryLimit,
    Profile,
    TimeLimit,
    Workbook,
    as_json_text,
    bounded,
    check_profile,
    console,
    examples,
    fail,
    say_error,
)

MARKABLE = (".xlsx", ".xlsm")


def _files_of(inputs: list[Path]) -> list[Path]:
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
            say_error(f"未校验 {item.file}：{item.reason}")
        if not found:
            say_error(f"文件夹 {path} 中没有工作簿")
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


def _unexpected(exc: Exception) -> tuple[str, str]:
    return ("error", f"读取时出现意外错误（{type(exc).__name__}），请人工核对该文件")


def _refused(exc: Exception) -> tuple[str, str]:
    """A reading process's answer for a file it could not take: the Chinese reason."""
    from addin.core.errors import JixiaoError
    from addin.workbook.files import InputError

    if isinstance(exc, InputError):
        return ("error", exc.reason)
    if isinstance(exc, JixiaoError):
        return ("error", str(exc))
    return _unexpected(exc)


def _check_one(job: tuple) -> tuple:
    """Check one file (and write its marked copy) in the reading process."""
    from addin.check.crosscheck import check_against_targets
    from addin.check.marks import apply_to_file, plan_marks
    from addin.check.run import check_file
    from addin.core.errors import JixiaoError
    from addin.workbook.outputs import os_reason

    path, profile, declared, targets_name, mark = job
    try:
        if declared is not None:
            report = check_against_targets(path, declared, targets_name, profile)
        else:
            report, _ = check_file(path, profile)
    except Exception as exc:
        return _refused(exc)
    not_marked = None
    if mark is not None:
        try:
            apply_to_file(path, mark, plan_marks(report.findings, report.file))
        except JixiaoError as exc:  # MarkRefused and the like: findings shown, then exit 2
            not_marked = f"无法写出标记副本 {mark.name}：{exc}"
        except OSError as exc:
            not_marked = f"无法写入标记副本 {mark}：{os_reason(exc)}"
        except Exception as exc:
            not_marked = f"无法写出标记副本 {mark.name}：{_unexpected(exc)[1]}"
    return ("ok", report, not_marked)


def _targets_of(path: Path) -> tuple:
    from addin.reader.targets import PrefillError, read_targets

    try:
        return ("ok", read_targets(path))
    except PrefillError as exc:
        return ("error", str(exc))
    except Exception as exc:
        return _unexpected(exc)


def _stale(folder: Path) -> None:
    """Our temporary files a stopped reading process left in ``folder``."""
    from addin.workbook.outputs import remove_stale

    remove_stale(folder)


def check(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="要校验的工作簿或文件夹（.xlsx .xlsm .xls .ods；文件夹中逐个查找）",
            metavar="文件或文件夹…",
        ),
    ],
    as_json: AsJson = False,
    mark: Annotated[
        Path | None,
        typer.Option("--mark", help="另存一份标记了错误的副本（.xlsx）", metavar="副本"),
    ] = None,
    profile: Profile = None,
    targets: Annotated[
        Path | None,
        typer.Option("--targets", help="申报时的绩效目标表：核对指标是否删改", metavar="目标表"),
    ] = None,
    time_limit: TimeLimit = TIME_LIMIT,
    memory_limit: MemoryLimit = MEMORY_LIMIT,
) -> None:
    """校验工作簿：找出填报错误。退出码 0 无错误，1 有错误，2 有文件无法读取。"""
    from addin.check.console import print_check

    check_profile(profile)
    files = _files_of(inputs)
    if mark is not None:
        if len(files) != 1:
            raise fail("--mark 只能用于单个文件")
        refusal = _mark_refusal(files[0], mark)
        if refusal:
            raise fail(refusal)
    declared = None
    if targets is not None:
        answer = bounded(_targets_of, targets, time_limit, memory_limit)
        if answer[0] != "ok":
            raise fail(f"--targets {answer[1]}")
        declared = answer[1]
    entries: list[dict] = []
    reports, unreadable, not_marked = [], False, None
    for path in files:
        job = (path, profile, declared, targets.name if targets else None, mark)
        try:
            answer = bounded(_check_one, job, time_limit, memory_limit)
        finally:
            if mark is not None:
                _stale(mark.parent)
        if answer[0] != "ok":
            say_error(f"无法读取 {path.name}：{answer[1]}")
            entries.append({"file": str(path), "error": answer[1]})
            unreadable = True
            continue
        _, report, refused = answer
        reports.append(report)
        entries.append(report.model_dump(mode="json"))
        not_marked = refused or not_marked
    if as_json:
        single = len(inputs) == 1 and not inputs[0].is_dir() and len(entries) == 1
        typer.echo(as_json_text(entries[0] if single else entries))
    else:
        for report in reports:
            print_check(console, report)
        if mark is not None and reports and not_marked is None:
            console.print(f"已写出标记副本：{escape(str(mark))}")
    if not_marked is not None:
        raise fail(not_marked)
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(r.counts["error"] for r in reports) else 0)


def _clear_one(job: tuple[Path, Path]) -> tuple:
    """清除标记 in the reading process: ("ok", cleared) or ("error", the Chinese line)."""
    from addin.check.marks import MarkRefused, clear_file
    from addin.core.errors import JixiaoError
    from addin.workbook.files import InputError, read_grid
    from addin.workbook.outputs import os_reason

    file, output = job
    try:
        if file.suffix.lower() not in MARKABLE:
            read_grid(file, formulas=False)  # an unreadable file says so first
            return ("error", f"{file.name}：只能清除 .xlsx 或 .xlsm 文件中的标记")
        return ("ok", clear_file(file, output))
    except InputError as exc:
        return ("error", exc.describe())
    except MarkRefused as exc:
        return ("error", f"无法写出 {output.name}：{exc}")
    except JixiaoError as exc:
        return ("error", str(exc))
    except OSError as exc:
        return ("error", f"无法写入 {output}：{os_reason(exc)}")
    except Exception as exc:
        return ("error", f"无法读取 {file.name}：{_unexpected(exc)[1]}")


def clear(
    file: Annotated[Path, typer.Argument(help="做过标记的工作簿（.xlsx .xlsm）", metavar="文件")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="清除标记后另存为", metavar="文件")
    ],
    time_limit: TimeLimit = TIME_LIMIT,
    memory_limit: MemoryLimit = MEMORY_LIMIT,
) -> None:
    """清除标记：去掉校验加上的颜色、批注和“校验结果”工作表，恢复原样。"""
    try:
        answer = bounded(_clear_one, (file, output), time_limit, memory_limit)
    finally:
        _stale(output.parent)
    if answer[0] != "ok":
        reason = answer[1]
        raise fail(reason if file.name in reason else f"无法读取 {file.name}：{reason}")
    cleared = answer[1]
    if not cleared:
        console.print(f"{escape(file.name)} 中没有校验标记，无需清除；未写出 {escape(output.name)}")
        return
    console.print(f"已清除标记：{escape(str(output))}")


def _score_one(job: tuple[Path, str | None]) -> tuple:
    from addin.check.run import score_grid
    from addin.workbook.files import read_grid

    path, profile = job
    try:
        grid = read_grid(path)
        grid.file = str(path)
        return ("ok", score_grid(grid, profile))
    except Exception as exc:
        return _refused(exc)


def _inspect_one(path: Path) -> tuple:
    from addin.reader.inspecting import inspect_file

    try:
        return ("ok", inspect_file(path))
    except Exception as exc:
        return _refused(exc)


def score(
    files: Annotated[
        list[Path],
        typer.Argument(help="要处理的工作簿（.xlsx .xlsm .xls .ods）", metavar="文件…"),
    ],
    as_json: AsJson = False,
    profile: Profile = None,
    time_limit: TimeLimit = TIME_LIMIT,
    memory_limit: MemoryLimit = MEMORY_LIMIT,
) -> None:
    """按计分规则重新计算执行率、各指标得分、总分和等级。"""
    from addin.check.console import print_scores

    check_profile(profile)
    results, unreadable = [], False
    for path in files:
        answer = bounded(_score_one, (path, profile), time_limit, memory_limit)
        if answer[0] != "ok":
            say_error(f"无法读取 {path.name}：{answer[1]}")
            unreadable = True
            continue
        results.append((str(path), answer[1]))
    if as_json:
        payload = [
            {"file": name} | s.model_dump(mode="json") for name, scores in results for s in scores
        ]
        typer.echo(as_json_text(payload))
    else:
        for name, scores in results:
            print_scores(console, name, scores)
    raise typer.Exit(2 if unreadable else 0)


def inspect(
    file: Workbook,
    as_json: AsJson = False,
    time_limit: TimeLimit = TIME_LIMIT,
    memory_limit: MemoryLimit = MEMORY_LIMIT,
) -> None:
    """查看读表结果：每张表认出了哪些列、读了哪些行、跳过哪些行及原因、资金和没读到的内容。"""
    from addin.reader.inspecting import print_report

    answer = bounded(_inspect_one, file, time_limit, memory_limit)
    if answer[0] != "ok":
        raise fail(f"无法读取 {file.name}：{answer[1]}")
    report = answer[1]
    if as_json:
        typer.echo(as_json_text(report.model_dump(mode="json")))
    else:
        print_report(console, report)


def register(app: typer.Typer) -> None:
    """Add the commands to the ``jixiao`` app."""
    app.command(
        epilog=examples(
            "jixiao check 县里报来的.xlsx",
            "jixiao check 县里报来的.xlsx --mark 标记副本.xlsx",
            "jixiao check 县级报送/ --json",
            "jixiao check 自评表.xlsx --targets 目标表.xlsx",
        )
    )(check)
    app.command(epilog=examples("jixiao clear 标记副本.xlsx -o 恢复原样.xlsx"))(clear)
    app.command(epilog=examples("jixiao score 自评表.xlsx", "jixiao score 自评表.xlsx --json"))(
        score
    )
    app.command(
        epilog=examples("jixiao inspect 外省表格.xlsx", "jixiao inspect 外省表格.xlsx --json")
    )(inspect)

"""Merge speed: ``jixiao merge`` against a naive openpyxl loop and a bare calamine read.

    python benchmarks/merge.py 200 1000 [--workers N] [--keep DIR] [--profile]

Generates N realistic county workbooks (seed layouts, 5–12 sheets each) once per N, then
times, on the same files:
- merge: what ``jixiao merge`` runs (addin.merge.summary.merge_to_summary: read, check and score
  in worker processes, 指标明细 written meanwhile, the other sheets at the end);
- naive: openpyxl.load_workbook of each file and a read of every cell (one process);
- command: the same merge run as the command ``jixiao merge DIR -o OUT`` in a new process
  (its wall time includes starting Python and importing the tool);
- floor: python-calamine reading every sheet's values (one process), nothing else;
- write: the summary alone, as the tool writes it (the tables' rows as sheet XML, the rest by
  XlsxWriter: styles, native charts) and, from the same rows, the four tables alone by
  XlsxWriter in constant-memory mode and by openpyxl in write-only mode (the two it replaced).
Peak memory is the largest resident size of the merging process and of any one worker
process, taken right after the merge. ``--naive`` adds the openpyxl loop (slow at large N);
``--profile`` prints the top entries of a cProfile of reading, checking and scoring every
file in one process (see the README for the figures).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import openpyxl
import python_calamine
import xlsxwriter

from addin.demo.samples import generate_county_workbooks
from addin.merge.result import MergeResult, failed_rows, finding_rows, indicator_rows, unit_rows
from addin.merge.run import process_file
from addin.merge.summary import merge_to_summary, write_summary
from addin.merge.tables import FAILED, FINDINGS, INDICATORS, UNITS, Column


def _tables(result: MergeResult) -> list[tuple[str, list[Column], Iterator[tuple]]]:
    """The summary's four tables: sheet name, columns, rows."""
    return [
        ("汇总", UNITS, unit_rows(result)),
        ("指标明细", INDICATORS, indicator_rows(result)),
        ("问题清单", FINDINGS, finding_rows(result)),
        ("失败文件", FAILED, failed_rows(result)),
    ]


def openpyxl_summary(result: MergeResult, path: Path) -> None:
    """The same four tables written by openpyxl in write-only mode (no charts, no styles)."""
    book = openpyxl.Workbook(write_only=True)
    for name, columns, rows in _tables(result):
        ws = book.create_sheet(name)
        ws.append([c.label for c in columns])
        for row in rows:
            ws.append(list(row))
    book.save(path)


def xlsxwriter_summary(result: MergeResult, path: Path) -> None:
    """The same four tables written cell by cell by XlsxWriter in constant-memory mode (no
    charts, no styles): what the summary used before its rows were written as sheet XML."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    for name, columns, rows in _tables(result):
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, [c.label for c in columns])
        for n, row in enumerate(rows, 1):
            ws.write_row(n, 0, row)
    book.close()


def naive(paths: list[Path]) -> int:
    cells = 0
    for path in paths:
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += sum(v is not None for v in row)
    return cells


def floor(paths: list[Path]) -> int:
    cells = 0
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(
                1 for row in book.get_sheet_by_name(name).to_python() for v in row if v != ""
            )
        book.close()
    return cells


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the merge's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def sheet_count(path: Path) -> int:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return len(book.sheet_names)
    finally:
        book.close()


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def run(
    n: int, root: Path, workers: int | None, with_naive: bool, with_openpyxl: bool = True
) -> dict[str, float]:
    folder = root / f"n{n}"
    paths = sorted(folder.glob("*.xlsx")) if folder.exists() else []
    if len(paths) != n:
        paths = generate_county_workbooks(folder, n, seed=2026)
    for path in paths:  # every timing below finds the files in the page cache alike
        path.read_bytes()
    out = root / f"summary_{n}.xlsx"
    held: dict[str, MergeResult] = {}

    def do_merge() -> int:
        result = merge_to_summary(out, [folder], workers=workers)
        held["result"] = result
        return len(result.forms)

    load = os.getloadavg()[0]
    cpu = cpu_seconds()
    t_merge, forms = timed(do_merge)
    cpu_merge = cpu_seconds() - cpu
    load = max(load, os.getloadavg()[0])
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cpu = cpu_seconds()
    t_floor, _ = timed(floor, paths)
    cpu_floor = cpu_seconds() - cpu
    t_naive = timed(naive, paths)[0] if with_naive else float("nan")
    command = root / f"command_{n}.xlsx"
    command.unlink(missing_ok=True)
    jixiao = [sys.executable, "-m", "addin", "merge", str(folder), "-o", str(command)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    t_command, _ = timed(partial(subprocess.run, jixiao, **quiet))
    result = held.pop("result")
    t_write, _ = timed(write_summary, result, root / f"w_jixiao_{n}.xlsx")
    t_xlsxwriter, _ = timed(xlsxwriter_summary, result, root / f"w_xlsxwriter_{n}.xlsx")
    t_openpyxl = (
        timed(openpyxl_summary, result, root / f"w_openpyxl_{n}.xlsx")[0]
        if with_openpyxl
        else float("nan")
    )
    sheets = sum(sheet_count(p) for p in paths)
    return {
        "n": n,
        "sheets": sheets,
        "forms": forms,
        "rows": len(result.indicators),
        "merge": t_merge,
        "command": t_command,
        "naive": t_naive,
        "floor": t_floor,
        "write": t_write,
        "xlsxwriter": t_xlsxwriter,
        "openpyxl": t_openpyxl,
        "cpu_merge": cpu_merge,
        "cpu_floor": cpu_floor,
        "parent_mb": parent_mb,
        "worker_mb": worker_mb,
        "load": load,
    }


def profile(folder: Path, top: int = 15) -> None:
    """cProfile of reading, checking and scoring every file of ``folder`` in this process."""
    paths = sorted(folder.glob("*.xlsx"))
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        process_file(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumtime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 1000])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files here")
    parser.add_argument("--naive", action="store_true", help="also time the openpyxl loop")
    parser.add_argument(
        "--no-openpyxl", action="store_true", help="skip the openpyxl writer (large N)"
    )
    parser.add_argument("--profile", action="store_true", help="profile the first N, then stop")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    if args.profile:
        n = args.sizes[0]
        if len(list((root / f"n{n}").glob("*.xlsx"))) != n:
            generate_county_workbooks(root / f"n{n}", n, seed=2026)
        profile(root / f"n{n}")
        return
    columns = [
        "N",
        "工作表",
        "表数",
        "指标明细行",
        "jixiao merge",
        "命令行（含启动）",
        "calamine 裸读",
        "merge/裸读",
        "CPU 时间 merge / 裸读",
        "朴素 openpyxl 循环",
        "写汇总（本工具）",
        "只写四张表 XlsxWriter",
        "只写四张表 openpyxl",
        "峰值内存 主进程 / 读取进程",
        "负载",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for n in args.sizes:
        r = run(n, root, args.workers, args.naive, not args.no_openpyxl)
        print(
            f"| {n} | {r['sheets']} | {r['forms']} | {r['rows']:,} | {r['merge']:.2f} s "
            f"| {r['command']:.2f} s "
            f"| {r['floor']:.2f} s | {r['merge'] / r['floor']:.1f}× "
            f"| {r['cpu_merge']:.1f} s / {r['cpu_floor']:.2f} s "
            f"= {r['cpu_merge'] / r['cpu_floor']:.1f}× | {r['naive']:.1f} s "
            f"| {r['write']:.2f} s | {r['xlsxwriter']:.2f} s | {r['openpyxl']:.2f} s "
            f"| {r['parent_mb']:.0f} / {r['worker_mb']:.0f} MB | {r['load']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

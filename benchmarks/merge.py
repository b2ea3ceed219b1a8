"""Merge speed: ``jixiao merge`` against a naive openpyxl loop and a bare calamine read.

    python benchmarks/merge.py 200 1000 [--workers N] [--keep DIR]

Generates N realistic county workbooks (seed layouts, 5–12 sheets each) once per N, then
times, on the same files:
- merge: addin.merge.merge + write_summary (read, check, score, write the summary);
- naive: openpyxl.load_workbook of each file and a read of every cell (one process);
- floor: python-calamine reading every sheet's values (one process), nothing else.
Peak memory is the largest resident size of the merge's processes.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import openpyxl
import python_calamine

from addin.merge import merge
from addin.samples import generate_county_workbooks
from addin.summary import write_summary


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


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def run(n: int, root: Path, workers: int | None) -> dict[str, float]:
    folder = root / f"n{n}"
    paths = sorted(folder.glob("*.xlsx")) if folder.exists() else []
    if len(paths) != n:
        paths = generate_county_workbooks(folder, n, seed=2026)
    out = root / f"summary_{n}.xlsx"

    def do_merge() -> int:
        result = merge([folder], workers=workers)
        write_summary(result, out)
        return len(result.forms)

    t_merge, forms = timed(do_merge)
    t_naive, _ = timed(naive, paths)
    t_floor, _ = timed(floor, paths)
    peak = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    return {
        "n": n,
        "forms": forms,
        "merge": t_merge,
        "naive": t_naive,
        "floor": t_floor,
        "peak_mb": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 1000])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    columns = [
        "N",
        "表数",
        "jixiao merge",
        "朴素 openpyxl 循环",
        "calamine 裸读",
        "merge/朴素",
        "merge/裸读",
        "峰值内存",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        r = run(n, root, args.workers)
        print(
            f"| {n} | {r['forms']} | {r['merge']:.1f} s | {r['naive']:.1f} s | {r['floor']:.1f} s "
            f"| {r['merge'] / r['naive']:.2f}× | {r['merge'] / r['floor']:.2f}× "
            f"| {r['peak_mb']:.0f} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Reading, checking and scoring speed of the merge's per-file work, without file reading.

    python benchmarks/read_checked.py [FOLDER] [--profile]

Reads every workbook of FOLDER (default: the 200 books ``benchmarks/merge.py 200 --keep``
writes, generated into a temporary folder when none is given) into Grids first, then times
in one process, as CPU seconds:
- read_forms: the reader alone (every form of every sheet);
- read_checked: the reader, 校验 and 计分 together (what ``jixiao merge`` runs per file after
  reading it).
Each pass gets freshly read Grids. ``--profile`` prints the top entries of a cProfile of
read_checked (profiling about doubles the times).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from addin.checking import read_checked
from addin.grid import Grid
from addin.reader.forms import read_forms
from addin.samples import generate_county_workbooks
from addin.workbook import read_grid


def grids(paths: list[Path]) -> list[Grid]:
    """Every workbook read as the merge reads it (values only)."""
    return [read_grid(p, formulas=False) for p in paths]


def cpu(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp)
            generate_county_workbooks(folder, 200, seed=2026)
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".xlsx")
        books = grids(paths)
        sheets = sum(len(g.sheets) for g in books)
        print(f"{len(paths)} workbooks, {sheets} sheets")
        print(f"read_forms   {cpu(lambda: [read_forms(g) for g in books]):.2f} s CPU")
        books = grids(paths)
        print(f"read_checked {cpu(lambda: [read_checked(g, None) for g in books]):.2f} s CPU")
        if args.profile:
            books = grids(paths)
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [read_checked(g, None) for g in books])
            stats = pstats.Stats(profiler).sort_stats("tottime")
            stats.print_stats(25)


if __name__ == "__main__":
    main()

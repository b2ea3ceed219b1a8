"""Reading, checking and scoring speed of the merge's per-file work, without file reading.

    python benchmarks/read_checked.py [FOLDER] [--profile]

Reads every workbook of FOLDER (default: the 200 books ``benchmarks/merge.py 200 --keep``
writes, generated into a temporary folder when none is given) into Grids first, then times
in one process, as CPU seconds:
- read_forms: the reader alone (every form of every sheet);
- read_checked: the reader, 校验 and 计分 together (what ``jixiao merge`` runs per file after
  reading it).
Each pass gets freshly read Grids; each is run ``--repeat`` times (default 3) and the
least CPU time is shown, as other tasks on the machine slow single passes (``--repeat 1``:
the first pass alone, with the lookup caches still empty). ``--profile`` prints the top
entries of a cProfile of read_checked (profiling about doubles the times).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from addin.check.run import read_checked
from addin.demo.samples import generate_county_workbooks
from addin.reader.forms import read_forms
from addin.workbook.files import read_grid
from addin.workbook.grid import Grid


def grids(paths: list[Path]) -> list[Grid]:
    """Every workbook read as the merge reads it (values only)."""
    return [read_grid(p, formulas=False) for p in paths]


def cpu(paths: list[Path], work, repeat: int) -> float:
    """Least CPU seconds of ``work`` over every Grid, each time on freshly read Grids."""
    times = []
    for _ in range(repeat):
        books = grids(paths)
        start = time.process_time()
        for book in books:
            work(book)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp)
            generate_county_workbooks(folder, 200, seed=2026)
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".xlsx")
        sheets = sum(len(g.sheets) for g in grids(paths))
        print(f"{len(paths)} workbooks, {sheets} sheets")
        print(f"read_forms   {cpu(paths, read_forms, args.repeat):.2f} s CPU")
        print(f"read_checked {cpu(paths, read_checked, args.repeat):.2f} s CPU")
        if args.profile:
            books = grids(paths)
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [read_checked(g, None) for g in books])
            stats = pstats.Stats(profiler).sort_stats("tottime")
            stats.print_stats(25)


if __name__ == "__main__":
    main()

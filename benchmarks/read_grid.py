"""Where the time of ``read_grid(path, formulas=False)`` goes, part by part.

    python benchmarks/read_grid.py [FOLDER] [--n 200]

Reads every .xlsx of FOLDER (default /tmp/bench/n200, as written by
``benchmarks/merge.py 200 --keep``; generated there when missing) and prints the CPU
seconds of each step, summed over the books (the least of three runs):

- calamine alone: a bare python-calamine read of every sheet (the floor);
- read_grid: the whole fast path (checks, values, merged ranges, names, formats);
- checks: the zip checks, the guards' scan of each sheet part and the other parts' CRC;
- values: ``_calamine_sheets`` (calamine and the conversion to a Grid's values);
- names + formats: what the fast path adds once the checks have read the package;
- read_formats alone: number formats of a file not yet open (styles, each sheet's XML).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import python_calamine

from addin.demo.samples import generate_county_workbooks
from addin.workbook import files as workbook
from addin.workbook.formats import package_formats, read_formats


def _bare(path: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    book.close()


def _fast_read(path: Path) -> None:
    workbook.read_grid(path, formulas=False)


def _checks(path: Path) -> None:
    with workbook._checked_zip(path):
        pass


def _after_checks(path: Path) -> float:
    """CPU seconds of names and formats read from a package the checks have read."""
    with workbook._checked_zip(path) as package:
        assert package is not None
        start = time.process_time()
        workbook._defined_names(package)
        package_formats(package)
        return time.process_time() - start


def _timed(paths: list[Path], step: Callable[[Path], object], repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs over all books (others share the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for path in paths:
            step(path)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/bench/n200"))
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    paths = sorted(args.folder.rglob("*.xlsx"))
    if len(paths) < args.n:
        generate_county_workbooks(args.folder, args.n, seed=1)
        paths = sorted(args.folder.rglob("*.xlsx"))
    paths = paths[: args.n]
    _timed(paths, _bare)  # warm the file cache
    rows = [
        ("calamine alone", _timed(paths, _bare)),
        ("read_grid(formulas=False)", _timed(paths, _fast_read)),
        ("  checks (zip, guards, CRC)", _timed(paths, _checks)),
        ("  values (_calamine_sheets)", _timed(paths, workbook._calamine_sheets)),
        ("  names + formats", min(sum(_after_checks(p) for p in paths) for _ in range(3))),
        ("read_formats alone", _timed(paths, read_formats)),
    ]
    print(f"{len(paths)} books, CPU seconds summed over the books")
    for name, seconds in rows:
        print(f"{name:<30}{seconds:6.2f}")
    whole, floor = rows[1][1], rows[0][1]
    print(f"read_grid ÷ calamine alone: {whole / floor:.1f}×")


if __name__ == "__main__":
    main()

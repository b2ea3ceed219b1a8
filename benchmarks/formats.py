"""Cost of reading number formats on the merge's fast path.

    python benchmarks/formats.py 200 [--keep DIR]

Generates N county workbooks (as benchmarks/merge.py does), then times on the same files
``read_grid(path, formulas=False)`` (values, merges, names and formats) and
``read_formats(path)`` alone (styles.xml and one pass over each sheet's XML).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from addin.demo.samples import generate_county_workbooks
from addin.workbook.files import read_grid
from addin.workbook.formats import read_formats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-formats-"))
    paths = sorted(folder.rglob("*.xlsx"))
    if len(paths) < args.n:
        generate_county_workbooks(folder, args.n, seed=1)
        paths = sorted(folder.rglob("*.xlsx"))
    paths = paths[: args.n]
    start = time.perf_counter()
    cells = sum(len(read_grid(p, formulas=False).sheets) for p in paths)
    whole = time.perf_counter() - start
    start = time.perf_counter()
    formatted = sum(sum(len(s) for s in (read_formats(p) or {}).values()) for p in paths)
    formats = time.perf_counter() - start
    print(f"N={args.n} sheets={cells} formatted cells={formatted}")
    print(f"read_grid(formulas=False): {whole:.2f} s; of which formats: {formats:.2f} s "
          f"({formats / whole:.0%})")  # fmt: skip


if __name__ == "__main__":
    main()

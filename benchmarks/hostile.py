"""Time and peak memory of ``jixiao check`` on every hostile-corpus case, and of a merge of
the whole corpus with good books.

    python benchmarks/hostile.py [--keep DIR]

Each command runs in its own process under GNU time, which reports its peak resident size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_corpus import build_corpus

from addin.demo.samples import build_samples, generate_county_workbooks

JIXIAO = Path(sys.executable).with_name("jixiao")


def measure(args: list[str]) -> tuple[int, float, float]:
    """(exit code, seconds, peak MB) of one command, the peak as GNU time reports it (a
    child's own peak: ``wait4`` here would report this script's size, kept across exec)."""
    start = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak_kb = float(done.stderr.decode(errors="replace").strip().splitlines()[-1])
    return done.returncode, time.monotonic() - start, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="jixiao-hostile-"))
    corpus = build_corpus(folder / "县")
    good = build_samples(folder / "样例") + generate_county_workbooks(folder / "各县", 5, seed=11)
    print(f"{'case':<24} exit  seconds  peak MB")
    worst = 0.0
    for name, path in corpus.items():
        code, seconds, peak = measure([str(JIXIAO), "check", str(path)])
        worst = max(worst, seconds)
        print(f"{name:<24} {code:>4} {seconds:8.2f} {peak:8.0f}")
    out = folder / "汇总.xlsx"
    code, seconds, peak = measure(
        [str(JIXIAO), "merge", str(folder / "县"), *map(str, good), "-o", str(out)]
    )
    print(f"check: slowest case {worst:.2f} s")
    print(f"merge of {len(corpus)} hostile + {len(good)} good books: exit {code}, "
          f"{seconds:.1f} s, parent peak {peak:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()

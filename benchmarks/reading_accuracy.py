"""Reading accuracy of the foreign-layout reader, as a Markdown table for the README.

    python benchmarks/reading_accuracy.py

- seed layouts (the five county workbooks built from the seeds): indicator rows read of
  rows written, and indicator fields read equal to the seed text of fields written;
- the real forms in tests/data/realforms/ (facts.json, tests/realform_card.py): forms
  recognised, indicator rows, fields (指标值, 符号, 完成值, 分值, 得分) taken from the cell
  that holds them, money (年初, 全年预算, 执行数), hand-verified defects found, and errors
  reported outside them (false errors).
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
from realform_card import FILES, SCORED, card  # noqa: E402

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


def realforms() -> tuple[list[str], list[str]]:
    """One line a real form, and the totals over all of them (tests/realform_card.py)."""
    lines = []
    cards = [card(name) for name in FILES]
    for c in cards:
        fields = sum(v[0] for v in c.fields.values()), sum(v[1] for v in c.fields.values())
        false = "、".join(c.false_errors)
        lines.append(
            f"| {c.name} | {'是' if c.recognised else '否'} | {c.rows_read}/{c.rows} | "
            f"{fields[0]}/{fields[1]} | {c.money[0]}/{c.money[1]} | "
            f"{c.defects[0]}/{c.defects[1]} | {len(c.false_errors)}"
            + (f"（{false}）" if false else "")
            + " |"
        )
    total = [
        f"- 认出的表：{sum(c.recognised for c in cards)}/{len(cards)}；"
        f"完全读对的表：{sum(c.full for c in cards)}/{len(cards)}",
        f"- 指标行：{sum(c.rows_read for c in cards)}/{sum(c.rows for c in cards)}",
    ]
    for fld in SCORED:
        got = sum(c.fields.get(fld, [0, 0])[0] for c in cards)
        out = sum(c.fields.get(fld, [0, 0])[1] for c in cards)
        total.append(f"- 字段 {FIELD_WORDS[fld]}：{got}/{out}")
    total += [
        f"- 金额（年初、全年预算、执行数）：{sum(c.money[0] for c in cards)}/"
        f"{sum(c.money[1] for c in cards)}",
        f"- 核实的问题找到：{sum(c.defects[0] for c in cards)}/{sum(c.defects[1] for c in cards)}",
        f"- 误报的错误：{sum(len(c.false_errors) for c in cards)}",
    ]
    return lines, total


FIELD_WORDS = {
    "target": "指标值",
    "op": "符号",
    "actual": "完成值",
    "points": "分值",
    "score": "得分",
}


def main() -> None:
    print("| 工作簿 | 指标行 读到/实有 | 字段 读对/实有 | 错误 |")
    print("|---|---|---|---|")
    for line in seeds():
        print(re.sub(r"\s+\|", " |", line))
    lines, total = realforms()
    print()
    print("| 真实表格 | 认出 | 指标行 | 字段 | 金额 | 核实的问题 | 误报的错误 |")
    print("|---|---|---|---|---|---|---|")
    for line in lines:
        print(line)
    print()
    print("\n".join(total))


if __name__ == "__main__":
    main()

"""Reading accuracy on the forms of other provinces (tests/province_forms.py), as a Markdown
table for the README.

    python benchmarks/province_forms.py

Per workbook: forms read of forms expected, indicator rows read of rows written (and rows read
that are not indicators, 多读), fields read
as written (一级, 二级, 三级, 指标值, 实际值, 分值, 得分 of every expected row), money read
(全年预算数, and 全年执行数 of a self-evaluation), errors reported outside the true defects
(false errors) and true defects found.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from addin.check.run import check_file
from addin.core.scoring import amount
from addin.reader import read_forms
from addin.workbook.files import read_grid

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from province_forms import build  # noqa: E402

FIELDS = ("level1", "level2", "name", "target", "actual", "points", "score")


def _seen(text: object) -> str | None:
    if text is None:
        return None
    norm = re.sub(r"\s", "", str(text))
    value = amount(norm)
    return f"{value:g}" if value is not None and re.fullmatch(r"[\d.]+", norm) else norm


def _money_right(form, expected: dict) -> tuple[int, int]:
    """(amounts read right, amounts expected) of a form's total money line."""
    wanted = [(k, expected[k]) for k in ("budget", "spent") if expected[k] is not None]
    funding = getattr(form, "funding", None)
    if not wanted or funding is None:
        return 0, 0
    total = next((r for r in funding.rows if r.kind == "total"), None)
    right = sum(
        1
        for key, value in wanted
        if total is not None
        and (got := amount(getattr(total, key))) is not None
        and abs(got - value) < 1e-6
    )
    return right, len(wanted)


def measure(folder: Path, facts: dict[str, dict]) -> list[dict]:
    rows = []
    for name, fact in facts.items():
        path = folder / name
        forms = read_forms(read_grid(path))
        expected = fact["forms"]
        by_sheet: dict[str, list] = {}
        for form in forms:
            by_sheet.setdefault(form.sheet, []).append(form)
        seen_forms = rows_read = fields_right = fields_all = rows_all = extra = 0
        money_right = money_all = 0
        for want in expected:
            rows_all += len(want["indicators"])
            fields_all += len(want["indicators"]) * len(FIELDS)
            candidates = by_sheet.get(want["sheet"], [])
            if not candidates:
                continue
            form = candidates.pop(0)
            seen_forms += form.form == want["form"]
            got = getattr(form, "indicators", [])
            names = {_seen(i["name"]) for i in want["indicators"]}
            rows_read += sum(1 for i in got if _seen(i.name) in names)
            extra += sum(1 for i in got if _seen(i.name) not in names)
            for g, w in zip(got, want["indicators"], strict=False):
                fields_right += sum(_seen(getattr(g, k)) == _seen(w[k]) for k in FIELDS)
            right, total = _money_right(form, want)
            money_right, money_all = money_right + right, money_all + total
        report, _ = check_file(path)
        errors = {f.cell for f in report.findings if f.severity == "error"}
        defects = {d["cell"] for d in fact["true_defects"]}
        rows.append(
            {
                "name": name,
                "layout": fact["layout"],
                "forms": f"{seen_forms}/{len(expected)}",
                "rows": f"{rows_read}/{rows_all}" + (f"（多读 {extra}）" if extra else ""),
                "fields": f"{fields_right}/{fields_all}",
                "money": f"{money_right}/{money_all}",
                "false": len(errors - defects),
                "found": f"{len(errors & defects)}/{len(defects)}",
            }
        )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = measure(folder, build(folder))
    print("| 工作簿 | 表 | 指标行 | 字段 | 金额 | 误报错误 | 真实缺陷查出 |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['name']} | {r['forms']} | {r['rows']} | {r['fields']} | {r['money']} "
            f"| {r['false']} | {r['found']} |"
        )


if __name__ == "__main__":
    main()

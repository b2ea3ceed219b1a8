"""Fixtures for the WPS add-in's node tests (run by testing/support.js).

Writes into OUT: the Hunan seed-layout workbook and a filled template, each as the
snapshot WPS would send (values, formulas, merged ranges, defined names) together with what
``jixiao check --json`` and ``jixiao score --json`` say about the same file; and the five
seed workbooks in a folder to merge; the Hebei target workbook (snapshot only) and a
self-evaluation pre-filled from it and edited (with ``check --targets``). Prints the
fixtures as one JSON object.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.core.seeds import load_seeds
from addin.demo.samples import build_samples, write_hunan, write_target
from addin.reader.targets import read_targets
from addin.selfeval.prefill import prefill_targets
from addin.templates.new import write_template
from addin.workbook.files import read_grid


def _cli(*args: str) -> object:
    done = subprocess.run(
        [sys.executable, "-m", "addin", *args], capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"jixiao {' '.join(args)} failed: {done.stderr}")
    return json.loads(done.stdout)


def _snapshot(path: Path) -> dict:
    grid = read_grid(path)
    return {
        "book": path.name,
        "sheets": [
            {
                "name": s.name,
                "values": s.values,
                "formulas": s.formulas,
                "merged": s.merged,
                "hidden": s.hidden,
            }
            for s in grid.sheets
        ],
        "names": grid.names,
    }


def _case(path: Path) -> dict:
    return {
        "file": str(path),
        "snapshot": _snapshot(path),
        "check": _cli("check", "--json", str(path)),
        "score": _cli("score", "--json", str(path)),
    }


def _edited(targets: Path, out: Path) -> Path:
    """The self-evaluation pre-filled from the target workbook's 项目2, one 指标值 changed."""
    prefill_targets(read_targets(targets), targets.name, FORMS[FormKind.PROJECT_SELF], out, 1)
    book = openpyxl.load_workbook(out)
    ws = next(w for w in book.worksheets if w.sheet_state == "visible" and w.protection.sheet)
    row = next(c.row for c in ws["D"] if c.value == "日常巡查维修率")
    ws[f"F{row}"] = 80  # declared ≥95
    book.save(out)
    return out


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    seeds = {s.seed[:3]: s for s in load_seeds()}
    hunan = out / "雁峰区总工会_2024自评.xlsx"
    write_hunan(seeds["002"].forms, hunan)
    project = next(f for f in seeds["002"].forms if f.form == FormKind.PROJECT_SELF)
    template = out / "项目支出绩效自评表.xlsx"
    write_template(FORMS[FormKind.PROJECT_SELF], template, project)
    samples = out / "县级报送"
    build_samples(samples)
    hebei = out / "正定县总工会_2022目标.xlsx"  # six 项目支出绩效目标表 (seed 001)
    write_target(seeds["001"].forms, hebei)
    edited = _edited(hebei, out / "正定县_项目2自评.xlsx")
    compared = _cli("check", "--json", str(edited), "--targets", str(hebei))
    fixtures = {"hunan": _case(hunan), "template": _case(template), "samples": str(samples),
                "hebei": {"file": str(hebei), "snapshot": _snapshot(hebei)},
                "edited": {"file": str(edited), "snapshot": _snapshot(edited),
                           "check": compared}}  # fmt: skip
    print(json.dumps(fixtures, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

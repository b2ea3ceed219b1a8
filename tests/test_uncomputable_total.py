"""A value that leaves a form's total uncomputable is an error: ``jixiao check`` fails.

"九成" or "已完成" as the 实际完成值 of a numeric row cannot be scored, so neither the
指标得分合计 nor the 总分 exists: JX106 (error, 无法识别) on that cell, exit code 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from addin.core.forms import FORMS
from addin.core.models import ProjectSelfForm
from addin.reader import read_forms
from addin.templates.new import write_template
from addin.workbook.files import read_grid

ROOT = Path(__file__).resolve().parents[1]


def _clean_form() -> ProjectSelfForm:
    rows = [
        ("产出指标", "数量指标", "培训人次", "≥", "100", "人次", "120", "30", "偏差说明"),
        ("产出指标", "质量指标", "验收合格率", "≥", "95", "%", "96", "20", None),
        ("效益指标", "社会效益指标", "政策知晓率", "≥", "90", "%", "92", "30", None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "95", "10", None),
    ]
    keys = ("level1", "level2", "name", "op", "target", "unit", "actual", "points", "reason")
    return ProjectSelfForm.model_validate({
        "title": "项目支出绩效自评表",
        "header": {"project": "职工培训", "department": "某县总工会", "implementer": "某县总工会"},
        "goal": "完成职工培训", "actual_summary": "已完成职工培训",
        "funding": {"rows": [
            {"label": "其中：当年财政拨款", "kind": "fiscal", "initial": "100", "budget": "100",
             "spent": "95"},
            {"label": "年度资金总额", "kind": "total", "initial": "100", "budget": "100",
             "spent": "95"},
        ]},
        "indicators": [dict(zip(keys, r, strict=True)) for r in rows],
    })  # fmt: skip


def _check(path: Path) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "addin", "check", str(path), "--json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("typed", ["九成", "已完成", "基本完成"])
def test_words_in_a_numeric_row_fail_the_check(tmp_path: Path, typed: str) -> None:
    form = _clean_form()
    path = tmp_path / "自评.xlsx"
    write_template(FORMS[form.form], path, form, "hunan")
    code, report = _check(path)
    assert code == 0, report["findings"]
    read = read_forms(read_grid(path))[0]
    row = 1 + len(typed) % 3  # a different row for each word
    cell = read.indicators[row].cells["actual"]
    book = openpyxl.load_workbook(path)
    book[read.sheet][cell].value = typed
    book.save(path)
    code, report = _check(path)
    assert code == 1
    found = [f for f in report["findings"] if f["cell"] == cell and f["code"] == "JX106"]
    assert [f["severity"] for f in found] == ["error"]
    assert f"「{typed}」" in found[0]["message"] and "总分无法计算" in found[0]["message"]

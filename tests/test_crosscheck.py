"""`jixiao check 自评表.xlsx --targets 目标表.xlsx`: indicators dropped, added or changed since
the declaration, both values quoted. Workbooks are real files edited as a clerk would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from addin.core.models import FormKind
from addin.demo.samples import write_target
from addin.rules.crosscheck import compare, crosscheck
from addin.selfeval.prefill import prefill

JIXIAO = Path(sys.executable).with_name("jixiao")


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def books(seeds, tmp_path_factory) -> tuple[Path, Path]:
    """The Hebei target workbook and the self-evaluation pre-filled from its 项目2."""
    folder = tmp_path_factory.mktemp("cross")
    targets = folder / "目标表.xlsx"
    write_target(seeds["001"].forms, targets)
    out = folder / "自评表.xlsx"
    done = run("new", "project_self", "--from", targets, "--pick", "1", "-o", out)
    assert done.returncode == 0, done.stderr
    return targets, out


def cross_findings(path: Path, targets: Path) -> list[dict]:
    result = run("check", path, "--targets", targets, "--json")
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("JX7")]


def row_of(ws, name: str) -> int:
    return next(c.row for c in ws["D"] if c.value == name)


def test_untouched_prefill_matches_its_targets(books):
    targets, evaluated = books
    assert cross_findings(evaluated, targets) == []


def test_changed_value_dropped_and_added_indicators(books, tmp_path):
    targets, evaluated = books
    book = openpyxl.load_workbook(evaluated)
    ws = book.active
    ws[f"F{row_of(ws, '日常巡查维修率')}"] = 80  # declared ≥95
    dropped = row_of(ws, "长期使用性")
    for cell in ws[dropped]:
        if not isinstance(cell, MergedCell) and cell.data_type != "f":
            cell.value = None
    ws[f"E{row_of(ws, '及时率')}"] = "≤"  # declared ≥95
    ws[f"D{row_of(ws, '综合事务完成率')}"] = "综合事务办结率"  # renamed: dropped + added
    changed = tmp_path / "改过的自评表.xlsx"
    book.save(changed)

    findings = cross_findings(changed, targets)
    found = {(f["code"], f["cell"]): f["message"] for f in findings}
    value_row = row_of(ws, "日常巡查维修率")
    assert found[("JX703", f"F{value_row}")] == (
        "指标「日常巡查维修率」的指标值：申报「≥95」（项目2!E11），自评「≥80」"
    )
    assert found[("JX704", f"E{row_of(ws, '及时率')}")] == (
        "指标「及时率」的指标性质：申报「≥」（项目2!E12），自评「≤」"
    )
    messages = "\n".join(f["message"] for f in findings)
    assert "指标「长期使用性」（指标值「≥95」）在自评表中没有" in messages
    assert "指标「综合事务完成率」（指标值「100」）在自评表中没有" in messages
    assert found[("JX702", f"D{row_of(ws, '综合事务办结率')}")] == (
        "指标「综合事务办结率」在目标表中没有（自评表新增）"
    )
    assert sorted(f["code"] for f in findings) == ["JX701", "JX701", "JX702", "JX703", "JX704"]


def test_check_exit_code_counts_the_cross_check(books, tmp_path):
    targets, evaluated = books
    book = openpyxl.load_workbook(evaluated)
    ws = book.active
    ws[f"F{row_of(ws, '日常巡查维修率')}"] = 80
    changed = tmp_path / "改过.xlsx"
    book.save(changed)
    plain = json.loads(run("check", changed, "--json").stdout)["counts"]["error"]
    crossed = json.loads(run("check", changed, "--targets", targets, "--json").stdout)
    assert crossed["counts"]["error"] == plain + 1


def test_unit_change_quotes_both_units(seeds):
    target = seeds["001"].forms[1].model_copy(deep=True)
    target.indicators[0].target = "100%"
    form = prefill(target, FormKind.PROJECT_SELF)
    form.indicators[0].target, form.indicators[0].unit = "100", "次"
    (finding,) = compare(target, form)
    assert finding.code == "JX705"
    assert "申报「%」" in finding.message and "自评「次」" in finding.message


def test_same_value_in_another_unit_is_not_a_change(seeds):
    target = seeds["001"].forms[1].model_copy(deep=True)
    target.indicators[2].target = "≤1年"
    form = prefill(target, FormKind.PROJECT_SELF)
    form.indicators[2].target = "≤12个月"
    assert compare(target, form) == []
    form.indicators[2].target = "≤10个月"
    assert [f.code for f in compare(target, form)] == ["JX703"]


def test_forms_pair_by_project_name(seeds):
    targets = seeds["001"].forms
    forms = [prefill(t, FormKind.PROJECT_SELF) for t in reversed(targets)]
    assert crosscheck(forms, targets, "目标表.xlsx") == []
    stray = prefill(targets[0], FormKind.PROJECT_SELF)
    stray.header.project = "区财政送清凉"
    (finding,) = crosscheck([*forms, stray], targets, "目标表.xlsx")
    assert finding.code == "JX706" and "「区财政送清凉」在 目标表.xlsx 中没有" in finding.message


def test_targets_without_target_forms_exit_2(books, tmp_path):
    _, evaluated = books
    result = run("check", evaluated, "--targets", evaluated)
    assert result.returncode == 2
    assert "没有找到绩效目标表" in result.stderr and "Traceback" not in result.stderr


def test_merge_crosschecks_a_unit_that_sent_both(books, seeds, tmp_path):
    from addin.demo.samples import write_hunan
    from addin.merge.run import merge

    targets, evaluated = books
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "目标表.xlsx").write_bytes(targets.read_bytes())
    book = openpyxl.load_workbook(evaluated)
    ws = book.active
    ws[f"F{row_of(ws, '日常巡查维修率')}"] = 80
    book.save(folder / "自评表.xlsx")
    write_hunan(seeds["002"].forms, folder / "雁峰区.xlsx")  # a unit with no target form

    result = merge([folder], workers=1)
    cross = [i for i in result.issues if i.code.startswith("JX7")]
    assert [(i.code, Path(i.file).name, i.unit) for i in cross] == [
        ("JX703", "自评表.xlsx", "正定县总工会本级")
    ]
    assert "申报「≥95」（项目2!E11），自评「≥80」" in cross[0].message
    row = next(r for r in result.forms if Path(r.file).name == "自评表.xlsx")
    plain = merge([folder / "自评表.xlsx"], workers=1).forms[0]
    assert row.errors == plain.errors + 1

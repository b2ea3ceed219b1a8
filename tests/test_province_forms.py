"""Forms of provinces the reader was not built on (tests/province_forms.py): every workbook
read, checked and merged as a city reviewer would, against its hand-written facts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from addin.check.run import check_file
from addin.core.scoring import amount
from addin.reader import read_forms, read_report, unread_fields
from addin.workbook.files import read_grid

sys.path.insert(0, str(Path(__file__).parent))
from province_forms import build

JIXIAO = [sys.executable, "-m", "addin"]
FIELDS = ("level1", "level2", "name", "target", "actual", "points", "score")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("provinces")
    return folder, build(folder)


def _seen(text: object) -> str | None:
    """A cell as a clerk reads it: line breaks and spaces aside, numbers compared as numbers."""
    if text is None:
        return None
    norm = re.sub(r"\s", "", str(text))
    value = amount(norm)
    return f"{value:g}" if value is not None and re.fullmatch(r"[\d.]+", norm) else norm


def _forms_by_fact(path: Path, facts: dict):
    """The forms read from ``path``, in the order the facts list them (sheet by sheet)."""
    forms = read_forms(read_grid(path))
    assert [(f.sheet, f.form) for f in forms] == [(f["sheet"], f["form"]) for f in facts["forms"]]
    return list(zip(forms, facts["forms"], strict=True))


def test_every_form_and_every_indicator_field_is_read_as_written(corpus):
    folder, facts = corpus
    for name, fact in facts.items():
        for form, expected in _forms_by_fact(folder / name, fact):
            got = [{k: _seen(getattr(i, k)) for k in FIELDS} for i in form.indicators]
            want = [{k: _seen(i[k]) for k in FIELDS} for i in expected["indicators"]]
            assert got == want, name
            assert [i.cells["name"] for i in form.indicators] == [
                i["cells"]["name"] for i in expected["indicators"]
            ], name
            if expected["project"]:
                assert form.header.project == expected["project"], name
            if expected["goal"]:
                assert form.goal == expected["goal"], name
            for key, value in expected["header"].items():
                assert getattr(form.header, key) == value, (name, key)


def test_money_and_written_totals_are_read(corpus):
    folder, facts = corpus
    for name, fact in facts.items():
        for form, expected in _forms_by_fact(folder / name, fact):
            if not hasattr(form, "funding"):  # a 部门整体 target form: no money in the model
                continue
            if expected["budget"] is None:  # no money block: said, not turned into 0
                assert {"budget", "spent"} <= set(unread_fields(form)), name
                assert getattr(form, "total", None) == expected["total"], name
                continue
            total = next(r for r in form.funding.rows if r.kind == "total")
            assert amount(total.budget) == pytest.approx(expected["budget"]), name
            if expected["spent"] is not None:
                assert amount(total.spent) == pytest.approx(expected["spent"]), name
            assert getattr(form, "total", None) == expected["total"], name
            assert unread_fields(form) == expected["unread"], name


def test_errors_fall_on_the_true_defects_and_every_one_is_found(corpus):
    folder, facts = corpus
    for name, fact in facts.items():
        report, _ = check_file(folder / name)
        errors = {f.cell for f in report.findings if f.severity == "error"}
        defects = {d["cell"] for d in fact["true_defects"]}
        assert errors == defects, name
        warned = {f.cell for f in report.findings if f.severity == "warning"}
        assert {w["cell"] for w in fact["warnings"]} <= warned, name
        assert not errors & {d["cell"] for d in fact["not_defects"]}, name


def test_check_json_over_the_corpus_keeps_every_file(corpus):
    folder, facts = corpus
    files = [str(folder / name) for name in sorted(facts)]
    done = subprocess.run([*JIXIAO, "check", *files, "--json"], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # some files hold real errors
    reports = json.loads(done.stdout)
    assert [Path(r["file"]).name for r in reports] == sorted(facts)
    for report in reports:
        fact = facts[Path(report["file"]).name]
        assert report["counts"]["error"] == len(fact["true_defects"]), report["file"]


def test_merge_takes_every_workbook_and_refuses_the_duplicate_copies(corpus, tmp_path):
    folder, facts = corpus
    out = tmp_path / "汇总.xlsx"
    done = subprocess.run(
        [*JIXIAO, "merge", str(folder), "-o", str(out), "--json"], capture_output=True, text=True
    )
    result = json.loads(done.stdout)
    # the .xls copies hold the same forms as their .xlsx: one of each pair is refused as sent twice
    assert done.returncode == 3
    stems = [Path(f["file"]).stem for f in result["failed"]]
    assert sorted(stems) == sorted({Path(n).stem for n in facts if n.endswith(".xls")})
    assert all("重复报送" in f["reason"] for f in result["failed"])
    assert result["merged"] == len(facts) - len(stems)
    self_forms = [
        f
        for name, fact in facts.items()
        if name.endswith(".xlsx")
        for f in fact["forms"]
        if f["spent"] is not None
    ]
    no_money = [
        f
        for fact in facts.values()
        for f in fact["forms"]
        if f["form"].endswith("self") and (f["budget"] is None or f["unread"])
    ]
    assert result["totals"]["budget"] == pytest.approx(sum(f["budget"] for f in self_forms))
    assert result["totals"]["spent"] == pytest.approx(sum(f["spent"] for f in self_forms))
    assert result["totals"]["unread_forms"] == len(no_money)
    assert out.is_file()


def test_a_title_as_project_name_and_an_amount_as_goal_are_named():
    """The minor defects of the real forms that no rule named before (facts.json B2, B12/F12)."""
    real = Path(__file__).parent / "data" / "realforms"
    report, _ = check_file(real / "yn_lijiang_2020_卫片执法_项目自评.xlsx")
    assert [(f.code, f.cell) for f in report.findings if f.code == "JX108"] == [("JX108", "B2")]
    report, _ = check_file(real / "hb_langfang_2019_暖通改造_项目自评.xlsx")
    # 预期目标 43.2 and 实际完成情况 37.24: the amounts, not the goal and what was done
    assert [f.cell for f in report.findings if f.code == "JX109"] == ["B12", "F12"]


def test_a_flat_table_without_headings_gets_no_split_of_its_points(corpus):
    folder, _ = corpus
    real = Path(__file__).parent / "data" / "realforms"
    for path in (
        folder / "hb_湖北_部门整体支出绩效自评表_得分系数.xlsx",
        real / "cq_kexuecheng_2021_融媒体中心_部门整体自评.xlsx",
    ):
        report, _ = check_file(path)
        # no row names a 一级, so no 产出/效益/满意度 split can be shown ("产出 0、效益 0 …")
        assert not [f for f in report.findings if f.code in ("JX308", "JX209")], path.name


def test_inspect_says_which_columns_are_left_unread_and_why(corpus):
    folder, _ = corpus
    done = subprocess.run(
        [*JIXIAO, "inspect", str(folder / "nx_宁夏_项目支出绩效自评表.xlsx"), "--json"],
        capture_output=True,
        text=True,
    )
    (table,) = json.loads(done.stdout)["sheets"][0]["tables"]
    meanings = {c["header"]: c["meaning"] for c in table["columns"]}
    assert "不参与校验" in meanings["指标解释"] and "不参与校验" in meanings["评分标准"]
    assert table["not_understood"] == []
    report = read_report(read_grid(folder / "hn_湖南_项目支出绩效目标申报表_中期与年度并列.xlsx"))
    (table,) = report.sheets[0].tables
    twins = [c.cell for c in table.columns if "同名" in c.meaning]
    assert twins == ["B11", "C11", "D11", "E11"] and table.not_understood == []


def test_one_character_a_line_is_a_layout_not_a_misspelling(corpus):
    folder, _ = corpus
    report, _ = check_file(folder / "nx_宁夏_项目支出绩效自评表.xlsx")
    assert report.findings == []  # 产\n出\n指\n标 is 产出指标 printed upright

"""``jixiao forms``, ``jixiao new`` and ``jixiao templates build``, run as a clerk would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from addin.core.forms import FORMS
from addin.core.seeds import SEEDS_DIR

JIXIAO = Path(sys.executable).with_name("jixiao")
QUXIAN = SEEDS_DIR / "000_quxian.json"
YANFENG = SEEDS_DIR / "002_yanfeng.json"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def _refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    """Exit 2, one Chinese line on stderr, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_forms_json_lists_the_eight_forms():
    result = _run("forms", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["form"] for r in rows] == [k.value for k in FORMS]
    assert {"title", "description", "template", "profile", "orientation"} <= set(rows[0])
    assert rows[5]["title"] == "项目支出绩效自评表"


def test_forms_plain_text():
    result = _run("forms")
    assert result.returncode == 0 and "专项资金预算明细" in result.stdout


def test_new_empty_and_filled(tmp_path: Path):
    empty = tmp_path / "empty.xlsx"
    assert _run("new", "项目支出绩效自评表", "-o", empty).returncode == 0
    filled = tmp_path / "filled.xlsx"
    result = _run("new", "project_self", "-o", filled, "--data", YANFENG, "--pick", "3")
    assert result.returncode == 0, result.stderr
    assert "已生成" in result.stdout
    assert filled.stat().st_size > empty.stat().st_size


def test_new_takes_the_first_form_of_the_kind(tmp_path: Path):
    out = tmp_path / "x.xlsx"
    assert _run("new", "sc_project_self", "-o", out, "--data", QUXIAN).returncode == 0


def test_new_accepts_a_single_form_object(tmp_path: Path):
    seed = json.loads(YANFENG.read_text(encoding="utf-8"))
    single = tmp_path / "one.json"
    single.write_text(json.dumps(seed["forms"][1], ensure_ascii=False), encoding="utf-8")
    assert _run("new", "dept_self", "-o", tmp_path / "o.xlsx", "--data", single).returncode == 0
    _refused(_run("new", "project_self", "-o", tmp_path / "p.xlsx", "--data", single), "不是")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("new", "no_such_form"), "没有名为"),
        (("new", "project_self", "--data", "missing.json"), "找不到数据文件"),
        (("new", "project_self", "--data", QUXIAN), "没有「项目支出绩效自评表」"),
        (("new", "sc_project_self", "--data", QUXIAN, "--pick", "0"), "不是"),
        (("new", "sc_project_self", "--data", QUXIAN, "--pick", "99"), "--pick 应在"),
        (("new", "sc_project_self", "--pick", "1"), "--data"),
    ],
)
def test_new_refuses_bad_input_in_chinese(tmp_path: Path, args, words):
    _refused(_run(*args, "-o", tmp_path / "out.xlsx"), words)


def test_new_needs_an_output_file():
    _refused(_run("new", "project_self"), "-o")


def test_new_refuses_bad_files(tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    _refused(_run("new", "project_self", "-o", tmp_path / "a.xlsx", "--data", broken), "JSON")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"form": "project_self", "titel": "x"}), encoding="utf-8")
    _refused(_run("new", "project_self", "-o", tmp_path / "b.xlsx", "--data", wrong), "格式有误")
    _refused(_run("new", "project_self", "-o", tmp_path / "c.csv"), ".xlsx")
    _refused(_run("new", "project_self", "-o", tmp_path / "no" / "d.xlsx"), "不存在")


def test_templates_build_and_check(tmp_path: Path):
    result = _run("templates", "build", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == sorted(
        f"{k.value}.xlsx" for k in FORMS
    )
    assert _run("templates", "build", "-o", tmp_path, "--check").returncode == 0
    (tmp_path / "fund_detail.xlsx").unlink()
    stale = _run("templates", "build", "-o", tmp_path, "--check")
    assert stale.returncode == 1 and "fund_detail.xlsx" in stale.stderr

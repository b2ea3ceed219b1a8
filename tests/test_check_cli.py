"""`jixiao check` and `jixiao score` as scripts use them: JSON contract, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from test_marks import HUNAN_ROWS

JIXIAO = Path(sys.executable).with_name("jixiao")


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def county(tmp_path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "送温暖"
    for row in HUNAN_ROWS:
        ws.append(row)
    path = tmp_path / "雁峰区.xlsx"
    book.save(path)
    return path


def test_check_json_contract(county):
    result = run("check", county, "--json")
    assert result.returncode == 1  # errors found
    data = json.loads(result.stdout)
    assert set(data) == {"file", "forms", "findings", "counts"}
    assert data["forms"] == [
        {"sheet": "送温暖", "form": "project_self", "title": "项目支出绩效自评表"}
    ]
    for finding in data["findings"]:
        assert set(finding) == {"code", "severity", "sheet", "cell", "message", "hint"}
        assert finding["severity"] in ("error", "warning", "info")
    assert data["counts"]["error"] == sum(f["severity"] == "error" for f in data["findings"])


def test_check_leaves_the_input_untouched_and_writes_a_marked_copy(county, tmp_path):
    before = county.read_bytes()
    marked = tmp_path / "标记.xlsx"
    result = run("check", county, "--mark", marked)
    assert result.returncode == 1
    assert county.read_bytes() == before
    assert "校验结果" in openpyxl.load_workbook(marked).sheetnames


def test_score_json_contract(county):
    result = run("score", county, "--json")
    assert result.returncode == 0, result.stderr
    (form,) = json.loads(result.stdout)
    assert {
        "sheet",
        "form",
        "title",
        "budget",
        "spent",
        "execution_rate",
        "execution_score",
        "points",
        "score",
        "total",
        "grade",
        "indicators",
    } <= set(form)
    assert (form["execution_rate"], form["execution_score"]) == (1.0, 10.0)
    assert form["points"] == 90 and form["score"] == 88 and form["total"] == 98
    row = form["indicators"][1]
    assert set(row) == {
        "cell",
        "level1",
        "level2",
        "name",
        "op",
        "target",
        "actual",
        "unit",
        "points",
        "score",
        "status",
    }
    assert (row["cell"], row["status"], row["score"]) == ("H8", "not_met", 18.0)


def _encrypted(tmp_path, county) -> Path:
    path = tmp_path / "加密.xlsx"
    with county.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    return path


def _truncated(tmp_path, county) -> Path:
    path = tmp_path / "截断.xlsx"
    path.write_bytes(county.read_bytes()[:2000])
    return path


def _no_form(tmp_path, county) -> Path:
    path = tmp_path / "空表.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "这里没有绩效表"
    book.save(path)
    return path


def _zip_bomb(tmp_path, county) -> Path:
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (400 * 1024 * 1024))
    return path


def _write(name: str, data: bytes):
    def make(tmp_path, county) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def _missing(tmp_path, county) -> Path:
    return tmp_path / "不存在.xlsx"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_missing, "找不到该文件"),
        (_write("空.xlsx", b""), "文件是空的"),
        (_write("假.xlsx", b"not a workbook"), "不是有效的工作簿文件"),
        (_write("说明.txt", b"x"), "不支持的文件类型"),
        (_encrypted, "文件已加密"),
        (_truncated, "不是有效的工作簿文件"),
        (_no_form, "没有找到可识别的绩效表格"),
        (_zip_bomb, "压缩炸弹"),
    ],
)
def test_bad_input_is_one_chinese_line_and_exit_2(tmp_path, county, make, reason):
    path = make(tmp_path, county)
    for command in ("check", "score"):
        result = run(command, path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr + result.stdout
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0] and reason in lines[0], lines


def test_unknown_profile_is_refused(county):
    result = run("check", county, "--profile", "xinjiang")
    assert result.returncode == 2 and "没有名为「xinjiang」的计分口径" in result.stderr


def test_clear_restores_a_marked_copy(county, tmp_path):
    marked, cleared = tmp_path / "标记.xlsx", tmp_path / "清除.xlsx"
    assert run("check", county, "--mark", marked).returncode == 1
    result = run("clear", marked, "-o", cleared)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(cleared)
    assert book.sheetnames == openpyxl.load_workbook(county).sheetnames
    assert all(c.comment is None for row in book["送温暖"].iter_rows() for c in row)
    assert run("clear", tmp_path / "无.xlsx", "-o", cleared).returncode == 2

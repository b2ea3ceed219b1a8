"""The command line as a new user meets it: folders, unreadable inputs kept in the JSON,
refusals that explain, findings in reading order, fitting hints, Chinese help."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from test_marks import HUNAN_ROWS

from addin.demo.samples import build_samples

JIXIAO = Path(sys.executable).with_name("jixiao")


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "140", "PATH": "/usr/bin:/bin"},
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


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> list[Path]:
    return build_samples(tmp_path_factory.mktemp("样例"))


def test_check_takes_a_folder_and_keeps_every_input_in_the_json(county, tmp_path):
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "说明.txt").write_text("readme", encoding="utf-8")
    result = run("check", tmp_path, "--json")
    assert result.returncode == 2, result.stderr  # one input unreadable
    entries = {Path(e["file"]).name: e for e in json.loads(result.stdout)}
    assert set(entries) == {"雁峰区.xlsx", "坏.xlsx"}
    assert set(entries["坏.xlsx"]) == {"file", "error"}
    assert "不是有效的工作簿" in entries["坏.xlsx"]["error"]
    assert entries["雁峰区.xlsx"]["counts"]["error"] > 0
    assert "说明.txt" in result.stderr and "不是工作簿" in result.stderr


def test_a_single_unreadable_file_is_an_object_with_its_reason(tmp_path):
    (tmp_path / "空.xlsx").write_bytes(b"")
    result = run("check", tmp_path / "空.xlsx", "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout) == {
        "file": str(tmp_path / "空.xlsx"),
        "error": json.loads(result.stdout)["error"],
    }
    assert "空" in json.loads(result.stdout)["error"]
    assert "Traceback" not in result.stderr


def test_findings_come_in_sheet_and_position_order(samples):
    path = next(p for p in samples if "雁峰" in p.name)
    data = json.loads(run("check", path, "--json").stdout)
    book = openpyxl.load_workbook(path, read_only=True)
    order = {name: n for n, name in enumerate(book.sheetnames)}

    def key(f):
        row, col = 0, 0
        if f["cell"]:
            letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", f["cell"]).groups()
            row, col = int(digits), openpyxl.utils.column_index_from_string(letters)
        return (order[f["sheet"]], row, col)

    keys = [key(f) for f in data["findings"]]
    assert len(keys) > 10 and keys == sorted(keys)
    assert len({k[0] for k in keys}) > 1  # several sheets


def test_hints_fit_their_findings_and_no_literal_backslash_n(samples):
    findings = [
        f for p in samples for f in json.loads(run("check", p, "--json").stdout)["findings"]
    ]
    assert not any("\\n" in f["message"] or "\\n" in f["hint"] for f in findings)
    by_code: dict[str, list[dict]] = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
    for f in by_code["JX303"]:
        computed = re.search(r"按规则应为 (\S+)", f["message"]).group(1)
        assert f["hint"].startswith(f"请把得分改为 {computed}")
    for f in by_code.get("JX206", []):
        standard = re.search(r"「(.+)」", f["hint"]).group(1)
        assert "缺少“指标”二字" not in f["message"] or standard.endswith("指标")
    hints = {f["hint"] for f in by_code["JX207"]}
    assert all("慰问对象满意度" not in h for h in hints if "满意度" not in h)


def test_mark_on_ods_explains_how_to_get_a_marked_copy(county, tmp_path):
    ods = tmp_path / "雁峰区.ods"
    shutil.copy(county, ods)
    result = run("check", ods, "--mark", tmp_path / "标记.xlsx")
    assert result.returncode == 2
    assert "另存为 .xlsx" in result.stderr and "--mark" in result.stderr
    assert not (tmp_path / "标记.xlsx").exists()


def test_clear_says_when_there_is_nothing_to_clear(county, tmp_path):
    result = run("clear", county, "-o", tmp_path / "清除.xlsx")
    assert result.returncode == 0
    assert "没有校验标记" in result.stdout and not (tmp_path / "清除.xlsx").exists()
    marked = tmp_path / "标记.xlsx"
    assert run("check", county, "--mark", marked).returncode == 1
    result = run("clear", marked, "-o", tmp_path / "清除.xlsx")
    assert "已清除标记" in result.stdout and (tmp_path / "清除.xlsx").exists()


def test_new_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "自评.xlsx"
    out.write_bytes(b"clerk's own work")
    result = run("new", "project_self", "-o", out)
    assert result.returncode != 0 and "--force" in result.stderr + result.stdout
    assert out.read_bytes() == b"clerk's own work"
    assert run("new", "project_self", "-o", out, "--force").returncode == 0
    assert openpyxl.load_workbook(out).sheetnames


def test_a_blank_template_says_no_indicators_yet(tmp_path):
    out = tmp_path / "空白.xlsx"
    assert run("new", "project_self", "-o", out).returncode == 0
    data = json.loads(run("check", out, "--json").stdout)
    messages = [f["message"] for f in data["findings"] if f["code"] == "JX107"]
    assert messages and all("尚未填写指标" in m for m in messages)


@pytest.mark.parametrize("command", ["", "check", "merge", "clear", "new", "score", "demo"])
def test_help_is_chinese_without_python_placeholders(command):
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert not re.search(r"<\w+(\[\w+\])?>|<int range>|\[x>=", text), text
    for english in ("Show this message", "[default:", "[required]", "Usage:", "Options"):
        assert english not in text, english
    assert "显示本帮助并退出" in text


def test_the_marked_copy_result_sheet_prints_on_a4_landscape_one_page_wide(county, tmp_path):
    marked = tmp_path / "标记.xlsx"
    assert run("check", county, "--mark", marked).returncode == 1
    ws = openpyxl.load_workbook(marked)["校验结果"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$2:$2"
    longest = max(range(3, ws.max_row + 1), key=lambda r: len(ws.cell(r, 7).value or ""))
    assert ws.row_dimensions[longest].height > 15  # wrapped text gets its height


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check"], "缺少参数"),
        (["check", "--bogus", "x.xlsx"], "没有这个选项：--bogus"),
        (["merge", "x", "-o", "a.xlsx", "--workers", "0"], "应不小于 1"),
        (["chek"], "没有这个命令：chek"),
    ],
)
def test_usage_errors_are_chinese(args, expected):
    result = run(*args)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr

"""The installed ``jixiao`` command, run as a clerk would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

JIXIAO = Path(sys.executable).with_name("jixiao")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(JIXIAO), *args], capture_output=True, text=True, timeout=120)


def test_help_lists_the_commands():
    result = _run("--help")
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout and "绩效助手" in result.stdout


def test_demo_checks_scores_and_marks_the_sample_workbooks(tmp_path):
    result = _run("demo", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    for unit in ("渠县总工会", "正定县总工会", "雁峰区总工会", "广元市总工会", "阳新县总工会"):
        assert unit in out
    line = next(line for line in out.splitlines() if "区财政送温暖" in line and "│" in line)
    cells = [c.strip() for c in line.split("│")]
    # 工作表, 项目, 分值, 得分, 执行率, 总分, 填写总分, 等级
    assert cells[2:8] == ["80", "80", "100%", "90", "100", "优"]
    assert "JX304" in out  # the written 总分 100 is not the sum 90
    counties = sorted((tmp_path / "县级报送").glob("*.xlsx"))
    marked = sorted((tmp_path / "标记副本").glob("*.xlsx"))
    assert len(counties) == len(marked) == 5
    import openpyxl

    assert "校验结果" in openpyxl.load_workbook(marked[0]).sheetnames
    city = openpyxl.load_workbook(tmp_path / "市级汇总.xlsx")
    assert city.sheetnames[:2] == ["总览", "汇总"] and "目标表" in city.sheetnames
    assert "合并汇总：5/5 个文件" in out


def test_profiles_command():
    result = _run("profiles")
    assert result.returncode == 0
    assert "sichuan" in result.stdout and "权重" in result.stdout


def test_ci_runs_the_readme_test_command():
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```bash\n")
    setup_command, test_command = (block.split("\n", 1)[0] for block in blocks[1:3])
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in test_command
    assert test_command in ci
    assert setup_command == "bash .ci/setup"  # the README's set-up line is what CI runs
    assert "\nbash .ci/setup" in ci


def test_readme_states_the_number_of_rules_in_the_catalogue():
    from addin.rules.catalog import RULES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"共 {len(RULES)} 条" in readme

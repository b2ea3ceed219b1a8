"""``jixiao`` starts, and speaks Chinese, with the lowest typer that pyproject.toml allows.

The Chinese help frame (addin/cli/help.py) reaches into typer's help rendering, so the
lower bound is a fact to test, not a guess: the lowest allowed release is installed beside
the project (pip, from the package index) and the command line is run with it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lowest_typer() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (spec,) = [d for d in config["project"]["dependencies"] if d.startswith("typer")]
    found = re.fullmatch(r"typer>=([\d.]+)", spec.split(";")[0].strip())
    assert found, f"typer needs a plain lower bound in pyproject.toml, not {spec!r}"
    return found.group(1)


def _jixiao(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "addin", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_jixiao_runs_with_the_lowest_typer_allowed(tmp_path: Path) -> None:
    version = _lowest_typer()
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         f"typer=={version}"],
        check=True, timeout=300,
    )  # fmt: skip
    probe = subprocess.run(
        [sys.executable, "-c", "import typer; print(typer.__version__)"],
        capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(site)}, check=True,
    )  # fmt: skip
    assert probe.stdout.strip() == version
    shown = _jixiao(site, "check", "--help")
    assert shown.returncode == 0, shown.stderr
    assert "示例" in shown.stdout and "选项" in shown.stdout and "Options" not in shown.stdout
    missing = _jixiao(site, "new")
    assert missing.returncode == 2 and "缺少参数 表格" in missing.stderr
    unreadable = _jixiao(site, "score", str(tmp_path / "没有这个文件.xlsx"))
    assert unreadable.returncode == 2 and "无法读取" in unreadable.stderr
    assert "Traceback" not in unreadable.stderr

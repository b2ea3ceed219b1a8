"""The LibreOffice helper: a private profile that is set up before any work is given.

A fresh profile makes ``soffice.bin`` exit with 81 (restart) before doing the work it
was given; a conversion handed to that start depended on the restart, and on a busy
machine it was lost (``test_ods_and_xls_files_read_like_xlsx[ods]`` failed once that
way). These tests run ``soffice.bin`` itself, without the launcher that hides the restart.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import openpyxl

from addin.templates.lo import convert, private_profile, soffice


def _book(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 0.92
    wb.active["A1"].number_format = "0%"
    path = folder / "执行率.xlsx"
    wb.save(path)
    return path


def _bin() -> str:
    return str(Path(soffice()).resolve().parent / "soffice.bin")


def _work(source: Path, outdir: Path) -> list[str]:
    return ["--convert-to", "ods", "--outdir", str(outdir), str(source)]


def test_a_fresh_profile_restarts_before_converting(tmp_path):
    """The cause: given work on a new profile, LibreOffice first asks for a restart."""
    source = _book(tmp_path)
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-test-") as profile:
        start = [_bin(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
        result = subprocess.run([*start, *_work(source, tmp_path / "a")], capture_output=True)
    assert result.returncode == 81
    assert not (tmp_path / "a" / "执行率.ods").exists()


def test_a_prepared_profile_converts_at_the_first_start(tmp_path):
    """The fix: the helper's profile is set up, so the working start needs no restart."""
    source = _book(tmp_path)
    with private_profile() as (start, env):
        direct = [_bin(), *start[1:]]
        result = subprocess.run(
            [*direct, *_work(source, tmp_path / "b")], capture_output=True, env=env
        )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "b" / "执行率.ods").exists()


def test_convert_reads_back_a_percent_format_from_ods(tmp_path):
    from addin.workbook.files import read_grid

    (ods,) = convert([_book(tmp_path)], tmp_path / "c", "ods")
    sheet = read_grid(ods).sheets[0]
    assert sheet.formats == {"A1": "0%"}
    assert sheet.text(0, 0) == "92%"

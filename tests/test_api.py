"""addin.api: DataFrames that agree row for row with the summary workbook; --export; the
row-limit note on a sheet too long for Excel."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin import api
from addin.demo.samples import build_samples, generate_county_workbooks
from addin.merge import summary
from addin.merge.run import merge
from addin.merge.tables import FINDINGS, INDICATORS, UNITS
from addin.workbook.files import InputError
from addin.workbook.printing import LINE_HEIGHT, wrapped_lines

JIXIAO = Path(sys.executable).with_name("jixiao")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("各县")
    build_samples(root / "样例")
    generate_county_workbooks(root / "生成", 5, seed=11)
    (root / "坏.xlsx").write_bytes(b"broken")
    return root


@pytest.fixture(scope="module")
def merged(folder, tmp_path_factory) -> tuple[Path, Path, dict]:
    out = tmp_path_factory.mktemp("city")
    book, export = out / "汇总.xlsx", out / "导出"
    result = subprocess.run(
        [str(JIXIAO), "merge", str(folder), "-o", str(book), "--export", str(export), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 3, result.stderr  # 坏.xlsx failed, the rest merged
    return book, export, json.loads(result.stdout)


def _plain(frame: pd.DataFrame) -> list[tuple]:
    """Rows with NaN as None, numbers as float: what a sheet read back gives."""
    return [
        tuple(
            None
            if v is None or (isinstance(v, float) and math.isnan(v))
            else float(v)
            if isinstance(v, int | float)
            else v
            for v in row
        )
        for row in frame.itertuples(index=False)
    ]


def _sheet(book: Path, name: str, width: int, tail: int = 0) -> list[tuple]:
    rows = list(openpyxl.load_workbook(book)[name].iter_rows(min_row=3, values_only=True))
    rows = rows[: len(rows) - tail] if tail else rows
    return [tuple(float(v) if isinstance(v, int | float) else v for v in r[:width]) for r in rows]


def test_merge_frames_equal_the_summary_sheets_row_for_row(folder, merged):
    book, _, data = merged
    city = api.merge([folder], workers=1)
    assert list(city.indicators.columns) == [c.key for c in INDICATORS]
    assert len(city.indicators) > 100
    assert _plain(city.indicators) == _sheet(book, "指标明细", len(INDICATORS))
    summary = _sheet(book, "汇总", len(UNITS))
    assert _plain(city.units) == summary[: len(city.units)]
    assert not any(summary[len(city.units)])  # then a blank row, then the totals by kind
    assert _plain(city.findings) == _sheet(book, "问题清单", len(FINDINGS))
    assert list(city.failed["file"]) == ["坏.xlsx"]
    assert city.totals == data["totals"]
    assert city.units["budget"].dtype.kind == "f" and city.units["errors"].dtype.kind in "if"


def test_read_one_workbook_with_provenance(folder):
    path = next((folder / "样例").glob("*雁峰*"))
    one = api.read(path)
    assert set(one.units["file"]) == {path.name}
    assert one.indicators[["file", "sheet", "cell"]].notna().all().all()
    cell = one.indicators.iloc[0]
    sheet = openpyxl.load_workbook(path, read_only=True)[cell["sheet"]]
    assert str(sheet[cell["cell"]].value).split() == str(cell["name"]).split()
    assert len(one.findings) > 0 and set(one.findings["severity"]) <= {"错误", "警告", "提示"}


def test_read_an_unreadable_file_raises_a_chinese_reason(folder):
    with pytest.raises(InputError) as caught:
        api.read(folder / "坏.xlsx")
    assert "坏.xlsx" in str(caught.value) and "工作簿" in str(caught.value)


def test_export_writes_parquet_and_csv_that_match_the_frames(folder, merged):
    _, export, _ = merged
    city = api.merge([folder], workers=1)
    for stem, frame in (("指标明细", city.indicators), ("汇总", city.units)):
        parquet = pd.read_parquet(export / f"{stem}.parquet")
        assert list(parquet.columns) == list(frame.columns)
        assert _plain(parquet) == _plain(frame)
        csv = pd.read_csv(export / f"{stem}.csv", encoding="utf-8-sig")
        assert len(csv) == len(frame)
    header = (export / "指标明细.csv").read_bytes()[:3]
    assert header == b"\xef\xbb\xbf"  # BOM: Excel and WPS open the Chinese text correctly
    assert pd.read_csv(export / "指标明细.csv", encoding="utf-8-sig").columns[0] == "单位"


def test_a_sheet_past_the_row_limit_says_so_and_points_to_the_export(folder, tmp_path, monkeypatch):
    result = merge([folder / "样例"], workers=1)
    limit = 40
    monkeypatch.setattr(summary, "EXCEL_ROWS", limit)
    out = tmp_path / "大.xlsx"
    summary.write_summary(result, out)
    ws = openpyxl.load_workbook(out)["指标明细"]
    assert len(result.indicators) > limit
    assert ws.max_row == limit
    note = ws["A1"].value
    assert f"共 {len(result.indicators):,} 行" in note and "--export" in note
    assert "指标明细.parquet" in note


def test_a_summary_written_while_merging_says_so_too(folder, tmp_path, monkeypatch):
    """指标明细 written during the merge, before its length is known: a table that turns
    out too long says so on top, nothing silently cut."""
    limit = 40
    monkeypatch.setattr(summary, "EXCEL_ROWS", limit)
    out = tmp_path / "边读边写.xlsx"
    result = summary.merge_to_summary(out, [folder / "样例"], workers=1)
    ws = openpyxl.load_workbook(out)["指标明细"]
    assert len(result.indicators) > limit and ws.max_row == limit
    assert f"共 {len(result.indicators):,} 行" in ws["A1"].value


def test_a_summary_written_while_merging_equals_one_written_after(folder, tmp_path):
    streamed = tmp_path / "边读边写.xlsx"
    result = summary.merge_to_summary(streamed, [folder], workers=2)
    after = tmp_path / "读完再写.xlsx"
    summary.write_summary(result, after)
    for name in summary.SHEETS[:4]:
        assert _sheet(streamed, name, 20) == _sheet(after, name, 20), name
    assert len(_sheet(streamed, "指标明细", 20)) == len(result.indicators) > 100


def test_every_wrapped_row_is_as_tall_as_its_text_however_long_the_table(folder, tmp_path):
    """Row heights are written with the rows: a province's 问题清单 is tall to its end."""
    out = tmp_path / "行高.xlsx"
    result = merge([folder / "样例"], workers=1)
    summary.write_summary(result, out)
    ws = openpyxl.load_workbook(out)["问题清单"]
    wraps = [(n, c.width) for n, c in enumerate(FINDINGS) if c.wrap]
    checked = 0
    for r, row in enumerate(ws.iter_rows(min_row=3, values_only=True), 3):
        lines = max(
            [wrapped_lines(row[n], width) for n, width in wraps if isinstance(row[n], str)] or [1]
        )
        height = ws.row_dimensions[r].height
        assert height == (LINE_HEIGHT * lines if lines > 1 else None), r
        checked += lines > 1
    assert checked > 10 and ws.max_row > 40

"""Isolation, guards, safe text and safe outputs, each on its own, with real processes and files."""

from __future__ import annotations

import errno
import os
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_corpus import build_corpus

from addin.demo.samples import build_samples
from addin.merge import run as merge_module
from addin.workbook.files import InputError, read_grid
from addin.workbook.grid import SheetGrid
from addin.workbook.guards import MAX_SHEET_CELLS, PackageRefused, check_package
from addin.workbook.isolation import CRASHED, Limits, run_isolated
from addin.workbook.outputs import OutputRefused, check_output, os_reason, write_output
from addin.workbook.safe_text import MAX_CELL_TEXT, safe_text, write_text

FALLBACK = re.compile(r"^写入失败（")


def _work(item: str) -> str:
    """A reader stand-in: dies, hangs, eats memory, raises, or answers."""
    if item == "abort":
        os.abort()
    if item == "hang":
        time.sleep(600)
    if item == "huge":
        return "x" * (4 * 1024**3)
    if item == "raise":
        raise MemoryError
    return item.upper()


def _failed(item: str, reason: str) -> str:
    return f"{item}: {reason}"


def test_a_dying_hanging_or_swelling_item_fails_alone_and_the_rest_go_on():
    items = ["a", "abort", "b", "hang", "c", "huge", "d", "raise", "e"]
    limits = Limits(seconds=3, memory_mb=1024)
    results = dict(run_isolated(items, _work, _failed, workers=2, limits=limits))
    assert sorted(results) == list(range(len(items)))
    assert [results[i] for i in (0, 2, 4, 6, 8)] == ["A", "B", "C", "D", "E"]
    assert results[1] == f"abort: {CRASHED}"
    assert results[3] == f"hang: {limits.timed_out()}"
    assert results[5] in (f"huge: {limits.out_of_memory()}", f"huge: {CRASHED}")
    assert results[7] == f"raise: {limits.out_of_memory()}"


def test_results_stream_as_they_complete():
    stream = run_isolated(["hang", "a"], _work, _failed, workers=2, limits=Limits(seconds=5))
    first = next(stream)
    assert first == (1, "A")  # the quick one first, while the other still runs
    assert next(stream) == (0, f"hang: {Limits(seconds=5).timed_out()}")


def test_items_waiting_behind_a_failing_one_are_read_by_the_next_worker():
    """A worker holds two items; when the one it is on hangs or dies, the one waiting
    behind it is not lost and not blamed: a new worker reads it."""
    limits = Limits(seconds=2, memory_mb=1024)
    results = dict(run_isolated(["hang", "a", "abort", "b", "c"], _work, _failed, limits=limits))
    assert results == {
        0: f"hang: {limits.timed_out()}",
        1: "A",
        2: f"abort: {CRASHED}",
        3: "B",
        4: "C",
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("hostile") / "县")


def test_the_merge_survives_a_reader_that_aborts(corpus, tmp_path, monkeypatch):
    """Without the guards, the Rust reader aborts on a cell at XFD1048576: that file fails,
    the good books merge."""
    good = build_samples(tmp_path / "样例")
    monkeypatch.setattr("addin.workbook.files.check_package", lambda archive: [])  # workers fork
    result = merge_module.merge(
        [corpus["末格XFD1048576"], *good], workers=2, limits=Limits(seconds=60, memory_mb=1024)
    )
    failed = {f.file: f.reason for f in result.failed}
    reason = failed[str(corpus["末格XFD1048576"].resolve())]
    assert reason in (CRASHED, Limits(memory_mb=1024).out_of_memory())
    assert result.merged == len(good)


def test_guards_read_the_extent_of_a_good_book_without_refusing(tmp_path):
    for path in build_samples(tmp_path):
        with zipfile.ZipFile(path) as archive:
            extents = check_package(archive)
        assert extents and all(0 < e.rows * e.cols <= MAX_SHEET_CELLS for e in extents)
        assert all(not e.name.startswith("xl/") for e in extents)  # names from workbook.xml


def test_guards_see_a_cell_split_across_read_chunks(corpus, monkeypatch):
    monkeypatch.setattr("addin.workbook.guards.CHUNK", 256)
    path = corpus["末格XFD1048576"]
    with zipfile.ZipFile(path) as archive, pytest.raises(PackageRefused, match="XFD1048576"):
        check_package(archive)


def test_a_whole_grid_merge_is_clipped_to_the_data():
    sheet = SheetGrid(name="表", values=[["a", "b"], [None, "c"]], merged=["A1:XFD1048576"])
    assert sheet.merged_ranges() == [(0, 0, 1, 1)]
    assert sheet.filled() == [["a", "a"], ["a", "a"]]
    beyond = SheetGrid(name="表", values=[["a"]], merged=["C3:D4"])
    assert beyond.merged_ranges() == [] and beyond.filled() == [["a"]]


def test_read_grid_refuses_with_the_file_and_sheet_named(corpus):
    path = corpus["每表末行有值"]
    with pytest.raises(InputError) as caught:
        read_grid(path)
    assert caught.value.path == str(path)
    assert "工作表「Sheet1」" in caught.value.reason and "J1048576" in caught.value.reason


def test_safe_text_replaces_what_excel_cannot_store():
    assert safe_text("单位\x00名\x01称\x0c") == "单位\ufffd名\ufffd称\ufffd"
    assert safe_text("换行\n制表\t保留") == "换行\n制表\t保留"
    long = safe_text("长" * (MAX_CELL_TEXT + 10))
    assert len(long) == MAX_CELL_TEXT and long.endswith("已截断）")
    # a character beyond U+FFFF takes two of the cell's 32,767 UTF-16 units
    wide = safe_text("😀" * 20_000)
    assert len(wide.encode("utf-16-le")) <= MAX_CELL_TEXT * 2 and wide.endswith("已截断）")
    assert wide[: -len("…（超长，已截断）")] == "😀" * ((MAX_CELL_TEXT - 9) // 2)
    assert safe_text("😀" * 16_383) == "😀" * 16_383  # 32,766 units: fits


def test_write_text_keeps_formula_like_text_as_text(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    for row, value in enumerate(("=1+1", "+SUM(1,2)", "-3", "@x", "a\x01b", 5), 1):
        write_text(ws.cell(row=row, column=1), value)
    book.save(tmp_path / "t.xlsx")
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in back["A"]] == ["=1+1", "+SUM(1,2)", "-3", "@x", "a\ufffdb", 5]
    assert [c.data_type for c in back["A"]] == ["s"] * 5 + ["n"]


def test_outputs_refuse_inputs_by_identity_and_links(tmp_path):
    county = tmp_path / "县.xlsx"
    county.write_bytes(b"county")
    hard = tmp_path / "硬链接.xlsx"
    os.link(county, hard)
    soft = tmp_path / "软链接.xlsx"
    soft.symlink_to(county)
    dangling = tmp_path / "悬空.xlsx"
    dangling.symlink_to(tmp_path / "不存在.xlsx")
    for output in (county, hard, tmp_path / "." / "县.xlsx"):
        with pytest.raises(OutputRefused, match="同一个文件"):
            check_output(output, [county])
    for output in (soft, dangling):
        with pytest.raises(OutputRefused, match="符号链接"):
            check_output(output, [county])
    with pytest.raises(OutputRefused, match="不存在"):
        check_output(tmp_path / "无" / "汇总.xlsx", [county])
    check_output(tmp_path / "汇总.xlsx", [county])  # a new file is fine
    assert county.read_bytes() == b"county"


def test_write_output_replaces_whole_or_not_at_all(tmp_path):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"old")
    other = tmp_path / "另一个名字.xlsx"
    os.link(out, other)

    def broken(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_output(out, [], broken)
    assert out.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.name, other.name]
    )
    write_output(out, [], lambda temp: temp.write_bytes(b"new"))
    assert out.read_bytes() == b"new" and other.read_bytes() == b"old"


def test_a_failed_write_is_told_in_chinese():
    assert "没有写入权限" in os_reason(PermissionError(errno.EACCES, "Permission denied"))
    assert "磁盘空间不足" in os_reason(OSError(errno.ENOSPC, "No space left on device"))
    assert FALLBACK.search(os_reason(OSError(errno.EIO, "Input/output error")))

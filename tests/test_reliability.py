"""Names, links, signals and our own outputs: nothing a folder or a signal holds sinks a run.

- a file name whose bytes are not UTF-8 (GBK or Latin-1 from a zip made on Chinese
  Windows) reads like any other, and ``--json`` stays valid UTF-8 showing it readably;
- the export, the report and ``new`` never write through a link onto an input;
- SIGTERM removes the temporary output and stops the workers; after SIGKILL the workers
  end with their parent and the next run removes the temporary file left behind;
- our own summary is known by its signature: a changed one, or one signed elsewhere, is
  listed as failed with its reason, never skipped in silence.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psutil
import pytest

from addin.demo.samples import generate_county_workbooks
from addin.workbook.guards import MAX_SHEETS, PackageRefused, check_package
from addin.workbook.outputs import TEMP_PREFIX, OutputRefused, remove_stale, write_output

JIXIAO = Path(sys.executable).with_name("jixiao")
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(*args: object, env: dict | None = None, timeout: float = 300):
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, timeout=timeout,
        env=env or os.environ.copy(),
    )  # fmt: skip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> list[Path]:
    return generate_county_workbooks(tmp_path_factory.mktemp("县") / "各县", 3, seed=5)


def test_names_that_are_not_utf8_read_and_show_readably(books, tmp_path):
    folder = tmp_path / "报送"
    folder.mkdir()
    gbk = os.fsdecode(bytes(folder) + b"/" + "中国县".encode("gbk") + b".xlsx")
    latin = os.fsdecode(bytes(folder) + b"/" + "café".encode("latin-1") + b".xlsx")
    Path(gbk).write_bytes(books[0].read_bytes())
    Path(latin).write_bytes(books[1].read_bytes())
    done = run("merge", folder, "-o", tmp_path / "汇总.xlsx", "--json")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    payload = json.loads(done.stdout.decode("utf-8"))  # strict: valid UTF-8
    names = {Path(u["file"]).name for u in payload["units"]}
    assert names == {"中国县.xlsx", "caf\\xe9.xlsx"}, names
    assert payload["merged"] == 2 and not payload["failed"]
    checked = run("check", Path(gbk))
    assert checked.returncode in (0, 1), checked.stderr.decode("utf-8", "replace")
    assert "中国县.xlsx" in checked.stdout.decode("utf-8")


def test_the_export_never_writes_through_a_link_onto_an_input(books, tmp_path):
    county = tmp_path / "县.xlsx"
    county.write_bytes(books[0].read_bytes())
    before = digest(county)
    for name, link in (("汇总.csv", os.symlink), ("指标明细.parquet", os.link)):
        export = tmp_path / f"导出{name}"
        export.mkdir()
        link(county, export / name)
        done = run("merge", county, "-o", tmp_path / f"汇总{name}.xlsx", "--export", export)
        assert done.returncode == 2, done.stderr.decode()
        line = done.stderr.decode()
        assert CJK.search(line) and "Traceback" not in line
        assert digest(county) == before
        assert not [p for p in export.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_report_and_new_never_write_through_a_link(books, tmp_path):
    county = tmp_path / "县.xlsx"
    county.write_bytes(books[0].read_bytes())
    before = digest(county)
    for link in (os.symlink, os.link):
        target = tmp_path / f"链接{link.__name__}.docx"
        link(county, target)
        done = run("report", county, "-o", target)
        assert done.returncode == 2 and CJK.search(done.stderr.decode()), done.stderr.decode()
    new = tmp_path / "模板.xlsx"
    new.symlink_to(county)
    done = run("new", "project_self", "-o", new, "--force")
    assert done.returncode == 2 and "符号链接" in done.stderr.decode(), done.stderr.decode()
    assert digest(county) == before


def _children(pid: int) -> list[int]:
    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _wait_for(predicate, seconds: float = 120) -> bool:
    """Poll until ``predicate()`` (an event, not a speed: the bound only ends a hang)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """Enough books that a merge on one worker is still running when it is signalled."""
    folder = tmp_path_factory.mktemp("多县") / "各县"
    generate_county_workbooks(folder, 24, seed=9)
    return folder


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_removes_the_temporary_output_and_stops_the_workers(signum, many, tmp_path):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"earlier summary")
    process = subprocess.Popen(
        [str(JIXIAO), "merge", str(many), "-o", str(out), "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    temp = lambda: [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]  # noqa: E731
    assert _wait_for(lambda: temp() and _children(process.pid)), "the merge never started"
    workers = _children(process.pid)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, stderr.decode()
    assert "已中断" in stderr.decode() and "Traceback" not in stderr.decode()
    assert not temp() and out.read_bytes() == b"earlier summary"
    assert _wait_for(lambda: not [p for p in workers if psutil.pid_exists(p)
                                  and psutil.Process(p).status() != "zombie"])  # fmt: skip


def test_after_sigkill_workers_end_and_the_next_run_removes_the_temporary_file(many, tmp_path):
    out = tmp_path / "汇总.xlsx"
    process = subprocess.Popen(
        [str(JIXIAO), "merge", str(many), "-o", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    temp = lambda: [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]  # noqa: E731
    assert _wait_for(lambda: temp() and _children(process.pid)), "the merge never started"
    workers = _children(process.pid)
    process.kill()
    process.wait(timeout=60)
    alive = lambda: [p for p in workers if psutil.pid_exists(p)  # noqa: E731
                     and psutil.Process(p).status() != "zombie"]  # fmt: skip
    assert _wait_for(lambda: not alive()), alive()
    assert temp() and not out.exists()  # what SIGKILL leaves
    done = run("merge", many, "-o", out, "--workers", "2")
    assert done.returncode == 0, done.stderr.decode()
    assert not temp() and out.exists()


def test_only_temporary_files_of_ended_processes_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-汇总.abc.xlsx"
    live = tmp_path / f"{TEMP_PREFIX}{os.getppid()}-汇总.def.xlsx"
    other = tmp_path / ".汇总.ghi.xlsx"  # not ours
    for path in (stale, live, other):
        path.write_bytes(b"x")
    assert remove_stale(tmp_path) == [stale]
    assert live.exists() and other.exists() and not stale.exists()
    write_output(tmp_path / "新.txt", (), lambda temp: temp.write_text("新"))
    assert (tmp_path / "新.txt").read_text() == "新" and live.exists()


def test_an_output_larger_than_the_tool_reads_back_is_refused_and_the_old_kept(tmp_path):
    out = tmp_path / "副本.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(OutputRefused, match="超过本工具能再读入"):
        write_output(out, (), lambda temp: temp.write_bytes(b"x" * 2048), max_bytes=1024)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["副本.xlsx"]


def _book_with_sheets(path: Path, names: list[str]) -> None:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheets = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, n in enumerate(names, 1))  # fmt: skip
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "xl/workbook.xml", f"<workbook {ns} {rel}><sheets>{sheets}</sheets></workbook>"
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        for i in range(1, len(names) + 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml",
                             f'<worksheet {ns}><sheetData><row r="1"><c r="A1"><v>1</v></c>'
                             "</row></sheetData></worksheet>")  # fmt: skip


def test_a_marked_copy_of_a_book_at_the_sheet_limit_is_read_again(tmp_path):
    """--mark adds 校验结果 and jixiao_marks: a book at the limit stays readable."""
    county = [f"表{i}" for i in range(MAX_SHEETS)]
    marked = tmp_path / "标记.xlsx"
    _book_with_sheets(marked, ["校验结果", *county, "jixiao_marks"])
    with zipfile.ZipFile(marked) as archive:
        assert len(check_package(archive)) == MAX_SHEETS + 2
    over = tmp_path / "超出.xlsx"
    _book_with_sheets(over, [*county, "多一张"])
    with zipfile.ZipFile(over) as archive, pytest.raises(PackageRefused, match="501 张"):
        check_package(archive)


def _rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info.filename, change(info.filename, data))


def test_our_summary_is_known_by_its_signature_not_by_its_property(books, tmp_path):
    folder = tmp_path / "各县"
    folder.mkdir()
    for book in books[:2]:
        (folder / book.name).write_bytes(book.read_bytes())
    first = folder / "上月汇总.xlsx"
    assert run("merge", folder, "-o", first).returncode == 0
    done = run("merge", folder, "-o", tmp_path / "本月.xlsx", "--json")
    payload = json.loads(done.stdout)
    assert done.returncode == 0 and payload["merged"] == 2, done.stderr.decode()
    assert [s["file"] for s in payload["skipped"]] == [str(first.resolve())]
    # changed after it was written: its signature no longer holds
    _rewrite(first, lambda name, data: data + b" " if name.endswith("sheet1.xml") else data)
    done = run("merge", folder, "-o", tmp_path / "改过.xlsx", "--json")
    payload = json.loads(done.stdout)
    assert done.returncode == 3 and not payload["skipped"], done.stderr.decode()
    assert "核对不上" in {f["file"]: f["reason"] for f in payload["failed"]}[str(first.resolve())]
    # signed with another user's key
    second = folder / "别处汇总.xlsx"
    first.unlink()
    env = os.environ | {"JIXIAO_SIGNING_KEY": str(tmp_path / "别处.key")}
    assert run("merge", folder, "-o", second, env=env).returncode == 0
    done = run("merge", folder, "-o", tmp_path / "再合并.xlsx", "--json")
    payload = json.loads(done.stdout)
    assert done.returncode == 3 and payload["merged"] == 2
    assert "核对不上" in {f["file"]: f["reason"] for f in payload["failed"]}[str(second.resolve())]


def _small_disk(size: int):
    """Writes past ``size`` bytes fail as on a full disk (EFBIG instead of ENOSPC; the
    signal the kernel sends for it is ignored, as a full disk sends none)."""

    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize("command", ["merge", "export", "report", "mark", "new"])
def test_a_failed_write_leaves_the_earlier_file_intact(command, books, tmp_path):
    county = tmp_path / "县.xlsx"
    county.write_bytes(books[0].read_bytes())
    export = tmp_path / "导出"
    export.mkdir()
    out, args = {
        "merge": (tmp_path / "汇总.xlsx", ["merge", county, "-o", tmp_path / "汇总.xlsx"]),
        "export": (export / "指标明细.parquet",
                   ["merge", county, "-o", tmp_path / "汇总.xlsx", "--export", export]),
        "report": (tmp_path / "报告.docx", ["report", county, "-o", tmp_path / "报告.docx"]),
        "mark": (tmp_path / "标记.xlsx", ["check", county, "--mark", tmp_path / "标记.xlsx"]),
        "new": (tmp_path / "模板.xlsx", ["new", "project_self", "-o", tmp_path / "模板.xlsx",
                                         "--force"]),
    }[command]  # fmt: skip
    out.write_bytes(b"earlier")
    if command == "export":
        (tmp_path / "汇总.xlsx").unlink(missing_ok=True)
        # the summary itself is small enough; the export's indicator table is not
    size = 64 * 1024 if command == "export" else 4 * 1024  # the export: its summary fits
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}  # no cached module cut short
    done = subprocess.run([str(JIXIAO), *map(str, args)], capture_output=True, timeout=300,
                          preexec_fn=_small_disk(size), env=env)  # fmt: skip
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, (command, done.returncode, stderr)
    assert CJK.search(stderr) and "Traceback" not in stderr and "Exception" not in stderr
    assert out.read_bytes() == b"earlier"
    folders = {tmp_path, export}
    assert not [p for f in folders for p in f.iterdir() if p.name.startswith(TEMP_PREFIX)]

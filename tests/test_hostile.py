"""The hostile-file corpus: check, score, --mark and a merge survive any county file.

The corpus (tests/hostile_corpus.py) is built at test time from one good book. Every
command runs in a child process with an address-space limit and a timeout, so a crash, a
hang or a runaway allocation fails the test instead of the machine. Asserted for each file:
an exit code of the contract, a Chinese line for a refusal, no traceback, the input
unchanged, no county text turned into a formula; and for the merge with good books: exit 3,
every good book merged, every input merged or listed with its reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from hostile_corpus import INJECTION, build_corpus

from addin.check.marks import COLORS, ClearAction, apply_to_file, plan_marks
from addin.demo.samples import build_samples, generate_county_workbooks
from addin.rules.checks import Finding

JIXIAO = Path(sys.executable).with_name("jixiao")
BATCH = Path(__file__).with_name("cli_batch.py")
MEMORY = 3 * 1024**3  # address space of every child: a runaway reader dies, not the machine
CJK = re.compile(r"[\u4e00-\u9fff]")

# case -> words of the Chinese reason every command must give when refusing it
REFUSED = {
    "末格XFD1048576": "超过每表 1,000,000 个单元格",
    "每表末行有值": "超过每表 1,000,000 个单元格",
    "超出列范围": "超出 Excel 表格范围",
    "超出行范围": "超出 Excel 表格范围",
    "超大行号": "超出 Excel 表格范围",
    "倒置合并": "合并区域「B2:A1」无效",
    "无效合并": "合并区域",
    "共享字符串计数溢出": "共享字符串表声明有 4,294,967,295 条",
    "缺少workbook": "缺少必需的组成部分「xl/workbook.xml」",
    "缺少工作表": "内容（xl/worksheets/sheet1.xml）缺失",
    "压缩数据损坏": "压缩数据无法解压",
    "压缩炸弹": "压缩炸弹",
    "加密标志": "加密",
    "控制字符": "XML 内容不合法",
    "空字符": "XML 内容不合法",
    "控制字符引用": "XML 内容不合法",
    "表名换页符": "XML 内容不合法",
    "ODS重复行": "超过每表 1,000,000 个单元格",
    "ODS空行": "没有找到可识别的绩效表格",  # read at once: a one-cell table, no form in it
    # every part through one guarded reader: unknown methods, encrypted flags, bad streams
    "属性部件压缩方式99": "「docProps/custom.xml」使用了不支持的压缩方式（编号 99）",
    "属性部件加密标志": "加密",
    "属性部件数据损坏": "「docProps/custom.xml」压缩数据无法解压",
    "工作表压缩方式99": "不支持的压缩方式（编号 99）",
    "工作表压缩方式12": "不支持的压缩方式（编号 12）",
    # .xls: its own guards before calamine allocates
    "xls维度溢出": "超出 .xls 表格范围",
    "xls末格IV65536": "延伸到 IV65536",
    "xls截断": "不是有效的 .xls 工作簿",
    "xls实为xlsx": "使用了 .xls 扩展名",
}
# readable cases: checked (exit 0 or 1) and scored (exit 0)
READABLE = {
    "负数执行数", "合并区内的错误", "公式注入", "表名公式", "超长文本", "转义控制字符",
    "路径[方括号]", "声明全表尺寸", "大量合并", "重叠合并", "外部实体", "实体膨胀", "样式越界",
    "缺少styles", "数字格式异常", "表名过长", "表名重复", "表名方括号", "一万个条目",
    "另表全表合并",
    "全表合并",  # Excel shows only A1 (the title): read as a form with nothing filled in
    "伪造汇总标记", "伪造汇总签名",  # a county book, whatever summary marks it copies
    "严格OOXML", "xls正常",
}  # fmt: skip
UNMARKABLE = (".ods", ".xls")  # --mark refuses before reading: it explains converting
INSPECTED = {"ODS空行"}  # readable, no form in it: inspect shows how its table was read
# readable, but openpyxl cannot load them for a marked copy: a Chinese line, exit 2
MARK_REFUSED = {
    "样式越界": "样式信息",
    "缺少styles": "样式信息",
    "表名方括号": "工作表名称",
    "另表全表合并": "合并区域「A1:XFD1048576」覆盖了 17,179,869,184 个单元格",
    "全表合并": "合并区域「A1:XFD1048576」覆盖了",
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_child(args: list[str], stdin: str | None = None, timeout: float = 300):
    return subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=timeout,
        preexec_fn=_limit_memory,
    )  # fmt: skip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    files = build_corpus(tmp_path_factory.mktemp("hostile") / "县")
    assert set(files) == set(REFUSED) | READABLE
    return files


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("good")
    books = build_samples(folder / "样例") + generate_county_workbooks(folder / "各县", 5, seed=11)
    assert len(books) == 10
    return books


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    """check, score, inspect, check --mark and clear of the marked copy on every corpus
    file, in one child process."""
    marks = tmp_path_factory.mktemp("marks")
    cleared = tmp_path_factory.mktemp("cleared")
    before = {name: digest(path) for name, path in corpus.items()}
    commands = []
    for name, path in corpus.items():
        commands += [["check", str(path)], ["score", str(path)], ["inspect", str(path)],
                     ["check", str(path), "--mark", str(marks / f"{name}.xlsx")],
                     ["clear", str(marks / f"{name}.xlsx"), "-o",
                      str(cleared / f"{name}.xlsx")]]  # fmt: skip
    done = run_child([sys.executable, str(BATCH)], json.dumps(commands), timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    by_case = {}
    for name, i in zip(corpus, range(0, len(results), len(COMMANDS)), strict=True):
        by_case[name] = dict(zip(COMMANDS, results[i : i + len(COMMANDS)], strict=True))
    return by_case, marks, before


COMMANDS = ("check", "score", "inspect", "mark", "clear")


def _refusal_line(result: dict) -> str:
    lines = [line for line in result["stderr"].splitlines() if line.strip()]
    assert len(lines) == 1, result["stderr"]
    assert CJK.search(lines[0]) and "Traceback" not in lines[0]
    return lines[0]


def test_no_command_shows_a_traceback(single):
    by_case, _, _ = single
    for name, results in by_case.items():
        for command, result in results.items():
            assert result["error"] is None, (name, command, result["error"])
            assert "Traceback" not in result["stderr"] + result["stdout"], (name, command)


def test_refused_files_get_one_chinese_line_and_exit_2(single, corpus):
    by_case, marks, _ = single
    for name, words in REFUSED.items():
        for command in ("check", "score", "inspect", "mark"):
            result = by_case[name][command]
            if command == "inspect" and name in INSPECTED:
                assert result["code"] == 0, (name, result["stderr"])
                continue
            assert result["code"] == 2, (name, command, result["stderr"])
            line = _refusal_line(result)
            if command == "mark" and corpus[name].suffix in UNMARKABLE:
                words = "标记副本只能写成 .xlsx"  # refused before reading: explains converting
            assert words in line and corpus[name].name in line, (name, command, line)
        assert not (marks / f"{name}.xlsx").exists()


def test_readable_files_are_checked_scored_and_marked(single, corpus):
    by_case, marks, _ = single
    for name in READABLE:
        results = by_case[name]
        assert results["check"]["code"] in (0, 1), (name, results["check"]["stderr"])
        assert re.search(r"识别出 [1-9] 张表", results["check"]["stdout"]), name
        assert results["score"]["code"] == 0, (name, results["score"]["stderr"])
        assert results["inspect"]["code"] == 0, (name, results["inspect"]["stderr"])
        mark = results["mark"]
        if corpus[name].suffix in UNMARKABLE:
            assert mark["code"] == 2 and "标记副本只能写成 .xlsx" in _refusal_line(mark), name
        elif name in MARK_REFUSED:
            assert mark["code"] == 2 and MARK_REFUSED[name] in _refusal_line(mark), name
            assert mark["stdout"] == results["check"]["stdout"], name  # findings still shown
            assert not (marks / f"{name}.xlsx").exists()
        else:
            assert mark["code"] == results["check"]["code"], (name, mark["stderr"])
            book = openpyxl.load_workbook(marks / f"{name}.xlsx")
            assert book.sheetnames[0] == "校验结果"
            # the tool reads back what it writes: its marked copy is cleared again
            assert results["clear"]["code"] == 0, (name, results["clear"]["stderr"])
            assert "已清除标记" in results["clear"]["stdout"], name


def test_every_command_answers_with_a_contract_exit_and_chinese(single):
    by_case, _, _ = single
    for name, results in by_case.items():
        for command, result in results.items():
            assert result["code"] in (0, 1, 2), (name, command, result["code"])
            if result["code"] == 2:
                _refusal_line(result)
            shown = result["stdout"] + result["stderr"]
            assert "Warning" not in shown and "Error" not in shown, (name, command, shown)


def test_paths_with_brackets_are_printed_literally(single, corpus):
    by_case, _, _ = single
    results = by_case["路径[方括号]"]
    assert corpus["路径[方括号]"].name == "[bold]路径[方括号].xlsx"
    for command in ("check", "score"):
        assert "[bold]路径[方括号].xlsx" in results[command]["stdout"], command


def test_no_county_text_becomes_a_formula_in_the_marked_copy(single):
    _, marks, _ = single
    book = openpyxl.load_workbook(marks / "表名公式.xlsx")
    assert INJECTION in book.sheetnames  # the county's own sheet keeps its name
    for name in ("校验结果", "jixiao_marks"):
        cells = [c for row in book[name].iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        assert INJECTION in {c.value for c in cells}, name


def test_a_finding_inside_a_merged_range_marks_the_cell_excel_shows(tmp_path):
    source, marked, cleared = tmp_path / "县.xlsx", tmp_path / "标记.xlsx", tmp_path / "清除.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = INJECTION
    ws["F10"] = "不是数字"
    ws.merge_cells("F10:G10")
    book.save(source)
    findings = [
        Finding(
            code="JX001",
            severity=severity,
            sheet=INJECTION,
            cell=cell,
            message=f"第 {n} 项\x01",
            hint="请改正",
        )
        for n, (cell, severity) in enumerate((("G10", "error"), ("F10", "warning")))
    ]
    apply_to_file(source, marked, plan_marks(findings, "县.xlsx"))
    book = openpyxl.load_workbook(marked)
    shown = book[INJECTION]["F10"]
    assert shown.fill.fgColor.rgb.endswith(COLORS["warning"])  # the later mark, same cell
    assert "\ufffd" in shown.comment.text and "\x01" not in shown.comment.text
    for name in ("校验结果", "jixiao_marks"):
        cells = [c for row in book[name].iter_rows() for c in row if c.value is not None]
        assert INJECTION in {c.value for c in cells}
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
    apply_to_file(marked, cleared, [ClearAction()])
    restored = openpyxl.load_workbook(cleared)[INJECTION]
    original = openpyxl.load_workbook(source)[INJECTION]
    assert restored["F10"].fill.fill_type == original["F10"].fill.fill_type is None
    assert restored["F10"].comment is None


def test_reading_never_changes_an_input(single, corpus):
    _, _, before = single
    assert {name: digest(path) for name, path in corpus.items()} == before


@pytest.fixture(scope="module")
def merged(corpus, good, tmp_path_factory):
    out = tmp_path_factory.mktemp("city") / "汇总.xlsx"
    inputs = [next(iter(corpus.values())).parent, *good]
    before = {str(p): digest(p) for p in [*corpus.values(), *good]}
    start = time.monotonic()
    done = run_child([str(JIXIAO), "merge", *map(str, inputs), "-o", str(out), "--json",
                      "--workers", "2", "--time-limit", "60"], timeout=400)  # fmt: skip
    elapsed = time.monotonic() - start
    after = {str(p): digest(p) for p in [*corpus.values(), *good]}
    return done, out, elapsed, before == after


def test_merge_of_good_and_hostile_books_exits_3_and_accounts_for_every_input(merged, corpus, good):
    done, _out, _, unchanged = merged
    assert done.returncode == 3, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and unchanged
    payload = json.loads(done.stdout)
    inputs = {str(p.resolve()) for p in [*corpus.values(), *good]}
    assert payload["inputs"] == len(inputs)
    merged_files = {u["file"] for u in payload["units"]}
    failed = {f["file"]: f["reason"] for f in payload["failed"]}
    assert merged_files | set(failed) == inputs
    assert {str(p.resolve()) for p in good} <= merged_files - set(failed)
    for name, words in REFUSED.items():
        if name in ("控制字符", "空字符", "控制字符引用", "表名换页符"):
            continue  # the merge reads values only: these are read, their text made safe
        reason = failed[str(corpus[name].resolve())]
        assert words in reason, (name, reason)
    assert all(CJK.search(reason) for reason in failed.values())
    assert payload["merged"] == len(merged_files - set(failed)) >= 10 + 15


def test_county_text_in_the_summary_is_safe_text(merged):
    _, out, _, _ = merged
    book = openpyxl.load_workbook(out)
    texts = {c.value for ws in book for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}  # fmt: skip
    assert INJECTION in texts  # the county's sheet name, as text
    assert "自评\ufffd表" in texts  # a form feed in a sheet name, replaced and visible
    formulas = [c.value for ws in book for row in ws.iter_rows() for c in row
                if c.data_type == "f"]  # fmt: skip
    assert formulas and not [f for f in formulas if "HYPERLINK" in f or "cmd|" in f]


def test_merge_onto_an_input_or_its_hard_link_is_refused(good, tmp_path):
    county = tmp_path / "县.xlsx"
    county.write_bytes(good[0].read_bytes())
    link = tmp_path / "链接.xlsx"
    os.link(county, link)
    symlink = tmp_path / "符号链接.xlsx"
    symlink.symlink_to(tmp_path / "别处.xlsx")
    before = digest(county)
    for output in (county, link, symlink):
        done = run_child([str(JIXIAO), "merge", str(tmp_path), "-o", str(output)], timeout=120)
        assert done.returncode == 2, done.stderr
        assert CJK.search(done.stderr) and "Traceback" not in done.stderr
    assert digest(county) == before and not (tmp_path / "别处.xlsx").exists()
    for args in (["check", str(county), "--mark", str(link)],
                 ["clear", str(county), "-o", str(link)]):  # fmt: skip
        done = run_child([str(JIXIAO), *args], timeout=120)
        assert done.returncode == 2 and "同一个文件" in done.stderr, done.stderr
    assert digest(county) == before


# one hostile file among good books: case -> words of its reason in 失败文件 (None: merged)
ONE_AMONG_GOOD = {
    "属性部件压缩方式99": "不支持的压缩方式（编号 99）",
    "属性部件加密标志": "加密",
    "属性部件数据损坏": "「docProps/custom.xml」压缩数据无法解压",
    "伪造汇总签名": "核对不上",
    "xls维度溢出": "超出 .xls 表格范围",
    "伪造汇总标记": None,  # a property anyone can set: read as the county book it is
}


@pytest.mark.parametrize("case", ONE_AMONG_GOOD)
def test_one_hostile_file_among_good_books_never_sinks_the_merge(case, corpus, good, tmp_path):
    out = tmp_path / "汇总.xlsx"
    books = good[:2]
    done = run_child([str(JIXIAO), "merge", str(corpus[case]), *map(str, books), "-o", str(out),
                      "--json", "--workers", "2"], timeout=300)  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    payload = json.loads(done.stdout)
    merged = {u["file"] for u in payload["units"]} - {f["file"] for f in payload["failed"]}
    assert {str(p.resolve()) for p in books} <= merged
    failed = {f["file"]: f["reason"] for f in payload["failed"]}
    hostile = str(corpus[case].resolve())
    if ONE_AMONG_GOOD[case] is None:
        assert done.returncode == 0 and hostile in merged and not payload["skipped"], case
    else:
        assert done.returncode == 3, (case, done.stderr[-2000:])
        assert ONE_AMONG_GOOD[case] in failed[hostile], (case, failed)
        assert CJK.search(failed[hostile])
    assert out.exists()


def test_a_report_of_text_with_excel_escapes_is_written(corpus, tmp_path):
    """``_x0001_`` in county text reads back as a control character: the .docx writer
    would refuse it; the report replaces it visibly."""
    import docx

    out = tmp_path / "报告.docx"
    done = run_child([str(JIXIAO), "report", str(corpus["转义控制字符"]), "-o", str(out)])
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "\x01" not in text and "\x0c" not in text

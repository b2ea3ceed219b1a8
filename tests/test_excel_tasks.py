"""新建表格, 合并汇总, 帮助, the merged-area reader, ``jixiao addin build/install`` and the
UDF descriptions registered for Excel's Insert Function dialog."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from test_excel_handlers import payload
from typer.testing import CliRunner

from addin import __version__
from addin.cli.app import app
from addin.demo.samples import build_samples, write_hunan
from addin.excel.handlers import run_task
from addin.excel.install import Target, config_text, install, instructions, uninstall
from addin.excel.merges import merges_from_spreadsheet_xml
from addin.excel.tasks import UserError, help_text, merge_folder, new_form, pick_folder
from addin.excel.udf_vba import macro_options
from addin.excel.ui import Ui
from addin.reader import read_forms
from addin.workbook.files import read_grid

runner = CliRunner()


@pytest.fixture
def book(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seeds) -> xw.Book:
    """A remote-engine Book of a Hunan county workbook (licence for the test only)."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    from xlwings.pro import _xlremote

    if "remote" not in [engine.name for engine in xw.engines]:
        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))
    path = tmp_path / "county.xlsx"
    write_hunan(seeds["002"].forms[:2], path)
    return xw.Book(json=payload(path))


# --- 新建表格 ----------------------------------------------------------------------------


def test_new_form_opens_a_filled_in_template_copy(book: xw.Book) -> None:
    opened: list[tuple[Path, object]] = []
    message = new_form(book, Ui(book), "project_self",
                       opener=lambda b, p: opened.append((p, read_grid(p))))  # fmt: skip
    ((path, grid),) = opened
    assert path.name == "项目支出绩效自评表.xlsx" and "已新建「项目支出绩效自评表」" in message
    forms = read_forms(grid)
    assert [f.form.value for f in forms] == ["project_self"]
    assert not path.parent.exists()  # Excel made its own copy: no temporary folder left


def test_new_form_of_an_unknown_code_is_a_sentence(book: xw.Book) -> None:
    with pytest.raises(UserError, match="没有名为「budget」的表格"):
        new_form(book, Ui(book), "budget", opener=lambda b, p: None)


def test_desktop_only_steps_say_so_on_another_engine(book: xw.Book) -> None:
    with pytest.raises(UserError, match="Excel 桌面版"):
        pick_folder(book)
    message = run_task(book, lambda b, ui: new_form(b, ui, "dept_self"))
    assert message == "新建表格需要在 Excel 桌面版中使用。"


# --- 合并汇总 ----------------------------------------------------------------------------


def test_merge_writes_the_summary_beside_the_folder_and_opens_it(book, tmp_path) -> None:
    folder = tmp_path / "各县报送"
    files = build_samples(folder)
    opened: list[Path] = []
    message = merge_folder(book, Ui(book), picker=lambda b: folder,
                           opener=lambda b, p: opened.append(p))  # fmt: skip
    (summary,) = opened
    assert summary.parent == tmp_path and summary.name.startswith("各县报送_汇总_")
    assert openpyxl.load_workbook(summary, read_only=True).sheetnames[:2] == ["总览", "汇总"]
    assert f"已合并 {len(files)}/{len(files)} 个文件" in message and str(summary) in message


def test_merge_never_replaces_an_existing_summary(book, tmp_path, monkeypatch) -> None:
    import addin.excel.tasks as tasks_module

    folder = tmp_path / "各县报送"
    build_samples(folder)
    existing = tmp_path / "各县报送_汇总_20250314_090500.xlsx"
    existing.write_bytes(b"last month's")
    monkeypatch.setattr(tasks_module, "summary_path", lambda f, now=None: existing)  # same second
    with pytest.raises(UserError, match="已经存在"):
        merge_folder(book, Ui(book), picker=lambda b: folder, opener=lambda b, p: None)
    assert existing.read_bytes() == b"last month's"
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "home")
    assert left == sorted(["county.xlsx", "各县报送", existing.name])  # no temp file left


def test_merge_cancelled_or_empty(book, tmp_path) -> None:
    assert merge_folder(book, Ui(book), picker=lambda b: None) == "已取消合并汇总。"
    empty = tmp_path / "空"
    empty.mkdir()
    with pytest.raises(UserError, match="没有工作簿"):
        merge_folder(book, Ui(book), picker=lambda b: empty, opener=lambda b, p: None)


def test_help_names_the_version_the_profile_and_the_log(book) -> None:
    text = help_text()
    assert f"绩效助手 {__version__}" in text and "按表格所属省份" in text
    assert "JX_SCORE" in text and "日志文件" in text


# --- merged areas from Excel's XML Spreadsheet (Range.Value(11)) ---------------------------

SPREADSHEET = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Sheet1">
  <Table ss:ExpandedColumnCount="4" ss:ExpandedRowCount="8">
   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">项目支出绩效自评表</Data></Cell></Row>
   <Row ss:Index="3"><Cell ss:MergeDown="2"><Data ss:Type="String">产出指标</Data></Cell>
    <Cell ss:MergeAcross="1" ss:MergeDown="1"/><Cell><Data ss:Type="Number">5</Data></Cell></Row>
   <Row><Cell ss:Index="4"><Data ss:Type="Number">6</Data></Cell></Row>
   <Row ss:Span="2"/>
   <Row><Cell ss:Index="2" ss:MergeAcross="2"/></Row>
  </Table>
 </Worksheet>
</Workbook>"""


def test_merged_areas_from_an_xml_spreadsheet() -> None:
    merged = merges_from_spreadsheet_xml(SPREADSHEET)
    assert merged == ["A1:D1", "A3:A5", "B3:C4", "B8:D8"]
    # a used range that starts at C2: the document's R1C1 is C2
    assert merges_from_spreadsheet_xml(SPREADSHEET, 2, 3)[:2] == ["C2:F2", "C4:C6"]


def _spreadsheet_of(ws) -> str:
    """The sheet as Excel writes it: covered cells left out, ss:Index after a gap."""
    covered, tops = set(), {}
    for rng in ws.merged_cells.ranges:
        tops[(rng.min_row, rng.min_col)] = (rng.max_col - rng.min_col, rng.max_row - rng.min_row)
        covered |= {(r, c) for r, c in rng.cells} - {(rng.min_row, rng.min_col)}
    rows, last_row = [], 0
    for r in range(1, ws.max_row + 1):
        cells, last_col = [], 0
        for c in range(1, ws.max_column + 1):
            if (r, c) in covered or (ws.cell(r, c).value is None and (r, c) not in tops):
                continue
            index = "" if c == last_col + 1 else f' ss:Index="{c}"'
            across, down = tops.get((r, c), (0, 0))
            merge = (f' ss:MergeAcross="{across}"' if across else "") + (
                f' ss:MergeDown="{down}"' if down else ""
            )
            cells.append(f"<Cell{index}{merge}/>")
            last_col = c + across
        if cells:
            index = "" if r == last_row + 1 else f' ss:Index="{r}"'
            rows.append(f"<Row{index}>{''.join(cells)}</Row>")
            last_row = r
    return SPREADSHEET.split("<Table")[0] + f"<Table>{''.join(rows)}</Table></Worksheet></Workbook>"


def test_merged_areas_of_a_seed_layout_sheet(seeds, tmp_path) -> None:
    path = tmp_path / "hunan.xlsx"
    write_hunan(seeds["002"].forms, path)
    for ws in openpyxl.load_workbook(path).worksheets:
        expected = sorted(str(r) for r in ws.merged_cells.ranges)
        assert sorted(merges_from_spreadsheet_xml(_spreadsheet_of(ws))) == expected, ws.title


# --- jixiao addin build / install ------------------------------------------------------------


def test_cli_build_writes_the_addin(tmp_path: Path) -> None:
    out = tmp_path / "jixiao.xlam"
    result = runner.invoke(app, ["addin", "build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "jixiao_ribbon" in result.output


def test_cli_build_refuses_a_bad_target_in_one_chinese_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["addin", "build", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "加载项文件应以 .xlam 结尾" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["addin", "build", "-o", str(tmp_path / "no" / "j.xlam")])
    assert missing.exit_code == 2 and "不存在" in missing.output


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="explains only off Windows")
def test_cli_install_off_windows_explains_the_steps() -> None:
    result = runner.invoke(app, ["addin", "install"])
    assert result.exit_code == 2  # nothing was installed
    assert "Windows" in result.output and "jixiao addin install" in result.output
    assert result.output.strip() == instructions().strip()


def test_install_puts_addin_and_config_in_place(tmp_path: Path) -> None:
    python = Path(r"C:\Users\张三\jixiao\.venv\Scripts\python.exe")
    target = Target(
        addin_dir=tmp_path / "XLSTART",
        config=tmp_path / ".jixiao" / "jixiao.conf",
        python=python,
        package_root=Path(r"C:\Users\张三\jixiao"),
    )
    lines = install(target)
    assert (target.addin_dir / "jixiao.xlam").is_file()
    config = target.config.read_bytes().decode("utf-8")
    assert config == config_text(target.python, target.package_root)
    assert re.fullmatch(r'"INTERPRETER_WIN","[^"]+"\r\n"PYTHONPATH","[^"]+"\r\n', config)
    assert any("XLSTART" in line for line in lines) and any("DLL" in line for line in lines)
    assert lines[-1].startswith("请重新启动 Excel")


def test_a_conda_interpreter_gets_conda_path_and_env(tmp_path: Path) -> None:
    """xlwings' bridge activates a conda environment only with CONDA PATH and CONDA ENV."""
    from addin.excel.install import conda_of

    root = tmp_path / "miniforge3"
    env = root / "envs" / "绩效"
    for folder in (root / "condabin", root / "conda-meta", env / "conda-meta"):
        folder.mkdir(parents=True)
    assert conda_of(env) == (root, str(env)) and conda_of(root) == (root, "base")
    assert conda_of(tmp_path / "venv") is None
    python = env / "python.exe"
    target = Target(addin_dir=tmp_path / "XLSTART", config=tmp_path / "jixiao.conf",
                    python=python, package_root=tmp_path, conda=conda_of(env))  # fmt: skip
    lines = install(target)
    config = target.config.read_bytes().decode("utf-8")
    assert config.endswith(f'"CONDA PATH","{root}"\r\n"CONDA ENV","{env}"\r\n')
    assert any("conda 环境" in line for line in lines)


def test_uninstall_removes_what_install_put_in_place(tmp_path: Path) -> None:
    target = Target(
        addin_dir=tmp_path / "XLSTART",
        config=tmp_path / ".jixiao" / "jixiao.conf",
        python=Path(r"C:\Python\python.exe"),
        package_root=Path(r"C:\jixiao"),
    )
    install(target)
    (target.addin_dir / "other.xlam").write_bytes(b"someone else's")
    lines = uninstall(target)
    assert not (target.addin_dir / "jixiao.xlam").exists() and not target.config.exists()
    assert (target.addin_dir / "other.xlam").read_bytes() == b"someone else's"
    assert lines[-1].startswith("请重新启动 Excel")
    assert uninstall(target) == ["没有找到已安装的“绩效助手”Excel 加载项。"]


def test_cli_uninstall_is_a_command() -> None:
    result = runner.invoke(app, ["addin", "uninstall", "--help"])
    assert result.exit_code == 0 and "卸载" in result.output


# --- function descriptions (Insert Function dialog) ------------------------------------------


def test_udf_descriptions_for_macro_options() -> None:
    options = {o["Macro"]: o for o in macro_options("jixiao.xlam")}
    assert set(options) == {f"'jixiao.xlam'!JX_{n}" for n in
                            ("SCORE", "RATE", "GRADE", "PARSE", "CHECK")}  # fmt: skip
    score = options["'jixiao.xlam'!JX_SCORE"]
    assert score["Category"] == "绩效助手" and len(score["ArgumentDescriptions"]) == 7
    for option in options.values():
        assert re.search(r"[\u4e00-\u9fff]", option["Description"])
        assert re.search(r"[A-Za-z]{4}", option["Description"])  # and in English
        assert len(option["Description"]) <= 255

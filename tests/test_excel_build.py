"""jixiao.xlam built on Linux: the package parts, the VBA project (read back with oletools'
olevba) and the ribbon callbacks, run in pyOpenVBA's VBA interpreter."""

from __future__ import annotations

import inspect
import re
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pyopenvba import check_file
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.interpreter import VBAObject, member

from addin.core.forms import FORMS
from addin.excel import handlers
from addin.excel.ribbon import NAMESPACE, profile_items
from addin.excel.teach import ROLE_BY_CODE
from addin.excel.vba_sources import VBA_DIR
from addin.excel.xlam import ADDIN_CONTENT_TYPE, CUSTOM_UI_PART, build_xlam
from addin.reader.teaching import ROLES

CALLBACK = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*control\s+As\s+IRibbonControl\s*\)",
                      re.MULTILINE | re.IGNORECASE)  # fmt: skip
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
UI = f"{{{NAMESPACE}}}"
# the relationship type of a customUI14 (Office 2010+) ribbon part
CUSTOMUI14_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
BUTTON_LABELS = {"校验", "清除标记", "重新计分", "合并汇总", "从目标表生成", "目标对照",
                 "生成自评报告", "读表情况", "帮助"}  # fmt: skip
MENU_LABELS = {"新建表格", "教读表", "设置"}


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("addin") / "jixiao.xlam"
    build_xlam(path)
    return path


@pytest.fixture(scope="module")
def macros(xlam: Path) -> dict[str, str]:
    """Module name -> source, as olevba decodes them from xl/vbaProject.bin."""
    with warnings.catch_warnings():  # oletools still uses pyparsing's old names
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(xlam))
    try:
        assert parser.detect_vba_macros()
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def ribbon(xlam: Path) -> etree._Element:
    with zipfile.ZipFile(xlam) as package:
        return etree.fromstring(package.read(CUSTOM_UI_PART))


def test_every_module_decodes_with_olevba(macros: dict[str, str]) -> None:
    ours = ("xlwings", "jixiao_ribbon", "jixiao_dialogs", "jixiao_udfs", "jixiao_paint")
    assert set(macros) == {"ThisWorkbook", "Sheet1", *ours}
    for name in ours:
        code = macros[name]
        assert code.startswith(f'Attribute VB_Name = "{name}"'), name
        assert code.isascii(), name
        assert len(code.splitlines()) > 10, name


def test_vba_sources_in_the_repo_are_ascii() -> None:
    files = sorted(VBA_DIR.glob("*.bas"))
    assert files
    for path in files:
        assert path.read_bytes().isascii(), path.name


def test_every_onaction_has_a_ribbon_callback(ribbon: etree._Element, macros: dict[str, str]):
    actions = {el.get("onAction") for el in ribbon.iter() if el.get("onAction")}
    subs = {name for code in macros.values() for name in CALLBACK.findall(code)}
    assert actions == {"OnNewForm", "OnCheck", "OnClear", "OnScore", "OnMerge", "OnPrefill",
                       "OnCompare", "OnReport", "OnProfile", "OnInspect", "OnTeach",
                       "OnHelp"}  # fmt: skip
    assert actions <= subs
    assert not [el.get("onLoad") for el in ribbon.iter() if el.get("onLoad")]


def test_ribbon_part_is_linked_with_the_customui14_relationship(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as package:
        rels = etree.fromstring(package.read("_rels/.rels"))
        types = etree.fromstring(package.read("[Content_Types].xml"))
        names = package.namelist()
    links = [r for r in rels.iter(f"{RELS_NS}Relationship") if r.get("Type") == CUSTOMUI14_REL]
    assert [r.get("Target") for r in links] == [CUSTOM_UI_PART]
    assert len({r.get("Id") for r in rels.iter(f"{RELS_NS}Relationship")}) == len(list(rels))
    assert CUSTOM_UI_PART in names and "xl/vbaProject.bin" in names
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT_NS}Override")}
    assert overrides["/xl/workbook.xml"] == ADDIN_CONTENT_TYPE
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT_NS}Default")}
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["xml"] == "application/xml"  # covers the customUI part


def test_ribbon_labels_are_chinese(ribbon: etree._Element) -> None:
    assert ribbon.tag == f"{UI}customUI"
    tabs = list(ribbon.iter(f"{UI}tab"))
    assert [t.get("label") for t in tabs] == ["绩效助手"]
    buttons = {b.get("label") for b in tabs[0].iter(f"{UI}button") if b.get("tag") is None}
    menus = {m.get("id"): m for m in tabs[0].iter(f"{UI}menu")}
    assert buttons == BUTTON_LABELS
    assert {m.get("label") for m in menus.values()} == MENU_LABELS
    new_items = [(b.get("tag"), b.get("label")) for b in menus["jxNew"].iter(f"{UI}button")]
    assert new_items == [(s.kind.value, s.title) for s in FORMS.values()]
    profiles = [(b.get("tag"), b.get("label")) for b in menus["jxProfile"].iter(f"{UI}button")]
    assert profiles == profile_items() and profiles[0][0] == "auto"
    taught = [(b.get("tag"), b.get("label")) for b in menus["jxTeach"].iter(f"{UI}button")]
    roles = taught[1 : len(ROLES) + 1]
    assert [label.split("：")[0] for _, label in roles] == [r.name for r in ROLES]
    assert [ROLE_BY_CODE[tag] for tag, _ in roles] == list(ROLES)
    assert all(tag.isascii() and "'" not in tag for tag, _ in taught)  # inert in RunPython
    assert [tag for tag, _ in taught if tag not in ROLE_BY_CODE] == ["suggested", "list", "remove"]
    ids = [el.get("id") for el in ribbon.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    for el in ribbon.iter(f"{UI}button", f"{UI}menu"):
        if el.get("tag") is None:  # top-level controls have an Office icon and a tooltip
            assert el.get("imageMso") and el.get("supertip"), el.get("id")
        assert re.search(r"[\u4e00-\u9fff]", el.get("label")), el.get("label")


def test_bridge_is_xlwings_module_hardened_for_county_workbooks(macros: dict[str, str]) -> None:
    bridge = macros["xlwings"]
    assert "xlwings is distributed under a BSD 3-clause license" in bridge
    assert 'Public Const PROJECT_NAME As String = "jixiao"' in bridge
    assert "Public Function RunPython(PythonCommand As String)" in bridge
    assert "SheetExists(ActiveWorkbook, PROJECT_NAME" not in bridge
    assert 'If source = "" Or source = "directory" Then' not in bridge
    assert 'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH"' not in bridge
    assert 'If source = "" Or source = "user" Then' in bridge  # ~/.jixiao/jixiao.conf


def test_udf_wrappers_are_xlwings_generated(macros: dict[str, str]) -> None:
    udfs = macros["jixiao_udfs"]
    signatures = re.findall(r"^Function (JX_\w+\([^)]*\))", udfs, re.MULTILINE)
    assert sorted(signatures) == [
        "JX_CHECK(row, Optional header, Optional profile)",
        "JX_GRADE(total, Optional profile)",
        "JX_PARSE(text, Optional unit, Optional part)",
        "JX_RATE(spent, budget)",
        "JX_SCORE(sign, target, actual, points, Optional unit, Optional band, Optional self_score)",
    ]
    assert udfs.count('XLPy.CallUDF("udfs.functions", ') == 10  # Excel and other hosts
    assert "ActiveWorkbook, Application.Caller" in udfs  # the add-in form of the wrapper


def test_package_passes_pyopenvba_integrity_checks(xlam: Path) -> None:
    report = check_file(xlam)
    assert report.ok, [(i.code, i.message) for i in report.issues]


# --- the callbacks, run as VBA -------------------------------------------------------------


class IRibbonControl(VBAObject):
    """The control Excel hands to a callback: only its Tag is read."""

    vba_type_name = "IRibbonControl"

    def __init__(self, tag: str) -> None:
        self._tag = tag

    @member(name="Tag")
    def tag(self) -> str:
        return self._tag


RECORDING_BRIDGE = """Public Calls As String
Public Function RunPython(PythonCommand As String)
    Calls = Calls & PythonCommand & vbLf
End Function
Public Function TakeCalls() As String
    TakeCalls = Calls
    Calls = ""
End Function
"""


def _no_directive_comments(source: str) -> str:
    """pyOpenVBA's preprocessor does not read a comment after #Const/#If (VBA does)."""
    return re.sub(r"^(\s*#[^'\n]*?)\s*'[^\n]*$", r"\1", source.replace("\r\n", "\n"), flags=re.M)


def test_all_modules_compile_in_pyopenvba(macros: dict[str, str]) -> None:
    app = ExcelApplication()
    app.add_workbook()
    for name in ("xlwings", "jixiao_udfs", "jixiao_ribbon", "jixiao_dialogs", "jixiao_paint"):
        app.add_module(_no_directive_comments(macros[name]), name=name)


def dialogs_picking(macros: dict[str, str], answer: str) -> str:
    """The dialogs module with Excel's folder and file pickers answering ``answer`` (a VBA
    expression)."""
    source = macros["jixiao_dialogs"]
    for picker in ("PickFolder", "PickFile"):
        start = source.index(f"Public Function {picker}")
        end = source.index("End Function", start) + len("End Function")
        stub = f"Public Function {picker}() As String\r\n    {picker} = {answer}\r\nEnd Function"
        source = source[:start] + stub + source[end:]
    return source


# D:\报送\2024 "a'b" — Chinese, a backslash, both kinds of quote
CHOSEN = '"D:\\" & ChrW(&H62A5) & ChrW(&H9001) & "\\2024 ""a\'b"""'.replace("\\\\", "\\")


@pytest.mark.parametrize(
    ("macro", "handler"),
    [("OnMerge", "on_merge"), ("OnCompare", "on_compare"), ("OnPrefill", "on_prefill")],
)
def test_the_chosen_path_reaches_python_intact(macros: dict[str, str], macro, handler) -> None:
    """合并汇总's folder and 目标对照's target: picked in VBA, handed to Python; a cancel runs
    nothing."""
    app = ExcelApplication()
    app.add_workbook()
    app.add_module(macros["jixiao_ribbon"], name="jixiao_ribbon")
    app.add_module(RECORDING_BRIDGE, name="xlwings")
    app.add_module(dialogs_picking(macros, CHOSEN), name="jixiao_dialogs")
    app.run(macro, IRibbonControl(""))
    (command,) = app.run("TakeCalls").splitlines()
    expected = rf"import addin\.excel\.handlers as h; h\.{handler}\('([0-9A-F]+)'\)"
    match = re.fullmatch(expected, command)
    assert match, command
    assert handlers.from_hex(match[1]) == 'D:\\报送\\2024 "a\'b"'
    app.add_module(dialogs_picking(macros, '""'), name="jixiao_dialogs")
    app.run(macro, IRibbonControl(""))
    assert app.run("TakeCalls") == ""


def test_prefill_uses_the_active_workbooks_target_sheet_without_a_picker(
    macros: dict[str, str],
) -> None:
    """从目标表生成 in a workbook with a target sheet: no picker, the workbook's own forms."""
    app = ExcelApplication()
    book = app.add_workbook()
    book.add_sheet("项目支出绩效目标表")
    app.add_module(macros["jixiao_ribbon"], name="jixiao_ribbon")
    app.add_module(RECORDING_BRIDGE, name="xlwings")
    app.add_module(dialogs_picking(macros, '"C:\\never"'), name="jixiao_dialogs")
    app.run("OnPrefill", IRibbonControl(""))
    assert app.run("TakeCalls").splitlines() == ["import addin.excel.handlers as h; h.on_prefill()"]


def test_a_cancelled_folder_picker_runs_nothing(macros: dict[str, str]) -> None:
    app = ExcelApplication()
    app.add_workbook()
    app.add_module(macros["jixiao_ribbon"], name="jixiao_ribbon")
    app.add_module(RECORDING_BRIDGE, name="xlwings")
    app.add_module(dialogs_picking(macros, '""'), name="jixiao_dialogs")
    app.run("OnMerge", IRibbonControl(""))
    assert app.run("TakeCalls") == ""


def test_each_callback_runs_its_python_handler(ribbon: etree._Element, macros: dict[str, str]):
    app = ExcelApplication()
    app.add_workbook()
    app.add_module(macros["jixiao_ribbon"], name="jixiao_ribbon")
    app.add_module(RECORDING_BRIDGE, name="xlwings")  # records instead of starting Python
    app.add_module(dialogs_picking(macros, '"C:\\county"'), name="jixiao_dialogs")
    for control in ribbon.iter(f"{UI}button"):
        app.run(control.get("onAction"), IRibbonControl(control.get("tag") or ""))
        (command,) = app.run("TakeCalls").splitlines()
        head, _, call = command.partition("; ")
        assert head == "import addin.excel.handlers as h"
        match = re.fullmatch(r"h\.(on_\w+)\((.*)\)", call)
        assert match, command
        function = getattr(handlers, match[1])
        args = [eval(match[2])] if match[2] else []  # a quoted ASCII tag or hex text
        inspect.signature(function).bind(*args)
        if control.get("tag"):
            assert args == [control.get("tag")]


def test_a_tag_cannot_break_out_of_the_python_string(macros: dict[str, str]) -> None:
    app = ExcelApplication()
    app.add_workbook()
    app.add_module(macros["jixiao_ribbon"], name="jixiao_ribbon")
    app.add_module(RECORDING_BRIDGE, name="xlwings")
    app.run("OnNewForm", IRibbonControl("x'); import os; ('\\"))
    assert app.run("TakeCalls").strip().endswith("h.on_new('x); import os; (')")


def test_a_callback_with_no_workbook_open_gives_python_one(macros: dict[str, str]) -> None:
    app = ExcelApplication()  # Excel started, nothing open: RunPython needs ActiveWorkbook
    app.add_module(macros["jixiao_ribbon"], name="jixiao_ribbon")
    app.add_module(RECORDING_BRIDGE, name="xlwings")
    assert app.evaluate("Workbooks.Count") == 0
    app.run("OnHelp", IRibbonControl(""))
    assert app.run("TakeCalls") == "import addin.excel.handlers as h; h.on_help()\n"
    assert app.evaluate("Workbooks.Count") == 1


def test_vba_project_stream_has_no_performance_cache(xlam: Path) -> None:
    """[MS-OVBA] 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF on write, Reserved2 0x00, two
    reserved bytes, and no PerformanceCache: Excel compiles from source on first open."""
    import olefile

    with zipfile.ZipFile(xlam) as package:
        project = package.read("xl/vbaProject.bin")
    with olefile.OleFileIO(project) as ole:
        stream = ole.openstream("VBA/_VBA_PROJECT").read()
        modules = {"/".join(entry) for entry in ole.listdir()}
    assert stream[:4] == bytes.fromhex("CC61FFFF")
    assert stream == bytes.fromhex("CC61FFFF000000")
    assert {"VBA/xlwings", "VBA/jixiao_ribbon", "VBA/jixiao_udfs", "VBA/dir"} <= modules


def test_xlwings_is_pinned_to_the_release_whose_bridge_is_embedded(macros: dict[str, str]):
    """The bridge names its DLL by version: an xlwings upgrade must be a deliberate rebuild."""
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    pins = [d for d in project["project"]["dependencies"] if d.startswith("xlwings")]
    assert len(pins) == 1 and pins[0].split("#")[0].strip() == f"xlwings=={version('xlwings')}"
    dlls = set(re.findall(r'Lib "(xlwings(?:32|64)-[\d.]+\.dll)"', macros["xlwings"]))
    assert dlls == {f"xlwings32-{version('xlwings')}.dll", f"xlwings64-{version('xlwings')}.dll"}

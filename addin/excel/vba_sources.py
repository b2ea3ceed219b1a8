"""The VBA modules baked into jixiao.xlam, as text.

- ``xlwings``: xlwings' custom add-in module (BSD 3-clause, shipped in the xlwings package as
  ``xlwings_custom_addin.bas``; its licence text stays in the module) — the bridge that
  runs Python (``RunPython``) and the UDF server. Taken from the installed xlwings so that
  it names the DLL of that very version, and hardened for untrusted county workbooks.
- ``jixiao_ribbon``: the ribbon callbacks (``vba/jixiao_ribbon.bas``).
- ``jixiao_dialogs``: Excel's folder picker for 合并汇总 (``vba/jixiao_dialogs.bas``).
- ``jixiao_paint``: notes and protection options read inside Excel, one ``Application.Run``
  per sheet (``vba/jixiao_paint.bas``, called by :mod:`addin.excel.paint_macros`).
- ``jixiao_udfs``: the UDF wrappers generated from :mod:`udfs.functions`.
"""

from __future__ import annotations

from pathlib import Path

import xlwings

from addin.excel.paint_macros import PAINT_MODULE
from addin.excel.settings import PROJECT
from addin.excel.udf_vba import VBA_MODULE, udf_vba

VBA_DIR = Path(__file__).resolve().parent / "vba"
BRIDGE_FILE = Path(xlwings.__file__).resolve().parent / "xlwings_custom_addin.bas"
BRIDGE_MODULE = "xlwings"
RIBBON_MODULE = "jixiao_ribbon"
DIALOGS_MODULE = "jixiao_dialogs"
UNTRUSTED = "' jixiao: a county workbook is untrusted and never configures the add-in"

# (xlwings text, replacement): each must be found, else the build stops (xlwings changed)
PATCHES: tuple[tuple[str, str], ...] = (
    ('Public Const PROJECT_NAME As String = "myaddin"',
     f'Public Const PROJECT_NAME As String = "{PROJECT}"'),
    # the config sheet of the active workbook could name any program as the interpreter
    ('            If SheetExists(ActiveWorkbook, PROJECT_NAME & ".conf") = True Then',
     f"            If False Then {UNTRUSTED} (no config sheet)"),
    # ... and so could a jixiao.conf file in the folder the county workbook came in
    ('    If source = "" Or source = "directory" Then',
     f"    If False Then {UNTRUSTED} (no config file beside it)"),
    # the workbook's folder on sys.path would let a county folder shadow Python modules
    ('AddExcelDir = GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")',
     f'AddExcelDir = "false" {UNTRUSTED} (its folder is not on sys.path)'),
)  # fmt: skip


class VbaSourceError(RuntimeError):
    """A VBA source is missing or not as expected (message in Chinese)."""


def crlf(text: str) -> str:
    """VBA modules use CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def bridge_vba(path: Path = BRIDGE_FILE) -> str:
    """xlwings' custom add-in module, named for jixiao and hardened (see PATCHES)."""
    try:
        text = path.read_text(encoding="ascii").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise VbaSourceError(f"找不到 xlwings 的 VBA 模块 {path}：请重新安装 xlwings") from exc
    for old, new in PATCHES:
        if old not in text:
            raise VbaSourceError(
                f"xlwings {xlwings.__version__} 的 VBA 模块与预期不符（缺少：{old.strip()}）"
            )
        text = text.replace(old, new)
    return text


def ribbon_vba() -> str:
    """The ribbon callbacks, one ``Sub OnXxx(control As IRibbonControl)`` per button."""
    return (VBA_DIR / f"{RIBBON_MODULE}.bas").read_text(encoding="ascii")


def dialogs_vba() -> str:
    """Excel's folder picker and the hex encoding that hands its answer to Python."""
    return (VBA_DIR / f"{DIALOGS_MODULE}.bas").read_text(encoding="ascii")


def paint_vba() -> str:
    """The procedures the painter runs inside Excel (see :mod:`addin.excel.paint_macros`)."""
    return (VBA_DIR / f"{PAINT_MODULE}.bas").read_text(encoding="ascii")


def modules() -> dict[str, str]:
    """Module name -> source (CRLF, ASCII) of every module of the add-in."""
    sources = {BRIDGE_MODULE: bridge_vba(), RIBBON_MODULE: ribbon_vba(),
               DIALOGS_MODULE: dialogs_vba(), VBA_MODULE: udf_vba(),
               PAINT_MODULE: paint_vba()}  # fmt: skip
    for name, source in sources.items():
        if not source.isascii():
            raise VbaSourceError(f"VBA 模块 {name} 含有非 ASCII 字符（中文只能写在功能区 XML 里）")
    return {name: crlf(source) for name, source in sources.items()}

"""Build jixiao.xlam on any system: pyOpenVBA writes the VBA project, we add the ribbon.

pyOpenVBA's ``ExcelFile.create_new`` starts from an add-in package Excel itself wrote (so
it opens without a repair prompt) and writes the modules into ``xl/vbaProject.bin``. The
package is then rewritten once: the customUI14 part, its relationship in ``_rels/.rels``,
the add-in's title in ``docProps/core.xml``, and the ``_VBA_PROJECT`` stream of
``xl/vbaProject.bin`` in the form [MS-OVBA] 2.3.4.1 prescribes for a writer: version 0xFFFF
and no performance cache, so that Excel compiles the modules from their source on first
open (as xlwings' own add-ins ship it) instead of trusting a stale cache.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from addin import __version__
from addin.excel.ribbon import ribbon_xml
from addin.excel.vba_sources import modules

CUSTOM_UI_PART = "customUI/customUI14.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
VBA_PROJECT_PART = "xl/vbaProject.bin"
# Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 (2 bytes); no PerformanceCache
VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000000")
TITLE = "绩效助手"
DESCRIPTION = "预算绩效表格的校验、计分与合并汇总（jixiao {version}）"


class BuildError(RuntimeError):
    """The add-in could not be built (message in Chinese)."""


def _write_project(path: Path, sources: dict[str, str]) -> list[str]:
    """A new .xlam at ``path`` with ``sources`` as standard modules; the module names."""
    try:
        from pyopenvba import ExcelFile
    except ImportError as exc:
        raise BuildError("缺少 pyOpenVBA：请运行 pip install pyopenvba") from exc
    with ExcelFile.create_new(path) as book:
        project = book.vba_project()
        if "Module1" in project.module_names():
            project.delete_module("Module1")  # the template's empty module
        for name, source in sources.items():
            project.add_module(name, source)
        book.save()
        return book.module_names()


def _rels(xml: str) -> str:
    relationship = (
        f'<Relationship Id="jxCustomUI" Type="{CUSTOM_UI_REL}" Target="{CUSTOM_UI_PART}"/>'
    )
    if CUSTOM_UI_REL in xml:
        raise BuildError("模板中已有功能区部件")
    return xml.replace("</Relationships>", relationship + "</Relationships>")


def _core(xml: str) -> str:
    """Title and description shown in Excel's add-ins dialog."""
    meta = (
        f"<dc:creator>{escape(TITLE)}</dc:creator>"
        f"<dc:title>{escape(TITLE)}</dc:title>"
        f"<dc:description>{escape(DESCRIPTION.format(version=__version__))}</dc:description>"
    )
    for tag in ("dc:title", "dc:description", "dc:creator", "cp:lastModifiedBy"):
        start = xml.find(f"<{tag}")
        if start != -1:
            end = xml.index(f"</{tag}>", start) + len(f"</{tag}>")
            xml = xml[:start] + xml[end:]
    return xml.replace("</cp:coreProperties>", meta + "</cp:coreProperties>")


def without_cache(project: bytes) -> bytes:
    """``vbaProject.bin`` with its ``_VBA_PROJECT`` stream as MS-OVBA says to write it."""
    from pyopenvba.cfb import CFB

    cfb = CFB.from_bytes(project)
    try:
        header = cfb.get_stream_in_storage("VBA", "_VBA_PROJECT")
    except KeyError as exc:
        raise BuildError("VBA 工程中缺少 _VBA_PROJECT 流") from exc
    if header[:2] != VBA_PROJECT_STREAM[:2]:
        raise BuildError("VBA 工程的 _VBA_PROJECT 流开头不对")
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", VBA_PROJECT_STREAM)
    return cfb.to_bytes()


def _add_ribbon(source: Path, target: Path) -> None:
    with zipfile.ZipFile(source) as zin:
        if ADDIN_CONTENT_TYPE not in zin.read("[Content_Types].xml").decode("utf-8"):
            raise BuildError("pyOpenVBA 生成的不是加载项（.xlam）")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "_rels/.rels":
                    data = _rels(data.decode("utf-8")).encode("utf-8")
                elif info.filename == "docProps/core.xml":
                    data = _core(data.decode("utf-8")).encode("utf-8")
                elif info.filename == VBA_PROJECT_PART:
                    data = without_cache(data)
                zout.writestr(info, data)
            zout.writestr(CUSTOM_UI_PART, ribbon_xml().encode("utf-8"))


def build_xlam(target: Path) -> list[str]:
    """Write jixiao.xlam to ``target``; returns the VBA module names."""
    if target.suffix.lower() != ".xlam":
        raise BuildError(f"{target.name}：加载项文件应以 .xlam 结尾")
    if not target.parent.is_dir():
        raise BuildError(f"文件夹「{target.parent}」不存在")
    sources = modules()
    with tempfile.TemporaryDirectory(prefix="jixiao-xlam-") as tmp:
        draft = Path(tmp) / "jixiao.xlam"
        names = _write_project(draft, sources)
        staged = Path(tmp) / "staged.xlam"
        _add_ribbon(draft, staged)
        try:
            target.write_bytes(staged.read_bytes())
        except OSError as exc:
            reason = f"{exc.strerror or exc}（文件是否在 Excel 中打开？）"
            raise BuildError(f"无法写入「{target}」：{reason}") from exc
    return names

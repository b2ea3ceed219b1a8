"""Build jixiao.xlam on any system: pyOpenVBA writes the VBA project, we add the ribbon.

pyOpenVBA's ``ExcelFile.create_new`` starts from an add-in package Excel itself wrote (so
it opens without a repair prompt) and writes the modules into ``xl/vbaProject.bin``. The
package is then rewritten once: the customUI14 part, its relationship in ``_rels/.rels``
and the add-in's title in ``docProps/core.xml``.
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

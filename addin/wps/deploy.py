"""WPS's documented offline deployment ("jsplugins.xml 模式"): the list file, the package it
points to, and the two oem.ini settings that make WPS read the list.

- ``jsaddons/jsplugins.xml`` lists the add-in with ``enable="true"`` and a ``file:///`` URL
  to its package, as WPS's deployment guide shows::

      <jsplugins>
        <jsplugin enable="true" version="1.0.0" name="secretAddin"
                  url="file:///C:/Users/username/AppData/Roaming/kingsoft/wps/jsaddons/secretAddin.7z"
                  type="wps"/>
      </jsplugins>

- the package is the add-in folder packed as 7z (what ``wpsjs build`` makes); the unpacked
  folder ``jsaddons/<name>_<version>/`` sits beside it, as the guide has it unpacked;
- ``office6/cfgs/oem.ini`` of the WPS installation needs ``[Support] JsApiPlugin=true`` (and
  ``[Server] JSPluginsServer=`` the list's path). The file belongs to the installation, so
  it is changed only where this user may write it; otherwise the clerk is told the lines.

Entries of other add-ins in jsplugins.xml and every other line of oem.ini are kept.
"""

from __future__ import annotations

import os
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from glob import glob
from pathlib import Path, PurePath

LIST_FILE = "jsplugins.xml"
LINUX_ROOTS = ("/opt/kingsoft/wps-office",
               "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office")  # fmt: skip
OEM_SETTINGS = (("Support", "JsApiPlugin", "true"), ("Server", "JSPluginsServer", None))


def package_url(package: PurePath) -> str:
    """``file:///C:/Users/…/jixiao_0.1.0.7z`` (Windows) or ``file:///home/…`` (Linux)."""
    return package.as_uri()


def write_package(folder: Path, package: Path) -> Path:
    """The add-in folder packed as 7z, its files at the archive's root. It holds config.js
    and so the service's token: readable by this user only, from its creation on."""
    import py7zr

    package.unlink(missing_ok=True)
    os.close(os.open(package, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with py7zr.SevenZipFile(package, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    package.chmod(0o600)
    return package


def read_list(path: Path) -> tuple[ET.Element, Path | None]:
    """jsplugins.xml's root, or a new one; an unreadable file is kept beside as .bak."""
    if not path.is_file():
        return ET.Element("jsplugins"), None
    try:
        root = ET.parse(path).getroot()
        if root.tag == "jsplugins":
            return root, None
    except ET.ParseError:
        pass
    backup = path.with_name(path.name + ".bak")
    shutil.copy2(path, backup)
    return ET.Element("jsplugins"), backup


def write_list(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def drop_entries(root: ET.Element, name: str) -> None:
    for element in list(root):
        if element.get("name") == name:
            root.remove(element)


def update_list(path: Path, name: str, version: str, url: str) -> Path | None:
    """Our entry (replacing an older one) in jsplugins.xml; the backup of an unreadable one."""
    root, backup = read_list(path)
    drop_entries(root, name)
    ET.SubElement(root, "jsplugin", {"name": name, "type": "et", "url": url,
                                     "version": version, "enable": "true"})  # fmt: skip
    write_list(root, path)
    return backup


# --- oem.ini ------------------------------------------------------------------------------


def oem_ini_candidates(
    platform: str = sys.platform, env: Mapping[str, str] = os.environ
) -> list[Path]:
    """oem.ini of every WPS installation found (per-user first, then machine-wide)."""
    patterns = []
    if platform == "win32":
        for var in ("LOCALAPPDATA", "ProgramFiles(x86)", "ProgramFiles"):
            if base := env.get(var):
                patterns.append(f"{base}/Kingsoft/WPS Office/*/office6/cfgs/oem.ini")
    else:
        patterns += [f"{root}/office6/cfgs/oem.ini" for root in LINUX_ROOTS]
    return [Path(p) for pattern in patterns for p in sorted(glob(pattern))]


def oem_lines(list_path: PurePath) -> str:
    """The settings to add to oem.ini, for a clerk (or an administrator) to paste."""
    return f"[Support]\nJsApiPlugin=true\n\n[Server]\nJSPluginsServer={list_path}\n"


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding to write it back in (a new file: UTF-8 without a BOM)."""
    if not data:
        return "", "utf-8"
    if not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "utf-16", "gbk"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def set_oem(text: str, settings: list[tuple[str, str, str]]) -> str:
    """``text`` with each (section, key, value) set: an existing key's line replaced, a
    missing key added at the end of its section, a missing section added at the end. Every
    other line (comments, other keys, their order) is kept."""
    lines = text.splitlines()
    for section, key, value in settings:
        start = next((i for i, line in enumerate(lines)
                      if line.strip().lower() == f"[{section.lower()}]"), None)  # fmt: skip
        if start is None:
            if lines and lines[-1].strip():
                lines.append("")
            lines += [f"[{section}]", f"{key}={value}"]
            continue
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].strip().startswith("[")), len(lines))  # fmt: skip
        found = [i for i in range(start + 1, end)
                 if lines[i].split("=", 1)[0].strip().lower() == key.lower()]  # fmt: skip
        if found:
            lines[found[0]] = f"{key}={value}"
            for extra in reversed(found[1:]):
                del lines[extra]
        else:
            insert = end
            while insert > start + 1 and not lines[insert - 1].strip():
                insert -= 1
            lines.insert(insert, f"{key}={value}")
    return "\n".join(lines) + "\n"


def update_oem_ini(path: Path, list_path: Path) -> Path:
    """Turn on the jsplugins.xml mode in ``path``; returns the backup of the original."""
    data = path.read_bytes() if path.is_file() else b""
    text, encoding = _decode(data)
    backup = path.with_name(path.name + ".jixiao.bak")
    if data and not backup.exists():
        backup.write_bytes(data)
    settings = [(s, k, v if v is not None else str(list_path)) for s, k, v in OEM_SETTINGS]
    updated = set_oem(text, settings)
    newline = "\r\n" if b"\r\n" in data or (not data and os.name == "nt") else "\n"
    path.write_bytes(updated.replace("\n", newline).encode(encoding))
    return backup

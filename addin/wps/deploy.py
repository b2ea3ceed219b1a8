"""The files WPS reads to find a JS add-in, as wpsjs 2.2.3 (WPS's own tool) writes them.

Two routes, both taken from wpsjs's source (``src/lib/build.js``, ``debug_publish.js``,
``debug_xmlplugin.js`` of the npm package ``wpsjs`` 2.2.3):

- **per user** (``publish.xml``): the offline installer wpsjs builds (``CreateCopyBat``) copies
  ``<name>_<version>/`` into ``%APPDATA%\\kingsoft\\wps\\jsaddons`` and puts
  ``publish.xml`` (``CreatePublishXml``) beside it, one entry::

      <jsplugin name="…" type="et" url="<name>_<version>" version="…"
                enable="enable_dev" install="null" customDomain=""/>

  No administrator, no oem.ini. wpsjs's batch file copies its one-entry publish.xml over the
  user's; we merge instead (``debug_publish.js``'s ``configPublish`` merges the same way:
  replace the entry of the same name, keep every other).
- **for administrators** (``oem.ini`` → ``jsplugins.xml``): ``office6/cfgs/oem.ini`` gets
  ``[Support] JsApiPlugin=true`` and ``[Server] JSPluginsServer=`` a list whose entry has
  ``enable="true"`` and a ``file:///`` URL to the .7z package. WPS reads one such list only;
  a value that is not ours (an OA or 公文 vendor's) is never replaced.

The package is laid out as wpsjs's offline build packs it (``_7z.add(<name>.7z,
[<name>_<version>])``): one top folder ``<name>_<version>/`` holding the add-in.
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from glob import glob
from pathlib import Path, PurePath

PUBLISH_FILE = "publish.xml"
LIST_FILE = "jsplugins.xml"
LINUX_ROOTS = ("/opt/kingsoft/wps-office",
               "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office")  # fmt: skip
# wpsjs's GetOffice6Path / GetExePath read these ProgIDs' commands from the registry
REGISTRY_KEYS = (r"KET.Sheet.12\shell\open\command", r"KWPS.Document.12\shell\open\command",
                 r"KET.Sheet.12\shell\new\command")  # fmt: skip
EXE_NAMES = ("et.exe", "wps.exe", "wpsoffice.exe", "ksolaunch.exe")


class ListError(Exception):
    """A list file (publish.xml, jsplugins.xml) cannot be read; it is left as it is."""


def package_url(package: PurePath) -> str:
    """``file:///C:/Users/…/jixiao.7z`` (Windows) or ``file:///home/…`` (Linux)."""
    return package.as_uri()


def write_package(folder: Path, package: Path) -> Path:
    """``folder`` packed as 7z under one top folder of its own name, as ``wpsjs build``
    (offline) packs it. It holds config.js and so the service's token: readable by this
    user only, from its creation on."""
    import py7zr

    package.unlink(missing_ok=True)
    os.close(os.open(package, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with py7zr.SevenZipFile(package, "w") as archive:
        archive.write(folder, folder.name)
        for path in sorted(folder.rglob("*")):
            archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    package.chmod(0o600)
    return package


# --- list files ---------------------------------------------------------------------------


def parse_list(data: bytes, path: Path) -> ET.Element:
    """A list's root (comments kept); :class:`ListError` when it is not a <jsplugins> list."""
    if not data.strip():
        return ET.Element("jsplugins")
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        root = ET.fromstring(data, parser=parser)
    except ET.ParseError as exc:
        raise ListError(f"「{path}」不是有效的 XML（{exc}），未作改动") from exc
    if root.tag != "jsplugins":
        raise ListError(f"「{path}」的根元素是 <{root.tag}>，不是 <jsplugins>，未作改动")
    return root


def read_list(path: Path) -> ET.Element:
    return parse_list(path.read_bytes() if path.is_file() else b"", path)


def list_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def entries_named(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root if isinstance(e.tag, str) and e.get("name") == name]


def without(root: ET.Element, name: str) -> ET.Element:
    for element in entries_named(root, name):
        root.remove(element)
    return root


def publish_entry(name: str, kind: str, version: str) -> dict[str, str]:
    """The attributes of wpsjs's ``CreatePublishXml`` entry, in its order."""
    return {"name": name, "type": kind, "url": f"{name}_{version}", "version": version,
            "enable": "enable_dev", "install": "null", "customDomain": ""}  # fmt: skip


def list_entry(name: str, kind: str, version: str, url: str) -> dict[str, str]:
    """The attributes of a jsplugins.xml entry as WPS's deployment guide shows it."""
    return {"name": name, "type": kind, "url": url, "version": version, "enable": "true"}


def merged(data: bytes, path: Path, name: str, attributes: dict[str, str]) -> bytes:
    """The list ``data`` with our one entry (an older one of ours replaced), others kept."""
    root = without(parse_list(data, path), name)
    ET.SubElement(root, "jsplugin", attributes)
    return list_bytes(root)


# --- oem.ini --------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
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


def _section(lines: list[str], section: str) -> tuple[int | None, int]:
    start = next((i for i, line in enumerate(lines)
                  if line.strip().lower() == f"[{section.lower()}]"), None)  # fmt: skip
    if start is None:
        return None, len(lines)
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip().startswith("[")), len(lines))  # fmt: skip
    return start, end


def get_oem(text: str, section: str, key: str) -> str | None:
    """The value of ``key`` in ``[section]`` (the first one), or None."""
    lines = text.splitlines()
    start, end = _section(lines, section)
    if start is None:
        return None
    for line in lines[start + 1 : end]:
        if "=" in line and line.split("=", 1)[0].strip().lower() == key.lower():
            return line.split("=", 1)[1].strip()
    return None


def set_oem(text: str, settings: list[tuple[str, str, str]]) -> str:
    """``text`` with each (section, key, value) set: an existing key's line replaced, a
    missing key added at the end of its section, a missing section added at the end. Every
    other line (comments, other keys, their order) is kept."""
    lines = text.splitlines()
    for section, key, value in settings:
        start, end = _section(lines, section)
        if start is None:
            if lines and lines[-1].strip():
                lines.append("")
            lines += [f"[{section}]", f"{key}={value}"]
            continue
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


def encode_like(text: str, original: bytes, encoding: str) -> bytes:
    """``text`` in the original's encoding and line ends (a new file: the platform's)."""
    newline = "\r\n" if b"\r\n" in original or (not original and os.name == "nt") else "\n"
    return text.replace("\n", newline).encode(encoding)


def oem_lines(list_path: PurePath) -> str:
    """The settings to add to oem.ini, for an administrator to paste."""
    return f"[Support]\nJsApiPlugin=true\n\n[Server]\nJSPluginsServer={list_path}\n"


def same_place(value: str, list_path: Path) -> bool:
    """Whether an oem.ini ``JSPluginsServer`` value names ``list_path`` (as a path or a
    ``file:///`` URL, any letter case on Windows)."""
    value = value.strip().strip('"')
    if value.lower().startswith("file:///"):
        value = value[8:] if re.match(r"(?i)file:///[a-z]:", value) else value[7:]
    ours = str(list_path)
    if os.name == "nt" or re.match(r"(?i)[a-z]:", value):
        return value.replace("/", "\\").lower() == ours.replace("/", "\\").lower()
    return os.path.normpath(value) == os.path.normpath(ours)


# --- where WPS is installed ---------------------------------------------------------------


def windows_registry(key: str) -> str | None:
    """The default value of ``HKEY_CLASSES_ROOT\\key`` (None off Windows or when missing)."""
    if sys.platform != "win32":
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, key) as handle:  # type: ignore[attr-defined]
            value, _ = winreg.QueryValueEx(handle, "")  # type: ignore[attr-defined]
    except OSError:
        return None
    return str(value)


def office6_from_command(command: str) -> Path | None:
    """``…\\office6`` from a registry command such as ``"C:\\WPS\\12.1\\office6\\et.exe" "%1"``."""
    lowered = command.lower()
    for exe in EXE_NAMES:
        at = lowered.find(exe)
        if at > 0:
            folder = command[:at].strip().strip('"').rstrip("\\/")
            return Path(folder) if folder.lower().endswith("office6") else Path(folder) / "office6"
    return None


def oem_ini_candidates(
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    registry: Callable[[str], str | None] = windows_registry,
) -> list[Path]:
    """oem.ini of every WPS installation found: the one the registry names first (custom
    install folders included, as wpsjs finds it), then the usual folders."""
    found: list[Path] = []
    if platform == "win32":
        for key in REGISTRY_KEYS:
            command = registry(key)
            office6 = office6_from_command(command) if command else None
            if office6 is not None:
                found.append(office6 / "cfgs" / "oem.ini")
        patterns = [f"{base}/Kingsoft/WPS Office/*/office6/cfgs/oem.ini"
                    for var in ("LOCALAPPDATA", "ProgramFiles(x86)", "ProgramFiles")
                    if (base := env.get(var))]  # fmt: skip
    elif platform == "darwin":
        patterns = ["/Applications/wpsoffice.app/Contents/Resources/office6/cfgs/oem.ini"]
    else:
        patterns = [f"{root}/office6/cfgs/oem.ini" for root in LINUX_ROOTS]
    found += [Path(p) for pattern in patterns for p in sorted(glob(pattern))]
    unique: dict[str, Path] = {}
    for path in found:
        if path.is_file() or path.parent.is_dir():
            unique.setdefault(os.path.normcase(str(path)), path)
    return list(unique.values())

"""``jixiao wps install``: the JS add-in into WPS's jsaddons folder, offline.

WPS loads offline add-ins listed in ``jsaddons/publish.xml`` from the folder
``jsaddons/<name>_<version>/`` (the layout ``wpsjs build`` produces):

    <jsplugins>
      <jsplugin name="jixiao" type="et" url="jixiao_0.1.0" version="0.1.0"
                enable="enable_dev" install="null" customDomain=""/>
    </jsplugins>

jsaddons is ``%APPDATA%\\kingsoft\\wps\\jsaddons`` on Windows and
``~/.local/share/Kingsoft/wps/jsaddons`` on Linux. Other add-ins' entries are kept.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from addin import __version__
from addin.wps.config import DEFAULT_PORT, LOCAL_HOST, load_or_create_token

ADDON_NAME = "jixiao"
SOURCE = Path(__file__).resolve().parent / "jsaddon"
SKIP = {"test", "testing", "node_modules", "package-lock.json"}
AUTOSTART_NAME = "jixiao-serve"


class InstallError(Exception):
    """The add-in cannot be installed; ``str(err)`` is one Chinese sentence."""


@dataclass
class Installed:
    """What an install did, for the clerk."""

    folder: Path
    publish: Path
    url: str
    backup: Path | None = None  # an unreadable publish.xml set aside
    autostart: Path | None = None
    notes: list[str] = field(default_factory=list)


def jsaddons_dir(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """WPS's jsaddons folder for this user."""
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if platform == "win32":
        appdata = env.get("APPDATA")
        if not appdata:
            raise InstallError("找不到 %APPDATA% 文件夹，无法确定 WPS 加载项的位置")
        return Path(appdata) / "kingsoft" / "wps" / "jsaddons"
    if platform == "darwin":
        return home / "Library/Containers/com.kingsoft.wpsoffice.mac/Data/.kingsoft/wps/jsaddons"
    return home / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"


def folder_name(version: str = __version__) -> str:
    return f"{ADDON_NAME}_{version}"


def config_js(url: str, token: str) -> str:
    """The add-in's js/config.js: where the service is and the shared token."""
    settings = json.dumps({"serviceUrl": url, "token": token}, ensure_ascii=False, indent=2)
    settings = settings.replace("\n", "\n  ")
    return (
        "// 由 jixiao wps install 生成：本地服务地址和口令（请勿手改）\n"
        "(function (root) {\n"
        f"  var config = {settings};\n"
        '  if (typeof module === "object" && module.exports) module.exports = config;\n'
        "  else (root.JixiaoWps = root.JixiaoWps || {}).config = config;\n"
        "})(this);\n"
    )


def copy_addin(target: Path, url: str, token: str, source: Path = SOURCE) -> Path:
    """Copy the add-in into ``target/jixiao_<version>`` (older versions of ours removed)."""
    if not (source / "ribbon.xml").is_file():
        raise InstallError(f"安装包不完整：找不到加载项文件（{source}）")
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob(f"{ADDON_NAME}_*"):
        if old.is_dir():
            shutil.rmtree(old)
    folder = target / folder_name()
    shutil.copytree(source, folder, ignore=lambda _, names: [n for n in names if n in SKIP])
    (folder / "js" / "config.js").write_text(config_js(url, token), encoding="utf-8")
    return folder


def _read_publish(path: Path) -> tuple[ET.Element, Path | None]:
    """publish.xml's root, or a new one; an unreadable file is kept beside as .bak."""
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


def _write_publish(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _drop_ours(root: ET.Element) -> None:
    for element in list(root):
        if element.get("name") == ADDON_NAME:
            root.remove(element)


def update_publish(path: Path, version: str = __version__) -> Path | None:
    """Add (or replace) our entry in publish.xml; returns the backup of an unreadable one."""
    root, backup = _read_publish(path)
    _drop_ours(root)
    ET.SubElement(
        root,
        "jsplugin",
        {
            "name": ADDON_NAME,
            "type": "et",
            "url": folder_name(version),
            "version": version,
            "enable": "enable_dev",
            "install": "null",
            "customDomain": "",
        },
    )
    _write_publish(root, path)
    return backup


def service_command(port: int) -> list[str]:
    """The command that starts the service with this Python (pythonw on Windows: no window)."""
    python = Path(sys.executable)
    quiet = python.with_name("pythonw.exe")
    if sys.platform == "win32" and quiet.is_file():
        python = quiet
    return [str(python), "-m", "addin", "serve", "--port", str(port)]


def startup_dir(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """Where a program placed starts at login: the Startup folder or ~/.config/autostart."""
    if platform == "win32":
        appdata = env.get("APPDATA", "")
        return Path(appdata) / "Microsoft/Windows/Start Menu/Programs/Startup"
    base = env.get("XDG_CONFIG_HOME") or Path(env.get("HOME") or Path.home()) / ".config"
    return Path(base) / "autostart"


def write_autostart(
    port: int, platform: str = sys.platform, env: Mapping[str, str] = os.environ
) -> Path:
    """Start the service at login: a hidden .vbs in the Startup folder (Windows) or an
    XDG autostart .desktop entry (Linux desktops: UOS, Kylin, GNOME, KDE …)."""
    folder = startup_dir(platform, env)
    folder.mkdir(parents=True, exist_ok=True)
    command = service_command(port)
    if platform == "win32":
        quoted = " ".join([f'""{command[0]}""', *command[1:]])  # VBS: "" is one quote
        path = folder / f"{AUTOSTART_NAME}.vbs"
        text = f'CreateObject("WScript.Shell").Run "{quoted}", 0, False\r\n'
        path.write_text(text, encoding="utf-16")  # with BOM: paths may be Chinese
        return path
    path = folder / f"{AUTOSTART_NAME}.desktop"
    exec_line = " ".join(f'"{part}"' if " " in part else part for part in command)
    path.write_text(
        "[Desktop Entry]\nType=Application\nName=绩效助手服务\n"
        f"Comment=WPS 加载项“绩效助手”的本地服务\nExec={exec_line}\n"
        "Terminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n",
        encoding="utf-8",
    )
    return path


def systemd_unit(port: int) -> str:
    """A systemd --user unit, for machines that prefer it to desktop autostart."""
    return (
        "[Unit]\nDescription=绩效助手本地服务（WPS 加载项）\n\n"
        f"[Service]\nExecStart={' '.join(service_command(port))}\nRestart=on-failure\n\n"
        "[Install]\nWantedBy=default.target\n"
    )


def install(
    target: Path | None = None,
    port: int = DEFAULT_PORT,
    autostart: bool = False,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
) -> Installed:
    """Install the add-in (and, when asked, start the service at login)."""
    jsaddons = target or jsaddons_dir(platform, env)
    url = f"http://{LOCAL_HOST}:{port}"
    try:
        folder = copy_addin(jsaddons, url, load_or_create_token())
        publish = jsaddons / "publish.xml"
        backup = update_publish(publish)
        done = Installed(folder=folder, publish=publish, url=url, backup=backup)
        if autostart:
            done.autostart = write_autostart(port, platform, env)
    except OSError as exc:
        where = exc.filename or jsaddons
        raise InstallError(f"无法写入「{where}」：{exc.strerror or exc}") from exc
    return done


def uninstall(target: Path | None = None, platform: str = sys.platform,
              env: Mapping[str, str] = os.environ) -> list[Path]:  # fmt: skip
    """Remove our folders, our publish.xml entry and our autostart file; what was removed."""
    jsaddons = target or jsaddons_dir(platform, env)
    removed: list[Path] = []
    try:
        for old in jsaddons.glob(f"{ADDON_NAME}_*"):
            if old.is_dir():
                shutil.rmtree(old)
                removed.append(old)
        publish = jsaddons / "publish.xml"
        if publish.is_file():
            root, _ = _read_publish(publish)
            _drop_ours(root)
            _write_publish(root, publish)
        for suffix in (".vbs", ".desktop"):
            start = startup_dir(platform, env) / f"{AUTOSTART_NAME}{suffix}"
            if start.is_file():
                start.unlink()
                removed.append(start)
    except OSError as exc:
        raise InstallError(
            f"无法删除「{exc.filename or jsaddons}」：{exc.strerror or exc}"
        ) from exc
    return removed

"""``jixiao wps install``: the JS add-in deployed the way WPS documents for offline use.

The add-in is copied to ``jsaddons/jixiao_<version>/``, packed beside it as
``jixiao_<version>.7z`` and listed in ``jsaddons/jsplugins.xml``; ``oem.ini`` of the WPS
installation gets ``JsApiPlugin=true`` and ``JSPluginsServer`` (see :mod:`addin.wps.deploy`).
jsaddons is ``%APPDATA%\\kingsoft\\wps\\jsaddons`` on Windows and
``~/.local/share/Kingsoft/wps/jsaddons`` on Linux. Other add-ins' entries are kept; an
entry of ours that an earlier release wrote into ``publish.xml`` is removed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from addin import __version__
from addin.core.errors import JixiaoError
from addin.wps import deploy
from addin.wps.config import DEFAULT_PORT, LOCAL_HOST, load_or_create_token

ADDON_NAME = "jixiao"
SOURCE = Path(__file__).resolve().parent / "jsaddon"
SKIP = {"test", "testing", "node_modules", "package-lock.json"}
AUTOSTART_NAME = "jixiao-serve"


class InstallError(JixiaoError):
    """The add-in cannot be installed; ``str(err)`` is one Chinese sentence."""


@dataclass
class Installed:
    """What an install did, for the clerk."""

    folder: Path
    package: Path
    listing: Path  # jsplugins.xml
    url: str  # the service's
    backup: Path | None = None  # an unreadable jsplugins.xml set aside
    autostart: Path | None = None
    oem_changed: list[Path] = field(default_factory=list)
    oem_refused: list[Path] = field(default_factory=list)  # found but not writable


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
        elif old.suffix == ".7z":
            old.unlink()
    folder = target / folder_name()
    shutil.copytree(source, folder, ignore=lambda _, names: [n for n in names if n in SKIP])
    write_private(folder / "js" / "config.js", config_js(url, token))
    return folder


def write_private(path: Path, text: str) -> None:
    """Write a file only this user can read (0600) in a folder only this user can open
    (0700): config.js holds the service's token. Created with that mode, never widened."""
    path.parent.chmod(0o700)
    path.unlink(missing_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    path.chmod(0o600)  # an umask cannot have narrowed it further than 0600 anyway


def _drop_from_publish(jsaddons: Path) -> None:
    """Remove the entry an earlier release wrote into publish.xml (WPS's publish mode writes
    that file itself)."""
    publish = jsaddons / "publish.xml"
    if not publish.is_file():
        return
    root, backup = deploy.read_list(publish)
    if backup is None and any(e.get("name") == ADDON_NAME for e in root):
        deploy.drop_entries(root, ADDON_NAME)
        deploy.write_list(root, publish)


def register(folder: Path, jsaddons: Path, version: str = __version__) -> tuple[Path, Path | None]:
    """Pack ``folder`` and list it in jsplugins.xml; (the package, a set-aside list file)."""
    package = deploy.write_package(folder, jsaddons / f"{folder_name(version)}.7z")
    backup = deploy.update_list(jsaddons / deploy.LIST_FILE, ADDON_NAME, version,
                                deploy.package_url(package))  # fmt: skip
    _drop_from_publish(jsaddons)
    return package, backup


def switch_on(list_path: Path, oem_ini: list[Path]) -> tuple[list[Path], list[Path]]:
    """Set the jsplugins.xml mode in each oem.ini this user may change; (changed, not)."""
    changed, refused = [], []
    for path in oem_ini:
        try:
            deploy.update_oem_ini(path, list_path)
            changed.append(path)
        except OSError:
            refused.append(path)
    return changed, refused


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
    oem_ini: list[Path] | None = None,
) -> Installed:
    """Install the add-in (and, when asked, start the service at login). ``oem_ini``: the
    files to switch on (default: every WPS installation found)."""
    jsaddons = target or jsaddons_dir(platform, env)
    url = f"http://{LOCAL_HOST}:{port}"
    try:
        folder = copy_addin(jsaddons, url, load_or_create_token())
        package, backup = register(folder, jsaddons)
        listing = jsaddons / deploy.LIST_FILE
        done = Installed(folder=folder, package=package, listing=listing, url=url, backup=backup)
        candidates = deploy.oem_ini_candidates(platform, env) if oem_ini is None else oem_ini
        done.oem_changed, done.oem_refused = switch_on(listing, candidates)
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
        for package in jsaddons.glob(f"{ADDON_NAME}_*.7z"):
            package.unlink()
            removed.append(package)
        listing = jsaddons / deploy.LIST_FILE
        if listing.is_file():
            root, _ = deploy.read_list(listing)
            deploy.drop_entries(root, ADDON_NAME)
            deploy.write_list(root, listing)
        _drop_from_publish(jsaddons)
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

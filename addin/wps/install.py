"""``jixiao wps install`` and ``jixiao wps uninstall``.

Default, per user (what wpsjs's offline installer does, see :mod:`addin.wps.deploy`): the
add-in is copied to ``jsaddons/jixiao_<version>/`` and listed in ``jsaddons/publish.xml``
(merged: every other entry kept). No administrator, no oem.ini.

``--oem-ini``, for administrators: the add-in is also packed as ``jsaddons/jixiao.7z``,
listed in ``jsaddons/jsplugins.xml``, and ``office6/cfgs/oem.ini`` of each WPS installation
found (the registry's first, then the usual folders) is pointed at that list — unless it
already names another list (an OA or 公文 vendor's): that file is left byte for byte as it
was and the administrator is told what to add to that list instead.

jsaddons is ``%APPDATA%\\kingsoft\\wps\\jsaddons`` on Windows and
``~/.local/share/Kingsoft/wps/jsaddons`` on Linux (the folders wpsjs uses). Every file
changed is recorded (:mod:`addin.wps.ledger`) and put back by uninstall.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from addin import __version__
from addin.core.errors import JixiaoError
from addin.workbook.outputs import OutputRefused, write_output
from addin.wps import deploy, ledger
from addin.wps.config import DEFAULT_PORT, LOCAL_HOST, load_or_create_token

ADDON_NAME = "jixiao"
ADDON_TYPE = "et"  # WPS 表格
SOURCE = Path(__file__).resolve().parent / "jsaddon"
# what wpsjs build leaves out (node_modules, package.json, package-lock.json) and our tests
SKIP = {"test", "testing", "node_modules", "package.json", "package-lock.json"}
AUTOSTART_NAME = "jixiao-serve"
PACKAGE_NAME = f"{ADDON_NAME}.7z"  # wpsjs build: `${projectCfg.name}.7z`


class InstallError(JixiaoError):
    """The add-in cannot be installed; ``str(err)`` is one Chinese sentence."""


@dataclass
class Installed:
    """What an install did, for the clerk."""

    route: str  # "personal" (publish.xml) or "oem" (oem.ini → jsplugins.xml)
    folder: Path
    url: str  # the service's
    publish: Path | None = None
    package: Path | None = None
    listing: Path | None = None  # jsplugins.xml
    autostart: Path | None = None
    oem_changed: list[Path] = field(default_factory=list)
    oem_refused: list[Path] = field(default_factory=list)  # found but not writable
    oem_foreign: list[tuple[Path, str]] = field(default_factory=list)  # another list kept


@dataclass
class Removed:
    """What an uninstall did."""

    removed: list[Path] = field(default_factory=list)
    restored: list[Path] = field(default_factory=list)  # put back byte for byte
    pruned: list[Path] = field(default_factory=list)  # changed since: only our entry taken out
    kept: list[Path] = field(default_factory=list)  # changed since and not ours to edit


def jsaddons_dir(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """WPS's jsaddons folder for this user (wpsjs's ``GetPublistXmlPath``)."""
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


def ours(path: Path) -> bool:
    """A folder or package of ours in jsaddons: ``jixiao_<version>``, ``jixiao.7z`` or an
    earlier release's ``jixiao_<version>.7z``."""
    name = path.name
    return name == PACKAGE_NAME or (name.startswith(f"{ADDON_NAME}_") and
                                    (path.is_dir() or name.endswith(".7z")))  # fmt: skip


def remove_ours(jsaddons: Path) -> list[Path]:
    removed = []
    for old in sorted(jsaddons.glob(f"{ADDON_NAME}*")):
        if ours(old) and not old.is_symlink():
            shutil.rmtree(old) if old.is_dir() else old.unlink()
            removed.append(old)
    return removed


def copy_addin(target: Path, url: str, token: str, source: Path = SOURCE) -> Path:
    """Copy the add-in into ``target/jixiao_<version>`` (older versions of ours removed)."""
    if not (source / "ribbon.xml").is_file():
        raise InstallError(f"安装包不完整：找不到加载项文件（{source}）")
    target.mkdir(parents=True, exist_ok=True)
    remove_ours(target)
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


def _list_with(record: ledger.Ledger, path: Path, kind: str,
               entry: dict[str, str] | None) -> None:  # fmt: skip
    """Our entry set in (or, with None, taken out of) a list file; other entries kept."""
    data = path.read_bytes() if path.is_file() else b""
    if entry is None:
        if not path.is_file():
            return
        root = deploy.parse_list(data, path)
        if not deploy.entries_named(root, ADDON_NAME):
            return
        ledger.write_file(record, path, kind, deploy.list_bytes(deploy.without(root, ADDON_NAME)))
        return
    ledger.write_file(record, path, kind, deploy.merged(data, path, ADDON_NAME, entry))


def switch_on(record: ledger.Ledger, oem: Path, listing: Path, done: Installed) -> None:
    """Point one oem.ini at our list, unless it names another list (left untouched)."""
    data = oem.read_bytes() if oem.is_file() else b""
    text, encoding = deploy.decode(data)
    current = deploy.get_oem(text, "Server", "JSPluginsServer")
    if current and not deploy.same_place(current, listing):
        done.oem_foreign.append((oem, current))
        return
    settings = [("Support", "JsApiPlugin", "true"), ("Server", "JSPluginsServer", str(listing))]
    updated = deploy.encode_like(deploy.set_oem(text, settings), data, encoding)
    try:
        ledger.write_file(record, oem, "oem", updated)
    except (OSError, OutputRefused):  # no rights there, no such folder, a link: the lines are shown
        done.oem_refused.append(oem)
        return
    done.oem_changed.append(oem)


def install(
    target: Path | None = None,
    port: int = DEFAULT_PORT,
    autostart: bool = False,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    oem: bool = False,
    oem_files: list[Path] | None = None,
    registry: Callable[[str], str | None] = deploy.windows_registry,
) -> Installed:
    """Install the add-in per user (default) or through oem.ini (``oem``; ``oem_files``:
    the files to change, default every WPS installation found)."""
    jsaddons = target or jsaddons_dir(platform, env)
    url = f"http://{LOCAL_HOST}:{port}"
    record = ledger.load()
    publish = jsaddons / deploy.PUBLISH_FILE
    listing = jsaddons / deploy.LIST_FILE
    try:
        # read both lists before anything changes: an unreadable one stops the install
        for path in (publish, listing):
            if path.is_file():
                deploy.read_list(path)
        folder = copy_addin(jsaddons, url, load_or_create_token())
        ledger.note_created(record, folder)
        done = Installed(route="oem" if oem else "personal", folder=folder, url=url)
        if oem:
            done.package = deploy.write_package(folder, jsaddons / PACKAGE_NAME)
            ledger.note_created(record, done.package)
            entry = deploy.list_entry(ADDON_NAME, ADDON_TYPE, __version__,
                                      deploy.package_url(done.package))  # fmt: skip
            _list_with(record, listing, "list", entry)
            _list_with(record, publish, "publish", None)  # never listed twice
            done.listing = listing
            files = (
                oem_files
                if oem_files is not None
                else deploy.oem_ini_candidates(platform, env, registry)
            )
            for path in files:
                switch_on(record, path, listing, done)
        else:
            entry = deploy.publish_entry(ADDON_NAME, ADDON_TYPE, __version__)
            _list_with(record, publish, "publish", entry)
            _list_with(record, listing, "list", None)  # an earlier release's entry
            done.publish = publish
        if autostart:
            done.autostart = write_autostart(port, platform, env)
            ledger.note_created(record, done.autostart)
    except deploy.ListError as exc:
        raise InstallError(f"{exc}。请修好或移走这个文件后再安装") from exc
    except OSError as exc:
        where = exc.filename or jsaddons
        raise InstallError(f"无法写入「{where}」：{exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):  # the token beside it was written: rarely fails
            ledger.save(record)
    return done


def _prune(change: ledger.Change) -> bool:
    """Take only our entry out of a list someone changed after us."""
    path = Path(change.path)
    try:
        root = deploy.read_list(path)
    except deploy.ListError:
        return False
    if not deploy.entries_named(root, ADDON_NAME):
        return True
    data = deploy.list_bytes(deploy.without(root, ADDON_NAME))
    write_output(path, (), lambda temp: temp.write_bytes(data))
    return True


def uninstall(target: Path | None = None, platform: str = sys.platform,
              env: Mapping[str, str] = os.environ) -> Removed:  # fmt: skip
    """Put back every file the install changed, remove what it created; what was done."""
    jsaddons = target or jsaddons_dir(platform, env)
    record = ledger.load()
    done = Removed()
    try:
        for change in reversed(record.changes):
            outcome = ledger.restore(change)
            path = Path(change.path)
            if outcome == "restored":
                done.restored.append(path)
            elif outcome == "removed":
                done.removed.append(path)
            elif outcome == "kept":
                pruned = change.kind != "oem" and _prune(change)
                (done.pruned if pruned else done.kept).append(path)
        for kind, name in (("publish", deploy.PUBLISH_FILE), ("list", deploy.LIST_FILE)):
            path = jsaddons / name  # an install older than the record
            if path.is_file() and ledger.find(record, path) is None:
                change = ledger.Change(path=str(path), kind=kind, before=None, written="")
                if _prune(change):
                    done.pruned.append(path)
        if jsaddons.is_dir():
            done.removed += remove_ours(jsaddons)
        for name in record.folders:  # what an install elsewhere (--target) created
            path = Path(name)
            if path.exists() and ours(path) and not path.is_symlink():
                shutil.rmtree(path) if path.is_dir() else path.unlink()
                done.removed.append(path)
        for suffix in (".vbs", ".desktop"):
            start = startup_dir(platform, env) / f"{AUTOSTART_NAME}{suffix}"
            if start.is_file():
                start.unlink()
                done.removed.append(start)
    except OSError as exc:
        raise InstallError(
            f"无法还原或删除「{exc.filename or jsaddons}」：{exc.strerror or exc}"
        ) from exc
    ledger.forget()
    return done


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

"""``jixiao wps doctor``: which route WPS will take to the add-in, whether it will find it,
and what to fix, in Chinese. Reads only; changes nothing."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from addin import __version__
from addin.wps import deploy
from addin.wps.config import DEFAULT_PORT, LOCAL_HOST, TOKEN_FILE, config_dir
from addin.wps.install import ADDON_NAME, InstallError, folder_name, jsaddons_dir

NEEDED = ("ribbon.xml", "index.html", "main.js", "js/config.js")


@dataclass
class Diagnosis:
    """What doctor found: the active routes, whether WPS will see the add-in, each line."""

    routes: list[str] = field(default_factory=list)  # "personal", "oem"
    visible: bool = False
    good: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each says what to fix

    def text(self) -> str:
        names = {
            "personal": "个人安装（publish.xml）",
            "oem": "管理员安装（oem.ini → jsplugins.xml）",
        }
        route = "、".join(names[r] for r in self.routes) or "无"
        head = [f"生效的安装方式：{route}",
                "WPS 会加载“绩效助手”：" + ("是" if self.visible else "否")]  # fmt: skip
        lines = [*head, *(f"  正常：{g}" for g in self.good)]
        lines += [f"  需要处理：{p}" for p in self.problems]
        return "\n".join(lines)


def _folder_problem(folder: Path) -> str | None:
    if not folder.is_dir():
        return f"加载项文件夹 {folder} 不存在：请重新运行 jixiao wps install"
    missing = [n for n in NEEDED if not (folder / n).is_file()]
    if missing:
        return f"加载项文件夹 {folder} 缺少 {'、'.join(missing)}：请重新运行 jixiao wps install"
    return None


def _personal(jsaddons: Path, found: Diagnosis) -> None:
    publish = jsaddons / deploy.PUBLISH_FILE
    try:
        root = deploy.read_list(publish)
    except deploy.ListError as exc:
        found.problems.append(f"{exc}：WPS 也读不了它，请修好或移走后重新安装")
        return
    except OSError as exc:
        found.problems.append(f"无法读取 {publish}：{exc.strerror or exc}")
        return
    entries = deploy.entries_named(root, ADDON_NAME)
    if not entries:
        return
    entry = entries[0]
    if entry.get("enable") not in ("enable_dev", "enable", "true"):
        found.problems.append(
            f'{publish} 中“绩效助手”被停用（enable="{entry.get("enable")}"）：'
            "重新运行 jixiao wps install"
        )
        return
    folder = jsaddons / (entry.get("url") or "")
    if problem := _folder_problem(folder):
        found.problems.append(problem)
        return
    if entry.get("version") != __version__:
        found.problems.append(
            f"publish.xml 登记的是 {entry.get('version')} 版，本程序是 {__version__} 版："
            "重新运行 jixiao wps install"
        )
    found.routes.append("personal")
    found.good.append(f"{publish} 登记了 {entry.get('url')}，文件齐全")


def _oem(jsaddons: Path, found: Diagnosis, files: list[Path]) -> None:
    listing = jsaddons / deploy.LIST_FILE
    if not files:
        found.good.append("没有找到 WPS 的 oem.ini（个人安装不需要它）")
    for oem in files:
        try:
            text, _ = deploy.decode(oem.read_bytes()) if oem.is_file() else ("", "utf-8")
        except OSError as exc:
            found.problems.append(f"无法读取 {oem}：{exc.strerror or exc}")
            continue
        server = deploy.get_oem(text, "Server", "JSPluginsServer")
        plugin = (deploy.get_oem(text, "Support", "JsApiPlugin") or "").lower()
        if not server:
            continue
        if not deploy.same_place(server, listing):
            found.problems.append(
                f"{oem} 指定了另一份加载项列表 JSPluginsServer={server}（常见于 OA、公文系统）。"
                "WPS 只读这一份列表；若重启 WPS 后没有“绩效助手”选项卡，请该列表的管理者把"
                "“绩效助手”加入其中，或改用个人安装（jixiao wps install，不加 --oem-ini）"
            )
            continue
        if plugin != "true":
            found.problems.append(f"{oem} 中 [Support] JsApiPlugin 不是 true：请管理员改为 true")
            continue
        try:
            root = deploy.read_list(listing)
        except (deploy.ListError, OSError) as exc:
            found.problems.append(f"{oem} 指向的 {listing} 无法读取（{exc}）：请重新安装")
            continue
        entries = deploy.entries_named(root, ADDON_NAME)
        package = jsaddons / f"{ADDON_NAME}.7z"
        folder = jsaddons / folder_name()
        if not entries and "personal" in found.routes:
            found.problems.append(
                f"{oem} 仍指向 {listing}（早先版本的安装方式），其中已没有“绩效助手”；WPS 可能"
                "只读这份列表而不读 publish.xml。请管理员删去 oem.ini 中的 JSPluginsServer 一行，"
                "或运行 jixiao wps install --oem-ini"
            )
        elif not entries:
            found.problems.append(
                f"{listing} 中没有“绩效助手”：请运行 jixiao wps install --oem-ini"
            )
        elif not package.is_file() or _folder_problem(folder):
            found.problems.append(
                f"安装包 {package} 或加载项文件夹不全：请运行 jixiao wps install --oem-ini"
            )
        else:
            found.routes.append("oem")
            found.good.append(f"{oem} 指向 {listing}，其中登记了“绩效助手”")


def _token(jsaddons: Path, found: Diagnosis) -> None:
    config = jsaddons / folder_name() / "js" / "config.js"
    token_file = config_dir() / TOKEN_FILE
    try:
        text = config.read_text(encoding="utf-8")
        settings = json.loads(
            text[text.index("{", text.index("var config")) : text.index("};") + 1]
        )
        token = token_file.read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return
    if settings.get("token") != token:
        found.problems.append("加载项的口令与本机服务的口令不同：请重新运行 jixiao wps install")


def _service(port: int, found: Diagnosis, timeout: float) -> None:
    url = f"http://{LOCAL_HOST}:{port}/api/health"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            body = json.loads(answer.read(4096))
    except (OSError, ValueError, urllib.error.URLError):
        found.problems.append(
            f"本地服务没有在 {LOCAL_HOST}:{port} 上运行：按钮会提示先启动服务。"
            f"请运行 jixiao serve --port {port}（或 jixiao wps install --autostart）"
        )
        return
    if body.get("service") != "jixiao":
        found.problems.append(f"端口 {port} 上运行的不是绩效助手服务：请换一个端口安装和启动")
    else:
        found.good.append(f"本地服务正在 {LOCAL_HOST}:{port} 上运行")


def diagnose(
    target: Path | None = None,
    port: int = DEFAULT_PORT,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    oem_files: list[Path] | None = None,
    registry: Callable[[str], str | None] = deploy.windows_registry,
    service_timeout: float = 1.0,
) -> Diagnosis:
    """Everything WPS needs to show and run the add-in, checked."""
    found = Diagnosis()
    try:
        jsaddons = target or jsaddons_dir(platform, env)
    except InstallError as exc:
        found.problems.append(str(exc))
        return found
    _personal(jsaddons, found)
    files = (
        oem_files if oem_files is not None else deploy.oem_ini_candidates(platform, env, registry)
    )
    _oem(jsaddons, found, files)
    if len(found.routes) == 2:
        found.problems.append(
            "两种安装方式同时生效，选项卡可能出现两次：重新运行 jixiao wps install"
            "（或 --oem-ini），它会只留下一种"
        )
    found.visible = bool(found.routes)
    if not found.routes and not any("jixiao wps install" in p for p in found.problems):
        found.problems.append(
            "WPS 找不到“绩效助手”：请运行 jixiao wps install，然后完全退出并重新打开 WPS"
        )
    _token(jsaddons, found)
    _service(port, found, service_timeout)
    return found

"""``jixiao wps install``: WPS's documented offline deployment (the add-in folder, its 7z
package, jsplugins.xml, oem.ini) compared with the documented examples, other add-ins and
settings kept, the token shared with the service and readable by this user only, autostart
at login, never a traceback."""

from __future__ import annotations

import configparser
import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PureWindowsPath

import pytest

from addin import __version__
from addin.wps import install as inst
from addin.wps.config import load_or_create_token

FOLDER = f"jixiao_{__version__}"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("JIXIAO_CONFIG_DIR", str(folder))
    return folder


# WPS's deployment guide for the jsplugins.xml mode (offline), verbatim
DOC_LIST = (
    '<jsplugins> <jsplugin enable="true" version="1.0.0" name="secretAddin" '
    'url="file:///C:/Users/username/AppData/Roaming/kingsoft/wps/jsaddons/secretAddin.7z" '
    'type="wps"/> </jsplugins>'
)
DOC_OEM = """[Setup]
Silent=0
LANG_ID=2052
BUILD_VERSION=11.1.0.10495

[Support]
##启用加载项
JsApiPlugin = true
##启用网页调试,详情请参考 WPS 基础接口说明
JsApiShowWebDebugger=true
[Server]
##指定加载项配置文件 jsplugins.xml 链接地址
JSPluginsServer=C:\\Users\\username\\AppData\\Roaming\\kingsoft\\wps\\jsaddons\\jsplugins.xml
"""


def entries(publish: Path) -> list[dict[str, str]]:
    return [dict(e.attrib, tag=e.tag) for e in ET.parse(publish).getroot()]


def config_of(folder: Path) -> dict:
    text = (folder / "js" / "config.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{", text.index("var config")) : text.index("};") + 1])


def test_jsaddons_folders_by_platform(tmp_path: Path) -> None:
    env = {"APPDATA": r"C:\Users\clerk\AppData\Roaming", "HOME": "/home/clerk"}
    assert inst.jsaddons_dir("win32", env) == Path(env["APPDATA"]) / "kingsoft/wps/jsaddons"
    assert inst.jsaddons_dir("linux", env) == Path("/home/clerk/.local/share/Kingsoft/wps/jsaddons")
    with pytest.raises(inst.InstallError, match="APPDATA"):
        inst.jsaddons_dir("win32", {"HOME": "/x"})


def test_install_copies_the_addin_and_registers_it(tmp_path: Path, config_dir: Path) -> None:
    target = tmp_path / "jsaddons"
    done = inst.install(target, port=18000, oem_ini=[])
    folder = target / FOLDER
    assert done.folder == folder
    for name in ("ribbon.xml", "index.html", "main.js", "js/marks.js", "ui/help.html",
                 "images/check.svg"):  # fmt: skip
        assert (folder / name).is_file(), name
    assert not (folder / "test").exists() and not (folder / "testing").exists()
    assert config_of(folder) == {
        "serviceUrl": "http://127.0.0.1:18000",
        "token": load_or_create_token(config_dir),
    }
    assert done.package == target / f"{FOLDER}.7z"
    assert entries(target / "jsplugins.xml") == [
        {
            "tag": "jsplugin",
            "name": "jixiao",
            "type": "et",
            "url": done.package.as_uri(),
            "version": __version__,
            "enable": "true",
        }
    ]
    assert not (target / "publish.xml").exists()  # WPS's publish mode writes that one itself


def test_the_list_has_the_documented_shape(tmp_path: Path) -> None:
    """Same element, same attributes, same kind of URL as the guide's example."""
    doc = ET.fromstring(DOC_LIST)
    target = tmp_path / "jsaddons"
    inst.install(target, oem_ini=[])
    ours = ET.parse(target / "jsplugins.xml").getroot()
    assert ours.tag == doc.tag == "jsplugins"
    (example,), (entry,) = list(doc), list(ours)
    assert entry.tag == example.tag == "jsplugin"
    assert set(entry.attrib) == set(example.attrib)
    assert entry.get("enable") == example.get("enable") == "true"
    assert entry.get("type") == "et"  # WPS 表格 (the example is a WPS 文字 add-in)
    assert entry.get("url").startswith("file:///") and entry.get("url").endswith(".7z")
    assert example.get("url").startswith("file:///") and example.get("url").endswith(".7z")
    windows = inst.deploy.package_url(
        PureWindowsPath(r"C:\Users\username\AppData\Roaming\kingsoft\wps\jsaddons\secretAddin.7z")
    )
    assert windows == example.get("url")


def test_the_package_unpacks_to_the_installed_folder(tmp_path: Path) -> None:
    import py7zr

    done = inst.install(tmp_path / "jsaddons", oem_ini=[])
    with py7zr.SevenZipFile(done.package) as archive:
        archive.extractall(tmp_path / "unpacked")
    unpacked = {p.relative_to(tmp_path / "unpacked") for p in (tmp_path / "unpacked").rglob("*")
                if p.is_file()}  # fmt: skip
    installed = {p.relative_to(done.folder) for p in done.folder.rglob("*") if p.is_file()}
    assert unpacked == installed and Path("ribbon.xml") in unpacked
    for name in installed:
        assert (tmp_path / "unpacked" / name).read_bytes() == (done.folder / name).read_bytes()


def test_oem_ini_switched_on_as_documented_and_the_rest_kept(tmp_path: Path) -> None:
    oem = tmp_path / "office6" / "cfgs" / "oem.ini"
    oem.parent.mkdir(parents=True)
    original = "[Setup]\r\nSilent=0\r\nLANG_ID=2052\r\n\r\n[Support]\r\n##启用加载项\r\n"
    oem.write_bytes(original.encode("gbk"))
    done = inst.install(tmp_path / "jsaddons", oem_ini=[oem])
    assert done.oem_changed == [oem]
    data = oem.read_bytes()
    assert b"\r\n" in data and data.replace(b"\r\n", b"").count(b"\n") == 0
    text = data.decode("gbk")  # its own encoding kept
    parsed = configparser.ConfigParser(comment_prefixes=("#",), strict=False)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read_string(text)
    documented = configparser.ConfigParser(comment_prefixes=("#",), strict=False)
    documented.optionxform = str  # type: ignore[assignment,method-assign]
    documented.read_string(DOC_OEM)
    for section, key in (("Support", "JsApiPlugin"), ("Server", "JSPluginsServer")):
        assert documented.has_option(section, key) and parsed.has_option(section, key)
    assert parsed["Support"]["JsApiPlugin"] == documented["Support"]["JsApiPlugin"] == "true"
    assert parsed["Server"]["JSPluginsServer"] == str(done.listing)
    assert parsed["Setup"]["LANG_ID"] == "2052" and "##启用加载项" in text
    assert oem.with_name("oem.ini.jixiao.bak").read_bytes() == original.encode("gbk")
    inst.install(tmp_path / "jsaddons", oem_ini=[oem])  # again: no duplicate keys
    assert oem.read_bytes().decode("gbk").count("JsApiPlugin") == 1


@pytest.mark.parametrize(("original", "bom"), [(None, b""), ("[Setup]\n", b""),
                                               ("\ufeff[Setup]\n", b"\xef\xbb\xbf")])  # fmt: skip
def test_oem_ini_keeps_its_byte_order_mark_or_lack_of_one(
    tmp_path: Path, original: str | None, bom: bytes
) -> None:
    oem = tmp_path / "oem.ini"
    if original is not None:
        oem.write_text(original, encoding="utf-8")
    inst.deploy.update_oem_ini(oem, tmp_path / "jsplugins.xml")
    data = oem.read_bytes()
    assert data.startswith(bom + b"[") and data.count(b"\xef\xbb\xbf") == len(bom) // 3
    assert b"JsApiPlugin=true" in data


def test_set_oem_replaces_keys_and_adds_sections() -> None:
    text = "[Support]\nJsApiPlugin = false\nOther=1\n\n[Setup]\nA=1\n"
    settings = [("Support", "JsApiPlugin", "true"), ("Server", "JSPluginsServer", "/x/j.xml")]
    got = inst.deploy.set_oem(text, settings)
    assert got == ("[Support]\nJsApiPlugin=true\nOther=1\n\n[Setup]\nA=1\n\n"
                   "[Server]\nJSPluginsServer=/x/j.xml\n")  # fmt: skip


def test_an_oem_ini_that_cannot_be_written_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Program Files (Windows) and /opt (Linux) need an administrator: nothing half-done."""
    oem = tmp_path / "cfgs" / "oem.ini"
    oem.parent.mkdir()
    oem.write_text("[Setup]\n", encoding="utf-8")
    write_bytes = Path.write_bytes

    def guarded(self: Path, data: bytes) -> int:
        if self.parent == oem.parent:
            raise PermissionError(13, "Permission denied", str(self))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", guarded)
    done = inst.install(tmp_path / "jsaddons", oem_ini=[oem])
    assert done.oem_changed == [] and done.oem_refused == [oem]
    assert oem.read_text(encoding="utf-8") == "[Setup]\n"
    assert sorted(p.name for p in oem.parent.iterdir()) == ["oem.ini"]


def test_config_js_is_readable_by_this_user_only(tmp_path: Path) -> None:
    done = inst.install(tmp_path / "jsaddons", oem_ini=[])
    config = done.folder / "js" / "config.js"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(done.package.stat().st_mode) == 0o600  # it packs config.js too
    inst.install(tmp_path / "jsaddons", oem_ini=[])  # a reinstall never widens them
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(done.package.stat().st_mode) == 0o600


def test_reinstall_keeps_other_addins_and_one_entry_of_ours(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "jsplugins.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><jsplugins>'
        '<jspluginonline name="oa" type="wps" url="http://oa.example/addin/"/>'
        '<jsplugin name="jixiao" type="et" url="file:///x/jixiao_0.0.1.7z" version="0.0.1"/>'
        "</jsplugins>",
        encoding="utf-8",
    )
    (target / "publish.xml").write_text(  # what an earlier release of ours wrote
        '<jsplugins><jsplugin name="jixiao" type="et" url="jixiao_0.0.1" enable="enable_dev"/>'
        '<jsplugin name="other" type="et" url="other_1.0"/></jsplugins>',
        encoding="utf-8",
    )
    (target / "jixiao_0.0.1").mkdir()
    (target / "jixiao_0.0.1.7z").write_bytes(b"old")
    (target / "other_1.0").mkdir()
    inst.install(target, oem_ini=[])
    done = inst.install(target, oem_ini=[])
    names = [(e["tag"], e["name"], e.get("url")) for e in entries(target / "jsplugins.xml")]
    assert names == [("jspluginonline", "oa", "http://oa.example/addin/"),
                     ("jsplugin", "jixiao", done.package.as_uri())]  # fmt: skip
    assert [e["name"] for e in entries(target / "publish.xml")] == ["other"]
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [FOLDER, f"{FOLDER}.7z", "other_1.0", "jsplugins.xml", "publish.xml"]
    )


def test_an_unreadable_list_is_kept_aside(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "jsplugins.xml").write_text("<jsplugins><broken", encoding="utf-8")
    done = inst.install(target, oem_ini=[])
    assert done.backup == target / "jsplugins.xml.bak"
    assert done.backup.read_text(encoding="utf-8") == "<jsplugins><broken"
    assert [e["name"] for e in entries(target / "jsplugins.xml")] == ["jixiao"]


def test_the_token_is_the_services(tmp_path: Path, config_dir: Path) -> None:
    first = inst.install(tmp_path / "a", oem_ini=[])
    second = inst.install(tmp_path / "b", oem_ini=[])
    token = config_of(first.folder)["token"]
    assert token and token == config_of(second.folder)["token"]
    assert (config_dir / "wps-token").read_text().strip() == token


def test_autostart_on_linux(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = inst.install(tmp_path / "jsaddons", port=17600, autostart=True, platform="linux",
                        env=env, oem_ini=[])  # fmt: skip
    assert done.autostart == tmp_path / "cfg" / "autostart" / "jixiao-serve.desktop"
    text = done.autostart.read_text(encoding="utf-8")
    assert "Name=绩效助手服务" in text
    assert f"Exec={sys.executable} -m addin serve --port 17600" in text


def test_autostart_on_windows(tmp_path: Path) -> None:
    env = {"APPDATA": str(tmp_path / "Roaming")}
    path = inst.write_autostart(17517, "win32", env)
    startup = tmp_path / "Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
    assert path == startup / "jixiao-serve.vbs"
    text = path.read_bytes().decode("utf-16")
    assert text == (
        f'CreateObject("WScript.Shell").Run """{sys.executable}"" -m addin serve --port 17517"'
        ", 0, False\r\n"
    )
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")  # a BOM: Chinese paths survive


def test_systemd_unit_runs_this_python() -> None:
    unit = inst.systemd_unit(17517)
    assert f"ExecStart={sys.executable} -m addin serve --port 17517" in unit
    assert "WantedBy=default.target" in unit


def test_uninstall_removes_only_ours(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "jsplugins.xml").write_text(
        '<jsplugins><jsplugin name="oa" type="wps" url="oa_1"/></jsplugins>', encoding="utf-8"
    )
    inst.install(target, autostart=True, platform="linux", env=env, oem_ini=[])
    removed = inst.uninstall(target, platform="linux", env=env)
    assert target / FOLDER in removed and target / f"{FOLDER}.7z" in removed
    assert not (tmp_path / "cfg/autostart/jixiao-serve.desktop").exists()
    assert [e["name"] for e in entries(target / "jsplugins.xml")] == ["oa"]
    assert sorted(p.name for p in target.iterdir()) == ["jsplugins.xml"]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "addin", *args],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | env,
    )


def test_cli_install_explains_the_next_steps(tmp_path: Path, config_dir: Path) -> None:
    # an oem.ini that cannot be written (its folder is missing): the lines are shown instead;
    # never the real WPS installation's file from a test
    unwritable = str(tmp_path / "no-such-wps" / "cfgs" / "oem.ini")
    done = run_cli("wps", "install", "--target", str(tmp_path / "j"), "--port", "17600",
                   "--oem-ini", unwritable,
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"已安装 WPS 加载项：{tmp_path / 'j' / FOLDER}" in out
    assert "jixiao serve --port 17600" in out
    assert "重新打开 WPS 表格" in out and "“绩效助手”选项卡" in out
    assert "登录时自动启动服务" in out
    assert "JsApiPlugin=true" in out
    assert f"JSPluginsServer={tmp_path / 'j' / 'jsplugins.xml'}" in out
    assert unwritable in out and not Path(unwritable).exists()


def test_cli_install_fails_in_chinese_without_a_traceback(tmp_path: Path, config_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("wps", "install", "--target", str(blocker / "jsaddons"), "--oem-ini",
                   str(tmp_path / "oem.ini"),
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("无法写入")
    assert "Traceback" not in done.stderr


def test_oem_ini_of_every_wps_installation_is_found(tmp_path: Path) -> None:
    local = tmp_path / "Local"
    found = []
    for version in ("11.1.0.10495", "12.1.0.17147"):
        oem = local / "Kingsoft" / "WPS Office" / version / "office6" / "cfgs" / "oem.ini"
        oem.parent.mkdir(parents=True)
        oem.write_text("[Setup]\n", encoding="utf-8")
        found.append(oem)
    (local / "Kingsoft" / "WPS Office" / "ksolaunch.exe").write_bytes(b"")
    assert inst.deploy.oem_ini_candidates("win32", {"LOCALAPPDATA": str(local)}) == found
    assert inst.deploy.oem_ini_candidates("win32", {}) == []

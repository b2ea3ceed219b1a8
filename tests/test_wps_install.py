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
from pathlib import Path

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


# wpsjs 2.2.3, src/lib/build.js, CreatePublishXml (the offline installer's publish.xml)
WPSJS_PUBLISH = """
        <jsplugins>
            <jsplugin name="${nameStr}" type="${typeStr}" url="${nameStr}_${versionStr}" version="${versionStr}" enable="enable_dev" install="null" customDomain=""/>
        </jsplugins>
"""  # noqa: E501


def wpsjs_publish(name: str, kind: str, version: str) -> bytes:
    text = WPSJS_PUBLISH.replace("${nameStr}", name).replace("${typeStr}", kind)
    return text.replace("${versionStr}", version).encode()


OTHERS = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<jsplugins>\r\n'
    "  <!-- 公文系统 -->\r\n"
    '  <jsplugin name="oa" type="wps" url="oa_2.1" version="2.1" enable="enable_dev"/>\r\n'
    '  <jspluginonline name="web" type="et" url="http://oa.example/et/" enable="enable_dev"/>\r\n'
    '  <jsplugin name="jixiao" type="et" url="jixiao_0.0.1" version="0.0.1" enable="enable_dev"/>'
    "\r\n</jsplugins>\r\n"
).encode()


def no_registry(key: str) -> str | None:
    raise AssertionError(f"the per-user route never looks for WPS ({key})")


def test_install_defaults_to_wpsjs_per_user_route(tmp_path: Path, config_dir: Path) -> None:
    target = tmp_path / "jsaddons"
    done = inst.install(target, port=18000, registry=no_registry)
    folder = target / FOLDER
    assert done.route == "personal" and done.folder == folder
    for name in ("ribbon.xml", "index.html", "main.js", "js/marks.js", "ui/help.html",
                 "images/check.svg"):  # fmt: skip
        assert (folder / name).is_file(), name
    for skipped in ("test", "testing", "package.json"):  # what wpsjs build leaves out, and ours
        assert not (folder / skipped).exists(), skipped
    assert config_of(folder) == {
        "serviceUrl": "http://127.0.0.1:18000",
        "token": load_or_create_token(config_dir),
    }
    ours = ET.fromstring(wpsjs_publish("jixiao", "et", __version__))
    assert entries(target / "publish.xml") == [dict(ours[0].attrib, tag="jsplugin")]
    assert (target / (ours[0].get("url") or "")).resolve() == folder.resolve()
    assert sorted(p.name for p in target.iterdir()) == sorted([FOLDER, "publish.xml"])


def test_publish_xml_is_merged_and_uninstall_restores_it(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "publish.xml").write_bytes(OTHERS)
    (target / "oa_2.1").mkdir()
    inst.install(target)
    inst.install(target)  # twice: still one entry of ours
    got = [(e["tag"], e["name"], e.get("url")) for e in entries(target / "publish.xml")]
    assert got == [("jsplugin", "oa", "oa_2.1"), ("jspluginonline", "web", "http://oa.example/et/"),
                   ("jsplugin", "jixiao", FOLDER)]  # fmt: skip
    assert "<!-- 公文系统 -->" in (target / "publish.xml").read_text(encoding="utf-8")
    done = inst.uninstall(target)
    assert (target / "publish.xml").read_bytes() == OTHERS  # byte for byte
    assert done.restored == [target / "publish.xml"]
    assert sorted(p.name for p in target.iterdir()) == ["oa_2.1", "publish.xml"]


def test_uninstall_finds_an_install_made_into_another_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared" / "jsaddons"
    done = inst.install(elsewhere, oem=True, oem_files=[])
    removed = inst.uninstall(tmp_path / "default-jsaddons").removed
    assert done.folder in removed and done.package in removed
    assert sorted(p.name for p in elsewhere.iterdir()) == []  # its jsplugins.xml was ours


def test_uninstall_keeps_entries_added_after_install(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    inst.install(target)
    root = ET.parse(target / "publish.xml").getroot()
    ET.SubElement(root, "jsplugin", {"name": "later", "type": "wps", "url": "later_1"})
    ET.ElementTree(root).write(target / "publish.xml", encoding="utf-8")
    done = inst.uninstall(target)
    assert done.pruned == [target / "publish.xml"]
    assert [e["name"] for e in entries(target / "publish.xml")] == ["later"]
    removed_alone = inst.install(tmp_path / "other")
    assert inst.uninstall(tmp_path / "other").removed[0] == removed_alone.publish
    assert not (tmp_path / "other" / "publish.xml").exists()  # we created it: gone


def test_an_unreadable_publish_xml_stops_the_install_untouched(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "publish.xml").write_bytes(b"<jsplugins><broken")
    with pytest.raises(inst.InstallError, match=r"publish\.xml.*未作改动"):
        inst.install(target)
    assert (target / "publish.xml").read_bytes() == b"<jsplugins><broken"
    assert sorted(p.name for p in target.iterdir()) == ["publish.xml"]


def oem_file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    oem = tmp_path / "WPS Office" / "12.1.0.17147" / "office6" / "cfgs" / "oem.ini"
    oem.parent.mkdir(parents=True, exist_ok=True)
    oem.write_bytes(text.encode(encoding))
    return oem


def test_oem_route_switches_on_as_documented_and_uninstall_restores(tmp_path: Path) -> None:
    original = "[Setup]\r\nSilent=0\r\nLANG_ID=2052\r\n\r\n[Support]\r\n##启用加载项\r\n"
    oem = oem_file(tmp_path, original, "gbk")
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "jsplugins.xml").write_bytes(OTHERS)
    done = inst.install(target, oem=True, oem_files=[oem])
    assert done.route == "oem" and done.oem_changed == [oem]
    data = oem.read_bytes()
    assert b"\r\n" in data and data.replace(b"\r\n", b"").count(b"\n") == 0
    text = data.decode("gbk")  # its own encoding kept
    parsed = configparser.ConfigParser(comment_prefixes=("#",), strict=False)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read_string(text)
    documented = configparser.ConfigParser(comment_prefixes=("#",), strict=False)
    documented.optionxform = str  # type: ignore[assignment,method-assign]
    documented.read_string(DOC_OEM)
    assert parsed["Support"]["JsApiPlugin"] == documented["Support"]["JsApiPlugin"] == "true"
    assert parsed["Server"]["JSPluginsServer"] == str(done.listing)
    assert parsed["Setup"]["LANG_ID"] == "2052" and "##启用加载项" in text
    doc = ET.fromstring(DOC_LIST)
    ours = [e for e in ET.parse(target / "jsplugins.xml").getroot() if e.get("name") == "jixiao"]
    assert len(ours) == 1 and set(ours[0].attrib) == set(doc[0].attrib)
    assert ours[0].get("url") == done.package.as_uri() and ours[0].get("enable") == "true"
    assert [e["name"] for e in entries(target / "jsplugins.xml")] == ["oa", "web", "jixiao"]
    inst.install(target, oem=True, oem_files=[oem])  # again: no duplicate keys
    assert oem.read_bytes().decode("gbk").count("JsApiPlugin") == 1
    inst.uninstall(target)
    assert oem.read_bytes() == original.encode("gbk")
    assert (target / "jsplugins.xml").read_bytes() == OTHERS
    assert sorted(p.name for p in target.iterdir()) == ["jsplugins.xml"]


FOREIGN = (
    "[Support]\r\nJsApiPlugin=true\r\n[Server]\r\n"
    "JSPluginsServer=http://oa.gov.example/wps/jsplugins.xml\r\n"
)


def test_a_foreign_jsplugins_server_is_never_replaced(tmp_path: Path) -> None:
    oem = oem_file(tmp_path, FOREIGN)
    target = tmp_path / "jsaddons"
    done = inst.install(target, oem=True, oem_files=[oem])
    assert oem.read_bytes() == FOREIGN.encode()
    assert done.oem_changed == [] and done.oem_foreign == [
        (oem, "http://oa.gov.example/wps/jsplugins.xml")
    ]
    inst.uninstall(target)
    assert oem.read_bytes() == FOREIGN.encode()
    assert sorted(oem.parent.iterdir()) == [oem]


def test_cli_oem_route_explains_a_foreign_list(tmp_path: Path, config_dir: Path) -> None:
    oem = oem_file(tmp_path, FOREIGN)
    env = {"JIXIAO_CONFIG_DIR": str(config_dir)}
    done = run_cli("wps", "install", "--target", str(tmp_path / "j"), "--oem-ini",
                   "--oem-file", str(oem), env=env)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert (
        f"未改动 {oem}" in done.stdout and "http://oa.gov.example/wps/jsplugins.xml" in done.stdout
    )
    assert (
        "WPS 只读一份列表" in done.stdout and "jixiao wps install（不加 --oem-ini）" in done.stdout
    )
    assert f'url="{(tmp_path / "j" / "jixiao.7z").as_uri()}"' in done.stdout
    assert oem.read_bytes() == FOREIGN.encode()
    doctor = run_cli("wps", "doctor", "--target", str(tmp_path / "j"), "--oem-file", str(oem),
                     "--port", "1", env=env)  # fmt: skip
    assert doctor.returncode == 1
    assert "WPS 会加载“绩效助手”：否" in doctor.stdout and "另一份加载项列表" in doctor.stdout


def test_an_oem_ini_that_cannot_be_written_is_told(tmp_path: Path) -> None:
    """Program Files (Windows) and /opt (Linux) need an administrator: nothing half-done."""
    oem = oem_file(tmp_path, "[Setup]\n")
    oem.parent.chmod(0o500)
    try:
        done = inst.install(tmp_path / "jsaddons", oem=True, oem_files=[oem])
    finally:
        oem.parent.chmod(0o700)
    if os.geteuid() == 0:  # root writes anyway: then it was changed and is put back
        assert done.oem_changed == [oem]
    else:
        assert done.oem_changed == [] and done.oem_refused == [oem]
        assert oem.read_text(encoding="utf-8") == "[Setup]\n"
        assert sorted(p.name for p in oem.parent.iterdir()) == ["oem.ini"]


def test_the_package_is_laid_out_as_wpsjs_builds_it(tmp_path: Path) -> None:
    """wpsjs build (offline): `_7z.add(<name>.7z, [<name>_<version>])`: one top folder."""
    import py7zr

    done = inst.install(tmp_path / "jsaddons", oem=True, oem_files=[])
    assert done.package == tmp_path / "jsaddons" / "jixiao.7z"
    with py7zr.SevenZipFile(done.package) as archive:
        names = archive.getnames()
        archive.extractall(tmp_path / "unpacked")
    assert {n.split("/", 1)[0] for n in names} == {FOLDER}
    unpacked = tmp_path / "unpacked" / FOLDER
    files = {p.relative_to(unpacked) for p in unpacked.rglob("*") if p.is_file()}
    installed = {p.relative_to(done.folder) for p in done.folder.rglob("*") if p.is_file()}
    assert files == installed and Path("ribbon.xml") in files
    for name in installed:
        assert (unpacked / name).read_bytes() == (done.folder / name).read_bytes()


def test_switching_routes_lists_the_addin_once(tmp_path: Path) -> None:
    oem = oem_file(tmp_path, "[Setup]\n")
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "publish.xml").write_bytes(OTHERS)
    inst.install(target)
    inst.install(target, oem=True, oem_files=[oem])
    assert "jixiao" not in [e["name"] for e in entries(target / "publish.xml")]
    assert "jixiao" in [e["name"] for e in entries(target / "jsplugins.xml")]
    inst.install(target)
    assert "jixiao" not in [e["name"] for e in entries(target / "jsplugins.xml")]
    inst.uninstall(target)
    assert (target / "publish.xml").read_bytes() == OTHERS
    assert oem.read_bytes() == b"[Setup]\n" and not (target / "jsplugins.xml").exists()


def test_an_earlier_release_is_cleaned_up(tmp_path: Path) -> None:
    """An install without a record (an earlier release): our entries and files go."""
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "jsplugins.xml").write_text(
        '<jsplugins><jsplugin name="jixiao" url="file:///x/jixiao_0.0.1.7z"/>'
        '<jsplugin name="oa" url="oa_1"/></jsplugins>', encoding="utf-8")  # fmt: skip
    (target / "jixiao_0.0.1").mkdir()
    (target / "jixiao_0.0.1.7z").write_bytes(b"old")
    (target / "jixiao-notes.txt").write_text("not ours")
    done = inst.uninstall(target)
    assert target / "jixiao_0.0.1" in done.removed and done.pruned == [target / "jsplugins.xml"]
    assert [e["name"] for e in entries(target / "jsplugins.xml")] == ["oa"]
    assert sorted(p.name for p in target.iterdir()) == ["jixiao-notes.txt", "jsplugins.xml"]


def test_office6_is_found_from_the_registry_and_the_usual_folders(tmp_path: Path) -> None:
    custom = tmp_path / "D" / "金山" / "WPS" / "12.1.0.17147" / "office6"
    (custom / "cfgs").mkdir(parents=True)
    local = tmp_path / "Local"
    usual = local / "Kingsoft" / "WPS Office" / "11.1.0.10495" / "office6" / "cfgs" / "oem.ini"
    usual.parent.mkdir(parents=True)
    usual.write_text("[Setup]\n", encoding="utf-8")
    commands = {r"KET.Sheet.12\shell\open\command": f'"{custom / "et.exe"}" /et "%1"'}
    found = inst.deploy.oem_ini_candidates("win32", {"LOCALAPPDATA": str(local)}, commands.get)
    assert found == [custom / "cfgs" / "oem.ini", usual]
    assert inst.deploy.oem_ini_candidates("win32", {}, lambda key: None) == []
    assert inst.deploy.office6_from_command(r'"C:\WPS\office6\wps.exe" "%1"') == Path(
        r"C:\WPS\office6"
    )


def test_doctor_says_which_route_is_active(tmp_path: Path) -> None:
    from addin.wps.doctor import diagnose

    target = tmp_path / "jsaddons"
    nothing = diagnose(target, port=1, oem_files=[])
    assert not nothing.visible and any("jixiao wps install" in p for p in nothing.problems)
    inst.install(target)
    found = diagnose(target, port=1, oem_files=[])
    assert found.routes == ["personal"] and found.visible
    assert "生效的安装方式：个人安装（publish.xml）" in found.text()
    assert any("jixiao serve --port 1" in p for p in found.problems)  # no service on port 1
    (target / FOLDER / "main.js").unlink()
    broken = diagnose(target, port=1, oem_files=[])
    assert not broken.visible and any("缺少 main.js" in p for p in broken.problems)
    oem = oem_file(tmp_path, "[Setup]\n")
    inst.install(target, oem=True, oem_files=[oem])
    found = diagnose(target, port=1, oem_files=[oem])
    assert found.routes == ["oem"] and found.visible
    # an earlier release's oem.ini still names our list, now without us: told, with the fix
    (target / "jsplugins.xml").write_text("<jsplugins/>", encoding="utf-8")
    (target / "publish.xml").write_bytes(wpsjs_publish("jixiao", "et", __version__))
    found = diagnose(target, port=1, oem_files=[oem])
    assert found.routes == ["personal"]
    assert any("早先版本的安装方式" in p and "JSPluginsServer" in p for p in found.problems)


def test_cli_install_explains_the_next_steps(tmp_path: Path, config_dir: Path) -> None:
    done = run_cli("wps", "install", "--target", str(tmp_path / "j"), "--port", "17600",
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"已安装 WPS 加载项：{tmp_path / 'j' / FOLDER}" in out
    assert f"已登记到：{tmp_path / 'j' / 'publish.xml'}" in out
    assert "jixiao serve --port 17600" in out
    assert "重新打开 WPS 表格" in out and "“绩效助手”选项卡" in out
    assert "jixiao wps doctor" in out and "oem.ini" not in out


def test_cli_oem_route_shows_the_lines_when_it_cannot_write(
    tmp_path: Path, config_dir: Path
) -> None:
    unwritable = str(tmp_path / "no-such-wps" / "cfgs" / "oem.ini")
    done = run_cli("wps", "install", "--target", str(tmp_path / "j"), "--oem-file", unwritable,
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "需要管理员权限" in done.stdout and "JsApiPlugin=true" in done.stdout
    assert f"JSPluginsServer={tmp_path / 'j' / 'jsplugins.xml'}" in done.stdout
    assert unwritable in done.stdout and not Path(unwritable).exists()


def test_cli_install_fails_in_chinese_without_a_traceback(tmp_path: Path, config_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("wps", "install", "--target", str(blocker / "jsaddons"),
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("无法写入")
    assert "Traceback" not in done.stderr


def test_set_oem_replaces_keys_and_adds_sections() -> None:
    text = "[Support]\nJsApiPlugin = false\nOther=1\n\n[Setup]\nA=1\n"
    settings = [("Support", "JsApiPlugin", "true"), ("Server", "JSPluginsServer", "/x/j.xml")]
    got = inst.deploy.set_oem(text, settings)
    assert got == ("[Support]\nJsApiPlugin=true\nOther=1\n\n[Setup]\nA=1\n\n"
                   "[Server]\nJSPluginsServer=/x/j.xml\n")  # fmt: skip


def test_config_js_is_readable_by_this_user_only(tmp_path: Path) -> None:
    done = inst.install(tmp_path / "jsaddons", oem=True, oem_files=[])
    config = done.folder / "js" / "config.js"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(done.package.stat().st_mode) == 0o600  # it packs config.js too
    inst.install(tmp_path / "jsaddons", oem=True, oem_files=[])  # a reinstall never widens them
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(done.package.stat().st_mode) == 0o600


def test_the_token_is_the_services(tmp_path: Path, config_dir: Path) -> None:
    first = inst.install(tmp_path / "a")
    second = inst.install(tmp_path / "b")
    token = config_of(first.folder)["token"]
    assert token and token == config_of(second.folder)["token"]
    assert (config_dir / "wps-token").read_text().strip() == token


def test_autostart_on_linux(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = inst.install(tmp_path / "jsaddons", port=17600, autostart=True, platform="linux",
                        env=env)  # fmt: skip
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


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "addin", *args],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | env,
    )

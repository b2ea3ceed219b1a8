"""``jixiao wps install``: the add-in copied into jsaddons, publish.xml updated (other
add-ins kept), the token shared with the service, autostart at login, never a traceback."""

from __future__ import annotations

import json
import os
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
    done = inst.install(target, port=18000)
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
    assert entries(target / "publish.xml") == [
        {
            "tag": "jsplugin",
            "name": "jixiao",
            "type": "et",
            "url": FOLDER,
            "version": __version__,
            "enable": "enable_dev",
            "install": "null",
            "customDomain": "",
        }
    ]


def test_reinstall_keeps_other_addins_and_one_entry_of_ours(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "publish.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><jsplugins>'
        '<jspluginonline name="oa" type="wps" url="http://oa.example/addin/"/>'
        '<jsplugin name="jixiao" type="et" url="jixiao_0.0.1" version="0.0.1"/>'
        "</jsplugins>",
        encoding="utf-8",
    )
    (target / "jixiao_0.0.1").mkdir()
    (target / "other_1.0").mkdir()
    inst.install(target)
    inst.install(target)
    names = [(e["tag"], e["name"], e.get("url")) for e in entries(target / "publish.xml")]
    assert names == [("jspluginonline", "oa", "http://oa.example/addin/"),
                     ("jsplugin", "jixiao", FOLDER)]  # fmt: skip
    assert sorted(p.name for p in target.iterdir()) == sorted([FOLDER, "other_1.0", "publish.xml"])


def test_an_unreadable_publish_xml_is_kept_aside(tmp_path: Path) -> None:
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "publish.xml").write_text("<jsplugins><broken", encoding="utf-8")
    done = inst.install(target)
    assert done.backup == target / "publish.xml.bak"
    assert done.backup.read_text(encoding="utf-8") == "<jsplugins><broken"
    assert [e["name"] for e in entries(target / "publish.xml")] == ["jixiao"]


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


def test_uninstall_removes_only_ours(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    target = tmp_path / "jsaddons"
    target.mkdir()
    (target / "publish.xml").write_text(
        '<jsplugins><jsplugin name="oa" type="wps" url="oa_1"/></jsplugins>', encoding="utf-8"
    )
    inst.install(target, autostart=True, platform="linux", env=env)
    removed = inst.uninstall(target, platform="linux", env=env)
    assert target / FOLDER in removed
    assert not (tmp_path / "cfg/autostart/jixiao-serve.desktop").exists()
    assert [e["name"] for e in entries(target / "publish.xml")] == ["oa"]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "addin", *args],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | env,
    )


def test_cli_install_explains_the_next_steps(tmp_path: Path, config_dir: Path) -> None:
    done = run_cli("wps", "install", "--target", str(tmp_path / "j"), "--port", "17600",
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"已安装 WPS 加载项：{tmp_path / 'j' / FOLDER}" in out
    assert "jixiao serve --port 17600" in out
    assert "重新打开 WPS 表格" in out and "“绩效助手”选项卡" in out
    assert "登录时自动启动服务" in out


def test_cli_install_fails_in_chinese_without_a_traceback(tmp_path: Path, config_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("wps", "install", "--target", str(blocker / "jsaddons"),
                   env={"JIXIAO_CONFIG_DIR": str(config_dir)})  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("无法写入")
    assert "Traceback" not in done.stderr

"""The JS add-in's files agree with the engine: names, colours, labels, version, ribbon."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from addin import __version__
from addin.check.marks import BACKUP_SHEET, COLORS, RESULT_SHEET
from addin.rules import SEVERITY_LABELS
from addin.wps.config import DEFAULT_PORT, TOKEN_HEADER

ADDON = Path(__file__).resolve().parents[1] / "addin" / "wps" / "jsaddon"


def js(name: str) -> str:
    return (ADDON / "js" / name).read_text(encoding="utf-8")


def js_object(source: str, name: str) -> dict[str, str]:
    body = re.search(rf"var {name} = \{{([^}}]*)\}}", source)
    assert body, name
    return dict(re.findall(r'(\w+): "([^"]*)"', body[1]))


def test_marks_mirror_the_python_applier() -> None:
    marks = js("marks.js")
    assert js_object(marks, "COLORS") == COLORS
    assert js_object(marks, "LABELS") == SEVERITY_LABELS
    snapshot = js("snapshot.js")
    assert f'var RESULT_SHEET = "{RESULT_SHEET}";' in snapshot
    assert f'var BACKUP_SHEET = "{BACKUP_SHEET}";' in snapshot


def test_client_and_config_match_the_service() -> None:
    assert f'var TOKEN_HEADER = "{TOKEN_HEADER}";' in js("client.js")
    assert f'"serviceUrl": "http://127.0.0.1:{DEFAULT_PORT}"' in js("config.js")


def test_package_version_is_the_engines() -> None:
    package = json.loads((ADDON / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == __version__
    assert package["addonType"] == "et"


def test_ribbon_has_the_ten_buttons_in_chinese() -> None:
    root = ET.parse(ADDON / "ribbon.xml").getroot()
    ns = {"ui": "http://schemas.microsoft.com/office/2006/01/customui"}
    tab = root.find(".//ui:tab", ns)
    assert tab is not None and tab.get("label") == "绩效助手"
    buttons = [(b.get("label"), b.get("onAction")) for b in root.iterfind(".//ui:button", ns)]
    labels = ("新建表格", "校验", "清除标记", "重新计分", "从目标表生成", "目标对照",
              "生成自评报告", "合并汇总", "读表情况", "帮助")  # fmt: skip
    assert buttons == [(label, "OnAction") for label in labels]

"""POST /api/inspect and GET/POST/DELETE /api/vocab of the real local service (uvicorn on
127.0.0.1): the reading report's teach hints for a snapshot or a file, the user's
vocabulary file (JIXIAO_VOCABULARY, in tmp) written with the command line's validation, and
the running service reading with a word the moment it is taught."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from test_service import Service, snapshot
from test_service import service as service  # the module's running service

from addin.reader.teaching import ROLES
from addin.reader.vocabulary import reload

SELF_TITLE = "项目支出绩效自评表"
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"]
INDICATORS = [
    ["产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50],
    ["效益指标", "社会效益指标", "知晓率", "≥90%", "95%", 40, 40],
    ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "96%", 10, 10],
]


@pytest.fixture
def vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's vocabulary file in tmp, for the service running in this process."""
    file = tmp_path / "词表" / "vocabulary.toml"
    monkeypatch.setenv("JIXIAO_VOCABULARY", str(file))
    reload()
    yield file
    monkeypatch.delenv("JIXIAO_VOCABULARY")
    reload()


@pytest.fixture
def county(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in [[SELF_TITLE], ["项目名称", "职工培训"], HEADER, *INDICATORS]:
        ws.append(row)
    path = tmp_path / "某县 新版式.xlsx"
    wb.save(path)
    return path


def hints(service: Service, body: dict) -> list[dict]:
    status, data, _ = service.call("POST", "/api/inspect", body)
    assert status == 200, data
    return data["hints"]


def test_inspect_a_snapshot_and_a_file_alike(service: Service, county: Path, vocabulary: Path):
    by_book = hints(service, {"book": snapshot(county)})
    assert [(h["sheet"], h["cell"], h["word"], h["role"]) for h in by_book] == [
        ("自评表", "E3", "年终实现数", "完成值"),
        ("自评表", "G3", "评得分", "得分"),
    ]
    assert hints(service, {"path": str(county)}) == by_book
    status, data, _ = service.call("POST", "/api/inspect", {"path": str(county)})
    assert status == 200
    assert data["report"]["file"] == str(county)
    assert data["report"]["sheets"][0]["tables"][0]["teach"] == [
        'jixiao vocab add "年终实现数" 完成值',
        'jixiao vocab add "评得分" 得分',
    ]
    assert any("E3「年终实现数」" in gap for gap in data["gaps"])


def test_teach_then_the_running_service_reads_it(
    service: Service, county: Path, vocabulary: Path
) -> None:
    status, data, _ = service.call("GET", "/api/vocab")
    assert status == 200 and data["file"] == str(vocabulary) and data["words"] == []
    assert [r["name"] for r in data["roles"]] == [r.name for r in ROLES]
    status, data, _ = service.call("POST", "/api/vocab", {"word": " 年终实现数 ", "role": "完成值"})
    assert status == 200, data
    assert data == {"file": str(vocabulary), "word": "年终实现数", "role": "完成值", "added": True}
    saved = tomllib.loads(vocabulary.read_text(encoding="utf-8"))
    assert saved["columns"]["actual"]["names"] == ["年终实现数"]
    assert [h["word"] for h in hints(service, {"book": snapshot(county)})] == ["评得分"]
    again = service.call("POST", "/api/vocab", {"word": "年终实现数", "role": "完成值"})
    assert again[0] == 200 and again[1]["added"] is False
    listed = service.call("GET", "/api/vocab")[1]["words"]
    assert listed == [{"word": "年终实现数", "role": "完成值"}]
    status, data, _ = service.call("DELETE", "/api/vocab", {"word": "年终实现数"})
    assert status == 200 and data["roles"] == ["完成值"]
    assert [h["word"] for h in hints(service, {"book": snapshot(county)})] == [
        "年终实现数",
        "评得分",
    ]
    status, data, _ = service.call("DELETE", "/api/vocab", {"word": "年终实现数"})
    assert status == 404 and data["error"] == f"词表文件 {vocabulary} 中没有「年终实现数」，未改动"


def test_vocab_refusals_are_chinese(service: Service, county: Path, vocabulary: Path) -> None:
    status, data, _ = service.call("POST", "/api/vocab", {"word": "核定数", "role": "预算"})
    assert status == 422 and data["error"].startswith("不认识的角色「预算」。可用的角色：")
    assert not vocabulary.exists()
    service.call("POST", "/api/vocab", {"word": "核定数", "role": "全年预算"})
    status, data, _ = service.call("POST", "/api/vocab", {"word": "核定数", "role": "执行数"})
    assert status == 422 and data["reason"] == "taken" and data["taken_by"] == "全年预算"
    assert data["error"].startswith("「核定数」已是「全年预算」的写法")
    status, data, _ = service.call("POST", "/api/vocab", {"word": "长" * 30, "role": "完成值"})
    assert status == 422 and "太长" in data["error"]
    status, data, _ = service.call("POST", "/api/vocab", {"word": "x", "role": "完成值", "y": 1})
    assert status == 422 and "不认识这一项" in data["error"]
    status, data, _ = service.call("DELETE", "/api/vocab", {})
    assert status == 422 and "缺少这一项" in data["error"]
    vocabulary.write_text("[columns\n", encoding="utf-8")
    for method, path, body in (
        ("GET", "/api/vocab", None),
        ("POST", "/api/vocab", {"word": "评得分", "role": "得分"}),
        ("DELETE", "/api/vocab", {"word": "核定数"}),
    ):
        status, data, _ = service.call(method, path, body)
        assert status == 422 and data["error"].startswith(f"词表文件 {vocabulary} 无法读取"), path
    assert vocabulary.read_text(encoding="utf-8") == "[columns\n"  # left for the user to fix


def test_inspect_refusals(service: Service, county: Path, tmp_path: Path, vocabulary: Path):
    both = {"book": snapshot(county), "path": str(county)}
    for body in ({}, both):
        status, data, _ = service.call("POST", "/api/inspect", body)
        assert status == 422 and "二者选一" in data["error"]
    status, data, _ = service.call("POST", "/api/inspect", {"path": "相对/路径.xlsx"})
    assert status == 422 and "要写完整路径" in data["error"]
    status, data, _ = service.call("POST", "/api/inspect", {"path": str(tmp_path)})
    assert status == 422 and "是文件夹，不是工作簿文件" in data["error"]
    status, data, _ = service.call("POST", "/api/inspect", {"path": str(tmp_path / "无.xlsx")})
    assert status == 422 and data["error"].startswith("找不到工作簿")


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_vocab_needs_the_add_ins_token(service: Service, vocabulary: Path, method: str) -> None:
    body = None if method == "GET" else {"word": "年终实现数", "role": "完成值"}
    status, data, _ = service.call(method, "/api/vocab", body, token="wrong")
    assert status == 403 and data["error"].startswith("加载项口令不符")
    assert not vocabulary.exists()


def test_a_delete_body_is_bounded_like_a_post(service: Service, vocabulary: Path) -> None:
    big = b'{"word": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    status, data, _ = service.call("DELETE", "/api/vocab", raw=big)
    assert status == 413, data


def test_the_add_ins_origin_may_delete(service: Service, vocabulary: Path) -> None:
    headers = {"Origin": "null", "Access-Control-Request-Method": "DELETE",
               "Access-Control-Request-Headers": "content-type,x-jixiao-token"}  # fmt: skip
    request = urllib.request.Request(service.url + "/api/vocab", method="OPTIONS", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as reply:  # the CORS preflight
        assert reply.status == 200
        assert "DELETE" in reply.headers["access-control-allow-methods"]
        assert reply.headers["access-control-allow-origin"] == "null"


def test_a_header_is_taught_as_the_reader_matches_it(service: Service, vocabulary: Path) -> None:
    body = {"word": "调整后预算\n（万元）", "role": "全年预算"}
    status, data, _ = service.call("POST", "/api/vocab", body)
    assert status == 200 and data["word"] == "调整后预算(万元)"
    saved = tomllib.loads(vocabulary.read_text(encoding="utf-8"))
    assert saved["funding"]["columns"]["budget"] == ["调整后预算(万元)"]
    status, data, _ = service.call("DELETE", "/api/vocab", {"word": "调整后预算（万元）"})
    assert status == 200 and data["roles"] == ["全年预算"]


def test_a_word_taught_on_the_command_line_is_read_by_the_running_service(
    service: Service, county: Path, vocabulary: Path
) -> None:
    both = ["年终实现数", "评得分"]
    assert [h["word"] for h in hints(service, {"book": snapshot(county)})] == both
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    added = subprocess.run(
        [sys.executable, "-m", "addin", "vocab", "add", "评得分", "得分"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert [h["word"] for h in hints(service, {"book": snapshot(county)})] == ["年终实现数"]
    removed = subprocess.run(
        [sys.executable, "-m", "addin", "vocab", "remove", "评得分"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    assert [h["word"] for h in hints(service, {"book": snapshot(county)})] == both

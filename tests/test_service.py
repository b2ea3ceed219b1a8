"""The local service behind the WPS add-in, started for real (uvicorn on 127.0.0.1) and
used over HTTP: the same findings, scores and merge as the command line, and every refusal
in Chinese."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from addin.check.marks import BACKUP_SHEET, RESULT_SHEET
from addin.check.run import NO_FORM
from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.demo.samples import build_samples, write_hunan
from addin.reader.template import is_template
from addin.templates.new import write_template
from addin.workbook.files import read_grid
from addin.workbook.grid import cell_ref, parse_ref
from addin.wps import service as service_module
from addin.wps.config import TOKEN_HEADER
from addin.wps.server import ServeError, bind, make_server
from addin.wps.service import create_app

TOKEN = "test-token"
MAX_BODY_MB = 1


class Service:
    """A running service: its URL, its uvicorn server and a small HTTP client."""

    def __init__(self, url: str, server: Any) -> None:
        self.url = url
        self.server = server

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | Any | None = None,
        headers: dict[str, str] | None = None,
        token: str | None = TOKEN,
    ) -> tuple[int, Any, dict[str, str]]:
        """(status, JSON body, headers) of one request; errors are answers, not exceptions."""
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token is not None:
            request.add_header(TOKEN_HEADER, token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=120) as reply:
                status, text, heads = reply.status, reply.read(), dict(reply.headers)
        except urllib.error.HTTPError as err:
            status, text, heads = err.code, err.read(), dict(err.headers)
        return status, json.loads(text) if text else None, heads


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    """The real service on a free port of 127.0.0.1, stopped after the module."""
    sock = bind("127.0.0.1", 0)
    server = make_server(create_app(TOKEN, max_body_mb=MAX_BODY_MB))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(600):  # a bounded wait for uvicorn to start, not a timing assertion
        if server.started:
            started.set()
            break
        if not thread.is_alive():
            break
        started.wait(0.05)
    assert server.started, "the service did not start"
    host, port = sock.getsockname()[:2]
    try:
        yield Service(f"http://{host}:{port}", server)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        server.config.app.close()


@pytest.fixture(scope="module")
def hunan(tmp_path_factory: pytest.TempPathFactory, seeds) -> Path:
    path = tmp_path_factory.mktemp("hunan") / "雁峰区总工会_2024自评.xlsx"
    write_hunan(seeds["002"].forms, path)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, seeds) -> Path:
    path = tmp_path_factory.mktemp("template") / "项目支出绩效自评表.xlsx"
    form = next(f for f in seeds["002"].forms if f.form == FormKind.PROJECT_SELF)
    write_template(FORMS[FormKind.PROJECT_SELF], path, form)
    return path


def jixiao(*args: str) -> Any:
    """The command line's JSON answer."""
    done = subprocess.run(
        [sys.executable, "-m", "addin", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode in (0, 1, 3), done.stderr
    return json.loads(done.stdout)


def snapshot(path: Path, *, formulas_2d: bool = False) -> dict[str, Any]:
    """What the WPS add-in sends for a workbook: values from A1, formulas, merged, names."""
    grid = read_grid(path)
    sheets = []
    for sheet in grid.sheets:
        formulas: Any = sheet.formulas
        if formulas_2d:  # the shape of UsedRange.Formula: constants as text, formulas as "=…"
            rows = [["" if v is None else str(v) for v in row] for row in sheet.values]
            for ref, text in sheet.formulas.items():
                r, c = parse_ref(ref)
                while len(rows) <= r:
                    rows.append([])
                rows[r].extend([""] * (c + 1 - len(rows[r])))
                rows[r][c] = text
            formulas = rows
        sheets.append({"name": sheet.name, "values": sheet.values, "formulas": formulas,
                       "merged": sheet.merged, "hidden": sheet.hidden})  # fmt: skip
    return {"book": path.name, "sheets": sheets, "names": grid.names}


def test_health_and_forms(service: Service) -> None:
    status, body, _ = service.call("GET", "/api/health", token=None)
    assert status == 200
    assert body == {"status": "ok", "service": "jixiao"}  # no version for anyone to probe
    status, body, _ = service.call("GET", "/api/forms", token=None)
    assert status == 403 and body["error"].startswith("加载项口令不符")
    status, forms, _ = service.call("GET", "/api/forms")
    assert status == 200
    assert forms == jixiao("forms", "--json")


def test_check_equals_the_command_line(service: Service, hunan: Path) -> None:
    status, body, _ = service.call("POST", "/api/check", snapshot(hunan))
    assert status == 200, body
    cli = jixiao("check", "--json", str(hunan))
    assert body["findings"] == cli["findings"]
    assert len(body["findings"]) > 5
    assert body["report"]["counts"] == cli["counts"]
    assert body["report"]["forms"] == cli["forms"]
    ops = [a["op"] for a in body["actions"]]
    assert ops[0] == "clear" and ops[-1] == "result_sheet"
    marked = {(a["sheet"], a["cell"]) for a in body["actions"] if a["op"] == "mark"}
    assert marked == {(f["sheet"], f["cell"]) for f in cli["findings"] if f["cell"]}
    assert len(body["actions"][-1]["rows"]) == len(cli["findings"])


def test_check_a_template_by_its_names_with_2d_formulas(service: Service, template: Path) -> None:
    payload = snapshot(template, formulas_2d=True)
    assert payload["names"] and any(isinstance(s["formulas"], list) for s in payload["sheets"])
    status, body, _ = service.call("POST", "/api/check", payload)
    assert status == 200, body
    cli = jixiao("check", "--json", str(template))
    assert body["findings"] == cli["findings"]
    assert body["report"]["forms"] == cli["forms"]


def test_the_add_ins_own_sheets_are_not_read(service: Service, hunan: Path) -> None:
    payload = snapshot(hunan)
    headers = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "x", 1]]
    payload["sheets"] += [
        {"name": RESULT_SHEET, "values": headers},
        {"name": BACKUP_SHEET, "values": [["sheet", "cell", "fill", "comment"]]},
    ]
    _, body, _ = service.call("POST", "/api/check", payload)
    assert body["findings"] == jixiao("check", "--json", str(hunan))["findings"]


def test_score_equals_the_command_line(service: Service, hunan: Path) -> None:
    status, body, _ = service.call("POST", "/api/score", snapshot(hunan))
    assert status == 200, body
    cli = jixiao("score", "--json", str(hunan))
    assert body["scores"] == [{k: v for k, v in s.items() if k != "file"} for s in cli]
    writes = body["actions"]
    assert writes and {a["op"] for a in writes} == {"write"}
    totals = {s["total"] for s in cli}
    assert totals <= {a["value"] for a in writes}


def test_score_leaves_formula_cells_alone(service: Service, template: Path) -> None:
    _, body, _ = service.call("POST", "/api/score", snapshot(template))
    formulas = {(s.name, ref) for s in read_grid(template).sheets for ref in s.formulas}
    assert body["scores"]
    assert all((a["sheet"], a["cell"]) not in formulas for a in body["actions"])


def test_clear(service: Service) -> None:
    assert service.call("POST", "/api/clear", {})[:2] == (200, {"actions": [{"op": "clear"}]})
    assert service.call("POST", "/api/clear")[:2] == (200, {"actions": [{"op": "clear"}]})


def test_oversized_body_is_refused_with_413(service: Service) -> None:
    big = {"book": "大", "sheets": [{"name": "表", "values": [["x" * 1000] * 2000]}]}
    status, body, _ = service.call("POST", "/api/check", big)
    assert status == 413
    assert body["error"].startswith(f"请求内容超过 {MAX_BODY_MB} MB 的上限")


def test_oversized_chunked_body_is_refused_with_413(service: Service) -> None:
    chunks = (b"[" + b"0," * 50_000 + b"0]" for _ in range(20))  # no Content-Length
    status, body, _ = service.call("POST", "/api/check", raw=chunks)
    assert status == 413
    assert "上限" in body["error"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"book": "绩效"}'.encode("gbk"), "第 11 个字节起不是 UTF-8 编码的文字"),
        (b"[" * 100_000 + b"]" * 100_000, "数据嵌套太深（最多 32 层）"),
        (json.dumps({"sheets": [{"name": "s", "values": [[[[[[[[1]]]]]]]]}]}).encode(),
         "类型不对"),
        (json.dumps({"sheets": [{"name": "s", "hidden": "也许"}]}).encode(),
         "hidden：应为 true 或 false"),
        (json.dumps({"sheets": [{"name": 5}]}).encode(), "name：应为文本"),
        (json.dumps([1]).encode(), "请求：应为对象"),
        (json.dumps({"sheets": [{"name": "s"}], "names": {"x": 5}}).encode(), "定义名称"),
    ],
)  # fmt: skip
def test_malformed_bodies_are_told_in_chinese(
    service: Service, payload: bytes, expected: str
) -> None:
    status, body, _ = service.call("POST", "/api/check", raw=payload)
    assert status == 422
    assert body["error"].startswith("请求内容不符合要求"), body
    assert expected in body["error"], body
    assert not any(ord(ch) < 128 and ch.isalpha() for ch in body["error"].split("：")[1][:2])


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"{not json", "不是合法的 JSON"),
        (json.dumps({"book": "b"}).encode(), "请求 → 工作表：缺少这一项"),
        (json.dumps({"sheets": []}).encode(), "请求 → 工作表：不能为空"),
        (json.dumps({"sheets": [{"name": "s", "values": 5}]}).encode(), "数值：应为数组"),
        (
            json.dumps({"sheets": [{"name": "s", "values": [[{"a": 1}]]}]}).encode(),
            "数值 → 第 1 个 → 第 1 个：类型不对",
        ),
        (
            json.dumps({"sheets": [{"name": "s", "merged": ["ZZ"]}]}).encode(),
            "「ZZ」不是单元格区域",
        ),
        (
            json.dumps({"sheets": [{"name": "s", "formulas": {"B-7": "=1"}}]}).encode(),
            "「B-7」不是单元格地址",
        ),
    ],
)
def test_bad_payload_is_422_in_chinese(service: Service, payload: bytes, expected: str) -> None:
    status, body, _ = service.call("POST", "/api/check", raw=payload)
    assert status == 422
    assert body["error"].startswith("请求内容不符合要求")
    assert expected in body["error"]
    assert "Traceback" not in json.dumps(body)


def test_a_workbook_without_a_form_is_422(service: Service) -> None:
    payload = {"book": "随便.xlsx", "sheets": [{"name": "Sheet1", "values": [["你好", 1]]}]}
    for path in ("/api/check", "/api/score"):
        status, body, _ = service.call("POST", path, payload)
        assert status == 422
        assert body == {"error": f"随便.xlsx：{NO_FORM}"}


def test_an_unknown_profile_is_422(service: Service, hunan: Path) -> None:
    status, body, _ = service.call("POST", "/api/check", snapshot(hunan) | {"profile": "火星"})
    assert status == 422
    assert "火星" in body["error"]


def test_a_body_that_never_finishes_is_answered_and_frees_its_place() -> None:
    with running(create_app(TOKEN, timeout=0.5)) as slow:
        host, port = slow.url.removeprefix("http://").split(":")
        head = (
            b"POST /api/clear HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + TOKEN_HEADER.encode()
            + b": "
            + TOKEN.encode()
            + b"\r\nContent-Length: 100\r\n\r\n{"
        )
        stalled = []
        for _ in range(6):  # more than the requests handled at once
            conn = socket.create_connection((host, int(port)), timeout=30)
            conn.sendall(head)
            stalled.append(conn)
        for conn in stalled:
            with conn:
                data = b""
                while chunk := conn.recv(65536):
                    data += chunk
                    if b"\r\n\r\n" in data and data.endswith(b"}"):
                        break
                assert data.split(b" ", 2)[1] in (b"408", b"503"), data[:200]
                assert "没有传完".encode() in data or "正忙".encode() in data
        assert slow.call("POST", "/api/clear", {})[:2] == (200, {"actions": [{"op": "clear"}]})


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_posts_need_the_add_ins_token(service: Service, token: str | None) -> None:
    status, body, _ = service.call("POST", "/api/clear", {}, token=token)
    assert status == 403
    assert body["error"].startswith("加载项口令不符")


def test_only_the_add_ins_origin_and_local_host(
    service: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    status, body, _ = service.call("GET", "/api/health", headers={"Origin": "https://evil.example"})
    assert status == 403 and "evil.example" in body["error"] and body["reason"] == "origin"
    assert "allow-origin" not in body["error"]  # the page asking learns nothing more
    told = capsys.readouterr().err  # the service's window: how to admit it if it is the add-in
    assert "已拒绝来自「https://evil.example」的请求" in told
    assert "jixiao serve --allow-origin https://evil.example" in told and "不要放行" in told
    status, _, heads = service.call("GET", "/api/health", headers={"Origin": "null"})
    assert status == 200 and heads["access-control-allow-origin"] == "null"
    preflight = {
        "Origin": "null",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": f"content-type,{TOKEN_HEADER.lower()}",
    }
    request = urllib.request.Request(service.url + "/api/check", method="OPTIONS")
    for key, value in preflight.items():
        request.add_header(key, value)
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 200
        assert reply.headers["access-control-allow-origin"] == "null"
        assert TOKEN_HEADER.lower() in reply.headers["access-control-allow-headers"].lower()
    status, body, _ = service.call("GET", "/api/health", headers={"Host": "evil.example"})
    assert status == 400 and "127.0.0.1" in body["error"]


@contextlib.contextmanager
def running(app: Any) -> Iterator[Service]:
    """Another real service (its own options) on a free port, stopped on leaving."""
    sock = bind("127.0.0.1", 0)
    server = make_server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(600):  # a bounded wait for uvicorn to start, not a timing assertion
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    assert server.started, "the service did not start"
    host, port = sock.getsockname()[:2]
    try:
        yield Service(f"http://{host}:{port}", server)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        app.close()


def test_allow_origin_admits_the_add_ins_other_origin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    origin = "http://127.0.0.1:3889"
    with running(create_app(TOKEN, origins=[origin + "/"])) as other:
        status, body, heads = other.call("POST", "/api/clear", {}, headers={"Origin": origin})
        assert status == 200 and heads["access-control-allow-origin"] == origin
        status, body, _ = other.call("POST", "/api/clear", {}, headers={"Origin": "null"})
        assert status == 200  # null (WPS's file:// add-in) stays admitted
        status, body, _ = other.call("POST", "/api/clear", {}, headers={"Origin": "http://x.y"})
        assert status == 403 and body["reason"] == "origin"
    assert capsys.readouterr().err.count("已拒绝来自") == 1


def raw_request(url: str, head: bytes, body: bytes = b"") -> tuple[int, Any]:
    """One HTTP/1.1 request written byte for byte (headers urllib refuses to send)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
        conn.sendall(body)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, json.loads(data.split(b"\r\n\r\n", 1)[1])


@pytest.mark.parametrize("token", ["口令".encode(), b"\xff\xfe", "é".encode("latin-1"),
                                   b"test-token\xc3\xa9"])  # fmt: skip
def test_a_token_outside_ascii_is_403_not_500(service: Service, token: bytes) -> None:
    head = b"POST /api/clear HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    status, body = raw_request(service.url, head + TOKEN_HEADER.encode() + b": " + token + b"\r\n",
                               b"{}")  # fmt: skip
    assert status == 403 and body["error"].startswith("加载项口令不符")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX kind of file")
def test_devices_fifos_and_links_are_never_read(
    service: Service, tmp_path: Path, hunan: Path
) -> None:
    fifo = tmp_path / "管道.xlsx"
    os.mkfifo(fifo)
    zero = tmp_path / "无穷.xlsx"
    zero.symlink_to("/dev/zero")
    linked = tmp_path / "链接文件夹"
    (tmp_path / "真").mkdir()
    (tmp_path / "真" / "县.xlsx").write_bytes(hunan.read_bytes())
    linked.symlink_to(tmp_path / "真")
    device = "设备、管道或套接字"
    cases = [(fifo, device), (zero, "链接"), (Path("/dev/zero"), device), (linked, "链接")]
    for path, expected in cases:
        body = {"inputs": [str(path)], "output": str(tmp_path / "汇总.xlsx")}
        status, answer, _ = service.call("POST", "/api/merge", body)
        assert status == 422 and expected in answer["error"], (path, answer)
        compare = {"book": snapshot(hunan), "target": str(path)}
        status, answer, _ = service.call("POST", "/api/compare", compare)
        assert status == 422 and "目标表" in answer["error"], (path, answer)
    assert not (tmp_path / "汇总.xlsx").exists()


def test_a_request_is_answered_within_the_bound(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()

    def stuck(request: object) -> object:
        release.wait(60)  # bounded: the test never leaves a thread behind for long
        raise RuntimeError("too late")

    monkeypatch.setattr(service_module, "run_merge", stuck)
    with running(create_app(TOKEN, timeout=0.5)) as slow:
        body = {"inputs": [str(tmp_path)], "output": str(tmp_path / "汇总.xlsx")}
        status, answer, _ = slow.call("POST", "/api/merge", body)
        assert status == 503 and answer["reason"] == "timeout"
        assert "0.5 秒内没有完成" in answer["error"] and "jixiao merge" in answer["error"]
        assert slow.call("GET", "/api/health")[:2] == (200, {"status": "ok", "service": "jixiao"})
        release.set()


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:abc", "127.0.0.1.evil.example", "localhost.", "127.0.0.1:80@evil.example",
     "127.0.0.1 :80", "evil.example:127.0.0.1", "127.0.0.1:123456", "[::1]:80x", ""],
)  # fmt: skip
def test_only_an_exact_loopback_host_header(service: Service, host: str) -> None:
    status, body, _ = service.call("GET", "/api/health", headers={"Host": host})
    assert status == 400 and "127.0.0.1" in body["error"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:17517", "127.0.0.1:1"])
def test_loopback_host_headers_are_served(service: Service, host: str) -> None:
    assert service.call("GET", "/api/health", headers={"Host": host})[0] == 200


def test_unknown_paths_and_methods(service: Service) -> None:
    assert service.call("GET", "/api/nope")[:2] == (404, {"error": "没有这个接口：/api/nope"})
    status, body, _ = service.call("GET", "/api/check")
    assert status == 405 and body["error"] == "/api/check 不支持 GET 请求"


def test_an_unexpected_error_is_500_without_a_traceback(
    service: Service, hunan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service_module, "check_actions", broken)
    status, body, _ = service.call("POST", "/api/check", snapshot(hunan))
    assert status == 500
    assert body == {"error": "服务内部出错（RuntimeError），请把出问题的工作簿发给维护人员"}


def test_merge_a_folder_equals_the_command_line(service: Service, tmp_path: Path) -> None:
    folder = tmp_path / "县级报送"
    build_samples(folder)
    output = tmp_path / "市级汇总.xlsx"
    status, body, _ = service.call(
        "POST", "/api/merge", {"inputs": [str(folder)], "output": str(output)}
    )
    assert status == 200, body
    assert output.is_file()
    cli = jixiao("merge", str(folder), "-o", str(tmp_path / "cli.xlsx"), "--json")
    assert body == cli | {"output": str(output)}
    assert body["merged"] == body["inputs"] == 5
    status, body, _ = service.call(
        "POST", "/api/merge", {"inputs": [str(folder)], "output": str(output)}
    )
    assert status == 422 and "已经存在" in body["error"]  # DESIGN: an existing output is 422


@pytest.mark.parametrize(
    ("inputs", "output", "status", "expected"),
    [
        (["县级报送"], "{tmp}/a.xlsx", 422, "要写完整路径"),
        (["{tmp}"], "汇总.xlsx", 422, "要写完整路径"),
        (["{tmp}"], "{tmp}/a.csv", 422, "请使用 .xlsx 扩展名"),
        (["{tmp}"], "{tmp}/没有/a.xlsx", 422, "不存在"),
        (["{tmp}/空"], "{tmp}/a.xlsx", 422, "没有可以合并的文件"),
        (["{tmp}/b.xlsx"], "{tmp}/b.xlsx", 422, "不能覆盖"),
        (["{tmp}/空"], "{tmp}/b.xlsx", 422, "已经存在"),
        (["{tmp}/空"], "{tmp}/空/../a.xlsx", 422, "中含有“..”"),
        (["{tmp}/空/../空"], "{tmp}/a.xlsx", 422, "中含有“..”"),
        (["{tmp}/空"], "{tmp}/a\u0000.xlsx", 422, "控制字符"),
        (["{tmp}/空"], "{tmp}/" + "长" * 1100 + ".xlsx", 422, "路径太长"),
        (["{tmp}/没有"], "{tmp}/a.xlsx", 422, "找不到输入"),
    ],
)
def test_merge_refusals(
    service: Service, tmp_path: Path, inputs: list[str], output: str, status: int, expected: str
) -> None:
    (tmp_path / "空").mkdir()
    (tmp_path / "b.xlsx").write_bytes(b"x")
    body = {
        "inputs": [i.format(tmp=tmp_path) for i in inputs],
        "output": output.format(tmp=tmp_path),
    }
    got, answer, _ = service.call("POST", "/api/merge", body)
    assert got == status
    assert expected in answer["error"]


def test_merge_never_overwrites_an_input(service: Service, tmp_path: Path, hunan: Path) -> None:
    county = tmp_path / "县.xlsx"
    county.write_bytes(hunan.read_bytes())
    body = {"inputs": [str(tmp_path)], "output": str(county)}
    status, answer, _ = service.call("POST", "/api/merge", body)
    assert status == 422 and "不能覆盖" in answer["error"]
    assert county.read_bytes() == hunan.read_bytes()


def test_merge_has_no_overwrite(service: Service, tmp_path: Path, hunan: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "县.xlsx").write_bytes(hunan.read_bytes())
    old = tmp_path / "旧汇总.xlsx"
    old.write_bytes(b"earlier summary")
    body = {"inputs": [str(tmp_path / "in")], "output": str(old), "overwrite": True}
    status, answer, _ = service.call("POST", "/api/merge", body)
    assert status == 422 and "overwrite：不认识这一项" in answer["error"]
    del body["overwrite"]
    status, answer, _ = service.call("POST", "/api/merge", body)
    assert status == 422 and "已经存在" in answer["error"]
    assert old.read_bytes() == b"earlier summary"


@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlinked_output_is_refused_and_its_target_untouched(
    service: Service, tmp_path: Path, hunan: Path, dangling: bool
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "县.xlsx").write_bytes(hunan.read_bytes())
    target = tmp_path / "elsewhere" / "重要.xlsx"
    target.parent.mkdir()
    if not dangling:
        target.write_bytes(b"precious")
    link = tmp_path / "汇总.xlsx"
    link.symlink_to(target)
    body = {"inputs": [str(tmp_path / "in")], "output": str(link)}
    status, answer, _ = service.call("POST", "/api/merge", body)
    assert status == 422 and "符号链接" in answer["error"]
    assert link.is_symlink()
    assert target.exists() is not dangling
    if not dangling:
        assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "in", "汇总.xlsx"]


def test_the_summary_is_written_whole_or_not_at_all(
    service: Service, tmp_path: Path, hunan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import addin.merge.job

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "县.xlsx").write_bytes(hunan.read_bytes())
    output = tmp_path / "汇总.xlsx"

    def half_written(path: Path, *args: object, **options: object) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(addin.merge.job, "merge_to_summary", half_written)
    body = {"inputs": [str(tmp_path / "in")], "output": str(output)}
    status, answer, _ = service.call("POST", "/api/merge", body)
    assert status == 409 and "No space left" in answer["error"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no summary, no temp file


def test_new_writes_a_template_to_open(service: Service) -> None:
    status, body, _ = service.call("POST", "/api/new", {"form": "项目支出绩效自评表"})
    assert status == 200
    assert body["form"] == "project_self"
    assert is_template(read_grid(body["path"]))
    status, body, _ = service.call("POST", "/api/new", {"form": "x"})
    assert status == 422 and body["error"].startswith("没有名为「x」的表格")


def test_new_templates_live_in_the_service_folder_removed_at_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from addin.wps.scratch import Scratch

    # a temp root of this test's own, so other processes' temp folders never count
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    app = create_app(TOKEN)
    scratch = app.on_close.__self__  # the service's Scratch
    assert isinstance(scratch, Scratch)
    assert scratch.root.parent == temp_root and scratch.root.name.startswith("jixiao-serve-")
    assert scratch.root.stat().st_mode & 0o777 == 0o700
    spec = FORMS[FormKind.PROJECT_SELF]
    paths = [service_module.new_template(service_module.NewRequest(form=spec.title), scratch)
             for _ in range(3)]  # fmt: skip
    folders = {Path(p.path).parent for p in paths}
    assert len(folders) == 3 and all(f.parent == scratch.root for f in folders)
    assert all(Path(p.path).is_file() for p in paths)
    assert list(temp_root.iterdir()) == [scratch.root]  # nothing written outside its folder
    scratch.prune(now=time.time() + 2 * scratch.keep_seconds)
    assert list(scratch.root.iterdir()) == []
    service_module.new_template(service_module.NewRequest(form=spec.title), scratch)
    app.close()
    assert not scratch.root.exists()
    assert list(temp_root.iterdir()) == []


def test_the_service_listens_on_127_0_0_1_only(service: Service) -> None:
    sockets = [s for srv in service.server.servers for s in srv.sockets]
    assert sockets
    assert {s.getsockname()[0] for s in sockets} == {"127.0.0.1"}
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org"):
        with pytest.raises(ServeError, match=r"只在本机地址 127\.0\.0\.1 上运行"):
            bind(host, 0)
    with bind("localhost", 0) as sock:
        assert sock.getsockname()[0] == "127.0.0.1"


def test_a_busy_port_is_told_in_chinese(service: Service) -> None:
    port = int(service.url.rsplit(":", 1)[1])
    with pytest.raises(ServeError, match="绩效助手服务已经在运行"):
        bind("127.0.0.1", port)
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        busy = other.getsockname()[1]
        with pytest.raises(ServeError, match=f"端口 {busy} 已被其他程序占用"):
            bind("127.0.0.1", busy)


def test_jixiao_serve_refuses_other_hosts() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "addin", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("出于安全考虑，绩效助手服务只在本机地址 127.0.0.1 上运行")
    assert "Traceback" not in done.stderr


def _listening(port: int) -> set[str]:
    """Addresses listening on ``port``, read from the kernel's socket table (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/net/tcp")
def test_jixiao_serve_really_runs_on_loopback(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {"JIXIAO_CONFIG_DIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "addin", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = child.stdout.readline() if child.stdout else ""
        assert first.startswith(f"绩效助手服务已启动：http://127.0.0.1:{port}"), child.stderr
        assert _listening(port) == {"0100007F"}  # 127.0.0.1, nothing else
        token = (tmp_path / "wps-token").read_text().strip()
        assert (tmp_path / "wps-token").stat().st_mode & 0o077 == 0
        service = Service(f"http://127.0.0.1:{port}", None)
        assert service.call("POST", "/api/clear", {}, token=token)[0] == 200
        assert service.call("POST", "/api/clear", {}, token="nope")[0] == 403
    finally:
        child.terminate()
        child.communicate(timeout=30)


def test_snapshot_formats_and_a_whole_grid_merge_reach_the_grid() -> None:
    from addin.wps.models import BookIn

    book = BookIn.model_validate({"book": "县.xlsx", "sheets": [{
        "name": "表", "values": [["项目名称", None, None], ["满意度", 0.9, 0.92]],
        "merged": ["A1:XFD1048576"], "formats": {"b2": "0.00%", "$C$2": "0%"}}]})  # fmt: skip
    sheet = book.to_grid().sheets[0]
    assert sheet.merged == ["A1:C2"]
    assert sheet.formats == {"B2": "0.00%", "C2": "0%"}
    assert sheet.number_format(1, 2) == "0%"
    assert BookIn.model_validate({"sheets": [{"name": "表"}]}).to_grid().sheets[0].formats is None


def test_a_whole_grid_merge_gets_an_answer(service: Service, hunan: Path) -> None:
    body = snapshot(hunan)
    body["sheets"][0]["merged"] = ["A1:XFD1048576"]
    status, answer, _ = service.call("POST", "/api/check", body)
    assert status in (200, 422), answer  # an answer, whatever the merge did to the form
    assert ("findings" in answer) or answer["error"]


def test_formula_grids_become_cell_maps() -> None:
    from addin.wps.models import SheetIn

    sheet = SheetIn(name="s", formulas=[["1", "=A1*2"], [None, "", "=SUM(A1:B1)"]])
    assert sheet.formula_map() == {"B1": "=A1*2", "C2": "=SUM(A1:B1)"}
    assert SheetIn(name="s", formulas={"$b$7": "=1"}).formula_map() == {"B7": "=1"}
    assert cell_ref(1, 2) == "C2"

"""The service's outer door (plain ASGI): local Host only, the add-in's origins only, and
request bodies no larger than the limit, in UTF-8, JSON and not nested too deep — each
refused with a Chinese JSON error."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# the whole Host header: a loopback name and an optional port, nothing before or after
LOCAL_HOST = re.compile(r"(?:127\.0\.0\.1|localhost)(?::[0-9]{1,5})?", re.ASCII)
MAX_DEPTH = 32  # a snapshot is book → sheets → sheet → values → row → cell: 6 levels
DRAIN_LIMIT = 256 * 1024 * 1024  # past this a refused upload is cut off, not read


async def send_error(send: Send, status: int, message: str) -> None:
    """A JSON error response ``{"error": message}``."""
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def too_large(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return (
        f"请求内容超过 {mb:g} MB 的上限：工作簿太大。请删去与绩效表无关的工作表后重试，"
        "或在命令行中用 jixiao check 直接校验文件"
    )


class Guard:
    """Refuses foreign hosts (DNS rebinding), foreign origins and oversized bodies."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        origins: list[str],
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.origins = set(origins)
        self.refused: set[str] = set()
        self.on_close = on_close

    def close(self) -> None:
        """Remove what the service left behind (its temporary folder)."""
        if self.on_close is not None:
            self.on_close()

    def _tell_refused(self, origin: str) -> None:
        """Say once in the service's window that an origin was refused. Never suggest
        allowing it: the page asking is most likely not the add-in at all."""
        if origin in self.refused:
            return
        self.refused.add(origin)
        print(
            f"已拒绝来自「{origin}」的请求：它不是绩效助手的 WPS 加载项。"
            "如果 WPS 加载项无法连接，请重新运行 jixiao wps install。",
            file=sys.stderr,
            flush=True,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not LOCAL_HOST.fullmatch(headers.get("host", "")):
            await send_error(send, 400, "绩效助手服务只接受本机（127.0.0.1）的请求")
            return
        origin = headers.get("origin")
        if origin is not None and origin.rstrip("/") not in self.origins:
            self._tell_refused(origin)
            await send_error(
                send,
                403,
                f"不接受来自「{origin}」的请求：绩效助手服务只为本机的 WPS 加载项服务",
            )
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = headers.get("content-length", "")
        body, finished = None, False
        if not (declared.isdigit() and int(declared) > self.max_body):
            body, finished = await self._read(receive)
        if body is None:
            if not finished:  # a client still sending would miss a reply sent mid-upload
                await _drain(receive, DRAIN_LIMIT)
            await send_error(send, 413, too_large(self.max_body))
            return
        problem = body_problem(body)
        if problem is not None:
            await send_error(send, 422, problem)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> tuple[bytes | None, bool]:
        """(the whole body, or None past the limit; whether the upload has ended)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks), True
            chunk = message.get("body", b"")
            size += len(chunk)
            more = message.get("more_body", False)
            if size > self.max_body:
                return None, not more
            chunks.append(chunk)
            if not more:
                return b"".join(chunks), True


def depth(value: Any) -> int:
    """How deeply arrays and objects nest (iteratively: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


def body_problem(body: bytes) -> str | None:
    """Why a request body cannot be read, in Chinese; None when it is UTF-8 JSON of a
    sensible depth (or empty: the route decides whether it needs one)."""
    if not body:
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"请求内容不符合要求：第 {exc.start + 1} 个字节起不是 UTF-8 编码的文字"
    try:
        data = json.loads(text)
    except RecursionError:
        return f"请求内容不符合要求：数据嵌套太深（最多 {MAX_DEPTH} 层）"
    except ValueError:
        return "请求内容不符合要求：不是合法的 JSON"
    if depth(data) > MAX_DEPTH:
        return f"请求内容不符合要求：数据嵌套太深（最多 {MAX_DEPTH} 层）"
    return None


async def _drain(receive: Receive, limit: int) -> None:
    """Read and drop the rest of a refused body, up to ``limit`` bytes."""
    size = 0
    while size <= limit:
        message = await receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return
        size += len(message.get("body", b""))


def _replay(body: bytes, original: Receive) -> Receive:
    """A receive callable that hands the app the body already read, then the real channel."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive

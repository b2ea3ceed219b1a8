"""The service's outer door (plain ASGI): local Host only, the add-in's origins only,
request bodies no larger than the limit, in UTF-8, JSON and not nested too deep, a few
requests at a time, and an answer within a time bound — each refusal a Chinese JSON error.

A refused origin is told in the service's window with the ``--allow-origin`` that would
admit it (the add-in may run under an origin this release does not know); the page that
asked only learns it was refused (``reason: "origin"``).
"""

from __future__ import annotations

import asyncio
import contextlib
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
MAX_ACTIVE = 4  # requests with a body handled at once: bounds the memory snapshots take
MAX_TOLD = 64  # refused origins told in the window (a page cycling origins cannot flood it)
DEFAULT_TIMEOUT = 600.0  # seconds until a request is answered, finished or not


async def send_error(send: Send, status: int, message: str, reason: str | None = None) -> None:
    """A JSON error response ``{"error": message}`` (and ``reason``, a code for the add-in)."""
    content = {"error": message} | ({"reason": reason} if reason else {})
    body = json.dumps(content, ensure_ascii=False).encode()
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


def printable(text: str, limit: int = 200) -> str:
    """Header text fit for the service's window: no control characters, not too long."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[:limit] + "…"


def too_large(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return (
        f"请求内容超过 {mb:g} MB 的上限：工作簿太大。请删去与绩效表无关的工作表后重试，"
        "或在命令行中用 jixiao check 直接校验文件"
    )


BUSY = "绩效助手服务正忙（同时处理的请求已达上限），请稍候再点一次按钮"


def too_slow(seconds: float) -> str:
    return (
        f"请求在 {seconds:g} 秒内没有完成，服务已停止等待。文件很多或很大时，"
        "请在命令行中运行 jixiao merge 或 jixiao check"
    )


def too_slow_upload(seconds: float) -> str:
    return f"请求内容在 {seconds:g} 秒内没有传完，服务已停止等待，请再点一次按钮"


class Guard:
    """Refuses foreign hosts (DNS rebinding), foreign origins and oversized bodies."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        origins: list[str],
        on_close: Callable[[], None] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_active: int = MAX_ACTIVE,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.origins = set(origins)
        self.refused: set[str] = set()
        self.on_close = on_close
        self.timeout = timeout
        self.max_active = max_active
        self.active = 0

    def close(self) -> None:
        """Remove what the service left behind (its temporary folder)."""
        if self.on_close is not None:
            self.on_close()

    def _tell_refused(self, origin: str) -> None:
        """Say once in the service's window that an origin was refused, and how to admit
        it if it is the add-in itself (a WPS build loading it under another origin)."""
        if origin in self.refused or len(self.refused) >= MAX_TOLD:
            return
        self.refused.add(origin)
        shown = printable(origin)
        print(
            f"已拒绝来自「{shown}」的请求。\n"
            f"  如果这是绩效助手的 WPS 加载项（按钮提示“服务拒绝了加载项的请求”），"
            f"请这样重新启动服务：jixiao serve --allow-origin {shown}\n"
            "  如果不是（例如别的网页），说明有网页试图访问本服务，不要放行。",
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
                f"不接受来自「{printable(origin)}」的请求：绩效助手服务只为本机的 WPS 加载项服务",
                "origin",
            )
            return
        if scope["method"] not in ("POST", "PUT", "PATCH", "DELETE"):  # those with a body
            await self._bounded(scope, receive, send)
            return
        if self.active >= self.max_active:
            with contextlib.suppress(TimeoutError):  # a client still sending hears us then
                await asyncio.wait_for(_drain(receive, self.max_body), self.timeout)
            await send_error(send, 503, BUSY, "busy")
            return
        self.active += 1  # released when the work ends, even after a timeout's answer
        await self._post(scope, receive, send, headers)

    def _release(self, _: object = None) -> None:
        self.active -= 1

    async def _bounded(
        self, scope: Scope, receive: Receive, send: Send, counted: bool = False
    ) -> None:
        """The app, answered within ``timeout``: if it has not begun to answer by then, a
        503 in Chinese (the work it started is left to finish on its own; a counted
        request keeps its place among the active ones until then)."""
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, tracked))
        task.add_done_callback(_retrieve)
        if counted:
            task.add_done_callback(self._release)
        done, _ = await asyncio.wait({task}, timeout=self.timeout)
        if task in done or started:  # finished, or its answer is on its way
            await task
            return
        task.cancel()
        await send_error(send, 503, too_slow(self.timeout), "timeout")

    async def _post(self, scope: Scope, receive: Receive, send: Send,
                    headers: dict[str, str]) -> None:  # fmt: skip
        try:
            problem = await asyncio.wait_for(self._body(receive, headers), self.timeout)
        except TimeoutError:  # a body that never finishes arriving keeps no place
            self._release()
            await send_error(send, 408, too_slow_upload(self.timeout), "timeout")
            return
        except BaseException:
            self._release()
            raise
        if isinstance(problem, tuple):
            self._release()
            await send_error(send, *problem)
            return
        body = problem
        await self._bounded(scope, _replay(body, receive), send, counted=True)

    async def _body(self, receive: Receive, headers: dict[str, str]) -> bytes | tuple[int, str]:
        """The request's body, or the (status, reason) of its refusal."""
        declared = headers.get("content-length", "")
        body, finished = None, False
        if not (declared.isdigit() and int(declared) > self.max_body):
            body, finished = await self._read(receive)
        if body is None:
            if not finished:  # a client still sending would miss a reply sent mid-upload
                await _drain(receive, DRAIN_LIMIT)
            return 413, too_large(self.max_body)
        problem = body_problem(body)
        return body if problem is None else (422, problem)

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


def _retrieve(task: asyncio.Future[None]) -> None:
    """Collect a finished request's exception (the app already answered or timed out)."""
    if not task.cancelled():
        task.exception()


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

"""Running the local service with uvicorn, on 127.0.0.1 only."""

from __future__ import annotations

import json
import socket
import urllib.request

import uvicorn

from addin.core.errors import JixiaoError
from addin.wps.config import LOCAL_HOST

KEEP_ALIVE_SECONDS = 120
LOCAL_ALIASES = {"127.0.0.1": LOCAL_HOST, "localhost": LOCAL_HOST}


class ServeError(JixiaoError):
    """The service cannot start; ``str(err)`` is one Chinese sentence."""


def local_host(host: str) -> str:
    """The address to bind: 127.0.0.1, whatever local alias was asked; others refused."""
    address = LOCAL_ALIASES.get(host.strip().lower())
    if address is None:
        raise ServeError(
            f"出于安全考虑，绩效助手服务只在本机地址 127.0.0.1 上运行，不能绑定「{host}」："
            "它能读写这台电脑上的工作簿，不应让局域网中的其他电脑访问"
        )
    return address


def _already_ours(host: str, port: int) -> bool:
    """Whether a jixiao service already answers on the port."""
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/api/health", timeout=2) as reply:
            return json.load(reply).get("service") == "jixiao"
    except (OSError, ValueError):
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:port (0: any free port), or ServeError in Chinese."""
    address = local_host(host)
    if not 0 <= port < 65536:
        raise ServeError(f"端口 {port} 不对：应在 1 到 65535 之间")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no port sharing
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if _already_ours(address, port):
            raise ServeError(f"绩效助手服务已经在运行：http://{address}:{port}") from exc
        raise ServeError(
            f"端口 {port} 已被其他程序占用，请换一个端口，例如：jixiao serve --port {port + 1}"
            "（加载项也要用同一端口：jixiao wps install --port 同一端口）"
        ) from exc
    sock.set_inheritable(True)
    return sock


def make_server(app: object, *, log_level: str = "warning") -> uvicorn.Server:
    """A uvicorn server for ``app`` (run it with the socket from :func:`bind`)."""
    # an idle connection is kept longer than a client keeps it (uvicorn's 5 s would close
    # it under a client that was busy, and a POST sent on it then fails as if refused)
    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            timeout_keep_alive=KEEP_ALIVE_SECONDS)  # fmt: skip
    return uvicorn.Server(config)

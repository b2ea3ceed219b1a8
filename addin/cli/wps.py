"""WPS commands (``jixiao serve``, ``jixiao wps install``, ``jixiao wps uninstall``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from addin.wps.config import DEFAULT_MAX_BODY_MB, DEFAULT_PORT

wps_app = typer.Typer(help="WPS 加载项：安装到 WPS，或从 WPS 中卸载。", no_args_is_help=True)

PORT = typer.Option("--port", "-p", min=1, max=65535, help="端口（加载项和服务须一致）")


def _fail(message: str, code: int = 2) -> typer.Exit:
    """One Chinese line on stderr and the exit code (never a traceback)."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def serve(
    port: Annotated[int, PORT] = DEFAULT_PORT,
    host: Annotated[str, typer.Option("--host", help="只能是本机地址 127.0.0.1")] = "127.0.0.1",
    allow_origin: Annotated[
        list[str] | None,
        typer.Option("--allow-origin", help="另外允许的来源（如 wpsjs 调试时的网址），可重复"),
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.1, help="请求内容上限（MB）")
    ] = DEFAULT_MAX_BODY_MB,
) -> None:
    """启动本地服务，供 WPS 加载项“绩效助手”使用（只在本机 127.0.0.1 上运行）。"""
    from addin.wps.config import load_or_create_token
    from addin.wps.server import ServeError, bind, make_server
    from addin.wps.service import create_app

    try:
        sock = bind(host, port)
    except ServeError as exc:
        raise _fail(str(exc)) from exc
    try:
        app = create_app(load_or_create_token(), origins=allow_origin, max_body_mb=max_body_mb)
    except OSError as exc:
        sock.close()
        raise _fail(f"无法读取或创建加载项口令：{exc.strerror or exc}") from exc
    host_port = "{}:{}".format(*sock.getsockname()[:2])
    typer.echo(f"绩效助手服务已启动：http://{host_port}（保持此窗口打开；按 Ctrl+C 停止）")
    sys.stdout.flush()
    try:
        make_server(app).run(sockets=[sock])
    finally:
        sock.close()
        app.close()
    typer.echo("绩效助手服务已停止")


def _install_notes(port: int, autostart: Path | None) -> str:
    from addin.wps.install import service_command, startup_dir, systemd_unit

    command = " ".join(service_command(port))
    if autostart is not None:
        start = f"已设置登录时自动启动服务：{autostart}"
    elif sys.platform == "win32":
        start = (
            "登录时自动启动服务：重新运行 jixiao wps install --autostart，\n"
            f"  或在“启动”文件夹（{startup_dir()}）中放一个运行下面命令的快捷方式或 .bat：\n"
            f"  {command}"
        )
    else:
        start = (
            "登录时自动启动服务：重新运行 jixiao wps install --autostart"
            "（写入 ~/.config/autostart），\n"
            "  或用 systemd 用户服务：把下面内容存为 ~/.config/systemd/user/jixiao.service，\n"
            "  再运行 systemctl --user enable --now jixiao.service\n\n" + systemd_unit(port)
        )
    return (
        "下一步：\n"
        f"1. 启动本地服务：在命令行中运行 jixiao serve --port {port}（窗口保持打开）\n"
        "2. 完全退出并重新打开 WPS 表格，功能区会出现“绩效助手”选项卡\n"
        f"3. {start}"
    )


@wps_app.command("install")
def install_command(
    port: Annotated[int, PORT] = DEFAULT_PORT,
    target: Annotated[
        Path | None, typer.Option("--target", help="jsaddons 文件夹（默认按操作系统自动确定）")
    ] = None,
    autostart: Annotated[
        bool, typer.Option("--autostart", help="同时设置登录时自动启动本地服务")
    ] = False,
    oem_ini: Annotated[
        list[Path] | None,
        typer.Option("--oem-ini", help="WPS 的 oem.ini（默认自动查找 WPS 安装目录），可重复"),
    ] = None,
) -> None:
    """把“绩效助手”加载项安装到 WPS（离线的 jsplugins.xml 方式，不需要联网）。"""
    from addin.wps.install import InstallError, install

    try:
        done = install(target, port, autostart, oem_ini=oem_ini)
    except InstallError as exc:
        raise _fail(str(exc)) from exc
    from addin.wps.deploy import oem_lines

    typer.echo(f"已安装 WPS 加载项：{done.folder}（安装包 {done.package.name}）")
    typer.echo(f"已登记到：{done.listing}")
    if done.backup is not None:
        typer.echo(f"原 jsplugins.xml 无法读取，已另存为 {done.backup}")
    for path in done.oem_changed:
        typer.echo(f"已在 WPS 配置文件中启用加载项：{path}（原文件另存为 .jixiao.bak）")
    if not done.oem_changed:
        found = "、".join(str(p) for p in done.oem_refused)
        where = found or "WPS 安装目录下的 office6/cfgs/oem.ini"
        typer.echo(
            f"\n还差一步（需要管理员权限）：在 {where} 中加入下面几行，保存后重新打开 WPS：\n"
            + oem_lines(done.listing)
        )
    typer.echo(f"加载项连接的服务地址：{done.url}\n")
    typer.echo(_install_notes(port, done.autostart))


@wps_app.command("uninstall")
def uninstall_command(
    target: Annotated[
        Path | None, typer.Option("--target", help="jsaddons 文件夹（默认按操作系统自动确定）")
    ] = None,
) -> None:
    """从 WPS 中卸载“绩效助手”加载项（同时取消登录时自动启动）。"""
    from addin.wps.install import InstallError, uninstall

    try:
        removed = uninstall(target)
    except InstallError as exc:
        raise _fail(str(exc)) from exc
    for path in removed:
        typer.echo(f"已删除 {path}")
    typer.echo("已从 WPS 中卸载“绩效助手”加载项，重新打开 WPS 后生效")


def register(app: typer.Typer) -> None:
    """Add the local service and WPS commands to the main ``jixiao`` app."""
    app.command("serve")(serve)
    app.add_typer(wps_app, name="wps")

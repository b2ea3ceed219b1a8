"""WPS commands (``jixiao serve``, ``jixiao wps install | uninstall | doctor``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from addin.cli.common import examples
from addin.wps.config import DEFAULT_MAX_BODY_MB, DEFAULT_PORT

wps_app = typer.Typer(
    help="WPS 加载项：安装到 WPS、从 WPS 中卸载、检查安装。", no_args_is_help=True
)

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
        typer.Option(
            "--allow-origin",
            help="另外允许的来源（服务窗口提示加载项被拒绝时，按提示填写），可重复",
        ),
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.1, help="请求内容上限（MB）")
    ] = DEFAULT_MAX_BODY_MB,
    request_timeout: Annotated[
        float,
        typer.Option("--request-timeout", min=1, help="每个请求最长处理时间（秒），超时即答复"),
    ] = 600.0,
) -> None:
    """启动本地服务，供 WPS 加载项“绩效助手”使用（只在本机 127.0.0.1 上运行）。"""
    from addin.wps.config import allowed_origins, load_or_create_token
    from addin.wps.server import ServeError, bind, make_server
    from addin.wps.service import create_app

    try:
        sock = bind(host, port)
    except ServeError as exc:
        raise _fail(str(exc)) from exc
    try:
        app = create_app(load_or_create_token(), origins=allow_origin, max_body_mb=max_body_mb,
                         timeout=request_timeout)  # fmt: skip
    except OSError as exc:
        sock.close()
        raise _fail(f"无法读取或创建加载项口令：{exc.strerror or exc}") from exc
    host_port = "{}:{}".format(*sock.getsockname()[:2])
    typer.echo(f"绩效助手服务已启动：http://{host_port}（保持此窗口打开；按 Ctrl+C 停止）")
    typer.echo(f"接受 WPS 加载项的来源：{'、'.join(allowed_origins(allow_origin))}")
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


@wps_app.command(
    "install",
    epilog=examples(
        "jixiao wps install --autostart", "jixiao wps install --oem-ini", "jixiao wps doctor"
    ),
)
def install_command(
    port: Annotated[int, PORT] = DEFAULT_PORT,
    target: Annotated[
        Path | None, typer.Option("--target", help="jsaddons 文件夹（默认按操作系统自动确定）")
    ] = None,
    autostart: Annotated[
        bool, typer.Option("--autostart", help="同时设置登录时自动启动本地服务")
    ] = False,
    oem_ini: Annotated[
        bool,
        typer.Option("--oem-ini", help="管理员方式：经 WPS 的 oem.ini 和 jsplugins.xml 加载"),
    ] = False,
    oem_file: Annotated[
        list[Path] | None,
        typer.Option("--oem-file", help="与 --oem-ini 同用：指定 oem.ini（默认自动查找），可重复"),
    ] = None,
) -> None:
    """把“绩效助手”加载项安装到 WPS（默认只为当前用户安装，不需要管理员权限）。"""
    from addin.wps.install import InstallError, install

    try:
        done = install(target, port, autostart, oem=oem_ini or bool(oem_file),
                       oem_files=oem_file)  # fmt: skip
    except InstallError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"已安装 WPS 加载项：{done.folder}")
    if done.publish is not None:
        typer.echo(f"已登记到：{done.publish}（个人安装，其他加载项保持不变）")
    code = 0
    if done.route == "oem":
        code = _report_oem(done)
    typer.echo(f"加载项连接的服务地址：{done.url}\n")
    typer.echo(_install_notes(port, done.autostart))
    typer.echo("检查安装是否生效：jixiao wps doctor")
    if code:
        raise typer.Exit(code)


def _report_oem(done: object) -> int:
    """What the administrator route did to each oem.ini; 1 when none points at our list."""
    from addin.wps.deploy import oem_lines
    from addin.wps.install import ADDON_NAME, Installed

    assert isinstance(done, Installed) and done.listing is not None and done.package is not None
    typer.echo(f"安装包：{done.package}；已登记到：{done.listing}")
    for path in done.oem_changed:
        typer.echo(f"已在 WPS 配置文件中启用加载项：{path}（卸载时原样还原）")
    for path, value in done.oem_foreign:
        typer.echo(
            f"\n未改动 {path}：其中已指定另一份加载项列表 JSPluginsServer={value}"
            "（常见于 OA、公文系统的加载项）。WPS 只读一份列表，替换它会让那些加载项消失。\n"
            f"请该列表的管理者在其中加入下面一行：\n"
            f'  <jsplugin name="{ADDON_NAME}" type="et" url="{done.package.as_uri()}" '
            f'version="{done.folder.name.split("_", 1)[1]}" enable="true"/>\n'
            "或改用个人安装：jixiao wps install（不加 --oem-ini）"
        )
    if done.oem_refused:
        found = "、".join(str(p) for p in done.oem_refused)
        typer.echo(
            f"\n还差一步（需要管理员权限）：在 {found} 中加入下面几行，保存后重新打开 WPS：\n"
            + oem_lines(done.listing)
        )
    if not done.oem_changed and not done.oem_foreign and not done.oem_refused:
        typer.echo(
            "\n没有找到 WPS 的 oem.ini：请用 --oem-file 指定 WPS 安装目录下的 "
            "office6/cfgs/oem.ini，或改用个人安装（不加 --oem-ini）"
        )
    return 0 if done.oem_changed else 1


@wps_app.command("uninstall", epilog=examples("jixiao wps uninstall"))
def uninstall_command(
    target: Annotated[
        Path | None, typer.Option("--target", help="jsaddons 文件夹（默认按操作系统自动确定）")
    ] = None,
) -> None:
    """从 WPS 中卸载“绩效助手”加载项：还原安装时改过的每个文件，取消登录时自动启动。"""
    from addin.wps.install import InstallError, uninstall

    try:
        done = uninstall(target)
    except InstallError as exc:
        raise _fail(str(exc)) from exc
    for path in done.restored:
        typer.echo(f"已还原 {path}（与安装前相同）")
    for path in done.removed:
        typer.echo(f"已删除 {path}")
    for path in done.pruned:
        typer.echo(f"已从 {path} 中删去“绩效助手”（此文件安装后被改过，其余内容保留）")
    for path in done.kept:
        typer.echo(
            f"未还原 {path}：安装后被改过。如其中仍指向绩效助手的 jsplugins.xml，请管理员删去"
        )
    typer.echo("已从 WPS 中卸载“绩效助手”加载项，重新打开 WPS 后生效")


@wps_app.command("doctor", epilog=examples("jixiao wps doctor", "jixiao wps doctor --port 17600"))
def doctor_command(
    port: Annotated[int, PORT] = DEFAULT_PORT,
    target: Annotated[
        Path | None, typer.Option("--target", help="jsaddons 文件夹（默认按操作系统自动确定）")
    ] = None,
    oem_file: Annotated[
        list[Path] | None,
        typer.Option("--oem-file", help="要检查的 oem.ini（默认自动查找），可重复"),
    ] = None,
) -> None:
    """检查 WPS 能否找到并使用“绩效助手”：生效的安装方式、问题和解决办法。"""
    from addin.wps.doctor import diagnose

    found = diagnose(target, port, oem_files=oem_file)
    typer.echo(found.text())
    if not found.visible:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the local service and WPS commands to the main ``jixiao`` app."""
    app.command(
        "serve",
        epilog=examples("jixiao serve", "jixiao serve --port 17600 --allow-origin null"),
    )(serve)
    app.add_typer(wps_app, name="wps")

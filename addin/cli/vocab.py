"""Vocabulary commands (``jixiao vocab add | list | remove``): teach the reader a layout once."""

from __future__ import annotations

from typing import Annotated

import typer

vocab_app = typer.Typer(
    help=(
        "读表词表：教会读表程序某县的表头写法，以后同样版式的文件都能读。\n\n"
        '示例：jixiao vocab add "调整后预算数" 全年预算'
    ),
    no_args_is_help=True,
)


WORD = typer.Argument(
    help="表头单元格里的写法，如 调整后预算数", show_default=False, metavar="写法"
)


def _fail(message: str, code: int = 2) -> typer.Exit:
    """One Chinese line on stderr and the exit code (never a traceback)."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def _roles_help() -> str:
    from addin.reader.teaching import ROLES

    return "；".join(f"{r.name}（{r.meaning}）" for r in ROLES)


@vocab_app.command("add")
def add(
    word: Annotated[str, WORD],
    role: Annotated[
        str, typer.Argument(help="它表示什么，如 全年预算、指标值、完成值", metavar="角色")
    ],
) -> None:
    """添加一个表头写法，并说明它表示什么（角色）。

    示例：jixiao vocab add "调整后预算数" 全年预算

    示例：jixiao vocab add "年终完成值" 完成值
    """
    from addin.reader.teaching import TeachError
    from addin.reader.teaching import add as add_word

    try:
        path, new = add_word(word, role)
    except TeachError as exc:
        raise _fail(str(exc)) from exc
    if new:
        typer.echo(f"已添加：「{word.strip()}」→ {role.strip()}（词表文件 {path}）")
    else:
        typer.echo(f"「{word.strip()}」已是「{role.strip()}」的写法，未改动（词表文件 {path}）")


@vocab_app.command("list")
def list_words() -> None:
    """列出词表文件中自己添加的写法，以及可用的角色。

    示例：jixiao vocab list
    """
    from addin.reader.teaching import TeachError, listed
    from addin.reader.vocabulary import user_file

    try:
        words = listed()
    except TeachError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"词表文件：{user_file()}")
    if not words:
        typer.echo('还没有添加任何写法。示例：jixiao vocab add "调整后预算数" 全年预算')
    for word, role in words:
        typer.echo(f"  「{word}」→ {role}")
    typer.echo("可用的角色：" + _roles_help())


@vocab_app.command("remove")
def remove(
    word: Annotated[
        str, typer.Argument(help="要删除的表头写法", show_default=False, metavar="写法")
    ],
) -> None:
    """从词表文件中删除一个表头写法（只删自己添加的，内置的写法不受影响）。

    示例：jixiao vocab remove "调整后预算数"
    """
    from addin.reader.teaching import TeachError
    from addin.reader.teaching import remove as remove_word

    try:
        path, roles = remove_word(word)
    except TeachError as exc:
        raise _fail(str(exc)) from exc
    if not roles:
        raise _fail(f"词表文件 {path} 中没有「{word.strip()}」，未改动", code=1)
    typer.echo(f"已删除：「{word.strip()}」（原为 {'、'.join(roles)}；词表文件 {path}）")


def register(app: typer.Typer) -> None:
    """Add the ``vocab`` commands to the main ``jixiao`` app."""
    app.add_typer(vocab_app, name="vocab")

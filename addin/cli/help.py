"""Chinese help for the ``jixiao`` command line.

Typer and click write their help frame in English ("Options", "Show this message and
exit.", "[default: …]") and show Python types as placeholders (``<bool>``, ``<list[Path]>``).
:func:`localise` replaces that frame once, for every command of the app, with Chinese words
and plain value names (路径, 文本, 整数); switches show no placeholder at all.
"""

from __future__ import annotations

import re
from typing import Any

import typer.core
import typer.rich_utils as rich_utils
from typer._click import core as click_core
from typer._click import exceptions, formatting

HELP_TEXT = "显示本帮助并退出"
TYPE_NAMES = {
    "Path": "路径",
    "str": "文本",
    "int": "整数",
    "float": "数值",
    "datetime": "日期",
}
USAGE_WORDS = {"[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]...": "[参数]..."}
# click's usage errors, in the order tried: English pattern -> Chinese
ERRORS = [
    (r"Missing argument '(.+?)'\.", r"缺少参数 \1。"),
    (r"Missing option '(.+?)'\.", r"缺少选项 \1。"),
    (r"Missing parameter: (.+)", r"缺少参数 \1"),
    (r"No such option: (\S+)", r"没有这个选项：\1"),
    (r"No such command '(.+?)'\.", r"没有这个命令：\1。"),
    (r"Option '(.+?)' requires an argument\.", r"选项 \1 后面要跟一个值。"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"Invalid value for '(.+?)': ", r"\1 的值无效："),
    (r"Did you mean (.+)\?", r"是否想用 \1？"),
    (r"\(Possible options: (.+)\)", r"（可用的选项：\1）"),
    (r"'(.+?)' is not a valid (integer|float)\.", r"「\1」不是有效的数字。"),
    (r"(\S+) is not in the range (.+)\.", r"\1 不在允许的范围 \2 内。"),
    (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
    (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
    (r"Input should be a valid integer.*", r"应为整数"),
]
_done = False


def chinese_error(message: str) -> str:
    """A click usage error in Chinese (unknown wording is kept as it is)."""
    for english, chinese in ERRORS:
        message = re.sub(english, chinese, message)
    return message


def _value_name(param: Any, ctx: Any) -> str | None:
    """What a clerk types for a parameter: 路径, 文本, 整数 or the choices; None for a switch."""
    if param.metavar is not None:
        return param.metavar
    if getattr(param, "is_flag", False):
        return None
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    annotation = desc.annotation
    inner = typer.core.get_args(annotation) if desc.is_list else ()
    bare = param._bare_type(inner[0] if inner else annotation)
    name = TYPE_NAMES.get(bare, "值")
    return f"{name}…" if desc.is_list or param.nargs != 1 else name


def localise() -> None:
    """Put the Chinese frame on typer's help (idempotent)."""
    global _done
    if _done:
        return
    _done = True
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.RANGE_STRING = ""  # ranges are said in the option's own help
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.RICH_HELP = "请运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    typer.core.TyperOption.display_type_rich = _value_name  # type: ignore[method-assign]
    typer.core.TyperArgument.display_type_rich = _value_name  # type: ignore[method-assign]

    original_help = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in USAGE_WORDS.items():
            args = args.replace(english, chinese)
        original_usage(self, prog, args, "用法：" if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    for cls in (
        exceptions.ClickException,
        exceptions.BadParameter,
        exceptions.MissingParameter,
        exceptions.NoSuchOption,
    ):
        _translate_errors(cls)


def _translate_errors(cls: type) -> None:
    owner = next(c for c in cls.__mro__ if "format_message" in c.__dict__)
    original = owner.__dict__["format_message"]
    if getattr(original, "_chinese", False):
        return

    def format_message(self: Any) -> str:
        return chinese_error(original(self))

    format_message._chinese = True  # type: ignore[attr-defined]
    owner.format_message = format_message  # type: ignore[attr-defined]

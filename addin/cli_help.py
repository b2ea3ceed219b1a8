"""Chinese help for the ``jixiao`` command line.

Typer and click write their help frame in English ("Options", "Show this message and
exit.", "[default: …]") and show Python types as placeholders (``<bool>``, ``<list[Path]>``).
:func:`localise` replaces that frame once, for every command of the app, with Chinese words
and plain value names (路径, 文本, 整数); switches show no placeholder at all.
"""

from __future__ import annotations

from typing import Any

import typer.core
import typer.rich_utils as rich_utils
from typer._click import core as click_core
from typer._click import formatting

HELP_TEXT = "显示本帮助并退出"
TYPE_NAMES = {
    "Path": "路径",
    "str": "文本",
    "int": "整数",
    "float": "数值",
    "datetime": "日期",
}
USAGE_WORDS = {"[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]...": "[参数]..."}
_done = False


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

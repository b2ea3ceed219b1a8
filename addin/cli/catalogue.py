"""What the engine knows, listed: ``jixiao rules`` and ``jixiao profiles``."""

from __future__ import annotations

from typing import Annotated

import typer

from addin.cli.common import console, examples


def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 docs/rules.md 的内容")] = False,
) -> None:
    """列出全部校验规则。"""
    from addin.rules import RULES, SEVERITY_LABELS
    from addin.rules.docs import rules_markdown

    if markdown:
        typer.echo(rules_markdown())
        return
    for rule in RULES.values():
        console.print(f"{rule.code}\t{SEVERITY_LABELS[rule.severity]}\t{rule.title}")


def profiles() -> None:
    """列出可用的计分口径。"""
    from addin.core.profiles import load_profile, profile_names

    for name in profile_names():
        profile = load_profile(name)
        console.print(f"{name}\t{profile.title}")


def register(app: typer.Typer) -> None:
    """Add the commands to the ``jixiao`` app."""
    app.command(epilog=examples("jixiao rules", "jixiao rules --markdown > docs/rules.md"))(rules)
    app.command(epilog=examples("jixiao profiles", "jixiao check 表.xlsx --profile sichuan"))(
        profiles
    )

"""docs/rules.md, generated from the rule catalogue (``jixiao rules --markdown``)."""

from __future__ import annotations

from addin.rules.catalog import RULES, SEVERITY_LABELS, render

GROUPS = {
    "1": "必填项与数值",
    "2": "指标体系",
    "3": "分值、得分与总分",
    "4": "资金",
    "5": "符号与类型",
    "6": "实际完成值",
    "7": "与申报目标核对",
    "9": "合并汇总",
}


def rules_markdown() -> str:
    """The catalogue as a Markdown page: one table per group, each rule with an example."""
    lines = [
        "# 校验规则",
        "",
        "本页由 `jixiao rules --markdown` 根据规则目录（`addin/rules/catalog.py`）生成，请勿手改。",
        "级别：错误（表格会被退回）、警告（审核人会追问）、提示。",
        "",
    ]
    for prefix, title in GROUPS.items():
        lines += [
            f"## {title}",
            "",
            "| 代码 | 级别 | 规则 | 示例说明 | 修改建议 | 口径参数 |",
            "|---|---|---|---|---|---|",
        ]
        for rule in RULES.values():
            if rule.code[2] != prefix:
                continue
            message, hint = render(rule.code, **rule.example)
            params = "、".join(rule.thresholds) or "—"
            cells = [rule.code, SEVERITY_LABELS[rule.severity], rule.title, message, hint, params]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)

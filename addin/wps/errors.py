"""Refusals and request validation errors told in Chinese (pydantic speaks English)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from addin.core.errors import JixiaoError


class Refusal(JixiaoError):
    """A request the service refuses: HTTP status, one Chinese sentence, a reason code and
    what else the add-in needs to act on it (``extra``, answered beside ``error``)."""

    def __init__(
        self,
        status: int,
        message: str,
        reason: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.reason, self.extra = status, reason, extra or {}


_PROBLEMS = {
    "missing": "缺少这一项",
    "json_invalid": "不是合法的 JSON",
    "model_type": "应为对象（{…}）",
    "model_attributes_type": "应为对象（{…}）",
    "dict_type": "应为对象（{…}）",
    "list_type": "应为数组（[…]）",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "string_too_long": "太长",
    "extra_forbidden": "不认识这一项",
}
_PLACES = {
    "body": "请求",
    "sheets": "工作表",
    "values": "数值",
    "formulas": "公式",
    "merged": "合并单元格",
    "names": "定义名称",
    "inputs": "输入",
    "output": "汇总文件",
    "book": "工作簿",
    "target": "目标表",
    "folder": "文件夹",
    "form": "表格",
}


_TYPE_NAMES = {"str", "float", "int", "bool", "none", "function-after"}


def _where(loc: Sequence[Any]) -> str:
    parts = []
    for part in loc:
        if isinstance(part, str) and (part in _TYPE_NAMES or "[" in part or "(" in part):
            continue  # a member of a union, not a place in the request
        if isinstance(part, int):
            parts.append(f"第 {part + 1} 个")
        else:
            parts.append(_PLACES.get(str(part), str(part)))
    return " → ".join(parts)


def _problem(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "value_error":  # our own validators already speak Chinese
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind.endswith("union") or kind in ("union_tag_invalid", "literal_error"):
        return "类型不对"
    return _PROBLEMS.get(kind, "格式不对")


def explain_validation(errors: Sequence[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """One Chinese sentence for the add-in, and the details (where, what) for a developer."""
    seen: dict[str, str] = {}
    for error in errors:
        where, problem = _where(error.get("loc", ())), _problem(error)
        if seen.get(where, problem) != problem:  # no member of a union fitted
            problem = "类型不对"
        seen[where] = problem
    details = [{"where": where, "problem": problem} for where, problem in seen.items()]
    if not details:
        return "请求内容不符合要求", details
    first = details[0]
    more = f"（另有 {len(details) - 1} 处）" if len(details) > 1 else ""
    return f"请求内容不符合要求：{first['where']}：{first['problem']}{more}", details

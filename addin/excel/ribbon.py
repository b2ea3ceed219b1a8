"""The 绩效助手 ribbon tab (customUI14 XML), generated from the form and profile lists.

Labels are Chinese and live only here; the VBA callbacks (``vba/jixiao_ribbon.bas``) are
ASCII and receive the form or profile code through the control's ``tag``.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from addin.core.forms import FORMS
from addin.core.profiles import load_profile, profile_names

NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
TAB_LABEL = "绩效助手"
AUTO_PROFILE_TAG = "auto"  # 设置 → 按表格所属省份


@dataclass(frozen=True)
class Button:
    """One ribbon button: id, Chinese label, Office icon, VBA callback, tooltip."""

    id: str
    label: str
    image: str
    on_action: str
    tip: str


BUTTONS: dict[str, Button] = {
    b.id: b
    for b in (
        Button("jxCheck", "校验", "ReviewAcceptChange", "OnCheck",
               "检查本工作簿中的绩效表格，把问题标在单元格上，并列出“校验结果”。"),
        Button("jxClear", "清除标记", "ClearFormats", "OnClear",
               "去掉校验做的底色、批注和“校验结果”表，单元格恢复原样。"),
        Button("jxScore", "重新计分", "CalculateNow", "OnScore",
               "按计分规则计算执行率、得分和总分，填入表中有这些栏目的单元格。"),
        Button("jxMerge", "合并汇总", "ImportExcel", "OnMerge",
               "选择一个文件夹，把其中各单位的工作簿合并成一份汇总。"),
        Button("jxPrefill", "从目标表生成", "FileSaveAsExcelXlsx", "OnPrefill",
               "用填好的绩效目标表生成自评表：指标、指标值和预算数都已填好，保存在目标表旁边。"),
        Button("jxReport", "生成自评报告", "CreateReport", "OnReport",
               "按当前自评表生成自评报告草稿（Word 文档），数字取自表格，保存在工作簿旁边。"),
        Button("jxCompare", "目标对照", "ReviewCompareTwoVersions", "OnCompare",
               "选择申报时的绩效目标表，核对本自评表的指标有没有删去、新增或改动，标在单元格上。"),
        Button("jxInspect", "读表情况", "FindDialog", "OnInspect",
               "说明本工作簿是怎样读的：哪些表头没有认出，各自像是哪一列。"),
        Button("jxHelp", "帮助", "Help", "OnHelp", "绩效助手的用法和版本。"),
    )
}  # fmt: skip
NEW_MENU = Button("jxNew", "新建表格", "FileNew", "OnNewForm", "用模板新建一张空白表格。")
TEACH_MENU = Button(
    "jxTeach", "教读表", "SpellingAndGrammar", "OnTeach",
    "先单击一个没有认出的表头单元格，再选它表示的内容；以后同样版式的文件都能读。",
)  # fmt: skip
PROFILE_MENU = Button(
    "jxProfile", "设置", "ControlProperties", "OnProfile", "选择校验和计分使用的计分口径。"
)


def form_items() -> list[tuple[str, str]]:
    """(tag, label) of each 新建表格 entry: form code and Chinese title."""
    return [(spec.kind.value, spec.title) for spec in FORMS.values()]


def profile_items() -> list[tuple[str, str]]:
    """(tag, label) of each 设置 entry: automatic, then every bundled profile."""
    items = [(AUTO_PROFILE_TAG, "计分口径：按表格所属省份（自动）")]
    items += [(name, f"计分口径：{load_profile(name).title}") for name in profile_names()]
    return items


def teach_items() -> list[tuple[str, str]]:
    """(tag, label) of each 教读表 entry: the suggested role, every role, 查看 and 删去."""
    from addin.excel.teach import LIST_TAG, REMOVE_TAG, SUGGESTED_TAG, role_code
    from addin.reader.teaching import ROLES

    items = [(role_code(r), f"{r.name}：{r.meaning}") for r in ROLES]
    first = (SUGGESTED_TAG, "按建议的角色（“读表情况”中箭头后的角色）")
    return [first, *items, (LIST_TAG, "查看已教的写法"), (REMOVE_TAG, "删去所选单元格的写法")]


def _attrs(**values: str) -> str:
    return " ".join(f"{key}={quoteattr(value)}" for key, value in values.items())


def _button(b: Button, size: str = "large") -> str:
    attrs = _attrs(id=b.id, label=b.label, imageMso=b.image, size=size, onAction=b.on_action,
                   screentip=b.label, supertip=b.tip)  # fmt: skip
    return f"<button {attrs}/>"


def _menu(menu: Button, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<button {_attrs(id=f'{menu.id}{n}', label=label, tag=tag, onAction=menu.on_action)}/>"
        for n, (tag, label) in enumerate(items)
    )
    head = _attrs(id=menu.id, label=menu.label, imageMso=menu.image, size="large",
                  itemSize="normal", screentip=menu.label, supertip=menu.tip)  # fmt: skip
    return f"<menu {head}>{entries}</menu>"


def _group(group_id: str, label: str, *controls: str) -> str:
    return f"<group {_attrs(id=group_id, label=label)}>{''.join(controls)}</group>"


def ribbon_xml() -> str:
    """The customUI14 part: one tab 绩效助手 with its groups, buttons and menus."""
    b = BUTTONS
    groups = (
        _group("jxGroupForms", "表格", _menu(NEW_MENU, form_items())),
        _group(
            "jxGroupCheck", "校验与计分", _button(b["jxCheck"]), _button(b["jxClear"]),
            _button(b["jxScore"]),
        ),
        _group("jxGroupSelf", "自评", _button(b["jxPrefill"]), _button(b["jxCompare"]),
               _button(b["jxReport"])),
        _group("jxGroupMerge", "汇总", _button(b["jxMerge"])),
        _group("jxGroupRead", "读表", _button(b["jxInspect"]), _menu(TEACH_MENU, teach_items())),
        _group(
            "jxGroupSettings", "设置与帮助", _menu(PROFILE_MENU, profile_items()),
            _button(b["jxHelp"]),
        ),
    )  # fmt: skip
    tab = f"<tab {_attrs(id='jxTab', label=TAB_LABEL)}>{''.join(groups)}</tab>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<customUI xmlns="{NAMESPACE}">'
        f"<ribbon><tabs>{tab}</tabs></ribbon></customUI>"
    )

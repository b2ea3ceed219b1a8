"""The buttons 读表情况 and 教读表 on an xlwings Book: how the active workbook was read, and
teaching the reader a header the reviewer selects (the user's vocabulary file, as
``jixiao vocab``).

读表情况 reads the workbook in bulk (as 校验 does) and lists the headers not understood with
the role their cells suggest. 教读表 is a menu of the roles: the selected cell's text is
added to the chosen role, the workbook's grid is read again with it, and the message says
what is still not understood. Refusals are one Chinese sentence (:class:`UserError`).
"""

from __future__ import annotations

from typing import Any

from addin.excel.book_grid import read_book
from addin.excel.merges import MergeReader
from addin.excel.tasks import UserError
from addin.excel.ui import Ui
from addin.reader import read_report
from addin.reader.inspecting import forget, gaps, hints, teach
from addin.reader.report import ReadingReport, teach_word
from addin.reader.teaching import ROLE_BY_NAME, ROLES, Role, TeachError, listed
from addin.reader.vocabulary import user_file
from addin.workbook.grid import parse_ref

SUGGESTED_TAG = "suggested"  # 教读表 → 按建议的角色
LIST_TAG = "list"  # 教读表 → 查看已教的写法
REMOVE_TAG = "remove"  # 教读表 → 删去所选单元格的写法
MAX_LINES = 12
TEACH_HOW = (
    "要让以后同样版式的文件都能读：单击表头单元格，再在“教读表”中选它表示的内容"
    "（选“按建议的角色”即用下面箭头后的角色）。"
)
CHOOSE = "请在“教读表”中选它表示的内容。"
NO_SELECTION = "请先单击一个表头单元格（如「调整后预算数」），再在“教读表”中选它表示的内容。"


def role_code(role: Role) -> str:
    """The role's ASCII tag in the ribbon ("columns.target.names", "funding.columns.budget")."""
    return ".".join((*role.path, role.key))


ROLE_BY_CODE = {role_code(r): r for r in ROLES}


def _listed(lines: list[str], total: int, unit: str = "处") -> list[str]:
    """The lines, and "……共 N 处" when some were left out."""
    if total > len(lines):
        return [*lines, f"……共 {total} {unit}"]
    return lines


def inspect_message(report: ReadingReport, name: str) -> str:
    """读表情况: the tables read, what was not understood, and how to teach it."""
    tables: list[str] = []
    for sheet in report.sheets:
        if sheet.template:
            tables.append(f"· 工作表「{sheet.sheet}」：本系统模板，按定义名称读取")
        for table in sheet.tables:
            rows = "、".join(map(str, table.header_rows))
            where = f"· 工作表「{sheet.sheet}」：表「{table.title}」，表头在第 {rows} 行，"
            tables.append(where + f"读到 {table.rows_read} 行指标，跳过 {table.rows_skipped} 行")
    if not tables:
        tables.append(
            "没有找到指标表：表头应有“一级指标/二级指标/三级指标”，或“指标名称”加“分值/权重”。"
        )
    lines = [f"「{name}」的读表情况：", *_listed(tables[:MAX_LINES], len(tables), "张表")]
    found = gaps(report)
    if not found:
        return "\n".join([*lines, "", "表头都已认出，没有需要教的写法。"])
    lines += ["", "未认出或没有读到："]
    lines += _listed([f"  {g}" for g in found[:MAX_LINES]], len(found))
    taught = hints(report)
    if taught:
        lines += ["", TEACH_HOW]
        suggested = [
            f"  {h.sheet}!{h.cell}「{h.word}」→ {h.role or '（请按列的内容选择）'}"
            for h in taught[:MAX_LINES]
        ]
        lines += _listed(suggested, len(taught))
    return "\n".join(lines)


def inspect_book(book: Any, ui: Ui, merges: MergeReader | None = None) -> str:
    """读表情况 of the active workbook (its cells as they are, saved or not)."""
    read = read_book(book, merges, ui.status)
    ui.status("正在整理读表情况")
    return inspect_message(read_report(read.grid), str(book.name))


def selected_text(book: Any) -> tuple[str, str]:
    """("工作表!C5", its text) of the selected cell (the first one of a selection); a
    UserError when nothing or no text is selected."""
    sheet, ref, text = selected_cell(book)
    return f"{sheet}!{ref}", text


def selected_cell(book: Any) -> tuple[str, str, str]:
    """(sheet, "C5", its text) of the selected cell, as :func:`selected_text`."""
    try:
        selection = book.selection
    except Exception:
        selection = None
    if selection is None:
        raise UserError(NO_SELECTION)
    cell = selection[0]  # a merged header selects its whole area: the text is in the first
    sheet, ref = str(cell.sheet.name), str(cell.address).replace("$", "")
    value = cell.value
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"所选单元格 {sheet}!{ref} 中没有表头文字。{NO_SELECTION}")
    return sheet, ref, value


def suggested_role(report: ReadingReport, sheet: str, ref: str, word: str) -> Role:
    """The role 读表情况 suggests for the selected header: the hint of its sheet and column."""
    column = parse_ref(ref)[1]
    hint = next(
        (h for h in hints(report) if h.sheet == sheet and parse_ref(h.cell)[1] == column), None
    )
    if hint is None:
        raise UserError(
            f"「{word}」不在“读表情况”列出的未认出表头中：请在“教读表”中选它表示的内容。"
        )
    if hint.role is None:
        raise UserError(f"读表程序判断不了「{word}」这一列是什么：请在“教读表”中选它表示的内容。")
    return ROLE_BY_NAME[hint.role]


def _count(report: ReadingReport) -> int:
    return len(gaps(report))


def teach_book(book: Any, ui: Ui, code: str, merges: MergeReader | None = None) -> str:
    """教读表 → a role: the selected header's text taught as that role; the workbook read
    again with it."""
    role = ROLE_BY_CODE.get(code)
    if role is None and code != SUGGESTED_TAG:  # a ribbon older or newer than the package
        raise UserError(f"没有这种角色（{code}）。请重新安装加载项：jixiao addin install。")
    sheet, ref, text = selected_cell(book)
    where, word = f"{sheet}!{ref}", teach_word(text)
    read = read_book(book, merges, ui.status)
    report = read_report(read.grid)
    before = _count(report)
    if role is None:
        role = suggested_role(report, sheet, ref, word)
    ui.status(f"正在添加「{word}」")
    try:
        path, new = teach(word, role.name)
    except TeachError as exc:
        if exc.taken_by:
            raise UserError(
                f"「{word}」已是「{exc.taken_by}」的写法。要改成「{role.name}」，"
                "请先点“教读表”→“删去所选单元格的写法”，再选角色。"
            ) from exc
        raise
    after = _count(read_report(read.grid))
    head = (
        f"已教会：{where}「{word}」→ {role.name}（{role.meaning}）。"
        if new
        else f"「{word}」已是「{role.name}」的写法，未改动。"
    )
    return (
        f"{head}\n词表文件：{path}\n"
        f"重新读取本工作簿：未认出或没有读到的 {before} 处 → {after} 处。"
        "以后同样版式的文件都按这个写法读。"
    )


def list_words() -> str:
    """教读表 → 查看已教的写法."""
    words = listed()
    lines = [f"词表文件：{user_file()}"]
    if not words:
        lines.append("还没有教过任何写法。单击表头单元格，再在“教读表”中选它表示的内容。")
    lines += [f"  「{word}」→ {role}" for word, role in words[:30]]
    if len(words) > 30:
        lines.append(f"……共 {len(words)} 个写法（完整列表：jixiao vocab list）")
    return "\n".join(lines)


def forget_selected(book: Any) -> str:
    """教读表 → 删去所选单元格的写法."""
    where, text = selected_text(book)
    path, roles = forget(text)
    if not roles:
        raise UserError(f"词表文件 {path} 中没有「{text.strip()}」（{where}），未改动。"
                        "内置的写法不能删去。")  # fmt: skip
    return f"已删去「{text.strip()}」（原为 {'、'.join(roles)}）。词表文件：{path}"


def teach_menu(book: Any, ui: Ui, tag: str, merges: MergeReader | None = None) -> str:
    """The 教读表 menu: a role's tag, 按建议的角色, or 查看 / 删去."""
    if tag == LIST_TAG:
        return list_words()
    if tag == REMOVE_TAG:
        return forget_selected(book)
    return teach_book(book, ui, tag, merges)

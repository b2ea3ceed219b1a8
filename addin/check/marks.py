"""Marks: 校验 results shown in the workbook, as a list of actions any door can apply.

:func:`plan_marks` turns findings into actions (clear old marks, mark cells, add the
校验结果 sheet); :func:`apply_to_file` applies them to a file with openpyxl. The Excel and
WPS add-ins apply the same actions to a live workbook. Every mark is reversible: before a
cell is coloured, its previous fill and note are saved in a very hidden sheet, and
清除标记 restores them exactly.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated, Literal
from xml.etree.ElementTree import fromstring, tostring

from pydantic import BaseModel, Field

from addin.core.errors import JixiaoError
from addin.rules import SEVERITY_LABELS, Finding
from addin.workbook.files import MAX_FILE_BYTES, read_grid
from addin.workbook.guards import PackageRefused, check_editable
from addin.workbook.outputs import check_output, write_output
from addin.workbook.printing import LINE_HEIGHT, wrapped_lines
from addin.workbook.safe_text import safe_text

RESULT_SHEET = "校验结果"
BACKUP_SHEET = "jixiao_marks"  # very hidden: previous fills and notes of marked cells
AUTHOR = "绩效助手"
COLORS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class ClearAction(BaseModel):
    """Remove every mark 校验 made and restore the cells as they were."""

    op: Literal["clear"] = "clear"


class MarkAction(BaseModel):
    """Colour one cell by the worst severity on it and put the findings in its note."""

    op: Literal["mark"] = "mark"
    sheet: str
    cell: str
    color: str  # RRGGBB
    note: str


class ResultRow(BaseModel):
    severity: str
    code: str
    sheet: str | None
    cell: str | None
    message: str
    hint: str
    project: str | None = None  # the project (or unit) of the finding's form


class ResultSheetAction(BaseModel):
    """Add the 校验结果 sheet: counts, then one row per finding with a link to its cell."""

    op: Literal["result_sheet"] = "result_sheet"
    name: str = RESULT_SHEET
    file: str | None = None
    counts: dict[str, int]
    rows: list[ResultRow]


class WriteAction(BaseModel):
    """Write a value into a cell (重新计分: a computed 得分, 执行率, 总分 …)."""

    op: Literal["write"] = "write"
    sheet: str
    cell: str
    value: float | str
    number_format: str | None = None  # "0.00", "0.00%"


Action = Annotated[
    ClearAction | MarkAction | ResultSheetAction | WriteAction, Field(discriminator="op")
]


def counts_of(findings: list[Finding]) -> dict[str, int]:
    """Findings per severity, all three keys present."""
    counter = Counter(f.severity for f in findings)
    return {s: counter.get(s, 0) for s in ("error", "warning", "info")}


def note_text(findings: list[Finding]) -> str:
    """The note of a marked cell: one paragraph per finding."""
    parts = []
    for f in findings:
        parts.append(f"【{SEVERITY_LABELS[f.severity]} {f.code}】{f.message}\n修改建议：{f.hint}")
    return "\n\n".join(parts)


def plan_marks(findings: list[Finding], file: str | None = None) -> list[Action]:
    """The actions that show ``findings`` in a workbook (old marks cleared first)."""
    actions: list[Action] = [ClearAction()]
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.sheet and finding.cell:
            by_cell[(finding.sheet, finding.cell)].append(finding)
    for (sheet, cell), group in by_cell.items():
        group.sort(key=lambda f: SEVERITY_ORDER[f.severity])
        actions.append(MarkAction(sheet=sheet, cell=cell, color=COLORS[group[0].severity],
                                  note=note_text(group)))  # fmt: skip
    ordered = sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
    rows = [
        ResultRow(**f.model_dump(include=set(ResultRow.model_fields)), project=f.subject)
        for f in ordered
    ]
    actions.append(ResultSheetAction(file=file, counts=counts_of(findings), rows=rows))
    return actions


# --- the openpyxl applier ----------------------------------------------------------------


def _fill_xml(cell) -> str:
    return tostring(cell.fill.to_tree(), encoding="unicode")


def _restore_fill(cell, xml: str) -> None:
    from openpyxl.styles import PatternFill

    cell.fill = PatternFill.from_tree(fromstring(xml))


def _clear(book) -> None:
    from openpyxl.comments import Comment

    if BACKUP_SHEET in book.sheetnames:
        backup = book[BACKUP_SHEET]
        restored = set()
        for row in backup.iter_rows(min_row=2, values_only=True):
            if not row or row[0] is None:
                continue
            sheet, ref, fill_xml, comment_json = row[:4]
            if sheet not in book.sheetnames or (sheet, ref) in restored:
                continue  # a cell marked twice (two refs in one merged range): first state
            restored.add((sheet, ref))
            cell = book[sheet][ref]
            _restore_fill(cell, fill_xml)
            old = json.loads(comment_json) if comment_json else None
            if old is None:
                cell.comment = None
            else:
                comment = Comment(old["text"], old["author"])
                comment.width, comment.height = old["width"], old["height"]
                cell.comment = comment
        del book[BACKUP_SHEET]
    if RESULT_SHEET in book.sheetnames:
        del book[RESULT_SHEET]


def _append_safe(ws, values: list) -> None:
    """Append a row whose text may come from a county file: made safe, always text."""
    ws.append([safe_text(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type != "s":
            cell.data_type = "s"  # a sheet named "=HYPERLINK(…)" stays text


def _shown_cell(ws, ref: str):
    """The cell Excel shows at ``ref``: the top-left cell of a merged range covering it."""
    from openpyxl.cell.cell import MergedCell

    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if ref in merged:
                return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _mark(book, action: MarkAction, backup) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    if action.sheet not in book.sheetnames:
        return
    cell = _shown_cell(book[action.sheet], action.cell)
    old = cell.comment
    previous = (
        json.dumps({"text": old.text, "author": old.author, "width": old.width,
                    "height": old.height}, ensure_ascii=False)
        if old is not None
        else None
    )  # fmt: skip
    _append_safe(backup, [action.sheet, cell.coordinate, _fill_xml(cell), previous])
    cell.fill = PatternFill(fill_type="solid", fgColor=action.color, bgColor=action.color)
    note = safe_text(action.note)
    comment = Comment(note, AUTHOR)
    comment.width, comment.height = 360, 40 + 18 * note.count("\n") + 18
    cell.comment = comment


RESULT_HEADER = ("序号", "级别", "规则", "项目", "工作表", "单元格", "说明", "修改建议")
RESULT_WIDTHS = (6, 7, 8, 24, 14, 8, 52, 46)
RESULT_FONT = "宋体"
WRAPPED = (4, 5, 7, 8)  # 项目, 工作表, 说明, 修改建议: long texts wrap


def _result_sheet(book, action: ResultSheetAction) -> None:
    """校验结果: 10.5 pt 宋体, borders, long texts wrapped in rows tall enough to show them."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(action.name, 0)
    counts = action.counts
    ws.append([f"校验结果：错误 {counts['error']} 项，警告 {counts['warning']} 项，"
               f"提示 {counts['info']} 项"])  # fmt: skip
    ws["A1"].font = Font(name=RESULT_FONT, bold=True, size=12)
    ws.append(list(RESULT_HEADER))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[2]:
        cell.font = Font(name=RESULT_FONT, bold=True, size=11)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, row in enumerate(action.rows, 1):
        _append_safe(ws, [n, SEVERITY_LABELS[row.severity], row.code, row.project, row.sheet,
                          row.cell, row.message, row.hint])  # fmt: skip
        for col in range(1, len(RESULT_HEADER) + 1):
            cell = ws.cell(row=n + 2, column=col)
            cell.font = Font(name=RESULT_FONT, size=10.5)
            cell.border = border
            cell.alignment = Alignment(wrap_text=col in WRAPPED, vertical="top")
        link_cell = ws.cell(row=n + 2, column=6)
        if row.sheet and row.cell and safe_text(row.sheet) == row.sheet:
            quoted = row.sheet.replace("'", "''")
            link_cell.hyperlink = f"#'{quoted}'!{row.cell}"
            link_cell.font = Font(name=RESULT_FONT, size=10.5, color="0563C1", underline="single")
        level = ws.cell(row=n + 2, column=2)
        level.fill = PatternFill(fill_type="solid", fgColor=COLORS[row.severity])
    for n, width in enumerate(RESULT_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    for n, row in enumerate(action.rows, 3):  # wrapped text shown whole, printed whole
        texts = (row.project, row.sheet, row.message, row.hint)
        lines = max(
            wrapped_lines(text or "", RESULT_WIDTHS[col - 1])
            for text, col in zip(texts, WRAPPED, strict=True)
        )
        ws.row_dimensions[n].height = LINE_HEIGHT * 1.1 * max(lines, 1) + 3
    last = get_column_letter(len(RESULT_HEADER))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{len(action.rows) + 2}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def apply_actions(book, actions: list[Action]) -> None:
    """Apply actions to an openpyxl workbook."""
    backup = None
    for action in actions:
        if isinstance(action, ClearAction):
            _clear(book)
        elif isinstance(action, WriteAction):
            if action.sheet in book.sheetnames:
                cell = book[action.sheet][action.cell]
                cell.value = action.value
                if action.number_format:
                    cell.number_format = action.number_format
        elif isinstance(action, MarkAction):
            if backup is None:
                backup = book.create_sheet(BACKUP_SHEET)
                backup.sheet_state = "veryHidden"
                backup.append(["sheet", "cell", "fill", "comment"])
            _mark(book, action, backup)
        else:
            _result_sheet(book, action)


def apply_to_file(source: Path, target: Path, actions: list[Action]) -> None:
    """Apply actions to a copy of ``source`` written to ``target`` (the source is untouched).

    Raises :class:`~addin.workbook.outputs.OutputRefused` when ``target`` is the source (by file
    identity) or a link; the copy is written to a temporary file and moved into place.
    """
    import openpyxl

    check_output(target, [source])
    try:
        with zipfile.ZipFile(source) as archive:
            check_editable(archive)
    except PackageRefused as exc:
        raise MarkRefused(str(exc)) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise MarkRefused("文件损坏或被截断，无法解压") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's English notes on odd files
            book = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
            apply_actions(book, actions)
    except Exception as exc:
        raise MarkRefused(_refusal(exc)) from exc
    write_output(target, [source], book.save, max_bytes=MAX_FILE_BYTES)


class MarkRefused(JixiaoError):
    """The marked copy cannot be made; ``str(err)`` is the Chinese reason."""

    code = "not_marked"


def _refusal(exc: Exception) -> str:
    text, cause = str(exc), exc.__cause__ or exc.__context__
    while cause is not None and len(text) < 2000:  # openpyxl wraps the real error
        text, cause = f"{text} {cause}", cause.__cause__ or cause.__context__
    if isinstance(exc, ValueError) and "title" in text.lower():
        return (
            "工作表名称不符合 Excel 的规定（含有 : \\ / ? * [ ] 等字符），请在 Excel 中改名后重试"
        )
    if isinstance(exc, IndexError):
        return (
            "工作簿的样式信息缺失或损坏（单元格引用了不存在的格式），请在 Excel 中打开并另存后重试"
        )
    if isinstance(exc, ValueError) and ("must be greater" in text or "range" in text.lower()):
        return "工作簿中的合并区域无效，请在 Excel 中检查合并单元格后重试"
    return f"工作簿的结构无法处理（{type(exc).__name__}），请在 Excel 中打开并另存后重试"


def clear_file(source: Path, target: Path) -> bool:
    """清除标记 of a marked workbook into ``target``: every marked cell as it was, the
    校验结果 and backup sheets removed. False, and nothing written, when it has no marks.

    Raises :class:`InputError` (unreadable), :class:`OutputRefused` (``target`` is the
    source or a link) or :class:`MarkRefused` (the workbook cannot be rewritten)."""
    from openpyxl import load_workbook

    read_grid(source, formulas=False)
    check_output(target, [source])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(source, read_only=True)
            try:
                marked = {BACKUP_SHEET, RESULT_SHEET} & set(book.sheetnames)
            finally:
                book.close()
    except Exception as exc:  # openpyxl's own errors on odd packages (strict OOXML …)
        raise MarkRefused(_refusal(exc)) from exc
    if not marked:
        return False
    apply_to_file(source, target, [ClearAction()])
    return True

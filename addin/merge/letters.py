"""Feedback to each county (``jixiao merge … --letters DIR``): one printable .docx per unit
with its forms, the 总分 it wrote against the recomputed one, and its findings grouped by
form with the cell and the hint — the list the city sends back."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.run import Run

from addin.merge.issues import IssueFilter, listed_issues
from addin.merge.result import FormRow, MergeResult, ordered_forms
from addin.merge.tables import FORM_NAMES, relative
from addin.workbook.outputs import write_output

FONT = "宋体"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _font(run: Run, size: float = 10.5, bold: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def _table(doc, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A bordered table whose header repeats on every page and whose rows never split."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), 10, bold=True)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), 10)
    for row in table.rows:
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _number(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.2%}" if percent else f"{value:,.2f}"


def _file_name(unit: str, taken: set[str]) -> str:
    stem = _UNSAFE.sub("_", unit).strip(" .") or "单位"
    name, n = f"{stem}_反馈.docx", 2
    while name in taken:
        name, n = f"{stem}_反馈（{n}）.docx", n + 1
    taken.add(name)
    return name


def _paragraph(doc, text: str, size: float = 10.5, bold: bool = False, center: bool = False):
    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run(text), size, bold)
    return para


def write_letters(result: MergeResult, folder: Path, level: str | None = None) -> list[Path]:
    """One .docx per unit of the merge in ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    forms = ordered_forms(result)
    root = result.root
    units = list(dict.fromkeys(r.unit for r in forms))
    issues = listed_issues(result, IssueFilter(level if level is not None else result.level))
    by_unit: dict[str, list[tuple]] = {}
    for row in issues:
        by_unit.setdefault(row.unit, []).append(row)
    written: list[Path] = []
    taken: set[str] = set()
    inputs = [Path(r.file) for r in forms]
    for unit in units:
        mine = [r for r in forms if r.unit == unit]
        path = folder / _file_name(unit, taken)
        letter = _letter(unit, mine, by_unit.get(unit, []), root)
        write_output(path, inputs, letter.save)  # never a county file, never through a link
        written.append(path)
    return written


def _letter(unit: str, forms: list[FormRow], issues: list[tuple], root: str | None):
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.0)
    _paragraph(doc, f"{unit}：预算绩效材料审核反馈", 16, bold=True, center=True)
    files = list(dict.fromkeys(relative(r.file, root) for r in forms))
    errors = sum(1 for i in issues if i.severity == "错误")
    _paragraph(
        doc,
        f"贵单位报送的 {len(files)} 个工作簿（{'、'.join(files)}）共 {len(forms)} 张表已合并汇总"
        f"（{date.today():%Y年%m月%d日}）。审核发现问题 {len(issues)} 条，其中错误 {errors} 条；"
        "请按下列单元格逐项核对修改后重新报送。",
    )
    _paragraph(doc, "一、报送的表与总分（填写总分与按规则重算的总分）", 12, bold=True)
    rows = [
        [
            FORM_NAMES.get(r.form, r.title) + (f" · {r.project}" if r.project else ""),
            _number(r.budget),
            _number(r.spent),
            _number(r.execution_rate, percent=True),
            _number(r.declared_total),
            _number(r.total),
            _number(r.difference),
            r.grade or "—",
        ]
        for r in forms
    ]
    header = ["表", "预算数", "执行数", "执行率", "填写总分", "重算总分", "差异", "等级"]
    _table(doc, header, rows, [5.6, 1.7, 1.7, 1.6, 1.5, 1.5, 1.3, 1.1])
    gaps = [r for r in forms if r.difference]
    if gaps:
        names = "；".join(
            f"{r.project or FORM_NAMES.get(r.form, r.title)}填写 {r.declared_total:.2f}、"
            f"重算 {r.total:.2f}"
            for r in gaps
            if r.declared_total is not None and r.total is not None
        )
        _paragraph(doc, f"填写总分与重算总分不一致：{names}。请核对各项得分与合计。")
    _paragraph(doc, "二、问题清单（按表分组）", 12, bold=True)
    if not issues:
        _paragraph(doc, "未发现需要修改的问题。")
    groups: dict[tuple, list[tuple]] = {}
    for row in issues:
        groups.setdefault((row.file, row.sheet), []).append(row)
    shown = {(relative(r.file, root), r.sheet): r for r in forms}
    for (file, sheet), rows_ in groups.items():
        form = shown.get((file, sheet))
        what = FORM_NAMES.get(form.form, form.title) if form else "工作簿"
        project = f" · {form.project}" if form and form.project else ""
        _paragraph(doc, f"{what}{project}（{file}，工作表 {sheet or '—'}）", 10.5, bold=True)
        _table(
            doc,
            ["单元格", "级别", "问题", "修改建议"],
            [[r.cell or "—", r.severity, r.message, r.hint] for r in rows_],
            [1.6, 1.2, 7.4, 6.8],
        )
    return doc

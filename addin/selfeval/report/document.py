"""python-docx primitives for the 自评报告: page, fonts, headings, paragraphs, tables.

A paragraph is a sequence of parts: plain text (figures from the engine) and
:class:`Fill` places where the clerk must write, shown highlighted as 【请填写…】.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

BODY_FONT = "仿宋"  # the usual face of government reports; LibreOffice falls back to a CJK face
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"


@dataclass(frozen=True)
class Fill:
    """A place the clerk must write: shown as 【请填写：what】, highlighted."""

    what: str

    def __str__(self) -> str:
        return f"【请填写：{self.what}】"


Part = str | Fill


def _font(run: Run, face: str, size: float, bold: bool = False) -> None:
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), face)


def _flag(parent, tag: str, attrs: dict[str, str] | None = None) -> None:
    """Append ``<w:tag w:k="v"/>`` to a property element (once)."""
    if parent.find(qn(tag)) is not None:
        return
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key), value)
    parent.append(element)


FIGURE = re.compile(r"—|[≥≤＞＜＝<>=]?-?[\d.,]+(-[\d.,]+)?%?(/[\d.,]+)?[\u4e00-\u9fff%/]{0,4}")


def is_number(text: str) -> bool:
    """A figure kept on one line: 12.5, 98.76%, 90/90, ≥95%, 13.5万元, —."""
    return bool(FIGURE.fullmatch(text.strip()))


class Report:
    """A 自评报告 being written; ``fills`` counts the places left for the clerk."""

    def __init__(self) -> None:
        self.doc: DocxDocument = Document()
        self.fills = 0
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
        section.top_margin = section.bottom_margin = Cm(3.0)
        section.left_margin = section.right_margin = Cm(2.6)
        self._started = False

    def title(self, text: str, subtitle: str | None = None) -> None:
        """The report's title (a new page after the first report)."""
        if self._started:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self._started = True
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(para.add_run(text), TITLE_FONT, 18, bold=True)
        if subtitle:
            sub = self.doc.add_paragraph()
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(sub.add_run(subtitle), BODY_FONT, 14)

    def cover(self, title: str, year: str | None, unit: str | None) -> None:
        """A cover page: the title, the year, the unit (盖章) and the date, then a new page."""
        if self._started:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self._started = True
        for _ in range(6):
            self.doc.add_paragraph()
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(para.add_run(title), TITLE_FONT, 24, bold=True)
        if year:
            sub = self.doc.add_paragraph()
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(sub.add_run(f"（{year}年度）"), BODY_FONT, 16)
        for _ in range(8):
            self.doc.add_paragraph()
        for label, value in (("单位名称（盖章）：", unit or Fill("单位名称")),
                             ("报告日期：", Fill("日期"))):  # fmt: skip
            line = self.doc.add_paragraph()
            line.paragraph_format.left_indent = Cm(3.5)
            _font(line.add_run(label), BODY_FONT, 16)
            self._part(line, value, 16)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self._started = False  # the report's own title follows on the next page

    def box(self, title: str, lines: Sequence[str]) -> None:
        """A framed, shaded box (one-cell table) that opens the draft: a warning and its lines."""
        table = self.doc.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell = table.rows[0].cells[0]
        cell.width = Cm(15.8)
        shade = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "FDECEA")):
            shade.set(qn(key), value)
        cell._tc.get_or_add_tcPr().append(shade)
        head = cell.paragraphs[0]
        run = head.add_run(title)
        _font(run, HEADING_FONT, 12, bold=True)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        for text in lines:
            _font(cell.add_paragraph().add_run(text), BODY_FONT, 10.5)
        self.doc.add_paragraph()

    def heading(self, text: str, level: int = 1) -> None:
        """一、… (level 1, 黑体) or （一）… (level 2, bold 仿宋)."""
        para = self.doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        para.paragraph_format.space_before = Pt(6)
        face = HEADING_FONT if level == 1 else BODY_FONT
        _font(para.add_run(text), face, 16 if level == 1 else 15, bold=level > 1)

    def para(self, *parts: Part) -> None:
        """A body paragraph; Fill parts are highlighted."""
        para = self.doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(30)
        para.paragraph_format.line_spacing = Pt(26)
        for part in parts:
            self._part(para, part, 15)

    def _part(self, para, part: Part, size: float) -> None:
        run = para.add_run(str(part))
        _font(run, BODY_FONT, size)
        if isinstance(part, Fill):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            self.fills += 1

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A bordered table (column widths in cm), header row bold, text at 10.5 pt; the
        header row repeats on every page, no row breaks across pages and figures never wrap."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5)
                if is_number(text):
                    _flag(cell._tc.get_or_add_tcPr(), "w:noWrap")
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for n, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            _flag(tr_pr, "w:cantSplit")
            if n == 0:
                _flag(tr_pr, "w:tblHeader")
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice follows
            for cell in column.cells:
                cell.width = Cm(width)
        self.doc.add_paragraph()

    def signature(self, unit: str | None) -> None:
        """The unit and date lines at the end of a report."""
        for text in (unit or str(Fill("单位名称")), str(Fill("日期"))):
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = para.add_run(text)
            _font(run, BODY_FONT, 15)
            if text.startswith("【"):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                self.fills += 1

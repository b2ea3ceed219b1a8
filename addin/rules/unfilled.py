"""Cells still as the template left them: an instruction to the clerk where the clerk's own
text belongs (JX112), the 执行率得分 (JX310) and the 总分 (JX311) left blank in their cells.

These look at the sheet itself, not only at what was read: a cell holding a formula is the
form's own (a template computes its scores and writes its hints), never a clerk's blank.
"""

from __future__ import annotations

from addin.core.models import AnyForm
from addin.core.scoring import FormScore
from addin.core.values import normalise_text, parse_value
from addin.reader.instructions import is_instruction
from addin.rules.checks import Finding, finding
from addin.workbook.grid import SheetGrid, cell_ref

QUOTED = 40  # characters of an instruction quoted in the message
LABEL = 12  # a neighbour longer than this is content, not the label of the cell


def instructions_left(sheet: SheetGrid | None) -> list[Finding]:
    """JX112 on each cell of ``sheet`` that still holds a template's instruction, named by
    its label (the short text left of it, else above it)."""
    if sheet is None:
        return []
    filled = sheet.filled()
    covered = _covered(sheet)
    out: list[Finding] = []
    for r, row in enumerate(sheet.values):
        for c, value in enumerate(row):
            ref = cell_ref(r, c)
            if not isinstance(value, str) or ref in sheet.formulas or (r, c) in covered:
                continue
            if is_instruction(value):
                text = value.strip()
                quoted = text if len(text) <= QUOTED else text[:QUOTED] + "…"
                field = _label(filled, r, c) or "此格"
                out.append(finding("JX112", sheet.name, ref, field=field, value=quoted))
    return out


def _covered(sheet: SheetGrid) -> set[tuple[int, int]]:
    """Cells a merged range covers from another (its top-left) cell."""
    cells: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in sheet.merged_ranges():
        cells |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    return cells


def _label(filled: list[list[object]], row: int, col: int) -> str | None:
    """The short text naming a cell (the top-left of its merged range): left of it, else
    above it."""
    for r, c in ((row, col - 1), (row - 1, col)):
        if r < 0 or c < 0 or r >= len(filled) or c >= len(filled[r]):
            continue
        text = filled[r][c]
        if isinstance(text, str) and _is_label(text):
            return normalise_text(text).rstrip(":：")
    return None


def _is_label(text: str) -> bool:
    norm = normalise_text(text)
    short = 0 < len(norm) <= LABEL
    return short and parse_value(norm).kind != "number" and not is_instruction(norm)


def blank_scores(sheet: SheetGrid | None, form: AnyForm, score: FormScore | None) -> list[Finding]:
    """JX310: the 执行率得分 cell left blank; JX311: the 总分 cell of the 合计 / 总分 row left
    blank (each where the form has that cell, and it holds no formula)."""
    if sheet is None or score is None or not sheet.formulas_seen:
        return []  # where formulas are unseen a blank may be a formula showing nothing
    out: list[Finding] = []
    funding = getattr(form, "funding", None)
    cell = funding.cells.get("score") if funding is not None else None
    if _blank(sheet, cell) and funding.score is None and score.execution_score is not None:  # type: ignore[union-attr]
        out.append(finding("JX310", form.sheet, cell, computed=_fmt(score.execution_score)))
    cell = form.cells.get("total")
    if _blank(sheet, cell) and getattr(form, "total", "") is None:
        note = (
            f"按规则计算为 {_fmt(score.total)}"
            if score.total is not None
            else "各项得分尚未齐全，按规则也算不出"
        )
        out.append(finding("JX311", form.sheet, cell, label=_row_label(sheet, cell), note=note))
    return out


def _blank(sheet: SheetGrid, cell: str | None) -> bool:
    if not cell or cell in sheet.formulas:
        return False
    value = sheet.get(cell)
    return value is None or (isinstance(value, str) and not value.strip())


def _row_label(sheet: SheetGrid, cell: str) -> str:
    """The label of a total row (合计, 总分), read from its first filled cell."""
    row = int("".join(ch for ch in cell if ch.isdigit())) - 1
    for value in sheet.values[row] if row < sheet.n_rows else []:
        if isinstance(value, str) and value.strip():
            text = normalise_text(value)
            return text if len(text) <= 6 else "总分"
    return "总分"


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")

"""Self-evaluations as a clerk types them, each with a plainly typed twin.

Every book holds the same indicators (all four self-evaluation templates); what changes is
how each number is typed: ``92%``, ``1,200``, ``'95`` (text), ``９５`` (full-width),
``=46+46`` (a formula), ``92 `` (a trailing space), ``=92/100`` (a fraction of 100%).
Its twin types the same figures plainly (``92``), so a finding the typed book has and
the twin lacks can only come from how the value was stored. Books differ in which
spelling each cell gets (every spelling lands in every column over the styles), in
blank against 0, and in the 完成档次 chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
from differential_cases import FULL_WIDTH, FUNDING, KINDS, TEMPLATES
from typing_office import Typing

from addin.core.forms import FORMS
from addin.core.forms.spec import column_offsets
from addin.core.models import FormKind
from addin.workbook.grid import cell_ref, parse_range, parse_ref

STYLES = 4  # books per template, each a different rotation of the spellings
# name fields the merge tells the units apart by, typed per book
NAME_FIELDS = ("项目名称", "部门名称", "实施单位", "预算单位", "主管部门")
TYPED_DATE = "2024/3/5"  # a date in 填报日期: Calc stores a date serial with a date format


@dataclass(frozen=True)
class Indicator:
    """One indicator in its canonical figures (numbers in the unit of 度量单位)."""

    level1: str
    level2: str
    name: str
    op: str
    target: float | str
    unit: str | None
    actual: float | str | None
    points: float
    band: str | None = None
    self_score: float | None = None


INDICATORS = (
    Indicator("产出指标", "数量指标", "培训人次", "≥", 1200, "人次", 1150, 15),
    Indicator("产出指标", "质量指标", "验收合格率", "≥", 95, "%", 92, 20),
    Indicator("产出指标", "时效指标", "完成及时率", "＝", 100, "%", 100, 10),
    Indicator("效益指标", "社会效益指标", "政策知晓率", "≥", 90, "%", 93.5, 15),
    Indicator("效益指标", "社会效益指标", "服务质量", "定性", "有效", None, "有效", 10, "达成", 9),
    Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%", None, 10),
    Indicator("产出指标", "数量指标", "维修费用", "≤", 1234.5, "万元", 1100, 10),
)


def plain(x: float) -> str:
    return f"{x:g}"


def _split(x: float) -> str:
    half = int(x // 2)
    return f"={half}+{plain(round(x - half, 6))}"


def spellings(x: float, unit: str | None, actual: bool, text: bool = True) -> list[str]:
    """Every way a clerk may type ``x`` into a number cell whose 度量单位 is ``unit``.

    ``text`` False leaves out the number typed as text (``'95``): the templates' 分值 and
    资金 formulas take numbers only (see the README, 按设计不一致).
    """
    out = [plain(x), "'" + plain(x), plain(x).translate(FULL_WIDTH), _split(x), plain(x) + " "]
    if not text:
        out.remove("'" + plain(x))
    if unit == "%":
        out += [f"{plain(x)}%", f"={plain(x)}/100" if actual else f"{plain(x)}%"]
    if x >= 1000:  # a thousands separator first: every style meets one
        out.insert(0, f"{x:,.0f}" if x == int(x) else f"{x:,.1f}")
    return out


@dataclass
class TypedBook:
    kind: FormKind
    style: int
    typed: Typing  # the spellings
    twin: Typing  # the same figures typed plainly


def _table(kind: FormKind) -> tuple[str, int, int, dict[str, int]]:
    """(sheet, first data row, first column, column key -> offset), 1-based."""
    book = openpyxl.load_workbook(TEMPLATES / f"{kind.value}.xlsx", read_only=True)
    sheet, _, ref = book.defined_names["指标表"].attr_text.rpartition("!")
    book.close()
    r1, c1, _, _ = parse_range(ref.replace("$", ""))
    spec = FORMS[kind]
    offsets = {k: v[0] for k, v in column_offsets(spec, spec.table("indicators")).items()}
    return sheet.strip("'"), r1 + 2, c1 + 1, offsets


def _names(kind: FormKind) -> dict[str, str]:
    book = openpyxl.load_workbook(TEMPLATES / f"{kind.value}.xlsx", read_only=True)
    out = {}
    for name, defined in book.defined_names.items():
        _, _, ref = defined.attr_text.rpartition("!")
        out[name] = ref.replace("$", "").split(":")[0]
    book.close()
    return out


def _number(x: float, unit: str | None, actual: bool, pick: int, text: bool = True) -> str:
    options = spellings(x, unit, actual, text)
    return options[pick % len(options)]


def _fill(kind: FormKind, style: int, typed: bool, path: Path, name: str) -> Typing:
    sheet, first, col, offsets = _table(kind)
    names = _names(kind)
    book = Typing(path, name)

    def at(key: str, row: int) -> str:
        return cell_ref(first - 1 + row, col - 1 + offsets[key])

    for field in NAME_FIELDS:
        if field in names:
            book.type(sheet, names[field], f"{field}{kind.value}{style}")
    budget, spent = FUNDING[kind]
    figures = ((budget, 1234.5 * (style + 1)), (spent, 1080.5 * (style + 1) - 100 * style))
    for n, (field, value) in enumerate(figures):
        book.type(sheet, names[field], _number(value, None, True, style + n, False) if typed
                  else plain(value))  # fmt: skip
    if "填报日期" in names:
        book.type(sheet, names["填报日期"], TYPED_DATE if typed else "'" + TYPED_DATE)
    for i, ind in enumerate(INDICATORS):
        pick = style * 3 + i
        for key in ("level1", "level2", "name", "op", "unit"):
            book.type(sheet, at(key, i), getattr(ind, key))
        if isinstance(ind.target, str):
            book.type(sheet, at("target", i), ind.target)
        else:
            book.type(sheet, at("target", i), _number(ind.target, ind.unit, False, pick)
                      if typed else plain(ind.target))  # fmt: skip
        actual = ind.actual
        if actual is None and style % 2:
            actual = 0.0  # blank in even styles, 0 typed in odd ones
        if isinstance(actual, str):
            book.type(sheet, at("actual", i), actual)
        elif actual is not None:
            book.type(sheet, at("actual", i), _number(actual, ind.unit, True, pick + 1)
                      if typed else plain(actual))  # fmt: skip
        book.type(sheet, at("points", i), _number(ind.points, None, False, pick + 2, False)
                  if typed else plain(ind.points))  # fmt: skip
        if ind.band:
            band = ("达成", "部分达成", "达成", "未达成")[style]
            book.type(sheet, at("band", i), band)
            score = {"达成": 9, "部分达成": 7, "未达成": 2}[band]
            book.type(sheet, at("score", i), _number(score, None, False, pick, False) if typed
                      else plain(score))  # fmt: skip
    return book


def typed_books() -> list[TypedBook]:
    """Every template × every style, typed and plain."""
    out = []
    for kind in KINDS:
        source = TEMPLATES / f"{kind.value}.xlsx"
        for style in range(STYLES):
            out.append(TypedBook(
                kind, style,
                _fill(kind, style, True, source, f"{kind.value}_{style}"),
                _fill(kind, style, False, source, f"{kind.value}_{style}_plain"),
            ))  # fmt: skip
    return out


__all__ = ["INDICATORS", "TypedBook", "parse_ref", "typed_books"]


def designed_book() -> Typing:
    """A book with a row that differs from the template by design (docs/formulas.md,
    按设计不一致), a 定性 row without 完成档次; beside it a sign before the number in
    指标值 and in 实际完成值, which both read."""
    kind = FormKind.PROJECT_SELF
    sheet, first, col, offsets = _table(kind)
    names = _names(kind)
    book = Typing(TEMPLATES / f"{kind.value}.xlsx", "designed")
    book.type(sheet, names["项目名称"], "按设计不一致")
    for field, value in zip(FUNDING[kind], ("1,000", "900"), strict=True):
        book.type(sheet, names[field], value)
    rows = (
        ("产出指标", "质量指标", "验收合格率", "≥", "≥95%", "%", "96%", "30"),
        ("产出指标", "数量指标", "培训人次", "≥", "1200", "人次", "≥1300", "30"),
        ("效益指标", "社会效益指标", "服务质量", "定性", "有效", None, "有效", "30"),
    )
    keys = ("level1", "level2", "name", "op", "target", "unit", "actual", "points")
    for i, row in enumerate(rows):
        for key, text in zip(keys, row, strict=True):
            book.type(sheet, cell_ref(first - 1 + i, col - 1 + offsets[key]), text)
    return book

"""Generated self-evaluations filled into the four templates as Excel stores input.

A clerk's typing becomes cell values the way Excel keeps them: ``92%`` is 0.92 with a
percent number format, ``13.5`` typed into a text cell is the string "13.5", dropdown
choices are their text. hypothesis draws the rows (fixed seeds: the same books every
run); :func:`write_book` puts them into a copy of a template with openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from addin.core.forms import FORMS
from addin.core.forms.spec import column_offsets
from addin.core.models import FormKind
from addin.workbook.grid import parse_range, parse_ref

TEMPLATES = Path(__file__).resolve().parents[1] / "workbook_templates"
KINDS = (FormKind.PROJECT_SELF, FormKind.DEPT_SELF, FormKind.SC_PROJECT_SELF, FormKind.SC_DEPT_SELF)
# defined names the budget and the spending are typed into
FUNDING = {
    FormKind.PROJECT_SELF: ("财政拨款预算", "财政拨款执行"),
    FormKind.DEPT_SELF: ("一般公共预算", "全年执行数"),
    FormKind.SC_PROJECT_SELF: ("财政拨款", "全年执行数"),
    FormKind.SC_DEPT_SELF: ("财政拨款", "全年执行数"),
}
LEVELS = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
)
BANDS = ("达成", "部分达成", "未达成")
QUAL_TARGETS = ("有效", "健全", "提高", "及时", "规范")
QUAL_ACTUALS = (
    "有效", "健全", "已完成", "基本完成", "未达标", "不满意", "无明显改善", "未提高",
    "不及时", "不到位", "不规范", "尚未完成", "正在推进", "效果显著",
)  # fmt: skip
PERCENT = "0%"

# disagreements by design (named in the README):
# the template scores 定性 rows by the 完成档次 chosen; without one it shows 请选择完成档次
# and takes only the clerk's own score, while the engine judges the words
QUAL_WITHOUT_BAND = "qual_without_band"
# a sign or a unit typed inside the 指标值 / 实际完成值 cell (≥95、13.5万元、1万人): the
# template's formulas want the number alone and say so; the engine reads the text
VALUE_WITH_SIGN_OR_UNIT = "value_with_sign_or_unit"


@dataclass
class Cell:
    """A cell as Excel stores it: the value and, for a number, its number format."""

    value: str | float | int | None
    fmt: str | None = None


@dataclass
class Row:
    level1: str
    level2: str
    name: str
    op: str | None
    target: Cell
    unit: str | None
    actual: Cell
    band: str | None
    points: Cell
    self_score: Cell
    design: str | None = None  # a disagreement by design, if the row is one
    klass: str | None = None  # the class of clerk input the row was drawn for

    def cells(self) -> dict[str, Cell]:
        return {
            "level1": Cell(self.level1),
            "level2": Cell(self.level2),
            "name": Cell(self.name),
            "op": Cell(self.op),
            "target": self.target,
            "unit": Cell(self.unit),
            "actual": self.actual,
            "band": Cell(self.band),
            "points": self.points,
            "score": self.self_score,
        }


@dataclass
class Book:
    kind: FormKind
    budget: float
    spent: float
    rows: list[Row] = field(default_factory=list)
    money_as_text: tuple[bool | str, bool | str] = (False, False)  # as text ("20"), or with a unit

    @property
    def designed(self) -> bool:
        """Whether a row of this book is a disagreement by design (totals then differ)."""
        return any(r.design for r in self.rows)


FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _spell(number: float, how: str, unit: str | None) -> Cell:
    """``number`` (in the unit of the 度量单位 column) as a clerk may type it."""
    shown = f"{number:g}"
    if how == "percent_format" and unit == "%":
        return Cell(round(number / 100, 6), PERCENT)
    if how == "text":
        return Cell(shown)
    if how == "full_width":
        return Cell(shown.translate(FULL_WIDTH))
    if how == "text_percent" and unit == "%":
        return Cell(f"{shown}%")
    return Cell(number)


_HOW = st.sampled_from(
    ("number", "number", "percent_format", "percent_format", "text", "full_width", "text_percent")
)
_NUMBER = st.one_of(
    st.integers(0, 300).map(float),
    st.decimals(0, 300, places=1).map(float),
)


@st.composite
def quantitative_row(draw: st.DrawFn, index: int, designed: bool) -> Row:
    level1, level2 = draw(st.sampled_from(LEVELS))
    unit = draw(st.sampled_from(("%", "%", "%", "人", "万人", "万元", "天", "件", None)))
    points = Cell(draw(st.sampled_from((5, 10, 10, 15, 20, 2.5))))
    band = draw(st.one_of(st.none(), st.sampled_from(BANDS)))
    self_score = Cell(draw(st.one_of(st.none(), st.integers(0, 5))))
    shapes = ("≥", "≤", "＝", "＞", "＜", "range", "range") + (("sign_inside",) if designed else ())
    shape = draw(st.sampled_from(shapes))
    design = None
    if shape == "range":
        low = draw(st.integers(0, 150))
        high = low + draw(st.integers(1, 100))
        op = draw(st.sampled_from((None, "＝")))
        sep = draw(st.sampled_from(("-", "－")))
        # the ends as typed: bare, or with the row's own unit (or %) after each or the last
        ends = draw(st.sampled_from(("bare", "bare", "last", "each"))) if unit else "bare"
        after = unit if ends != "bare" else ""
        target = Cell(f"{low}{after if ends == 'each' else ''}{sep}{high}{after}")
    elif shape == "sign_inside":
        op = draw(st.sampled_from((None, "≥")))
        number = draw(_NUMBER)
        spellings = (f"≥{number:g}%", f"{number:g}万元", f"{number:g}万人")
        target = Cell(draw(st.sampled_from(spellings)))
        design = VALUE_WITH_SIGN_OR_UNIT
    else:
        op = shape
        target = _spell(draw(_NUMBER), draw(_HOW), unit)
    kinds = ("number", "number", "number", "fraction", "blank")
    kinds += ("with_unit",) if designed else ()
    kind = draw(st.sampled_from(kinds))
    if kind == "blank":
        actual = Cell(None)
    elif kind == "fraction" and unit == "%":
        actual = Cell(draw(st.decimals(0, 1, places=2).map(float)))  # 0.92 typed for 92%
    elif kind == "with_unit" and unit in ("人", "万元"):
        actual = Cell(f"{draw(_NUMBER):g}{'万人' if unit == '人' else '元'}")
        design = VALUE_WITH_SIGN_OR_UNIT
    else:
        actual = _spell(draw(_NUMBER), draw(_HOW), unit)
    return Row(level1, level2, f"指标{index}", op, target, unit, actual, band, points, self_score,
               design)  # fmt: skip


@st.composite
def qualitative_row(draw: st.DrawFn, index: int, designed: bool) -> Row:
    level1, level2 = draw(st.sampled_from(LEVELS[3:]))
    points = draw(st.sampled_from((5, 10, 10, 20)))
    bands = st.sampled_from(BANDS)
    band = draw(st.one_of(st.none(), bands) if designed else bands)
    score = draw(st.one_of(st.none(), st.integers(0, points), st.decimals(0, points, places=1)))
    target = draw(st.sampled_from(QUAL_TARGETS))
    actual = draw(st.sampled_from((*QUAL_ACTUALS, target, None)))
    op = draw(st.sampled_from(("定性", "定性", None)))
    design = QUAL_WITHOUT_BAND if band is None and actual is not None else None
    return Row(level1, level2, f"指标{index}", op, Cell(target), None, Cell(actual), band,
               Cell(points), Cell(float(score) if score is not None else None), design)  # fmt: skip


@st.composite
def book(draw: st.DrawFn, kind: FormKind) -> Book:
    size = len(_table_rows(kind))
    n = draw(st.integers(4, min(size, 10)))
    designed = draw(st.booleans())  # whether rows may disagree by design
    rows = []
    for i in range(n):
        strategy = draw(st.sampled_from((quantitative_row, quantitative_row, qualitative_row)))
        rows.append(draw(strategy(i + 1, designed)))
    if draw(st.integers(0, 9)) == 0:  # now and then a row without points
        rows[0].points = Cell(None)
    budget = float(draw(st.integers(1, 500)))
    spent = round(budget * draw(st.decimals(0, "1.2", places=3).map(float)), 2)
    return Book(kind, budget, spent, rows)


def generate(per_kind: int) -> list[Book]:
    """``per_kind`` books of each of the four templates, the same on every run.

    hypothesis begins with the simplest examples; drawing five times as many and keeping
    every fifth distinct one spreads the books over the whole space.
    """
    books: list[Book] = []
    for number, kind in enumerate(KINDS):
        distinct = list(_draw(kind, per_kind * 5, 20261 + number).values())
        step = max(1, len(distinct) // per_kind)
        books += distinct[::step][-per_kind:]
    return books


def _draw(kind: FormKind, examples: int, fixed_seed: int) -> dict[str, Book]:
    """Distinct books hypothesis draws for ``kind`` from a fixed seed."""
    drawn: dict[str, Book] = {}

    @seed(fixed_seed)
    @settings(
        max_examples=examples,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(book(kind))
    def collect(b: Book) -> None:
        drawn.setdefault(repr(b), b)

    collect()
    return drawn


def _table_rows(kind: FormKind) -> range:
    book = openpyxl.load_workbook(TEMPLATES / f"{kind.value}.xlsx", read_only=True)
    _, _, ref = book.defined_names["指标表"].attr_text.rpartition("!")
    r1, _, r2, _ = parse_range(ref.replace("$", ""))
    book.close()
    return range(r1, r2 + 1)


def write_book(b: Book, path: Path) -> Path:
    """The book typed into a copy of its template, saved as ``path``."""
    spec = FORMS[b.kind]
    table = spec.table("indicators")
    wb = openpyxl.load_workbook(TEMPLATES / f"{b.kind.value}.xlsx")
    sheet_name, _, ref = wb.defined_names["指标表"].attr_text.rpartition("!")
    ws = wb[sheet_name.strip("'")]
    r1, c1, _, _ = parse_range(ref.replace("$", ""))
    offsets = column_offsets(spec, table)
    for i, row in enumerate(b.rows):
        for key, cell in row.cells().items():
            target = ws.cell(r1 + i + 1, c1 + offsets[key][0] + 1)
            target.value = cell.value
            if isinstance(cell.value, str):
                target.data_type = "s"  # text stays text, even "13.5"
            if cell.fmt:
                target.number_format = cell.fmt
    budget_name, spent_name = FUNDING[b.kind]
    typed = zip((budget_name, spent_name), (b.budget, b.spent), b.money_as_text, strict=True)
    for name, value, as_text in typed:
        _, _, at = wb.defined_names[name].attr_text.rpartition("!")
        r, c = parse_ref(at.replace("$", "").split(":")[0])
        cell = ws.cell(r + 1, c + 1)
        # as text: the number alone, or with a money unit ("20万元", "200000元")
        suffix = as_text if isinstance(as_text, str) else ""
        shown = value * 10000 if suffix == "元" else value
        cell.value = f"{shown:.12g}{suffix}" if as_text else value
        if as_text:
            cell.data_type = "s"
    wb.save(path)
    return path


# --- classes of clerk input the templates once got wrong ---------------------------------
# each class draws its own rows; the rows of a class must score the same in the template,
# the engine and JX_SCORE, or (designed) the template names the reason in 提示

DATE_FORMATS = ('m"月"d"日"', "m/d", "yyyy/m/d", "mm-dd", "yyyy-mm-dd")
PASTED_SIGNS = {
    "≥": (">=", "≧", " ≥", "≥ ", "大于等于", "不低于", "=>", "＞＝"),
    "≤": ("<=", "≦", " ≤ ", "小于等于", "不超过", "=<"),
    "＞": (">", "大于", " > "),
    "＜": ("<", "小于", "< "),
    "＝": ("=", "等于", " = ", "=="),
}
SPACES = (" ", "  ", "\u3000")
PARTIAL_WORDS = ("基本达标", "部分完善", "大部分完成", "初步建立健全", "逐步规范", "有所提升",
                 "基本有效", "部分达成")  # fmt: skip
# a sign or a unit the row's 度量单位 does not have, typed in the actual cell: a unit of the
# same kind both convert (the engine names the cell, JX610); a sign or an incomparable unit
# the template shows in 提示 and leaves 得分 to the clerk, the engine reads (JX604, JX606)
SIGN_OR_OTHER_UNIT_IN_ACTUAL = "sign_or_other_unit_in_actual"
# an 指标性质 spelling neither side knows: the template says 无法识别 and gives no score;
# the engine infers the sign from the row (JX508 names the cell)
UNKNOWN_OP = "unknown_op"
UNKNOWN_SPELLINGS = ("约", "大概", "左右", "区间", "介于", "±", "≈", "正负")
CLASSES = ("date", "pasted_sign", "spaces", "text_number", "zero_points", "unit_in_actual",
           "partial_word", "unknown_op")  # fmt: skip


def _date(draw: st.DrawFn) -> Cell:
    """What Excel stores for a typed "3-5" or "1/2": a date with a date format."""
    from datetime import datetime

    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    return Cell(datetime(2026, month, day), draw(st.sampled_from(DATE_FORMATS)))


def _padded(draw: st.DrawFn, text: str) -> str:
    before, after = draw(st.sampled_from(("", *SPACES))), draw(st.sampled_from(SPACES))
    return before + text + after


@st.composite
def class_row(draw: st.DrawFn, index: int, klass: str) -> Row:
    """One row of ``klass``, on top of an ordinary row of its kind."""
    qualitative = klass == "partial_word" or (
        klass in ("spaces", "text_number", "zero_points", "unknown_op") and draw(st.booleans())
    )
    row = draw(qualitative_row(index, False) if qualitative else quantitative_row(index, False))
    row.klass = klass
    if qualitative:
        row.band = draw(st.sampled_from(BANDS))
    if klass == "date":
        where = draw(st.sampled_from(("target", "actual")))
        setattr(row, where, _date(draw))
        if where == "target" and row.op is None:
            row.op = "≥"
    elif klass == "pasted_sign":
        standard = draw(st.sampled_from(sorted(PASTED_SIGNS)))
        row.op = draw(st.sampled_from(PASTED_SIGNS[standard]))
        row.target = _spell(draw(_NUMBER), draw(_HOW), row.unit)
    elif klass == "spaces":
        if qualitative:
            row.band = _padded(draw, row.band or "达成")
            row.op = draw(st.sampled_from((None, _padded(draw, "定性"))))
        else:
            row.op = _padded(draw, row.op or "≥")
            row.target = _spell(draw(_NUMBER), draw(_HOW), row.unit)
    elif klass == "text_number":
        points = row.points.value if isinstance(row.points.value, (int, float)) else 10
        row.points = Cell(draw(st.sampled_from((f"{points:g}", f"{points:g}分", f" {points:g} "))))
        if qualitative:
            score = draw(st.integers(0, int(points)))
            row.self_score = Cell(draw(st.sampled_from((f"{score}", f"{score} "))))
    elif klass == "zero_points":
        row.points = Cell(0)
    elif klass == "unit_in_actual":
        number = draw(_NUMBER)
        own = draw(st.sampled_from(("own", "other", "own")))
        if row.unit not in (None, "%") and own == "own":
            row.actual = Cell(f"{number:g}{row.unit}")  # the row's own unit: read
        else:
            other = draw(st.sampled_from(("≥", "元", "万人", "期", "周", "千元")))
            text = f"≥{number:g}" if other == "≥" else f"{number:g}{other}"
            if other == row.unit:
                text = f"≥{number:g}"
            row.actual = Cell(text)
            row.design = SIGN_OR_OTHER_UNIT_IN_ACTUAL
    elif klass == "unknown_op":
        row.op = _padded(draw, draw(st.sampled_from(UNKNOWN_SPELLINGS)))
        row.design = UNKNOWN_OP
    elif klass == "partial_word":
        row.actual = Cell(draw(st.sampled_from(PARTIAL_WORDS)))
        if draw(st.booleans()):
            row.band = None
            row.design = QUAL_WITHOUT_BAND
    return row


@st.composite
def class_book(draw: st.DrawFn, kind: FormKind, klass: str) -> Book:
    """A book whose rows are mostly of ``klass``, among ordinary ones."""
    size = len(_table_rows(kind))
    n = draw(st.integers(4, min(size, 8)))
    rows = []
    for i in range(n):
        if draw(st.integers(0, 3)) == 3:  # now and then an ordinary row among them
            strategy = draw(st.sampled_from((quantitative_row, qualitative_row)))
            row = draw(strategy(i + 1, False))
            if row.band is None and row.op == "定性":
                row.band = "达成"
            if row.design == QUAL_WITHOUT_BAND:
                row.band, row.design = "达成", None
            rows.append(row)
        else:
            rows.append(draw(class_row(i + 1, klass)))
    budget = float(draw(st.integers(1, 500)))
    spent = round(budget * draw(st.decimals(0, "1.2", places=3).map(float)), 2)
    as_text = (False, False)
    if klass == "text_number":
        typed = st.sampled_from((False, True, "万元", "元"))
        as_text = (draw(typed), draw(typed))
    return Book(kind, budget, spent, rows, as_text)


def generate_classes(per_class: int) -> list[Book]:
    """``per_class`` books of every class for each of the four templates (fixed seeds)."""
    books: list[Book] = []
    for number, kind in enumerate(KINDS):
        for k, klass in enumerate(CLASSES):
            drawn = _draw_class(kind, klass, per_class * 3, 31000 + 100 * number + k)
            distinct = list(drawn.values())
            books += distinct[:: max(1, len(distinct) // per_class)][-per_class:]
    return books


def _draw_class(kind: FormKind, klass: str, examples: int, fixed_seed: int) -> dict[str, Book]:
    drawn: dict[str, Book] = {}

    @seed(fixed_seed)
    @settings(max_examples=examples, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)  # fmt: skip
    @given(class_book(kind, klass))
    def collect(b: Book) -> None:
        drawn.setdefault(repr(b), b)

    collect()
    return drawn

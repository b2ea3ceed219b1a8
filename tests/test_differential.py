"""The engine against the templates' own formulas, on generated rows typed as in Excel.

hypothesis draws self-evaluations (every sign, units, spellings, percent-formatted
numbers, text numbers, bands, blanks) for the four self-evaluation templates; the books
are written as Excel stores input, recalculated by LibreOffice in one call, and read
back. Every row's 得分 and each book's 执行率, 执行率得分, 总分 and 等级 must equal what
``jixiao score`` computes from the same file, within 0.01.

A second set of books is drawn class by class (dates, pasted signs, spaces, text numbers,
zero points, units in the actual cell, partial words): there JX_SCORE, called with Ranges
that carry number formats, must agree too, no error value may appear anywhere, and a row
left without a score must say why in 提示.

Three disagreements are by design (docs/formulas.md): a 定性 row without 完成档次, a sign
or another unit typed inside a number cell, and an 指标性质 spelling neither knows. For
those rows the template must give a reason in 提示 and the engine a finding on the same
cell (JX611 on 完成档次; JX604/JX606/JX610 on the number; JX508 on 指标性质), and the
book's totals are left out of the comparison.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from differential_cases import (
    CLASSES,
    DATE_FORMATS,
    QUAL_WITHOUT_BAND,
    SIGN_OR_OTHER_UNIT_IN_ACTUAL,
    UNKNOWN_OP,
    VALUE_WITH_SIGN_OR_UNIT,
    Book,
    Row,
    write_book,
)
from templates_support import error_cells, named
from test_udfs import FakeRange

from addin.core.forms import FORMS
from addin.core.forms.formulas import UNSCORABLE
from addin.core.profiles import load_profile
from addin.core.scoring import FormScore, IndicatorScore, score_form
from addin.reader.template import read_template, table_rows
from addin.rules import check_form
from addin.templates.lo import recalculate
from addin.workbook.files import read_grid
from udfs import JX_SCORE

PER_KIND = 20  # 4 templates × 20 books × 4–10 rows
PER_CLASS = 3  # 4 templates × 7 classes × 3 books × 4–8 rows
TOLERANCE = 0.01
NUMBER_HINT = "指标值应为数字或“下限-上限”"
NO_POINTS_HINT = "未填分值：本行不计分"
CHOOSE_SIGN_HINT = "请选择指标性质"
# what the engine says on a number cell whose text the template's formulas cannot read
TARGET_FINDINGS = ("JX610", "JX506", "JX504", "JX106")
ACTUAL_FINDINGS = ("JX604", "JX606", "JX610", "JX106")


def _generated() -> list[Book]:
    """The books, drawn in a fresh interpreter: hypothesis draws other examples from the
    same seeds once other test modules are imported, and the books must be the same
    whichever tests run beside this one."""
    code = (
        "import pickle, sys; sys.path.insert(0, sys.argv[1]);"
        "from differential_cases import generate, generate_classes as classes;"
        f"sys.stdout.buffer.write(pickle.dumps(generate({PER_KIND}) + classes({PER_CLASS})))"
    )
    tests = str(Path(__file__).parent)
    done = subprocess.run([sys.executable, "-c", code, tests], capture_output=True, check=True)
    return pickle.loads(done.stdout)  # our own books, drawn just now


@pytest.fixture(scope="module")
def all_books(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Book, Path]]:
    """(generated book, the file LibreOffice recalculated and saved) for every book: the
    general ones and those of each class, recalculated in one LibreOffice start."""
    folder = tmp_path_factory.mktemp("differential")
    generated = _generated()
    paths = [write_book(b, folder / f"book{i:03d}.xlsx") for i, b in enumerate(generated)]
    outputs = recalculate(paths, folder / "recalculated")
    return list(zip(generated, outputs, strict=True))


@pytest.fixture(scope="module")
def books(all_books: list[tuple[Book, Path]]) -> list[tuple[Book, Path]]:
    """The general books (no class of their own)."""
    return [(b, p) for b, p in all_books if not any(r.klass for r in b.rows)]


@pytest.fixture(scope="module")
def class_books(all_books: list[tuple[Book, Path]]) -> list[tuple[Book, Path]]:
    return [(b, p) for b, p in all_books if any(r.klass for r in b.rows)]


def _engine(path: Path) -> tuple[FormScore, dict]:
    """The engine's score of a recalculated book, and the template's rows by name cell."""
    grid = read_grid(path)
    (form,) = read_template(grid)
    spec = FORMS[form.form]
    score = score_form(form, spec.profile)
    rows = {r["name"][0]: r for r in table_rows(grid, spec, spec.table("indicators"))}
    return score, {"grid": grid, "rows": rows}


def _close(engine: float | None, formula: object) -> bool:
    if engine is None:
        return formula in (None, "")
    return isinstance(formula, (int, float)) and abs(engine - formula) <= TOLERANCE


def test_at_least_300_rows_over_the_four_templates(books):
    kinds = {b.kind for b, _ in books}
    assert len(kinds) == 4
    assert sum(len(b.rows) for b, _ in books) >= 300
    designed = [r.design for b, _ in books for r in b.rows if r.design]
    assert QUAL_WITHOUT_BAND in designed and VALUE_WITH_SIGN_OR_UNIT in designed
    assert len(designed) < sum(len(b.rows) for b, _ in books) / 3


def _row_agrees(
    ind: IndicatorScore, template_row: dict, design: str | None, on_cell: set[tuple[str, str]]
) -> str | None:
    """None when the row agrees (or disagrees exactly as designed: the template gives a
    reason in 提示 and the engine a finding on the cell it cannot take), else what differs."""
    formula = template_row["calc"][1]
    hint = template_row["hint"][1]

    def named(field: str, codes: tuple[str, ...]) -> bool:
        return bool({(template_row[field][0], c) for c in codes} & on_cell)

    if hint == CHOOSE_SIGN_HINT and formula in (None, ""):
        # 指标性质 left blank before a plain number: the template asks for it; the engine
        # infers the sign from the indicator's kind and says so on the 指标性质 cell
        return None if named("op", ("JX507",)) else "no JX507 on the 指标性质 cell"

    if design == QUAL_WITHOUT_BAND:
        # the template waits for a band (or, with no 指标性质, for a number); the engine
        # decided by the words, or asks a person and then agrees
        if hint not in ("请选择完成档次", NUMBER_HINT, NO_POINTS_HINT):
            return f"hint {hint!r}"
        if ind.status == "review" and not _close(ind.score, formula):
            return f"review: engine {ind.score} formula {formula!r}"
        if hint == "请选择完成档次" and not named("band", ("JX611",)):
            return "no JX611 on the 完成档次 cell"
        return None
    if design == VALUE_WITH_SIGN_OR_UNIT:
        # "≥95%" / "13.5万元" as 指标值: the template asks for the number alone;
        # "8000万人" / "120000元" as 实际完成值: the template gives no ratio score
        if template_row["lo"][1] in (None, ""):
            if hint not in (NUMBER_HINT, NO_POINTS_HINT):
                return f"hint {hint!r}"
            return None if named("target", TARGET_FINDINGS) else "no finding on the 指标值 cell"
        if template_row["a"][1] in (None, "") and template_row["actual"][1] not in (None, ""):
            if isinstance(formula, (int, float)) and not _close(ind.written_score, formula):
                return f"formula scored {formula!r}"
            return None if named("actual", ACTUAL_FINDINGS) else "no finding on the 实际完成值 cell"
        # the template read both (the row's own unit after the number): the same score
        if not _close(ind.score, formula):
            return f"engine {ind.score} ({ind.status}) formula {formula!r}"
        return None
    if not _close(ind.score, formula):
        return f"engine {ind.score} ({ind.status}) formula {formula!r}"
    return None


def _findings_on_cells(book: Book, got: dict) -> set[tuple[str, str]]:
    """(cell, code) of every finding ``jixiao check`` makes on the book."""
    spec = FORMS[book.kind]
    findings, _ = check_form(read_template(got["grid"])[0], load_profile(spec.profile))
    return {(f.cell, f.code) for f in findings if f.cell}


def test_every_row_score_equals_the_formula(books):
    differ = []
    for n, (book, path) in enumerate(books):
        score, got = _engine(path)
        on_cell = _findings_on_cells(book, got)
        by_name = {i.cell: i for i in score.indicators}
        for row in book.rows:
            ref = next(ref for ref, r in got["rows"].items() if r["name"][1] == row.name)
            ind = by_name.get(ref)
            assert ind is not None, (n, row.name)
            problem = _row_agrees(ind, got["rows"][ref], row.design, on_cell)
            if problem:
                differ.append((n, book.kind.value, row.name, row.op, row.target, row.unit,
                               row.actual, row.band, problem))  # fmt: skip
    assert differ == [], "\n".join(map(str, differ))


def test_execution_total_and_grade_equal_the_formulas(books):
    compared = totals = 0
    for n, (book, path) in enumerate(books):
        score, got = _engine(path)
        grid = got["grid"]
        assert _close(score.execution_rate, named(grid, "执行率")), n
        assert _close(score.execution_score, named(grid, "执行得分")), n
        if book.designed:
            continue
        compared += 1
        totals += score.total is not None
        assert _close(score.score, named(grid, "指标得分合计")), n
        assert _close(score.total, named(grid, "总分")), n
        assert (score.grade or None) == (named(grid, "等级") or None), n
    assert compared >= 30 and totals >= 5  # the fixed seeds give 46 and 7


# --- the classes of clerk input, one generator each ---------------------------------------

TOTALS = ("执行率", "执行得分", "指标得分合计", "总分", "等级")


def _udf(row: Row) -> object:
    """JX_SCORE on the row's cells, handed over as Ranges with their number formats."""

    def rng(cell) -> FakeRange:
        return FakeRange(cell.value, cell.fmt or "General")

    cells = row.cells()
    return JX_SCORE(*(rng(cells[k]) for k in ("op", "target", "actual", "points", "unit", "band",
                                               "score")))  # fmt: skip


def _written_within(row: Row) -> float | None:
    """The clerk's own score when it lies between 0 and the points, else None."""
    score, points = row.self_score.value, row.points.value
    numbers = all(isinstance(v, (int, float)) for v in (score, points))
    return float(score) if numbers and 0 <= score <= points else None  # type: ignore[operator]


def _class_differences(book: Book, path: Path) -> list[tuple]:
    """Rows of ``book`` where template, engine and JX_SCORE disagree (beyond the designed)."""
    score, got = _engine(path)
    on_cell = _findings_on_cells(book, got)
    by_cell = {i.cell: i for i in score.indicators}
    out = []
    for row in book.rows:
        ref = next(ref for ref, r in got["rows"].items() if r["name"][1] == row.name)
        ind, template = by_cell[ref], got["rows"][ref]
        formula, hint = template["calc"][1], template["hint"][1]
        udf = _udf(row)
        problem = None
        if row.design == UNKNOWN_OP:  # the UDF says what the template says
            if not (isinstance(udf, str) and "无法识别" in udf):
                problem = f"udf {udf!r}: not the template's reason"
        elif isinstance(udf, float) != (ind.score is not None) or (
            ind.score is not None and abs(udf - ind.score) > TOLERANCE  # type: ignore[operator]
        ):
            problem = f"udf {udf!r} engine {ind.score}"
        if problem:
            pass
        elif row.design == SIGN_OR_OTHER_UNIT_IN_ACTUAL and isinstance(template["a"][1], float):
            # a sign before the number, or another unit the 列表 sheet's unit table converts:
            # read as the engine reads it, and the engine names the cell (JX604, JX610)
            if not _close(ind.score, formula):
                problem = f"read: engine {ind.score} formula {formula!r}"
            elif not {(template["actual"][0], c) for c in ("JX604", "JX610")} & on_cell:
                problem = "no JX604 / JX610 on the actual cell"
        elif row.design == SIGN_OR_OTHER_UNIT_IN_ACTUAL:
            # a sign or an incomparable unit: the template names the reason and takes only
            # the clerk's own score; the engine reads it and names the same cell
            actual_cell = template["actual"][0]
            if not hint or not _close(_written_within(row), formula):
                problem = f"template {formula!r} hint {hint!r}"
            elif not {(actual_cell, c) for c in ACTUAL_FINDINGS} & on_cell:
                problem = "no finding on the actual cell"
        elif row.design == QUAL_WITHOUT_BAND:
            if hint != "请选择完成档次" or ind.status not in ("partial", "missed", "review"):
                problem = f"hint {hint!r} status {ind.status}"
            elif (template["band"][0], "JX611") not in on_cell:
                problem = "no JX611 on the 完成档次 cell"
        elif row.design == UNKNOWN_OP:
            # the template takes only the clerk's own score; the engine infers the sign
            own = _written_within(row) if row.actual.value not in (None, "") else None
            if "无法识别" not in (hint or "") or not _close(own, formula):
                problem = f"template {formula!r} hint {hint!r}"
            elif (template["op"][0], "JX508") not in on_cell:
                problem = "no JX508 on the 指标性质 cell"
        elif not _close(ind.score, formula):
            problem = f"engine {ind.score} ({ind.status}) formula {formula!r} hint {hint!r}"
        elif row.klass == "date":
            date_cell = template["target" if row.target.fmt in DATE_FORMATS else "actual"][0]
            if "日期" not in (hint or "") or (date_cell, "JX106") not in on_cell:
                problem = f"date: hint {hint!r}"
        if problem:
            out.append((book.kind.value, row.klass, row.name, row.op, row.target.value,
                        row.actual.value, row.band, row.points.value, problem))  # fmt: skip
    return out


def test_every_class_is_generated_on_every_template(class_books):
    seen = {(b.kind, r.klass) for b, _ in class_books for r in b.rows if r.klass}
    assert len(seen) == 4 * len(CLASSES)
    assert sum(len(b.rows) for b, _ in class_books) >= 300


def test_each_class_scores_the_same_in_template_engine_and_udf(class_books):
    differ = [d for book, path in class_books for d in _class_differences(book, path)]
    assert differ == [], "\n".join(map(str, differ))


def test_general_rows_score_the_same_in_the_udf(books):
    differ = []
    for book, path in books:
        score, got = _engine(path)
        by_cell = {i.cell: i for i in score.indicators}
        for row in book.rows:
            ref = next(ref for ref, r in got["rows"].items() if r["name"][1] == row.name)
            engine, udf = by_cell[ref].score, _udf(row)
            if (engine is None) != isinstance(udf, str) or (
                engine is not None and abs(engine - udf) > TOLERANCE  # type: ignore[operator]
            ):
                differ.append((book.kind.value, row.name, row.target.value, row.actual.value,
                               engine, udf))  # fmt: skip
    assert differ == [], "\n".join(map(str, differ))


def test_no_error_reaches_a_total_and_totals_agree(all_books):
    compared = unscorable = 0
    for n, (book, path) in enumerate(all_books):
        score, got = _engine(path)
        grid = got["grid"]
        values = {name: named(grid, name) for name in TOTALS}
        # read as LibreOffice saved them (the engine's reader blanks error values)
        assert error_cells(path) == [], n
        assert _close(score.execution_rate, values["执行率"]), (n, values)
        filled_unscorable = any(r["ok"][1] == 0 for r in got["rows"].values())
        if filled_unscorable:  # a filled row the template cannot score: it says so
            unscorable += 1
            assert values["指标得分合计"] == UNSCORABLE and values["总分"] == UNSCORABLE, n
            assert values["等级"] in (None, ""), n
        if book.designed:
            continue
        assert not filled_unscorable or score.total is None, n
        compared += 1
        if not filled_unscorable:
            assert _close(score.score, values["指标得分合计"]), (n, values)
            assert _close(score.total, values["总分"]), (n, values)
        assert (score.grade or None) == (values["等级"] or None), n
    assert compared >= 60 and unscorable >= 5


def test_a_row_without_a_score_says_why(all_books):
    silent = []
    for n, (book, path) in enumerate(all_books):
        _, got = _engine(path)
        for ref, row in got["rows"].items():
            filled = row["actual"][1] not in (None, "") and row["name"][1] not in (None, "")
            if filled and row["calc"][1] in (None, "") and not row["hint"][1]:
                silent.append((n, book.kind.value, ref))
    assert silent == []

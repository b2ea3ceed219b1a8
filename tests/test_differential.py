"""The engine against the templates' own formulas, on generated rows typed as in Excel.

hypothesis draws self-evaluations (every sign, units, spellings, percent-formatted
numbers, text numbers, bands, blanks) for the four self-evaluation templates; the books
are written as Excel stores input, recalculated by LibreOffice in one call, and read
back. Every row's 得分 and each book's 执行率, 执行率得分, 总分 and 等级 must equal what
``jixiao score`` computes from the same file, within 0.01.

Two disagreements are by design (see README, 计分规则): a 定性 row without 完成档次, and
a sign or unit typed inside a number cell. For those rows the test asserts what each
side does instead, and leaves the book's totals out of the comparison.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from differential_cases import (
    QUAL_WITHOUT_BAND,
    VALUE_WITH_SIGN_OR_UNIT,
    Book,
    generate,
    write_book,
)
from templates_support import named

from addin.core.forms import FORMS
from addin.core.scoring import FormScore, IndicatorScore, score_form
from addin.reader.template import read_template, table_rows
from addin.templates.lo import recalculate
from addin.workbook.files import read_grid

PER_KIND = 20  # 4 templates × 20 books × 4–10 rows
TOLERANCE = 0.01
NUMBER_HINT = "指标值应为数字或“下限-上限”"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Book, Path]]:
    """(generated book, the file LibreOffice recalculated and saved) for every book."""
    folder = tmp_path_factory.mktemp("differential")
    generated = generate(PER_KIND)
    paths = [write_book(b, folder / f"book{i:03d}.xlsx") for i, b in enumerate(generated)]
    outputs = recalculate(paths, folder / "recalculated")
    return list(zip(generated, outputs, strict=True))


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


def _row_agrees(ind: IndicatorScore, template_row: dict, design: str | None) -> str | None:
    """None when the row agrees (or disagrees exactly as designed), else what differs."""
    formula = template_row["calc"][1]
    hint = template_row["hint"][1]
    if design == QUAL_WITHOUT_BAND:
        # the template waits for a band (or, with no 指标性质, for a number); the engine
        # decided by the words, or asks a person and then agrees
        if hint not in ("请选择完成档次", NUMBER_HINT):
            return f"hint {hint!r}"
        if ind.status == "review" and not _close(ind.score, formula):
            return f"review: engine {ind.score} formula {formula!r}"
        return None
    if design == VALUE_WITH_SIGN_OR_UNIT:
        # "≥95%" / "13.5万元" as 指标值: the template asks for the number alone;
        # "8000万人" / "120000元" as 实际完成值: the template gives no ratio score
        if template_row["lo"][1] in (None, ""):
            return None if hint == NUMBER_HINT else f"hint {hint!r}"
        if isinstance(formula, (int, float)) and not _close(ind.written_score, formula):
            return f"formula scored {formula!r}"
        return None
    if not _close(ind.score, formula):
        return f"engine {ind.score} ({ind.status}) formula {formula!r}"
    return None


def test_every_row_score_equals_the_formula(books):
    differ = []
    for n, (book, path) in enumerate(books):
        score, got = _engine(path)
        by_name = {i.cell: i for i in score.indicators}
        for row in book.rows:
            ref = next(ref for ref, r in got["rows"].items() if r["name"][1] == row.name)
            ind = by_name.get(ref)
            assert ind is not None, (n, row.name)
            problem = _row_agrees(ind, got["rows"][ref], row.design)
            if problem:
                differ.append((n, book.kind.value, row.name, row.op, row.target, row.unit,
                               row.actual, row.band, problem))  # fmt: skip
    assert differ == []


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
    assert compared >= 30 and totals >= 10

"""Templates recalculated by LibreOffice compute what the engine computes.

All workbooks go through one headless ``soffice`` call. A missing LibreOffice fails
these tests (the fixture raises): CI must install it, see .ci/run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from templates_support import Case, cases, error_cells, named

from addin.core.forms import FORMS
from addin.core.scoring import score_form
from addin.reader.template import marker, table_rows
from addin.templates.lo import recalculate
from addin.workbook.files import read_grid
from addin.workbook.grid import Grid

CASES = cases()
SCORED = [c for c in CASES if c.scored]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Case name -> the workbook as LibreOffice recalculated and saved it."""
    folder = tmp_path_factory.mktemp("templates")
    books = [case.write(folder) for case in CASES]
    outputs = recalculate(books, folder / "recalculated")
    return {case.name: path for case, path in zip(CASES, outputs, strict=True)}


def _close(expected: float | None, actual: object) -> bool:
    if expected is None:
        return actual in (None, "")
    return isinstance(actual, (int, float)) and abs(expected - actual) <= 0.01


def test_libreoffice_runs_all_cases_in_one_call(recalculated):
    assert len(recalculated) == len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_error_values_empty_or_filled(recalculated, case: Case):
    assert error_cells(recalculated[case.name]) == []


@pytest.mark.parametrize("case", SCORED, ids=lambda c: c.name)
def test_scores_equal_the_engine(recalculated, case: Case):
    grid: Grid = read_grid(recalculated[case.name])
    spec, _ = marker(grid)  # type: ignore[misc]
    engine = score_form(case.form, case.profile)
    rows = table_rows(grid, spec, spec.table("indicators"))
    for i, ind in enumerate(engine.indicators):
        got = rows[i]["calc"][1]
        if ind.score is not None:
            assert _close(ind.score, got), (i, ind.name, ind.status, ind.score, got)
        elif ind.status in ("missing", "na", "unreadable"):
            assert got in (None, ""), (i, ind.name, ind.status, got)
    assert _close(engine.execution_rate, named(grid, "执行率"))
    assert _close(engine.execution_score, named(grid, "执行得分"))
    assert _close(engine.score, named(grid, "指标得分合计"))
    assert _close(engine.total, named(grid, "总分"))
    assert (engine.grade or None) == (named(grid, "等级") or None)
    points_name = "权重合计" if spec.profile == "sichuan" else "分值合计"
    assert _close(engine.points, named(grid, points_name))


def test_hand_made_cases_reach_every_branch():
    """The hand-made rows give the scores worked out by hand (engine and template agree)."""
    hunan = next(c for c in SCORED if c.name == "case_hunan")
    scores = [i.score for i in score_form(hunan.form, "hunan").indicators]
    assert scores[:13] == [8.0, 6.67, 8.33, 8.33, 10.0, 9.47, 5.0, 4.62, 8.89, 7.0, 7.0, 1.5, 0.0]
    assert scores[13] is None and scores[14:] == [5.0, 4.0, 5.0]


def test_warnings_and_ratios_are_live(recalculated):
    grid = read_grid(recalculated["case_hunan"])
    spec = FORMS[marker(grid)[0].kind]  # type: ignore[index]
    hints = [r["hint"][1] for r in table_rows(grid, spec, spec.table("indicators"))]
    assert hints[0] == "未达目标：请填写偏差原因"
    assert hints[14] == "远超目标：目标可能偏低，请说明原因"
    assert named(grid, "执行率") == pytest.approx(0.85)
    basic = read_grid(recalculated["002_00_dept_basic_data"])
    assert named(basic, "在职人员控制率") == pytest.approx(1.0)
    detail = read_grid(recalculated["003_00_fund_detail"])
    assert named(detail, "合计金额") == pytest.approx(1777750)

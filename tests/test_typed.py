"""Workbooks typed as a clerk types them, checked against the spreadsheet's own formulas.

The four self-evaluation templates are filled through LibreOffice's input parser (see
``typing_office``), recalculated and saved as .xlsx, .ods and .xls in one LibreOffice run.
For each saved file ``jixiao score --json`` must equal what the template's formulas
computed in LibreOffice (执行率, 执行得分, every row's 得分, 指标得分合计, 总分, 等级) within
0.01, and ``jixiao check --json`` must find exactly what it finds in the plainly typed
twin: a percent, a thousands separator, a text or full-width number, a typed formula or
a date never causes a finding of its own. A folder of them merges without a failure,
and the summary's figures equal the engine's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from templates_support import named
from typed_cases import INDICATORS, STYLES, TYPED_DATE, TypedBook, designed_book, typed_books
from typer.testing import CliRunner
from typing_office import type_books

from addin.cli.app import app
from addin.core.forms import FORMS
from addin.reader.template import table_rows
from addin.workbook.files import read_grid

FORMATS = ("xls", "xlsx", "ods")
TOLERANCE = 0.01
runner = CliRunner()


@pytest.fixture(scope="module")
def typed(tmp_path_factory) -> list[tuple[TypedBook, dict[str, Path], dict[str, Path]]]:
    """(book, its typed files by format, its plain twin's files by format)."""
    books = typed_books()
    folder = tmp_path_factory.mktemp("typed")
    typings = [t for b in books for t in (b.typed, b.twin)] + [designed_book()]
    files = type_books(typings, folder, FORMATS)
    DESIGNED.update(files["designed"])
    return [(b, files[b.typed.name], files[b.twin.name]) for b in books]


DESIGNED: dict[str, Path] = {}  # the book of designed disagreements, by format


def _cli(*args: str) -> tuple[int, object]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _close(engine: float | None, formula: object) -> bool:
    if engine is None:
        return formula in (None, "")
    return isinstance(formula, (int, float)) and abs(engine - formula) <= TOLERANCE


def _formulas(path: Path, kind) -> tuple[object, dict[str, object]]:
    """The grid LibreOffice saved, and each row's formula 得分 by its name cell."""
    grid = read_grid(path)
    spec = FORMS[kind]
    rows = table_rows(grid, spec, spec.table("indicators"))
    return grid, {r["name"][0]: r["calc"][1] for r in rows if r["name"][1]}


def _lossy_xls(value: object, xlsx: object) -> object:
    """LibreOffice's .xls export caches a formula's empty result ("") as the number 0:
    such a cell is compared as the same book's .xlsx shows it."""
    return xlsx if value == 0 and xlsx in (None, "") else value


def test_the_batch_covers_every_spelling_and_format(typed):
    assert len(typed) == 4 * STYLES
    cells = [text for b, _, _ in typed for _, _, text in b.typed.cells if text]
    for sample in ("%", ",", "'", "=", "１", " ", "/100", TYPED_DATE):
        assert any(sample in text for text in cells), sample
    bands = {text for b, _, _ in typed for _, _, text in b.typed.cells}
    assert {"达成", "部分达成", "未达成"} <= bands
    for _, files, _ in typed:
        assert sorted(files) == sorted(FORMATS)


def test_typed_values_are_stored_as_the_spreadsheet_parses_them(typed):
    """The premise: Calc turned the spellings into numbers, formats, text and formulas."""
    book, files, _ = next((b, f, t) for b, f, t in typed if b.style == 1)
    grid = read_grid(files["xlsx"])
    typed_cells = {(s, c): text for s, c, text in book.typed.cells}
    sheet = grid.sheet(next(iter(typed_cells))[0])
    kinds = set()
    for (_, cell), text in typed_cells.items():
        value = sheet.get(cell)
        if text and text.endswith("%") and text[0].isdigit():
            assert value == pytest.approx(float(text[:-1]) / 100), cell
            assert "%" in sheet.formats.get(cell, ""), cell
            kinds.add("percent")
        elif text and text.startswith("'"):
            assert value == text[1:], cell
            kinds.add("text")
        elif text and text.startswith("=") and "+" in text:
            assert isinstance(value, float), cell
            kinds.add("formula")
    assert kinds == {"percent", "text", "formula"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_score_equals_the_template_formulas(typed, fmt):
    differ, compared = [], 0
    for book, files, _ in typed:
        code, scores = _cli("score", str(files[fmt]))
        assert code == 0
        (score,) = scores
        grid, rows = _formulas(files[fmt], book.kind)
        xlsx_grid, xlsx_rows = _formulas(files["xlsx"], book.kind)
        where = f"{book.typed.name}.{fmt}"

        def formula(name: str, grid=grid, xlsx_grid=xlsx_grid) -> object:
            return _lossy_xls(named(grid, name), named(xlsx_grid, name))

        for key, name in (("execution_rate", "执行率"), ("execution_score", "执行得分"),
                          ("score", "指标得分合计"), ("total", "总分")):  # fmt: skip
            if not _close(score[key], formula(name)):
                differ.append((where, name, score[key], formula(name)))
        if (score["grade"] or None) != (named(grid, "等级") or None):
            differ.append((where, "等级", score["grade"], named(grid, "等级")))
        assert len(score["indicators"]) == len(INDICATORS)
        for ind in score["indicators"]:
            row = _lossy_xls(rows.get(ind["cell"]), xlsx_rows.get(ind["cell"]))
            if not _close(ind["score"], row):
                differ.append((where, ind["cell"], ind["name"], ind["score"], row))
        compared += 1
    assert differ == []
    assert compared == len(typed)


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_finds_only_what_the_plain_twin_has(typed, fmt):
    differ = []
    for book, files, twin in typed:
        _, report = _cli("check", str(files[fmt]))
        _, plain = _cli("check", str(twin["xlsx"]))
        found = {(f["code"], f["sheet"], f["cell"]) for f in report["findings"]}
        expected = {(f["code"], f["sheet"], f["cell"]) for f in plain["findings"]}
        if fmt == "xls":
            found -= _far_above_of_a_percent_target(book, found - expected)
        if found != expected:
            differ.append((f"{book.typed.name}.{fmt}", sorted(found - expected),
                           sorted(expected - found)))  # fmt: skip
    assert differ == []


def _far_above_of_a_percent_target(book: TypedBook, extra: set) -> set:
    """By design (README, 计分规则): an .xls keeps no number formats, so a target typed
    "90%" reads as 0.9 and a plain 93.5 beside it as far above it (JX601)."""
    typed = {cell: text for _, cell, text in book.typed.cells}
    allowed = set()
    for code, sheet, cell in extra:
        target = next((c for c in typed if c[1:] == cell[1:] and (typed[c] or "").endswith("%")
                       and c < cell), None)  # fmt: skip
        if code == "JX601" and target is not None:
            allowed.add((code, sheet, cell))
    return allowed


def test_the_plain_twins_score_like_the_typed_books(typed):
    """Same figures, whatever the spelling: the engine gives the same scores."""
    for book, files, twin in typed:
        _, (typed_score,) = _cli("score", str(files["xlsx"]))
        _, (plain_score,) = _cli("score", str(twin["xlsx"]))
        for key in ("execution_rate", "score", "total", "grade"):
            assert typed_score[key] == pytest.approx(plain_score[key]), (book.typed.name, key)


def test_a_folder_of_typed_books_in_three_formats_merges(typed, tmp_path):
    folder = tmp_path / "各县报送"
    folder.mkdir()
    picked = {}
    for n, (_, files, _) in enumerate(typed):
        fmt = FORMATS[n % len(FORMATS)]
        target = folder / files[fmt].name
        target.write_bytes(files[fmt].read_bytes())
        picked[target.name] = target
    assert {p.suffix for p in picked.values()} == {".xls", ".xlsx", ".ods"}
    result = runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "汇总.xlsx"),
                                 "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["failed"] == []
    assert len(summary["units"]) == len(picked)
    for unit in summary["units"]:
        name = Path(unit["file"]).name
        _, (score,) = _cli("score", str(picked[name]))
        for key in ("budget", "spent", "execution_rate", "total"):
            assert unit[key] == pytest.approx(score[key]), (name, key)
        assert unit["grade"] == score["grade"], name


def test_ods_and_xls_defined_names_are_read_like_the_xlsx_ones(typed):
    """A template saved as .ods or .xls keeps its defined names, so its exact reader."""
    from addin.workbook.ods_names import excel_reference

    assert excel_reference("$'项目''表'.$B$13:.$S$23") == "'项目''表'!$B$13:$S$23"
    assert excel_reference("$表.$J$9") == "'表'!$J$9"
    assert excel_reference("$表.$J$9:$表.$K$10") == "'表'!$J$9:$K$10"
    assert excel_reference("#REF!") is None

    def plain(names: dict[str, str]) -> dict[str, str]:
        return {k: v.replace("'", "").replace("$E$2:$E$2", "$E$2") for k, v in names.items()}

    for book, files, _ in typed:
        xlsx = plain(read_grid(files["xlsx"]).names)
        for fmt in ("ods", "xls"):
            names = plain(read_grid(files[fmt]).names)
            assert names == xlsx, (book.typed.name, fmt, set(names) ^ set(xlsx))


@pytest.mark.parametrize("fmt", FORMATS)
def test_designed_disagreements_are_what_the_readme_says(typed, fmt):
    """A 定性 row without 完成档次: the template asks for a band and gives no score; the
    engine judges the words, scores them and names the 完成档次 cell (JX611). A sign before
    the number, in 指标值 or in 实际完成值, both read alike (the engine says JX604)."""
    (score,) = _cli("score", str(DESIGNED[fmt]))[1]
    by_name = {i["name"]: i for i in score["indicators"]}
    spec = FORMS[score["form"]]

    def rows(path: Path) -> dict[str, dict]:
        return {
            r["name"][1]: r for r in table_rows(read_grid(path), spec, spec.table("indicators"))
        }

    got, xlsx = rows(DESIGNED[fmt]), rows(DESIGNED["xlsx"])
    for name in ("验收合格率", "培训人次", "服务质量"):
        assert by_name[name]["score"] == 30, name
    assert _lossy_xls(got["服务质量"]["calc"][1], xlsx["服务质量"]["calc"][1]) in (None, "")
    for name in ("验收合格率", "培训人次"):
        assert _lossy_xls(got[name]["calc"][1], xlsx[name]["calc"][1]) == 30, name
    assert by_name["验收合格率"]["status"] == by_name["培训人次"]["status"] == "met"
    assert by_name["服务质量"]["status"] == "achieved"
    assert got["服务质量"]["hint"][1] == "请选择完成档次"
    report = _cli("check", str(DESIGNED[fmt]))[1]
    on_cell = {(f["cell"], f["code"]) for f in report["findings"]}
    assert (got["培训人次"]["actual"][0], "JX604") in on_cell
    assert (got["服务质量"]["band"][0], "JX611") in on_cell
    assert score["execution_rate"] == pytest.approx(0.9)

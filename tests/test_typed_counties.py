"""County workbooks of other layouts, retyped as a clerk types the same figures.

The three real forms of other provinces and the five seed layouts (``jixiao demo``'s
county workbooks) are opened in LibreOffice, and each indicator's 实际完成值 and 分值 is
typed again: once in another spelling (``1,200``, ``=600+600``, ``１２００``, ``'1200``,
``1200 ``), once plainly. Saved as .xls, .xlsx and .ods, every typed file must score and
check exactly as its plainly typed twin in the same format: the spelling changes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typed_cases import spellings
from typer.testing import CliRunner
from typing_office import Typing, type_books

from addin.cli.app import app
from addin.demo.samples import build_samples

REALFORMS = Path(__file__).resolve().parent / "data" / "realforms"
FORMATS = ("xls", "xlsx", "ods")
NUMBER = re.compile(r"\d+(\.\d+)?")
runner = CliRunner()


def _cli(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


def _retyped(source: Path, name: str) -> tuple[Typing, Typing, int, dict[str, str]]:
    """(typed, plain twin, number of cells retyped, 分值 cells → what was typed there)."""
    typed, plain = Typing(source, name), Typing(source, f"{name}_plain")
    columns = {}
    for sheet in _cli("inspect", str(source))["sheets"]:
        for table in sheet["tables"]:
            for column in table["columns"]:
                if column["field"] in ("actual", "points"):
                    letters = re.match(r"[A-Z]+", column["cell"])[0]
                    columns.setdefault(sheet["sheet"], {})[column["field"]] = letters
    count, points = 0, {}
    for n, form in enumerate(_cli("score", str(source))):
        for i, ind in enumerate(form["indicators"]):
            row = re.search(r"\d+", ind["cell"])[0]
            for field in ("actual", "points"):
                text = ind[field]
                text = f"{text:g}" if isinstance(text, float) else text
                letter = columns.get(form["sheet"], {}).get(field)
                if not letter or not isinstance(text, str) or not NUMBER.fullmatch(text):
                    continue
                options = spellings(float(text), None, True)
                spelling = options[(n + i) % len(options)]
                typed.type(form["sheet"], f"{letter}{row}", spelling)
                if field == "points":
                    points[f"{letter}{row}"] = spelling
                plain.type(form["sheet"], f"{letter}{row}", text)
                count += 1
    return typed, plain, count, points


@pytest.fixture(scope="module")
def counties(tmp_path_factory) -> list[tuple[str, dict[str, Path], dict[str, Path], dict]]:
    folder = tmp_path_factory.mktemp("counties")
    sources = sorted(REALFORMS.glob("*.xlsx")) + build_samples(folder / "样例")
    books, total, points = [], 0, {}
    for k, source in enumerate(sources):
        typed, plain, count, points[f"county{k}"] = _retyped(source, f"county{k}")
        books.append((typed, plain))
        total += count
    assert total >= 100  # the retyping reached most indicators
    texts = [text or "" for typed, _ in books for _, _, text in typed.cells]
    for sample in ("=", "'", "１", " "):
        assert any(sample in text for text in texts), sample
    files = type_books([b for pair in books for b in pair], folder / "typed", FORMATS)
    return [(t.name, files[t.name], files[p.name], points[t.name]) for t, p in books]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_retyped_county_workbook_scores_and_checks_as_its_plain_twin(counties, fmt):
    differ, scored = [], 0
    for name, typed, plain, points in counties:
        typed_scores, plain_scores = _cli("score", str(typed[fmt])), _cli("score", str(plain[fmt]))
        assert len(typed_scores) == len(plain_scores), name  # target forms have no scores
        scored += len(typed_scores)
        for a, b in zip(typed_scores, plain_scores, strict=True):
            for key in ("budget", "spent", "execution_rate", "score", "total", "grade"):
                if a[key] != pytest.approx(b[key]):
                    differ.append((name, fmt, a["sheet"], key, a[key], b[key]))
            for x, y in zip(a["indicators"], b["indicators"], strict=True):
                if x["score"] != pytest.approx(y["score"]) or x["status"] != y["status"]:
                    differ.append((name, fmt, x["cell"], x["actual"], y["actual"], x["score"],
                                   y["score"]))  # fmt: skip
        found = {(f["code"], f["cell"]) for f in _cli("check", str(typed[fmt]))["findings"]}
        expected = {(f["code"], f["cell"]) for f in _cli("check", str(plain[fmt]))["findings"]}
        # a 分值 the office stored as text ('10, and some other spellings) is the one
        # thing a spelling changes: other software's sums may leave it out, and 校验 says
        # so on that cell (JX110), never elsewhere
        as_text = {("JX110", cell) for cell, typed_as in points.items() if typed_as.startswith("'")}
        assert as_text <= found, (name, fmt)
        extra = found - expected - {("JX110", cell) for cell in points}
        if extra or expected - found:
            differ.append((name, fmt, sorted(extra), sorted(expected - found)))
    assert differ == []
    assert scored >= 10

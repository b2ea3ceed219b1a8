"""The add-in's VBA module ``jixiao_paint``: it declares the procedures with the arguments
Python passes, and run in pyOpenVBA's VBA interpreter on a real workbook it does what the
fake Excel (``excel_fake.py``) does for the same ``Application.Run`` — so the call counts
measured on the fake are those of the VBA."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from excel_fake import FakeBook, vba_procedures
from openpyxl.comments import Comment
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.apps.excel._notes import NoteShape
from pyopenvba.interpreter._values import VBAArray

from addin.demo.samples import write_sichuan
from addin.excel import install, tasks
from addin.excel.paint_macros import ADDIN_FILE, MACROS, PAINT_MODULE, PROTECTION_OF, SET_NOTES
from addin.excel.protection import FLAGS, options_from_flags, protection_of
from addin.excel.vba_sources import modules, paint_vba


def test_each_procedure_takes_the_arguments_python_passes() -> None:
    declared = vba_procedures(paint_vba())
    assert set(declared) == {macro.name for macro in MACROS}
    for macro in MACROS:
        assert declared[macro.name] == list(macro.params), macro.name
        assert macro.qualified == f"'{ADDIN_FILE}'!{PAINT_MODULE}.{macro.name}"
    assert ADDIN_FILE == install.ADDIN_FILE == tasks.ADDIN_NAME  # the file Run names
    assert modules()[PAINT_MODULE].startswith(f'Attribute VB_Name = "{PAINT_MODULE}"')


def test_every_procedure_answers_its_errors_instead_of_raising() -> None:
    """An unhandled VBA error would open Excel's debug box while Python waits."""
    source = paint_vba()
    bodies = re.findall(r"^Public Function (\w+)\(.*?^End Function", source, re.M | re.S)
    assert sorted(bodies) == sorted(macro.name for macro in MACROS)
    for name in bodies:
        body = source[source.index(f"Public Function {name}(") :]
        body = body[: body.index("End Function")]
        assert "On Error GoTo Failed" in body, name
        assert f'{name} = "error " & Err.Number & ": " & Err.Description' in body, name


def test_protection_is_read_in_the_order_python_expects() -> None:
    source = paint_vba()
    read = dict(re.findall(r"result\(i, (\d+)\) = (?:ws)?\.(\w+)", source))
    assert [read[str(k)] for k in range(len(FLAGS))] == [f.split(".")[-1] for f in FLAGS]


# --- the VBA run in pyOpenVBA, against the fake -----------------------------------------


@pytest.fixture(scope="module")
def county(seeds, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county workbook whose sheets are protected in different ways, with a note."""
    path = tmp_path_factory.mktemp("paint") / "县级.xlsx"
    write_sichuan(seeds["000"].forms, path)
    book = openpyxl.load_workbook(path)
    first, second, third = book.worksheets[:3]
    first.protection.sheet = True  # formatting refused, sorting and rows allowed
    first.protection.sort = False
    first.protection.formatRows = False
    third.protection.sheet = True
    third.protection.scenarios = True
    third.protection.formatCells = False
    third.protection.insertHyperlinks = False
    second["D40"].comment = Comment("单位原有的批注", "科员")
    second["F41"].comment = Comment("另一条批注", "科员")
    book.save(path)
    return path


def vba(values: list) -> VBAArray:
    """A Python list as pywin32 hands it to Excel: a one-dimensional array from 0."""
    return VBAArray([(0, len(values) - 1)], items=list(values))


@pytest.fixture()
def excel(county: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ExcelApplication, dict]:
    """pyOpenVBA's Excel with the county workbook open and jixiao_paint loaded; its note
    boxes take a Width and Height (recorded in the dict), as Excel's do."""
    sizes: dict[tuple[str, int, int], list[float]] = {}

    def setting(index: int):
        def set_size(shape: NoteShape, value: object) -> None:
            size = sizes.setdefault((shape.sheet.name, shape.row, shape.column), [0.0, 0.0])
            size[index] = float(value)  # type: ignore[arg-type]

        return set_size

    members = dict(NoteShape._vba_members)
    members["width"] = replace(members["width"], setter=setting(0))
    members["height"] = replace(members["height"], setter=setting(1))
    monkeypatch.setattr(NoteShape, "_vba_members", members)
    app = ExcelApplication.open(county, with_vba=False)
    app.add_module(modules()[PAINT_MODULE], name=PAINT_MODULE)
    return app, sizes


def test_the_vba_and_the_fake_read_the_same_protection(excel, county: Path) -> None:
    app, _ = excel
    book = FakeBook(county)
    names = [m.name for m in book.models]
    from_vba = app.run(PROTECTION_OF.name, county.name, vba(names))
    from_fake = book.app.api.Run(PROTECTION_OF.qualified, county.name, names)
    assert [list(row) for row in from_fake] == from_vba
    for name, row in zip(names, from_fake, strict=True):  # and what COM says, call by call
        assert options_from_flags(row) == protection_of(book.api.Worksheets(name)), name
    assert len({tuple(row) for row in from_fake}) == 3  # the three kinds of sheet


def _note(app: ExcelApplication, sheet: str, ref: str) -> str | None:
    target = f'ActiveWorkbook.Worksheets("{sheet}").Range("{ref}")'
    if app.evaluate(f"{target}.Comment Is Nothing"):
        return None
    return app.evaluate(f"{target}.Comment.Text")


def test_the_vba_and_the_fake_put_the_same_notes(excel, county: Path) -> None:
    app, sizes = excel
    book = FakeBook(county)
    sheet = book.models[1].name
    cleared = ["F41", "H42"]  # a note removed, a cell without one left as it is
    notes = [("D40", "替换原有批注", 360.0, 76.0), ("B43", "第一行\n第二行", 360.0, 94.0),
             ("C44", "不设大小", 0.0, 0.0)]  # fmt: skip
    refs, texts, widths, heights = (list(c) for c in zip(*notes, strict=True))
    args = (county.name, sheet, cleared, refs, texts, widths, heights)
    answer = app.run(SET_NOTES.name, *(vba(a) if isinstance(a, list) else a for a in args))
    assert answer == book.app.api.Run(SET_NOTES.qualified, *args) == 3
    for ref in ("D40", "B43", "C44", "F41", "H42"):
        assert _note(app, sheet, ref) == book.cell(sheet, ref).note, ref
    assert book.cell(sheet, "D40").note == "替换原有批注" and book.cell(sheet, "F41").note is None
    for ref, _, width, height in notes:
        r, c = book.cell(sheet, ref), ref
        key = (sheet, *_row_col(c))
        expected = (width, height) if width > 0 else None
        assert r.note_size == expected, ref
        assert (tuple(sizes[key]) if key in sizes else None) == expected, ref


def test_the_vba_and_the_fake_answer_an_error_as_text(excel, county: Path) -> None:
    app, _ = excel
    book = FakeBook(county)
    args = (county.name, "没有这张表", [], ["A1"], ["x"], [0.0], [0.0])
    from_vba = app.run(SET_NOTES.name, *(vba(a) if isinstance(a, list) else a for a in args))
    from_fake = book.app.api.Run(SET_NOTES.qualified, *args)
    assert from_vba.startswith("error 9:") and from_fake.startswith("error 9:")
    names = ["没有这张表"]
    assert app.run(PROTECTION_OF.name, county.name, vba(names)).startswith("error 9:")
    assert book.app.api.Run(PROTECTION_OF.qualified, county.name, names).startswith("error 9:")


def test_the_fake_refuses_what_excel_refuses(county: Path) -> None:
    from excel_fake import ComError

    book = FakeBook(county)
    run = book.app.api.Run
    with pytest.raises(ComError, match="无法运行宏"):
        run(f"'{ADDIN_FILE}'!{PAINT_MODULE}.NoSuchProcedure", county.name)
    with pytest.raises(ComError, match="参数的个数错误"):
        run(PROTECTION_OF.qualified, county.name)
    book.app.api.addin = None
    with pytest.raises(ComError, match="无法运行宏"):
        run(PROTECTION_OF.qualified, county.name, [book.models[0].name])


def _row_col(ref: str) -> tuple[int, int]:
    from addin.workbook.grid import parse_range

    r, c = parse_range(ref)[:2]
    return r + 1, c + 1

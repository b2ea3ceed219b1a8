"""A fake desktop Excel that enforces what Excel enforces and counts every COM round trip.

Built from a real .xlsx read by openpyxl (values, cached formula results, formulas, merged
areas, fills, notes, number formats, locked cells, sheet protection). Two layers, as on
Windows:

- the COM object model (``Application``, ``Workbook``, ``Worksheet``, ``Range`` …): every
  access to a member whose name starts with a capital letter is one round trip, counted
  in :class:`Calls`; a fill, a number format, a font or a value on a locked cell of a
  protected sheet raises :class:`ComError` 1004, as Excel does, and so does a note where
  drawing objects are protected, a wrong password, an address over 255 characters, or a
  new sheet in a workbook whose structure is protected;
- ``Application.Run`` of the add-in's VBA module ``jixiao_paint``: refused, as Excel
  refuses it, when the add-in is not loaded, has no such procedure or gets another number
  of arguments than its VBA source declares; otherwise the procedure's work is done as the
  VBA does it, in one counted call, errors answered as text;
  A nested ``Run`` can be made to be refused as busy (RPC_E_CALL_REJECTED) a number of
  times, or to never answer (:meth:`Application.trouble`);
- the xlwings objects the handlers use to read (``Book``, ``Sheet``, ``Range``), each
  backed by those COM calls; ``app.api`` is wrapped as xlwings wraps it
  (``_xlwindows.COMRetryObjectWrapper``: a call refused as busy is tried again without end
  — here until a cap, then the test fails), with the raw object as ``_inner``.

The counts are member accesses. Each is at least one cross-process call; pywin32 makes
more for some (a ``GetIDsOfNames`` the first time a name is used on an object, an
``Invoke`` for each access, two for a method reached as a property), so the real number
of round trips is higher than the count, in proportion.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import openpyxl

from addin.excel.paint_macros import ADDIN_FILE, PAINT_MODULE
from addin.excel.protection import ALLOW
from addin.excel.vba_sources import paint_vba
from addin.workbook.grid import cell_ref, parse_range

XL_SHEET_VISIBLE, XL_SHEET_HIDDEN, XL_SHEET_VERY_HIDDEN = -1, 0, 2
RPC_E_CALL_REJECTED = -2147418111
ENDLESS = 10_000  # xlwings' "try indefinitely", cut off so that a test fails instead
NAMED = {"0.00%": "Percent", "0.00": "Fixed", "#,##0.00": "Standard"}  # as Excel names them


class ComError(Exception):
    """What pywin32 raises for a failed call (``pywintypes.com_error``)."""

    def __init__(self, message: str, code: int = 1004, hresult: int = -2147352567) -> None:
        super().__init__(f"({code}) {message}")
        self.code = code
        self.hresult = hresult  # pywintypes.com_error's: DISP_E_EXCEPTION, or RPC_E_…


class Calls:
    """Round trips into Excel: a total and one count per member name."""

    def __init__(self) -> None:
        self.total = 0
        self.by_name: Counter[str] = Counter()

    def hit(self, name: str) -> None:
        self.total += 1
        self.by_name[name] += 1

    def reset(self) -> None:
        self.total = 0
        self.by_name.clear()


class Com:
    """A COM object: capitalised members are round trips."""

    def __init__(self, calls: Calls) -> None:
        object.__setattr__(self, "_calls", calls)

    def __getattribute__(self, name: str) -> Any:
        if name[:1].isupper():
            object.__getattribute__(self, "_calls").hit(name)
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name[:1].isupper():
            self._calls.hit(name)
        object.__setattr__(self, name, value)


# --- the model ------------------------------------------------------------------------------


class Cell:
    __slots__ = (
        "author",
        "fill",
        "formula",
        "locked",
        "note",
        "note_size",
        "number_format",
        "thread",
        "value",
    )  # fmt: skip

    def __init__(self) -> None:
        self.value: Any = None
        self.formula: str | None = None
        self.fill: str | None = None  # "RRGGBB"
        self.note: str | None = None
        self.author: str | None = None
        self.note_size: tuple[float, float] | None = None
        self.thread: str | None = None  # a Microsoft 365 threaded comment's text
        self.number_format: str = "General"
        self.locked = True


class SheetModel:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], Cell] = {}  # 1-based (row, col)
        self.merged: list[str] = []
        self.visible = XL_SHEET_VISIBLE
        self.protection: dict[str, Any] | None = None  # options, with "password"

    def cell(self, row: int, col: int) -> Cell:
        return self.cells.setdefault((row, col), Cell())

    def used(self) -> tuple[int, int, int, int]:
        """(first row, first col, last row, last col) of cells holding anything, merged
        areas included (as Excel counts formatted cells)."""
        keys = [k for k, c in self.cells.items()
                if c.value is not None or c.formula or c.fill or c.note
                or c.number_format != "General"]  # fmt: skip
        for ref in self.merged:
            r1, c1, r2, c2 = parse_range(ref)
            keys += [(r1 + 1, c1 + 1), (r2 + 1, c2 + 1)]
        if not keys:
            return 1, 1, 1, 1
        rows, cols = [k[0] for k in keys], [k[1] for k in keys]
        return min(rows), min(cols), max(rows), max(cols)

    def last_data(self) -> tuple[int, int] | None:
        """(last row, last col) holding a value or a formula; None when there is none."""
        keys = [k for k, c in self.cells.items() if c.value is not None or c.formula]
        return (max(k[0] for k in keys), max(k[1] for k in keys)) if keys else None


def _addresses(text: str) -> list[tuple[int, int, int, int]]:
    """1-based areas of "A1,B3:C4" or whole columns "A:E"."""
    areas = []
    for part in text.replace("$", "").split(","):
        if re.fullmatch(r"[A-Z]+:[A-Z]+", part):
            first, last = part.split(":")
            _, c1, _, c2 = parse_range(f"{first}1:{last}1")
            areas.append((1, c1 + 1, 1_048_576, c2 + 1))
        else:
            r1, c1, r2, c2 = parse_range(part)
            areas.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
    return areas


def vba_procedures(source: str) -> dict[str, list[str]]:
    """Public procedures of a VBA module and their parameter names, from its source."""
    text = source.replace(" _\r\n", " ").replace(" _\n", " ")
    found = {}
    for match in re.finditer(r"^Public (?:Function|Sub) (\w+)\((.*?)\)", text, re.M):
        params = [re.sub(r"^(?:ByVal |ByRef |Optional )*", "", p.strip()).split()[0]
                  for p in match[2].split(",") if p.strip()]  # fmt: skip
        found[match[1]] = params
    return found


class Application(Com):
    def __init__(self, calls: Calls, book: FakeBook | None = None) -> None:
        super().__init__(calls)
        object.__setattr__(self, "state", {"ScreenUpdating": True, "EnableEvents": True,
                                           "DisplayAlerts": True, "Calculation": -4105,
                                           "StatusBar": False})  # fmt: skip
        object.__setattr__(self, "history", [])
        object.__setattr__(self, "_book", book)
        # the loaded add-in's VBA modules (name -> source); None: jixiao.xlam not loaded
        object.__setattr__(self, "addin", {PAINT_MODULE: paint_vba()})
        object.__setattr__(self, "_trouble", {"busy": 0, "hang": None})

    def trouble(self, busy: int = 0, hang: threading.Event | None = None) -> None:
        """The next ``busy`` Runs are refused as Excel refuses a call while busy; with
        ``hang``, every Run waits for that event before it does anything (never answers)."""
        object.__getattribute__(self, "_trouble").update(busy=busy, hang=hang)

    def Run(self, Macro: str, *args: Any) -> Any:
        trouble = object.__getattribute__(self, "_trouble")
        if trouble["hang"] is not None:
            trouble["hang"].wait()
        if trouble["busy"] > 0:
            trouble["busy"] -= 1
            raise ComError("被呼叫方拒绝接收呼叫。", -1, RPC_E_CALL_REJECTED)
        refused = ComError(f"无法运行宏“{Macro}”。该宏可能在此工作簿中不可用，"
                           "或者所有的宏都被禁用。")  # fmt: skip
        match = re.fullmatch(r"'([^']+)'!(\w+)\.(\w+)", Macro)
        modules = object.__getattribute__(self, "addin")
        if match is None or modules is None or match[1] != ADDIN_FILE or match[2] not in modules:
            raise refused
        params = vba_procedures(modules[match[2]]).get(match[3])
        if params is None:
            raise refused
        if len(args) != len(params):
            raise ComError("参数的个数错误", 449)
        procedure = getattr(self, f"_vba_{match[3]}")
        try:
            return procedure(*args)
        except _VbaError as exc:  # the procedures' On Error: the error as text
            return f"error {exc.number}: {exc.description}"

    def _vba_book(self, name: Any) -> FakeBook:
        book = object.__getattribute__(self, "_book")
        if not isinstance(name, str):
            raise _VbaError(13, "类型不匹配")
        if book is None or name != book.name:
            raise _VbaError(9, "下标越界")
        return book

    def _vba_ProtectionOf(self, book: Any, sheets: Any) -> Any:
        models = _sheet_models(self._vba_book(book), sheets)
        rows = []
        for model in models:
            p = model.protection or {}
            rows.append(tuple(bool(p.get(k)) for k in ("Contents", "DrawingObjects", "Scenarios",
                                                         *ALLOW)))  # fmt: skip
        return tuple(rows)

    def _vba_SetNotes(self, book: Any, sheet: Any, cleared: Any, refs: Any, texts: Any,
                      widths: Any, heights: Any) -> Any:  # fmt: skip
        (model,) = _sheet_models(self._vba_book(book), [sheet])
        columns = (refs, texts, widths, heights)
        if not all(isinstance(c, (list, tuple)) for c in (cleared, *columns)):
            raise _VbaError(13, "类型不匹配")
        for ref in cleared:
            if model.protection and model.protection.get("DrawingObjects"):
                raise _VbaError(1004, "不能在受保护的工作表上编辑批注")
            for cell in _vba_cells(model, ref):
                cell.note = cell.author = cell.note_size = cell.thread = None
        done = 0
        for i, ref in enumerate(refs):
            if i >= min(len(c) for c in columns):
                raise _VbaError(9, "下标越界")
            width, height = widths[i], heights[i]
            if not all(isinstance(v, (int, float)) for v in (width, height)):
                raise _VbaError(13, "类型不匹配")
            if model.protection and model.protection.get("DrawingObjects"):
                raise _VbaError(1004, "不能在受保护的工作表上编辑批注")
            cell = _vba_cells(model, ref)[0]
            if cell.thread is not None:
                raise _VbaError(1004, "不能向包含线程批注的单元格添加批注")
            cell.note, cell.author, cell.note_size = str(texts[i]), "Excel 用户", None
            if width > 0 and height > 0:
                cell.note_size = (width, height)
            done += 1
        return done

    def __getattr__(self, name: str) -> Any:
        state = object.__getattribute__(self, "state")
        if name in state:
            return state[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.state:
            self._calls.hit(name)
            self.state[name] = value
            self.history.append((name, value))
        else:
            super().__setattr__(name, value)


class _VbaError(Exception):
    def __init__(self, number: int, description: str) -> None:
        super().__init__(description)
        self.number, self.description = number, description


def _sheet_models(book: FakeBook, names: Any) -> list[SheetModel]:
    if not isinstance(names, (list, tuple)):
        raise _VbaError(13, "类型不匹配")
    models = []
    for name in names:
        found = [m for m in book.models if m.name == str(name)]
        if not found:
            raise _VbaError(9, "下标越界")
        models.append(found[0])
    return models


def _vba_cells(model: SheetModel, ref: Any) -> list[Cell]:
    """The cells of ``ws.Range(CStr(ref))`` (1004 for an address Excel cannot read)."""
    try:
        areas = _addresses(str(ref))
    except Exception:
        raise _VbaError(1004, "应用程序定义或对象定义错误") from None
    return [model.cell(r, c) for r1, c1, r2, c2 in areas
            for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]  # fmt: skip


class Workbook(Com):
    def __init__(self, calls: Calls, book: FakeBook) -> None:
        super().__init__(calls)
        self._book = book
        self._protect_structure = False

    @property
    def ProtectStructure(self) -> bool:
        return self._protect_structure

    @property
    def Worksheets(self) -> Worksheets:
        return Worksheets(self._calls, self._book)


class Worksheets(Com):
    def __init__(self, calls: Calls, book: FakeBook) -> None:
        super().__init__(calls)
        self._book = book

    def __call__(self, key: int | str) -> Worksheet:
        self._calls.hit("Item")
        models = self._book.models
        if isinstance(key, int):
            if not 1 <= key <= len(models):
                raise ComError("下标越界", -2147352565)
            return Worksheet(self._calls, self._book, models[key - 1])
        for model in models:
            if model.name == key:
                return Worksheet(self._calls, self._book, model)
        raise ComError("下标越界", -2147352565)

    @property
    def Count(self) -> int:
        return len(self._book.models)

    def Add(self, Before: Worksheet | None = None, After: Worksheet | None = None) -> Worksheet:
        if self._book.api._protect_structure:
            raise ComError("工作簿受保护，不能添加工作表")
        models = self._book.models
        model = SheetModel(f"Sheet{len(models) + 1}")
        if Before is not None:
            models.insert(models.index(Before._model), model)
        else:
            anchor = After._model if After is not None else models[-1]
            models.insert(models.index(anchor) + 1, model)
        return Worksheet(self._calls, self._book, model)


class Protection(Com):
    def __init__(self, calls: Calls, model: SheetModel) -> None:
        super().__init__(calls)
        self._model = model

    def __getattr__(self, name: str) -> Any:
        if name.startswith("Allow"):  # counted by Com.__getattribute__ on the way here
            return bool((self._model.protection or {}).get(name, False))
        raise AttributeError(name)


class Worksheet(Com):
    def __init__(self, calls: Calls, book: FakeBook, model: SheetModel) -> None:
        super().__init__(calls)
        self._book = book
        self._model = model

    @property
    def Name(self) -> str:
        return self._model.name

    @Name.setter
    def Name(self, value: str) -> None:
        if any(m.name == value for m in self._book.models if m is not self._model):
            raise ComError("工作表名称重复")
        self._model.name = value

    @property
    def Visible(self) -> int:
        return self._model.visible

    @Visible.setter
    def Visible(self, value: int) -> None:
        self._model.visible = value

    def _protected(self, key: str) -> bool:
        return bool(self._model.protection and self._model.protection.get(key))

    @property
    def ProtectContents(self) -> bool:
        return self._protected("Contents")

    @property
    def ProtectDrawingObjects(self) -> bool:
        return self._protected("DrawingObjects")

    @property
    def ProtectScenarios(self) -> bool:
        return self._protected("Scenarios")

    @property
    def Protection(self) -> Protection:
        return Protection(self._calls, self._model)

    def Unprotect(self, Password: str | None = None) -> None:
        if self._model.protection is None:
            return
        if (self._model.protection.get("password") or "") != (Password or ""):
            raise ComError("您所提供的密码不正确。")
        self._model.protection = None

    def Protect(self, Password: str | None = None, **options: Any) -> None:
        self._model.protection = {"password": Password, **options}

    def Delete(self) -> None:
        if not self._book.app.api.state["DisplayAlerts"]:
            self._book.models.remove(self._model)
            return
        raise AssertionError("Excel would ask the clerk to confirm deleting a sheet")

    def Range(self, address: str) -> Range:
        if len(address) > 255:
            raise ComError("Range 的地址超过 255 个字符")
        return Range(self._calls, self._model, _addresses(address))

    @property
    def Cells(self) -> Range:
        return Range(self._calls, self._model, [(1, 1, 1_048_576, 16_384)])

    @property
    def UsedRange(self) -> Range:
        return Range(self._calls, self._model, [self._model.used()])


class Interior(Com):
    def __init__(self, calls: Calls, rng: Range) -> None:
        super().__init__(calls)
        object.__setattr__(self, "_rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("Color", "ColorIndex", "Pattern", "ThemeColor", "TintAndShade"):
            self._calls.hit(name)
            self._rng._format_check()
            for cell in self._rng._cells():
                if name == "Color":
                    cell.fill = _hex(value)
                elif name == "ColorIndex" and value == -4142:
                    cell.fill = None
            return
        super().__setattr__(name, value)

    @property
    def Color(self) -> int | None:
        fills = {cell.fill for cell in self._rng._cells()}
        if len(fills) != 1:
            return None
        fill = fills.pop() or "FFFFFF"
        return int(fill[4:6], 16) << 16 | int(fill[2:4], 16) << 8 | int(fill[0:2], 16)


def _hex(color: int) -> str:
    """Excel's 0xBBGGRR as "RRGGBB"."""
    return f"{color & 255:02X}{color >> 8 & 255:02X}{color >> 16 & 255:02X}"


class Font(Com):
    def __init__(self, calls: Calls, rng: Range) -> None:
        super().__init__(calls)
        object.__setattr__(self, "_rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        if name[:1].isupper():
            self._calls.hit(name)
            self._rng._format_check()
            return
        super().__setattr__(name, value)


class Comment(Com):
    def __init__(self, calls: Calls, cell: Cell) -> None:
        super().__init__(calls)
        self._cell = cell

    def Text(self, Text: str | None = None) -> str:
        if Text is not None:
            self._cell.note = Text
        return self._cell.note or ""

    @property
    def Shape(self) -> Shape:
        return Shape(self._calls, self._cell)


class Shape(Com):
    def __init__(self, calls: Calls, cell: Cell) -> None:
        super().__init__(calls)
        object.__setattr__(self, "_cell", cell)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("Width", "Height"):
            self._calls.hit(name)
            width, height = self._cell.note_size or (0.0, 0.0)
            self._cell.note_size = (value, height) if name == "Width" else (width, value)
            return
        super().__setattr__(name, value)


class Range(Com):
    def __init__(self, calls: Calls, model: SheetModel, areas: list[tuple[int, int, int, int]]):
        super().__init__(calls)
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_areas", areas)

    def _cells(self) -> list[Cell]:
        out = []
        for r1, c1, r2, c2 in self._areas:
            r2 = min(r2, max(r1, self._model.used()[2]) + 10)  # whole columns: the used part
            out += [self._model.cell(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        return out

    def _format_check(self) -> None:
        protection = self._model.protection
        if protection and protection.get("Contents") and not protection.get("AllowFormattingCells"):
            raise ComError("不能在受保护的工作表上更改格式")  # Excel: error 1004

    def _write_check(self) -> None:
        protection = self._model.protection
        if protection and protection.get("Contents") and any(c.locked for c in self._cells()):
            raise ComError("您试图更改的单元格或图表位于受保护的工作表中")

    def _note_check(self) -> None:
        protection = self._model.protection
        if protection and protection.get("DrawingObjects"):
            raise ComError("不能在受保护的工作表上编辑批注")

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "Value":
            self._calls.hit(name)
            self._write_check()
            r1, c1, _r2, _c2 = self._areas[0]
            rows = value if isinstance(value, (list, tuple)) else [[value]]
            for i, row in enumerate(rows):
                row = row if isinstance(row, (list, tuple)) else [row]
                for j, item in enumerate(row):
                    cell = self._model.cell(r1 + i, c1 + j)
                    if isinstance(item, str) and item.startswith("="):
                        cell.formula, cell.value = item, None
                    else:
                        cell.formula, cell.value = None, item
            return
        if name in ("NumberFormat", "WrapText", "ColumnWidth"):
            self._calls.hit(name)
            self._format_check()
            if name == "NumberFormat":
                for cell in self._cells():
                    cell.number_format = value
            return
        super().__setattr__(name, value)

    def _grid(self, pick: Any) -> Any:
        r1, c1, r2, c2 = self._areas[0]
        rows = tuple(tuple(pick(self._model.cells.get((r, c))) for c in range(c1, c2 + 1))
                     for r in range(r1, r2 + 1))  # fmt: skip
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows

    @property
    def Value(self) -> Any:
        def value(cell: Cell | None) -> Any:
            if cell is None or cell.value is None:
                return None
            v = cell.value
            return float(v) if isinstance(v, int) and not isinstance(v, bool) else v

        return self._grid(value)

    @property
    def Formula(self) -> Any:
        def formula(cell: Cell | None) -> str:
            if cell is None:
                return ""
            if cell.formula:
                return cell.formula
            return "" if cell.value is None else str(cell.value)

        return self._grid(formula)

    @property
    def CountLarge(self) -> int:
        return sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in self._areas)

    def Find(self, What: str, LookIn: int, SearchOrder: int, SearchDirection: int) -> Range | None:
        assert What == "*" and SearchDirection == 2  # the last cell holding anything
        last = self._model.last_data()
        if last is None:
            return None
        row = last[0] if SearchOrder == 1 else 1
        col = last[1] if SearchOrder == 2 else 1
        return Range(self._calls, self._model, [(row, col, row, col)])

    @property
    def Row(self) -> int:
        return self._areas[0][0]

    @property
    def Column(self) -> int:
        return self._areas[0][1]

    @property
    def MergeCells(self) -> bool | None:
        return None if self._model.merged else False

    @property
    def Interior(self) -> Interior:
        return Interior(self._calls, self)

    @property
    def Font(self) -> Font:
        return Font(self._calls, self)

    @property
    def Comment(self) -> Comment | None:
        cell = self._cells()[0]
        return Comment(self._calls, cell) if cell.note is not None else None

    @property
    def CommentThreaded(self) -> Any:
        cell = self._cells()[0]
        return None if cell.thread is None else type("CommentThreaded", (), {"text": cell.thread})

    def ClearComments(self) -> None:
        self._note_check()
        for cell in self._cells():  # as Excel: a threaded comment goes too
            cell.note = cell.author = cell.note_size = cell.thread = None

    def AddComment(self, Text: str = "") -> Comment:
        self._note_check()
        cell = self._cells()[0]
        if cell.thread is not None:
            raise ComError("不能向包含线程批注的单元格添加批注")
        if cell.note is not None:
            raise ComError("该单元格已有批注")
        cell.note, cell.author = Text, "Excel 用户"
        return Comment(self._calls, cell)

    def GetValue(self, kind: int) -> str:
        assert kind == 11
        return spreadsheet_xml(self._model, self._areas[0])


def _shown(cell: Cell | None) -> bool:
    """Whether Excel writes the cell into the XML (a value, a style or a note)."""
    return cell is not None and (cell.value is not None or bool(cell.fill) or cell.note is not None
                                 or cell.number_format != "General")  # fmt: skip


def spreadsheet_xml(model: SheetModel, area: tuple[int, int, int, int]) -> str:
    """The range as Excel writes XML Spreadsheet 2003: styles by fill and number format,
    covered cells of a merge left out, ss:Index after a gap, notes as <Comment>."""
    r1, c1, r2, c2 = area
    styles: dict[tuple[str | None, str], str] = {}
    tops, covered = {}, set()
    for ref in model.merged:
        mr1, mc1, mr2, mc2 = (x + 1 for x in parse_range(ref))
        tops[(mr1, mc1)] = (mc2 - mc1, mr2 - mr1)
        covered |= {(r, c) for r in range(mr1, min(mr2, r2) + 1)
                    for c in range(mc1, min(mc2, c2) + 1)} - {(mr1, mc1)}  # fmt: skip
    rows_xml = []
    last_row = r1 - 1
    for r in range(r1, r2 + 1):
        cells_xml, last_col = [], c1 - 1
        for c in range(c1, c2 + 1):
            cell = model.cells.get((r, c))
            if (r, c) in covered or (not _shown(cell) and (r, c) not in tops):
                continue
            attrs = "" if c == last_col + 1 else f' ss:Index="{c - c1 + 1}"'
            if cell is not None and (cell.fill or cell.number_format != "General"):
                key = (cell.fill, cell.number_format)
                styles.setdefault(key, f"s{62 + len(styles)}")
                attrs += f' ss:StyleID="{styles[key]}"'
            across, down = tops.get((r, c), (0, 0))
            attrs += (f' ss:MergeAcross="{across}"' if across else "") + (
                f' ss:MergeDown="{down}"' if down else ""
            )
            inner = ""
            if cell is not None and cell.value is not None:
                kind = "Number" if isinstance(cell.value, (int, float)) else "String"
                inner += f'<Data ss:Type="{kind}">{escape(str(cell.value))}</Data>'
            if cell is not None and cell.note is not None:
                inner += (f"<Comment ss:Author={quoteattr(cell.author or '')}><ss:Data "
                          'xmlns="http://www.w3.org/TR/REC-html40">'
                          f"<Font>{escape(cell.note)}</Font></ss:Data></Comment>")  # fmt: skip
            cells_xml.append(f"<Cell{attrs}>{inner}</Cell>")
            last_col = c + across
        if cells_xml:
            index = "" if r == last_row + 1 else f' ss:Index="{r - r1 + 1}"'
            rows_xml.append(f"<Row{index}>{''.join(cells_xml)}</Row>")
            last_row = r
    style_xml = "".join(
        f'<Style ss:ID="{sid}">'
        + (f'<Interior ss:Color="#{fill}" ss:Pattern="Solid"/>' if fill else "")
        + (f'<NumberFormat ss:Format={quoteattr(NAMED.get(fmt, fmt))}/>' if fmt != "General"
           else "")
        + "</Style>"
        for (fill, fmt), sid in styles.items()
    )  # fmt: skip
    return ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            f'<Styles><Style ss:ID="Default" ss:Name="Normal"/>{style_xml}</Styles>'
            f'<Worksheet ss:Name={quoteattr(model.name)}><Table>{"".join(rows_xml)}</Table>'
            "</Worksheet></Workbook>")  # fmt: skip


# --- the xlwings layer ------------------------------------------------------------------------


class XwRange:
    def __init__(self, api: Range) -> None:
        self.api = api

    @property
    def row(self) -> int:
        return self.api.Row

    @property
    def column(self) -> int:
        return self.api.Column

    def options(self, **_: Any) -> XwRange:
        return self

    @property
    def value(self) -> Any:
        value = self.api.Value
        if not isinstance(value, tuple):
            return [[value]]
        return [list(row) for row in value]

    @property
    def formula(self) -> Any:
        value = self.api.Formula
        return value if isinstance(value, tuple) else ((value,),)


class XwSheet:
    def __init__(self, api: Worksheet) -> None:
        self.api = api

    @property
    def name(self) -> str:
        return self.api.Name

    @property
    def visible(self) -> bool:
        return self.api.Visible == XL_SHEET_VISIBLE

    @property
    def used_range(self) -> XwRange:
        return XwRange(self.api.UsedRange)

    def range(self, first: Any, last: Any = None) -> XwRange:
        if isinstance(first, str):
            return XwRange(self.api.Range(first))
        (r1, c1), (r2, c2) = first, last or first
        return XwRange(self.api.Range(f"{cell_ref(r1 - 1, c1 - 1)}:{cell_ref(r2 - 1, c2 - 1)}"))


class XwName:
    def __init__(self, name: str, refers_to: str) -> None:
        self.name, self.refers_to = name, refers_to


class XlwingsRetry:
    """``book.app.api`` as xlwings hands it out: ``COMRetryObjectWrapper`` around the COM
    object (``_inner``), whose methods retry a call refused as busy without end."""

    def __init__(self, inner: Any) -> None:
        object.__setattr__(self, "_inner", inner)

    def __getattr__(self, name: str) -> Any:
        value = getattr(object.__getattribute__(self, "_inner"), name)
        if not callable(value) or not name[:1].isupper():
            return value

        def retried(*args: Any, **kwargs: Any) -> Any:
            for _ in range(ENDLESS):
                try:
                    return value(*args, **kwargs)
                except ComError as exc:
                    if exc.hresult != RPC_E_CALL_REJECTED:
                        raise
            raise AssertionError(f"xlwings would retry {name} forever")

        return retried

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_inner"), name, value)


class XwApp:
    def __init__(self, api: Application) -> None:
        self.api: Any = XlwingsRetry(api)
        self.engine = type("Engine", (), {"name": "excel"})()
        self.alerts: list[tuple[str, str]] = []

    @property
    def status_bar(self) -> Any:
        return self.api.StatusBar

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self.api.StatusBar = value

    @property
    def screen_updating(self) -> bool:
        return self.api.ScreenUpdating

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self.api.ScreenUpdating = value

    def alert(self, message: str, title: str = "", mode: str = "info") -> None:
        self.alerts.append((message, mode))


class XwSelected:
    """``book.selection`` as xlwings hands it out (``Application.Selection``): indexing
    gives a cell; its sheet name, address and value are one round trip each."""

    def __init__(self, book: FakeBook, sheet: str, ref: str) -> None:
        self.book, self.sheet_name, self.ref = book, sheet, ref

    def __getitem__(self, index: int) -> XwSelected:
        first = self.ref.split(":")[0]  # cell 0: the area's first cell
        assert index == 0, "only the first cell of a selection is read"
        return XwSelected(self.book, self.sheet_name, first)

    @property
    def sheet(self) -> Any:
        self.book.calls.hit("Selection.Worksheet.Name")
        return type("Sheet", (), {"name": self.sheet_name})()

    @property
    def address(self) -> str:
        self.book.calls.hit("Selection.Address")
        return "$" + "$".join(re.findall(r"[A-Z]+|\d+", self.ref.upper()))

    @property
    def value(self) -> Any:
        self.book.calls.hit("Selection.Value")
        return self.book.cell(self.sheet_name, self.ref).value


class FakeBook:
    """An xlwings Book on a fake desktop Excel, loaded from ``path``."""

    def __init__(self, path: Path) -> None:
        self.calls = Calls()
        self.name = path.name
        self.fullname = str(path)  # a new, never saved workbook has its name only
        self.models: list[SheetModel] = []
        self.app = XwApp(Application(self.calls, self))
        self.api = Workbook(self.calls, self)
        self._names: list[XwName] = []
        self._selected: tuple[str, str] | None = None
        self._load(path)

    def _load(self, path: Path) -> None:
        book = openpyxl.load_workbook(path)
        cached = openpyxl.load_workbook(path, data_only=True)
        for ws in book.worksheets:
            model = SheetModel(ws.title)
            values = cached[ws.title]
            for row in ws.iter_rows():
                for c in row:
                    if not hasattr(c, "column") or (c.coordinate in ws.merged_cells and \
                            c.value is None and c.comment is None):  # fmt: skip
                        continue
                    cell = model.cell(c.row, c.column)
                    if isinstance(c.value, str) and c.value.startswith("="):
                        cell.formula, cell.value = c.value, values[c.coordinate].value
                    else:
                        cell.value = c.value
                    if c.fill is not None and c.fill.fill_type == "solid":
                        rgb = c.fill.fgColor.rgb
                        cell.fill = rgb[-6:] if isinstance(rgb, str) else None
                    if c.comment is not None:
                        cell.note, cell.author = c.comment.text, c.comment.author
                    cell.number_format = c.number_format or "General"
                    cell.locked = c.protection.locked is not False
            model.merged = [str(r) for r in ws.merged_cells.ranges]
            model.visible = {"visible": XL_SHEET_VISIBLE, "hidden": XL_SHEET_HIDDEN,
                             "veryHidden": XL_SHEET_VERY_HIDDEN}[ws.sheet_state]  # fmt: skip
            if ws.protection.sheet:
                p = ws.protection
                model.protection = {
                    "password": p.password, "Contents": True, "DrawingObjects": bool(p.objects),
                    "Scenarios": bool(p.scenarios),
                    "AllowFormattingCells": not p.formatCells,
                    "AllowFormattingColumns": not p.formatColumns,
                    "AllowFormattingRows": not p.formatRows,
                    "AllowInsertingRows": not p.insertRows,
                    "AllowInsertingColumns": not p.insertColumns,
                    "AllowInsertingHyperlinks": not p.insertHyperlinks,
                    "AllowDeletingRows": not p.deleteRows,
                    "AllowDeletingColumns": not p.deleteColumns,
                    "AllowSorting": not p.sort, "AllowFiltering": not p.autoFilter,
                    "AllowUsingPivotTables": not p.pivotTables,
                }  # fmt: skip
            self.models.append(model)
        for name, defined in book.defined_names.items():
            self._names.append(XwName(name, "=" + defined.attr_text))

    @property
    def sheets(self) -> list[XwSheet]:
        sheets = self.api.Worksheets
        return [XwSheet(sheets(i)) for i in range(1, sheets.Count + 1)]

    @property
    def names(self) -> list[XwName]:
        for _ in self._names:
            self.calls.hit("Names.Item")
        return self._names

    @property
    def selection(self) -> XwSelected | None:
        self.calls.hit("Selection")
        return None if self._selected is None else XwSelected(self, *self._selected)

    # --- for the tests' eyes only (no calls counted) ---------------------------------------

    def select(self, sheet: str, ref: str) -> None:
        """The clerk clicks a cell (or drags over an area) on ``sheet``."""
        self._selected = (sheet, ref)

    def model(self, name: str) -> SheetModel:
        return next(m for m in self.models if m.name == name)

    def cell(self, sheet: str, ref: str) -> Cell:
        r, c = parse_range(ref)[:2]
        return self.model(sheet).cell(r + 1, c + 1)

    def snapshot(self) -> dict[str, Any]:
        """Every sheet's cells as plain data, to compare before and after."""
        return {m.name: (m.visible, None if m.protection is None else dict(m.protection),
                         {cell_ref(r - 1, c - 1): (cell.value, cell.formula, cell.fill,
                                                   cell.note, cell.number_format, cell.thread)
                          for (r, c), cell in sorted(m.cells.items())
                          if cell.value is not None or cell.formula or cell.fill or cell.note})
                for m in self.models}  # fmt: skip

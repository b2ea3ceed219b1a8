"""Reading workbook files into a Grid: calamine for values, openpyxl for formulas and names.

County files are untrusted: no macro ever runs (neither library executes VBA), encrypted,
oversized and zip-bomb files are refused before parsing, and every failure is an
:class:`InputError` with one Chinese sentence naming the file and the reason.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import python_calamine

from addin.core.errors import JixiaoError
from addin.workbook.formats import package_formats, read_formats
from addin.workbook.grid import CellValue, Grid, SheetGrid, cell_ref, plain
from addin.workbook.guards import PackageRefused, check_ods, check_package
from addin.workbook.package import Package, PartCorrupt, by_content, check_members
from addin.workbook.safe_text import has_raw_bytes

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
MAX_FILE_BYTES = 50 * 1024 * 1024  # a county workbook is a few hundred KB
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # sum of the zip members' sizes
MAX_RATIO = 200  # unpacked ÷ packed: beyond this it is a zip bomb, not a workbook
_PLAIN = (str, float, int, bool)  # values calamine gives that need no conversion
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class InputError(JixiaoError):
    """A workbook that cannot be read; ``str(err)`` is a Chinese sentence for the clerk."""

    code = "unreadable"

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(path).name}：{reason}")

    def describe(self) -> str:
        return f"无法读取 {self}"


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "找不到该文件")
    if path.is_dir():
        raise InputError(path, "这是一个文件夹，不是工作簿")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(
            path,
            f"不支持的文件类型「{path.suffix or '无扩展名'}」，请使用 .xlsx、.xlsm、.xls 或 .ods",
        )
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "文件是空的（0 字节）")
    if size > MAX_FILE_BYTES:
        raise InputError(
            path,
            f"文件过大（{size >> 20} MB），超过 {MAX_FILE_BYTES >> 20} MB 的上限",
        )


@contextmanager
def _checked_zip(path: Path) -> Iterator[Package | None]:
    """An .xlsx/.xlsm/.ods is a zip: refuse encrypted (OLE) files, corrupt zips and zip bombs,
    then give the package, each part read once (None for an OLE file the reader handles)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise InputError(path, "文件已加密（设置了打开密码），请去掉密码后重新提交")
        yield None
        return
    if not zipfile.is_zipfile(path):
        raise InputError(path, "不是有效的工作簿文件（文件损坏、被截断，或只是改了扩展名）")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(path, "文件损坏或被截断，压缩数据无法解压") from exc
    with archive:
        package = Package(archive)
        try:
            _check_parts(path, package)
        except PartCorrupt as exc:
            raise InputError(path, exc.reason) from exc
        except PackageRefused as exc:
            raise InputError(path, str(exc)) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise InputError(path, "文件损坏或被截断，压缩数据无法解压") from exc
        yield package


def _check_xls(path: Path) -> None:
    """An .xls is refused as an .xlsx is, before calamine allocates what it declares."""
    from addin.workbook.xls_guard import check_xls

    with path.open("rb") as handle:
        head = handle.read(8)
    if head != OLE_MAGIC:
        if head.startswith(b"PK"):
            raise InputError(
                path, "这是 .xlsx 格式的文件却使用了 .xls 扩展名，请改成 .xlsx 后重新提交"
            )
        raise InputError(path, "不是有效的工作簿文件（文件损坏、被截断，或只是改了扩展名）")
    try:
        check_xls(path)
    except PackageRefused as exc:
        raise InputError(path, str(exc)) from exc


def _check_parts(path: Path, package: Package) -> None:
    """Encryption flags, sizes, the guards (each sheet part read once) and every other
    part's checksum; raises what :func:`_checked_zip` turns into the clerk's reason."""
    infos = package.archive.infolist()
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if any(i.flag_bits & 0x1 for i in infos):
        raise InputError(path, "文件已加密，请去掉密码后重新提交")
    check_members(package.archive)  # unknown compression methods, before any reader runs
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise InputError(path, "文件解压后异常巨大（疑似压缩炸弹），已拒绝读取")
    verify = unpacked < 20 * 1024 * 1024
    if path.suffix.lower() == ".ods":
        if verify:
            package.verify_rest()
        check_ods(package.archive)
        return
    check_package(package)  # reads (and so checks) the sheet parts
    if verify:
        package.verify_rest()


def broken_reason(exc: Exception, what: str = "工作簿") -> str:
    """A Chinese reason for a parser's exception on a damaged or odd file."""
    kind = type(exc).__name__
    if kind in ("ParseError", "XMLSyntaxError", "ExpatError", "IllegalCharacterError"):
        return f"{what}中的 XML 内容不合法（可能含有控制字符等非法字符），文件可能已损坏"
    if isinstance(exc, KeyError):
        part = re.search(r"'([^']*)'", str(exc.args[0] if exc.args else ""))
        named = f"「{part[1]}」" if part else ""
        return f"{what}缺少必需的组成部分{named}，文件可能已损坏"
    if isinstance(exc, (zlib.error, zipfile.BadZipFile, EOFError)):
        return "文件损坏或被截断，压缩数据无法解压"
    return f"无法读取{what}（{kind}），文件可能已损坏"


def _calamine_book(path: Path) -> python_calamine.CalamineWorkbook:
    """calamine takes a UTF-8 path; a name in other bytes (GBK from a zip made on Chinese
    Windows) is given as an open file instead."""
    name = str(path)
    if not has_raw_bytes(name):
        return python_calamine.CalamineWorkbook.from_path(name)
    with path.open("rb") as handle:
        return python_calamine.CalamineWorkbook.from_filelike(handle)


def _calamine_sheets(path: Path, *, formulas_seen: bool) -> list[SheetGrid]:
    try:
        book = _calamine_book(path)
    except python_calamine.PasswordError as exc:
        raise InputError(path, "文件已加密（设置了打开密码），请去掉密码后重新提交") from exc
    except Exception as exc:  # calamine raises several error types for broken files
        raise InputError(path, broken_reason(exc)) from exc
    sheets: list[SheetGrid] = []
    try:
        visible = python_calamine.SheetVisibleEnum.Visible
        hidden = {m.name for m in book.sheets_metadata if m.visible != visible}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            values: list[list[CellValue]] = [
                [None if v == "" else v if v.__class__ in _PLAIN else plain(v) for v in row]
                for row in rows
            ]
            while values and all(v is None for v in values[-1]):
                values.pop()
            merged = [_range_text(*first, *last) for first, last in sheet.merged_cell_ranges or []]
            sheets.append(SheetGrid(name=name, values=values, merged=merged, hidden=name in hidden,
                                    formulas_seen=formulas_seen))  # fmt: skip
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, f"读取工作表时出错（{type(exc).__name__}），文件可能已损坏") from exc
    finally:
        book.close()
    return sheets


@lru_cache(maxsize=1 << 16)  # the same ranges recur in every sheet of a layout
def _range_text(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"


def _openpyxl_extras(path: Path, grid: Grid) -> None:
    """Formulas and defined names from an .xlsx/.xlsm (calamine gives values only)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    except Exception as exc:
        raise InputError(path, broken_reason(exc, "工作簿结构")) from exc
    try:
        for name, defined in book.defined_names.items():
            if defined.attr_text and "!" in defined.attr_text:
                grid.names[name] = defined.attr_text
        by_name = {s.name: s for s in grid.sheets}
        for ws in book.worksheets:
            sheet = by_name.get(ws.title)
            if sheet is None:
                continue
            for name, defined in getattr(ws, "defined_names", {}).items():
                grid.names.setdefault(name, defined.attr_text)
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        sheet.formulas[cell.coordinate] = str(cell.value)
    except Exception as exc:  # the read-only pass parses lazily: errors surface here
        raise InputError(path, broken_reason(exc, "工作表")) from exc
    finally:
        book.close()


def _defined_names(package: Package) -> dict[str, str]:
    """Workbook-level defined names straight from xl/workbook.xml (no full parse)."""
    try:
        return dict(_names_of(package.read("xl/workbook.xml")))
    except (KeyError, zipfile.BadZipFile, SyntaxError):
        return {}


@by_content
def _names_of(book: bytes) -> tuple[tuple[str, str], ...]:
    from xml.etree.ElementTree import fromstring

    names: dict[str, str] = {}
    for element in fromstring(book).iter():
        if element.tag.endswith("definedName") and "!" in (element.text or ""):
            names.setdefault(element.get("name", ""), element.text or "")
    return tuple(names.items())


def read_grid(path: Path | str, *, formulas: bool = True) -> Grid:
    """Read a workbook file into a Grid, or raise :class:`InputError` with a Chinese reason.

    ``formulas=False`` skips openpyxl (values, merged ranges and defined names only): the
    fast path of the merge, which recomputes every figure from the inputs anyway.
    """
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".ods"):
        _check_xls(path)
        grid = Grid(file=path.name, sheets=_calamine_sheets(path, formulas_seen=False))
        from addin.workbook.xls_names import xls_names

        grid.names = xls_names(path)
        _attach_formats(grid, read_formats(path))
        return grid
    with _checked_zip(path) as package:
        seen = formulas and package is not None and suffix != ".ods"  # openpyxl reads them
        grid = Grid(file=path.name, sheets=_calamine_sheets(path, formulas_seen=seen))
        if package is None or suffix == ".ods":
            from addin.workbook.ods_names import ods_names

            grid.names = ods_names(path)
            _attach_formats(grid, read_formats(path))
        else:
            if formulas:
                _openpyxl_extras(path, grid)
            else:
                grid.names = _defined_names(package)
            _attach_formats(grid, package_formats(package))
    return grid


def _attach_formats(grid: Grid, formats: dict[str, dict[str, str]] | None) -> None:
    """Number formats beside the values (see :mod:`addin.workbook.formats`); None where unseen."""
    for sheet in grid.sheets:
        sheet.formats = None if formats is None else formats.get(sheet.name, {})

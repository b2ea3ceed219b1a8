"""Guards before the readers: sizes and counts a county package declares, read cheaply.

The Rust reader (calamine) allocates a sheet as one rectangle from its first to its last
cell and sizes the shared-string table by the count the file declares; openpyxl's read-only
pass walks every row up to the last one. One cell at XFD1048576, a value in the grid's last
row, or a count of 4294967295 would cost hundreds of GiB or minutes. So before either
library runs, the sheet parts are scanned as bytes (chunk by chunk, no XML tree) for the
largest cell and row reference and the merged ranges, and the shared-string header for its
counts; anything absurd is refused with a Chinese reason naming the sheet and the cell.

The scan is quick first (:mod:`addin.workbook.extent`: never less than the truth) and exact
before a refusal. Parts come through a :class:`~addin.workbook.package.Package`, so the bytes read
here are the ones the number formats and defined names then use.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from addin.core.errors import JixiaoError
from addin.workbook.extent import (
    declared,
    exact_extent,
    positional,
    quick_extent,
    walked_extent,
)
from addin.workbook.grid import cell_ref, col_index
from addin.workbook.package import Package, by_content, check_member, read_member

GRID_ROWS, GRID_COLS = 1_048_576, 16_384  # Excel's grid
MAX_SHEET_CELLS = 1_000_000  # rows × columns from A1 to a sheet's last cell
MAX_BOOK_CELLS = 5_000_000  # the same, summed over the workbook
MAX_MERGES = 100_000  # merged ranges in one sheet
MAX_SHEETS = 500
# the two sheets a marked copy adds (校验结果, the marks' backup): a book at the limit can be
# marked, and its marked copy read and cleared again
OWN_SHEETS = ("校验结果", "jixiao_marks")
CHUNK = 1 << 20

_TAG = rb"<(?:[A-Za-z_][\w.-]*:)?"
_MERGE = re.compile(_TAG + rb"mergeCell\b[^>]*?\sref=[\"']([^\"']*)[\"']")
_COUNT = re.compile(rb"\s(count|uniqueCount)=[\"'](\d+)[\"']")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb"([\w:]+)=[\"']([^\"']*)[\"']")
_RANGE = re.compile(r"^\$?([A-Za-z]{1,8})\$?(\d{1,15})(?::\$?([A-Za-z]{1,8})\$?(\d{1,15}))?$")


class PackageRefused(JixiaoError):
    """The package declares something absurd; ``str(err)`` is the Chinese reason."""


@dataclass
class SheetExtent:
    """What a scan of one sheet part found."""

    name: str  # the sheet's name in the workbook, else its part name
    rows: int = 0  # 1-based last row with a cell or a row element
    cols: int = 0  # 1-based last column with a cell
    merges: int = 0
    merged_cells: int = 0  # cells covered by merged ranges, summed
    widest_merge: str = ""
    bad_merges: list[str] = field(default_factory=list)


def _ref(col: int, row: int) -> str:
    return cell_ref(row - 1, col - 1) if col >= 1 and row >= 1 else f"第 {row} 行"


def _sheet_names(package: Package) -> dict[str, str]:
    """Part name -> sheet name, from xl/workbook.xml and its relationships (regex only)."""
    try:
        book = package.read("xl/workbook.xml")[: 4 * CHUNK]
        rels = package.read("xl/_rels/workbook.xml.rels")[: 4 * CHUNK]
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return {}
    return dict(_names_in(book, rels))


@by_content
def _names_in(book: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[attrs.get(b"Id", b"")] = str(PurePosixPath(path))
    names = {}
    for tag in _SHEET.findall(book):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        part = targets.get(attrs.get(b"id", b""))
        if part:
            names[part] = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
    return tuple(names.items())


def _chunks(package: Package, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks cut after a complete tag (a tag never straddles two)."""
    carry = b""
    for block in package.blocks(info, CHUNK):
        buffer = carry + block if carry else block
        cut = buffer.rfind(b"<")
        if cut > buffer.rfind(b">"):
            buffer, carry = buffer[:cut], buffer[cut:]
            if len(carry) > 4 * CHUNK:
                raise PackageRefused(f"「{info.filename}」中有一个长达数 MB 的 XML 标签，文件异常")
        else:
            carry = b""
        yield buffer
    if carry:
        yield carry


def _scan_sheet(package: Package, info: zipfile.ZipInfo, name: str, exact: bool) -> SheetExtent:
    """The extent of one sheet part: quick (never less than the truth, see
    :mod:`addin.workbook.extent`) or ``exact`` (cells and rows only, as a refusal names them).
    A part whose cells or rows may be placed by position is walked tag by tag."""
    extent, bound, walk = SheetExtent(name=name), None, False
    for i, chunk in enumerate(_chunks(package, info)):
        walk = walk or positional(chunk)
        if exact:
            rows, cols = exact_extent(chunk)
        else:
            bound = declared(chunk) if i == 0 else bound
            rows, cols = quick_extent(chunk, bound)
        extent.rows, extent.cols = max(extent.rows, rows), max(extent.cols, cols)
        start = chunk.find(b"mergeCell")
        if start >= 0:
            _count_merges(_MERGE.findall(chunk, max(chunk.rfind(b"<", 0, start), 0)), extent)
    if walk:
        walked = walked_extent(_chunks(package, info))
        extent.rows, extent.cols = max(extent.rows, walked[0]), max(extent.cols, walked[1])
    return extent


def _count_merges(refs: list[bytes], extent: SheetExtent) -> None:
    """Add one chunk's merged ranges to the sheet's count, area and widest range."""
    if not refs:
        return
    areas = list(map(_area_of, refs))
    if None in areas:  # an invalid range: named in the refusal, in the order of the file
        for ref, area in zip(refs, areas, strict=True):
            _add_merge(ref.decode("utf-8", "replace"), area, extent)
        return
    extent.merges += len(refs)
    extent.merged_cells += sum(areas)
    widest = max(areas)
    if not extent.widest_merge or widest > _merge_area(extent.widest_merge):
        extent.widest_merge = refs[areas.index(widest)].decode("utf-8", "replace")


def _add_merge(text: str, area: int | None, extent: SheetExtent) -> None:
    extent.merges += 1
    if area is None:
        if len(extent.bad_merges) < 3:
            extent.bad_merges.append(text)
        return
    extent.merged_cells += area
    if not extent.widest_merge or area > _merge_area(extent.widest_merge):
        extent.widest_merge = text


@lru_cache(maxsize=1 << 16)  # the same ranges recur in every sheet of a layout
def _area_of(ref: bytes) -> int | None:
    return _merge_area(ref.decode("utf-8", "replace"))


@lru_cache(maxsize=1 << 16)
def _merge_area(ref: str) -> int | None:
    """Cells a merged range covers; None when it is not a range inside the grid, top-left
    first."""
    match = _RANGE.match(ref.strip())
    if not match or not match[3]:
        return None
    r1, r2 = int(match[2]), int(match[4])
    c1, c2 = col_index(match[1]) + 1, col_index(match[3]) + 1
    if r1 < 1 or r2 > GRID_ROWS or c2 > GRID_COLS or r1 > r2 or c1 > c2:
        return None
    return (r2 - r1 + 1) * (c2 - c1 + 1)


def check_editable(archive: zipfile.ZipFile) -> None:
    """Refuse a package openpyxl cannot load as a whole: it makes one object per merged
    cell, so a merge over the whole grid (harmless to the readers, clipped there) would
    take hours and all memory in ``--mark`` and ``clear``."""
    for extent in check_package(archive):
        if extent.merged_cells > MAX_SHEET_CELLS:
            raise PackageRefused(
                f"工作表「{extent.name}」的合并区域「{extent.widest_merge}」覆盖了 "
                f"{extent.merged_cells:,} 个单元格，无法在副本上做标记；"
                "请在 Excel 中取消这个合并后重试"
            )


def _check_sheet(extent: SheetExtent) -> None:
    where = f"工作表「{extent.name}」"
    if extent.rows > GRID_ROWS or extent.cols > GRID_COLS:
        raise PackageRefused(
            f"{where}含有超出 Excel 表格范围的单元格（{_ref(extent.cols, extent.rows)}），"
            "文件可能已损坏"
        )
    if extent.rows * extent.cols > MAX_SHEET_CELLS:
        raise PackageRefused(
            f"{where}的内容延伸到 {_ref(extent.cols, extent.rows)}（{extent.rows} 行 × "
            f"{extent.cols} 列），超过每表 {MAX_SHEET_CELLS:,} 个单元格的上限；"
            "请删除表格下方或右侧多余的内容后重新提交"
        )
    if extent.bad_merges:
        bad = "、".join(f"「{m}」" for m in extent.bad_merges)
        raise PackageRefused(
            f"{where}的合并区域{bad}无效（起点在终点之后或超出表格），文件可能已损坏"
        )
    if extent.merges > MAX_MERGES:
        raise PackageRefused(
            f"{where}有 {extent.merges:,} 个合并区域，超过 {MAX_MERGES:,} 个的上限"
        )


def _check_shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """A declared count larger than the part could hold is a lie the reader would trust.
    ``uniqueCount`` counts the strings in the part; ``count`` counts the cells that refer
    to them, so one string in every cell of a legal book may have a count far beyond the
    part's size, but never beyond the cells a book may have."""
    head = read_member(archive, info.filename, 4096)
    start = head.find(b"<", head.find(b"sst"))
    tag = head[head.find(b"sst") : start if start > 0 else len(head)]
    for key, digits in _COUNT.findall(tag):
        declared = int(digits)
        room = max(info.file_size // 4, 1024)
        if key == b"count":
            room = max(room, MAX_BOOK_CELLS)
        if declared > room:
            raise PackageRefused(
                f"共享字符串表声明有 {declared:,} 条（{key.decode()}），与其实际大小不符，"
                "文件可能已损坏"
            )


def _check_main_part(package: Package) -> None:
    """The workbook part the package's relationships point to must be there."""
    target = "xl/workbook.xml"
    try:
        rels = package.read("_rels/.rels")[: 4 * CHUNK]
    except KeyError:
        rels = b""
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get(b"Type", b"").endswith(b"/officeDocument"):
            target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
    if target not in package.archive.namelist():
        raise PackageRefused(f"文件缺少必需的组成部分「{target}」，文件可能已损坏")


def check_package(archive: zipfile.ZipFile | Package) -> list[SheetExtent]:
    """Scan an .xlsx/.xlsm package; raise :class:`PackageRefused` on absurd sizes or counts.

    A sheet's extent is its largest ``r`` reference: exact for cells and rows whenever it
    leads to a refusal, otherwise never less than the last cell or row."""
    package = archive if isinstance(archive, Package) else Package(archive)
    _check_main_part(package)
    names = _sheet_names(package)
    present = set(package.archive.namelist())
    for part, sheet in names.items():
        if part not in present:
            raise PackageRefused(f"工作表「{sheet}」的内容（{part}）缺失，文件可能已损坏")
    counted = [n for n in names.values() if n not in OWN_SHEETS]
    if len(counted) > MAX_SHEETS:
        raise PackageRefused(f"工作簿有 {len(counted)} 张工作表，超过 {MAX_SHEETS} 张的上限")
    scanned: list[tuple[zipfile.ZipInfo, SheetExtent]] = []
    for info in package.archive.infolist():
        part = info.filename
        lower = part.lower()
        if not lower.endswith(".xml") or info.is_dir():
            continue
        if lower.rsplit("/", 1)[-1].startswith("sharedstrings"):
            _check_shared_strings(package.archive, info)
        elif part in names or "sheets/" in lower:
            extent = _scan_sheet(package, info, names.get(part, part), exact=False)
            if _refused(extent):
                extent = _scan_sheet(package, info, extent.name, exact=True)
                _check_sheet(extent)
            scanned.append((info, extent))
    extents = [extent for _, extent in scanned]
    if _book_cells(extents) > MAX_BOOK_CELLS:  # the quick extents say so: count exactly
        extents = [_scan_sheet(package, info, e.name, exact=True) for info, e in scanned]
        total = _book_cells(extents)
        if total > MAX_BOOK_CELLS:
            raise PackageRefused(
                f"各工作表合计 {total:,} 个单元格，超过 {MAX_BOOK_CELLS:,} 个的上限；"
                "请删除多余的内容后重新提交"
            )
    return extents


def _refused(extent: SheetExtent) -> bool:
    try:
        _check_sheet(extent)
    except PackageRefused:
        return True
    return False


def _book_cells(extents: list[SheetExtent]) -> int:
    return sum(e.rows * e.cols for e in extents)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(_TABLE + attribute, "1")))
    except ValueError:
        return 1


def check_ods(archive: zipfile.ZipFile) -> list[SheetExtent]:
    """The same limits for an .ods: a row or cell with content "repeated" a million times is
    expanded by the reader, so the extent counts repeats of rows and cells that hold
    something (LibreOffice's repeated empty rows at the end of every sheet cost nothing)."""
    from xml.etree.ElementTree import ParseError, iterparse

    extents: list[SheetExtent] = []
    extent, row, col, last_col = SheetExtent(name=""), 0, 0, 0
    try:
        check_member(archive.getinfo("content.xml"))
        with archive.open("content.xml") as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _TABLE + "table":
                        extent, row = SheetExtent(name=element.get(_TABLE + "name", "")), 0
                    elif tag == _TABLE + "table-row":
                        col = last_col = 0
                elif tag in _CELLS:
                    col += _repeat(element, "number-columns-repeated")
                    if element.get(_OFFICE + "value-type") is not None or len(element):
                        last_col = col
                    element.clear()
                elif tag == _TABLE + "table-row":
                    repeated = _repeat(element, "number-rows-repeated")
                    if last_col:
                        extent.rows, extent.cols = row + repeated, max(extent.cols, last_col)
                    row += repeated
                    element.clear()
                elif tag == _TABLE + "table":
                    _check_sheet(extent)
                    extents.append(extent)
                    element.clear()
    except KeyError as exc:
        raise PackageRefused("文件缺少必需的组成部分「content.xml」，文件可能已损坏") from exc
    except ParseError as exc:
        raise PackageRefused("文件中的 XML 内容不合法，文件可能已损坏") from exc
    total = sum(e.rows * e.cols for e in extents)
    if total > MAX_BOOK_CELLS:
        raise PackageRefused(
            f"各工作表合计 {total:,} 个单元格，超过 {MAX_BOOK_CELLS:,} 个的上限；"
            "请删除多余的内容后重新提交"
        )
    return extents

"""A corpus of odd and hostile county workbooks, built at test time from one good book.

Each case takes the good book's package and changes one thing a county file might carry
(by accident or not): values, text with control characters, sheets, grid extremes, merges,
package parts, styles, zips, XML entities, injected formulas. Nothing binary is committed.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from addin.core.seeds import load_seeds
from addin.demo.samples import write_hunan

Parts = dict[str, bytes]
INJECTION = '=HYPERLINK("#A1","x")1'
UNIT = "测试区总工会"  # the base book's unit; case i is 测试区总工会i
SHEET = "xl/worksheets/sheet1.xml"


def base_book(folder: Path) -> tuple[Path, str, dict[str, str]]:
    """A good one-form Hunan self-evaluation saved by openpyxl (shared strings, styles):
    (path, form sheet name, field -> cell)."""
    seeds = {s.seed[:3]: s for s in load_seeds()}
    path = folder / "base.xlsx"
    form = seeds["002"].forms[2].model_copy(deep=True)
    form.header.implementer = UNIT
    layout = write_hunan([form], path)
    _, parts = _read(path)
    _write(path, _shared_strings(parts))
    form = layout.forms[0]
    return path, form.sheet, form.cells


def _shared_strings(parts: Parts) -> Parts:
    """Inline strings of every sheet moved into a shared-strings part, as Excel writes them."""
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(escape(html.unescape(match[2])))
        return f'{match[1]} t="s"><v>{len(strings) - 1}</v></c>'

    out = dict(parts)
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        text = parts[name].decode("utf-8")
        inline = r'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>'
        text = re.sub(inline, shared, text)
        out[name] = text.encode("utf-8")
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    out["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    out["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    out["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return out


def _read(path: Path) -> tuple[list[zipfile.ZipInfo], Parts]:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        return infos, {i.filename: archive.read(i) for i in infos}


def _write(path: Path, parts: Parts) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _sub(parts: Parts, name: str, pattern: str, repl: str, count: int = 1) -> Parts:
    text = parts[name].decode("utf-8")
    new, n = re.subn(pattern, repl, text, count=count)
    assert n, (name, pattern)
    return parts | {name: new.encode("utf-8")}


def _first_string(parts: Parts, text: str) -> Parts:
    """Replace the first shared string's text (raw XML, not escaped)."""
    return _sub(parts, "xl/sharedStrings.xml", r"<t>[^<]*</t>", f"<t>{text}</t>")


def _sheet_name(parts: Parts, name: str) -> Parts:
    return _sub(parts, "xl/workbook.xml", r'(<sheet\b[^>]*? name=")[^"]*"', rf'\g<1>{name}"')


def _cell(parts: Parts, row: int, ref: str, value: str = "1") -> Parts:
    """Append a numeric cell in a new last row of sheet 1."""
    return _sub(parts, SHEET, r"</sheetData>",
                f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row></sheetData>')  # fmt: skip


def _merges(parts: Parts, refs: list[str], sheet: str = SHEET) -> Parts:
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    text = parts[sheet].decode("utf-8")
    if "<mergeCells" in text:
        text = re.sub(r"<mergeCells[^>]*>", f'<mergeCells count="{len(refs)}">' + cells, text)
    else:
        text = text.replace("</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">'
                            f"{cells}</mergeCells>")  # fmt: skip
    return parts | {sheet: text.encode("utf-8")}


def _every_sheet(parts: Parts, edit: Callable[[Parts, str], Parts]) -> Parts:
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts = edit(parts, name)
    return parts


def _row_at_bottom(parts: Parts, name: str) -> Parts:
    return _sub(parts, name, r"</sheetData>",
                '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')  # fmt: skip


CUSTOM = "docProps/custom.xml"
MARKER = "jixiao-city-summary"  # the summary's document property, which anyone can copy


def _with_custom(parts: Parts, value: str = MARKER) -> Parts:
    """The summary's custom document property (and room for damage: a longer part)."""
    pad = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 3}" '
        f'name="备注{i}"><vt:lpwstr>{"说明" * 20}</vt:lpwstr></property>'
        for i in range(20)
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://'
        'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
        'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="'
        '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="jixiao"><vt:lpwstr>'
        f"{value}</vt:lpwstr></property>{pad}</Properties>"
    )
    return parts | {CUSTOM: custom.encode()}


def _central(data: bytes, part: str) -> tuple[int, int]:
    """(central directory entry, local header) offsets of ``part`` in a zip's bytes."""
    for match in re.finditer(rb"PK\x01\x02", data):
        at = match.start()
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == part.encode():
            return at, int.from_bytes(data[at + 42 : at + 46], "little")
    raise LookupError(part)


def _method(part: str, method: int) -> Callable[[Path, Path], None]:
    """The part's compression method set to ``method`` (99: AES, unknown to the readers)."""

    def make(base: Path, out: Path) -> None:
        data = bytearray(base.read_bytes())
        central, local = _central(bytes(data), part)
        data[central + 10 : central + 12] = method.to_bytes(2, "little")
        data[local + 8 : local + 10] = method.to_bytes(2, "little")
        out.write_bytes(bytes(data))

    return make


def _part_flag(part: str) -> Callable[[Path, Path], None]:
    """Only ``part`` carries the encrypted flag."""

    def make(base: Path, out: Path) -> None:
        data = bytearray(base.read_bytes())
        central, local = _central(bytes(data), part)
        data[central + 8] |= 0x1
        data[local + 6] |= 0x1
        out.write_bytes(bytes(data))

    return make


def _part_damaged(part: str) -> Callable[[Path, Path], None]:
    """``part``'s compressed bytes damaged in place."""

    def make(base: Path, out: Path) -> None:
        data = bytearray(base.read_bytes())
        with zipfile.ZipFile(base) as archive:
            info = archive.getinfo(part)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for i in range(start + 2, start + info.compress_size - 2, 5):
            data[i] ^= 0xA5
        out.write_bytes(bytes(data))

    return make


def _forged_signature(parts: Parts) -> Parts:
    """A county book carrying a made-up summary signature part (and the marker)."""
    fake = b'<?xml version="1.0" encoding="UTF-8"?><signature xmlns="urn:jixiao:signature">'
    return _with_custom(parts) | {
        "docProps/jixiao-signature.xml": fake + b"00" * 32 + b"</signature>"
    }


STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _strict(parts: Parts) -> Parts:
    """The spreadsheet namespace of strict OOXML (openpyxl warns in English on it)."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return {k: v.replace(main, STRICT) if k.endswith(".xml") else v for k, v in parts.items()}


# name -> edit of the package parts (the good book's parts in, the hostile book's parts out)
EDITS: dict[str, Callable[[Parts], Parts]] = {
    # text and control characters
    "控制字符": lambda p: _first_string(p, "单位\x01名称"),
    "空字符": lambda p: _first_string(p, "单位\x00名称"),
    "控制字符引用": lambda p: _first_string(p, "单位&#1;名称"),
    "转义控制字符": lambda p: _first_string(p, "单位_x0001_名称_x000C_"),
    "超长文本": lambda p: _first_string(p, "长" * 40000),
    # sheets
    "表名换页符": lambda p: _sheet_name(p, "自评&#12;表"),
    "表名公式": lambda p: _sheet_name(p, INJECTION.replace('"', "&quot;")),
    "表名方括号": lambda p: _sheet_name(p, "[自评]*?表"),
    "表名过长": lambda p: _sheet_name(p, "项目支出绩效自评表" * 5),
    "表名重复": lambda p: _sub(p, "xl/workbook.xml", r"(<sheet\b[^>]*/>)", r"\1\1"),
    # grid extremes
    "末格XFD1048576": lambda p: _cell(p, 1048576, "XFD1048576"),
    "超出列范围": lambda p: _cell(p, 5000, "XFE5000"),
    "超出行范围": lambda p: _cell(p, 1048577, "A1048577"),
    "超大行号": lambda p: _cell(p, 4294967295, "A4294967295"),
    "每表末行有值": lambda p: _every_sheet(p, _row_at_bottom),
    "声明全表尺寸": lambda p: _sub(
        p, SHEET, r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>'
    ),
    # merges
    "全表合并": lambda p: _merges(p, ["A1:XFD1048576"]),
    "倒置合并": lambda p: _merges(p, ["B2:A1"]),
    "重叠合并": lambda p: _merges(p, ["A1:C3", "B2:D4", "A1:D4"]),
    "大量合并": lambda p: _merges(p, [f"A{r}:B{r}" for r in range(100, 40100)]),
    "无效合并": lambda p: _merges(p, ["A1:ZZZZ9", "hello"]),
    # package parts
    "共享字符串计数溢出": lambda p: _sub(
        p,
        "xl/sharedStrings.xml",
        r'(count|uniqueCount)="\d+"',
        'uniqueCount="4294967295" count="4294967295"',
    ),
    "缺少workbook": lambda p: {k: v for k, v in p.items() if k != "xl/workbook.xml"},
    "缺少工作表": lambda p: {k: v for k, v in p.items() if k != SHEET},
    "缺少styles": lambda p: {k: v for k, v in p.items() if k != "xl/styles.xml"},
    "样式越界": lambda p: _sub(p, SHEET, r'(<c r="[A-Z]+\d+") s="\d+"', r'\1 s="9999"', count=0),
    "数字格式异常": lambda p: _sub(
        p, "xl/styles.xml", r'numFmtId="\d+"', 'numFmtId="9999"', count=0
    ),
    # XML entities
    "外部实体": lambda p: _sub(
        p,
        "xl/sharedStrings.xml",
        r"^(<\?xml[^>]*\?>)?",
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ),
    "实体膨胀": lambda p: _sub(
        p,
        "xl/workbook.xml",
        r"^(<\?xml[^>]*\?>)?",
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {b} "' + f"&{a};" * 10 + '">'
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>",
    ),
    # injection
    "公式注入": lambda p: _first_string(p, "=cmd|' /C calc'!A0"),
    # our summary's marks, copied
    "伪造汇总标记": _with_custom,
    "伪造汇总签名": _forged_signature,
    "严格OOXML": _strict,
}


def _negative_amounts(base: Path, sheet: str, cells: dict[str, str], out: Path, unit: str) -> None:
    book = openpyxl.load_workbook(base)
    book[sheet][cells["implementer"]] = unit
    for key in ("funding.fiscal.spent", "funding.total.spent"):
        book[sheet][cells[key]] = -5000
    book.save(out)


def _merged_finding(base: Path, sheet: str, cells: dict[str, str], out: Path, unit: str) -> None:
    """A finding's cell inside a merged range (not its top-left): --mark must not fail."""
    book = openpyxl.load_workbook(base)
    ws = book[sheet]
    ws[cells["implementer"]] = unit
    ws[cells["funding.total.spent"]] = "不是数字"  # a finding on G10
    ws.merge_cells("F10:G10")
    book.save(out)


def _whole_grid_merge_beside(
    base: Path, sheet: str, cells: dict[str, str], out: Path, unit: str
) -> None:
    """A good form, and beside it a notes sheet merged over the whole grid."""
    book = openpyxl.load_workbook(base)
    book[sheet][cells["implementer"]] = unit
    book.create_sheet("备注")["A1"] = "说明"
    book.save(out)
    _, parts = _read(out)
    _write(out, _merges(parts, ["A1:XFD1048576"], sheet="xl/worksheets/sheet2.xml"))


def _corrupt_deflate(base: Path, out: Path) -> None:
    """Compressed bytes of sheet 1 damaged in place (the zip directory still claims them)."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + min(info.compress_size, 400), 7):
        data[i] ^= 0x5A
    out.write_bytes(bytes(data))


def _many_entries(base: Path, out: Path) -> None:
    _, parts = _read(base)
    parts |= {f"junk/{i}.bin": b"" for i in range(10000)}
    _write(out, parts)


def _zip_bomb(base: Path, out: Path) -> None:
    _, parts = _read(base)
    _write(out, parts | {"xl/media/pad.bin": b"\0" * (60 * 1024 * 1024)})


def _encrypted_flag(base: Path, out: Path) -> None:
    data = bytearray(base.read_bytes())
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):
        data[match.start() + 8] |= 0x1  # central directory: general purpose flag, bit 0
    out.write_bytes(bytes(data))


def _renamed(parts: Parts, index: int) -> Parts:
    """Case ``index`` speaks for its own unit, so readable cases are not twins."""
    name = "xl/sharedStrings.xml"
    if name not in parts:
        return parts
    return parts | {name: parts[name].replace(UNIT.encode(), f"{UNIT}{index}".encode())}


def _ods(path: Path, rows: str) -> None:
    """A minimal OpenDocument spreadsheet whose one table holds ``rows`` (table XML)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="自评表">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


_ODS_CELL = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
_ODS_CELL_20 = _ODS_CELL.replace(
    "<table:table-cell ", '<table:table-cell table:number-columns-repeated="20" '
)
ODS = {
    # a row with a value "repeated" a million times: the reader expands every copy
    "ODS重复行": f'<table:table-row table:number-rows-repeated="1000000">{_ODS_CELL_20}'
    "</table:table-cell></table:table-row>",
    # LibreOffice's own trailing empty rows cost nothing
    "ODS空行": f"<table:table-row>{_ODS_CELL}</table:table-cell></table:table-row>"
    '<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>',
}


def build_corpus(folder: Path, xls: bool = True) -> dict[str, Path]:
    """Write every hostile case into ``folder``: case name -> file (``xls``: also the .xls
    cases, converted by LibreOffice)."""
    folder.mkdir(parents=True, exist_ok=True)
    work = folder.parent / (folder.name + "_base")
    work.mkdir(exist_ok=True)
    base, sheet, cells = base_book(work)
    _, parts = _read(base)
    files: dict[str, Path] = {}
    for name, edit in EDITS.items():
        files[name] = folder / f"{name}.xlsx"
        _write(files[name], edit(_renamed(parts, len(files))))
    for name, build in (("负数执行数", _negative_amounts), ("合并区内的错误", _merged_finding),
                        ("另表全表合并", _whole_grid_merge_beside)):  # fmt: skip
        files[name] = folder / f"{name}.xlsx"
        build(base, sheet, cells, files[name], f"{UNIT}{len(files)}")
    for name, make in (("压缩数据损坏", _corrupt_deflate), ("一万个条目", _many_entries),
                       ("压缩炸弹", _zip_bomb), ("加密标志", _encrypted_flag),
                       ("路径[方括号]", None),
                       ("属性部件压缩方式99", _method(CUSTOM, 99)),
                       ("属性部件加密标志", _part_flag(CUSTOM)),
                       ("属性部件数据损坏", _part_damaged(CUSTOM)),
                       ("工作表压缩方式99", _method(SHEET, 99)),
                       ("工作表压缩方式12", _method(SHEET, 12))):  # fmt: skip
        renamed = work / f"{len(files)}.xlsx"
        _write(renamed, _with_custom(_renamed(parts, len(files) + 1)))
        files[name] = folder / ("[bold]路径[方括号].xlsx" if make is None else f"{name}.xlsx")
        if make is None:
            files[name].write_bytes(renamed.read_bytes())
        else:
            make(renamed, files[name])
    for name, rows in ODS.items():
        files[name] = folder / f"{name}.ods"
        _ods(files[name], rows)
    if xls:
        good = work / "xls" / f"{len(files)}.xlsx"
        good.parent.mkdir(exist_ok=True)
        _write(good, _renamed(parts, len(files)))
        base_xls = to_xls(good)
        for name, make in XLS.items():
            files[name] = folder / f"{name}.xls"
            make(base_xls, files[name])
    return files


def to_xls(xlsx: Path) -> Path:
    """The same book as .xls (BIFF8), converted by LibreOffice with a profile of its own."""
    import shutil
    import subprocess
    import tempfile
    import uuid

    profile = Path(tempfile.gettempdir()) / f"jixiao-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "xls", "--outdir", str(xlsx.parent), str(xlsx)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return xlsx.with_suffix(".xls")


def _biff_records(data: bytes) -> list[tuple[int, int, int]]:
    """(record type, offset of its body, length) of a BIFF stream."""
    out, offset = [], 0
    while offset + 4 <= len(data):
        kind = int.from_bytes(data[offset : offset + 2], "little")
        length = int.from_bytes(data[offset + 2 : offset + 4], "little")
        out.append((kind, offset + 4, length))
        offset += 4 + length
    return out


def _xls_edit(edit: Callable[[bytearray], None]) -> Callable[[Path, Path], None]:
    """The .xls with its Workbook stream changed in place (same length)."""

    def make(base: Path, out: Path) -> None:
        import olefile

        out.write_bytes(base.read_bytes())
        with olefile.OleFileIO(str(out), write_mode=True) as ole:
            data = bytearray(ole.openstream("Workbook").read())
            edit(data)
            ole.write_stream("Workbook", bytes(data))

    return make


def _first(data: bytearray, kinds: set[int], skip_globals: bool = True) -> int:
    bofs = 0
    for kind, body, _length in _biff_records(bytes(data)):
        if kind == 0x0809:
            bofs += 1
        if kind in kinds and (bofs >= 2 or not skip_globals):
            return body
    raise LookupError(kinds)


def _dimension_rows(data: bytearray) -> None:
    """A DIMENSIONS record claiming 1.7 billion rows (calamine aborts on it)."""
    at = _first(data, {0x0200})
    data[at + 4 : at + 8] = (1_700_000_000).to_bytes(4, "little")


def _last_cell(data: bytearray) -> None:
    """A cell moved to IV65536, the last cell of an .xls sheet; DIMENSIONS left small."""
    at = _first(data, {0x0203, 0x00FD, 0x027E, 0x0204})
    data[at : at + 4] = (65535).to_bytes(2, "little") + (255).to_bytes(2, "little")


def _truncated(base: Path, out: Path) -> None:
    out.write_bytes(base.read_bytes()[:3000])


XLS = {
    "xls正常": lambda base, out: out.write_bytes(base.read_bytes()),
    "xls维度溢出": _xls_edit(_dimension_rows),
    "xls末格IV65536": _xls_edit(_last_cell),
    "xls截断": _truncated,
    "xls实为xlsx": lambda base, out: out.write_bytes(base.with_suffix(".xlsx").read_bytes()),
}

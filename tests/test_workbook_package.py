"""A county package is read once: each part decompressed once, its checksum checked, and
what the guards read reused for the number formats and defined names."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.workbook.files import InputError, read_grid
from addin.workbook.formats import _cell_formats, read_formats
from addin.workbook.package import Package, PartCorrupt


def _book(path: Path, percent_cell: str = "B2") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "自评"
    ws["A1"], ws["A2"] = "执行率", 0.5
    ws[percent_cell] = 0.92
    ws[percent_cell].number_format = "0%"
    ws["A3"], ws["A3"].number_format = 13.5, "#,##0.00"
    ws.merge_cells("A1:C1")
    book.create_sheet("备注")["A1"] = "说明"
    book.defined_names["执行率"] = openpyxl.workbook.defined_name.DefinedName(
        "执行率", attr_text="'自评'!$B$2"
    )
    book.save(path)
    return path


def test_each_part_is_decompressed_once(tmp_path, monkeypatch):
    path = _book(tmp_path / "县.xlsx")
    opened: Counter[str] = Counter()
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened[getattr(name, "filename", name)] += 1
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    grid = read_grid(path, formulas=False)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert set(opened) == names  # every part checked (the checksum), none twice
    assert set(opened.values()) == {1}
    assert grid.sheet("自评").formats == {"B2": "0%", "A3": "#,##0.00"}
    assert grid.names == {"执行率": "'自评'!$B$2"}


def _stored_with_a_changed_byte(source: Path, out: Path, part: str, old: bytes, new: bytes):
    """The package rewritten without compression, then one byte of ``part`` changed in
    place: the zip directory still holds the part's old checksum."""
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    assert len(old) == len(new) and parts[part].count(old) >= 1
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo(part)
    data = bytearray(out.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    at = data.index(old, start)
    assert at < start + info.compress_size
    data[at : at + len(old)] = new
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        ("xl/worksheets/sheet1.xml", b"<v>0.5</v>", b"<v>0.6</v>"),  # a figure, still valid XML
        ("docProps/core.xml", b"openpyxl", b"openpyxm"),  # a part no reader needs
    ],
)
def test_a_part_whose_bytes_changed_is_named_not_read(tmp_path, part, old, new):
    path = _stored_with_a_changed_byte(
        _book(tmp_path / "原.xlsx"), tmp_path / "县.xlsx", part, old, new
    )
    for formulas in (False, True):
        with pytest.raises(InputError) as caught:
            read_grid(path, formulas=formulas)
        assert caught.value.reason == f"文件损坏：其中的「{part}」无法读取"


def test_books_sharing_their_styles_keep_their_own_formats(tmp_path):
    """Styles are remembered by content; the cells that use them are each book's own."""
    first, second = _book(tmp_path / "甲.xlsx", "B2"), _book(tmp_path / "乙.xlsx", "C2")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("xl/styles.xml") == b.read("xl/styles.xml")
    assert read_grid(first, formulas=False).sheet("自评").formats["B2"] == "0%"
    formats = read_grid(second, formulas=False).sheet("自评").formats
    assert formats == {"C2": "0%", "A3": "#,##0.00"}
    assert read_formats(second)["自评"] == formats  # the same as a file read on its own


# the number formats' scan, as first written: one expression per styled cell
def _oracle(data: bytes, codes: list[str | None]) -> dict[str, str]:
    styled = b"|".join(str(i).encode() for i, c in enumerate(codes) if c is not None)
    pattern = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*? s="(' + styled + rb')"')
    return {m[1].decode(): codes[int(m[2])] for m in pattern.finditer(data)}


_ATTRS = st.sampled_from([' t="n"', ' t="s"', ' cm="1"', ' s="0"', ' s="1"', ' s="2"',
                          ' s="12"', ' s="21"', ""])  # fmt: skip


@st.composite
def _sheet_xml(draw) -> bytes:
    cells = []
    for i in range(draw(st.integers(0, 12))):
        ref = f"{draw(st.sampled_from(['A', 'B', 'AA']))}{i + 1}"
        attrs = draw(st.lists(_ATTRS, max_size=3))
        r_first = draw(st.booleans())
        head = f' r="{ref}"' + "".join(attrs) if r_first else "".join(attrs) + f' r="{ref}"'
        end = draw(st.sampled_from(["/>", "><v>1</v></c>"]))
        cells.append(f"<c{head}{end}")
    between = draw(st.sampled_from(["", '<row r="1" s="2" customFormat="1">', "</row><row>"]))
    return (between.join(cells) or "<row/>").encode()


@settings(max_examples=300, deadline=None)
@given(_sheet_xml())
def test_the_styled_cells_are_those_the_first_expression_found(data):
    codes = [None, "0%", "#,##0.00"] + [None] * 9 + ["0.00%"] + [None] * 8 + ["0.0"]
    if b'<c r="' in data and re.search(rb'<c r="[A-Z]+[0-9]+"[^>]*? s="', data):
        assert _cell_formats(data, codes) == _oracle(data, codes)


def test_a_package_keeps_parts_within_its_budget(tmp_path, monkeypatch):
    monkeypatch.setattr("addin.workbook.package.KEEP_TOTAL", 4096)
    path = _book(tmp_path / "县.xlsx")
    with zipfile.ZipFile(path) as archive:
        package = Package(archive)
        package.verify_rest()  # reads every part once
        sizes = {i.filename: i.file_size for i in archive.infolist()}
        kept = [name for name, _ in package._parts]
        assert 0 < sum(sizes[name] for name in kept) <= 4096
        dropped = [name for name in sizes if name not in kept]
        assert dropped  # read again when asked for, the same bytes
        assert all(package.read(name) == archive.read(name) for name in dropped)


def _zips(tmp_path: Path) -> list[Path]:
    import json

    from hostile_corpus import build_corpus

    folder = Path(__file__).parent / "data" / "realforms"
    realforms = sorted(folder.glob("*.xlsx"))
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    assert {p.name for p in realforms} == set(facts) - {"_note"}  # every published form
    corpus = build_corpus(tmp_path / "县")
    return realforms + [p for p in corpus.values() if p.suffix == ".xlsx"]


def test_parts_read_from_the_file_are_those_zip_reads(tmp_path):
    """Real workbooks of other provinces and the hostile corpus (a damaged part, an
    encrypted flag, ten thousand entries): each part the same bytes, or, where zip's own
    reader raises anything at all, the one guarded error with a Chinese reason."""
    for path in _zips(tmp_path):
        with zipfile.ZipFile(path) as archive:
            package = Package(archive)
            for info in archive.infolist()[:200]:
                try:
                    expected: object = archive.read(info)
                except Exception as exc:  # the reader's own error, whatever it is
                    expected = type(exc)
                try:
                    got: object = package.read(info)
                except PartCorrupt as exc:
                    assert re.search(r"[\u4e00-\u9fff]", exc.reason), exc.reason
                    got = "unreadable"
                except Exception as exc:
                    got = type(exc)
                if isinstance(expected, type):
                    expected = "unreadable"
                assert got == expected, (path.name, info.filename)


def test_a_part_written_with_a_trailing_descriptor_is_read(tmp_path):
    """A zip written to a stream puts sizes and CRC after the data (flag 0x8)."""
    import io

    stream = io.BytesIO()
    source = _book(tmp_path / "原.xlsx")
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}

    class Unseekable(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            return stream.write(data)

    with zipfile.ZipFile(Unseekable(), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            with archive.open(name, "w") as part:
                part.write(data)
    path = tmp_path / "县.xlsx"
    path.write_bytes(stream.getvalue())
    with zipfile.ZipFile(path) as archive:
        assert all(i.flag_bits & 0x8 for i in archive.infolist())
        package = Package(archive)
        assert all(package.read(i) == parts[i.filename] for i in archive.infolist())
    assert read_grid(path, formulas=False).sheet("自评").formats["B2"] == "0%"

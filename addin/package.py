"""An .xlsx/.xlsm package opened once: each part decompressed, and its checksum checked, once.

The guards, the number formats and the defined names all read the same parts of a county
workbook. A :class:`Package` keeps what it has decompressed (small parts only, so memory
stays bounded), and zip's own reader checks a part's CRC when it reaches the part's end,
so a part read here needs no second pass of ``testzip``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element, fromstring

KEEP_BYTES = 8 * 1024 * 1024  # a part up to this size is kept once read (sheets are KBs)
_BLOCK = 1 << 20


class PartCorrupt(zipfile.BadZipFile):
    """A part whose bytes fail zip's checks (CRC, local header): ``part`` names it."""

    def __init__(self, part: str) -> None:
        self.part = part
        super().__init__(part)


class Package:
    """A zip archive whose parts are read through one cache."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self._parts: dict[tuple[str, int], bytes] = {}
        self._checked: set[tuple[str, int]] = set()  # parts read to their end (CRC checked)
        self._xml: dict[str, Element] = {}

    def read(self, part: str | zipfile.ZipInfo) -> bytes:
        """The part's bytes (KeyError when absent); kept when small."""
        info = part if isinstance(part, zipfile.ZipInfo) else self.archive.getinfo(part)
        key = (info.filename, info.header_offset)  # a name may occur twice in a hostile zip
        data = self._parts.get(key)
        if data is not None:
            return data
        try:
            data = self.archive.read(info)
        except zipfile.BadZipFile as exc:
            raise PartCorrupt(info.filename) from exc
        self._checked.add(key)
        if info.file_size <= KEEP_BYTES:
            self._parts[key] = data
        return data

    def xml(self, name: str) -> Element:
        """The part parsed as XML (ElementTree), parsed once."""
        root = self._xml.get(name)
        if root is None:
            root = self._xml[name] = fromstring(self.read(name))
        return root

    def blocks(self, info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
        """The part's bytes, whole when it is at most ``size`` bytes (and then kept), else in
        blocks of ``size`` bytes."""
        if info.file_size <= size:
            yield self.read(info)
            return
        try:
            with self.archive.open(info) as stream:
                while block := stream.read(size):
                    yield block
        except zipfile.BadZipFile as exc:
            raise PartCorrupt(info.filename) from exc
        self._checked.add((info.filename, info.header_offset))

    def verify_rest(self) -> None:
        """Read every part not yet read to its end, as ``testzip`` does: a part whose bytes
        fail the CRC raises :class:`PartCorrupt`; damaged deflate data raises zlib.error."""
        for info in self.archive.infolist():
            if (info.filename, info.header_offset) in self._checked:
                continue
            try:
                with self.archive.open(info) as stream:
                    while stream.read(_BLOCK):
                        pass
            except zipfile.BadZipFile as exc:
                raise PartCorrupt(info.filename) from exc
            self._checked.add((info.filename, info.header_offset))

"""An .xlsx/.xlsm package opened once: each part decompressed, and its checksum checked, once.

The guards, the number formats and the defined names all read the same parts of a county
workbook. A :class:`Package` keeps what it has decompressed (small parts only, so memory
stays bounded), and zip's own reader checks a part's CRC when it reaches the part's end,
so a part read here needs no second pass of ``testzip``.
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Callable, Iterator
from typing import TypeVar

KEEP_BYTES = 8 * 1024 * 1024  # a part up to this size is kept once read (sheets are KBs)
KEEP_TOTAL = 64 * 1024 * 1024  # and parts are kept while they add up to no more than this
SMALL_PARTS = 1 << 16  # what is read from parts this small is remembered by their content
_BLOCK = 1 << 20
T = TypeVar("T")


def by_content(function: Callable[..., T]) -> Callable[..., T]:
    """``function`` of parts' bytes, remembered for small parts: county books filled in
    from one template share their styles and workbook parts. Results must be immutable."""
    cached = functools.lru_cache(maxsize=32)(function)

    @functools.wraps(function)
    def call(*parts: bytes) -> T:
        return cached(*parts) if sum(map(len, parts)) <= SMALL_PARTS else function(*parts)

    return call


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
        self._kept = 0  # bytes kept

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
        if len(data) <= KEEP_BYTES and self._kept + len(data) <= KEEP_TOTAL:
            self._parts[key] = data
            self._kept += len(data)
        return data

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
        fail the CRC raises :class:`PartCorrupt`; damaged deflate data raises zlib.error.
        Parts up to a block are kept (the styles are read next)."""
        for info in self.archive.infolist():
            if (info.filename, info.header_offset) not in self._checked:
                for _ in self.blocks(info, _BLOCK):
                    pass

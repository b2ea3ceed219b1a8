"""An .xlsx/.xlsm package opened once: each part decompressed, and its checksum checked, once.

The guards, the number formats and the defined names all read the same parts of a county
workbook. A :class:`Package` keeps what it has decompressed (small parts only, so memory
stays bounded), and zip's own reader checks a part's CRC when it reaches the part's end,
so a part read here needs no second pass of ``testzip``.
"""

from __future__ import annotations

import functools
import zipfile
import zlib
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


SUPPORTED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Office, WPS and LibreOffice write
# what zip's reader raises on a damaged, encrypted or unknown part
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
              ValueError, OSError)  # fmt: skip


class PartCorrupt(zipfile.BadZipFile):
    """A part that cannot be decompressed (CRC, local header, an encrypted flag, an unknown
    compression method, a bad stream): ``part`` names it, ``reason`` says why in Chinese."""

    def __init__(self, part: str, reason: str = "") -> None:
        self.part = part
        self.reason = reason or f"文件损坏：其中的「{part}」无法读取"
        super().__init__(part)


def corrupt(info: zipfile.ZipInfo, exc: BaseException) -> PartCorrupt:
    """The guarded error for zip's own: a checksum or header (the part's bytes changed), or
    a stream that does not decompress (damaged or cut short)."""
    if isinstance(exc, (zlib.error, EOFError)):
        return PartCorrupt(
            info.filename, f"文件损坏或被截断：其中的「{info.filename}」压缩数据无法解压"
        )
    return PartCorrupt(info.filename)


def check_member(info: zipfile.ZipInfo) -> None:
    """Refuse a part before decompressing it: encrypted, or a compression method the
    readers do not know (zip's reader raises NotImplementedError or RuntimeError)."""
    if info.flag_bits & 0x1:
        raise PartCorrupt(info.filename, "文件已加密，请去掉密码后重新提交")
    if info.compress_type not in SUPPORTED:
        raise PartCorrupt(
            info.filename,
            f"文件中的「{info.filename}」使用了不支持的压缩方式（编号 {info.compress_type}），"
            "请用 Excel 或 WPS 打开后重新保存再提交",
        )


def check_members(archive: zipfile.ZipFile) -> None:
    """:func:`check_member` of every part."""
    for info in archive.infolist():
        check_member(info)


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Up to ``limit`` bytes of one part, through the same checks; :class:`PartCorrupt`
    (with a Chinese reason) for any part that cannot be decompressed, KeyError when absent."""
    info = archive.getinfo(name)
    check_member(info)
    try:
        with archive.open(info) as stream:
            return stream.read(limit)
    except UNREADABLE as exc:
        raise corrupt(info, exc) from exc


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
        check_member(info)
        try:
            data = self.archive.read(info)
        except UNREADABLE as exc:
            raise corrupt(info, exc) from exc
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
        check_member(info)
        try:
            with self.archive.open(info) as stream:
                while block := stream.read(size):
                    yield block
        except UNREADABLE as exc:
            raise corrupt(info, exc) from exc
        self._checked.add((info.filename, info.header_offset))

    def verify_rest(self) -> None:
        """Read every part not yet read to its end, as ``testzip`` does: a part whose bytes
        fail the CRC raises :class:`PartCorrupt`; damaged deflate data raises zlib.error.
        Parts up to a block are kept (the styles are read next)."""
        for info in self.archive.infolist():
            if (info.filename, info.header_offset) not in self._checked:
                for _ in self.blocks(info, _BLOCK):
                    pass

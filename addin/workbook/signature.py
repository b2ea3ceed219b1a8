"""Our own outputs recognised by a signature, not by a property anyone can set.

A summary workbook carries one extra part, :data:`PART`, holding an HMAC-SHA256 over the
name and SHA-256 of every other part of the package. The key is this user's, made once
on first use (32 random bytes in ``~/.jixiao/signing.key``, readable by the user only;
``JIXIAO_SIGNING_KEY`` names another file). So a later merge on the same computer and
account knows its own summary for sure; a county book that only copies the summary's
document property is read as the county book it is; a summary from another computer, or
one changed after it was written, cannot be verified and is listed as failed with the
reason, never skipped in silence. Verifying reads county bytes: it runs in the reading
worker, through the guarded part reader, under the worker's limits.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import zipfile
from enum import Enum
from pathlib import Path

from addin.workbook.package import UNREADABLE, PartCorrupt, check_member, corrupt

PART = "docProps/jixiao-signature.xml"
_PREFIX = b'<?xml version="1.0" encoding="UTF-8"?><signature xmlns="urn:jixiao:signature">'
_SUFFIX = b"</signature>"
_BLOCK = 1 << 20
MAX_SIGNED_BYTES = 4 * 1024**3  # unpacked bytes a signature is checked over, at most


class Signed(Enum):
    """What a package says about its origin."""

    NONE = "none"  # no signature: a county book like any other
    OURS = "ours"  # signed with this user's key over exactly these parts
    FOREIGN = "foreign"  # a signature that does not verify here


def key_path() -> Path:
    named = os.environ.get("JIXIAO_SIGNING_KEY")
    return Path(named) if named else Path.home() / ".jixiao" / "signing.key"


def _key(create: bool) -> bytes | None:
    path = key_path()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    data = secrets.token_bytes(32)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp, path)
    return data


def _digest(archive: zipfile.ZipFile, key: bytes) -> bytes:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    total = 0
    for info in archive.infolist():
        if info.filename == PART:
            continue
        total += info.file_size
        if total > MAX_SIGNED_BYTES:
            raise PartCorrupt(info.filename, "文件解压后异常巨大，无法核对签名")
        check_member(info)
        part = hashlib.sha256()
        try:
            with archive.open(info) as stream:
                while block := stream.read(_BLOCK):
                    part.update(block)
        except UNREADABLE as exc:
            raise corrupt(info, exc) from exc
        name = info.filename.encode("utf-8", "surrogateescape")
        mac.update(len(name).to_bytes(4, "big") + name + part.digest())
    return mac.digest()


def sign_package(path: Path) -> None:
    """Add the signature part to the package we just wrote at ``path``."""
    key = _key(create=True)
    assert key is not None
    with zipfile.ZipFile(path) as archive:
        value = _digest(archive, key).hex().encode()
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PART, _PREFIX + value + _SUFFIX)


def signed(path: Path) -> Signed:
    """Whether the package at ``path`` is one we signed. Raises :class:`PartCorrupt` (with a
    Chinese reason) for a part that cannot be decompressed, ``zipfile.BadZipFile`` for a
    file that is not a zip."""
    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo(PART)
        except KeyError:
            return Signed.NONE
        check_member(info)
        try:
            with archive.open(info) as stream:
                text = stream.read(4096)
        except UNREADABLE as exc:
            raise corrupt(info, exc) from exc
        if not (text.startswith(_PREFIX) and text.endswith(_SUFFIX)):
            return Signed.FOREIGN
        claimed = text[len(_PREFIX) : -len(_SUFFIX)]
        key = _key(create=False)
        if key is None:
            return Signed.FOREIGN
        actual = _digest(archive, key).hex().encode()
        return Signed.OURS if hmac.compare_digest(claimed, actual) else Signed.FOREIGN

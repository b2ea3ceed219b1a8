"""Defined names (named ranges) of an .ods, in the form openpyxl gives for an .xlsx.

calamine reads an .ods's values but not its named ranges; without them a template saved
as .ods by LibreOffice or WPS lost its defined names (执行率, 指标表 …) and was read as a
foreign layout. The names are written in content.xml as
``<table:named-range table:name="执行率" table:cell-range-address="$'表'.$J$9"/>``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_RANGE = f"{{{_TABLE}}}named-range"
_SHEET = r"\$?(?:'((?:[^']|'')+)'|([^.:']+))"
_ADDRESS = re.compile(rf"{_SHEET}\.(\$?[A-Z]+\$?\d+)(?::(?:{_SHEET})?\.(\$?[A-Z]+\$?\d+))?")


def excel_reference(address: str) -> str | None:
    """ "$'项目表'.$B$13:.$S$23" -> "'项目表'!$B$13:$S$23"; None if not a cell range."""
    match = _ADDRESS.fullmatch(address.strip())
    if match is None:
        return None
    sheet = (match[1] or "").replace("''", "'") or match[2]
    ref = match[3] + (f":{match[6]}" if match[6] else "")
    return "'" + sheet.replace("'", "''") + "'!" + ref


def ods_names(path: Path) -> dict[str, str]:
    """Name -> "'Sheet'!$A$1" for every named cell range of an .ods (empty if unreadable)."""
    names: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            for _, element in iterparse(handle, events=("end",)):
                if element.tag == _RANGE:
                    ref = excel_reference(element.get(f"{{{_TABLE}}}cell-range-address", ""))
                    name = element.get(f"{{{_TABLE}}}name")
                    if ref and name and not name.startswith("_xlnm."):
                        names.setdefault(name, ref)
                elif element.tag.endswith("}table-row"):
                    element.clear()
    except (KeyError, zipfile.BadZipFile, ParseError, OSError):
        return {}
    return names

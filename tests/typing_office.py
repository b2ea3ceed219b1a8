"""Type cells into workbooks the way a clerk does, through LibreOffice's own input parsing.

A clerk types ``92%`` and the spreadsheet stores 0.92 with a percent format; ``1,200``
becomes 1200, ``2024/3/5`` a date, ``'95`` and ``９５`` text, ``=80/100`` a formula with
its value. :func:`type_books` hands every (sheet, cell, text) to Calc's "enter string"
command — the same parser a keyboard entry goes through, in the zh-CN locale — then
recalculates and saves each book as .xlsx, .ods and .xls. One LibreOffice start does the
whole batch: a Basic macro (``office/Typing.bas``, installed in a private profile) reads
a job file of commands and writes a log of what it did.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from addin.templates.lo import LibreOfficeError, private_profile

MACRO = Path(__file__).resolve().parent / "office" / "Typing.bas"
FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8", "xls": "MS Excel 97"}
# the zh-CN locale; no background spell checking, autocompletion or autosave, whose
# timers made a headless LibreOffice abort between typed cells
SETTINGS = (
    ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "zh-CN"),
    ("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "false"),
    ("/org.openoffice.Office.Calc/Input", "AutoInput", "false"),
    ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
    ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "false"),
)
LOCALE = "".join(
    f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value>'
    "</prop></item>\n"
    for path, name, value in SETTINGS
)
MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Typing" \
script:language="StarBasic">{}</script:module>"""


@dataclass
class Typing:
    """What a clerk types into one copy of ``source``: (sheet, cell, text) in order.

    ``text`` None clears the cell (Delete key); any other text is entered as typed.
    """

    source: Path
    name: str
    cells: list[tuple[str, str, str | None]] = field(default_factory=list)

    def type(self, sheet: str, cell: str, text: str | None) -> None:
        self.cells.append((sheet, cell, text))


def _install(profile: Path) -> None:
    """Put the macro into the profile's Standard library and set the zh-CN locale."""
    library = profile / "user" / "basic" / "Standard"
    source = MACRO.read_text(encoding="utf-8")
    (library / "Typing.xba").write_text(MODULE.format(escape(source)), encoding="utf-8")
    index = library / "script.xlb"
    text = index.read_text(encoding="utf-8")
    if 'library:name="Typing"' not in text:
        text = text.replace("</library:library>", ' <library:element library:name="Typing"/>\n'
                            "</library:library>")  # fmt: skip
        index.write_text(text, encoding="utf-8")
    registry = profile / "user" / "registrymodifications.xcu"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("</oor:items>", LOCALE + "</oor:items>"), encoding="utf-8")


def _field(text: str) -> str:
    if any(c in text for c in "\t\r\n"):
        raise ValueError(f"a typed text cannot hold a tab or a line break: {text!r}")
    return text


def _commands(books: list[Typing], outdir: Path, formats: tuple[str, ...]) -> list[str]:
    lines = []
    for book in books:
        copy = outdir / "sources" / f"{book.name}{book.source.suffix}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(book.source, copy)  # LibreOffice locks what it opens
        lines.append(f"OPEN\t{copy.resolve().as_uri()}")
        for sheet, cell, text in book.cells:
            if text is None:
                lines.append(f"CLEAR\t{_field(sheet)}\t{cell}")
            else:
                lines.append(f"TYPE\t{_field(sheet)}\t{cell}\t{_field(text)}")
        lines.append("CALCULATE")
        for ext in formats:
            target = (outdir / f"{book.name}.{ext}").resolve().as_uri()
            lines.append(f"SAVE\t{target}\t{FILTERS[ext]}")
        lines.append("CLOSE")
    return lines


def type_books(
    books: list[Typing],
    outdir: Path,
    formats: tuple[str, ...] = ("xlsx", "ods", "xls"),
    timeout: int = 600,
) -> dict[str, dict[str, Path]]:
    """Type every book in one LibreOffice run; book name -> format -> saved file."""
    outdir.mkdir(parents=True, exist_ok=True)
    job = outdir / "typing-job.txt"
    job.write_text("\n".join(_commands(books, outdir, formats)) + "\n", encoding="utf-8")
    with private_profile(timeout) as (start, env):
        profile = Path(start[1].partition("=")[2].removeprefix("file://"))
        _install(profile)
        run = [*start, "macro:///Standard.Typing.TypeAll"]
        try:
            result = subprocess.run(run, capture_output=True, text=True, timeout=timeout,
                                    env={**env, "JIXIAO_TYPING_JOB": str(job)})  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"LibreOffice 输入超时（{timeout} 秒）") from exc
    log = job.with_name(job.name + ".log")
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    commands = job.read_text(encoding="utf-8").splitlines()
    failed = [f"{line}（{commands[int(line.split()[1]) - 1]}）" for line in lines
              if line.startswith("ERR")]  # fmt: skip
    if failed or not lines or lines[-1] != "END":
        done = sum(line.startswith("OK") for line in lines)
        raise LibreOfficeError(
            f"LibreOffice 输入未完成（退出码 {result.returncode}，完成 {done} 条）："
            + "; ".join(failed or result.stderr.strip().splitlines()[-1:])
        )
    out = {b.name: {ext: outdir / f"{b.name}.{ext}" for ext in formats} for b in books}
    missing = [p.name for files in out.values() for p in files.values() if not p.exists()]
    if missing:
        raise LibreOfficeError(f"LibreOffice 未写出 {'、'.join(missing)}")
    os.remove(job)
    return out

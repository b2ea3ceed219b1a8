"""Who has sent what: the expected units (``--roster``) against the units merged.

A roster is a .xlsx or .csv with a column 单位名称 (or 单位) and an optional 别名 column
(several aliases separated by 、 , ; or a line break). Names are compared after
normalising: full/half width, spaces, a trailing 本级 / 部门 / 机关, and, when that alone
leaves one candidate, the place prefix (渠县 / 达州市 …). A name still matching nobody may
be placed by the other names written in the same workbook (a 渠县 workbook whose 部门整体
form says "总工会部门"). Every expected unit is then 已报送 (with its files) or 未报送;
the others are 名单外.

Without a roster, two names that normalise to the same unit (e.g. "总工会部门" and
"渠县总工会" in one workbook) are reported as a JX903 warning and never merged silently.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, Field

from addin.core.errors import JixiaoError
from addin.merge.result import MergeResult, add_finding
from addin.merge.tables import relative
from addin.rules import Finding
from addin.rules.catalog import render

SENT, MISSING, OUTSIDE = "已报送", "未报送", "名单外"
NAME_HEADERS = ("单位名称", "单位")
ALIAS_HEADER = "别名"
_SUFFIX = re.compile(r"(本级|部门|机关)+$")
_PREFIX = re.compile(r"^.{1,6}?[省市县区旗州](?!$)")
_ALIAS_SPLIT = re.compile(r"[、,，;；\n]+")


class RosterError(JixiaoError):
    """A roster that cannot be used (Chinese message naming the file)."""


def unit_key(name: str) -> str:
    """A unit's name for comparison: full/half width, spaces and a 本级/部门 suffix removed."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    return _SUFFIX.sub("", text) or text


def bare_key(name: str) -> str:
    """:func:`unit_key` without the place prefix(es): 达州市渠县总工会 -> 总工会."""
    key = unit_key(name)
    while (stripped := _PREFIX.sub("", key)) != key:
        key = stripped
    return key


def unplaced(name: str) -> bool:
    """A name without a place prefix of its own ("总工会部门"): only such a name may be
    matched by its bare name (渠县总工会 is never 雁峰区总工会)."""
    return unit_key(name) == bare_key(name)


class RosterUnit(BaseModel):
    """One expected unit."""

    name: str
    aliases: list[str] = Field(default_factory=list)


class UnitStatus(BaseModel):
    """A row of 报送情况."""

    unit: str
    status: str  # 已报送 / 未报送 / 名单外
    written: list[str] = Field(default_factory=list)  # the names its forms were written with
    files: list[str] = Field(default_factory=list)
    forms: int = 0


def _rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RosterError(f"名单 {path.name}：无法识别文件编码，请另存为 UTF-8 的 CSV")
        return [[c.strip() for c in row] for row in csv.reader(text.splitlines())]
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # a damaged or renamed file
            raise RosterError(
                f"名单 {path.name}：不是有效的工作簿（{type(exc).__name__}）"
            ) from exc
        try:
            sheet = book.worksheets[0]
            return [
                ["" if v is None else str(v).strip() for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            book.close()
    raise RosterError(f"名单 {path.name}：请使用 .xlsx 或 .csv 文件")


def load_roster(path: Path) -> list[RosterUnit]:
    """The expected units of a roster file; RosterError (Chinese) when it cannot be used."""
    if not path.is_file():
        raise RosterError(f"找不到名单文件 {path}")
    rows = _rows(path)
    for n, row in enumerate(rows[:10]):
        header = [unicodedata.normalize("NFKC", c).replace(" ", "") for c in row]
        name_col = next((header.index(h) for h in NAME_HEADERS if h in header), None)
        if name_col is None:
            continue
        alias_col = header.index(ALIAS_HEADER) if ALIAS_HEADER in header else None
        units: list[RosterUnit] = []
        for row in rows[n + 1 :]:
            name = row[name_col].strip() if name_col < len(row) else ""
            if not name:
                continue
            aliases = []
            if alias_col is not None and alias_col < len(row):
                aliases = [a.strip() for a in _ALIAS_SPLIT.split(row[alias_col]) if a.strip()]
            units.append(RosterUnit(name=name, aliases=aliases))
        if not units:
            raise RosterError(f"名单 {path.name}：“{row[name_col]}”列下没有单位")
        return units
    raise RosterError(f"名单 {path.name}：前 10 行中没有“单位名称”或“单位”列")


class Matcher:
    """Roster names by their keys: exact (with aliases) first, then without place prefix
    when only one expected unit fits."""

    def __init__(self, roster: list[RosterUnit]) -> None:
        self.exact: dict[str, str] = {}
        self.bare: dict[str, set[str]] = {}
        for unit in roster:
            for name in [unit.name, *unit.aliases]:
                self.exact.setdefault(unit_key(name), unit.name)
                self.bare.setdefault(bare_key(name), set()).add(unit.name)

    def match(self, name: str) -> str | None:
        found = self.exact.get(unit_key(name))
        if found is not None:
            return found
        if not unplaced(name):
            return None
        candidates = self.bare.get(bare_key(name), set())
        return next(iter(candidates)) if len(candidates) == 1 else None


def apply_roster(result: MergeResult, roster: list[RosterUnit]) -> list[UnitStatus]:
    """Put every form under its roster name (``FormRow.unit``; the name as written is kept
    in ``unit_written``) and list every unit: 已报送, 未报送, 名单外."""
    matcher = Matcher(roster)
    by_file: dict[str, set[str]] = {}  # roster units matched by the other forms of a file
    matched: dict[int, str | None] = {}
    for n, row in enumerate(result.forms):
        found = matcher.match(row.unit)
        matched[n] = found
        if found is not None:
            by_file.setdefault(row.file, set()).add(found)
    for n, row in enumerate(result.forms):
        found = matched[n]
        if found is None:
            same_file = by_file.get(row.file, set())
            alike = unplaced(row.unit) and bare_key(row.unit) in {bare_key(u) for u in same_file}
            if len(same_file) == 1 and alike:
                found = next(iter(same_file))
        if found is not None and found != row.unit:
            row.unit_written = row.unit
            row.unit = found
    return statuses(result, [u.name for u in roster])


def statuses(result: MergeResult, expected: list[str] | None) -> list[UnitStatus]:
    """报送情况 rows: the roster's units in its order, then the units outside it."""
    rows: dict[str, UnitStatus] = {}
    for name in expected or []:
        rows.setdefault(name, UnitStatus(unit=name, status=MISSING))
    root = result.root
    for form in result.forms:
        status = rows.get(form.unit)
        if status is None:
            status = rows.setdefault(
                form.unit, UnitStatus(unit=form.unit, status=OUTSIDE if expected else SENT)
            )
        status.status = SENT if status.status == MISSING else status.status
        written = form.unit_written or form.unit
        if written not in status.written:
            status.written.append(written)
        shown = relative(form.file, root)
        if shown not in status.files:
            status.files.append(shown)
        status.forms += 1
    return list(rows.values())


def name_variants(result: MergeResult) -> list[tuple[str, str, str]]:
    """(name, other name, file) for names of one workbook that look like one unit written
    two ways (same name once spaces, width, 本级/部门 and the place prefix are set aside)."""
    pairs: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    units_of: dict[str, list[str]] = {}
    for row in result.forms:
        names = units_of.setdefault(row.file, [])
        if row.unit not in names:
            names.append(row.unit)
    for file, names in units_of.items():
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if _alike(a, b) and (a, b) not in seen:
                    seen.add((a, b))
                    pairs.append((a, b, file))
    return pairs


def _alike(a: str, b: str) -> bool:
    """Two names of one workbook that may be one unit: equal keys, or one's bare name is
    the other's (总工会部门 / 渠县总工会)."""
    if unit_key(a) == unit_key(b):
        return True
    return bare_key(a) == bare_key(b) and (unplaced(a) or unplaced(b))


def report_variants(result: MergeResult) -> list[tuple[str, str, str]]:
    """Add a JX903 warning to 问题清单 for each name pair of :func:`name_variants`."""
    pairs = name_variants(result)
    for name, other, file in pairs:
        message, hint = render("JX903", name=name, other=other)
        sheet = next((r.sheet for r in result.forms if r.file == file and r.unit == name), None)
        add_finding(result, name, file, Finding(
            code="JX903", severity="warning", sheet=sheet or "", cell=None,
            message=message, hint=hint,
        ))  # fmt: skip
    return pairs

"""Column roles from what the cells hold, beside the header words.

After a table's header named its columns and its rows were sorted, the cells of the indicator
rows are looked at:

- a 指标性质 column holding 正向/反向 is the indicator's direction, not its sign; a column
  holding ≥ ≤ ＝ 等于 … is the sign (named or not);
- one 指标值 header over several columns that each hold values (区域目标值 over seven districts),
  or a 指标值 column per town (东城镇目标值 | 西河乡目标值), is a target per area, read area by
  area (the same for 实际完成值);
- each role gets a confidence: how many of its cells hold what the role holds (a 分值 is a
  number, a 得分 a number no larger than its 分值, a sign a sign). A role the cells contradict
  is not read; the rules that need it stay silent and the reading report says what to teach.
"""

from __future__ import annotations

import re

from addin.core.scoring import number
from addin.core.values import parse_op, parse_value
from addin.reader.headers import Table
from addin.reader.sheet import SheetReader
from addin.reader.teaching import ROLE_OF_FIELD
from addin.reader.vocabulary import clean, column_field

DIRECTIONS = {"正向": "≥", "正向指标": "≥", "正": "≥", "反向": "≤", "反向指标": "≤", "反": "≤"}
KIND_WORDS = ("定量指标", "定量", "定性指标", "定性")
SURE = 0.75  # a role whose cells agree this much is read
NUMERIC = ("points", "score", "coefficient")


def _values(reader: SheetReader, table: Table, col: int) -> list[tuple[int, str]]:
    """(row, text) of a column's filled cells on the indicator rows (no merged repeats)."""
    out: list[tuple[int, str]] = []
    for row in table.rows:
        text = reader.text(row, col)
        if text is None:
            continue
        anchor = reader.anchor(row, col)
        if anchor is not None and anchor[0] != row:
            continue  # the lower part of a merged cell repeats the text above
        out.append((row, clean(text)))
    return out


def is_direction(text: str) -> bool:
    return clean(text) in DIRECTIONS


def is_sign(text: str) -> bool:
    """A cell holding only a comparison (≥, ＝, 等于, 小于等于) or 定性."""
    norm = clean(text)
    return bool(norm) and len(norm) <= 5 and parse_op(norm) is not None


def _share(values: list[tuple[int, str]], test) -> float:
    return sum(1 for _, t in values if test(t)) / len(values) if values else 1.0


def _numeric(text: str) -> bool:
    """A number as a 分值 / 得分 / 系数 cell holds it ("10", "10.00", "96%", "10分", "/")."""
    return parse_value(text).kind in ("number", "none", "empty") or number(text) is not None


def _unnamed(table: Table) -> list[int]:
    named = set(table.columns.values())
    return [c for c, path in sorted(table.paths.items()) if path and c not in named]


def refine(reader: SheetReader, table: Table) -> None:
    """Direction apart from sign, area-split targets, and a confidence per role."""
    if not table.rows:
        return
    _direction_and_sign(reader, table)
    _area_targets(reader, table)
    _points_by_sum(reader, table)
    for fld, col in list(table.columns.items()):
        values = _values(reader, table, col)
        sure = _agreement(reader, table, fld, values)
        table.confidence[fld] = round(sure, 2)
        if sure < (SURE if fld != "score" else 0.5) and values:  # a few scores over: defects
            del table.columns[fld]
            header = " / ".join(table.paths.get(col, [])) or "?"
            role = ROLE_OF_FIELD[fld].name if fld in ROLE_OF_FIELD else fld
            table.uncertain[fld] = (
                f"「{header}」列（内容与表头不符：{len(values)} 格中只有 "
                f"{round(sure * len(values))} 格像{role}）"
            )


def _agreement(reader: SheetReader, table: Table, fld: str, values: list[tuple[int, str]]) -> float:
    """How many of a role's cells hold what the role holds (1.0 for roles not tested)."""
    if fld == "op":
        return _share(values, lambda t: is_sign(t) or t in KIND_WORDS or is_direction(t))
    if fld in NUMERIC:
        nums = _share(values, _numeric)
        if fld != "score" or "points" not in table.columns:
            return nums
        points_col = table.columns["points"]
        within = [
            (r, t)
            for r, t in values
            if (s := number(t)) is None
            or (p := number(reader.text(r, points_col))) is None
            or s <= p + 1e-9
        ]
        return min(nums, len(within) / len(values)) if values else 1.0
    return 1.0


# what the 分值 of a table's indicators add up to (the whole 100, or 90 beside 执行率's 10)
POINTS_TOTALS = (100.0, 90.0)


def _points_by_sum(reader: SheetReader, table: Table) -> None:
    """A table without a 分值 column whose header words are unknown: a column holding a
    number on (nearly) every indicator row, adding up to 100 or 90, is the 分值 (the
    table's arithmetic names it; a column merged over groups, such as a 一级 weight, is not)."""
    if "points" in table.columns or len(table.rows) < 3:
        return
    for col in _unnamed(table):
        path = table.paths.get(col) or []
        if path and column_field(path[-1]) is not None:
            continue  # a header the vocabulary knows (a twin, a level's 分值): not unknown
        values = _values(reader, table, col)
        numbers = [number(t) for _, t in values]
        if len(values) < SURE * len(table.rows) or any(n is None or n < 0 for n in numbers):
            continue
        total = sum(n for n in numbers if n is not None)
        if any(abs(total - expected) < 0.01 for expected in POINTS_TOTALS):
            table.columns["points"] = col
            header = " / ".join(path) or "?"
            table.inferred["points"] = f"「{header}」列的数加起来是 {total:g}，读作分值（权重）"
            return


def _direction_and_sign(reader: SheetReader, table: Table) -> None:
    """A column of 正向/反向 is the direction; the sign is the column holding signs."""
    col = table.columns.get("op")
    if col is not None:
        values = _values(reader, table, col)
        if values and _share(values, is_direction) > 0.5:
            table.columns["direction"] = table.columns.pop("op")
    if "op" in table.columns:
        return
    for c in _unnamed(table) + [table.columns[f] for f in ("category",) if f in table.columns]:
        values = _values(reader, table, c)
        if len(values) >= 2 and _share(values, is_sign) >= SURE:
            for fld, named in list(table.columns.items()):
                if named == c:
                    del table.columns[fld]
            table.columns["op"] = c
            header = " / ".join(table.paths.get(c, [])) or "?"
            table.inferred["op"] = f"「{header}」列写的都是比较符号，读作指标性质（符号）"
            return


SPLIT = ("target", "actual")  # the roles a form may write once per area
_AREA_END = re.compile(r"(省|市|州|盟|县|区|旗|镇|乡|街道|办事处|村|社区|片区|园区|林场|农场)$")
_NO_AREA = re.compile(r"\d|年度?$|^(数值|单位|值|合计|小计)$")


def area_of(header: str, fld: str) -> str | None:
    """The area a header names beside its role: "东城镇目标值", "指标值（东城镇）",
    "目标值-东城镇" -> "东城镇" (for "target"); None when it names no place."""
    text = clean(header)
    inner = re.search(r"[(（【\[]([^()（）【】\[\]]+)[)）】\]]", text)
    if inner and column_field(text[: inner.start()] + text[inner.end() :]) == fld:
        return inner[1] if _is_area(inner[1]) else None
    for sep in ("-", "－", "—", ":", "：", "/"):
        head, _, tail = text.partition(sep)
        if tail and column_field(head) == fld and _is_area(tail):
            return tail
        if tail and column_field(tail) == fld and _is_area(head):
            return head
    for end in range(2, len(text) - 1):
        if _AREA_END.search(text[:end]) and column_field(text[end:]) == fld:
            return text[:end]
    return None


def _is_area(text: str) -> bool:
    return len(text) >= 2 and bool(_AREA_END.search(text)) and not _NO_AREA.search(text)


def _area_columns(table: Table, fld: str) -> dict[int, str]:
    """Column -> area of a role written once per area: one header over a column per area
    (区域目标值 over 东城镇 | 西河乡 …), or a header per area (东城镇目标值 | 西河乡目标值)."""
    col = table.columns.get(fld)
    if col is None:
        return {}
    path = table.paths.get(col, [])
    if len(path) >= 2 and column_field(path[0]) == fld:  # one header over the areas
        group = clean(path[0])
        found = {
            c: clean(p[-1])
            for c, p in sorted(table.paths.items())
            if len(p) >= 2 and clean(p[0]) == group and not _NO_AREA.search(clean(p[-1]))
        }
        if all(column_field(name) is None or area_of(name, fld) for name in found.values()):
            return {c: area_of(name, fld) or name for c, name in found.items()}
        return {}
    return {  # a header naming the role and an area, column by column
        c: area
        for c, p in sorted(table.paths.items())
        if p and column_field(p[-1]) == fld and (area := area_of(p[-1], fld))
    }


def _area_targets(reader: SheetReader, table: Table) -> None:
    """Targets (and actuals) written once per district or town are read per area."""
    for fld in SPLIT:
        areas = {c: a for c, a in _area_columns(table, fld).items() if _values(reader, table, c)}
        if len(areas) < 2 or len(set(areas.values())) < len(areas):
            continue
        del table.columns[fld]
        table.areas[fld] = {area: c for c, area in areas.items()}
        names = "、".join(list(areas.values())[:4])
        label = "指标值" if fld == "target" else "实际完成值"
        more = "等" if len(areas) > 4 else ""
        table.inferred[fld] = f"{label}按区域分列（{names}{more} {len(areas)} 列），逐区域读取"


def guess(reader: SheetReader, table: Table, col: int) -> str | None:
    """The role a column the header words did not name may hold, from its cells; None
    when they say nothing clear."""
    values = _values(reader, table, col)
    if len(values) < 2:
        return None
    if _share(values, is_sign) >= SURE:
        return "op"
    if "points" in table.columns and _share(values, lambda t: number(t) is not None) >= SURE:
        return "score" if _agreement(reader, table, "score", values) >= SURE else None
    measured = _share(values, lambda t: parse_value(t).kind in ("number", "range"))
    if measured >= SURE:
        return "actual" if "target" in table.columns and "actual" not in table.columns else None
    return None

"""问题清单 as a reviewer works through it: the lowest level kept (``--level``), formatting-
only notes left out by default, rows sorted by unit then severity, counts per unit and rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from addin.merge.result import MergeResult, finding_rows, ordered_forms
from addin.rules import SEVERITY_LABELS

LEVELS = ("error", "warning", "info")
RANK = {SEVERITY_LABELS[k]: n for n, k in enumerate(LEVELS)}  # 错误 0, 警告 1, 提示 2
FORMATTING = frozenset({"JX206"})  # a line break or space inside a label: formatting only


class IssueFilter:
    """Which 问题清单 rows the summary keeps.

    ``level`` None (the default): everything except formatting-only 提示 (JX206);
    "info": everything; "warning": errors and warnings; "error": errors only."""

    def __init__(self, level: str | None = None) -> None:
        if level is not None and level not in LEVELS:
            raise ValueError(level)
        self.level = level
        self.lowest = LEVELS.index(level) if level else len(LEVELS) - 1
        self.left_out: Counter[str] = Counter()  # rule -> rows left out

    def keep(self, row: tuple) -> bool:
        rank = RANK.get(row.severity, 0)
        code = row.code
        if rank > self.lowest or (self.level is None and code in FORMATTING):
            self.left_out[code] += 1
            return False
        return True

    def note(self) -> str | None:
        """The title's note on what was left out, None when nothing was."""
        total = sum(self.left_out.values())
        if not total:
            return None
        codes = "、".join(f"{c} {n} 条" for c, n in self.left_out.most_common())
        return f"未列出 {total} 条（{codes}）；需要时用 jixiao merge … --level info 列出"


def sorted_issues(
    rows: Iterable[tuple], keep: IssueFilter, unit_order: list[str], rename: dict[str, str]
) -> list[tuple]:
    """Rows kept, each unit under its roster name (``rename``), sorted by unit (the order
    of 汇总), then severity, then as found."""
    kept = []
    for row in rows:
        if not keep.keep(row):
            continue
        if row.unit in rename:
            row = row._replace(unit=rename[row.unit])
        kept.append(row)
    place = {u: n for n, u in enumerate(unit_order)}
    for row in kept:
        place.setdefault(row.unit, len(place))
    return sorted(kept, key=lambda r: (place[r.unit], RANK.get(r.severity, 0)))


def counts_per_unit(rows: list[tuple]) -> list[tuple[str, int, int, int, int]]:
    """(unit, 错误, 警告, 提示, 合计) in the order of the rows."""
    table: dict[str, list[int]] = {}
    for row in rows:
        entry = table.setdefault(row.unit, [0, 0, 0])
        entry[RANK.get(row.severity, 0)] += 1
    return [(u, e[0], e[1], e[2], sum(e)) for u, e in table.items()]


def counts_per_rule(rows: list[tuple]) -> list[tuple[str, str, int, int]]:
    """(rule, 级别, rows, units) most frequent first."""
    count: Counter[str] = Counter()
    units: dict[str, set[str]] = {}
    level: dict[str, str] = {}
    for row in rows:
        count[row.code] += 1
        units.setdefault(row.code, set()).add(row.unit)
        level[row.code] = row.severity
    return [(code, level[code], n, len(units[code])) for code, n in count.most_common()]


def listed_issues(result: MergeResult, keep: IssueFilter | None = None) -> list[tuple]:
    """The 问题清单 rows of a merge as the sheet, the frames and the export list them."""
    units = list(dict.fromkeys(r.unit for r in ordered_forms(result)))
    keep = keep or IssueFilter(result.level)
    return sorted_issues(finding_rows(result), keep, units, result.rename)

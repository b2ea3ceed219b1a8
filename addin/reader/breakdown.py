"""A cost breakdown above an indicator table: items, one line each, under amount columns,
ending in their 合计 line (项目预算成本构成 | 金额 | 测算依据 | 2020年实际执行数: 保安服务费
191 … 合计 814). Each amount column is read with its items and its written 合计, so that a
合计 that is not the sum of its column can be told.

A funding block whose lines are funding kinds (财政拨款 / 其他资金 / 合计) is the funding
reader's (its 资金总额 = 各项之和 rule), not a breakdown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from addin.core.models import BreakdownColumn
from addin.core.scoring import amount
from addin.reader.funding import row_kind
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import clean, funding_column, strip_unit

_YEAR = re.compile(r"^(?:\d{4}年度?|上年|本年|当年|前年)")
# amounts a breakdown lists beside its 金额 / 预算数 / 执行数 (the funding block's columns)
_ALSO = ("决算数", "决算金额", "支出金额", "实际支出")
_AMOUNTS = ("initial", "budget", "spent")
_TOTALS = ("合计", "总计")
_DEPTH = 15  # items a breakdown lists at most before its 合计


@lru_cache(maxsize=8192)
def amount_column(text: str) -> bool:
    """A header naming amounts: 金额, 预算数, 2020年实际执行数 (a year in front)."""
    norm = strip_unit(_YEAR.sub("", clean(text)))
    return bool(norm) and (funding_column(norm) in _AMOUNTS or norm in _ALSO)


def read_breakdown(reader: SheetReader, rows: range) -> list[BreakdownColumn]:
    """The amount columns of the first cost breakdown in ``rows``, each with its items and
    its 合计; empty when there is none."""
    for header in rows:
        columns = [(c, t) for c, t in reader.own_texts(header) if amount_column(t)]
        if not columns:
            continue
        first = min(c for c, _ in columns)
        total_row = _total_row(reader, header, first, rows)
        if total_row is None:
            continue
        items = [
            r for r in range(header + 1, total_row)
            if any(c < first for c, _ in reader.own_texts(r))
        ]  # fmt: skip
        labels = [next(t for c, t in reader.own_texts(r) if c < first) for r in items]
        if not items or all(row_kind(t) for t in labels):
            continue  # 财政拨款 / 其他资金 lines: the funding block
        return [made for col, text in columns
                if (made := _column(reader, col, text, items, total_row)) is not None]  # fmt: skip
    return []


def _total_row(reader: SheetReader, header: int, first: int, rows: range) -> int | None:
    for row in range(header + 1, min(header + 1 + _DEPTH, rows.stop)):
        labels = [t for c, t in reader.own_texts(row) if c < first]
        if any(strip_unit(t).strip(":：") in _TOTALS for t in labels):
            return row
    return None


def _column(
    reader: SheetReader, col: int, label: str, items: list[int], total_row: int
) -> BreakdownColumn | None:
    """One column, when its 合计 and at least two of its items are amounts and no item holds
    something else (words, a formula's text): else nothing can be added up."""
    total = reader.text(total_row, col)
    parts = [t for r in items if (t := reader.text(r, col)) is not None]
    if total is None or amount(total) is None or len(parts) < 2:
        return None
    if any(amount(p) is None for p in parts):
        return None
    return BreakdownColumn(label=label.strip(), parts=parts, total=total,
                           cells={"total": reader.ref(total_row, col)})  # fmt: skip

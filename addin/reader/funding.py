"""The funding block: amounts under 年初预算数 / 全年预算数 / 全年执行数 columns, or written
right of (or below) their labels; 分值 / 执行率 / 得分 beside the total. A block with 年初预算数
and 全年执行数 but no 全年预算数 (执行率 = B/A) has 年初预算数 as its budget too.

A funding header row with no row label under it (a 部门整体 table's one line of amounts)
reads that line as the total; a 合计 line under the columns is the total too. Amounts may
carry 万元 / 万 / 元; a form stating 金额单位：元 (or 全年预算数（元）) has its bare amounts
read as 元. A target form's 中长期（中期）资金 column beside the 年度 one is left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from addin.core.models import Funding, FundingRow
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import (
    clean,
    funding_column,
    funding_kind,
    funding_reason_labels,
    goal_labels,
    strip_unit,
)

_funding_kind = funding_kind


@lru_cache(maxsize=16384)
def row_kind(text: str) -> str | None:
    """A money line's kind under the amount columns: a funding kind, or 合计 / 总计 as the
    total (资金来源 | 财政拨款 | 其他资金 | 合计)."""
    if strip_unit(text).strip(":：") in ("合计", "总计"):
        return "total"
    return _funding_kind(text)


def _funding_header(reader: SheetReader, row: int) -> dict[str, int]:
    """Columns of a funding header row ("年初预算数\n(万元)", "全年预算数", "执行率" …).
    A header cell over the row labels (年度预算数(万元) over 总额 / 其中:财政资金, with 年初
    预算 | 调整后预算数 | 预算执行数 beside it) names the block, not a column: where a field is
    named twice, the column whose next cell holds a label gives way to the other."""
    named: dict[str, list[int]] = {}
    for col, text in reader.own_texts(row):
        if _NOTE.search(text):
            continue  # a scoring note ("执行率*该指标分值,最高不得超过分值上限。"), not a column
        if fld := funding_column(text):
            named.setdefault(fld, []).append(col)
    columns: dict[str, int] = {}
    for fld, cols in named.items():
        money = [c for c in cols if not _labels_below(reader, row, c)]
        columns[fld] = (money or cols)[0]
    return columns


_NOTE = re.compile(r"[，,。；;]")  # a sentence, not a column's name


def _labels_below(reader: SheetReader, row: int, col: int) -> bool:
    below = reader.text(reader.next_line(row), col)
    return below is not None and row_kind(below) is not None and not _looks_amount(below)


def read_funding(reader: SheetReader, rows: range) -> Funding:
    """The funding block: a column layout (年初/全年预算数/全年执行数) or labelled values."""
    for row in rows:
        cols = _funding_header(reader, row)
        if "budget" not in cols and {"initial", "spent"} <= cols.keys():
            cols["budget"] = cols["initial"]  # 执行率 = 全年执行数(B) ÷ 年初预算数(A): its budget
        if "budget" in cols and _amount_right(reader, row, cols["budget"]):
            continue  # 计划投资额 | 570 | 实际使用情况 | 395.86: label-amount pairs, no heads
        if "budget" in cols and ("spent" in cols or _total_below(reader, rows, row, cols)):
            funding = _funding_columns(reader, rows, row, cols)
            if funding.rows:
                return funding
            break  # labels with their amounts beside them, not a header row
    return _funding_pairs(reader, rows) or _funding_labels(reader, rows)


def _total_below(reader: SheetReader, rows: range, header: int, cols: dict[str, int]) -> bool:
    """A cost breakdown under a 金额 / 预算数 column ending in its 合计 line (项目预算成本构成 |
    金额: 保安服务费 191 … 合计 814): the 合计 is the budget."""
    anchor = reader.anchor(header, cols["budget"])
    if anchor is not None and reader.ranges[anchor][3] > anchor[1]:
        return False  # 年度预算数 merged over 年初 | 调整后 | 执行数: a group, not a column
    first = min(cols.values())
    for row in range(header + 1, min(header + 12, rows.stop)):
        labels = [t for c, t in reader.own_texts(row) if c < first]
        if any(strip_unit(t).strip(":：") in ("合计", "总计") for t in labels):
            return reader.text(row, cols["budget"]) is not None
    return False


def _funding_pairs(reader: SheetReader, rows: range) -> Funding | None:
    """Amounts written right of their own labels (全年预算数 | 100 | 全年执行数 | 95 | 执行率 |
    95%): one total line, when both the budget and the spending are labelled so."""
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        for col, text in reader.own_texts(row):
            key = funding_column(text)
            if key is None or key in found:
                continue
            value, ref = reader.value_right(row, col)
            if value is not None and (key in ("rate", "points", "score") or _looks_amount(value)):
                found[key] = (value, ref)
    if not {"budget", "spent"} <= found.keys():
        return None
    amounts = {k: found[k] for k in ("initial", "budget", "spent") if k in found}
    funding = Funding()
    funding.rows.append(
        FundingRow(
            label="资金总额",
            kind="total",
            cells={k: ref for k, (_, ref) in amounts.items()},
            **{k: value for k, (value, _) in amounts.items()},
        )
    )
    for key in ("points", "rate", "score"):
        if key in found:
            setattr(funding, key, found[key][0])
            funding.cells[key] = found[key][1]
    return funding


def _funding_columns(
    reader: SheetReader, rows: range, header: int, cols: dict[str, int]
) -> Funding:
    """Rows of amounts under 年初预算数 / 全年预算数 / 全年执行数; sub-lines written as
    label-value pairs ("一般公共预算：| 130.8 | 其中:基本支出：| 117.3") read as 全年预算数."""
    funding = Funding()
    first_value_col = min(cols.values())
    amounts = ("initial", "budget", "spent")
    pairs = False  # after 按收入性质分 / 按支出性质分 the sub-lines are label-value pairs
    unlabelled: int | None = None  # a line of amounts with no row label under the header
    for row in range(header + 1, rows.stop):
        if _funding_header(reader, row):
            continue  # a tall merged header repeats itself
        texts = reader.own_texts(row)
        if any(clean(t).startswith(("按收入性质分", "按支出性质分")) for _, t in texts):
            pairs = True
            continue
        labels = [(c, t) for c, t in texts if row_kind(t) and not _looks_amount(t)]
        if not labels:
            if any(clean(t) in _goal_labels() for _, t in texts):
                break
            if unlabelled is None and any(reader.text(row, c) for c in cols.values()):
                unlabelled = row
            continue
        if not pairs and labels[0][0] < first_value_col:
            label, kind = labels[0][1], row_kind(labels[0][1])
            cells = {k: reader.ref(row, cols[k]) for k in amounts if k in cols}
            values = {k: reader.text(row, cols[k]) for k in amounts if k in cols}
            funding.rows.append(FundingRow(label=label.strip(), kind=kind, cells=cells, **values))  # type: ignore[arg-type]
            if kind == "total":
                for key in ("points", "rate", "score"):
                    if key in cols:
                        setattr(funding, key, reader.text(row, cols[key]))
                        funding.cells[key] = reader.ref(row, cols[key])
                if (reason := _reason_column(reader, header, cols)) is not None:
                    funding.reason = reader.text(row, reason)
                    funding.cells["reason"] = reader.ref(row, reason)
            continue
        if len(labels) >= 2 and not any(
            _amount_right(reader, row, c) or embedded(t) for c, t in labels
        ):
            continue  # column heads of another table (任务 | 总额 | 财政拨款 | 其他资金)
        for col, label in labels:
            value, ref = reader.value_right(row, col)
            if (inside := embedded(label)) is not None:  # 政府性基金拨款:118.82
                label, value, ref = inside[0], inside[1], reader.ref(row, col)
            elif value is not None and not _looks_amount(value):
                value, ref = None, reader.ref(row, reader.next_free(row, col))
            funding.rows.append(
                FundingRow(
                    label=label.strip(),
                    kind=_funding_kind(label),  # type: ignore[arg-type]
                    budget=value,
                    cells={"budget": ref},
                )
            )
    if not funding.rows and unlabelled is not None:
        _unlabelled_total(reader, funding, header, unlabelled, cols)
    if (
        "rate" in cols
        and _bare_number(funding.rate)
        and "%" in clean(reader.text(header, cols["rate"]))
    ):
        funding.rate = f"{funding.rate.strip()}%"  # type: ignore[union-attr]  # 执行率(%) | 100
    return funding


def _reason_column(reader: SheetReader, header: int, cols: dict[str, int]) -> int | None:
    """The 原因 column right of the amounts on the funding header row (… | 得分 | 原因)."""
    last = max(cols.values())
    for col, text in reader.own_texts(header):
        if col > last and strip_unit(text).rstrip(":：") in funding_reason_labels():
            return col
    return None


def _unlabelled_total(
    reader: SheetReader, funding: Funding, header: int, row: int, cols: dict[str, int]
) -> None:
    """The one line of amounts of a 部门整体 table (部门预算执行情况 | 年初预算数 | …): the total,
    labelled by the header's first cell."""
    label = next((t for c, t in reader.row_texts(header) if c < min(cols.values())), "资金总额")
    amounts = ("initial", "budget", "spent")
    funding.rows.append(
        FundingRow(
            label=label.strip(),
            kind="total",
            cells={k: reader.ref(row, cols[k]) for k in amounts if k in cols},
            **{k: reader.text(row, cols[k]) for k in amounts if k in cols},
        )
    )
    for key in ("points", "rate", "score"):
        if key in cols:
            setattr(funding, key, reader.text(row, cols[key]))
            funding.cells[key] = reader.ref(row, cols[key])


_CLASSIFYING = ("分类", "性质", "类别", "来源", "科目")


def _classification_value(reader: SheetReader, row: int, col: int) -> bool:
    """A cell right of a label that classifies the money (资金性质, 预算分类)."""
    left = [t for c, t in reader.own_texts(row) if c < col]
    return bool(left) and strip_unit(left[-1]).rstrip(":：").endswith(_CLASSIFYING)


def _has_amount(reader: SheetReader, row: int, col: int) -> bool:
    below = reader.text(reader.next_line(row), col)
    return _amount_right(reader, row, col) or (below is not None and _looks_amount(below))


def _amount_right(reader: SheetReader, row: int, col: int) -> bool:
    value, _ = reader.value_right(row, col)
    return value is not None and _looks_amount(value)


@lru_cache(maxsize=16384)
def _long_term(text: str) -> bool:
    """中长期资金总额 / 中期资金总额: the money of the whole project period, not the year's."""
    norm = clean(text)
    return norm.startswith(("中长期", "中期", "实施期")) and _funding_kind(text) is not None


def _funding_labels(reader: SheetReader, rows: range) -> Funding:
    """Labelled amounts: right of each label, or below a row of labels (Sichuan, targets).
    A target form's 中长期资金 column beside the 年度资金 one is left out, with its sub-lines."""
    labels: list[tuple[int, int, str, str]] = []
    candidates: list[tuple[int, int, str, str]] = []
    long_term: dict[int, int] = {}  # column -> row of its 中长期 label
    for row in rows:
        for col, text in reader.row_texts(row):
            if _long_term(text):
                long_term.setdefault(col, row)
                continue
            if col in long_term and row >= long_term[col]:
                continue
            kind = _funding_kind(text)
            short = len(clean(text)) <= 12 or embedded(text) is not None
            if kind is None or reader.is_merged_continuation(row, col) or not short:
                continue
            if _classification_value(reader, row, col):
                continue  # 资金性质 | 一般公共预算: the kind of the money, not a line of it
            candidates.append((row, col, text, kind))
    # a kind named twice: the label with an amount beside or below it ("一般公共预算" as
    # the value of 资金性质 is no money line when 其中:财政资金 | 65 is one)
    for kind in dict.fromkeys(k for *_, k in candidates):
        named = [c for c in candidates if c[3] == kind]
        labels.append(next((c for c in named if _has_amount(reader, c[0], c[1])), named[0]))
    labels.sort()
    below_rows = set()  # a row of labels with their amounts under them
    for row, col, _, _ in labels:
        right, _ = reader.value_right(row, col)
        below = reader.text(reader.next_line(row), col)
        if (right is None or not _looks_amount(right)) and below and _looks_amount(below):
            below_rows.add(row)
    funding = Funding()
    for row, col, text, kind in labels:
        if (inside := embedded(text)) is not None:
            text, value, ref = inside[0], inside[1], reader.ref(row, col)
        elif row in below_rows:
            line = reader.next_line(row)
            value, ref = reader.text(line, col), reader.ref(line, col)
        else:
            value, ref = reader.value_right(row, col)
            if value is not None and not _looks_amount(value):  # the next label, no value
                value, ref = None, reader.ref(row, reader.next_free(row, col))
        funding.rows.append(
            FundingRow(
                label=text.strip(),
                kind=kind,
                budget=value,  # type: ignore[arg-type]
                cells={"budget": ref},
            )
        )
    return funding


_AMOUNT = re.compile(r"^\s*[-+]?[\d,，.]+\s*(万元|万|元)?\s*$")
_EMBEDDED = re.compile(
    r"^(?P<label>.*?\D)\s*[:：]\s*(?P<amount>[-+]?[\d,，]*\.?\d+\s*(万元|万|元)?)\s*$"
)


@lru_cache(maxsize=16384)
def embedded(text: str) -> tuple[str, str] | None:
    """(label, amount) of a label cell holding its own amount ("年度资金总额:50万",
    "其中: 一般公共预算:1325.68"); None for a label alone."""
    match = _EMBEDDED.match(text.strip())
    return (match["label"].strip(), match["amount"].strip()) if match else None


def _looks_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text))


_goal_labels = goal_labels


_MONEY_UNIT = re.compile(r"(?:单位[:：]\s*|[(（])(万元|元)(?=[)）\s]|$)")


def money_unit(reader: SheetReader, rows: range) -> tuple[str | None, str | None]:
    """The unit the amounts above a table are written in: "(元)" in a money header
    ("全年预算数（元）", "项目资金\n（万元）"), else "单位：元" / "（单位：万元）" in the lines
    above."""
    stated: list[tuple[str, str]] = []
    in_headers: list[tuple[str, str]] = []
    for row in rows:
        for col, text in reader.own_texts(row):
            for unit, after_label in _money_units(text):
                (stated if after_label else in_headers).append((unit, reader.ref(row, col)))
    found = in_headers or stated  # a unit on the money itself is the nearer one
    return found[0] if found else (None, None)


@lru_cache(maxsize=16384)
def _money_units(text: str) -> tuple[tuple[str, bool], ...]:
    """(unit, written after 单位) of each money unit a cell states: "单位：元" anywhere, or
    "(元)" in a money header (a funding column or kind, or 资金)."""
    norm = clean(text)
    found = []
    for match in _MONEY_UNIT.finditer(norm):
        labelled = "单位" in match[0]
        if labelled or funding_column(norm) or _funding_kind(norm) or "资金" in norm:
            found.append((match[1], labelled))
    return tuple(found)


def _bare_number(text: str | None) -> bool:
    return text is not None and bool(re.fullmatch(r"\s*[-+]?[\d,，]*\.?\d+\s*", text))


def in_yuan(texts: dict[str, str | None]) -> dict[str, str | None]:
    """Bare amounts of a form written in 元 given their unit ("1180000" -> "1180000元"),
    so that every later sum reads them as 118 万元."""
    return {k: f"{v.strip()}元" if _bare_number(v) else v for k, v in texts.items()}


def funding_in_yuan(funding: Funding) -> None:
    """Every bare amount of a funding block written in 元 marked so."""
    for row in funding.rows:
        for key, value in in_yuan(
            {k: getattr(row, k) for k in ("initial", "budget", "spent")}
        ).items():
            setattr(row, key, value)

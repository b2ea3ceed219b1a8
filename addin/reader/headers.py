"""Header bands: the rows that name an indicator table's columns.

A header is one row or several (a group cell such as 年度指标值 over 指标性质 / 指标值 /
度量单位, with 实际完成值 / 分值 / 得分 merged down beside it). A column is named by the path
of its header cells from top to bottom; the lowest cell that names a field decides. A table
is found by a row naming 一级/二级/三级 (or, in a flat table, 指标名称 with points). A target
form printing 中期 and 年度 indicators side by side is read by its 年度 half.

Under the header the table runs to its total, footer or notes: a blank line between groups,
the header printed again on a new page, and a 一级/二级 written alone on its row (with the
section's points or not) do not end it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from addin.core.framework import section_level
from addin.reader.rows import ENDS_TABLE, RowDecision, classify
from addin.reader.sections import is_goal_label, starts_new_form
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import clean, column_field, funding_kind

LEVELS = {"level1", "level2", "name"}
# fields a table is read for; a row is looked at only if one of these holds text
ROW_KEYS = ("level1", "level2", "name", "target", "actual", "op", "points", "score")


@dataclass
class Table:
    """An indicator table found on a sheet, with a decision for every row under it."""

    header_row: int
    first_row: int  # first data row
    end_row: int  # last row that belongs to the form (total row included)
    columns: dict[str, int]
    header_rows: list[int] = field(default_factory=list)
    paths: dict[int, list[str]] = field(default_factory=dict)  # column -> header texts
    rows: list[int] = field(default_factory=list)
    decisions: list[RowDecision] = field(default_factory=list)
    total_row: int | None = None
    flat: bool = False  # no 一级/二级 columns
    confidence: dict[str, float] = field(default_factory=dict)  # role -> share of agreeing cells
    uncertain: dict[str, str] = field(default_factory=dict)  # role not read -> why
    inferred: dict[str, str] = field(default_factory=dict)  # role read from its cells -> how
    areas: dict[str, dict[str, int]] = field(default_factory=dict)  # role -> area -> column
    projects: dict[str, int] = field(default_factory=dict)  # a project's own cells: role -> column


def header_columns(reader: SheetReader, row: int) -> dict[str, int]:
    """Field -> column of one header row: the first cell naming each field (merges skipped)."""
    columns: dict[str, int] = {}
    for col, text in reader.own_texts(row):
        fld = column_field(text)
        if fld and fld not in columns:
            columns[fld] = col
    return columns


def is_table_header(columns: dict[str, int]) -> bool:
    """一级/二级/三级 named, or a flat table: 指标名称 with points and a target or score, or
    一级/二级 with values and no 三级 column (see :func:`without_level3`)."""
    if columns.keys() >= LEVELS:
        return True
    if {"level1", "level2"} <= columns.keys() and columns.keys() & {"target", "actual"}:
        return "name" not in columns
    return "name" in columns and "points" in columns and bool({"target", "score"} & columns.keys())


def find_tables(reader: SheetReader) -> list[Table]:
    tables: list[Table] = []
    row = 0
    while row < reader.n_rows:
        columns = header_columns(reader, row)
        if is_table_header(columns):
            columns = annual_half(reader, row, columns)
            columns = without_level3(reader, row, columns)
            columns = points_of_name(reader, row, columns)
            table = read_table(reader, row, columns)
            tables.append(table)
            row = table.end_row + 1
        else:
            row += 1
    return tables


def without_level3(reader: SheetReader, row: int, columns: dict[str, int]) -> dict[str, int]:
    """A table with 一级 and 二级 columns and no 三级: the 二级 column holds the indicators.
    The 一级 column then holds what its cells say: 二级 names (数量指标 …, the publisher's
    header one level too high) make it the 二级 column."""
    if "name" in columns:
        return columns
    out = dict(columns)
    out["name"] = out.pop("level2")
    below = [reader.text(r, out["level1"]) for r in range(row + 1, min(row + 12, reader.n_rows))]
    levels = [section_level(t) for t in below if t]
    if levels and levels.count("level2") > len(levels) / 2:
        out["level2"] = out.pop("level1")
    return out


def points_of_name(reader: SheetReader, row: int, columns: dict[str, int]) -> dict[str, int]:
    """A header writing 分值 after each level (一级指标 | 分值 | 二级指标 | 分值 | 三级指标 |
    分值 | 得分, the 评价体系 tables): the indicator's 分值 is the first one right of the 三级
    column; those left of it are the 一级/二级 sections' points."""
    if "name" not in columns or "points" not in columns or columns["points"] > columns["name"]:
        return columns
    name = columns["name"]
    right = [c for c, t in reader.own_texts(row) if c > name and column_field(t) == "points"]
    return {**columns, "points": right[0]} if right else columns


_ANNUAL = re.compile(r"年度(目标|指标|绩效)")
_LONG_TERM = re.compile(r"(中长期|中期|实施期)(目标|指标|绩效)")


def annual_half(reader: SheetReader, row: int, columns: dict[str, int]) -> dict[str, int]:
    """Columns of the 年度 half of a header that names the indicator columns twice, side by
    side under 中期目标 | 年度目标 (the 项目支出绩效目标申报表): the half printed second when
    the lines above say 中期/中长期 and 年度, else the first. Columns left of both halves (a
    shared 一级指标) stay."""
    starts = [
        c
        for c, t in reader.own_texts(row)
        if column_field(t) == ("level2" if "level2" in columns else "name")
    ]
    if len(starts) < 2:
        return columns
    above = [clean(t) for r in range(max(0, row - 12), row) for _, t in reader.row_texts(r)]
    if not (any(_ANNUAL.search(t) for t in above) and any(_LONG_TERM.search(t) for t in above)):
        return columns
    named = [(c, fld) for c, t in reader.own_texts(row) if (fld := column_field(t))]
    # the 年度 half starts at its own 一级指标 when it has one, else at its 二级/三级
    lead = [c for c, fld in named if fld == "level1" and starts[-2] < c < starts[-1]]
    begin = lead[-1] if lead else starts[-1]
    picked: dict[str, int] = {}
    for col, fld in named:
        if col >= begin and fld not in picked:
            picked[fld] = col
    for fld, col in columns.items():  # a 一级指标 both halves share, left of them
        if col < starts[0]:
            picked.setdefault(fld, col)
    return picked if is_table_header(picked) else columns


def _is_header_echo(reader: SheetReader, row: int, columns: dict[str, int]) -> bool:
    """A row under the header that repeats it (a tall merged header) or names sub-columns."""
    texts = [reader.text(row, c) for c in columns.values()]
    echoes = [t for t in texts if t and column_field(t)]
    return len(echoes) >= max(2, len([t for t in texts if t]) - 1)


def _inside_group(reader: SheetReader, header_row: int, group_col: int, col: int) -> bool:
    """A sub-header column under a header cell merged across several columns."""
    for r1, c1, r2, c2 in reader.merged:
        if r1 <= header_row <= r2 and c1 <= group_col <= c2 and c2 > c1:
            return c1 <= col <= c2 and col != group_col
    return False


def _band_above(reader: SheetReader, row: int) -> list[int]:
    """Header rows above ``row``: joined to it by cells merged down into it, or naming
    columns over its empty cells (a two-row header whose merges the file lost)."""
    above: list[int] = []
    r = row
    while r > 0 and (_merged_into(reader, r) or _names_over_gaps(reader, r - 1, r)):
        r -= 1
        above.insert(0, r)
    return above


def _merged_into(reader: SheetReader, row: int) -> bool:
    merged = any(r1 < row <= r2 for r1, _, r2, _ in reader.merged)
    return merged and any(column_field(t) for _, t in reader.row_texts(row - 1))


def _names_over_gaps(reader: SheetReader, above: int, row: int) -> bool:
    """Two or more indicator columns named over the row's empty cells, and nothing of a
    funding block (分值 / 得分 alone could head the 执行率 line)."""
    filled = {c for c, _ in reader.row_texts(row)}
    texts = reader.row_texts(above)
    if any(funding_kind(t) or re.search(r"\d", t) for _, t in texts):
        return False
    fields = {column_field(t) for c, t in texts if c not in filled} - {None}
    return len(fields) >= 2 and bool(fields - {"points", "score"})


def _name_by_paths(reader: SheetReader, table: Table) -> None:
    """Fill the fields no single row named from each column's header path (lowest first)."""
    width = max((len(reader.texts[r]) for r in table.header_rows), default=0)
    for col in range(width):
        path: list[str] = []
        for r in table.header_rows:
            text = reader.text(r, col)
            if text and (not path or clean(path[-1]) != clean(text)):
                path.append(text)
        table.paths[col] = path
        if col in table.columns.values():
            continue
        for text in reversed(path):
            fld = column_field(text)
            if fld:
                if fld not in table.columns:
                    table.columns[fld] = col
                break


def read_table(reader: SheetReader, header_row: int, columns: dict[str, int]) -> Table:
    """The table under a header row: its band, columns and a decision for each row."""
    row = header_row + 1
    while row < reader.n_rows and _is_header_echo(reader, row, columns):
        for fld, col in header_columns(reader, row).items():
            if fld not in columns or _inside_group(reader, header_row, columns[fld], col):
                columns[fld] = col
        row += 1
    band = [*_band_above(reader, header_row), *range(header_row, row)]
    table = Table(
        header_row=header_row,
        first_row=row,
        end_row=row - 1,
        columns=columns,
        header_rows=band,
        flat=not ({"level1", "level2"} & columns.keys()),
    )
    _name_by_paths(reader, table)
    name_col = table.columns.get("name")
    band_texts = [_texts(reader, r) for r in band]
    band_sizes = {len(t) for t in band_texts}
    # the lines right above the headings (绩效指标 | 保障措施 over 一级指标 | 二级指标 …)
    lead_texts = [t for r in range(max(band[0] - 2, 0), band[0]) if (t := _texts(reader, r))]
    while row < reader.n_rows:
        texts = reader.row_texts(row)
        if not texts:
            if not table.rows:  # a tall header whose merges the file format lost (.ods)
                row += 1
                continue
            if _table_goes_on(reader, table, row):
                table.decisions.append(
                    RowDecision(row=row, kind="blank", reason="空行，下面仍是指标，跳过")
                )
                row += 1
                continue
            table.decisions.append(RowDecision(row=row, kind="blank", reason="空行，表到此为止"))
            break
        if table.rows and len(texts) in band_sizes and _texts(reader, row) in band_texts:
            table.decisions.append(
                RowDecision(row=row, kind="header", reason="重复的表头（换页重印），跳过")
            )
            row += 1
            continue
        if (
            table.rows
            and _texts(reader, row) in lead_texts
            and _texts(reader, reader.next_line(row)) in band_texts
        ):  # printed again with the headings under it, on a new page
            table.decisions.append(
                RowDecision(row=row, kind="header", reason="重复的表头上方一行（换页重印），跳过")
            )
            row += 1
            continue
        if is_table_header(header_columns(reader, row)):
            break
        values = reader.row_values(row, table.columns)
        # a cell merged down from above (绩效指标 over the whole table) says nothing of this row
        own = reader.own_texts(row)
        decision = classify(own, values, name_col) if own else None
        if not own:  # a line left empty inside a 一级 / 二级 block merged down over it
            decision = RowDecision(
                row=row, kind="blank", reason="空行（只有从上面合并下来的单元格），跳过"
            )
        if decision is None and _ends_table(reader, texts):
            decision = RowDecision(
                row=row, kind="end", reason="目标栏或下一张表开始", confidence=LIKELY
            )
        if decision is None and table.flat and (level := _heading(values)):
            decision = RowDecision(
                row=row,
                kind="group",
                reason=f"分组行「{values['name']}」：下面的指标的{LEVEL_WORDS[level]}",
            )
        heading = decision is None or decision.kind == "placeholder"
        if heading and not table.flat and (level := _level_heading(reader, table, row, values)):
            decision = RowDecision(
                row=row,
                kind="group",
                reason=f"分组行「{values[level]}」：下面的指标的{LEVEL_WORDS[level]}",
                confidence=LIKELY,
            )
        if decision is None and table.rows and _breakdown(reader, table, row, values):
            decision = RowDecision(
                row=row,
                kind="part",
                reason=f"「{clean(values['name'] or '')}」是上一指标的组成部分，不单独计分",
            )
        if decision is None and not any(values.get(k) for k in ROW_KEYS if k in table.columns):
            decision = RowDecision(row=row, kind="placeholder", reason="指标各列都是空的，跳过")
        if decision is None:
            decision = _indicator(values)
        decision.row = row
        table.decisions.append(decision)
        if decision.kind == "total":
            table.total_row = row
            table.end_row = row
            break
        if decision.kind in ENDS_TABLE:
            break
        if decision.kind == "indicator":
            table.rows.append(row)
        table.end_row = row
        row += 1
    return table


LEVEL_WORDS = {"level1": "一级指标", "level2": "二级指标"}
MEASURED = ("target", "actual", "points", "score")


def _level_heading(
    reader: SheetReader, table: Table, row: int, values: dict[str, str | None]
) -> str | None:
    """A row of a 一级/二级 table naming only a 一级 (or only a 二级) of the framework, with
    no indicator, over rows that leave that level blank ("产出指标" alone, then its rows):
    the level it names. Followed by a row naming its own, it is an unused template line."""
    if not _bare_level(values):
        return None
    level = "level1" if values.get("level1") else "level2"
    below = row + 1
    if not reader.row_texts(below) or reader.text(below, table.columns[level]) is not None:
        return None
    return level


LIKELY = 0.6  # a decision that rests on the row's shape, not on a word or a value
MEASURED = ("target", "actual", "points", "score")


def _indicator(values: dict[str, str | None]) -> RowDecision:
    """An indicator row; a row with a name and nothing measured is read, less surely (it may
    be a heading or a note the vocabulary does not know)."""
    if values.get("name") and not any(values.get(k) for k in MEASURED):
        return RowDecision(
            row=-1,
            kind="indicator",
            reason="指标行（只有名称，没有指标值、完成值、分值：也可能是说明或分组，请核对）",
            confidence=LIKELY,
        )
    return RowDecision(row=-1, kind="indicator", reason="指标行")


def _breakdown(reader: SheetReader, table: Table, row: int, values: dict[str, str | None]) -> bool:
    """A "其中…" row under an indicator whose 分值 is merged down over it (or left blank):
    a part of that indicator, not one of its own."""
    if not clean(values.get("name")).startswith("其中"):
        return False
    col = table.columns.get("points")
    if col is None:
        return True
    anchor = reader.anchor(row, col)
    return values.get("points") is None or (anchor is not None and anchor[0] < row)


def _texts(reader: SheetReader, row: int) -> list[tuple[int, str]]:
    return [(c, clean(t)) for c, t in reader.row_texts(row)]


def _table_goes_on(reader: SheetReader, table: Table, blank: int) -> bool:
    """Whether indicator rows follow a blank line inside a table (a line the clerk left
    empty between groups): the next filled row, within three, has a name and a value in
    the table's columns and is not a total, footer, note or another form."""
    for row in range(blank + 1, min(blank + 4, reader.n_rows)):
        texts = reader.row_texts(row)
        if not texts:
            continue
        if _texts(reader, row) in [_texts(reader, r) for r in table.header_rows]:
            return True  # the header printed again after the blank line (a new page)
        if is_table_header(header_columns(reader, row)) or _ends_table(reader, texts):
            return False
        values = reader.row_values(row, table.columns)
        own = reader.own_texts(row)
        if not own:
            return False
        if _bare_level(values):
            continue  # 效益指标 alone on its row: look at the rows under it
        if classify(own, values, table.columns.get("name")) is not None:
            return False
        return bool(values.get("name")) and any(values.get(k) for k in MEASURED)
    return False


# a section's own points and score (产出指标 | 50 | 49) do not make it an indicator
VALUES = ("target", "actual")


def _bare_level(values: dict[str, str | None]) -> bool:
    """Only a 一级 or 二级 name of the framework on the row (with the section's points at
    most), no indicator."""
    if values.get("name") or any(values.get(k) for k in VALUES):
        return False
    named = [k for k in ("level1", "level2") if values.get(k)]
    return len(named) == 1 and section_level(values[named[0]]) == named[0]


def _heading(values: dict[str, str | None]) -> str | None:
    """A flat table's row naming a 一级 / 二级 alone ("一、产出指标(50分)", or with the
    section's points in the 分值 column): its level."""
    if any(values.get(k) for k in VALUES):
        return None
    return section_level(values.get("name"))


def _ends_table(reader: SheetReader, texts: list[tuple[int, str]]) -> bool:
    """A section row after a table: a goal label or the start of another form."""
    first = clean(texts[0][1]).rstrip(":：")
    if is_goal_label(first) or first.startswith("长期目标"):
        return True
    return starts_new_form(texts)

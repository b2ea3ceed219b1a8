"""Tables that are not indicator tables: 专项资金预算明细 and the 部门整体 基础数据表."""

from __future__ import annotations

from addin.reader.blocks import find_title, read_header
from addin.reader.sheet import SheetReader
from addin.reader.vocabulary import clean

DETAIL_COLUMNS = {
    "序号": "seq",
    "项目名称": "name",
    "覆盖人数": "people",
    "人均标准": "standard",
    "金额": "amount",
}


def read_fund_details(reader: SheetReader) -> list[tuple[int, dict]]:
    """专项资金预算明细 tables: 项目名称 / 覆盖人数 / 人均标准 / 金额, ending in 合计."""
    found: list[tuple[int, dict]] = []
    if not reader.has_text_starting("覆盖人数"):
        return found
    for row in range(reader.n_rows):
        cols = {}
        for col, text in reader.row_texts(row):
            key = next((v for k, v in DETAIL_COLUMNS.items() if clean(text).startswith(k)), None)
            if key and key not in cols:
                cols[key] = col
        if not {"people", "standard", "amount", "name"} <= cols.keys():
            continue
        title, title_ref = find_title(reader, range(max(0, row - 3), row))
        data: dict = {
            "form": "fund_detail",
            "title": title or "专项资金预算明细",
            "sheet": reader.sheet.name,
            "lines": [],
            "cells": {},
        }
        if title_ref:
            data["cells"]["title"] = title_ref
        for r in range(row + 1, reader.n_rows):
            texts = reader.row_texts(r)
            if not texts:
                break
            if any(clean(t) in ("合计", "总计") for _, t in texts):
                data["total"] = reader.text(r, cols["amount"])
                data["cells"]["total"] = reader.ref(r, cols["amount"])
                break
            line: dict = {k: reader.text(r, c) for k, c in cols.items()}
            line["cells"] = {k: reader.ref(r, c) for k, c in cols.items()}
            if line.get("name"):
                data["lines"].append(line)
        found.append((row, data))
    return found


def read_basic_data(reader: SheetReader) -> list[tuple[int, dict]]:
    """部门整体支出绩效评价基础数据表: staff, expense lines and 楼堂馆所."""
    found = reader.find_label(range(reader.n_rows), "编制数")
    if found is None:
        return []
    staff_row = found[0]
    labels = {clean(t): c for c, t in reader.row_texts(staff_row)}
    staff = {
        "authorized": reader.text(staff_row + 1, labels["编制数"]),
        "actual": next(
            (reader.text(staff_row + 1, c) for k, c in labels.items() if "在职" in k), None
        ),
        "rate": next(
            (reader.text(staff_row + 1, c) for k, c in labels.items() if "控制率" in k), None
        ),
    }
    title, title_ref = find_title(reader, range(max(0, staff_row - 4), staff_row))
    data: dict = {
        "form": "dept_basic_data",
        "title": title or "部门整体支出绩效评价基础数据表",
        "sheet": reader.sheet.name,
        "staff": staff,
        "expenses": [],
        "header": read_header(reader, range(0), range(reader.n_rows)),
        "cells": {"title": title_ref} if title_ref else {},
    }
    header_row = next(
        (
            r
            for r in range(staff_row + 1, reader.n_rows)
            if sum("决算" in t or "预算数" in t for _, t in reader.row_texts(r)) >= 2
        ),
        None,
    )
    if header_row is not None:
        value_cols = [c for c, t in reader.row_texts(header_row) if "决算" in t or "预算数" in t][
            :3
        ]
        for r in range(header_row + 1, reader.n_rows):
            texts = reader.row_texts(r)
            if not texts or "楼堂馆所" in texts[0][1]:
                break
            label = texts[0][1]
            if texts[0][0] >= min(value_cols):
                continue
            values = [reader.text(r, c) for c in value_cols] + [None] * 3
            data["expenses"].append(
                {
                    "label": label.strip(),
                    "prev_final": values[0],
                    "budget": values[1],
                    "final": values[2],
                }
            )
    return [(staff_row, data)]

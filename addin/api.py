"""Python API: the merged figures as pandas DataFrames.

>>> from addin import api
>>> city = api.merge(["各县/"])
>>> city.indicators.groupby("level1_standard")["score"].mean()

``read`` and ``merge`` return :class:`Frames` with ``units`` (one row per form, the 汇总
sheet), ``indicators`` (one per indicator, 指标明细), ``findings`` (one per finding, 问题清单)
and ``failed`` (inputs not merged or not taken, 失败文件). The columns are the stable keys
of :mod:`addin.merge.tables`, the same rows the summary workbook is written from, so a frame and
its sheet agree row for row. Every row carries its provenance: ``file``, ``sheet`` and, for
indicators and findings, ``cell``.
"""

from __future__ import annotations

import csv as csv_module
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from addin.merge.issues import listed_issues
from addin.merge.result import MergeResult, failed_rows, indicator_rows, unit_rows
from addin.merge.run import collect, process_file, spool
from addin.merge.run import merge as run_merge
from addin.merge.tables import FAILED, FINDINGS, INDICATORS, UNITS, Column
from addin.workbook.files import InputError
from addin.workbook.outputs import write_output
from addin.workbook.safe_text import MAX_CELL_TEXT, safe_text

# file stem of each exported table, also the sheet it mirrors
EXPORT_NAMES = {
    "units": "汇总",
    "indicators": "指标明细",
    "findings": "问题清单",
    "failed": "失败文件",
}
TABLES = {"units": UNITS, "indicators": INDICATORS, "findings": FINDINGS, "failed": FAILED}
BATCH_ROWS = 50_000  # rows per Parquet row group / CSV chunk when streaming an export


GRADE_ORDER = ["差", "中", "良", "优"]  # an ordered categorical: 优 > 良 > 中 > 差
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _frame(columns: list[Column], rows: Iterable[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=[c.key for c in columns])
    for column in columns:
        if column.integer:  # counts stay integers (a blank is <NA>, not a float NaN)
            frame[column.key] = pd.to_numeric(frame[column.key], errors="coerce").astype("Int64")
        elif column.number_format:  # money, rates, scores: numeric with NaN for blank
            frame[column.key] = pd.to_numeric(frame[column.key], errors="coerce")
        elif column.key == "grade":
            frame[column.key] = pd.Categorical(
                frame[column.key], categories=GRADE_ORDER, ordered=True
            )
        else:  # county text as a cell holds it: no control characters, 32,767 at most
            frame[column.key] = frame[column.key].map(_text, na_action="ignore")
    return frame


def _text(value: object) -> object:
    return safe_text(value) if isinstance(value, str) else value


def _schema(columns: list[Column]) -> pa.Schema:
    """Counts as int64, other numbers (money, rates, scores) as float64, the rest as text."""
    return pa.schema(
        [
            (c.key, pa.int64() if c.integer else pa.float64() if c.number_format else pa.string())
            for c in columns
        ]
    )


def neutralise(value: object) -> object:
    """A CSV cell that a spreadsheet would run as a formula, made text (OWASP's advice):
    text beginning with = + - @ tab or CR gets a leading apostrophe; a number such as
    -12.5 (a negative amount) is left as it is."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if value[0] in "+-":
        try:
            float(value)
            return value
        except ValueError:
            pass
    return "'" + value


def _csv_frame(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """The frame as the CSV holds it: county text neutralised (Parquet keeps it raw)."""
    text = [c.key for c in columns if not c.number_format and c.key != "grade"]
    safe = frame.copy()
    for key in text:
        safe[key] = safe[key].map(neutralise)
    return safe


def _write_table(
    folder: Path, attribute: str, frames: Iterable[pd.DataFrame], inputs: Iterable[Path] = ()
) -> list[Path]:
    """One table as Parquet (stable column keys) and CSV for clerks (Chinese headers, UTF-8
    with BOM so Excel and WPS open it correctly), written frame by frame, both through the
    one output policy (never onto an input or through a link; a failure keeps old files)."""
    columns = TABLES[attribute]
    stem = EXPORT_NAMES[attribute]
    parquet, csv = folder / f"{stem}.parquet", folder / f"{stem}.csv"
    schema = _schema(columns)
    header = [c.label for c in columns]
    inputs = list(inputs)

    def both(parquet_temp: Path, csv_temp: Path) -> None:
        with (
            pq.ParquetWriter(parquet_temp, schema) as writer,
            csv_temp.open("w", encoding="utf-8-sig", newline="") as out,
        ):
            csv_module.writer(out, lineterminator="\n").writerow(header)
            for frame in frames:
                table = pa.Table.from_pandas(frame, preserve_index=False).cast(schema)
                writer.write_table(table)
                shown = _csv_frame(frame, columns)
                shown.to_csv(out, index=False, header=False, lineterminator="\n")

    write_output(parquet, inputs, lambda p: write_output(csv, inputs, lambda c: both(p, c)))
    return [parquet, csv]


BATCH_CHARS = 8_000_000  # text characters per batch: memory stays bounded whatever the cells


def _batches(columns: list[Column], rows: Iterable[tuple]) -> Iterable[pd.DataFrame]:
    """Rows as frames of at most :data:`BATCH_ROWS` rows and about :data:`BATCH_CHARS`
    characters of text (one empty frame when there are none)."""
    batch: list[tuple] = []
    chars, sent = 0, False
    for row in rows:
        batch.append(row)
        chars += sum(min(len(v), MAX_CELL_TEXT) for v in row if isinstance(v, str))
        if len(batch) >= BATCH_ROWS or chars >= BATCH_CHARS:
            yield _frame(columns, batch)
            batch, chars, sent = [], 0, True
    if batch or not sent:
        yield _frame(columns, batch)


def export(
    result: MergeResult, folder: str | Path, inputs: Iterable[Path] | None = None
) -> list[Path]:
    """Write a merge's four tables to ``folder`` (Parquet and CSV) straight from its rows:
    the long tables stream from disk in bounded batches, so a province merge needs no room
    for them in memory. Same files as :meth:`Frames.export`. No file lands on an input
    (``inputs``, by default every file the result names) or through a link."""
    folder = Path(folder)
    if inputs is None:
        inputs = _files_of(result)
    folder.mkdir(parents=True, exist_ok=True)
    sources = {
        "units": unit_rows(result),
        "indicators": indicator_rows(result),
        "findings": iter(listed_issues(result)),
        "failed": failed_rows(result),
    }
    written: list[Path] = []
    for attribute, rows in sources.items():
        written += _write_table(folder, attribute, _batches(TABLES[attribute], rows), inputs)
    return written


def _files_of(result: MergeResult) -> list[Path]:
    names = {r.file for r in result.forms} | {f.file for f in [*result.failed, *result.skipped]}
    return [Path(n) for n in sorted(names)]


@dataclass
class Frames:
    """The merged tables as DataFrames, and the totals the summary's 合计 rows show."""

    units: pd.DataFrame
    indicators: pd.DataFrame
    findings: pd.DataFrame
    failed: pd.DataFrame
    totals: dict[str, float | int | None] = field(default_factory=dict)

    @classmethod
    def of(cls, result: MergeResult) -> Frames:
        """Frames of a merge result, built from the same rows as the summary workbook."""
        return cls(
            units=_frame(UNITS, unit_rows(result)),
            indicators=_frame(INDICATORS, indicator_rows(result)),
            findings=_frame(FINDINGS, listed_issues(result)),
            failed=_frame(FAILED, failed_rows(result)),
            totals=result.totals(),
        )

    def export(self, folder: str | Path) -> list[Path]:
        """Write each table as Parquet (stable column keys) and as CSV for clerks (Chinese
        headers, UTF-8 with BOM so Excel and WPS open it correctly); returns the paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for attribute in EXPORT_NAMES:
            written += _write_table(folder, attribute, [getattr(self, attribute)])
        return written


def read(path: str | Path, profile: str | None = None) -> Frames:
    """One workbook read, checked and scored; :class:`InputError` (Chinese reason) when it
    cannot be read."""
    path = Path(path)
    outcome = process_file(path, profile)
    if outcome.failure is not None:
        raise InputError(str(path), outcome.failure.reason)
    result = MergeResult(inputs=1)
    collect(result, spool(result, 0, outcome))
    return Frames.of(result)


def merge(
    inputs: Iterable[str | Path],
    profile: str | None = None,
    workers: int | None = None,
    roster: str | Path | None = None,
    level: str | None = None,
) -> Frames:
    """Merge county workbooks and folders as ``jixiao merge`` does, as DataFrames: the same
    rows as the summary's sheets (``roster``: the expected units' file, as ``--roster``;
    ``level``: the lowest level of ``findings``, as ``--level``)."""
    from addin.merge.roster import load_roster
    from addin.merge.summary import Review

    expected = load_roster(Path(roster)) if roster is not None else None
    result = run_merge([Path(p) for p in inputs], profile, workers)
    Review.of(result, expected, level)
    return Frames.of(result)

"""Python API: the merged figures as pandas DataFrames.

>>> from addin import api
>>> city = api.merge(["各县/"])
>>> city.indicators.groupby("level1_standard")["score"].mean()

``read`` and ``merge`` return :class:`Frames` with ``units`` (one row per form, the 汇总
sheet), ``indicators`` (one per indicator, 指标明细), ``findings`` (one per finding, 问题清单)
and ``failed`` (inputs not merged or not taken, 失败文件). The columns are the stable keys
of :mod:`addin.tables`, the same rows the summary workbook is written from, so a frame and
its sheet agree row for row. Every row carries its provenance: ``file``, ``sheet`` and, for
indicators and findings, ``cell``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from addin.merge import MergeResult, process_file
from addin.merge import merge as run_merge
from addin.tables import (
    FAILED,
    FINDINGS,
    INDICATORS,
    UNITS,
    Column,
    failed_rows,
    finding_rows,
    indicator_rows,
    unit_rows,
)
from addin.workbook import InputError

# file stem of each exported table, also the sheet it mirrors
EXPORT_NAMES = {
    "units": "汇总",
    "indicators": "指标明细",
    "findings": "问题清单",
    "failed": "失败文件",
}


def _frame(columns: list[Column], rows: Iterable[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=[c.key for c in columns])
    for column in columns:
        if column.number_format:  # money, rates, scores, counts: numeric with NaN for blank
            frame[column.key] = pd.to_numeric(frame[column.key], errors="coerce")
    return frame


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
            findings=_frame(FINDINGS, finding_rows(result)),
            failed=_frame(FAILED, failed_rows(result)),
            totals=result.totals(),
        )

    def export(self, folder: str | Path) -> list[Path]:
        """Write each table as Parquet (stable column keys) and as CSV for clerks (Chinese
        headers, UTF-8 with BOM so Excel and WPS open it correctly); returns the paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        labels = {
            "units": UNITS,
            "indicators": INDICATORS,
            "findings": FINDINGS,
            "failed": FAILED,
        }
        written = []
        for attribute, stem in EXPORT_NAMES.items():
            frame: pd.DataFrame = getattr(self, attribute)
            parquet, csv = folder / f"{stem}.parquet", folder / f"{stem}.csv"
            frame.to_parquet(parquet, index=False)
            header = [c.label for c in labels[attribute]]
            frame.to_csv(csv, index=False, header=header, encoding="utf-8-sig")
            written += [parquet, csv]
        return written


def read(path: str | Path, profile: str | None = None) -> Frames:
    """One workbook read, checked and scored; :class:`InputError` (Chinese reason) when it
    cannot be read."""
    path = Path(path)
    outcome = process_file(path, profile)
    if outcome.failure is not None:
        raise InputError(str(path), outcome.failure.reason)
    result = MergeResult(
        inputs=1, forms=outcome.forms, indicators=outcome.indicators, issues=outcome.issues
    )
    return Frames.of(result)


def merge(
    inputs: Iterable[str | Path], profile: str | None = None, workers: int | None = None
) -> Frames:
    """Merge county workbooks and folders as ``jixiao merge`` does, as DataFrames."""
    return Frames.of(run_merge([Path(p) for p in inputs], profile, workers))

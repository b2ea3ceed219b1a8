"""Dropdowns and input checks (data validation), collected per rule and written in order."""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

Key = tuple[str, str]  # (kind, formula)


class Validations:
    """Data validations of a sheet: one rule per distinct list or check, many ranges."""

    def __init__(self) -> None:
        self.ranges: dict[Key, list[str]] = {}

    def _add(self, key: Key, ref: str) -> None:
        self.ranges.setdefault(key, []).append(ref)

    def list(self, source: str, ref: str) -> None:
        """A dropdown from a defined name (or an INDIRECT formula)."""
        self._add(("list", source), ref)

    def number(self, ref: str) -> None:
        self._add(("decimal", ""), ref)

    def length(self, limit: int, ref: str) -> None:
        self._add(("textLength", str(limit)), ref)

    def attach(self, ws: Worksheet) -> None:
        for (kind, formula), refs in self.ranges.items():
            dv = _make(kind, formula)
            for ref in refs:
                dv.add(ref)
            ws.add_data_validation(dv)


def _make(kind: str, formula: str) -> DataValidation:
    if kind == "list":
        return DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="输入有误",
            error="请从下拉列表中选择。",
        )
    if kind == "decimal":
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="输入有误",
            error="请输入数字，不要带单位或文字。",
        )
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="字数超限",
        error=f"不超过 {formula} 个字。",
    )

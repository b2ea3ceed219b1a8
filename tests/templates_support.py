"""Helpers for the template tests: the workbooks to build and how to read them back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from templates_cases import hunan_case, sichuan_case

from addin.core.forms import FORMS, SELF_EVALUATIONS
from addin.core.seeds import load_seeds
from addin.templates.new import write_template
from addin.workbook.grid import CellValue, Grid

ERRORS = ("#NAME?", "#VALUE!", "#DIV/0!", "#REF!", "#N/A", "#NUM!", "#NULL!")


@dataclass(frozen=True)
class Case:
    """One workbook to build: a seed form, a hand-made form, or an empty template."""

    name: str
    form: Any
    profile: str | None
    kind: str

    @property
    def scored(self) -> bool:
        """Seed 003's tables have no points: they are only opened, not compared."""
        return (
            self.form is not None
            and self.form.form in SELF_EVALUATIONS
            and not self.name.startswith("003")
        )

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}.xlsx"
        write_template(FORMS[self.kind], path, self.form, self.profile)  # type: ignore[index]
        return path


def cases() -> list[Case]:
    """Every seed form, the hand-made scoring cases, and the eight empty templates."""
    out = [
        Case(f"{seed.seed[:3]}_{i:02d}_{form.form.value}", form, seed.profile, form.form)
        for seed in load_seeds()
        for i, form in enumerate(seed.forms)
    ]
    out.append(Case("case_hunan", hunan_case(), "hunan", hunan_case().form))
    out.append(Case("case_sichuan", sichuan_case(), "sichuan", sichuan_case().form))
    out += [Case(f"empty_{kind.value}", None, None, kind) for kind in FORMS]
    return out


def named(grid: Grid, name: str) -> CellValue:
    """Value of the cell a defined name points at."""
    found = grid.resolve(name)
    assert found is not None, f"defined name {name} missing"
    return grid.sheet(found[0]).get(found[1])


def error_cells(path: Path) -> list[tuple[str, str, str]]:
    """(sheet, cell, error) for every error value a recalculated workbook holds."""
    wb = openpyxl.load_workbook(path, data_only=True)
    return [
        (ws.title, cell.coordinate, cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and (cell.value in ERRORS or cell.value.startswith("Err:"))
    ]

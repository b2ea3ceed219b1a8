"""Shared fixtures: the seed tables and helpers to find one form in them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from addin.models import SeedFile
from addin.seeds import load_seeds

sys.path.insert(0, str(Path(__file__).parent))

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds() -> dict[str, SeedFile]:
    """Seed data files keyed by their three-digit seed number ("000" …)."""
    return {s.seed[:3]: s for s in load_seeds()}


def find_form(seed: SeedFile, project: str):
    """The form of ``seed`` whose project (or unit) is ``project``."""
    for form in seed.forms:
        if project in (form.header.project, form.header.unit):
            return form
    raise LookupError(project)

"""Shared fixtures: the seed tables and helpers to find one form in them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from addin.core.models import SeedFile
from addin.core.seeds import load_seeds
from addin.demo.samples import write_hunan, write_target

sys.path.insert(0, str(Path(__file__).parent))

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def signing_key(tmp_path_factory) -> Path:
    """The summaries' signing key of this test run (never the user's own ~/.jixiao)."""
    path = tmp_path_factory.mktemp("key") / "signing.key"
    os.environ["JIXIAO_SIGNING_KEY"] = str(path)
    return path


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


@pytest.fixture
def hebei(seeds, tmp_path: Path) -> Path:
    """The demo's Hebei target workbook (seed 001: six 项目支出绩效目标表), in its folder."""
    path = tmp_path / "正定县" / "正定县总工会_2022目标.xlsx"
    path.parent.mkdir()
    write_target(seeds["001"].forms, path)
    return path


@pytest.fixture
def hunan(seeds, tmp_path: Path) -> Path:
    """The demo's Hunan self-evaluation workbook (seed 002), in its folder. Test modules
    that need it once per module define their own."""
    path = tmp_path / "雁峰区" / "雁峰区总工会_2024自评.xlsx"
    path.parent.mkdir()
    write_hunan(seeds["002"].forms, path)
    return path

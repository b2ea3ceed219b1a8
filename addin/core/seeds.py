"""The seed tables of ``seeds/``: real forms transcribed as data, used by the demo and tests."""

from __future__ import annotations

import json
from pathlib import Path

from addin.core.models import SeedFile

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def load_seed_file(path: Path) -> SeedFile:
    """Read and validate one seed data file."""
    return SeedFile.model_validate(json.loads(path.read_text(encoding="utf-8")))


def seed_files(folder: Path = SEEDS_DIR) -> list[Path]:
    """The seed data files, in name order."""
    return sorted(folder.glob("*.json"))


def load_seeds(folder: Path = SEEDS_DIR) -> list[SeedFile]:
    """All seed data files of a folder."""
    return [load_seed_file(path) for path in seed_files(folder)]

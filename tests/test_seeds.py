"""The seed tables as data: complete, valid, and true to the documents they come from."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import SHARED_SEEDS

from addin.core.models import FormKind, IndicatorForm

EXPECTED_FORMS = {
    "000": {FormKind.SC_DEPT_SELF: 1, FormKind.SC_PROJECT_SELF: 11},
    "001": {FormKind.PROJECT_TARGET: 6},
    "002": {FormKind.DEPT_BASIC_DATA: 1, FormKind.DEPT_SELF: 1, FormKind.PROJECT_SELF: 5},
    "003": {FormKind.FUND_DETAIL: 1, FormKind.SC_PROJECT_SELF: 7},
    "004": {FormKind.DEPT_TARGET: 1},
}


def test_every_seed_is_transcribed_with_all_its_tables(seeds):
    assert set(seeds) == set(EXPECTED_FORMS)
    for number, expected in EXPECTED_FORMS.items():
        assert Counter(f.form for f in seeds[number].forms) == expected, number


def test_every_form_names_its_source(seeds):
    for seed in seeds.values():
        for form in seed.forms:
            assert form.source is not None and form.source.seed == seed.seed
            assert form.source.table


def test_indicator_rows_carry_their_levels_down(seeds):
    for seed in seeds.values():
        for form in seed.forms:
            if not isinstance(form, IndicatorForm):
                continue
            for ind in form.indicators:
                assert ind.name, (seed.seed, form.title)
                assert ind.level2, (seed.seed, form.title, ind.name)
                # one table of seed 003 prints no 一级 for its 经济成本指标 rows
                assert ind.level1 or ind.level2 == "经济成本指标", (form.title, ind.name)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared/seeds is beside the repository")
def test_values_are_copied_exactly_from_the_documents(seeds):
    """Every name and value of every indicator row stands in its seed document as written."""
    missing = []
    for seed in seeds.values():
        text = _squash((SHARED_SEEDS / seed.seed).read_text(encoding="utf-8"))
        text = text.replace("<b>", "").replace("</b>", "")
        for form in seed.forms:
            rows = getattr(form, "indicators", []) + getattr(form, "long_term_indicators", [])
            for ind in rows:
                for value in (
                    ind.level1,
                    ind.level2,
                    ind.name,
                    ind.op,
                    ind.target,
                    ind.actual,
                    ind.unit,
                    ind.points,
                    ind.score,
                ):
                    if value and not value.endswith("…") and _squash(value) not in text:
                        missing.append((seed.seed[:3], ind.name, value))
    assert missing == []


def test_sichuan_weights_add_up_to_90(seeds):
    for form in seeds["000"].forms:
        total = sum(float(i.points) for i in form.indicators)
        assert total == pytest.approx(90), form.header.project or form.header.unit

"""Scoring profiles: data files, validated, with the provinces' differences."""

from __future__ import annotations

import pytest

from addin.core.profiles import Profile, ProfileError, load_profile, profile_names


def test_bundled_profiles():
    assert {"central", "sichuan", "hunan"} <= set(profile_names())
    for name in profile_names():
        profile = load_profile(name)
        assert profile.execution_points + profile.indicator_points == profile.total_points


def test_sichuan_overrides_only_what_differs():
    central, sichuan = load_profile("central"), load_profile("sichuan")
    assert (sichuan.points_label, sichuan.has_score_column, sichuan.reason_max_chars) == (
        "权重",
        False,
        100,
    )
    assert sichuan.indicator_points == central.indicator_points == 90
    assert sichuan.bands == central.bands


@pytest.mark.parametrize(
    ("total", "grade"),
    [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (60, "中"), (59.5, "差"), (0, "差")],
)
def test_grades(total, grade):
    assert load_profile().grade(total) == grade


def test_unknown_profile_is_a_chinese_error():
    with pytest.raises(ProfileError, match="没有名为「guangdong」的计分口径"):
        load_profile("guangdong")


def test_inconsistent_profile_is_refused():
    data = load_profile().model_dump()
    data["indicator_points"] = 80
    with pytest.raises(ValueError, match="total_points"):
        Profile.model_validate(data)

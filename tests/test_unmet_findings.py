"""Every unmet indicator without an explanation gets a finding, on every form."""

from __future__ import annotations

from templates_cases import hunan_case, sichuan_case

from addin.core.profiles import load_profile
from addin.rules.checks import check_form


def _codes(form, profile: str) -> dict[str, set[str | None]]:
    findings, _ = check_form(form, load_profile(profile))
    out: dict[str, set[str | None]] = {}
    for f in findings:
        out.setdefault(f.code, set()).add(f.message)
    return out


def test_hunan_unmet_rows_ask_for_the_reason_column():
    codes = _codes(hunan_case(), "hunan")
    assert any("慰问人数" in m for m in codes["JX603"])  # 80 of 100 people
    assert any("机制建设" in m for m in codes["JX603"])  # 定性 未完成
    assert "JX609" not in codes


def test_sichuan_unmet_rows_say_where_the_explanation_belongs():
    findings, _ = check_form(sichuan_case(), load_profile("sichuan"))
    unmet = [f for f in findings if f.code == "JX609"]
    assert any("慰问人数" in f.message for f in unmet)
    assert all("自评说明" in f.hint for f in unmet)
    assert not [f for f in findings if f.code == "JX603"]


def test_an_explanation_silences_the_finding():
    form = sichuan_case()
    for ind in form.indicators:
        ind.reason = "受天气影响，已安排补发"
    assert "JX609" not in _codes(form, "sichuan")
    assert "JX603" not in _codes(form, "sichuan")

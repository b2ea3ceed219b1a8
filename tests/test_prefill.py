"""`jixiao new FORM --from TARGET.xlsx`: a self-evaluation pre-filled from a filled target form.

The target workbooks are the seed target forms (seeds 001 and 004) written in their own
county layout; the output is read back by the ordinary reader, as a reviewer would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from addin.core.framework import clean, detect_framework
from addin.core.models import FormKind
from addin.core.profiles import load_profile
from addin.core.scoring import number
from addin.demo.samples import write_target
from addin.reader import read_forms
from addin.rules.crosscheck import TargetValue, value_changed
from addin.selfeval.prefill import prefill, split_points
from addin.workbook.files import read_grid

JIXIAO = Path(sys.executable).with_name("jixiao")


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def hebei(seeds, tmp_path_factory) -> Path:
    """The demo's Hebei target workbook (seed 001: six 项目支出绩效目标表)."""
    path = tmp_path_factory.mktemp("targets") / "正定县总工会_2022目标.xlsx"
    write_target(seeds["001"].forms, path)
    return path


@pytest.fixture(scope="module")
def hubei(seeds, tmp_path_factory) -> Path:
    """Seed 004's 部门整体绩效目标申报表 in its own layout."""
    path = tmp_path_factory.mktemp("targets") / "阳新县总工会_目标申报.xlsx"
    write_target(seeds["004"].forms, path)
    return path


def read_one(path: Path):
    forms = read_forms(read_grid(path))
    assert len(forms) == 1, path
    return forms[0]


def assert_carries(declared, evaluated) -> None:
    """Every declared indicator appears, in order, with its names, sign and value."""
    t_frame = detect_framework([i.level1 for i in declared.indicators])
    s_frame = detect_framework([i.level1 for i in evaluated.indicators])
    names = [clean(i.name) for i in declared.indicators]
    assert [clean(i.name) for i in evaluated.indicators] == names
    last = {"level1": None, "level2": None}
    for t, s in zip(declared.indicators, evaluated.indicators, strict=True):
        for level in ("level1", "level2"):  # merged cells carry a level down
            last[level] = getattr(t, level) or last[level]
            assert clean(getattr(s, level)) == clean(last[level]), (t.name, level)
        a, b = TargetValue.of(t, t_frame), TargetValue.of(s, s_frame)
        assert a.op == b.op, t.name
        assert not value_changed(a, b), (t.target, s.target, s.unit)


@pytest.mark.parametrize("form", ["project_self", "sc_project_self"])
def test_every_hebei_project_round_trips(hebei, tmp_path, form):
    result = run("new", form, "--from", hebei, "-o", tmp_path / "自评表.xlsx")
    assert result.returncode == 0, result.stderr
    targets = read_forms(read_grid(hebei))
    outputs = sorted(tmp_path.glob("自评表-*.xlsx"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(outputs) == len(targets) == 6
    for target, path in zip(targets, outputs, strict=True):
        evaluated = read_one(path)
        assert evaluated.form == form
        assert clean(evaluated.header.project) == clean(target.header.project)
        assert_carries(target, evaluated)
        points = [number(i.points) for i in evaluated.indicators]
        assert sum(points) == pytest.approx(90)  # the profile's indicator points
        budget = next(r for r in evaluated.funding.rows if r.kind == "total").budget
        declared = next(r for r in target.funding.rows if r.kind == "total").budget
        assert float(budget) == pytest.approx(float(declared))


@pytest.mark.parametrize("form", ["dept_self", "sc_dept_self"])
def test_dept_target_round_trips(hubei, tmp_path, form):
    out = tmp_path / "部门自评.xlsx"
    result = run("new", form, "--from", hubei, "-o", out)
    assert result.returncode == 0, result.stderr
    target = read_one(hubei)
    evaluated = read_one(out)
    assert len(target.indicators) == 39
    assert clean(evaluated.header.unit) == clean(target.header.unit)
    assert_carries(target, evaluated)


def test_pick_writes_one_project(hebei, tmp_path):
    out = tmp_path / "礼堂.xlsx"
    result = run("new", "project_self", "--from", hebei, "--pick", "1", "-o", out)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["礼堂.xlsx"]
    assert read_one(out).header.project == "工会礼堂维护费"


def test_points_follow_the_profile_split(seeds):
    target = seeds["001"].forms[0]  # 产出 4 rows, 效益 1, 满意度 1
    points = split_points(target.indicators, load_profile("hunan"))
    assert points == [12.5, 12.5, 12.5, 12.5, 30, 10]
    form = prefill(target, FormKind.PROJECT_SELF)
    assert [i.points for i in form.indicators] == ["12.5"] * 4 + ["30", "10"]


def test_sichuan_project_takes_the_purpose_as_its_scope(seeds):
    form = prefill(seeds["001"].forms[0], FormKind.SC_PROJECT_SELF)
    assert form.overview == {"使用范围": "对困难职工及劳模帮扶救助"}  # the target's 资金用途


def test_points_written_on_the_target_are_kept(seeds):
    target = seeds["001"].forms[0].model_copy(deep=True)
    target.indicators[0].points = "20"
    form = prefill(target, FormKind.PROJECT_SELF)
    assert form.indicators[0].points == "20"


def test_bad_sources_get_one_chinese_line(hebei, tmp_path):
    wrong = run("new", "dept_self", "--from", hebei, "-o", tmp_path / "x.xlsx")
    assert wrong.returncode == 2
    assert "没有「部门整体绩效目标申报表」" in wrong.stderr and "Traceback" not in wrong.stderr
    missing = run("new", "project_self", "--from", tmp_path / "无.xlsx", "-o", tmp_path / "x.xlsx")
    assert missing.returncode == 2 and "找不到目标表" in missing.stderr
    pick = run("new", "project_self", "--from", hebei, "--pick", "9", "-o", tmp_path / "x.xlsx")
    assert pick.returncode == 2 and "--pick 应在 0 到 5 之间" in pick.stderr
    self_eval = tmp_path / "自评.xlsx"
    assert run("new", "project_self", "-o", self_eval).returncode == 0
    none = run("new", "project_self", "--from", self_eval, "-o", tmp_path / "y.xlsx")
    assert none.returncode == 2 and "没有找到绩效目标表" in none.stderr
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


@pytest.mark.parametrize(
    ("target_form", "seed", "pick", "self_form"),
    [
        ("project_target", "001_zhengding", "3", "project_self"),
        ("dept_target", "004_yangxin", "0", "sc_dept_self"),
    ],
)
def test_our_own_target_template_round_trips(tmp_path, target_form, seed, pick, self_form):
    data = Path(__file__).resolve().parents[1] / "seeds" / f"{seed}.json"
    targets = tmp_path / "目标表.xlsx"
    made = run("new", target_form, "--data", data, "--pick", pick, "-o", targets)
    assert made.returncode == 0, made.stderr
    out = tmp_path / "自评表.xlsx"
    result = run("new", self_form, "--from", targets, "-o", out)
    assert result.returncode == 0, result.stderr
    assert_carries(read_one(targets), read_one(out))

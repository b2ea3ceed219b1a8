"""`jixiao new FORM --from TARGET.xlsx`: a self-evaluation pre-filled from a filled target form.

The target workbooks are the seed target forms (seeds 001 and 004) written in their own
county layout; the output is read back by the ordinary reader, as a reviewer would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from addin.core.framework import clean, detect_framework
from addin.core.models import FormKind, Indicator, ProjectTargetForm
from addin.core.profiles import load_profile
from addin.core.scoring import number
from addin.core.values import parse_value
from addin.demo.samples import write_target
from addin.reader import read_forms
from addin.rules.crosscheck import TargetValue, value_changed
from addin.selfeval.prefill import prefill, split_points
from addin.templates.fill import indicator_row
from addin.templates.lo import recalculate
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


# --- signs exactly as declared --------------------------------------------------------


def signs(path: Path) -> dict[str, tuple[str | None, str | None, str]]:
    """三级指标 -> (指标性质, 指标值, cell of 指标性质) of the one form in ``path``."""
    form = read_one(path)
    return {clean(i.name): (i.op, i.target, i.cells["op"]) for i in form.indicators}


def findings(path: Path) -> list[dict]:
    result = run("check", path, "--json")
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)["findings"]


def flagged_cells(path: Path) -> set[str]:
    """The cell (``E15``) of every JX507 finding of ``path``."""
    return {f["cell"] for f in findings(path) if f["code"] == "JX507"}


def test_hebei_signs_are_copied_never_invented(hebei, tmp_path):
    """Seed 001 writes "≥90" (a sign) or a bare "100" (none): ≥ stays, the bare one is empty
    and flagged (JX507 at its 指标性质 cell); no other sign appears."""
    result = run("new", "project_self", "--from", hebei, "-o", tmp_path / "自评表.xlsx")
    assert result.returncode == 0, result.stderr
    targets = read_forms(read_grid(hebei))
    outputs = sorted(tmp_path.glob("自评表-*.xlsx"), key=lambda p: int(p.stem.split("-")[1]))
    bare_total = 0
    for target, path in zip(targets, outputs, strict=True):
        got = signs(path)
        flagged = flagged_cells(path)
        bare = set()
        for ind in target.indicators:
            op, value, cell = got[clean(ind.name)]
            declared = parse_value(ind.target)
            if declared.op is not None:
                assert op == declared.op.value, ind.name
            elif declared.kind == "text":
                assert op == "定性", ind.name
            else:
                assert op is None, (ind.name, op, value)
                bare.add(cell)
        assert flagged == bare, path.name
        bare_total += len(bare)
    assert bare_total == 16  # the seed's bare "100"s, counted in seeds/001_zhengding.json


def bare_target(seeds) -> ProjectTargetForm:
    """A project target form of the usual kind whose values carry no sign at all."""
    form = seeds["001"].forms[1].model_copy(deep=True)
    rows = [
        ("产出指标", "数量指标", "维修次数", "12", "次"),
        ("产出指标", "质量指标", "验收合格率", "100", "%"),
        ("产出指标", "时效指标", "完成时限", "≤30", "天"),
        ("成本指标", "经济成本指标", "其他成本", "无", None),
        ("效益指标", "社会效益指标", "场所保障", "有效保障", None),
        ("满意度指标", "服务对象满意度指标", "使用单位满意度", "95", "%"),
    ]
    form.indicators = [
        Indicator(level1=a, level2=b, name=c, target=d, unit=e) for a, b, c, d, e in rows
    ]
    return form


def test_bare_values_of_a_constructed_target_stay_unsigned(seeds, tmp_path):
    """A second target, every value without a sign: only "≤30" and the worded one get a
    sign; "12", "100", "95" and "无" stay empty, the numbers flagged, never "≥ 无"."""
    source = tmp_path / "目标.xlsx"
    write_target([bare_target(seeds)], source)
    out = tmp_path / "自评.xlsx"
    result = run("new", "sc_project_self", "--from", source, "-o", out)
    assert result.returncode == 0, result.stderr
    got = signs(out)
    assert {k: v[0] for k, v in got.items()} == {
        "维修次数": None, "验收合格率": None, "完成时限": "≤", "其他成本": None,
        "场所保障": "定性", "使用单位满意度": None,
    }  # fmt: skip
    assert got["其他成本"][1] == "无"
    assert flagged_cells(out) == {got[n][2] for n in ("维修次数", "验收合格率", "使用单位满意度")}


def test_a_declared_sign_column_is_copied():
    """A 指标性质 column the target declares is kept as written (＝, ≤ on a 数量 indicator,
    where the engine would have guessed ≥); without ``declared_signs`` the engine's
    inferred sign is what a --data fill writes."""
    profile = load_profile("hunan")
    row = dict(level1="产出指标", level2="数量指标", name="慰问人数", unit="人")
    for op in ("＝", "≤"):
        ind = Indicator(op=op, target="100", **row)
        assert indicator_row(ind, profile, "project", declared_signs=True)["op"] == op
    bare = Indicator(target="100", **row)
    assert indicator_row(bare, profile, "project", declared_signs=True)["op"] is None
    assert indicator_row(bare, profile, "project")["op"] == "≥"
    none = Indicator(target="无", **row)
    assert indicator_row(none, profile, "project", declared_signs=True)["op"] is None


def test_the_unsigned_row_shows_its_hint(seeds, tmp_path):
    """Recomputed by LibreOffice, the row whose sign the clerk must choose says so."""
    source = tmp_path / "目标.xlsx"
    write_target([bare_target(seeds)], source)
    out = tmp_path / "自评.xlsx"
    assert run("new", "project_self", "--from", source, "-o", out).returncode == 0
    got = signs(out)
    (tmp_path / "calc").mkdir()
    (done,) = recalculate([out], tmp_path / "calc")
    sheet = openpyxl.load_workbook(done, data_only=True).active

    def row_text(name: str) -> list:
        row = int("".join(ch for ch in got[name][2] if ch.isdigit()))
        return [c.value for c in sheet[row]]

    for name in ("维修次数", "验收合格率", "使用单位满意度"):
        assert "请选择指标性质" in row_text(name), name
    for name in ("完成时限", "其他成本", "场所保障"):
        assert "请选择指标性质" not in row_text(name), name

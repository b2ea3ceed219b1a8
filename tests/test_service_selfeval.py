"""POST /api/prefill and POST /api/report of the real local service (uvicorn on 127.0.0.1):
the files written beside the workbook equal the command line's, nothing is ever replaced,
and every refusal is one Chinese sentence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from test_prefill import assert_carries
from test_service import Service, snapshot
from test_service import service as service  # the module's running service

from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.reader import read_forms
from addin.reader.targets import read_targets
from addin.selfeval.prefill import prefill_targets
from addin.selfeval.report import write_report
from addin.workbook.files import read_grid

SELF_TITLE = FORMS[FormKind.PROJECT_SELF].title


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [cell.text for row in table.rows for cell in row.cells]
    return found


# --- /api/prefill ----------------------------------------------------------------------------


def test_prefill_from_a_snapshot_writes_each_project_beside_it(service: Service, hebei: Path):
    body = {"book": snapshot(hebei), "folder": str(hebei.parent)}
    status, data, _ = service.call("POST", "/api/prefill", body)
    assert status == 200, data
    assert data["source"] == hebei.name and data["folder"] == str(hebei.parent)
    declared = read_targets(hebei)
    assert len(data["written"]) == len(declared) == 6
    for n, (item, target) in enumerate(zip(data["written"], declared, strict=True), 1):
        path = Path(item["path"])
        assert path.parent == hebei.parent
        assert path.name.startswith(f"{hebei.stem}_{SELF_TITLE}-{n}-")
        assert item["form"] == "project_self" and item["title"] == SELF_TITLE
        assert target.header.project in item["source"]
        (form,) = read_forms(read_grid(path))
        assert_carries(target, form)
    first = {p: p.read_bytes() for p in map(Path, (i["path"] for i in data["written"]))}
    status, again, _ = service.call("POST", "/api/prefill", body)
    assert status == 200
    assert all(Path(i["path"]).stem.endswith("（2）") for i in again["written"])
    assert all(p.read_bytes() == content for p, content in first.items())


def test_prefill_from_a_target_file_writes_beside_that_file(service: Service, hebei: Path):
    status, data, _ = service.call("POST", "/api/prefill", {"target": str(hebei), "pick": 1})
    assert status == 422 and data["error"] == "请求内容不符合要求：请求 → pick：不认识这一项"
    status, data, _ = service.call(
        "POST", "/api/prefill", {"target": str(hebei), "form": "sc_project_self"}
    )
    assert status == 200, data
    paths = [Path(i["path"]) for i in data["written"]]
    assert {p.parent for p in paths} == {hebei.parent} and len(paths) == 6
    assert {f.form for p in paths for f in read_forms(read_grid(p))} == {FormKind.SC_PROJECT_SELF}


def test_the_sichuan_profile_gives_the_sichuan_form(service: Service, hebei: Path):
    book = snapshot(hebei)
    book["profile"] = "sichuan"
    body = {"book": book, "folder": str(hebei.parent)}
    status, data, _ = service.call("POST", "/api/prefill", body)
    assert status == 200 and {i["form"] for i in data["written"]} == {"sc_project_self"}


def test_a_book_without_target_forms_says_so_with_a_reason(service: Service, hunan: Path):
    body = {"book": snapshot(hunan), "folder": str(hunan.parent)}
    status, data, _ = service.call("POST", "/api/prefill", body)
    assert status == 422
    assert data["reason"] == "no_targets"
    assert data["error"].startswith(f"{hunan.name}：没有找到绩效目标表")
    assert names(hunan.parent) == {hunan.name}


def test_an_unsaved_target_workbook_is_asked_to_be_saved(service: Service, hebei: Path):
    book = snapshot(hebei)
    book["book"] = "工作簿1"
    status, data, _ = service.call("POST", "/api/prefill", {"book": book, "folder": ""})
    assert status == 422 and data["reason"] == "not_saved"
    assert data["error"] == "「工作簿1」还没有保存：请先保存，自评表将保存在它旁边"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, "请求内容不符合要求：请求：请给出当前工作簿（book）或目标表文件（target），二者选一"),
        ({"target": "x.xlsx", "book": {"sheets": [{"name": "a"}]}}, "二者选一"),
        ({"target": "目标表.xlsx"}, "目标表「目标表.xlsx」要写完整路径"),
        ({"target": "/no/such/目标表.xlsx"}, "找不到目标表「/no/such/目标表.xlsx」"),
        ({"target": "{hebei}", "form": "budget"}, "没有名为「budget」的表格"),
        ({"target": "{hebei}", "form": "project_target"}, "只有自评表可以从目标表生成"),
        ({"target": "{hebei}", "form": "dept_self"}, "中没有「部门整体绩效目标申报表」"),
        ({"target": "{hebei}", "profile": "nowhere"}, "nowhere"),
        ({"book": "{book}", "folder": "相对/路径"}, "文件夹「相对/路径」要写完整路径"),
        ({"book": "{book}", "folder": "/no/such/folder"}, "文件夹「/no/such/folder」不存在"),
        ({"book": "{book}", "folder": "{folder}", "extra": 1}, "extra：不认识这一项"),
    ],
)
def test_prefill_refusals(service: Service, hebei: Path, body: dict, expected: str):
    filled = {k: {"{hebei}": str(hebei), "{folder}": str(hebei.parent),
                  "{book}": snapshot(hebei)}.get(v, v) if isinstance(v, str) else v
              for k, v in body.items()}  # fmt: skip
    status, data, _ = service.call("POST", "/api/prefill", filled)
    assert status == 422, data
    assert expected in data["error"]
    assert names(hebei.parent) == {hebei.name}


def test_prefill_needs_the_token(service: Service, hebei: Path):
    status, data, _ = service.call("POST", "/api/prefill", {"target": str(hebei)}, token="wrong")
    assert status == 403 and data["error"].startswith("加载项口令不符")
    assert names(hebei.parent) == {hebei.name}


def test_a_symlink_in_the_way_is_skipped_and_its_target_untouched(service, hebei, tmp_path):
    elsewhere = tmp_path / "elsewhere.xlsx"
    elsewhere.write_bytes(b"not ours")
    one = hebei.parent / f"{hebei.stem}_{SELF_TITLE}-2-工会礼堂维护费.xlsx"
    one.symlink_to(elsewhere)
    status, data, _ = service.call("POST", "/api/prefill", {"target": str(hebei)})
    assert status == 200, data
    assert elsewhere.read_bytes() == b"not ours" and one.is_symlink()
    assert data["written"][1]["path"] == str(one.with_name(f"{one.stem}（2）.xlsx"))


def test_a_symlinked_folder_is_refused(service: Service, hebei: Path, tmp_path: Path):
    link = tmp_path / "链接"
    link.symlink_to(hebei.parent)
    body = {"book": snapshot(hebei), "folder": str(link)}
    status, data, _ = service.call("POST", "/api/prefill", body)
    assert status == 422 and "符号链接" in data["error"]
    assert names(hebei.parent) == {hebei.name}


# --- /api/report -----------------------------------------------------------------------------


def test_report_equals_the_command_lines_and_never_replaces(service, hunan, tmp_path):
    body = {"book": snapshot(hunan), "folder": str(hunan.parent)}
    status, data, _ = service.call("POST", "/api/report", body)
    assert status == 200, data
    out = hunan.parent / f"{hunan.stem}_自评报告.docx"
    expected = write_report(hunan, tmp_path / "cli.docx")
    assert data == {**expected.model_dump(), "output": str(out)}
    assert texts(out) == texts(tmp_path / "cli.docx")
    content = out.read_bytes()
    status, again, _ = service.call("POST", "/api/report", body)
    assert status == 200 and again["output"] == str(out.with_name(f"{out.stem}（2）.docx"))
    assert out.read_bytes() == content


@pytest.mark.parametrize(
    ("change", "status", "expected", "reason"),
    [
        ({"folder": ""}, 422, "还没有保存：请先保存，自评报告将保存在它旁边", "not_saved"),
        ({"folder": "/no/such/folder"}, 422, "文件夹「/no/such/folder」不存在", None),
        ({"profile": "nowhere"}, 422, "nowhere", None),
        ({"out": "/tmp/x.docx"}, 422, "请求内容不符合要求：请求 → out：不认识这一项", None),
        ({"book": None}, 422, "请求内容不符合要求：请求 → 工作簿：应为对象（{…}）", None),
    ],
)  # fmt: skip
def test_report_refusals(service, hunan, change, status, expected, reason):
    body = {"book": snapshot(hunan), "folder": str(hunan.parent), **change}
    got, data, _ = service.call("POST", "/api/report", body)
    assert got == status, data
    assert expected in data["error"]
    assert data.get("reason") == reason
    assert names(hunan.parent) == {hunan.name}


def test_a_report_of_a_target_workbook_is_refused(service: Service, hebei: Path):
    body = {"book": snapshot(hebei), "folder": str(hebei.parent)}
    status, data, _ = service.call("POST", "/api/report", body)
    assert status == 422
    assert data["error"] == (
        f"{hebei.name}：没有找到绩效自评表，无法生成自评报告（请在自评表工作簿中点这个按钮）"
    )
    assert names(hebei.parent) == {hebei.name}


# --- /api/compare ----------------------------------------------------------------------------


def edited(hebei: Path) -> Path:
    """The self-evaluation pre-filled from 项目2, a 指标值 then lowered by the clerk."""
    path = hebei.parent / "自评表.xlsx"
    prefill_targets(read_targets(hebei), hebei.name, FORMS[FormKind.PROJECT_SELF], path, 1)
    book = openpyxl.load_workbook(path)
    ws = next(w for w in book.worksheets if w.sheet_state == "visible" and w.protection.sheet)
    row = next(c.row for c in ws["D"] if c.value == "日常巡查维修率")
    ws[f"F{row}"] = 80  # declared ≥95
    book.save(path)
    return path


def test_compare_equals_check_with_targets(service: Service, hebei: Path):
    path = edited(hebei)
    body = {"book": snapshot(path), "target": str(hebei)}
    status, data, _ = service.call("POST", "/api/compare", body)
    assert status == 200, data
    args = ["check", str(path), "--targets", str(hebei), "--json"]
    cli = subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True)
    expected = json.loads(cli.stdout)
    assert data["findings"] == expected["findings"] == data["report"]["findings"]
    assert data["report"]["counts"] == expected["counts"]
    assert data["summary"] == (
        f"与目标表「{hebei.name}」对照：指标改动 1 项（每项都写明申报时和现在的内容）。"
    )
    (changed,) = [f for f in data["findings"] if f["code"] == "JX703"]
    marks = {(a["sheet"], a["cell"]): a for a in data["actions"] if a["op"] == "mark"}
    assert changed["message"] in marks[(changed["sheet"], changed["cell"])]["note"]
    assert data["actions"][0]["op"] == "clear"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"target": "目标表.xlsx"}, "目标表「目标表.xlsx」要写完整路径"),
        ({"target": "/no/such.xlsx"}, "找不到目标表「/no/such.xlsx」"),
        ({"target": "{hunan}"}, "没有找到绩效目标表"),
        ({"book": "{hebei}"}, "：没有绩效自评表，无法与目标表对照（请在自评表工作簿中使用）"),
        ({"profile": "nowhere"}, "nowhere"),
        ({"target": None}, "请求内容不符合要求：请求 → 目标表：应为文本"),
        ({"folder": "/tmp"}, "请求内容不符合要求：请求 → 文件夹：不认识这一项"),
    ],
)
def test_compare_refusals(service: Service, hebei: Path, hunan: Path, change, expected):
    places = {"{hunan}": str(hunan), "{hebei}": snapshot(hebei)}
    body = {"book": snapshot(hunan), "target": str(hebei)}
    body |= {k: places.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    status, data, _ = service.call("POST", "/api/compare", body)
    assert status == 422, data
    assert expected in data["error"]


@pytest.mark.parametrize("endpoint", ["/api/prefill", "/api/report", "/api/compare"])
@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_every_new_endpoint_needs_the_token(service: Service, hunan: Path, endpoint, token):
    body = {"book": snapshot(hunan), "folder": str(hunan.parent)}
    status, data, _ = service.call("POST", endpoint, body, token=token)
    assert status == 403 and data["error"].startswith("加载项口令不符")
    assert names(hunan.parent) == {hunan.name}


def test_a_failed_write_leaves_neither_a_report_nor_a_temporary_file(
    service: Service, hunan: Path, monkeypatch: pytest.MonkeyPatch
):
    import addin.selfeval.beside

    def half_written(grid: object, path: Path, profile: object = None) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(addin.selfeval.beside, "write_report_grid", half_written)
    body = {"book": snapshot(hunan), "folder": str(hunan.parent)}
    status, data, _ = service.call("POST", "/api/report", body)
    assert status == 409
    assert data["error"] == f"无法写入文件夹「{hunan.parent}」（No space left on device）"
    assert names(hunan.parent) == {hunan.name}


def test_a_failed_write_leaves_no_self_evaluation_behind(
    service: Service, hebei: Path, monkeypatch: pytest.MonkeyPatch
):
    import addin.selfeval.beside

    calls: list[Path] = []

    def second_fails(forms, source, spec, out, pick=None) -> None:
        calls.append(out)
        out.write_bytes(b"half")
        if len(calls) == 2:
            raise OSError(13, "Permission denied")
        out.write_bytes(b"whole")

    monkeypatch.setattr(addin.selfeval.beside, "prefill_targets", second_fails)
    status, data, _ = service.call("POST", "/api/prefill", {"target": str(hebei)})
    assert status == 409 and "Permission denied" in data["error"]
    left = names(hebei.parent) - {hebei.name}
    assert len(left) == 1 and "-1-" in next(iter(left))  # the first, whole; no half file
    assert (hebei.parent / next(iter(left))).read_bytes() == b"whole"

"""The demo's last step on the demo's own workbooks: Hebei targets → self-evaluations,
Hunan self-evaluation → 自评报告 draft."""

from __future__ import annotations

import io

from docx import Document
from rich.console import Console

from addin.demo.flow import HEBEI_TARGETS, run_flow
from addin.demo.samples import SAMPLE_FILES, write_hunan, write_target
from addin.reader import read_forms
from addin.workbook.files import read_grid


def test_flow_on_the_demo_workbooks(seeds, tmp_path):
    samples = tmp_path / "县级报送"
    samples.mkdir()
    write_target(seeds["001"].forms, samples / SAMPLE_FILES["001"][0])
    write_hunan(seeds["002"].forms, samples / SAMPLE_FILES["002"][0])
    out = tmp_path / "目标到报告"
    buffer = io.StringIO()
    run_flow(Console(file=buffer, width=200), samples, out)
    made = sorted(out.glob("*.xlsx"))
    assert len(made) == 6
    declared = {
        f.header.project: [i.name for i in f.indicators]
        for f in read_forms(read_grid(samples / HEBEI_TARGETS))
    }
    for path in made:
        (form,) = read_forms(read_grid(path))
        assert form.form == "project_self"
        assert [i.name for i in form.indicators] == declared[form.header.project]
    doc = Document(str(out / "雁峰区总工会_自评报告.docx"))
    titles = [p.text for p in doc.paragraphs if p.text.endswith("自评报告") or "汇总报告" in p.text]
    unit = "雁峰区总工会"
    dept = f"{unit}部门整体支出绩效自评报告"  # on its cover page, then above its text
    assert titles == [dept, dept, f"{unit}项目支出绩效自评汇总报告"]
    assert "6 个项目" in buffer.getvalue()

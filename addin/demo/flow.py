"""The demo's last step: from the approved targets to the self-evaluation and its report.

The Hebei target workbook (seed 001) gives one pre-filled self-evaluation per project;
the Hunan self-evaluation (seed 002) gives its 自评报告 draft.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.selfeval.prefill import prefill_workbook
from addin.selfeval.report import write_report

HEBEI_TARGETS = "正定县总工会_2022目标.xlsx"
HUNAN_SELF = "雁峰区总工会_2024自评.xlsx"


def run_flow(console: Console, samples: Path, out: Path) -> None:
    """Pre-fill self-evaluations from the Hebei targets and draft the Hunan report."""
    out.mkdir(parents=True, exist_ok=True)
    written = prefill_workbook(
        samples / HEBEI_TARGETS, FORMS[FormKind.PROJECT_SELF], out / "正定县_项目自评表.xlsx"
    )
    console.print(
        f"\n从目标表生成自评表：{HEBEI_TARGETS} 的 {len(written)} 个项目，"
        f"指标、指标值和预算数已填好，写入 {out}"
    )
    report = write_report(samples / HUNAN_SELF, out / "雁峰区总工会_自评报告.docx")
    console.print(
        f"自评报告草稿：{report.output}（{'、'.join(report.reports)}，"
        f"{report.fills} 处待填写，以黄色底的【请填写…】标出）"
    )

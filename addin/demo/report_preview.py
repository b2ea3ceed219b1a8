"""PNG pages of a 自评报告 draft (LibreOffice Writer → PDF → pdftoppm), for the README.

``python -m addin.demo.report_preview`` writes the draft of the demo's Hunan workbook
(seed 002) and its first pages to ``docs/report/``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from addin.templates.lo import convert, to_png

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "report"


def preview(docx: Path, out: Path, pages: int = 4, dpi: int = 60) -> list[Path]:
    """The first ``pages`` pages of ``docx`` as ``out/page-N.png``."""
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as tmp:
        (pdf,) = convert([docx], Path(tmp), "pdf")
        pngs = to_png(pdf, Path(tmp) / "page", dpi)
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("page-*.png"):
            old.unlink()
        kept = []
        for n, png in enumerate(pngs[:pages], 1):
            target = out / f"page-{n}.png"
            target.write_bytes(png.read_bytes())
            kept.append(target)
    return kept


def main() -> None:
    """Draft of the demo's Hunan workbook and its preview pages in docs/report/."""
    from addin.core.seeds import load_seeds
    from addin.demo.samples import write_hunan
    from addin.selfeval.report import write_report

    seed = next(s for s in load_seeds() if s.seed.startswith("002"))
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as tmp:
        book = Path(tmp) / "雁峰区总工会_2024自评.xlsx"
        write_hunan(seed.forms, book)
        docx = Path(tmp) / "自评报告.docx"
        write_report(book, docx)
        for png in preview(docx, DOCS):
            sys.stdout.write(f"{png}\n")


if __name__ == "__main__":
    main()

"""PNG previews of the templates: print each to PDF with LibreOffice, then pdftoppm.

Besides the eight empty templates, two samples filled from the seed tables show the
live results: a Hunan form as printed, and a Sichuan form with its calc zone (which is
not printed) put on the page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from addin.core.forms import FORMS
from addin.core.models import FormKind
from addin.core.seeds import SEEDS_DIR
from addin.templates.lo import convert, to_png
from addin.templates.new import load_form, write_template
from addin.workbook.grid import col_letter

# (file stem, form, seed file, index of the form in it, show the calc zone)
SAMPLES = (
    ("project_self_filled", FormKind.PROJECT_SELF, "002_yanfeng.json", 3, False),
    ("sc_project_self_filled", FormKind.SC_PROJECT_SELF, "000_quxian.json", 7, True),
)


def _show_calc_zone(path: Path, kind: FormKind) -> None:
    """Print the whole sheet, calc zone included, on a landscape page."""
    spec = FORMS[kind]
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.title]
    last = col_letter(spec.calc_start + len(spec.calc_widths) - 2)
    ws.print_area = f"A1:{last}{ws.max_row}"
    ws.page_setup.orientation = "landscape"
    wb.save(path)


def _books(work: Path) -> list[Path]:
    books = []
    for spec in FORMS.values():
        path = work / f"{spec.kind.value}.xlsx"
        write_template(spec, path)
        books.append(path)
    for stem, kind, seed, index, calc_zone in SAMPLES:
        path = work / f"{stem}.xlsx"
        form, profile = load_form(SEEDS_DIR / seed, FORMS[kind], index)
        write_template(FORMS[kind], path, form, profile)
        if calc_zone:
            _show_calc_zone(path, kind)
        books.append(path)
    return books


def preview_pngs(work: Path, out: Path, dpi: int = 70) -> list[Path]:
    """``out/<name>.png``: the first printed page of every template and sample."""
    work.mkdir(parents=True, exist_ok=True)
    pdfs = convert(_books(work), work / "pdf", "pdf")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    wide = {stem for stem, *_, calc_zone in SAMPLES if calc_zone}
    for pdf in pdfs:
        sharper = dpi * 3 // 2 if pdf.stem in wide else dpi  # a whole sheet on one page
        pages = to_png(pdf, work / "png" / pdf.stem, sharper)
        target = out / f"{pdf.stem}.png"
        shutil.copyfile(pages[0], target)
        written.append(target)
    return written

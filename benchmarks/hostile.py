"""Time and peak memory of ``jixiao check`` on every hostile-corpus case, of a merge of
the whole corpus with good books, and of check, score and --mark on big but legal books
(inside every guard: many styles over many cells, one long shared string in every cell,
sheets full of numbers), which must either be read or refused with one Chinese line
within the default limits (120 s, 2048 MB per reading process).

    python benchmarks/hostile.py [--keep DIR] [--big-only]

Each command runs in its own process under GNU time, which reports its peak resident size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_corpus import build_corpus

from addin.demo.samples import build_samples, generate_county_workbooks

JIXIAO = Path(sys.executable).with_name("jixiao")


def measure(args: list[str]) -> tuple[int, float, float]:
    """(exit code, seconds, peak MB) of one command, the peak as GNU time reports it (a
    child's own peak: ``wait4`` here would report this script's size, kept across exec)."""
    start = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak_kb = float(done.stderr.decode(errors="replace").strip().splitlines()[-1])
    return done.returncode, time.monotonic() - start, peak_kb / 1024


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _book(path: Path, sheets: list[bytes], styles: bytes | None = None,
          strings: bytes | None = None) -> None:  # fmt: skip
    """A minimal .xlsx of the given sheet XML (and styles, shared strings)."""
    import zipfile

    names = "".join(f'<sheet name="表{i}" sheetId="{i}" r:id="rId{i}"/>'
                    for i in range(1, len(sheets) + 1))  # fmt: skip
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    if styles is not None:
        rels += f'<Relationship Id="rS" Type="{base}styles" Target="styles.xml"/>'
    if strings is not None:
        rels += f'<Relationship Id="rT" Type="{base}sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{ml}.sheet.main+xml"/>'
        overrides += "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ml}.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if styles is not None:
            overrides += f'<Override PartName="/xl/styles.xml" ContentType="{ml}.styles+xml"/>'
        if strings is not None:
            overrides += (f'<Override PartName="/xl/sharedStrings.xml" '
                          f'ContentType="{ml}.sharedStrings+xml"/>')  # fmt: skip
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType='
                   '"application/xml"/><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/>'
                   f"{overrides}</Types>")  # fmt: skip
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        z.writestr("xl/workbook.xml", f"<workbook {_NS} {_REL}><sheets>{names}</sheets></workbook>")
        package = "http://schemas.openxmlformats.org/package/2006/relationships"
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}">{rels}</Relationships>',
        )
        for i, sheet in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", strings)


def _sheet(rows: int, cols: int, cell) -> bytes:
    from xlsxwriter.utility import xl_col_to_name

    letters = [xl_col_to_name(c) for c in range(cols)]
    body = "".join(
        f'<row r="{r}">' + "".join(cell(f"{letters[c]}{r}", r, c) for c in range(cols)) + "</row>"
        for r in range(1, rows + 1)
    )
    return f"<worksheet {_NS}><sheetData>{body}</sheetData></worksheet>".encode()


def _styles(count: int) -> bytes:
    """openpyxl's own styles part with ``count`` cell styles, each a percent format."""
    import io
    import re
    import zipfile

    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as z:
        text = z.read("xl/styles.xml").decode()
    xf = '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    cells = f'<cellXfs count="{count}">' + xf * count + "</cellXfs>"
    return re.sub(r"<cellXfs.*?</cellXfs>", cells, text, flags=re.S).encode()


def big_legal(folder: Path) -> dict[str, Path]:
    """Books inside every guard that cost a naive reader minutes or gigabytes."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    styles = _styles(60000)
    files["六万样式×99.9万格"] = folder / "styles.xlsx"
    _book(files["六万样式×99.9万格"],
          [_sheet(999, 1000, lambda ref, r, c: f'<c r="{ref}" s="{(r * 1000 + c) % 60000}">'
                  "<v>1</v></c>")], styles)  # fmt: skip
    files["一条长文本×99.9万格"] = folder / "strings.xlsx"
    _book(files["一条长文本×99.9万格"],
          [_sheet(999, 1000, lambda ref, r, c: f'<c r="{ref}" t="s"><v>0</v></c>')],
          strings=f'<sst {_NS} count="999000" uniqueCount="1"><si><t>{"长" * 600}</t></si>'
          "</sst>".encode())  # fmt: skip
    files["四表×99.9万数"] = folder / "numbers.xlsx"
    _book(
        files["四表×99.9万数"],
        [_sheet(999, 1000, lambda ref, r, c: f'<c r="{ref}"><v>{r + c}</v></c>')] * 4,
    )
    return files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    parser.add_argument("--big-only", action="store_true", help="only the big legal books")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="jixiao-hostile-"))
    print(f"{'big legal book':<24} command  exit  seconds  peak MB")
    for name, path in big_legal(folder / "大").items():
        for command in (
            ["check"],
            ["score"],
            ["check", "--mark", str(path.with_suffix(".m.xlsx"))],
        ):
            code, seconds, peak = measure([str(JIXIAO), command[0], str(path), *command[1:]])
            label = " ".join(c for c in command if c.startswith(("check", "score", "--")))
            print(f"{name:<24} {label:<14} {code:>4} {seconds:8.1f} {peak:8.0f}")
    if options.big_only:
        return
    corpus = build_corpus(folder / "县")
    good = build_samples(folder / "样例") + generate_county_workbooks(folder / "各县", 5, seed=11)
    print(f"{'case':<24} exit  seconds  peak MB")
    worst = 0.0
    for name, path in corpus.items():
        code, seconds, peak = measure([str(JIXIAO), "check", str(path)])
        worst = max(worst, seconds)
        print(f"{name:<24} {code:>4} {seconds:8.2f} {peak:8.0f}")
    out = folder / "汇总.xlsx"
    code, seconds, peak = measure(
        [str(JIXIAO), "merge", str(folder / "县"), *map(str, good), "-o", str(out)]
    )
    print(f"check: slowest case {worst:.2f} s")
    print(f"merge of {len(corpus)} hostile + {len(good)} good books: exit {code}, "
          f"{seconds:.1f} s, parent peak {peak:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()

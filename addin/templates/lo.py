"""LibreOffice headless: recalculate workbooks and render them to PDF and PNG.

Each call uses a private user profile (so parallel runs do not clash) that tells Calc to
recalculate every formula on load. Several files go through one ``soffice`` call.

A brand-new profile makes LibreOffice restart itself once before it does any work
(``soffice.bin`` exits with code 81 and the launcher starts it again). A conversion given
to that first start rides through the restart, and on a busy machine, where other
LibreOffice processes run, it was lost: the second start handed the files to the first
one's still-open pipe and exited without output. So the profile is set up by a start
that has nothing to lose (``--terminate_after_init``), and only then are the files
converted, by a start that needs no restart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


# 宋体 is rarely installed on Linux: show it as the Noto/Source Han serif (a Song face)
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
 <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
 <alias binding="same"><family>宋体</family>
  <prefer><family>SimSun</family><family>Noto Serif CJK SC</family>
   <family>Source Han Serif SC</family></prefer>
 </alias>
</fontconfig>
"""


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing or failed; the message is Chinese."""


def soffice() -> str:
    """Path of the soffice program, or a Chinese error naming the package to install."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeError(
        "找不到 LibreOffice（soffice）：请安装 libreoffice-calc（Debian/Ubuntu："
        "apt-get install -y --no-install-recommends libreoffice-calc）"
    )


@contextmanager
def private_profile(timeout: int = 300) -> Iterator[tuple[list[str], dict[str, str]]]:
    """(the soffice start command, its environment) on a fresh private profile that is
    already set up, so that the next start does its work without restarting."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
        fonts = Path(profile) / "fonts.conf"
        fonts.write_text(FONTS_CONF, encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
        start = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
        ]
        try:
            subprocess.run(
                [*start, "--terminate_after_init"], capture_output=True, timeout=timeout, env=env
            )
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"LibreOffice 启动超时（{timeout} 秒）") from exc
        yield start, env


def convert(files: list[Path], outdir: Path, target: str, timeout: int = 300) -> list[Path]:
    """Convert ``files`` with one soffice call; ``target`` is "xlsx", "pdf" …"""
    outdir.mkdir(parents=True, exist_ok=True)
    work = ["--convert-to", target, "--outdir", str(outdir), *(str(f) for f in files)]
    with private_profile(timeout) as (start, env):
        try:
            result = subprocess.run(
                [*start, *work], capture_output=True, text=True, timeout=timeout, env=env
            )
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"LibreOffice 转换超时（{timeout} 秒）") from exc
    extension = target.split(":")[0]
    outputs = [outdir / f"{Path(f).stem}.{extension}" for f in files]
    missing = [p.name for p in outputs if not p.exists()]
    if missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise LibreOfficeError(f"LibreOffice 未能生成 {'、'.join(missing)}：{detail[0]}")
    return outputs


def recalculate(files: list[Path], outdir: Path) -> list[Path]:
    """Open each workbook in Calc, recalculate, save as .xlsx in ``outdir``."""
    return convert(files, outdir, "xlsx")


def to_png(pdf: Path, prefix: Path, dpi: int = 80) -> list[Path]:
    """Render every page of ``pdf`` to ``prefix-N.png`` with pdftoppm (poppler-utils)."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise LibreOfficeError("找不到 pdftoppm：请安装 poppler-utils")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([program, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))

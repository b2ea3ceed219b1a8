"""``jixiao addin install``: the add-in and the bridge's config for the current Windows user.

- jixiao.xlam is built with this very xlwings (its VBA names this version's DLL) straight
  into the user's XLSTART folder, which Excel opens at start and trusts by default;
- ``%USERPROFILE%\\.jixiao\\jixiao.conf`` tells the bridge which Python to run
  (``INTERPRETER_WIN``) and where the package is (``PYTHONPATH``). VBA reads it in the
  system's ANSI code page, so it is written in that code page (a Chinese user name in the
  path stays readable). A conda interpreter also gets ``CONDA PATH`` and ``CONDA ENV``:
  xlwings' bridge then runs ``conda activate`` first (its ``xlwings.bas``), without which
  a conda environment's DLLs (numpy's among them) are not found.
"""

from __future__ import annotations

import os
import platform
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlwings

import addin
from addin.excel.settings import config_file
from addin.excel.xlam import build_xlam

ADDIN_FILE = "jixiao.xlam"


@dataclass(frozen=True)
class Target:
    """Where install puts things."""

    addin_dir: Path  # XLSTART
    config: Path  # jixiao.conf
    python: Path  # the interpreter Excel starts
    package_root: Path  # folder that holds the addin and udfs packages
    conda: tuple[Path, str] | None = None  # conda's root folder and the environment


def xlstart_dir() -> Path:
    """The current user's XLSTART folder (Excel opens every add-in in it at start)."""
    return Path(os.environ.get("APPDATA", Path.home())) / "Microsoft" / "Excel" / "XLSTART"


def default_target() -> Target:
    return Target(
        addin_dir=xlstart_dir(),
        config=config_file(),
        python=Path(sys.executable),
        package_root=Path(addin.__file__).resolve().parent.parent,
        conda=conda_of(Path(sys.prefix)),
    )


def conda_of(prefix: Path) -> tuple[Path, str] | None:
    """(conda's root, the environment) when ``prefix`` is a conda environment: the root is
    the folder holding ``condabin`` (the prefix itself for ``base``)."""
    if not (prefix / "conda-meta").is_dir():
        return None
    for root in (prefix, *prefix.parents):
        if (root / "condabin").is_dir():
            return root, "base" if root == prefix else str(prefix)
    return None


def config_text(python: Path, package_root: Path, conda: tuple[Path, str] | None = None) -> str:
    """The bridge's config lines (``"KEY","VALUE"``, read by VBA's ``Input #``)."""
    text = f'"INTERPRETER_WIN","{python}"\r\n"PYTHONPATH","{package_root}"\r\n'
    if conda is not None:
        text += f'"CONDA PATH","{conda[0]}"\r\n"CONDA ENV","{conda[1]}"\r\n'
    return text


def dll_path(python: Path) -> Path | None:
    """xlwings' DLL beside the interpreter or in the virtualenv's root, if present."""
    bits = "64" if struct.calcsize("P") == 8 else "32"
    name = f"xlwings{bits}-{xlwings.__version__}.dll"
    for folder in (python.parent, python.parent.parent):
        if (folder / name).is_file():
            return folder / name
    return None


def install(target: Target, build: Callable[[Path], object] = build_xlam) -> list[str]:
    """Build the add-in into place and write the config; Chinese lines of what was done."""
    target.addin_dir.mkdir(parents=True, exist_ok=True)
    addin_path = target.addin_dir / ADDIN_FILE
    build(addin_path)
    target.config.parent.mkdir(parents=True, exist_ok=True)
    encoding = "mbcs" if sys.platform == "win32" else "utf-8"
    text = config_text(target.python, target.package_root, target.conda)
    target.config.write_bytes(text.encode(encoding))
    lines = [
        f"已安装加载项：{addin_path}",
        f"已写入配置：{target.config}（Python：{target.python}）",
    ]
    if target.conda is not None:
        root, env = target.conda
        lines.append(f"这是 conda 环境：运行前先激活 {env}（conda 位于 {root}）")
    if dll_path(target.python) is None:
        lines.append(
            "提示：没有找到 xlwings 的 DLL，自定义函数（JX_SCORE 等）可能无法使用；"
            "功能区按钮不受影响。可重新运行 pip install --force-reinstall xlwings。"
        )
    lines.append("请重新启动 Excel，功能区会出现“绩效助手”选项卡。")
    return lines


def uninstall(target: Target) -> list[str]:
    """Remove the add-in from XLSTART and the bridge's config; Chinese lines of what was
    removed (the log and the profile choice under ~/.jixiao stay)."""
    lines = []
    for path in (target.addin_dir / ADDIN_FILE, target.config):
        if path.is_file():
            path.unlink()
            lines.append(f"已删除 {path}")
    if not lines:
        lines.append("没有找到已安装的“绩效助手”Excel 加载项。")
    else:
        lines.append("请重新启动 Excel，“绩效助手”选项卡将不再出现。")
    return lines


def instructions() -> str:
    """What a clerk must do when this is not a Windows PC."""
    return (
        "“绩效助手”Excel 加载项只能安装在 Windows 上的 Excel 中"
        f"（当前系统：{platform.system()}）。\n"
        "请在装有 Excel 的 Windows 电脑上按以下步骤操作：\n"
        "  1. 安装 Python 3.11 或更高版本（安装时勾选“Add python.exe to PATH”）；\n"
        "  2. 在绩效助手的文件夹中打开“命令提示符”，运行：py -m pip install .\n"
        "  3. 关闭所有 Excel 窗口，然后运行：jixiao addin install；\n"
        "  4. 重新打开 Excel，功能区会出现“绩效助手”选项卡。\n"
        "如只需要加载项文件，可在任何系统上运行 jixiao addin build -o jixiao.xlam，"
        "但在 Windows 上仍需第 1～3 步，Excel 才能调用 Python。"
    )

"""The one 合并汇总 every door runs: the command line, the Excel button, the WPS service
and the demo differ only in how they pick the inputs and the output and show the result.

Every input is read in an isolated worker under the per-file limits; the summary's long
tables are written while the files are still being read (memory stays flat in the number
of files); the summary goes through the one output policy of
:func:`addin.workbook.outputs.write_output`, which never lands on an input or a link and
leaves an earlier file intact when anything fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from addin.core.errors import JixiaoError
from addin.merge.result import Failure, FileResult, MergeResult
from addin.merge.roster import RosterUnit
from addin.merge.run import SKIP_SUMMARY, own_summary, scan_inputs
from addin.merge.summary import merge_to_summary
from addin.reader.vocabulary import vocabulary
from addin.workbook.isolation import Limits
from addin.workbook.outputs import OutputRefused, write_output

Scanned = tuple[list[Path], list[Failure], list[Failure]]
LISTED = 5  # failures named in the one-line message when nothing could be merged


class MergeOptions(BaseModel):
    """How a merge reads its inputs, whoever starts it."""

    model_config = ConfigDict(frozen=True)

    profile: str | None = None  # scoring profile; None: by each form's province
    workers: int | None = None  # reading processes; None: by CPU
    limits: Limits = Field(default_factory=Limits)  # per file
    roster: list[RosterUnit] | None = None  # the units expected to send (报送情况)
    level: Literal["error", "warning", "info"] | None = None  # lowest level 问题清单 lists


class NothingMerged(JixiaoError):
    """No input could be merged: no summary is written."""

    code = "nothing_merged"

    def __init__(self, result: MergeResult) -> None:
        self.result = result
        reasons = "；".join(f"{Path(f.file).name}：{f.reason}" for f in result.failed[:LISTED])
        super().__init__("没有可以合并的文件，未写出汇总" + (f"。{reasons}" if reasons else ""))


def _without_output(output: Path, scanned: Scanned, limits: Limits) -> Scanned:
    """An earlier summary of ours found at ``output`` in an input folder is replaced, not
    read (its signature is checked in a worker); any other file there stays an input, so
    the output policy refuses to overwrite it."""
    files, failures, skipped = scanned
    if not output.exists() or output.is_symlink():
        return scanned
    same = [f for f in files if _same(f, output)]
    if not same or not own_summary(output, limits):
        return scanned
    kept = [f for f in files if f not in same]
    return kept, failures, [*skipped, Failure(file=str(output), reason=SKIP_SUMMARY)]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def merge_into(
    output: Path,
    inputs: list[Path],
    options: MergeOptions | None = None,
    progress: Callable[[FileResult], None] | None = None,
    *,
    replace: bool = True,
) -> MergeResult:
    """Merge ``inputs`` (files or folders) into the summary workbook ``output``.

    ``replace``: whether an existing file at ``output`` may be replaced (the command line,
    where the user named it) or the name must be new (the Office doors). Raises
    :class:`OutputRefused` for an output that is not allowed, :class:`NothingMerged` when
    no input could be merged, and ``OSError`` when the disk refuses the write.
    """
    options = options or MergeOptions()
    vocabulary()  # the user's own words, read here (the workers inherit them; stderr is theirs)
    if output.suffix.lower() != ".xlsx":
        raise OutputRefused(f"{output.name}：汇总文件请使用 .xlsx 扩展名")
    scanned = _without_output(output, scan_inputs(inputs), options.limits)
    merged: list[MergeResult] = []

    def write(temp: Path) -> None:
        result = merge_to_summary(
            temp,
            inputs,
            options.profile,
            options.workers,
            progress,
            options.limits,
            scanned,
            roster=options.roster,
            level=options.level,
        )
        merged.append(result)
        if result.merged == 0:
            raise NothingMerged(result)

    write_output(output, scanned[0], write, replace=replace)
    return merged[0]

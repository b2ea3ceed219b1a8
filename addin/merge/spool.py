"""Row spools: the long tables of a merge kept on disk, not in memory.

A province merge has a million indicator rows; holding them as Python objects costs
gigabytes. Each file's rows arrive as segments (the rows of one sheet), are pickled to an
anonymous temporary file at once, and are read back one segment at a time, in input order
whatever order the workers finished in. Memory holds only the segment index.

Reads and writes use positioned I/O (``os.pread``/``os.pwrite``), so one thread may read
the segments of a finished input while another appends those of the next.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any, NamedTuple

LAST = 1 << 62  # order of rows added after every input's (e.g. the cross-checks)


class _Segment(NamedTuple):
    order: int  # the input's index: segments are read back in this order
    tag: object  # what :meth:`RowSpool.exclude` names, e.g. (index, sheet)
    offset: int
    size: int
    count: int


class RowSpool:
    """An append-only table of row tuples on disk, iterated in input order.

    ``row_type`` (a named tuple class) gives every row read back its column names, so a
    caller can write ``row.code`` as well as ``row[5]``."""

    def __init__(self, row_type: type[tuple]) -> None:
        self.row_type = row_type
        self._file: IO[bytes] | None = None
        self._segments: dict[int, list[_Segment]] = {}
        self._excluded: set[object] = set()
        self._end = 0

    def add(
        self, order: int, rows: list[tuple] | bytes, count: int | None = None, tag: object = None
    ) -> None:
        """Append one segment: rows as tuples, or already pickled (then ``count`` is given).
        Segments of the same ``order`` keep the order they were added in."""
        data = rows if isinstance(rows, bytes) else pickle.dumps(rows, pickle.HIGHEST_PROTOCOL)
        n = count if count is not None else len(rows)
        if not n:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="jixiao-rows-")  # noqa: SIM115 (closed in close())
        os.pwrite(self._file.fileno(), data, self._end)
        self._segments.setdefault(order, []).append(_Segment(order, tag, self._end, len(data), n))
        self._end += len(data)

    def exclude(self, tags: Iterable[object]) -> None:
        """Leave out the segments with these tags (rows set aside, e.g. a duplicate form)."""
        self._excluded.update(tags)

    def __len__(self) -> int:
        return sum(
            s.count
            for segments in list(self._segments.values())
            for s in segments
            if s.tag not in self._excluded
        )

    def __bool__(self) -> bool:
        return len(self) > 0

    def rows_of(self, order: int) -> list[Any]:
        """The rows added under ``order``, as named tuples."""
        if self._file is None:
            return []
        make = self.row_type._make  # type: ignore[attr-defined]
        rows: list[Any] = []
        for segment in self._segments.get(order, ()):
            if segment.tag not in self._excluded:
                data = os.pread(self._file.fileno(), segment.size, segment.offset)
                rows += map(make, pickle.loads(data))
        return rows

    def batches(self) -> Iterator[list[Any]]:
        """The rows input by input, in input order."""
        for order in sorted(self._segments):
            rows = self.rows_of(order)
            if rows:
                yield rows

    def __iter__(self) -> Iterator[Any]:
        for batch in self.batches():
            yield from batch

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._segments.clear()

"""addin.merge.spool: long tables kept on disk, read back in input order."""

from __future__ import annotations

import pickle
import threading
from collections import namedtuple

from addin.merge.spool import LAST, RowSpool

Row = namedtuple("Row", ["file", "n"])


def test_rows_come_back_in_input_order_whatever_order_they_were_added_in():
    spool = RowSpool(Row)
    spool.add(2, [("c", 1), ("c", 2)], tag=(2, "表1"))
    spool.add(LAST, [("交叉核对", 0)])
    spool.add(0, [("a", 1)], tag=(0, "表1"))
    spool.add(2, [("c", 3)], tag=(2, "表2"))
    spool.add(1, pickle.dumps([("b", 1)]), count=1)  # pickled where read
    assert [tuple(r) for r in spool] == [
        ("a", 1), ("b", 1), ("c", 1), ("c", 2), ("c", 3), ("交叉核对", 0),
    ]  # fmt: skip
    assert len(spool) == 6
    assert spool.rows_of(2)[0].file == "c"  # named columns


def test_an_excluded_sheet_is_left_out_everywhere():
    spool = RowSpool(Row)
    spool.add(0, [("a", 1)], tag=(0, "表1"))
    spool.add(1, [("b", 1), ("b", 2)], tag=(1, "表1"))
    spool.add(1, [("b", 3)], tag=(1, "表2"))
    spool.exclude([(1, "表1")])
    assert [r.n for r in spool] == [1, 3] and len(spool) == 2
    assert [r.n for r in spool.rows_of(1)] == [3]


def test_an_empty_spool_has_no_rows_and_no_file():
    spool = RowSpool(Row)
    spool.add(0, [])
    assert len(spool) == 0 and not spool and list(spool) == [] and spool.rows_of(0) == []


def test_one_thread_reads_finished_inputs_while_another_appends():
    spool = RowSpool(Row)
    n = 300
    read: list[int] = []
    ready = threading.Semaphore(0)

    def reader() -> None:
        for index in range(n):
            ready.acquire()
            read.extend(r.n for r in spool.rows_of(index))

    thread = threading.Thread(target=reader)
    thread.start()
    for index in range(n):
        spool.add(index, [("x", index * 10 + k) for k in range(5)])
        ready.release()
    thread.join()
    assert read == [index * 10 + k for index in range(n) for k in range(5)]

"""Each county file read in a worker process of its own, under a time and a memory limit.

A file that crashes its reader (an abort in native code, an out-of-memory kill), runs past
its time or outgrows its memory fails alone: its worker is replaced and the other files go
on. :func:`run_isolated` yields each file's result as it completes, so a caller can stream
rows onward instead of holding everything.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

Item = TypeVar("Item")
Result = TypeVar("Result")

CRASHED = "读取时程序异常退出，文件可能损坏或格式异常"


class Limits(BaseModel):
    """Per-file limits of an isolated run."""

    seconds: float = Field(120.0, gt=0)  # wall time for one file
    # address space a worker may add to what it starts with (None: no limit)
    memory_mb: int | None = Field(2048, gt=0)

    def timed_out(self) -> str:
        return f"读取超过 {self.seconds:g} 秒仍未完成，已中止（文件可能异常巨大或格式异常）"

    def out_of_memory(self) -> str:
        return f"读取时内存超过 {self.memory_mb} MB 的上限，已中止（文件可能异常巨大或格式异常）"


def _address_space() -> int:
    """This process's address space in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(memory_mb: int | None) -> None:
    if memory_mb is None or sys.platform == "win32":
        return  # Windows has no RLIMIT_AS: the time limit and the reader's guards still hold
    import resource

    limit = memory_mb * 1024 * 1024 + _address_space()  # on top of what the fork inherited
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _follow_parent(parent: int) -> None:
    """End this worker when its parent dies (a SIGKILL leaves no one to stop it): the
    kernel's parent-death signal on Linux, else a thread watching the parent's pid."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the parent stops its workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if not sys.platform.startswith("linux"):

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def _serve(conn: Connection, work: Callable, memory_mb: int | None, parent: int) -> None:
    """Worker loop: receive (index, item), send back (index, ok, result or reason)."""
    _follow_parent(parent)
    warnings.simplefilter("ignore")  # a library's English warning never reaches the clerk
    _limit_memory(memory_mb)
    faulthandler.disable()
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)  # a dying native reader's English words never reach the clerk
    os.close(quiet)
    while True:
        job = conn.recv()
        if job is None:
            return
        index, item = job
        try:
            conn.send((index, True, work(item)))
        except MemoryError:
            conn.send((index, False, "memory"))


DEPTH = 2  # jobs handed to a worker at once: the next is waiting when one is done


class _Worker(Generic[Item]):
    """One worker process and the jobs it holds (the first is the one it is on)."""

    def __init__(self, context, work: Callable, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, work, limits.memory_mb, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.jobs: deque[tuple[int, Item]] = deque()
        self.deadline = 0.0  # for the first job

    def give(self, index: int, item: Item, seconds: float) -> None:
        if not self.jobs:
            self.deadline = time.monotonic() + seconds
        self.jobs.append((index, item))
        self.conn.send((index, item))

    def done(self, seconds: float) -> tuple[int, Item]:
        """The first job is answered; the next one, already sent, starts its clock now."""
        job = self.jobs.popleft()
        self.deadline = time.monotonic() + seconds
        return job

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class Stopped(Exception):
    """One item's worker crashed, ran out of time or out of memory; ``str`` is the reason."""


def run_one(work: Callable[[Item], Result], item: Item, limits: Limits | None = None) -> Result:
    """``work(item)`` in a worker process under ``limits``; raises :class:`Stopped` with the
    Chinese reason when the worker crashed or went past a limit."""

    def failed(_item: Item, reason: str) -> Stopped:
        return Stopped(reason)

    for _, value in run_isolated([item], work, failed, limits=limits):
        if isinstance(value, Stopped):
            raise value
        return value
    raise Stopped(CRASHED)


def run_isolated(
    items: Sequence[Item],
    work: Callable[[Item], Result],
    failed: Callable[[Item, str], Result],
    *,
    workers: int = 1,
    limits: Limits | None = None,
) -> Iterator[tuple[int, Result]]:
    """Yield ``(index, work(item))`` for every item as it completes, or
    ``(index, failed(item, reason))`` when its worker died, ran out of time or memory.

    Each worker holds up to :data:`DEPTH` items, so it never waits for this process to
    hand it the next; the time limit runs for the item it is on. When a worker is stopped,
    its item fails and the items it held but had not begun go to another worker.
    ``work`` must be picklable (a module-level function or a ``functools.partial`` of one).
    """
    limits = limits or Limits()
    if not items:
        return
    context = multiprocessing.get_context()
    pending = list(enumerate(items))[::-1]  # next item last
    size = max(1, min(workers, len(items)))
    pool: list[_Worker] = [_Worker(context, work, limits) for _ in range(size)]
    try:
        while True:
            for depth in range(1, DEPTH + 1):  # every worker one item before any gets two
                for worker in pool:
                    if len(worker.jobs) < depth and pending:
                        worker.give(*pending.pop(), limits.seconds)
            busy = [w for w in pool if w.jobs]
            if not busy:
                return
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in busy) - now)
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout))  # fmt: skip
            for slot, worker in enumerate(pool):
                if not worker.jobs:
                    continue
                reason = None
                if worker.conn in ready:
                    try:
                        _, ok, value = worker.conn.recv()
                    except (EOFError, OSError):
                        ok, value = False, "crash"
                    if ok:
                        index, _item = worker.done(limits.seconds)
                        yield index, value
                        continue
                    reason = limits.out_of_memory() if value == "memory" else CRASHED
                elif worker.process.sentinel in ready:
                    reason = CRASHED
                elif time.monotonic() >= worker.deadline:
                    reason = limits.timed_out()
                else:
                    continue
                worker.stop(kill=True)
                index, item = worker.jobs.popleft()
                pending.extend(reversed(worker.jobs))  # not begun: the next to be given
                if pending:
                    pool[slot] = _Worker(context, work, limits)
                yield index, failed(item, reason)
            pool = [w for w in pool if w.process.is_alive() or w.jobs]
    finally:
        for worker in pool:
            worker.stop(kill=bool(worker.jobs))

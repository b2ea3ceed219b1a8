"""Calls into the VBA module ``jixiao_paint`` of jixiao.xlam (``vba/jixiao_paint.bas``).

Work that costs several COM round trips per cell or per sheet — reading a sheet's 14
protection options, adding and sizing notes — is done inside Excel by a small procedure,
one ``Application.Run`` per sheet (or one for all sheets). The procedures never raise: a
failure comes back as the text ``"error <number>: <description>"``. When the add-in is
not loaded, is an older build without the module, or answers such a text, :class:`Macros`
answers None and the painter does the same work through plain COM calls.

The painter runs while the ribbon's ``RunPython`` waits, so Excel may refuse a nested
``Run`` (RPC_E_CALL_REJECTED) or never answer it. xlwings' own COM wrapper retries a
refused call without end (``_xlwindows.py``: ``N_COM_ATTEMPTS = 0``, "try indefinitely";
``COMRetryMethodWrapper`` loops while the hresult is -2147418111), so ``Run`` is called on
the unwrapped object instead: a refused call is tried :data:`RUN_ATTEMPTS` times, each
call waits at most :data:`RUN_SECONDS` (it runs in a thread of its own, the Excel object
marshalled to it as COM requires), and then the plain COM path paints. The add-in's log
says which path painted (:attr:`Macros.path`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from addin.excel.settings import logger

ADDIN_FILE = "jixiao.xlam"
PAINT_MODULE = "jixiao_paint"
RUN_SECONDS = 5.0  # one Application.Run waits this long at most
RUN_ATTEMPTS = 3  # a refused Run is tried this often
RETRY_PAUSE = 0.2
# RPC_E_CALL_REJECTED and RPC_E_SERVERCALL_RETRYLATER: Excel is busy, ask again later
BUSY = (-2147418111, -2147417846)


class RunTimeout(Exception):
    """An ``Application.Run`` did not answer within :data:`RUN_SECONDS`."""


def unwrapped(app: Any) -> Any:
    """The Excel object without xlwings' endless retry wrapper (its ``_inner``)."""
    try:
        return object.__getattribute__(app, "_inner")
    except AttributeError:
        return app


def _hresult(exc: BaseException) -> int | None:
    code = getattr(exc, "hresult", None)
    return code if isinstance(code, int) else None


def _caller(app: Any) -> Callable[..., Any]:
    """``app.Run`` callable from another thread: on Windows the Excel object is marshalled
    into that thread's apartment (pywin32's ``CoMarshalInterThreadInterfaceInStream``);
    elsewhere (tests) the object is used as it is."""
    try:
        import pythoncom  # type: ignore[import-not-found]
        import win32com.client  # type: ignore[import-not-found]
    except ImportError:
        return lambda *args: app.Run(*args)
    stream = pythoncom.CoMarshalInterThreadInterfaceInStream(pythoncom.IID_IDispatch, app._oleobj_)

    def run(*args: Any) -> Any:
        pythoncom.CoInitialize()
        try:
            dispatch = pythoncom.CoGetInterfaceAndReleaseStream(stream, pythoncom.IID_IDispatch)
            return win32com.client.Dispatch(dispatch).Run(*args)
        finally:
            pythoncom.CoUninitialize()

    return run


def bounded(call: Callable[[], Any], seconds: float) -> Any:
    """``call()`` in a thread of its own; its answer, its error, or :class:`RunTimeout`
    after ``seconds`` (the thread is left to end on its own)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["answer"] = call()
        except BaseException as exc:  # handed to the caller
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="jixiao-run", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise RunTimeout(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("answer")


@dataclass(frozen=True)
class Macro:
    """A procedure of ``jixiao_paint`` and the arguments Python passes, in order."""

    name: str
    params: tuple[str, ...]

    @property
    def qualified(self) -> str:
        """The name ``Application.Run`` takes: "'jixiao.xlam'!jixiao_paint.SetNotes"."""
        return f"'{ADDIN_FILE}'!{PAINT_MODULE}.{self.name}"


PROTECTION_OF = Macro("ProtectionOf", ("book", "sheets"))
SET_NOTES = Macro("SetNotes", ("book", "sheet", "cleared", "refs", "texts", "widths", "heights"))
MACROS = (PROTECTION_OF, SET_NOTES)


class Macros:
    """Runs the add-in's procedures on an Excel ``Application`` (COM); after the first
    failure to run one at all (add-in missing, refused, no answer), no more are tried.
    ``path`` says how the painting was done: "macros", or "COM (why)"."""

    def __init__(self, app: Any) -> None:
        self.app = unwrapped(app) if app is not None else None
        self.available = app is not None
        self.used = False
        self.fallback: str | None = None if app is not None else "no Excel application"

    @property
    def path(self) -> str:
        if self.fallback is not None:
            return f"plain COM ({self.fallback})"
        return "add-in macros" if self.used else "plain COM (no macro needed)"

    def _call(self, macro: Macro, args: list[Any]) -> Any:
        """``Application.Run`` within the bounds: a busy Excel asked again a few times."""
        run = _caller(self.app)
        for attempt in range(1, RUN_ATTEMPTS + 1):
            try:
                return bounded(partial(run, macro.qualified, *args), RUN_SECONDS)
            except RunTimeout:
                raise
            except Exception as exc:
                if _hresult(exc) not in BUSY or attempt == RUN_ATTEMPTS:
                    raise
                logger().info("%s refused (Excel busy), attempt %d", macro.name, attempt)
                time.sleep(RETRY_PAUSE * attempt)
                run = _caller(self.app)  # a marshalled object serves one thread once
        raise AssertionError("unreachable")

    def run(self, macro: Macro, **args: Any) -> Any | None:
        """The procedure's answer; None when it could not run or reported an error."""
        if tuple(args) != macro.params:
            raise TypeError(f"{macro.name} takes {macro.params}, not {tuple(args)}")
        if not self.available:
            return None
        try:
            answer = self._call(macro, list(args.values()))
        except RunTimeout:
            logger().warning("%s did not answer within %g s; plain COM calls instead",
                             macro.name, RUN_SECONDS)  # fmt: skip
            self.available, self.fallback = False, f"{macro.name} did not answer"
            return None
        except Exception:  # not loaded, an add-in built before the module existed, busy
            logger().info("%s could not run; plain COM calls instead", macro.name, exc_info=True)
            self.available, self.fallback = False, f"{macro.name} could not run"
            return None
        if isinstance(answer, str) and answer.startswith("error"):
            logger().info("%s answered %s; plain COM calls instead", macro.name, answer)
            self.fallback = f"{macro.name} answered {answer}"
            return None
        self.used = True
        return answer

    def protection(self, book: str, sheets: list[str]) -> list[tuple[Any, ...]] | None:
        """One row of 14 flags per sheet (see :data:`addin.excel.protection.FLAGS`)."""
        if not sheets:
            return []
        rows = self.run(PROTECTION_OF, book=book, sheets=list(sheets))
        if not isinstance(rows, (list, tuple)) or len(rows) != len(sheets):
            return None
        if not all(isinstance(row, (list, tuple)) and len(row) == 14 for row in rows):
            return None
        return [tuple(row) for row in rows]

    def set_notes(
        self, book: str, sheet: str, cleared: list[str], notes: list[tuple[str, str, float, float]]
    ) -> bool:
        """On one sheet, the notes of the cells ``cleared`` removed and ``notes`` (cell, text,
        width, height; a size of 0 leaves Excel's) put, replacing any note on those cells;
        whether all that was done."""
        columns = [list(column) for column in zip(*notes, strict=True)] or [[], [], [], []]
        refs, texts, widths, heights = columns
        answer = self.run(SET_NOTES, book=book, sheet=sheet, cleared=list(cleared), refs=refs,
                          texts=texts, widths=widths, heights=heights)  # fmt: skip
        return isinstance(answer, (int, float)) and not isinstance(answer, bool) \
            and int(answer) == len(notes)  # fmt: skip

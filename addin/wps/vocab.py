"""The service side of 读表情况 and 教读表 (``POST /api/inspect``, ``GET``/``POST``/``DELETE
/api/vocab``): the reading report of the active workbook, and the user's vocabulary file
(the one ``jixiao vocab`` writes) edited with its validation.

The service keeps running between requests: after a word is added or removed the reader's
remembered words are forgotten (:func:`addin.reader.inspecting.teach`), so the next
request reads with the file as it is now. A refusal is a 422 with one Chinese sentence;
a word another role already has carries ``reason: "taken"`` and ``taken_by``.
"""

from __future__ import annotations

from addin.reader import read_report
from addin.reader.inspecting import forget, gaps, hints, inspect_file, teach
from addin.reader.report import teach_word
from addin.reader.teaching import ROLES, TeachError, listed
from addin.reader.vocabulary import user_file
from addin.wps.errors import Refusal
from addin.wps.models import (
    ForgetRequest,
    ForgetResponse,
    InspectRequest,
    InspectResponse,
    RoleInfo,
    TaughtWord,
    TeachRequest,
    TeachResponse,
    VocabResponse,
)
from addin.wps.paths import input_path


def _refused(exc: TeachError) -> Refusal:
    """A TeachError as the service answers it (a word another role has: ``taken``)."""
    if exc.taken_by:
        return Refusal(422, str(exc), "taken", {"taken_by": exc.taken_by})
    return Refusal(422, str(exc))


def vocab_list() -> VocabResponse:
    """GET /api/vocab: the words the user's file teaches, and every role."""
    try:
        words = listed()
    except TeachError as exc:
        raise _refused(exc) from exc
    return VocabResponse(
        file=str(user_file()),
        words=[TaughtWord(word=w, role=r) for w, r in words],
        roles=[RoleInfo(name=r.name, meaning=r.meaning) for r in ROLES],
    )


def vocab_add(request: TeachRequest) -> TeachResponse:
    """POST /api/vocab: a header's text taught as a role (kept as the reader matches it:
    "调整后预算\n（万元）" becomes "调整后预算(万元)")."""
    try:
        path, added = teach(request.word, request.role)
    except TeachError as exc:
        raise _refused(exc) from exc
    word, role = teach_word(request.word), request.role.strip()
    return TeachResponse(file=str(path), word=word, role=role, added=added)


def vocab_remove(request: ForgetRequest) -> ForgetResponse:
    """DELETE /api/vocab: a word taken out of the user's file (404 when it is not there)."""
    try:
        path, roles = forget(request.word)
    except TeachError as exc:
        raise _refused(exc) from exc
    if not roles:
        raise Refusal(404, f"词表文件 {path} 中没有「{request.word.strip()}」，未改动", "absent")
    return ForgetResponse(file=str(path), word=request.word.strip(), roles=roles)


def run_inspect(request: InspectRequest) -> InspectResponse:
    """POST /api/inspect: how the snapshot (or the file) was read, and what to teach."""
    if request.book is not None:
        report = read_report(request.book.to_grid())
    else:
        assert request.path is not None
        report = inspect_file(input_path(request.path, "工作簿", folder_ok=False))
    return InspectResponse(report=report, gaps=gaps(report), hints=hints(report))

"""The local service behind the WPS add-in (FastAPI): workbook snapshots in, actions out.

Every button of the add-in posts a snapshot of the active workbook; the service turns it
into a Grid, calls the same action functions as every other door (:mod:`addin.check.actions`)
and answers with findings, scores and the actions the add-in applies. Errors are JSON
``{"error": "…"}`` in Chinese, never a traceback.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from addin import __version__
from addin.check.actions import check_actions, clear_actions, score_actions
from addin.core.errors import JixiaoError
from addin.core.forms import FORMS, find_form
from addin.reader.vocabulary import refresh
from addin.templates.new import DataError, write_template
from addin.workbook.outputs import OutputRefused
from addin.wps.config import DEFAULT_MAX_BODY_MB, TOKEN_HEADER, allowed_origins
from addin.wps.errors import explain_validation
from addin.wps.guard import DEFAULT_TIMEOUT, Guard
from addin.wps.models import (
    ActionsResponse,
    BookIn,
    CheckResponse,
    CompareRequest,
    CompareResponse,
    ForgetRequest,
    ForgetResponse,
    FormInfo,
    Health,
    InspectRequest,
    InspectResponse,
    MergeRequest,
    MergeResponse,
    NewRequest,
    NewResponse,
    PrefillRequest,
    PrefillResponse,
    ReportRequest,
    ReportResponse,
    ScoreResponse,
    TeachRequest,
    TeachResponse,
    VocabResponse,
)
from addin.wps.paths import input_path, output_path
from addin.wps.scratch import Scratch
from addin.wps.selfeval import (
    Refusal,
    absolute_path,
    checked_profile,
    run_compare,
    run_prefill,
    run_report,
)
from addin.wps.vocab import run_inspect, vocab_add, vocab_list, vocab_remove


def _token_check(token: str) -> Callable[..., None]:
    """A dependency: the add-in's token must come with every POST."""

    def check(x_jixiao_token: Annotated[str | None, Header()] = None) -> None:
        # bytes: compare_digest refuses a str with characters outside ASCII (a TypeError)
        given = (x_jixiao_token or "").encode("utf-8", "surrogateescape")
        if not given or not secrets.compare_digest(given, token.encode("utf-8")):
            raise HTTPException(
                403, "加载项口令不符：请在命令行中重新运行 jixiao wps install，然后重启 WPS"
            )

    return check


def forms_list() -> list[FormInfo]:
    """The forms 新建表格 offers (as ``jixiao forms --json``)."""
    return [
        FormInfo(
            form=spec.kind.value,
            title=spec.title,
            description=spec.description,
            profile=spec.profile,
            orientation="landscape" if spec.landscape else "portrait",
            template=f"workbook_templates/{spec.kind.value}.xlsx",
            version=spec.version,
        )
        for spec in FORMS.values()
    ]


def run_merge(request: MergeRequest) -> MergeResponse:
    """合并汇总 of folders and files on this machine into ``request.output``."""
    from addin.merge.job import MergeOptions, NothingMerged, merge_into
    from addin.merge.run import collect_inputs

    checked_profile(request.profile)
    inputs = [input_path(p, "输入") for p in request.inputs]
    output = absolute_path(request.output, "汇总文件")
    if output.resolve() in collect_inputs(inputs)[0]:
        raise HTTPException(422, "汇总文件不能覆盖参与合并的县级文件，请换一个文件名")
    output_path(request.output, "汇总文件")  # free, not a link (422, as DESIGN has it)
    # one process: forking worker processes from a threaded server is not safe
    options = MergeOptions(profile=request.profile, workers=1)
    try:
        result = merge_into(output, inputs, options, replace=False)
    except (NothingMerged, OutputRefused) as exc:
        raise HTTPException(exc.status, str(exc)) from exc
    except OSError as exc:
        raise HTTPException(
            409, f"无法写入「{output}」（{exc.strerror or exc}）：该文件可能正在 WPS 中打开"
        ) from exc
    return MergeResponse(**result.to_json(), output=str(output))


def new_template(request: NewRequest, scratch: Scratch) -> NewResponse:
    """A fresh template of the form, written to the service's temporary folder for WPS."""
    spec = find_form(request.form)
    if spec is None:
        names = "、".join(s.kind.value for s in FORMS.values())
        raise HTTPException(422, f"没有名为「{request.form}」的表格；可用：{names}")
    # a folder of its own each time: a template WPS still holds open is never overwritten
    path = scratch.folder() / f"{spec.title}.xlsx"
    try:
        write_template(spec, path)
    except DataError as exc:
        raise HTTPException(500, str(exc)) from exc
    return NewResponse(form=spec.kind.value, title=spec.title, path=str(path))


def _fresh_words() -> None:
    """A dependency: words taught since the last request (``jixiao vocab``, the Excel
    add-in) are read before this one."""
    refresh()


def _routes(app: FastAPI, token: str, scratch: Scratch) -> None:
    guarded = [Depends(_token_check(token)), Depends(_fresh_words)]

    @app.get("/api/health")
    def health() -> Health:
        return Health()

    @app.get("/api/forms", dependencies=guarded)
    def forms() -> list[FormInfo]:
        return forms_list()

    @app.post("/api/check", dependencies=guarded)
    def check(book: BookIn) -> CheckResponse:
        checked_profile(book.profile)
        outcome = check_actions(book.to_grid(), book.profile)
        return CheckResponse(
            findings=outcome.report.findings, report=outcome.report, actions=outcome.actions
        )

    @app.post("/api/score", dependencies=guarded)
    def score(book: BookIn) -> ScoreResponse:
        checked_profile(book.profile)
        outcome = score_actions(book.to_grid(), book.profile)
        return ScoreResponse(scores=outcome.scores, actions=outcome.actions)

    @app.post("/api/clear", dependencies=guarded)
    def clear(_: Annotated[dict | None, Body()] = None) -> ActionsResponse:
        return ActionsResponse(actions=clear_actions())

    @app.post("/api/merge", dependencies=guarded)
    def merge(request: MergeRequest) -> MergeResponse:
        return run_merge(request)

    @app.post("/api/new", dependencies=guarded)
    def new(request: NewRequest) -> NewResponse:
        return new_template(request, scratch)

    @app.post("/api/prefill", dependencies=guarded)
    def prefill(request: PrefillRequest) -> PrefillResponse:
        return run_prefill(request)

    @app.post("/api/report", dependencies=guarded)
    def report(request: ReportRequest) -> ReportResponse:
        return run_report(request)

    @app.post("/api/compare", dependencies=guarded)
    def compare(request: CompareRequest) -> CompareResponse:
        return run_compare(request)

    @app.post("/api/inspect", dependencies=guarded)
    def inspect(request: InspectRequest) -> InspectResponse:
        return run_inspect(request)

    @app.get("/api/vocab", dependencies=guarded)
    def vocab() -> VocabResponse:
        return vocab_list()

    @app.post("/api/vocab", dependencies=guarded)
    def vocab_teach(request: TeachRequest) -> TeachResponse:
        return vocab_add(request)

    @app.delete("/api/vocab", dependencies=guarded)
    def vocab_forget(request: ForgetRequest) -> ForgetResponse:
        return vocab_remove(request)


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = explain_validation(exc.errors())
        return _error(422, message, details=details)

    @app.exception_handler(Refusal)
    async def refused(_: Request, exc: Refusal) -> JSONResponse:
        extra = {"reason": exc.reason} if exc.reason else {}
        return _error(exc.status, str(exc), **extra, **exc.extra)

    @app.exception_handler(JixiaoError)
    async def told(_: Request, exc: JixiaoError) -> JSONResponse:
        return _error(exc.status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404 and exc.detail == "Not Found":
            return _error(404, f"没有这个接口：{request.url.path}")
        if exc.status_code == 405:
            return _error(405, f"{request.url.path} 不支持 {request.method} 请求")
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # the traceback goes to the service's own log (uvicorn), never into the response
        return _error(
            500,
            f"服务内部出错（{type(exc).__name__}），请把出问题的工作簿发给维护人员",
        )


def create_app(
    token: str,
    *,
    origins: list[str] | None = None,
    max_body_mb: float = DEFAULT_MAX_BODY_MB,
    timeout: float = DEFAULT_TIMEOUT,
) -> Guard:
    """The service as an ASGI app: the guard around CORS around the FastAPI routes."""
    app = FastAPI(
        title="绩效助手本地服务",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    scratch = Scratch()
    _routes(app, token, scratch)
    _handlers(app)
    allowed = allowed_origins(origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=allowed,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Content-Type", TOKEN_HEADER],
        max_age=600,
    )
    return Guard(app, max_body=int(max_body_mb * 1024 * 1024), origins=allowed,
                 on_close=scratch.close, timeout=timeout)  # fmt: skip

"""How the office service answers a refusal, for every route (the page's API, the collection):
one JSON shape, `{"error": "中文", "detail": "中文", …}`.

`error` is the key the page's script and the API's documentation name; `detail` carries the
same sentence for the collection's clients, which read FastAPI's `detail` before the two
halves of the service shared one shape. Extra keys (`problems`, `findings`, `errors`) sit
beside them.

`install(app)` makes every exception a route raises answer in this shape: ours (NianbaoError,
UploadRefused, RefusedForErrors), FastAPI's (HTTPException, a missing form field) and a bug
(a Chinese 500, never a traceback).
"""

from __future__ import annotations

import sys
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from nianbao.commands.shared import RefusedForErrors
from nianbao.errors import NianbaoError

# FastAPI's own answers that reach a clerk (a mistyped address, a wrong method).
_PLAIN = {404: "找不到该地址", 405: "该地址不支持这种请求方法"}


class UploadRefused(NianbaoError):
    """The upload itself is unacceptable (too big, empty, not a kind we read): `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def error_body(message: str, **extra: Any) -> dict[str, Any]:
    return {"error": message, "detail": message, **extra}


def error_answer(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(message, **extra), status_code=status)


def error_status(err: Exception) -> int:
    if isinstance(err, UploadRefused):
        return err.status
    if isinstance(err, RefusedForErrors):
        return 409
    return 422


def http_message(err: HTTPException) -> tuple[str, dict[str, Any]]:
    """The sentence and the extra keys of an HTTPException (its detail may be {"message": …, …})."""
    if isinstance(err.detail, dict):
        extra = dict(err.detail)
        return str(extra.pop("message", "")), extra
    if err.detail is None or err.detail == _default_phrase(err.status_code):
        return _PLAIN.get(err.status_code, f"请求被拒绝（{err.status_code}）"), {}
    return str(err.detail), {}


def _default_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def missing_fields(err: RequestValidationError) -> str:
    names = [str(e.get("loc", ("", ""))[-1]) for e in err.errors()]
    return "、".join(dict.fromkeys(n for n in names if n)) or "请求体"


def install(app: FastAPI) -> None:
    """Every refusal of `app` in the one shape (installing twice changes nothing)."""

    @app.exception_handler(NianbaoError)
    async def refused(request: Request, err: NianbaoError) -> JSONResponse:
        return error_answer(error_status(err), str(err))

    @app.exception_handler(RefusedForErrors)
    async def refused_for_errors(request: Request, err: RefusedForErrors) -> JSONResponse:
        return error_answer(409, str(err), errors=len(err.errors))

    @app.exception_handler(HTTPException)
    async def http_refusal(request: Request, err: HTTPException) -> JSONResponse:
        message, extra = http_message(err)
        answer = error_answer(err.status_code, message, **extra)
        answer.headers.update(err.headers or {})
        return answer

    @app.exception_handler(RequestValidationError)
    async def incomplete(request: Request, err: RequestValidationError) -> JSONResponse:
        return error_answer(422, f"请求不完整或参数有误：{missing_fields(err)}（上传文件用 multipart 字段 file）")

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception) -> JSONResponse:
        print(f"内部错误：{request.url.path}: {type(err).__name__}: {err}", file=sys.stderr)
        return error_answer(500, f"服务内部错误（{type(err).__name__}），请把文件发给维护人员。")

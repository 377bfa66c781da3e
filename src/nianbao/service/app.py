"""`create_app(settings)`: the office service as one FastAPI application.

Routes: the browser page (routes_page), the JSON API (routes_api), the Excel buttons through
xlwings Server (routes_xlwings). Every failure a clerk can cause is answered in Chinese with
a 4xx status; a bug of ours with a Chinese 500, never a traceback; the server stays up.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from nianbao.commands.shared import RefusedForErrors
from nianbao.errors import NianbaoError
from nianbao.service.settings import Settings
from nianbao.service.uploads import UploadRefused, too_large_message

T = TypeVar("T")


def worker_count(settings: Settings) -> int:
    return settings.workers or (os.cpu_count() or 1) + 2


async def run_blocking(request: Request, function: Callable[..., T], *args) -> T:
    """Run CPU-bound work in a worker thread, so the event loop keeps serving other clerks."""
    limiter = request.app.state.limiter
    return await anyio.to_thread.run_sync(functools.partial(function, *args), limiter=limiter)


class LimitBody:
    """Refuse a request body over the limit before it is parsed or spooled to disk (413)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Room for the multipart framing around a file of exactly the limit.
        limit = self.limit + 64 * 1024
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        received = 0
        over = False
        replaced = False

        async def limited_receive():
            # Past the limit the app is told the body ended: its parser fails, and its answer
            # is replaced by the 413 below (parsers turn exceptions from here into a 400).
            nonlocal received, over
            if over:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message):
            nonlocal replaced
            if not over:
                await send(message)
            elif not replaced:
                replaced = True
                await _too_large(self.limit)(scope, receive, send)

        await self.app(scope, limited_receive, guarded_send)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": too_large_message(limit)}, status_code=413)


def remove_leftovers(settings: Settings) -> None:
    """Temporary folders a previous run left behind (killed mid-request): nobody will fetch them."""
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    for folder in settings.upload_dir.iterdir():
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def error_status(err: Exception) -> int:
    if isinstance(err, UploadRefused):
        return err.status
    if isinstance(err, RefusedForErrors):
        return 409
    return 422


def create_app(settings: Settings) -> FastAPI:
    from nianbao.service import collect_routes, routes_api, routes_page, routes_xlwings

    app = FastAPI(title="nianbao 年报服务", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.limiter = anyio.CapacityLimiter(worker_count(settings))
    remove_leftovers(settings)

    @app.exception_handler(NianbaoError)
    async def refused(request: Request, err: NianbaoError) -> JSONResponse:
        return JSONResponse({"error": str(err)}, status_code=error_status(err))

    @app.exception_handler(RefusedForErrors)
    async def refused_for_errors(request: Request, err: RefusedForErrors) -> JSONResponse:
        return JSONResponse({"error": str(err), "errors": len(err.errors)}, status_code=409)

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception) -> JSONResponse:
        print(f"内部错误：{request.url.path}: {type(err).__name__}: {err}", file=sys.stderr)
        return JSONResponse({"error": f"服务内部错误（{type(err).__name__}），请把文件发给维护人员。"}, status_code=500)

    routes_page.install(app, settings)
    routes_api.install(app, settings)
    routes_xlwings.install(app, settings)
    collect_routes.install(app, settings)
    app.add_middleware(LimitBody, limit=settings.max_upload_bytes)
    return app

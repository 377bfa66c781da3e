"""`create_app(settings)`: the office service as one FastAPI application.

Routes: the browser page (routes_page), the JSON API (routes_api), the Excel buttons through
xlwings Server (routes_xlwings), the collection (collect_routes). Every failure a clerk can cause is answered in Chinese with
a 4xx status (answers.py: one JSON shape for all), a bug of ours with a Chinese 500, never a
traceback; the server stays up. Uploads are bounded and received by uploads.py.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import FastAPI, Request

from nianbao.service import answers, uploads
from nianbao.service.settings import Settings

T = TypeVar("T")


def worker_count(settings: Settings) -> int:
    return settings.workers or (os.cpu_count() or 1) + 2


async def run_blocking(request: Request, function: Callable[..., T], *args) -> T:
    """Run CPU-bound work in a worker thread, so the event loop keeps serving other clerks."""
    limiter = request.app.state.limiter
    return await anyio.to_thread.run_sync(functools.partial(function, *args), limiter=limiter)


def create_app(settings: Settings) -> FastAPI:
    from nianbao.service import collect_routes, routes_api, routes_page, routes_xlwings

    app = FastAPI(title="nianbao 年报服务", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.limiter = anyio.CapacityLimiter(worker_count(settings))
    uploads.remove_leftovers(settings.upload_dir)

    answers.install(app)
    uploads.guard(app, settings.max_upload_bytes)
    routes_page.install(app, settings)
    routes_api.install(app, settings)
    routes_xlwings.install(app, settings)
    collect_routes.install(app, settings)
    return app

"""Receiving a clerk's file, for every route that takes one (the page, the API, the collection).

Two guards, one limit (`Settings.max_upload_bytes`):
- `guard(app, limit)` bounds every request body while it streams in, with or without a
  Content-Length (chunked): past the limit the body is cut off and the answer is a Chinese 413
  naming the limit, before the framework has spooled the rest anywhere.
- `receive(upload, settings, kind)` copies the upload into a temporary folder of its own
  under `settings.upload_dir` (the data folder's tmp/), named as the clerk named it (so the CLI's messages
  name their file), and removes the folder afterwards whatever happens. It refuses (UploadRefused)
  a file over the limit (413), one whose name is not of `kind` (415) and an empty one (400).

    with receive(upload, settings, ROSTER) as path:          # a sync route (the collection)
        ...
    async with receive_async(upload, settings) as path:     # an async route (the page, the API)
        ...

What the file contains is not judged here: the same functions as the CLI read it and refuse it
with the CLI's messages (io/safety.py: zip and entity bombs, a renamed file, encryption).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import anyio
from fastapi import FastAPI, UploadFile
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nianbao.service.answers import UploadRefused, error_answer
from nianbao.service.settings import Settings

CHUNK = 1024 * 1024
# Room for the multipart framing (and a form field or two) around a file of exactly the limit.
FRAMING = 64 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]+')
MAX_NAME = 120
SAVE_AS_XLSX = (".xls", ".et", ".ods")


@dataclass(frozen=True)
class Kind:
    """What a route reads: the suffixes it takes, and how a refusal names them."""

    suffixes: tuple[str, ...]
    described: str


# Whatever `nianbao check` reads (io/load.py: load_any), said in its words.
REPORT = Kind((".xlsx", ".xlsm", ".json"), "工作簿（.xlsx/.xlsm）或 JSON 数据文件")
WORKBOOK = Kind((".xlsx", ".xlsm"), "工作簿（.xlsx/.xlsm）")
ROSTER = Kind((".xlsx", ".xlsm", ".csv"), "名单文件（.xlsx 或 .csv）")


def too_large_message(limit: int) -> str:
    return (
        f"文件过大：上传的文件不能超过 {limit // 1024 // 1024} MB 的上限（一份年度报告通常不到 1 MB）。"
        "请检查是否选错了文件。"
    )


def safe_name(filename: str | None) -> str:
    """The clerk's file name without any folder part or characters a file name cannot hold."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return "上传的文件"
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = stem[: MAX_NAME - len(suffix) - 1] + dot + suffix if dot and len(suffix) <= 8 else name[:MAX_NAME]
    return name


def kind_problem(name: str, kind: Kind) -> str | None:
    """Why a file so named is not for a route reading `kind` (None: it may be)."""
    suffix = Path(name).suffix.lower()
    if suffix in kind.suffixes:
        return None
    if suffix in SAVE_AS_XLSX or (suffix == ".csv" and ".xlsx" in kind.suffixes):
        return f"{name}：不支持 {suffix} 文件，请在 Excel/WPS 中“另存为”.xlsx 后再试"
    return f"{name}：不是{kind.described}"


def save(upload: UploadFile, limit: int, folder: Path, kind: Kind = REPORT) -> Path:
    """The upload copied into a fresh folder under `folder`; UploadRefused (the folder removed)
    past `limit` (413), for a name not of `kind` (415), for an empty file (400)."""
    name = safe_name(upload.filename)
    problem = kind_problem(name, kind)
    if problem:
        raise UploadRefused(problem, status=415)
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="upload-", dir=folder)) / name
    try:
        size = 0
        upload.file.seek(0)
        with open(path, "wb") as out:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(too_large_message(limit), status=413)
                out.write(chunk)
        if size == 0:
            raise UploadRefused(f"{name} 是空文件（0 字节），请重新选择文件。")
    except BaseException:
        discard(path)
        raise
    return path


def discard(path: Path) -> None:
    """Remove a received file's folder (and the file)."""
    shutil.rmtree(path.parent, ignore_errors=True)


@contextlib.contextmanager
def receive(upload: UploadFile, settings: Settings, kind: Kind = REPORT) -> Iterator[Path]:
    path = save(upload, settings.max_upload_bytes, settings.upload_dir, kind)
    try:
        yield path
    finally:
        discard(path)


@contextlib.asynccontextmanager
async def receive_async(upload: UploadFile, settings: Settings, kind: Kind = REPORT) -> AsyncIterator[Path]:
    """`receive` for an async route: the copy runs in a worker thread (the event loop goes on)."""
    try:
        path = await anyio.to_thread.run_sync(save, upload, settings.max_upload_bytes, settings.upload_dir, kind)
        try:
            yield path
        finally:
            discard(path)
    finally:
        await upload.close()


def remove_leftovers(folder: Path) -> None:
    """Temporary folders (uploads, results) a previous run left behind (killed mid-request):
    nobody will fetch them."""
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.iterdir():
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


# ---------------------------------------------------------------- the body's bound, while it streams


class LimitBody:
    """Refuse a request body over the limit before it is parsed or spooled to disk (413)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit + FRAMING
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        received = 0
        over = False
        replaced = False

        async def limited_receive() -> Message:
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

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if not over:
                await send(message)
            elif not replaced:
                replaced = True
                await _too_large(self.limit)(scope, receive, send)

        await self.app(scope, limited_receive, guarded_send)


def _too_large(limit: int) -> Response:
    answer = error_answer(413, too_large_message(limit))
    # The server drops the connection instead of reading (and discarding) the rest of the body.
    answer.headers["connection"] = "close"
    return answer


def guard(app: FastAPI, limit: int) -> None:
    """Bound `app`'s request bodies (once: the service and its collection routes both ask)."""
    if getattr(app.state, "upload_limit", None) is None:
        app.add_middleware(LimitBody, limit=limit)
        app.state.upload_limit = limit
    elif app.state.upload_limit != limit:
        raise ValueError("one application, one upload limit")

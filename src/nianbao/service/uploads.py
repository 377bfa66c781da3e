"""Receiving a clerk's file: bounded in size, kept in a temporary folder of its own that is
always removed, named as the clerk named it (so the CLI's messages name their file).

Used by every route that takes a file (and meant for the collection routes too):

    async with receive_workbook(upload, settings) as path:
        ...  # path: <data_dir>/tmp/upload-XXXX/<clerk's file name>; gone after the block

What the file may contain is not judged here: the same functions as the CLI read it and
refuse it with the CLI's messages (io/safety.py: zip and entity bombs, foreign files).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import UploadFile

from nianbao.errors import NianbaoError
from nianbao.service.settings import Settings

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]+')
MAX_NAME = 120


class UploadRefused(NianbaoError):
    """The upload itself is unacceptable (too big, empty): `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def too_large_message(limit: int) -> str:
    return (
        f"文件过大：上传的文件不能超过 {limit // 1024 // 1024} MB（一份年度报告通常不到 1 MB）。请检查是否选错了文件。"
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


@contextlib.asynccontextmanager
async def receive_workbook(upload: UploadFile, settings: Settings) -> AsyncIterator[Path]:
    """The upload saved to a fresh temporary folder; raises UploadRefused (413) past the limit."""
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=settings.upload_dir))
    try:
        path = folder / safe_name(upload.filename)
        size = 0
        with open(path, "wb") as fh:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise UploadRefused(too_large_message(settings.max_upload_bytes), status=413)
                fh.write(chunk)
        if size == 0:
            raise UploadRefused(f"{path.name} 是空文件（0 字节），请重新选择文件。")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        await upload.close()

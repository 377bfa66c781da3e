"""Receiving an uploaded file: streamed to a temporary file in the data folder under a size
limit, handed over as a path with its (sanitised) suffix, and always removed afterwards."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class TooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"上传的文件超过 {limit // (1024 * 1024)} MB 的上限")


def safe_suffix(filename: str | None) -> str:
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ""


def shown_name(filename: str | None) -> str:
    """The uploaded file's own name, without any folder, for messages and downloads."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:200] or "上传的文件"


@contextlib.contextmanager
def receive_upload(stream: BinaryIO, filename: str | None, limit: int, folder: Path) -> Iterator[Path]:
    """Yield a temporary copy of `stream` named with the upload's suffix; TooLarge past `limit`."""
    fd, tmp = tempfile.mkstemp(prefix=".upload.", suffix=safe_suffix(filename), dir=folder)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                out.write(chunk)
        yield Path(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)

"""A file made for the clerk (a marked-up copy, a report, the office's downloads): made in a
temporary folder of its own under the data folder's tmp/, sent once, then removed with its folder.
A folder a killed process left is removed at the next start (uploads.remove_leftovers)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from nianbao.service.settings import Settings

MEDIA = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".zip": "application/zip",
}


def result_folder(settings: Settings) -> Path:
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="result-", dir=settings.upload_dir))


def send_once(path: Path, name: str, folder: Path) -> FileResponse:
    """The file as an attachment named `name` (RFC 5987 for the Chinese); `folder` goes after."""
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return FileResponse(
        path,
        media_type=MEDIA.get(path.suffix.lower(), "application/octet-stream"),
        headers=headers,
        background=BackgroundTask(shutil.rmtree, folder, True),
    )


def made(settings: Settings, write: Callable[[Path], object], name: str) -> FileResponse:
    """`write(path)` into a fresh folder, and that file sent once as `name`."""
    folder = result_folder(settings)
    path = folder / ("result" + Path(name).suffix)
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return send_once(path, name, folder)

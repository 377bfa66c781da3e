"""The JSON API, the same as the CLI: POST a file (multipart field `file`).

    POST /api/check                         -> what `nianbao check --json` prints
    POST /api/checked                       -> the marked-up copy (`check -o`)
    POST /api/narrate[?force=1]             -> the workbook with generated text (`narrate`)
    POST /api/export?format=docx|html|xlsx[&force=1] -> the finished report (`export`)

A file of a kind the CLI does not read gets 415, an empty one 400, one over the limit 413
(uploads.py); a file the CLI refuses gets 422 with the CLI's Chinese message; a report refused
for its errors (narrate/export without force) gets 409. Every refusal is {"error": …, "detail": …}
(answers.py).
"""

from __future__ import annotations

import shutil
from typing import Annotated

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from nianbao.errors import NianbaoError
from nianbao.service import operations, results
from nianbao.service.app import run_blocking
from nianbao.service.settings import Settings
from nianbao.service.uploads import REPORT, WORKBOOK, Kind, receive_async


async def produce(
    request: Request, upload: UploadFile, what: str, suffix: str, work, kind: Kind = REPORT
) -> FileResponse:
    """Receive the file, run `work(path, output)` in a thread, send the output, clean up."""
    settings: Settings = request.app.state.settings
    async with receive_async(upload, settings, kind) as path:
        folder = results.result_folder(settings)
        try:
            name = operations.output_name(path, what, suffix)
            output = await run_blocking(request, work, path, folder / name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return results.send_once(output, name, folder)


def install(app: FastAPI, settings: Settings) -> None:
    @app.post("/api/check")
    async def api_check(request: Request, file: Annotated[UploadFile, File()]) -> Response:
        async with receive_async(file, settings) as path:
            checked = await run_blocking(request, operations.check_file, path)
        return Response(checked.json_text, media_type="application/json; charset=utf-8")

    @app.post("/api/checked")
    async def api_checked(request: Request, file: Annotated[UploadFile, File()]) -> FileResponse:
        suffix = ".xlsm" if (file.filename or "").lower().endswith(".xlsm") else ".xlsx"
        return await produce(request, file, "校验结果", suffix, operations.checked_copy, WORKBOOK)

    @app.post("/api/narrate")
    async def api_narrate(
        request: Request, file: Annotated[UploadFile, File()], force: Annotated[bool, Query()] = False
    ) -> FileResponse:
        suffix = ".xlsm" if (file.filename or "").lower().endswith(".xlsm") else ".xlsx"
        return await produce(
            request, file, "含正文", suffix, lambda path, out: operations.narrated_copy(path, out, force)
        )

    @app.post("/api/export")
    async def api_export(
        request: Request,
        file: Annotated[UploadFile, File()],
        format: Annotated[str, Query()] = "docx",
        force: Annotated[bool, Query()] = False,
    ) -> FileResponse:
        if format not in operations.EXPORT_FORMATS:
            raise NianbaoError(f"不支持的导出格式“{format}”：可选 docx、html、xlsx")
        return await produce(
            request, file, "定稿", f".{format}", lambda path, out: operations.exported(path, out, force)
        )

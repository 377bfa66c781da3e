"""The Excel buttons through xlwings Server: POST /xlwings/validate, /generate_text, /export_report.

The workbook's buttons (macros/ReportButtons.bas, server mode) call xlwings' VBA client
RunServerPython, which posts the workbook's values as JSON. Here `xw.Book(json=...)` gives the
ordinary xlwings API over that JSON and the very functions the local buttons run
(nianbao.excel: validate_book, narrate_book, export_book) record what to change; the answer
is `book.json()` — the actions the VBA client applies. Protection and notes, which the VBA
client cannot do, go through our VBA Subs (runMacro; excel/protection.server_macro).

Export: the files are made here, kept under an unguessable one-time address, and the
runMacro action ReportButtons.nbSaveExports fetches them and saves them beside the workbook.

xlwings' server side needs a licence key (xlwings PRO, PolyForm Noncommercial for government
institutions): XLWINGS_LICENSE_KEY in the environment or xlwings' own config file. Without one
these routes answer 503 with how to enable them; the page and the API work regardless.
"""

from __future__ import annotations

import functools
import json
import secrets
import shutil
import threading
import time
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from starlette.background import BackgroundTask

from nianbao.excel.session import import_xlwings, run_on
from nianbao.service.app import run_blocking
from nianbao.service.settings import Settings

NO_LICENCE = (
    "年报服务未启用 Excel 按钮（xlwings Server 需要许可证密钥）。\n"
    "政府机关可使用 xlwings 的非商业许可：在启动服务前设置环境变量 XLWINGS_LICENSE_KEY=noncommercial"
    "（Windows：set XLWINGS_LICENSE_KEY=noncommercial），或运行一次 xlwings license update -k noncommercial，"
    "然后重新启动 nianbao serve。浏览器页面和 API 不受影响。"
)
EXPORT_TTL = 15 * 60  # seconds an exported file waits for the workbook to fetch it


def remote_engine():
    """xlwings with its remote engine registered, or None when no licence key is set."""
    xw = import_xlwings()
    if "remote" in [engine.name for engine in xw.engines]:
        return xw
    try:  # the key was set after xlwings was imported (tests, or a key in the config file)
        from xlwings.main import Engine
        from xlwings.pro import _xlremote
    except Exception:  # xlwings.LicenseError: no key
        return None
    xw.engines.add(Engine(impl=_xlremote.engine))
    return xw


def licence_problem() -> str | None:
    return None if remote_engine() is not None else NO_LICENCE


class BadPayload(Exception):
    pass


def button_actions(payload: dict, action, **kwargs) -> list[dict]:
    """Run one button's function on the book the client sent; the actions to send back."""
    xw = remote_engine()
    if not isinstance(payload, dict) or "sheets" not in payload:
        raise BadPayload("请求不是 xlwings 按钮发出的数据。")
    try:
        book = xw.Book(json=payload)
    except Exception as exc:  # another xlwings version on the client, a malformed payload
        raise BadPayload(f"无法读取按钮发来的工作簿数据：{exc}") from None
    try:
        run_on(book, action, **kwargs)
        return book.json()["actions"]
    finally:
        book.close()  # the remote engine keeps every book it opened: forget this one


class ExportStore:
    """Exported files waiting to be fetched once by the workbook that asked for them."""

    def __init__(self, root: Path):
        self.root = root
        self.lock = threading.Lock()

    def new_folder(self) -> tuple[str, Path]:
        self.sweep()
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir(parents=True)
        return token, folder

    def file(self, token: str, index: int) -> Path | None:
        if not token.replace("-", "").replace("_", "").isalnum():
            return None
        manifest = self.root / token / "files.json"
        try:
            names = json.loads(manifest.read_text(encoding="utf-8"))
            path = self.root / token / names[index]
        except (OSError, ValueError, IndexError):
            return None
        return path if path.exists() else None

    def taken(self, token: str, index: int) -> None:
        """A file was fetched: remove it, and the folder once every file is gone."""
        path = self.file(token, index)
        if path is not None:
            path.unlink(missing_ok=True)
        folder = self.root / token
        if not [p for p in folder.iterdir() if p.name != "files.json"]:
            shutil.rmtree(folder, ignore_errors=True)

    def sweep(self) -> None:
        if not self.root.is_dir():
            return
        now = time.time()
        for folder in self.root.iterdir():
            if now - folder.stat().st_mtime > EXPORT_TTL:
                shutil.rmtree(folder, ignore_errors=True)


def export_for_download(book, store: ExportStore, base_url: str) -> str | None:
    """The export button on the server: export_book into a fresh folder, then the runMacro
    that makes the clerk's Excel fetch the files and save them beside the workbook."""
    from nianbao.excel.exporting import FORMATS, export_book
    from nianbao.excel.protection import server_macro

    token, folder = store.new_folder()
    try:
        message = export_book(book, directory=folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    names = [p.name for fmt in FORMATS for p in folder.glob(f"*.{fmt}")]
    (folder / "files.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    # What export_book says besides the (server's) paths: the warnings line, if any.
    closing = "\n".join(line for line in message.splitlines()[1:] if not line.startswith("  "))
    save = server_macro(book, "nbSaveExports")
    if save is None:  # not the VBA client (e.g. Office.js): links in a message instead
        links = "\n".join(f"{base_url}/xlwings/files/{token}/{i}  {name}" for i, name in enumerate(names))
        return f"已导出定稿报告，请在浏览器中打开下面的地址下载：\n{links}\n{closing}".rstrip()
    save(f"{base_url}/xlwings/files/{token}", "\n".join(names), closing)
    return None


def install(app: FastAPI, settings: Settings) -> None:
    from nianbao.excel.checking import validate_book
    from nianbao.excel.narrate import narrate_book

    store = ExportStore(Path(settings.data_dir) / "exports")
    app.state.xlwings_problem = licence_problem()

    async def answer(request: Request, action, **kwargs) -> Response:
        problem = licence_problem()
        if problem:
            return PlainTextResponse(problem, status_code=503)
        try:
            payload = await request.json()
        except ValueError:
            return PlainTextResponse("请求不是 xlwings 按钮发出的数据（不是 JSON）。", status_code=400)
        try:
            work = functools.partial(button_actions, payload, action, **kwargs)
            actions = await run_blocking(request, work)
        except BadPayload as err:
            return PlainTextResponse(str(err), status_code=400)
        # UTF-8 named explicitly: the VBA client (WinHttp) decodes ResponseText by the charset.
        body = json.dumps({"actions": actions}, ensure_ascii=False, allow_nan=False)
        return Response(body, media_type="application/json; charset=utf-8")

    @app.post("/xlwings/validate")
    async def validate(request: Request) -> Response:
        return await answer(request, validate_book)

    @app.post("/xlwings/generate_text")
    async def generate_text(request: Request) -> Response:
        return await answer(request, narrate_book)

    @app.post("/xlwings/export_report")
    async def export_report(request: Request) -> Response:
        base_url = str(request.base_url).rstrip("/")
        return await answer(request, export_for_download, store=store, base_url=base_url)

    @app.get("/xlwings/files/{token}/{index}")
    async def exported_file(token: str, index: int) -> Response:
        path = store.file(token, index)
        if path is None:
            return PlainTextResponse("导出的文件已取走或已过期（15 分钟），请重新点击“导出报告”。", status_code=404)
        return FileResponse(path, background=BackgroundTask(store.taken, token, index))

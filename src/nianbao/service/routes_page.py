"""The browser page at `/`, for WPS, LibreOffice and any Excel: drop the workbook, read the
findings grouped by table, download the marked-up copy, the text, the report, the template.

Rendered with Jinja2 (autoescape: an agency name holding <script> is shown as text). The
page works without JavaScript (the form posts to /page/check and gets the whole page
back); with it, static/service.js posts the file and inserts the same rendered fragment,
shows progress, and fetches the downloads from the JSON API with the file kept in the
browser — nothing of one clerk's file stays on the server for another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape

from nianbao.check.findings import Finding, errors_of
from nianbao.errors import NianbaoError
from nianbao.service import operations
from nianbao.service.answers import error_status
from nianbao.service.app import run_blocking
from nianbao.service.settings import Settings
from nianbao.service.uploads import receive_async, safe_name
from nianbao.spec.rules import SEVERITY_LABEL
from nianbao.view.presentation import TABLE_TITLES, main_cell, subject

STATIC = Path(__file__).parent / "static"
_ENV = Environment(
    loader=PackageLoader("nianbao", "templates/service"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def grouped(findings: list[Finding]) -> list[dict]:
    """Findings by table in the order they come, each as the page shows it."""
    groups: dict[str, dict] = {}
    for finding in findings:
        group = groups.setdefault(finding.table, {"title": TABLE_TITLES.get(finding.table, finding.table), "rows": []})
        group["rows"].append(
            {
                "severity": finding.severity,
                "label": SEVERITY_LABEL[finding.severity],
                "rule": finding.rule,
                "cell": main_cell(finding),
                "subject": subject(finding),
                "message": finding.message,
                "expected": _shown(finding.expected),
                "actual": _shown(finding.actual),
            }
        )
    return list(groups.values())


def render(name: str, **context) -> str:
    return _ENV.get_template(name).render(**context)


def result_context(file_name: str, checked: operations.Checked | None, error: str | None) -> dict:
    if checked is None:
        return {"file_name": file_name, "error": error}
    errors = len(errors_of(checked.findings))
    meta = checked.report.meta
    return {
        "file_name": file_name,
        "error": None,
        "agency": meta.get("agency") or "",
        "year": meta.get("year") or "",
        "errors": errors,
        "warnings": len(checked.findings) - errors,
        "groups": grouped(checked.findings),
        "is_workbook": file_name.lower().endswith((".xlsx", ".xlsm")),
    }


def install(app: FastAPI, settings: Settings) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    template_cache: dict[str, bytes] = {}

    workbook_cache: dict[str, bytes] = {}

    def buttons_enabled() -> bool:
        return getattr(app.state, "xlwings_problem", None) is None

    @app.get("/", response_class=HTMLResponse)
    async def index() -> str:
        return render("index.html.j2", result=None, buttons=buttons_enabled())

    @app.get("/workbook.xlsm")
    async def server_workbook(request: Request) -> Response:
        """The macro workbook in server mode, its buttons pointed at this service as reached."""
        if not buttons_enabled():
            raise NianbaoError(app.state.xlwings_problem)
        url = str(request.base_url).rstrip("/")
        if url not in workbook_cache:
            if len(workbook_cache) >= 4:  # the Host header is the client's: keep the cache small
                workbook_cache.clear()
            workbook_cache[url] = await run_blocking(request, _server_workbook_bytes, url)
        return Response(
            workbook_cache[url],
            media_type="application/vnd.ms-excel.sheet.macroEnabled.12",
            headers={"Content-Disposition": "attachment; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.xlsm"},
        )

    @app.post("/page/check", response_class=HTMLResponse)
    async def page_check(request: Request, file: Annotated[UploadFile, File()]) -> HTMLResponse:
        """The findings as HTML: the fragment for the script, the whole page without it."""
        name = safe_name(file.filename)
        try:
            async with receive_async(file, settings) as path:
                name = path.name
                checked = await run_blocking(request, operations.check_file, path)
            context, status = result_context(name, checked, None), 200
        except NianbaoError as err:
            context, status = result_context(name, None, str(err)), error_status(err)
        if request.headers.get("x-requested-with") == "fetch":
            return HTMLResponse(render("result.html.j2", r=context), status_code=status)
        return HTMLResponse(render("index.html.j2", result=context, buttons=buttons_enabled()), status_code=status)

    @app.get("/template.xlsx")
    async def blank_template(request: Request) -> Response:
        if "xlsx" not in template_cache:
            template_cache["xlsx"] = await run_blocking(request, _template_bytes)
        return Response(
            template_cache["xlsx"],
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={
                "Content-Disposition": "attachment; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A%E6%A8%A1%E6%9D%BF.xlsx"
            },
        )

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"ok": True}


def _template_bytes() -> bytes:
    import tempfile

    from nianbao.build.template import build_template

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "template.xlsx")
        build_template(path)
        return path.read_bytes()


def _server_workbook_bytes(url: str) -> bytes:
    import tempfile

    try:
        from nianbao.build.macro_workbook import build_macro_workbook
    except ImportError:
        raise NianbaoError(
            "本服务未安装生成宏工作簿所需的程序包（pyOpenVBA），请用命令 nianbao workbook --server 生成。"
        ) from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "年度报告.xlsm")
        try:
            build_macro_workbook(path, server=url)
        except ImportError:
            raise NianbaoError(
                "本服务未安装生成宏工作簿所需的程序包（pyOpenVBA），请用命令 nianbao workbook --server 生成。"
            ) from None
        return path.read_bytes()

"""The collection service (上报): the JSON API and the pages of the office and of the units.

`install(app, settings)` adds the routes to a FastAPI app, with what they rely on: the bound on
request bodies and the one JSON shape of a refusal, `{"error": …, "detail": …}` (uploads.py,
answers.py; the service's `create_app` installs the same). `office_token(settings)` gives the
office's token (for `nianbao serve --print-office-token`).

Who may do what: the office token (`Authorization: Bearer …`) or an office session (password
login, a CSRF token on every form) opens everything; a unit's token opens only that unit
(403 elsewhere), as a Bearer token for the API and in its link's path for its page; no token
opens nothing here (401).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from nianbao.collect import models as m
from nianbao.collect import roster as roster_mod
from nianbao.collect import tokens
from nianbao.collect.downloads import write_accepted_zip, write_audit, write_links, write_parent_total
from nianbao.collect.parent import parent_total
from nianbao.collect.review import review
from nianbao.collect.status import board, counts, unit_by_token, unit_of, years
from nianbao.collect.store import FAILED_LOGIN, LOGIN_WINDOW_MINUTES, MAX_FAILED_LOGINS, Store, open_store
from nianbao.collect.store import office_token as office_token  # re-exported for `serve`
from nianbao.collect.submissions import (
    Evaluation,
    Receipt,
    Refused,
    previous_report,
    reviews_of,
    submit,
    submit_stored,
    versions,
)
from nianbao.errors import UnreadableFile
from nianbao.service import answers, results, uploads
from nianbao.service.settings import Settings
from nianbao.service.uploads import ROSTER, UploadRefused, safe_name
from nianbao.spec import format2021 as f

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates" / "collect"))
BEIJING = timezone(timedelta(hours=8))


def beijing_time(stamp: str | None) -> str:
    """A stored UTC time as the office reads it (北京时间, to the second)."""
    if not stamp:
        return ""
    return str(datetime.fromisoformat(stamp).astimezone(BEIJING))[:19]


TEMPLATES.env.filters["beijing"] = beijing_time
SESSION_COOKIE = "nb_office"
LOGIN_COOKIE = "nb_login"
HEADLINE_KEYS = (
    "t3.new.total",
    "t3.carried_over.total",
    "t3.results_total.total",
    "t3.carried_forward.total",
    "t4.review.total",
    "t4.litigation_direct.total",
)


class Collection:
    """What every route needs: the settings and the store."""

    def __init__(self, settings: Settings):
        self.settings = settings

    @property
    def store(self) -> Store:
        return open_store(self.settings)  # opened on first use: the app starts even before --data exists


def install(app: FastAPI, settings: Settings) -> None:
    answers.install(app)
    uploads.guard(app, settings.max_upload_bytes)
    collection = Collection(settings)
    app.include_router(api_router(collection))
    app.include_router(page_router(collection))


# ---------------------------------------------------------------- who is asking


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    kind, _, value = header.partition(" ")
    return value.strip() if kind.lower() == "bearer" else ""


def api_office(collection: Collection, request: Request) -> str:
    """The actor name when the request carries the office token; 401/403 otherwise."""
    token = bearer(request)
    if not token:
        raise HTTPException(401, "需要政务公开办的令牌（Authorization: Bearer …）")
    if tokens.same(token, collection.store.office_token):
        return "政务公开办（令牌）"
    if office_session(collection, request):
        return "政务公开办"
    raise HTTPException(403, "此令牌无权进行该操作")


def api_unit_or_office(collection: Collection, request: Request, year: int, code: str) -> str:
    token = bearer(request)
    if not token:
        raise HTTPException(401, "需要令牌（Authorization: Bearer …）")
    if tokens.same(token, collection.store.office_token):
        return "政务公开办（令牌）"
    unit = unit_by_token(collection.store, token)
    if unit is None:
        raise HTTPException(403, "令牌无效或已作废")
    if unit.year != year or unit.code != code:
        raise HTTPException(403, "此链接只能用于本单位")
    return f"{unit.code} {unit.name}"


def office_session(collection: Collection, request: Request) -> str | None:
    """The session's CSRF token when an office session is open, else None."""
    return collection.store.session_csrf(request.cookies.get(SESSION_COOKIE))


def check_csrf(expected: str | None, given: str) -> None:
    if not expected or not given or not tokens.same(expected, given):
        raise HTTPException(403, "页面已过期或请求来源不明（CSRF 校验失败），请刷新页面后重试")


def valid_year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise HTTPException(404, "年度应为四位数，例如 2024")
    return year


# ---------------------------------------------------------------- what both sides do


def take_roster(collection: Collection, year: int, upload: UploadFile, actor: str) -> dict:
    store = collection.store
    try:
        with uploads.receive(upload, collection.settings, ROSTER) as path:
            entries = roster_mod.read_roster(path, path.name)
    except UploadRefused as err:
        raise HTTPException(err.status, str(err)) from None
    except roster_mod.RosterError as err:
        raise HTTPException(422, {"message": str(err), "problems": err.problems}) from None
    except UnreadableFile as err:
        raise HTTPException(400, str(err)) from None
    return roster_mod.store_roster(store, year, entries, actor)


def take_submission(
    collection: Collection, year: int, code: str, upload: UploadFile, explanations: dict, actor: str
) -> Receipt | tuple[Evaluation, str]:
    """The receipt, or (the evaluation, the kept file's name for the page's second step)."""
    store = collection.store
    try:
        with uploads.receive(upload, collection.settings) as path:
            result = _guarded(lambda: submit(store, year, code, path, path.name, explanations, actor), path.name)
            if isinstance(result, Evaluation) and not result.errors and not result.refusal:
                return result, store.blobs.put(path, path.suffix)
            return result if isinstance(result, Receipt) else (result, "")
    except UploadRefused as err:
        raise HTTPException(err.status, str(err)) from None


def _guarded(action, name: str):
    try:
        return action()
    except Refused as err:
        raise HTTPException(err.status, str(err)) from None
    except UnreadableFile as err:
        raise HTTPException(400, str(err)) from None
    except MemoryError:
        raise HTTPException(400, f"{name}：文件过大，内存不足，无法读取") from None
    except HTTPException:
        raise
    except Exception as err:  # a parser's bug on a hostile file: that upload only, the service goes on
        raise HTTPException(400, f"{name}：读取时出现内部错误（{type(err).__name__}），请把文件发给维护人员") from None


def refusal_body(evaluation: Evaluation) -> dict:
    if evaluation.refusal:
        message = evaluation.refusal
    elif evaluation.errors:
        message = f"有{evaluation.errors}处错误，必须改正后再提交"
    else:
        message = f"有{len(evaluation.unexplained)}处提示尚未说明：请逐条说明（出错说明）后再提交"
    return {
        **answers.error_body(message),
        "message": message,  # the key this answer had before the shared shape
        "errors": evaluation.errors,
        "warnings": evaluation.warnings,
        "explained": evaluation.explained,
        "findings": evaluation.findings,
        "unexplained": evaluation.unexplained,
    }


def parse_explanations(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise HTTPException(422, 'explanations 应为 JSON 对象：{"提示编号": "说明"}') from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise HTTPException(422, 'explanations 应为 JSON 对象：{"提示编号": "说明"}')
    return {str(k): v[:2000] for k, v in data.items()}


def unit_detail(collection: Collection, year: int, code: str) -> dict:
    store = collection.store
    unit = unit_of(store, year, code)
    if unit is None:
        raise HTTPException(404, f"{year}年名单中没有单位“{code}”")
    kept = versions(store, year, code)
    decisions = reviews_of(store, [v.id for v in kept])
    latest = kept[-1] if kept else None
    return {
        "code": unit.code,
        "name": unit.name,
        "parent": unit.parent_code,
        "summary": bool(unit.is_summary),
        "status": unit.status,
        "status_label": m.STATUS_LABELS[unit.status],
        "comment": unit.review_comment,
        "versions": [
            {
                "version": v.version,
                "filename": v.filename,
                "size": v.size,
                "submitted_at": v.submitted_at,
                "status": v.status,
                "errors": v.errors,
                "warnings": v.warnings,
                "explained": v.explained,
            }
            for v in kept
        ],
        "reviews": [
            {
                "version": next(v.version for v in kept if v.id == r.submission_id),
                "decision": r.decision,
                "comment": r.comment,
                "at": r.at,
                "actor": r.actor,
            }
            for r in decisions
        ],
        "findings": list(latest.findings) if latest else [],
        "text": dict(latest.report_text) if latest else {},
        "values": dict(latest.report_values) if latest else {},
        "meta": dict(latest.report_meta) if latest else {},
    }


# ---------------------------------------------------------------- the JSON API


def api_router(collection: Collection) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.post("/{year}/roster")
    def post_roster(year: int, request: Request, file: Annotated[UploadFile, File()]):
        actor = api_office(collection, request)
        counts_ = take_roster(collection, valid_year(year), file, actor)
        units = board(collection.store, year)
        tokens_ = _tokens(collection, year)
        return {**counts_, "units": [{**u, "token": tokens_[u["code"]]} for u in units]}

    @api.get("/{year}/status")
    def get_status(year: int, request: Request):
        api_office(collection, request)
        fields = ("code", "name", "parent", "status", "errors", "warnings", "explained", "submitted_at")
        rows = [{k: u[k] for k in fields} for u in board(collection.store, valid_year(year))]
        # Plain JSON: FastAPI's generic encoder would take longer than the query on 10,000 units.
        return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json")

    @api.post("/{year}/units/{code}/submissions", status_code=201)
    def post_submission(
        year: int,
        code: str,
        request: Request,
        file: Annotated[UploadFile, File()],
        explanations: Annotated[str | None, Form()] = None,
    ):
        actor = api_unit_or_office(collection, request, valid_year(year), code)
        result = take_submission(collection, year, code, file, parse_explanations(explanations), actor)
        if isinstance(result, tuple):
            return JSONResponse(refusal_body(result[0]), status_code=422)
        ev = result.evaluation
        return {
            "version": result.version,
            "submitted_at": result.submitted_at,
            "sha256": result.blob.split(".")[0],
            "errors": ev.errors,
            "warnings": ev.warnings,
            "explained": ev.explained,
            "findings": ev.findings,
        }

    @api.get("/{year}/units/{code}")
    def get_unit(year: int, code: str, request: Request):
        api_unit_or_office(collection, request, valid_year(year), code)
        return unit_detail(collection, year, code)

    @api.get("/{year}/units/{code}/submissions/{version}/file")
    def get_version_file(year: int, code: str, version: int, request: Request):
        api_unit_or_office(collection, request, valid_year(year), code)
        return version_file(collection, year, code, version)

    @api.post("/{year}/units/{code}/review")
    async def post_review(year: int, code: str, request: Request):
        actor = api_office(collection, request)
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(422, '请求体应为 JSON：{"decision": "accept"|"return", "comment": "…"}') from None
        if not isinstance(body, dict):
            raise HTTPException(422, "请求体应为 JSON 对象")
        status = _guarded(
            lambda: review(
                collection.store,
                valid_year(year),
                code,
                str(body.get("decision")),
                str(body.get("comment") or ""),
                actor,
            ),
            code,
        )
        return {"code": code, "status": status, "status_label": m.STATUS_LABELS[status]}

    @api.post("/{year}/units/{code}/token")
    def post_new_token(year: int, code: str, request: Request):
        actor = api_office(collection, request)
        token = roster_mod.new_unit_token(collection.store, valid_year(year), code, actor)
        if token is None:
            raise HTTPException(404, f"{year}年名单中没有单位“{code}”")
        return {"code": code, "token": token}

    @api.get("/{year}/aggregate")
    def get_aggregate(year: int, parent: str, request: Request):
        api_office(collection, request)
        total = _guarded(lambda: parent_total(collection.store, valid_year(year), parent), parent)
        return {"parent": parent, "values": total.values, "findings": total.findings, "missing": total.missing}

    return api


def _tokens(collection: Collection, year: int) -> dict[str, str]:
    import sqlalchemy as sa

    with collection.store.engine.connect() as db:
        rows = db.execute(sa.select(m.units.c.code, m.units.c.token).where(m.units.c.year == year))
        return {row.code: row.token for row in rows}


def version_file(collection: Collection, year: int, code: str, version: int) -> FileResponse:
    kept = [v for v in versions(collection.store, year, code) if v.version == version]
    if not kept:
        raise HTTPException(404, f"单位“{code}”没有第{version}版")
    row = kept[0]
    return FileResponse(
        collection.store.blobs.path(row.blob),
        filename=f"{code}-第{version}版{Path(row.blob).suffix}",
        media_type="application/octet-stream",
    )


# ---------------------------------------------------------------- the pages


def page_router(collection: Collection) -> APIRouter:
    pages = APIRouter(prefix="/collect")

    def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)

    def office_or_login(request: Request) -> str | RedirectResponse:
        csrf = office_session(collection, request)
        if csrf is None:
            return RedirectResponse("/collect/office/login", status_code=303)
        return csrf

    # -------------------------------------------------- office: login

    @pages.get("/office/login")
    def login_page(request: Request, failed: int = 0):
        csrf = tokens.new_token()
        response = render(
            request, "login.html.j2", csrf=csrf, failed=bool(failed), has_password=collection.store.has_password()
        )
        response.set_cookie(LOGIN_COOKIE, csrf, httponly=True, samesite="strict", path="/collect/office")
        return response

    @pages.post("/office/login")
    def login(request: Request, password: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""):
        check_csrf(request.cookies.get(LOGIN_COOKIE), csrf)
        store = collection.store
        if store.recent_failed_logins() >= MAX_FAILED_LOGINS:
            raise HTTPException(429, f"密码错误次数过多，请 {LOGIN_WINDOW_MINUTES} 分钟后再试")
        if not store.check_password(password):
            with store.engine.begin() as db:
                store.log(db, "（未登录）", FAILED_LOGIN)
            return RedirectResponse("/collect/office/login?failed=1", status_code=303)
        cookie, _ = store.new_session()
        with store.engine.begin() as db:
            store.log(db, "政务公开办", "登录")
        response = RedirectResponse("/collect/office", status_code=303)
        response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="strict", path="/")
        response.delete_cookie(LOGIN_COOKIE, path="/collect/office")
        return response

    @pages.post("/office/setup")
    def setup(
        request: Request,
        office_token: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ):
        check_csrf(request.cookies.get(LOGIN_COOKIE), csrf)
        store = collection.store
        if not tokens.same(office_token.strip(), store.office_token):
            raise HTTPException(403, "令牌不对：请用 nianbao serve --data … --print-office-token 查看")
        if len(password) < 8:
            raise HTTPException(422, "密码至少 8 个字符")
        store.set_password(password, "政务公开办（令牌）")
        return RedirectResponse("/collect/office/login", status_code=303)

    @pages.post("/office/logout")
    def logout(request: Request, csrf: Annotated[str, Form()] = ""):
        check_csrf(office_session(collection, request), csrf)
        collection.store.end_session(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/collect/office/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -------------------------------------------------- office: board, unit, review

    @pages.get("/office")
    def office_home(request: Request):
        csrf = office_or_login(request)
        if isinstance(csrf, RedirectResponse):
            return csrf
        known = years(collection.store)
        year = known[0] if known else datetime.now(UTC).year - 1
        return RedirectResponse(f"/collect/office/{year}", status_code=303)

    @pages.get("/office/go")
    def go_to_year(year: int = 0):
        return RedirectResponse(f"/collect/office/{valid_year(year)}", status_code=303)

    @pages.get("/office/{year}")
    def board_page(year: int, request: Request, message: str = ""):
        csrf = office_or_login(request)
        if isinstance(csrf, RedirectResponse):
            return csrf
        rows = board(collection.store, valid_year(year))
        return render(
            request,
            "board.html.j2",
            csrf=csrf,
            year=year,
            units=rows,
            counts=counts(rows),
            summaries=[u for u in rows if u["summary"]],
            years=years(collection.store),
            message=message,
        )

    @pages.post("/office/{year}/roster")
    def roster_page(
        year: int, request: Request, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = ""
    ):
        check_csrf(office_session(collection, request), csrf)
        try:
            done = take_roster(collection, valid_year(year), file, "政务公开办")
        except HTTPException as err:
            detail = err.detail["message"] if isinstance(err.detail, dict) else err.detail
            return _redirect_with(f"/collect/office/{year}", detail)
        message = f"名单已上传：新增{done['added']}个单位，更新{done['updated']}个，删除{done['removed']}个"
        return _redirect_with(f"/collect/office/{year}", message)

    @pages.get("/office/{year}/units/{code}")
    def unit_page(year: int, code: str, request: Request, message: str = ""):
        csrf = office_or_login(request)
        if isinstance(csrf, RedirectResponse):
            return csrf
        detail = unit_detail(collection, valid_year(year), code)
        previous = previous_report(collection.store, year, code)
        total = parent_total(collection.store, year, code) if detail["summary"] else None
        headlines = [
            (f.describe(k), detail["values"].get(k), previous.values.get(k) if previous else None)
            for k in HEADLINE_KEYS
        ]
        return render(
            request,
            "unit_office.html.j2",
            csrf=csrf,
            year=year,
            unit=detail,
            previous=previous,
            headlines=headlines,
            parent_total=total,
            text_fields=[(t.label, detail["text"].get(t.key, "")) for t in f.TEXT_FIELDS],
            message=message,
        )

    @pages.post("/office/{year}/units/{code}/review")
    def review_page(
        year: int,
        code: str,
        request: Request,
        decision: Annotated[str, Form()] = "",
        comment: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ):
        check_csrf(office_session(collection, request), csrf)
        try:
            review(collection.store, valid_year(year), code, decision, comment, "政务公开办")
            message = "已退回" if decision == "return" else "已通过"
        except Refused as err:
            message = str(err)
        return _redirect_with(f"/collect/office/{year}/units/{code}", message)

    @pages.post("/office/{year}/units/{code}/token")
    def token_page(year: int, code: str, request: Request, csrf: Annotated[str, Form()] = ""):
        check_csrf(office_session(collection, request), csrf)
        roster_mod.new_unit_token(collection.store, valid_year(year), code, "政务公开办")
        return _redirect_with(f"/collect/office/{year}/units/{code}", "已重新生成链接，旧链接作废")

    @pages.get("/office/{year}/log")
    def log_page(year: int, request: Request):
        csrf = office_or_login(request)
        if isinstance(csrf, RedirectResponse):
            return csrf
        return render(request, "log.html.j2", csrf=csrf, year=year, entries=collection.store.audit_entries(500))

    # -------------------------------------------------- office: downloads (session or office token)

    def download_actor(request: Request) -> None:
        if office_session(collection, request) is None:
            api_office(collection, request)

    @pages.get("/office/{year}/download/links.xlsx")
    def links_xlsx(year: int, request: Request):
        download_actor(request)
        base = str(request.base_url)
        return results.made(
            collection.settings, lambda p: write_links(collection.store, year, base, p), f"{year}年填报链接.xlsx"
        )

    @pages.get("/office/{year}/download/accepted.zip")
    def accepted_zip(year: int, request: Request):
        download_actor(request)
        return results.made(
            collection.settings,
            lambda p: write_accepted_zip(collection.store, year, p),
            f"{year}年已通过报告.zip",
        )

    @pages.get("/office/{year}/download/audit.xlsx")
    def audit_xlsx(year: int, request: Request):
        download_actor(request)
        return results.made(
            collection.settings, lambda p: write_audit(collection.store, year, p), f"{year}年校验汇总.xlsx"
        )

    @pages.get("/office/{year}/download/aggregate/{code}.xlsx")
    def aggregate_xlsx(year: int, code: str, request: Request):
        download_actor(request)
        return results.made(
            collection.settings,
            lambda p: _guarded(lambda: write_parent_total(collection.store, year, code, p), code),
            f"{year}年{code}汇总.xlsx",
        )

    @pages.get("/office/{year}/units/{code}/v/{version}")
    def office_version_file(year: int, code: str, version: int, request: Request):
        download_actor(request)
        return version_file(collection, year, code, version)

    # -------------------------------------------------- a unit's page (its token in the path)

    def unit_or_404(token: str):
        unit = unit_by_token(collection.store, token)
        if unit is None:
            raise HTTPException(404, "链接无效或已作废，请向政务公开办索取新链接")
        return unit

    def unit_csrf(token: str) -> str:
        return tokens.signed(collection.store.secret, "unit:" + token)

    def unit_view(request: Request, token: str, status_code: int = 200, **extra) -> HTMLResponse:
        unit = unit_or_404(token)
        detail = unit_detail(collection, unit.year, unit.code)
        # A resubmission offers the explanations of the latest version again (finding ids are stable).
        earlier = {x["id"]: x["explanation"] for x in detail["findings"] if x.get("explanation")}
        context = dict(
            unit=detail,
            year=unit.year,
            token=token,
            csrf=unit_csrf(token),
            evaluation=None,
            message="",
            earlier=earlier,
        )
        context.update(extra)
        return render(request, "unit.html.j2", status_code=status_code, **context)

    @pages.get("/u/{token}")
    def unit_home(token: str, request: Request, message: str = ""):
        return unit_view(request, token, message=message)

    @pages.get("/u/{token}/v/{version}")
    def unit_version_file(token: str, version: int):
        unit = unit_or_404(token)
        return version_file(collection, unit.year, unit.code, version)

    @pages.post("/u/{token}/upload")
    def unit_upload(
        token: str, request: Request, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = ""
    ):
        unit = unit_or_404(token)
        check_csrf(unit_csrf(token), csrf)
        actor = f"{unit.code} {unit.name}"
        try:
            result = take_submission(collection, unit.year, unit.code, file, {}, actor)
        except HTTPException as err:
            return unit_view(request, token, status_code=err.status_code, message=str(err.detail))
        return _unit_result(request, token, result, safe_name(file.filename))

    @pages.post("/u/{token}/explain")
    async def unit_explain(token: str, request: Request):
        form = await request.form()
        unit = unit_or_404(token)
        check_csrf(unit_csrf(token), str(form.get("csrf") or ""))
        explanations = {
            key[len("explain-") :]: str(value)[:2000] for key, value in form.items() if key.startswith("explain-")
        }
        blob, filename = str(form.get("blob") or ""), safe_name(str(form.get("filename") or ""))
        actor = f"{unit.code} {unit.name}"
        try:
            result = _guarded(
                lambda: submit_stored(collection.store, unit.year, unit.code, blob, filename, explanations, actor),
                filename,
            )
        except HTTPException as err:
            return unit_view(request, token, status_code=err.status_code, message=str(err.detail))
        if isinstance(result, Evaluation):
            result = (result, blob)
        return _unit_result(request, token, result, filename)

    def _unit_result(request: Request, token: str, result, filename: str):
        if isinstance(result, Receipt):
            return _redirect_with(f"/collect/u/{token}", f"已提交第{result.version}版，等待政务公开办审核")
        evaluation, blob = result
        return unit_view(
            request,
            token,
            status_code=422,
            evaluation=evaluation,
            refusal=refusal_body(evaluation)["message"],
            blob=blob,
            filename=filename,
        )

    return pages


def _redirect_with(path: str, message: str) -> RedirectResponse:
    from urllib.parse import quote

    return RedirectResponse(f"{path}?message={quote(message)}", status_code=303)

"""The pages without a browser: login (scrypt password, session), CSRF on every form, the unit's
two-step submission (upload, then explanations), the office's review — and who sees what."""

from __future__ import annotations

import io
import re

from collect_app import unit_report, with_error, with_warning, workbook_bytes
from collect_fixtures import sqlite_office, sqlite_settings  # noqa: F401
from nianbao.collect.store import open_store

PASSWORD = "县政务公开办2025"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def log_in(office) -> str:
    open_store(office.settings).set_password(PASSWORD)
    page = office.client.get("/collect/office/login")
    answer = office.client.post(
        "/collect/office/login", data={"password": PASSWORD, "csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/collect/office"
    board = office.client.get("/collect/office/2024")
    assert board.status_code == 200
    return csrf_of(board.text)


def test_office_pages_need_a_login_and_a_wrong_password_is_refused(sqlite_office):
    office = sqlite_office
    first = office.client.get("/collect/office/2024", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/collect/office/login"
    open_store(office.settings).set_password(PASSWORD)
    page = office.client.get("/collect/office/login")
    wrong = office.client.post(
        "/collect/office/login", data={"password": "猜的", "csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert wrong.headers["location"].endswith("failed=1")
    assert office.client.get("/collect/office/2024", follow_redirects=False).status_code == 303
    assert any(e.action == "登录失败" for e in open_store(office.settings).audit_entries())


def test_first_password_is_set_with_the_office_token(sqlite_office):
    office = sqlite_office
    page = office.client.get("/collect/office/login")
    assert "首次使用" in page.text
    csrf = csrf_of(page.text)
    bad = office.client.post("/collect/office/setup", data={"office_token": "x", "password": PASSWORD, "csrf": csrf})
    assert bad.status_code == 403
    good = office.client.post(
        "/collect/office/setup", data={"office_token": office.token, "password": PASSWORD, "csrf": csrf}
    )
    assert good.status_code == 200 and "登录" in good.text
    assert open_store(office.settings).check_password(PASSWORD)


def test_every_office_form_refuses_a_missing_or_wrong_csrf_token(sqlite_office):
    office = sqlite_office
    csrf = log_in(office)
    roster = {"file": ("名单.csv", io.BytesIO("单位代码,单位名称\n1,甲\n".encode()), "text/csv")}
    assert office.client.post("/collect/office/2024/roster", files=roster, data={"csrf": "forged"}).status_code == 403
    assert office.client.post("/collect/office/2024/units/1/review", data={"decision": "accept"}).status_code == 403
    assert office.client.post("/collect/office/logout", data={"csrf": ""}).status_code == 403
    roster = {"file": ("名单.csv", io.BytesIO("单位代码,单位名称\n1,甲\n".encode()), "text/csv")}
    ok = office.client.post("/collect/office/2024/roster", files=roster, data={"csrf": csrf})
    assert ok.status_code == 200 and "新增1个单位" in ok.text


def test_unit_submits_with_an_explanation_office_returns_unit_resubmits_office_accepts(sqlite_office, tmp_path):
    office = sqlite_office
    office.roster()
    token = office.unit_tokens["101"]
    page = office.client.get(f"/collect/u/{token}")
    assert page.status_code == 200 and "示例县教育局" in page.text and "未提交" in page.text
    unit_csrf = csrf_of(page.text)
    data = workbook_bytes(tmp_path, with_warning(unit_report(1, "示例县教育局")))

    checked = office.client.post(
        f"/collect/u/{token}/upload", files={"file": ("年报.xlsx", io.BytesIO(data))}, data={"csrf": unit_csrf}
    )
    assert checked.status_code == 422 and "提示尚未说明" in checked.text
    field = re.search(r'name="(explain-[^"]+)"', checked.text).group(1)
    blob = re.search(r'name="blob" value="([^"]+)"', checked.text).group(1)
    sent = office.client.post(
        f"/collect/u/{token}/explain",
        data={"csrf": unit_csrf, "blob": blob, "filename": "年报.xlsx", field: "规章集中清理"},
    )
    assert sent.status_code == 200 and "已提交第1版" in sent.text and "规章集中清理" in sent.text

    csrf = log_in(office)
    unit_page = office.client.get("/collect/office/2024/units/101")
    assert "规章集中清理" in unit_page.text and "提示（已说明）" in unit_page.text
    office.client.post(
        "/collect/office/2024/units/101/review", data={"csrf": csrf, "decision": "return", "comment": "请补充正文"}
    )
    assert "请补充正文" in office.client.get(f"/collect/u/{token}").text

    again = office.client.post(
        f"/collect/u/{token}/upload", files={"file": ("年报2.xlsx", io.BytesIO(data))}, data={"csrf": unit_csrf}
    )
    assert "规章集中清理</textarea>" in again.text  # the earlier explanation is offered again
    blob = re.search(r'name="blob" value="([^"]+)"', again.text).group(1)
    office.client.post(
        f"/collect/u/{token}/explain", data={"csrf": unit_csrf, "blob": blob, "filename": "年报2.xlsx", field: "同上"}
    )
    office.client.post("/collect/office/2024/units/101/review", data={"csrf": csrf, "decision": "accept"})
    board = office.client.get("/collect/office/2024").text
    row = re.search(r'<tr data-code="101">(.*?)</tr>', board, re.S).group(1)
    assert "已通过" in row
    assert "报告已通过审核" in office.client.get(f"/collect/u/{token}").text


def test_a_unit_page_with_errors_offers_no_explanation_form(sqlite_office, tmp_path):
    office = sqlite_office
    office.roster()
    token = office.unit_tokens["101"]
    csrf = csrf_of(office.client.get(f"/collect/u/{token}").text)
    data = workbook_bytes(tmp_path, with_error(unit_report(2, "示例县教育局")))
    answer = office.client.post(
        f"/collect/u/{token}/upload", files={"file": ("年报.xlsx", io.BytesIO(data))}, data={"csrf": csrf}
    )
    assert answer.status_code == 422 and "必须改正" in answer.text and "explain-" not in answer.text
    forged = office.client.post(
        f"/collect/u/{token}/upload", files={"file": ("年报.xlsx", io.BytesIO(data))}, data={"csrf": "x"}
    )
    assert forged.status_code == 403


def test_a_unit_page_refuses_a_hostile_file_and_a_wrong_link_is_404(sqlite_office):
    office = sqlite_office
    office.roster()
    token = office.unit_tokens["101"]
    csrf = csrf_of(office.client.get(f"/collect/u/{token}").text)
    answer = office.client.post(
        f"/collect/u/{token}/upload", files={"file": ("年报.xlsx", io.BytesIO(b"PK\x03\x04junk"))}, data={"csrf": csrf}
    )
    assert answer.status_code == 400 and 'id="message"' in answer.text
    assert office.client.get("/collect/u/not-a-token").status_code == 404


def test_many_wrong_passwords_make_logins_wait(sqlite_office):
    from nianbao.collect.store import MAX_FAILED_LOGINS

    office = sqlite_office
    open_store(office.settings).set_password(PASSWORD)
    csrf = csrf_of(office.client.get("/collect/office/login").text)
    for _ in range(MAX_FAILED_LOGINS):
        office.client.post("/collect/office/login", data={"password": "猜的", "csrf": csrf}, follow_redirects=False)
    blocked = office.client.post("/collect/office/login", data={"password": PASSWORD, "csrf": csrf})
    assert blocked.status_code == 429 and "分钟后再试" in blocked.json()["detail"]

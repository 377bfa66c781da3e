"""The office service's JSON API answers as the CLI does, for the same file."""

from __future__ import annotations

import io
import json
import random
import zipfile

import openpyxl
import pytest
from docx import Document

from factories import consistent_report
from nianbao.cli import main as cli
from service_support import faulty_report, finished_report, leftovers, service, workbook  # noqa: F401  (fixture)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def post(client, url, path, name=None):
    with open(path, "rb") as fh:
        return client.post(url, files={"file": (name or path.name, fh, XLSX)})


def test_api_check_returns_exactly_what_check_json_prints(tmp_path, capsys, service):
    path = workbook(tmp_path, faulty_report())
    assert cli(["check", str(path), "--json"]) == 1
    printed = capsys.readouterr().out
    answer = post(service, "/api/check", path)
    assert answer.status_code == 200
    assert answer.text == printed.rstrip("\n")
    findings = json.loads(answer.text)
    rules = {(x["rule"], tuple(x["cells"])) for x in findings}
    assert ("T3-行合计", ("表三 依申请公开!C5",)) in rules or any(r == "T3-勾稽" for r, _ in rules)
    assert leftovers(service.settings) == []


def test_api_check_of_a_consistent_report_is_empty(tmp_path, service):
    path = workbook(tmp_path, consistent_report(random.Random(3)))
    answer = post(service, "/api/check", path)
    assert answer.status_code == 200 and json.loads(answer.text) == []


def test_checked_copy_is_the_marked_up_workbook(tmp_path, service):
    path = workbook(tmp_path, faulty_report())
    answer = post(service, "/api/checked", path)
    assert answer.status_code == 200
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames[0] == "校验结果"
    rules = [row[2] for row in book["校验结果"].iter_rows(min_row=2, values_only=True)]
    assert "T3-勾稽" in rules


def test_narrate_refused_with_errors_and_forced(tmp_path, service):
    path = workbook(tmp_path, faulty_report())
    refused = post(service, "/api/narrate", path)
    assert refused.status_code == 409
    assert refused.json()["error"].startswith("不能生成文字：表格中有")
    forced = post(service, "/api/narrate?force=1", path)
    assert forced.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(forced.content))
    assert any("【自动生成】" in str(c.value) for row in book["正文"].iter_rows() for c in row if c.value)


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
def test_export_in_each_format(tmp_path, service, fmt):
    report = finished_report()
    path = workbook(tmp_path, report)
    answer = post(service, f"/api/export?format={fmt}", path)
    assert answer.status_code == 200, answer.text
    agency = report.meta["agency"]
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
        assert agency in text
    elif fmt == "html":
        assert agency in answer.content.decode("utf-8")
    else:
        assert zipfile.is_zipfile(io.BytesIO(answer.content))
    assert leftovers(service.settings) == []


def test_export_refused_with_errors_unless_forced(tmp_path, service):
    path = workbook(tmp_path, faulty_report())
    assert post(service, "/api/export?format=docx", path).status_code == 409
    assert post(service, "/api/export?format=docx&force=1", path).status_code == 200
    bad = post(service, "/api/export?format=pdf", path)
    assert bad.status_code == 422 and "不支持的导出格式" in bad.json()["error"]


def test_foreign_file_gets_the_cli_message(tmp_path, capsys, service):
    path = tmp_path / "说明.txt"
    path.write_text("不是工作簿", encoding="utf-8")
    assert cli(["check", str(path)]) == 2
    message = capsys.readouterr().err.strip().removeprefix("错误：")
    answer = post(service, "/api/check", path)
    assert answer.status_code == 415 and answer.json() == {"error": message, "detail": message}


def test_zip_bomb_refused_and_the_service_answers_the_next_request(tmp_path, service):
    good = workbook(tmp_path, consistent_report(random.Random(3)))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/media/padding.bin", b"\0" * (80 * 1024 * 1024))
    answer = post(service, "/api/check", bomb)
    assert answer.status_code == 422 and "压缩炸弹" in answer.json()["error"]
    assert post(service, "/api/check", good).status_code == 200
    assert leftovers(service.settings) == []


def test_entity_bomb_refused(tmp_path, service):
    good = workbook(tmp_path, consistent_report(random.Random(3)))
    laughs = tmp_path / "laughs.xlsx"
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(laughs, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = bomb + data.split(b"?>", 1)[1].replace(b"<sheets>", b"<sheets>&lol2;", 1)
            dst.writestr(item, data)
    answer = post(service, "/api/check", laughs)
    assert answer.status_code == 422 and "不安全的 XML" in answer.json()["error"]


def test_upload_over_the_limit_is_413_in_chinese(tmp_path, service):
    big = tmp_path / "大文件.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024))
    answer = post(service, "/api/check", big)
    assert answer.status_code == 413
    assert "文件过大" in answer.json()["error"] and "2 MB" in answer.json()["error"]
    assert post(service, "/api/check", workbook(tmp_path, faulty_report())).status_code == 200
    assert leftovers(service.settings) == []


def test_upload_over_the_limit_without_content_length(tmp_path, service):
    """A chunked upload (no Content-Length) is cut off at the limit too."""

    def chunks():
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n'
        for _ in range(40):
            yield b"\0" * (100 * 1024)

    answer = service.post("/api/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 413


def test_empty_upload(tmp_path, service):
    answer = service.post("/api/check", files={"file": ("空.xlsx", b"", XLSX)})
    assert answer.status_code == 400 and "空文件" in answer.json()["error"]


def test_file_name_with_a_path_is_reduced_to_its_name(tmp_path, service):
    path = tmp_path / "x.txt"
    path.write_text("x")
    answer = post(service, "/api/check", path, name="..\\..\\etc\\passwd.txt")
    assert answer.status_code == 415 and answer.json()["error"].startswith("passwd.txt：")


def test_a_bug_of_ours_is_a_chinese_500_and_the_service_goes_on(tmp_path, service, monkeypatch):
    from nianbao.service import operations

    path = workbook(tmp_path, faulty_report())
    real = operations.check_file
    monkeypatch.setattr(operations, "check_file", lambda p: 1 / 0)
    answer = post(service, "/api/check", path)
    assert answer.status_code == 500
    message = "服务内部错误（ZeroDivisionError），请把文件发给维护人员。"
    assert answer.json() == {"error": message, "detail": message}
    assert "Traceback" not in answer.text
    monkeypatch.setattr(operations, "check_file", real)
    assert post(service, "/api/check", path).status_code == 200
    assert leftovers(service.settings) == []


def test_leftovers_of_a_killed_run_are_removed_at_start(tmp_path):
    from nianbao.service.app import create_app
    from nianbao.service.settings import Settings

    settings = Settings(data_dir=tmp_path / "data")
    stale = settings.upload_dir / "upload-abc"
    stale.mkdir(parents=True)
    (stale / "某单位年报.xlsx").write_bytes(b"PK")
    create_app(settings)
    assert not stale.exists()


def test_export_with_placeholders_left_is_refused_naming_each_unless_forced(tmp_path, service):
    report = finished_report()
    report.text["problems"] = "【请填写：存在的主要问题】"
    path = workbook(tmp_path, report)
    refused = post(service, "/api/export?format=docx", path)
    assert refused.status_code == 409
    assert "【请填写：存在的主要问题】" in refused.json()["error"] and "存在的主要问题" in refused.json()["error"]
    forced = post(service, "/api/export?format=docx&force=1", path)
    assert forced.status_code == 200 and zipfile.is_zipfile(io.BytesIO(forced.content))


def test_the_public_page_leads_the_office_to_its_login(service):
    page = service.get("/")
    assert page.status_code == 200 and 'href="/collect/office/login"' in page.text
    assert service.get("/collect/office/login").status_code == 200

"""An agency name or text cell holding <script> or =HYPERLINK(...) stays text: on the page and in
every download of the service."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from docx import Document

from service_support import finished_report, service, workbook  # noqa: F401  (fixture)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCRIPT = "<script>alert(1)</script>县人民政府"
FORMULA = '=HYPERLINK("http://evil.example","点我")'


def hostile_workbook(tmp_path):
    report = finished_report()
    report.meta["agency"] = SCRIPT
    report.text["problems"] = FORMULA
    return workbook(tmp_path, report, "hostile.xlsx")


def post(client, url, path):
    with open(path, "rb") as fh:
        return client.post(url, files={"file": (path.name, fh, XLSX)})


def test_page_shows_the_agency_as_text(tmp_path, service):
    answer = post(service, "/page/check", hostile_workbook(tmp_path))
    assert answer.status_code == 200
    assert "<script>alert(1)</script>" not in answer.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;县人民政府" in answer.text


def test_refusal_message_with_markup_in_the_file_name_is_escaped(tmp_path, service):
    path = tmp_path / "<img src=x onerror=alert(1)>.txt"
    path.write_text("x")
    answer = post(service, "/page/check", path)
    assert answer.status_code == 415
    assert "<img" not in answer.text and "img src=x onerror=alert(1)" in answer.text


def test_html_export_escapes(tmp_path, service):
    answer = post(service, "/api/export?format=html", hostile_workbook(tmp_path))
    assert answer.status_code == 200, answer.text
    html = answer.content.decode("utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_docx_export_keeps_the_text(tmp_path, service):
    answer = post(service, "/api/export?format=docx", hostile_workbook(tmp_path))
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
    assert SCRIPT in text and FORMULA in text


def test_xlsx_export_and_copies_hold_no_formula(tmp_path, service):
    path = hostile_workbook(tmp_path)
    for url in ("/api/export?format=xlsx", "/api/narrate", "/api/checked"):
        answer = post(service, url, path)
        assert answer.status_code == 200, (url, answer.text)
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            assert not any(
                b"HYPERLINK(&quot;http://evil" in archive.read(n) and b"<f>" in archive.read(n) for n in sheets
            )
        book = openpyxl.load_workbook(io.BytesIO(answer.content))
        values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(SCRIPT in v for v in values), url
        formulas = [
            c.value
            for ws in book.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.data_type == "f" and "evil" in str(c.value)
        ]
        assert formulas == [], url

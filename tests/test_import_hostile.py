"""Hostile and foreign files: each is refused with a Chinese reason (or imported correctly),
quickly, without a traceback or unbounded memory. The files are built here, small on disk."""

from __future__ import annotations

import random
import time
import zipfile

import pytest

from nianbao.errors import UnreadableFile
from nianbao.importers import import_report
from test_import_synthetic import random_values, render_row_per_line, write_docx

SECONDS = 10  # every refusal here must be quick: a hang fails the test, not the suite


def _refused(path, reason: str) -> UnreadableFile:
    start = time.perf_counter()
    with pytest.raises(UnreadableFile, match=reason) as caught:
        import_report(path)
    assert time.perf_counter() - start < SECONDS
    message = str(caught.value)
    assert "\n" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return caught.value


def _docx_with(path, replace: dict[str, bytes], values=None):
    """A real report .docx with some members replaced (or added)."""
    source = path.with_suffix(".src.docx")
    write_docx(source, values or random_values(random.Random(1)), 2024)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename not in replace:
                out.writestr(info, src.read(info))
        for name, data in replace.items():  # stored: repetitive hostile XML compresses like a bomb
            out.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    source.unlink()
    return path


# ---------------------------------------------------------------- .docx


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB inflated, about 300 KB on disk
                fh.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused(path, "压缩炸弹")


def test_docx_whose_zip_header_lies_about_the_size_is_refused(tmp_path):
    """The directory claims a small member; inflating it anyway would stop at the claimed size."""
    path = tmp_path / "liar.docx"
    body = (
        b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
        + b"<w:p/>" * 400_000
        + b"</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", body)
    data = bytearray(path.read_bytes())
    size = len(body).to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    assert data.count(size) == 2  # local header and central directory
    path.write_bytes(bytes(data).replace(size, small))
    _refused(path, "损坏")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10)
    )
    + b"]>\n<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    "member,encoding", [("word/document.xml", "utf-8"), ("word/document.xml", "utf-16"), ("_rels/.rels", "utf-8")]
)
def test_docx_with_entity_declarations_is_refused(tmp_path, member, encoding):
    data = (
        BILLION_LAUGHS
        if encoding == "utf-8"
        else BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    )
    path = _docx_with(tmp_path / "lol.docx", {member: data})
    _refused(path, "实体声明")


def test_renamed_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    _refused(path, "Excel 工作簿")


def test_random_zip_is_not_a_word_document(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "hello")
    _refused(path, "不是 Word 文档")


def test_docx_with_a_deeply_nested_body_is_refused(tmp_path):
    w = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
    deep = w + b"<w:sdt>" * 100_000 + b"</w:sdt>" * 100_000 + b"</w:body></w:document>"
    path = _docx_with(tmp_path / "deep.docx", {"word/document.xml": deep})
    _refused(path, "损坏|嵌套")


def test_docx_with_too_many_table_cells_is_refused(tmp_path):
    row = b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * 1000 + b"</w:tr>"
    body = (
        b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body><w:tbl>"
        + row * 200
        + b"</w:tbl></w:body></w:document>"
    )
    path = _docx_with(tmp_path / "cells.docx", {"word/document.xml": body})
    _refused(path, "单元格")


def test_docx_table_inside_a_content_control_is_read(tmp_path):
    values = random_values(random.Random(5), zeros=0.4)
    path = tmp_path / "sdt.docx"
    write_docx(path, values, 2024)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    xml = parts["word/document.xml"]
    start = xml.index(b"<w:tbl>")
    end = xml.index(b"</w:tbl>", start) + len(b"</w:tbl>")
    parts["word/document.xml"] = (
        xml[:start] + b"<w:sdt><w:sdtContent>" + xml[start:end] + b"</w:sdtContent></w:sdt>" + xml[end:]
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = import_report(path)
    assert result.report.values == values


# ---------------------------------------------------------------- HTML and text


def test_huge_html_is_refused_by_size(tmp_path):
    path = tmp_path / "big.html"
    with open(path, "wb") as fh:
        fh.write(b"<html><body>")
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB claimed, nothing written
    _refused(path, "过大")


@pytest.mark.parametrize("tag", ["div", "table", "td", "b"])
def test_html_with_100k_nested_tags_is_bounded(tmp_path, tag):
    values = random_values(random.Random(6))
    report = render_row_per_line(values, 2023).replace("\n", "<br>")
    path = tmp_path / "nested.html"
    path.write_text(f"<html><body>{report}" + f"<{tag}>x" * 100_000 + "</body></html>", encoding="utf-8")
    start = time.perf_counter()
    try:
        result = import_report(path)
    except UnreadableFile as err:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err))
    else:
        assert result.report.values == values  # the report before the nesting is read as printed
    assert time.perf_counter() - start < SECONDS


def test_html_with_huge_spans_is_bounded(tmp_path):
    cells = "".join(f'<td rowspan="100000" colspan="100000">{n}</td>' for n in range(2000))
    path = tmp_path / "spans.html"
    path.write_text(
        "<html><body><p>某某2023年政府信息公开工作年度报告</p><table>"
        + f"<tr>{cells}</tr>" * 50
        + "</table></body></html>",
        encoding="utf-8",
    )
    start = time.perf_counter()
    with pytest.raises(UnreadableFile):
        import_report(path)
    assert time.perf_counter() - start < SECONDS


def test_text_with_a_very_long_content_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    line = "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 1 2 3 4 5 6 21\n"
    path.write_text(line * 60_000, encoding="utf-8")  # 10 MB: under the size limit
    _refused(path, "过长")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read(tmp_path, encoding):
    values = random_values(random.Random(7))
    path = tmp_path / "report.txt"
    path.write_bytes(render_row_per_line(values, 2022).encode(encoding))
    assert import_report(path).report.values == values


def test_text_padded_with_nul_bytes_is_read(tmp_path):
    values = random_values(random.Random(8))
    path = tmp_path / "report.txt"
    path.write_bytes(render_row_per_line(values, 2022).encode("utf-8") + b"\0" * 5000)
    assert import_report(path).report.values == values


def test_text_with_a_nul_inside_is_refused(tmp_path):
    """A NUL between two digits: dropping it would join them into another number."""
    text = render_row_per_line(random_values(random.Random(9)), 2022).encode("utf-8")
    at = len(text) // 2
    path = tmp_path / "report.txt"
    path.write_bytes(text[:at] + b"\0" + text[at:])
    _refused(path, "NUL")


# ---------------------------------------------------------------- PDF


def pdf_bytes(objects: list[bytes], broken_xref: bool = False) -> bytes:
    """A PDF from its objects, written by hand (no PDF library writes a broken xref on purpose)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % (offset * 7 + 13 if broken_xref else offset)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref + (99 if broken_xref else 0),
    )
    return bytes(out)


def _text_pdf(pages: int, broken_xref: bool = False) -> bytes:
    text = b"BT /F1 12 Tf 72 700 Td (Annual report 2023, page text long enough) Tj ET"
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
    return pdf_bytes(objects, broken_xref)


def test_pdf_with_thousands_of_pages_is_refused_quickly(tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(_text_pdf(5000))
    _refused(path, "5000 页")


@pytest.mark.parametrize("broken", [False, True])
def test_pdf_that_is_no_report_or_has_a_broken_xref_is_refused(tmp_path, broken):
    path = tmp_path / "xref.pdf"
    path.write_bytes(_text_pdf(2, broken_xref=broken))
    _refused(path, "不像政府信息公开工作年度报告|已损坏|扫描件")


def test_truncated_pdf_is_refused(tmp_path):
    data = _text_pdf(3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "不像政府信息公开工作年度报告|已损坏|扫描件")


def test_legacy_or_encrypted_word_file_is_named(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    _refused(path, "旧版 Word")


def test_docx_with_duplicate_parts_is_refused(tmp_path):
    path = _docx_with(tmp_path / "dup.docx", {})
    with zipfile.ZipFile(path, "a") as z, pytest.warns(UserWarning):
        z.writestr("word/document.xml", b"<x/>")
    _refused(path, "重名")


def test_table_three_with_thousands_of_rows_is_one_listed_refusal():
    from nianbao.importers import import_text
    from nianbao.importers.table3 import MAX_ROWS
    from test_import_synthetic import head, t3_header

    lines = head(2023) + t3_header() + ["0 0 0 0 0 0 0"] * (MAX_ROWS * 50) + ["1 2"]
    start = time.perf_counter()
    result = import_text("\n".join(lines))
    assert time.perf_counter() - start < SECONDS
    assert not any(k.startswith("t3.") for k in result.report.values)
    t3 = [u for u in result.unplaced if "表三" in u.where]
    assert len(t3) == 1 and str(MAX_ROWS * 50 + 1) in t3[0].reason

"""The exports as printed: LibreOffice renders the docx and xlsx of a busy report to PDF, and
pdftotext shows that the pages carry the headings, the narrative (unclipped) and the table rows."""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import pytest

from factories import consistent_report
from libreoffice import SOFFICE, convert
from nianbao.check.numbers import format_number
from nianbao.export import export_report
from nianbao.export.model import build_document
from nianbao.spec import format2021 as f

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice (soffice) and pdftotext needed"
    ),
]


def _busy():
    report = consistent_report(random.Random(7), busy=0.5, agency="某县人民政府办公室", year=2024)
    report.meta.update(
        {
            "portal": "某县人民政府门户网站“政府信息公开”专栏",
            "url": "http://www.example.gov.cn/zfxxgk/",
            "address": "某县人民路108号",
            "postcode": "150631",
            "phone": "0451-53422393",
        }
    )
    report.text = {
        "problems": "一是依申请公开答复文书规范性有待提升。",
        "improvements": "加强业务培训，丰富政策解读形式。",
    }
    return report


def _pages(pdf) -> list[str]:
    count = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        ).group(1)
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for i in range(1, count + 1)
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


_PAGE_NUMBER = re.compile(r"—\d+—|第\d+页，共\d+页")  # docx and xlsx footers


def _body(page: str) -> str:
    return _PAGE_NUMBER.sub("", _flat(page))


def _row(values: dict, keys: list[str]) -> re.Pattern:
    """A table row as printed: its numbers left to right, separated by white space."""
    return re.compile(r"(?<![\d.])" + r"\s+".join(re.escape(format_number(values[k])) for k in keys) + r"(?![\d.])")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_rendered_pages_show_the_whole_report(tmp_path, fmt):
    report = _busy()
    source = tmp_path / f"report.{fmt}"
    export_report(report, source, fmt)
    pages = _pages(convert(source, "pdf", tmp_path, tmp_path / "profile"))
    assert pages and all(_body(page) for page in pages), "a blank page"
    flat_pages = [_body(p) for p in pages]
    joined = "".join(flat_pages)

    doc = build_document(report)
    assert joined.startswith(_flat(doc.title)) or flat_pages[0].find(_flat(doc.title)) >= 0
    positions = [joined.find(_flat(s.title)) for s in f.SECTIONS]
    assert -1 not in positions and positions == sorted(positions), positions
    # Every paragraph is printed whole: clipped or cut-off text would be missing here.
    for block in doc.blocks:
        text = getattr(block, "text", None)
        if isinstance(text, str) and len(text) > 10:
            assert _flat(text) in joined, text[:30]

    values = report.values
    t3_row = [f.t3_key("new", c.suffix) for c in f.T3_COLUMNS]
    t4_row = [f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS]
    t2_row = [f"t2.normative_documents.{c}" for c in ("issued", "repealed", "in_force")]
    for section, keys in (("t2", t2_row), ("t3", t3_row), ("t4", t4_row)):
        title = _flat(f.TABLE_SECTION[section].title)
        page = next(i for i, p in enumerate(flat_pages) if title in p)
        assert _row(values, keys).search(pages[page]), (section, pages[page][:400])


def _page_sizes(pdf) -> list[tuple[float, float]]:
    said = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)", said)]


def test_the_filled_template_prints_each_table_on_its_pages_and_table_three_landscape_on_one(tmp_path):
    """Printing the clerk's workbook: 表三 on one landscape page, its headers unbroken; the 正文 rows
    grown to show each whole generated paragraph."""
    from nianbao.build.template import build_template
    from nianbao.narrative import generate_text
    from nianbao.spec.layout import SHEETS

    report = _busy()
    report.text = generate_text(report)
    path = tmp_path / "填好.xlsx"
    build_template(path, report)
    pages = _pages(convert(path, "pdf", tmp_path / "out", tmp_path / "profile"))
    sizes = _page_sizes(tmp_path / "out" / "填好.pdf")
    assert len(pages) == len(sizes) == len(SHEETS)  # one page a sheet: no spill-over, no blank pages
    t3 = next(i for i, p in enumerate(pages) if f.T3_TITLE in _flat(p))
    assert sizes[t3][0] > sizes[t3][1]  # landscape
    flat = _flat(pages[t3])
    for label in ("社会公益组织", "法律服务机构", "（三）不予公开", "（四）无法提供", "（七）总计"):
        assert label in flat, label  # each header on one line: not "社会公益组/织"
    text_page = _flat(pages[-1])
    for paragraphs in report.text.values():
        for paragraph in paragraphs.splitlines():
            tail = _flat(paragraph)[-6:]  # short: -layout interleaves the hint column
            assert tail in text_page, tail  # the end of each paragraph is printed, not cut off

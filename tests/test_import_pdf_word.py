"""PDFs as Word prints them: table 三 ruled (Word's "Table Grid" borders) or unruled, broken
across a page break, with the page number in the footer ("— 3 —" or "- 3 -") standing between
the rows of the two pages in the text layer. Built with python-docx and LibreOffice here, read
through pdfium, compared cell by cell."""

from __future__ import annotations

import random

import pytest

from libreoffice import convert, needs_libreoffice
from nianbao.importers import import_report
from support.official_docx import page_number
from test_import_synthetic import random_values, write_docx

FILLER = "本机关坚持以公开为常态、不公开为例外，围绕群众关切及时发布政策文件和解读材料，依法保障人民群众的知情权。"


def _word_docx(path, values: dict, ruled: bool, dash: str, filler: int) -> None:
    import docx

    write_docx(path, values, 2023)
    document = docx.Document(str(path))
    body = document.paragraphs
    # narrative before table 三 pushes it over the page break
    anchor = next(p for p in body if p.text.startswith("三、"))
    for _ in range(filler):
        anchor.insert_paragraph_before(FILLER)
    if ruled:
        for table in document.tables:
            table.style = document.styles["Table Grid"]
    page_number(document.sections[0].footer.paragraphs[0], f"{dash} {{}} {dash}")
    document.save(str(path))


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wordpdf")
    rng = random.Random(11)
    cases = {}
    for name, ruled, dash, filler in (("ruled", True, "—", 26), ("unruled", False, "-", 24)):
        values = random_values(rng, zeros=0.6)
        source = tmp / f"{name}.docx"
        _word_docx(source, values, ruled, dash, filler)
        cases[name] = (convert(source, "pdf", tmp, tmp / f"profile_{name}"), values)
    return cases


@needs_libreoffice
@pytest.mark.parametrize("name", ["ruled", "unruled"])
def test_word_pdf_with_table_across_a_page_break_reads_exactly(word_pdfs, name):
    import pypdfium2 as pdfium

    path, values = word_pdfs[name]
    pdf = pdfium.PdfDocument(str(path))
    pages = ["".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    # the table does cross a page: its first row on one page, its last on another, and the
    # footer's page number between them
    first = next(i for i, t in enumerate(pages) if "本年新收" in t)
    last = next(i for i, t in enumerate(pages) if "结转下年度" in t)
    assert last > first
    result = import_report(path)
    got = result.report.values
    assert {k: (got[k], values.get(k)) for k in got if got[k] != values.get(k)} == {}
    t3 = {k for k in values if k.startswith("t3.")}
    assert t3 <= set(got)

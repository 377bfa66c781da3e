"""The fast path of the PDF reader: pdfium's C functions called without ctypes' argument
declarations (importers/pdf_calls.py) must answer exactly what the declared ones answer, the
character filter must skip exactly what str.isspace() skips, and reading a PDF must never
load pdfplumber (a test-only cross-check, 30 times slower)."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nianbao.importers import pdf_calls
from nianbao.importers.pdf_source import _SKIPPED, _WHITESPACE
from test_import_hostile import pdf_bytes

# A ruled 2 x 2 table drawn as Word draws it (thin filled rectangles and stroked lines),
# numbers in its cells, a line of text above it.
_PAGE = b"""
BT /F1 12 Tf 72 760 Td (Annual report 2023: table) Tj ET
0 0 0 rg
72 700 200 0.5 re f
72 670 200 0.5 re f
72 640 200 0.5 re f
72 640 0.5 60.5 re f
172 640 0.5 60.5 re f
0.5 w 272 640 m 272 700.5 l S
BT /F1 10 Tf 80 680 Td (12) Tj ET
BT /F1 10 Tf 180 680 Td (345) Tj ET
BT /F1 10 Tf 80 650 Td (6 7) Tj ET
"""


def _table_pdf(path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(_PAGE) + _PAGE + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>",
    ]
    path.write_bytes(pdf_bytes(objects))


def test_the_whitespace_skipped_is_exactly_what_isspace_calls_whitespace():
    assert set(_WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(_WHITESPACE) | {"\x00", "\ufffe", "\uffff"} == _SKIPPED


def test_undeclared_calls_answer_as_the_declared_ones(tmp_path):
    path = tmp_path / "table.pdf"
    _table_pdf(path)
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[0]
    textpage = page.get_textpage()
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    assert count > 20
    declared, undeclared = [], []
    x, y = ctypes.c_double(), ctypes.c_double()
    page_text = pdf_calls.handle(textpage.raw)
    for i in range(count):
        declared.append((pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y), x.value, y.value))
        undeclared.append((pdf_calls.char_origin(page_text, i, ctypes.byref(x), ctypes.byref(y)), x.value, y.value))
    assert undeclared == declared
    assert {round(y) for ok, _, y in declared if ok} == {760, 680, 650}

    objects = pdfium_c.FPDFPage_CountObjects(page.raw)
    box = [ctypes.c_float() for _ in range(4)]
    seen_declared, seen_undeclared = [], []
    page_handle = pdf_calls.handle(page.raw)
    for n in range(objects):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, n)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        pdfium_c.FPDFPageObj_GetBounds(obj, *box)
        segments = pdfium_c.FPDFPath_CountSegments(obj) if kind == pdfium_c.FPDF_PAGEOBJ_PATH else None
        seen_declared.append((kind, [round(b.value, 3) for b in box], segments))
        obj = pdf_calls.page_object(page_handle, n)
        kind = pdf_calls.object_type(obj)
        pdf_calls.object_bounds(obj, *(ctypes.byref(b) for b in box))
        segments = pdf_calls.path_segments(obj) if kind == pdfium_c.FPDF_PAGEOBJ_PATH else None
        seen_undeclared.append((kind, [round(b.value, 3) for b in box], segments))
    assert seen_undeclared == seen_declared
    assert sum(kind == pdfium_c.FPDF_PAGEOBJ_PATH for kind, _, _ in seen_declared) == 6
    textpage.close()
    page.close()
    pdf.close()


def test_the_drawn_table_is_read_cell_by_cell(tmp_path):
    """The same page through the reader: the ruled cells come out as one row each, the text above as a line."""
    from nianbao.importers.pdf_source import pdf_items

    path = tmp_path / "table.pdf"
    _table_pdf(path)
    items = pdf_items(path)
    assert [item.cells for item in items if item.cells] == [("12", "345"), ("6 7", "")]
    assert items[0].text.startswith("Annual report 2023")


_NO_PLUMBER = """
import sys
from nianbao.errors import UnreadableFile
from nianbao.importers import import_report
try:
    import_report(sys.argv[1])
except UnreadableFile:
    pass
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pdfplumber", "pdfminer")))
"""


def test_reading_a_pdf_never_loads_pdfplumber(tmp_path):
    path = tmp_path / "table.pdf"
    _table_pdf(path)
    done = subprocess.run([sys.executable, "-c", _NO_PLUMBER, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"

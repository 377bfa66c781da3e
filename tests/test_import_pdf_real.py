"""PDFs as agencies print them from the official 2021 template (tests/support/official_docx.py):
the official merged layout of tables 二–四, zeros printed as "0", blank, "—" or "/", labels
wrapped in narrow columns, 三、本年度办理结果 in vertical text, tables broken over a page (the
last row of table 四 alone on the next page), page numbers and a watermark line, ruled or not.
Each reads back exactly, every printed cell. An unruled table whose zeros are blank reads table
三 by the figures' positions and the row labels; its tables 二 and 四, whose rows cannot say
which column a figure stands in, are left out where they have blanks, with the reason.

Also sample 107 printed to PDF: LibreOffice lays its nowrap HTML table out wider than the page
and the last two columns of table 三 fall off it — the text layer does not hold them, so the
reader must leave those rows out (it does, with no wrong number); the same page printed with the
table fitting the page reads every cell of the published report."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from libreoffice import convert, needs_libreoffice
from nianbao.importers import import_report
from nianbao.spec import format2021 as f
from support.official_docx import Case, Look, make_cases, print_pdfs

SAMPLE_107 = Path(__file__).parent / "data" / "samples" / "real" / "107_shanghai-bangongting-2019"

# One look per artefact, values random (seeded) and consistent. Each knob combination here broke
# the reader before: "/" and "—" for zero in an unruled table, a blank band cell before a row
# broken over a page, table 四's value row alone on a page, vertical text among unruled rows.
LOOKS = {
    "slash_ruled_vertical": Look(zero="/", vertical=True, narrow=True, filler=14),
    "dash_unruled": Look(zero="—", ruled=False, narrow=True, vertical=False, size=10.5),
    "slash_unruled_vertical_landscape": Look(zero="/", ruled=False, vertical=True, landscape=True, size=7.5),
    "blank_ruled_band_across_page": Look(zero="", landscape=True, filler=3, repeat_header=False, narrow=True),
    "zero_unruled_shrunk": Look(zero="0", ruled=False, size=7.5, t4_bands=False, watermark=""),
}

# Cases the bench (bench/bench_import_pdf_real.py) found the reader failing on, kept by their
# seed: where the page breaks fall depends on the values and the look together.
FOUND = {
    # table 四's row of figures alone at the top of a page, its header on the page before
    "blank_ruled_t4_row_alone": (7, 30, 10),
    # table 三 begins at the foot of a page: the 三、本年度办理结果 band's text is printed on the
    # next page, its first row （一）予以公开 (all blank) has the band's empty cell in front
    "blank_band_broken_before_first_row": (11, 30, 13),
    # a row's label broken over a page: "…逾期未按收费" / "通知要求缴纳费用…" with blank cells
    "slash_label_broken_over_page": (7, 30, 3),
    # table 三 broken inside （六）: both bands' empty cells before "2.申请人逾期未按收费…" (blank)
    "blank_two_bands_broken": (99, 40, 23),
    # unruled, zeros "—", rows wrapped so that a row's figures stand on a line of their own: no
    # cell is blank, and none is put back (a row "— — — — — — —" was once made up here)
    "dash_unruled_figures_on_own_line": (2030, 40, 9),
}

# Unruled tables with blank zeros the bench found giving wrong numbers: table 三 across pages, its
# blanks put back on the second page but not on the first (a bare row all blank took the figures
# of the whole row after it). The table is now read as printed on every page, or on none.
UNRULED_BLANK = {"unruled_blank_filled_on_one_page_only": (6, 20, 17)}


def _unruled_blank_case() -> Case:
    base = make_cases(2028, 1)[0]
    return Case("unruled_blank", base.values, base.year, Look(zero="", ruled=False, vertical=False))


@pytest.fixture(scope="session")
def real_pdfs(tmp_path_factory) -> dict[str, tuple[Case, Path]]:
    tmp = tmp_path_factory.mktemp("realpdf")
    bases = make_cases(2027, len(LOOKS))
    cases = [Case(name, base.values, base.year, look) for (name, look), base in zip(LOOKS.items(), bases)]
    cases.append(_unruled_blank_case())
    for name, (seed, n, index) in FOUND.items():
        found = make_cases(seed, n)[index]
        cases.append(Case(name, found.values, found.year, found.look))
    for name, (seed, n, index) in UNRULED_BLANK.items():
        found = make_cases(seed, n)[index]
        cases.append(Case(name, found.values, found.year, replace(found.look, ruled=False, zero="")))
    pdfs = print_pdfs(cases, tmp)
    return {case.name: (case, pdfs[case.name]) for case in cases}


@needs_libreoffice
@pytest.mark.parametrize("name", [*sorted(LOOKS), *FOUND])
def test_official_layout_pdf_reads_every_printed_cell(real_pdfs, name):
    case, path = real_pdfs[name]
    result = import_report(path)
    got = result.report.values
    assert {k: (got[k], case.values.get(k)) for k in got if got[k] != case.values.get(k)} == {}
    assert got == case.values  # all 200 cells: tables 二, 三 and 四
    assert len(got) == len(f.KEYS)
    assert result.report.meta["year"] == case.year
    assert result.format == "2021"


@needs_libreoffice
def test_the_fixtures_have_the_artefacts(real_pdfs):
    """The cases above prove something only if the PDFs have what real printouts have."""
    import pypdfium2 as pdfium

    def pages(name: str) -> list[str]:
        pdf = pdfium.PdfDocument(str(real_pdfs[name][1]))
        try:
            return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        finally:
            pdf.close()

    # table 三 broken over a page; its 三、本年度办理结果 band printed one character a line
    text = pages("slash_ruled_vertical")
    first = next(i for i, t in enumerate(text) if "本年新收" in t)
    last = next(i for i, t in enumerate(text) if "结转下年度" in t)
    assert last > first
    assert any(re.search(r"三\s*\n\s*、\s*\n\s*本", t) for t in text)
    # narrow columns wrap labels: "商业" and "企业" on lines of their own
    assert any(re.search(r"商业[^\n]*\n\s*企业", t) for t in text)
    # zeros in neighbouring unruled cells: dashes parted only by spaces in the text layer
    assert any("— —" in t for t in pages("dash_unruled"))
    # the footer's page number and the header's watermark inside the text
    assert any("— 2 —" in t or "—2—" in t.replace(" ", "") for t in text)
    assert sum("某某市人民政府信息公开专栏" in t for t in text) >= 2
    # table 四's row of figures alone at the top of a page, after its header on the page before
    t4 = ["".join(t.split()) for t in pages("blank_ruled_t4_row_alone")]
    header = next(i for i, t in enumerate(t4) if "尚未审结" in t)
    assert "五、政府信息公开工作存在" not in t4[header] and "五、政府信息公开工作存在" in t4[header + 1]


@needs_libreoffice
def test_unruled_table_with_blank_zeros_reads_table_three_by_positions_and_labels(real_pdfs):
    """Without borders a blank cell leaves no trace in the text layer: "2.重复申请 20 7 40 58 125"
    and a row of zeros that prints no figure at all. The columns the full rows stand on and the
    format's row labels put the blanks back: table 三 reads exactly. Tables 二 and 四 (no row of
    them printed in full) are left out where a row has blanks, with the reason; nothing is wrong."""
    case, path = real_pdfs["unruled_blank"]
    result = import_report(path)
    got = result.report.values
    assert {k: (got[k], case.values[k]) for k in got if got[k] != case.values[k]} == {}
    t3 = {k: v for k, v in case.values.items() if k.startswith("t3.")}
    assert {k: got.get(k) for k in t3} == t3
    assert sum(1 for v in t3.values() if v == 0) > 60  # the point: many blank cells, whole blank rows
    missing = set(case.values) - set(got)
    listed = {k for u in result.unplaced for k in u.keys}
    assert missing and {k.split(".")[0] for k in missing} <= {"t2", "t4"}
    assert {k for k in missing if k.startswith("t4.")} <= listed


@needs_libreoffice
@pytest.mark.parametrize("name", sorted(UNRULED_BLANK))
def test_unruled_blank_table_across_pages_gives_no_wrong_number(real_pdfs, name):
    case, path = real_pdfs[name]
    result = import_report(path)
    got = result.report.values
    assert {k: (got[k], case.values[k]) for k in got if got[k] != case.values[k]} == {}
    assert sum(1 for k in case.values if k.startswith("t3.") and k in got) >= 2 * len(f.T3_COLUMNS)


@needs_libreoffice
def test_sample_107_pdf_loses_table_three_columns_off_the_page_not_in_the_reader(tmp_path):
    want = json.loads(SAMPLE_107.with_suffix(".json").read_text(encoding="utf-8"))["values"]
    html = SAMPLE_107.with_suffix(".html").read_text(encoding="utf-8")
    (tmp_path / "as_published.html").write_text(html, encoding="utf-8")
    fitted = re.sub(r' style="width:[0-9.]+px;"', "", html.replace(' nowrap="nowrap"', ""))
    (tmp_path / "fitted.html").write_text(fitted, encoding="utf-8")
    clipped = convert(tmp_path / "as_published.html", "pdf", tmp_path, tmp_path / "p1")
    fits = convert(tmp_path / "fitted.html", "pdf", tmp_path, tmp_path / "p2")

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(clipped))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    # 一、本年新收 prints 821 35 0 0 2 1 859: the last two columns are not in the PDF at all
    row = text[text.index("本年新收") :].split("\n", 1)[0]
    assert "821 35" in row and "859" not in row

    result = import_report(clipped)
    got = result.report.values
    assert {k: (got[k], want.get(k)) for k in got if got[k] != want.get(k)} == {}
    assert f.t3_key("new", "total") not in got
    assert any(f.t3_key("new", "total") in u.keys for u in result.unplaced)

    result = import_report(fits)
    assert result.report.values == want

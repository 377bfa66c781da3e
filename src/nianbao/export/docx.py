"""The finished report as a Word document in the usual 公文 look.

A4 with 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); title 二号 bold
centred; body 三号 仿宋 with a two-character first-line indent and fixed 28 pt lines;
level-1 headings 黑体, level-2 楷体; real Word tables with merged cells and borders in
10.5 pt 宋体. East-Asian font names are set in w:rFonts/@w:eastAsia, which is what Word
and WPS read for Chinese text (the ASCII font alone would leave Chinese in the default).
"""

from __future__ import annotations

from pathlib import Path

from nianbao.export.model import Document, Grid, Heading, Paragraph

# Word and WPS substitute a missing font; 仿宋/黑体/楷体/宋体 ship with every Chinese Windows.
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋"
FONT_HEADING = "黑体"
FONT_SUBHEADING = "楷体"
FONT_TABLE = "宋体"
FONT_LATIN = "Times New Roman"
SIZE_TITLE = 22  # 二号
SIZE_BODY = 16  # 三号
SIZE_TABLE = 10.5  # 五号
SIZE_TABLE_WIDE = 9  # 小五: table 四 has 15 columns
LINE_PITCH = 28  # pt, fixed line spacing of 公文 body text
TEXT_WIDTH_MM = 210 - 28 - 26


def write_docx(doc: Document, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    _default_style(word)
    _page_number_footer(section)
    word.core_properties.title = doc.title[:255]  # Word's limit for a document property
    word.core_properties.author = doc.agency[:255]

    _title(word, doc.title)
    for block in doc.blocks:
        if isinstance(block, Heading):
            _heading(word, block)
        elif isinstance(block, Paragraph):
            _body(word, block.text)
        elif isinstance(block, Grid):
            _table(word, block)
    word.save(str(path))


def set_fonts(run_or_style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    """Latin and East-Asian font names on a run (or style): w:ascii/w:hAnsi and w:eastAsia."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = FONT_LATIN
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")


def _default_style(word) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    normal = word.styles["Normal"]
    set_fonts(normal, FONT_BODY, SIZE_BODY)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH)
    fmt.space_before = fmt.space_after = Pt(0)


def _indent_two_chars(paragraph, size: float) -> None:
    """First-line indent of two characters: w:firstLineChars for Word/WPS, the pt value for others."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.paragraph_format.first_line_indent = Pt(2 * size)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "200")


def _outline(paragraph, level: int) -> None:
    """Outline level, so the headings show in Word's navigation pane without Word's heading styles."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    node = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(level)})
    ppr.append(node)


def _title(word, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    p = word.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_after = Pt(LINE_PITCH)
    set_fonts(p.add_run(text), FONT_TITLE, SIZE_TITLE, bold=True)
    _outline(p, 0)


def _heading(word, block: Heading) -> None:
    p = word.add_paragraph()
    _indent_two_chars(p, SIZE_BODY)
    font = FONT_HEADING if block.level == 1 else FONT_SUBHEADING
    set_fonts(p.add_run(block.text), font, SIZE_BODY)
    _outline(p, block.level)
    p.paragraph_format.keep_with_next = True


def _body(word, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = word.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_two_chars(p, SIZE_BODY)
    set_fonts(p.add_run(text), FONT_BODY, SIZE_BODY)


def _table(word, grid: Grid) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    size = SIZE_TABLE_WIDE if grid.cols > 10 else SIZE_TABLE
    table = word.add_table(rows=grid.rows, cols=grid.cols)
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    relative = _docx_widths(grid)
    widths = [Mm(TEXT_WIDTH_MM * w / sum(relative)) for w in relative]
    _fixed_widths(table, widths)
    for spec in grid.cells:
        cell = table.cell(spec.row, spec.col)
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if spec.role == "rowlabel" else WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        set_fonts(p.add_run(spec.text), FONT_TABLE, size)
    _repeat_header(table, grid)
    word.add_paragraph()  # a 公文 table is followed by a blank line before the next heading


def _docx_widths(grid: Grid) -> list[float]:
    """The template's column widths, but table 三 (landscape in the template, portrait here) gets
    its own: room for five characters a line in the group labels, and equal number columns wide
    enough for four digits (its headers wrap, its numbers never do)."""
    widths = list(grid.column_widths)
    if grid.table == "t3":
        widths = [7.0, 15.0, 36.0] + [9.0] * (len(widths) - 3)
    return widths


def _fixed_widths(table, widths) -> None:
    """Column widths in w:tblGrid and every w:tcW, with a fixed layout: Word, WPS and LibreOffice agree."""
    from docx.oxml.ns import qn

    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    tblpr = table._tbl.tblPr
    layout = tblpr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tblpr.append(layout)


def _repeat_header(table, grid: Grid) -> None:
    """The column heads repeat on each page (table 三 runs over a page); no row splits."""
    from docx.oxml.ns import qn

    for row in table.rows[: grid.header_rows]:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))


def _page_number_footer(section) -> None:
    """— 1 — centred at the foot of each page, as 公文 number their pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(p.add_run("— "), FONT_LATIN, 14)
    run = p.add_run()
    set_fonts(run, FONT_LATIN, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            node = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            node = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            node.text = text
        run._r.append(node)
    set_fonts(p.add_run(" —"), FONT_LATIN, 14)

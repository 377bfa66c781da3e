"""The finished report as a workbook: one sheet per section, values only, protected, A4-ready.

XlsxWriter writes a new file (no template, no macros). Sheets follow the report's order,
so printing the workbook prints the report; table 四 is printed landscape, as the layout says.
"""

from __future__ import annotations

import math
from pathlib import Path

from nianbao.export.model import Document, Grid, Heading, Paragraph
from nianbao.io.xlsx_text import xlsxwriter_options
from nianbao.spec import format2021 as f

FONT_BODY = "仿宋"
FONT_TITLE = "宋体"
FONT_HEADING = "黑体"
FONT_SUBHEADING = "楷体"
FONT_TABLE = "宋体"
BODY_SIZE = 12
TABLE_SIZE = 10.5
TEXT_WIDTH = 80.0  # column units of a text-only sheet: about an A4 portrait line
INDENT = "\u3000\u3000"  # first-line indent of two characters


def _display_width(text: str) -> float:
    """Width in half-width characters: a CJK character counts two."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _height(text: str, width_units: float, size: float) -> float:
    """Row height (pt) for wrapped text: Excel does not fit merged cells by itself."""
    # One column unit is about one '0' of Calibri 11 (7 px); a half-width char of `size` pt is about size*0.67 px.
    chars_per_line = max(1.0, width_units * 7 / (size * 96 / 72 / 2) * 0.95)
    lines = sum(max(1, math.ceil(_display_width(part) / chars_per_line)) for part in text.split("\n"))
    return lines * size * 1.45 + 4


class _Formats:
    def __init__(self, book):
        def fmt(**kw):
            base = {"text_wrap": True, "valign": "vcenter", "locked": True}
            base.update(kw)
            return book.add_format(base)

        self.title = fmt(font_name=FONT_TITLE, font_size=18, bold=True, align="center")
        self.heading = fmt(font_name=FONT_HEADING, font_size=14, align="left")
        self.subheading = fmt(font_name=FONT_SUBHEADING, font_size=13, align="left")
        self.body = fmt(font_name=FONT_BODY, font_size=BODY_SIZE, align="left", valign="top")
        self.prompt = fmt(font_name=FONT_BODY, font_size=BODY_SIZE, align="left", valign="top", font_color="#C00000")
        cell = {"font_name": FONT_TABLE, "font_size": TABLE_SIZE, "border": 1}
        self.header = fmt(align="center", **cell)
        self.note = fmt(align="center", **cell)
        self.rowlabel = fmt(align="left", indent=1, **cell)
        self.value = fmt(align="center", num_format="General", **cell)


def write_xlsx(doc: Document, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), xlsxwriter_options())
    book.set_properties({"title": doc.title, "subject": f.REPORT_TITLE_SUFFIX, "author": doc.agency})
    fmt = _Formats(book)
    sheets = _split_by_section(doc)
    for index, (name, blocks) in enumerate(sheets):
        grid = next((b for b in blocks if isinstance(b, Grid)), None)
        ws = book.add_worksheet(name[:31])
        widths = grid.column_widths if grid else [TEXT_WIDTH]
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        row = 0
        if index == 0:
            row = _text_row(ws, row, doc.title, widths, fmt.title, 18)
            row += 1
        for block in blocks:
            if isinstance(block, Heading):
                style, size = (fmt.heading, 14) if block.level == 1 else (fmt.subheading, 13)
                row = _text_row(ws, row, block.text, widths, style, size)
            elif isinstance(block, Paragraph):
                row = _text_row(
                    ws, row, INDENT + block.text, widths, fmt.prompt if block.prompt else fmt.body, BODY_SIZE
                )
            else:
                row = _grid(ws, row, block, fmt)
        _page_setup(ws, grid)
    book.close()


def _split_by_section(doc: Document) -> list[tuple[str, list]]:
    """One sheet per level-1 heading; the preamble goes with section 一 on the first sheet."""
    sheets: list[tuple[str, list]] = []
    pending: list = []
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            sheets.append((block.text, pending + [block]))
            pending = []
        elif sheets:
            sheets[-1][1].append(block)
        else:
            pending.append(block)
    return sheets


def _text_row(ws, row: int, text: str, widths: list[float], style, size: float) -> int:
    ws.set_row(row, _height(text, sum(widths), size))
    if len(widths) > 1:
        ws.merge_range(row, 0, row, len(widths) - 1, text, style)
    else:
        ws.write_string(row, 0, text, style)
    return row + 1


def _grid(ws, top: int, grid: Grid, fmt: _Formats) -> int:
    for cell in grid.cells:
        style = getattr(fmt, cell.role, fmt.header)
        first_row, first_col = top + cell.row, cell.col
        last_row, last_col = first_row + cell.rowspan - 1, first_col + cell.colspan - 1
        value = _number(cell.text) if cell.role == "value" else cell.text
        if (last_row, last_col) != (first_row, first_col):
            ws.merge_range(first_row, first_col, last_row, last_col, value, style)
        elif isinstance(value, (int, float)):
            ws.write_number(first_row, first_col, value, style)
        else:
            ws.write_string(first_row, first_col, value, style)
    for r in range(grid.rows):
        texts = [c for c in grid.cells if c.row == r and c.rowspan == 1]
        needed = max(
            (_height(c.text, sum(grid.column_widths[c.col : c.col + c.colspan]), TABLE_SIZE) for c in texts), default=18
        )
        ws.set_row(top + r, max(needed, 18))
    return top + grid.rows + 1


def _number(text: str):
    if text == "":
        return ""
    number = float(text)
    return int(number) if number == int(number) else number


def _page_setup(ws, grid: Grid | None) -> None:
    ws.set_paper(9)  # A4
    if grid is not None and grid.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    # A landscape table (三, 四) on one page; the rest fit to width, as many pages tall as needed.
    ws.fit_to_pages(1, 1 if grid is not None and grid.landscape else 0)
    ws.set_margins(left=0.8, right=0.7, top=0.9, bottom=0.8)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.hide_gridlines(2)
    ws.protect()  # no password: against slips, not against the clerk

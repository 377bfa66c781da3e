"""PDF → items through its text layer, read with pdfium. A PDF without one is a scan.

Ruled tables (what Word, WPS and LibreOffice print) are read as tables: their cells are
found from the drawn lines (pdf_tables.py), so a blank cell stays a blank cell and a wrapped
label stays in its cell — the text layer alone loses both. Everything outside a table, and
every PDF whose tables have no ruling, is read as lines of text (the importer copes with
the usual artefacts: numbers on the line before a wrapped label, page numbers, split
header rows). pdfium gives the characters, their boxes and the lines in a few milliseconds
a page; pdfplumber (pdfminer) took some 30 times as long for the same.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nianbao.errors import UnreadableFile
from nianbao.importers import pdf_tables
from nianbao.importers.items import Item, lines_to_items
from nianbao.importers.pdf_limits import Budget, check_page_chars, check_page_count, check_pdf_bytes
from nianbao.importers.pdf_tables import Char

Block = tuple[float, str, str | tuple[str, ...]]  # (top, "line"|"row", text|cells)
_LINE_TOLERANCE = 3.0  # points: characters whose middles differ less stand on one line
_WORD_GAP = 3.0  # points between two characters that make a space (pdfplumber's x_tolerance)
MAX_CHARS = 2_000_000  # characters over all pages: the text of a long report is a few hundred thousand
# A detected "table" smaller than this is a text box or a frame, not a statistics table.
MIN_TABLE_ROWS, MIN_TABLE_COLS = 2, 2
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u201c\u201d"
# Justified lines come out as "不 予 处 理": a space between two CJK characters is layout.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_ASCII_WORD = re.compile(r"[0-9A-Za-z.,%]")


def _clean_line(text: str) -> str:
    return _CJK_GAP.sub("", text)


def _cell_text(cell: str | None) -> str:
    """A cell's wrapped lines joined: no space inside Chinese, a space between two numbers."""
    if not cell:
        return ""
    pieces = [p.strip() for p in cell.split("\n") if p.strip()]
    out = ""
    for piece in pieces:
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(piece[0]):
            out += " "
        out += piece
    return _clean_line(out)


def _chars(textpage, height: float) -> list[Char]:
    """The page's characters with their boxes and baselines (from the top), through pdfium.
    The text comes in one call; a character index is a UTF-16 unit of it (when a character
    outside the BMP breaks that, each is asked for). Whitespace, and the spaces and line
    breaks pdfium generates, are left out: the gaps between the boxes say where they were."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    # one call a character: its origin on the baseline (the same for "." and "8", in any font);
    # where words part, pdfium's text layer holds a space (printed, or generated from the gap)
    x, y = ctypes.c_double(), ctypes.c_double()
    origin = pdfium_c.FPDFText_GetCharOrigin
    out = []
    after_space = False
    for i, char in enumerate(text):
        if char.isspace() or char in "\x00\ufffe\uffff":
            after_space = True
            continue
        if not origin(textpage, i, x, y):
            continue
        base = height - y.value
        # a point just inside the glyph, above the baseline, stands for its box
        out.append(Char(base, base - 1.0, base, x.value, x.value + 1.0, char, i, after_space))
        after_space = False
    return out


def _lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of the lines the characters make: grouped by baseline, ordered left to right,
    a space where a gap parts them — the lines pdfplumber's extract_text_lines gives."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c.baseline):
        if lines and char.baseline - lines[-1][0].baseline <= _LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        text = ""
        previous = None
        for char in line:
            if previous is not None and char.after_space and char.position > previous.position:
                text += " "  # a gap, or a space in the text layer (pdfium's own where glyphs part)
            text += char.text
            previous = char
        out.append((min(c.top for c in line), text))
    return out


def _pdfium_blocks(page, textpage, height: float) -> list[Block]:
    """(top, "line"|"row", text|cells) of one page, in reading order, all through pdfium."""
    chars = _chars(textpage, height)
    found = pdf_tables.tables(page, height)
    blocks: list[Block] = []
    outside = chars
    for table in found:
        x0, top, x1, bottom = table.bbox
        outside = [
            c for c in outside if not (x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom)
        ]
    blocks += [(top, "line", _clean_line(text)) for top, text in _lines(outside)]
    for table in found:
        by_cell = pdf_tables.cell_chars(table, chars)
        for r, row in enumerate(table.rows):
            # A cell covered by a merged cell is None: read once, like an HTML span.
            cells = tuple(_cell_text("\n".join(t for _, t in _lines(by_cell.get(c, [])))) for c in row if c is not None)
            if any(cells):
                blocks.append((table.bbox[1] + r * 1e-3, "row", cells))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _open(data: bytes, name: str):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise UnreadableFile(f"{name} 设有密码（已加密），无法读取") from None
        raise UnreadableFile(f"{name} 已损坏，PDF 无法读取") from None


def _scan(data: bytes, name: str, budget: Budget) -> list[list[Block]]:
    """Every page's blocks through pdfium, bounded: pages, characters per page and in all, time."""
    pdf = _open(data, name)
    try:
        check_page_count(len(pdf), name)
        pages = []
        chars = 0
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            check_page_chars(count, index + 1, name)
            chars += count
            if chars > MAX_CHARS:
                raise UnreadableFile(f"{name} 文字过多（超过 {MAX_CHARS} 个字符），不像一份年度报告，拒绝读取")
            pages.append(_pdfium_blocks(page, textpage.raw, page.get_height()))
            textpage.close()
            page.close()
            budget.check()
        return pages
    finally:
        pdf.close()


def pdf_items(path: Path) -> list[Item]:
    path = Path(path)
    data = path.read_bytes()  # io.safety.check_file has bounded its size
    if b"%PDF" not in data[:1024]:
        raise UnreadableFile(f"{path.name} 不是 PDF 文件，或文件已损坏")
    budget = Budget.start(path.name)
    check_pdf_bytes(data, path.name, budget)
    pages = _scan(data, path.name, budget)
    blocks = [content for page in pages for _, _, content in page]
    size = sum(len(c.strip()) if isinstance(c, str) else sum(len(x) for x in c) for c in blocks)
    if size < 20:
        raise UnreadableFile(f"{path.name} 是扫描件，没有文字层，无法读取")
    items: list[Item] = []
    for content in blocks:
        if isinstance(content, str):
            items.extend(lines_to_items([content], len(items) + 1))
        else:
            items.append(Item(len(items) + 1, " ".join(c for c in content if c), content))
    return items

"""PDF → items through its text layer (pdfium; pdfplumber for the pages with ruled tables).
A PDF without a text layer is a scan.

Ruled tables (what Word, WPS and LibreOffice print) are read as tables: pdfplumber finds
their cells from the drawn lines, so a blank cell stays a blank cell and a wrapped label
stays in its cell — the text layer alone loses both. Everything outside a table, and
every PDF whose tables have no ruling, is read as lines of text (the importer copes with
the usual artefacts: numbers on the line before a wrapped label, page numbers, split
header rows).
"""

from __future__ import annotations

import ctypes
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nianbao.errors import UnreadableFile
from nianbao.importers.items import Item, lines_to_items
from nianbao.importers.pdf_limits import Budget, check_page_chars, check_page_count, check_pdf_bytes

_LINE_TOLERANCE = 3.0  # points: characters whose middles differ less stand on one line
_WORD_GAP = 3.0  # points between two characters that make a space (pdfplumber's x_tolerance)
_MIN_RULES = 4  # path objects on a page from which it may hold a ruled table
MAX_CHARS = 2_000_000  # characters over all pages: the text of a long report is a few hundred thousand
MAX_EDGES = 5_000  # ruling lines on one page beyond this: a drawing, not a table (and slow to search)
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


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_blocks(page) -> list[tuple[float, str, object]]:
    """(top, "line"|"row", text|cells) of one page, in reading order."""
    tables = []
    try:
        if len(page.edges) > MAX_EDGES:
            raise ValueError("too many ruling lines")
        for table in page.find_tables():
            rows = table.extract()
            if len(rows) >= MIN_TABLE_ROWS and max((len(r) for r in rows), default=0) >= MIN_TABLE_COLS:
                tables.append((table.bbox, rows))
    except Exception:  # a malformed drawing must not cost the text: read the page as lines
        tables = []
    boxes = [bbox for bbox, _ in tables]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    blocks: list[tuple[float, str, object]] = []
    for line in text_page.extract_text_lines(return_chars=False):
        blocks.append((line["top"], "line", _clean_line(line["text"])))
    for bbox, rows in tables:
        for r, row in enumerate(rows):
            # A cell covered by a merged cell is None: read once, like an HTML span.
            cells = tuple(_cell_text(c) for c in row if c is not None)
            if any(cells):
                blocks.append((bbox[1] + r * 1e-3, "row", cells))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _pdfium_lines(textpage, height: float) -> list[tuple[float, str]]:
    """(top, text) of the page's lines from pdfium's characters, their boxes and baselines:
    characters grouped by their baseline and ordered left to right, a space where a gap parts
    them — the lines pdfplumber's extract_text_lines gives, at a fraction of its cost."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for i in range(count):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace() or pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        if not pdfium_c.FPDFText_GetCharBox(textpage, i, left, right, bottom, top):
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
        # (baseline from the top, top, left, right, character)
        chars.append((height - y.value, height - top.value, left.value, right.value, chr(code)))
    lines: list[list[tuple]] = []
    for char in sorted(chars, key=lambda c: c[0]):
        if lines and char[0] - lines[-1][0][0] <= _LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c[2])
        text = ""
        previous = None
        for _baseline, _top, x0, x1, ch in line:
            if previous is not None and x0 - previous > _WORD_GAP:
                text += " "
            text += ch
            previous = x1
        out.append((min(c[1] for c in line), text))
    return out


def _ruled(page) -> bool:
    """The page draws lines (a ruled table, perhaps): read it with pdfplumber's table finder."""
    paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)
    return sum(1 for _ in itertools.islice(paths, _MIN_RULES)) >= _MIN_RULES


@dataclass
class _Page:
    index: int
    ruled: bool
    lines: list[tuple[float, str]]


def _open(data: bytes, name: str):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise UnreadableFile(f"{name} 设有密码（已加密），无法读取") from None
        raise UnreadableFile(f"{name} 已损坏，PDF 无法读取") from None


def _scan(data: bytes, name: str, budget: Budget) -> list[_Page]:
    """Every page through pdfium: bounded (pages, characters, time), its lines, whether ruled."""
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
            pages.append(_Page(index, _ruled(page), _pdfium_lines(textpage.raw, page.get_height())))
            textpage.close()
            page.close()
            budget.check()
        return pages
    finally:
        pdf.close()


def _ruled_blocks(data: bytes, indexes: list[int], budget: Budget) -> dict[int, list[tuple[float, str, object]]]:
    """The ruled pages through pdfplumber, whose table finder reads their cells."""
    import pdfplumber

    out = {}
    with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in indexes]) as pdf:
        for index, page in zip(indexes, pdf.pages):
            out[index] = _page_blocks(page)
            page.close()  # frees the parsed objects of a long document as it goes
            budget.check()
    return out


def pdf_items(path: Path) -> list[Item]:
    path = Path(path)
    data = path.read_bytes()  # io.safety.check_file has bounded its size
    if b"%PDF" not in data[:1024]:
        raise UnreadableFile(f"{path.name} 不是 PDF 文件，或文件已损坏")
    budget = Budget.start(path.name)
    check_pdf_bytes(data, path.name, budget)
    pages = _scan(data, path.name, budget)
    size = sum(len(text) for page in pages for _, text in page.lines)
    if size < 20:
        raise UnreadableFile(f"{path.name} 是扫描件，没有文字层，无法读取")
    ruled = [p.index for p in pages if p.ruled]
    try:
        tables = _ruled_blocks(data, ruled, budget) if ruled else {}
    except UnreadableFile:
        raise
    except Exception:  # pdfminer raises many kinds for damaged files: the pages' lines stand
        tables = {}
    blocks: list[tuple[str, object]] = []
    for page in pages:
        found = tables.get(page.index)
        if found is None:
            found = [(top, "line", _clean_line(text)) for top, text in page.lines]
        blocks.extend((kind, content) for _, kind, content in found)
    items: list[Item] = []
    for kind, content in blocks:
        if kind == "row":
            cells = content
            items.append(Item(len(items) + 1, " ".join(c for c in cells if c), cells))
        else:
            items.extend(lines_to_items([content], len(items) + 1))
    return items

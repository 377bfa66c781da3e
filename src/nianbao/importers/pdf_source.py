"""PDF → items through its text layer (pdfplumber). A PDF without one is a scan.

Ruled tables (what Word, WPS and LibreOffice print) are read as tables: pdfplumber finds
their cells from the drawn lines, so a blank cell stays a blank cell and a wrapped label
stays in its cell — the text layer alone loses both. Everything outside a table, and
every PDF whose tables have no ruling, is read as lines of text (the importer copes with
the usual artefacts: numbers on the line before a wrapped label, page numbers, split
header rows).
"""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.errors import UnreadableFile
from nianbao.importers.items import Item, lines_to_items

MAX_PAGES = 300
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


def _declared_pages(pdf) -> int | None:
    """The page count the document's page tree declares (/Count), when it is readable."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # no page tree or a damaged one: pdfplumber's own walk decides
        return None
    return count if isinstance(count, int) else None


def pdf_items(path: Path) -> list[Item]:
    path = Path(path)
    with open(path, "rb") as fh:
        if b"%PDF" not in fh.read(1024):
            raise UnreadableFile(f"{path.name} 不是 PDF 文件，或文件已损坏")
    import pdfplumber

    blocks: list[tuple[str, object]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = _declared_pages(pdf)  # before pdfplumber builds an object per page
            if pages is not None and pages > MAX_PAGES:
                raise UnreadableFile(f"{path.name} 有 {pages} 页，不像一份年度报告，拒绝读取")
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableFile(f"{path.name} 有 {len(pdf.pages)} 页，不像一份年度报告，拒绝读取")
            chars = 0
            for page in pdf.pages:
                chars += len(page.chars)
                if chars > MAX_CHARS:
                    raise UnreadableFile(f"{path.name} 文字过多（超过 {MAX_CHARS} 个字符），不像一份年度报告，拒绝读取")
                blocks.extend((kind, content) for _, kind, content in _page_blocks(page))
                page.close()  # frees the parsed objects of a long document as it goes
    except UnreadableFile:
        raise
    except Exception as err:  # pdfminer raises many kinds for damaged or encrypted files
        if "password" in str(err).lower() or "encrypt" in type(err).__name__.lower():
            raise UnreadableFile(f"{path.name} 设有密码（已加密），无法读取") from None
        raise UnreadableFile(f"{path.name} 已损坏，PDF 无法读取") from None
    size = sum(len(str(c).strip()) if kind == "line" else sum(len(x) for x in c) for kind, c in blocks)
    if size < 20:
        raise UnreadableFile(f"{path.name} 是扫描件，没有文字层，无法读取")
    items: list[Item] = []
    for kind, content in blocks:
        if kind == "row":
            cells = content
            items.append(Item(len(items) + 1, " ".join(c for c in cells if c), cells))
        else:
            items.extend(lines_to_items([content], len(items) + 1))
    return items

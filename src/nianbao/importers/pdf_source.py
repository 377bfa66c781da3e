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
import operator
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nianbao.errors import UnreadableFile
from nianbao.importers import pdf_calls, pdf_columns, pdf_tables
from nianbao.importers.items import Item, lines_to_items
from nianbao.importers.pdf_limits import Budget, check_page_chars, check_page_count, check_pdf_bytes
from nianbao.importers.pdf_tables import AFTER_SPACE, BASELINE, POSITION, TEXT, Char, X
from nianbao.importers.tokens import NUMBERED_LABEL

Block = tuple[float, str, str | tuple[str, ...]]  # (top, "line"|"row", text|cells)
_LINE_TOLERANCE = 3.0  # points: characters whose middles differ less stand on one line
_WORD_GAP = 3.0  # points between two characters that make a space (pdfplumber's x_tolerance)
MAX_CHARS = 2_000_000  # characters over all pages: the text of a long report is a few hundred thousand
# A detected "table" smaller than this is a text box or a frame, not a statistics table.
MIN_TABLE_ROWS, MIN_TABLE_COLS = 2, 2
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u201c\u201d"
# Justified lines come out as "不 予 处 理": a space between two CJK characters is layout. Not
# beside a dash: "— — 13" is cells printed for zero in an unruled table, "权益 —" a label and one.
_CJK_TEXT = _CJK.replace(r"\u2014", "")
_CJK_GAP = re.compile(rf"(?<=[{_CJK_TEXT}]) +(?=[{_CJK_TEXT}])")
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


# what the text layer holds where words part: any whitespace, and pdfium's markers
_WHITESPACE = (  # every character whose str.isspace() is true (a test holds it to that)
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SKIPPED = frozenset(_WHITESPACE + "\x00\ufffe\uffff")


def _chars(textpage, height: float) -> list[Char]:
    """The page's characters with their baselines (from the top) and origins, through pdfium.
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
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    page_text = pdf_calls.handle(textpage)
    origin = pdf_calls.char_origin
    skipped = _SKIPPED
    out: list[Char] = []
    append = out.append
    after_space = False
    for i, char in enumerate(text):
        if char in skipped:
            after_space = True
            continue
        if not origin(page_text, i, x_ref, y_ref):
            continue
        append((height - y.value, x.value, char, i, after_space))
        after_space = False
    return out


_BY_BASELINE = operator.itemgetter(BASELINE)  # a C-level key: a page sorts thousands
_BY_LEFT = operator.itemgetter(X)


def _line_chars(chars: list[Char]) -> list[list[Char]]:
    """The lines the characters make: grouped by baseline, each ordered left to right."""
    lines: list[list[Char]] = []
    first = 0.0  # the baseline of the current line's first (highest) character
    for char in sorted(chars, key=_BY_BASELINE):
        if lines and char[0] - first <= _LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
            first = char[0]
    for line in lines:
        line.sort(key=_BY_LEFT)
    return lines


def _words(line: list[Char]) -> list[list[Char]]:
    """The line's words: a space where a gap parts two characters (pdfium's text layer has
    one, printed or generated where glyphs part)."""
    words: list[list[Char]] = []
    previous = -1
    for char in line:
        if not words or (char[AFTER_SPACE] and char[POSITION] > previous >= 0):
            words.append([char])
        else:
            words[-1].append(char)
        previous = char[POSITION]
    return words


def _texts(lines: list[list[Char]]) -> list[str]:
    """Each line's text, a space where a gap parts two characters (pdfium's text layer has one,
    printed or generated where glyphs part)."""
    texts = []
    for line in lines:
        parts = []
        previous = -1
        for char in line:
            if char[AFTER_SPACE] and char[POSITION] > previous >= 0:
                parts.append(" ")
            parts.append(char[TEXT])
            previous = char[POSITION]
        texts.append("".join(parts))
    return texts


def _lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of the lines the characters make — the lines pdfplumber's extract_text_lines
    gives; the top is that of the highest character's box (see pdf_tables.Char)."""
    lines = _line_chars(chars)
    return [(line[0][BASELINE] - 1.0, text) for line, text in zip(lines, _texts(lines))]


# What an unruled table 三 on a page came to (pdf_columns.py): none on the page; its blank cells
# put back (or none blank); or rows found that could not be, and are left as printed.
NO_ROWS, FILLED, UNFILLED = "none", "filled", "unfilled"


def _unruled_lines(chars: list[Char]) -> tuple[list[tuple[float, str]], dict[int, str], str]:
    """The lines outside ruled tables, the rows of an unruled table 三 among them with their
    blank cells put back (line index -> text), and which of NO_ROWS/FILLED/UNFILLED holds."""
    lines = _line_chars(chars)
    texts = _texts(lines)
    plain = [(line[0][BASELINE] - 1.0, text) for line, text in zip(lines, texts)]
    page = "\n".join(texts)
    if not pdf_columns.ROW_START.search(page):
        return plain, {}, NO_ROWS
    filled = None
    if _FULL_ROW.search(page):  # a row printed in full gives the columns
        spans = [[(word[0][X], word[-1][X], "".join(c[TEXT] for c in word)) for word in _words(line)] for line in lines]
        filled = pdf_columns.fill_blank_columns(spans)
    return plain, filled or {}, UNFILLED if filled is None else FILLED


_FULL_ROW = re.compile(rf"(?:^|\s)\d[\d,]*(?: \d[\d,]*){{{pdf_columns.WIDTH - 1}}}$", re.MULTILINE)


_STACK_MIN = 3  # characters: fewer stacked ones are the last line of one label and the first of the next
_STACK_STEP = 25.0  # points: at most this from one stacked character's baseline to the next's


def _stacked(chars: list[Char]) -> tuple[list[Char], list[tuple[float, str]]]:
    """Vertical text (the 三、本年度办理结果 of a table printed upright, one character a line)
    and labels of columns so narrow that one character fits a line ("结\n果\n维\n持") come as
    runs of characters, one a line, at one x, one after the other in the text layer. Grouped
    by baseline they would put a character before each of the rows they stand beside; each run
    is made one word instead, at its first character's height (runs starting on one height
    make one line). Returns the other characters and those (top, text) lines."""
    runs: list[list[Char]] = []
    run: list[Char] = []
    for char in chars:
        if (
            run
            and char[AFTER_SPACE]
            and abs(char[X] - run[-1][X]) < 0.6
            and _LINE_TOLERANCE < char[BASELINE] - run[-1][BASELINE] <= _STACK_STEP
        ):
            run.append(char)
            continue
        if len(run) >= _STACK_MIN:
            runs.append(run)
        run = [char]
    if len(run) >= _STACK_MIN:
        runs.append(run)
    if not runs:
        return chars, []
    taken = {c[POSITION] for r in runs for c in r}
    by_top: dict[float, list[list[Char]]] = {}
    for r in runs:
        top = r[0][BASELINE] - 1.0
        near = next((t for t in by_top if abs(t - top) <= _LINE_TOLERANCE), top)
        by_top.setdefault(near, []).append(r)
    lines = [
        (top, " ".join("".join(c[TEXT] for c in r) for r in sorted(group, key=lambda r: r[0][X])))
        for top, group in by_top.items()
    ]
    return [c for c in chars if c[POSITION] not in taken], lines


def _cell_content(chars: list[Char]) -> str:
    if not chars:
        return ""  # a blank cell: most of a sparse table
    if len(chars) == 1:
        return chars[0][TEXT]  # a "0" or "—": most of the rest
    lines = _lines(chars)
    if len(lines) == 1:  # most cells: what _cell_text makes of one line (never padded: no whitespace is kept)
        text = lines[0][1]
        return _clean_line(text) if " " in text else text
    return _cell_text("\n".join(text for _, text in lines))


def _pdfium_blocks(page, textpage, height: float) -> tuple[list[Block], list[Block], str]:
    """(top, "line"|"row", text|cells) of one page, in reading order, all through pdfium: with
    the blank cells of an unruled table 三 put back, as printed, and which of NO_ROWS, FILLED,
    UNFILLED the page's unruled table 三 came to."""
    chars = _chars(textpage, height)
    found = pdf_tables.tables(page, height)
    blocks: list[Block] = []
    outside = chars
    within: list[list[tuple[float, float, Char]]] = []  # each table's characters, by their middles
    if found:
        # the middle of each character's box (pdf_tables.Char), written out: a call would cost as much again
        middles = [((c[X] + (c[X] + 1.0)) / 2, ((c[BASELINE] - 1.0) + c[BASELINE]) / 2, c) for c in chars]
        found = [table for table in found if len(table.rows) > 1 or _cells_filled(table, middles) >= 2]
    if found:
        boxes = [table.bbox for table in found]
        for x0, top, x1, bottom in boxes:
            within.append([m for m in middles if x0 <= m[0] <= x1 and top <= m[1] <= bottom])
        if len(boxes) == 1:
            x0, top, x1, bottom = boxes[0]
            outside = [c for x, y, c in middles if not (x0 <= x <= x1 and top <= y <= bottom)]
        else:
            outside = []
            for x, y, c in middles:
                for x0, top, x1, bottom in boxes:
                    if x0 <= x <= x1 and top <= y <= bottom:
                        break
                else:
                    outside.append(c)
    outside, stacked = _stacked(outside)
    lines, filled, unruled = _unruled_lines(outside)
    others: list[Block] = [(top, "line", _clean_line(text)) for top, text in stacked]
    for table, table_chars in zip(found, within):
        by_cell = pdf_tables.cell_chars(table, table_chars)
        for r, row in enumerate(table.rows):
            # A cell covered by a merged cell is None: read once, like an HTML span.
            cells = tuple(_cell_content(by_cell.get(c, [])) for c in row if c is not None)
            if len(cells) > 2 and not cells[0]:
                # bands over several rows (三、本年度办理结果, （六）其他处理) broken by a page print
                # their text on one page only: blank before a numbered row label, no cells of that row
                label = next((n for n, cell in enumerate(cells) if cell), 0)
                if NUMBERED_LABEL.match(cells[label]):
                    cells = cells[label:]
            if any(cells):
                blocks.append((table.bbox[1] + r * 1e-3, "row", cells))
    others += blocks

    def in_order(texts: list[tuple[float, str]]) -> list[Block]:
        text_lines: list[Block] = [(top, "line", _clean_line(text)) for top, text in texts]
        return sorted(text_lines + others, key=lambda b: b[0])

    printed = in_order(lines)
    if not filled:
        return printed, printed, unruled
    return in_order([(top, filled.get(n, text)) for n, (top, text) in enumerate(lines)]), printed, unruled


def _cells_filled(table: pdf_tables.Table, middles: list[tuple[float, float, Char]]) -> int:
    """How many cells of the table hold text. A lone row broken onto a page is a table's row
    when it holds figures; one filled cell is the rest of a label broken over the page, read
    as a line of text."""
    x0, top, x1, bottom = table.bbox
    inside = [m for m in middles if x0 <= m[0] <= x1 and top <= m[1] <= bottom]
    return len(pdf_tables.cell_chars(table, inside))


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
        unruled = {status for _, _, status in pages}
        # A table 三 whose blanks were put back on one page and not on another is read as printed
        # throughout: a row all blank left bare before a row made whole would take its figures.
        as_printed = FILLED in unruled and UNFILLED in unruled
        return [printed if as_printed else filled for filled, printed, _ in pages]
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

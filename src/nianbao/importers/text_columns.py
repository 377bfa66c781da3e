"""Blank cells of tables 二, 三 and 四 in a monospace text dump (w3m -dump, lynx -dump), put back
from the character columns where the figures and the header words stand (and, for a dump with a
paragraph per cell, from its blank lines: text_paragraphs.py).

A table printed without borders, its zeros left blank, keeps each figure at its column in such
a dump ("（一）予以公开        43           43"), but read as a run of tokens the row cannot say
which columns its figures are in. The columns can, under the same discipline as an unruled PDF
table (pdf_columns.py):

- a column is an interval, not a middle (a figure stands left, centred or right in its cell):
  the hull of its header word (自然人 … 总计, 结果维持 … 总计, 本年制发件数 …) and of the figures
  of the rows printed in full; the intervals must follow one another without overlapping, and
  every figure must overlap exactly one of them, each figure another, left to right, and stand
  aligned with its column's header word (left ends, right ends or middles together);
- w3m counts a wide (CJK) character as two columns, lynx lays tables out counting characters:
  the table is read in both measures, and taken only where exactly one reading holds (or both
  give the same cells);
- table 三, with its many rows, tells how the dump is laid out (the measure, the figures' side
  in their cells, or a paragraph a cell); tables 二 and 四, a figure a row and a header word a
  column, are read only in that same layout (lynx writes a bordered table's cells in a run, not
  in columns, where a figure may stand under another column's word by chance);
- rows are found by the format's labels, in order: a row begins on the line where its label
  begins, its label's pieces (wrapped over several lines, in the label's own sub-column: a
  group's name or the 办理结果 heading stand left of it) must spell the label exactly, and its
  figures stand on one of its label's lines or nowhere (a row all blank).

A table is rewritten only when all of that holds; each of its rows then gets its cells, "—" for
a blank (read as zero, as a blank cell of a ruled table is). A 总计 blank beside figures (not
printed, not zero), a figure between two columns or under none, a line of figures that belongs
to no row, a label out of the format's order, a subtotal column or row: the table stays as
printed, and the importer leaves such rows out, saying why. （六）其他处理 with figures on fewer
than two of its sub-rows stays as printed too: one set of figures spanning the three sub-rows
(rowspan=3) looks the same in text as a first sub-row beside two blank ones. A table printed
wholly blank is left as printed: it has no figure to tell the dump's layout by.

The cost on an ordinary text is a substring search or two (bench/bench_text_columns.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from nianbao.importers import text_paragraphs
from nianbao.spec import format2021 as f

BLANK = "—"
_FIGURE = re.compile(r"[0-9０-９][0-9０-９,，]*")
_AMOUNT = re.compile(r"[0-9０-９][0-9０-９,，.．]*")  # table 二's fees are in 万元, with decimals
_TOKEN = re.compile(r"\S+")
# A dump of a table laid out in columns has wide runs of spaces between its words: texts without
# any (most) are given back untouched at the cost of a search or two.
_WIDE_GAP = re.compile(r"\S {3,}\S")
_T3_ROWS = f.T3_NUMBER_ROWS
_T3_HEADING = next(s.heading for s in f.SECTIONS if s.table == "t3")
_T3_START = _T3_ROWS[0].label[:6]
_T3_WORDS = tuple(c.label for c in f.T3_COLUMNS)
_T4_WORDS = tuple(c.label for c in f.T4_COLUMNS)
_T4_WIDTH = len(f.T4_GROUPS) * len(_T4_WORDS)
_T4_HEADER = frozenset((*_T4_WORDS, *(g.label for g in f.T4_GROUPS), f.T4_SUIT_HEADER))
_T4_HEADER_LINES = 8  # lines from table 四's first column word to its figures (blank lines between)
_OTHER_ROWS = frozenset(r.middle for r in f.T3_OTHER_ROWS)
_HEADER_LINES = 15  # lines above a table's first row that may hold its header
_TABLE_LINES = 400  # lines a table 三 may take (its labels wrapped in narrow columns)
_MIN_START = 3  # characters of a label's first piece that say its row begins there
_SUBTOTAL = "小计"


class Token(NamedTuple):
    start: int  # column where it begins, in the measure of the reading
    end: int  # column after it
    text: str
    char_end: int  # index after it in its line


@lru_cache(maxsize=4096)  # a table's words recur: its labels and header in both readings
def _display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(line: str, wide: bool) -> list[Token]:
    if not wide:
        return [Token(m.start(), m.end(), m.group(), m.end()) for m in _TOKEN.finditer(line)]
    out: list[Token] = []
    column = at = 0
    for m in _TOKEN.finditer(line):
        column += m.start() - at + line.count("\u3000", at, m.start())  # spaces; the ideographic one is wide
        start = column
        column += _display_width(m.group())
        at = m.end()
        out.append(Token(start, column, m.group(), at))
    return out


def _split(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """(label words, figures): the figures are the line's last words that are whole numbers."""
    n = len(tokens)
    while n and _FIGURE.fullmatch(tokens[n - 1].text):
        n -= 1
    return tokens[:n], tokens[n:]


Core = tuple[int, int]


def _cores(evidence: list[list[Token]]) -> list[Core] | None:
    """Each column's interval: the hull of what stands in it; None unless every column has
    something and the intervals follow one another without touching."""
    if any(not words for words in evidence):
        return None
    cores = [(min(t.start for t in words), max(t.end for t in words)) for words in evidence]
    if any(a[1] > b[0] for a, b in zip(cores, cores[1:])):
        return None
    return cores


ALIGNMENTS = frozenset(("left", "right", "middle"))
Modes = frozenset[str]


def _place(figures: list[Token], cores: list[Core], words: list[Token], modes: Modes) -> tuple[list[int], Modes] | None:
    """The column of each figure (the one interval it overlaps), left to right, each figure
    aligned with its column's header word as a cell aligns its text, in one of `modes`: their
    left ends, right ends or middles together (a reading in the other measure, w3m's for
    lynx's or the reverse, shifts a figure by the wide characters before it); and the modes
    every figure keeps. None when a figure fits no column so."""
    placed: list[int] = []
    for word in figures:
        hits = [k for k, (a, b) in enumerate(cores) if word.start < b and a < word.end]
        if len(hits) != 1 or (placed and hits[0] <= placed[-1]):
            return None
        modes = modes & _alignments(word, words[hits[0]])
        if not modes:
            return None
        placed.append(hits[0])
    return placed, modes


def _alignments(figure: Token, word: Token) -> Modes:
    out = set()
    if figure.start == word.start:
        out.add("left")
    if figure.end == word.end:
        out.add("right")
    if abs(figure.start + figure.end - word.start - word.end) <= 2:
        out.add("middle")
    return frozenset(out)


def _cells(figures: list[Token], placed: list[int], width: int) -> list[str]:
    cells = [BLANK] * width
    for word, column in zip(figures, placed, strict=True):
        cells[column] = word.text
    return cells


def _header_words(lines: list[list[Token]], words: tuple[str, ...]) -> list[list[Token]] | None:
    """The header word of each column of table 三 (its first piece where it wraps: "社会公益"), at
    most one each; None when a subtotal column is printed or a word is found twice."""
    found: list[list[Token]] = [[] for _ in words]
    for tokens in lines:
        for t in tokens:
            if t.text == _SUBTOTAL:
                return None
            for k, word in enumerate(words):
                if t.text == word or (len(t.text) >= 2 and word.startswith(t.text)):
                    if found[k]:
                        return None
                    found[k].append(t)
    return found


class _Row:
    def __init__(self, index: int, line: int, column: int, text: str) -> None:
        self.index = index
        self.line = line  # where its label begins
        self.column = column  # where its label's pieces stand
        self.text = text  # its label as read so far
        self.label_lines = [line]
        self.figure_line: int | None = None
        self.figures: list[Token] = []

    @property
    def label(self) -> str:
        return _T3_ROWS[self.index].label

    @property
    def complete(self) -> bool:
        return self.text == self.label


def _row_start(labels: list[Token], label: str) -> int | None:
    for k, t in enumerate(labels):
        if len(t.text) >= min(_MIN_START, len(label)) and label.startswith(t.text):
            return k
    return None


def _read_rows(lines: list[str], first: int, tokens: Callable[[int], list[Token]]) -> tuple[list[_Row], int] | None:
    """The rows of table 三 from the line where its first label begins: each row's label lines
    and its line of figures; and the table's last line. None when the labels do not spell the
    format's rows in order, or figures stand where no row's label does."""
    rows: list[_Row] = []
    current: _Row | None = None
    for i in range(first, min(len(lines), first + _TABLE_LINES)):
        labels, figures = _split(tokens(i))
        k = _row_start(labels, _T3_ROWS[len(rows)].label) if len(rows) < len(_T3_ROWS) else None
        on_label = False
        if k is not None:
            if current is not None and not current.complete:
                return None
            current = _Row(len(rows), i, labels[k].start, "".join(t.text for t in labels[k:]))
            rows.append(current)
            on_label = True
        elif current is not None:
            mine = [t for t in labels if t.start >= current.column]
            if mine:
                if current.complete:
                    if len(rows) == len(_T3_ROWS):
                        return rows, i - 1  # words after the table's last row
                    return None  # words where no label goes on
                current.text += "".join(t.text for t in mine)
                current.label_lines.append(i)
                on_label = True
        if current is None or not current.label.startswith(current.text):
            return None
        if figures:
            if not on_label or current.figure_line is not None:
                return None  # figures beside no label's line, or two lines of them in a row
            current.figure_line = i
            current.figures = figures
        if len(rows) == len(_T3_ROWS) and current.complete:
            return rows, i
    return None


def _table3(lines: list[str], first: int, wide: bool) -> tuple[dict[int, str], Modes] | None:
    """The lines of table 三 rewritten, and how its figures align in their cells; None where it
    cannot be read so."""
    cache: dict[int, list[Token]] = {}

    def tokens(i: int) -> list[Token]:
        if i not in cache:
            cache[i] = _tokens(lines[i], wide)
        return cache[i]

    found = _read_rows(lines, first, tokens)
    if found is None:
        return None
    rows, last = found
    if all(row.figure_line is None for row in rows):
        return None  # a table printed wholly blank: no figure tells the layout (the importer's business)
    width = len(_T3_WORDS)
    top = max(0, first - _HEADER_LINES)
    # the header begins after the section's heading: table 二's figures above it are no business of these columns
    top = next((i + 1 for i in range(first - 1, top - 1, -1) if _T3_HEADING in lines[i]), top)
    header = _header_words([tokens(i) for i in range(top, first)], _T3_WORDS)
    if header is None or any(not words for words in header):
        return None
    words = [pieces[0] for pieces in header]  # (the header words alone, before figures join them)
    for row in rows:
        if len(row.figures) == width:
            for k, word in enumerate(row.figures):
                header[k].append(word)
    cores = _cores(header)
    if cores is None:
        return None
    for i in range(top, last + 1):
        labels, figures = _split(tokens(i))
        if i >= first and any(t.end > cores[0][0] for t in labels):
            return None  # words over the columns: dashes, notes, a label running into them
        if i < first and figures and _place(figures, cores, words, ALIGNMENTS) is not None:
            return None  # figures over the columns above the first row: whose?
        if any(t.text == _SUBTOTAL for t in labels):
            return None
    for i in range(last + 1, min(len(lines), last + 3)):
        if _split(tokens(i))[1]:
            return None  # the table goes on past its last row: its rows cannot be told
    placed_rows: dict[int, list[str]] = {}
    modes = ALIGNMENTS
    for row in rows:
        if row.figure_line is None:
            placed_rows[row.index] = [BLANK] * width
            continue
        found_place = _place(row.figures, cores, words, modes)
        if found_place is None or found_place[0][-1] != width - 1:
            return None  # off the columns, or the 总计 blank beside figures: not printed, not zero
        placed, modes = found_place
        placed_rows[row.index] = _cells(row.figures, placed, width)
    kept = _one_other_row(rows)
    if all(row.figure_line is not None and len(row.figures) == width for row in kept):
        return {}, modes  # no cell blank: the table reads as printed
    return _rewrite(lines, kept, placed_rows, tokens), modes


def _one_other_row(rows: list[_Row]) -> list[_Row]:
    """（六）其他处理 with figures on fewer than two of its sub-rows: one set of figures spanning
    the three (rowspan=3) looks the same in text as a sub-row beside two blank ones. Its rows
    are left as printed (the importer cannot tell either, and says so); the others are returned."""
    others = [row for row in rows if _T3_ROWS[row.index].middle in _OTHER_ROWS]
    if sum(1 for row in others if row.figure_line is not None) >= 2:
        return rows
    return [row for row in rows if row not in others]


def _rewrite(
    lines: list[str], rows: list[_Row], cells: dict[int, list[str]], tokens: Callable[[int], list[Token]]
) -> dict[int, str]:
    """Each row on the line where its label begins: its whole label and its cells; its label's
    other pieces and its figures taken off their lines (a group's name, the 办理结果 heading left
    of them stay)."""
    out: dict[int, str] = {}

    def keep(i: int, column: int) -> str:
        before = [t for t in tokens(i) if t.start < column]
        return lines[i][: before[-1].char_end] if before else ""

    for row in rows:
        for i in [*row.label_lines[1:], row.figure_line]:
            if i is not None and i != row.line:
                out[i] = keep(i, row.column)
    for row in rows:
        head = keep(row.line, row.column)
        out[row.line] = " ".join(part for part in (head.strip(), row.label, *cells[row.index]) if part)
    return out


def _table4(lines: list[str], first: int, wide: bool, modes: Modes) -> dict[int, str] | None:
    """Table 四 from the line holding its first column word: its header over a few lines, then
    its one line of figures."""
    header: list[Token] = []
    figures: list[Token] = []
    for i in range(first, min(len(lines), first + _T4_HEADER_LINES)):
        tokens = _tokens(lines[i], wide)
        labels, figures = _split(tokens)
        if figures and not labels:
            data = i
            break
        if labels and not all(t.text in _T4_HEADER for t in labels):
            # words amid the header, or the next section with no figures (a table printed wholly
            # blank: no figure tells the layout; the importer's business)
            return None
        header += [t for t in labels if t.text in _T4_WORDS]
    else:
        return None
    header.sort(key=lambda t: t.start)
    if [t.text for t in header] != list(_T4_WORDS) * len(f.T4_GROUPS):
        return None
    cores = _cores([[t] for t in header])
    if cores is None:
        return None
    found = _place(figures, cores, header, modes)
    if found is None:
        return None
    placed = found[0]
    groups = len(_T4_WORDS)
    for g in range(len(f.T4_GROUPS)):
        in_group = [c for c in placed if g * groups <= c < (g + 1) * groups]
        if in_group and in_group[-1] != (g + 1) * groups - 1:
            return None  # a group's 总计 blank beside figures: not printed, not zero
    if len(placed) == _T4_WIDTH:
        return {}
    return {data: " ".join(_cells(figures, placed, _T4_WIDTH))}


def _table2(lines: list[str], first: int, wide: bool, modes: Modes) -> dict[int, str] | None:
    """Table 二 from its first block's article ("第二十条第（一）项"): each block's article, its
    header ("信息内容" and its columns' words), then its rows, a line each, in the format's order."""
    out: dict[int, str] = {}
    i = first
    printed = False

    def next_line(i: int) -> int | None:
        return next((k for k in range(i, min(len(lines), i + 4)) if lines[k].strip()), None)

    for block in f.T2_BLOCKS:
        at = next_line(i)
        if at is None or [t.text for t in _tokens(lines[at], wide)] != [block.article]:
            return None
        at = next_line(at + 1)
        if at is None:
            return None
        tokens = _tokens(lines[at], wide)
        if not tokens or tokens[0].text != f.T2_CONTENT_HEADER:
            return None
        words = tuple(c.label for c in block.columns)
        header = _header_words([tokens[1:]], words)
        if header is None or len(tokens) != 1 + len(words):
            return None
        cores = _cores(header)
        if cores is None:
            return None
        for _, label in block.rows:
            at = next_line(at + 1)
            if at is None:
                return None
            tokens = _tokens(lines[at], wide)
            if not tokens or tokens[0].text != label or not all(_AMOUNT.fullmatch(t.text) for t in tokens[1:]):
                return None
            figures = tokens[1:]
            found = _place(figures, cores, [w[0] for w in header], modes)
            if found is None:
                return None
            placed = found[0]
            printed = printed or bool(figures)
            if len(figures) < len(words):
                out[at] = " ".join([label, *_cells(figures, placed, len(words))])
        i = at + 1
    return out if printed else None  # a table printed wholly blank: no figure tells the layout


def _agree(readings: list[dict[int, str] | None]) -> dict[int, str] | None:
    """The reading in display columns (w3m) or in characters (lynx): the one that holds, or
    both when they give the same lines."""
    held = [r for r in readings if r is not None]
    if not held or any(r != held[0] for r in held[1:]):
        return None
    return held[0]


def _first_line(lines: list[str], test: Callable[[str], bool], after: int = 0) -> int | None:
    return next((i for i in range(after, len(lines)) if test(lines[i])), None)


def fill_text_columns(text: str) -> str:
    """The text with the blank cells of its tables 二, 三 and 四 written as "—", each table where
    the columns (or blank lines) of a dump say for certain which cells are blank; otherwise the
    text as it is. Each reading that holds must give the same lines, or the table stays as printed."""
    # (substring searches first: quicker than the pattern, and most texts fail them; a blank
    # cell of a dump with a paragraph per cell is a blank line more, two in a row at least)
    if _T3_START not in text:
        return text
    if "\n\n\n" not in text and ("   " not in text or not _WIDE_GAP.search(text)):
        return text
    lines = text.splitlines()
    t3 = _first_line(lines, lambda line: _T3_START in line and "\t" not in line)
    if t3 is None:
        return text
    # Table 三 says how the dump lays tables out: in which measure, its figures aligned how, or a
    # paragraph a cell. Tables 二 and 四 (a figure a row, a header word a column: little to check
    # a reading against) are read only in that same layout.
    columns = {wide: _table3(lines, t3, wide) for wide in (True, False)}
    layouts = {wide: found[1] for wide, found in columns.items() if found is not None}
    paragraphs = text_paragraphs.table3(lines, t3)
    readings: list[dict[int, str] | None] = [found[0] for found in columns.values() if found is not None]
    changed = _agree([*readings, paragraphs])
    if changed is None:
        return text
    t2 = _first_line(lines, lambda line: f.T2_BLOCKS[0].article in line and "\t" not in line)
    if t2 is not None and t2 < t3:
        readings = [_table2(lines, t2, wide, modes) for wide, modes in layouts.items()]
        if paragraphs is not None:
            readings.append(text_paragraphs.table2(lines, t2))
        changed.update(_agree(readings) or {})
    t4 = _first_line(lines, lambda line: "结果维持" in line and "\t" not in line, t3)
    if t4 is not None and layouts:
        changed.update(_agree([_table4(lines, t4, wide, modes) for wide, modes in layouts.items()]) or {})
    t4 = _first_line(lines, lambda line: line.strip() == f.T4_GROUPS[0].label, t3)
    if t4 is not None and paragraphs is not None:
        changed.update(text_paragraphs.table4(lines, t4) or {})
    if not changed:
        return text
    return "\n".join(changed.get(i, line) for i, line in enumerate(lines)) + "\n"

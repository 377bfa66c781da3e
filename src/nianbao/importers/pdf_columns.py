"""Blank cells of an unruled PDF table 三, put back from where the figures stand.

Printed without borders, a table leaves only its figures in the text layer: a row with zeros
printed blank ("2.重复申请 20 7 40 58 125") cannot say by its text which column each figure is
in, and a row all of zeros prints no figure at all. Positions and the format's row labels can:

- the rows printed in full (seven figures) give the columns' middles; every figure of a shorter
  row must stand on one of them, each on another, left to right;
- each row of the format begins on the line where its label begins (labels wrap over several
  lines, the figures stand on one of them); the lines up to the next row's label are that row's,
  and hold one line of figures or none (a row all blank).

A page's table is rewritten only when all of that holds for every row on it, and then each row
gets its seven cells, "—" for a blank (read as zero, as a blank cell of a ruled table is). A
row whose 总计 is blank beside figures (a total left unprinted, not a zero), a line of figures
that belongs to no row or stands off the columns, a label not found in the format's order:
the page stays as printed, and the importer leaves such rows out, saying why.
"""

from __future__ import annotations

import re
from statistics import median

from nianbao.importers.tokens import ZERO_MARKS
from nianbao.spec import format2021 as f

Word = tuple[float, float, str]  # (x of its first character's origin, of its last's, text)
_FIGURE = re.compile(r"\d[\d,]*")
_DASHES = re.compile(rf"[{re.escape(ZERO_MARKS)}]{{1,3}}")
_MARK = re.compile(rf"\d[\d,.]*|{_DASHES.pattern}")
MIN_ROWS = 2  # lines ending in a figure: fewer make no table
_MATCH = 3.0  # points: the middles of one column's figures in two full rows differ less
_DIGIT = 5.0  # points: a digit's advance when the page shows none (10.5 pt type)
_PREFIX = 6  # characters of a row label that must begin a word for the row to begin there
BLANK = "—"
WIDTH = len(f.T3_COLUMNS)
_ROWS = f.T3_NUMBER_ROWS


# The beginning of a row label of table 三, somewhere on a page: the page holds rows of it.
ROW_START = re.compile("|".join(re.escape(row.label[:_PREFIX]) for row in _ROWS))


def _trailing_figures(words: list[Word]) -> int:
    """How many words at the line's end are figures (whole numbers: table 三 has no other)."""
    n = 0
    for _, _, text in reversed(words):
        if not _FIGURE.fullmatch(text):
            break
        n += 1
    return n


def _advance(lines: list[list[Word]]) -> float:
    steps = [
        (last - first) / (len(text) - 1)
        for words in lines
        for first, last, text in words
        if len(text) > 1 and text.isdigit()
    ]
    return median(steps) if steps else _DIGIT


def fill_blank_columns(lines: list[list[Word]]) -> dict[int, str] | None:
    """For the lines of a page (each its words left to right): the lines of an unruled table
    三 rewritten with their blank cells, by index (empty: none blank); None where they cannot
    all be, and the page stays as printed."""
    advance = _advance(lines)

    def middle(word: Word) -> float:
        return (word[0] + word[1] + advance) / 2

    figures = [_trailing_figures(words) for words in lines]
    full = [i for i, n in enumerate(figures) if n == WIDTH]
    if not full:
        return None
    columns = [middle(w) for w in lines[full[0]][-WIDTH:]]
    spacing = min(b - a for a, b in zip(columns, columns[1:]))
    if spacing <= 2 * _MATCH or any(
        abs(middle(w) - c) > _MATCH for i in full for w, c in zip(lines[i][-WIDTH:], columns, strict=True)
    ):
        return None
    if any(_marks_on_columns(words, columns, spacing, middle) for words in lines):
        return None  # zeros printed as marks ("—", "/"): no cell is blank
    top, bottom = _span(lines, figures, columns[0] - spacing / 2, full[0], full[-1])
    if (top > 0 and figures[top - 1]) or (bottom < len(lines) - 1 and figures[bottom + 1]):
        return None  # the table goes on past a line over its columns: its rows cannot be told
    if any(
        _MARK.fullmatch(text) for i in range(top, bottom + 1) for _, _, text in lines[i][: len(lines[i]) - figures[i]]
    ):
        return None  # zeros printed as marks ("—", "/"), or a figure amid words: cells that need no putting back
    starts = _row_starts(lines, figures, top, bottom)
    if starts is None:
        return None
    out: dict[int, str] = {}
    bounds = [line for line, _ in starts] + [bottom + 1]
    for (start, _), end in zip(starts, bounds[1:]):
        with_figures = [i for i in range(start, end) if figures[i]]
        if len(with_figures) > 1:
            return None
        if not with_figures:  # a row all blank: its cells after its label's first line
            out[start] = _text(lines[start]) + " " + " ".join([BLANK] * WIDTH)
            continue
        i = with_figures[0]
        n = figures[i]
        if len(lines[i]) == n and not any(len(lines[k]) > figures[k] for k in range(i + 1, end)):
            return None  # figures after the row's label has ended (a page number?): no row's
        if n == WIDTH:
            continue
        placed = _place([middle(w) for w in lines[i][-n:]], columns, spacing)
        if placed is None or placed[-1] != WIDTH - 1:
            return None  # off the columns, or the 总计 blank beside figures: not printed, not zero
        cells = [BLANK] * WIDTH
        for word, column in zip(lines[i][-n:], placed, strict=True):
            cells[column] = word[2]
        label = _text(lines[i][:-n])
        out[i] = " ".join(([label] if label else []) + cells)
    return out


def _marks_on_columns(words: list[Word], columns: list[float], spacing: float, middle) -> bool:
    """Whether two or more dashes or slashes of the line stand on columns of the table (a page
    number "— 3 —" stands on one at most)."""
    marks = [middle(w) for w in words if _DASHES.fullmatch(w[2])]
    if len(marks) < 2:
        return False
    reach = min(spacing / 3, 3 * _MATCH)
    on = {c for x in marks for c, column in enumerate(columns) if abs(column - x) <= reach}
    return len(on) >= 2


def _text(words: list[Word]) -> str:
    return " ".join(text for _, _, text in words)


def _row_starts(lines: list[list[Word]], figures: list[int], top: int, bottom: int) -> list[tuple[int, int]] | None:
    """(line, row) where each row of the format begins, in order, one after the other; None
    when a label is missing or out of order, or figures stand before the first row's label."""
    starts: list[tuple[int, int]] = []
    for i in range(top, bottom + 1):
        label_words = [text for _, _, text in lines[i][: len(lines[i]) - figures[i]]]
        found = [r for r, row in enumerate(_ROWS) if any(w.startswith(row.label[:_PREFIX]) for w in label_words)]
        if not found:
            if not starts and figures[i]:
                return None  # figures of a row begun on the page before
            continue
        if len(found) > 1 or (starts and found[0] != starts[-1][1] + 1):
            return None
        starts.append((i, found[0]))
    return starts or None


def _span(lines: list[list[Word]], figures: list[int], left: float, first: int, last: int) -> tuple[int, int]:
    """The lines of the table the full rows first..last belong to: up and down from them as far
    as no line has words (other than its figures) over the columns — a header, the text around
    the table, a page's foot."""

    def inside(i: int) -> bool:
        words = lines[i][: len(lines[i]) - figures[i]]
        return all(word[1] < left for word in words)

    top, bottom = first, last
    while top > 0 and inside(top - 1):
        top -= 1
    while bottom < len(lines) - 1 and inside(bottom + 1):
        bottom += 1
    return top, bottom


def _place(middles: list[float], columns: list[float], spacing: float) -> list[int] | None:
    """The column of each figure: the one its middle stands on (within a third of the column
    spacing), each figure on another column, left to right; else None."""
    reach = min(spacing / 3, 3 * _MATCH)
    placed: list[int] = []
    for x in middles:
        column = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
        if abs(columns[column] - x) > reach or (placed and column <= placed[-1]):
            return None
        placed.append(column)
    return placed

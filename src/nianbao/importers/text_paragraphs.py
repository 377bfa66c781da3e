"""Blank cells of tables 二, 三 and 四 in a dump where every cell is a paragraph of its own: lynx
-dump of a Word-made page (a <p> in each cell) lays no table out, it writes each cell's text on
a line, the cells one blank line apart, and a blank cell (an empty <p>) as one blank line more.

So between the line of a row's label and the line of the next thing printed, the blank lines
count the cells: a figure stands one line after the previous cell, one more for each blank cell
between. A row is read only when its cells come to exactly the table's width; then its blank
cells are written "—" (read as zero, as a blank cell of a ruled table is). Rows are found by the
format's labels in order (table 三's group names and 办理结果 heading may stand between them),
the header words of tables 二 and 四 must be the format's, one a line; a line holding anything
else, a count of cells that does not come out, a 总计 blank beside figures: the table stays as
printed. A table printed wholly blank is left as printed (the importer's business).

（六）其他处理 printed as one set of figures spanning its three sub-rows (rowspan=3) shows here
as it is: sub-rows 2 and 3 have no cells at all (not seven blank ones).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nianbao.spec import format2021 as f

BLANK = "—"
_FIGURE = re.compile(r"[0-9０-９][0-9０-９,，]*")
_AMOUNT = re.compile(r"[0-9０-９][0-9０-９,，.．]*")  # table 二's fees are in 万元, with decimals
_T3_ROWS = f.T3_NUMBER_ROWS
_BETWEEN_ROWS = frozenset((f.T3_RESULTS_HEADING, *(r.group for r in _T3_ROWS if r.group)))
_OTHER = [i for i, r in enumerate(_T3_ROWS) if r in f.T3_OTHER_ROWS]
_T4_WORDS = [c.label for c in f.T4_COLUMNS]
_T4_HEADER = [
    f.T4_GROUPS[0].label,
    f.T4_SUIT_HEADER,
    *_T4_WORDS,
    *(g.label for g in f.T4_GROUPS[1:]),
    *_T4_WORDS * (len(f.T4_GROUPS) - 1),
]
_T4_WIDTH = len(f.T4_GROUPS) * len(_T4_WORDS)
_MAX_ITEMS = 400  # a table 三 is some 200 lines of text in this layout


class Item(NamedTuple):
    line: int
    text: str  # the line without its indent (a line holding two words holds no cell of this layout)
    gap: int  # blank lines before it


def _items(lines: list[str], start: int) -> list[Item]:
    out: list[Item] = []
    gap = 0
    for i in range(start, len(lines)):
        text = lines[i].strip()
        if not text:
            gap += 1
            continue
        out.append(Item(i, text, gap))
        gap = 0
        if len(out) >= _MAX_ITEMS:
            break
    return out


class _Cells(NamedTuple):
    cells: list[str]
    figures: list[int]  # the lines of its figures
    after: int  # index of the item after them


def _cells(items: list[Item], k: int, width: int, figure: re.Pattern[str] = _FIGURE) -> _Cells | None:
    """The cells after item k: each figure one line after the cell before it, one more for each
    blank cell between, and the next item as many lines after the last figure as cells are left;
    None unless they come to `width` cells."""
    column = -1
    cells = [BLANK] * width
    figures: list[int] = []
    j = k + 1
    while j < len(items) and figure.fullmatch(items[j].text):
        column += items[j].gap
        if items[j].gap < 1 or column >= width:
            return None
        cells[column] = items[j].text
        figures.append(items[j].line)
        j += 1
    if j >= len(items) or column + items[j].gap != width:
        return None
    return _Cells(cells, figures, j)


def _rewrite(out: dict[int, str], label_lines: list[int], label: str, found: _Cells | None) -> None:
    """The row on its label's first line, with its cells; its other lines emptied."""
    for line in [*label_lines[1:], *(found.figures if found else [])]:
        out[line] = ""
    out[label_lines[0]] = " ".join([label, *(found.cells if found else [])])


def _no_cells(items: list[Item], k: int) -> bool:
    """Whether item k (a label) is followed at once by the next label: a row with no cells."""
    return k + 1 < len(items) and items[k + 1].gap == 1 and not _FIGURE.fullmatch(items[k + 1].text)


def _label(items: list[Item], j: int, label: str) -> int | None:
    """The index of the last item spelling `label` from item j (a label may be printed in two
    paragraphs); None when they do not."""
    text = ""
    for k in range(j, min(len(items), j + 4)):
        text += items[k].text
        if text == label:
            return k
        if not label.startswith(text):
            return None
    return None


def table3(lines: list[str], first: int) -> dict[int, str] | None:
    """Table 三 from the line of its first label: each row's label (the 办理结果 heading and a
    group's name may stand before it), then its cells; its lines rewritten, or None."""
    items = _items(lines, first)
    out: dict[int, str] = {}
    rows: list[tuple[list[int], _Cells | None]] = []
    j = 0
    for r, row in enumerate(_T3_ROWS):
        while j < len(items) and items[j].text in _BETWEEN_ROWS:
            j += 1
        end = _label(items, j, row.label) if j < len(items) else None
        if end is None:
            return None
        found = _cells(items, end, len(f.T3_COLUMNS))
        if found is None and r in _OTHER[1:] and _no_cells(items, end):
            found = None  # no cell of its own: covered by sub-row 1's (rowspan=3)
            after = end + 1
        elif found is None or (found.figures and found.cells[-1] == BLANK):
            return None  # cells that do not come out, or the 总计 blank beside figures
        else:
            after = found.after
        rows.append(([it.line for it in items[j : end + 1]], found))
        j = after
    spanned = [rows[r][1] is None for r in _OTHER[1:]]
    if any(spanned) and not (all(spanned) and rows[_OTHER[0]][1] is not None):
        return None
    if not any(found.figures for _, found in rows if found):
        return None  # a table printed wholly blank: left as printed
    for (label_lines, found), row in zip(rows, _T3_ROWS, strict=True):
        _rewrite(out, label_lines, row.label, found)
    return out


def table2(lines: list[str], first: int) -> dict[int, str] | None:
    """Table 二 from its first block's article: each block's article, "信息内容" and its column
    words, then its rows, each a label and its cells; its lines rewritten, or None."""
    items = _items(lines, first)
    out: dict[int, str] = {}
    j = 0
    printed = False
    for block in f.T2_BLOCKS:
        header = [block.article, f.T2_CONTENT_HEADER, *(c.label for c in block.columns)]
        if [it.text for it in items[j : j + len(header)]] != header:
            return None
        j += len(header) - 1
        for _, label in block.rows:
            if j + 1 >= len(items) or items[j + 1].text != label:
                return None
            found = _cells(items, j + 1, len(block.columns), _AMOUNT)
            if found is None:
                return None
            printed = printed or bool(found.figures)
            _rewrite(out, [items[j + 1].line], label, found)
            j = found.after - 1
        j += 1
    return out if printed else None  # a table printed wholly blank: left as printed


def table4(lines: list[str], first: int) -> dict[int, str] | None:
    """Table 四 from its first header word (行政复议): the format's header, then its fifteen cells;
    its lines rewritten, or None."""
    items = _items(lines, first)
    if [it.text for it in items[: len(_T4_HEADER)]] != _T4_HEADER:
        return None
    found = _cells(items, len(_T4_HEADER) - 1, _T4_WIDTH)
    if found is None or not found.figures:
        return None  # a table printed wholly blank: left as printed
    width = len(_T4_WORDS)
    for g in range(len(f.T4_GROUPS)):
        group = found.cells[g * width : (g + 1) * width]
        if any(c != BLANK for c in group) and group[-1] == BLANK:
            return None  # a group's 总计 blank beside figures: not printed, not zero
    out = {line: "" for line in found.figures}
    out[found.figures[0]] = " ".join(found.cells)
    return out

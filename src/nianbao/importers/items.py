"""The common shape every source is turned into: lines of text and table rows of cells.

A table row keeps its cells (blank cells matter: "&nbsp;" is a zero or "not printed");
a plain line is only text. Cells covered by a row/col span are dropped, so a number
spanning three grid columns is read once.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple


class Item(NamedTuple):
    """A named tuple, not a dataclass: a report has hundreds of items, built quicker so."""

    lineno: int  # 1-based position in the extracted text, for messages
    text: str
    cells: tuple[str, ...] | None = None  # a table row; None for a plain line


# Item(…) without the call of a named tuple's __new__: a third of an item's making, on every
# line of every report.
_new = tuple.__new__


# Page numbers a PDF text layer leaves between rows: "- 3 -", "— 3 —", "第 3 页", "第3页 共5页".
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
# One long line holding a whole page (web archives): break it before the numbered headings.
_INLINE_HEADING = re.compile(r"(?<=[\s。；）)])\s*(?=[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]）)")
LONG_LINE = 200


_TEXT = itemgetter(1)  # an Item's text
# A report runs to a few thousand lines; the work after extraction is bounded by these.
MAX_ITEMS = 20_000
MAX_CHARS = 2_000_000


def check_extent(items: list[Item]) -> None:
    """Refuse a text far longer than any annual report before the tables are searched."""
    from nianbao.errors import UnreadableFile

    if len(items) > MAX_ITEMS:
        raise UnreadableFile(f"内容过长（{len(items)} 行，超过 {MAX_ITEMS} 行），不像一份年度报告，拒绝读取")
    chars = sum(map(len, map(_TEXT, items)))
    if chars > MAX_CHARS:
        raise UnreadableFile(f"内容过长（{chars} 个字符，超过 {MAX_CHARS} 个），不像一份年度报告，拒绝读取")


# What a page number's line begins with, blanks aside (or a digit, as \d reads one): most lines
# begin otherwise and are told so without the pattern.
_PAGE_NUMBER_STARTS = frozenset("-—–－第")


def is_page_number(line: str) -> bool:
    return _stripped_page_number(line.strip())


def _stripped_page_number(stripped: str) -> bool:
    """is_page_number of a line without blanks at its ends."""
    first = stripped[:1]
    return (first in _PAGE_NUMBER_STARTS or first.isdecimal()) and bool(_PAGE_NUMBER.match(stripped))


def lines_to_items(lines, start: int = 1) -> list[Item]:
    items: list[Item] = []
    for offset, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or _stripped_page_number(stripped):
            continue
        if len(stripped) > LONG_LINE:
            for piece in _INLINE_HEADING.split(stripped):
                piece = piece.strip()
                if piece:
                    items.append(Item(start + offset, piece))
        else:
            items.append(_new(Item, (start + offset, stripped, None)))
    return items


_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def markdown_items(text: str) -> list[Item]:
    """Pipe-table rows, lines of tab-separated cells and box-drawn tables become cell rows;
    everything else is a loose line."""
    return _plain_lines(text) if is_plain(text) else _markdown_lines(text)


def is_plain(text: str) -> bool:
    """No pipe, heading mark, box side, nor tab but in a line's indent: nothing but lines (most
    texts; "\t5", a cell per line indented, is a line)."""
    return (
        "|" not in text
        and "#" not in text
        and ("\t" not in text or "\t" not in _INDENT.sub("", text))
        and not any(side in text for side in _BOX_SIDES)
    )


_INDENT = re.compile(r"(?m)^[ \t]+(?=\S)")


def _markdown_lines(text: str) -> list[Item]:
    items: list[Item] = []
    box: list[tuple[int, str]] = []  # the text lines of one row of a box-drawn table
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped[:1] in _BOX_SIDES:
            if _BOX_RULED_TO_THE_END.search(stripped):
                # a rule line ends a row of the table; where labels span several rows it is
                # ruled only beside them ("│理结果 │ 提供 ├────┼…┤"): their words are left out
                items.extend(_box_row(box))
                box = []
            else:
                # ruled only under a label, not under the figures ("│ ├──────┤ 12 │ 0 │"): the
                # figures' cells span the rows beside them (rowspan), the row goes on
                box.append((n, _BOX_JOINT.sub("│", _BOX_LINE.sub(" ", stripped))))
            continue
        if box:
            items.extend(_box_row(box))
            box = []
        tabbed = line.strip(" \r\n\u3000\xa0")
        # (a leading tab before the only content indents a line: "\t5" is no row of cells)
        if "\t" in tabbed.lstrip("\t ") and len(tabbed) <= LONG_LINE and not stripped.startswith("|"):
            # a browser's copy of a table: its cells parted by tabs, a blank cell kept as nothing
            # between two tabs (a zero left blank, or a total not printed)
            cells = tuple(c.strip() for c in tabbed.split("\t"))
            if any(cells):
                items.append(Item(n, " ".join(c for c in cells if c), cells))
            continue
        if tabbed.count("\t") > 1 and not tabbed.strip():
            # a table row whose every cell is blank (all zeros left blank), as in a web page
            items.append(Item(n, "", ("",) * (tabbed.count("\t") + 1)))
            continue
        if not stripped:
            continue
        if stripped[0] == "|" and stripped.count("|") >= 2:
            if _MD_SEPARATOR.match(stripped):
                continue
            inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            cells = tuple(c.strip() for c in inner.split("|"))
            items.append(_new(Item, (n, " ".join(filter(None, cells)), cells)))  # (the cells with text)
        else:
            # "## 一、总体情况": the heading marks are Markdown, not the report's words.
            if "#" in line:
                line = _MD_HEADING.sub("", line)
                stripped = line.strip()
            if len(stripped) > LONG_LINE:
                items.extend(lines_to_items([line], n))
            elif not stripped:
                continue
            elif (stripped[0] in _PAGE_NUMBER_STARTS or stripped[0].isdecimal()) and _PAGE_NUMBER.match(stripped):
                continue  # (_stripped_page_number, without a call per line)
            else:
                items.append(_new(Item, (n, stripped, None)))  # lines_to_items, for one short line
    items.extend(_box_row(box))
    return items


def _plain_lines(text: str) -> list[Item]:
    """markdown_items of a plain text (is_plain): its lines, the loop above less what it asks of
    a line that is none of those."""
    items: list[Item] = []
    for n, stripped in enumerate(map(str.strip, text.splitlines()), 1):
        if not stripped:
            continue
        if len(stripped) > LONG_LINE:
            items.extend(lines_to_items([stripped], n))
        elif (stripped[0] in _PAGE_NUMBER_STARTS or stripped[0].isdecimal()) and _PAGE_NUMBER.match(stripped):
            continue
        else:
            items.append(_new(Item, (n, stripped, None)))
    return items


# Tables drawn with box characters (w3m -dump, some converters): "│规章 │ 12 │ 0 │", rows
# parted by rule lines ("├────┼────┤"), a cell's text wrapped over several lines of its row.
_BOX_SIDES = ("│", "┃", "┌", "├", "└", "┏", "┣", "┗")
_BOX_BAR = re.compile(r"[│┃]")
_BOX_RULED_TO_THE_END = re.compile(r"[─━]+[┤┫┘┐┼╋]\s*$")
_BOX_JOINT = re.compile(r"[├┤┼┣┫╋┬┴┳┻]")
_BOX_LINE = re.compile(r"[─━]")


def _box_row(lines: list[tuple[int, str]]) -> list[Item]:
    """One row of a box-drawn table: each column's pieces over its lines joined into a cell
    (a Chinese label wrapped in a narrow column has no space to put back)."""
    if not lines:
        return []
    split = [_BOX_BAR.split(text.strip())[1:-1] for _, text in lines]
    if len({len(parts) for parts in split}) != 1:  # the bars do not line up: each line a row
        return [
            Item(n, " ".join(c.strip() for c in parts if c.strip()), tuple(c.strip() for c in parts))
            for (n, _), parts in zip(lines, split)
            if any(c.strip() for c in parts)
        ]
    cells = tuple("".join(parts[k].strip() for parts in split) for k in range(len(split[0])))
    if not any(cells):
        return []
    return [Item(lines[0][0], " ".join(c for c in cells if c), cells)]

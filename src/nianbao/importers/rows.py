"""Assembling table 三's rows of numbers from whatever the source gave.

A row is `width` cells (7, or 8 with a 法人或其他组织小计 column). It may be one table
row, one line, `width` lines of one number each, several rows run into one line, or
one digit string with no separators. Labels are kept only as hints: placement is by
the order of the rows, because labels drift (yabuli) or vanish (Markdown from PDFs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple, cast

from nianbao.importers import align
from nianbao.importers.items import Item
from nianbao.importers.memo import LONGEST
from nianbao.importers.tokens import (
    BLANK,
    DASH,
    NUM,
    NUMBERED_LABEL,
    TEXT,
    ZERO_MARKS,
    Token,
    groups,
    is_run_together,
    item_tokens,
    normalize,
    printed_counts,
)
from nianbao.spec import format2021 as f

_SPACES = re.compile(r"\s+")
_KIND = itemgetter(0)  # a Token's kind


def _compact(text: str) -> str:
    return _SPACES.sub("", normalize(text))


_UNASKED = object()


@dataclass(slots=True)  # (dozens per report: made and read quicker so)
class RawRow:
    lineno: int
    label: str  # text printed just before the numbers, on the same line or in the same table row
    cells: list[Token] | None  # width tokens (num/dash/blank), or None when run together
    digits: str = ""  # the run-together digit string
    before: tuple[str, ...] = ()  # lines of text between the previous numbers and this row
    seq: int = 0  # position among the rows and strays, in the order printed
    after: tuple[str, ...] = ()  # the last row only: the text lines after it
    in_table: bool = False  # read from a table row (its label, if any, is in its own cells)
    refusal: str = ""  # why its run-together digits are not split, when the table says so
    # printed_counts(cells), once asked: the column order and the layout both ask it of every row
    # (not copied by dataclasses.replace, which gives the row other cells)
    _counts: object = field(default=_UNASKED, init=False, repr=False, compare=False)

    def counts(self) -> tuple[int, ...] | None:
        """printed_counts(cells) of a row whose cells were told apart: a blank or a dash is 0."""
        counts = self._counts
        if counts is _UNASKED:
            assert self.cells is not None
            counts = self._counts = printed_counts(self.cells)
        return cast("tuple[int, ...] | None", counts)

    def shown(self) -> str:
        if self.cells is None:
            return self.digits
        return " ".join(t.raw if t.kind != BLANK else "（空白）" for t in self.cells)


@dataclass
class Stray:
    lineno: int
    tokens: list[Token]
    reason: str
    label: str = ""
    before: tuple[str, ...] = ()
    seq: int = 0
    after: tuple[str, ...] = ()
    in_table: bool = False

    @property
    def numbers(self) -> int:
        return sum(1 for t in self.tokens if t.kind in (NUM, DASH))


def _trim(run: list[Token], width: int) -> list[Token]:
    # Markdown pads rows with empty cells; extra blanks past the row width are padding.
    if len(run) > width and all(t.kind == BLANK for t in run[width:]):
        run = run[:width]
    while len(run) > width and run[0].kind == BLANK:
        run = run[1:]
    return run


class _Assembler:
    """Reads items in order into rows and strays. State: the numbers gathered towards a row
    from lines of single numbers (`pending`), the text lines since the last numbers (`texts`,
    the labels around the rows), and the running position (`seq`)."""

    def __init__(self, width: int):
        self.width = width
        self.rows: list[RawRow] = []
        self.strays: list[Stray] = []
        self.pending: list[Token] = []
        self.pending_line = 0
        self.texts: list[str] = []
        self.seq = 0
        self.in_table = False  # the item being read is a table row

    def _context(self) -> tuple[str, ...]:
        out = tuple(self.texts)
        self.texts = []
        return out

    def add_row(self, lineno: int, label: str, cells, digits: str = "", table: bool | None = None) -> None:
        in_table = self.in_table if table is None else table
        before = tuple(self.texts) if self.texts else ()  # (_context, inline: a call per row)
        self.texts = []
        self.rows.append(RawRow(lineno, label, cells, digits, before, self.seq, (), in_table))
        self.seq += 1

    def add_stray(
        self, lineno: int, tokens: list[Token], reason: str, label: str = "", table: bool | None = None
    ) -> None:
        in_table = self.in_table if table is None else table
        self.strays.append(Stray(lineno, tokens, reason, label, self._context(), self.seq, in_table=in_table))
        self.seq += 1

    def flush(self) -> None:
        """Numbers gathered from lines that did not make a full row: a stray."""
        if self.pending:
            reason = (
                "不成行的数字（可能是页码或残缺的行）"
                if len(self.pending) == 1
                else f"应有{self.width}个数字，实有{len(self.pending)}个（可能有空白单元格）"
            )
            self.add_stray(self.pending_line, self.pending, reason, table=False)  # gathered from lines of text
            self.pending = []

    def gather(self, lineno: int, run: list[Token]) -> None:
        """One cell per line, or a row wrapped over lines: gather up to exactly a row."""
        if self.pending and len(self.pending) + len(run) > self.width:
            self.flush()
        if not self.pending:
            self.pending_line = lineno
        self.pending.extend(run)
        if len(self.pending) == self.width:
            self.add_row(self.pending_line, "", self.pending, table=False)
            self.pending = []

    def numbers(self, item: Item, label: str, run: list[Token], partial: bool = False) -> None:
        """A run of numbers read from one line or one table row; `partial` when a dash is glued
        to it (other cells of the row printed as dashes beside it) or commas part its figures."""
        width = self.width
        if self.pending:
            self.flush()
        if partial:
            self.add_stray(item.lineno, run, "数字与逗号或表示0的短横线相连，无法确定各数字所属的单元格", label)
        elif len(run) % width == 0:
            for k in range(0, len(run), width):
                self.add_row(item.lineno, label if k == 0 else "", run[k : k + width])
        elif len(run) == 1 and is_run_together(run[0], width):
            self.add_row(item.lineno, label, None, run[0].digits)
        elif all(t.kind == BLANK for t in run):
            if label:
                self.texts.append(label)
        else:
            self.add_stray(
                item.lineno,
                run,
                f"应有{width}个数字，实有{sum(1 for t in run if t.kind != BLANK)}个（可能有空白单元格）",
                label,
            )

    def wordy(self, item: Item, shape: _Shape) -> bool:
        """An item without any number: a blank table row, a caption row, or text (labels).
        Returns whether the item was an applicant caption row."""
        if item.cells is not None:
            tokens = shape.tokens
            if _all_blank_row(tokens, self.width):
                self.flush()
                # all its labels, as a row of figures has them ("（四）无法提供 1.本机关不掌握…"): the
                # first alone may be the group's, which names no row
                label = " ".join(t.raw for t in tokens if t.kind == TEXT)
                self.add_row(item.lineno, label, [Token(BLANK)] * self.width)
                return False
            if is_caption_row(item, tokens):
                # "| 类别 | 数据1 | … | 总计 |": the captions of the columns, no row's label
                self.flush()
                return is_applicant_caption(item)
        if not shape.no_text:
            self.flush()
            self.texts.append(shape.words)
        return False

    def finish(self) -> tuple[list[RawRow], list[Stray]]:
        self.flush()
        elements: list[RawRow | Stray] = [*self.rows, *self.strays]
        last = max(elements, key=lambda e: e.seq, default=None)
        if last is not None:
            last.after = tuple(self.texts)
        return self.rows, self.strays


class _Shape(NamedTuple):
    """What assemble asks of one line or table row, worked out once per distinct line."""

    tokens: tuple[Token, ...]
    figures: bool  # a number or a dash
    numbers: bool  # a number
    no_text: bool  # nothing but figures and blanks
    groups: tuple[tuple[str, tuple[Token, ...]], ...]
    trailing: str
    partial: tuple[bool, ...] = ()  # per group: figures parted by commas or glued to zero dashes
    words: str = ""  # a line without figures: its text, all of it (the labels it gives)


def _shape(text: str, cells: tuple[str, ...] | None) -> _Shape:
    """Cached: labels, captions and rows of zeros recur in every report of a batch."""
    tokens = item_tokens(text, cells)
    kinds = set(map(_KIND, tokens))
    if NUM not in kinds and DASH not in kinds:
        words = "".join(t.raw for t in tokens if t.kind == TEXT)
        return _Shape(tokens, False, False, TEXT not in kinds, (), "", words=words)  # groups: none, and not asked for
    listed = list(tokens)
    grouped = tuple((label, tuple(run)) for label, run in groups(listed))
    parted = TEXT in kinds and ("，" in text or "," in text) and _comma_between_figures(tokens)
    partial = tuple(
        parted or (len(run) == 1 and run[0].kind == NUM and _glued_to_zero_mark(text, run[0].raw)) for _, run in grouped
    )
    return _Shape(tokens, True, NUM in kinds, TEXT not in kinds, grouped, _trailing_text(listed), partial)


@lru_cache(maxsize=8192)  # see memo.py
def _shape_short(line: str | tuple[str, ...]) -> _Shape:
    """_shape of a line (its text) or a table row (its cells, whose text is theirs spaced, as
    the sources make it), keyed by the one thing it depends on: a text is its own key, with no
    tuple made."""
    return _shape(line, None) if isinstance(line, str) else _shape(" ".join(filter(None, line)), line)


def assemble(items: list[Item], width: int) -> tuple[list[RawRow], list[Stray]]:
    reader = _Assembler(width)
    numbers_seen = False  # a figure has been read: the header is over
    under_captions = False  # the previous item was an applicant caption row or a placeholder under it
    for item in items:
        text = item.text
        row_cells = item.cells
        shape = (
            _shape_short(text if row_cells is None else row_cells) if len(text) <= LONGEST else _shape(text, row_cells)
        )
        reader.in_table = item.cells is not None
        if (
            reader.in_table
            and under_captions
            and not (numbers_seen or reader.rows)
            and is_placeholder_row(list(shape.tokens), width)
        ):
            continue  # "| - | - |" under "| 商业企业 | 科研机构 | … |": a header cell, not a row of zeros
        under_captions = False
        if not shape.figures:
            under_captions = reader.wordy(item, shape)
            continue
        numbers_seen = numbers_seen or shape.numbers
        only_numbers = item.cells is None and shape.no_text
        for (label, run), partial in zip(shape.groups, shape.partial):
            cells = list(run) if len(run) <= width else _trim(list(run), width)  # (nothing to trim)
            if only_numbers and len(cells) < width:
                reader.gather(item.lineno, cells)
            else:
                reader.numbers(item, label, cells, partial)
        if shape.trailing:
            reader.texts.append(shape.trailing)
    return reader.finish()


_MARK = "[" + re.escape(ZERO_MARKS) + "]"
_PAGE_MARK_BEFORE = re.compile(_MARK + r"\d{1,3}" + _MARK + "$")
_PAGE_MARK_AFTER = re.compile(_MARK + r"\d{1,3}" + _MARK)


def _comma_between_figures(tokens: tuple[Token, ...]) -> bool:
    """A comma between two figures that is no thousands separator ("1，461", "2,6702"): the
    figures of the line cannot be told apart as cells."""
    return any(
        tokens[k].kind == TEXT
        and tokens[k].raw.strip() in ("，", ",")
        and tokens[k - 1].kind == NUM
        and tokens[k + 1].kind == NUM
        for k in range(1, len(tokens) - 1)
    )


def _glued_to_zero_mark(text: str, digits: str) -> bool:
    """A dash glued to a digit run ("确－4813332419137", "…38408－－") is a cell of the same row
    printed as a dash: the digits are not the whole row. A page number "-3-" glued there is not."""
    if len(digits) < 2 or not any(ch in text for ch in ZERO_MARKS):
        return False
    text = normalize(text)
    at = text.find(digits)
    if at < 0:
        return False
    end = at + len(digits)
    before = at > 0 and text[at - 1] in ZERO_MARKS and not _PAGE_MARK_BEFORE.search(text, 0, at)
    after = end < len(text) and text[end] in ZERO_MARKS and not _PAGE_MARK_AFTER.match(text, end)
    return before or after


def _trailing_text(tokens: list[Token]) -> str:
    """Text after a line's last number ("0 0 0 0 0 0 0 1.属于国家秘密"): the next row's label."""
    out: list[str] = []
    for token in reversed(tokens):
        if token.kind != TEXT:
            break
        out.append(token.raw)
    return "".join(reversed(out))


def _all_blank_row(tokens: Sequence[Token], width: int) -> bool:
    """A table row with a label and exactly `width` empty cells after it: all zero or not printed.
    (Blank cells before the label are the columns of labels spanning rows, as a box-drawn text
    table shows them; the label after them is then a numbered row's. Without a number it is the
    rest of the row above's label, broken over a line or a page, and no row of its own.)"""
    spanned = bool(tokens) and tokens[0].kind == BLANK
    while tokens and tokens[0].kind == BLANK:
        tokens = tokens[1:]
    if not tokens or tokens[0].kind != TEXT:
        return False
    tail = tokens[1:]
    label = tokens[0].raw
    while tail and tail[0].kind == TEXT:
        label = tail[0].raw  # the row's own label, after a spanning group's ("三、本年度办理结果")
        tail = tail[1:]
    if spanned and not NUMBERED_LABEL.match(label.strip()):
        return False
    # (more blanks than cells: a converter pads a row for the label cells spanning columns;
    # blank all through, the row is blank whichever of them are its cells)
    if len(tail) < width or not all(t.kind == BLANK for t in tail):
        return False
    return len(tail) == width or _pads_a_row_label(label)


def _pads_a_row_label(label: str) -> bool:
    """A label of a row of table 三 (not a heading such as （三）不予公开, whose cells a table may
    leave blank across the whole width) followed by more blank cells than the row has."""
    return not align.is_heading(label) and any(
        align.similarity(label, r.label) >= align.CERTAIN for r in f.T3_NUMBER_ROWS
    )


def is_caption_row(item: Item, tokens: Sequence[Token]) -> bool:
    """A table row of two or more cells of text and no number: the columns' captions
    ("| 类别 | 数据1 | … | 总计 |", "| 自然人 | 商业企业 | … |"), not the label of the next row."""
    if item.cells is None or any(t.kind in (NUM, DASH) for t in tokens):
        return False
    return sum(1 for t in tokens if t.kind == TEXT) >= 2


# The words of the applicant header (申请人情况 · 自然人 · 法人或其他组织 · 商业企业 …), from the
# format; a converter abbreviates them ("社会公益") or writes a generic "(数据项目) | 数量" grid.
_APPLICANT_WORDS = tuple(_compact(w) for w in (f.T3_APPLICANT_HEADER, f.T3_ORG_GROUP, *(c.label for c in f.T3_COLUMNS)))
_GENERIC_CAPTIONS = ("数据项目", "项目", "数量", "类别")


def _is_applicant_word(cell: str) -> bool:
    word = _compact(cell).strip("()（）")
    if not word:
        return True
    if word in _GENERIC_CAPTIONS:
        return True
    return len(word) >= 2 and any(word in label or label in word for label in _APPLICANT_WORDS)


def is_applicant_caption(item: Item) -> bool:
    """A caption row made only of the applicant header's words (or generic captions)."""
    if item.cells is None:
        return False
    return _applicant_caption(item.cells) if len(item.text) <= LONGEST else _applicant_caption.__wrapped__(item.cells)


@lru_cache(maxsize=1024)  # the header's rows recur in every report of a batch (see memo.py)
def _applicant_caption(cells: tuple[str, ...]) -> bool:
    return all(_is_applicant_word(c) for c in cells)


def is_placeholder_row(tokens: list[Token], width: int) -> bool:
    """A row of nothing but dashes, fewer than a row of table 三 has cells: the placeholders
    a converter writes under the header's captions. A full row of dashes may be a row of
    zeros and is kept."""
    dashes = sum(1 for t in tokens if t.kind == DASH)
    return 0 < dashes < width and all(t.kind in (DASH, BLANK) for t in tokens)

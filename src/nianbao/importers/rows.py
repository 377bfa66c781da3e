"""Assembling table 三's rows of numbers from whatever the source gave.

A row is `width` cells (7, or 8 with a 法人或其他组织小计 column). It may be one table
row, one line, `width` lines of one number each, several rows run into one line, or
one digit string with no separators. Labels are kept only as hints: placement is by
the order of the rows, because labels drift (yabuli) or vanish (Markdown from PDFs).
"""

from __future__ import annotations

from dataclasses import dataclass

from .items import Item
from .tokens import BLANK, DASH, NUM, TEXT, Token, groups, is_run_together, tokenize_item


@dataclass
class RawRow:
    lineno: int
    label: str  # text printed just before the numbers, on the same line or in the same table row
    cells: list[Token] | None  # width tokens (num/dash/blank), or None when run together
    digits: str = ""  # the run-together digit string
    before: tuple[str, ...] = ()  # lines of text between the previous numbers and this row
    seq: int = 0  # position among the rows and strays, in the order printed
    after: tuple[str, ...] = ()  # the last row only: the text lines after it

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


def assemble(items: list[Item], width: int) -> tuple[list[RawRow], list[Stray]]:
    rows: list[RawRow] = []
    strays: list[Stray] = []
    pending: list[Token] = []
    pending_line = 0
    texts: list[str] = []  # text lines since the last numbers: the labels around the rows
    seq = 0

    def context() -> tuple[str, ...]:
        nonlocal texts
        out = tuple(texts)
        texts = []
        return out

    def add_row(lineno: int, label: str, cells, digits: str = "") -> None:
        nonlocal seq
        rows.append(RawRow(lineno, label, cells, digits, context(), seq))
        seq += 1

    def add_stray(lineno: int, tokens: list[Token], reason: str, label: str = "") -> None:
        nonlocal seq
        strays.append(Stray(lineno, tokens, reason, label, context(), seq))
        seq += 1

    def flush() -> None:
        nonlocal pending
        if pending:
            reason = ("不成行的数字（可能是页码或残缺的行）" if len(pending) == 1
                      else f"应有{width}个数字，实有{len(pending)}个（可能有空白单元格）")
            add_stray(pending_line, pending, reason)
            pending = []

    for item in items:
        tokens = tokenize_item(item)
        if not any(t.kind in (NUM, DASH) for t in tokens):
            if item.cells is not None and _all_blank_row(tokens, width):
                flush()
                label = next((t.raw for t in tokens if t.kind == TEXT), "")
                add_row(item.lineno, label, [Token(BLANK)] * width)
            elif any(t.kind == TEXT for t in tokens):
                flush()
                texts.append("".join(t.raw for t in tokens if t.kind == TEXT))
            continue
        only_numbers = item.cells is None and all(t.kind != TEXT for t in tokens)
        for label, run in groups(tokens):
            run = _trim(run, width)
            if only_numbers and len(run) < width:
                # one cell per line, or a row wrapped over lines: gather up to exactly a row
                if pending and len(pending) + len(run) > width:
                    flush()
                if not pending:
                    pending_line = item.lineno
                pending.extend(run)
                if len(pending) == width:
                    add_row(pending_line, "", pending)
                    pending = []
                continue
            flush()
            if len(run) % width == 0:
                for k in range(0, len(run), width):
                    add_row(item.lineno, label if k == 0 else "", run[k:k + width])
            elif len(run) == 1 and is_run_together(run[0], width):
                add_row(item.lineno, label, None, run[0].digits)
            elif all(t.kind == BLANK for t in run):
                if label:
                    texts.append(label)
                continue
            else:
                add_stray(item.lineno, run, f"应有{width}个数字，实有{sum(1 for t in run if t.kind != BLANK)}个（可能有空白单元格）", label)
        trailing = _trailing_text(tokens)
        if trailing:
            texts.append(trailing)
    flush()
    last = max([*rows, *strays], key=lambda e: e.seq, default=None)
    if last is not None:
        last.after = tuple(texts)
    return rows, strays


def _trailing_text(tokens: list[Token]) -> str:
    """Text after a line's last number ("0 0 0 0 0 0 0 1.属于国家秘密"): the next row's label."""
    out: list[str] = []
    for token in reversed(tokens):
        if token.kind != TEXT:
            break
        out.append(token.raw)
    return "".join(reversed(out))


def _all_blank_row(tokens: list[Token], width: int) -> bool:
    """A table row with a label and exactly `width` empty cells after it: all zero or not printed."""
    if not tokens or tokens[0].kind != TEXT:
        return False
    tail = tokens[1:]
    while tail and tail[0].kind == TEXT:
        tail = tail[1:]
    return len(tail) == width and all(t.kind == BLANK for t in tail)

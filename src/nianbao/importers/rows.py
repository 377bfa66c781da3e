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
    label: str
    cells: list[Token] | None  # width tokens (num/dash/blank), or None when run together
    digits: str = ""  # the run-together digit string

    def shown(self) -> str:
        if self.cells is None:
            return self.digits
        return " ".join(t.raw if t.kind != BLANK else "（空白）" for t in self.cells)


@dataclass
class Stray:
    lineno: int
    tokens: list[Token]
    reason: str


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

    def flush(reason: str = "不成行的数字（可能是页码或残缺的行）") -> None:
        nonlocal pending
        if pending:
            strays.append(Stray(pending_line, pending, reason))
            pending = []

    for item in items:
        tokens = tokenize_item(item)
        if not any(t.kind in (NUM, DASH) for t in tokens):
            if item.cells is not None and _all_blank_row(tokens, width):
                flush()
                label = next((t.raw for t in tokens if t.kind == TEXT), "")
                rows.append(RawRow(item.lineno, label, [Token(BLANK)] * width))
            elif any(t.kind == TEXT for t in tokens):
                flush()
            continue
        only_numbers = item.cells is None and all(t.kind != TEXT for t in tokens)
        for label, run in groups(tokens):
            run = _trim(run, width)
            if only_numbers and (pending or len(run) < width):
                if not pending:
                    pending_line = item.lineno
                pending.extend(run)
                while len(pending) >= width:
                    rows.append(RawRow(pending_line, "", pending[:width]))
                    pending = pending[width:]
                    pending_line = item.lineno
                continue
            flush()
            if len(run) % width == 0:
                for k in range(0, len(run), width):
                    rows.append(RawRow(item.lineno, label if k == 0 else "", run[k:k + width]))
            elif len(run) == 1 and is_run_together(run[0], width):
                rows.append(RawRow(item.lineno, label, None, run[0].digits))
            elif all(t.kind == BLANK for t in run):
                continue
            else:
                strays.append(Stray(item.lineno, run, f"应有{width}个数字，实有{len(run)}个"))
    flush()
    return rows, strays


def _all_blank_row(tokens: list[Token], width: int) -> bool:
    """A table row with a label and exactly `width` empty cells after it: all zero or not printed."""
    if not tokens or tokens[0].kind != TEXT:
        return False
    tail = tokens[1:]
    while tail and tail[0].kind == TEXT:
        tail = tail[1:]
    return len(tail) == width and all(t.kind == BLANK for t in tail)

"""What the buttons wrote last time, kept in a very hidden sheet of the workbook.

So that a button undoes only its own work: the colours and notes of the last 校验
(never the clerk's own notes), and the text of the last 生成文字 (to tell whether the
clerk has edited a generated paragraph since).

Layout of the sheet: column A kind, B key, C value —
``mark | 表三 依申请公开!D5 | 1`` (1: the note is ours too) and
``text | overview.proactive | <text last written into the cell>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.spec.cellref import CellRef
from nianbao.spec.sheets import STATE_SHEET

MARK = "mark"
TEXT = "text"


@dataclass
class State:
    marks: dict[CellRef, bool] = field(default_factory=dict)  # cell -> the note there is ours
    texts: dict[str, str] = field(default_factory=dict)  # text field key -> last text written

    def rows(self) -> list[list]:
        out = [[MARK, str(cell), 1 if ours else 0] for cell, ours in self.marks.items()]
        out += [[TEXT, key, text] for key, text in self.texts.items()]
        return out


def read_state(book) -> State:
    sheet = _state_sheet(book)
    state = State()
    if sheet is None:
        return state
    values = sheet.used_range.options(ndim=2).value or []
    for row in values:
        row = list(row) + [None] * (3 - len(row))
        kind, key, value = row[:3]
        if not key:
            continue
        if kind == MARK:
            try:
                state.marks[CellRef.parse(str(key))] = bool(value)
            except ValueError:  # a row the clerk typed into the hidden sheet: not ours
                continue
        elif kind == TEXT:
            state.texts[str(key)] = "" if value is None else str(value)
    return state


def write_state(book, state: State) -> None:
    sheet = _state_sheet(book)
    if sheet is None:
        sheet = book.sheets.add(STATE_SHEET, after=book.sheets[len(book.sheets) - 1])
        sheet.visible = False
    sheet.clear_contents()
    rows = state.rows()
    if rows:
        sheet.range((1, 1), (len(rows), 3)).value = rows


def _state_sheet(book):
    for sheet in book.sheets:
        if sheet.name == STATE_SHEET:
            return sheet
    return None

"""Tables 二, 三 and 四 read from text without whitespace, by the format's labels as anchors.

Used when the reading by lines and cells (rows.py, table3.py …) leaves cells of a table
unread: a web page's text copy glues labels, cells and item numbers together, and there is
no line or cell left to go by. Each table is read as a whole (solve.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.importers import glued, solve
from nianbao.importers.columns import states_another_order
from nianbao.importers.result import Unplaced
from nianbao.importers.splits import splits
from nianbao.importers.table2 import choose_split
from nianbao.importers.tokens import amount_value
from nianbao.spec import format2021 as f

# Table 三's column header stands within this many characters before its first row.
_HEADER_WINDOW = 120


@dataclass
class Anchored:
    """Per table ("t2", "t3", "t4"): the values read and what could not be."""

    values: dict[str, dict] = field(default_factory=dict)
    unplaced: dict[str, list[Unplaced]] = field(default_factory=dict)
    layout: str = ""


def read_anchored(text: str, narrative: str = "", with_table2: bool = True) -> Anchored:
    """The tables found in `text` (any text: it is compacted here)."""
    text = glued.compact(text)
    out = Anchored()
    t3 = glued.read_table3_text(text)
    t3_start = t3.start if t3 is not None else len(text)
    if with_table2:
        _table2(text, t3_start, narrative, out)
    if t3 is not None and states_another_order(text[max(0, t3.start - _HEADER_WINDOW) : t3.start]):
        # The header prints the columns in another order: digits glued together cannot be
        # placed (a wrong column would be a wrong number). The line reading's verdict stands.
        t3 = None
    if t3 is not None:
        readings = {m: p.numbers for m, p in t3.rows.items() if p.numbers}
        solved = solve.solve_table3(readings, t3.layout)
        unplaced = list(t3.unplaced) + solved.unplaced
        for middle, printed in t3.rows.items():
            if printed.problem:
                unplaced.append(Unplaced(f"表三「{middle}」行", printed.problem + "，未导入", (), printed.shown))
        out.values["t3"] = solved.values
        out.unplaced["t3"] = unplaced
        out.layout = f"anchored-{t3.layout}"
    t4 = glued.read_table4_text(text, t3.end if t3 is not None else 0)
    if t4 is not None:
        solved = solve.solve_table4((t4[0],))
        out.values["t4"] = solved.values
        out.unplaced["t4"] = solved.unplaced
    return out


def _table2(text: str, stop: int, narrative: str, out: Anchored) -> None:
    values: dict = {}
    unplaced: list[Unplaced] = []
    for row in glued.read_table2_text(text, 0, stop):
        keys = tuple(f.t2_key(row.middle, c) for c in row.columns)
        where = f"表二「{row.label}」"
        if not row.printed:
            continue
        if row.amount:
            values[keys[0]] = amount_value(row.printed)
        elif len(keys) == 1:
            if row.printed == "0" or not row.printed.startswith("0"):
                values[keys[0]] = int(row.printed)
            else:
                unplaced.append(Unplaced(where, "数字以0开头，可能连着别的数字，未导入", keys, row.printed))
        else:
            options = splits(row.printed, len(keys)) or []
            chosen = choose_split(options, narrative, row.label)
            if chosen is None:
                unplaced.append(
                    Unplaced(
                        where, f"各列数字连在一起（{len(options)}种拆分），正文也无法确认，未导入", keys, row.printed
                    )
                )
            else:
                values.update(zip(keys, chosen))
    if values or unplaced:
        out.values["t2"] = values
        out.unplaced["t2"] = unplaced

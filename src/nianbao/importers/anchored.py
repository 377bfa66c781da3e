"""Tables 二, 三 and 四 read from text without whitespace, by the format's labels as anchors.

Used when the reading by lines and cells (rows.py, table3.py …) leaves cells of a table
unread: a web page's text copy glues labels, cells and item numbers together, and there is
no line or cell left to go by. Each table is read as a whole (solve.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.importers import glued, solve
from nianbao.importers.columns import states_another_order
from nianbao.importers.result import Unplaced
from nianbao.importers.splits import splits
from nianbao.importers.table2 import choose_split
from nianbao.importers.tokens import amount_value, normalize
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
    original = normalize(text)  # (full-width digits made ASCII; whitespace kept)
    text = glued.compact(text)
    out = Anchored()
    t3 = glued.read_table3_text(text)
    t3_start = t3.start if t3 is not None else len(text)
    dropped = t3 is not None and _drops_blank_cells(t3)
    if with_table2:
        _table2(text, t3_start, narrative, out, original, dropped)
    if dropped:
        # Some row of table 三 has fewer digits than cells, or none: the page leaves zeros blank,
        # and glued digits of a row may then be fewer cells than the format has. No split can
        # be trusted; the reading by lines and cells stands.
        return out
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


def _drops_blank_cells(t3: glued.Table3Text) -> bool:
    cells = len(f.T3_COLUMNS)
    # (a row with no digits at all is no evidence: a text layer may print a row's numbers
    # before its label, in the previous row's place)
    return any(
        not printed.problem and 0 < min((len(r) for r in printed.readings), default=0) < cells
        for printed in t3.rows.values()
    )


def _lone_figure(original: str, label: str, digits: str) -> bool:
    """The row's digits stand apart in the source, whitespace on both sides ("行政规范性文件\n648\n"):
    one figure of a row whose blank cells were dropped, not cells run together."""
    return re.search(rf"{re.escape(label)}\s+{digits}(?:\s|$)", original) is not None


def _table2(text: str, stop: int, narrative: str, out: Anchored, original: str = "", dropped: bool = False) -> None:
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
        elif dropped:
            unplaced.append(
                Unplaced(
                    where, "各列数字连在一起，而本报告把0印作空白，无法确定各数字所在的列，未导入", keys, row.printed
                )
            )
        elif not row.printed.startswith("0") and _lone_figure(original, row.label, row.printed):
            unplaced.append(
                Unplaced(where, f"应有{len(keys)}个数字，只印有1个（可能有空白单元格），未导入", keys, row.printed)
            )
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

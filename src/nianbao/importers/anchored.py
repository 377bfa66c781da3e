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
from nianbao.importers.splits import BLANK_SEPARATOR, ZERO_CELL, dashed_splits, splits
from nianbao.importers.table2 import choose_split
from nianbao.importers.tokens import ZERO_MARKS, amount_value, normalize
from nianbao.spec import format2021 as f

# Table 三's column header stands within this many characters before its first row.
_HEADER_WINDOW = 120


@dataclass
class Anchored:
    """Per table ("t2", "t3", "t4"): the values read and what could not be."""

    values: dict[str, dict] = field(default_factory=dict)
    unplaced: dict[str, list[Unplaced]] = field(default_factory=dict)
    layout: str = ""
    blank_zeros: bool = False  # the page prints zeros blank and the text kept no blank cell


def read_anchored(text: str, narrative: str = "", with_table2: bool = True) -> Anchored:
    """The tables found in `text` (any text: it is compacted here)."""
    original = normalize(text)  # (full-width digits made ASCII; whitespace kept)
    text = glued.compact(text)
    out = Anchored()
    t3 = glued.read_table3_text(text)
    t3_start = t3.start if t3 is not None else len(text)
    # some row of table 三 shows fewer figures than it has cells: the page leaves zeros blank
    # (or the copy lost cells) and the digits of a row may be fewer cells than the format's
    short = t3 is not None and _short_rows(t3)
    # … in a clean copy of such a page (see _blank_copy; and no figures just before the first
    # row's label: rows printed after their figures, which a reading by labels puts one off)
    dropped = t3 is not None and short and _blank_copy(t3) and not _DIGIT.search(text, max(0, t3.start - 40), t3.start)
    out.blank_zeros = dropped
    if with_table2:
        _table2(text, t3_start, narrative, out, original, short, dropped)
    if short and not dropped:
        return out  # no split can be trusted: the reading by lines and cells stands
    if t3 is not None and states_another_order(text[max(0, t3.start - _HEADER_WINDOW) : t3.start]):
        # The header prints the columns in another order: digits glued together cannot be
        # placed (a wrong column would be a wrong number). The line reading's verdict stands.
        t3 = None
    if t3 is not None:
        # dropped: a row's figures may stand in any of its cells (in order), and a row printed
        # with none is a row of zeros
        readings = {m: p.readings if dropped else p.numbers for m, p in t3.rows.items()}
        # every cell of a row printed apart ("5 0 0 2 0 0 7") is the reading by cells' (rows.py,
        # which knows the columns' order): not solved here
        spaced = {m for m, r in readings.items() if not dropped and any(BLANK_SEPARATOR in x for x in r)}
        readings = {m: r for m, r in readings.items() if r and not t3.rows[m].problem and m not in spaced}
        solved = solve.solve_table3(readings, t3.layout, blank=dropped)
        unplaced = list(t3.unplaced) + solved.unplaced
        if dropped and t3.other_spans:
            _other_rows_unknown(solved.values, unplaced)
        for middle, printed in t3.rows.items():
            problem = printed.problem or (_APART if middle in spaced else "")
            if problem:
                unplaced.append(Unplaced(f"表三「{middle}」行", problem + "，未导入", (), printed.shown))
        out.values["t3"] = solved.values
        out.unplaced["t3"] = unplaced
        out.layout = f"anchored-{t3.layout}"
    t4 = glued.read_table4_text(text, t3.end if t3 is not None else 0)
    if t4 is not None and (dropped or BLANK_SEPARATOR not in t4[0]):  # (cells printed apart: rows.py's)
        variants = glued.dashed_readings(t4[0]) if any(ch in ZERO_MARKS for ch in t4[0]) else [t4[0]]
        solved = solve.solve_table4(tuple(variants or ()), blank=dropped and variants == [t4[0]])
        out.values["t4"] = solved.values
        out.unplaced["t4"] = solved.unplaced
    return out


_DIGIT = re.compile(r"\d")
_PRINTED_ZERO = re.compile(r"(?:^| )0")  # a figure 0: first, or among figures kept apart
_APART = "数字之间夹有文字或符号，无法确定各数字所属的单元格"
_ONE_OTHER_KEYS = tuple(f.t3_key(glued.SINGLE_OTHER, c.suffix) for c in f.T3_COLUMNS)
_OTHER_KEYS = tuple(f.t3_key(str(r.middle), c.suffix) for r in f.T3_OTHER_ROWS for c in f.T3_COLUMNS)


def _other_rows_unknown(values: dict, unplaced: list[Unplaced]) -> None:
    """（六）其他处理 with figures on one sub-row at most, from a page that prints zeros blank: one
    set of cells spanning the three sub-rows, or three rows of which the others are zeros. The
    sum (solved as one row) holds either way, but whose cells the figures are is not known."""
    for key in _ONE_OTHER_KEYS:
        values.pop(key, None)
    unplaced[:] = [u for u in unplaced if not set(u.keys) & set(_ONE_OTHER_KEYS)]
    unplaced.append(
        Unplaced(
            f"表三「{f.T3_OTHER_2019.label}」",
            "0印作空白且空白单元格未保留，三个子行中至多一行印有数字：可能是一组单元格跨三个子行，"
            "也可能是其余子行为0，无法确定各子行的数字，未导入",
            _ONE_OTHER_KEYS + _OTHER_KEYS,
        )
    )


def _short_rows(t3: glued.Table3Text) -> bool:
    cells = len(f.T3_COLUMNS)
    # (a row with no digits at all is no evidence: a text layer may print a row's numbers
    # before its label, in the previous row's place)
    return any(
        not printed.problem and 0 < min((_cells_at_most(r) for r in printed.readings), default=0) < cells
        for printed in t3.rows.values()
        if not any(ZERO_CELL in r for r in printed.readings)  # (dashes: cells the digits do not fill)
    )


def _blank_copy(t3: glued.Table3Text) -> bool:
    """Rows with fewer figures than cells are a page's zeros left blank, not cells lost: every
    row shows figures and nothing else, and no figure 0 or dash for a zero anywhere."""
    if any(printed.problem for printed in t3.rows.values()):
        return False  # words or marks amid a row's figures: not a clean copy, whose rows can be trusted
    return not any(ZERO_CELL in r or _PRINTED_ZERO.search(r) for printed in t3.rows.values() for r in printed.readings)


def _cells_at_most(reading: str) -> int:
    """How many cells a row's printed figures can fill: one a figure when the source kept them
    apart ("94 212 702"), else one a digit ("94212702")."""
    return reading.count(BLANK_SEPARATOR) + 1 if BLANK_SEPARATOR in reading else len(reading)


_OTHER_UNITS = ("元", "千", "亿")  # after a figure of table 二: a unit the format's columns are not in


def _dashed_table2_row(row: glued.T2Row, keys: tuple[str, ...], where: str, values: dict, unplaced: list) -> None:
    """A row of table 二 with its zeros printed as dashes, glued ("规章---", "行政许可-", "12-3"):
    read when only one split of its figures gives the row's cells."""
    if row.amount:
        if set(row.printed) <= set(ZERO_MARKS):
            values[keys[0]] = 0.0
        else:
            unplaced.append(Unplaced(where, "金额与表示0的短横线连在一起，未导入", keys, row.printed))
        return
    found: dict[tuple[int, ...], None] = {}
    for variant in glued.dashed_readings(row.printed) or ():
        found.update(dict.fromkeys(dashed_splits(variant, len(keys)) or ()))
    if len(found) == 1:
        values.update(zip(keys, next(iter(found))))
    else:
        reason = f"数字与表示0的短横线连在一起（{len(found)}种拆分），无法确定各数字所在的列，未导入"
        unplaced.append(Unplaced(where, reason, keys, row.printed))


def _lone_figure(original: str, label: str, digits: str) -> bool:
    """The row's digits stand apart in the source, whitespace on both sides ("行政规范性文件\n648\n"):
    one figure of a row whose blank cells were dropped, not cells run together."""
    return re.search(rf"{re.escape(label)}\s+{digits}(?:\s|$)", original) is not None


def _table2(
    text: str, stop: int, narrative: str, out: Anchored, original: str = "", short: bool = False, blank: bool = False
) -> None:
    """`short`: table 三 has rows of fewer figures than cells, so a run of digits may be fewer
    cells than a row has (not split); `blank`: the page prints zeros blank, so a row with no
    figure is a row of zeros."""
    values: dict = {}
    unplaced: list[Unplaced] = []
    for row in glued.read_table2_text(text, 0, stop, blank=blank):
        keys = tuple(f.t2_key(row.middle, c) for c in row.columns)
        where = f"表二「{row.label}」"
        if not row.printed:
            if blank:  # zeros printed blank: a row printed with no figure is a row of zeros
                values.update(dict.fromkeys(keys, 0.0 if row.amount else 0))
            continue
        if row.after[:1] in _OTHER_UNITS:
            # "15000元" where the column is in 万元 (or a count in 元): not the cell's figure as
            # the format means it; converting would be a repair
            unplaced.append(Unplaced(where, "数字带有单位，与表格的单位不符，未导入", keys, row.printed + row.after))
            continue
        if any(ch in ZERO_MARKS for ch in row.printed):
            _dashed_table2_row(row, keys, where, values, unplaced)
            continue
        if row.amount:
            values[keys[0]] = amount_value(row.printed)
        elif len(keys) == 1:
            if row.printed == "0" or not row.printed.startswith("0"):
                values[keys[0]] = int(row.printed)
            else:
                unplaced.append(Unplaced(where, "数字以0开头，可能连着别的数字，未导入", keys, row.printed))
        elif short:
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

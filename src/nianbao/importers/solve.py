"""Splitting a table's run-together digits with all of its rules at once.

Each row of table 三 printed as one digit string has several readings (splits whose last cell,
the row total, is the sum of the others). The column rules (第一项加第二项之和等于第三项加第四项之和;
（七）总计 = the sum of the results) tie the rows together, so a column rule can settle a row that
alone has several readings. A cell is returned only when it has the same value in every reading
of the whole table that satisfies every rule; the rest are listed with the reason.

The rows and columns each rule ties are taken from the rules' own Balance instances
(spec.rules.BALANCES), once, at import: the search works on row vectors for speed, and every
value it returns is judged again by Balance.imbalance.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from nianbao.importers import blank_columns
from nianbao.importers.result import Unplaced
from nianbao.importers.splits import (
    BLANK_SEPARATOR,
    ZERO_CELL,
    blank_zero_figures,
    blank_zero_row_splits,
    dashed_row_splits,
    dashed_splits,
    row_splits,
)
from nianbao.importers.table4 import groups_hold
from nianbao.spec import format2021 as f
from nianbao.spec import rules

Vector = tuple[int, ...]
COLUMNS: tuple[str, ...] = tuple(c.suffix for c in f.T3_COLUMNS)
MAX_STATES = 200_000  # partial column sums held while adding up the result rows
# Digits of one printed row beyond which no split is tried: seven cells of a busy ministry's
# table take some 25; a longer run is no row (and its splits would take long to count).
MAX_ROW_DIGITS = 48
MAX_T4_DIGITS = 75


def _middle(key: str) -> str:
    return key.split(".", 1)[1].rsplit(".", 1)[0]


def _first(rule: rules.Rule) -> rules.Balance:
    return next(b for b in rules.BALANCES if b.rule is rule)


# One column's instance of each column rule names the rows it ties (the same in every column).
_BALANCE = _first(rules.T3_BALANCE)
BALANCE_LEFT: tuple[str, ...] = tuple(_middle(k) for k in _BALANCE.left)
BALANCE_RIGHT: tuple[str, ...] = tuple(_middle(k) for k in _BALANCE.right)
_RESULTS = _first(rules.T3_RESULTS_TOTAL)
RESULTS_TOTAL: str = _middle(_RESULTS.left[0])
RESULT_ROWS: dict[str, tuple[str, ...]] = {
    "official": tuple(_middle(k) for k in _RESULTS.right_variants[0]),
    "single-other": tuple(_middle(k) for k in _RESULTS.right_variants[1]),
}
T3_BALANCES = tuple(b for b in rules.BALANCES if b.left[0].startswith("t3."))
T4_BALANCES = tuple(b for b in rules.BALANCES if b.left[0].startswith("t4."))


def _add(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b))


def _sub(a: Vector, b: Vector) -> Vector:
    return tuple(x - y for x, y in zip(a, b))


def _fits(a: Vector, limit: Vector) -> bool:
    return all(x <= y for x, y in zip(a, limit))


def row_readings(
    readings: Iterable[str], parts: int = len(COLUMNS) - 1, blank: bool = False, spaced: bool = False
) -> list[Vector] | None:
    """Every split of a row's digit strings whose last cell is the sum of the others (`blank`:
    the page prints zeros blank and the source dropped the blank cells — see
    splits.blank_zero_row_splits; "" is then a row all blank)."""
    out: dict[Vector, None] = {}
    for digits in readings:
        if len(digits) > MAX_ROW_DIGITS:
            return None
        if blank:
            found = blank_zero_row_splits(digits, parts, spaced) if digits else ((0,) * (parts + 1),)
        else:
            found = dashed_row_splits(digits, parts) if ZERO_CELL in digits else row_splits(digits, parts)
        if found is None:
            return None
        out.update(dict.fromkeys(found))
    return list(out)


def _feasible_inner(options: dict[str, list[Vector]], order: tuple[str, ...], target: Vector) -> dict[str, set] | None:
    """Per row, the readings that take part in some choice of all rows adding up to target;
    None when the sums to hold grow past MAX_STATES (too many readings to judge)."""
    fixed = [m for m in order if len(options[m]) == 1]
    rest = target
    for m in fixed:
        rest = _sub(rest, options[m][0])
    if min(rest, default=0) < 0:
        return {m: set() for m in order}
    open_rows = [m for m in order if len(options[m]) > 1]
    zero = tuple(0 for _ in target)

    def reachable(rows: list[str]) -> list[set[Vector]] | None:
        """The sums reachable by the first i of rows, never above what is left to reach."""
        sums: list[set[Vector]] = [{zero}]
        for m in rows:
            nxt = {s for a in sums[-1] for x in options[m] for s in (_add(a, x),) if _fits(s, rest)}
            if len(nxt) > MAX_STATES:
                return None
            sums.append(nxt)
        return sums

    forward = reachable(open_rows)
    backward = reachable(open_rows[::-1])
    if forward is None or backward is None:
        return None
    backward.reverse()  # backward[i]: sums reachable by open rows i.. end
    if rest not in forward[-1]:
        return {m: set() for m in order}
    out: dict[str, set] = {m: {options[m][0]} for m in fixed}
    for i, m in enumerate(open_rows):
        after = backward[i + 1]
        out[m] = {x for x in options[m] if any(_sub(_sub(rest, a), x) in after for a in forward[i])}
    return out


@dataclass
class Solved:
    values: dict
    unplaced: list[Unplaced]


def solve_table3(readings: dict[str, tuple[str, ...]], layout: str, where: str = "表三", blank: bool = False) -> Solved:
    """Table 三 from the digit strings of its rows (middle -> readings); a row absent from
    `readings` was not printed. Cells are keyed t3.<middle>.<column>. `blank`: the page prints
    zeros blank and the source dropped the blank cells, so a row's figures may stand in any of
    its cells (in order); a row printed with no figure ("") is then a row of zeros."""
    unplaced: list[Unplaced] = []
    options: dict[str, list[Vector]] = {}
    # the source kept a row's figures apart (one cell a figure) or glued them: one way for all rows
    spaced = any(BLANK_SEPARATOR in text for texts in readings.values() for text in texts)
    for middle, texts in readings.items():
        found = row_readings(texts, blank=blank, spaced=spaced)
        if found:
            options[middle] = found
            continue
        reason = (
            ("各列数字可能的位置过多，无法确定" if blank else "各列数字连在一起，可能的拆分过多，无法确定")
            if found is None
            else (
                "0印作空白，这一行的数字无论在哪几列，总计都不等于各项之和"
                if blank
                else "各列数字连在一起，没有一种拆分能使总计等于各项之和"
            )
        )
        unplaced.append(Unplaced(f"{where}「{_label(middle)}」行", f"{reason}，未导入", _keys(middle), "/".join(texts)))
    if blank and unplaced:
        # A row whose figures add up in no placement: totals left unprinted, a figure lost, or
        # figures standing away from their labels (a text layer's order) — then no row can be
        # trusted, not even one printed with no figure (its figures may be those elsewhere).
        return _none_read(
            options, unplaced, where, "0印作空白，而本表有的行各数字无论在哪几列都不满足行合计，无法确定各数字所在的列"
        )
    if blank:
        # walked column by column, or (too many ways) each row judged alone: the search over
        # whole-row placements below would take far longer still
        walked = _by_columns(readings, options, layout, spaced, where)
        if walked is not None:
            return walked
        return _undecided(options, unplaced, where, f"{_LOST[blank]}，满足各条规则的{_READING[blank]}过多，无法确定")
    feasible = _feasible(options, layout)
    if feasible is None:
        return _undecided(options, unplaced, where, f"{_LOST[blank]}，满足各条规则的{_READING[blank]}过多，无法确定")
    if not any(feasible.values()):
        # no reading keeps every rule: the publisher's arithmetic. A row whose own total fixes
        # its split stands as printed (check reports the rule); the others cannot be read.
        return _undecided(
            options,
            unplaced,
            where,
            f"{_LOST[blank]}，没有一种{_READING[blank]}能同时满足行合计和各列规则（可能原文有误）",
        )
    values: dict = {}
    for middle, chosen in feasible.items():
        for n, col in enumerate(COLUMNS):
            seen = {v[n] for v in chosen}
            if len(seen) == 1:
                values[f.t3_key(middle, col)] = seen.pop()
        missing = [f.t3_key(middle, c) for c in COLUMNS if f.t3_key(middle, c) not in values]
        if missing:
            unplaced.append(
                Unplaced(
                    f"{where}「{_label(middle)}」行",
                    f"{_LOST[blank]}，有{len(chosen)}种{_READING[blank]}都满足行合计和各列规则，无法确定，未导入",
                    tuple(missing),
                    "/".join(readings[middle]),
                )
            )
    _confirm(values, T3_BALANCES)
    return Solved(values, unplaced)


def _by_columns(
    readings: dict[str, tuple[str, ...]], options: dict[str, list[Vector]], layout: str, spaced: bool, where: str
) -> Solved | None:
    """Blank cells dropped: the table walked column by column (blank_columns.py); None when that
    is too long (the caller then judges each row alone)."""
    figures: dict[str, list[tuple[int, ...]]] = {}
    for middle, texts in readings.items():
        found: list[tuple[int, ...]] = []
        for text in texts:
            got = blank_zero_figures(text, len(COLUMNS) - 1, spaced) if text else ((),)
            if got is None:
                return None
            found.extend(got)
        figures[middle] = list(dict.fromkeys(found))
    placed = blank_columns.solve(
        figures, len(COLUMNS) - 1, RESULT_ROWS[layout], RESULTS_TOTAL, BALANCE_LEFT, BALANCE_RIGHT
    )
    if placed is None:
        return None
    if not placed.feasible:
        reason = f"{_LOST[True]}，没有一种读法能同时满足行合计和各列规则（可能原文有误）"
        return _none_read(options, [], where, reason)
    values: dict = {}
    unplaced: list[Unplaced] = []
    for middle, found_vectors in options.items():
        if middle in placed.rows:
            cells = {n: placed.values[(middle, n)] for n in range(len(COLUMNS)) if (middle, n) in placed.values}
        else:  # tied by no rule judged: its own readings alone
            cells = {n: found_vectors[0][n] for n in range(len(COLUMNS)) if len({v[n] for v in found_vectors}) == 1}
        values.update({f.t3_key(middle, COLUMNS[n]): v for n, v in cells.items()})
        missing = tuple(f.t3_key(middle, c) for n, c in enumerate(COLUMNS) if n not in cells)
        if missing:
            unplaced.append(
                Unplaced(
                    f"{where}「{_label(middle)}」行",
                    f"{_LOST[True]}，满足行合计和各列规则的读法不止一种，无法确定，未导入",
                    missing,
                    "/".join(readings[middle]),
                )
            )
    _confirm(values, T3_BALANCES)
    return Solved(values, unplaced)


# what the source lost, said at the head of a reason (glued text, or blank cells dropped), and
# what one way of reading the row is called
_LOST = {False: "各列数字连在一起", True: "0印作空白且空白单元格未保留，各数字所在的列不明"}
_READING = {False: "拆分", True: "读法"}


def _feasible(options: dict[str, list[Vector]], layout: str) -> dict[str, set] | None:
    """Per row, the readings that occur in some reading of the whole table keeping every rule;
    every row empty when there is none; None when there are too many to judge.

    The 勾稽 relation (first two rows = the next two) is met in the middle: the sums of the
    left rows' readings are matched against those of the right rows', whose results total must
    also be the sum of some reading of the result rows (_feasible_inner, once per total)."""
    inner = RESULT_ROWS[layout]
    inner_judged = RESULTS_TOTAL in options and all(m in options for m in inner)
    balance_judged = all(m in options for m in (*BALANCE_LEFT, *BALANCE_RIGHT))
    out: dict[str, set] = {m: set(options[m]) for m in options}
    totals: dict[Vector, dict[str, set]] = {}  # a results total that the result rows can add up to
    if inner_judged:
        for m in inner:
            out[m] = set()
        for target in options[RESULTS_TOTAL]:
            found = _feasible_inner(options, inner, target)
            if found is None:
                return None
            if all(found[m] for m in inner):
                totals[target] = found
        out[RESULTS_TOTAL] = set(totals)
    if balance_judged:
        left = _sums([out[m] for m in BALANCE_LEFT])
        right = _sums([out[m] for m in BALANCE_RIGHT])
        if left is None or right is None:
            return None
        for m in (*BALANCE_LEFT, *BALANCE_RIGHT):
            out[m] = set()
        for total in left.keys() & right.keys():
            for side, rows in ((left, BALANCE_LEFT), (right, BALANCE_RIGHT)):
                for combo in side[total]:
                    for m, v in zip(rows, combo):
                        out[m].add(v)
    if inner_judged:
        for target in out[RESULTS_TOTAL]:
            for m in inner:
                out[m] |= totals[target][m]
    if any(not found for found in out.values()):
        return {m: set() for m in options}  # some row has no reading left: none of the table keeps every rule
    return out


def _sums(rows: list[set]) -> dict[Vector, list[tuple]] | None:
    """The readings of `rows` taken together, by their sum; None when they are too many."""
    out: dict[Vector, list[tuple]] = {}
    for count, combo in enumerate(itertools.product(*(sorted(r) for r in rows))):
        if count >= MAX_STATES:
            return None
        out.setdefault(functools.reduce(_add, combo), []).append(combo)
    return out


def _none_read(options: dict[str, list[Vector]], unplaced: list[Unplaced], where: str, reason: str) -> Solved:
    """Blank cells dropped and the rules broken somewhere: every row listed, none read."""
    unplaced += [Unplaced(f"{where}「{_label(m)}」行", f"{reason}，未导入", _keys(m)) for m in options]
    return Solved({}, unplaced)


def _undecided(options: dict[str, list[Vector]], unplaced: list[Unplaced], where: str, reason: str) -> Solved:
    """The rules could not be judged over the whole table: each row's cells that have one value
    in all of its own readings (every reading of the table is made of those), the rest listed."""
    values: dict = {}
    for middle, found in options.items():
        missing = []
        for n, col in enumerate(COLUMNS):
            seen = {v[n] for v in found}
            if len(seen) == 1:
                values[f.t3_key(middle, col)] = seen.pop()
            else:
                missing.append(f.t3_key(middle, col))
        if missing:
            unplaced.append(Unplaced(f"{where}「{_label(middle)}」行", f"{reason}，未导入", tuple(missing)))
    return Solved(values, unplaced)


def _confirm(values: dict, balances: Iterable[rules.Balance]) -> None:
    """Every rule judged on the values returned holds (the search above is only a fast form of it)."""
    for balance in balances:
        if balance.imbalance(values) not in (None, 0):
            raise AssertionError(f"导入结果违反规则 {balance.rule.id} {balance.scope}")


# ---------------------------------------------------------------- table 四

T4_KEYS: tuple[str, ...] = tuple(f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS)
T4_WIDTH = len(f.T4_COLUMNS)


class _TooMany(Exception):
    pass


def t4_readings(digits: str) -> list[Vector] | None:
    """Every split of table 四's fifteen cells printed as one digit string, each group's 总计
    the sum of its four results (cut into groups first, each group split like a table row);
    None when there are too many to judge."""
    if len(digits) > MAX_T4_DIGITS:
        return None
    if ZERO_CELL in digits:  # zeros printed as dashes, glued to the figures ("--------33-----")
        found = dashed_splits(digits, len(T4_KEYS), groups_hold)
        return None if found is None else list(found)
    out: list[Vector] = []

    def group(piece: str) -> tuple[Vector, ...]:
        found = row_splits(piece, T4_WIDTH - 1)
        if found is None:
            raise _TooMany
        return found

    def rec(start: int, left: int, acc: Vector) -> None:
        if left == 1:
            out.extend(acc + v for v in group(digits[start:]))
            return
        for cut in range(start + T4_WIDTH, len(digits) - T4_WIDTH * (left - 1) + 1):
            for v in group(digits[start:cut]):
                rec(cut, left - 1, acc + v)
            if len(out) > MAX_STATES:
                raise _TooMany

    try:
        rec(0, len(f.T4_GROUPS), ())
    except _TooMany:
        return None
    return out


def t4_blank_readings(printed: str) -> list[Vector] | None:
    """Table 四 from a page that prints zeros blank, its blank cells dropped: the figures cut into
    the three groups in order (a group may have none: all 0), each group read as a row whose
    figures stand in some of its cells (splits.blank_zero_row_splits). None when too many."""
    spaced = BLANK_SEPARATOR in printed
    units = printed.split(BLANK_SEPARATOR) if spaced else list(printed)
    joiner = BLANK_SEPARATOR if spaced else ""
    zero = (0,) * T4_WIDTH
    out: dict[Vector, None] = {}
    n = len(units) if printed else 0
    for first in range(n + 1):
        for second in range(first, n + 1):
            groups = []
            for a, b in ((0, first), (first, second), (second, n)):
                piece = joiner.join(units[a:b])
                found = blank_zero_row_splits(piece, T4_WIDTH - 1, spaced) if piece else (zero,)
                if found is None:
                    return None
                groups.append(found)
            for combo in itertools.product(*groups):
                out[combo[0] + combo[1] + combo[2]] = None
            if len(out) > MAX_STATES:
                return None
    return list(out)


def solve_table4(readings: tuple[str, ...], where: str = "表四", blank: bool = False) -> Solved:
    """Table 四 from its digit strings (`blank`: zeros printed blank, blank cells dropped; "" is
    then a table printed with no figure at all, every cell 0)."""
    found: dict[Vector, None] = {}
    for digits in readings:
        if not blank and not digits:
            continue
        got = t4_blank_readings(digits) if blank else t4_readings(digits)
        if got is None:
            return Solved({}, [Unplaced(where, "表四数字连在一起，可能的拆分过多，无法确定，未导入", T4_KEYS, digits)])
        found.update(dict.fromkeys(got))
    if not found:
        return Solved(
            {},
            [
                Unplaced(
                    where, "表四数字连在一起，没有一种拆分能使各组总计等于各项之和，未导入", T4_KEYS, "/".join(readings)
                )
            ],
        )
    values = {}
    for n, key in enumerate(T4_KEYS):
        seen = {v[n] for v in found}
        if len(seen) == 1:
            values[key] = seen.pop()
    missing = tuple(k for k in T4_KEYS if k not in values)
    unplaced = []
    if missing:
        unplaced.append(
            Unplaced(
                where,
                f"表四数字连在一起，有{len(found)}种拆分都满足各组合计，无法确定，未导入",
                missing,
                "/".join(readings),
            )
        )
    _confirm(values, T4_BALANCES)
    return Solved(values, unplaced)


def _label(middle: str) -> str:
    for row in (*f.T3_NUMBER_ROWS, f.T3_OTHER_2019):
        if row.middle == middle:
            return row.label
    return middle


def _keys(middle: str) -> tuple[str, ...]:
    return tuple(f.t3_key(middle, c) for c in COLUMNS)

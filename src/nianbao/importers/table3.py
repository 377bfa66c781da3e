"""Placing table 三's rows by their order, choosing the layout with the rules.

Layouts are built from format2021: the official 25 rows, the single （六）其他处理 row
(2019 format, or a 2021 report printing it so), optional subtotal rows for the groups
（三）…（六） (before or after their items) and an optional 法人或其他组织小计 column.
The rules of rules.BALANCES, plus "a subtotal is the sum of its items", decide between
layouts and between the splits of run-together digits; a number is never changed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .. import format2021 as f
from .. import rules
from .result import Unplaced
from .rows import RawRow
from .splits import row_splits
from .tokens import BLANK, DASH, count_value

ORG_SUBTOTAL = "org_subtotal"
MAX_COMBINATIONS = 4096

_PARTS = [c.suffix for c in f.T3_PART_COLUMNS]
_ORGS = [c.suffix for c in f.T3_PART_COLUMNS if c.group]
_OTHER_MIDDLES = {r.middle for r in f.T3_OTHER_ROWS}
_GROUPS: dict[str, list[str]] = {}
for _row in f.T3_NUMBER_ROWS:
    if _row.group:
        _GROUPS.setdefault(_row.group, []).append(_row.middle)
_T3_BALANCES = [(b.left, b.right_variants) for b in rules.BALANCES if b.left[0].startswith("t3.")]


def columns(width: int) -> list[str]:
    if width == len(f.T3_COLUMNS):
        return [c.suffix for c in f.T3_COLUMNS]
    return _PARTS + [ORG_SUBTOTAL, "total"]


@dataclass(frozen=True)
class Layout:
    id: str
    rows: tuple[str, ...]  # key middles; "sub:<group label>" for a subtotal row
    single_other: bool


def _layouts() -> list[Layout]:
    out = []
    for single in (False, True):
        base: list[str] = []
        for row in f.T3_NUMBER_ROWS:
            if row.middle in _OTHER_MIDDLES:
                if single and f.T3_OTHER_2019.middle not in base:
                    base.append(f.T3_OTHER_2019.middle)
                if single:
                    continue
            base.append(row.middle)
        groups = [g for g, members in _GROUPS.items() if not (single and members[0] in _OTHER_MIDDLES)]
        # each group: no subtotal, a subtotal row before its items, or after them
        for choice in itertools.product((None, "before", "after"), repeat=len(groups)):
            rows = list(base)
            for group, where in zip(groups, choice):
                if where is None:
                    continue
                members = _GROUPS[group]
                at = rows.index(members[0]) if where == "before" else rows.index(members[-1]) + 1
                rows.insert(at, f"sub:{group}")
            name = "single-other" if single else "official"
            if any(choice):
                name += "-subtotals"
            out.append(Layout(name, tuple(rows), single))
    return out


LAYOUTS = _layouts()


def _constraints(layout: Layout, cols: list[str]) -> list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    out = list(_T3_BALANCES)
    for middle in layout.rows:
        if middle.startswith("sub:"):
            members = _GROUPS[middle[4:]]
            for c in cols:
                out.append(((f"t3.{middle}.{c}",), (tuple(f"t3.{m}.{c}" for m in members),)))
    if ORG_SUBTOTAL in cols:
        for middle in layout.rows:
            out.append(((f"t3.{middle}.{ORG_SUBTOTAL}",), (tuple(f"t3.{middle}.{o}" for o in _ORGS),)))
    return out


def violations(values: dict, constraints) -> int:
    bad = 0
    for left, variants in constraints:
        if not all(k in values for k in left):
            continue
        right = next((side for side in variants if all(k in values for k in side)), None)
        if right is None:
            continue
        if sum(values[k] for k in left) != sum(values[k] for k in right):
            bad += 1
    return bad


def _indexed(layout: Layout, cols: list[str], constraints) -> list:
    """The constraints as (row, column) positions, for checking many combinations fast."""
    where = {f"t3.{m}.{c}": (r, i) for r, m in enumerate(layout.rows) for i, c in enumerate(cols)}
    out = []
    for left, variants in constraints:
        if not all(k in where for k in left):
            continue
        sides = [tuple(where[k] for k in side) for side in variants if all(k in where for k in side)]
        if sides:
            out.append((tuple(where[k] for k in left), sides))
    return out


def _holds(chosen: list, indexed) -> bool:
    for left, sides in indexed:
        try:
            lsum = sum(chosen[r][c] for r, c in left)
        except TypeError:  # a row or cell not available: the rule cannot be judged
            continue
        for side in sides:
            try:
                rsum = sum(chosen[r][c] for r, c in side)
            except TypeError:
                continue
            if lsum != rsum:
                return False
            break
    return True


@dataclass
class Table3:
    values: dict
    unplaced: list[Unplaced]
    layout: str


def _printed(row: RawRow, cols: list[str], blank_total_absent: bool) -> tuple[int | None, ...] | None:
    out = []
    for col, token in zip(cols, row.cells):
        if token.kind == DASH:
            out.append(0)
        elif token.kind == BLANK:
            out.append(None if col in ("total", ORG_SUBTOTAL) and blank_total_absent else 0)
        else:
            number = count_value(token.raw)
            if number is None:
                return None
            out.append(number)
    return tuple(out)


def read_table3(raw_rows: list[RawRow], width: int) -> Table3:
    cols = columns(width)
    unplaced: list[Unplaced] = []
    # A blank 总计 beside a non-zero row means the publisher did not print totals: absent, not 0.
    blank_total_absent = any(
        r.cells is not None and r.cells[-1].kind == BLANK
        and any(t.kind not in (BLANK, DASH) and count_value(t.raw) for t in r.cells[:-1])
        for r in raw_rows
    )
    candidates: list[list[tuple]] = []
    for row in raw_rows:
        if row.cells is not None:
            printed = _printed(row, cols, blank_total_absent)
            candidates.append([printed] if printed is not None else [])
        else:
            found = row_splits(row.digits, len(_PARTS), len(_ORGS) if ORG_SUBTOTAL in cols else 0)
            candidates.append(list(found) if found is not None else [])
    n = len(raw_rows)
    layouts = [lay for lay in LAYOUTS if len(lay.rows) == n]
    if width == len(f.T3_COLUMNS) and any("subtotals" not in lay.id for lay in layouts):
        layouts = [lay for lay in layouts if "subtotals" not in lay.id]
    if not layouts:
        where = f"第{raw_rows[0].lineno}行起" if raw_rows else "表三"
        unplaced.append(Unplaced(where, f"表三找到{n}行数字，与任何已知版式的行数都不符，未导入",
                                 found=" | ".join(r.shown() for r in raw_rows[:40])))
        return Table3({}, unplaced, f"unknown-{n}x{width}")
    layout = _choose_layout(layouts, raw_rows, candidates, cols)
    if layout is None:
        unplaced.append(Unplaced("表三", "表三的行可以按多种版式排列，规则无法确定唯一一种，未导入"))
        return Table3({}, unplaced, f"ambiguous-{n}x{width}")
    constraints = _constraints(layout, cols)
    chosen = _resolve(layout, raw_rows, candidates, cols, constraints, unplaced)
    values = {}
    for middle, cells in zip(layout.rows, chosen):
        if cells is None or middle.startswith("sub:"):
            continue
        for col, value in zip(cols, cells):
            if value is not None and col != ORG_SUBTOTAL:
                values[f"t3.{middle}.{col}"] = value
    return Table3(values, unplaced, f"{layout.id}-{n}x{width}")


def _fill(layout: Layout, cells_per_row, cols: list[str]) -> dict:
    values = {}
    for middle, cells in zip(layout.rows, cells_per_row):
        if cells is None:
            continue
        for col, value in zip(cols, cells):
            if value is not None:
                values[f"t3.{middle}.{col}"] = value
    return values


def _choose_layout(layouts, raw_rows, candidates, cols) -> Layout | None:
    if len(layouts) == 1:
        return layouts[0]
    certain = [c[0] if len(c) == 1 else None for c in candidates]
    scored = []
    for layout in layouts:
        values = _fill(layout, certain, cols)
        hint = sum(1 for middle, row in zip(layout.rows, raw_rows)
                   if middle.startswith("sub:") and ("小计" in row.label or "合计" in row.label))
        scored.append((violations(values, _constraints(layout, cols)), -hint, layout, values))
    scored.sort(key=lambda s: s[:2])
    best = [s for s in scored if s[:2] == scored[0][:2]]
    real = [{k: v for k, v in s[3].items() if "sub:" not in k and ORG_SUBTOTAL not in k} for s in best]
    if all(r == real[0] for r in real):
        return best[0][2]
    return None


def _resolve(layout, raw_rows, candidates, cols, constraints, unplaced) -> list:
    chosen: list = [c[0] if len(c) == 1 else None for c in candidates]
    undecided = [i for i, c in enumerate(candidates) if len(c) != 1 or raw_rows[i].cells is None]
    for i, row in enumerate(raw_rows):
        if not candidates[i]:
            reason = ("各列数字连在一起，没有一种拆分能使总计等于各项之和" if row.cells is None
                      else "含有无法读作件数的内容")
            unplaced.append(Unplaced(f"第{row.lineno}行", f"{reason}，未导入", _keys(layout.rows[i], cols), row.shown()))
    run_together = [i for i in undecided if candidates[i]]
    if not run_together:
        return chosen
    options = [candidates[i] for i in run_together]
    total = 1
    for option in options:
        total *= len(option)
    agree: dict[int, set] = {i: set() for i in run_together}
    if total <= MAX_COMBINATIONS:
        base = list(chosen)
        indexed = _indexed(layout, cols, constraints)
        for combo in itertools.product(*options):
            for i, cells in zip(run_together, combo):
                base[i] = cells
            if _holds(base, indexed):
                for i, cells in zip(run_together, combo):
                    agree[i].add(cells)
    for i in run_together:
        row = raw_rows[i]
        if len(agree[i]) == 1:
            chosen[i] = next(iter(agree[i]))
            continue
        chosen[i] = None
        if total > MAX_COMBINATIONS:
            reason = "各列数字连在一起，可能的拆分过多，无法确定"
        elif not agree[i]:
            reason = "各列数字连在一起，没有一种拆分能同时满足行合计和各列规则（可能原文有误）"
        else:
            reason = f"各列数字连在一起，有{len(agree[i])}种拆分都满足行合计和各列规则，无法确定"
        unplaced.append(Unplaced(f"第{row.lineno}行", f"{reason}，未导入", _keys(layout.rows[i], cols), row.digits))
    return chosen


def _keys(middle: str, cols: list[str]) -> tuple[str, ...]:
    if middle.startswith("sub:"):
        return ()
    return tuple(f"t3.{middle}.{c}" for c in cols if c != ORG_SUBTOTAL)

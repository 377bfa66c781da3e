"""Placing table 三's rows by their order, choosing the layout with the rules.

Layouts are built from format2021: the official 25 rows, the single （六）其他处理 row
(2019 format, or a 2021 report printing it so), optional subtotal rows for the groups
（三）…（六） (before or after their items) and an optional 法人或其他组织小计 column.
The rules of rules.BALANCES, plus "a subtotal is the sum of its items", decide between
layouts and between the splits of run-together digits; a number is never changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from nianbao.importers import align
from nianbao.importers.memo import per_line
from nianbao.importers.result import Unplaced
from nianbao.importers.rows import RawRow, Stray
from nianbao.importers.splits import row_splits
from nianbao.importers.tokens import BLANK, DASH, NUM, count_value, printed_counts
from nianbao.spec import format2021 as f
from nianbao.spec import rules

ORG_SUBTOTAL = "org_subtotal"
MAX_COMBINATIONS = 4096
MAX_ROWS = 120  # four times the longest layout: beyond, no row can be told from a stray

_PARTS = [c.suffix for c in f.T3_PART_COLUMNS]
_ORGS = [c.suffix for c in f.T3_PART_COLUMNS if c.group]
_OTHER_MIDDLES = {r.middle for r in f.T3_OTHER_ROWS}
_GROUPS: dict[str, list[str]] = {}
for _row in f.T3_NUMBER_ROWS:
    if _row.group:
        _GROUPS.setdefault(_row.group, []).append(_row.middle)
_T3_BALANCES: list[rules.Balance] = [b for b in rules.BALANCES if b.left[0].startswith("t3.")]
# Relations of the local layouts, built as Balance instances like the format's own: a printed
# subtotal row is the sum of its group's items, a printed 法人或其他组织 column the sum of its kinds.
SUBTOTAL_ROW = rules.Rule("导入-小计行", rules.ERROR, "表三小计行等于本组各项之和")
SUBTOTAL_COLUMN = rules.Rule("导入-小计列", rules.ERROR, "表三法人或其他组织小计等于其五类之和")


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
_LAYOUTS_OF_LENGTH: dict[int, list[Layout]] = {}
for _layout in LAYOUTS:
    _LAYOUTS_OF_LENGTH.setdefault(len(_layout.rows), []).append(_layout)


def _constraints(layout: Layout, cols: list[str]) -> list[rules.Balance]:
    return list(_layout_constraints(layout, len(cols)))


@lru_cache(maxsize=256)
def _layout_constraints(layout: Layout, width: int) -> tuple[rules.Balance, ...]:
    """The relations of a layout, built once per layout and width (there are a few hundred)."""
    cols = columns(width)
    out = list(_T3_BALANCES)
    for middle in layout.rows:
        if middle.startswith("sub:"):
            members = _GROUPS[middle[4:]]
            for c in cols:
                key = f"t3.{middle}.{c}"
                out.append(
                    rules.Balance(SUBTOTAL_ROW, middle[4:], (key,), (tuple(f"t3.{m}.{c}" for m in members),), key)
                )
    if ORG_SUBTOTAL in cols:
        out += _org_subtotals(layout.rows)
    return tuple(out)


def _org_subtotals(middles) -> list[rules.Balance]:
    """A printed 法人或其他组织 subtotal column is the sum of its five kinds, row by row."""
    out = []
    for m in middles:
        key = f.t3_key(m, ORG_SUBTOTAL)
        out.append(rules.Balance(SUBTOTAL_COLUMN, m, (key,), (tuple(f.t3_key(m, o) for o in _ORGS),), key))
    return out


def violations(values: dict, constraints: list[rules.Balance]) -> int:
    """How many of the relations judged in `values` fail (Balance.imbalance judges each)."""
    return sum(1 for b in constraints if b.imbalance(values) not in (None, 0))


def _violated(chosen: list, indexed) -> int:
    """violations() of the values the rows `chosen` give in a layout, judged on the positions
    of _indexed (the same sums, without a dict of keys): every report judges its table once."""
    bad = 0
    for left, sides in indexed:
        lsum = 0
        try:
            for r, c in left:
                lsum += chosen[r][c]
        except TypeError:  # a row or cell not available: the rule cannot be judged
            continue
        for side in sides:
            rsum = 0
            try:
                for r, c in side:
                    rsum += chosen[r][c]
            except TypeError:
                continue
            if lsum != rsum:
                bad += 1
            break
    return bad


@lru_cache(maxsize=256)
def _layout_indexed(layout: Layout, width: int) -> tuple:
    """_indexed of a layout's own relations, once per layout and width (shared: a tuple)."""
    return tuple(_indexed(layout, columns(width), list(_layout_constraints(layout, width))))


def _indexed(layout: Layout, cols: list[str], constraints: list[rules.Balance]) -> list:
    """The Balance instances as (row, column) positions, derived once per layout: _holds judges
    thousands of combinations of run-together rows on these tuples, the same sums as
    Balance.imbalance, without building a dict of keys for each combination."""
    where = {f"t3.{m}.{c}": (r, i) for r, m in enumerate(layout.rows) for i, c in enumerate(cols)}
    out = []
    for balance in constraints:
        left, variants = balance.left, balance.right_variants
        if not all(k in where for k in left):
            continue
        sides = [tuple(where[k] for k in side) for side in variants if all(k in where for k in side)]
        if sides:
            out.append((tuple(where[k] for k in left), sides))
    return out


def _holds(chosen: list, indexed) -> bool:
    """violations(…) == 0 on positions (the sums added up in loops: quicker than sum() of a
    generator, over the thousands of combinations _resolve judges)."""
    for left, sides in indexed:
        lsum = 0
        try:
            for r, c in left:
                lsum += chosen[r][c]
        except TypeError:  # a row or cell not available: the rule cannot be judged
            continue
        for side in sides:
            rsum = 0
            try:
                for r, c in side:
                    rsum += chosen[r][c]
            except TypeError:
                continue
            if lsum != rsum:
                return False
            break
    return True


def _involving(indexed, rows: set[int]) -> tuple[tuple, tuple]:
    """(the relations of `indexed` that judge a cell of `rows`, the others)."""
    moving: list[tuple] = []
    fixed: list[tuple] = []
    for relation in indexed:
        left, sides = relation
        touched = any(r in rows for r, _ in left) or any(r in rows for side in sides for r, _ in side)
        (moving if touched else fixed).append(relation)
    return tuple(moving), tuple(fixed)


@dataclass
class Table3:
    values: dict
    unplaced: list[Unplaced]
    layout: str
    used_strays: frozenset = frozenset()  # seq of the strays read (and listed) here
    broken: bool = False  # placed by label, the rules did not hold: nothing placed
    blanks_dropped: bool = False  # digits run together and rows shorter than a row: zeros printed blank


def _printed(row: RawRow, cols: list[str], blank_total_absent: bool) -> tuple[int | None, ...] | None:
    assert row.cells is not None  # called only for rows whose cells were told apart
    if not blank_total_absent and len(row.cells) == len(cols):
        return row.counts()  # (asked before, by the column order)
    absent = _totals_at(len(cols)) if blank_total_absent else frozenset()
    return printed_counts(row.cells[: len(cols)], absent)


@lru_cache(maxsize=4)
def _totals_at(width: int) -> frozenset[int]:
    return frozenset(i for i, col in enumerate(columns(width)) if col in ("total", ORG_SUBTOTAL))


def _subtotal_hint(row: RawRow) -> bool:
    return _calls_itself_subtotal(row.label)


@per_line(maxsize=4096)
def _calls_itself_subtotal(label: str) -> bool:
    label = label.replace(" ", "")
    return ("小计" in label or "合计" in label) or any(label.endswith(g) for g in _GROUPS)


def read_table3(raw_rows: list[RawRow], width: int, strays: Sequence[Stray] = ()) -> Table3:
    result = _read_table3(raw_rows, width, strays)
    result.blanks_dropped = any(row.refusal == BLANKS_DROPPED for row in raw_rows)
    return result


def _read_table3(raw_rows: list[RawRow], width: int, strays: Sequence[Stray] = ()) -> Table3:
    cols = columns(width)
    unplaced: list[Unplaced] = []
    if len(raw_rows) + len(strays) > MAX_ROWS:
        entries: list[RawRow | Stray] = [*raw_rows, *strays]
        first = min(entries, key=lambda e: e.seq)
        return Table3(
            {},
            [
                Unplaced(
                    f"第{first.lineno}行起（表三）",
                    f"表三有 {len(raw_rows) + len(strays)} 行数字，远多于任何已知版式，无法对应，未导入",
                    tuple(k for k in f.KEYS if k.startswith("t3.")),
                )
            ],
            "",
            frozenset(s.seq for s in strays),
        )
    # A blank 总计 beside a non-zero row means the publisher did not print totals: absent, not 0.
    blank_total_absent = any(
        r.cells is not None
        and r.cells[-1].kind == BLANK
        and any(t.kind not in (BLANK, DASH) and count_value(t.raw) for t in r.cells[:-1])
        for r in raw_rows
    )
    # (two such rows at least: one may be a page number glued to a label)
    blanks_dropped = any(row.cells is None for row in raw_rows) and sum(_short_glued_row(s, width) for s in strays) > 1
    candidates: list[list[tuple]] = []
    for row in raw_rows:
        if row.cells is not None:
            printed = _printed(row, cols, blank_total_absent)
            candidates.append([printed] if printed is not None else [])
        elif blanks_dropped:
            row.refusal = BLANKS_DROPPED
            candidates.append([])
        else:
            found = row_splits(row.digits, len(_PARTS), len(_ORGS) if ORG_SUBTOTAL in cols else 0)
            candidates.append(list(found) if found is not None else [])
    n = len(raw_rows)
    layouts = list(_LAYOUTS_OF_LENGTH.get(n, ()))  # LAYOUTS of n rows, in their order
    if width == len(f.T3_COLUMNS) and not any(_subtotal_hint(r) for r in raw_rows):
        # seven columns and no row that calls itself a subtotal: no subtotal rows either
        layouts = [lay for lay in layouts if "subtotals" not in lay.id]
    # A short row (a blank cell the text layer dropped) makes the count meaningless.
    short = [s for s in strays if s.numbers >= 2]
    if not layouts or short:
        return _by_label(raw_rows, candidates, list(strays), width, cols)
    layout = _choose_layout(layouts, raw_rows, candidates, cols)
    if layout is None:
        return _by_label(raw_rows, candidates, list(strays), width, cols)
    constraints = _constraints(layout, cols)
    chosen = _resolve(layout, raw_rows, candidates, cols, constraints, unplaced)
    # A layout with subtotal rows chosen by the count of rows (a row lost may look like one) may
    # shift rows of zeros past the rules unseen: its placement is also held against the labels.
    guessed = "subtotals" in layout.id
    if (_violated(chosen, _layout_indexed(layout, width)) or guessed) and _labels_contradict(layout, raw_rows):
        # By order the rules fail and the printed labels say some row is out of place (one
        # missing and a subtotal row taking its count): when the labels place the rows and
        # the rules then hold, the labels win. When no label contradicts the order, the
        # failure is the publisher's arithmetic: the printed figures stand, for `check`.
        by_label = _by_label(raw_rows, candidates, list(strays), width, cols)
        if not by_label.broken and by_label.values:
            return by_label
    values: dict[str, int] = {}
    for middle, cells in zip(layout.rows, chosen):
        if cells is None or middle.startswith("sub:"):
            continue
        keys = _row_keys(middle, width)
        if None not in cells and None not in keys:
            values.update(zip(cast("tuple[str, ...]", keys), cells))  # (most rows: all printed, no subtotal column)
            continue
        for key, value in zip(keys, cells):
            if value is not None and key is not None:
                values[key] = value
    return Table3(values, unplaced, f"{layout.id}-{n}x{width}")


BLANKS_DROPPED = "各列数字连在一起，而本表另有行名后只印有不足一行的数字（0印作空白），无法确定各数字所在的列"


def _short_glued_row(stray: Stray, width: int) -> bool:
    """A label followed by fewer digits than the row has cells ("…予以公开193193", seven cells):
    the page prints zeros as blanks, so digits run together may be fewer cells than a row has."""
    if not stray.label or len(stray.tokens) != 1:
        return False
    token = stray.tokens[0]
    return token.kind == NUM and token.digits.isdigit() and len(token.digits) < width


@lru_cache(maxsize=1024)
def _row_keys(middle: str, width: int) -> tuple[str | None, ...]:
    """The keys of a row's cells, column by column (None for the 法人或其他组织 subtotal)."""
    return tuple(None if col == ORG_SUBTOTAL else f"t3.{middle}.{col}" for col in columns(width))


def _labels_contradict(layout: Layout, raw_rows: list[RawRow]) -> bool:
    """Some row's printed label names, beyond doubt, another row than the one its position
    in the layout gives it (or a subtotal row stands where the layout has a row of the format)."""
    slot_list = align.slots(layout.single_other)
    index = {s.middle: j for j, s in enumerate(slot_list)}
    for i, middle in enumerate(layout.rows):
        if middle.startswith("sub:"):
            if any(align.is_certain(raw_rows, i, slot_list, j) for j in range(len(slot_list))):
                return True
            continue
        if _subtotal_hint(raw_rows[i]):
            return True
        if align.is_certain(raw_rows, i, slot_list, index[middle]):
            continue
        if any(align.is_certain(raw_rows, i, slot_list, j) for j in range(len(slot_list)) if j != index[middle]):
            return True
    return False


def _rule_check(placed: dict[str, tuple], cols: list[str], middle_keys: tuple[str, ...] = ()) -> tuple[int, int]:
    """(rules broken, rules judged that involve one of middle_keys' cells) for rows placed so far."""
    values = _fill_rows(placed, cols)
    constraints = list(_T3_BALANCES)
    if ORG_SUBTOTAL in cols:
        constraints += _org_subtotals(placed)
    bad = judged = 0
    for balance in constraints:
        right = balance.judged_right(values)
        if right is None:
            continue
        rows_in_rule = {k.split(".", 1)[1].rsplit(".", 1)[0] for k in (*balance.left, *right)}
        if len(rows_in_rule) > 1 and rows_in_rule & set(middle_keys):
            judged += 1  # a rule across rows: evidence for where the row stands
        if balance.imbalance(values) != 0:
            bad += 1
    return bad, judged


def _fill_rows(placed: dict[str, tuple], cols: list[str]) -> dict:
    values = {}
    for middle, cells in placed.items():
        for col, value in zip(cols, cells):
            if value is not None:
                values[f"t3.{middle}.{col}"] = value
    return values


def _by_label(raw_rows, candidates, strays, width, cols) -> Table3:
    """Rows placed by their printed labels (see align.py), confirmed by the rules. When the
    labels can be read two ways (all before their numbers, or all after), the reading whose
    placement keeps the rules wins."""
    first: Table3 | None = None
    for only in (None, align.BEFORE, align.AFTER):
        result = _by_label_reading(raw_rows, candidates, strays, width, cols, only)
        if first is None:
            first = result
        if not result.broken:
            return result
    assert first is not None  # the loop above ran: the first reading is kept
    return first


def _by_label_reading(raw_rows, candidates, strays, width, cols, only) -> Table3:
    unplaced: list[Unplaced] = []
    n = len(raw_rows)
    layout_id = f"by-label-{n}x{width}"
    short = [s for s in strays if s.numbers >= 2]
    elements = sorted([*raw_rows, *short], key=lambda e: e.seq)
    is_row = {id(r): k for k, r in enumerate(raw_rows)}
    texts = [p for e in elements for p in (e.label, *e.before) if p]
    single_other = not any(align.similarity(t, r.label) >= align.CERTAIN for t in texts for r in f.T3_OTHER_ROWS)
    slot_list = align.slots(single_other)
    matrix = align.score_matrix(elements, slot_list, only)
    matched = align.align(matrix)
    side = align.preferred_side(elements, slot_list)
    placed: dict[str, tuple] = {}  # middle -> cells
    slot_of: dict[int, int] = {}  # element index -> slot index, when placed
    doubtful: list[int] = []
    for i, element in enumerate(elements):
        j = matched.get(i)
        if j is not None and not align.is_certain(elements, i, slot_list, j, side):
            j = None  # matched, but not beyond doubt: j is the slot only when certain
        if id(element) not in is_row:  # a short row: its cells cannot be told apart
            keys = _keys(slot_list[j].middle, cols) if j is not None else ()
            unplaced.append(
                Unplaced(
                    f"第{element.lineno}行",
                    f"{element.reason}，无法确定各数字所在的列，未导入",
                    keys,
                    " ".join(t.raw or "（空白）" for t in element.tokens),
                )
            )
            if j is not None:
                slot_of[i] = j
            continue
        options = candidates[is_row[id(element)]]
        if j is None and _subtotal_hint(element):
            continue  # a subtotal row (小计): not a cell of the format
        if j is not None and len(options) == 1 and slot_list[j].middle not in placed:
            placed[slot_list[j].middle] = options[0]
            slot_of[i] = j
        else:
            doubtful.append(i)
    broken, _ = _rule_check(placed, cols)
    if broken:
        # Placed by label, yet the columns do not add up: the labels may have drifted.
        for i in sorted(slot_of):
            element = elements[i]
            if id(element) in is_row:
                doubtful.append(i)
        placed = {}
        slot_of = {i: j for i, j in slot_of.items() if id(elements[i]) not in is_row}
        reason = "表三行数与已知版式不符，按行名对应后各列合计不成立（行名可能错位），无法确定这一行的位置，未导入"
        for i in sorted(doubtful):
            element = elements[i]
            unplaced.append(Unplaced(f"第{element.lineno}行", reason, (), element.shown()))
        result = Table3({}, unplaced, layout_id, frozenset(s.seq for s in short))
        result.broken = True
        return result
    for i in sorted(doubtful):
        element = elements[i]
        options = candidates[is_row[id(element)]]
        low = max((j for k, j in slot_of.items() if k < i), default=-1)
        high = min((j for k, j in slot_of.items() if k > i), default=len(slot_list))
        free = [j for j in range(low + 1, high) if slot_list[j].middle not in placed]
        fits = []
        for j in free:
            middle = slot_list[j].middle
            for cells in options:
                bad, judged = _rule_check({**placed, middle: cells}, cols, (middle,))
                if not bad and judged:
                    fits.append((j, cells))
        if len(fits) == 1:
            j, cells = fits[0]
            placed[slot_list[j].middle] = cells
            slot_of[i] = j
            continue
        if not options:
            reason = (
                element.refusal or "各列数字连在一起，没有一种拆分能使总计等于各项之和"
                if element.cells is None
                else "含有无法读作件数的内容"
            )
        elif fits:
            reason = f"表三行数与已知版式不符，这一行的行名无法辨认，有{len(fits)}种位置都满足规则，无法确定，未导入"
        else:
            reason = "表三行数与已知版式不符，这一行的行名无法辨认，按规则也无法确定它的位置，未导入"
        unplaced.append(Unplaced(f"第{element.lineno}行", reason, (), element.shown()))
    _one_other_row(elements, slot_of, slot_list, placed, unplaced)
    values = {k: v for k, v in _fill_rows(placed, cols).items() if ORG_SUBTOTAL not in k}
    return Table3(values, unplaced, layout_id, frozenset(s.seq for s in short))


_FIRST_OTHER, *_LATER_OTHERS = (r.middle for r in f.T3_OTHER_ROWS)


def _one_other_row(elements, slot_of, slot_list, placed: dict, unplaced: list[Unplaced]) -> None:
    """（六）其他处理 printed with its three sub-row labels but one set of figures spanning them
    (rowspan=3): the figures stand on sub-row 1, the labels of sub-rows 2 and 3 follow with no
    figures of their own. In a table's cells that is the single （六） row (t3.other_2019); in
    text, where a row of blank zeros looks the same, it cannot be told from sub-row 1."""
    at = next((i for i, j in slot_of.items() if slot_list[j].middle == _FIRST_OTHER), None)
    if at is None or any(m in placed for m in _LATER_OTHERS) or _FIRST_OTHER not in placed:
        return
    following = elements[at + 1].before if at + 1 < len(elements) else elements[at].after
    following = [*following, *align.wrapped_labels(following)]  # (labels wrapped over lines, as w3m prints them)
    if not all(any(align.similarity(t, r.label) >= align.CERTAIN for t in following) for r in f.T3_OTHER_ROWS[1:]):
        return
    cells = placed.pop(_FIRST_OTHER)
    if elements[at].in_table:
        placed[str(f.T3_OTHER_2019.middle)] = cells
        return
    unplaced.append(
        Unplaced(
            f"第{elements[at].lineno}行",
            "（六）其他处理只印有一行数字，后两项没有数字：是三项合印的一行，还是后两项为0，无法确定，未导入",
            _keys(_FIRST_OTHER, columns(len(cells))),
            elements[at].shown(),
        )
    )


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
        hint = sum(
            1
            for middle, row in zip(layout.rows, raw_rows)
            if middle.startswith("sub:") and ("小计" in row.label or "合计" in row.label)
        )
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
            reason = (
                (row.refusal or "各列数字连在一起，没有一种拆分能使总计等于各项之和")
                if row.cells is None
                else "含有无法读作件数的内容"
            )
            unplaced.append(
                Unplaced(f"第{row.lineno}行", f"{reason}，未导入", _keys(layout.rows[i], cols), row.shown())
            )
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
        # A relation without a cell of the rows tried holds in every combination or in none:
        # judged once, and each combination on the others only.
        moving, fixed = _involving(_layout_indexed(layout, len(cols)), set(run_together))
        for combo in itertools.product(*options) if _holds(base, fixed) else ():
            for i, cells in zip(run_together, combo):
                base[i] = cells
            if _holds(base, moving):
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

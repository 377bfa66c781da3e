"""Table 四: fifteen numbers in order — 行政复议, 未经复议直接起诉, 复议后起诉, five each.

Printed as one row of fifteen, one row per group (three rows of five, or 行政复议 and
行政诉讼 as five and ten), a 3×5 grid with a header row and a label column, one cell per
line, or fifteen digits run together. Blank header cells and blank label cells are not
cells of the table; when the count is not fifteen, a row of five that names its group is
still placed, the rest listed.
"""

from __future__ import annotations

import re

from nianbao.importers.items import Item
from nianbao.importers.result import Unplaced
from nianbao.importers.splits import splits
from nianbao.importers.tokens import (
    BLANK,
    DASH,
    NUM,
    TEXT,
    ZERO_MARKS,
    Token,
    count_value,
    put_count,
    tokenize_item,
)
from nianbao.spec import format2021 as f
from nianbao.spec import rules

KEYS = tuple(f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS)
WIDTH = len(f.T4_COLUMNS)
_TOTAL_KEYS = {f.t4_key(g.suffix, "total") for g in f.T4_GROUPS}
_INDEX = {k: i for i, k in enumerate(KEYS)}
# The T4-合计 Balance instances as positions in the fifteen cells, derived once: groups_hold judges
# every split of a run of digits (thousands) with the same sums as Balance.imbalance.
_INDEXED = tuple(
    (tuple(_INDEX[k] for k in b.left), tuple(_INDEX[k] for k in b.right))
    for b in rules.BALANCES
    if b.left[0].startswith("t4.")
)


def groups_hold(parts: tuple[int, ...]) -> bool:
    return all(sum(parts[i] for i in left) == sum(parts[i] for i in right) for left, right in _INDEXED)


def _row_cells(item: Item) -> tuple[str, list[Token]] | None:
    """(label, cells) of one printed row; None for a row without any number (a header)."""
    tokens = tokenize_item(item)
    cells = [t for t in tokens if t.kind != TEXT]
    if not any(t.kind in (NUM, DASH) for t in cells):
        return None
    label = "".join(t.raw for t in tokens if t.kind == TEXT)
    if item.cells is not None:
        # a blank label cell before the numbers, or padding after them: not cells of the
        # table — but only while the count says so (a blank number cell is a zero)
        while len(cells) % WIDTH and cells[0].kind == BLANK:
            cells = cells[1:]
        while len(cells) % WIDTH and cells[-1].kind == BLANK:
            cells = cells[:-1]
    return label, cells


def _place(keys, run: list[Token], where: str) -> tuple[dict, list[Unplaced]]:
    parts = dict(zip(keys, run))
    nonzero = {k for k, t in parts.items() if t.kind == NUM and count_value(t.raw)}
    # a blank 总计 beside a non-zero group was not printed; otherwise blank is 0
    absent = {
        total
        for total in _TOTAL_KEYS & set(keys)
        if parts[total].kind == BLANK
        and any(k in nonzero for k in keys if k.rsplit(".", 1)[0] == total.rsplit(".", 1)[0])
    }
    values: dict = {}
    unplaced: list[Unplaced] = []
    for key, token in parts.items():
        if token.kind == BLANK:
            if key not in absent:
                values[key] = 0
        else:
            put_count(values, unplaced, key, token, where)
    return values, unplaced


def _group_of(label: str) -> int | None:
    named = [n for n, g in enumerate(f.T4_GROUPS) if g.label in label.replace(" ", "")]
    return named[0] if len(named) == 1 else None


HEADER_WORDS = tuple(dict.fromkeys(c.label for c in (*f.T4_GROUPS, *f.T4_COLUMNS)))  # all printed in its header
_ANY_FIGURE = re.compile(rf"[\d０-９{re.escape(ZERO_MARKS)}]")


def blank_table4(items: list[Item]) -> dict | None:
    """Table 四 printed with its whole header and not one figure or mark in it: the fifteen
    cells of a report that prints zeros blank (a blank cell is a zero, as in any other row) —
    or None when anything else stands there."""
    text = "".join(it.text for it in items).replace(" ", "")
    if _ANY_FIGURE.search(text) or not all(word in text for word in HEADER_WORDS):
        return None
    return dict.fromkeys(KEYS, 0)


def read_table4(items: list[Item]) -> tuple[dict, list[Unplaced]]:
    rows = [(it.lineno, *found) for it in items if (found := _row_cells(it)) is not None]
    if not rows:
        return {}, []
    run = [t for _, _, cells in rows for t in cells]
    shown = " ".join(t.raw or "（空白）" for t in run)
    where = f"第{rows[0][0]}行（表四）"
    while len(run) > len(KEYS) and run[-1].kind == BLANK:
        run.pop()
    if len(run) == len(KEYS):
        return _place(KEYS, run, where)
    if len(run) == 1 and run[0].kind == NUM and run[0].digits.isdigit():
        options = splits(run[0].digits, len(KEYS), groups_hold)
        if options is not None and len(options) == 1:
            return dict(zip(KEYS, options[0])), []
        count = "过多" if options is None else f"{len(options)}种"
        return {}, [Unplaced(where, f"表四数字连在一起，满足各组合计的拆分有{count}，无法确定，未导入", KEYS, shown)]
    # The count is off: a row of five that names its group is still that group's.
    values: dict = {}
    unplaced: list[Unplaced] = []
    placed: set[int] = set()
    for lineno, label, cells in rows:
        group = _group_of(label)
        if group is not None and len(cells) == WIDTH and group not in placed:
            keys = KEYS[group * WIDTH : (group + 1) * WIDTH]
            got, missed = _place(keys, cells, f"第{lineno}行（表四）")
            values.update(got)
            unplaced.extend(missed)
            placed.add(group)
    rest = tuple(k for n, k in enumerate(KEYS) if n // WIDTH not in placed)
    unplaced.append(Unplaced(where, f"表四应有{len(KEYS)}个数字，实有{len(run)}个，无法对应，未导入", rest, shown))
    return values, unplaced

"""Table 三 whose zeros are printed blank, read from a text that kept no blank cell: each row
shows its non-zero figures in order, not the columns they stand in. The rules tie the rows
column by column (in each column the result rows add up to （七）总计, and 一 + 二 = 三 + 四), so
the columns are walked left to right: a state is how far each row has got through its figures,
and in each column every row either puts its next figure there or leaves the cell blank — only
the moves that keep that column's rules are taken. A cell is returned when every way through all
the columns that places every figure gives it the same value.

This is the exact form of solve.py's search over whole-row placements, whose sums of row vectors
grow too many for a busy table; it gives up (None) past MAX_MOVES and the caller falls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_MOVES = 30_000  # moves from one column to the next, over all states, before giving up

Parts = tuple[int, ...]


@dataclass
class _Trie:
    """A row's possible figures (several when glued digits can be cut several ways), shared
    prefixes merged: a node is how far the row has got."""

    children: list[dict[int, int]] = field(default_factory=lambda: [{}])
    ends: list[int | None] = field(default_factory=lambda: [None])  # a node where a reading ends: its total
    depth_left: list[int] = field(default_factory=list)  # fewest figures from a node to an end

    def add(self, parts: Parts) -> None:
        node = 0
        for value in parts:
            nxt = self.children[node].get(value)
            if nxt is None:
                nxt = len(self.children)
                self.children.append({})
                self.ends.append(None)
                self.children[node][value] = nxt
            node = nxt
        self.ends[node] = sum(parts)

    def finish(self) -> None:
        far = len(self.children) + 1
        self.depth_left = [0 if e is not None else far for e in self.ends]
        for node in range(len(self.children) - 1, -1, -1):  # children are numbered after parents
            for child in self.children[node].values():
                self.depth_left[node] = min(self.depth_left[node], self.depth_left[child] + 1)


@dataclass
class Placed:
    values: dict[tuple[str, int], int]  # (row, column) -> the value every reading gives it
    feasible: bool  # some reading keeps every rule
    rows: tuple[str, ...] = ()  # the rows walked (tied by a rule judged); the others are not in values


def solve(
    figures: dict[str, list[Parts]],
    columns: int,
    results: tuple[str, ...],
    results_total: str,
    left: tuple[str, ...],
    right: tuple[str, ...],
) -> Placed | None:
    """`figures`: per row, each way its non-zero part figures may read (the total is their sum,
    in column `columns`). Rules: sum(results) = results_total, sum(left) = sum(right), each in
    every column — each judged only when all of its rows are given. None: too many to judge."""
    tries: dict[str, _Trie] = {}
    for row, readings in figures.items():
        trie = _Trie()
        for parts in readings:
            trie.add(parts)
        trie.finish()
        tries[row] = trie
    inner = all(r in tries for r in (*results, results_total))
    balance = all(r in tries for r in (*left, *right))
    if not (inner or balance):
        return None  # no rule across rows to walk by: the caller judges each row alone
    # only the rows a judged rule ties are walked; the caller judges any other row alone
    tied = [*((*left, *right) if balance else ()), *((results_total, *results) if inner else ())]
    rows = list(dict.fromkeys(tied))
    index = {row: i for i, row in enumerate(rows)}
    result_rows = [index[r] for r in results] if inner else []
    outer = sorted({index[r] for r in rows} - set(result_rows))

    def options(i: int, node: int, left_after: int) -> list[tuple[int, int]]:
        """(value, next node) for row i in this column: blank, or its next figure."""
        trie = tries[rows[i]]
        out = [(0, node)] if trie.depth_left[node] <= left_after else []
        out += [(v, c) for v, c in trie.children[node].items() if trie.depth_left[c] <= left_after]
        return out

    total_i = index[results_total] if inner else -1
    left_i = [index[r] for r in left] if balance else []
    right_i = [index[r] for r in right] if balance else []

    def moves(state: tuple[int, ...], left_after: int) -> Iterator[tuple[tuple[int, ...], tuple[int, ...]]]:
        """(next state, values) of every move through this column that keeps its rules."""
        outer_options = [options(i, state[i], left_after) for i in outer]
        if any(not o for o in outer_options):
            return
        result_options = [options(i, state[i], left_after) for i in result_rows]
        if any(not o for o in result_options):
            return
        for outer_choice in _product(outer_options):
            chosen = dict(zip(outer, outer_choice))
            if balance and sum(chosen[i][0] for i in left_i) != sum(chosen[i][0] for i in right_i):
                continue
            target = chosen[total_i][0] if inner else 0
            for result_choice in _summing(result_options, target, inner):
                values = [0] * len(rows)
                nxt = list(state)
                for i, (v, node) in (*chosen.items(), *zip(result_rows, result_choice)):
                    values[i] = v
                    nxt[i] = node
                yield tuple(nxt), tuple(values)

    start = tuple(0 for _ in rows)
    layers: list[dict[tuple[int, ...], list[tuple[tuple[int, ...], tuple[int, ...]]]]] = []
    current = {start}
    count = 0
    for column in range(columns):
        left_after = columns - column - 1
        layer: dict[tuple[int, ...], list] = {}
        for state in current:
            found = []
            for move in moves(state, left_after):
                found.append(move)
                count += 1
                if count > MAX_MOVES:
                    return None
            layer[state] = found
        layers.append(layer)
        current = {nxt for found in layer.values() for nxt, _ in found}
    ends = {s for s in current if all(tries[r].ends[s[i]] is not None for i, r in enumerate(rows))}
    if not ends:
        return Placed({}, False, tuple(rows))
    seen: dict[tuple[str, int], set[int]] = {}
    good = ends
    for column in range(columns - 1, -1, -1):
        before = set()
        for state, found in layers[column].items():
            for nxt, values in found:
                if nxt in good:
                    before.add(state)
                    for i, v in enumerate(values):
                        seen.setdefault((rows[i], column), set()).add(v)
        good = before
    for i, row in enumerate(rows):
        seen[(row, columns)] = {tries[row].ends[s[i]] or 0 for s in ends}
    return Placed({cell: next(iter(vs)) for cell, vs in seen.items() if len(vs) == 1}, True, tuple(rows))


def _product(options: list[list[tuple[int, int]]]) -> Iterator[tuple[tuple[int, int], ...]]:
    if not options:
        yield ()
        return
    first, rest = options[0], options[1:]
    for choice in first:
        for tail in _product(rest):
            yield (choice, *tail)


def _summing(options: list[list[tuple[int, int]]], target: int, judged: bool) -> list[tuple[tuple[int, int], ...]]:
    """One option per row whose values add up to target (any, when not judged). The sums the
    rows from k on can reach are found first, so that no choice is tried that leads nowhere."""
    if not judged:
        return list(_product(options))
    reach: list[set[int]] = [set() for _ in range(len(options) + 1)]
    reach[-1] = {0}
    for k in range(len(options) - 1, -1, -1):
        nxt = reach[k + 1]
        reach[k] = {v + rest for v, _ in options[k] for rest in nxt if v + rest <= target}
    out: list[tuple[tuple[int, int], ...]] = []
    if target not in reach[0]:
        return out
    chosen: list[tuple[int, int]] = []
    last = len(options)

    def walk(k: int, left: int) -> None:
        if k == last:
            out.append(tuple(chosen))
            return
        after = reach[k + 1]
        for choice in options[k]:
            if left - choice[0] in after:
                chosen.append(choice)
                walk(k + 1, left - choice[0])
                chosen.pop()
                if len(out) > MAX_MOVES:
                    return

    walk(0, target)
    return out

"""Error localisation for the balance rules: which cells are wrong, not which cell a rule solves for.

The method of the statistical offices (Fellegi–Holt; Statistics Netherlands' errorlocate):
find the changes of fewest cells that make every balance hold again. A single typo in
table 三 breaks its row and its column by the same amount, and exactly one cell sits on both;
in table 四 a broken group has five cells that could each be the culprit.

The search is exact for one and two changed cells. For a set of cells to change, the
relations it touches (broken or not — a change must keep the holding ones true) form a small
linear system in the changes; it is solved with fractions. The broken relations are split
into groups that one correction could reach together (they share a cell, or one relation
meets both), and each group is localised on its own, so a typo in table 三 is still named
when table 四 is ambiguous.

A correction is *settled* (a value the clerk may type) only when exactly one set of cells of
the smallest size solves the system at all, with one answer — before non-negativity is asked. Bounds that
rule candidates out are weak evidence: two slips in one group of table 四 look exactly like
one slip in its total, and only the structure (a row meets a column in one cell) tells them
apart. Otherwise the valid possibilities are listed and none is prescribed; more than two
cells, or no solution: declined.

Blank (or unreadable) cells in a relation are unknowns that must be given a value; when the
relations determine it, the value is settled like a fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from nianbao.spec import format2021 as f
from nianbao.spec import rules as r
from nianbao.spec.rules import Number

MAX_CHANGED = 2  # beyond this the evidence for any one set of cells is too thin to advise
MAX_BLANKS = 4  # a group with more blank cells is a table still being filled, not a slip
MAX_CANDIDATES = 6
_ORDER = {k: i for i, k in enumerate(f.ALL_CELLS)}


@dataclass(frozen=True)
class Change:
    key: str
    value: int
    was: object = None  # the number there now; None for a blank or unreadable cell


@dataclass(frozen=True)
class Relation:
    balance: r.Balance
    terms: dict[str, int]  # key -> +1 (left side) or -1 (right side)
    imbalance: Fraction  # sum(left) − sum(right), blanks counted as 0


@dataclass
class Localisation:
    """The advice for one group of broken relations that share cells."""

    relations: tuple[Relation, ...]  # the broken ones, and those holding a blank cell
    blanks: tuple[str, ...]
    fix: tuple[Change, ...] | None = None  # the one smallest correction, when settled
    candidates: tuple[tuple[Change, ...], ...] = ()  # valid smallest corrections when several
    changed: int = 0  # how many cells the smallest correction changes (0: declined)

    @property
    def keys(self) -> set[str]:
        return {k for rel in self.relations for k in rel.terms}


def relations_of(values: Mapping[str, Number], blanks: Iterable[str] = ()) -> list[Relation]:
    """Every balance that can be judged, blanks counted as unknowns worth 0 for now."""
    blank = set(blanks)
    filled: dict[str, Number] = {**values, **{k: 0 for k in blank}}
    out = []
    for balance in r.BALANCES:
        right = balance.judged_right(values) or balance.judged_right(filled)
        if right is None:
            continue
        imbalance = balance.imbalance({k: filled[k] for k in balance.left + right})
        if imbalance is None:
            continue
        terms = {k: 1 for k in balance.left}
        for k in right:
            terms[k] = terms.get(k, 0) - 1
        out.append(Relation(balance, terms, Fraction(imbalance)))
    return out


def localise(values: Mapping[str, Number], blanks: Iterable[str] = ()) -> list[Localisation]:
    """Advice for every group of broken balances (and of balances holding a blank cell)."""
    blank = set(blanks)
    relations = relations_of(values, blank)
    by_cell: dict[str, list[int]] = {}
    for i, rel in enumerate(relations):
        for key in rel.terms:
            by_cell.setdefault(key, []).append(i)
    broken = [i for i, rel in enumerate(relations) if rel.imbalance or blank & rel.terms.keys()]
    out = []
    for group in _groups(broken, relations, by_cell):
        out.append(_localise_group(group, relations, by_cell, values, blank))
    return out


def _groups(broken: list[int], relations: list[Relation], by_cell: dict[str, list[int]]) -> list[list[int]]:
    """Broken relations that one correction could reach together: they share a cell, or a
    relation meets both (two cells swapped within a row break two columns that share no cell)."""
    parent = list(range(len(relations)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in broken:
        for key in relations[i].terms:
            for j in by_cell[key]:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in broken:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _localise_group(
    group: list[int],
    relations: list[Relation],
    by_cell: dict[str, list[int]],
    values: Mapping[str, object],
    blank: set[str],
) -> Localisation:
    blanks = tuple(sorted({k for i in group for k in relations[i].terms if k in blank}))
    found = Localisation(tuple(relations[i] for i in group), blanks)
    if len(blanks) > MAX_BLANKS:
        return found
    must_cover = set(group)
    cells = sorted({k for i in group for k in relations[i].terms if k not in blank})
    for size in range(MAX_CHANGED + 1):
        solvable = 0
        valid: list[tuple[Change, ...]] = []
        for chosen in _choices(size, cells, must_cover, relations, by_cell, blanks):
            solution = _solve(chosen, relations, by_cell)
            if solution is None:
                continue
            solvable += 1
            if solution == FREE:
                continue
            assert isinstance(solution, dict)
            changes = _as_changes(solution, values)
            if changes is not None:
                valid.append(changes)
        if solvable:
            found.changed = size + len(blanks)
            if solvable == 1 and len(valid) == 1:
                found.fix = valid[0]
            else:
                found.candidates = tuple(sorted(valid, key=_plausibility(values))[:MAX_CANDIDATES])
            return found
    return found


def _choices(
    size: int,
    cells: list[str],
    must_cover: set[int],
    relations: list[Relation],
    by_cell: dict[str, list[int]],
    blanks: tuple[str, ...],
) -> Iterable[tuple[str, ...]]:
    """Sets of `size` cells (with the blanks) that touch every broken relation of the group."""
    covered_by_blanks = {i for k in blanks for i in by_cell.get(k, ())}
    open_ = must_cover - covered_by_blanks
    if size == 0:
        if not open_ and blanks:
            yield blanks
        return
    if size == 1:
        for x in cells:
            if open_ <= set(by_cell[x]):
                yield blanks + (x,)
        return
    seen: set[tuple[str, str]] = set()
    for x in cells:
        left = open_ - set(by_cell[x])
        if left:
            # y must sit on every relation x leaves broken
            pool = set.intersection(*(set(relations[i].terms) for i in left))
        else:
            # x alone covers them; y repairs a relation x's change would break
            pool = {k for i in by_cell[x] for k in relations[i].terms}
        for y in pool:
            if y == x or y in blanks:
                continue
            pair = (x, y) if x < y else (y, x)
            if pair not in seen:
                seen.add(pair)
                yield blanks + pair


FREE = "free"  # the relations fit these cells, but with many values: no single answer


def _solve(
    chosen: tuple[str, ...], relations: list[Relation], by_cell: dict[str, list[int]]
) -> dict[str, Fraction] | str | None:
    """The changes of `chosen` that make every relation they touch hold; FREE when they fit
    with many values (the relations do not tell those cells apart); None when they cannot."""
    touched = sorted({i for k in chosen for i in by_cell.get(k, ())})
    n = len(chosen)
    rows = [[Fraction(relations[i].terms.get(k, 0)) for k in chosen] + [-relations[i].imbalance] for i in touched]
    rank = 0
    pivots: list[int] = []
    for col in range(n):
        pivot = next((j for j in range(rank, len(rows)) if rows[j][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        head = rows[rank][col]
        rows[rank] = [v / head for v in rows[rank]]
        for j in range(len(rows)):
            if j != rank and rows[j][col] != 0:
                factor = rows[j][col]
                rows[j] = [a - factor * b for a, b in zip(rows[j], rows[rank])]
        pivots.append(col)
        rank += 1
    if any(row[n] != 0 for row in rows[rank:]):
        return None  # inconsistent: these cells cannot balance everything
    if rank < n:
        return FREE
    return {chosen[col]: rows[i][n] for i, col in enumerate(pivots)}


def _as_changes(solution: dict[str, Fraction], values: Mapping[str, object]) -> tuple[Change, ...] | None:
    """The solution as new cell values, or None when one is not a whole number ≥ 0."""
    changes = []
    for key, delta in solution.items():
        was = values.get(key)
        new = Fraction(was if isinstance(was, (int, float)) else 0) + delta
        if new.denominator != 1 or new < 0:
            return None
        if delta == 0 and was is not None:
            return None  # not a change at all: a smaller set explains it (never minimal)
        changes.append(Change(key, int(new), was))
    return tuple(changes)


def _plausibility(values: Mapping[str, object]):
    """Order for listing possibilities: the clerk's usual slips first (two cells swapped,
    a digit typed wrong), then the smaller changes."""

    def key(changes: tuple[Change, ...]) -> tuple:
        swapped = len(changes) == 2 and changes[0].value == changes[1].was and changes[1].value == changes[0].was
        digit = len(changes) == 1 and is_digit_slip(changes[0].was, changes[0].value)
        size = sum(abs(c.value - (c.was if isinstance(c.was, (int, float)) else 0)) for c in changes)
        return (not (swapped or digit), size, [_ORDER.get(c.key, len(_ORDER)) for c in changes])

    return key


def is_digit_slip(typed: object, meant: int) -> bool:
    """Whether `typed` is `meant` with one digit wrong, added, dropped or two swapped."""
    if not isinstance(typed, int) or isinstance(typed, bool):
        return False
    a, b = str(typed), str(meant)
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]])
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))

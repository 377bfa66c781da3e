"""Reading a run of digits printed without separators ("713000074") as n cells.

Every split is a candidate: no part has a leading zero (a lone "0" is fine). The caller
keeps only the candidates its rules accept, and uses a split only when one remains.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

from nianbao.importers.memo import per_line

MAX_PART_DIGITS = 9
MAX_CANDIDATES = 50_000


def _parts(digits: str, n: int, start: int = 0) -> Iterator[tuple[int, ...]]:
    remaining = len(digits) - start
    if remaining > n * MAX_PART_DIGITS:
        return  # more digits than n parts can hold: no split (and none to search for)
    if n == 1:
        piece = digits[start:]
        if piece and len(piece) <= MAX_PART_DIGITS and (piece == "0" or piece[0] != "0"):
            yield (int(piece),)
        return
    if remaining < n:
        return
    if digits[start] == "0":
        for rest in _parts(digits, n - 1, start + 1):
            yield (0,) + rest
        return
    for length in range(1, min(MAX_PART_DIGITS, remaining - n + 1) + 1):
        head = int(digits[start : start + length])
        for rest in _parts(digits, n - 1, start + length):
            yield (head,) + rest


def splits(
    digits: str, n: int, accept: Callable[[tuple[int, ...]], bool] | None = None
) -> list[tuple[int, ...]] | None:
    """All accepted splits, or None when there are too many to judge."""
    out = []
    for seen, parts in enumerate(_parts(digits, n)):
        if seen > MAX_CANDIDATES:
            return None
        if accept is None or accept(parts):
            out.append(parts)
    return out


def _summing(digits: str, n: int, target: int, start: int, prefix: tuple[int, ...], out: list) -> None:
    """Appends to `out` the splits of digits[start:] into n parts adding up to `target`, each
    after `prefix`, in the order of the parts' lengths (pruned as it goes). A recursive function
    filling one list, not a chain of generators: each split would pass through every level."""
    remaining = len(digits) - start
    # each part is at most `target`, so it has at most as many digits as `target`
    if remaining < n or target < 0 or remaining > n * len(str(target)):
        return
    # …and at most remaining - n + 1 digits: n such parts may fall short of `target`
    if n * (10 ** (remaining - n + 1) - 1) < target:
        return
    if n == 1:
        if (remaining == 1 or digits[start] != "0") and int(digits[start:]) == target:
            out.append((*prefix, target))
        return
    if digits[start] == "0":
        _summing(digits, n - 1, target, start + 1, (*prefix, 0), out)
        return
    for length in range(1, min(MAX_PART_DIGITS, remaining - n + 1) + 1):
        head = int(digits[start : start + length])
        if head > target:
            break
        _summing(digits, n - 1, target - head, start + length, (*prefix, head), out)


def _nines(digits: str) -> int:
    """The digits' sum modulo 9: that of every number they are split into, added up (10 ≡ 1)."""
    return sum(map(int, digits)) % 9


@per_line(maxsize=4096)
def row_splits(digits: str, n_parts: int, subtotal_of_last: int = 0) -> tuple[tuple[int, ...], ...] | None:
    """Splits of a table row printed as one digit string: n_parts cells, then (optionally) a
    subtotal of the last `subtotal_of_last` parts, then the row total of all parts."""
    out: list[tuple[int, ...]] = []
    tail_cells = 2 if subtotal_of_last else 1
    for total_len in range(1, min(MAX_PART_DIGITS, len(digits) - n_parts - tail_cells + 1) + 1):
        total_text = digits[len(digits) - total_len :]
        if total_len > 1 and total_text[0] == "0":
            continue
        total = int(total_text)
        body = digits[: len(digits) - total_len]
        subtotals: list[tuple[str, int | None]] = [(body, None)]
        if subtotal_of_last:
            subtotals = []
            for sub_len in range(1, min(MAX_PART_DIGITS, len(body) - n_parts) + 1):
                sub_text = body[len(body) - sub_len :]
                if sub_len > 1 and sub_text[0] == "0":
                    continue
                subtotals.append((body[: len(body) - sub_len], int(sub_text)))
        for rest, sub in subtotals:
            # However the rest is cut, its parts add up to its digit sum modulo 9: a total
            # that differs there is no split's (this leaves about one cut of the total in nine)
            if (total - _nines(rest)) % 9:
                continue
            found: list[tuple[int, ...]] = []
            _summing(rest, n_parts, total, 0, (), found)
            if sub is None:
                out.extend((*parts, total) for parts in found)
            else:
                out.extend((*parts, sub, total) for parts in found if sum(parts[n_parts - subtotal_of_last :]) == sub)
            if len(out) > MAX_CANDIDATES:
                return None
    return tuple(out)


ZERO_CELL = "z"  # a cell printed as a dash, in a row's digits glued together ("12z305z")
_RUNS = re.compile(r"\d+|z")


def _counts(runs: list[str], cells: int) -> Iterator[tuple[int, ...]]:
    """How many cells each digit run holds (at least one, at most one per digit), `cells` in all."""
    if not runs:
        if cells == 0:
            yield ()
        return
    for n in range(1, min(len(runs[0]), cells - len(runs) + 1) + 1):
        for rest in _counts(runs[1:], cells - n):
            yield (n, *rest)


def dashed_splits(
    text: str, cells: int, accept: Callable[[tuple[int, ...]], bool] | None = None
) -> tuple[tuple[int, ...], ...] | None:
    """Splits of cells printed glued with dashes for their zeros ("z" here): each dash one cell
    of 0, each digit run one or more cells, `cells` in all, kept when `accept` holds. None when
    there are too many to judge."""
    tokens = _RUNS.findall(text)
    runs = [t for t in tokens if t != ZERO_CELL]
    out: list[tuple[int, ...]] = []
    seen = 0
    for counts in _counts(runs, cells - (len(tokens) - len(runs))):
        pieces = [list(_parts(run, n)) for run, n in zip(runs, counts)]
        for combo in itertools.product(*pieces):
            seen += 1
            if seen > MAX_CANDIDATES:
                return None
            parts = iter(combo)
            row: list[int] = []
            for token in tokens:
                row.extend((0,) if token == ZERO_CELL else next(parts))
            if accept is None or accept(tuple(row)):
                out.append(tuple(row))
    return tuple(out)


def _row_total_holds(row: tuple[int, ...]) -> bool:
    return sum(row[:-1]) == row[-1]


def dashed_row_splits(text: str, n_parts: int) -> tuple[tuple[int, ...], ...] | None:
    """Splits of a row printed glued with dashes for its zeros: n_parts cells and their total
    (see dashed_splits)."""
    return dashed_splits(text, n_parts + 1, _row_total_holds)


# ---------------------------------------------------------------- zeros printed blank

BLANK_SEPARATOR = " "  # between the figures of a row whose cells the source kept apart ("94 212 702")


def _nonzero_summing(digits: str, target: int, start: int, most: int, prefix: tuple[int, ...], out: list) -> None:
    """Appends to `out` every cut of digits[start:] into at most `most` numbers, none of them 0
    nor with a leading zero, adding up to `target`."""
    if start == len(digits):
        if target == 0 and prefix:
            out.append(prefix)
        return
    if most == 0 or target <= 0 or digits[start] == "0":
        return
    for length in range(1, min(MAX_PART_DIGITS, len(digits) - start, len(str(target))) + 1):
        head = int(digits[start : start + length])
        if head > target:
            break
        _nonzero_summing(digits, target - head, start + length, most - 1, (*prefix, head), out)
        if len(out) > MAX_CANDIDATES:
            return


def _placed(figures: tuple[int, ...], n_parts: int) -> Iterator[tuple[int, ...]]:
    """The rows of n_parts cells and a total that hold `figures` in this order, every other cell
    blank (0), the total the sum of the cells."""
    for columns in itertools.combinations(range(n_parts + 1), len(figures)):
        row = [0] * (n_parts + 1)
        for column, value in zip(columns, figures):
            row[column] = value
        if sum(row[:-1]) == row[-1]:
            yield tuple(row)


@per_line(maxsize=4096)
def blank_zero_figures(printed: str, n_parts: int, spaced: bool) -> tuple[tuple[int, ...], ...] | None:
    """The figures a row of n_parts cells and a total may have printed, from a page that prints
    zeros blank and a source that dropped the blank cells: each a tuple of the non-zero cells in
    order (the total, their sum, after them). `spaced`: the source kept the figures apart, one
    cell each; else they are glued, and every cut into numbers (none 0) whose last is the sum of
    the others is one. None when there are too many to judge."""
    if spaced:
        pieces = printed.split(BLANK_SEPARATOR)
        if len(pieces) > n_parts + 1 or any(p[0] == "0" for p in pieces):
            return ()
        figures = tuple(int(p) for p in pieces)
        return (figures[:-1],) if len(figures) > 1 and sum(figures[:-1]) == figures[-1] else ()
    out: list[tuple[int, ...]] = []
    for total_len in range(1, min(MAX_PART_DIGITS, len(printed)) + 1):
        total_text = printed[len(printed) - total_len :]
        if total_text[0] == "0":
            continue
        _nonzero_summing(printed[: len(printed) - total_len], int(total_text), 0, n_parts, (), out)
        if len(out) > MAX_CANDIDATES:
            return None
    return tuple(out)


@per_line(maxsize=4096)
def blank_zero_row_splits(printed: str, n_parts: int, spaced: bool) -> tuple[tuple[int, ...], ...] | None:
    """Every reading of such a row (see blank_zero_figures): its figures standing in order in
    some of the cells, the rest 0, the total the sum. None when there are too many to judge."""
    figures = blank_zero_figures(printed, n_parts, spaced)
    if figures is None:
        return None
    out: dict[tuple[int, ...], None] = {}
    for parts in figures:
        for row in _placed((*parts, sum(parts)), n_parts):
            out[row] = None
            if len(out) > MAX_CANDIDATES:
                return None
    return tuple(out)

"""Reading a run of digits printed without separators ("713000074") as n cells.

Every split is a candidate: no part has a leading zero (a lone "0" is fine). The caller
keeps only the candidates its rules accept, and uses a split only when one remains.
"""

from __future__ import annotations

from typing import Callable, Iterator

MAX_PART_DIGITS = 9
MAX_CANDIDATES = 50_000


def _parts(digits: str, n: int, start: int = 0) -> Iterator[tuple[int, ...]]:
    remaining = len(digits) - start
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
        head = int(digits[start:start + length])
        for rest in _parts(digits, n - 1, start + length):
            yield (head,) + rest


def splits(digits: str, n: int, accept: Callable[[tuple[int, ...]], bool] | None = None) -> list[tuple[int, ...]] | None:
    """All accepted splits, or None when there are too many to judge."""
    out = []
    for seen, parts in enumerate(_parts(digits, n)):
        if seen > MAX_CANDIDATES:
            return None
        if accept is None or accept(parts):
            out.append(parts)
    return out

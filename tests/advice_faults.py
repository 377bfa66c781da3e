"""The clerk's usual slips, applied to a consistent report: for the advice tests and bench/bench_advice.py."""

from __future__ import annotations

import random

from nianbao.spec import format2021 as f
from nianbao.spec import rules as r

BALANCED = tuple(sorted({k for b in r.BALANCES for k in b.keys if k in f.CELLS}, key=list(f.CELLS).index))
TOTALS = tuple(sorted({b.solve_for for b in r.BALANCES if b.solve_for in f.CELLS}, key=list(f.CELLS).index))


def digit_typo(rng: random.Random, value: int) -> int:
    """`value` with one digit replaced, doubled, dropped, or two neighbours swapped."""
    text = str(value)
    for _ in range(20):
        kind = rng.choice(("replace", "double", "drop", "swap"))
        i = rng.randrange(len(text))
        if kind == "replace":
            typed = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
        elif kind == "double":
            typed = text[:i] + text[i] + text[i:]
        elif kind == "drop" and len(text) > 1:
            typed = text[:i] + text[i + 1 :]
        elif kind == "swap" and len(text) > 1 and i + 1 < len(text):
            typed = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            continue
        if int(typed) != value:
            return int(typed)
    return value + 10


def inject(rng: random.Random, values: dict, kind: str) -> list[str]:
    """Put one slip of `kind` into `values` (in place); returns the keys it changed."""
    if kind == "typo":
        busy = [k for k in BALANCED if values[k]] or list(BALANCED)
        key = rng.choice(busy)
        values[key] = digit_typo(rng, values[key])
        return [key]
    if kind == "swap":
        for _ in range(50):
            a, b = rng.sample(BALANCED, 2)
            if values[a] != values[b]:
                values[a], values[b] = values[b], values[a]
                return [a, b]
        return []
    if kind == "plus_minus":
        key = rng.choice(BALANCED)
        k = rng.choice([d for d in range(-5, 6) if d and values[key] + d >= 0])
        values[key] += k
        return [key]
    if kind == "stale_total":
        # The clerk corrected a part and left its total as it was: the total is off.
        key = rng.choice(TOTALS)
        k = rng.choice([d for d in range(-5, 6) if d and values[key] + d >= 0])
        values[key] += k
        return [key]
    raise ValueError(kind)


KINDS = ("typo", "swap", "plus_minus", "stale_total")

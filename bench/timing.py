"""What every bench times with: the fastest of a few runs (the machines are shared and noisy)."""

from __future__ import annotations

import time


def best_of(repeat: int, fn, *args) -> tuple[float, object]:
    """(seconds of the fastest of `repeat` calls of fn(*args), what the last call returned)."""
    best, value = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn(*args)
        best = min(best, time.perf_counter() - started)
    return best, value

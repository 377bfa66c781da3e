"""Caches for the work done per line of a report.

A batch of reports repeats the same labels, headings and rows of zeros thousands of times, so
the work on a line is cached by its text. Only lines of a table's or a heading's length are
kept: a long line (a paragraph, or a whole page with no line breaks) is rarely seen twice, and a
long-running service must not hold megabytes of them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

LONGEST = 400  # characters: a table row with a long label has some 80

F = TypeVar("F", bound=Callable[..., Any])


def per_line(maxsize: int) -> Callable[[F], F]:
    """Cache a function whose first argument is a line of text (and the rest hashable)."""

    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            return cached(text, *args) if len(text) <= LONGEST else fn(text, *args)

        return call  # type: ignore[return-value]

    return wrap

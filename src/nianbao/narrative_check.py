"""Numbers in the clerk's narrative that contradict the tables (rule 文字-数字矛盾)."""

from __future__ import annotations


def number_conflicts(report) -> list:
    return []

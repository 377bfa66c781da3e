"""Compile the rules to Excel formulas, for the template's live checks.

The relations are the same objects checker.py evaluates (rules.BALANCES etc.), so a
rule is written once and runs both in Python and in Excel/WPS/LibreOffice through
conditional formatting. Pure string work: no spreadsheet library here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nianbao.spec import rules as r
from nianbao.spec.cellref import a1
from nianbao.spec.format2021 import AMOUNT, AMOUNT_DECIMALS
from nianbao.spec.layout import LOCATIONS


@dataclass(frozen=True)
class LiveCheck:
    sheet: str
    cells: tuple[str, ...]  # A1 addresses the format applies to
    formula: str  # true when the cells should be highlighted
    severity: str
    rule: str


def _ref(key: str) -> str:
    inp = LOCATIONS[key].input
    return a1(inp.row, inp.col, absolute=True)


def _sum(keys: Iterable[str]) -> str:
    refs = [_ref(k) for k in keys]
    return refs[0] if len(refs) == 1 else "SUM(" + ",".join(refs) + ")"


def balance_formula(balance: r.Balance) -> str:
    """True when every cell of the relation holds a number and the two sides differ.

    Cells still blank are not flagged here: the clerk may be half-way through typing.
    """
    keys = balance.left + balance.right
    refs = ",".join(_ref(k) for k in keys)
    return f"AND(COUNT({refs})={len(keys)},{_sum(balance.left)}<>{_sum(balance.right)})"


def at_least_formula(rule: r.AtLeast) -> str:
    big, small = _ref(rule.big), _ref(rule.small)
    return f"AND(ISNUMBER({big}),ISNUMBER({small}),{big}<{small})"


def value_formula(top_left: str, kind: str) -> str:
    """True when a non-blank input is not an acceptable number (relative to the range's first cell).

    Nested IFs rather than OR(): OR evaluates every argument, and INT("abc") is an error
    that would switch the highlight off instead of on.
    """
    if kind == AMOUNT:
        bad_number = f"OR({top_left}<0,ROUND({top_left},{AMOUNT_DECIMALS})<>{top_left})"
    else:
        bad_number = f"OR({top_left}<0,{top_left}<>INT({top_left}))"
    return f"IF(ISBLANK({top_left}),FALSE,IF(ISNUMBER({top_left}),{bad_number},TRUE))"


def live_checks() -> list[LiveCheck]:
    out: list[LiveCheck] = []
    for balance in r.TEMPLATE_BALANCES:
        sheet = LOCATIONS[balance.left[0]].sheet
        cells = tuple(LOCATIONS[k].input.address for k in balance.keys)
        out.append(LiveCheck(sheet, cells, balance_formula(balance), balance.rule.severity, balance.rule.id))
    for rule in r.T2_AT_LEAST:
        sheet = LOCATIONS[rule.big].sheet
        cells = tuple(LOCATIONS[k].input.address for k in rule.keys)
        out.append(LiveCheck(sheet, cells, at_least_formula(rule), rule.rule.severity, rule.rule.id))
    return out


def failing_any(checks: Iterable[LiveCheck]) -> str:
    """One formula that is true when any of the checks fails (for a sheet's status line)."""
    return "OR(" + ",".join(c.formula for c in checks) + ")"

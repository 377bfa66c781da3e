"""Compile the rules to Excel formulas, for the template's live checks.

The relations are the same objects checker.py evaluates (rules.BALANCES etc.), so a
rule is written once and runs both in Python and in Excel/WPS/LibreOffice through
conditional formatting; the value rules of check/numbers.py become a state code per
input cell (cell_state_formula), which the highlights and the status line count.
No dynamic arrays, LAMBDA or LET: the formulas must work in old Excel, WPS and LibreOffice.
Pure string work: no spreadsheet library here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nianbao.spec import rules as r
from nianbao.spec.cellref import sheet_ref
from nianbao.spec.format2021 import AMOUNT, AMOUNT_DECIMALS
from nianbao.spec.layout import HELPERS, LIVE_SHEET, LOCATIONS


@dataclass(frozen=True)
class LiveCheck:
    sheet: str
    cells: tuple[str, ...]  # A1 addresses the format applies to
    formula: str  # true when the cells should be highlighted
    severity: str
    rule: str


def _ref(key: str) -> str:
    """A relation reads an input's value cell: the number as numbers.py reads it ("８" is 8), empty
    for a blank or a bad cell — so the relations are judged exactly where the checker judges them."""
    location = LOCATIONS[key]
    return sheet_ref(LIVE_SHEET, *HELPERS[location.sheet].value(location.input))


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


# What each input's state cell (on the hidden live sheet, layout.HELPERS) holds: the value rules
# of check/numbers.py, compiled. Codes rather than booleans so one COUNTIF counts each kind.
STATE_OK = 0
STATE_BLANK = 1  # 值-缺失, once the clerk has started the table
STATE_BAD = 2  # 值-非数字 / 值-负数 / 值-非整数 / 值-小数位
STATE_TEXT_NUMBER = 3  # 值-文本数字: "８", "1,234" typed as text, read as a number (a 提示)
STATE_RULES = {STATE_BLANK: r.MISSING, STATE_BAD: r.NOT_A_NUMBER, STATE_TEXT_NUMBER: r.TEXT_NUMBER}

# Text a clerk may type for a number, made plain as numbers.py does: ASC() turns full-width
# forms ("８", "，", "．", the ideographic space) into ASCII in Excel (with Chinese enabled), WPS
# and LibreOffice alike; then spaces and thousands separators go. (ASC rather than a SUBSTITUTE
# per character: this text sits in a few hundred cells, four times over.)
_PLAIN = ((" ", ""), ("\u3000", ""), (",", ""))  # LibreOffice's ASC keeps the ideographic space
# After these are gone, a number's text is empty: anything else ("1/2" a date, "1e3", "5%") is no
# number to numbers.py, though VALUE() would take it.
_NUMBER_CHARACTERS = tuple((str(d), "") for d in range(10)) + ((".", ""), ("+", ""), ("-", ""))


def _substituted(ref: str, pairs) -> str:
    out = ref
    for old, new in pairs:
        out = f'SUBSTITUTE({out},"{old}","{new}")'
    return out


def _bad_number(value: str, kind: str) -> str:
    if kind == AMOUNT:
        return f"OR({value}<0,ROUND({value},{AMOUNT_DECIMALS})<>{value})"
    return f"OR({value}<0,{value}<>INT({value}))"


def cell_state_formula(ref: str, kind: str, started: str) -> str:
    """The state code of one input (STATE_*), as numbers.parse_cell and the checker judge it.

    Nested IFs rather than OR()/AND() where an argument can be an error: OR evaluates every
    argument, and INT("abc") is an error that would hide the problem instead of showing it.
    """
    plain = _substituted(f"ASC({ref})", _PLAIN)
    value = f"VALUE({plain})"
    only_number_characters = f"LEN({_substituted(plain, _NUMBER_CHARACTERS)})=0"
    return (
        f"IF(ISNUMBER({ref}),IF({_bad_number(ref, kind)},{STATE_BAD},{STATE_OK}),"
        f"IF(LEN({plain})=0,IF({started},{STATE_BLANK},{STATE_OK}),"
        f"IF({only_number_characters},IF(ISNUMBER({value}),"
        f"IF({_bad_number(value, kind)},{STATE_BAD},{STATE_TEXT_NUMBER}),{STATE_BAD}),{STATE_BAD})))"
    )


def cell_value_formula(ref: str, state: str) -> str:
    """The input's number where its state is OK or a text number, else empty text (which COUNT and
    SUM pass over: a relation with such a cell is not judged, as in the checker)."""
    plain = _substituted(f"ASC({ref})", _PLAIN)
    return f'IF({state}={STATE_OK},IF(ISNUMBER({ref}),{ref},""),IF({state}={STATE_TEXT_NUMBER},VALUE({plain}),""))'


def started_formula(ranges: Iterable[str]) -> str:
    """True once any input of the table holds something (then a blank is a 值-缺失)."""
    return f"COUNTA({','.join(ranges)})>0"


def state_is(ref: str, states: Iterable[int]) -> str:
    """A conditional format's test on a state cell (relative reference)."""
    tests = [f"{ref}={s}" for s in states]
    return tests[0] if len(tests) == 1 else "OR(" + ",".join(tests) + ")"


def flag_formula(check: LiveCheck) -> str:
    """1 when the relation fails, else 0 (summed for the status line)."""
    return f"IF({check.formula},1,0)"


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

"""The one place that converts between keys, (row, col) and "A1" notation.

Rows and columns are 0-based here (as in XlsxWriter); A1 strings are 1-based.
"""

from __future__ import annotations

import re

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def column_letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int, absolute: bool = False) -> str:
    if absolute:
        return f"${column_letters(col)}${row + 1}"
    return f"{column_letters(col)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    m = _A1.match(ref.strip())
    if not m:
        raise ValueError(f"not an A1 reference: {ref!r}")
    letters, digits = m.groups()
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


def range_a1(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    if (first_row, first_col) == (last_row, last_col):
        return a1(first_row, first_col)
    return f"{a1(first_row, first_col)}:{a1(last_row, last_col)}"


def sheet_cell(sheet: str, row: int, col: int) -> str:
    """The cell as shown to a clerk and kept in findings: 表三 依申请公开!D5 (sheet not quoted)."""
    return join_cell(sheet, a1(row, col))


def join_cell(sheet: str, address: str) -> str:
    return f"{sheet}!{address}"


def split_cell(cell: str) -> tuple[str, str]:
    """(sheet, "D5") of a sheet_cell string."""
    sheet, _, address = cell.rpartition("!")
    return sheet, address


def link_target(cell: str) -> str:
    """A sheet_cell string as a hyperlink location: the sheet quoted, e.g. '表三 依申请公开'!D5."""
    sheet, address = split_cell(cell)
    return f"{quote_sheet(sheet)}!{address}"


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def sheet_ref(sheet: str, row: int, col: int, absolute: bool = True) -> str:
    return f"{quote_sheet(sheet)}!{a1(row, col, absolute)}"


def defined_name(key: str) -> str:
    """An Excel-legal defined name for a key: dots become underscores, e.g. t3_new_total.

    A dotted name such as "t3.new" is read by LibreOffice as a sheet-qualified
    reference, so dots are not kept.
    """
    return key.replace(".", "_")

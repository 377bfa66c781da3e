"""The one place that converts between keys, (row, col) and "A1" notation.

Rows and columns are 0-based here (as in XlsxWriter); A1 strings are 1-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
# What a defined name refers to: ='表三 依申请公开'!$D$5 or Sheet1!D5 (one cell only).
_REFERENCE = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^!']+))!(\$?[A-Za-z]{1,3}\$?\d+)$")


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


def parse_reference(text: str) -> CellRef | None:
    """The single cell a defined name refers to ("='表三 依申请公开'!$D$5"), else None."""
    m = _REFERENCE.match(text.strip())
    if not m:
        return None
    sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
    row, col = parse_a1(m.group(3))
    return CellRef(sheet, row, col)


@dataclass(frozen=True, order=True)
class CellRef:
    """One cell of a workbook: the form every layer passes around.

    A1 strings appear only at the edges (console, JSON, hyperlinks, formulas); inside the
    program a location is always a CellRef. Rows and columns are 0-based.
    """

    sheet: str
    row: int
    col: int

    @property
    def address(self) -> str:
        """'D5'"""
        return a1(self.row, self.col)

    @property
    def link(self) -> str:
        """A hyperlink location: the sheet quoted, e.g. '表三 依申请公开'!D5."""
        return f"{quote_sheet(self.sheet)}!{self.address}"

    def __str__(self) -> str:
        """'表三 依申请公开!D5': how a clerk sees it (sheet not quoted)."""
        return f"{self.sheet}!{self.address}"

    @classmethod
    def parse(cls, text: str) -> CellRef:
        """The inverse of str(): '表三 依申请公开!D5' (or a quoted sheet) to a CellRef."""
        sheet, _, address = text.rpartition("!")
        if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
            sheet = sheet[1:-1].replace("''", "'")
        row, col = parse_a1(address)
        return cls(sheet, row, col)

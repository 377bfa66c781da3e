"""Text stays text in every workbook we write: the one place that says how.

A clerk's agency name "=HYPERLINK(…)", a count cell's text "=cmd|' /C calc'!A0" (DDE) or a
file named "=1+1.xlsx" must never become a live formula in a workbook an office opens.
XlsxWriter turns such strings into formulas unless told not to (pandas leaves it on);
openpyxl does it on every assignment of a str starting with "=". Our own formulas are
written explicitly (XlsxWriter's write_formula, the template's live checks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Strings are written as strings: no formula, no number, no hyperlink guessed from text.
XLSXWRITER_OPTIONS: dict[str, Any] = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def xlsxwriter_options(**extra: Any) -> dict[str, Any]:
    """Options for `xlsxwriter.Workbook(path, options)`; `extra` may add others, never unset these."""
    return {**extra, **XLSXWRITER_OPTIONS}


def new_xlsxwriter_book(path: Path | str, **extra: Any):
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), xlsxwriter_options(**extra))


def set_value(cell, value: Any) -> None:
    """openpyxl: assign `value`; a string is stored as text even when it starts with "="."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def append_row(sheet, values) -> int:
    """openpyxl: `sheet.append(values)` with every string kept as text; the new row's number."""
    sheet.append(values)
    row = sheet.max_row
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
    return row

"""Formulas that a file holds without their results.

A workbook written by a program (openpyxl, a script) keeps "=SUM(D5:I5)" but no computed
value until Excel, WPS or LibreOffice opens and saves it; python-calamine then reads the
cell as blank. Such a cell is not "未填写": the clerk (or the script) did put something
there, and the message must say what to do.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from nianbao.io.safety import open_xlsx_zip, read_member, sheet_names
from nianbao.spec.cellref import a1

_CELL = re.compile(r'<c r="([A-Z]{1,3}\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_ERROR_TYPE = re.compile(r'\st="e"')
_FORMULA = re.compile(r"<f(?:\s[^>]*)?>(.*?)</f>", re.S)
_VALUE = re.compile(r"<v>(.+?)</v>", re.S)


ERROR_VALUE = "\0"  # marks an Excel error value ("#DIV/0!") among the formulas found


def uncached_formulas(
    path: Path | None,
    wanted: dict[str, set[tuple[int, int]]],
    archive: zipfile.ZipFile | None = None,
    xml_of=None,
    workbook_xml: bytes | None = None,
) -> dict[tuple[str, int, int], str]:
    """(sheet, row, col) -> formula text, for the wanted cells that hold a formula and no value;
    ERROR_VALUE + the error ("#DIV/0!") for a cell whose value is an Excel error.
    `archive`: the workbook's zip when the caller has it open; `xml_of`: the sheets' XML by part
    name, `workbook_xml` the workbook part, when the caller has read them already."""
    if not wanted:
        return {}
    if archive is None:
        if path is None:
            return {}
        with open_xlsx_zip(Path(path)) as opened:
            return uncached_formulas(path, wanted, opened, xml_of)
    found: dict[tuple[str, int, int], str] = {}
    parts = _sheet_parts(archive, workbook_xml)
    for sheet, spots in wanted.items():
        part = parts.get(sheet)
        if part is None:  # sheet_names gives only parts the archive holds
            continue
        addresses = {a1(row, col): (row, col) for row, col in spots}
        data = (xml_of or {}).get(part)
        data = data if data is not None else read_member(archive, part)
        if b"<f" not in data and b't="e"' not in data:  # the usual sheet: no formula, no error value
            continue
        xml = data.decode("utf-8", errors="replace")
        for match in _CELL.finditer(xml):
            spot = addresses.get(match.group(1))
            body = match.group(3) or ""
            if spot is None:
                continue
            value = _VALUE.search(body)
            if value and _ERROR_TYPE.search(match.group(2)):  # python-calamine reads "#DIV/0!" as blank
                found[(sheet, *spot)] = ERROR_VALUE + html.unescape(value.group(1)).strip()
            if value:
                continue
            formula = _FORMULA.search(body)
            if formula:
                found[(sheet, *spot)] = html.unescape(formula.group(1)).strip()
    return found


def _sheet_parts(archive, workbook_xml: bytes | None) -> dict[str, str]:
    """Sheet name -> part name."""
    return {sheet: part for part, sheet in sheet_names(archive, workbook_xml).items()}

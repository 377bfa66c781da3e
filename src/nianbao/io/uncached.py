"""Formulas that a file holds without their results.

A workbook written by a program (openpyxl, a script) keeps "=SUM(D5:I5)" but no computed
value until Excel, WPS or LibreOffice opens and saves it; python-calamine then reads the
cell as blank. Such a cell is not "未填写": the clerk (or the script) did put something
there, and the message must say what to do.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from nianbao.io.safety import open_xlsx_zip, parse_xml, read_member
from nianbao.spec.cellref import a1

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r'<c r="([A-Z]{1,3}\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(r"<f(?:\s[^>]*)?>(.*?)</f>", re.S)
_VALUE = re.compile(r"<v>(.+?)</v>", re.S)


def uncached_formulas(path: Path, wanted: dict[str, set[tuple[int, int]]]) -> dict[tuple[str, int, int], str]:
    """(sheet, row, col) -> formula text, for the wanted cells that hold a formula and no value."""
    if not wanted:
        return {}
    found: dict[tuple[str, int, int], str] = {}
    with open_xlsx_zip(Path(path)) as archive:
        parts = _sheet_parts(archive)
        for sheet, spots in wanted.items():
            part = parts.get(sheet)
            if part is None or part not in archive.namelist():
                continue
            addresses = {a1(row, col): (row, col) for row, col in spots}
            xml = read_member(archive, part).decode("utf-8", errors="replace")
            for match in _CELL.finditer(xml):
                spot = addresses.get(match.group(1))
                body = match.group(2) or ""
                if spot is None or _VALUE.search(body):
                    continue
                formula = _FORMULA.search(body)
                if formula:
                    found[(sheet, *spot)] = html.unescape(formula.group(1)).strip()
    return found


def _sheet_parts(archive) -> dict[str, str]:
    workbook = parse_xml(read_member(archive, "xl/workbook.xml"), "workbook.xml")
    rels = parse_xml(read_member(archive, "xl/_rels/workbook.xml.rels"), "workbook.xml.rels")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        parts[sheet.get("name")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
    return parts

"""Read a filled template (.xlsx/.xlsm) into a Report, by its defined names.

python-calamine reads the cell values (fast, no formula evaluation needed); the
defined names and the sheet list come from xl/workbook.xml, parsed with defusedxml.
openpyxl is not imported here: this is on the path of `check` and of bulk audits.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nianbao.check.findings import CellProblem
from nianbao.check.numbers import clean_text, parse_cell, shown, whole_count
from nianbao.errors import UnreadableFile, WrongTemplate
from nianbao.io.safety import check_workbook_bounds, open_xlsx_zip, parse_xml, read_member
from nianbao.spec import format2021 as f
from nianbao.spec import rules
from nianbao.spec.cellref import CellRef, parse_reference
from nianbao.spec.layout import LOCATIONS, MARKER, MARKER_SHEET, RESULTS_SHEET, TEMPLATE_VERSION
from nianbao.spec.rules import META_INVALID, TEXT_NUMBER
from nianbao.view.presentation import explanations_from_rows

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class ReadResult:
    report: f.Report
    problems: list[CellProblem] = field(default_factory=list)
    path: Path | None = None
    # key -> where the value was read (by defined name): for annotating the same cells.
    where: dict[str, CellRef] = field(default_factory=dict)
    # The clerk's 出错说明 by finding id, from the 校验结果 sheet (read with the rest; see io/explanations.py).
    explanations: dict[str, str] = field(default_factory=dict)

    def cell_of(self, key: str) -> CellRef | None:
        return self.where.get(key)


def read_workbook(path: Path) -> ReadResult:
    path = Path(path)
    with open_xlsx_zip(path) as archive:
        workbook_xml = read_member(archive, "xl/workbook.xml")
        sheets, _ = _workbook_parts(workbook_xml, path.name)
        # A sheet the clerk renamed is still found: Excel and WPS carry the defined names along.
        spots = _input_spots(workbook_xml)
        wanted = _sheets_read(workbook_xml)
        sheet_xml = check_workbook_bounds(archive, path.name, workbook_xml, wanted)
        cells = _read_sheets(path, sheets, wanted)
        _check_marker(path, sheets, cells.get(MARKER_SHEET))
        result = ReadResult(f.Report(), path=path)
        if RESULTS_SHEET in cells:
            result.explanations = explanations_from_rows(cells[RESULTS_SHEET])
        blanks: dict[str, set[tuple[int, int]]] = {}
        values = result.report.values
        for key, kind, spot, is_number in spots:
            result.where[key] = spot
            sheet_rows = cells.get(spot.sheet)
            if sheet_rows is None:
                raise WrongTemplate(_missing_sheet(path.name, LOCATIONS[key].sheet, sheets))
            raw = _at(sheet_rows, spot.row, spot.col)
            if raw is None:
                if kind != "text":
                    blanks.setdefault(spot.sheet, set()).add((spot.row, spot.col))
                continue  # a blank input adds nothing and has no problem
            count = whole_count(raw, kind) if is_number else None
            if count is not None:  # most cells of a thousand-file audit: a third of the reading time saved
                values[key] = count
            else:
                take_input(result, key, kind, raw)
        _formulas_without_results(result, blanks, archive, sheet_xml, workbook_xml)
    return result


@lru_cache(maxsize=32)
def _input_spots(workbook_xml: bytes) -> tuple[tuple[str, str, CellRef, bool], ...]:
    """(key, kind, where it is read, whether it is a table's number) for every input: by its
    defined name, else the template's cell. Cached on workbook.xml, which every workbook made
    from one template shares (call _workbook_parts first: it turns a broken workbook.xml into
    a message)."""
    names = _cached_parts(workbook_xml)[1]
    return tuple(
        (
            key,
            location.input.kind,
            names.get(location.input.name) or location.cell,
            not key.startswith(("meta.", "text.")),
        )
        for key, location in LOCATIONS.items()
    )


@lru_cache(maxsize=32)
def _sheets_read(workbook_xml: bytes) -> frozenset[str]:
    """The sheets read: those of the inputs, the template's marker, the clerk's 出错说明."""
    return frozenset({spot.sheet for _, _, spot, _ in _input_spots(workbook_xml)} | {MARKER_SHEET, RESULTS_SHEET})


def _missing_sheet(file_name: str, template_name: str, sheets: tuple[str, ...]) -> str:
    """Which template sheet is missing, and — most often it was renamed — how to put it right."""
    from nianbao.spec.layout import LIVE_SHEET, SHEETS

    known = {s.name for s in SHEETS} | {MARKER_SHEET, LIVE_SHEET, RESULTS_SHEET}
    strangers = [s for s in sheets if s not in known]
    text = f"{file_name} 中找不到模板的工作表“{template_name}”"
    if strangers:
        listed = "、".join(f"“{s}”" for s in strangers[:5])
        text += f"；工作簿中有{listed}，可能是“{template_name}”被改了名"
    else:
        text += "，可能被删除或改了名"
    return text + f"。请把该工作表的名称改回“{template_name}”（右键工作表标签→重命名）后再试"


def _formulas_without_results(
    result: ReadResult,
    blanks: dict[str, set[tuple[int, int]]],
    archive,
    sheet_xml: dict[str, bytes],
    workbook_xml: bytes,
) -> None:
    """Blank-looking inputs that really hold a formula nobody computed (see io/uncached.py)."""
    if not blanks:
        return
    from nianbao.io.uncached import ERROR_VALUE, uncached_formulas

    formulas = uncached_formulas(result.path, blanks, archive, sheet_xml, workbook_xml)
    if not formulas:
        return
    for key, spot in result.where.items():
        formula = formulas.get((spot.sheet, spot.row, spot.col))
        if formula is None:
            continue
        if formula.startswith(ERROR_VALUE):  # "#DIV/0!" is not a blank cell: the clerk's formula failed
            result.problems.append(CellProblem(key, rules.NOT_A_NUMBER.id, formula[len(ERROR_VALUE) :]))
        else:
            result.problems.append(CellProblem(key, rules.FORMULA_UNCACHED.id, "=" + formula))


@lru_cache(maxsize=32)
def _cached_parts(data: bytes) -> tuple[tuple[str, ...], dict]:
    workbook_xml = parse_xml(data, "workbook.xml")
    sheets = tuple(s.get("name") for s in workbook_xml.iter(f"{_NS}sheet"))
    return sheets, _defined_names(workbook_xml)


def _workbook_parts(data: bytes, file_name: str) -> tuple[tuple[str, ...], dict]:
    """Sheet names and defined names. Cached on the bytes: every workbook made from one
    template has the same workbook.xml, and a bulk audit reads thousands of them."""
    try:
        sheets, names = _cached_parts(data)
    except UnreadableFile as err:
        raise UnreadableFile(f"{file_name} 的 {err}") from None
    return sheets, dict(names)


def _defined_names(workbook_xml) -> dict[str, CellRef]:
    names = {}
    for node in workbook_xml.iter(f"{_NS}definedName"):
        if node.get("localSheetId") is not None:
            continue
        cell = parse_reference(node.text or "")
        if cell is not None:
            names[node.get("name")] = cell
    return names


def _read_sheets(path: Path, sheets: tuple[str, ...], wanted: Collection[str]) -> dict[str, list[list]]:
    """The wanted sheets' values; only these, whose parts check_workbook_bounds has scanned."""
    from python_calamine import CalamineWorkbook

    try:
        book = _open_book(CalamineWorkbook, path)
        out = {}
        for name in sheets:
            if name in wanted:
                sheet = book.get_sheet_by_name(name)
                out[name] = _anchored(sheet)
        book.close()
        return out
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine's errors are plain exceptions with English text
        raise UnreadableFile(f"{path.name} 无法读取（文件已损坏或格式不符：{type(exc).__name__}）") from None


def _open_book(calamine_workbook, path: Path):
    """python-calamine takes a path only as valid UTF-8; a name in GBK bytes (a Windows zip
    unpacked on Linux) is read through an open file instead."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        with open(path, "rb") as fh:
            return calamine_workbook.from_filelike(fh)
    return calamine_workbook.from_path(str(path))


def _anchored(sheet) -> list[list]:
    """Rows anchored at A1 whatever the sheet's used range starts at."""
    rows = sheet.to_python(skip_empty_area=False)
    start = sheet.start or (0, 0)
    if start == (0, 0) or not rows:
        return rows
    pad_cols = [None] * start[1]
    return [[] for _ in range(start[0])] + [pad_cols + list(r) for r in rows]


def _at(rows: list[list], row: int, col: int):
    if row >= len(rows) or col >= len(rows[row]):
        return None
    value = rows[row][col]
    return None if value == "" else value


def _check_marker(path: Path, sheets: tuple[str, ...], rows: list[list] | None) -> None:
    if rows is None:
        raise WrongTemplate(
            f"{path.name} 不是本程序的年度报告模板（缺少模板标记）；请用 nianbao template 生成的 template.xlsx 填报"
        )
    marker = {str(r[0]): str(r[1]) for r in rows if len(r) >= 2 and r[0]}
    if marker.get("template") != MARKER["template"]:
        raise WrongTemplate(f"{path.name} 不是本程序的年度报告模板（模板标记不符）")
    if marker.get("format") != MARKER["format"]:
        raise WrongTemplate(
            f"{path.name} 是 {marker.get('format')} 年格式的模板，本程序只处理 {MARKER['format']} 年格式（{f.FORMAT_TITLE}）"
        )
    if marker.get("version") != TEMPLATE_VERSION:
        raise WrongTemplate(
            f"{path.name} 的模板版本为 {marker.get('version')}，本程序需要 {TEMPLATE_VERSION} 版；"
            f"请用 nianbao upgrade {path.name} -o 新文件名.xlsx 转成新模板（数字和文字会一并转入）"
        )


def take_input(result: ReadResult, key: str, kind: str, raw) -> None:
    report = result.report
    if key.startswith("meta."):
        _take_meta(result, key[5:], kind, raw)
    elif key.startswith("text."):
        text = clean_text(str(raw)).strip() if raw is not None else ""
        if text:
            report.text[key[5:]] = text
    else:
        parsed = parse_cell(raw, kind)
        if parsed.value is not None:
            report.values[key] = parsed.value
        if parsed.problem:
            result.problems.append(CellProblem(key, parsed.problem, parsed.found, parsed.value))


def _take_meta(result: ReadResult, name: str, kind: str, raw) -> None:
    meta = result.report.meta
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return
    if kind == "year":
        parsed = parse_cell(raw, f.COUNT)
        if parsed.value is None or not 1990 <= parsed.value <= 2100:
            result.problems.append(CellProblem(f"meta.{name}", META_INVALID.id, shown(str(raw).strip())))
            return
        meta[name] = parsed.value
    elif kind in ("count", "yuan"):
        parsed = parse_cell(raw, f.COUNT if kind == "count" else f.AMOUNT)
        if parsed.value is None or (parsed.problem and parsed.problem != TEXT_NUMBER.id):
            result.problems.append(CellProblem(f"meta.{name}", META_INVALID.id, shown(str(raw).strip())))
            return
        meta[name] = parsed.value
    else:
        text = clean_text(str(raw)).strip()
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))  # a postcode or phone typed as a number
        if text:
            meta[name] = text

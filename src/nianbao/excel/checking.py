"""校验: what `nianbao check -o` shows, written into the open workbook.

The involved input cells get the error/warning fill and a note (presentation.cell_marks);
the 校验结果 sheet gets the findings table (presentation.results_rows). The marks of the
previous 校验 are removed first — only on cells the buttons marked, back to the input fill.
"""

from __future__ import annotations

from nianbao.build.template import ERROR_FILL, INPUT_FILL, WARNING_FILL
from nianbao.check.checker import check, errors_of
from nianbao.excel.book_io import cell_span, paint, read_inputs, remove_note, set_note, sheets_by_name
from nianbao.excel.protection import unprotected
from nianbao.excel.state import read_state, write_state
from nianbao.spec.cellref import CellRef
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.spec.rules import ERROR, WARNING
from nianbao.view.presentation import RESULTS_HEADERS, cell_marks, results_rows

FILLS = {ERROR: ERROR_FILL, WARNING: WARNING_FILL}
PASSED = "校验通过：没有发现错误或需要核实之处。"


def validate_book(book) -> str:
    result, _ = read_inputs(book)
    findings = check(result.report, problems=result.problems, locate=result.cell_of)
    marks = cell_marks(findings)
    state = read_state(book)
    sheets = sheets_by_name(book)
    marked_now = {m.cell: m for m in marks if m.sheet in sheets}
    stale = [cell for cell in state.marks if cell not in marked_now]
    touched = sorted({c.sheet for c in stale} | {m.sheet for m in marked_now.values()})
    with unprotected(book, [sheets[name] for name in touched if name in sheets]):
        _clear(sheets, stale, state)
        notes_ours = _mark(sheets, marked_now, state)
    state.marks = notes_ours
    write_results(book, findings)
    write_state(book, state)
    errors = len(errors_of(findings))
    if not findings:
        return PASSED
    sheets[RESULTS_SHEET].activate()
    return (
        f"校验完成：发现错误 {errors} 处，提示 {len(findings) - errors} 处。\n"
        "有问题的单元格已标色（红色为错误，黄色为提示）并加了批注；"
        "全部说明见“校验结果”工作表。改正后请再点击“校验”。"
    )


def _clear(sheets: dict, cells: list[CellRef], state) -> None:
    spans: dict[str, list] = {}
    for cell in cells:
        if cell.sheet not in sheets:
            continue
        spans.setdefault(cell.sheet, []).append(cell_span(cell))
        if state.marks.get(cell):
            remove_note(sheets[cell.sheet][cell.address])
    for sheet, parts in spans.items():
        paint(sheets[sheet], parts, INPUT_FILL)


def _mark(sheets: dict, marks: dict, state) -> dict[CellRef, bool]:
    by_fill: dict[tuple[str, str], list] = {}
    ours: dict[CellRef, bool] = {}
    for cell, mark in marks.items():
        by_fill.setdefault((cell.sheet, mark.severity), []).append(cell_span(cell))
        ours[cell] = set_note(sheets[cell.sheet][cell.address], mark.note, ours=state.marks.get(cell, False))
    for (sheet, severity), parts in by_fill.items():
        paint(sheets[sheet], parts, FILLS[severity])
    return ours


def hyperlink(cell: CellRef | None) -> str:
    if cell is None:
        return ""
    # Inside the formula both the location and the shown text are string literals: quotes double.
    location = cell.link.replace('"', '""')
    shown = str(cell).replace('"', '""')
    return f'=HYPERLINK("#{location}","{shown}")'


def write_results(book, findings) -> None:
    """The 校验结果 sheet: the same rows as `nianbao check -o`, in one write."""
    sheets = sheets_by_name(book)
    sheet = sheets.get(RESULTS_SHEET)
    if sheet is None:
        sheet = book.sheets.add(RESULTS_SHEET, before=book.sheets[0])
    sheet.clear()
    rows = [list(RESULTS_HEADERS)]
    for finding, row in zip(findings, results_rows(findings)):
        row = list(row)
        row[3] = hyperlink(finding.cell)
        rows.append(row)
    if not findings:
        rows.append(["", "", "", "", "", PASSED, "", ""])
    width = len(RESULTS_HEADERS)
    sheet.range((1, 1), (len(rows), width)).value = rows
    sheet.range((1, 1), (1, width)).font.bold = True
    if len(rows) > 1:
        sheet.range((2, 6), (len(rows), 6)).wrap_text = True
    by_severity: dict[str, list] = {}
    for i, finding in enumerate(findings, 1):
        by_severity.setdefault(finding.severity, []).append((i, 1, 1))
    for severity, spans in by_severity.items():
        paint(sheet, spans, FILLS[severity])

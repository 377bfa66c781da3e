"""校验: what `nianbao check -o` shows, written into the open workbook.

The involved input cells get the error/warning fill and a note (presentation.cell_marks),
the cell the error localisation names the stronger suspect fill; the 校验结果 sheet gets the
findings table (presentation.results_table). The marks of the previous 校验 are removed
first — only on cells the buttons marked, back to the input fill. The clerk's 出错说明 in
the 校验结果 sheet are read before it is rewritten and kept by finding id.
"""

from __future__ import annotations

from nianbao.check.checker import check
from nianbao.excel.book_io import cell_span, paint, read_inputs, remove_note, set_note, sheets_by_name
from nianbao.excel.protection import unprotected
from nianbao.excel.state import read_state, write_state
from nianbao.spec.cellref import CellRef
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.view.palette import INPUT_FILL, MARK_FILLS
from nianbao.view.presentation import (
    EXPLANATION_COLUMN,
    MESSAGE_COLUMN,
    PASSED,
    RESULTS_HEAD_ROWS,
    attach_explanations,
    cell_marks,
    counts_line,
    explanations_from_rows,
    results_table,
)

FILLS = MARK_FILLS


def validate_book(book) -> str:
    result, _ = read_inputs(book)
    findings = check(result.report, problems=result.problems, locate=result.cell_of)
    attach_explanations(findings, read_explanations(book))
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
    write_results(book, findings, result.report)
    write_state(book, state)
    if not findings:
        return PASSED
    sheets_by_name(book)[RESULTS_SHEET].activate()
    suspects = "，深红色是最可能填错的单元格" if any(m.suspect for m in marks) else ""
    return (
        f"校验完成：{counts_line(findings)}\n"
        f"有问题的单元格已标色（红色为错误，黄色为提示{suspects}）并加了批注；"
        "全部说明见“校验结果”工作表，提示可在“出错说明”列写明原因。改正后请再点击“校验”。"
    )


def read_explanations(book) -> dict[str, str]:
    """The clerk's 出错说明 in the 校验结果 sheet as it is now (before it is rewritten)."""
    sheet = sheets_by_name(book).get(RESULTS_SHEET)
    if sheet is None:
        return {}
    rows = sheet.used_range.options(ndim=2).value or []
    return explanations_from_rows([list(row) for row in rows])


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
        by_fill.setdefault((cell.sheet, mark.fill), []).append(cell_span(cell))
        ours[cell] = set_note(sheets[cell.sheet][cell.address], mark.note, ours=state.marks.get(cell, False))
    for (sheet, kind), parts in by_fill.items():
        paint(sheets[sheet], parts, FILLS[kind])
    return ours


def hyperlink(cell: CellRef | None) -> str:
    if cell is None:
        return ""
    # Inside the formula both the location and the shown text are string literals: quotes double.
    location = cell.link.replace('"', '""')
    shown = str(cell).replace('"', '""')
    return f'=HYPERLINK("#{location}","{shown}")'


def write_results(book, findings, report) -> None:
    """The 校验结果 sheet: the same rows as `nianbao check -o`, in one write."""
    sheets = sheets_by_name(book)
    sheet = sheets.get(RESULTS_SHEET)
    if sheet is None:
        sheet = book.sheets.add(RESULTS_SHEET, before=book.sheets[0])
    sheet.clear()
    rows = results_table(findings, report)
    for finding, row in zip(findings, rows[RESULTS_HEAD_ROWS:]):
        row[3] = hyperlink(finding.cell)
    width = len(rows[RESULTS_HEAD_ROWS - 1])
    sheet.range((1, 1), (len(rows), width)).value = rows
    sheet.range((1, 1), (RESULTS_HEAD_ROWS, width)).font.bold = True
    first = RESULTS_HEAD_ROWS + 1
    if len(rows) >= first:
        for column in (MESSAGE_COLUMN, EXPLANATION_COLUMN):
            sheet.range((first, column + 1), (len(rows), column + 1)).wrap_text = True
    by_severity: dict[str, list] = {}
    for i, finding in enumerate(findings, RESULTS_HEAD_ROWS):
        by_severity.setdefault(finding.severity, []).append((i, 1, 1))
    for severity, spans in by_severity.items():
        paint(sheet, spans, FILLS[severity])
    clerk_writes = [(i, EXPLANATION_COLUMN, EXPLANATION_COLUMN) for i, _ in enumerate(findings, RESULTS_HEAD_ROWS)]
    if clerk_writes:
        paint(sheet, clerk_writes, INPUT_FILL)

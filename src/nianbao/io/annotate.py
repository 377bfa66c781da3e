"""`check -o`: a copy of the workbook with every involved cell coloured and annotated,
plus a 校验结果 sheet linking to the cells. The input file is never touched."""

from __future__ import annotations

from pathlib import Path

from nianbao.build.template import ERROR_FILL, WARNING_FILL
from nianbao.check.findings import Finding
from nianbao.io.atomic import refuse_overwrite_of_input
from nianbao.io.workbook_writer import load_for_edit, save_atomic, writable_cell
from nianbao.io.xlsx_text import append_row
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.spec.rules import ERROR, WARNING
from nianbao.view.presentation import RESULTS_HEADERS, cell_marks, results_rows

NOTE_AUTHOR = "nianbao 校验"


def write_checked_copy(source: Path, output: Path, findings: list[Finding]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    refuse_overwrite_of_input(Path(output), Path(source))
    workbook = load_for_edit(source, output)
    fills = {
        ERROR: PatternFill("solid", fgColor=ERROR_FILL.lstrip("#")),
        WARNING: PatternFill("solid", fgColor=WARNING_FILL.lstrip("#")),
    }
    written: dict[tuple[str, str], list[str]] = {}
    for mark in cell_marks(findings):
        if mark.sheet not in workbook.sheetnames:
            continue
        cell = writable_cell(workbook[mark.sheet], mark.cell.address)
        # Two marks land on one cell when the clerk merged inputs: keep both notes.
        earlier = written.setdefault((mark.sheet, cell.coordinate), [])
        mark.lines[:0] = [line for line in earlier if line not in mark.lines]
        earlier[:] = mark.lines
        cell.fill = fills[mark.severity]
        comment = Comment(mark.note, NOTE_AUTHOR)
        comment.width, comment.height = 360, 40 + 36 * len(mark.lines)
        cell.comment = comment

    if RESULTS_SHEET in workbook.sheetnames:
        del workbook[RESULTS_SHEET]
    sheet = workbook.create_sheet(RESULTS_SHEET, 0)
    append_row(sheet, RESULTS_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for finding, row in zip(findings, results_rows(findings)):
        written_row = append_row(sheet, row)
        target = sheet.cell(row=written_row, column=4)
        if finding.cell is not None:
            target.hyperlink = Hyperlink(ref=target.coordinate, location=finding.cell.link)
            target.font = Font(color="0563C1", underline="single")
        sheet.cell(row=written_row, column=2).fill = fills[finding.severity]
    if not findings:
        append_row(sheet, ("", "", "", "", "", "校验通过：没有发现错误或需要核实之处。"))
    for column, width in zip("ABCDEFGH", (6, 6, 16, 22, 40, 80, 8, 8)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    workbook.active = 0
    for ws in workbook.worksheets:
        ws.sheet_view.tabSelected = ws.title == RESULTS_SHEET
    save_atomic(workbook, output)

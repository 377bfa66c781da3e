"""`check -o`: a copy of the workbook with every involved cell coloured and annotated,
plus a 校验结果 sheet linking to the cells. The input file is never touched.

The marks of an earlier 校验 (our notes, by their author or their 【错误·…】 tag, and our
fills) are cleared first, so a cell the clerk has fixed is plain again; the clerk's
出错说明 in the old 校验结果 sheet are carried over by finding id (the findings arrive with
them attached)."""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from nianbao.check.findings import Finding
from nianbao.io.atomic import refuse_overwrite_of_input
from nianbao.io.workbook_writer import load_for_edit, save_atomic, writable_cell
from nianbao.io.xlsx_text import append_row
from nianbao.spec import format2021 as f
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.spec.rules import SEVERITY_LABEL
from nianbao.view.palette import INPUT_FILL, MARK_FILLS, OUR_FILLS
from nianbao.view.presentation import (
    EXPLANATION_COLUMN,
    ID_COLUMN,
    RESULTS_HEAD_ROWS,
    cell_marks,
    results_table,
)

NOTE_AUTHOR = "nianbao 校验"
OUR_TAGS = tuple(f"【{label}·" for label in SEVERITY_LABEL.values())
# Column widths of the 校验结果 sheet (in characters): 序号 类别 规则 单元格 项目 说明 应为 现为 出错说明 编号
WIDTHS = (5, 5, 14, 19, 22, 54, 7, 7, 26, 12)
WRAPPED = (4, 5, 8)  # 项目, 说明, 出错说明 (0-based)
LINE_POINTS = 14.5
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = "D9D9D9"


def write_checked_copy(source: Path, output: Path, findings: list[Finding], report: f.Report | None = None) -> None:
    refuse_overwrite_of_input(Path(output), Path(source))
    workbook = load_for_edit(source, output)
    clear_earlier_marks(workbook)
    fills = {kind: _solid(color) for kind, color in MARK_FILLS.items()}
    written: dict[tuple[str, str], list[str]] = {}
    for mark in cell_marks(findings):
        if mark.sheet not in workbook.sheetnames:
            continue
        cell = writable_cell(workbook[mark.sheet], mark.cell.address)
        # Two marks land on one cell when the clerk merged inputs: keep both notes.
        earlier = written.setdefault((mark.sheet, cell.coordinate), [])
        mark.lines[:0] = [line for line in earlier if line not in mark.lines]
        earlier[:] = mark.lines
        cell.fill = fills[mark.fill]
        comment = Comment(mark.note, NOTE_AUTHOR)
        comment.width, comment.height = 360, 40 + 36 * len(mark.lines)
        cell.comment = comment

    if RESULTS_SHEET in workbook.sheetnames:
        del workbook[RESULTS_SHEET]
    sheet = workbook.create_sheet(RESULTS_SHEET, 0)
    _write_results(sheet, findings, report or f.Report(), fills)
    workbook.active = 0
    for ws in workbook.worksheets:
        ws.sheet_view.tabSelected = ws.title == RESULTS_SHEET
    save_atomic(workbook, output)


def clear_earlier_marks(workbook) -> None:
    """Remove the notes and fills an earlier 校验 left; the clerk's own notes stay."""
    plain = _solid(INPUT_FILL)
    for ws in workbook.worksheets:
        if ws.title == RESULTS_SHEET:
            continue
        for row in ws.iter_rows():
            for cell in row:
                comment = cell.comment
                if comment is not None and (comment.author == NOTE_AUTHOR or comment.text.startswith(OUR_TAGS)):
                    cell.comment = None
                if _fill_of(cell) in OUR_FILLS:
                    cell.fill = plain  # only input cells are ever marked


def _fill_of(cell) -> str:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or not isinstance(fill.fgColor.rgb, str):
        return ""
    return "#" + fill.fgColor.rgb[-6:].upper()


def _solid(color: str) -> PatternFill:
    return PatternFill("solid", fgColor=color.lstrip("#"))


def _write_results(sheet, findings: list[Finding], report: f.Report, fills: dict) -> None:
    rows = results_table(findings, report)
    width = len(rows[RESULTS_HEAD_ROWS - 1])
    for row in rows:
        append_row(sheet, row)
    last_col = get_column_letter(width - 1)  # the id column is hidden: not printed
    # Centred across the printed columns, not merged: the 校验 button rewrites this sheet, and
    # merged cells would get in its way.
    for c in range(1, width):
        sheet.cell(1, c).alignment = Alignment(horizontal="centerContinuous", vertical="center")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height = 24
    sheet["A2"].alignment = Alignment(vertical="center")
    sheet.row_dimensions[2].height = 20
    header = RESULTS_HEAD_ROWS
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.fill = _solid(HEADER_FILL)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    explanation_fill = _solid(INPUT_FILL)
    for offset, finding in enumerate(findings):
        r = header + 1 + offset
        for c in range(1, width + 1):
            cell = sheet.cell(r, c)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=(c - 1) in WRAPPED, vertical="top")
        link = sheet.cell(r, 4)
        if finding.cell is not None:
            link.hyperlink = Hyperlink(ref=link.coordinate, location=finding.cell.link)
            link.font = Font(color="0563C1", underline="single")
        sheet.cell(r, 2).fill = fills[finding.severity]
        clerk = sheet.cell(r, EXPLANATION_COLUMN + 1)
        clerk.protection = Protection(locked=False)  # the one column the clerk writes in
        clerk.fill = explanation_fill
        sheet.row_dimensions[r].height = _height([rows[r - 1][i] for i in WRAPPED])
    if not findings:
        sheet.row_dimensions[header + 1].height = LINE_POINTS + 4
    for i, w in enumerate(WIDTHS[:width]):
        sheet.column_dimensions[get_column_letter(i + 1)].width = w
    sheet.column_dimensions[get_column_letter(ID_COLUMN + 1)].hidden = True
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.print_area = f"A1:{last_col}{sheet.max_row}"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", 9  # A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _height(texts: list) -> float:
    """Points for a row whose wrapped cells show their whole text: Excel does not recompute
    a row's height when it opens a file, so it is set from the text's length."""
    lines = 1
    for text, column in zip(texts, WRAPPED):
        room = WIDTHS[column] - 1.5
        paragraphs = str(text or "").split("\n")
        lines = max(lines, sum(max(1, math.ceil(_units(p) / room)) for p in paragraphs))
    return round(lines * LINE_POINTS + 4, 1)


def _units(text: str) -> float:
    """Width in column units: a CJK character is about two."""
    return sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in text)

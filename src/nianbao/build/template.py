"""Build template.xlsx (and, with a customizer, the macro workbook) with XlsxWriter.

Everything comes from layout.py (positions), format2021.py (labels) and
excel_formulas.py (live checks): this module only decides how it looks.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

from nianbao.build.formulas import (
    STATE_BAD,
    STATE_BLANK,
    STATE_RULES,
    STATE_TEXT_NUMBER,
    LiveCheck,
    cell_state_formula,
    cell_value_formula,
    flag_formula,
    live_checks,
    started_formula,
    state_is,
)
from nianbao.io.xlsx_text import xlsxwriter_options
from nianbao.spec import format2021 as f
from nianbao.spec.cellref import a1, quote_sheet, range_a1, sheet_ref
from nianbao.spec.layout import (
    HELPERS,
    LINE_HEIGHT,
    LIVE_SHEET,
    MARKER,
    MARKER_SHEET,
    SHEETS,
    TEMPLATE_VERSION,
    TEXT_ROW_HEIGHT,
    Input,
    SheetLayout,
    number_inputs,
    wrapped_height,
)
from nianbao.spec.rules import ERROR, WARNING
from nianbao.view.palette import ERROR_FILL, ERROR_FONT, INPUT_FILL, WARNING_FILL, WARNING_FONT

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
# A fixed creation date keeps the build reproducible (the golden test compares builds).
FIXED_DATE = _dt.datetime(2021, 1, 1)

INSTRUCTIONS = (
    "填表说明：",
    "1. 浅蓝色单元格为填写处，其余单元格（标签、表头）已锁定，不能修改（工作表保护无密码）。",
    "2. 表二、表三、表四的每个数字都要填写，包括合计与总计；没有的填 0，不要留空，不要填“—”或“无”。",
    "3. 开始填写某张表后，空白、不是有效数字和合计不一致的单元格立即变红（错误），以文字或全角字符填写的数字变黄（提示）；"
    "各表下方一句话统计本表还有几处问题。",
    "4. 填完后用“校验”按钮或命令 nianbao check 校验，可得到每处不一致的说明和应填的数值。",
)


Customizer = Callable[[object, dict], None]


def build_template(path: Path, report: f.Report | None = None, *, customize: Customizer | None = None) -> None:
    """Write the template to `path`; pre-filled with `report` when given.

    `customize(workbook, worksheets_by_name)` runs before the file is closed (the macro
    workbook adds its VBA project and buttons there).
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), xlsxwriter_options(default_format_properties={"font_name": BODY_FONT, "font_size": 11})
    )
    workbook.set_properties(
        {
            "title": f"{f.REPORT_TITLE_SUFFIX}（{f.FORMAT_TITLE}格式）",
            "subject": f"nianbao template {TEMPLATE_VERSION}",
            "author": "nianbao",
            "created": FIXED_DATE,
        }
    )
    workbook.set_custom_property("nianbao_template_version", TEMPLATE_VERSION)
    styles = _Styles(workbook)
    worksheets = {}
    for sheet in SHEETS:
        ws = workbook.add_worksheet(sheet.name)
        worksheets[sheet.name] = ws
        _lay_out(ws, sheet, styles, report)
    _add_marker(workbook)
    live = workbook.add_worksheet(LIVE_SHEET)
    _add_live_checks(worksheets, live, styles)
    live.hide()
    live.protect("")
    for sheet in SHEETS:
        for inp in sheet.inputs:
            workbook.define_name(inp.name, "=" + sheet_ref(sheet.name, inp.row, inp.col))
    if customize:
        customize(workbook, worksheets)
    workbook.close()


class _Styles:
    def __init__(self, wb):
        border = {"border": 1, "valign": "vcenter", "text_wrap": True}
        self.title = wb.add_format(
            {"bold": True, "font_size": 14, "font_name": TITLE_FONT, "align": "center", "valign": "vcenter"}
        )
        self.header = wb.add_format({**border, "align": "center", "bold": True, "bg_color": "#F2F2F2"})
        self.rowlabel = wb.add_format({**border, "align": "left"})
        self.note = wb.add_format({**border, "align": "center", "font_size": 9, "bg_color": "#F2F2F2"})
        self.fieldlabel = wb.add_format({**border, "align": "left", "bold": True, "bg_color": "#F2F2F2"})
        self.hint = wb.add_format({"font_size": 9, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.instructions = wb.add_format({"font_size": 10, "font_color": "#404040"})
        self.status = wb.add_format({"font_size": 10, "bold": True, "text_wrap": True, "valign": "top"})
        count = {**border, "align": "center", "locked": False, "bg_color": INPUT_FILL, "num_format": "0"}
        self.inputs = {
            f.COUNT: wb.add_format(count),
            "count": wb.add_format(count),
            f.AMOUNT: wb.add_format({**count, "num_format": "0.00##"}),
            "yuan": wb.add_format({**count, "num_format": "0.00"}),
            "year": wb.add_format({**count, "num_format": "0"}),
            "text": wb.add_format(
                {**border, "align": "left", "valign": "top", "locked": False, "bg_color": INPUT_FILL}
            ),
        }
        self.error = wb.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT})
        self.warning = wb.add_format({"bg_color": WARNING_FILL, "font_color": WARNING_FONT})

    def label(self, style: str):
        return getattr(self, style)


def _lay_out(ws, sheet: SheetLayout, styles: _Styles, report: f.Report | None) -> None:
    for col, width in enumerate(sheet.column_widths):
        ws.set_column(col, col, width)
    for row, height in sheet.row_heights.items():
        ws.set_row(row, height)
    if sheet.table:
        ws.set_default_row(18)
    ws.set_row(0, 28)
    for row, height in _fitted_heights(sheet).items():
        ws.set_row(row, height)
    if report is not None and report.text:
        for row, height in text_row_heights(sheet, report.text).items():
            ws.set_row(row, height)
    for label in sheet.labels:
        fmt = styles.label(label.style)
        if label.merged:
            ws.merge_range(label.row, label.col, label.bottom, label.right, label.text, fmt)
        else:
            ws.write_string(label.row, label.col, label.text, fmt)
    for inp in sheet.inputs:
        _write_input(ws, inp, styles.inputs[inp.kind], _initial_value(inp, report))
        _validate(ws, inp)
    if sheet.header_rows:
        first_col = 3 if sheet.table == "t3" else 0
        ws.freeze_panes(sheet.header_rows, first_col)
    if sheet.table is None and sheet.name == SHEETS[0].name:
        last = max(i.row for i in sheet.inputs) + 2
        for i, line in enumerate(INSTRUCTIONS):
            ws.write_string(last + i, 0, line, styles.instructions)
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.fit_to_pages(1, 1 if sheet.one_page else 0)
    if sheet.table:  # the table and its status line, not the hidden state cells beside it
        last_col = max(max(i.last_col or i.col for i in sheet.inputs), max(x.right for x in sheet.labels))
        ws.print_area(0, 0, max(i.row for i in sheet.inputs) + 2, last_col)
    if sheet.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if sheet.header_rows:
        ws.repeat_rows(0, sheet.header_rows - 1)
    ws.protect(
        "", {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True, "format_columns": True}
    )


def _fitted_heights(sheet: SheetLayout) -> dict[int, float]:
    """Row heights that let every wrapped label show in full (Excel does not autofit merged cells)."""
    heights: dict[int, float] = {}
    widths = sheet.column_widths
    for label in sheet.labels:
        if label.style in ("title", "hint") or label.bottom != label.row:
            continue
        width = sum(widths[c] if c < len(widths) else 8.43 for c in range(label.col, label.right + 1))
        needed = wrapped_height(label.text, width)
        if needed > heights.get(label.row, 0) and needed > LINE_HEIGHT + 6:
            heights[label.row] = max(needed, sheet.row_heights.get(label.row, 0))
    return heights


def text_row_heights(sheet: SheetLayout, text: dict[str, str]) -> dict[int, float]:
    """Rows of the 正文 sheet grown to show each field's whole text (generated paragraphs are long)."""
    heights = {}
    for inp in sheet.inputs:
        content = text.get(inp.key.removeprefix("text."))
        if inp.kind == "text" and content:
            heights[inp.row] = wrapped_height(content, sheet.column_widths[inp.col], TEXT_ROW_HEIGHT)
    return heights


def _initial_value(inp: Input, report: f.Report | None):
    if report is None:
        return None
    head, rest = inp.key.split(".", 1)
    if head == "meta":
        return report.meta.get(rest)
    if head == "text":
        return report.text.get(rest)
    return report.values.get(inp.key)


def _write_input(ws, inp: Input, fmt, value) -> None:
    if inp.last_col is not None:
        ws.merge_range(inp.row, inp.col, inp.row, inp.last_col, None, fmt)
    if value is None:
        ws.write_blank(inp.row, inp.col, None, fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(inp.row, inp.col, value, fmt)
    else:
        ws.write_string(inp.row, inp.col, str(value), fmt)


_VALIDATION_MESSAGES = {
    f.COUNT: "请填写不小于 0 的整数（没有的填 0，不要填“—”“无”或文字）。",
    "count": "请填写不小于 0 的整数。",
    f.AMOUNT: "请填写不小于 0 的金额（单位：万元），最多 6 位小数（精确到分）。",
    "yuan": "请填写不小于 0 的金额（单位：元），最多 2 位小数。",
    "year": "请填写四位数的年度，例如 2024。",
}


def _validate(ws, inp: Input) -> None:
    cell = a1(inp.row, inp.col)
    common = {"error_title": "输入有误", "error_message": _VALIDATION_MESSAGES.get(inp.kind, ""), "ignore_blank": True}
    if inp.kind in (f.COUNT, "count"):
        rule = {"validate": "integer", "criteria": ">=", "value": 0}
    elif inp.kind == f.AMOUNT:
        rule = {
            "validate": "custom",
            "value": f"=AND(ISNUMBER({cell}),{cell}>=0,ROUND({cell},{f.AMOUNT_DECIMALS})={cell})",
        }
    elif inp.kind == "yuan":
        rule = {"validate": "custom", "value": f"=AND(ISNUMBER({cell}),{cell}>=0,ROUND({cell},2)={cell})"}
    elif inp.kind == "year":
        rule = {"validate": "integer", "criteria": "between", "minimum": 2021, "maximum": 2100}
    else:
        return
    ws.data_validation(inp.row, inp.col, inp.row, inp.col, {**rule, **common})


def _add_live_checks(worksheets: dict, live, styles: _Styles) -> None:
    """Highlights and the status line of each table sheet (see build/formulas.py for the rules).

    On the hidden live sheet every input has a state cell (STATE_*) and a value cell, and every
    relation a 0/1 flag (layout.HELPERS); the highlights test those cells, the relations read the
    value cells and the status line counts them.
    """
    checks_by_sheet: dict[str, list[LiveCheck]] = {}
    for check in live_checks():
        checks_by_sheet.setdefault(check.sheet, []).append(check)
    for sheet in SHEETS:
        if sheet.table is None:
            continue
        _sheet_live_checks(worksheets[sheet.name], live, sheet, checks_by_sheet.get(sheet.name, []), styles)


def _fill(styles: _Styles, severity: str):
    return styles.error if severity == ERROR else styles.warning


def _on(sheet: str, row: int, col: int, absolute: bool = False) -> str:
    return sheet_ref(sheet, row, col, absolute)


def _sheet_live_checks(ws, live, sheet: SheetLayout, checks: list[LiveCheck], styles: _Styles) -> None:
    numbers = number_inputs(sheet)
    helper = HELPERS[sheet.name]
    blocks = _blocks(numbers)
    inputs = [f"{quote_sheet(sheet.name)}!{_absolute_range(*block)}" for block in blocks]
    started = _on(LIVE_SHEET, *helper.started, absolute=True)
    # No cached results (value ""): LibreOffice, which by default does not recalculate an .xlsx on
    # load, then computes these cells; a cached 0 would show a filled file as all clear.
    live.write_formula(*helper.started, "=" + started_formula(inputs), None, "")
    for inp in numbers:
        typed = _on(sheet.name, inp.row, inp.col)
        state = a1(*helper.state(inp))
        live.write_formula(*helper.state(inp), "=" + cell_state_formula(typed, inp.kind, started), None, "")
        live.write_formula(*helper.value(inp), "=" + cell_value_formula(typed, state), None, "")
    # Red before yellow: where both apply, the error shows.
    for block in blocks:
        state_ref = _on(LIVE_SHEET, block[0], helper.state_col + block[1] - helper.first_input_col)
        for states in (STATE_BAD_OR_BLANK, (STATE_TEXT_NUMBER,)):
            severity = STATE_RULES[states[0]].severity  # the severity check gives such a cell
            ws.conditional_format(
                range_a1(*block),
                {"type": "formula", "criteria": "=" + state_is(state_ref, states), "format": _fill(styles, severity)},
            )
    for severity in (ERROR, WARNING):
        for check in (c for c in checks if c.severity == severity):
            ws.conditional_format(
                check.cells[0],
                {
                    "type": "formula",
                    "criteria": "=" + check.formula,
                    "format": _fill(styles, severity),
                    "multi_range": " ".join(check.cells),
                },
            )
    flags: dict[str, list[str]] = {ERROR: [], WARNING: []}
    for i, check in enumerate(checks):
        live.write_formula(i, helper.flags_col, "=" + flag_formula(check), None, "")
        flags[ERROR if check.severity == ERROR else WARNING].append(_on(LIVE_SHEET, i, helper.flags_col, True))
    all_states = (
        quote_sheet(LIVE_SHEET)
        + "!"
        + _absolute_range(
            min(i.row for i in numbers),
            helper.state_col,
            max(i.row for i in numbers),
            helper.state_col + helper.width - 1,
        )
    )
    _status_line(ws, sheet, started, all_states, flags, styles)


STATE_BAD_OR_BLANK = (STATE_BAD, STATE_BLANK)


def _absolute_range(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    return f"{a1(first_row, first_col, absolute=True)}:{a1(last_row, last_col, absolute=True)}"


def _blocks(inputs: list[Input]) -> list[tuple[int, int, int, int]]:
    """Rectangles covering the inputs, row by row (enough for relative CF rules)."""
    rows: dict[int, list[int]] = {}
    for i in inputs:
        rows.setdefault(i.row, []).append(i.col)
    return [(row, min(cols), row, max(cols)) for row, cols in sorted(rows.items())]


def _status_line(ws, sheet: SheetLayout, started: str, states: str, flags: dict[str, list[str]], styles) -> None:
    """One sentence under the table that counts every kind of problem, so it never says
    "一致" while a cell is red."""
    row = max(i.row for i in sheet.inputs) + 2

    def count(cells: list[str]) -> str:
        return "SUM(" + ",".join(cells) + ")" if cells else "0"

    unbalanced = count(flags[ERROR])
    bad = f"COUNTIF({states},{STATE_BAD})"
    blank = f"COUNTIF({states},{STATE_BLANK})"
    to_verify = f"COUNTIF({states},{STATE_TEXT_NUMBER})+{count(flags[WARNING])}"
    red = f'IF({unbalanced}>0,{unbalanced}&"处合计不一致；","")'
    red += f'&IF({bad}>0,{bad}&"个单元格不是有效数字（文字、负数、小数等）；","")'
    red += f'&IF({blank}>0,{blank}&"个单元格空白（没有的请填0）；","")'
    yellow = f'IF({to_verify}>0,({to_verify})&"处需要核实（黄色单元格）；","")'
    everything = f"{unbalanced}+{bad}+{blank}+{to_verify}"
    formula = (
        f'=IF(NOT({started}),"本表尚未填写。",IF({everything}=0,"本表已填全，数字有效，合计关系一致。",'
        f'"本表有："&{red}&{yellow}&IF({unbalanced}+{bad}+{blank}>0,"请改正红色单元格。","请核实黄色单元格。")))'
    )
    last_col = max(i.last_col or i.col for i in sheet.inputs)
    ws.merge_range(row, 0, row, last_col, "", styles.status)
    ws.write_formula(row, 0, formula, styles.status, "")


def _add_marker(workbook) -> None:
    ws = workbook.add_worksheet(MARKER_SHEET)
    for i, (key, value) in enumerate(MARKER.items()):
        ws.write_string(i, 0, key)
        ws.write_string(i, 1, value)
    ws.hide()
    ws.protect("")

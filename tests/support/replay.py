"""Apply the actions an xlwings remote Book recorded (`book.json()["actions"]`) to a file, with openpyxl.

What the Office.js client would do in Excel, done on the .xlsx/.xlsm so the result can be
checked again with `nianbao check` (tests) — values, fills, notes, sheets. An action this
replayer does not know raises, so a test cannot pass by silently skipping one.
"""

from __future__ import annotations

from pathlib import Path

NOTE_AUTHOR = "nianbao 校验"
IGNORED = {"alert", "activateSheet", "setFontProperty", "setWrapText"}


def replay(source: Path, output: Path, actions: list[dict]) -> list[dict]:
    """Write `output`: `source` with the actions applied. Returns the alerts shown."""
    import openpyxl

    keep_vba = Path(source).suffix.lower() == ".xlsm" and Path(output).suffix.lower() == ".xlsm"
    workbook = openpyxl.load_workbook(source, keep_vba=keep_vba, rich_text=False)
    alerts = apply(workbook, actions)
    workbook.save(output)
    return alerts


def apply(workbook, actions: list[dict]) -> list[dict]:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    alerts = []
    for action in actions:
        func, args = action["func"], action.get("args") or []
        if func == "alert":
            alerts.append({"prompt": args[0], "title": args[1]})
            continue
        if func in IGNORED:
            continue
        if func == "addSheet":
            workbook.create_sheet(args[1], args[0])
            continue
        ws = workbook.worksheets[action["sheet_position"]]
        if func == "setSheetVisibility":
            ws.sheet_state = {"Hidden": "hidden", "VeryHidden": "veryHidden"}.get(args[0], "visible")
            continue
        if func in ("sheetClear", "sheetClearContents"):
            for row in ws.iter_rows():
                for cell in row:
                    cell.value = None
                    if func == "sheetClear":
                        cell.fill = PatternFill(fill_type=None)
            continue
        if func == "setRowHeight":
            for row in range(action["start_row"] + 1, action["start_row"] + action["row_count"] + 1):
                ws.row_dimensions[row].height = args if not isinstance(args, list) else args[0]
            continue
        for cell in _cells(ws, action):
            if func == "setValues":
                row = cell.row - 1 - action["start_row"]
                col = cell.column - 1 - action["start_column"]
                cell.value = action["values"][row][col]
            elif func == "setRangeColor":
                color = args[0]
                cell.fill = (
                    PatternFill("solid", fgColor=color.lstrip("#").upper()) if color else PatternFill(fill_type=None)
                )
            elif func in ("addNote", "setNoteText"):
                cell.comment = Comment(args[1], NOTE_AUTHOR)
            elif func == "deleteNote":
                cell.comment = None
            elif func == "rangeClearContents":
                cell.value = None
            else:
                raise ValueError(f"replay: unknown action {func!r}")
    return alerts


def _cells(ws, action):
    first_row, first_col = action["start_row"] + 1, action["start_column"] + 1
    for r in range(first_row, first_row + action["row_count"]):
        for c in range(first_col, first_col + action["column_count"]):
            yield ws.cell(row=r, column=c)

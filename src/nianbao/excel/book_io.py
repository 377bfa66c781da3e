"""The open workbook as the buttons see it: every input read in one block per sheet, and
cell colours and notes written in as few calls as possible.

Works with any xlwings engine: desktop Excel (COM/AppleScript) and the remote engine the
tests use. Only `Range.value`, `.color`, `.note`, `.add_note`, `note.delete()`,
`note.text` and `.wrap_text` are used.
"""

from __future__ import annotations

from nianbao.errors import WrongTemplate
from nianbao.excel.protection import server_macro
from nianbao.io.workbook_reader import ReadResult, take_input  # the same parsing as `nianbao check`
from nianbao.spec.cellref import CellRef, parse_reference
from nianbao.spec.format2021 import Report
from nianbao.spec.layout import LOCATIONS, SHEETS, Input, SheetLayout

INPUT_SHEETS: tuple[SheetLayout, ...] = tuple(s for s in SHEETS if s.inputs)
# (sheet name, "D5") -> the input there
INPUT_AT: dict[CellRef, Input] = {CellRef(s.name, i.row, i.col): i for s in INPUT_SHEETS for i in s.inputs}


def extent(sheet: SheetLayout) -> tuple[int, int]:
    """Rows and columns from A1 that hold every input of a sheet."""
    return (
        max(i.row for i in sheet.inputs) + 1,
        max((i.last_col if i.last_col is not None else i.col) for i in sheet.inputs) + 1,
    )


def sheets_by_name(book) -> dict:
    return {sheet.name: sheet for sheet in book.sheets}


def require_sheets(book, names) -> dict:
    sheets = sheets_by_name(book)
    missing = [name for name in names if name not in sheets]
    if missing:
        raise WrongTemplate(
            "工作簿缺少工作表“" + "”“".join(missing) + "”。请不要改动工作表的名称；"
            "如已改动，请改回原名，或用 nianbao workbook 重新生成工作簿后把数字填入。"
        )
    return sheets


def read_block(sheet, rows: int, cols: int) -> list[list]:
    """One call: the values of A1:(rows, cols) as a list of rows."""
    values = sheet.range((1, 1), (rows, cols)).options(ndim=2).value
    return [list(row) for row in values]


def input_cells(book) -> dict[str, CellRef]:
    """Where each key is in the open workbook: the cell its defined name refers to, as
    `nianbao check` reads a file; the template's cell for a key whose name is gone."""
    named: dict[str, CellRef] = {}
    for name in book.names:
        try:
            cell = parse_reference(name.refers_to or "")
        except (ValueError, TypeError):  # a name the clerk defined over a range or a constant
            continue
        if cell is not None:
            named[name.name] = cell
    return {key: named.get(loc.input.name, loc.cell) for key, loc in LOCATIONS.items()}


def read_inputs(book) -> tuple[ReadResult, dict[str, object]]:
    """The report in the open workbook, with the value problems `nianbao check` reports.

    Also returns the raw content of each input cell by key (for the 正文 cells).
    Reads one block per sheet that holds inputs (five calls whatever the number of cells),
    each input at the cell its defined name gives.
    """
    cells = input_cells(book)
    sheets = require_sheets(book, sorted({c.sheet for c in cells.values()}))
    result = ReadResult(Report())
    raw_by_key: dict[str, object] = {}
    blocks: dict[str, list[list]] = {}
    for sheet in {c.sheet for c in cells.values()}:
        on_sheet = [c for c in cells.values() if c.sheet == sheet]
        rows, cols = max(c.row for c in on_sheet) + 1, max(c.col for c in on_sheet) + 1
        blocks[sheet] = read_block(sheets[sheet], rows, cols)
    for key, cell in cells.items():
        block = blocks[cell.sheet]
        raw = block[cell.row][cell.col] if cell.row < len(block) and cell.col < len(block[cell.row]) else None
        if isinstance(raw, str) and raw == "":
            raw = None
        raw_by_key[key] = raw
        result.where[key] = cell
        take_input(result, key, LOCATIONS[key].input.kind, raw)
    return result, raw_by_key


# ---------------------------------------------------------------- painting


def cell_span(cell: CellRef) -> tuple[int, int, int]:
    """(row, first col, last col) of a cell, a merged input counted whole."""
    inp = INPUT_AT.get(cell)
    if inp is not None and inp.last_col is not None:
        return cell.row, cell.col, inp.last_col
    return cell.row, cell.col, cell.col


def rectangles(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Cover the spans with few rectangles (first row, first col, last row, last col), 0-based.

    Adjacent spans on a row join; equal runs on consecutive rows join. Exactly the
    given cells are covered.
    """
    by_row: dict[int, list[tuple[int, int]]] = {}
    for row, first, last in spans:
        by_row.setdefault(row, []).append((first, last))
    runs_by_row: dict[int, list[tuple[int, int]]] = {}
    for row, parts in by_row.items():
        runs: list[list[int]] = []
        for first, last in sorted(set(parts)):
            if runs and first <= runs[-1][1] + 1:
                runs[-1][1] = max(runs[-1][1], last)
            else:
                runs.append([first, last])
        runs_by_row[row] = [(first, last) for first, last in runs]
    open_rects: dict[tuple[int, int], list[int]] = {}  # (first col, last col) -> [first row, last row]
    done: list[tuple[int, int, int, int]] = []
    for row in sorted(runs_by_row):
        current = set(runs_by_row[row])
        for key in list(open_rects):
            if key in current and open_rects[key][1] == row - 1:
                open_rects[key][1] = row
                current.discard(key)
            elif open_rects[key][1] != row:
                first_row, last_row = open_rects.pop(key)
                done.append((first_row, key[0], last_row, key[1]))
        for key in current:
            if key in open_rects:  # a rectangle with this run ended earlier
                first_row, last_row = open_rects.pop(key)
                done.append((first_row, key[0], last_row, key[1]))
            open_rects[key] = [row, row]
    for key, (first_row, last_row) in open_rects.items():
        done.append((first_row, key[0], last_row, key[1]))
    return sorted(done)


def paint(sheet, spans: list[tuple[int, int, int]], color) -> None:
    for first_row, first_col, last_row, last_col in rectangles(spans):
        sheet.range((first_row + 1, first_col + 1), (last_row + 1, last_col + 1)).color = color


def set_note(cell, text: str, ours: bool) -> bool:
    """Put our note on a cell; a note the clerk wrote is left alone. True if ours is there."""
    if _through_macro(cell, "nbSetNote", text):
        return True
    try:
        note = cell.note
        if note is not None:
            if not ours:
                return False
            note.text = text
            return True
        cell.add_note(text)
        return True
    except NotImplementedError:  # a client without notes: colours still show
        return False


def remove_note(cell) -> None:
    if _through_macro(cell, "nbDeleteNote"):
        return
    try:
        note = cell.note
        if note is not None:
            note.delete()
    except NotImplementedError:
        pass


def _through_macro(cell, name: str, *text: str) -> bool:
    """xlwings' VBA client (the office service) sends no notes and cannot write them: our VBA
    Subs nbSetNote/nbDeleteNote do, and leave a note the clerk wrote alone (ours start with 【).
    False for every other client."""
    macro = server_macro(cell.sheet.book, name)
    if macro is None:
        return False
    macro(cell.sheet.name, cell.address.replace("$", ""), *text)
    return True

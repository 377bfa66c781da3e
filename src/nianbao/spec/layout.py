"""Where everything sits in the template: sheets, label cells, merges and input cells.

Derived from format2021 — no label is spelled here. The template builder, the
workbook reader, the annotator, the xlwings entry points and the exporters all place
cells through this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.spec import format2021 as f
from nianbao.spec.cellref import CellRef, a1, defined_name

TEMPLATE_VERSION = "2021.1"
MARKER_SHEET = "nianbao"
MARKER = {"template": "nianbao", "format": f.FORMAT_ID, "version": TEMPLATE_VERSION}


@dataclass(frozen=True)
class Label:
    row: int
    col: int
    text: str
    last_row: int | None = None
    last_col: int | None = None
    style: str = "header"  # title | header | rowlabel | note | fieldlabel | hint

    @property
    def merged(self) -> bool:
        return (self.last_row, self.last_col) != (None, None) and (
            (self.last_row or self.row) != self.row or (self.last_col or self.col) != self.col
        )

    @property
    def bottom(self) -> int:
        return self.last_row if self.last_row is not None else self.row

    @property
    def right(self) -> int:
        return self.last_col if self.last_col is not None else self.col


@dataclass(frozen=True)
class Input:
    key: str  # full key: t3.new.total, meta.agency, text.problems
    row: int
    col: int
    kind: str  # count | amount | text | year | yuan
    last_col: int | None = None  # an input merged across columns

    @property
    def name(self) -> str:
        return defined_name(self.key)

    @property
    def address(self) -> str:
        return a1(self.row, self.col)


@dataclass
class SheetLayout:
    name: str
    title: str
    labels: list[Label] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)
    column_widths: list[float] = field(default_factory=list)
    header_rows: int = 0  # rows frozen at the top
    landscape: bool = False
    row_heights: dict[int, float] = field(default_factory=dict)
    table: str | None = None
    one_page: bool = False  # printed on one page (scaled), not just one page wide


LINE_HEIGHT = 14.5  # points per line of 11-point 宋体
MAX_ROW_HEIGHT = 409  # Excel's limit


def text_width(text: str) -> float:
    """Width in Excel character units: a CJK character is about two Latin ones."""
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def wrapped_height(text: str, width: float, minimum: float = 0) -> float:
    """The row height (points) that shows `text` whole in a wrapped cell `width` characters wide
    (Excel and LibreOffice do not grow a row by themselves once its height was set)."""
    per_line = max(int(width - 1), 1)
    lines = sum(max(1, -(-int(text_width(line)) // per_line)) for line in (text or "").splitlines() or [""])
    return min(MAX_ROW_HEIGHT, max(minimum, lines * LINE_HEIGHT + 6))


def _t2() -> SheetLayout:
    sheet = SheetLayout("表二 主动公开", f"二、{f.T2_TITLE}", table="t2")
    sheet.labels.append(Label(0, 0, sheet.title, 0, 3, "title"))
    row = 1
    for block in f.T2_BLOCKS:
        sheet.labels.append(Label(row, 0, block.article, row, 3, "header"))
        row += 1
        sheet.labels.append(Label(row, 0, f.T2_CONTENT_HEADER))
        if len(block.columns) == 1:
            sheet.labels.append(Label(row, 1, block.columns[0].label, row, 3))
        else:
            for i, col in enumerate(block.columns):
                sheet.labels.append(Label(row, 1 + i, col.label))
        row += 1
        for middle, label in block.rows:
            sheet.labels.append(Label(row, 0, label, style="rowlabel"))
            for i, col in enumerate(block.columns):
                merged_to = 3 if len(block.columns) == 1 else None
                sheet.inputs.append(Input(f.t2_key(middle, col.suffix), row, 1 + i, block.kind, merged_to))
            row += 1
    sheet.column_widths = [22, 18, 18, 18]
    sheet.header_rows = 1
    return sheet


T3_FIRST_DATA_ROW = 4
T3_FIRST_DATA_COL = 3


def _t3() -> SheetLayout:
    # Landscape on one page: nine columns of numbers and long row names; portrait left half the
    # page empty and shrank the print to about 6 points.
    sheet = SheetLayout("表三 依申请公开", f"三、{f.T3_TITLE}", table="t3", landscape=True, one_page=True)
    last_col = T3_FIRST_DATA_COL + len(f.T3_COLUMNS) - 1
    sheet.labels.append(Label(0, 0, sheet.title, 0, last_col, "title"))
    sheet.labels.append(Label(1, 0, f.T3_NOTE, 3, 2, "note"))
    sheet.labels.append(Label(1, T3_FIRST_DATA_COL, f.T3_APPLICANT_HEADER, 1, last_col))
    org_cols = [i for i, c in enumerate(f.T3_COLUMNS) if c.group]
    for i, col in enumerate(f.T3_COLUMNS):
        c = T3_FIRST_DATA_COL + i
        if col.group:
            sheet.labels.append(Label(3, c, col.label))
        else:
            sheet.labels.append(Label(2, c, col.label, 3, c))
    sheet.labels.append(Label(2, T3_FIRST_DATA_COL + org_cols[0], f.T3_ORG_GROUP, 2, T3_FIRST_DATA_COL + org_cols[-1]))

    number_row = {r.middle: T3_FIRST_DATA_ROW + i for i, r in enumerate(f.T3_NUMBER_ROWS)}
    results_first = number_row[f.T3_RESULT_ROWS[0].middle]
    results_last = number_row["results_total"]
    groups: dict[str, list[int]] = {}
    for row in f.T3_NUMBER_ROWS:
        r = number_row[row.middle]
        if row.group:
            groups.setdefault(row.group, []).append(r)
            sheet.labels.append(Label(r, 2, row.label, style="rowlabel"))
        elif row.level == 1:
            sheet.labels.append(Label(r, 1, row.label, r, 2, "rowlabel"))
        else:
            sheet.labels.append(Label(r, 0, row.label, r, 2, "rowlabel"))
        for i, col in enumerate(f.T3_COLUMNS):
            sheet.inputs.append(Input(f.t3_key(row.middle, col.suffix), r, T3_FIRST_DATA_COL + i, f.COUNT))
    sheet.labels.append(Label(results_first, 0, f.T3_RESULTS_HEADING, results_last, 0, "rowlabel"))
    for group, rows in groups.items():
        sheet.labels.append(Label(rows[0], 1, group, rows[-1], 1, "rowlabel"))
    # Each header on one line ("社会公益组织", not "社会公益组/织"); the group labels of column B
    # ("（三）不予公开") likewise.
    data_widths = [max(8.0, text_width(col.label) + 2) for col in f.T3_COLUMNS]
    group_width = max(text_width(group) for group in groups) + 2
    sheet.column_widths = [8, group_width, 37] + data_widths  # within one screen, the buttons included
    sheet.header_rows = T3_FIRST_DATA_ROW
    sheet.row_heights = {1: 30, 3: 20}
    return sheet


def _t4() -> SheetLayout:
    sheet = SheetLayout("表四 复议诉讼", f"四、{f.T4_TITLE}", table="t4", landscape=True)
    width = len(f.T4_COLUMNS)
    last_col = width * len(f.T4_GROUPS) - 1
    sheet.labels.append(Label(0, 0, sheet.title, 0, last_col, "title"))
    suit_first = None
    for g_index, group in enumerate(f.T4_GROUPS):
        first = g_index * width
        if group.group:
            suit_first = first if suit_first is None else suit_first
            sheet.labels.append(Label(2, first, group.label, 2, first + width - 1))
            for i, col in enumerate(f.T4_COLUMNS):
                sheet.labels.append(Label(3, first + i, col.label))
        else:
            sheet.labels.append(Label(1, first, group.label, 1, first + width - 1))
            for i, col in enumerate(f.T4_COLUMNS):
                sheet.labels.append(Label(2, first + i, col.label, 3, first + i))
        for i, col in enumerate(f.T4_COLUMNS):
            sheet.inputs.append(Input(f.t4_key(group.suffix, col.suffix), 4, first + i, f.COUNT))
    assert suit_first is not None, "the format has 行政诉讼 groups under one header"
    sheet.labels.append(Label(1, suit_first, f.T4_SUIT_HEADER, 1, last_col))
    sheet.column_widths = [7.5] * (last_col + 1)
    sheet.header_rows = 4
    sheet.row_heights = {2: 30, 3: 30}
    return sheet


def _particulars() -> SheetLayout:
    sheet = SheetLayout(f.META_TITLE, f"{f.REPORT_TITLE_SUFFIX} {f.META_TITLE}")
    sheet.labels.append(Label(0, 0, sheet.title, 0, 1, "title"))
    for i, field_ in enumerate(f.META_FIELDS):
        row = 1 + i
        text = field_.label + ("（必填）" if field_.required else "")
        sheet.labels.append(Label(row, 0, text, style="fieldlabel"))
        sheet.inputs.append(Input(f"meta.{field_.key}", row, 1, field_.kind))
    sheet.column_widths = [30, 60]
    sheet.header_rows = 1
    return sheet


TEXT_COLUMN_WIDTH = 80
TEXT_ROW_HEIGHT = 90  # an empty text cell: room to start writing


def _narrative() -> SheetLayout:
    sheet = SheetLayout(f.TEXT_TITLE, f"{f.REPORT_TITLE_SUFFIX} {f.TEXT_TITLE}")
    sheet.labels.append(Label(0, 0, sheet.title, 0, 2, "title"))
    for i, field_ in enumerate(f.TEXT_FIELDS):
        row = 1 + i
        sheet.labels.append(Label(row, 0, field_.label, style="fieldlabel"))
        sheet.labels.append(Label(row, 2, field_.hint, style="hint"))
        sheet.inputs.append(Input(f"text.{field_.key}", row, 1, "text"))
        sheet.row_heights[row] = TEXT_ROW_HEIGHT
    sheet.column_widths = [22, TEXT_COLUMN_WIDTH, 24]
    sheet.header_rows = 1
    return sheet


SHEETS: tuple[SheetLayout, ...] = (_particulars(), _t2(), _t3(), _t4(), _narrative())
SHEET_BY_NAME = {s.name: s for s in SHEETS}
SHEET_BY_TABLE = {s.table: s for s in SHEETS if s.table}
RESULTS_SHEET = "校验结果"


@dataclass(frozen=True)
class Location:
    sheet: str
    input: Input

    @property
    def cell(self) -> CellRef:
        return CellRef(self.sheet, self.input.row, self.input.col)


LOCATIONS: dict[str, Location] = {inp.key: Location(s.name, inp) for s in SHEETS for inp in s.inputs}


@dataclass(frozen=True)
class Helpers:
    """Where a table's live checks keep their working cells (build/formulas.py), on the hidden
    LIVE_SHEET — not beside the table, so that readers of the filled workbook (calamine in a
    bulk audit) never parse them: per number input a state cell and a value cell (the number
    as numbers.py reads it, or empty), on the input's own row; per relation a 0/1 flag; one
    cell telling whether the table was started."""

    first_input_col: int
    width: int
    state_col: int  # states of the inputs: state_col + (input col - first_input_col)
    value_col: int  # values likewise
    flags_col: int
    started: tuple[int, int]

    def state(self, inp: Input) -> tuple[int, int]:
        return inp.row, self.state_col + inp.col - self.first_input_col

    def value(self, inp: Input) -> tuple[int, int]:
        return inp.row, self.value_col + inp.col - self.first_input_col


LIVE_SHEET = "nianbao_live"


def number_inputs(sheet: SheetLayout) -> list[Input]:
    return [i for i in sheet.inputs if i.kind in (f.COUNT, f.AMOUNT)]


def _helpers() -> dict[str, Helpers]:
    out = {}
    start = 0
    for sheet in SHEETS:
        if not sheet.table:
            continue
        numbers = number_inputs(sheet)
        first = min(i.col for i in numbers)
        width = max(i.col for i in numbers) - first + 1
        out[sheet.name] = Helpers(first, width, start, start + width, start + 2 * width, (0, start + 2 * width + 1))
        start += 2 * width + 3
    return out


HELPERS: dict[str, Helpers] = _helpers()


def locate(key: str) -> CellRef | None:
    """Where the blank template holds a key, or None for a key it has no cell for."""
    loc = LOCATIONS.get(key)
    return loc.cell if loc else None


def _self_check() -> None:
    names = [loc.input.name for loc in LOCATIONS.values()]
    assert len(names) == len(set(names)), "two keys map to one defined name"
    assert all(k in LOCATIONS for k in f.KEYS)


_self_check()

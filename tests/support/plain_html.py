"""The HTML reader's events as they were read before the quick path (html_source._Target):
the reference tests/test_import_fast_paths.py compares the quick reading with, page by page."""

from __future__ import annotations

from nianbao.errors import UnreadableFile
from nianbao.importers.html_source import _BLOCK, _SKIP, MAX_GRID, MAX_SPAN


def _span(value) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


class PlainGrid:
    """Counts the grid positions every table of the page takes, against MAX_GRID."""

    def __init__(self):
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > MAX_GRID:
            raise UnreadableFile(f"网页中的表格过大（超过 {MAX_GRID} 个单元格位置），不像一份年度报告，拒绝读取")


class PlainTable:
    def __init__(self):
        self.rows: list[list[tuple[str, int, int]]] = []  # (text, rowspan, colspan)

    def grid_rows(self, grid: PlainGrid) -> list[tuple[str, ...]]:
        """Each row's cells as printed: a position a span covers holds no cell of its own in
        the markup, so a label spanning 20 rows is read once. The positions the spans take
        count towards the page's bound."""
        last = len(self.rows)
        taken = 0
        for r, row in enumerate(self.rows):
            # a span reaching past the table's last row covers nothing there
            taken += sum(colspan if rowspan == 1 else min(rowspan, last - r) * colspan for _, rowspan, colspan in row)
        grid.take(taken)
        return [tuple(text for text, _, _ in row) for row in self.rows]


class PlainTarget:
    """The parser's events (start, end, data) turned into lines and table rows."""

    def __init__(self):
        self.items: list[tuple[str, str | tuple[str, ...]]] = []  # ("line", str) | ("row", cells)
        self.buffer: list[str] = []
        self.tables: list[PlainTable] = []
        self.cell: list[str] | None = None
        self.cell_spans = (1, 1)
        self.row: list | None = None
        self.skip = 0
        self.nested = 0  # tables inside a cell: their text stays in the outer cell
        self.saw_nested = False  # a table stood inside a table's cell (a layout table, perhaps)
        self.grid = PlainGrid()
        self.title: list[str] | None = None  # the page's <title>, while it is being read
        self.title_text = ""

    # -- text outside tables
    def _flush(self):
        if self.buffer:
            self.items.append(("line", "".join(self.buffer)))
            self.buffer = []

    def start(self, tag, attrib):
        if tag == "td" or tag == "th":  # most events are a table's cells: they come first
            if self.tables and not self.nested:
                self._end_cell()
                self.cell = []
                self.cell_spans = (_span(attrib.get("rowspan")), _span(attrib.get("colspan"))) if attrib else (1, 1)
            return
        if tag == "title" and not self.title_text:
            self.title = []
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            if self.tables and self.cell is not None:
                self.nested += 1
                self.saw_nested = True
                return
            self._flush()
            self.tables.append(PlainTable())
        elif not self.tables:
            if tag in _BLOCK:
                self._flush()
        elif self.nested:
            return
        elif tag == "tr":
            self._end_cell()
            self._end_row()
            self.row = []

    def end(self, tag):
        if tag == "td" or tag == "th":
            if self.tables and not self.nested:
                self._end_cell()
            return
        if tag == "title" and self.title is not None:
            self.title_text = " ".join("".join(self.title).split())
            self.title = None
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.nested:
            self.nested -= 1
        elif tag == "table" and self.tables:
            self._end_cell()
            self._end_row()
            self._emit(self.tables.pop())
        elif not self.tables:
            if tag in _BLOCK:
                self._flush()
        elif self.nested:
            return
        elif tag == "tr":
            self._end_cell()
            self._end_row()

    def _emit(self, table: PlainTable) -> None:
        for cells in table.grid_rows(self.grid):
            self.items.append(("row", cells))

    def _end_cell(self):
        if self.cell is not None:
            if self.row is None:
                self.row = []
            text = " ".join("".join(self.cell).split())
            self.row.append((text, *self.cell_spans))
            self.cell = None

    def _end_row(self):
        if self.row is not None and self.tables:
            self.tables[-1].rows.append(self.row)
        self.row = None

    def data(self, data):
        if self.title is not None:
            self.title.append(data)
        if self.skip:
            return
        if self.tables:
            if self.cell is not None:
                self.cell.append(data)  # a no-break space parts words like a space: _end_cell splits at both
            return
        self.buffer.append(data.replace("\xa0", " "))

    def comment(self, text):
        pass

    def close(self):
        if self.tables:  # unclosed table at end of file
            self._end_cell()
            self._end_row()
            while self.tables:
                self._emit(self.tables.pop())
        self._flush()
        # Pages often print the report's title only in <title> ("某市2025年政府信息公开工作
        # 年度报告 - 某市人民政府"): put it first, where a title is looked for.
        if "报告" in self.title_text:
            return [("line", self.title_text)] + self.items
        return self.items


def read_events(text: str, target) -> tuple[list, bool, int]:
    """(items, a table inside a cell, grid positions counted): html_source._parse's reading,
    by the given target (html_source._Target, or PlainTarget)."""
    from lxml import etree

    parser = etree.HTMLParser(
        target=target, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, recover=True
    )
    parser.feed(text)
    return parser.close(), target.saw_nested, target.grid.used

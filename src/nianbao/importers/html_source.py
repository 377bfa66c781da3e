"""HTML → items, tokenised by libxml2 (lxml's HTML parser, driven as an event target).

libxml2 reads a page five times faster than the stdlib's html.parser, closes the tags a
web page leaves open (<td> without </td>), and bounds the nesting depth (huge_tree off);
no network access, no DTD. Tables are expanded into a grid (rowspan/colspan), then each
grid row is emitted with the cells a span covers removed: a label spanning 20 rows is read
once, a number spanning three columns is read once, and `&nbsp;` stays a blank cell.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from nianbao.errors import UnreadableFile
from nianbao.importers.items import Item, lines_to_items

_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "title",
    "dd",
    "dt",
    "center",
}
_SKIP = {"script", "style", "head", "noscript", "template"}
MAX_SPAN = 200  # a hostile rowspan="100000" must not blow up the grid
MAX_GRID = 500_000  # grid positions over all tables; a report's tables have a few hundred


@lru_cache(maxsize=256)  # "2", "3", "26": the same few values, page after page
def _span(value) -> int:
    if value is None:  # the usual case, and an exception per cell would cost a third of the parse
        return 1
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


class _Grid:
    """Counts the grid positions every table of the page takes, against MAX_GRID."""

    def __init__(self):
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > MAX_GRID:
            raise UnreadableFile(f"网页中的表格过大（超过 {MAX_GRID} 个单元格位置），不像一份年度报告，拒绝读取")


class _Table:
    def __init__(self):
        # each row: its cells' texts, and (rowspan, colspan) of those that span (most do not)
        self.rows: list[tuple[list[str], list[tuple[int, int]]]] = []

    def grid_rows(self, grid: _Grid) -> list[tuple[str, ...]]:
        """Each row's cells as printed: a position a span covers holds no cell of its own in
        the markup, so a label spanning 20 rows is read once. The positions the spans take
        count towards the page's bound."""
        last = len(self.rows)
        taken = 0
        for r, (texts, spans) in enumerate(self.rows):
            taken += len(texts)
            # a span reaching past the table's last row covers nothing there
            for rowspan, colspan in spans:
                taken += min(rowspan, last - r) * colspan - 1
        grid.take(taken)
        return [tuple(texts) for texts, _ in self.rows]


class _Target:
    """The parser's events (start, end, data) turned into lines and table rows.

    Called some thousand times a page, most of them for a table's cells: those come first, and
    a cell's text is gathered without a call of its own (tests/support/plain_html.py holds the
    plain reading this one is compared with)."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        """Ready for the next page."""
        self.items: list[tuple[str, str | tuple[str, ...]]] = []  # ("line", str) | ("row", cells)
        self.buffer: list[str] = []
        self.tables: list[_Table] = []
        self.cell: list[str] | None = None  # only while a table is open: its text's pieces
        self.cell_spans = (1, 1)
        self.row: list[str] | None = None
        self.row_spans: list[tuple[int, int]] = []
        self.skip = 0
        self.nested = 0  # tables inside a cell: their text stays in the outer cell
        self.saw_nested = False  # a table stood inside a table's cell (a layout table, perhaps)
        self.grid = _Grid()
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
                if self.cell is not None:
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
            self.tables.append(_Table())
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
            # (a cell is open only while a table is)
            if self.cell is not None and not self.nested:
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

    def _emit(self, table: _Table) -> None:
        for cells in table.grid_rows(self.grid):
            self.items.append(("row", cells))

    def _end_cell(self):
        cell = self.cell
        if cell is not None:
            if self.row is None:
                self.row = []
            text = cell[0] if len(cell) == 1 else "".join(cell)
            # a figure or a word ("0", "规章") holds no blank: kept as it is, without a split
            self.row.append(text if text.isalnum() else " ".join(text.split()))
            if self.cell_spans != (1, 1):
                self.row_spans.append(self.cell_spans)
            self.cell = None

    def _end_row(self):
        if self.row is not None and self.tables:
            self.tables[-1].rows.append((self.row, self.row_spans))
        self.row = None
        self.row_spans = []

    def data(self, data):
        cell = self.cell
        if cell is not None and self.title is None and not self.skip:
            cell.append(data)  # (an open cell means an open table) a no-break space parts words: split at both
            return
        if self.title is not None:
            self.title.append(data)
        if self.skip:
            return
        if self.tables:
            if cell is not None:
                cell.append(data)
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


_READERS = threading.local()


def _reader():
    """(parser, target) of this thread, made once: lxml inspects a target's methods whenever a
    parser is made with one, a tenth of the time a page takes to read."""
    reader = getattr(_READERS, "pair", None)
    if reader is None:
        from lxml import etree

        target = _Target()
        parser = etree.HTMLParser(
            target=target, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, recover=True
        )
        reader = _READERS.pair = (parser, target)
    return reader


def _parse(text: str) -> tuple[list[tuple[str, str | tuple[str, ...]]], bool]:
    from lxml import etree

    parser, target = _reader()
    target.reset()
    try:
        # Fed as text: the encoding was settled when the file was decoded (a <meta charset>
        # or an <?xml encoding?> line must not make libxml2 decode it a second time).
        parser.feed(text)
        parsed = parser.close()
    except etree.LxmlError:
        _READERS.pair = None  # stopped half-way: not fed again
        raise UnreadableFile("网页（HTML）结构严重损坏，无法读取") from None
    except BaseException:
        _READERS.pair = None
        raise
    return parsed, target.saw_nested


def _unwrap_layout_tables(text: str) -> str:
    """A CMS page sets the article inside layout tables (navigation beside it, the report in a
    cell): a table holding another table in a cell lays out the page; its cells become plain
    blocks, so the tables inside are read as tables."""
    from lxml import etree, html

    try:
        tree = html.fromstring(text, parser=html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True))
    except (etree.LxmlError, ValueError):
        return text
    for table in list(tree.iter("table")):
        if table.getparent() is None or not any(True for _ in table.iterdescendants("table")):
            continue
        if any(t is not table for t in table.iterancestors("table")):
            continue  # unwrapped with its outer table
        block = etree.Element("div")
        for cell in table.iter("td", "th"):
            if any(a is table for a in cell.iterancestors("table")) and next(cell.iterancestors("table")) is table:
                holder = etree.SubElement(block, "div")
                holder.text = cell.text
                for child in list(cell):
                    holder.append(child)
        block.tail = table.tail
        table.getparent().replace(table, block)
    return etree.tostring(tree, encoding="unicode", method="html")


def html_items(text: str) -> list[Item]:
    parsed, nested = _parse(text)
    if nested:
        parsed, _ = _parse(_unwrap_layout_tables(text))
    items: list[Item] = []
    for kind, content in parsed:
        n = len(items) + 1
        if kind == "row":
            assert isinstance(content, tuple)  # _Target._emit pairs "row" with a row's cells
            items.append(Item(n, " ".join(filter(None, content)), content))  # (the cells with text)
        else:
            items.extend(lines_to_items(str(content).splitlines(), n))
    return items

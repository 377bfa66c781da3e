"""HTML → items, with the stdlib parser only.

Tables are expanded into a grid (rowspan/colspan), then each grid row is emitted with
the cells a span covers removed: a label spanning 20 rows is read once, a number
spanning three columns is read once, and `&nbsp;` stays a blank cell.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .items import Item, lines_to_items

_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
    "article", "header", "footer", "blockquote", "pre", "hr", "title", "dd", "dt", "center",
}
_SKIP = {"script", "style", "head", "noscript", "template"}
MAX_SPAN = 200  # a hostile rowspan="100000" must not blow up the grid


def _span(value) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


class _Table:
    def __init__(self):
        self.rows: list[list[tuple[str, int, int]]] = []  # (text, rowspan, colspan)

    def grid_rows(self) -> list[tuple[str, ...]]:
        """Rows with the cells covered by a span (other than its origin) left out."""
        taken: dict[tuple[int, int], bool] = {}
        out: list[tuple[str, ...]] = []
        for r, row in enumerate(self.rows):
            cells: list[str] = []
            c = 0
            for text, rowspan, colspan in row:
                while taken.get((r, c)):
                    c += 1
                cells.append(text)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken[(r + dr, c + dc)] = True
                c += colspan
            out.append(tuple(cells))
        return out


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, object]] = []  # ("line", str) | ("row", tuple)
        self.buffer: list[str] = []
        self.tables: list[_Table] = []
        self.cell: list[str] | None = None
        self.cell_spans = (1, 1)
        self.row: list | None = None
        self.skip = 0

    # -- text outside tables
    def _flush(self):
        if self.buffer:
            self.items.append(("line", "".join(self.buffer)))
            self.buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            if self.tables and self.cell is not None:
                return  # a nested table: its text stays in the outer cell
            self._flush()
            self.tables.append(_Table())
        elif not self.tables:
            if tag in _BLOCK:
                self._flush()
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            a = dict(attrs)
            self.cell = []
            self.cell_spans = (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag in ("br", "p", "div") and self.cell is not None and self.cell and tag == "br":
            pass  # a <br> inside a cell splits a label, not a value: join without space

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.tables and self.cell is None:
            self._end_row()
            table = self.tables.pop()
            for cells in table.grid_rows():
                self.items.append(("row", cells))
        elif not self.tables:
            if tag in _BLOCK:
                self._flush()
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_cell()
            self._end_row()

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

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables:
            if self.cell is not None:
                self.cell.append(data.replace("\xa0", " "))
            return
        self.buffer.append(data.replace("\xa0", " "))


def html_items(text: str) -> list[Item]:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if parser.tables:  # unclosed table at end of file
        parser._end_cell()
        parser._end_row()
        while parser.tables:
            for cells in parser.tables.pop().grid_rows():
                parser.items.append(("row", cells))
    parser._flush()
    items: list[Item] = []
    for kind, content in parser.items:
        n = len(items) + 1
        if kind == "row":
            items.append(Item(n, " ".join(c for c in content if c), content))
        else:
            items.extend(lines_to_items(str(content).splitlines(), n))
    return items

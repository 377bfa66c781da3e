"""Ruled tables of a PDF page from pdfium's path objects and characters.

Word, WPS and LibreOffice draw a table's borders as short lines (or thin rectangles). The
borders are gathered as horizontal and vertical edges, snapped and joined; where they cross
are the grid's corners; a cell is the smallest rectangle whose four sides are drawn (a merged
cell lacks the inner sides, so it spans several grid columns or rows). A cell's text is the
characters whose middle lies inside it. The rows come out as pdfplumber's `Table.extract`
gives them: per row, a cell for each grid column, None where a merged cell from the left or
from above covers it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

THIN = 2.0  # points: a path this thin in one direction is a line
SNAP = 3.0  # points: edges this close are one
MAX_EDGES = 5_000  # beyond this a page holds a drawing, not a table
MIN_ROWS, MIN_COLS = 2, 2
_MAX_RECT_SEGMENTS = 5


@dataclass(frozen=True)
class Char:
    baseline: float  # from the top of the page
    top: float
    bottom: float
    x0: float
    x1: float
    text: str


@dataclass
class Table:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    rows: list[list[tuple[float, float, float, float] | None]]


def edges(page, height: float) -> tuple[list, list] | None:
    """(horizontal, vertical) edges of the page's drawn lines: (position, start, end) in points
    from the top left; None when there are too many to be a table's."""
    horizontal, vertical = [], []
    for n, obj in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)):
        if n > MAX_EDGES:
            return None
        left, bottom, right, top = obj.get_bounds()
        top, bottom = height - top, height - bottom
        wide, tall = right - left, bottom - top
        if tall <= THIN and wide > THIN:
            horizontal.append(((top + bottom) / 2, left, right))
        elif wide <= THIN and tall > THIN:
            vertical.append(((left + right) / 2, top, bottom))
        elif wide > THIN and tall > THIN and pdfium_c.FPDFPath_CountSegments(obj.raw) <= _MAX_RECT_SEGMENTS:
            # a rectangle drawn as one path: its four sides
            horizontal += [(top, left, right), (bottom, left, right)]
            vertical += [(left, top, bottom), (right, top, bottom)]
    return horizontal, vertical


def _snap(values: list[float]) -> dict[float, float]:
    """Each value to the first of its cluster (values closer than SNAP)."""
    out: dict[float, float] = {}
    anchor = None
    for value in sorted(set(values)):
        if anchor is None or value - anchor > SNAP:
            anchor = value
        out[value] = anchor
    return out


def _join(lines: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear edges that touch or overlap (within SNAP) made one."""
    by_position: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for position, start, end in lines:
        by_position[position].append((start, end))
    out = []
    for position, spans in by_position.items():
        spans.sort()
        start, end = spans[0]
        for s, e in spans[1:]:
            if s <= end + SNAP:
                end = max(end, e)
            else:
                out.append((position, start, end))
                start, end = s, e
        out.append((position, start, end))
    return out


def tables(page, height: float) -> list[Table]:
    found = edges(page, height)
    if not found:
        return []
    horizontal, vertical = found
    if not horizontal or not vertical:
        return []
    xs = _snap([x for x, _, _ in vertical] + [s for _, s, _ in horizontal] + [e for _, _, e in horizontal])
    ys = _snap([y for y, _, _ in horizontal] + [s for _, s, _ in vertical] + [e for _, _, e in vertical])
    h_edges = _join([(ys[y], xs[s], xs[e]) for y, s, e in horizontal])
    v_edges = _join([(xs[x], ys[s], ys[e]) for x, s, e in vertical])
    corners: dict[tuple[float, float], tuple[set, set]] = {}
    for hi, (y, x0, x1) in enumerate(h_edges):
        for vi, (x, y0, y1) in enumerate(v_edges):
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                entry = corners.setdefault((x, y), (set(), set()))
                entry[0].add(hi)
                entry[1].add(vi)
    cells = _cells(corners)
    return _group(cells)


def _cells(corners: dict[tuple[float, float], tuple[set, set]]) -> list[tuple[float, float, float, float]]:
    by_x: dict[float, list[float]] = defaultdict(list)
    by_y: dict[float, list[float]] = defaultdict(list)
    for x, y in corners:
        by_x[x].append(y)
        by_y[y].append(x)
    for values in (*by_x.values(), *by_y.values()):
        values.sort()

    def joined_vertically(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return bool(corners[a][1] & corners[b][1])

    def joined_horizontally(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return bool(corners[a][0] & corners[b][0])

    out = []
    for x, y in sorted(corners, key=lambda p: (p[1], p[0])):
        found = None
        for below in (yy for yy in by_x[x] if yy > y):
            if not joined_vertically((x, y), (x, below)):
                continue
            for right in (xx for xx in by_y[y] if xx > x):
                if not joined_horizontally((x, y), (right, y)):
                    continue
                corner = (right, below)
                if (
                    corner in corners
                    and joined_vertically(corner, (right, y))
                    and joined_horizontally(corner, (x, below))
                ):
                    found = (x, y, right, below)
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def _group(cells: list[tuple[float, float, float, float]]) -> list[Table]:
    """Cells sharing corners make one table; its rows as pdfplumber's Table.extract lays them out."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    at_corner: dict[tuple[float, float], int] = {}
    for i, (x0, y0, x1, y1) in enumerate(cells):
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            if corner in at_corner:
                parent[root(i)] = root(at_corner[corner])
            else:
                at_corner[corner] = i
    groups: dict[int, list] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    out = []
    for members in groups.values():
        columns = sorted({c[0] for c in members})
        tops = sorted({c[1] for c in members})
        start = {(c[0], c[1]): c for c in members}
        rows = [[start.get((x, top)) for x in columns] for top in tops]
        bbox = (
            min(c[0] for c in members),
            min(c[1] for c in members),
            max(c[2] for c in members),
            max(c[3] for c in members),
        )
        if len(rows) >= MIN_ROWS and len(columns) >= MIN_COLS:
            out.append(Table(bbox, rows))
    return sorted(out, key=lambda t: t.bbox[1])


def inside(char: Char, box: tuple[float, float, float, float]) -> bool:
    x = (char.x0 + char.x1) / 2
    y = (char.top + char.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def cell_chars(table: Table, chars: list[Char]) -> dict[tuple[float, float, float, float], list[Char]]:
    """The characters of each cell of the table (by the middle of each character)."""
    cells: list[tuple[float, float, float, float]] = [c for row in table.rows for c in row if c is not None]
    columns = sorted({c[0] for c in cells} | {c[2] for c in cells})
    tops = sorted({c[1] for c in cells} | {c[3] for c in cells})
    grid: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for cell in cells:
        for i in range(tops.index(cell[1]), tops.index(cell[3])):
            for j in range(columns.index(cell[0]), columns.index(cell[2])):
                grid[(i, j)] = cell
    out: dict[tuple[float, float, float, float], list[Char]] = defaultdict(list)
    for char in chars:
        x = (char.x0 + char.x1) / 2
        y = (char.top + char.bottom) / 2
        i = bisect.bisect_right(tops, y) - 1
        j = bisect.bisect_right(columns, x) - 1
        found = grid.get((i, j))
        if found is not None:
            out[found].append(char)
    return out

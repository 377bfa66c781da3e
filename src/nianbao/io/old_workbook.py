"""Read a workbook made from an older version of the template, for `nianbao upgrade`.

Each input is carried only where its place is certain:
1. by its defined name (every template version names each input after its key), or
2. by its row label: the row in the old sheet whose label cells read exactly as the
   current template's row (a row inserted or moved in the old version is followed), or
3. by its position, on a sheet whose header labels all read as in the current template.
Anything else is left blank and reported, never guessed. Cell contents are carried as they
are (a "五" stays "五", for `check` to report): this is a copy, not a reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nianbao.io.safety import check_workbook_bounds, open_xlsx_zip, read_member
from nianbao.io.workbook_reader import _anchored, _at, _workbook_parts
from nianbao.spec.cellref import CellRef
from nianbao.spec.layout import MARKER_SHEET, SHEETS, SheetLayout

BY_NAME = "名称"
BY_LABEL = "行名"
BY_POSITION = "位置"


@dataclass
class Carried:
    contents: dict[str, object] = field(default_factory=dict)  # key -> the old cell's content
    how: dict[str, str] = field(default_factory=dict)  # key -> BY_NAME | BY_LABEL | BY_POSITION
    lost: list[str] = field(default_factory=list)  # keys whose place could not be found
    version: str = ""  # the old template's version marker


def read_old_workbook(path: Path) -> Carried:
    from python_calamine import CalamineWorkbook

    path = Path(path)
    with open_xlsx_zip(path) as archive:
        workbook_xml = read_member(archive, "xl/workbook.xml")
        sheet_names, names = _workbook_parts(workbook_xml, path.name)
        check_workbook_bounds(archive, path.name, workbook_xml)  # every sheet is read below
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows = {name: _anchored(book.get_sheet_by_name(name)) for name in sheet_names}
    finally:
        book.close()
    out = Carried()
    marker = {str(r[0]): str(r[1]) for r in rows.get(MARKER_SHEET, []) if len(r) >= 2 and r[0]}
    out.version = marker.get("version", "")
    for sheet in SHEETS:
        old = rows.get(sheet.name)
        row_map = _rows_by_label(sheet, old) if old is not None else {}
        same_headers = old is not None and _headers_match(sheet, old)
        for inp in sheet.inputs:
            named = names.get(inp.name)
            if named is not None and named.sheet in rows:
                spot, how = named, BY_NAME
            elif inp.row in row_map:
                spot, how = CellRef(sheet.name, row_map[inp.row], inp.col), BY_LABEL
            elif same_headers and not _row_labels(sheet, inp.row):
                spot, how = CellRef(sheet.name, inp.row, inp.col), BY_POSITION
            else:
                out.lost.append(inp.key)
                continue
            value = _at(rows[spot.sheet], spot.row, spot.col)
            if value is not None:
                out.contents[inp.key] = value
            out.how[inp.key] = how
    return out


def _row_labels(sheet: SheetLayout, row: int) -> tuple[str, ...]:
    """The label texts that name an input row (left of its first input)."""
    first_input = min((i.col for i in sheet.inputs if i.row == row), default=0)
    return tuple(_norm(x.text) for x in sheet.labels if x.row == row and x.col < first_input and x.style != "title")


def _rows_by_label(sheet: SheetLayout, old: list[list]) -> dict[int, int]:
    """Current template row -> old sheet row, for rows whose labels appear exactly once in the old sheet."""
    seen: dict[tuple[str, ...], list[int]] = {}
    wanted = {row: _row_labels(sheet, row) for row in {i.row for i in sheet.inputs}}
    first_input = min((i.col for i in sheet.inputs), default=0)
    cols = sorted({x.col for x in sheet.labels if x.style != "title" and x.col < first_input})
    for r, cells in enumerate(old):
        texts = tuple(_norm(str(cells[c])) for c in cols if c < len(cells) and cells[c] not in (None, ""))
        if texts:
            seen.setdefault(texts, []).append(r)
    out = {}
    used = [labels for labels in wanted.values() if labels]
    for row, labels in wanted.items():
        # A label that names two rows of the template (or of the old sheet) places neither.
        if labels and used.count(labels) == 1 and len(seen.get(_tail(labels, seen), [])) == 1:
            out[row] = seen[_tail(labels, seen)][0]
    return out


def _tail(labels: tuple[str, ...], seen: dict[tuple[str, ...], list[int]]) -> tuple[str, ...]:
    """Merged group labels (表三's 法人或其他组织 column, 办理结果) are written on their first row only:
    an old row is matched by the full labels, or else by its last (own) label alone."""
    return labels if labels in seen else labels[-1:]


def _headers_match(sheet: SheetLayout, old: list[list]) -> bool:
    top = min((i.row for i in sheet.inputs), default=0)
    headers = [x for x in sheet.labels if x.style != "title" and x.row < top]
    return all(_norm(str(_at(old, x.row, x.col) or "")) == _norm(x.text) for x in headers)


def _norm(text: str) -> str:
    return "".join(text.split())

"""The finished report as a format-independent document: title, paragraphs, headings, grids.

Built once from a Report; xlsx.py, docx.py and html.py only draw it. The tables' layout
(merged headers, the 勾稽 note) comes from layout.py, the headings from format2021.SECTIONS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.check.numbers import format_number
from nianbao.narrative import finished_text, placeholders
from nianbao.spec import format2021 as f
from nianbao.spec.layout import SHEET_BY_TABLE


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: 一、总体情况; 2: （一）主动公开


@dataclass(frozen=True)
class Paragraph:
    text: str
    field: str  # the text field it comes from
    prompt: bool = False  # holds a 【请…】 placeholder left for the clerk


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str
    role: str  # header | rowlabel | note | value
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    table: str  # t2 | t3 | t4
    rows: int
    cols: int
    cells: list[GridCell]
    column_widths: list[float]  # relative, from the template layout
    landscape: bool = False
    header_rows: int = 0  # rows that head the table's columns (repeated after a page break)

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell whose area covers (row, col)."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.rowspan and cell.col <= col < cell.col + cell.colspan:
                return cell
        return None


Block = Heading | Paragraph | Grid


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    agency: str = ""
    year: int | None = None

    @property
    def prompts(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph) and b.prompt]

    def unfinished(self) -> list[str]:
        """Each placeholder still in the text, named with its part: '正文「（四）政府信息公开平台建设」：【请填写：…】'."""
        return [f"{f.describe('text.' + p.field)}：{hole}" for p in self.prompts for hole in placeholders(p.text)]


def title_of(report: f.Report) -> str:
    agency = str(report.meta.get("agency") or "").strip()
    year = report.meta.get("year")
    return f"{agency}{f'{year}年' if year else ''}{f.REPORT_TITLE_SUFFIX}"


def _subheading(key: str) -> str:
    """The sub-part heading of a text field: '（一）主动公开'; '五、（一）存在的主要问题' -> '（一）存在的主要问题'."""
    label = f.TEXT_BY_KEY[key].label
    section_prefix = next((s.number + "、" for s in f.SECTIONS if label.startswith(s.number + "、")), "")
    return label[len(section_prefix) :]


# Which text fields each section prints, and whether each gets its own sub-heading.
_SECTION_TEXT: dict[str, tuple[tuple[str, bool], ...]] = {
    "一": (
        ("overview", False),
        ("overview.proactive", True),
        ("overview.on_request", True),
        ("overview.management", True),
        ("overview.platform", True),
        ("overview.supervision", True),
    ),
    "五": (("problems", True), ("improvements", True)),
    "六": (("other_matters", False),),
}


def build_document(report: f.Report, previous: f.Report | None = None) -> Document:
    text = finished_text(report, previous)
    doc = Document(title_of(report), agency=str(report.meta.get("agency") or ""), year=report.meta.get("year"))

    def paragraphs(key: str) -> None:
        for para in text[key]:
            doc.blocks.append(Paragraph(para, key, bool(placeholders(para))))

    paragraphs("preamble")
    for section in f.SECTIONS:
        doc.blocks.append(Heading(section.title, 1))
        if section.table:
            doc.blocks.append(build_grid(section.table, report.values))
        for key, own_heading in _SECTION_TEXT.get(section.number, ()):
            if own_heading:
                doc.blocks.append(Heading(_subheading(key), 2))
            paragraphs(key)
    return doc


def build_grid(table: str, values: dict) -> Grid:
    """The table of the template layout, without its title row, with values in the input cells."""
    sheet = SHEET_BY_TABLE[table]
    cells: list[GridCell] = []
    for label in sheet.labels:
        if label.style == "title":
            continue
        cells.append(
            GridCell(
                label.row - 1,
                label.col,
                label.text,
                label.style if label.style != "header" else "header",
                label.bottom - label.row + 1,
                label.right - label.col + 1,
            )
        )
    for inp in sheet.inputs:
        value = values.get(inp.key)
        span = (inp.last_col - inp.col + 1) if inp.last_col is not None else 1
        cells.append(GridCell(inp.row - 1, inp.col, "" if value is None else format_number(value), "value", 1, span))
    rows = max(c.row + c.rowspan for c in cells)
    cols = max(c.col + c.colspan for c in cells)
    return Grid(
        table,
        rows,
        cols,
        sorted(cells, key=lambda c: (c.row, c.col)),
        list(sheet.column_widths),
        sheet.landscape,
        # The template's frozen rows less its title. Table 二 has none: each of its blocks has
        # its own head, and repeating the first (第二十条第（一）项) above another block misleads.
        max(0, sheet.header_rows - 1),
    )

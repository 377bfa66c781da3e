"""Hostile inputs, made by the tests from a valid workbook (no committed binaries).

Each maker takes a filled workbook and writes a changed copy: the zip is rewritten member by
member, so one part (a sheet, workbook.xml) can be edited as text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

BASIC_SHEET = "xl/worksheets/sheet1.xml"  # 基本信息, the first sheet the template builds
T2_SHEET = "xl/worksheets/sheet2.xml"  # 表二, which already has merged ranges
LIVE_SHEET = "xl/worksheets/sheet7.xml"  # nianbao_live, the hidden live-check state (no input on it)


def rewrite(
    source: Path, target: Path, edits: dict[str, Callable[[bytes], bytes]], renames: dict[str, str] | None = None
) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
            new.writestr((renames or {}).get(info.filename, info.filename), data)
    return target


def far_cell(source: Path, target: Path, ref: str = "XFD1048576") -> Path:
    """One text cell at `ref` on 基本信息 (a stray keystroke far away, or an attack)."""
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    return rewrite(source, target, {BASIC_SHEET: lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")})


def far_cell_in(source: Path, target: Path, part: str, renamed: str | None = None) -> Path:
    """A far cell in another sheet's part, optionally stored under another name for the part."""
    cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    edit = {part: lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")}
    return rewrite(source, target, edit, {part: renamed} if renamed else None)


def far_cell_behind_a_foreign_relationship(source: Path, target: Path) -> Path:
    """基本信息 read from a part named by a relationship in a foreign namespace: python-calamine
    matches "Relationship" by its local name and follows it to a part with a far cell."""
    cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(source) as old:
        evil = old.read(BASIC_SHEET).replace(b"</sheetData>", cell + b"</sheetData>")
    foreign = (
        b'<x:Relationship xmlns:x="urn:other" Id="rIdEvil" Target="worksheets/evil.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    )
    edits = {
        "xl/workbook.xml": lambda xml: xml.replace(b'r:id="rId1"', b'r:id="rIdEvil"', 1),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", foreign),
    }
    rewrite(source, target, edits)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/evil.xml", evil)
    return target


def far_dimension(source: Path, target: Path, ref: str = "A1:XFD1048576") -> Path:
    return rewrite(
        source,
        target,
        {BASIC_SHEET: lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)},
    )


def unaddressed_far_cell(source: Path, target: Path, columns: int = 20_000) -> Path:
    """Cells without an `r` address: each one a column further right (the position counts)."""
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * columns
    row = b'<row r="900">' + cells + b"</row>"
    return rewrite(source, target, {BASIC_SHEET: lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>")})


def huge_merge(source: Path, target: Path, ref: str = "A40:XFD1048576") -> Path:
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<mergeCells count="(\d+)">', lambda m: b'<mergeCells count="%d">' % (int(m.group(1)) + 1), xml)
        return xml.replace(b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode(), 1)

    return rewrite(source, target, {T2_SHEET: edit})


def many_defined_names(source: Path, target: Path, count: int) -> Path:
    names = "".join(f"<definedName name=\"junk{i}\">'基本信息'!$A$1</definedName>" for i in range(count)).encode()
    return rewrite(
        source, target, {"xl/workbook.xml": lambda xml: xml.replace(b"</definedNames>", names + b"</definedNames>")}
    )


def range_for_text_name(source: Path, target: Path, name: str = "text_problems") -> Path:
    """The defined name of a text cell pointing at a range instead of one cell."""

    def edit(xml: bytes) -> bytes:
        def widen(m: re.Match) -> bytes:
            return m.group(1) + m.group(2) + b":$H$40" + m.group(3)

        return re.sub(
            rb'(<definedName name="' + name.encode() + rb'"[^>]*>[^<]*?)(\$[A-Z]+\$\d+)(</definedName>)', widen, xml
        )

    return rewrite(source, target, {"xl/workbook.xml": edit})


def flate_bomb_xlsx(source: Path, target: Path, megabytes: int = 200) -> Path:
    """A valid workbook with one extra part of zeros that deflates a thousand to one."""
    rewrite(source, target, {})
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (megabytes * 1024 * 1024))
    return target


def flate_bomb_docx(target: Path, megabytes: int = 200) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        body = b"<w:p/>" * (megabytes * 1024 * 1024 // 6)
        archive.writestr(
            "word/document.xml",
            b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>" + body + b"</w:body></w:document>",
        )
    return target


def text_in_cell(source: Path, target: Path, edits: dict[str, str]) -> Path:
    """A copy with text typed into input cells (found by defined name), kept as text."""
    import openpyxl

    from nianbao.io.workbook_writer import input_cell

    workbook = openpyxl.load_workbook(source)
    for key, text in edits.items():
        cell = input_cell(workbook, key)
        cell.value = text
        cell.data_type = "s"
    workbook.save(target)
    return target


def error_in_cell(source: Path, target: Path, key: str, error: str = "#DIV/0!") -> Path:
    """A copy where an input cell holds an Excel error value (a formula that failed)."""
    import openpyxl

    from nianbao.io.workbook_writer import input_cell

    workbook = openpyxl.load_workbook(source)
    cell = input_cell(workbook, key)
    cell.value = error
    cell.data_type = "e"
    workbook.save(target)
    return target


def formulas_in(path: Path) -> set[tuple[str, str, str]]:
    """(sheet, cell, formula) of every formula a workbook holds."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    found = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.add((sheet.title, cell.coordinate, str(getattr(cell.value, "text", cell.value))))
    return found

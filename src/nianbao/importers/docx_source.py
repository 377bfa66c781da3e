"""Word (.docx) → items: paragraphs and tables in document order, table cells as cells.

The zip is bounded by io.safety before python-docx opens it; merged cells
(gridSpan / vMerge) are read once, like HTML spans.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UnreadableFile
from ..io.safety import ZIP_MAGIC, check_zip_bounds, read_member
from .items import Item, lines_to_items

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element) -> str:
    parts = []
    for node in element.iter():
        if node.tag == _W + "t" and node.text:
            parts.append(node.text)
        elif node.tag == _W + "tab":
            parts.append(" ")
    return "".join(parts)


def _paragraphs_text(element) -> str:
    return "\n".join(_text(p) for p in element.iter(_W + "p"))


def _table_rows(tbl) -> list[tuple[str, ...]]:
    rows = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells = []
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            vmerge = props.find(_W + "vMerge") if props is not None else None
            if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                continue  # the lower part of a vertically merged cell
            cells.append(" ".join(_paragraphs_text(tc).split()))
        rows.append(tuple(cells))
    return rows


def docx_items(path: Path) -> list[Item]:
    path = Path(path)
    with open(path, "rb") as fh:
        if fh.read(4) != ZIP_MAGIC:
            raise UnreadableFile(f"{path.name} 不是 Word 文档（.docx），或文件已损坏")
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip_bounds(archive, path.name)
            if "word/document.xml" not in archive.namelist():
                raise UnreadableFile(f"{path.name} 不是 Word 文档（缺少 word/document.xml）")
            if b"<!ENTITY" in read_member(archive, "word/document.xml"):
                raise UnreadableFile(f"{path.name} 含有不安全的 XML（实体声明），疑似恶意文件，拒绝读取")
    except zipfile.BadZipFile:
        raise UnreadableFile(f"{path.name} 已损坏（文件不完整，无法解压），请重新获取该文件") from None
    import docx

    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises several kinds for a damaged package
        raise UnreadableFile(f"{path.name} 已损坏，Word 文档无法读取") from None
    items: list[Item] = []
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            items.extend(lines_to_items(_text(child).splitlines(), len(items) + 1))
        elif child.tag == _W + "tbl":
            for cells in _table_rows(child):
                items.append(Item(len(items) + 1, " ".join(c for c in cells if c), cells))
    return items

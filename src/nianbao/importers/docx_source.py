"""Word (.docx) → items: paragraphs and tables in document order, table cells as cells.

Only the main document part is read, with lxml directly (no DTD, no entities, no network,
libxml2's depth limit), after io.safety has bounded the zip: python-docx would load every
part — photos included — into memory, and we need none of them. Merged cells
(gridSpan / vMerge) are read once, like HTML spans; content controls (w:sdt) are opened.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from nianbao.errors import UnreadableFile
from nianbao.importers.items import Item, lines_to_items
from nianbao.io.safety import OLE_MAGIC, ZIP_MAGIC, check_zip_bounds, read_member

MAX_DOCUMENT_BYTES = 40 * 1024 * 1024  # the text part of a 300-page report is a few MB
MAX_CELLS = 100_000  # a report's tables hold a few hundred cells
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = "/officeDocument"  # relationship type suffix, transitional and strict
_DEFAULT_MAIN = "word/document.xml"
_OTHER_OFFICE = {"xl/workbook.xml": "Excel 工作簿", "ppt/presentation.xml": "PowerPoint 演示文稿"}
_UNSAFE = (b"<!DOCTYPE", b"<!ENTITY")


def _parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )


def _parse(data: bytes, name: str):
    from lxml import etree

    # Any DTD is refused, whatever the encoding: OOXML parts never carry one.
    if any(marker in data for marker in _UNSAFE) or any(m.decode().encode("utf-16-le") in data for m in _UNSAFE):
        raise UnreadableFile(f"{name} 含有不安全的 XML（实体声明），疑似恶意文件，拒绝读取")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        raise UnreadableFile(f"{name} 的正文 XML 已损坏（或嵌套过深），Word 文档无法读取") from None
    if root is None or root.getroottree().docinfo.internalDTD is not None:
        raise UnreadableFile(f"{name} 含有不安全的 XML（实体声明），疑似恶意文件，拒绝读取")
    return root


def _main_part(archive: zipfile.ZipFile, name: str) -> str:
    """The part the package relationships name as the document (word/document.xml, usually)."""
    names = set(archive.namelist())
    if _RELS in names:
        rels = _parse(read_member(archive, _RELS, 1024 * 1024), name)
        for rel in rels:
            if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT):
                target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                if target in names:
                    return target
    if _DEFAULT_MAIN in names:
        return _DEFAULT_MAIN
    for member, what in _OTHER_OFFICE.items():
        if member in names:
            raise UnreadableFile(f"{name} 其实是{what}，不是 Word 文档（.docx）")
    raise UnreadableFile(f"{name} 不是 Word 文档（压缩包中没有 word/document.xml）")


class _Reader:
    def __init__(self, ns: str, name: str):
        self.w = "{" + ns + "}"
        self.name = name
        self.cells = 0

    def text(self, element) -> str:
        parts = []
        for node in element.iter(self.w + "t", self.w + "tab"):
            if node.tag == self.w + "tab":
                parts.append(" ")
            elif node.text:
                parts.append(node.text)
        return "".join(parts)

    def paragraphs_text(self, element) -> str:
        return "\n".join(self.text(p) for p in element.iter(self.w + "p"))

    def table_rows(self, tbl) -> list[tuple[str, ...]]:
        rows = []
        w = self.w
        for tr in tbl.iterchildren(w + "tr"):
            cells = []
            for tc in tr.iterchildren(w + "tc"):
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise UnreadableFile(f"{self.name} 的表格单元格超过 {MAX_CELLS} 个，不像一份年度报告，拒绝读取")
                props = tc.find(w + "tcPr")
                vmerge = props.find(w + "vMerge") if props is not None else None
                if vmerge is not None and vmerge.get(w + "val") in (None, "continue"):
                    continue  # the lower part of a vertically merged cell
                cells.append(" ".join(self.paragraphs_text(tc).split()))
            rows.append(tuple(cells))
        return rows

    def blocks(self, parent, items: list[Item]) -> None:
        w = self.w
        for child in parent.iterchildren():
            if child.tag == w + "p":
                items.extend(lines_to_items(self.text(child).splitlines(), len(items) + 1))
            elif child.tag == w + "tbl":
                for cells in self.table_rows(child):
                    items.append(Item(len(items) + 1, " ".join(c for c in cells if c), cells))
            elif child.tag in (w + "sdt", w + "sdtContent", w + "customXml"):
                self.blocks(child, items)  # a content control around paragraphs or tables


def docx_items(path: Path) -> list[Item]:
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise UnreadableFile(
            f"{path.name} 是旧版 Word（.doc）格式或设有打开密码，请在 Word/WPS 中另存为不加密的 .docx 后再试"
        )
    if head[:4] != ZIP_MAGIC:
        raise UnreadableFile(f"{path.name} 不是 Word 文档（.docx），或文件已损坏")
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip_bounds(archive, path.name)
            names = archive.namelist()
            if len(set(names)) != len(names):  # never written by Word/WPS; readers disagree on which copy counts
                raise UnreadableFile(f"{path.name} 已损坏（压缩包内有重名的部件），请重新获取该文件")
            main = _main_part(archive, path.name)
            if archive.getinfo(main).file_size > MAX_DOCUMENT_BYTES:
                raise UnreadableFile(
                    f"{path.name} 的正文部分解压后超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB，"
                    "疑似“压缩炸弹”，拒绝读取"
                )
            # never more than the directory claims, whatever the compressed stream holds
            data = read_member(archive, main, MAX_DOCUMENT_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        raise UnreadableFile(f"{path.name} 已损坏（文件不完整，无法解压），请重新获取该文件") from None
    root = _parse(data, path.name)
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    reader = _Reader(ns, path.name)
    body = root.find(reader.w + "body")
    if not ns or body is None:
        raise UnreadableFile(f"{path.name} 不是 Word 文档（正文部分没有 w:body）")
    items: list[Item] = []
    reader.blocks(body, items)
    return items

"""Reading a published report file into items: which reader, which encoding, what limits."""

from __future__ import annotations

from pathlib import Path

from nianbao.errors import UnreadableFile
from nianbao.importers.items import Item, markdown_items
from nianbao.importers.text_columns import fill_text_columns
from nianbao.io.safety import check_file

# io.safety.check_file bounds every file (60 MB, what a PDF with photos may weigh); a text
# or HTML report is far smaller, and all of it is held in memory at once.
MAX_TEXT_BYTES = 20 * 1024 * 1024
KINDS = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "docx": "docx",
    "pdf": "pdf",
}
_ENCODINGS = ("utf-8-sig", "gb18030")
_SAMPLE = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark (Windows "Unicode" text): the NUL bytes of its
    ASCII characters stand at odd (LE) or at even (BE) positions. Read only when exactly one
    byte order gives text free of control characters."""
    if len(data) % 2:
        return None
    readings = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ch < " " and ch not in "\r\n\t\f" for ch in text) and "\n" in text[:_SAMPLE]:
            readings.append(text)
    return readings[0] if len(readings) == 1 else None


def decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(f"{name} 标明是 UTF-16 编码，但内容已损坏") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        # NUL padding at the end (a broken save) is not content; a NUL inside the text
        # could sit between two digits, and reading past it would join them into one number
        data = data.rstrip(b"\x00")
        if b"\x00" in data:
            raise UnreadableFile(f"{name} 不是文本文件（含有二进制内容或 NUL 字节）")
    for encoding in _ENCODINGS:  # utf-8-sig also reads plain utf-8
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name} 的文字编码无法识别（既不是 UTF-8，也不是 GB18030/GBK/UTF-16）")


def sniff_kind(path: Path, head: bytes) -> str:
    kind = KINDS.get(path.suffix.lower().lstrip("."))
    if kind:
        return kind
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.lstrip()[:1] == b"<":
        return "html"
    if path.suffix.lower() in (".doc", ".wps"):
        raise UnreadableFile(f"{path.name} 是旧版 Word 格式，请另存为 .docx 后再试")
    return "txt"


def text_items(text: str, kind: str) -> list[Item]:
    if kind == "html":
        from nianbao.importers.html_source import html_items

        return html_items(text)
    # Text copied from converters often carries Markdown pipe tables: read them as rows either way;
    # a monospace dump (w3m/lynx) of a borderless table gets its blank cells back first.
    return markdown_items(fill_text_columns(text))


def read_items(path: Path) -> tuple[list[Item], str]:
    path = Path(path)
    check_file(path)  # exists, a file, not empty, not absurdly large
    with open(path, "rb") as fh:
        head = fh.read(8)
    kind = sniff_kind(path, head)
    if kind == "pdf":
        from nianbao.importers.pdf_source import pdf_items

        return pdf_items(path), kind
    if kind == "docx":
        from nianbao.importers.docx_source import docx_items

        return docx_items(path), kind
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise UnreadableFile(f"{path.name} 过大（{size // 1024 // 1024} MB），不像一份年度报告")
    text = decode(path.read_bytes(), path.name)
    if not text or text.isspace():  # (not text.strip(): no copy of the whole text)
        raise UnreadableFile(f"{path.name} 没有任何文字内容")
    return text_items(text, kind), kind

"""Reading a published report file into items: which reader, which encoding, what limits."""

from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableFile
from .items import Item, markdown_items

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_BINARY_BYTES = 60 * 1024 * 1024
KINDS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html",
         "xhtml": "html", "docx": "docx", "pdf": "pdf"}
_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"{name} 不是文本文件（含有二进制内容）")
    for encoding in _ENCODINGS:  # utf-8-sig also reads plain utf-8
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name} 的文字编码无法识别（既不是 UTF-8，也不是 GB18030/GBK）")


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
        from .html_source import html_items

        return html_items(text)
    # Text copied from converters often carries Markdown pipe tables: read them as rows either way.
    return markdown_items(text)


def read_items(path: Path) -> tuple[list[Item], str]:
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"找不到文件：{path}")
    if path.is_dir():
        raise UnreadableFile(f"{path} 是文件夹，不是文件")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"{path.name} 是空文件（0 字节）")
    with open(path, "rb") as fh:
        head = fh.read(8)
    kind = sniff_kind(path, head)
    if kind == "pdf":
        if size > MAX_BINARY_BYTES:
            raise UnreadableFile(f"{path.name} 过大（{size // 1024 // 1024} MB），不像一份年度报告")
        from .pdf_source import pdf_items

        return pdf_items(path), kind
    if kind == "docx":
        if size > MAX_BINARY_BYTES:
            raise UnreadableFile(f"{path.name} 过大（{size // 1024 // 1024} MB），不像一份年度报告")
        from .docx_source import docx_items

        return docx_items(path), kind
    if size > MAX_TEXT_BYTES:
        raise UnreadableFile(f"{path.name} 过大（{size // 1024 // 1024} MB），不像一份年度报告")
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise UnreadableFile(f"{path.name} 没有任何文字内容")
    return text_items(text, kind), kind

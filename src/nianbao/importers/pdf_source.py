"""PDF → items through its text layer (pdfplumber). A PDF without one is a scan."""

from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableFile
from .items import Item, lines_to_items

MAX_PAGES = 300


def pdf_items(path: Path) -> list[Item]:
    path = Path(path)
    with open(path, "rb") as fh:
        if b"%PDF" not in fh.read(1024):
            raise UnreadableFile(f"{path.name} 不是 PDF 文件，或文件已损坏")
    import pdfplumber

    lines: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableFile(f"{path.name} 有 {len(pdf.pages)} 页，不像一份年度报告，拒绝读取")
            for page in pdf.pages:
                lines.extend((page.extract_text() or "").splitlines())
    except UnreadableFile:
        raise
    except Exception as err:  # pdfminer raises many kinds for damaged or encrypted files
        if "password" in str(err).lower() or "encrypt" in type(err).__name__.lower():
            raise UnreadableFile(f"{path.name} 设有密码（已加密），无法读取") from None
        raise UnreadableFile(f"{path.name} 已损坏，PDF 无法读取") from None
    if sum(len(line.strip()) for line in lines) < 20:
        raise UnreadableFile(f"{path.name} 是扫描件，没有文字层，无法读取")
    return lines_to_items(lines)

"""Bounds on a PDF, checked before any parser does the work they bound.

A hostile PDF is small on disk and huge in work: a flate stream of 1.5 MB inflating to
gigabytes, a page tree declaring 1 page and holding 100,000, one page of millions of
characters, hundreds of dense pages. Each is refused with a Chinese reason, in seconds and
well under a gigabyte of memory:

- inflation: every Flate stream of the file is inflated here, in chunks and counted, before
  any parser holds it; past MAX_INFLATED the file is a "压缩炸弹", not a scan;
- pages: the page objects in the file (also inside object streams) are counted, not only
  the /Count the page tree declares;
- characters per page: counted by pdfium, which counts without building per-character objects;
- time: a deadline per file, checked between pages.
"""

from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass

from nianbao.errors import UnreadableFile

MAX_PAGES = 100  # an annual report has 5 to 30 pages
MAX_PAGE_CHARS = 20_000  # a dense A4 page holds 3,000 to 6,000 (8 pt type)
MAX_INFLATED = 192 * 1024 * 1024  # all streams inflated; a report with embedded fonts needs a few MB
MAX_SECONDS = 10.0
_CHUNK = 8 * 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_REFERENCE = re.compile(rb"\d+\s+\d+\s+R")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")
_DICT_LOOKBACK = 1024


@dataclass
class Budget:
    """The time left for reading one file."""

    name: str
    deadline: float

    @classmethod
    def start(cls, name: str, seconds: float = MAX_SECONDS) -> Budget:
        return cls(name, time.monotonic() + seconds)

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnreadableFile(
                f"{self.name} 读取超过 {MAX_SECONDS:.0f} 秒仍未完成（内容异常复杂），不像一份年度报告，拒绝读取"
            )


def _inflated_pieces(data: bytes, budget: Budget):
    """Each Flate stream of the file, inflated chunk by chunk (never all of it at once)."""
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - _DICT_LOOKBACK) : match.start()]
        dict_start = head.rfind(b"obj")
        dictionary = head[dict_start if dict_start >= 0 else 0 :]
        if not _FLATE.search(dictionary) or _IMAGE.search(dictionary):
            continue  # images are never decoded here (no page is rendered): a scan's pages are no bomb
        end = data.find(b"endstream", match.end())
        raw = data[match.end() : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        pending = raw
        while pending:
            try:
                piece = inflater.decompress(pending, _CHUNK)
            except zlib.error:
                break  # damaged: the parser decides what it makes of it
            yield piece
            pending = inflater.unconsumed_tail
            budget.check()
            if inflater.eof:
                break


def check_pdf_bytes(data: bytes, name: str, budget: Budget) -> None:
    """Inflation and page objects, counted on the raw file before any parser runs."""
    inflated = 0
    pages = len(_PAGE_OBJECT.findall(data))
    # one page object listed many times in a page tree is as many pages to a parser that walks it
    kids = sum(len(_REFERENCE.findall(m.group(1))) for m in _KIDS.finditer(data))
    if kids > MAX_PAGES:
        raise UnreadableFile(f"{name} 有 {kids} 页，不像一份年度报告，拒绝读取")
    tail = b""
    for piece in _inflated_pieces(data, budget):
        inflated += len(piece)
        if inflated > MAX_INFLATED:
            raise UnreadableFile(
                f"{name} 中的压缩数据解压后超过 {MAX_INFLATED // 1024 // 1024} MB（疑似“压缩炸弹”），不像一份年度报告，拒绝读取"
            )
        # page objects inside object streams; a match cut between two chunks is joined by `tail`
        pages += len(_PAGE_OBJECT.findall(tail + piece)) - len(_PAGE_OBJECT.findall(tail))
        tail = piece[-32:]
    if pages > MAX_PAGES:
        raise UnreadableFile(f"{name} 有 {pages} 页，不像一份年度报告，拒绝读取")


def check_page_count(pages: int, name: str) -> None:
    if pages > MAX_PAGES:
        raise UnreadableFile(f"{name} 有 {pages} 页，不像一份年度报告，拒绝读取")


def check_page_chars(chars: int, page: int, name: str) -> None:
    if chars > MAX_PAGE_CHARS:
        raise UnreadableFile(
            f"{name} 第 {page} 页有 {chars} 个字符（一页正常不超过几千个），不像一份年度报告，拒绝读取"
        )

"""Reading published annual reports (txt/html/md/docx/pdf) into the exchange data.

    from nianbao.importers import import_report, import_text
    result = import_report("report.pdf")
    result.report       # format2021.Report; meta has "format" ("2021"|"2019") and "layout"
    result.unplaced     # [Unplaced(where, reason, keys, found)]: what was printed but not placed

A returned number is always the published one; placement ambiguities are resolved by
the rules only when exactly one placement fits, else the cells are listed as unplaced.

Text with no whitespace left (a web page's text copy) is read a second way, by the format's
labels as anchors (anchored.py, glued.py), each table solved as a whole by its rules
(solve.py): a cell is returned only when every reading that keeps all the rules agrees on it.
PDFs are read through pdfium, bounded before the work (pdf_limits.py).
"""

from __future__ import annotations

from pathlib import Path

from nianbao.importers.core import import_items
from nianbao.importers.result import ImportResult, Unplaced
from nianbao.importers.source import read_items, text_items

__all__ = ["ImportResult", "Unplaced", "import_report", "import_text"]


def import_report(path) -> ImportResult:
    """Read a published report file. Raises UnreadableFile (Chinese reason) when it cannot."""
    items, kind = read_items(Path(path))
    result = import_items(items, kind)
    result.report.meta.setdefault("source", Path(path).name)
    return result


def import_text(text: str, kind: str = "txt") -> ImportResult:
    """Read a report held in memory; kind is "txt", "md" or "html"."""
    from nianbao.errors import UnreadableFile

    if not text or text.isspace():  # (not text.strip(): no copy of the whole text)
        raise UnreadableFile("没有任何文字内容")
    return import_items(text_items(text, kind), kind)

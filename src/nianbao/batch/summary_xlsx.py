"""The audit summary workbook: 汇总, 问题清单, 按规则统计 — each filterable, header frozen.

Written with XlsxWriter (strings kept as text: a name or a reason starting with "=" is not
a formula) to a temporary file that replaces the output in one step. pandas is not used:
its import alone cost a quarter of a second of every audit.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from nianbao.batch.tables import FINDINGS_SHEET, RULES_SHEET, SUMMARY_SHEET, finding_rows, rule_rows, summary_rows
from nianbao.batch.worker import FileRecord
from nianbao.io.atomic import atomic_path
from nianbao.io.xlsx_text import new_xlsxwriter_book

MAX_WIDTH = 60
WIDE_COLUMNS = {"说明": 80, "原因": 60}


def write_summary(output: Path, records: list[FileRecord], *, with_previous: bool = False) -> None:
    sheets = {
        SUMMARY_SHEET: summary_rows(records, with_previous),
        FINDINGS_SHEET: finding_rows(records),
        RULES_SHEET: rule_rows(records),
    }
    with atomic_path(Path(output)) as tmp:
        book = new_xlsxwriter_book(tmp)
        try:
            book.set_properties({"title": "政府信息公开工作年度报告 批量校验汇总", "author": "nianbao"})
            header = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "top"})
            for name, (headers, rows) in sheets.items():
                ws = book.add_worksheet(name)
                ws.write_row(0, 0, headers, header)
                for number, row in enumerate(rows, 1):
                    for col, value in enumerate(row):
                        if value is not None and value != "":
                            ws.write(number, col, value)
                _make_filterable(ws, headers, rows)
        finally:
            book.close()


def _make_filterable(ws, headers, rows) -> None:
    ws.autofilter(0, 0, len(rows), len(headers) - 1)
    ws.freeze_panes(1, 1)
    for col, header in enumerate(headers):
        widest = max([_width(header) + 4] + [_width(row[col]) for row in rows[:2000]])
        ws.set_column(col, col, min(WIDE_COLUMNS.get(header, MAX_WIDTH), max(8, widest + 2)))


def _width(value) -> int:
    if value is None:
        return 0
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

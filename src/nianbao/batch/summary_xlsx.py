"""The audit summary workbook: 汇总, 问题清单, 按规则统计 — each filterable, header frozen.

Written with pandas (XlsxWriter engine) to a temporary file that replaces the output in
one step.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from nianbao.batch.tables import FINDINGS_SHEET, RULES_SHEET, SUMMARY_SHEET, finding_rows, rule_rows, summary_rows
from nianbao.batch.worker import FileRecord
from nianbao.io.atomic import atomic_path

MAX_WIDTH = 60
WIDE_COLUMNS = {"说明": 80, "原因": 60}


def write_summary(output: Path, records: list[FileRecord], *, with_previous: bool = False) -> None:
    import pandas as pd

    sheets = {
        SUMMARY_SHEET: summary_rows(records, with_previous),
        FINDINGS_SHEET: finding_rows(records),
        RULES_SHEET: rule_rows(records),
    }
    with atomic_path(Path(output)) as tmp, pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
        book = writer.book
        book.set_properties({"title": "政府信息公开工作年度报告 批量校验汇总", "author": "nianbao"})
        for name, (headers, rows) in sheets.items():
            frame = pd.DataFrame(rows, columns=list(headers))
            for column in ("年度", "错误数", "提示数", "未读出单元格数", "问题数", "涉及报告数"):
                if column in frame:
                    frame[column] = frame[column].astype("Int64")
            frame.to_excel(writer, sheet_name=name, index=False)
            _make_filterable(writer.sheets[name], headers, rows)


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

"""The aggregate workbook: the template filled with the total, plus a sheet 汇总单位.

The template is written by `build_template`; the 汇总单位 sheet is added through its
`customize` hook, in the same XlsxWriter pass (no second program rewrites the template,
so its validation, live checks and defined names stay exactly as built).
"""

from __future__ import annotations

from pathlib import Path

from nianbao.batch.aggregate import Aggregation
from nianbao.io.atomic import atomic_path
from nianbao.spec import format2021 as f
from nianbao.spec.layout import locate

UNITS_SHEET = "汇总单位"
UNITS_HEADERS = ("序号", "文件", "机关", "年度", "格式", "是否计入", "原因或说明")
INCOMPLETE_HEADERS = ("单元格", "键", "项目", "缺少的单位数", "缺少该数字的单位")
MAX_NAMES = 20


def write_total(output: Path, aggregation: Aggregation) -> None:
    from nianbao.build.template import build_template

    with atomic_path(Path(output)) as tmp:
        build_template(tmp, aggregation.total, customize=lambda wb, sheets: add_units_sheet(wb, aggregation))


def add_units_sheet(workbook, aggregation: Aggregation) -> None:
    ws = workbook.add_worksheet(UNITS_SHEET)
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    refused = workbook.add_format({"font_color": "#9C0006"})
    included = aggregation.included
    year = f"{aggregation.year}年" if aggregation.year else "年度不明"
    ws.write_string(
        0,
        0,
        f"汇总年度：{year}；共 {len(aggregation.units)} 份文件，计入 {len(included)} 个单位，"
        f"未计入 {len(aggregation.refused)} 份；{len(aggregation.incomplete)} 个单元格不完整（汇总表中留空）",
        bold,
    )
    first = 2
    ws.write_row(first, 0, UNITS_HEADERS, header)
    for i, unit in enumerate(aggregation.units, 1):
        r = unit.record
        cells = (
            i,
            r.shown,
            r.agency,
            r.year if r.year is not None else "",
            r.format,
            "计入" if unit.included else "未计入",
            unit.reason,
        )
        ws.write_row(first + i, 0, cells, None if unit.included else refused)
    last = first + len(aggregation.units)
    ws.autofilter(first, 0, last, len(UNITS_HEADERS) - 1)
    ws.freeze_panes(first + 1, 0)
    for col, width in enumerate((6, 36, 30, 8, 8, 10, 70)):
        ws.set_column(col, col, width)

    row = last + 2
    if not aggregation.incomplete:
        ws.write_string(row, 0, "所有单元格完整：每个计入的单位都填有数字。", bold)
        return
    ws.write_string(row, 0, "不完整的单元格：以下单元格有计入的单位缺少数字，汇总表中留空（空白不等于0）。", bold)
    row += 1
    ws.write_row(row, 0, INCOMPLETE_HEADERS, header)
    for key in f.sorted_keys(aggregation.incomplete):
        lacking = aggregation.incomplete[key]
        names = "、".join(lacking[:MAX_NAMES]) + (f"等{len(lacking)}个" if len(lacking) > MAX_NAMES else "")
        row += 1
        ws.write_row(row, 0, (str(locate(key) or ""), key, f.describe(key), len(lacking), names))

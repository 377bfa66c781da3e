"""`nianbao audit PATH... [-o SUMMARY.xlsx] [--json] [--previous DIR] [--jobs N]`.

Exit code: 0 every file readable and no report has errors; 1 some report has errors;
2 some file could not be read (listed on stderr and in the summary).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nianbao.commands.shared import add_jobs_argument


def configure(parser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="路径",
        help="工作簿、JSON 数据、已发布的报告（txt/html/md/docx/pdf），或包含它们的文件夹",
    )
    parser.add_argument("-o", "--output", type=Path, help="把汇总表写入此工作簿（.xlsx）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出每份报告的结果和问题")
    parser.add_argument("--previous", type=Path, metavar="文件夹", help="上一年度报告所在的文件夹，用于跨年度校验")
    add_jobs_argument(parser)


def run(args) -> int:
    from nianbao.batch.audit import run_audit
    from nianbao.batch.console import audit_table, audit_totals, unreadable_lines
    from nianbao.batch.tables import FINDINGS_SHEET, RULES_SHEET, SUMMARY_SHEET
    from nianbao.commands.shared import check_jobs, prepare_batch_output
    from nianbao.errors import NianbaoError

    check_jobs(args.jobs)
    output = args.output
    if output is not None:
        if output.suffix.lower() != ".xlsx":
            raise NianbaoError(f"汇总表应保存为 .xlsx 文件（{output}）")
        own = frozenset({SUMMARY_SHEET, FINDINGS_SHEET, RULES_SHEET})
        prepare_batch_output(output, args.paths, previous=args.previous, own_sheets=own)
    exclude = [output] if output is not None else []  # our own earlier summary is not a report
    result = run_audit(args.paths, previous_dir=args.previous, jobs=args.jobs, exclude=exclude)
    records = result.records
    if output is not None:
        from nianbao.batch.summary_xlsx import write_summary

        write_summary(output, records, with_previous=args.previous is not None)
    if args.json:
        print(json.dumps([record_json(x) for x in records], ensure_ascii=False, indent=1))
    else:
        if output is None:
            print(audit_table(records))
        print(audit_totals(records))
        if output is not None:
            print(f"汇总表已写入：{output}")
    if result.previous is not None:
        for record in result.previous.unreadable:
            print(f"上年报告无法读取：{record.shown} —— {record.reason}", file=sys.stderr)
        for ignored, used in result.previous.duplicates:
            print(f"上年报告重复：{ignored} 与 {used} 为同一机关同一年度，只用后者", file=sys.stderr)
    if output is not None or args.json:  # the console table lists them otherwise
        for line in unreadable_lines(records):
            print(line, file=sys.stderr)
    sys.stdout.flush()
    return result.exit_code


def record_json(record) -> dict:
    from nianbao.batch.tables import STATUS_LABELS

    return {
        "file": record.shown,
        "path": record.path,
        "kind": record.kind,
        "agency": record.agency,
        "year": record.year,
        "format": record.format or None,
        "layout": record.layout or None,
        "status": record.status,
        "status_label": STATUS_LABELS[record.status],
        "reason": record.reason or None,
        "errors": record.errors,
        "warnings": record.warnings,
        "previous": record.previous,
        "unread_cells": record.unread_cells,
        "unread": [{"where": key or None, "reason": why} for key, why in record.unread],
        "findings": record.findings,
    }

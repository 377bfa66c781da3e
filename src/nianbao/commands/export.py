"""`nianbao export WORKBOOK -o REPORT.xlsx|.docx|.html [--previous LAST] [--force]`: 导出报告.

The finished report: title, preamble, sections 一 to 六 with the three tables. A report
whose tables have errors is refused unless --force.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.errors import EXIT_FINDINGS, EXIT_OK


def configure(parser) -> None:
    parser.add_argument("workbook", type=Path, help="填好的工作簿（.xlsx/.xlsm）或 JSON 数据")
    parser.add_argument("-o", "--output", type=Path, required=True, help="报告文件：.xlsx、.docx 或 .html")
    parser.add_argument("--previous", type=Path, help="上一年度的工作簿或 JSON，用于生成文字中的“同比”")
    parser.add_argument("--force", action="store_true", help="表格有错误时也导出")


def export_file(workbook: Path, output: Path, previous: Path | None = None, force: bool = False):
    """Write the finished report to `output` (format from its suffix).

    Returns (the exported document, the findings). Raises RefusedForErrors when the tables
    have errors and not `force`."""
    from nianbao.check.checker import errors_of
    from nianbao.commands.shared import RefusedForErrors, load_and_check, prepare_output
    from nianbao.export import export_report, format_of

    output = Path(output)
    fmt = format_of(output)
    prepare_output(output, Path(workbook), previous)
    current, last_year, findings = load_and_check(Path(workbook), previous)
    errors = errors_of(findings)
    if errors and not force:
        raise RefusedForErrors(errors, "导出报告", "有错误的报告不宜发布")
    doc = export_report(current.report, output, fmt, last_year)
    return doc, findings


def run(args) -> int:
    from nianbao.check.checker import errors_of
    from nianbao.commands.shared import RefusedForErrors
    from nianbao.spec.format2021 import describe

    output = Path(args.output)
    try:
        doc, findings = export_file(Path(args.workbook), output, args.previous, args.force)
    except RefusedForErrors as refusal:
        print(refusal, file=sys.stderr)
        return EXIT_FINDINGS
    errors = errors_of(findings)
    print(f"已导出报告：{output}")
    if errors:
        print(f"注意：报告中仍有{len(errors)}处错误（已按 --force 导出）。")
    warnings = len(findings) - len(errors)
    if warnings:
        print(f"另有{warnings}条提示，可用 nianbao check 查看。")
    fields = list(dict.fromkeys(p.field for p in doc.prompts))
    if fields:
        print("以下各栏尚未撰写，报告中保留了【请填写…】提示：" + "、".join(describe(f"text.{k}") for k in fields))
    sys.stdout.flush()
    return EXIT_OK

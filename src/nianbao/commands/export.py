"""`nianbao export WORKBOOK -o REPORT.xlsx|.docx|.html [--previous LAST] [--force]`: 导出报告.

The finished report: title, preamble, sections 一 to 六 with the three tables, and the text
as it stands in the workbook (regenerating it is `narrate`'s job). A report whose tables
have errors, or whose text still holds 【请填写：…】 placeholders, is refused unless --force.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.errors import EXIT_FINDINGS, EXIT_OK


def configure(parser) -> None:
    parser.add_argument("workbook", type=Path, metavar="工作簿", help="填好的工作簿（.xlsx/.xlsm）或 JSON 数据")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="输出文件", help="报告文件：.xlsx、.docx 或 .html"
    )
    parser.add_argument(
        "--previous",
        type=Path,
        metavar="上年工作簿",
        help="上一年度的工作簿或 JSON：仅用于为完全空白的正文栏目生成文字时写“同比”",
    )
    parser.add_argument("--force", action="store_true", help="表格有错误或正文留有【请填写…】时也导出")


def export_file(workbook: Path, output: Path, previous: Path | None = None, force: bool = False):
    """Write the finished report to `output` (format from its suffix), its text as it stands in
    the workbook (regenerating is `narrate`'s job).

    Returns (the exported document, the findings). Raises RefusedForErrors when the tables
    have errors, RefusedUnfinished when 【请…】 placeholders are left in the text — unless `force`."""
    from nianbao.check.checker import errors_of
    from nianbao.commands.shared import RefusedForErrors, RefusedUnfinished, load_and_check, prepare_output
    from nianbao.export import format_of, write_document
    from nianbao.export.model import build_document

    output = Path(output)
    fmt = format_of(output)
    prepare_output(output, Path(workbook), previous)
    current, last_year, findings = load_and_check(Path(workbook), previous)
    errors = errors_of(findings)
    if errors and not force:
        raise RefusedForErrors(errors, "导出报告", "有错误的报告不宜发布")
    doc = build_document(current.report, last_year)
    unfinished = doc.unfinished()
    if unfinished and not force:
        raise RefusedUnfinished(unfinished)
    write_document(doc, output, fmt)
    return doc, findings


def run(args) -> int:
    from nianbao.check.checker import errors_of
    from nianbao.commands.shared import RefusedForErrors
    from nianbao.spec.rules import TEXT_NUMBER_CONFLICT

    output = Path(args.output)
    try:
        doc, findings = export_file(Path(args.workbook), output, args.previous, args.force)
    except RefusedForErrors as refusal:
        print(refusal, file=sys.stderr)
        return EXIT_FINDINGS
    errors = errors_of(findings)
    unfinished = doc.unfinished()
    print(f"已导出报告：{output}")
    if errors:
        print(f"注意：报告中仍有{len(errors)}处错误（已按 --force 导出）。")
    if unfinished:
        print(f"注意：正文中仍有{len(unfinished)}处【请…】提示未填写（已按 --force 导出，报告中以红字保留）。")
    # The text is printed as it stands: where it no longer matches the tables (numbers changed
    # after `narrate`), say so by name rather than within a count.
    stale = [x for x in findings if x.rule == TEXT_NUMBER_CONFLICT.id]
    for finding in stale:
        print(f"注意：{finding.message}（表格改过后请再运行 nianbao narrate 更新正文，然后重新导出）")
    warnings = len(findings) - len(errors) - len(stale)
    if warnings:
        print(f"另有{warnings}条提示，可用 nianbao check 查看。")
    sys.stdout.flush()
    return EXIT_OK

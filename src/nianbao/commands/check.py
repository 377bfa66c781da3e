"""`nianbao check WORKBOOK [--previous LAST] [-o CHECKED.xlsx] [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nianbao.errors import EXIT_FINDINGS, EXIT_OK


def configure(parser) -> None:
    parser.add_argument("workbook", type=Path, metavar="工作簿", help="填好的工作簿（.xlsx/.xlsm）或 JSON 数据")
    parser.add_argument("--previous", type=Path, metavar="上年工作簿", help="上一年度的工作簿，用于跨年度校验")
    parser.add_argument("-o", "--output", type=Path, metavar="标注后.xlsx", help="另存一份标注了问题单元格的工作簿")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")


def findings_json(findings) -> str:
    """What `nianbao check --json` prints (the service's /api/check answers the same)."""
    return json.dumps([x.to_json() for x in findings], ensure_ascii=False, indent=1)


def run(args) -> int:
    from nianbao.check.checker import errors_of
    from nianbao.commands.shared import load_and_check, prepare_output
    from nianbao.io.explanations import explanations_in
    from nianbao.view.presentation import attach_explanations, console_text

    if args.output and args.output.suffix.lower() not in (".xlsx", ".xlsm"):
        from nianbao.errors import NianbaoError

        # The annotated copy is a workbook: a .docx/.pdf name would hold an Excel file no program opens.
        raise NianbaoError(
            f"-o {args.output.name}：标注后的文件是工作簿，文件名请以 .xlsx（或 .xlsm）结尾；"
            "要 Word/网页格式的报告请用 nianbao export"
        )
    if args.output:
        if args.workbook.suffix.lower() not in (".xlsx", ".xlsm"):
            from nianbao.errors import NianbaoError

            raise NianbaoError("-o 只适用于工作簿输入（.xlsx/.xlsm）")
        prepare_output(args.output, args.workbook, args.previous)
    current, _, findings = load_and_check(args.workbook, args.previous)
    attach_explanations(findings, explanations_in(current) if current.path else {})
    if args.output:
        from nianbao.io.annotate import write_checked_copy
        from nianbao.io.safety import editable

        with editable(args.workbook):
            write_checked_copy(args.workbook, args.output, findings, current.report)
    if args.json:
        print(findings_json(findings))
    else:
        print(console_text(findings, current.report, args.workbook.name))
        if args.output:
            print(f"\n已另存标注后的工作簿：{args.output}")
    sys.stdout.flush()
    return EXIT_FINDINGS if errors_of(findings) else EXIT_OK

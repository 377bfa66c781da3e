"""`nianbao dump WORKBOOK`: the workbook's data as JSON on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.errors import EXIT_FINDINGS, EXIT_OK


def configure(parser) -> None:
    parser.add_argument("workbook", type=Path, help="填好的工作簿（.xlsx/.xlsm）")


def run(args) -> int:
    from nianbao.io.json_exchange import dumps
    from nianbao.io.workbook_reader import read_workbook
    from nianbao.spec.format2021 import describe
    from nianbao.spec.rules import ERROR, RULES_BY_ID

    result = read_workbook(args.workbook)
    print(dumps(result.report.to_json()))
    unusable = [p for p in result.problems if RULES_BY_ID[p.rule].severity == ERROR]
    for p in result.problems:
        label = "未导出" if p in unusable else "已按数字导出"
        print(
            f"注意：{result.cell_of(p.key)} {describe(p.key)} 填的是“{p.found}”（{RULES_BY_ID[p.rule].title}），{label}",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if unusable else EXIT_OK

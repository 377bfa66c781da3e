"""`nianbao aggregate PATH... -o TOTAL.xlsx [--allow-errors] [--year YYYY] [--agency NAME] [--parent 汇总报告]`.

Exit code: 0 every file was included (and the --parent report equals their sum); 1 the
total was written but some reports were refused (listed in 汇总单位 and on stderr), or the
--parent report differs from the sum (each cell a 汇总-上下级 提示 on stdout); 2 some file
was unreadable, or nothing could be added up (no output is written then).
"""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.commands.shared import add_jobs_argument


def configure(parser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="路径",
        help="同一年度的工作簿、JSON 数据、已发布的报告，或包含它们的文件夹",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="汇总结果工作簿（.xlsx）")
    parser.add_argument("--allow-errors", action="store_true", help="有错误的报告也计入汇总")
    parser.add_argument("--year", type=int, metavar="YYYY", help="汇总年度（默认：报告中最常见的年度）")
    parser.add_argument("--agency", metavar="名称", help="汇总表的机关名称（默认：汇总（N个单位））")
    parser.add_argument(
        "--parent",
        type=Path,
        metavar="汇总报告",
        help="上级（汇总）单位自己的报告：逐格与下级单位之和比较，不一致处列为提示",
    )
    add_jobs_argument(parser)


def run(args) -> int:
    from nianbao.batch.aggregate import aggregate
    from nianbao.batch.total_xlsx import UNITS_SHEET, write_total
    from nianbao.commands.shared import check_jobs, prepare_batch_output
    from nianbao.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, NianbaoError
    from nianbao.io.load import load_any

    output = args.output
    if output.suffix.lower() != ".xlsx":
        raise NianbaoError(f"汇总结果应保存为 .xlsx 文件（{output}）")
    if args.year is not None and not 1990 <= args.year <= 2100:
        raise NianbaoError("--year 应为四位数的年度，例如 2024")
    check_jobs(args.jobs)
    prepare_batch_output(output, args.paths, previous=args.parent, own_sheets=frozenset({UNITS_SHEET}))
    parent = load_any(args.parent) if args.parent is not None else None
    excluded = [output] + ([args.parent] if args.parent is not None else [])
    result = aggregate(
        args.paths, year=args.year, allow_errors=args.allow_errors, agency=args.agency, jobs=args.jobs, exclude=excluded
    )
    for unit in result.refused:
        print(f"未计入：{unit.record.shown} —— {unit.reason}", file=sys.stderr)
    if not result.units:
        raise NianbaoError("没有找到可汇总的文件（支持 .xlsx/.xlsm/.json/.txt/.html/.htm/.md/.docx/.pdf）")
    if not result.included:
        raise NianbaoError("没有可以计入汇总的报告，未生成汇总表（原因见上）")
    write_total(output, result)
    year = f"{result.year}年" if result.year else ""
    print(f"已汇总{year} {len(result.included)} 个单位的报告（未计入 {len(result.refused)} 份）：{output}")
    if result.incomplete:
        print(f"注意：{len(result.incomplete)} 个单元格有单位缺少数字，汇总表中留空，详见“汇总单位”工作表。")
    differences = _compare_parent(parent, result) if parent is not None else []
    sys.stdout.flush()
    if any(not u.record.readable for u in result.refused):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if result.refused or differences else EXIT_OK


def _compare_parent(parent, result) -> list:
    """The 汇总-上下级 findings of the parent's report against the included units' sum, printed."""
    from nianbao.check.parent_children import compare_with_children
    from nianbao.view.presentation import main_cell

    locate = parent.cell_of if parent.where else None
    children = [u.record.values or {} for u in result.included]
    missing = [u.record.shown for u in result.refused]
    findings = compare_with_children(parent.report.values, children, missing=missing, locate=locate)
    name = parent.path.name if parent.path else "汇总报告"
    if not findings:
        print(f"{name} 与 {len(children)} 个下级单位之和一致。")
    else:
        print(f"{name} 与 {len(children)} 个下级单位之和有 {len(findings)} 处不一致：")
    for finding in findings:
        cell = main_cell(finding)
        print(f"  [提示·{finding.rule}] {cell + '：' if cell else ''}{finding.message}")
    return findings

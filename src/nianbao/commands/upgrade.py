"""`nianbao upgrade OLD.xlsx -o NEW.xlsx`: carry a workbook of an older template version into the current one.

The old workbook is read by defined names, row labels or unchanged positions
(io/old_workbook.py); a fresh current template receives the contents; what could not be
placed safely is listed for the clerk to copy by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.errors import EXIT_FINDINGS, EXIT_OK


def configure(parser) -> None:
    parser.add_argument("workbook", type=Path, metavar="旧工作簿", help="用旧版本模板填写的工作簿（.xlsx/.xlsm）")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="新工作簿.xlsx", help="按当前模板另存的工作簿（.xlsx）"
    )


def run(args) -> int:
    from nianbao.build.template import build_template
    from nianbao.commands.shared import prepare_output
    from nianbao.errors import NianbaoError
    from nianbao.io.atomic import atomic_path
    from nianbao.io.old_workbook import read_old_workbook
    from nianbao.spec import format2021 as f
    from nianbao.spec.layout import TEMPLATE_VERSION

    source, output = Path(args.workbook), Path(args.output)
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise NianbaoError(f"{source.name}：请指定旧版本模板填写的工作簿（.xlsx/.xlsm）")
    if output.suffix.lower() != ".xlsx":
        raise NianbaoError(f"-o {output.name}：新工作簿的文件名请以 .xlsx 结尾")
    prepare_output(output, source)
    carried = read_old_workbook(source)
    if not carried.how:
        raise NianbaoError(f"{source.name}：没有找到任何可以对应到模板的单元格，不像是本程序的年度报告模板")
    report = f.Report()
    for key, content in carried.contents.items():
        head, rest = key.split(".", 1)
        if head == "meta":
            report.meta[rest] = content
        elif head == "text":
            report.text[rest] = content
        else:
            report.values[key] = content  # as typed: a "五" stays text, for check to report
    with atomic_path(output) as tmp:
        build_template(tmp, report)
    old = f"{carried.version} 版" if carried.version else "旧版"
    print(f"已把 {source.name}（{old}模板）的内容转入 {TEMPLATE_VERSION} 版模板，另存为：{output}")
    print(f"共转入 {len(carried.contents)} 个单元格（原文件未改动）。")
    if carried.lost:
        print(f"以下 {len(carried.lost)} 个单元格在旧工作簿中找不到确定的位置，未转入，请对照原文件手工填写：")
        for key in carried.lost:
            print(f"  {f.describe(key)}")
        print("转入后请用 nianbao check 校验新工作簿。")
        sys.stdout.flush()
        return EXIT_FINDINGS
    print(f"请用 nianbao check {output.name} 校验新工作簿。")
    sys.stdout.flush()
    return EXIT_OK

"""`nianbao workbook [-o workbook/年度报告.xlsm]`: build the macro workbook with the buttons."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("年度报告.xlsm"), help="输出文件（.xlsm，默认 年度报告.xlsm）"
    )


def run(args) -> int:
    from nianbao.build.macro_workbook import build_macro_workbook
    from nianbao.errors import EXIT_OK, NianbaoError
    from nianbao.io.atomic import atomic_path

    if args.output.suffix.lower() != ".xlsm":
        raise NianbaoError("宏工作簿的文件名必须以 .xlsm 结尾")
    with atomic_path(args.output) as tmp:
        build_macro_workbook(tmp)
    print(f"已生成带按钮的宏工作簿：{args.output}")
    return EXIT_OK

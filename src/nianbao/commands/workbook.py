"""`nianbao workbook [-o workbook/年度报告.xlsm] [--server URL]`: build the macro workbook with the buttons.

With --server the buttons go through the office's `nianbao serve` (no Python on the clerk's PC)."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("年度报告.xlsm"), help="输出文件（.xlsm，默认 年度报告.xlsm）"
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="年报服务的地址（如 http://10.1.2.3:8000）：按钮通过该服务运行，填报人电脑不需要安装 Python",
    )


def run(args) -> int:
    from nianbao.build.macro_workbook import build_macro_workbook
    from nianbao.errors import EXIT_OK, NianbaoError
    from nianbao.io.atomic import atomic_path

    if args.output.suffix.lower() != ".xlsm":
        raise NianbaoError("宏工作簿的文件名必须以 .xlsm 结尾")
    with atomic_path(args.output) as tmp:
        build_macro_workbook(tmp, server=args.server)
    print(f"已生成带按钮的宏工作簿：{args.output}")
    if args.server:
        print(f"按钮通过年报服务 {args.server.strip().rstrip('/')} 运行（服务端请运行 nianbao serve）。")
    return EXIT_OK

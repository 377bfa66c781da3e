"""`nianbao fill DATA.json -o OUT.xlsx`: a template filled with the data."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("data", type=Path, help='JSON 数据：{"meta": …, "values": …}')
    parser.add_argument("-o", "--output", type=Path, required=True, help="输出的工作簿（.xlsx）")


def run(args) -> int:
    from nianbao.build.template import build_template
    from nianbao.commands.shared import prepare_output, refuse_text_too_long
    from nianbao.errors import EXIT_OK, NianbaoError
    from nianbao.io.atomic import atomic_path
    from nianbao.io.json_exchange import load_json_report

    if args.output.suffix.lower() != ".xlsx":
        raise NianbaoError("输出文件应以 .xlsx 结尾（带按钮的 .xlsm 请用 nianbao workbook 生成）")
    prepare_output(args.output, args.data)
    report = load_json_report(args.data)
    refuse_text_too_long(report)
    with atomic_path(args.output) as tmp:
        build_template(tmp, report)
    print(f"已生成：{args.output}（{len(report.values)} 个数字）")
    return EXIT_OK

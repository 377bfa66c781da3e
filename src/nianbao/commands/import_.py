"""`nianbao import REPORT [-o OUT.json|OUT.xlsx]`: read a published report into the exchange data."""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.errors import EXIT_OK, NianbaoError


def configure(parser) -> None:
    parser.add_argument("report", type=Path, help="已发布的年度报告（.txt/.html/.htm/.md/.docx/.pdf）")
    parser.add_argument(
        "-o", "--output", type=Path, help="输出文件：.json（数据）或 .xlsx（填好数据的模板）；省略时输出到屏幕"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出到屏幕（即使指定了 -o 也同时输出）")


def run(args) -> int:
    from nianbao.commands.shared import prepare_output
    from nianbao.importers import import_report
    from nianbao.io.atomic import atomic_path, write_text_atomic
    from nianbao.io.json_exchange import dumps

    out = args.output
    if out is not None:
        # Before the work, like the other commands: a bad output path should not cost a whole import.
        prepare_output(out, args.report)
    result = import_report(args.report)
    data = result.to_json()
    if out is not None:
        suffix = out.suffix.lower()
        if suffix == ".json":
            write_text_atomic(out, dumps(data) + "\n")
        elif suffix == ".xlsx":
            from nianbao.build.template import build_template
            from nianbao.commands.shared import refuse_text_too_long

            refuse_text_too_long(result.report)

            with atomic_path(out) as tmp:
                build_template(tmp, report=result.report)
        else:
            raise NianbaoError(f"不支持的输出格式：{out.name}（请用 .json 或 .xlsx）")
    if out is None or args.json:
        print(dumps(data))
    for item in result.unplaced:
        keys = f"（{', '.join(item.keys[:3])}{'…' if len(item.keys) > 3 else ''}）" if item.keys else ""
        found = f"：{item.found[:60]}" if item.found else ""
        print(f"未导入：{item.where}{keys} {item.reason}{found}", file=sys.stderr)
    meta = result.report.meta
    print(
        f"已读取：{meta.get('agency', '（机关名称未识别）')} {meta.get('year', '')}年，格式 {result.format}，"
        f"表三版式 {result.layout or '未找到'}，{len(result.report.values)} 个数字，{len(result.unplaced)} 处未导入",
        file=sys.stderr,
    )
    return EXIT_OK

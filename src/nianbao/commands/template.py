"""`nianbao template -o template.xlsx`: build the empty template."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("template.xlsx"), help="输出文件（默认 template.xlsx）"
    )


def run(args) -> int:
    from nianbao.build.template import build_template
    from nianbao.errors import EXIT_OK
    from nianbao.io.atomic import atomic_path

    with atomic_path(args.output) as tmp:
        build_template(tmp)
    print(f"已生成模板：{args.output}")
    return EXIT_OK

"""`nianbao backup --data DIR [--db URL] -o FILE.zip` and `nianbao restore FILE.zip --data DIR [--db URL]`.

A backup is consistent while the service runs (see nianbao.collect.backup); a restore goes
into an empty data folder (or empty database) only.
"""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument(
        "--data", type=Path, required=True, metavar="目录", help="收集服务的数据目录（nianbao serve --data）"
    )
    parser.add_argument("--db", metavar="URL", help="数据库地址（默认：数据目录中的 SQLite）")
    parser.add_argument("-o", "--output", type=Path, required=True, help="备份文件（.zip）")


def run(args) -> int:
    from nianbao.collect.backup import backup
    from nianbao.commands.shared import prepare_output
    from nianbao.errors import NianbaoError

    if args.output.suffix.lower() != ".zip":
        raise NianbaoError(f"备份应保存为 .zip 文件（{args.output}）")
    if not args.data.is_dir():
        raise NianbaoError(f"找不到数据目录：{args.data}")
    prepare_output(args.output)
    manifest = backup(args.data, args.db, args.output)
    tables = manifest["tables"]
    print(
        f"已备份：{tables['units']} 个单位、{tables['submissions']} 个版本、{manifest['files']} 个文件 → {args.output}"
    )
    return 0


def configure_restore(parser) -> None:
    parser.add_argument("backup", type=Path, metavar="备份文件", help="nianbao backup 生成的 .zip")
    parser.add_argument("--data", type=Path, required=True, metavar="目录", help="恢复到的数据目录（应为空）")
    parser.add_argument("--db", metavar="URL", help="恢复到的数据库（默认：数据目录中的 SQLite；应为空）")


def run_restore(args) -> int:
    from nianbao.collect.backup import restore
    from nianbao.errors import NianbaoError

    if not args.backup.is_file():
        raise NianbaoError(f"找不到备份文件：{args.backup}")
    manifest = restore(args.backup, args.data, args.db)
    tables = manifest["tables"]
    print(
        f"已恢复 {manifest['created_at'][:19]} 的备份：{tables['units']} 个单位、{tables['submissions']} 个版本 → {args.data}"
    )
    return 0

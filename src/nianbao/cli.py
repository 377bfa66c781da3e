"""The `nianbao` command. Each subcommand lives in nianbao.commands.<module>.

Command modules import their heavy libraries inside `run`, so that `nianbao check`
starts without pandas, docx or pdf libraries.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from nianbao import __version__
from nianbao.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE, NianbaoError

# name -> (module, one-line help in Chinese)
COMMANDS: dict[str, tuple[str, str]] = {
    "template": ("template", "生成填报模板 template.xlsx"),
    "workbook": ("workbook", "生成带按钮的宏工作簿（.xlsm）"),
    "check": ("check", "校验一份填好的工作簿"),
    "fill": ("fill", "把 JSON 数据填入模板，生成工作簿"),
    "dump": ("dump", "把工作簿中的数据输出为 JSON"),
    "narrate": ("narrate", "根据表格数字生成正文文字"),
    "export": ("export", "导出定稿报告（xlsx/docx/html）"),
    "import": ("import_", "读取已发布的报告（txt/html/md/docx/pdf）"),
    "audit": ("audit", "批量校验多份报告，生成汇总表"),
    "aggregate": ("aggregate", "把多份报告的表格相加（汇总）"),
    "upgrade": ("upgrade", "把旧版本模板填写的工作簿转成当前模板"),
    "serve": ("serve", "启动年报服务（网页校验、API、Excel 按钮的服务器模式）"),
    "backup": ("backup", "备份收集服务的数据（服务运行时也可）"),
    "restore": ("restore", "从备份恢复收集服务的数据（到空的数据目录）"),
}


# argparse's own words, in Chinese. argparse looks every message up through gettext at the
# moment it prints it, so translating those look-ups covers usage lines, help and errors.
_ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（用 %(prog)s -h 查看用法）\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须有一个",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
}


def _chinese(message: str) -> str:
    return _ARGPARSE_CHINESE.get(message, message)


def _chinese_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return _chinese(singular if n == 1 else plural)


def speak_chinese() -> None:
    """Make argparse print its usage lines, help and errors in Chinese."""
    argparse._ = _chinese  # type: ignore[attr-defined]
    argparse.ngettext = _chinese_plural  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="政府信息公开工作年度报告工具（国办公开办函〔2021〕30号格式）",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}", help="显示版本号后退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module, help_text) in COMMANDS.items():
        command = importlib.import_module(f"nianbao.commands.{module}")
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        command.configure(sub_parser)
        sub_parser.set_defaults(run=command.run)
    return parser


def _selected_parser(argv: list[str]) -> argparse.ArgumentParser:
    """Only the requested command's module is imported: keeps start-up fast."""
    if argv and argv[0] in COMMANDS:
        module, help_text = COMMANDS[argv[0]]
        parser = argparse.ArgumentParser(prog="nianbao")
        sub = parser.add_subparsers(dest="command", metavar="命令")
        command = importlib.import_module(f"nianbao.commands.{module}")
        sub_parser = sub.add_parser(argv[0], help=help_text, description=help_text)
        command.configure(sub_parser)
        sub_parser.set_defaults(run=command.run)
        return parser
    return build_parser()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _print_names_as_text()
    speak_chinese()
    parser = _selected_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_UNREADABLE
    try:
        return int(args.run(args) or 0)
    except NianbaoError as err:
        print(f"错误：{err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `nianbao check … | head`: the reader went away; nothing is wrong with the report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:  # a bug of ours: still no traceback for the clerk
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        print(
            f"内部错误：{type(err).__name__}: {err}\n（请把此信息和文件发给维护人员；设置 NIANBAO_DEBUG=1 可显示详细信息）",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _print_names_as_text() -> None:
    """A file name in GBK bytes (a Windows zip unpacked on Linux) is printed in Chinese, never as
    a UnicodeEncodeError nor as invalid UTF-8."""
    import nianbao.batch.discover  # noqa: F401  (registers the "nianbao-names" error handler)

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") == "utf8":
            stream.reconfigure(errors="nianbao-names")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

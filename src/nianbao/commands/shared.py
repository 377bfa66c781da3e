"""What several commands do alike: prepare the output, read and check the report, refuse on errors.

Imports stay inside the functions, as in the command modules (see nianbao.cli).
"""

from __future__ import annotations

import sys
from pathlib import Path


def add_jobs_argument(parser) -> None:
    parser.add_argument("--jobs", type=int, metavar="N", help="同时处理的进程数（默认：全部CPU核心）")


def check_jobs(jobs: int | None) -> None:
    from nianbao.errors import NianbaoError

    if jobs is not None and jobs < 1:
        raise NianbaoError("--jobs 应为不小于 1 的整数")


def prepare_output(output: Path, *inputs: Path | None) -> None:
    """Before any work: refuse to write over an input, or where nothing can be written."""
    from nianbao.io.atomic import refuse_overwrite_of_input
    from nianbao.io.safety import check_output

    refuse_overwrite_of_input(output, *inputs)
    check_output(output)


def prepare_batch_output(output: Path, paths, *, previous: Path | None = None, own_sheets: frozenset[str]) -> None:
    """`prepare_output` for a batch: the files inside the folders given (and in --previous) are
    inputs too. An existing file there is refused unless it is this command's own earlier result
    (a workbook with `own_sheets`), which a re-run may replace."""
    from nianbao.errors import NianbaoError

    given = [Path(p) for p in paths] + ([Path(previous)] if previous is not None else [])
    prepare_output(output, *given)
    if not output.exists():
        return
    for folder in given:
        if folder.is_dir() and _discovered_in(output, folder) and not _is_own_result(output, own_sheets):
            raise NianbaoError(
                f"输出文件 {output} 位于输入文件夹 {folder} 中，是本次要读取的报告之一："
                "本程序从不修改原文件，请用 -o 指定该文件夹以外的文件"
            )


def _discovered_in(path: Path, folder: Path) -> bool:
    from nianbao.batch.discover import SUPPORTED_SUFFIXES, skipped_name

    try:
        relative = path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not any(skipped_name(part) for part in relative.parts)


def _is_own_result(path: Path, own_sheets: frozenset[str]) -> bool:
    from nianbao.errors import NianbaoError
    from nianbao.io.safety import open_xlsx_zip, sheet_names

    try:
        with open_xlsx_zip(path) as archive:
            return own_sheets <= set(sheet_names(archive).values())
    except (NianbaoError, KeyError, OSError):
        return False


def refuse_text_too_long(report) -> None:
    """Before a workbook is written: an Excel cell holds 32,767 characters; longer text is refused,
    never cut without a word."""
    from nianbao.errors import NianbaoError
    from nianbao.io.json_exchange import EXCEL_CELL_CHARS, too_long_for_a_cell

    fields = too_long_for_a_cell(report)
    if fields:
        raise NianbaoError(
            f"以下文字超过 Excel 单元格的上限（{EXCEL_CELL_CHARS} 字），写入工作簿会被截断，请先删减："
            + "、".join(fields)
        )


def load_and_check(workbook: Path, previous: Path | None):
    """(what was read, last year's report or None, the findings located in the file read)."""
    from nianbao.check.checker import check
    from nianbao.io.load import load_any

    current = load_any(workbook)
    last_year = load_any(previous).report if previous else None
    locate = current.cell_of if current.where else None
    findings = check(current.report, problems=current.problems, previous=last_year, locate=locate)
    return current, last_year, findings


def refusal_text(errors, action: str, consequence: str, force_hint: str = "加 --force") -> str:
    """The refusal, in Chinese, with each error and where it is."""
    lines = [f"不能{action}：表格中有{len(errors)}处错误（{consequence}）。请先改正，或{force_hint}强制{action}。"]
    for i, finding in enumerate(errors, 1):
        where = f"［{finding.cell}］" if finding.cell else ""
        lines.append(f"  {i}. {where}{finding.message}")
    return "\n".join(lines)


def print_refusal(errors, action: str, consequence: str) -> None:
    print(refusal_text(errors, action, consequence), file=sys.stderr)


class RefusedForErrors(Exception):
    """A command refused because the report has errors (exit 1); `str()` is the refusal text."""

    def __init__(self, errors, action: str, consequence: str):
        super().__init__(refusal_text(errors, action, consequence))
        self.errors, self.action, self.consequence = errors, action, consequence


class RefusedUnfinished(RefusedForErrors):
    """Export refused because 【请…】 placeholders are left in the text: the report would print
    them (exit 1, like errors; `--force` overrides). `errors` lists each, named by its part."""

    def __init__(self, unfinished: list[str]):
        from nianbao.export import unfinished_text

        Exception.__init__(self, unfinished_text(unfinished, "或加 --force 强制导出"))
        self.errors, self.action, self.consequence = unfinished, "导出报告", "报告会把提示原样印出"

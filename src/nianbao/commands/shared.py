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

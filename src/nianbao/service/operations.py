"""The work behind each route: the CLI's own functions, called on a file in a temporary folder.

Synchronous and CPU-bound: the routes run them in worker threads (app.run_blocking), so
the event loop keeps answering while twenty clerks press 校验 at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nianbao.check.findings import Finding
from nianbao.commands.check import findings_json
from nianbao.commands.export import export_file
from nianbao.commands.narrate import narrate_copy
from nianbao.commands.shared import load_and_check
from nianbao.errors import NianbaoError
from nianbao.io.annotate import write_checked_copy
from nianbao.io.safety import editable
from nianbao.spec.format2021 import Report

EXPORT_FORMATS = ("docx", "html", "xlsx")


@dataclass
class Checked:
    report: Report
    findings: list[Finding]

    @property
    def json_text(self) -> str:
        return findings_json(self.findings)


def check_file(path: Path) -> Checked:
    current, _, findings = load_and_check(path, None)
    return Checked(current.report, findings)


def checked_copy(path: Path, output: Path) -> Path:
    """`nianbao check FILE -o OUTPUT`: the marked-up copy."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise NianbaoError("标注后的副本只适用于工作簿（.xlsx/.xlsm）")
    _, _, findings = load_and_check(path, None)
    with editable(path):
        write_checked_copy(path, output, findings)
    return output


def narrated_copy(path: Path, output: Path, force: bool) -> Path:
    narrate_copy(path, output, None, force)
    return output


def exported(path: Path, output: Path, force: bool) -> Path:
    export_file(path, output, None, force)
    return output


def output_name(source: Path, what: str, suffix: str) -> str:
    """The download's file name, from the clerk's: 年报.xlsx -> 年报-校验结果.xlsx."""
    return f"{source.stem}-{what}{suffix}"

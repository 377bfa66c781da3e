"""How findings are shown to a clerk: the per-cell notes, the 校验结果 sheet and the console text.

Shared by `nianbao check -o` (openpyxl), the 校验 button (xlwings) and the console, so the
three say the same thing. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.check.findings import Finding, errors_of
from nianbao.spec import format2021 as f
from nianbao.spec.cellref import CellRef
from nianbao.spec.rules import ERROR, RULES_BY_ID, SEVERITY_LABEL

RESULTS_HEADERS = ("序号", "类别", "规则", "单元格", "项目", "说明", "应为", "现为")
WHOLE_REPORT = "整份报告"  # what a finding about no particular cell is about
TABLE_TITLES = {
    "meta": f.META_TITLE,
    **{t: f"{name} {f.TABLE_SECTION[t].heading}" for t, name in f.TABLE_NAMES.items()},
    "text": f.TEXT_TITLE,
    "": WHOLE_REPORT,
}


@dataclass
class CellMark:
    """What one cell gets: the worst severity among its findings and the note text."""

    cell: CellRef
    severity: str
    lines: list[str]

    @property
    def sheet(self) -> str:
        return self.cell.sheet

    @property
    def note(self) -> str:
        return "\n".join(self.lines)


def cell_marks(findings: list[Finding]) -> list[CellMark]:
    marks: dict[CellRef, CellMark] = {}
    for finding in findings:
        tag = f"【{SEVERITY_LABEL[finding.severity]}·{finding.rule}】{finding.message}"
        for cell in finding.cells:
            mark = marks.get(cell)
            if mark is None:
                marks[cell] = CellMark(cell, finding.severity, [tag])
            else:
                if tag not in mark.lines:
                    mark.lines.append(tag)
                if finding.severity == ERROR:
                    mark.severity = ERROR
    return list(marks.values())


def main_cell(finding: Finding) -> str:
    """The cell a finding is about, as the clerk reads it ('表三 依申请公开!D5'), or ''."""
    return str(finding.cell) if finding.cell else ""


def where(finding: Finding) -> str:
    """The cell and key a finding is about ('表三 依申请公开!D5（t3.new.total）'), else its key."""
    if finding.cell is not None:
        return f"{finding.cell}（{finding.cell_key}）"
    key = finding.target or (finding.keys[0] if finding.keys else "")
    return key


def subject(finding: Finding) -> str:
    key = finding.target or (finding.keys[0] if finding.keys else "")
    return f.describe(key) if key else WHOLE_REPORT


def _shown(value) -> object:
    return "" if value is None else value


def results_rows(findings: list[Finding]) -> list[tuple]:
    return [
        (
            i,
            SEVERITY_LABEL[x.severity],
            x.rule,
            main_cell(x),
            subject(x),
            x.message,
            _shown(x.expected),
            _shown(x.actual),
        )
        for i, x in enumerate(findings, 1)
    ]


def console_text(findings: list[Finding], report: f.Report, source: str) -> str:
    errors = len(errors_of(findings))
    warnings = len(findings) - errors
    agency = report.meta.get("agency") or "（未填机关名称）"
    year = report.meta.get("year")
    head = f"{agency}{f'{year}年' if year else ''}政府信息公开工作年度报告 —— {source}"
    lines = [head]
    if not findings:
        lines.append("校验通过：没有发现错误或需要核实之处。")
        return "\n".join(lines)
    lines.append(f"发现错误 {errors} 处，提示 {warnings} 处。")
    current = None
    for finding in findings:
        table = finding.table
        if table != current:
            current = table
            lines.append("")
            lines.append(f"■ {TABLE_TITLES.get(table, table)}")
        cell = main_cell(finding)
        where = f"{cell}：" if cell else ""
        lines.append(f"  [{SEVERITY_LABEL[finding.severity]}·{finding.rule}] {where}{finding.message}")
    lines.append("")
    lines.append(
        "（错误必须改正；提示请再核实一次。规则说明："
        + "；".join(f"{r.id}={r.title}" for r in RULES_BY_ID.values() if any(x.rule == r.id for x in findings))
        + "）"
    )
    return "\n".join(lines)

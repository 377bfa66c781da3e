"""How findings are shown to a clerk: the per-cell notes, the 校验结果 sheet and the console text.

Shared by `nianbao check -o` (openpyxl), the 校验 button (xlwings) and the console, so the
three say the same thing. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.check.findings import Finding, errors_of
from nianbao.spec import format2021 as f
from nianbao.spec.cellref import CellRef
from nianbao.spec.messages import ADVICE
from nianbao.spec.rules import ERROR, RULES_BY_ID, SEVERITY_LABEL
from nianbao.view.palette import SUSPECT

EXPLANATION_HEADER = "出错说明（填报人填写）"
ID_HEADER = "编号"
RESULTS_HEADERS = ("序号", "类别", "规则", "单元格", "项目", "说明", "应为", "现为", EXPLANATION_HEADER, ID_HEADER)
MESSAGE_COLUMN = RESULTS_HEADERS.index("说明")  # 0-based, in a row of results_rows
EXPLANATION_COLUMN = RESULTS_HEADERS.index(EXPLANATION_HEADER)
ID_COLUMN = RESULTS_HEADERS.index(ID_HEADER)
RESULTS_TITLE = "校验结果"
PASSED = "校验通过：没有发现错误或需要核实之处。"
EXPLAINED = "已说明"
WHOLE_REPORT = "整份报告"  # what a finding about no particular cell is about
TABLE_TITLES = {
    "meta": f.META_TITLE,
    **{t: f"{name} {f.TABLE_SECTION[t].heading}" for t, name in f.TABLE_NAMES.items()},
    "text": f.TEXT_TITLE,
    "": WHOLE_REPORT,
}


@dataclass
class CellMark:
    """What one cell gets: the worst severity among its findings and the note text.
    `suspect`: the error localisation names this cell (the strongest fill)."""

    cell: CellRef
    severity: str
    lines: list[str]
    suspect: bool = False

    @property
    def sheet(self) -> str:
        return self.cell.sheet

    @property
    def note(self) -> str:
        return "\n".join(self.lines)

    @property
    def fill(self) -> str:
        """The kind of fill: a key of palette.MARK_FILLS."""
        return SUSPECT if self.suspect else self.severity


def cell_marks(findings: list[Finding]) -> list[CellMark]:
    marks: dict[CellRef, CellMark] = {}
    for finding in findings:
        tag = f"【{SEVERITY_LABEL[finding.severity]}·{finding.rule}】{finding.message}"
        suspects = set(finding.suspects)
        for cell in dict.fromkeys(finding.cells + finding.suspects):
            mark = marks.get(cell)
            if mark is None:
                mark = marks[cell] = CellMark(cell, finding.severity, [])
            if cell in suspects:
                mark.suspect = True
            if tag in mark.lines:
                pass
            elif cell in suspects:  # the advice for this very cell first: what the note was opened for
                mark.lines.insert(0, tag)
            else:
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
            x.message + (ADVICE["error-explained"] if x.explanation and x.is_error else ""),
            _shown(x.expected),
            _shown(x.actual),
            x.explanation or "",
            x.id,
        )
        for i, x in enumerate(findings, 1)
    ]


def counts_line(findings: list[Finding]) -> str:
    """'发现错误 1 处，提示 2 处（已说明 1 处）。' — or that the check passed."""
    if not findings:
        return PASSED
    errors = len(errors_of(findings))
    explained = sum(1 for x in findings if x.explained)
    note = f"（{EXPLAINED} {explained} 处）" if explained else ""
    return f"发现错误 {errors} 处，提示 {len(findings) - errors} 处{note}。"


def results_title(report: f.Report) -> str:
    agency = report.meta.get("agency") or "（未填机关名称）"
    year = report.meta.get("year")
    return f"{RESULTS_TITLE}：{agency}{f'{year}年' if year else ''}政府信息公开工作年度报告"


def results_table(findings: list[Finding], report: f.Report) -> list[list]:
    """The 校验结果 sheet, row by row: title, counts, headers, one row per finding.
    The same for `check -o` and the 校验 button; the clerk's 出错说明 column is kept by id."""
    width = len(RESULTS_HEADERS)
    rows = [
        [results_title(report)] + [""] * (width - 1),
        [counts_line(findings) + " 提示可在“出错说明”列写明原因；错误必须改正。"] + [""] * (width - 1),
        list(RESULTS_HEADERS),
    ]
    rows += [list(row) for row in results_rows(findings)]
    if not findings:
        rows.append(["", "", "", "", "", PASSED] + [""] * (width - 6))
    return rows


RESULTS_HEAD_ROWS = 3  # title, counts, headers: the findings start on the fourth row


def explanations_from_rows(rows: list[list]) -> dict[str, str]:
    """The clerk's 出错说明 by finding id, from the 校验结果 sheet's values (any reader).
    The header row is found by its labels, so a sheet of an earlier layout still reads."""
    header = next((i for i, row in enumerate(rows) if _is_results_header(row)), None)
    if header is None:
        return {}
    cells = [_text(v) for v in rows[header]]
    id_at, text_at = cells.index(ID_HEADER), cells.index(EXPLANATION_HEADER)
    out = {}
    for row in rows[header + 1 :]:
        if len(row) <= max(id_at, text_at):
            continue
        finding_id, text = row[id_at], row[text_at]
        if finding_id and text is not None and str(text).strip():
            out[str(finding_id).strip()] = str(text).strip()
    return out


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _is_results_header(row: list) -> bool:
    cells = {_text(v) for v in row}
    return ID_HEADER in cells and EXPLANATION_HEADER in cells


def attach_explanations(findings: list[Finding], explanations: dict[str, str]) -> None:
    """Each finding gets the clerk's explanation written for it at an earlier 校验; the
    explanations of findings that are gone are dropped (nothing carries them forward)."""
    for finding in findings:
        finding.explanation = explanations.get(finding.id)


def console_text(findings: list[Finding], report: f.Report, source: str) -> str:
    agency = report.meta.get("agency") or "（未填机关名称）"
    year = report.meta.get("year")
    head = f"{agency}{f'{year}年' if year else ''}政府信息公开工作年度报告 —— {source}"
    lines = [head]
    if not findings:
        lines.append(PASSED)
        return "\n".join(lines)
    lines.append(counts_line(findings))
    current = None
    for finding in findings:
        table = finding.table
        if table != current:
            current = table
            lines.append("")
            lines.append(f"■ {TABLE_TITLES.get(table, table)}")
        cell = main_cell(finding)
        where = f"{cell}：" if cell else ""
        label = SEVERITY_LABEL[finding.severity] + ("·" + EXPLAINED if finding.explained else "")
        lines.append(f"  [{label}·{finding.rule}] {where}{finding.message}")
        if finding.explanation:
            refused = ADVICE["error-explained"] if finding.is_error else ""
            lines.append(f"      出错说明：{finding.explanation}{refused}")
    lines.append("")
    lines.append(
        "（错误必须改正；提示请再核实一次，或在校验结果的“出错说明”列写明原因。规则说明："
        + "；".join(f"{r.id}={r.title}" for r in RULES_BY_ID.values() if any(x.rule == r.id for x in findings))
        + "）"
    )
    return "\n".join(lines)

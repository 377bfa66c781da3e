"""The audit's three tables as plain rows: shared by the summary workbook, the console and tests."""

from __future__ import annotations

from collections import Counter

from nianbao.batch.worker import KIND_LABELS, UNREAD_NOTE, FileRecord
from nianbao.spec import rules as r

STATUS_LABELS = {"ok": "通过", "errors": "有错误", "warnings": "有提示", "unreadable": "无法读取"}
UNREAD_RULE = "未读出"
UNREADABLE_RULE = "无法读取"

SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题清单"
RULES_SHEET = "按规则统计"

SUMMARY_HEADERS = ("文件", "机关", "年度", "格式", "类型", "错误数", "提示数", "未读出单元格数", "状态", "原因")
PREVIOUS_HEADER = "上年报告"
FINDINGS_HEADERS = ("文件", "机关", "规则", "类别", "单元格/键", "说明", "应为", "现为", "出错说明")
RULES_HEADERS = ("规则", "说明", "类别", "问题数", "涉及报告数")


def format_label(record: FileRecord) -> str:
    if not record.readable:
        return ""
    return record.format + (f"（{record.layout}）" if record.layout else "")


def reason(record: FileRecord) -> str:
    """Why a report is not 通过, in one line."""
    if not record.readable:
        return record.reason
    parts = []
    counts = Counter(x["rule"] for x in record.findings)
    if counts:
        parts.append("；".join(f"{rule} {n}处" for rule, n in counts.most_common()))
    if record.unread_cells:
        parts.append(f"{record.unread_cells}个单元格未读出")
    strays = len(record.unread) - sum(1 for _, why in record.unread if why == UNREAD_NOTE)
    if strays:
        parts.append(f"导入时{strays}处原文未能放入表格")
    if record.previous == "":
        parts.append("未找到上年报告，未做跨年度校验")
    return "；".join(parts)


def summary_rows(records: list[FileRecord], with_previous: bool = False) -> tuple[tuple, list[tuple]]:
    headers = SUMMARY_HEADERS + ((PREVIOUS_HEADER,) if with_previous else ())
    rows = []
    for x in records:
        row: tuple[str | int | None, ...] = (
            x.shown,
            x.agency,
            x.year,
            format_label(x),
            KIND_LABELS.get(x.kind, x.kind),
            x.errors if x.readable else None,
            x.warnings if x.readable else None,
            x.unread_cells if x.readable else None,
            STATUS_LABELS[x.status],
            reason(x),
        )
        if with_previous:
            row += (x.previous or "",)
        rows.append(row)
    return headers, rows


def finding_rows(records: list[FileRecord]) -> tuple[tuple, list[tuple]]:
    rows = []
    for x in records:
        if not x.readable:
            rows.append((x.shown, x.agency, UNREADABLE_RULE, UNREADABLE_RULE, "", x.reason, None, None, None))
            continue
        for item in x.findings:
            rows.append(
                (
                    x.shown,
                    x.agency,
                    item["rule"],
                    r.SEVERITY_LABEL.get(item["severity"], item["severity"]),
                    item["where"],
                    item["message"],
                    _cell_value(item["expected"]),
                    _cell_value(item["actual"]),
                    item.get("explanation"),  # the clerk's 出错说明 in the workbook's 校验结果 sheet
                )
            )
        for key, why in x.unread:
            rows.append((x.shown, x.agency, UNREAD_RULE, UNREAD_RULE, key, why, None, None, None))
    return FINDINGS_HEADERS, rows


def rule_rows(records: list[FileRecord]) -> tuple[tuple, list[tuple]]:
    findings: Counter = Counter()
    reports: Counter = Counter()
    severity: dict[str, str] = {}
    for x in records:
        seen = set()
        if not x.readable:
            findings[UNREADABLE_RULE] += 1
            seen.add(UNREADABLE_RULE)
        for item in x.findings:
            findings[item["rule"]] += 1
            severity[item["rule"]] = item["severity"]
            seen.add(item["rule"])
        if x.unread:
            findings[UNREAD_RULE] += len(x.unread)
            seen.add(UNREAD_RULE)
        reports.update(seen)
    order = {rule.id: i for i, rule in enumerate(r.ALL_RULES)}
    rows = []
    for rule_id in sorted(findings, key=lambda k: (-findings[k], order.get(k, len(order)), k)):
        rule = r.RULES_BY_ID.get(rule_id)
        if rule is not None:
            title, label = rule.title, r.SEVERITY_LABEL[rule.severity]
        elif rule_id == UNREAD_RULE:
            title, label = "已发布报告中未能读出的单元格", UNREAD_RULE
        elif rule_id == UNREADABLE_RULE:
            title, label = "文件无法读取", UNREADABLE_RULE
        else:  # a rule id this version does not know (a newer checker)
            title, label = "", r.SEVERITY_LABEL.get(severity.get(rule_id, ""), "")
        rows.append((rule_id, title, label, findings[rule_id], reports[rule_id]))
    return RULES_HEADERS, rows


def _cell_value(value):
    """Numbers stay numbers; anything else becomes text (a list, a dict…)."""
    if value is None or isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return value
    return str(value)

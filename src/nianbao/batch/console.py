"""The audit as a short Chinese table on the terminal."""

from __future__ import annotations

import unicodedata

from nianbao.batch.tables import STATUS_LABELS, reason
from nianbao.batch.worker import FileRecord

MAX_REASON = 60


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def clip(text: str, size: int) -> str:
    if width(text) <= size:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > size - 1:
            break
        out += ch
    return out + "…"


def audit_table(records: list[FileRecord]) -> str:
    headers = ("状态", "错误", "提示", "未读出", "机关", "年度", "文件", "原因")
    rows = [
        (
            STATUS_LABELS[x.status],
            str(x.errors) if x.readable else "—",
            str(x.warnings) if x.readable else "—",
            str(x.unread_cells) if x.readable else "—",
            clip(x.agency or "—", 30),
            str(x.year or "—"),
            x.shown,
            clip(reason(x), MAX_REASON),
        )
        for x in records
    ]
    widths = [max(width(h), *(width(row[i]) for row in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    for row in rows:
        lines.append("  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def audit_totals(records: list[FileRecord]) -> str:
    counts = {s: sum(1 for x in records if x.status == s) for s in STATUS_LABELS}
    parts = [f"共 {len(records)} 份"] + [f"{STATUS_LABELS[s]} {n} 份" for s, n in counts.items() if n]
    return "，".join(parts) + "。"


def unreadable_lines(records: list[FileRecord]) -> list[str]:
    return [f"无法读取：{x.shown} —— {x.reason}" for x in records if not x.readable]

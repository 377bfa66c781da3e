"""The data exchange format: {"meta": {...}, "values": {key: number}, "text": {...}}.

A key that is missing or null is *missing*, not zero.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import format2021 as f
from ..errors import UnreadableFile

MAX_JSON_BYTES = 20 * 1024 * 1024


def load_json_report(path: Path) -> f.Report:
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"找不到文件：{path}")
    if path.stat().st_size > MAX_JSON_BYTES:
        raise UnreadableFile(f"{path.name} 过大，不像一份报告数据")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path.name} 不是 UTF-8 编码的 JSON 文件") from None
    except json.JSONDecodeError as err:
        raise UnreadableFile(f"{path.name} 不是有效的 JSON（第 {err.lineno} 行第 {err.colno} 列：{err.msg}）") from None
    return report_from_json(data, path.name)


def report_from_json(data, source: str = "数据") -> f.Report:
    if not isinstance(data, dict):
        raise UnreadableFile(f"{source}：顶层应为对象 {{\"meta\": …, \"values\": …}}")
    unknown_top = set(data) - {"meta", "values", "text", "unplaced", "findings"}
    if unknown_top:
        raise UnreadableFile(f"{source}：不认识的字段 {', '.join(sorted(unknown_top))}")
    meta = data.get("meta") or {}
    values = data.get("values") or {}
    text = data.get("text") or {}
    if not isinstance(meta, dict) or not isinstance(values, dict) or not isinstance(text, dict):
        raise UnreadableFile(f"{source}：meta、values、text 都应为对象")
    unknown = [k for k in values if k not in f.ALL_CELLS]
    if unknown:
        shown = "、".join(unknown[:5]) + ("等" if len(unknown) > 5 else "")
        raise UnreadableFile(f"{source}：values 中有不属于 2021 年格式的键：{shown}")
    report = f.Report()
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UnreadableFile(f"{source}：{key}（{f.describe(key)}）的值“{value}”不是数字")
        report.values[key] = value
    known_meta = {m.key for m in f.META_FIELDS}
    for key, value in meta.items():
        if value is None or value == "":
            continue
        if key in known_meta:
            report.meta[key] = value
        else:
            report.meta[key] = value  # importers add format/layout/source; kept, not written to cells
    for key, value in text.items():
        if key not in f.TEXT_BY_KEY:
            raise UnreadableFile(f"{source}：text 中有不认识的部分“{key}”")
        if value:
            report.text[key] = str(value)
    return report


def report_to_json(report: f.Report) -> dict:
    return report.to_json()


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)

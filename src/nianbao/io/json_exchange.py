"""The data exchange format: {"meta": {...}, "values": {key: number}, "text": {...}}.

A key that is missing or null is *missing*, not zero.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from nianbao.check.numbers import MAX_MAGNITUDE, clean_text, shown
from nianbao.errors import UnreadableFile
from nianbao.io.safety import check_file
from nianbao.spec import format2021 as f

MAX_JSON_BYTES = 20 * 1024 * 1024
EXCEL_CELL_CHARS = 32_767  # the most an Excel cell holds


def load_json_report(path: Path) -> f.Report:
    path = Path(path)
    check_file(path)
    if path.stat().st_size > MAX_JSON_BYTES:
        raise UnreadableFile(f"{path.name} 过大，不像一份报告数据")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path.name} 不是 UTF-8 编码的 JSON 文件") from None
    except json.JSONDecodeError as err:
        raise UnreadableFile(f"{path.name} 不是有效的 JSON（第 {err.lineno} 行第 {err.colno} 列：{err.msg}）") from None
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        raise UnreadableFile(f"{path.name} 含有位数过多的数字，不像一份报告数据") from None
    except RecursionError:
        raise UnreadableFile(f"{path.name} 的 JSON 嵌套层数过多，不像一份报告数据") from None
    return report_from_json(data, path.name)


def report_from_json(data, source: str = "数据") -> f.Report:
    if not isinstance(data, dict):
        raise UnreadableFile(f'{source}：顶层应为对象 {{"meta": …, "values": …}}')
    unknown_top = set(data) - {"meta", "values", "text", "unplaced", "findings"}
    if unknown_top:
        raise UnreadableFile(f"{source}：不认识的字段 {shown(', '.join(sorted(unknown_top)))}")
    meta = data.get("meta") or {}
    values = data.get("values") or {}
    text = data.get("text") or {}
    if not isinstance(meta, dict) or not isinstance(values, dict) or not isinstance(text, dict):
        raise UnreadableFile(f"{source}：meta、values、text 都应为对象")
    unknown = [k for k in values if k not in f.ALL_CELLS]
    if unknown:
        names = "、".join(shown(k) for k in unknown[:5]) + ("等" if len(unknown) > 5 else "")
        raise UnreadableFile(f"{source}：values 中有不属于 2021 年格式的键：{names}")
    report = f.Report()
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UnreadableFile(f"{source}：{key}（{f.describe(key)}）的值“{shown(str(value))}”不是数字")
        _check_finite(value, f"{key}（{f.describe(key)}）", source)
        report.values[key] = value
    known_meta = {m.key for m in f.META_FIELDS}
    for key, value in meta.items():
        if value is None or value == "":
            continue
        if key in known_meta:
            if isinstance(value, (dict, list)):
                raise UnreadableFile(
                    f"{source}：meta 中“{key}”的值应为文字或数字，而不是{'对象' if isinstance(value, dict) else '列表'}"
                )
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                _check_finite(value, f"meta 中“{key}”", source)
            report.meta[key] = clean_text(value) if isinstance(value, str) else value
        else:
            report.meta[key] = value  # importers add format/layout/source; kept, not written to cells
    for key, value in text.items():
        if key not in f.TEXT_BY_KEY:
            raise UnreadableFile(f"{source}：text 中有不认识的部分“{shown(str(key))}”")
        if value:
            report.text[key] = clean_text(str(value))
    return report


def _check_finite(value, what: str, source: str) -> None:
    """NaN, Infinity (accepted by json) and numbers no report holds cannot go into a workbook."""
    if isinstance(value, float) and not math.isfinite(value):
        raise UnreadableFile(f"{source}：{what}的值“{value}”不是有限的数字")
    if abs(value) >= MAX_MAGNITUDE:
        raise UnreadableFile(
            f"{source}：{what}的值过大（{shown(f'{value:g}' if isinstance(value, float) else str(value))}），不像报告中的数字"
        )


def too_long_for_a_cell(report: f.Report) -> list[str]:
    """The fields whose text is longer than an Excel cell holds (it would be cut without a word)."""
    fields = {f"text.{key}": value for key, value in report.text.items()}
    fields.update({f"meta.{key}": value for key, value in report.meta.items()})
    return [
        f"{f.describe(key)}（{len(value)} 字）"
        for key, value in fields.items()
        if isinstance(value, str) and len(value) > EXCEL_CELL_CHARS
    ]


def report_to_json(report: f.Report) -> dict:
    return report.to_json()


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)

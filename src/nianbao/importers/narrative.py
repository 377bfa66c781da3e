"""The words of a report: title (agency, year), preamble facts, and the narrative sections
mapped to format2021's TEXT_FIELDS."""

from __future__ import annotations

import re

from .. import format2021 as f
from .items import Item
from .sections import bigrams

_SUFFIX = f.REPORT_TITLE_SUFFIX  # 政府信息公开工作年度报告
_TITLE = re.compile(r"(\d{4})\s*年度?\s*(.*?)政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:年度)?报告")
_FIELD_PREFIX = re.compile(r"^[^:：\s]{1,6}[:：]\s*")
_SUBHEAD = re.compile(r"^\s*（([一二三四五六七八九十])）\s*")
_CN_NUMBERS = "一二三四五六七八九十"
_PARAGRAPH_END = re.compile(r"[。！？；：:!?;」”）)]$")
_LIST_START = re.compile(r"^\s*(?:\d{1,2}[.、．]|（[一二三四五六七八九十\d]{1,2}）|[一二三四五六七八九十]{1,2}[、是]|[①-⑩])")
_OVERVIEW_PARTS = [t for t in f.TEXT_FIELDS if t.key.startswith("overview.")]
_PROBLEMS, _IMPROVEMENTS = f.TEXT_BY_KEY["problems"], f.TEXT_BY_KEY["improvements"]

_META_PATTERNS = {
    "address": re.compile(r"(?:联系)?地址(?:为|是)?\s*[:：]\s*([^，,。；;）)\s]{4,60})"),
    "postcode": re.compile(r"邮(?:政)?编(?:码)?(?:为|是)?\s*[:：]?\s*(\d{6})(?!\d)"),
    "phone": re.compile(r"(?:联系)?电话(?:为|是)?\s*[:：]?\s*((?:\d{3,4}\s*[-－—]\s*)?\d{7,8}(?:\s*[、,，/]\s*(?:\d{3,4}\s*[-－—]\s*)?\d{7,8})*)"),
    "url": re.compile(r"(?:网址|网站|链接)(?:为|是)?\s*[:：]?\s*[（(]?\s*((?:https?://)?[A-Za-z0-9][\w.-]*\.(?:gov\.cn|cn|com|org|net)[\w./?=&%#-]*)"),
}


def title_meta(items: list[Item], first_heading: int | None) -> dict:
    """Agency and year from the title, which may be split over the first lines."""
    stop = min(first_heading if first_heading is not None else 12, 12)
    lines = [_FIELD_PREFIX.sub("", it.text) if ":" in it.text[:8] or "：" in it.text[:8] else it.text
             for it in items[:stop] if it.cells is None and len(it.text) < 80]
    for start in range(len(lines)):
        window = lines[start:start + 3]
        joined = "\n".join(window)
        compact = joined.replace(" ", "")
        match = _TITLE.search(compact)
        if not match:
            continue
        before = compact[: match.start()].split("\n")
        inner = match.group(2).replace("\n", "")
        agency = inner or before[-1] or (before[-2] if len(before) > 1 else "")
        agency = agency.strip("《》“”\" ")
        meta = {"year": int(match.group(1))}
        if agency and len(agency) <= 40:
            meta["agency"] = agency
        return meta
    return {}


def preamble_meta(preamble: str) -> dict:
    meta = {}
    for key, pattern in _META_PATTERNS.items():
        match = pattern.search(preamble)
        if match:
            meta[key] = re.sub(r"\s+", "", match.group(1)) if key != "address" else match.group(1).strip()
    return meta


def join_lines(lines: list[str]) -> str:
    """Undo the hard wraps of a PDF text layer; keep real paragraph and list breaks."""
    paragraphs: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if paragraphs and not _PARAGRAPH_END.search(paragraphs[-1]) and not _LIST_START.match(line) \
                and len(paragraphs[-1]) >= 15:
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)


def _split_heading(text: str) -> tuple[str, str]:
    """'（一）主动公开情况。主要通过…' -> ('主动公开情况', '主要通过…')."""
    rest = _SUBHEAD.sub("", text, count=1)
    cut = re.search(r"[。\s：:]", rest)
    if cut and cut.start() <= 20:
        return rest[: cut.start()], rest[cut.end():].strip()
    if len(rest) <= 20:
        return rest, ""
    return "", rest


def _subsections(lines: list[str], names: str) -> tuple[list[str], dict[str, list[str]]]:
    """Lines before the first （一） and the lines under each （一）（二）… in order."""
    head: list[str] = []
    parts: dict[str, list[str]] = {}
    expected = 0
    current: list[str] | None = None
    for line in lines:
        match = _SUBHEAD.match(line)
        if match and expected < len(names) and match.group(1) == names[expected]:
            _, body = _split_heading(line)
            current = parts.setdefault(names[expected], [])
            if body:
                current.append(body)
            expected += 1
            continue
        (current if current is not None else head).append(line)
    return head, parts


def _similar(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / max(1, min(len(x), len(y)))


def narrative_fields(preamble: list[str], overview: list[str], problems: list[str],
                     other: list[str]) -> dict:
    text: dict[str, str] = {}

    def put(key: str, lines: list[str]) -> None:
        joined = join_lines(lines)
        if joined:
            text[key] = joined

    put("preamble", preamble)
    head, parts = _subsections(overview, _CN_NUMBERS[: len(_OVERVIEW_PARTS)])
    put("overview", head)
    for number, field_ in zip(_CN_NUMBERS, _OVERVIEW_PARTS):
        put(field_.key, parts.get(number, []))
    head, parts = _subsections(problems, _CN_NUMBERS[:2])
    if parts.get("二"):
        put("problems", head + parts.get("一", []))
        put("improvements", parts["二"])
    else:
        put("problems", problems)
    put("other_matters", other)
    return text

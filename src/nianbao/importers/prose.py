"""The words of a report: title (agency, year), preamble facts, and the narrative sections
mapped to format2021's TEXT_FIELDS."""

from __future__ import annotations

import re

from nianbao.importers.items import Item
from nianbao.spec import format2021 as f

_SUFFIX = f.REPORT_TITLE_SUFFIX  # 政府信息公开工作年度报告
_TITLE = re.compile(r"(\d{4})\s*年度?\s*(.*?)政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:年度)?报告")
_FIELD_PREFIX = re.compile(r"^[^:：\s]{1,6}[:：]\s*")
_SUBHEAD = re.compile(r"^\s*(?:#+\s*)?[（(]\s*([一二三四五六七八九十])\s*[）)]\s*")
_CN_NUMBERS = "一二三四五六七八九十"
# A PDF text layer wraps anywhere, also after "）": only sentence ends end a paragraph.
_PARAGRAPH_END = re.compile(r"(?:[。！？；!?;][”」』]?|[：:])$")
_LIST_START = re.compile(
    r"^\s*(?:\d{1,2}[.、．]|（[一二三四五六七八九十\d]{1,2}）|[一二三四五六七八九十]{1,2}[、是]|[①-⑩])"
)
_OVERVIEW_PARTS = [t for t in f.TEXT_FIELDS if t.key.startswith("overview.")]

_META_PATTERNS = {
    "address": re.compile(r"(?:联系)?地址(?:为|是)?\s*[:：]\s*([^，,。；;）)]{4,60})"),
    "postcode": re.compile(r"邮(?:政)?编(?:码)?(?:为|是)?\s*[:：]?\s*(\d{6})(?!\d)"),
    "phone": re.compile(
        r"(?:联系)?电话(?:为|是)?\s*[:：]?\s*((?:\d{3,4}\s*[-－—]\s*)?\d{7,8}(?:\s*[、,，/]\s*(?:\d{3,4}\s*[-－—]\s*)?\d{7,8})*)"
    ),
    "url": re.compile(
        r"(?:网址|网站|链接)(?:为|是)?\s*[:：]?\s*[（(]?\s*((?:https?://)?[A-Za-z0-9][\w.-]*\.(?:gov\.cn|cn|com|org|net)[\w./?=&%#-]*)"
    ),
}


# A word each of _META_PATTERNS needs: without any, the pattern cannot match.
_META_WORDS = {"address": ("地址",), "postcode": ("邮",), "phone": ("电话",), "url": ("网址", "网站", "链接")}


def glued_title_meta(text: str) -> dict:
    """Agency and year from a title run into the text after it (no line breaks left):
    "标题:平潭综合实验区2022年度政府信息公开工作年度报告发布时间:…"."""
    head = _FIELD_PREFIX.sub("", text[:160].replace(" ", ""))
    match = _TITLE.search(head)
    if not match or match.start() > 40:
        return {}
    meta: dict = {"year": int(match.group(1))}
    agency = (match.group(2) or head[: match.start()]).strip('《》“”" ')
    if agency and len(agency) <= 40:
        meta["agency"] = agency
    return meta


def title_meta(items: list[Item], first_heading: int | None) -> dict:
    """Agency and year from the title, which may be split over the first lines.

    Returns also "_end": the index of the first item after the title.
    """
    stop = min(first_heading if first_heading is not None else 12, 12)
    lines = []  # (item index, text)
    for index, item in enumerate(items[:stop]):
        if item.cells is None and len(item.text) < 80:
            head = item.text[:8]
            text = _FIELD_PREFIX.sub("", item.text) if ":" in head or "：" in head else item.text
            lines.append((index, text))
    for start in range(len(lines)):
        window = lines[start : start + 3]
        compact = "\n".join(t for _, t in window).replace(" ", "")
        match = _TITLE.search(compact)
        if not match:
            # a PDF wraps the title anywhere ("…政府信息公开工" / "作年度报告"): the title
            # must start on this window's first line; the lines after it continue it
            glued = "".join(t for _, t in window).replace(" ", "")
            first = window[0][1].replace(" ", "")
            match = _TITLE.search(glued)
            if not match or match.start() >= len(first) or match.end() <= len(first):
                continue
            agency = (match.group(2) or first[: match.start()]).strip('《》“”" ')
            consumed, length = 0, 0
            for n, (_, t) in enumerate(window):
                length += len(t.replace(" ", ""))
                consumed = n
                if length >= match.end():
                    break
            meta: dict[str, int | str] = {"year": int(match.group(1)), "_end": window[consumed][0] + 1}
            if agency and len(agency) <= 40:
                meta["agency"] = agency
            return meta
        before = compact[: match.start()].split("\n")
        inner = match.group(2).replace("\n", "")
        agency = inner or before[-1] or (before[-2] if len(before) > 1 else "")
        agency = agency.strip('《》“”" ')
        used = compact[: match.end()].count("\n")
        meta = {"year": int(match.group(1)), "_end": window[used][0] + 1}
        if agency and len(agency) <= 40:
            meta["agency"] = agency
        return meta
    return {}


def preamble_meta(preamble: str) -> dict:
    meta = {}
    for key, pattern in _META_PATTERNS.items():
        words = _META_WORDS.get(key)
        if words and not any(word in preamble for word in words):
            continue  # the word the pattern needs is not there: no search through the text
        match = pattern.search(preamble)
        if match:
            meta[key] = re.sub(r"\s+", "", match.group(1))
    return meta


def join_lines(lines: list[str]) -> str:
    """Undo the hard wraps of a PDF text layer; keep real paragraph and list breaks."""
    paragraphs: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if (
            paragraphs
            and not _PARAGRAPH_END.search(paragraphs[-1])
            and not _LIST_START.match(line)
            and len(paragraphs[-1]) >= 15
        ):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)


_HEAD_CUT = re.compile(r"[。\s：:]")


def _split_heading(text: str) -> tuple[str, str]:
    """'（一）主动公开情况。主要通过…' -> ('主动公开情况', '主要通过…')."""
    rest = _SUBHEAD.sub("", text, count=1)
    cut = _HEAD_CUT.search(rest)
    if cut and cut.start() <= 20:
        return rest[: cut.start()], rest[cut.end() :].strip()
    if len(rest) <= 20:
        return rest, ""
    return "", rest


def _subsections(lines: list[str], names: str) -> tuple[list[str], dict[str, list[str]]]:
    """Lines before the first （一） and the lines under each （一）（二）… in order."""
    head: list[str] = []
    parts: dict[str, list[str]] = {}
    expected = 0
    current: list[str] | None = None
    glue = False  # the heading's line ended mid-sentence: the next line continues it
    for line in lines:
        if glue and current:
            current[-1] += line.strip()
            glue = False
            continue
        match = _SUBHEAD.match(line)
        if match and expected < len(names) and match.group(1) == names[expected]:
            _, body = _split_heading(line)
            current = parts.setdefault(names[expected], [])
            if body:
                current.append(body)
                glue = not _PARAGRAPH_END.search(body)
            expected += 1
            continue
        (current if current is not None else head).append(line)
    return head, parts


def narrative_fields(preamble: list[str], overview: list[str], problems: list[str], other: list[str]) -> dict:
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

"""Finding the six section headings (renumbered, retitled, run into the next words).

A heading is scored by the character pairs (bigrams) it shares with the official
heading of format2021; the chosen headings are the best-scoring set that appears in
the official order, so a narrative line that merely resembles a later heading
("四、政府信息公开申请情况" inside 总体情况) loses to the real one further down.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nianbao.importers.items import Item
from nianbao.importers.memo import LONGEST, per_line
from nianbao.spec import format2021 as f

_NUMBERING = re.compile(
    r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]{1,2}\s*[、.．]|（[一二三四五六七八九十]{1,2}）|表[一二三四五六]\s*[:：]?)?\s*"
)
_HEAD_END = re.compile(r"[\s。：:（(，,；;\d]")
MIN_SCORE = 0.7
_EXTRA_HEADINGS = {"一": ("概述",)}


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


_HEADINGS = [(s, bigrams(s.heading)) for s in f.SECTIONS]
_ALL_BIGRAMS = frozenset().union(*(b for _, b in _HEADINGS))


def _score(head: str, target: frozenset[str]) -> float:
    best = 0.0
    size = len(target) + 1
    for cut in (head[:size], head[: size + 4], head):
        pairs = bigrams(cut)
        if not pairs:
            continue
        common = len(pairs & target)
        if not common:
            continue
        precision, recall = common / len(pairs), common / len(target)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def heading_scores(item: Item) -> tuple[tuple[int, float], ...]:
    """(section index, score) for every section this line could be the heading of."""
    text = item.text
    return _line_scores_short(text) if len(text) <= LONGEST else _line_scores(text)


def _line_scores(text: str) -> tuple[tuple[int, float], ...]:
    if text[:1].isdecimal():  # a row of figures: no numbering, and no words before its first digit
        return ()
    rest = _NUMBERING.sub("", text, count=1)
    match = _HEAD_END.search(rest)
    head = rest[: match.start()] if match else rest
    return _head_scores(head)


# Table labels and headings repeat across reports: a batch import scores each once.
_line_scores_short = lru_cache(maxsize=16384)(_line_scores)  # see memo.py


@lru_cache(maxsize=8192)
def _head_scores(head: str) -> tuple[tuple[int, float], ...]:
    if len(head) > 45 or len(head) < 2:
        return ()
    pairs = bigrams(head)
    if len(pairs & _ALL_BIGRAMS) < 2 and head not in ("总体情况", "概述"):
        return ()
    out = []
    for index, (section, target) in enumerate(_HEADINGS):
        score = _score(head, target)
        if head in _EXTRA_HEADINGS.get(section.number, ()):
            score = 1.0
        if score >= MIN_SCORE:
            out.append((index, score))
    return tuple(out)


_PUNCTUATION = re.compile(r"[\s，,。；;：:、.．]")
_LIST_RUN = 3  # consecutive lines, each the next section's heading: the preamble listing them


_LIST_ENTRY_TEXT = 1  # a line that only names a section: nothing but punctuation after its words


def _without_lists(candidates: list[tuple[int, int, float]], items: list[Item]) -> list[tuple[int, int, float]]:
    """Candidates less those of a list of the section names ("本报告共分6个部分：一、总体情况；
    二、…"): lines in a run of consecutive lines each naming a later section than the line
    before, that carry no text of their own. A heading is followed by its section's text (on
    its own line in glued text, on the lines after it otherwise)."""
    best: dict[int, int] = {}  # item index -> its first candidate section
    for i, section, _ in candidates:
        best.setdefault(i, section)
    runs: list[list[int]] = []
    for i in sorted(best):
        if runs and i == runs[-1][-1] + 1 and best[i] > best[runs[-1][-1]]:
            runs[-1].append(i)
        else:
            runs.append([i])
    listed = {
        i
        for run in runs
        if len(run) >= _LIST_RUN
        for i in run
        if len(_PUNCTUATION.sub("", heading_remainder(items[i].text, best[i]))) < _LIST_ENTRY_TEXT
    }
    return [c for c in candidates if c[0] not in listed]


def find_headings(items: list[Item]) -> dict[int, int]:
    """section index -> item index, the best order-respecting choice."""
    candidates = []  # (item index, section index, score)
    for i, (_, text, cells) in enumerate(items):
        if cells is not None and len(cells) - cells.count("") > 1:  # two cells or more with text
            continue
        if text[:1].isdecimal():  # a row of figures (_line_scores: none), told without the cache
            continue
        # (heading_scores, without a call per line)
        for section, score in _line_scores_short(text) if len(text) <= LONGEST else _line_scores(text):
            candidates.append((i, section, score))
    candidates = _without_lists(candidates, items)
    # Longest path over candidates ordered by item, sections strictly increasing. Linear:
    # per section, the best chain ending in it among earlier items (a hostile file may
    # repeat a heading on every line).
    ending: dict[int, tuple[float, int, tuple]] = {}  # section -> (total, -first item, chain)
    pending: list[tuple[int, tuple]] = []
    overall = None
    current = None
    for i, section, score in candidates:
        if i != current:  # chains may not use two headings of one line
            for s, entry in pending:
                if s not in ending or entry[:2] > ending[s][:2]:
                    ending[s] = entry
            pending, current = [], i
        top = (score, -i, ((section, i),))
        for prev_section in sorted(ending):
            if prev_section >= section:
                break
            total, first, chain = ending[prev_section]
            if (total + score, first) > top[:2]:
                top = (total + score, first, chain + ((section, i),))
        pending.append((section, top))
        if overall is None or top[:2] > overall[:2]:
            overall = top
    if overall is None:
        return {}
    return {section: i for section, i in overall[2]}


# A heading inside a line with no whitespace ("…952.4三、收到和处理政府信息公开申请情况…"): its
# number, then words like the section's heading, up to the first digit or sentence mark.
_GLUED_NUMBER = re.compile(r"([一二三四五六])\s*、")
_GLUED_HEAD_END = re.compile(r"[\d。：:（(，,；;]")
_SPACE = re.compile(r"\s")
_SECTION_BY_NUMBER = {s.number: n for n, s in enumerate(f.SECTIONS)}


def glued_heading_starts(text: str) -> list[int]:
    """Where the numbered section headings begin inside one long line, by their number and
    words: "三、本年度办理结果" (a row of table 三) is not section 三, whose words differ."""
    out = []
    for match in _GLUED_NUMBER.finditer(text):
        section = _SECTION_BY_NUMBER[match.group(1)]
        rest = text[match.end() : match.end() + len(f.SECTIONS[section].heading) + 6]
        end = _GLUED_HEAD_END.search(rest)
        head = rest[: end.start()] if end else rest
        if any(index == section for index, _ in _head_scores(head.replace(" ", ""))):
            out.append(match.start())
    return out


def split_glued(text: str) -> list[str]:
    """A long line cut before each numbered section heading it holds."""
    return list(_split_glued(text))


@per_line(maxsize=4096)  # long table labels recur in every report
def _split_glued(text: str) -> tuple[str, ...]:
    cuts = [0, *(p for p in glued_heading_starts(text) if p), len(text)]
    return tuple(text[a:b] for a, b in zip(cuts, cuts[1:]) if text[a:b].strip())


def heading_remainder(text: str, section: int) -> str:
    """What follows a section heading on its line: after the official heading when it is
    printed so, else after the first whitespace (a retitled heading), else after the heading's
    words up to the first digit or punctuation (glued text)."""
    rest = _NUMBERING.sub("", text, count=1)
    heading = f.SECTIONS[section].heading
    compact = "".join(rest.split())  # (what re.sub(r"\s+", "", rest) gives, quicker)
    if compact.startswith(heading):
        # skip as many characters of rest as make up the heading, whitespace included
        seen = 0
        for n, ch in enumerate(rest):
            if not ch.isspace():
                seen += 1
            if seen == len(heading):
                return rest[n + 1 :].strip()
    match = _SPACE.search(rest)
    if match:
        return rest[match.end() :].strip()
    match = _GLUED_HEAD_END.search(rest)
    if match and match.start() >= 2:
        return rest[match.start() :].lstrip("。：:，,；;").strip()
    return ""

"""Reading tables from text with no whitespace at all (a crawler's or a copy-paste's text of a
Word-made web page): "…（三）不予公开1.属于国家秘密20000022.其他法律…".

The format knows every label of every table in order. Each label is found in the text as an
anchor (stray spaces and line breaks are gone once all whitespace is removed; a slip in a label
is tolerated by probing pieces of it); what lies between two anchors is that row's printed
digits. An item number glued to the digits ("…00000022.其他") is given back to the label: a
digit followed by "." and a word is an item number, never a count. Without the dot ("…2其他")
both readings are kept and the rules choose.

The digits of a row are split into cells only through the rules (tables.solve_table3); no
digit is ever changed, dropped or moved between rows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from nianbao.importers.result import Unplaced
from nianbao.importers.splits import ZERO_CELL
from nianbao.importers.table4 import HEADER_WORDS
from nianbao.importers.tokens import ZERO_MARKS, normalize
from nianbao.spec import format2021 as f

_WHITESPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|\d\.)")
_CHINESE_NUMBERING = re.compile(r"(?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[）)])$")
_PROBE = 4  # characters of a label probed when the whole label is not found (a slip inside it)


_SPACED_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")


def compact(text: str) -> str:
    """The text with full-width digits made ASCII and whitespace removed — except one space
    where whitespace parts two digits: there the source did separate the cells, and a row so
    printed is left to the reading by cells (rows.py), which knows the column order."""
    return _WHITESPACE.sub("", _SPACED_DIGITS.sub("\x00", normalize(text))).replace("\x00", " ")


@lru_cache(maxsize=256)  # the format's labels: looked up for every anchor of every report
def core(label: str) -> str:
    """A label without its item number: "2.其他法律…" -> "其他法律…"."""
    return _NUMBERING.sub("", label, count=1)


@dataclass(frozen=True)
class Slot:
    """One printed label of a table, in order: a row of numbers (middle) or a heading (None)."""

    middle: str | None
    label: str
    numbered: str = ""  # the item number's digit for "1."–"8." items


def _slot(row: f.Row | f.Heading) -> Slot:
    match = re.match(r"^(\d)\.", row.label)
    return Slot(row.middle, row.label, match.group(1) if match else "")


T3_SLOTS: tuple[Slot, ...] = tuple(_slot(r) for r in f.T3_ROWS)
SINGLE_OTHER = str(f.T3_OTHER_2019.middle)


@dataclass(frozen=True)
class Anchor:
    slot: Slot
    start: int  # where the label (its core) was found
    end: int  # just after the label as printed: where its row's digits may begin


def _find(text: str, label: str, start: int, stop: int) -> tuple[int, int] | None:
    """(start, end) of label's core in text[start:stop], exactly or by probes of its pieces."""
    word = core(label)
    hit = text.find(word, start, stop)
    if hit >= 0:
        return hit, hit + len(word)
    if len(word) < 2 * _PROBE:
        return None
    # A slip inside a long label ("其他法律行政止公开"): a piece at its start and one at its end,
    # close enough together to be the one label.
    head = text.find(word[:_PROBE], start, stop)
    if head < 0:
        return None
    tail = text.find(word[-_PROBE + 1 :], head + _PROBE, min(stop, head + len(word) + 4))
    if tail < 0:
        return None
    return head, tail + _PROBE - 1


def find_anchors(text: str, slots: tuple[Slot, ...], start: int = 0, stop: int | None = None) -> list[Anchor]:
    """Anchors of the slots in order; a slot whose label is not found is left out."""
    stop = len(text) if stop is None else stop
    out: list[Anchor] = []
    pos = start
    cores = [core(s.label) for s in slots]
    probes = [k for k, label in enumerate(cores) if len(label) >= _PROBE]  # labels long enough to probe with
    for n, slot in enumerate(slots):
        # search no further than where the next labels are found exactly: a slip in this label
        # must not make the probe jump over rows
        limit = stop
        first = bisect_right(probes, n)
        for later in probes[first : first + 3]:
            hit = text.find(cores[later], pos, stop)
            if hit >= 0:
                limit = hit
                break
        found = _find(text, slot.label, pos, limit)
        if found is None:
            continue
        begin, end = found
        numbering = _CHINESE_NUMBERING.search(text, max(pos, begin - 5), begin)
        if numbering is not None:
            begin = numbering.start()  # "二、" / "（一）" printed before the label is the label's
        out.append(Anchor(slot, begin, end))
        pos = end
    return out


@dataclass(frozen=True)
class Printed:
    """What stands between an anchor and the next: the row's digit strings (readings)."""

    readings: tuple[str, ...]  # digit strings; more than one when an item number may be glued on
    shown: str  # the text as found, for messages
    problem: str = ""  # why the row cannot be read ("" when readable or empty)

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(r for r in self.readings if r)

    @property
    def printed(self) -> bool:
        """Something stands there for certain (digits in every reading, or unreadable text)."""
        return bool(self.problem) or (bool(self.readings) and "" not in self.readings)


def between(text: str, anchor: Anchor, next_anchor: Anchor | None, stop: int) -> Printed:
    """The digits printed after an anchor, up to the next anchor's label."""
    end = next_anchor.start if next_anchor is not None else stop
    piece = text[anchor.end : end]
    if next_anchor is None:
        # the table's last row: its digits, then whatever follows the table
        match = _LAST_ROW.match(piece)
        if match and re.match(r"\.\d", piece[match.end() :]):
            return Printed((), match.group(0), "数字带有小数，不是件数")  # "6 0.0 2": a zero printed "0.0"
        piece = match.group(0) if match else ""
    options = [piece]
    numbered = next_anchor.slot.numbered if next_anchor is not None else ""
    if numbered:
        if piece.endswith(numbered + "."):
            # "…2000002" + "2." + "其他…": the next item's number, printed before its label
            options = [piece[:-2].rstrip(" ")]
        elif piece.endswith(numbered):
            # no dot: the last digit is the item number, or a cell's last digit
            options = [piece, piece[:-1].rstrip(" ")]
    readings: list[str] = []
    for option in options:
        # a label printed longer than the format's ("…（件）") keeps its tail before the digits
        match = _ROW_FIGURES.fullmatch(option)
        if match is None or any(ch in ZERO_MARKS for ch in match.group(1)):
            dashed = dashed_readings(option)
            if dashed is None:
                return Printed((), piece, "数字之间夹有文字或符号，无法确定各数字所属的单元格")
            readings.extend(dashed)
            continue
        readings.append(match.group(2))
    return Printed(tuple(dict.fromkeys(readings)), piece)


# a row's figures after the rest of its label ("（件）"): digits, glued or kept apart by a space
_ROW_FIGURES = re.compile(r"(\D*?)(\d*(?: \d+)*)")
# the last row's figures: digits and the dashes printed for its zeros, glued ("--185--3") or
# kept apart ("8 7 13 28")
_LAST_ROW = re.compile(
    rf"[^\d{re.escape(ZERO_MARKS)}]{{0,12}}?(?=[\d{re.escape(ZERO_MARKS)} ]*\d)[\d{re.escape(ZERO_MARKS)}]+(?: \d+)*"
    rf"|[{re.escape(ZERO_MARKS)}]+"  # a row of zeros printed as dashes only, right after its label
)
_DASHED = re.compile(rf"([^\d{re.escape(ZERO_MARKS)}]*?)([\d{re.escape(ZERO_MARKS)}]+)")
_DASH_RUNS = re.compile(rf"\d+|[{re.escape(ZERO_MARKS)}]+")
MAX_DASHED_READINGS = 16


def dashed_readings(option: str) -> list[str] | None:
    """A row whose zeros are dashes, glued to its figures ("－4813－－24137"): the digits with each
    dash a zero cell (splits.ZERO_CELL). "——" is one dash typed with a Chinese keyboard, or two:
    both readings are kept and the rules choose. None when other text stands between the figures."""
    match = _DASHED.fullmatch(option)
    if match is None:
        return None
    variants = [""]
    for run in _DASH_RUNS.findall(match.group(2)):
        if run[0].isdigit():
            variants = [v + run for v in variants]
            continue
        counts = {len(run)} | ({len(run) // 2} if set(run) == {"—"} and len(run) % 2 == 0 else set())
        variants = [v + ZERO_CELL * n for v in variants for n in sorted(counts)]
        if len(variants) > MAX_DASHED_READINGS:
            return None
    return variants


@dataclass
class Table3Text:
    """Table 三 as found in glued text: per row (key middle), the printed digit readings."""

    rows: dict[str, Printed]
    layout: str  # "official" or "single-other"
    unplaced: list[Unplaced]
    start: int
    end: int
    # （六）其他处理's sub-rows printed with one set of figures or none: one row spanning them,
    # or (zeros printed blank) three rows of which the others are zeros — read as the one row,
    # whose figures are the three sub-rows' sum either way
    other_spans: bool = False


def read_table3_text(text: str, start: int = 0) -> Table3Text | None:
    """The rows of table 三 in glued text, or None when its labels are not there."""
    anchors = find_anchors(text, T3_SLOTS, start)
    middles = {a.slot.middle for a in anchors if a.slot.middle}
    if len(middles) < len(f.T3_NUMBER_ROWS) // 2 or "new" not in middles:
        return None
    stop = len(text)
    rows: dict[str, Printed] = {}
    headings: dict[str, Printed] = {}
    for n, anchor in enumerate(anchors):
        printed = between(text, anchor, anchors[n + 1] if n + 1 < len(anchors) else None, stop)
        if anchor.slot.middle is None:
            headings[anchor.slot.label] = printed
        else:
            rows[anchor.slot.middle] = printed
    last = anchors[-1]
    end = last.end + len(rows.get(last.slot.middle or "", Printed((), "")).shown)
    layout = "official"
    other_spans = False
    others = [str(r.middle) for r in f.T3_OTHER_ROWS]
    other_heading = headings.pop(f.T3_OTHER_2019.label, None)
    sub_rows = [rows.get(m) for m in others]
    if other_heading is not None and other_heading.printed and not any(r and r.printed for r in sub_rows):
        # 2019 format, or （六）其他处理 printed as one row: its numbers stand on the heading
        rows[SINGLE_OTHER] = other_heading
        layout = "single-other"
    elif sum(1 for r in sub_rows if r and r.printed) == 1 and (
        all(r is not None for r in sub_rows) or (sub_rows[0] is not None and sub_rows[0].printed)
    ):
        # one set of cells spanning the three sub-rows (rowspan=3), printed after sub-row 1 (or
        # beside sub-row 2, where a text browser centres it): the single （六） row, not three
        # rows of which two are not printed — unless zeros are printed blank (see other_spans).
        # (Figures on sub-row 2 or 3 only when every sub-row's label was found: one not found
        # may be the row whose figures these are.)
        rows[SINGLE_OTHER] = next(r for r in sub_rows if r and r.printed)
        layout = "single-other"
        other_spans = True
    elif all(r is not None for r in sub_rows) and not any(r and r.printed for r in sub_rows):
        # the three sub-rows printed with no figure: rows of zeros left blank, or one set of
        # blank cells spanning them — the sum of the three is the same either way
        rows[SINGLE_OTHER] = Printed(("",), "")
        layout = "single-other"
        other_spans = True
    elif other_heading is not None and not any(sub_rows):
        rows[SINGLE_OTHER] = other_heading
        layout = "single-other"
    if layout == "single-other":
        for m in others:
            rows.pop(m, None)
    subtotals = [label for label, printed in headings.items() if printed.printed]
    if subtotals or (other_heading is not None and other_heading.printed and layout == "official"):
        # subtotal rows printed on the group headings: a layout this reader does not place
        return Table3Text(
            {},
            layout,
            [
                Unplaced(
                    "表三",
                    "表三的分组标题行印有数字（小计行），在没有空白分隔的文字中无法确定各行，未按行名读取",
                    (),
                    "、".join(subtotals or [f.T3_OTHER_2019.label]),
                )
            ],
            anchors[0].start,
            end,
        )
    _before_a_lost_label(anchors, rows, layout)
    return Table3Text(rows, layout, [], anchors[0].start, end, other_spans)


_SLOT_INDEX = {slot: n for n, slot in enumerate(T3_SLOTS)}
_OTHER_MIDDLES = frozenset(str(r.middle) for r in f.T3_OTHER_ROWS)
_LOST_LABEL = "下一行的行名未找到（可能印法不同），这段数字可能属于那一行"


def _before_a_lost_label(anchors: list[Anchor], rows: dict[str, Printed], layout: str) -> None:
    """A row of the format whose label was not found: what stands before it is read as the
    row above's — a blank row above would take its figures. The row above is not read."""
    for anchor, nxt in zip(anchors, anchors[1:]):
        skipped = T3_SLOTS[_SLOT_INDEX[anchor.slot] + 1 : _SLOT_INDEX[nxt.slot]]
        lost = [s for s in skipped if s.middle and not (layout == "single-other" and s.middle in _OTHER_MIDDLES)]
        middle = anchor.slot.middle
        if lost and middle in rows and not rows[middle].problem:
            rows[middle] = Printed((), rows[middle].shown, _LOST_LABEL)


# ---------------------------------------------------------------- tables 二 and 四

_T4_HEADER_END = tuple(c.label for c in f.T4_COLUMNS[-2:])  # 尚未审结 · 总计: the last header words
_AMOUNT = re.compile(r"\d+(?:\.\d+)?")


def read_table4_text(text: str, start: int) -> tuple[str, int] | None:
    """The digit run of table 四 after `start` (its fifteen cells run together) and where it
    begins, or None. The header (行政复议…结果维持…总计) stands before it, with no digit."""
    title = text.find(f.T4_GROUPS[0].label, start)
    if title < 0:
        return None
    match = _T4_FIGURES.search(text, title)
    if match is None or match.start() - title > 200:
        return _blank_table4(text, title)
    header = text[title : match.start()]
    if not any(word in header for word in _T4_HEADER_END):
        return None
    return match.group(0), match.start()


_T4_FIGURES = re.compile(
    rf"[\d{re.escape(ZERO_MARKS)}]*\d[\d{re.escape(ZERO_MARKS)}]*(?: \d+)*|[{re.escape(ZERO_MARKS)}]{{5,}}"
)
_NEXT_SECTION = re.compile("[五六七]、")


def _blank_table4(text: str, title: int) -> tuple[str, int] | None:
    """("", where it ends) for table 四 printed with its whole header and no figure before the
    next section's heading ("五、…"): a table of zeros left blank — for the caller to take as
    such only when the page prints zeros blank."""
    heading = _NEXT_SECTION.search(text, title, title + 200)
    if heading is None:
        return None
    header = text[title : heading.start()]
    if any(ch.isdigit() or ch in ZERO_MARKS for ch in header) or not all(w in header for w in HEADER_WORDS):
        return None
    return "", heading.start()


_DASHED_FIGURES = re.compile(rf"[\d{re.escape(ZERO_MARKS)}]+")


def _starts_figures(text: str, at: int) -> bool:
    following = text[at : at + 1]
    return following.isdigit() or (following != "" and following in ZERO_MARKS)


@dataclass(frozen=True)
class T2Row:
    middle: str
    label: str
    columns: tuple[str, ...]
    amount: bool
    printed: str  # the digits after the label ("" when none)
    after: str = ""  # what follows them (a unit: "万元", "元")


# what may follow a row of table 二 printed with no figure at all (its zeros left blank)
_AFTER_T2_ROW = (
    *(label for block in f.T2_BLOCKS for _, label in block.rows),
    *(block.article for block in f.T2_BLOCKS),
    f.T2_CONTENT_HEADER,
    f.SECTIONS[2].title[:4],
)


def read_table2_text(text: str, start: int, stop: int, blank: bool = False) -> list[T2Row]:
    """Table 二's rows in glued text between start and stop ("规章000行政规范性文件4121395…").
    `blank`: the page prints zeros blank — a label followed straight by the next one is a row
    of zeros (printed "")."""
    first = text.find(f.T2_BLOCKS[0].article, start, stop)
    if first < 0:
        return []
    out = []
    for block in f.T2_BLOCKS:
        for middle, label in block.rows:
            hit = text.find(label, first, stop)
            # "行政规范性文件" also ends in …; a label is the one printed right before figures
            while hit >= 0 and not _starts_figures(text, hit + len(label)):
                if blank and text.startswith(_AFTER_T2_ROW, hit + len(label)):
                    break
                hit = text.find(label, hit + 1, stop)
            if hit < 0:
                continue
            cols = tuple(c.suffix for c in block.columns)
            if not _starts_figures(text, hit + len(label)):
                out.append(T2Row(middle, label, cols, block.kind == f.AMOUNT, ""))
                continue
            # (a count row's zeros may be dashes, glued to its figures: "规章---", "规章3-130")
            pattern = _DASHED_FIGURES if block.kind != f.AMOUNT else _AMOUNT
            if block.kind == f.AMOUNT and text[hit + len(label)] in ZERO_MARKS:
                pattern = _DASHED_FIGURES
            match = pattern.match(text, hit + len(label))
            if match and text[match.end() : match.end() + 1] in (" ", "，", ",", ".", "、", *ZERO_MARKS):
                # cells separated by spaces, or figures parted by a comma ("1，933"): read by the
                # line reader, which knows how many figures the row has
                continue
            after = text[match.end() : match.end() + 2] if match else ""
            out.append(T2Row(middle, label, cols, block.kind == f.AMOUNT, match.group(0) if match else "", after))
    return out

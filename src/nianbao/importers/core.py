"""From items to a Report: sections, tables, narrative, meta — and what could not be placed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from nianbao.check.text import SECTIONS_NOT_FOUND
from nianbao.errors import UnreadableFile
from nianbao.importers.anchored import read_anchored
from nianbao.importers.columns import column_order, reorder
from nianbao.importers.items import Item, check_extent
from nianbao.importers.prose import glued_title_meta, narrative_fields, preamble_meta, title_meta
from nianbao.importers.result import ImportResult, Unplaced
from nianbao.importers.rows import assemble
from nianbao.importers.sections import find_headings, heading_remainder, split_glued
from nianbao.importers.table2 import looks_2019, read_table2
from nianbao.importers.table2_2019 import read_table2_2019
from nianbao.importers.table3 import read_table3
from nianbao.importers.table4 import blank_table4, read_table4
from nianbao.importers.tokens import DASH, NUM, item_tokens, normalize, tokenize_text
from nianbao.spec import format2021 as f


def _section(table: str = "", number: str = "") -> int:
    """The index into format2021.SECTIONS of the section holding `table` or numbered `number`."""
    return next(n for n, s in enumerate(f.SECTIONS) if (table and s.table == table) or s.number == number)


OVERVIEW, T2, T3, T4 = _section(number="一"), _section("t2"), _section("t3"), _section("t4")
PROBLEMS, OTHER = _section(number="五"), _section(number="六")
_STOP_T4 = re.compile(r"^\s*(?:（[一二三四五六七八九十]）|[一二三四五六七八九十]{1,2}、)")
_MANY_NUMBERS = re.compile(r"\d{7,}|(?:\d+\D+){5}")
_YEAR_IN_PERIOD = re.compile(r"(\d{4})\s*年\s*1\s*月\s*1\s*日")
# The header lines a web-page copy puts before the report ("发布时间: …", "==== 正文 ====").
_HEADER_LINE = re.compile(r"^(?:[^:：\s]{1,6}[:：]|.*={4,}|-{3,}|页面链接|正文$)")
_ORG_SUBTOTAL_WORD = "小计"


def is_narrative(item: Item) -> bool:
    text = item.text
    if item.cells is not None or len(text) < 30:
        return False
    if "。" not in text and text.count("，") < 2:
        return False
    if _MANY_NUMBERS.search(text):
        return False
    # a row of table 三 with a long label and its zeros printed as dashes
    # ("（二）部分公开（区分处理的，只计这一情形，不计其他情形） — 20 5 13 — — 38") is no sentence
    return sum(1 for t in tokenize_text(text) if t.kind in (NUM, DASH)) < 5


# A page's running head repeated inside a table ("某市人民政府办公室  2024年政府信息公开工作年度报告"):
# page furniture, and its year must not be read as a cell.
_RUNNING_HEAD = re.compile(r"^.{0,40}\d{4}\s*年.{0,30}年度报告[^\d]{0,12}$")


def _is_running_head(item: Item) -> bool:
    # the words first: a substring search is much quicker than the pattern, on every line
    return item.cells is None and "年度报告" in item.text and bool(_RUNNING_HEAD.match(item.text.strip()))


def _in_table(items: list[Item]) -> list[Item]:
    """The items of a table section that can be part of the table."""
    return [it for it in items if not is_narrative(it) and not _is_running_head(it)]


def _flat(items: list[Item]) -> list:
    return [(it.lineno, t) for it in items for t in item_tokens(it.text, it.cells)]


def _fallback_start(items: list[Item], marker: str, after: int) -> int | None:
    for i in range(after, len(items)):
        if marker in items[i].text:
            return i
    return None


def _regions(items: list[Item], headings: dict[int, int]) -> dict[int, tuple[int, int]]:
    """section index -> [start, end) item range; table sections found by their content if untitled."""
    starts = dict(headings)
    if T3 not in starts:
        found = _fallback_start(items, f.T3_APPLICANT_HEADER, starts.get(T2, 0))
        if found is not None:
            starts[T3] = found
    if T2 not in starts:
        found = _fallback_start(items, f.T2_BLOCKS[0].article, 0)
        if found is not None and found < starts.get(T3, len(items)):
            starts[T2] = found
    if T4 not in starts and T3 in starts:
        found = _fallback_start(items, f.T4_GROUPS[0].label, starts[T3] + 1)
        if found is not None:
            starts[T4] = found
    order = sorted(starts.items(), key=lambda kv: kv[1])
    out = {}
    for n, (section, start) in enumerate(order):
        end = order[n + 1][1] if n + 1 < len(order) else len(items)
        out[section] = (start, end)
    return out


def _remainder(item: Item, section: int) -> str:
    """What follows a heading on its own line ("一、总体情况 2022年，…", or glued:
    "六、其他需要报告的事项2022年，无收取信息处理费情况。")."""
    return heading_remainder(item.text, section)


def _lines(items: list[Item]) -> list[str]:
    return [it.text for it in items]


_ALL_KEYS = frozenset(f.KEYS)
IMAGE_TABLES = "报告中没有可读取的表格（可能是图片），表格数字未导入"


# Every table's name has two characters ("t3"): a key's first three ("t3.", or "t2_" of the
# 2019 table 二) say which table it is, cut in C (a report has 200 keys).
assert all(len(t) == 2 for t in f.TABLE_NAMES)
_KEY_HEAD = itemgetter(slice(0, 3))


def _tables_of(keys) -> set[str]:
    """{"t3.", …} of keys "t3.new.total", …: each table's name and a dot."""
    return set(map(_KEY_HEAD, keys))


def _unread_tables(values: dict, unplaced: list[Unplaced], fmt: str) -> list[Unplaced]:
    """A table of which nothing at all was found — no number placed, none listed — is named
    with all its cells: the report printed it as a picture, or left it out."""
    if values.keys() >= _ALL_KEYS:  # every cell read (most reports): no table is missing
        return []
    tables = [t for t in f.TABLE_NAMES if not (t == "t2" and fmt == "2019")]
    seen = _tables_of(values) | _tables_of(k for u in unplaced for k in u.keys)
    missing = [t for t in tables if t + "." not in seen]
    keys = {t: tuple(k for k in f.KEYS if k.startswith(t + ".")) for t in missing}
    if missing and len(missing) == len(tables):
        return [
            Unplaced(
                "、".join(f.TABLE_NAMES[t] for t in missing), IMAGE_TABLES, tuple(k for t in missing for k in keys[t])
            )
        ]
    return [
        Unplaced(f.TABLE_NAMES[t], f"{f.TABLE_NAMES[t]}没有可读取的数字（可能是图片或未印出），未导入", keys[t])
        for t in missing
    ]


# （六）其他处理 read as one row ("t3.other_2019.…"), and its three sub-rows ("t3.other.…")
_OTHER_2019 = f.t3_key(f.T3_OTHER_2019.middle, "")
_OTHER_ROWS = "t3.other."


def _unlisted_cells(values: dict, unplaced: list[Unplaced], fmt: str) -> list[Unplaced]:
    """The cells of a table read in part that are neither read nor listed with a reason: named
    too, so that no printed cell goes missing without a word. (（六） read as one row stands for
    its three sub-rows.)"""
    if fmt != f.FORMAT_ID or values.keys() >= _ALL_KEYS:
        return []
    listed = set(values).union(*(u.keys for u in unplaced))
    one_other_row = any(k.startswith(_OTHER_2019) for k in listed)
    out = []
    for table, name in f.TABLE_NAMES.items():
        prefix = table + "."
        if not any(k.startswith(prefix) for k in listed):
            continue  # a table not found at all is _unread_tables' to name
        keys = tuple(
            k
            for k in f.KEYS
            if k.startswith(prefix) and k not in listed and not (one_other_row and k.startswith(_OTHER_ROWS))
        )
        if keys:
            reason = f"{name}中这些单元格未能读出（原文可能印作空白，或与相邻单元格无法区分），未导入"
            out.append(Unplaced(name, reason, keys))
    return out


_TABLE_OF_KEY = itemgetter(slice(0, 2))
_TABLE_CELLS = {t: sum(1 for k in f.KEYS if k.startswith(t + ".")) for t in f.TABLE_NAMES}


def _table_of(entry: Unplaced) -> str:
    if entry.keys:
        return entry.keys[0].split(".", 1)[0]
    return next((t for t, name in f.TABLE_NAMES.items() if name in entry.where), "")


def _prefer_anchored(items: list[Item], values: dict, unplaced: list[Unplaced], fmt: str, narrative: str) -> str:
    """When a table was not read in full by its lines and cells, read the text again by the
    format's labels (anchored.py, for text with no whitespace left); a table is taken from
    that reading when it gives more cells. Returns the anchored layout when table 三 was."""
    if values.keys() >= _ALL_KEYS:  # every cell of every table read (most reports): the count below holds
        return ""
    read = Counter(map(_TABLE_OF_KEY, values))  # "t3.new.total" -> "t3", counted in C
    if all(read[t] >= n for t, n in _TABLE_CELLS.items()):
        return ""
    found = read_anchored(" ".join(it.text for it in items), narrative, with_table2=fmt != "2019")
    if found.blank_zeros:
        _blank_cells_unknown(found.unplaced.get("t2", []), items, values, unplaced)
    layout = ""
    for table, got in found.values.items():
        prefix = table + "."
        mine = {k: v for k, v in values.items() if k.startswith(prefix)}
        if len(got) <= len(mine):
            if table == "t2":  # rows tied by no rule: each may still be taken on its own
                _add_rows(got, found.unplaced.get(table, []), values, unplaced)
            continue
        if table == "t3" and any(u.reason.startswith(_ANOTHER_ORDER) for u in unplaced if _table_of(u) == "t3"):
            continue  # the header set the columns in another order: the anchored reading assumes the format's
        for key in mine:
            del values[key]
        values.update(got)
        unplaced[:] = [u for u in unplaced if _table_of(u) != table] + found.unplaced.get(table, [])
        if table == "t3":
            layout = found.layout
    return layout


def _add_rows(got: dict, listed: list[Unplaced], values: dict, unplaced: list[Unplaced]) -> None:
    """Table 二's rows read by the labels that the line reading left out — not found, or found
    with their zeros as dashes glued to the figures, which only the labels' reading splits (any
    other reason the line reading gave stands): its rows are tied by no rule, so each is taken
    on its own (a cell the two readings disagree on is neither's)."""
    refused = {k for u in unplaced if not u.reason.startswith(_DASHES_GLUED) for k in u.keys}
    for key, value in got.items():
        if key in refused:
            continue
        if key not in values:
            values[key] = value
        elif values[key] != value:
            shown = f"{values.pop(key)}/{value}"
            unplaced.append(Unplaced("表二", "两种读法得出的数字不同，无法确定，未导入", (key,), shown))
    unplaced[:] = [u for u in unplaced if not (u.keys and all(k in values for k in u.keys))]
    said = {k for u in unplaced for k in u.keys}
    unplaced.extend(u for u in listed if u.keys and not any(k in values or k in said for k in u.keys))


def _blank_cells_unknown(listed: list[Unplaced], items: list[Item], values: dict, unplaced: list[Unplaced]) -> None:
    """The page prints zeros blank and its text kept no blank cell: a row of table 二 whose
    digits ran together ("规章130") may be fewer cells than the row has. The line reading split
    it as if every cell were printed; the labels' reading lists it, and that stands — unless
    the row was printed as table cells, whose blanks the line reading saw."""
    in_cells = [it.text for it in items if it.cells is not None]
    for entry in listed:
        if not any(key in values for key in entry.keys):
            continue
        label = _T2_LABELS[entry.keys[0].rsplit(".", 1)[0]]
        if any(label in text for text in in_cells):
            continue
        for key in entry.keys:
            values.pop(key, None)
        unplaced[:] = [u for u in unplaced if not set(u.keys) & set(entry.keys)]
        unplaced.append(entry)


_DASHES_GLUED = "数字与表示0的短横线连在一起"  # (table2.py's reason: the labels' reading may split them)
_T2_LABELS = {f"t2.{middle}": label for block in f.T2_BLOCKS for middle, label in block.rows}
_ANOTHER_ORDER = "表三表头各列的次序与格式不同"
_GLUED_LINE = 40  # a line this long may hold a heading run into the text before it


def _split_glued(items: list[Item]) -> list[Item]:
    """Long lines of text without whitespace hold several sections: cut them at the headings."""
    out: list[Item] = []
    for item in items:
        if item.cells is not None or len(item.text) <= _GLUED_LINE:
            out.append(item)
            continue
        pieces = split_glued(item.text)
        if len(pieces) == 1 and pieces[0] == item.text:
            out.append(item)  # no heading inside (most long lines): the item as it is
        else:
            out.extend(Item(item.lineno, piece) for piece in pieces)
    return out


@dataclass
class _Document:
    """The items of a report and where its sections stand."""

    items: list[Item]
    headings: dict[int, int]  # section index -> item index of its heading
    regions: dict[int, tuple[int, int]]  # section index -> [start, end) of its items

    def span(self, section: int) -> list[Item]:
        if section not in self.regions:
            return []
        start, end = self.regions[section]
        return self.items[start:end]

    def body(self, section: int) -> list[str]:
        """A narrative section's lines, its heading's own line left out but what follows it kept."""
        items = self.span(section)
        if section not in self.headings:
            return [it.text for it in items]
        lines = [it.text for it in items[1:]]
        rest = _remainder(items[0], section) if items else ""
        return [rest, *lines] if rest else lines


@dataclass
class _Tables:
    values: dict = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    layout: str = ""
    blanks_dropped: bool = False  # table 三 showed zeros printed blank in digits run together


def _locate(items: list[Item]) -> _Document:
    items = _split_glued(items)
    headings = find_headings(items)
    return _Document(items, headings, _regions(items, headings))


def _table3(doc: _Document, out: _Tables) -> None:
    t3_items = _in_table(doc.span(T3))
    width = 8 if any(_ORG_SUBTOTAL_WORD in it.text for it in t3_items[:40]) else 7
    raw_rows, strays = assemble(t3_items, width)
    used: frozenset = frozenset()
    order, refusal = column_order(t3_items, raw_rows, width) if raw_rows else (None, "")
    if raw_rows and order is None:
        # the columns stand in another order than the format's and the header does not say
        # which: no figure of table 三 can be put in its cell
        first = min(raw_rows, key=lambda r: r.seq)
        out.unplaced.append(
            Unplaced(
                f"第{first.lineno}行起（表三）",
                refusal,
                tuple(k for k in f.KEYS if k.startswith("t3.")),
                " / ".join(r.shown() for r in raw_rows[:3]) + " …",
            )
        )
    elif raw_rows:
        rows = reorder(raw_rows, order) if width == len(f.T3_COLUMNS) and order is not None else raw_rows
        table3 = read_table3(rows, width, strays)
        out.values.update(table3.values)
        out.unplaced.extend(table3.unplaced)
        out.layout = table3.layout
        out.blanks_dropped = table3.blanks_dropped
        used = table3.used_strays
    for stray in strays:
        if stray.seq in used:
            continue
        out.unplaced.append(
            Unplaced(
                f"第{stray.lineno}行（表三）",
                f"{stray.reason}，未导入",
                found=" ".join(t.raw or "（空白）" for t in stray.tokens),
            )
        )


def _table4(doc: _Document, out: _Tables) -> list[Item]:
    """Table 四, up to the first narrative line after it; returns the items after it."""
    t4_items: list[Item] = []
    after_t4: list[Item] = []
    span = doc.span(T4)
    for n, it in enumerate(span):
        if n and (is_narrative(it) or (it.cells is None and _STOP_T4.match(it.text))):
            after_t4 = span[n:]
            break
        if n and _is_running_head(it):
            continue
        t4_items.append(it)
    t4_values, t4_unplaced = read_table4(t4_items)
    if not t4_values and not t4_unplaced and not _figures_astray(out.unplaced):
        t4_values = blank_table4(t4_items) or {}
    out.values.update(t4_values)
    out.unplaced.extend(t4_unplaced)
    return after_t4


def _figures_astray(unplaced: list[Unplaced]) -> bool:
    """Figures found before table 四 that belong to no cell: they may be its own, printed out
    of place (a text layer's order), so a table 四 without figures is not taken as all blank."""
    return any(not u.keys and any(ch.isdigit() for ch in u.found) for u in unplaced)


def _table2(t2_items: list[Item], fmt: str, narrative: str, out: _Tables, runs_split: bool = True) -> None:
    if fmt == "2019":
        if t2_items:
            out.unplaced.append(
                Unplaced(
                    "表二",
                    "2019年格式的表二（本年新制作数量、本年新公开数量、对外公开总数量等）与2021年格式含义不同，"
                    "不计入2021年格式的表二，按2019年格式另行导入",
                )
            )
            t2_values, t2_unplaced = read_table2_2019(_flat(t2_items), narrative)
            out.values.update(t2_values)
            out.unplaced.extend(t2_unplaced)
        return
    source = normalize("\n".join(it.text for it in t2_items if it.cells is None))  # lines, not table cells
    t2_values, t2_unplaced = read_table2(
        _flat(t2_items), narrative, source if source else None, out.blanks_dropped, runs_split
    )
    out.values.update(t2_values)
    out.unplaced.extend(t2_unplaced)


def _preamble(doc: _Document, title_end: int) -> list[str]:
    first = min(doc.headings.values()) if doc.headings else len(doc.items)
    preamble = [it.text for it in doc.items[title_end:first]]
    while preamble and _HEADER_LINE.match(preamble[0]):  # "发布时间: …" lines of a web page copy
        preamble.pop(0)
    return preamble


def _missing_sections(doc: _Document, fmt: str) -> list[Unplaced]:
    """A narrative section whose heading was not found is said so: it is not checked (a check of
    its words would judge text that is not the section's)."""
    if OTHER in doc.headings or fmt == "2019":
        return []
    section = f.SECTIONS[OTHER]
    return [Unplaced(f"第{section.number}部分", f"未找到“{section.title}”的标题，未检查其中的信息处理费说明")]


def import_items(items: list[Item], kind: str = "txt") -> ImportResult:
    if not items:
        raise UnreadableFile("没有任何文字内容")
    check_extent(items)
    doc = _locate(items)
    meta = title_meta(doc.items, min(doc.headings.values()) if doc.headings else None)
    title_end = meta.pop("_end", 0)
    tables = _Tables()

    t2_items = _in_table(doc.span(T2))
    fmt = "2019" if looks_2019(" ".join(it.text for it in t2_items)) else ""
    preamble = _preamble(doc, title_end)
    _table3(doc, tables)
    after_t4 = _table4(doc, tables)
    problems = doc.body(PROBLEMS) if PROBLEMS in doc.headings else []
    if not problems and after_t4:
        problems = _lines(after_t4)
    text = narrative_fields(preamble, doc.body(OVERVIEW), problems, doc.body(OTHER))

    found = glued_title_meta(doc.items[0].text) if not ("year" in meta and "agency" in meta) else {}
    for key, value in {**found, **preamble_meta(text.get("preamble", ""))}.items():
        meta.setdefault(key, value)
    if "year" not in meta:
        match = _YEAR_IN_PERIOD.search(" ".join(preamble[:20]))
        if match:
            meta["year"] = int(match.group(1))
    if not fmt:
        fmt = "2019" if not t2_items and meta.get("year", 9999) <= 2020 else f.FORMAT_ID
    narrative = "\n".join(text.values())  # confirms run-together figures of table 二
    # a PDF's text layer parts two printed cells by a space: its digit run is one figure, and a
    # row of fewer figures than cells has blank ones (an unruled table), never run-together cells
    _table2(t2_items, fmt, narrative, tables, runs_split=kind != "pdf")
    if kind != "pdf":  # the reading of text without whitespace: a PDF's text layer has it
        tables.layout = _prefer_anchored(doc.items, tables.values, tables.unplaced, fmt, narrative) or tables.layout

    has_title = "year" in meta and "agency" in meta
    if not (len(doc.headings) >= 3 or (has_title and (tables.values or doc.headings))):
        raise UnreadableFile("内容不像政府信息公开工作年度报告（找不到报告标题、各部分标题和统计表）")
    unplaced = tables.unplaced + _unread_tables(tables.values, tables.unplaced, fmt)
    unplaced += _unlisted_cells(tables.values, unplaced, fmt) + _missing_sections(doc, fmt)
    if OTHER not in doc.headings:
        meta[SECTIONS_NOT_FOUND] = [f.SECTIONS[OTHER].number]
    report = f.Report(meta={**meta, "format": fmt, "layout": tables.layout}, values=tables.values, text=text)
    return ImportResult(report, unplaced)

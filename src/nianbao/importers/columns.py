"""The order of table 三's columns, read from its header — never guessed.

Placement is by position: the k-th number of a row is the k-th column of the format
(自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计). Some publishers print
the 总计 column first, or the kinds of 法人或其他组织 in another order. The header says so,
one header line (or table row) at a time: the column words found on one line stand in the
order of their columns. Headers split over lines ("商业 科研" / "企业 机构") only say
something within a line, so each line is checked on its own.

- No line contradicts the official order: the official order (and, when the 总计 rule fails
  row after row while a 总计-first reading fits every row, the table is not placed — the
  header did not say which).
- Lines contradict it: the order is taken only when one order agrees with every line (a
  full header line, or 总计 first and the rest official) and the row totals confirm it;
  otherwise the table is not placed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from operator import itemgetter
from typing import cast

from nianbao.importers.items import Item
from nianbao.importers.memo import per_line
from nianbao.importers.rows import RawRow
from nianbao.importers.tokens import BLANK, DASH, NUM, Token, item_tokens, normalize
from nianbao.spec import format2021 as f

OFFICIAL = tuple(range(len(f.T3_COLUMNS)))
TOTAL_FIRST = (len(f.T3_COLUMNS) - 1,) + OFFICIAL[:-1]
# The shortest word of each column that no other column's label holds (index in T3_COLUMNS).
_WORDS = (("自然人", 0), ("商业", 1), ("科研", 2), ("公益", 3), ("法律", 4), ("其他", 5), ("总计", 6))
# Header words that hold a column word without being that column.
_NOT_COLUMNS = re.compile(
    "|".join(
        map(re.escape, (f.T3_ORG_GROUP, "法人和其他组织", "法人或其它组织", "法人及其他组织", f.T3_APPLICANT_HEADER))
    )
)
_SPACES = re.compile(r"\s+")
_FIRST_FIGURE = re.compile(r"\d+(?![\d年])")
_KIND = itemgetter(0)  # a Token's kind
_ORG_LABELS = tuple(c.label for c in f.T3_PART_COLUMNS if c.group == f.T3_ORG_GROUP)


@per_line(maxsize=4096)
def _sequence(text: str) -> tuple[int, ...] | None:
    """Column indexes in the order their words stand on one header line; None when a word
    repeats (two header rows run into one line say nothing about order)."""
    text = _NOT_COLUMNS.sub("|", _SPACES.sub("", normalize(text)))
    found = []
    for word, column in _WORDS:
        at = [m.start() for m in re.finditer(word, text)]
        if len(at) > 1:
            return None
        if at:
            found.append((at[0], column))
    return tuple(c for _, c in sorted(found))


_DASHED_ROW = 3  # dashes on a line that make it a row of table 三 (a header has none; a caption one at most)


def header_sequences(items: list[Item]) -> list[tuple[int, ...]]:
    """The column orders the header lines before table 三's first figure state."""
    out = []
    for item in items:
        seq, ends = _header_line(item.text, item.cells)
        if seq is not None and len(seq) >= 2:
            out.append(seq)
        if ends:
            break
    return out


@per_line(maxsize=4096)
def _header_line(text: str, cells: tuple[str, ...] | None) -> tuple[tuple[int, ...] | None, bool]:
    """(the column order one line states, whether its figures end the header); cached: the
    header lines recur in every report of a batch."""
    tokens = item_tokens(text, cells)
    # the first figure ends the header; a year in a caption ("2024年度…统计表") is none
    ends = any(
        t.kind == NUM and not (k + 1 < len(tokens) and tokens[k + 1].raw.startswith("年")) for k, t in enumerate(tokens)
    )
    if not ends and sum(1 for t in tokens if t.kind == DASH) >= _DASHED_ROW:
        return None, True  # a row of zeros printed as dashes: the header is over, and its label names no column
    # Text with no line breaks left runs the header straight into the first row's figures:
    # what stands before the first figure is still the header.
    if ends:
        text = _FIRST_FIGURE.split(normalize(text), maxsplit=1)[0]
    if ends and not all(label in _SPACES.sub("", text) for label in _ORG_LABELS):
        # A header of several lines glued together ("商业科研…企业机构") says nothing about order.
        text = ""
    return _sequence(text), ends


def _printed(row: RawRow) -> tuple[int, ...] | None:
    return None if row.cells is None else row.counts()


def _total_misses(rows: list[RawRow], order: tuple[int, ...]) -> tuple[int, int]:
    """(rows whose printed total is not the sum of the parts, rows judged) under an order."""
    total_at = order.index(len(order) - 1)
    misses = judged = 0
    for row in rows:
        if row.cells is None:
            continue
        cells = _printed(row)
        if cells is None or BLANK in map(_KIND, row.cells) or len(cells) != len(order) or not any(cells):
            continue
        judged += 1
        if cells[total_at] != sum(cells) - cells[total_at]:
            misses += 1
    return misses, judged


NATURAL, TOTAL = 0, len(f.T3_COLUMNS) - 1
_ORG_COLUMNS = tuple(range(1, TOTAL))


def _with_total_at(position: int) -> tuple[int, ...]:
    parts = list(OFFICIAL[:-1])
    return tuple(parts[:position] + [TOTAL] + parts[position:])


def _org_order(sequences: list[tuple[int, ...]]) -> tuple[int, ...] | str:
    """The printed order of the five kinds of 法人或其他组织: official when no line says
    otherwise, a line's full order when one line names all five and no line disagrees, else
    "unknown"."""
    orgs = [tuple(c for c in s if c in _ORG_COLUMNS) for s in sequences]
    orgs = [o for o in orgs if len(o) >= 2]
    if all(list(o) == sorted(o) for o in orgs):
        return _ORG_COLUMNS
    full = {o for o in orgs if sorted(o) == list(_ORG_COLUMNS)}
    if len(full) != 1:
        return "unknown"
    order = next(iter(full))
    rank = {c: k for k, c in enumerate(order)}
    if all([rank[c] for c in o] == sorted(rank[c] for c in o) for o in orgs):
        return order
    return "unknown"


def states_another_order(header_text: str) -> bool:
    """Whether a header (glued text before table 三's first row) says the columns stand in an
    order other than the format's: 总计 first, 自然人 after a kind of 法人, or the kinds
    reordered. The label-anchored reading splits digits in the format's order only."""
    seq = _sequence(header_text)
    if seq is None:
        return False
    natural_late = NATURAL in seq and any(o in seq and seq.index(o) < seq.index(NATURAL) for o in _ORG_COLUMNS)
    total_first = TOTAL in seq and NATURAL in seq and seq.index(TOTAL) < seq.index(NATURAL)
    return natural_late or total_first or _org_order([seq]) != _ORG_COLUMNS


def column_order(header: list[Item], rows: list[RawRow], width: int) -> tuple[tuple[int, ...] | None, str]:
    """(order, reason): the printed order of the columns (order[k] = the format's column
    printed k-th), or None with the reason the table cannot be placed.

    Evidence on one line: 总计 before 自然人 (the 总计 column first), 自然人 after a kind of
    法人或其他组织 (自然人 not first), the kinds among themselves. 总计 against the kinds says
    nothing: a page flattening the header's rows prints "自然人 法人或其他组织 总计 商业企业 …"."""
    sequences = header_sequences(header)

    def before(a: int, b: int) -> bool:
        return any(a in s and b in s and s.index(a) < s.index(b) for s in sequences)

    total_first = before(TOTAL, NATURAL)
    natural_late = any(before(o, NATURAL) for o in _ORG_COLUMNS)
    orgs = _org_order(sequences)
    if width != len(f.T3_COLUMNS):
        if total_first or natural_late or orgs != _ORG_COLUMNS:
            return None, "表三表头各列的次序与格式不同，无法确定各数字所在的列，未导入"
        return OFFICIAL, ""
    if natural_late or isinstance(orgs, str) or (total_first and before(NATURAL, TOTAL)):  # str: "unknown"
        return None, "表三表头各列的次序与格式不同，且无法从表头确定唯一的次序，未导入"
    order = ((TOTAL,) if total_first else ()) + (NATURAL,) + tuple(orgs) + (() if total_first else (TOTAL,))
    # Digits run together can be split only in the format's own order: in any other order
    # (总计 first, or the kinds of 法人 reordered) such a row cannot be placed.
    if order != OFFICIAL and any(r.cells is None for r in rows):
        return None, "表三表头各列的次序与格式不同，且有的行各列数字连在一起，无法确定各数字所在的列，未导入"
    misses, judged = _total_misses(rows, order)
    # the total's place, wherever the header puts it, must be the one the rows confirm
    for position in range(len(order) if misses >= 2 and judged >= 2 else 0):
        alternative = _with_total_at(position)
        if alternative.index(TOTAL) == order.index(TOTAL):
            continue
        other, _ = _total_misses(rows, alternative)
        if misses >= 2 and other == 0 and judged >= 2:
            return None, (
                "表三多行的总计不等于各项之和，而把另一列当作总计时每行都成立，"
                "表头没有写明这样的次序，无法确定各列，未导入"
            )
    if total_first:
        official, _ = _total_misses(rows, OFFICIAL)
        if misses and misses >= official:
            return None, "表三表头把总计列印在最前，但按这一次序各行总计不成立，无法确定各列，未导入"
    return order, ""


def reorder(rows: list[RawRow], order: tuple[int, ...]) -> list[RawRow]:
    """The rows' cells put in the format's order (order[k] = the column printed k-th)."""
    if order == OFFICIAL:
        return rows
    out = []
    for row in rows:
        # column_order refuses run-together rows (cells None) in any order but the official one
        assert row.cells is not None
        cells: list[Token | None] = [None] * len(order)
        for k, column in enumerate(order):
            cells[column] = row.cells[k]
        # order is a permutation of the columns (column_order): every cell was set
        out.append(replace(row, cells=cast("list[Token]", cells)))
    return out

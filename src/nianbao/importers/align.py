"""Table 三 by its row labels, for tables whose rows do not fit any known layout by count.

A row missing, a row printed with a blank cell (six numbers for seven columns), a stray
line of numbers: the fixed order no longer says which row is which. Then each row of
numbers is matched to the official labels of format2021.T3_ROWS by the text printed
around it — on its own line, on the lines before it, or (PDF text layers) on the lines
after it, or split around it — with a monotone alignment (the table's order is fixed),
tolerant of typos and split labels. Rows whose label is certain are placed; a row without
a readable label is placed only when exactly one free position makes the rules hold.
Everything else is left out and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nianbao.importers.tokens import normalize
from nianbao.spec import format2021 as f

MIN_MATCH = 0.5  # below this a label is no evidence at all
CERTAIN = 0.6  # at or above: the row is placed by its label
MARGIN = 0.15  # …and the best label beats every other label by this much
# A label on the row's own line (or in its table row) is the best evidence; a label on the
# line before or after is equally good (text layers put it either side), a label split
# around the numbers slightly less.
OWN_WEIGHT, LINE_WEIGHT, SPLIT_WEIGHT = 1.0, 0.9, 0.85

_HEADINGS = [r.label for r in f.T3_ROWS if r.middle is None]
_SPACES = re.compile(r"\s+")


# Converters write the format's full-width punctuation half-width: "(一) 予以公开".
# labels compare with their punctuation made wide (the format prints "（", a converter "("):
# the opposite direction of check/numbers.FULL_WIDTH, for words, not figures
_WIDE_PUNCTUATION = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def _compact(text: str) -> str:
    return _SPACES.sub("", normalize(text)).translate(_WIDE_PUNCTUATION)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


_LABEL_BIGRAMS: dict[str, tuple[frozenset[str], ...]] = {}


# "一、" / "（一）" / "1." in front of a label: converters print a row's label without it.
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|\d{1,2}\.)")
MIN_BARE = 4  # a bare label shorter than this ("其他", "总计") is also a column caption: no evidence


def _targets(label: str) -> tuple[frozenset[str], ...]:
    found = _LABEL_BIGRAMS.get(label)
    if found is None:
        full = _compact(label)
        bare = _NUMBERING.sub("", full)
        found = (_bigrams(full),) + ((_bigrams(bare),) if bare != full and len(bare) >= MIN_BARE else ())
        _LABEL_BIGRAMS[label] = found
    return found


@lru_cache(maxsize=65536)
def similarity(piece: str, label: str) -> float:
    """How much of the official label the printed text holds (typos, split labels, a
    group heading in front of it, the label printed without its numbering); text more
    than twice the label's length is diluted."""
    pairs = _bigrams(_compact(piece))
    best = 0.0
    for target in _targets(label):
        if pairs and target:
            best = max(best, len(pairs & target) / max(len(target), len(pairs) / 2))
    return best


def is_heading(piece: str) -> bool:
    return any(similarity(piece, h) >= 0.8 and len(_compact(piece)) <= len(h) + 2 for h in _HEADINGS)


@dataclass(frozen=True)
class Slot:
    middle: str
    label: str


def slots(single_other: bool) -> list[Slot]:
    out: list[Slot] = []
    other = {r.middle for r in f.T3_OTHER_ROWS}
    for row in f.T3_NUMBER_ROWS:
        if row.middle in other and single_other:
            # The three （六） sub-rows printed as one row, as in the 2019 format.
            if all(s.middle != f.T3_OTHER_2019.middle for s in out):
                out.append(Slot(f.T3_OTHER_2019.middle, f.T3_OTHER_2019.label))
            continue
        out.append(Slot(row.middle, row.label))
    return out


OWN, BEFORE, AFTER, SPLIT = "own", "before", "after", "split"
SWITCH_PENALTY = 0.05  # labels are printed the same way all through a table: prefer one reading


def candidates(elements: list, i: int, only: str | None = None) -> list[tuple[str, float, str]]:
    """(reading, weight, text) the label of element i may be: on its line, before it, after
    it, or split around it. `only` limits the separate-line readings to "before" or "after"."""
    element = elements[i]
    own = element.label.strip()
    before = element.before[-1] if element.before else ""
    if len(element.before) > 1 and not _NUMBERING.match(_compact(before)) and not is_heading(element.before[-2]):
        # a long label wrapped onto two lines before its numbers ("一、本年新收政府" / "信息公开申请数量")
        before = element.before[-2] + before
    nxt = elements[i + 1] if i + 1 < len(elements) else None
    after_pieces = [p for p in (nxt.before if nxt is not None else element.after) if not is_heading(p)]
    after = after_pieces[0] if after_pieces else ""
    # a label wrapped in a narrow column: its first part beside the numbers, the rest below —
    # up to the next numbered label, which begins the next row's
    after_all = "".join(_until_numbered(after_pieces))
    out = []
    if own:
        out.append((OWN, OWN_WEIGHT, own))
    elif before and only != AFTER:
        out.append((BEFORE, LINE_WEIGHT, before))
    if after and only != BEFORE and not element.in_table:
        # A table row is not labelled by a line after it, nor is its label continued
        # there (its label is in its cells, or, lost, floats before it): in Markdown from
        # converters the line after a table heads the next row's table.
        out.append((AFTER, LINE_WEIGHT, after))
        if own or before:
            out.append((SPLIT, SPLIT_WEIGHT, (own or before) + after))
            if after_all != after:
                out.append((SPLIT, SPLIT_WEIGHT, (own or before) + after_all))
        wrapped = _from_numbered(element.before)
        if own and wrapped and only != AFTER:
            # a label wrapped over many lines of a narrow column, the figures beside a middle
            # one: from its numbered first line, through the figures' line, to the next label
            out.append((SPLIT, SPLIT_WEIGHT, "".join(wrapped) + own + after_all))
    return out


def wrapped_labels(pieces: list[str]) -> list[str]:
    """Lines of text joined into the labels they spell: a label begins on a line that begins with
    its item number ("2.申请人" / "逾期未按" / … → "2.申请人逾期未按…")."""
    out: list[str] = []
    for piece in pieces:
        if out and not _NUMBERING.match(_compact(piece)):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _until_numbered(pieces: list[str]) -> list[str]:
    """The pieces up to (not including) the first after the first that begins a numbered label."""
    for n, piece in enumerate(pieces[1:], 1):
        if _NUMBERING.match(_compact(piece)):
            return pieces[:n]
    return pieces


def _from_numbered(pieces: list[str]) -> list[str]:
    """The last pieces, from the last that begins a numbered label ([] when none does)."""
    for n in range(len(pieces) - 1, -1, -1):
        if _NUMBERING.match(_compact(pieces[n])):
            return pieces[n:]
    return []


def score_matrix(elements: list, slot_list: list[Slot], only: str | None = None) -> list[list[dict]]:
    """Per element and slot: {reading: score}."""
    matrix = []
    for i in range(len(elements)):
        options = candidates(elements, i, only)
        row = []
        for s in slot_list:
            scores: dict[str, float] = {}
            for reading, weight, text in options:
                scores[reading] = max(scores.get(reading, 0.0), weight * similarity(text, s.label))
            row.append(scores)
        matrix.append(row)
    return matrix


def align(matrix: list[list[dict]]) -> dict[int, int]:
    """Monotone alignment of elements to slots maximising the summed label scores, with a
    small cost each time the separate-line reading switches between before and after."""
    n = len(matrix)
    m = len(matrix[0]) if n else 0
    states = (None, BEFORE, AFTER)
    neg = float("-inf")
    best = [[[neg] * 3 for _ in range(m + 1)] for _ in range(n + 1)]
    back: dict[tuple[int, int, int], tuple[int, int, int, bool]] = {}
    best[0][0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for d in range(3):
                here = best[i][j][d]
                if here == neg:
                    continue
                if i < n and here > best[i + 1][j][d]:
                    best[i + 1][j][d] = here
                    back[(i + 1, j, d)] = (i, j, d, False)
                if j < m and here > best[i][j + 1][d]:
                    best[i][j + 1][d] = here
                    back[(i, j + 1, d)] = (i, j, d, False)
                if i < n and j < m:
                    for reading, score in matrix[i][j].items():
                        if score < MIN_MATCH:
                            continue
                        nd = states.index(reading) if reading in (BEFORE, AFTER) else d
                        gain = score - (SWITCH_PENALTY if reading in (BEFORE, AFTER) and d and nd != d else 0.0)
                        if here + gain > best[i + 1][j + 1][nd]:
                            best[i + 1][j + 1][nd] = here + gain
                            back[(i + 1, j + 1, nd)] = (i, j, d, True)
    d = max(range(3), key=lambda k: best[n][m][k])
    out: dict[int, int] = {}
    i, j = n, m
    while (i, j, d) in back:
        pi, pj, pd, matched = back[(i, j, d)]
        if matched:
            out[pi] = pj
        i, j, d = pi, pj, pd
    return out


def _names_a_row(text: str, weight: float, slot_list: list[Slot]) -> bool:
    scores = sorted((similarity(text, s.label) for s in slot_list), reverse=True)
    return (
        bool(scores) and weight * scores[0] >= CERTAIN and scores[0] - (scores[1] if len(scores) > 1 else 0) >= MARGIN
    )


def preferred_side(elements: list, slot_list: list[Slot]) -> str | None:
    """Which side of its numbers a row's label stands on, when labels on lines of their own stand
    on both sides: told by the table's edges. Labels before their rows leave a label before the
    first row and none after the last; labels after them the reverse. None when the edges do
    not tell (both or neither)."""
    if not elements:
        return None
    first = {reading: text for reading, _, text in candidates(elements, 0)}
    last = {reading: text for reading, _, text in candidates(elements, len(elements) - 1)}
    before = BEFORE in first and _names_a_row(first[BEFORE], LINE_WEIGHT, slot_list)
    after = AFTER in last and _names_a_row(last[AFTER], LINE_WEIGHT, slot_list)
    if before == after:
        return None
    return BEFORE if before else AFTER


def is_certain(elements: list, i: int, slot_list: list[Slot], j: int, side: str | None = "") -> bool:
    """Element i's label is slot j's beyond doubt: one printed text matches it well and
    matches no other label nearly as well. `side` (preferred_side) says which of a label before and
    a label after the row is its own when they differ; "" when not asked."""
    sure: dict[str, int] = {}  # reading -> the slot its text names beyond doubt
    for reading, weight, text in candidates(elements, i):
        scores = [similarity(text, s.label) for s in slot_list]
        for k, score in enumerate(scores):
            others = max((x for n, x in enumerate(scores) if n != k), default=0.0)
            if weight * score >= CERTAIN and score - others >= MARGIN:
                sure.setdefault(reading, k)
    if side in (BEFORE, AFTER):
        sure.pop(AFTER if side == BEFORE else BEFORE, None)
        if side in sure:
            # the label on the table's side names the row: a split reading across it to the
            # next label ("（七）总计" + "四、结转…") is not its label
            return sure[side] == j
    elif side is None and BEFORE in sure and AFTER in sure and sure[BEFORE] != sure[AFTER]:
        # a label on a line of its own before the row names one row, the label after it another
        # (one cell per line, each label on its own line between the rows): the side is not known
        return False
    return j in sure.values()

"""Cutting a line or a row of cells into numbers, zero-dashes, blanks and label text.

A number glued to the next row's label ("00000002.其他法律…") gives its last digit back
to the label: the items of table 三 are numbered 1.–8., and "2." followed by a
character is a label, not a cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache, partial
from operator import itemgetter
from typing import NamedTuple, overload

from nianbao.check.numbers import FULL_WIDTH
from nianbao.importers.items import Item
from nianbao.importers.memo import LONGEST
from nianbao.importers.result import Unplaced

NUM, DASH, BLANK, TEXT = "num", "dash", "blank", "text"
# What a clerk prints for zero instead of "0" ("/" meaning none), also glued to digits in text
# without whitespace ("755－－", "－4813").
_DASH_MARKS = "—–-－─"
ZERO_MARKS = _DASH_MARKS + "/／"
_DASH_CLASS = "[" + re.escape(_DASH_MARKS) + "]"

# The full-width table of check/numbers.py, but a full-width comma stays: between two figures
# of a table row it parts them, it is no thousands separator ("12，345" is two cells); and
# the wide and non-breaking spaces and tabs of converters are spaces.
_NORMAL: dict[int, int | str] = {**FULL_WIDTH, ord("，"): "，", ord("\u3000"): " ", ord("\xa0"): " ", ord("\t"): " "}
# Numbers with thousands separators first, then plain digit runs with an optional decimal part.
_PIECE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)"
    rf"|(?P<dash>(?<!\S)(?:{_DASH_CLASS}{{1,3}}|[/／])(?!\S))"
)
# An item number: "2.属于…", and, as converters write it, "2. 属于…" (a space before a Chinese
# word or an opening quote or bracket; "3. 5" stays two numbers).
_LABEL_NUMBER = re.compile(r"[.、](?=[^\d\s.、])|[.、]\s+(?=[\u4e00-\u9fff“\"（(《])")


class Token(NamedTuple):
    """A named tuple, not a dataclass: a report is cut into thousands of tokens, and a frozen
    dataclass takes several times longer to build."""

    kind: str
    raw: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT

    @property
    def digits(self) -> str:
        return self.raw.replace(",", "")


# The characters _NORMAL changes: most lines have none, and a search is quicker than a translation.
_CHANGED = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c, to in _NORMAL.items() if (chr(to) if isinstance(to, int) else to) != chr(c))
    + "]"
)


def normalize(text: str) -> str:
    return text.translate(_NORMAL) if _CHANGED.search(text) else text


# A row as most are printed: its label (perhaps numbered "2." — a lone digit before a word, no
# figure), then whole numbers parted by spaces.
_SIMPLE_ROW = re.compile(rf"((?:\d[.、](?=[^\d\s.、]))?[^\d{re.escape(ZERO_MARKS)}]*?)\s*((?:\d+\s+)*\d+)\s*")


# A table row's label as the format numbers it: "一、", "（三）", "2.属于…".
NUMBERED_LABEL = re.compile(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]）|\d{1,2}[.．、]\D")

_number = lru_cache(maxsize=4096)(partial(Token, NUM))  # "0", "12": the same few, over and over


def tokenize_text(text: str) -> tuple[Token, ...]:
    """Cached: labels and rows of zeros recur in every report of a batch."""
    return _tokenize_short(text) if len(text) <= LONGEST else _tokenize(text)


def _tokenize(text: str) -> tuple[Token, ...]:
    text = normalize(text)
    simple = _SIMPLE_ROW.fullmatch(text)
    if simple is not None:
        # no dash, thousands separator, decimal or item number after a figure for the rules
        # below to weigh
        label = simple.group(1).strip()
        figures = tuple(map(_number, simple.group(2).split()))
        return (Token(TEXT, label), *figures) if label else figures
    tokens: list[Token] = []
    # _PIECE.split gives text, num, dash, text, num, dash, …, text: one C call for the line
    pieces = _PIECE.split(text)
    pending = pieces[0]  # text not yet added (what lies between figures)
    at = len(pending)  # where the next figure begins in `text`
    for k in range(1, len(pieces), 3):
        raw, dash, after = pieces[k], pieces[k + 1], pieces[k + 2]
        if raw is None:
            _add_text(tokens, pending)
            tokens.append(Token(DASH, dash))
            at += len(dash) + len(after)
            pending = after
            continue
        end = at + len(raw)
        at = end + len(after)
        # (the item-number pattern begins with "." or "、": look further only after one)
        if after[:1] in _NUMBER_MARKS and _LABEL_NUMBER.match(text, end) and "." not in raw and "," not in raw:
            # "2.属于…" is a label; "00000002.其他…" is a row of digits and the label "2."
            if len(raw) == 1:
                pending += raw + after
                continue
            _add_text(tokens, pending)
            tokens.append(Token(NUM, raw[:-1]))
            pending = raw[-1] + after
            continue
        _add_text(tokens, pending)
        tokens.append(Token(NUM, raw))
        pending = after
    _add_text(tokens, pending)
    return tuple(tokens)


_tokenize_short = lru_cache(maxsize=16384)(_tokenize)  # see memo.py
_NUMBER_MARKS = (".", "、")


def _add_text(tokens: list[Token], text: str) -> None:
    text = text.strip()
    if not text:
        return
    if tokens and tokens[-1].kind == TEXT:
        tokens[-1] = Token(TEXT, tokens[-1].raw + text)
    else:
        tokens.append(Token(TEXT, text))


_WIDE_THOUSANDS = re.compile(r"\d{1,3}(?:，\d{3})+")
# A whole cell such as "数据1" or "列3": a column caption written by a converter, not a figure.
_CAPTION_CELL = re.compile(r"^[^\d\s]*[\u4e00-\u9fff]\d{1,2}$")


def tokenize_item(item: Item) -> list[Token]:
    return list(item_tokens(item.text, item.cells))


def item_tokens(text: str, cells: tuple[str, ...] | None) -> tuple[Token, ...]:
    """The tokens of a line (cells None) or of a table row, shared (cached): not to be changed."""
    if len(text) > LONGEST:  # (see memo.py)
        return _tokenize(text) if cells is None else _tokenize_cells.__wrapped__(cells)
    return _tokenize_short(text) if cells is None else _tokenize_cells(cells)


@lru_cache(maxsize=8192)
def _tokenize_cells(cells: tuple[str, ...]) -> tuple[Token, ...]:
    """Cached like tokenize_text: a table row is cut several times (rows, columns, tables)."""
    tokens: list[Token] = []
    for cell in cells:
        stripped = cell.strip()
        # (a caption ends in a digit after a word: a figure or a label is none, and most cells are)
        if stripped[-1:].isdigit() and not stripped.isdigit() and _CAPTION_CELL.match(stripped):
            tokens.append(Token(TEXT, stripped))
            continue
        if "，" in stripped and _WIDE_THOUSANDS.fullmatch(normalize(stripped)):
            # one cell holds one figure: "１，９３３" typed with a full-width comma is 1,933
            stripped = cell = normalize(stripped).replace("，", ",")
        cell_tokens = tokenize_text(cell)
        if not cell_tokens:
            tokens.append(Token(BLANK))
        else:
            # Adjacent text cells stay separate labels: no merging across cells.
            tokens.extend(cell_tokens)
    return tuple(tokens)


def groups(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """Runs of numeric tokens, each with the label text just before it."""
    out: list[tuple[str, list[Token]]] = []
    label = ""
    run: list[Token] = []
    for token in tokens:
        if token.kind == TEXT:
            if run:
                out.append((label, run))
                run = []
                label = ""
            label = (label + token.raw) if label else token.raw
        else:
            run.append(token)
    if run:
        out.append((label, run))
    return out


def count_value(raw: str) -> int | None:
    digits = raw.replace(",", "")
    if not digits.isdigit():
        return None
    return int(digits)


@overload
def printed_counts(cells: Sequence[Token]) -> tuple[int, ...] | None: ...  # no `absent`: a blank is 0
@overload
def printed_counts(cells: Sequence[Token], absent: frozenset[int]) -> tuple[int | None, ...] | None: ...
def printed_counts(cells: Sequence[Token], absent: frozenset[int] = frozenset()) -> tuple[int | None, ...] | None:
    """A row of count cells as printed: a dash or a blank is 0 — except a blank at a position in
    `absent` (a total left unprinted), which is None; anything not a whole number spoils the row."""
    cells = tuple(cells)
    if sum(map(len, map(itemgetter(1), cells))) > LONGEST:
        return _printed_counts.__wrapped__(cells, absent)
    return _printed_counts(cells, absent)


@lru_cache(maxsize=8192)
def _printed_counts(cells: tuple[Token, ...], absent: frozenset[int]) -> tuple[int | None, ...] | None:
    """Cached: each row is judged by the column order and by the layout, and rows of zeros recur."""
    out: list[int | None] = []
    for index, (kind, raw) in enumerate(cells):
        if kind == DASH:
            out.append(0)
        elif kind == BLANK:
            out.append(None if index in absent else 0)
        else:
            number = count_value(raw)
            if number is None:
                return None
            out.append(number)
    return tuple(out)


def put_count(values: dict, unplaced: list, key: str, token: Token, where: str) -> None:
    """A count cell as printed: a dash is 0, a whole number is itself; anything else (a
    decimal where a count belongs) is listed, not read — a number is never rounded."""
    if token.kind == DASH:
        values[key] = 0
        return
    number = count_value(token.raw)
    if number is None:
        unplaced.append(Unplaced(where, "件数不是整数，未导入", (key,), token.raw))
    else:
        values[key] = number


def amount_value(raw: str) -> int | float:
    """The published amount exactly: 2.29 stays 2.29, 7545 stays an int."""
    number = Decimal(raw.replace(",", ""))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def is_run_together(token: Token, width: int) -> bool:
    """A digit string that can only be several cells: long enough, or a leading zero."""
    digits = token.digits
    if token.kind != NUM or not digits.isdigit() or "," in token.raw:
        return False
    return len(digits) >= width or (len(digits) > 1 and digits[0] == "0")

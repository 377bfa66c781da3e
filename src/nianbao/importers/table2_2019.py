"""Table 二 of a 2019-format report (国办公开办函〔2019〕60号), by its row labels.

Its rows and columns are format2021.T2_2019_BLOCKS; their figures are kept under keys of their
own (t2_2019.*), never as the 2021 table 二's, which counts other things. The cells after each
row label are read as printed, in cells, on a line, or glued together:

- 本年增/减 may be negative ("-2"): the one column where a sign belongs;
- 采购总金额 is kept in 元: printed "251000元", or in 万元 (its cell or the header says which;
  when neither does, the unit is unknown and the amount is not read);
- digits run together ("1313524" for three cells) are split only where one split alone fits
  the columns (a lone "0" per zero cell, a sign only in 本年增/减), or the narrative names the
  figures; no rule relates the cells of this table, so most runs stay unread, and say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from nianbao.importers.result import Unplaced
from nianbao.importers.table2 import choose_split
from nianbao.importers.tokens import BLANK, DASH, NUM, TEXT, Token
from nianbao.spec import format2021 as f

_SIGNS = {"-": -1, "−": -1, "+": 1}  # after tokens.normalize (full-width － and ＋ are ASCII)
_YUAN_PER = {"元": 1, "万元": 10_000, "万": 10_000}
_COUNT_UNITS = {"件", "个", "条", "项", "份", "次"}
_HEADER_UNIT = re.compile(r"采购总金额[（(](?:单位[:：])?(万元|元)[）)]")
_COUNT_DIGITS = re.compile(r"0|[1-9]\d{0,8}")
_COUNT_CELL = re.compile(r"0|[1-9]\d{0,8}|[1-9]\d{0,2}(?:,\d{3})+")  # a whole printed cell: separators allowed
_AMOUNT_DIGITS = re.compile(r"(?:0|[1-9]\d{0,11})(?:\.\d+)?|[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_MAX_OPTIONS = 1_000


@dataclass
class _Piece:
    """A number as printed after a row label: a sign, its digits, the unit after it."""

    digits: str  # "" for a blank cell, "—" for a dash (zero)
    sign: str = ""
    unit: str = ""

    def shown(self) -> str:
        return (self.sign + self.digits + self.unit) or "空白"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _label_sign(text: str, label: str) -> str | None:
    """None unless the token ends with the label ("…处理决定数量行政许可" in glued text; "行政规范性文件"
    for 规范性文件 as well); then the sign printed right after it ("其他对外管理服务事项 -3": the
    tokenizer leaves a sign with the words before it), or ""."""
    text = _compact(text)
    if text[-1:] in _SIGNS and text[:-1].endswith(label):
        return text[-1]
    return "" if text.endswith(label) else None


def _pieces(tokens: list[tuple[int, Token]], start: int, sign: str = "") -> list[_Piece]:
    """The numbers after the label at tokens[start - 1], up to the next word."""
    out: list[_Piece] = []
    for n in range(start, len(tokens)):
        token = tokens[n][1]
        if token.kind == NUM:
            out.append(_Piece(token.raw, sign))
            sign = ""
        elif token.kind in (DASH, BLANK):
            out.append(_Piece("—" if token.kind == DASH else ""))
        elif token.kind == TEXT:
            word = _compact(token.raw)
            following = tokens[n + 1][1] if n + 1 < len(tokens) else None
            if word in _SIGNS and not sign and following is not None and following.kind == NUM:
                sign = word
            elif (
                out and not out[-1].unit and out[-1].digits[:1].isdigit() and word in (_YUAN_PER.keys() | _COUNT_UNITS)
            ):
                out[-1].unit = word
            else:
                break
        else:
            break
    return out


def _cell(piece: _Piece, kind: str, header_unit: str) -> int | float | str:
    """The cell's value, or why it is not read (a str)."""
    if piece.digits == "—":
        return 0
    if not piece.digits:
        return "空白"
    if kind == f.YUAN:
        unit = piece.unit or header_unit
        if unit not in _YUAN_PER:
            return f"单位「{unit}」不是元或万元" if unit else "未注明单位（元或万元）"
        if header_unit and _YUAN_PER[unit] != _YUAN_PER[header_unit]:
            return f"单位「{unit}」与表头的「{header_unit}」不符"
        if piece.sign or not _AMOUNT_DIGITS.fullmatch(piece.digits):
            return "不是金额"
        amount = Decimal(piece.digits.replace(",", "")) * _YUAN_PER[unit]
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    if piece.unit and piece.unit not in _COUNT_UNITS:
        return f"数字带有单位「{piece.unit}」，与表格的单位不符"
    digits = piece.digits.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", piece.digits) else piece.digits
    if not digits.isdigit():
        return "件数不是整数"
    if piece.sign and kind != f.SIGNED_COUNT:
        return "件数不应带正负号"
    return _SIGNS.get(piece.sign, 1) * int(digits)


def _splits(pieces: list[_Piece], kinds: list[str]) -> Iterator[list[_Piece]]:
    """Every way to cut the printed numbers into one piece per column: each printed number into
    consecutive cells, never across two of them, each cell a number its column can hold."""
    if not pieces:
        if not kinds:
            yield []
        return
    first, rest = pieces[0], pieces[1:]
    digits = first.digits
    for cells in range(1, len(kinds) - len(rest) + 1):
        for cut in _cuts(digits, kinds[:cells]):
            parts = [_Piece(part) for part in cut]
            parts[0].sign = first.sign
            parts[-1].unit = first.unit
            for tail in _splits(rest, kinds[cells:]):
                yield parts + tail


def _cuts(digits: str, kinds: list[str]) -> Iterator[list[str]]:
    if len(kinds) == 1:
        grammar = _AMOUNT_DIGITS if kinds[0] == f.YUAN else _COUNT_CELL
        if grammar.fullmatch(digits):
            yield [digits]
        return
    for end in range(1, len(digits)):
        head = digits[:end]
        if _COUNT_DIGITS.fullmatch(head):  # only the last cell of a block (the amount) has decimals
            for tail in _cuts(digits[end:], kinds[1:]):
                yield [head, *tail]


def read_table2_2019(tokens: list[tuple[int, Token]], narrative: str = "") -> tuple[dict, list[Unplaced]]:
    values: dict = {}
    unplaced: list[Unplaced] = []
    header = _HEADER_UNIT.search(_compact("".join(t.raw for _, t in tokens if t.kind == TEXT)))
    header_unit = header.group(1) if header else ""
    for block in f.T2_2019_BLOCKS:
        block_start = next(
            (n for n, (_, t) in enumerate(tokens) if t.kind == TEXT and block.article in _compact(t.raw)), 0
        )
        kinds = [col.kind or block.kind for col in block.columns]
        for middle, label in block.rows:
            keys = tuple(f.t2_2019_key(middle, col.suffix) for col in block.columns)
            at, sign = next(
                (
                    (n, found)
                    for n in range(block_start, len(tokens))
                    if tokens[n][1].kind == TEXT and (found := _label_sign(tokens[n][1].raw, label)) is not None
                ),
                (None, ""),
            )
            if at is None:
                continue
            pieces = _pieces(tokens, at + 1, sign)
            while len(pieces) > len(keys) and not pieces[-1].digits:
                pieces.pop()  # blank cells beyond the row's columns: the grid of a wider block
            if not pieces:
                continue
            where = f"第{tokens[at][0]}行（表二「{label}」，2019年格式）"
            shown = " ".join(p.shown() for p in pieces)
            if len(pieces) < len(keys) and all(p.digits[:1].isdigit() for p in pieces):
                split = _split_run(pieces, kinds, label, narrative, header_unit)
                if isinstance(split, int):
                    reason = f"各列数字连在一起（{split}种拆分），正文也无法确认，未导入"
                    unplaced.append(Unplaced(where, reason, keys, shown))
                    continue
                pieces = split
            if len(pieces) != len(keys):
                unplaced.append(Unplaced(where, f"应有{len(keys)}个数字，实有{len(pieces)}个，未导入", keys, shown))
                continue
            for key, piece, kind in zip(keys, pieces, kinds):
                value = _cell(piece, kind, header_unit)
                if isinstance(value, str):
                    unplaced.append(Unplaced(where, f"{value}，未导入", (key,), piece.shown()))
                else:
                    values[key] = value
    return values, unplaced


def _split_run(
    pieces: list[_Piece], kinds: list[str], label: str, narrative: str, header_unit: str
) -> list[_Piece] | int:
    """The one split of numbers printed together that the columns allow (or the narrative
    confirms), else how many splits there are."""
    options: list[tuple[list[_Piece], tuple[int | float, ...]]] = []
    for option in _splits(pieces, kinds):
        cells = [_cell(p, k, header_unit) for p, k in zip(option, kinds)]
        numbers = tuple(c for c in cells if not isinstance(c, str))
        if len(numbers) == len(cells):
            options.append((option, numbers))
        if len(options) > _MAX_OPTIONS:
            break
    if len(options) == 1:
        return options[0][0]
    whole = [tuple(c for c in cells if isinstance(c, int)) for _, cells in options]
    if len(options) > 1 and all(len(w) == len(kinds) for w in whole):
        chosen = choose_split(whole, narrative, label)
        if chosen is not None:
            return next(option for option, cells in options if cells == chosen)
    return len(options)

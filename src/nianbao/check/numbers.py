"""Turning what a clerk typed (or what COM/calamine returned) into a number, or a problem.

Pure Python: shared by the workbook readers, the xlwings entry points and the importers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from nianbao.spec.format2021 import AMOUNT, AMOUNT_DECIMALS
from nianbao.spec.rules import NEGATIVE, NOT_A_NUMBER, NOT_WHOLE, TEXT_NUMBER, TOO_MANY_DECIMALS

# The one table of full-width characters read as ASCII (one character for one: spans stay
# valid). The importers and the narrative checks use it too.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．－，＋", "0123456789.-,+")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# Beyond Excel's 15 significant digits: no count or amount a clerk means (and 1e308 would
# overflow the sums and the annotated copy). Read as "not a number", not as a number.
MAX_MAGNITUDE = 10**15
TOO_BIG = "（数值过大）"
MAX_SHOWN = 60  # characters of a typed text quoted back in a message


@dataclass(frozen=True)
class Parsed:
    value: int | float | None  # None: blank or unusable
    problem: str | None = None  # rule id of a value rule, or None
    found: str = ""  # what was typed, for the message


def normalize_number(value: float | int, kind: str) -> int | float:
    """COM and calamine give floats; counts become ints, amounts are rounded to AMOUNT_DECIMALS."""
    if kind == AMOUNT:
        rounded = round(float(value), AMOUNT_DECIMALS)
        return int(rounded) if rounded == int(rounded) else rounded
    if float(value) == int(value):
        return int(value)
    return float(value)


def whole_count(raw, kind: str) -> int | None:
    """The common cell, cheaply: a whole, non-negative number as calamine and COM give it (a
    float), in a count cell; None for anything else, which parse_cell classifies."""
    if type(raw) is float and kind != AMOUNT and 0 <= raw < MAX_MAGNITUDE and raw.is_integer():
        return int(raw)
    return None


def parse_cell(raw, kind: str) -> Parsed:
    """Classify one input cell's raw content."""
    if raw is None:
        return Parsed(None)
    count = whole_count(raw, kind)
    if count is not None:
        return Parsed(count)
    if isinstance(raw, bool):
        return Parsed(None, NOT_A_NUMBER.id, str(raw).upper())
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (math.isnan(raw) or math.isinf(raw)):
            return Parsed(None, NOT_A_NUMBER.id, str(raw))
        if abs(raw) >= MAX_MAGNITUDE:
            return Parsed(None, NOT_A_NUMBER.id, shown(f"{raw:g}" if isinstance(raw, float) else str(raw)) + TOO_BIG)
        decimals = 0 if abs(raw - round(raw, AMOUNT_DECIMALS)) < 1e-9 else AMOUNT_DECIMALS + 1
        return _check_range(
            normalize_number(raw, kind) if kind != AMOUNT or not decimals else raw, kind, _show(raw), decimals=decimals
        )
    text = str(raw).strip()
    if not text:
        return Parsed(None)
    typed = shown(text)
    converted = text.translate(FULL_WIDTH).replace(" ", "").replace("\u3000", "")
    if _NUMBER_TEXT.match(converted):
        try:
            number = Decimal(converted.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            return Parsed(None, NOT_A_NUMBER.id, typed)
        if abs(number) >= MAX_MAGNITUDE:
            return Parsed(None, NOT_A_NUMBER.id, typed + TOO_BIG)
        value = (
            normalize_number(float(number), kind)
            if kind == AMOUNT
            else (int(number) if number == number.to_integral_value() else float(number))
        )
        checked = _check_range(value, kind, typed, decimals=_decimals(number))
        if checked.problem:
            return checked
        return Parsed(checked.value, TEXT_NUMBER.id, typed)
    return Parsed(None, NOT_A_NUMBER.id, typed)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """A text field as read: control characters (invisible, and no .xlsx/.docx/.html may hold
    them) dropped; tabs and line breaks kept."""
    return _NOT_XML.sub("", text)


def shown(text: str) -> str:
    """Typed text fit to be quoted in a message or written to a worksheet: control characters
    made visible (U+2400 pictures; XML cannot hold them), a long text cut short."""
    text = "".join(chr(0x2400 + ord(ch)) if ord(ch) < 0x20 else "\u2421" if ch == "\x7f" else ch for ch in text)
    if len(text) > MAX_SHOWN:
        text = f"{text[:MAX_SHOWN]}…（共{len(text)}字）"
    return text


_CHINESE_DIGITS = {
    **dict.fromkeys("零〇○", 0),
    **dict.fromkeys("一壹幺", 1),
    **dict.fromkeys("二贰两", 2),
    **dict.fromkeys("三叁", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_CHINESE_UNITS = {**dict.fromkeys("十拾", 10), **dict.fromkeys("百佰", 100), **dict.fromkeys("千仟", 1000)}
_CHINESE_MYRIADS = {**dict.fromkeys("万萬", 10_000), **dict.fromkeys("亿億", 100_000_000)}
# What a clerk may write after a number: "5件", "3 个", "2.29万元".
_UNIT_WORDS = re.compile(r"(件|个|份|次|条|人|家|万元|元)$")


def chinese_number(text: str) -> int | None:
    """The whole number a Chinese numeral means ("五" 5, "三千" 3000, "十二" 12, "两" 2, "一百零五" 105,
    "一二" 12), or None when `text` is not one. Used only to suggest the digits: never taken as a value."""
    text = _UNIT_WORDS.sub("", text.strip()).strip()
    if not text or any(
        ch not in _CHINESE_DIGITS and ch not in _CHINESE_UNITS and ch not in _CHINESE_MYRIADS for ch in text
    ):
        return None
    if all(ch in _CHINESE_DIGITS for ch in text):  # read digit by digit: "一二" 12, "二〇二四" 2024
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[ch]
        elif ch in _CHINESE_UNITS:
            section += (digit or 1) * _CHINESE_UNITS[ch]  # "十二": the leading 一 is left out
            digit = 0
        else:
            total = (total + section + digit) * _CHINESE_MYRIADS[ch]
            section = digit = 0
    return total + section + digit


def not_a_number_advice(found: str) -> str:
    """What to type instead of a text that is not a number (the tail of the 值-非数字 message)."""
    meant = chinese_number(found)
    if meant is not None:
        return f"请填阿拉伯数字，如 {meant}"
    bare = _UNIT_WORDS.sub("", found.translate(FULL_WIDTH).strip()).strip()
    if bare != found.strip() and _NUMBER_TEXT.match(bare):
        return f"请只填数字，不带单位，如 {bare}"
    return "没有的请填0"


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _check_range(value, kind: str, found: str, decimals: int | None = None) -> Parsed:
    if value < 0:
        return Parsed(None, NEGATIVE.id, found)
    if kind == AMOUNT:
        if decimals is not None and decimals > AMOUNT_DECIMALS:
            return Parsed(None, TOO_MANY_DECIMALS.id, found)
        return Parsed(value)
    if value != int(value):
        return Parsed(None, NOT_WHOLE.id, found)
    return Parsed(int(value))


def _show(raw) -> str:
    if isinstance(raw, float) and raw == int(raw):
        return str(int(raw))
    return str(raw)


def format_number(value) -> str:
    """How a number is written back to a clerk: 12, 2.29 (never 12.0)."""
    if value is None:
        return "空白"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.{AMOUNT_DECIMALS}f}".rstrip("0").rstrip(".")
    return str(value)

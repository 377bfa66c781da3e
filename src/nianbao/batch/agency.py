"""Telling whether two reports come from the same agency, and reading a report's year."""

from __future__ import annotations

import re
import unicodedata

# Bracketed remarks after a name, e.g. （区政府办公室编制）, [试行], 【本级】.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_SPACE = re.compile(r"\s+")


def agency_key(name) -> str:
    """A comparable form of an agency name: full-width folded, spaces and bracketed remarks dropped.

    "淮安市洪泽区人民政府（区政府办公室编制）" and "淮安市洪泽区 人民政府" give the same key.
    """
    if name is None:
        return ""
    text = unicodedata.normalize("NFKC", str(name))  # （）［］ and full-width letters/digits/space → ASCII
    text = _SPACE.sub("", text)
    previous = None
    while previous != text:  # nested brackets, innermost first
        previous = text
        text = _BRACKETED.sub("", text)
    return text.strip()


def report_year(meta: dict) -> int | None:
    """meta.year as an int, or None when absent or not a plausible year."""
    value = (meta or {}).get("year")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, str):
        digits = unicodedata.normalize("NFKC", value).strip().removesuffix("年")
        if not digits.isdigit():
            return None
        value = int(digits)
    if isinstance(value, int) and 1990 <= value <= 2100:
        return value
    return None

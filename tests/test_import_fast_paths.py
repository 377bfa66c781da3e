"""The importer's quick paths give what the plain readings give (issue 15: text/HTML import at
1,000 reports/s without changing any result).

Each quick path is compared with a straightforward reading of the same thing on thousands of
lines, digit strings or tables — random and as the published forms print them — and whole
reports in every text form are read back exactly.
"""

from __future__ import annotations

import random

import pytest

from nianbao.errors import UnreadableFile
from nianbao.importers import import_text
from nianbao.importers.html_source import _parse, _Target
from nianbao.importers.items import _markdown_lines, _plain_lines, is_plain
from nianbao.importers.splits import row_splits, splits
from nianbao.importers.table3 import (
    LAYOUTS,
    _constraints,
    _fill,
    _holds,
    _involving,
    _layout_indexed,
    _violated,
    columns,
    violations,
)
from nianbao.importers.tokens import _LABEL_NUMBER, _NORMAL, _PIECE, DASH, NUM, TEXT, Token, tokenize_text
from support.plain_html import PlainTarget, read_events
from test_import_glued import random_report, render_glued
from test_import_synthetic import AGENCY, TEXT_FORMS, random_values, render_html, render_run_together
from test_import_word_html import word_page

# ---------------------------------------------------------------- cutting a line into tokens


def plain_tokens(text: str) -> tuple[Token, ...]:
    """The tokens of a line, read figure by figure as the importer once did: the reference."""
    text = text.translate(_NORMAL)
    tokens: list[Token] = []

    def add_text(piece: str) -> None:
        piece = piece.strip()
        if not piece:
            return
        if tokens and tokens[-1].kind == TEXT:
            tokens[-1] = Token(TEXT, tokens[-1].raw + piece)
        else:
            tokens.append(Token(TEXT, piece))

    pos = 0
    for match in _PIECE.finditer(text):
        start, end = match.span()
        if start < pos:
            continue
        if match.group("num") is not None:
            raw = match.group("num")
            if _LABEL_NUMBER.match(text, end) and "." not in raw and "," not in raw:
                if len(raw) == 1:
                    continue
                raw = raw[:-1]
                end -= 1
            add_text(text[pos:start])
            tokens.append(Token(NUM, raw))
        else:
            add_text(text[pos:start])
            tokens.append(Token(DASH, match.group("dash")))
        pos = end
    add_text(text[pos:])
    return tuple(tokens)


_ALPHABET = list("0123456789.、 —-–─－，,（一）属于其他abc２０．＋\u3000\xa0\t“《\n") + ["2.", "1.属于", "12", "0 0"]


def _lines(rng: random.Random) -> list[str]:
    lines: list[str] = []
    for _ in range(40):
        v = random_values(rng, zeros=rng.choice([0.3, 0.9]))
        for render in TEXT_FORMS.values():
            lines += render(v, 2024)[0].split("\n")
        lines += render_run_together(v, 2024).split("\n")
        lines.append(render_glued(v, rng)[0])
    for _ in range(3000):
        lines.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 24))))
    return list(dict.fromkeys(lines))


def test_a_line_is_cut_as_the_plain_reading_cuts_it():
    rng = random.Random(15)
    differ = [line for line in _lines(rng) if tokenize_text(line) != plain_tokens(line)]
    assert differ == []


def test_a_row_numbered_before_its_label_keeps_the_number_in_the_label():
    assert tokenize_text("2.其他法律行政法规禁止公开 0 0 3 0 0 0 3") == (
        Token(TEXT, "2.其他法律行政法规禁止公开"),
        *(Token(NUM, x) for x in ["0", "0", "3", "0", "0", "0", "3"]),
    )
    # a figure glued to the next row's number gives its last digit back (no quick path)
    assert tokenize_text("0 0 0 0 0 0 00000002.其他") == plain_tokens("0 0 0 0 0 0 00000002.其他")


# ---------------------------------------------------------------- splitting digits run together


def _digit_string(rng: random.Random, cells: int, subtotal: bool) -> str:
    parts = [rng.choice([0, 0, 0, 1, 3, 7, 10, 12, 30, 105, 260]) for _ in range(cells)]
    if rng.random() < 0.7:
        tail = ([sum(parts[1:])] if subtotal else []) + [sum(parts)]
        return "".join(map(str, parts + tail))
    return "".join(rng.choice("0123456789") for _ in range(rng.randint(cells, cells + 9)))  # any digits


@pytest.mark.parametrize("subtotal", [False, True])
def test_row_splits_are_exactly_the_splits_that_add_up(subtotal):
    rng = random.Random(7 + subtotal)
    width = 8 if subtotal else 7

    def adds_up(p):
        return sum(p[:6]) == p[-1] and (not subtotal or sum(p[1:6]) == p[6])

    for _ in range(400):
        digits = _digit_string(rng, 6, subtotal)
        if len(digits) > 17:
            continue  # beyond, the brute force gives up (too many splits to list)
        brute = splits(digits, width, adds_up)
        assert brute is not None
        assert sorted(row_splits(digits, 6, 5 if subtotal else 0) or ()) == sorted(brute), digits


# ---------------------------------------------------------------- table 三's rules on positions


def test_rules_judged_on_row_positions_count_as_the_rules_do():
    rng = random.Random(3)
    for width in (7, 8):
        cols = columns(width)
        for layout in rng.sample(LAYOUTS, 40):
            for _ in range(5):
                chosen: list = []
                for _ in layout.rows:
                    if rng.random() < 0.1:
                        chosen.append(None)  # a row not read
                        continue
                    parts = [rng.choice([0, 0, 1, 2, 5]) for _ in range(5)]
                    row = [rng.choice([0, 1, 3])] + parts + ([sum(parts)] if width == 8 else [])
                    row.append(sum(row[:6]) if rng.random() < 0.8 else 99)
                    if rng.random() < 0.1:
                        row[rng.randrange(width)] = None  # a total not printed
                    chosen.append(tuple(row))
                expected = violations(_fill(layout, chosen, cols), _constraints(layout, cols))
                indexed = _layout_indexed(layout, width)
                assert _violated(chosen, indexed) == expected
                assert _holds(chosen, indexed) == (expected == 0)
                # the relations of some rows and the others, judged apart, judge as all of them
                moving, fixed = _involving(indexed, set(rng.sample(range(len(chosen)), 3)))
                assert (_holds(chosen, moving) and _holds(chosen, fixed)) == (expected == 0)


# ---------------------------------------------------------------- whole reports


@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
def test_hundreds_of_reports_in_each_form_read_back_exactly(form):
    rng = random.Random(sum(map(ord, form)))
    for _ in range(300):
        values = random_values(rng, zeros=rng.choice([0.97, 0.9, 0.75, 0.5, 0.2]))
        text, kind = TEXT_FORMS[form](values, 2024)
        result = import_text(text, kind)
        assert result.report.values == values
        assert result.unplaced == []
        assert result.report.meta["agency"] == AGENCY


def test_the_same_report_twice_reads_the_same():
    """The per-line caches hold nothing a second reading could see differently."""
    rng = random.Random(11)
    for form, render in sorted(TEXT_FORMS.items()):
        values = random_values(rng, zeros=0.6)
        text, kind = render(values, 2023)
        first, second = import_text(text, kind), import_text(text, kind)
        assert first.to_json() == second.to_json(), form


# ---------------------------------------------------------------- HTML pages: the parser's events

_HTML_TAGS = ["p", "div", "span", "b", "br", "td", "th", "tr", "table", "tbody", "thead", "caption", "font", "li"]
_HTML_RARE = ["title", "script", "style", "noscript", "head", "template", "h2", "center", "colgroup", "tfoot"]
_HTML_TEXT = ["0", "12", " ", "\n", "&nbsp;", "\xa0", "\u3000", "一、总体情况", "规章", "&lt;", "&amp;", "报告", "3 5"]
_HTML_ATTRS = ["", " rowspan='2'", " colspan=3", " rowspan=' 4 '", " colspan='x'", ' rowspan=""', " width=60"]


def _tag_soup(rng: random.Random) -> str:
    """Open and close tags at random (many left open, some closed twice), text, entities and
    spans: what libxml2 must recover from, and the events then say."""
    out = [rng.choice(["", "\n", "<!DOCTYPE html>\n", "\n</p>\n", "x"])]
    if rng.random() < 0.5:
        out.append("<html><head><title>某区2023年政府信息公开工作年度报告</title></head><body>")
    for _ in range(rng.randint(5, 120)):
        roll = rng.random()
        if roll < 0.4:
            out.append(rng.choice(_HTML_TEXT))
        elif roll < 0.75:
            tag = rng.choice(_HTML_TAGS if rng.random() < 0.9 else _HTML_RARE)
            out.append(f"<{tag}{rng.choice(_HTML_ATTRS) if tag in ('td', 'th') else ''}>")
        else:
            out.append(f"</{rng.choice(_HTML_TAGS if rng.random() < 0.9 else _HTML_RARE)}>")
    return "".join(out)


def _table_page(rng: random.Random) -> str:
    """Tables as editors write them: spans, a cell's text over <p> and <span>, closings left out."""
    rows = []
    for _ in range(rng.randint(1, 8)):
        cells = "".join(
            f"<td{rng.choice(_HTML_ATTRS)}>{rng.choice(_HTML_TEXT)}"
            + (f"<p><span>{rng.choice(_HTML_TEXT)}</span></p>" if rng.random() < 0.3 else "")
            + ("</td>" if rng.random() < 0.8 else "")
            for _ in range(rng.randint(0, 6))
        )
        rows.append(f"<tr>{cells}</tr>" if rng.random() < 0.8 else f"<tr>{cells}")
    body = "".join(rows)
    table = f"<table><tbody>{body}</tbody></table>" if rng.random() < 0.5 else f"<table>{body}</table>"
    text = "".join(f"<p>{rng.choice(_HTML_TEXT)}</p>{rng.choice(_HTML_TEXT)}" for _ in range(rng.randint(0, 4)))
    return f"<html><head><title>{rng.choice(_HTML_TEXT)}</title></head><body>{text}{table}{text}</body></html>"


def test_an_html_page_is_read_as_the_plain_events_read_it():
    rng = random.Random(151)
    pages = [_tag_soup(rng) for _ in range(1500)] + [_table_page(rng) for _ in range(1500)]
    pages += [render_html(random_values(rng, zeros=z), 2024) for z in (0.3, 0.9) for _ in range(10)]
    pages += [word_page(random_report(rng, single_other=o == "rowspan"), other=o) for o in ("official", "rowspan")]
    for page in pages:
        assert read_events(page, _Target()) == read_events(page, PlainTarget()), page


def test_the_parser_kept_for_the_next_page_reads_it_as_a_new_one():
    """One parser (and target) serves every page of a thread; a page that fails half-way (too
    many grid positions, raised from inside the events) must leave nothing for the next one."""
    rng = random.Random(152)
    huge = "<table><tr>" + "<td rowspan=200 colspan=200>1</td>" * 15 + "</tr>" + "<tr><td>1</td></tr>" * 200
    huge = "<p>x</p>" + huge + "</table><p>" + "y" * 20
    pages = [_table_page(rng) if n % 3 else _tag_soup(rng) for n in range(300)]
    pages[::25] = [huge] * len(pages[::25])
    for page in pages:
        try:
            expected = read_events(page, PlainTarget())[:2]
        except UnreadableFile:
            with pytest.raises(UnreadableFile):
                _parse(page)
            continue
        assert _parse(page) == expected, page


def test_a_text_without_pipes_heading_marks_tabs_or_boxes_is_cut_into_lines_as_markdown_cuts_it():
    rng = random.Random(153)
    alphabet = [*_ALPHABET, "\n", "\n\n", "  ", "- 3 -", "第 2 页", "３/５", "2 / 9", "x" * 210, "。一、总体情况"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))) for _ in range(4000)]
    for _ in range(20):
        v = random_values(rng, zeros=0.5)
        texts += [render(v, 2024)[0] for render in TEXT_FORMS.values()]
    plain = [t for t in texts if is_plain(t)]
    assert len(plain) > 2000
    for text in plain:
        assert _plain_lines(text) == _markdown_lines(text), text

"""Monospace text dumps (w3m -dump, lynx -dump) of report pages whose tables have no borders and
whose zeros were left blank: the blank cells are put back from the character columns where the
figures and the header words stand (importers/text_columns.py), and only where that is certain.

The dumps are made by the real programs (installed here and under CI; a missing one fails under
CI) from pages written as Word and Excel write them (tests/support/blind_html.py).
"""

from __future__ import annotations

import os
import random
import re
import unicodedata
from pathlib import Path

import pytest

from nianbao.importers import import_text
from nianbao.importers.text_columns import BLANK, fill_text_columns
from nianbao.spec import format2021 as f
from support import blind_text
from support.blind_html import Page, Style, render_page
from test_import_synthetic import random_values

SAMPLES = Path(__file__).parent / "data" / "samples"
OTHER_ROWS = tuple(f"t3.{r.middle}." for r in f.T3_OTHER_ROWS)
OTHER_2019 = f"t3.{f.T3_OTHER_2019.middle}."


def _dump(program: str, page: Page) -> str:
    text = getattr(blind_text, program)(page.html)
    if text is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is not installed, and CI must run this test")
        pytest.skip(f"{program} is not installed")
    return text


def _page(writer: str, seed: int, zeros: float = 0.8, **changes: int) -> Page:
    rng = random.Random(f"text-columns-{writer}-{seed}")
    values = random_values(rng, zeros=zeros)
    values.update({k.replace("__", "."): v for k, v in changes.items()})
    return render_page(values, rng, writer, style=Style(zero=""))


def _wrong(got: dict, truth: dict) -> dict:
    return {k: (v, truth.get(k, "absent")) for k, v in got.items() if truth.get(k, "absent") != v}


def _other_block_printed(truth: dict) -> bool:
    """（六）其他处理 printed as three rows with figures on two of them at least: only then can a dump
    tell its rows (one set of figures spanning the three looks like one row beside two blank ones)."""
    if any(k.startswith(OTHER_2019) for k in truth):
        return False
    return sum(1 for r in OTHER_ROWS if truth[r + "total"]) >= 2


def _tables_3_and_4(values: dict) -> dict:
    return {k: v for k, v in values.items() if k.startswith(("t3.", "t4."))}


def _expected(truth: dict, paragraphs: bool = False) -> dict:
    """Every cell of tables 二, 三 and 四 as printed, （六） where a dump can tell its rows (always
    in a dump of a paragraph per cell, where a blank cell is a blank line), a table where it is
    not wholly blank (no figure to tell the dump's layout by: the importer's business)."""
    out = _tables_3_and_4(truth)
    if any(v for k, v in truth.items() if k.startswith("t2.")):
        out.update({k: v for k, v in truth.items() if k.startswith("t2.")})
    if not paragraphs and not _other_block_printed(truth):
        out = {k: v for k, v in out.items() if not k.startswith((*OTHER_ROWS, OTHER_2019))}
    if not any(v for k, v in truth.items() if k.startswith("t4.")):
        out = {k: v for k, v in out.items() if not k.startswith("t4.")}
    return out


CASES = [("word", "w3m"), ("excel", "w3m"), ("excel", "lynx")]


@pytest.mark.parametrize(("writer", "program"), CASES)
@pytest.mark.parametrize("seed", range(4))
def test_blank_zeros_of_a_borderless_table_are_read_from_their_columns(writer, program, seed):
    """表格无边框、0 印作空白，w3m/lynx 转成文本后各数字仍在各自的列：表二、表三、表四每一格照印出的读，空白读作 0。"""
    page = _page(writer, seed)
    result = import_text(_dump(program, page), "txt")
    got = result.report.values
    assert _wrong(got, page.truth) == {}
    expected = _expected(page.truth)
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize("seed", range(6))
def test_blank_zeros_of_a_word_page_dumped_by_lynx_are_counted_by_blank_lines(seed):
    """lynx 把 Word 网页的每一格写成单独一段：空白格多一个空行。按空行数出每个数字在第几格，每一格照印出的读，
    （六）其他处理三项合印一行（rowspan=3）也认得出。"""
    page = _page("word", seed)
    text = _dump("lynx", page)
    assert "\n\n\n" in text
    got = import_text(text, "txt").report.values
    assert _wrong(got, page.truth) == {}
    expected = _expected(page.truth, paragraphs=True)
    assert {k: got.get(k) for k in expected} == expected


def test_a_count_of_blank_lines_that_does_not_come_to_seven_cells_leaves_table_3_as_printed():
    """lynx 转储中一行的空行数对不上七格（多了一个空行）：不知道哪一格多出来，表三原样留下。"""
    page = _page("word", 1)
    text = _dump("lynx", page)
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip() == "（一）予以公开")
    lines.insert(i + 1, "")
    extra = "\n".join(lines) + "\n"
    assert _t3_lines_unchanged(extra, fill_text_columns(extra))
    assert _wrong(import_text(extra, "txt").report.values, page.truth) == {}


@pytest.mark.parametrize("writer", ["word", "excel"])
def test_a_table_3_with_no_row_printed_in_full_is_read_from_its_header_words(writer):
    """没有一行七格都有数字（绝大多数格为 0）：各列的位置由表头“自然人 … 总计”定出，照样读出每一格。"""
    page = _page(writer, 11, zeros=0.95, t3__new__natural_person=0, t3__results_total__natural_person=0)
    text = _dump("w3m", page)
    rows = [line for line in text.splitlines() if len(re.findall(r"(?<!\S)\d+(?!\S)", line)) == 7]
    assert rows == []
    got = import_text(text, "txt").report.values
    assert _wrong(got, page.truth) == {}
    expected = _expected(page.truth)
    assert {k: got.get(k) for k in expected if k.startswith("t3.")} == {
        k: v for k, v in expected.items() if k.startswith("t3.")
    }


def _row_line(text: str, label_start: str) -> tuple[list[str], int]:
    lines = text.splitlines()
    return lines, next(i for i, line in enumerate(lines) if label_start in line)


def _t3_lines_unchanged(before: str, after: str) -> bool:
    """Whether table 三 (its first row's line up to table 四's header) stands as printed."""
    old, new = before.splitlines(), after.splitlines()
    start = next(i for i, line in enumerate(old) if "一、本年新收" in line)
    end = next(i for i, line in enumerate(old) if "结果维持" in line)
    return len(old) == len(new) and old[start:end] == new[start:end]


def _figure_spans(line: str) -> list[re.Match]:
    return list(re.finditer(r"\d+", line))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _at_column(text: str, column: int) -> int:
    """The index in text where display column `column` begins."""
    width = 0
    for i, ch in enumerate(text):
        if width >= column:
            return i
        width += _width(ch)
    return len(text)


def test_a_figure_straddling_two_columns_leaves_table_3_as_printed():
    """“予以公开”一行的一个数字跨在“科研机构”“社会公益组织”两列之间：哪一列都说不准，表三原样留下，不猜。"""
    page = _page("excel", 1, t3__granted__research=12345678, t3__granted__total=12345678)
    text = _dump("w3m", page)
    assert not _t3_lines_unchanged(text, fill_text_columns(text))  # as printed, it is read
    lines, i = _row_line(text, "（一）予以公开")
    header = next(line for line in lines if "科研机构" in line and "社会公益" in line)
    research_end = _width(header[: header.index("科研机构") + 4])
    figure = _figure_spans(lines[i])[0]
    start = _width(lines[i][: figure.start()])
    shift = research_end - 3 - start  # from its column to three columns before the next one begins
    assert shift > 0
    at = _at_column(lines[i], start)
    lines[i] = lines[i][:at] + " " * shift + figure.group() + lines[i][figure.end() + shift :]
    moved = "\n".join(lines) + "\n"
    assert _t3_lines_unchanged(moved, fill_text_columns(moved))
    assert _wrong(import_text(moved, "txt").report.values, page.truth) == {}


def test_a_row_with_a_figure_under_no_column_leaves_table_3_as_printed():
    """一行的数字落在所有列之外（总计列右边）：不属于任何一列，表三原样留下。"""
    page = _page("word", 2)
    text = _dump("w3m", page)
    lines, i = _row_line(text, "（七）总计")
    lines[i] = lines[i].rstrip() + "          99"
    moved = "\n".join(lines) + "\n"
    assert _t3_lines_unchanged(moved, fill_text_columns(moved))
    assert _wrong(import_text(moved, "txt").report.values, page.truth) == {}


def test_a_total_left_blank_beside_figures_is_not_read_as_zero():
    """一行有数字而“总计”一格空白：总计没有印出，不是 0；表三原样留下。"""
    page = _page("excel", 3, t3__granted__commercial=12, t3__granted__research=0, t3__granted__total=12)
    text = _dump("w3m", page)
    lines, i = _row_line(text, "（一）予以公开")
    total = _figure_spans(lines[i])[-1]
    lines[i] = lines[i][: total.start()].rstrip()
    cut = "\n".join(lines) + "\n"
    assert _t3_lines_unchanged(cut, fill_text_columns(cut))
    assert import_text(cut, "txt").report.values.get("t3.granted.total") != 0


def test_a_row_label_out_of_the_formats_order_leaves_table_3_as_printed():
    """两行行名次序与格式不同：各行对不上格式的行，表三原样留下。"""
    page = _page("excel", 4)
    text = _dump("lynx", page)
    lines = text.splitlines()
    a = next(i for i, line in enumerate(lines) if "2.重复申请" in line)
    b = next(i for i, line in enumerate(lines) if "3.要求提供公开出版物" in line)
    lines[a], lines[b] = lines[b], lines[a]
    swapped = "\n".join(lines) + "\n"
    assert _t3_lines_unchanged(swapped, fill_text_columns(swapped))
    assert _wrong(import_text(swapped, "txt").report.values, page.truth) == {}


def test_the_other_block_with_one_set_of_figures_is_left_unread():
    """（六）其他处理只有一个分项有数字、另两项空白：三项合印的一行，还是另两项为 0，说不准——不读，不猜。"""
    changes = {f"t3__{r.middle.replace('.', '__')}__{c.suffix}": 0 for r in f.T3_OTHER_ROWS for c in f.T3_COLUMNS}
    changes.update(t3__other__no_correction__commercial=9, t3__other__no_correction__total=9)
    page = _page("word", 5, **changes)
    result = import_text(_dump("w3m", page), "txt")
    got = result.report.values
    assert _wrong(got, page.truth) == {}
    assert not any(k.startswith(OTHER_ROWS) for k in got)
    assert got["t3.granted.total"] == page.truth["t3.granted.total"]


def test_table_4_blank_cells_are_placed_under_their_header_words():
    """表四只有一行数字，各格位置由“结果维持 … 总计”三组表头定出：空白格读作 0。"""
    changes = {f"t4__{g.suffix}__{c.suffix}": 0 for g in f.T4_GROUPS for c in f.T4_COLUMNS}
    changes.update(t4__review__corrected=3, t4__review__total=3, t4__suit_after_review__pending=2)
    changes.update(t4__suit_after_review__total=2)
    page = _page("word", 6, **changes)
    text = _dump("w3m", page)
    filled = fill_text_columns(text)
    row = [BLANK] * 15
    row[1], row[4], row[13], row[14] = "3", "3", "2", "2"
    assert " ".join(row) in filled.splitlines()
    got = import_text(text, "txt").report.values
    assert {k: v for k, v in got.items() if k.startswith("t4.")} == {
        k: v for k, v in page.truth.items() if k.startswith("t4.")
    }


@pytest.mark.parametrize("form", ["copy_all", "nodes", "glued", "pipes"])
def test_other_text_forms_are_not_changed(form):
    """浏览器复制、爬虫逐格成行、去掉空白的文本、Markdown 表格：都不是按列排版的转储，原样不动。"""
    page = _page("word", 8)
    text, _ = blind_text.TEXT_FORMS[form](page, random.Random(8))
    assert fill_text_columns(text) == text


@pytest.mark.parametrize("program", ["w3m", "lynx"])
def test_a_dump_with_every_zero_printed_is_not_changed(program):
    """0 都印作“0”的表：没有空白格可补，原样不动。"""
    rng = random.Random("text-columns-zeros")
    page = render_page(random_values(rng, zeros=0.8), rng, "excel", style=Style(zero="0"))
    text = _dump(program, page)
    assert fill_text_columns(text) == text


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".md")), ids=str)
def test_the_shared_samples_are_not_changed(path):
    text = path.read_text(encoding="utf-8")
    assert fill_text_columns(text) == text


def test_the_other_block_spanning_its_sub_rows_is_told_in_a_lynx_dump_of_a_word_page():
    """（六）其他处理三项合印一行（rowspan=3）：lynx 转储中后两项没有一格（不是七个空白格），认得出是合印的一行，照印出的读。"""
    page = _page("word", 3)
    merged = {k: v for k, v in page.truth.items() if k.startswith(OTHER_2019)}
    assert merged and not any(k.startswith(OTHER_ROWS) for k in page.truth)
    got = import_text(_dump("lynx", page), "txt").report.values
    assert {k: got.get(k) for k in merged} == merged
    assert not any(k.startswith(OTHER_ROWS) for k in got)


def test_table_2_is_not_read_by_columns_where_table_3_shows_none():
    """lynx 把有边框的 CMS 表格按格连写（不按列对齐）：“规章  2763”恰好落在“本年制发件数”之下，但表三没有按列排版，
    说明这份转储不是按列排的——表二不按列猜（2763 是“本年废止件数”）。"""
    rng = random.Random("xcms/lynx-9")
    page = render_page(random_values(rng, zeros=rng.choice([0.5, 0.8, 0.95])), rng, "cms", style=Style(zero=""))
    assert page.truth["t2.regulations.repealed"] == 2763
    text = _dump("lynx", page)
    assert re.search(r"规章 +2763", text)
    filled = fill_text_columns(text)
    assert [line for line in filled.splitlines() if "规章" in line] == [
        line for line in text.splitlines() if "规章" in line
    ]
    got = import_text(text, "txt").report.values
    assert not any(k.startswith("t2.regulations.") and v != page.truth[k] for k, v in got.items())

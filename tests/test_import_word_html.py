"""Word-made HTML as government CMS (TRS and the like) publish it, written by hand the way
those editors write it: the official layout's rowspan/colspan, a cell's text split over
<p> and <span>, &nbsp; padding, empty spacer cells, the table inside a layout table, a page
in GBK declared only in <meta> — and （六）其他处理 printed with its three sub-row labels
but one set of number cells spanning them (rowspan=3): the single row t3.other_2019.*."""

from __future__ import annotations

import random

import pytest

from nianbao.importers import import_report
from nianbao.spec import format2021 as f
from test_import_glued import random_report

AGENCY = "某某县某某局"
COLS = [c.suffix for c in f.T3_COLUMNS]


def _cell(text: object, rowspan: int = 1, colspan: int = 1, width: int = 60) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    words = str(text)
    if len(words) > 6 and not words.isdigit():
        # Word splits a long label over runs, and pads the cell
        cut = len(words) // 2
        inner = (
            f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt;font-family:宋体">{words[:cut]}</span>'
            f'<span style="font-size:10.5pt;font-family:宋体">{words[cut:]}</span></p>'
        )
    else:
        inner = f'<p class="MsoNormal" align="center"><span lang="EN-US" style="font-size:10.5pt">{words}</span></p>'
    return f'<td width="{width}" valign="center" style="border:solid windowtext 1.0pt"{spans}>{inner}</td>'


def _numbers(v: dict, middle: str, rowspan: int = 1) -> str:
    return "".join(_cell(v[f.t3_key(middle, c)], rowspan) for c in COLS)


def table3_html(v: dict, other: str = "official") -> str:
    """Table 三 in the official layout (three label columns, spans as in the format's table)."""
    rows = [
        "<tr>"
        + _cell(f.T3_NOTE, 3, 3, 200)
        + _cell(f.T3_APPLICANT_HEADER, colspan=7)
        + "<td style='border:none' width=0>&nbsp;</td></tr>",
        "<tr>" + _cell("自然人", 2) + _cell(f.T3_ORG_GROUP, colspan=5) + _cell("总计", 2) + "</tr>",
        "<tr>" + "".join(_cell(c.label) for c in f.T3_PART_COLUMNS[1:]) + "</tr>",
    ]
    rows.append("<tr>" + _cell(f.T3_ROWS[0].label, colspan=3) + _numbers(v, "new") + "</tr>")
    rows.append("<tr>" + _cell(f.T3_ROWS[1].label, colspan=3) + _numbers(v, "carried_over") + "</tr>")
    results = list(f.T3_ROWS[3:-1])  # （一）予以公开 … （七）总计
    n_result_lines = sum(1 for r in results if r.middle)  # table rows: a group heading shares its first item's
    first = True
    i = 0
    while i < len(results):
        row = results[i]
        lead = _cell(f.T3_RESULTS_HEADING, n_result_lines) if first else ""
        first = False
        if row.middle is None:  # a group heading: its items follow, labelled in the third column
            items = [r for r in results[i + 1 :] if r.group == row.label]
            if row.label == f.T3_OTHER_2019.label and other == "rowspan":
                rows.append(
                    "<tr>"
                    + lead
                    + _cell(row.label, 3)
                    + _cell(items[0].label)
                    + _numbers(v, f.T3_OTHER_2019.middle, 3)
                    + "</tr>"
                )
                rows += ["<tr>" + _cell(it.label) + "</tr>" for it in items[1:]]
            else:
                rows.append(
                    "<tr>"
                    + lead
                    + _cell(row.label, len(items))
                    + _cell(items[0].label)
                    + _numbers(v, items[0].middle)
                    + "</tr>"
                )
                rows += ["<tr>" + _cell(it.label) + _numbers(v, it.middle) + "</tr>" for it in items[1:]]
            i += 1 + len(items)
            continue
        rows.append("<tr>" + lead + _cell(row.label, colspan=2) + _numbers(v, row.middle) + "</tr>")
        i += 1
    rows.append("<tr>" + _cell(f.T3_ROWS[-1].label, colspan=3) + _numbers(v, "carried_forward") + "</tr>")
    return '<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0">' + "".join(rows) + "</table>"


def table2_html(v: dict) -> str:
    rows = []
    for block in f.T2_BLOCKS:
        rows.append("<tr>" + _cell(block.article, colspan=4) + "</tr>")
        head = [_cell(f.T2_CONTENT_HEADER)] + [
            _cell(c.label, colspan=3 if len(block.columns) == 1 else 1) for c in block.columns
        ]
        rows.append("<tr>" + "".join(head) + "</tr>")
        for middle, label in block.rows:
            cells = [_cell(label)] + [
                _cell(v[f.t2_key(middle, c.suffix)], colspan=3 if len(block.columns) == 1 else 1) for c in block.columns
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def table4_html(v: dict) -> str:
    head1 = _cell("行政复议", colspan=5) + _cell(f.T4_SUIT_HEADER, colspan=10)
    head2 = "".join(_cell(c.label, 2) for c in f.T4_COLUMNS) + "".join(
        _cell(g.label, colspan=5) for g in f.T4_GROUPS[1:]
    )
    head3 = "".join(_cell(c.label) for c in f.T4_COLUMNS) * 2
    numbers = "".join(_cell(v[f.t4_key(g.suffix, c.suffix)]) for g in f.T4_GROUPS for c in f.T4_COLUMNS)
    return f'<table border="1"><tr>{head1}</tr><tr>{head2}</tr><tr>{head3}</tr><tr>{numbers}</tr></table>'


def word_page(v: dict, other: str = "official", encoding: str = "utf-8") -> bytes:
    s = f.SECTIONS
    charset = "gb2312" if encoding == "gbk" else "utf-8"

    def p(text: str) -> str:
        return (
            f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">{text}</span></p>'
        )

    body = [
        p(f"{AGENCY}2023年{f.REPORT_TITLE_SUFFIX}"),
        p("本报告依据《中华人民共和国政府信息公开条例》编制。统计期限自2023年1月1日至2023年12月31日。"),
        p(s[0].title),
        p("2023年，本局认真落实政府信息公开工作要求。"),
        p(s[1].title),
        table2_html(v),
        p(s[2].title),
        table3_html(v, other),
        p(s[3].title),
        table4_html(v),
        p(s[4].title),
        p("部分栏目更新不够及时。"),
        p(s[5].title),
        p("2023年，本局未收取信息处理费。"),
    ]
    # the CMS wraps the article in layout tables: a column of navigation beside it
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>年度报告</title></head><body>"
        '<table width="100%"><tr><td width="20%">首页 &gt; 政府信息公开 &gt; 年报</td><td>'
        '<div class="TRS_Editor"><div class="Section0">' + "".join(body) + "</div></div>"
        "</td></tr></table></body></html>"
    )
    return page.encode("gbk" if encoding == "gbk" else "utf-8")


def _expected(v: dict, other: str) -> dict:
    if other == "rowspan":
        return {k: x for k, x in v.items() if not k.startswith("t3.other.")}
    return v


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("seed", range(3))
def test_word_html_reads_exactly(tmp_path, seed, encoding):
    v = random_report(random.Random(seed))
    path = tmp_path / "report.html"
    path.write_bytes(word_page(v, encoding=encoding))
    result = import_report(path)
    assert result.report.values == v
    assert result.report.meta["agency"] == AGENCY


@pytest.mark.parametrize("seed", range(3))
def test_other_block_with_one_set_of_cells_spanning_three_sub_rows_is_the_single_row(tmp_path, seed):
    v = random_report(random.Random(50 + seed), single_other=True)
    path = tmp_path / "report.html"
    path.write_bytes(word_page(v, other="rowspan"))
    result = import_report(path)
    got = result.report.values
    assert {k: got[k] for k in got if k.startswith("t3.")} == {k: x for k, x in v.items() if k.startswith("t3.")}
    assert not any(k.startswith("t3.other.") for k in got)

"""Variants real reports print: table 四 by group rows or as a grid, tables that are images,
2019-format tables, a 合计 row together with a 小计 column."""

from __future__ import annotations

import random

import pytest

from nianbao.importers import import_text
from nianbao.spec import format2021 as f
from test_import_synthetic import (
    head,
    random_values,
    render_html,
    render_row_per_line,
    t2_lines,
    t3_header,
    t3_row,
    t4_header,
    t4_numbers,
    tail,
)

T4_KEYS = [f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS]


def _group_numbers(values: dict, group) -> list[int]:
    return [values[f.t4_key(group.suffix, c.suffix)] for c in f.T4_COLUMNS]


def _t4_forms(values: dict) -> dict[str, tuple[list[str], str]]:
    g = f.T4_GROUPS
    cols = [c.label for c in f.T4_COLUMNS]
    rows = [" ".join(map(str, _group_numbers(values, grp))) for grp in g]
    md_head = "| | " + " | ".join(cols) + " |"
    return {
        "three_labelled_rows": ([f"{grp.label} {row}" for grp, row in zip(g, rows)], "txt"),
        "three_bare_rows": (rows, "txt"),
        "two_rows": ([f"{g[0].label} {rows[0]}", f"{f.T4_SUIT_HEADER} {rows[1]} {rows[2]}"], "txt"),
        "markdown_grid": (
            [md_head, "|---" * 6 + "|"]
            + [f"| {grp.label} | " + row.replace(" ", " | ") + " |" for grp, row in zip(g, rows)],
            "md",
        ),
        "markdown_grid_no_labels": (
            [md_head, "|---" * 6 + "|"] + ["| | " + row.replace(" ", " | ") + " |" for row in rows],
            "md",
        ),
    }


def _with_t4(values: dict, t4_lines: list[str]) -> str:
    lines = head(2023) + t2_lines(values) + t3_header()
    for row in f.T3_ROWS:
        lines.append(f"{row.label} {' '.join(map(str, t3_row(values, row.middle)))}" if row.middle else row.label)
    return "\n".join(lines + [f.SECTIONS[3].title] + t4_lines + tail())


@pytest.mark.parametrize("form", sorted(_t4_forms({k: 0 for k in T4_KEYS})))
@pytest.mark.parametrize("seed", range(3))
def test_table_four_by_group_rows_or_grid(form, seed):
    values = random_values(random.Random(seed + 40), zeros=0.3)
    t4_lines, kind = _t4_forms(values)[form]
    result = import_text(_with_t4(values, t4_lines), kind)
    assert {k: result.report.values.get(k) for k in T4_KEYS} == {k: values[k] for k in T4_KEYS}
    assert result.unplaced == []


def test_table_four_html_grid_with_header_row_and_label_column():
    values = random_values(random.Random(50), zeros=0.3)
    html = render_html(values, 2023)
    start = html.index("<table>", html.index(f.SECTIONS[3].title))
    end = html.index("</table>", start) + len("</table>")
    grid = [
        "<table><tr><td rowspan='2'></td><td colspan='5'>&nbsp;</td></tr>",
        "<tr>" + "".join(f"<td>{c.label}</td>" for c in f.T4_COLUMNS) + "</tr>",
    ]
    for grp in f.T4_GROUPS:
        grid.append(
            f"<tr><td>{grp.label}</td>" + "".join(f"<td>{x}</td>" for x in _group_numbers(values, grp)) + "</tr>"
        )
    result = import_text(html[:start] + "".join(grid) + "</table>" + html[end:], "html")
    assert result.report.values == values
    assert result.unplaced == []


@pytest.mark.parametrize("labelled", [False, True])
def test_table_four_with_a_missing_number_is_left_out_and_listed(labelled):
    values = random_values(random.Random(51), zeros=0.3)
    rows = [" ".join(map(str, _group_numbers(values, grp))) for grp in f.T4_GROUPS]
    rows[1] = rows[1].rsplit(" ", 1)[0]  # a cell lost
    if labelled:
        rows = [f"{grp.label} {row}" for grp, row in zip(f.T4_GROUPS, rows)]
    result = import_text(_with_t4(values, rows), "txt")
    got = {k: v for k, v in result.report.values.items() if k.startswith("t4.")}
    assert {k: values[k] for k in got} == got
    listed = {k for u in result.unplaced for k in u.keys}
    assert set(T4_KEYS) - set(got) <= listed and not set(got) & listed
    # a row of five that names its group is that group's; the short row is never guessed
    assert set(got) == (set(T4_KEYS[:5] + T4_KEYS[10:]) if labelled else set())


def _no_tables(values: dict, keep: tuple[str, ...] = ()) -> str:
    lines = head(2023)
    s = f.SECTIONS
    lines += t2_lines(values) if "t2" in keep else [s[1].title, "（表格见下图）"]
    lines += [s[2].title, "（表格见下图）", s[3].title, "（表格见下图）"]
    return "\n".join(lines + tail())


def test_report_whose_tables_are_images_keeps_its_words_and_lists_every_cell():
    result = import_text(_no_tables({}), "txt")
    assert result.report.values == {}
    assert result.report.meta["year"] == 2023
    assert result.report.text["other_matters"] == "本年度未收取信息处理费。"
    assert len(result.unplaced) == 1
    assert "没有可读取的表格" in result.unplaced[0].reason and "图片" in result.unplaced[0].reason
    assert set(result.unplaced[0].keys) == set(f.KEYS)


def test_only_the_image_tables_are_listed():
    values = random_values(random.Random(52), zeros=0.3)
    result = import_text(_no_tables(values, keep=("t2",)), "txt")
    assert result.report.values == {k: v for k, v in values.items() if k.startswith("t2.")}
    assert [set(u.keys) for u in result.unplaced] == [{k for k in f.KEYS if k.startswith(t)} for t in ("t3.", "t4.")]


def _t2_2019() -> list[str]:
    return [
        f.SECTIONS[1].title,
        "第二十条第（一）项",
        "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
        "规章 2 2 15",
        "规范性文件 7 7 40",
        "第二十条第（五）项",
        "信息内容 上一年项目数量 本年增/减 处理决定数量",
        "行政许可 12 +3 230",
        "第二十条第（九）项",
        "信息内容 采购项目数量 采购总金额",
        "政府集中采购 4 126.5",
    ]


@pytest.mark.parametrize("seed", range(3))
def test_2019_format_report_in_text(seed):
    values = random_values(random.Random(seed + 60), zeros=0.4)
    merged = [sum(values[f.t3_key(r.middle, c.suffix)] for r in f.T3_OTHER_ROWS) for c in f.T3_COLUMNS]
    lines = head(2019) + _t2_2019() + t3_header()
    for row in f.T3_ROWS:
        if row.middle in {r.middle for r in f.T3_OTHER_ROWS}:
            continue
        if row.label == f.T3_OTHER_2019.label:
            lines.append(f"{row.label} {' '.join(map(str, merged))}")
        else:
            lines.append(f"{row.label} {' '.join(map(str, t3_row(values, row.middle)))}" if row.middle else row.label)
    lines += t4_header() + [" ".join(map(str, t4_numbers(values)))] + tail()
    result = import_text("\n".join(lines), "txt")
    assert result.format == "2019"
    assert result.layout == "single-other-23x7"
    expected = {k: v for k, v in values.items() if k.startswith(("t3.", "t4.")) and not k.startswith("t3.other.")}
    expected.update({f"t3.other_2019.{c.suffix}": x for c, x in zip(f.T3_COLUMNS, merged)})
    expected.update(T2_2019_READ)
    assert result.report.values == expected
    assert [u.where for u in result.unplaced] == ["表二", "第25行（表二「政府集中采购」，2019年格式）"]
    assert "2019" in result.unplaced[0].reason
    # "126.5" with no unit in its cell or the header: 元 or 万元 cannot be told, so it is not read
    assert result.unplaced[1].keys == ("t2_2019.procurement.amount",) and "单位" in result.unplaced[1].reason


# What _t2_2019() prints, as the 2019 table 二's own keys ("+3" is the signed 本年增/减).
T2_2019_READ = {
    **dict(zip((f"t2_2019.regulations.{c}" for c in ("made", "published", "total_published")), (2, 2, 15))),
    **dict(zip((f"t2_2019.normative_documents.{c}" for c in ("made", "published", "total_published")), (7, 7, 40))),
    **dict(zip((f"t2_2019.licensing.{c}" for c in ("last_year", "change", "decisions")), (12, 3, 230))),
    "t2_2019.procurement.projects": 4,
}


@pytest.mark.parametrize("label", ["合计", "小计"])
@pytest.mark.parametrize("where", ["before", "after"])
def test_subtotal_rows_named_heji_with_a_subtotal_column(label, where):
    """Rows summing each group （三）…（六）, named 合计 or 小计, before or after the group's
    items, and a 法人或其他组织小计 column: read and checked, never imported."""
    values = random_values(random.Random(70 + len(label) + len(where)), zeros=0.4)
    lines = head(2024) + t2_lines(values) + t3_header()[:-1] + ["小计", f.T3_COLUMNS[-1].label]

    def eight(cells):
        return cells[:6] + [sum(cells[1:6])] + cells[6:]

    groups: dict = {}
    for r in f.T3_NUMBER_ROWS:
        if r.group:
            groups.setdefault(r.group, []).append(r)
    for row in f.T3_ROWS:
        if row.middle is None and row.label in groups:
            lines.append(row.label)
            continue
        if row.middle:
            lines.append(f"{row.label} {' '.join(map(str, eight(t3_row(values, row.middle))))}")
        members = groups.get(row.group, [])
        sums = [sum(values[f.t3_key(m.middle, c.suffix)] for m in members) for c in f.T3_COLUMNS]
        total_line = f"{label} {' '.join(map(str, eight(sums)))}"
        if members and where == "before" and row is members[0]:
            lines.insert(len(lines) - 1, total_line)
        if members and where == "after" and row is members[-1]:
            lines.append(total_line)
    lines += t4_header() + [" ".join(map(str, t4_numbers(values)))] + tail()
    result = import_text("\n".join(lines), "txt")
    assert result.layout == "official-subtotals-29x8"
    assert result.report.values == values
    assert result.unplaced == []


def test_html_page_with_the_title_only_in_its_head():
    """Portals often print the report's title only in <title>: agency and year still come through."""
    from test_import_synthetic import AGENCY, random_values

    values = random_values(random.Random(4))
    page = render_html(values, 2025)
    body = page.replace(f"<p>{AGENCY}2025年{f.REPORT_TITLE_SUFFIX}</p>", "")
    assert AGENCY not in body.split("<table>")[0]
    page = f"<html><head><title>{AGENCY}2025年{f.REPORT_TITLE_SUFFIX}_门户网站</title></head><body>{body}</body></html>"
    result = import_text(page, kind="html")
    assert result.report.meta["agency"] == AGENCY and result.report.meta["year"] == 2025
    assert result.report.values == values
    # a site name in <title> is not mistaken for the report's title
    other = f"<html><head><title>某某市人民政府门户网站</title></head><body>{page}</body></html>"
    assert import_text(other, kind="html").report.meta["agency"] == AGENCY


def test_overview_parts_with_half_width_numbering():
    """Converters write "### (一) 主动公开" with half-width brackets: the five parts still split."""
    values = random_values(random.Random(6))
    text = render_row_per_line(values, 2024)
    for number in "一二三四五":
        text = text.replace(f"（{number}）", f"### ({number}) ", 1)
    result = import_text(text, kind="md")
    assert {
        "overview.proactive",
        "overview.on_request",
        "overview.management",
        "overview.platform",
        "overview.supervision",
    } <= set(result.report.text)
    assert result.report.values == values

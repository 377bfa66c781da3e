"""Markdown written by an LLM-style PDF-to-Markdown converter: every row (or group) of table 三
in its own small table under its own `###` heading, with a caption row "| 类别 | 数据1 | … |
总计 |"; the applicant header turned into placeholder tables full of "-"; item labels written
"1. 属于…"; a group heading cut short; the last rows glued onto a table with a wrong caption.
Reports are generated from random consistent values and imported back cell by cell."""

from __future__ import annotations

import random
import re

import pytest

from nianbao.importers import import_text
from nianbao.importers.items import markdown_items
from nianbao.importers.rows import assemble
from nianbao.importers.tokens import DASH, TEXT, tokenize_item
from nianbao.spec import format2021 as f
from test_import_synthetic import AGENCY, head, random_values, t3_row, t4_numbers, tail

_CN_NUMBER = "一二三四五六七八九十"
_HALF = str.maketrans({"（": "(", "）": ")", "，": ", ", "：": ":"})


def _heading(label: str) -> str:
    """ "（三）不予公开" as the converter heads it: "(三) 不予公开"."""
    return re.sub(rf"^\(([{_CN_NUMBER}])\)", r"(\1) ", label.translate(_HALF))


def _item_label(label: str) -> str:
    """ "1.属于国家秘密" as the converter writes it: "1. 属于国家秘密"."""
    return re.sub(r"^(\d)\.", r"\1. ", label.translate(_HALF))


def _bare(label: str) -> str:
    """The label without its numbering ("一、" / "（一）"), as printed inside a row's own table."""
    return re.sub(rf"^(?:[{_CN_NUMBER}]、|（[{_CN_NUMBER}]）)", "", label).translate(_HALF)


def _table(caption: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(caption) + " |", "|" + "---|" * len(caption)]
    return out + ["| " + " | ".join(r) + " |" for r in rows] + [""]


def render_converter_markdown(values: dict, year: int, rng: random.Random, drop: str | None = None) -> str:
    """The converter's Markdown. `drop`: the key middle of a row the converter lost (label and numbers)."""
    s = f.SECTIONS
    dash_zero = rng.random() < 0.4  # some converters print a zero as "-"

    def cells(middle: str) -> list[str]:
        return ["-" if dash_zero and x == 0 else str(x) for x in t3_row(values, middle)]

    caption = ["类别", *[f"数据{n}" for n in range(1, len(f.T3_PART_COLUMNS) + 1)], f.T3_COLUMNS[-1].label]
    title, preamble, *overview = head(year)
    lines = [f"# {AGENCY} {year} 年 {f.REPORT_TITLE_SUFFIX}", "", AGENCY, f"({year + 1}年1月23日)", "", preamble, ""]
    lines += [("## " if x == s[0].title else "### " if x.startswith("（") else "") + x for x in overview]

    lines += ["", "## " + s[1].title, ""]
    for block in f.T2_BLOCKS:
        lines += ["### " + block.article]
        lines += _table(
            [f.T2_CONTENT_HEADER, *(c.label for c in block.columns)],
            [
                [
                    label,
                    *(
                        repr(x) if isinstance(x, float) else str(x)
                        for x in (values[f"t2.{middle}.{c.suffix}"] for c in block.columns)
                    ),
                ]
                for middle, label in block.rows
            ],
        )

    lines += ["## " + s[2].title, "", f.T3_NOTE.translate(_HALF), ""]
    generic = ["(数据项目)", "数量"]
    orgs = [c.label[: rng.choice([4, 6])] for c in f.T3_PART_COLUMNS[1:]]  # "社会公益组织" cut to "社会公益"
    for who, cap in ((f.T3_COLUMNS[0].label, generic), (f.T3_ORG_GROUP, orgs), (f.T3_COLUMNS[-1].label, generic)):
        lines += [f"### {f.T3_APPLICANT_HEADER} ({who})"] + _table(cap, [["-"] * len(cap)])

    # A table per row outside the groups, one per group; the last rows glued onto a table
    # whose caption belongs to another table (or each under its own heading).
    blocks: list[tuple[str | None, list[str], list[list[str]]]] = []
    for row in f.T3_ROWS:
        if row.middle is None:
            label = _heading(row.label)
            if row.label == f.T3_OTHER_ROWS[0].group and rng.random() < 0.5:
                label = label[:-2]  # "(六) 其他": the heading cut short
            is_group = any(r.group == row.label for r in f.T3_NUMBER_ROWS)
            blocks.append((label, caption, []) if is_group else (label, [], []))
        elif row.group:
            if row.middle != drop:
                blocks[-1][2].append([_item_label(row.label), *cells(row.middle)])
        elif row.middle != drop:
            shown = _bare(row.label) if rng.random() < 0.7 else _heading(row.label)
            blocks.append((_heading(row.label), caption, [[shown, *cells(row.middle)]]))
    glue = rng.choice([None, 0, 1, 2, 3])
    if glue is not None:
        tail_rows = [r for b in blocks[-2:] for r in b[2]] if drop is None else []
        if len(tail_rows) == 2:
            moved = blocks[-3][2][len(blocks[-3][2]) - glue :] if glue else []
            del blocks[-3][2][len(blocks[-3][2]) - len(moved) :]
            wrong = [
                "项目",
                *(_bare(r.label)[:4] for r in f.T3_NUMBER_ROWS[: len(f.T3_PART_COLUMNS)]),
                f.T3_COLUMNS[-1].label,
            ]
            blocks[-2:] = [(None, wrong, moved + tail_rows)]
    for heading_text, cap, rows in blocks:
        lines += [f"### {heading_text}", ""] if heading_text else []
        if cap and rows:
            lines += _table(cap, rows)

    lines += ["## " + s[3].title, ""]
    numbers = t4_numbers(values)
    width = len(f.T4_COLUMNS)
    for n, group in enumerate(f.T4_GROUPS):
        name = f"{group.group}（{group.label}）" if group.group else group.label
        lines += [f"### {name}"] + _table(
            [c.label for c in f.T4_COLUMNS], [[str(x) for x in numbers[n * width : (n + 1) * width]]]
        )
    problems_title, *rest = tail()
    lines += ["## " + problems_title, *rest]
    return "\n".join(lines) + "\n"


def _consistent(rng: random.Random) -> dict:
    return random_values(rng, zeros=rng.choice([0.3, 0.6, 0.95]))


@pytest.mark.parametrize("seed", range(12))
def test_converter_markdown_round_trip(seed):
    rng = random.Random(7000 + seed)
    values = _consistent(rng)
    year = rng.randint(2021, 2025)
    result = import_text(render_converter_markdown(values, year, rng), "md")
    assert result.report.values == values
    assert result.unplaced == []
    assert result.report.meta["year"] == year
    assert result.report.meta["agency"] == AGENCY
    assert result.format == "2021"
    assert result.layout == "official-25x7"


@pytest.mark.parametrize("seed", range(6))
def test_converter_markdown_keeps_a_wrong_published_total(seed):
    from nianbao.check.checker import check

    rng = random.Random(7100 + seed)
    values = _consistent(rng)
    row = rng.choice(f.T3_NUMBER_ROWS)
    key = f.t3_key(row.middle, "total")
    values[key] += rng.randint(1, 9)  # the publisher's arithmetic error, printed as such
    result = import_text(render_converter_markdown(values, 2024, rng), "md")
    assert result.report.values == values
    assert result.unplaced == []
    findings = check(result.report, report_missing=False)
    assert any(key in x.keys for x in findings)


@pytest.mark.parametrize("seed", range(6))
def test_converter_markdown_with_a_lost_row_leaves_only_that_row_out(seed):
    rng = random.Random(7200 + seed)
    values = _consistent(rng)
    members = [r for r in f.T3_NUMBER_ROWS if r.group]
    row = rng.choice(members)
    result = import_text(render_converter_markdown(values, 2023, rng, drop=row.middle), "md")
    got = result.report.values
    assert {k: (got[k], values[k]) for k in got if got[k] != values[k]} == {}
    assert set(values) - set(got) == {f.t3_key(row.middle, c.suffix) for c in f.T3_COLUMNS}
    assert result.layout == "by-label-24x7"


def _t3_rows(text: str):
    items = markdown_items(text)
    start = next(i for i, it in enumerate(items) if it.text == f.SECTIONS[2].title)
    end = next(i for i, it in enumerate(items) if it.text == f.SECTIONS[3].title)
    return assemble(items[start:end], len(f.T3_COLUMNS))


def test_caption_rows_are_no_labels_and_placeholders_no_rows():
    rng = random.Random(7300)
    values = _consistent(rng)
    rows, strays = _t3_rows(render_converter_markdown(values, 2024, rng))
    assert strays == []
    assert [[0 if t.kind == DASH else int(t.raw) for t in r.cells] for r in rows] == [
        t3_row(values, m.middle) for m in f.T3_NUMBER_ROWS
    ]
    for r in rows:  # no caption ("数据1", "总计") glued into a row's label or its context
        assert not any("数据1" in x for x in (r.label, *r.before))


def test_item_number_with_a_space_in_a_cell_is_part_of_the_label():
    rng = random.Random(7400)
    label = _item_label(rng.choice([r for r in f.T3_NUMBER_ROWS if r.group]).label)
    numbers = [rng.randint(0, 9) for _ in f.T3_PART_COLUMNS]
    row = "| " + " | ".join([label, *map(str, numbers), str(sum(numbers))]) + " |"
    tokens = tokenize_item(markdown_items(row)[0])
    assert tokens[0].kind == TEXT and tokens[0].raw == label
    assert [int(t.raw) for t in tokens[1:]] == [*numbers, sum(numbers)]


def test_a_full_row_of_dashes_under_the_captions_is_a_row_of_zeros():
    """Only short dash rows are the header's placeholders: a row with as many dashes as
    table 三 has columns may be a row of zeros whose label was lost, and is kept."""
    cap = [f.T3_COLUMNS[0].label, *(c.label for c in f.T3_PART_COLUMNS[1:]), f.T3_COLUMNS[-1].label]
    rows, strays = assemble(markdown_items("\n".join(_table(cap, [["-"] * len(cap)]))), len(f.T3_COLUMNS))
    assert [[t.raw for t in r.cells] for r in rows] == [["-"] * len(cap)] and strays == []


def test_a_short_dash_row_after_the_figures_is_listed_not_dropped():
    """Once rows of figures have been read the header is over: a short row of dashes is
    no placeholder but cells that do not make a row, and is listed."""
    rng = random.Random(7500)
    values = _consistent(rng)
    text = render_converter_markdown(values, 2024, rng)
    extra = "\n".join(_table(["(数据项目)", "数量"], [["-", "-"]]))
    anchor = "## " + f.SECTIONS[3].title
    result = import_text(text.replace(anchor, extra + "\n" + anchor), "md")
    assert result.report.values == values
    assert [u.found for u in result.unplaced] == ["- -"]


def test_placeholders_under_other_captions_are_not_dropped():
    """Dashes under a caption row that is not the applicant header are not placeholders."""
    rng = random.Random(7600)
    values = _consistent(rng)
    text = render_converter_markdown(values, 2024, rng)
    first = "### " + f.T3_APPLICANT_HEADER
    extra = "\n".join(_table(["类别", "说明"], [["-", "-"]]))
    result = import_text(text.replace(first, extra + "\n" + first, 1), "md")
    assert result.report.values == values
    assert [u.found for u in result.unplaced] == ["- -"]


@pytest.mark.parametrize("seed", range(6))
def test_a_stray_dash_row_before_a_rows_heading_does_not_take_its_place(seed):
    """The heading after a stray row of dashes heads the next table: it is no label of the
    stray, which would push the row that names itself out of its place."""
    rng = random.Random(7700 + seed)
    values = _consistent(rng)
    text = render_converter_markdown(values, 2024, rng)
    row = rng.choice([r for r in f.T3_NUMBER_ROWS if not r.group][:4])
    anchor = "### " + _heading(row.label) + "\n"
    assert text.count(anchor) == 1
    # …and the row's own label is printed short (a typo): it still names the row, less well
    lines = text[text.index(anchor) :].split("\n")
    first = next(ln for ln in lines if ln.startswith("| ") and ln.endswith(f" | {t3_row(values, row.middle)[-1]} |"))
    label = first.split(" | ")[0][2:]
    text = text.replace(first, first.replace(label, label[:-2], 1), 1)
    extra = "\n".join(_table(["类别", "说明"], [["-", "-"]]))
    result = import_text(text.replace(anchor, extra + "\n" + anchor), "md")
    assert result.report.values == values
    assert [(u.found, u.keys) for u in result.unplaced] == [("- -", ())]

"""Red-team variants of published reports: what real portals, PDFs and Word files print that the
other synthetic tests do not (units and decorations, reordered or renamed blocks, page furniture
inside tables, a 总计 column printed first or missing, HTML <th>/<br>/nested tags, Word merged
cells). Every variant asserts the contract: no exception, and no number in a wrong cell; the
variants a competent importer reads fully also assert every key."""

from __future__ import annotations

import random

import pytest

from factories import consistent_values
from nianbao.importers import import_report, import_text
from nianbao.spec import format2021 as f
from test_import_synthetic import AGENCY, head, t3_row, t4_numbers, tail

YEAR = 2024
T3_KEYS = [k for k in f.KEYS if k.startswith("t3.")]
T4_KEYS = [k for k in f.KEYS if k.startswith("t4.")]
ORG_SHORT = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


# ---------------------------------------------------------------- helpers


def values_for(seed: int, busy: float = 0.5) -> dict:
    return consistent_values(random.Random(seed), busy=busy)


def wrong_numbers(result, values: dict) -> dict:
    got = result.report.values
    return {k: (got[k], values.get(k)) for k in got if k in values and got[k] != values[k]}


def check(result, values: dict, *, full: bool, keys=None) -> None:
    assert wrong_numbers(result, values) == {}
    got = result.report.values
    keys = list(values) if keys is None else list(keys)
    if full:
        missing = [k for k in keys if k not in got]
        assert missing == [], (missing[:10], [(u.where, u.reason) for u in result.unplaced][:10])
    else:
        listed = {k for u in result.unplaced for k in u.keys}
        unlisted = [k for k in keys if k not in got and k not in listed]
        assert unlisted == [], unlisted[:10]


def fmt(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


def t2_block_lines(
    v: dict, *, unit_counts: str = "", fee: str | None = None, short_label: bool = False, order=None
) -> list[str]:
    out = [f.SECTIONS[1].title]
    blocks = list(f.T2_BLOCKS) if order is None else [f.T2_BLOCKS[i] for i in order]
    for block in blocks:
        out.append(block.article)
        out.append(" ".join([f.T2_CONTENT_HEADER] + [c.label for c in block.columns]))
        for middle, label in block.rows:
            if short_label and label == "行政规范性文件":
                label = "规范性文件"
            cells = []
            for c in block.columns:
                x = v[f"t2.{middle}.{c.suffix}"]
                if block.kind == f.AMOUNT:
                    cells.append(fee.format(x) if fee else fmt(x))
                else:
                    cells.append(f"{x}{unit_counts}")
            out.append(" ".join([label] + cells))
    return out


def t3_row_lines(v: dict, sep: str = " ", order=None, cell=str) -> list[str]:
    out = []
    for row in f.T3_ROWS:
        if not row.middle:
            out.append(row.label)
            continue
        numbers = t3_row(v, row.middle)
        if order is not None:
            numbers = [numbers[i] for i in order]
        out.append(f"{row.label} {sep.join(cell(x) for x in numbers)}")
    return out


def t3_head(*applicant_lines: str) -> list[str]:
    return [f.SECTIONS[2].title, f.T3_NOTE, *applicant_lines]


OFFICIAL_HEAD = (f.T3_APPLICANT_HEADER, "自然人 法人或其他组织 总计", " ".join(ORG_SHORT))


def t4_block(v: dict) -> list[str]:
    return [
        f.SECTIONS[3].title,
        "行政复议 行政诉讼",
        "未经复议直接起诉 复议后起诉",
        " ".join(c.label for c in f.T4_COLUMNS) * 3,
        " ".join(map(str, t4_numbers(v))),
    ]


def report(v: dict, *, t2=None, t3=None, t4=None, top=None, bottom=None) -> str:
    lines = top if top is not None else head(YEAR)
    lines += t2 if t2 is not None else t2_block_lines(v)
    lines += t3 if t3 is not None else t3_head(*OFFICIAL_HEAD) + t3_row_lines(v)
    lines += t4 if t4 is not None else t4_block(v)
    lines += bottom if bottom is not None else tail()
    return "\n".join(lines)


# ---------------------------------------------------------------- table 二 variants


def test_table_two_counts_with_units_and_fee_in_wan_yuan():
    v = values_for(1)
    v["t2.fees.amount"] = 2.29
    text = report(v, t2=t2_block_lines(v, unit_counts="件", fee="{}万元"))
    result = import_text(text)
    check(result, v, full=True)


@pytest.mark.parametrize(
    "fee,shown", [(7545, "7545.00"), (0, "0"), (0, "—"), (0, "0.00"), (12345.6, "12,345.60"), (3, "３"), (0.5, "0.50")]
)
def test_table_two_fee_printed_in_many_ways(fee, shown):
    v = values_for(2)
    v["t2.fees.amount"] = fee
    text = report(v, t2=t2_block_lines(v, fee=shown))
    result = import_text(text)
    check(result, v, full=True)
    assert result.report.values["t2.fees.amount"] == fee


def test_table_two_fee_in_yuan_is_not_read_as_wan_yuan():
    v = values_for(3)
    v["t2.fees.amount"] = 1.5
    text = report(v, t2=t2_block_lines(v, fee="15000元"))
    result = import_text(text)
    assert result.report.values.get("t2.fees.amount") in (None, 1.5)


def test_table_two_blocks_out_of_order_short_label():
    v = values_for(4)
    text = report(v, t2=t2_block_lines(v, short_label=True, order=[3, 1, 0, 2]))
    result = import_text(text)
    check(result, v, full=True)


def test_table_two_merged_into_one_table():
    v = values_for(5)
    lines = [f.SECTIONS[1].title, "信息内容 本年制发件数 本年废止件数 现行有效件数"]
    for middle, label in f.T2_BLOCKS[0].rows:
        lines.append(f"{label} " + " ".join(str(v[f"t2.{middle}.{c}"]) for c in ("issued", "repealed", "in_force")))
    lines.append("信息内容 本年处理决定数量")
    for block in f.T2_BLOCKS[1:3]:
        for middle, label in block.rows:
            lines.append(f"{label} {v[f't2.{middle}.decisions']}")
    lines += ["信息内容 本年收费金额（单位：万元）", f"行政事业性收费 {fmt(v['t2.fees.amount'])}"]
    result = import_text(report(v, t2=lines))
    check(result, v, full=True)


def test_table_two_one_cell_per_line_with_zero_as_decimal():
    v = values_for(6)
    v["t2.regulations.issued"] = 0
    lines = [f.SECTIONS[1].title]
    for block in f.T2_BLOCKS:
        lines += [block.article, f.T2_CONTENT_HEADER, *[c.label for c in block.columns]]
        for middle, label in block.rows:
            lines.append(label)
            for c in block.columns:
                x = v[f"t2.{middle}.{c.suffix}"]
                lines.append("0.0" if (middle == "regulations" and c.suffix == "issued") else fmt(x))
    result = import_text(report(v, t2=lines))
    check(result, v, full=False)  # "0.0" for a count is listed, never rounded


# ---------------------------------------------------------------- table 三 headers and columns

HEADS = {
    "abbreviated_one_line": (f.T3_APPLICANT_HEADER, "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"),
    "abbreviated_very_short": ("申请人情况", "自然人", "法人或其他组织", "商业 科研 公益 法律 其他", "总计"),
    "split_over_three_lines": (
        f.T3_APPLICANT_HEADER,
        "自然人 法人或其他组织 总计",
        "商业 科研 社会 法律 其他",
        "企业 机构 公益 服务",
        "组织 机构",
    ),
    "hongze_style": (
        "申请人情况",
        "法人或其他组织",
        "自然人 社会 法律 总计",
        "商业 科研",
        "公益 服务 其他",
        "企业 机构",
        "组织 机构",
    ),
    "no_header_at_all": (),
}


@pytest.mark.parametrize("form", sorted(HEADS))
@pytest.mark.parametrize("seed", range(3))
def test_table_three_header_variants(form, seed):
    v = values_for(10 + seed)
    result = import_text(report(v, t3=t3_head(*HEADS[form]) + t3_row_lines(v)))
    check(result, v, full=True)


TOTAL_FIRST = [6, 0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("seed", range(4))
def test_total_column_printed_first_is_detected_or_refused(seed):
    v = values_for(20 + seed)
    head3 = t3_head(f.T3_APPLICANT_HEADER, "总计 自然人 法人或其他组织", " ".join(ORG_SHORT))
    result = import_text(report(v, t3=head3 + t3_row_lines(v, order=TOTAL_FIRST)))
    check(result, v, full=True)  # the header says 总计 comes first, and every row confirms it


@pytest.mark.parametrize("seed", range(3))
def test_total_column_first_without_a_header_is_refused(seed):
    v = values_for(20 + seed)
    result = import_text(report(v, t3=t3_head() + t3_row_lines(v, order=TOTAL_FIRST)))
    check(result, v, full=False, keys=T3_KEYS)
    assert not any(k.startswith("t3.") for k in result.report.values)


@pytest.mark.parametrize("seed", range(3))
def test_total_column_second_under_a_flattened_looking_header_is_refused(seed):
    v = values_for(120 + seed)
    head3 = t3_head(f.T3_APPLICANT_HEADER, "自然人 总计 法人或其他组织", " ".join(ORG_SHORT))
    result = import_text(report(v, t3=head3 + t3_row_lines(v, order=[0, 6, 1, 2, 3, 4, 5])))
    check(result, v, full=False, keys=T3_KEYS)


@pytest.mark.parametrize("seed", range(3))
def test_header_rows_flattened_onto_one_line_keep_the_official_order(seed):
    v = values_for(125 + seed)
    head3 = t3_head(f"{f.T3_APPLICANT_HEADER} 自然人 法人或其他组织 总计 " + " ".join(ORG_SHORT))
    result = import_text(report(v, t3=head3 + t3_row_lines(v)))
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_total_column_printed_first_in_html_is_detected_or_refused(seed):
    v = values_for(25 + seed)
    rows = [
        "<tr><th rowspan='2'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"
        "<th rowspan='2'>总计</th><th rowspan='2'>自然人</th><th colspan='5'>法人或其他组织</th></tr>",
        "<tr>" + "".join(f"<th>{c}</th>" for c in ORG_SHORT) + "</tr>",
    ]
    for row in f.T3_NUMBER_ROWS:
        nums = t3_row(v, row.middle)
        nums = [nums[i] for i in TOTAL_FIRST]
        rows.append(f"<tr><td>{row.label}</td>" + "".join(f"<td>{x}</td>" for x in nums) + "</tr>")
    html = html_report(v, t3_table="<table>" + "".join(rows) + "</table>")
    result = import_text(html, "html")
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_org_columns_in_another_order_never_misplaced(seed):
    v = values_for(30 + seed, busy=0.8)
    order = [0, 2, 1, 3, 4, 5, 6]  # 科研机构 before 商业企业
    head3 = t3_head(f.T3_APPLICANT_HEADER, "自然人 科研机构 商业企业 社会公益组织 法律服务机构 其他 总计")
    result = import_text(report(v, t3=head3 + t3_row_lines(v, order=order)))
    check(result, v, full=True)  # one header line names every column: its order is the table's


@pytest.mark.parametrize("seed", range(3))
def test_org_columns_in_another_order_with_a_row_run_together_are_refused_not_crashed(seed):
    """Run-together digits split only in the format's own order: under another header order
    the table is listed as not imported (this once raised a TypeError)."""
    v = values_for(36 + seed, busy=0.8)
    order = [0, 2, 1, 3, 4, 5, 6]  # 科研机构 before 商业企业
    head3 = t3_head(f.T3_APPLICANT_HEADER, "自然人 科研机构 商业企业 社会公益组织 法律服务机构 其他 总计")
    lines = t3_row_lines(v, order=order)
    first = f.T3_NUMBER_ROWS[0]
    lines = [
        f"{first.label} {''.join(str(x) for x in [t3_row(v, first.middle)[i] for i in order])}"
        if line.startswith(first.label)
        else line
        for line in lines
    ]
    result = import_text(report(v, t3=head3 + lines))
    check(result, v, full=False, keys=T3_KEYS)
    assert any("连在一起" in u.reason for u in result.unplaced)
    # The same page copied with every space and line break gone: still no number in a wrong column.
    glued = import_text("".join(report(v, t3=head3 + t3_row_lines(v, order=order)).split()))
    check(glued, v, full=False, keys=T3_KEYS)
    assert not any(k.startswith("t3.") for k in glued.report.values)


@pytest.mark.parametrize("seed", range(3))
def test_org_columns_in_another_order_with_a_split_header_are_refused(seed):
    v = values_for(33 + seed, busy=0.8)
    order = [0, 2, 1, 3, 4, 5, 6]
    head3 = t3_head(
        f.T3_APPLICANT_HEADER,
        "自然人 法人或其他组织 总计",
        "科研 商业 社会 法律 其他",
        "机构 企业 公益 服务",
        "组织 机构",
    )
    result = import_text(report(v, t3=head3 + t3_row_lines(v, order=order)))
    check(result, v, full=False, keys=T3_KEYS)
    assert not any(k.startswith("t3.") for k in result.report.values)


@pytest.mark.parametrize("seed", range(3))
def test_table_three_without_a_total_column(seed):
    v = values_for(35 + seed)
    head3 = t3_head(f.T3_APPLICANT_HEADER, "自然人 法人或其他组织", " ".join(ORG_SHORT))
    result = import_text(report(v, t3=head3 + t3_row_lines(v, order=[0, 1, 2, 3, 4, 5])))
    check(result, v, full=False)


@pytest.mark.parametrize("seed", range(3))
def test_table_three_cells_with_decorations(seed):
    v = values_for(40 + seed, busy=0.6)
    big = f.t3_key("granted", "natural_person")
    v[big] += 1234
    for m in ("granted", "results_total", "new"):
        if m != "granted":
            v[f.t3_key(m, "natural_person")] += 1234
        v[f.t3_key(m, "total")] += 1234

    def cell(x):
        return f"{x:,}" if x >= 1000 else str(x).translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    result = import_text(report(v, t3=t3_head(*OFFICIAL_HEAD) + t3_row_lines(v, cell=cell)))
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_zero_printed_as_dash_or_decimal_in_table_three(seed):
    v = values_for(45 + seed)

    def cell(x):
        return "—" if x == 0 and seed != 2 else ("0.0" if x == 0 else str(x))

    result = import_text(report(v, t3=t3_head(*OFFICIAL_HEAD) + t3_row_lines(v, cell=cell)))
    check(result, v, full=seed != 2)


# ---------------------------------------------------------------- page furniture inside tables


def with_page_breaks(lines: list[str], every: int, banner: bool = True) -> list[str]:
    out = []
    page = 3
    for n, line in enumerate(lines):
        out.append(line)
        if n and n % every == 0:
            if banner:
                out.append(f"{AGENCY}  {YEAR}年政府信息公开工作年度报告")
            out += [
                f"第 {page} 页 共 8 页",
                "表三（续）",
                "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            ]
            page += 1
    return out


@pytest.mark.parametrize("every", [5, 9, 13])
@pytest.mark.parametrize("banner", [True, False])
def test_page_headers_footers_and_repeated_header_rows_inside_table_three(every, banner):
    v = values_for(50 + every)
    t3 = t3_head(*OFFICIAL_HEAD) + with_page_breaks(t3_row_lines(v), every, banner)
    result = import_text(report(v, t3=t3))
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_numbers_before_labels_with_page_furniture(seed):
    v = values_for(55 + seed)
    lines = []
    for row in f.T3_ROWS:
        if row.middle:
            lines += [" ".join(map(str, t3_row(v, row.middle))), row.label]
        else:
            lines.append(row.label)
    t3 = t3_head(*OFFICIAL_HEAD) + with_page_breaks(lines, 11)
    result = import_text(report(v, t3=t3))
    check(result, v, full=False)


@pytest.mark.parametrize("seed", range(3))
def test_extra_blank_lines_and_cells_on_separate_lines(seed):
    v = values_for(60 + seed)
    lines = []
    for row in f.T3_ROWS:
        lines += ["", row.label, ""]
        if row.middle:
            for x in t3_row(v, row.middle):
                lines += [str(x), ""]
    result = import_text(report(v, t3=t3_head(*OFFICIAL_HEAD) + lines))
    check(result, v, full=True)


# ---------------------------------------------------------------- sections


def test_sections_renumbered_reworded_and_six_missing():
    v = values_for(70)
    top = head(YEAR)
    top[2] = "一、概述"
    t2 = t2_block_lines(v)
    t2[0] = "二、行政机关主动公开政府信息情况"
    t3 = ["三、行政机关收到和处理政府信息公开申请情况", f.T3_NOTE, *OFFICIAL_HEAD] + t3_row_lines(v)
    t4 = t4_block(v)
    t4[0] = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    bottom = ["五、存在的主要问题及改进情况", "部分栏目更新不够及时。下一步将加强栏目维护，提升公开质量。"]
    result = import_text(report(v, t2=t2, t3=t3, t4=t4, top=top, bottom=bottom))
    check(result, v, full=True)


def test_sections_with_arabic_numbering_and_no_titles_for_tables():
    v = values_for(71)
    top = head(YEAR)
    top[2] = "1.总体情况"
    t2 = t2_block_lines(v)[1:]
    t3 = [f.T3_NOTE, *OFFICIAL_HEAD] + t3_row_lines(v)
    t4 = t4_block(v)[1:]
    result = import_text(report(v, t2=t2, t3=t3, t4=t4, top=top))
    check(result, v, full=False)


# ---------------------------------------------------------------- table 四 variants


def _t4_555(v, labelled: bool) -> list[str]:
    nums = t4_numbers(v)
    rows = [nums[0:5], nums[5:10], nums[10:15]]
    lines = [f.SECTIONS[3].title, "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
    lines += [" ".join(c.label for c in f.T4_COLUMNS)] * 3
    for g, row in zip(f.T4_GROUPS, rows):
        lines.append((g.label + " " if labelled else "") + " ".join(map(str, row)))
    return lines


@pytest.mark.parametrize("labelled", [True, False])
@pytest.mark.parametrize("seed", range(3))
def test_table_four_header_on_separate_lines_numbers_five_by_three(labelled, seed):
    v = values_for(80 + seed)
    result = import_text(report(v, t4=_t4_555(v, labelled)))
    check(result, v, full=True)


def test_table_four_one_cell_per_line_with_split_header():
    v = values_for(84)
    lines = [f.SECTIONS[3].title, "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
    for _ in range(3):
        lines += ["结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计"]
    lines += [str(x) for x in t4_numbers(v)]
    result = import_text(report(v, t4=lines))
    check(result, v, full=True)


# ---------------------------------------------------------------- HTML variants


def _td(x, wrap: str = "") -> str:
    if wrap == "span":
        return f"<td><p style='text-align:center'><span style='font-size:12pt'>{x}</span></p></td>"
    return f"<td>{x}</td>"


def html_t2(v: dict, *, th: bool = True, wrap: str = "") -> str:
    tag = "th" if th else "td"
    out = ["<table border='1'>"]
    for block in f.T2_BLOCKS:
        out.append(f"<tr><{tag} colspan='4'>{block.article}</{tag}></tr>")
        span = " colspan='3'" if len(block.columns) == 1 else ""
        out.append(
            f"<tr><{tag}>{f.T2_CONTENT_HEADER}</{tag}>"
            + "".join(f"<{tag}{span}>{c.label}</{tag}>" for c in block.columns)
            + "</tr>"
        )
        for middle, label in block.rows:
            cells = "".join(
                f"<td{span}><p><span>{fmt(v[f'''t2.{middle}.{c.suffix}'''])}</span></p></td>" for c in block.columns
            )
            out.append(f"<tr><td><span>{label}</span></td>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def html_t3(v: dict, *, br: bool = True, wrap: str = "span", empty_rows: bool = True, zero: str = "0") -> str:
    b = "<br/>" if br else ""
    out = [
        "<table border='1' cellspacing='0'>",
        f"<tr><th colspan='3' rowspan='3'>{f.T3_NOTE}</th><th colspan='7'>{f.T3_APPLICANT_HEADER}</th></tr>",
        "<tr><th rowspan='2'>自然人</th><th colspan='5'>法人或其他组织</th><th rowspan='2'>总计</th></tr>",
        f"<tr><th>商业{b}企业</th><th>科研{b}机构</th><th>社会{b}公益{b}组织</th><th>法律{b}服务{b}机构</th>"
        "<th>其他</th></tr>",
    ]
    if empty_rows:
        out.append("<tr style='height:0'>" + "<td style='border:none'></td>" * 10 + "</tr>")
    first = True
    for row in f.T3_ROWS:
        if not row.middle:
            continue
        cells = ""
        if row in f.T3_RESULT_ROWS and first:
            cells += f"<td rowspan='{len(f.T3_RESULT_ROWS) + 5}'>三、本年度{b}办理结果</td>"
            first = False
        if row.group:
            members = [r for r in f.T3_NUMBER_ROWS if r.group == row.group]
            if row is members[0]:
                cells += f"<td rowspan='{len(members)}'>{row.group}</td>"
            cells += f"<td><p><span>{row.label}</span></p></td>"
        else:
            cells += f"<td colspan='{3 if row.level == 0 else 2}'>{row.label}</td>"
        cells += "".join(_td(zero if x == 0 else x, wrap) for x in t3_row(v, row.middle))
        out.append(f"<tr>{cells}</tr>")
    if empty_rows:
        out.append("<tr><td>&nbsp;</td>" + "<td></td>" * 9 + "</tr>")
    out.append("</table>")
    return "".join(out)


def html_t4(v: dict) -> str:
    g = f.T4_GROUPS
    return (
        "<table border='1'>"
        f"<tr><th colspan='5' rowspan='2'>{g[0].label}</th><th colspan='10'>行政诉讼</th></tr>"
        f"<tr><th colspan='5'>{g[1].label}</th><th colspan='5'>{g[2].label}</th></tr>"
        "<tr>" + "".join(f"<th>{c.label[:2]}<br>{c.label[2:]}</th>" for c in f.T4_COLUMNS) * 3 + "</tr>"
        "<tr>" + "".join(f"<td><span>{x}</span></td>" for x in t4_numbers(v)) + "</tr></table>"
    )


def html_report(v: dict, *, t2_table=None, t3_table=None, t4_table=None, before_t2: str = "") -> str:
    def p(text):
        return f"<p style='text-indent:2em'><span>{text}</span></p>"

    h = head(YEAR)
    out = [f"<html><head><title>{h[0]}</title></head><body><div class='article'>", f"<h1>{h[0]}</h1>"]
    out += [p(x) for x in h[1:]]
    out.append(before_t2)
    out += [p(f.SECTIONS[1].title), t2_table if t2_table is not None else html_t2(v)]
    out += [p(f.SECTIONS[2].title), t3_table if t3_table is not None else html_t3(v)]
    out += [p(f.SECTIONS[3].title), t4_table if t4_table is not None else html_t4(v)]
    out += [p(x) for x in tail()]
    out.append("</div></body></html>")
    return "\n".join(out)


MEDIA_TABLE = (
    "<p>政务新媒体情况如下：</p><table><tr><th>平台</th><th>账号数</th><th>发布信息条数</th><th>粉丝数</th></tr>"
    "<tr><td>微信公众号</td><td>3</td><td>1,245</td><td>35000</td></tr>"
    "<tr><td>微博</td><td>1</td><td>320</td><td>1200</td></tr>"
    "<tr><td>抖音</td><td>2</td><td>88</td><td>4500</td></tr></table>"
)


@pytest.mark.parametrize("seed", range(3))
def test_html_th_nested_spans_br_empty_rows(seed):
    v = values_for(90 + seed)
    result = import_text(html_report(v), "html")
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_html_with_a_media_table_before_table_two(seed):
    v = values_for(93 + seed)
    result = import_text(html_report(v, before_t2=MEDIA_TABLE), "html")
    check(result, v, full=True)


def test_html_media_table_inside_section_two():
    v = values_for(96)
    html = html_report(v)
    at = html.index("<table", html.index(f.SECTIONS[1].title))
    html = html[:at] + MEDIA_TABLE + html[at:]
    result = import_text(html, "html")
    check(result, v, full=True)


@pytest.mark.parametrize("zero", ["&nbsp;", "—", "0"])
def test_html_zero_forms_in_table_three(zero):
    v = values_for(97)
    result = import_text(html_report(v, t3_table=html_t3(v, zero=zero)), "html")
    check(result, v, full=True)


def test_html_heading_rows_printed_as_rows_of_empty_cells():
    v = values_for(98)
    out = [
        "<table>",
        f"<tr><td>{f.T3_NOTE}</td><td colspan='7'>{f.T3_APPLICANT_HEADER}</td></tr>",
        "<tr><td></td><td>自然人</td>" + "".join(f"<td>{c}</td>" for c in ORG_SHORT) + "<td>总计</td></tr>",
    ]
    for row in f.T3_ROWS:
        if row.middle:
            out.append(f"<tr><td>{row.label}</td>" + "".join(f"<td>{x}</td>" for x in t3_row(v, row.middle)) + "</tr>")
        else:
            out.append(f"<tr><td>{row.label}</td>" + "<td></td>" * 7 + "</tr>")
    out.append("</table>")
    result = import_text(html_report(v, t3_table="".join(out)), "html")
    check(result, v, full=True)


def test_html_total_header_row_repeated_after_page_break():
    v = values_for(99)
    table = html_t3(v, empty_rows=False)
    repeat = (
        "<tr><th colspan='3'>表三（续）</th><th>自然人</th>"
        + "".join(f"<th>{c}</th>" for c in ORG_SHORT)
        + "<th>总计</th></tr>"
    )
    # a page break row inside the （三）不予公开 group would break its rowspan: put it before （四）
    at = table.rindex("<tr>", 0, table.index("<td rowspan='3'>（四）无法提供"))
    table = table[:at] + repeat + table[at:]
    result = import_text(html_report(v, t3_table=table), "html")
    check(result, v, full=False)


# ---------------------------------------------------------------- Word with merged cells


def write_official_docx(path, v: dict, *, t3_total_first: bool = False) -> None:
    import docx

    document = docx.Document()
    h = head(YEAR)
    for line in h:
        document.add_paragraph(line)
    document.add_paragraph(f.SECTIONS[1].title)
    for block in f.T2_BLOCKS:
        t = document.add_table(rows=2 + len(block.rows), cols=4)
        t.cell(0, 0).merge(t.cell(0, 3)).text = block.article
        t.cell(1, 0).text = f.T2_CONTENT_HEADER
        if len(block.columns) == 3:
            for i, c in enumerate(block.columns):
                t.cell(1, 1 + i).text = c.label
        else:
            t.cell(1, 1).merge(t.cell(1, 3)).text = block.columns[0].label
        for r, (middle, label) in enumerate(block.rows, start=2):
            t.cell(r, 0).text = label
            if len(block.columns) == 3:
                for i, c in enumerate(block.columns):
                    t.cell(r, 1 + i).text = fmt(v[f"t2.{middle}.{c.suffix}"])
            else:
                t.cell(r, 1).merge(t.cell(r, 3)).text = fmt(v[f"t2.{middle}.{block.columns[0].suffix}"])
    document.add_paragraph(f.SECTIONS[2].title)
    rows = f.T3_NUMBER_ROWS
    t = document.add_table(rows=3 + len(rows), cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = f.T3_NOTE
    t.cell(0, 3).merge(t.cell(0, 9)).text = f.T3_APPLICANT_HEADER
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, c in enumerate(ORG_SHORT):
        t.cell(2, 4 + i).text = c
    r0 = 3
    results_start = None
    for n, row in enumerate(rows):
        r = r0 + n
        if row in f.T3_RESULT_ROWS and results_start is None:
            results_start = r
        if row.group:
            members = [x for x in rows if x.group == row.group]
            if row is members[0]:
                t.cell(r, 1).merge(t.cell(r + len(members) - 1, 1)).text = row.group
            t.cell(r, 2).text = row.label
        elif row in f.T3_RESULT_ROWS:
            t.cell(r, 1).merge(t.cell(r, 2)).text = row.label
        else:
            t.cell(r, 0).merge(t.cell(r, 2)).text = row.label
        numbers = t3_row(v, row.middle)
        for i, x in enumerate(numbers):
            t.cell(r, 3 + i).text = str(x)
    end = results_start + len(f.T3_RESULT_ROWS) - 1
    t.cell(results_start, 0).merge(t.cell(end, 0)).text = f.T3_RESULTS_HEADING
    document.add_paragraph(f.SECTIONS[3].title)
    t = document.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(1, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for i in range(15):
        t.cell(2, i).text = f.T4_COLUMNS[i % 5].label
    for i, x in enumerate(t4_numbers(v)):
        t.cell(3, i).text = str(x)
    for line in tail():
        document.add_paragraph(line)
    document.save(str(path))


@pytest.mark.parametrize("seed", range(3))
def test_docx_official_layout_with_merged_cells(tmp_path, seed):
    v = values_for(100 + seed)
    path = tmp_path / "report.docx"
    write_official_docx(path, v)
    result = import_report(path)
    check(result, v, full=True)


# ---------------------------------------------------------------- Markdown from converters


@pytest.mark.parametrize("seed", range(3))
def test_markdown_table_three_with_repeated_header_after_page_break(seed):
    v = values_for(110 + seed)
    lines = t3_head() + ["| " + " | ".join(["", "自然人", *ORG_SHORT, "总计"]) + " |", "|---" * 8 + "|"]
    for n, row in enumerate(f.T3_NUMBER_ROWS):
        if n == 12:
            lines += [
                "",
                f"{AGENCY} {YEAR}年政府信息公开工作年度报告",
                "- 4 -",
                "",
                "| " + " | ".join(["", "自然人", *ORG_SHORT, "总计"]) + " |",
                "|---" * 8 + "|",
            ]
        lines.append("| " + " | ".join([row.label, *map(str, t3_row(v, row.middle))]) + " |")
    result = import_text(report(v, t3=lines), "md")
    check(result, v, full=True)


def test_html_table_two_cells_with_units_and_dash_fee():
    v = values_for(130)
    v["t2.fees.amount"] = 0
    t2 = html_t2(v)
    for block in f.T2_BLOCKS[:3]:
        for middle, _ in block.rows:
            for c in block.columns:
                x = v[f"t2.{middle}.{c.suffix}"]
                t2 = t2.replace(f"<span>{x}</span></p></td>", f"<span>{x}件</span></p></td>", 1)
    t2 = t2.replace("<span>0</span></p></td></tr></table>", "<span>—</span></p></td></tr></table>")
    result = import_text(html_report(v, t2_table=t2), "html")
    check(result, v, full=False)
    assert result.report.values.get("t2.fees.amount") == 0


@pytest.mark.parametrize("seed", range(3))
def test_docx_total_column_first_with_merged_header(tmp_path, seed):
    import docx

    v = values_for(140 + seed)
    document = docx.Document()
    for line in head(YEAR) + t2_block_lines(v) + [f.SECTIONS[2].title]:
        document.add_paragraph(line)
    t = document.add_table(rows=2 + len(f.T3_NUMBER_ROWS), cols=8)
    t.cell(0, 0).merge(t.cell(1, 0)).text = f.T3_NOTE
    t.cell(0, 1).merge(t.cell(1, 1)).text = "总计"
    t.cell(0, 2).merge(t.cell(1, 2)).text = "自然人"
    t.cell(0, 3).merge(t.cell(0, 7)).text = "法人或其他组织"
    for i, c in enumerate(ORG_SHORT):
        t.cell(1, 3 + i).text = c
    for r, row in enumerate(f.T3_NUMBER_ROWS, start=2):
        t.cell(r, 0).text = row.label
        nums = t3_row(v, row.middle)
        for i, x in enumerate([nums[k] for k in TOTAL_FIRST]):
            t.cell(r, 1 + i).text = str(x)
    for line in t4_block(v) + tail():
        document.add_paragraph(line)
    path = tmp_path / "r.docx"
    document.save(str(path))
    result = import_report(path)
    check(result, v, full=False)


BANNER = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"


@pytest.mark.parametrize("seed", range(3))
def test_page_banner_with_a_year_inside_table_four(seed):
    v = values_for(150 + seed)
    lines = _t4_555(v, labelled=False)
    lines.insert(-1, "第 5 页 共 6 页")
    lines.insert(-1, BANNER)
    result = import_text(report(v, t4=lines))
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_page_banner_with_a_year_between_cells_of_table_three(seed):
    v = values_for(155 + seed)
    lines = []
    for n, row in enumerate(f.T3_ROWS):
        lines.append(row.label)
        if row.middle:
            cells = [str(x) for x in t3_row(v, row.middle)]
            if n == 12:
                cells[3:3] = ["- 3 -", BANNER]  # a page break inside a row
            lines += cells
    result = import_text(report(v, t3=t3_head(*OFFICIAL_HEAD) + lines))
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_page_banner_between_rows_of_table_two(seed):
    v = values_for(158 + seed)
    t2 = t2_block_lines(v)
    t2.insert(5, BANNER)
    t2.insert(5, "- 2 -")
    result = import_text(report(v, t2=t2))
    check(result, v, full=True)


# ---------------------------------------------------------------- everything at once

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _combined(rng: random.Random, v: dict) -> str:
    zero = rng.choice(["0", "—", "-", "０"])

    def cell(x):
        if x == 0:
            return zero
        return f"{x:,}" if x >= 1000 else (str(x).translate(FULL_WIDTH) if rng.random() < 0.3 else str(x))

    v["t2.fees.amount"] = rng.choice([0, 7545, 2.29, 12.5])
    fee_shown = {
        0: rng.choice(["0", "0.00", "—"]),
        7545: rng.choice(["7545.00", "7545", "7,545.00万元"]),
        2.29: rng.choice(["2.29", "2.29万元"]),
        12.5: "12.50",
    }[v["t2.fees.amount"]]
    t2 = t2_block_lines(
        v,
        unit_counts=rng.choice(["", "件"]),
        fee=fee_shown,
        short_label=rng.random() < 0.5,
        order=rng.sample(range(4), 4) if rng.random() < 0.5 else None,
    )
    total_first = rng.random() < 0.3
    if total_first:
        head3 = t3_head(f.T3_APPLICANT_HEADER, "总计 自然人 法人或其他组织", " ".join(ORG_SHORT))
        rows = t3_row_lines(v, order=TOTAL_FIRST, cell=cell)
    else:
        head3 = t3_head(*HEADS[rng.choice(sorted(HEADS))])
        rows = t3_row_lines(v, cell=cell)
    if rng.random() < 0.5:
        rows = with_page_breaks(rows, rng.randint(4, 12), banner=rng.random() < 0.5)
    t4 = rng.choice([t4_block(v), _t4_555(v, True), _t4_555(v, False)])
    top = head(YEAR)
    if rng.random() < 0.5:
        top[2] = "一、概述"
    bottom = tail() if rng.random() < 0.5 else tail()[:5]
    return report(v, t2=t2, t3=head3 + rows, t4=t4, top=top, bottom=bottom)


@pytest.mark.parametrize("seed", range(30))
def test_combined_decorations(seed):
    rng = random.Random(seed)
    v = values_for(1000 + seed, busy=rng.choice([0.2, 0.5, 0.9]))
    result = import_text(_combined(rng, v))
    check(result, v, full=True)


@pytest.mark.parametrize("seed", range(3))
def test_total_first_header_after_a_caption_with_a_year(seed):
    v = values_for(170 + seed)
    head3 = t3_head(
        f"表三 {YEAR}年度收到和处理政府信息公开申请情况统计表",
        "单位：件",
        f.T3_APPLICANT_HEADER,
        "总计 自然人 法人或其他组织",
        " ".join(ORG_SHORT),
    )
    result = import_text(report(v, t3=head3 + t3_row_lines(v, order=TOTAL_FIRST)))
    check(result, v, full=True)

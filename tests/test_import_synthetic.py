"""Synthetic reports: random consistent values rendered in the forms real publications take,
imported back, compared cell by cell. Also: the renderers used by bench/bench_import.py."""

from __future__ import annotations

import random

import pytest

from nianbao.importers import import_report, import_text
from nianbao.spec import format2021 as f

AGENCY = "某某市某某区人民政府"
T3_PARTS = [c.suffix for c in f.T3_PART_COLUMNS]


# ---------------------------------------------------------------- values


def random_values(rng: random.Random, zeros: float = 0.6) -> dict:
    v: dict = {}

    def count(big: int = 60) -> int:
        return 0 if rng.random() < zeros else rng.randint(1, big)

    for block in f.T2_BLOCKS:
        for middle, _ in block.rows:
            for col in block.columns:
                key = f"t2.{middle}.{col.suffix}"
                v[key] = round(rng.uniform(0, 900), 2) if block.kind == f.AMOUNT else count(3000)
    for c in T3_PARTS:
        for row in f.T3_RESULT_ROWS:
            v[f.t3_key(row.middle, c)] = count()
        results = sum(v[f.t3_key(r.middle, c)] for r in f.T3_RESULT_ROWS)
        v[f.t3_key("results_total", c)] = results
        forward = count(20)
        carried = rng.randint(0, results + forward) if rng.random() > zeros else 0
        v[f.t3_key("carried_forward", c)] = forward
        v[f.t3_key("carried_over", c)] = carried
        v[f.t3_key("new", c)] = results + forward - carried
    for row in f.T3_NUMBER_ROWS:
        v[f.t3_key(row.middle, "total")] = sum(v[f.t3_key(row.middle, c)] for c in T3_PARTS)
    for g in f.T4_GROUPS:
        parts = [count(9) for _ in f.T4_PART_COLUMNS]
        for col, value in zip(f.T4_PART_COLUMNS, parts):
            v[f.t4_key(g.suffix, col.suffix)] = value
        v[f.t4_key(g.suffix, "total")] = sum(parts)
    return v


def t3_row(v: dict, middle: str) -> list:
    return [v[f.t3_key(middle, c.suffix)] for c in f.T3_COLUMNS]


def t4_numbers(v: dict) -> list:
    return [v[f.t4_key(g.suffix, c.suffix)] for g in f.T4_GROUPS for c in f.T4_COLUMNS]


def _num(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


# ---------------------------------------------------------------- text around the tables


def head(year: int) -> list[str]:
    s = f.SECTIONS
    return [
        f"{AGENCY}{year}年{f.REPORT_TITLE_SUFFIX}",
        f"本报告依据《中华人民共和国政府信息公开条例》编制。统计期限自{year}年1月1日至{year}年12月31日。"
        "地址：某某市人民路1号，邮编：100000，电话：010-12345678。",
        s[0].title,
        f"{year}年，本机关认真贯彻落实政府信息公开工作要求，取得积极成效。",
        "（一）主动公开",
        "全年主动公开政府信息若干条。",
        "（二）依申请公开",
        "依法办理政府信息公开申请。",
        "（三）政府信息管理",
        "加强信息发布审核。",
        "（四）政府信息公开平台建设",
        "优化政府网站栏目。",
        "（五）监督保障",
        "开展考核和社会评议。",
    ]


def tail() -> list[str]:
    s = f.SECTIONS
    return [
        s[4].title,
        "（一）存在的主要问题",
        "部分栏目更新不够及时。",
        "（二）改进情况",
        "加强栏目日常维护。",
        s[5].title,
        "本年度未收取信息处理费。",
    ]


def t2_lines(v: dict, sep: str = " ") -> list[str]:
    out = [f.SECTIONS[1].title]
    for block in f.T2_BLOCKS:
        out.append(block.article)
        out.append(sep.join([f.T2_CONTENT_HEADER] + [c.label for c in block.columns]))
        for middle, label in block.rows:
            out.append(sep.join([label] + [_num(v[f"t2.{middle}.{c.suffix}"]) for c in block.columns]))
    return out


def t3_header() -> list[str]:
    return [
        f.SECTIONS[2].title,
        f.T3_NOTE,
        f.T3_APPLICANT_HEADER,
        f.T3_COLUMNS[0].label,
        f.T3_ORG_GROUP,
        " ".join(c.label for c in f.T3_PART_COLUMNS[1:]),
        f.T3_COLUMNS[-1].label,
    ]


def t4_header() -> list[str]:
    return [f.SECTIONS[3].title, " ".join(g.label for g in f.T4_GROUPS), " ".join(c.label for c in f.T4_COLUMNS) * 3]


# ---------------------------------------------------------------- forms


def render_row_per_line(v: dict, year: int, before: bool = False, page_numbers: bool = False) -> str:
    lines = head(year) + t2_lines(v) + t3_header()
    for n, row in enumerate(f.T3_ROWS):
        if not row.middle:
            lines.append(row.label)
            continue
        numbers = " ".join(map(str, t3_row(v, row.middle)))
        lines += [numbers, row.label] if before else [f"{row.label} {numbers}"]
        if page_numbers and n % 9 == 8:
            lines.append(f"- {n // 9 + 2} -")
    lines += t4_header() + [" ".join(map(str, t4_numbers(v)))] + tail()
    return "\n".join(lines)


def render_cell_per_line(v: dict, year: int) -> str:
    lines = head(year) + t2_lines(v, "\n") + t3_header()
    for row in f.T3_ROWS:
        lines.append(row.label)
        if row.middle:
            lines += [f"\t{x}" for x in t3_row(v, row.middle)] + [""]
    lines += t4_header() + [str(x) for x in t4_numbers(v)] + tail()
    return "\n".join(lines)


def render_run_together(v: dict, year: int) -> str:
    body = " ".join(head(year))
    t3 = " ".join(t3_header()) + " "
    for row in f.T3_ROWS:
        t3 += row.label + " " + ("".join(map(str, t3_row(v, row.middle))) if row.middle else "")
    t4 = " ".join(t4_header()) + " " + " ".join(map(str, t4_numbers(v)))
    return "\n".join([body + " " + " ".join(t2_lines(v)) + " " + t3 + " " + t4 + " " + " ".join(tail())])


def render_markdown(v: dict, year: int, lose_every: int = 3) -> str:
    lines = head(year) + t2_lines(v) + t3_header()
    lines.append("| " + " | ".join(["", *[c.label for c in f.T3_COLUMNS]]) + " |")
    lines.append("|---" * 8 + "|")
    for n, row in enumerate(f.T3_NUMBER_ROWS):
        label = "" if n % lose_every == 1 else row.label  # a converter lost this label
        if not label:
            lines.append(row.label)  # …and left it floating as loose text
        lines.append("| " + " | ".join([label, *map(str, t3_row(v, row.middle))]) + " |")
    lines += t4_header() + ["| " + " | ".join(map(str, t4_numbers(v))) + " |"] + tail()
    return "\n".join(lines)


def render_html(v: dict, year: int, blanks: bool = True) -> str:
    def p(text):
        return f"<p>{text}</p>"

    def cell(x, **span):
        attrs = "".join(f' {k}="{n}"' for k, n in span.items())
        shown = "&nbsp;" if blanks and x == 0 else x
        return f"<td{attrs}>{shown}</td>"

    out = [p(x) for x in head(year)] + [p(f.SECTIONS[1].title), "<table>"]
    for block in f.T2_BLOCKS:
        out.append(f"<tr><td colspan='4'>{block.article}</td></tr>")
        for middle, label in block.rows:
            span = {"colspan": 3} if len(block.columns) == 1 else {}
            out.append(
                "<tr><td>"
                + label
                + "</td>"
                + "".join(
                    f"<td{' colspan=3' if span else ''}>{_num(v[f'''t2.{middle}.{c.suffix}'''])}</td>"
                    for c in block.columns
                )
                + "</tr>"
            )
    out += [
        "</table>",
        p(f.SECTIONS[2].title),
        "<table>",
        f"<tr><td colspan='3' rowspan='3'>{f.T3_NOTE}</td><td colspan='7'>{f.T3_APPLICANT_HEADER}</td></tr>",
        f"<tr><td rowspan='2'>{f.T3_COLUMNS[0].label}</td><td colspan='5'>{f.T3_ORG_GROUP}</td>"
        f"<td rowspan='2'>{f.T3_COLUMNS[-1].label}</td></tr>",
        "<tr>" + "".join(f"<td>{c.label}</td>" for c in f.T3_PART_COLUMNS[1:]) + "</tr>",
    ]
    first_result = True
    for row in f.T3_ROWS:
        if not row.middle:
            continue
        cells = ""
        if row in f.T3_RESULT_ROWS and first_result:
            cells += f"<td rowspan='{len(f.T3_RESULT_ROWS) + 5}'>{f.T3_RESULTS_HEADING}</td>"
            first_result = False
        if row.group:
            members = [r for r in f.T3_NUMBER_ROWS if r.group == row.group]
            if row is members[0]:
                cells += f"<td rowspan='{len(members)}'>{row.group}</td>"
            cells += f"<td>{row.label}</td>"
        else:
            cells += f"<td colspan='{3 if row.level == 0 else 2}'>{row.label}</td>"
        numbers = t3_row(v, row.middle)
        cells += "".join(cell(x) for x in numbers[:-1]) + f"<td>{numbers[-1]}</td>"
        out.append(f"<tr>{cells}</tr>")
    out += [
        "</table>",
        p(f.SECTIONS[3].title),
        "<table>",
        "<tr>" + "".join(f"<td colspan='5'>{g.label}</td>" for g in f.T4_GROUPS) + "</tr>",
        "<tr>" + "".join(f"<td>{c.label}</td>" for c in f.T4_COLUMNS) * 3 + "</tr>",
        "<tr>" + "".join(f"<td>{x}</td>" for x in t4_numbers(v)) + "</tr>",
        "</table>",
    ]
    out += [p(x) for x in tail()]
    return "<html><body>" + "\n".join(out) + "</body></html>"


def write_docx(path, v: dict, year: int) -> None:
    import docx

    document = docx.Document()
    for line in head(year) + t2_lines(v):
        document.add_paragraph(line)
    for line in t3_header()[:1]:
        document.add_paragraph(line)
    table = document.add_table(rows=2 + len(f.T3_NUMBER_ROWS), cols=1 + len(f.T3_COLUMNS))
    table.cell(0, 0).merge(table.cell(1, 0)).text = f.T3_NOTE
    table.cell(0, 1).merge(table.cell(0, 7)).text = f.T3_APPLICANT_HEADER
    for i, c in enumerate(f.T3_COLUMNS):
        table.cell(1, 1 + i).text = c.label
    for r, row in enumerate(f.T3_NUMBER_ROWS, start=2):
        table.cell(r, 0).text = row.label
        for i, x in enumerate(t3_row(v, row.middle)):
            table.cell(r, 1 + i).text = str(x)
    for line in t4_header():
        document.add_paragraph(line)
    t4 = document.add_table(rows=1, cols=15)
    for i, x in enumerate(t4_numbers(v)):
        t4.cell(0, i).text = str(x)
    for line in tail():
        document.add_paragraph(line)
    document.save(str(path))


TEXT_FORMS = {
    "row_per_line": lambda v, y: (render_row_per_line(v, y), "txt"),
    "numbers_before_label": lambda v, y: (render_row_per_line(v, y, before=True, page_numbers=True), "txt"),
    "cell_per_line": lambda v, y: (render_cell_per_line(v, y), "txt"),
    "markdown_lost_labels": lambda v, y: (render_markdown(v, y), "md"),
    "html_spans": lambda v, y: (render_html(v, y), "html"),
}


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
@pytest.mark.parametrize("seed", range(6))
def test_text_forms_round_trip(form, seed):
    rng = random.Random(seed * 101 + len(form))
    values = random_values(rng, zeros=rng.choice([0.3, 0.6, 0.95]))
    year = rng.randint(2021, 2025)
    text, kind = TEXT_FORMS[form](values, year)
    result = import_text(text, kind)
    assert result.report.values == values
    assert result.unplaced == []
    assert result.report.meta["year"] == year
    assert result.report.meta["agency"] == AGENCY
    assert result.format == "2021"
    assert result.layout == "official-25x7"
    assert result.report.text["other_matters"] == "本年度未收取信息处理费。"
    assert result.report.text["improvements"] == "加强栏目日常维护。"


@pytest.mark.parametrize("seed", range(8))
def test_run_together_never_returns_a_wrong_number(seed):
    rng = random.Random(seed)
    values = random_values(rng, zeros=0.5)
    result = import_text(render_run_together(values, 2023), "txt")
    got = result.report.values
    wrong = {k: (got[k], values[k]) for k in got if got[k] != values[k]}
    assert wrong == {}
    listed = {k for u in result.unplaced for k in u.keys}
    t3_t4 = {k for k in values if not k.startswith("t2.")}
    assert t3_t4 - set(got) <= listed  # whatever is missing is listed as unplaced


def test_run_together_unique_split_is_read():
    rng = random.Random(5)
    values = random_values(rng, zeros=1.0)  # all zero: "0000000" has one reading only
    values[f.t3_key("granted", "natural_person")] = 71
    values[f.t3_key("granted", "commercial")] = 3
    values[f.t3_key("granted", "total")] = 74
    for c, x in (("natural_person", 71), ("commercial", 3), ("total", 74)):
        values[f.t3_key("results_total", c)] = x
        values[f.t3_key("new", c)] = x
    result = import_text(render_run_together(values, 2022), "txt")
    assert {k: v for k, v in result.report.values.items() if not k.startswith("t2.")} == {
        k: v for k, v in values.items() if not k.startswith("t2.")
    }


def keys_of_row(row: str) -> list[str]:
    return [f.t3_key(row, c.suffix) for c in f.T3_COLUMNS]


def test_ambiguous_run_together_row_is_left_out_and_listed():
    values = random_values(random.Random(1), zeros=1.0)
    row = "withheld.third_party"
    for c, x in (("natural_person", 1), ("commercial", 11), ("total", 12)):
        values[f.t3_key(row, c)] = x
    # keep the columns consistent so that only the split itself is in question
    for c, x in (("natural_person", 1), ("commercial", 11), ("total", 12)):
        values[f.t3_key("results_total", c)] = x
        values[f.t3_key("new", c)] = x
    text = render_run_together(values, 2022)
    # "111000012" is 1,11,0,0,0,0,12 — and 11,1,0,0,0,0,12 satisfies every rule just as well
    # (the rows 一、 and （七）总计, printed alike, have the same two readings). The cells that
    # differ between the readings are left out and listed; those equal in both are read.
    result = import_text(text, "txt")
    keys = [f.t3_key(row, c) for c in ("natural_person", "commercial")]
    assert not any(k in result.report.values for k in keys)
    listed = [u for u in result.unplaced if set(keys) <= set(u.keys)]
    assert listed and "拆分" in listed[0].reason and listed[0].found == "111000012"
    # 1,1,10,0,0,0,12 keeps every rule too: 科研机构 is open as well; 总计 is 12 in every reading
    assert f.t3_key(row, "research") not in result.report.values
    got = {k: result.report.values[k] for k in keys_of_row(row) if k in result.report.values}
    assert got == {k: values[k] for k in got} and got[f.t3_key(row, "total")] == 12


def test_docx_word_table_round_trip(tmp_path):
    rng = random.Random(42)
    values = random_values(rng, zeros=0.4)
    path = tmp_path / "report.docx"
    write_docx(path, values, 2024)
    result = import_report(path)
    assert result.report.values == values
    assert result.unplaced == []


def test_published_total_that_does_not_add_up_is_kept():
    from nianbao.check.checker import check

    values = random_values(random.Random(3), zeros=0.3)
    key = f.t3_key("granted", "total")
    values[key] += 5  # the publisher's arithmetic error
    result = import_text(render_row_per_line(values, 2023), "txt")
    assert result.report.values == values
    findings = check(result.report, report_missing=False)
    assert any(key in x.keys and x.rule == "T3-行合计" for x in findings)


def test_full_width_digits_and_thousands_separators():
    values = random_values(random.Random(4), zeros=0.3)
    values["t2.licensing.decisions"] = 12345
    text = render_row_per_line(values, 2023)
    text = text.replace("行政许可 12345", "行政许可 12,345")
    full = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    result = import_text(full, "txt")
    assert result.report.values == values
    assert result.report.meta["year"] == 2023


def test_dash_is_zero_and_amount_keeps_its_decimals():
    values = random_values(random.Random(6), zeros=0.3)
    values["t2.fees.amount"] = 12.345678
    values[f.t3_key("withheld.state_secret", "commercial")] = 0
    text = render_row_per_line(values, 2023)
    row = f.T3_NUMBER_ROWS[4]  # withheld.state_secret
    numbers = t3_row(values, row.middle)
    shown = [str(x) for x in numbers]
    shown[1] = "—"
    text = text.replace(f"{row.label} {' '.join(map(str, numbers))}", f"{row.label} {' '.join(shown)}")
    result = import_text(text, "txt")
    assert result.report.values == values


def test_blank_total_beside_nonzero_row_is_not_printed():
    values = random_values(random.Random(8), zeros=0.2)
    html = render_html(values, 2023)
    granted = t3_row(values, "granted")
    assert granted[-1] != 0
    html = html.replace(f"<td>{granted[-1]}</td></tr>", "<td>&nbsp;</td></tr>", 1)
    result = import_text(html, "html")
    assert f.t3_key("granted", "total") not in result.report.values
    assert result.report.values[f.t3_key("granted", "natural_person")] == values[f.t3_key("granted", "natural_person")]
    # every other blank total still reads as printed: only the missing one is absent
    assert set(values) - set(result.report.values) <= {f.t3_key(r.middle, "total") for r in f.T3_NUMBER_ROWS}


def test_single_other_row_is_keyed_other_2019():
    values = random_values(random.Random(9), zeros=0.5)
    text = render_row_per_line(values, 2024)
    merged = [sum(values[f.t3_key(r.middle, c.suffix)] for r in f.T3_OTHER_ROWS) for c in f.T3_COLUMNS]
    lines = [ln for ln in text.split("\n") if not any(ln.startswith(r.label) for r in f.T3_OTHER_ROWS)]
    at = lines.index(f.T3_OTHER_2019.label)
    lines[at] = f"{f.T3_OTHER_2019.label} {' '.join(map(str, merged))}"
    result = import_text("\n".join(lines), "txt")
    assert result.layout == "single-other-23x7"
    for c, x in zip(f.T3_COLUMNS, merged):
        assert result.report.values[f"t3.other_2019.{c.suffix}"] == x
    assert not any(k.startswith("t3.other.") for k in result.report.values)


def test_subtotal_rows_and_column_are_dropped_but_checked():
    values = random_values(random.Random(10), zeros=0.4)
    lines = head(2024) + t2_lines(values) + t3_header()[:-1] + ["小计", f.T3_COLUMNS[-1].label]
    groups = {}
    for r in f.T3_NUMBER_ROWS:
        if r.group:
            groups.setdefault(r.group, []).append(r)

    def eight(cells):
        return cells[:6] + [sum(cells[1:6])] + cells[6:]

    for row in f.T3_ROWS:
        if row.middle is None and row.label in groups:
            sums = [sum(values[f.t3_key(m.middle, c.suffix)] for m in groups[row.label]) for c in f.T3_COLUMNS]
            lines.append(f"{row.label} {' '.join(map(str, eight(sums)))}")
        elif row.middle:
            lines.append(f"{row.label} {' '.join(map(str, eight(t3_row(values, row.middle))))}")
    lines += t4_header() + [" ".join(map(str, t4_numbers(values)))] + tail()
    result = import_text("\n".join(lines), "txt")
    assert result.layout == "official-subtotals-29x8"
    assert result.report.values == values


@pytest.mark.parametrize("seed", range(30))
def test_row_splitter_finds_exactly_the_splits_that_add_up(seed):
    from nianbao.importers.splits import row_splits, splits

    rng = random.Random(seed)
    parts = [rng.choice([0, 0, 1, 7, 12, 30, 105]) for _ in range(6)]
    with_subtotal = seed % 2 == 1
    cells = parts + ([sum(parts[1:])] if with_subtotal else []) + [sum(parts)]
    digits = "".join(map(str, cells))

    def adds_up(p):
        ok = sum(p[:6]) == p[-1]
        return ok and (not with_subtotal or sum(p[1:6]) == p[6])

    brute = sorted(splits(digits, len(cells), adds_up))
    fast = sorted(row_splits(digits, 6, 5 if with_subtotal else 0))
    assert fast == brute and tuple(cells) in fast

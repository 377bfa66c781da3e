"""Table 二 of 2019-format reports (国办公开办函〔2019〕60号), read under its own keys t2_2019.*:
in text (a row per line, a cell per line), in Word-made HTML (the article cell spanning its
block, 本年增/减 spanning two grid columns), with all whitespace removed (glued), and as a PDF.
本年增/减 may be negative; 采购总金额 is kept in 元 whether printed in 元 or 万元. A 2021 report
never gets these keys."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import pytest

from libreoffice import convert, needs_libreoffice
from nianbao.importers import import_report, import_text
from nianbao.io.json_exchange import report_from_json
from nianbao.spec import format2021 as f
from test_import_synthetic import head, random_values, render_html, render_row_per_line, t3_header, tail

SAMPLE = Path(__file__).parent / "data" / "samples" / "real" / "107_shanghai-bangongting-2019"
PREFIX = f.T2_2019_PREFIX + "."


def random_2019_table(rng: random.Random) -> dict:
    """Values of every 2019 table 二 cell: counts (many zeros), signed changes, an amount in 元."""
    values: dict = {}
    for key, cell in f.T2_2019_CELLS.items():
        if cell.kind == f.SIGNED_COUNT:
            values[key] = rng.choice([0, 0, rng.randint(-9, -1), rng.randint(1, 30)])
        elif cell.kind == f.YUAN:
            values[key] = rng.choice([0, rng.randint(1, 9999) * 100, rng.randint(1, 99_999_999)])
        else:
            values[key] = rng.choice([0, 0, rng.randint(1, 9), rng.randint(10, 999)])
    return values


def _printed(values: dict, key: str, yuan_unit: str) -> str:
    value = values[key]
    if f.T2_2019_CELLS[key].kind != f.YUAN:
        return str(value)
    if yuan_unit == "万元":
        return format(value / 10_000, "f").rstrip("0").rstrip(".") if value else "0"
    return f"{value}元"


def _amount_header(yuan_unit: str) -> str:
    return "采购总金额（万元）" if yuan_unit == "万元" else "采购总金额"


def table_rows(values: dict, yuan_unit: str = "元") -> list[list[str]]:
    """The table as printed, row by row: article, header, data rows."""
    rows = []
    for block in f.T2_2019_BLOCKS:
        rows.append([block.article])
        labels = [_amount_header(yuan_unit) if c.kind == f.YUAN else c.label for c in block.columns]
        rows.append([f.T2_CONTENT_HEADER, *labels])
        for middle, label in block.rows:
            cells = [_printed(values, f.t2_2019_key(middle, c.suffix), yuan_unit) for c in block.columns]
            rows.append([label, *cells])
    return rows


def report_2019(values: dict, yuan_unit: str = "元", cell_per_line: bool = False) -> str:
    lines = head(2019) + [f.SECTIONS[1].title]
    for row in table_rows(values, yuan_unit):
        lines += row if cell_per_line else [" ".join(row)]
    return "\n".join(lines + t3_header() + tail())


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    if len(text) > 4 and not re.fullmatch(r"[-\d.元]+", text):  # Word splits a label over runs
        cut = len(text) // 2
        inner = f'<span style="font-family:宋体">{text[:cut]}</span><span style="font-family:宋体">{text[cut:]}</span>'
    else:
        inner = f'<span lang="EN-US">{text}</span>&nbsp;'
    return f'<td style="border:solid windowtext 1.0pt"{spans}><p class="MsoNormal" align="center">{inner}</p></td>'


def word_html_2019(values: dict, yuan_unit: str = "元") -> str:
    """The table as Word writes it for the web: each block's article in a cell spanning its
    header and data rows, 本年增/减 (and the two-column blocks' cells) spanning two grid columns."""
    rows = []
    for block in f.T2_2019_BLOCKS:
        wide = 2 if len(block.columns) == 2 else 1
        labels = [_amount_header(yuan_unit) if c.kind == f.YUAN else c.label for c in block.columns]
        spans = [2 if c.suffix == "change" or wide == 2 else 1 for c in block.columns]
        article = _td(block.article, rowspan=1 + len(block.rows))
        rows.append(
            "<tr>" + article + _td(f.T2_CONTENT_HEADER) + "".join(_td(t, colspan=s) for t, s in zip(labels, spans))
        )
        for middle, label in block.rows:
            cells = [_printed(values, f.t2_2019_key(middle, c.suffix), yuan_unit) for c in block.columns]
            rows.append("<tr>" + _td(label) + "".join(_td(t, colspan=s) for t, s in zip(cells, spans)) + "</tr>")
    table = (
        '<table class="MsoNormalTable" border="1" cellspacing="0">' + "".join(r + "</tr>" for r in rows) + "</table>"
    )
    text = report_2019(values, yuan_unit).split("\n")
    at = text.index(f.SECTIONS[1].title) + 1
    after = text.index(f.SECTIONS[2].title)
    body = [f"<p>{line}</p>" for line in text[:at]] + [table] + [f"<p>{line}</p>" for line in text[after:]]
    return '<html><head><meta charset="utf-8"></head><body><p>&nbsp;</p>' + "".join(body) + "</body></html>"


def _table2(result) -> dict:
    return {k: v for k, v in result.report.values.items() if k.startswith(PREFIX)}


def _t2_unplaced(result) -> list:
    return [u for u in result.unplaced if any(k.startswith(PREFIX) for k in u.keys)]


# ---------------------------------------------------------------- text and HTML


@pytest.mark.parametrize("cell_per_line", [False, True])
@pytest.mark.parametrize("yuan_unit", ["元", "万元"])
@pytest.mark.parametrize("seed", range(4))
def test_text_reads_table_two_exactly(seed, yuan_unit, cell_per_line):
    values = random_2019_table(random.Random(seed))
    result = import_text(report_2019(values, yuan_unit, cell_per_line))
    assert result.format == "2019"
    assert _table2(result) == values
    assert _t2_unplaced(result) == []
    assert not any(k.startswith("t2.") for k in result.report.values)


@pytest.mark.parametrize("yuan_unit", ["元", "万元"])
@pytest.mark.parametrize("seed", range(4))
def test_word_html_with_spans_reads_table_two_exactly(tmp_path, seed, yuan_unit):
    values = random_2019_table(random.Random(seed + 10))
    path = tmp_path / "report.html"
    path.write_text(word_html_2019(values, yuan_unit), encoding="utf-8")
    result = import_report(path)
    assert result.format == "2019"
    assert _table2(result) == values
    assert _t2_unplaced(result) == []


def test_the_real_2019_report_reads_table_two_as_verified():
    expected = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))["values"]
    result = import_report(SAMPLE.with_suffix(".html"))
    assert _table2(result) == {k: v for k, v in expected.items() if k.startswith(PREFIX)}
    assert _table2(result)["t2_2019.procurement.amount"] == 251000  # printed "251000元"
    assert len(_table2(result)) == len(f.T2_2019_CELLS)


# ---------------------------------------------------------------- signs and units


def _one_block_report(rows: list[str]) -> str:
    """A 2019 report printing one block of table 二 (after the first block's header, which names the format)."""
    first = ["第二十条第（一）项", "信息内容 本年新制作数量 本年新公开数量 对外公开总数量"]
    return "\n".join(head(2019) + [f.SECTIONS[1].title, *first, *rows] + t3_header() + tail())


def test_a_negative_change_is_read_and_a_negative_count_is_not():
    result = import_text(
        _one_block_report(
            [
                "第二十条第（五）项",
                "信息内容 上一年项目数量 本年增/减 处理决定数量",
                "行政许可 12 -2 230",
                "其他对外管理服务事项 -3 1 4",
            ]
        )
    )
    got = _table2(result)
    assert got["t2_2019.licensing.change"] == -2
    assert got["t2_2019.licensing.last_year"] == 12
    assert "t2_2019.other_services.last_year" not in got  # a count is never negative
    assert got["t2_2019.other_services.change"] == 1
    (refused,) = _t2_unplaced(result)
    assert refused.keys == ("t2_2019.other_services.last_year",) and "正负号" in refused.reason
    assert refused.found == "-3"


@pytest.mark.parametrize(
    ("header", "printed", "expected"),
    [
        ("采购总金额", "251000元", 251000),
        ("采购总金额", "25.1万元", 251000),
        ("采购总金额（万元）", "25.1", 251000),
        ("采购总金额（万元）", "25.1万", 251000),
        ("采购总金额（单位：万元）", "1523.062507", 15230625.07),
        ("采购总金额（元）", "251,000", 251000),
        ("采购总金额（元）", "1234.5", 1234.5),
    ],
)
def test_the_procurement_amount_is_kept_in_yuan(header, printed, expected):
    result = import_text(
        _one_block_report(["第二十条第（九）项", f"信息内容 采购项目数量 {header}", f"政府集中采购 6 {printed}"])
    )
    assert _table2(result) == {"t2_2019.procurement.projects": 6, "t2_2019.procurement.amount": expected}


@pytest.mark.parametrize(
    ("header", "printed", "why"),
    [
        ("采购总金额", "251000", "未注明单位"),
        ("采购总金额（万元）", "251000元", "与表头"),
        ("采购总金额", "6个", "不是元或万元"),
    ],
)
def test_an_amount_of_unknown_unit_is_not_read(header, printed, why):
    result = import_text(
        _one_block_report(["第二十条第（九）项", f"信息内容 采购项目数量 {header}", f"政府集中采购 6 {printed}"])
    )
    assert _table2(result) == {"t2_2019.procurement.projects": 6}
    (refused,) = _t2_unplaced(result)
    assert refused.keys == ("t2_2019.procurement.amount",) and why in refused.reason


# ---------------------------------------------------------------- glued text

_CELL = {
    f.COUNT: re.compile(r"0|[1-9]\d*"),
    f.SIGNED_COUNT: re.compile(r"[-+]?(?:0|[1-9]\d*)"),
    f.YUAN: re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}


def _readings(printed: str, kinds: list[str]) -> set[tuple[str, ...]]:
    """Brute force: every way to cut the glued row into one string per column that the column
    can hold, a sign or a decimal point never cut from its digits."""
    out = set()
    for cuts in itertools.combinations(range(1, len(printed)), len(kinds) - 1):
        parts = [printed[a:b] for a, b in zip((0, *cuts), (*cuts, len(printed)))]
        if all(_CELL[k].fullmatch(p) for p, k in zip(parts, kinds)):
            out.add(tuple(parts))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_glued_text_reads_every_cell_the_columns_settle_and_no_other(seed):
    """All whitespace removed: a row's digits run together. A row is read exactly when one cut
    alone fits its columns ("000", "12-3230" when the sign settles it), else it is listed;
    never a different number. The oracle cuts every row every way."""
    values = random_2019_table(random.Random(seed + 20))
    text = "".join(report_2019(values).split())
    result = import_text(text)
    assert result.format == "2019"
    expected: dict = {}
    listed: set = set()
    for block in f.T2_2019_BLOCKS:
        kinds = [c.kind or block.kind for c in block.columns]
        for middle, _ in block.rows:
            keys = [f.t2_2019_key(middle, c.suffix) for c in block.columns]
            printed = "".join(_printed(values, k, "元").removesuffix("元") for k in keys)
            readings = _readings(printed, kinds)
            assert tuple(_printed(values, k, "元").removesuffix("元") for k in keys) in readings
            if len(readings) == 1:
                expected.update((k, values[k]) for k in keys)
            else:
                listed.update(keys)
    assert _table2(result) == expected
    assert {k for u in _t2_unplaced(result) for k in u.keys} == listed


def test_glued_rows_of_zeros_and_a_settling_sign_are_read():
    rows = [
        "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件1313524",
        "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可5-23其他对外管理服务事项000",
        "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购6251000元",
    ]
    result = import_text("".join("".join(_one_block_report(rows).split())))
    got = _table2(result)
    assert got == {
        **dict.fromkeys(("t2_2019.regulations.made", "t2_2019.regulations.published"), 0),
        "t2_2019.regulations.total_published": 0,
        "t2_2019.licensing.last_year": 5,
        "t2_2019.licensing.change": -2,
        "t2_2019.licensing.decisions": 3,
        **dict.fromkeys((f"t2_2019.other_services.{c}" for c in ("last_year", "change", "decisions")), 0),
    }
    reasons = {u.keys[0].split(".")[1]: u.reason for u in _t2_unplaced(result)}
    assert set(reasons) == {"normative_documents", "procurement"}
    assert all("拆分" in r for r in reasons.values())


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdf2019")
    values = random_2019_table(random.Random(99))
    values["t2_2019.licensing.change"] = -4  # a negative figure through the PDF text layer too
    (tmp / "word.html").write_text(word_html_2019(values, "万元"), encoding="utf-8")
    (tmp / "real.html").write_bytes(SAMPLE.with_suffix(".html").read_bytes())
    out = {name: convert(tmp / f"{name}.html", "pdf", tmp, tmp / f"profile_{name}") for name in ("word", "real")}
    return out, values


@needs_libreoffice
def test_pdf_of_a_word_page_reads_table_two_exactly(pdfs):
    paths, values = pdfs
    result = import_report(paths["word"])
    assert result.format == "2019"
    assert _table2(result) == values
    assert _t2_unplaced(result) == []


@needs_libreoffice
def test_pdf_of_the_real_2019_report_reads_table_two_as_verified(pdfs):
    paths, _ = pdfs
    expected = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))["values"]
    result = import_report(paths["real"])
    assert _table2(result) == {k: v for k, v in expected.items() if k.startswith(PREFIX)}


# ---------------------------------------------------------------- never in a 2021 report


@pytest.mark.parametrize("form", ["lines", "html", "glued"])
@pytest.mark.parametrize("seed", range(3))
def test_a_2021_report_never_gets_2019_keys(seed, form):
    values = random_values(random.Random(seed + 30), zeros=0.5)
    if form == "html":
        result = import_text(render_html(values, 2023), "html")
    else:
        text = render_row_per_line(values, 2023)
        result = import_text("".join(text.split()) if form == "glued" else text)
    assert result.format == "2021"
    assert not any(k.startswith(PREFIX) for k in result.report.values)
    assert any(k.startswith("t2.") for k in result.report.values)


# ---------------------------------------------------------------- where the keys go


def test_the_keys_travel_in_the_json_output_and_name_their_cells():
    values = random_2019_table(random.Random(5))
    result = import_text(report_2019(values))
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert {k: v for k, v in data["values"].items() if k.startswith(PREFIX)} == values
    assert {k: v for k, v in report_from_json(data).values.items() if k.startswith(PREFIX)} == values
    assert f.describe("t2_2019.licensing.change") == "表二（2019年格式）「行政许可」行「本年增/减」列"
    assert f.describe("t2.licensing.decisions") == "表二「行政许可」行「本年处理决定数量」列"

"""Published pages as an outsider renders them (tests/support/blind_*.py): Word "另存为网页", a CMS editor,
a table pasted from Excel, and the text a browser copy, a crawler, w3m or lynx makes of them.

Whatever the page does, the importer never returns a number other than the printed one and never
raises a false 文字 alarm (every page states its fee in section 六 and quotes its figures right).
Where the clerk printed every zero as "0", every printed cell is read, exactly.
"""

from __future__ import annotations

import os
import random

import pytest

from nianbao.check.checker import check
from nianbao.importers import import_text
from nianbao.spec import format2021 as f
from support import blind_text
from support.blind_html import WRITERS, Page, Style, render_page
from test_import_synthetic import random_values

TEXT_FORMS = {"html": lambda page, rng: (page.html, "html"), **blind_text.TEXT_FORMS}
# Read in full when zeros are printed "0": all but glued text, whose splits are settled only by the
# rules (table 二 has none: "行政规范性文件4121395" has several readings and is left out).
PARTIAL = {("word", "glued"), ("cms", "glued"), ("excel", "glued")}


def _page(writer: str, seed: int, style: Style | None = None) -> tuple[Page, random.Random]:
    rng = random.Random(f"blind-{writer}-{seed}")
    values = random_values(rng, zeros=rng.choice([0.5, 0.8, 0.95]))
    return render_page(values, rng, writer, style=style), rng


def _not_installed(program: str) -> None:
    """Skipped on a developer's machine without the program; a failure under CI, which installs
    it (.ci/install-system-packages)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{program} is not installed, and CI must run this test")
    pytest.skip(f"{program} is not installed")


def _import(page: Page, rng: random.Random, form: str):
    text, kind = TEXT_FORMS[form](page, rng)
    if text is None:
        _not_installed(form)
    return import_text(text, kind)


@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("seed", range(3))
def test_never_a_wrong_number_nor_a_false_narrative_alarm(writer, form, seed):
    page, rng = _page(writer, seed)  # zeros as 0/blank/—/－, full-width digits, 1,234 …
    result = _import(page, rng, form)
    got = result.report.values
    assert {k: (v, page.truth.get(k)) for k, v in got.items() if page.truth.get(k, "absent") != v} == {}
    alarms = [x for x in check(result.report, report_missing=False) if x.rule.startswith("文字")]
    assert alarms == []


@pytest.mark.parametrize(
    ("writer", "form"), [(w, f) for w in WRITERS for f in sorted(TEXT_FORMS) if (w, f) not in PARTIAL]
)
@pytest.mark.parametrize("seed", range(2))
def test_every_printed_cell_is_read_when_zeros_are_printed(writer, form, seed):
    """(Glued text is read partly by design: see bench/bench_import_blind.py.)"""
    page, rng = _page(writer, seed, Style())
    result = _import(page, rng, form)
    assert result.report.values == page.truth


def _page_with(changes: dict, style: Style, writer: str = "word") -> tuple[Page, random.Random]:
    rng = random.Random(f"blind-fixed-{writer}")
    values = random_values(rng, zeros=0.6)
    values.update(changes)
    return render_page(values, rng, writer, style=style), rng


def test_a_full_width_comma_in_one_cell_is_a_thousands_separator():
    """表二「行政许可」一格之内印作“１，９３３”：读作 1933，不是 1。"""
    page, _ = _page_with({"t2.licensing.decisions": 1933}, Style(full_width=True, thousands=True))
    assert "１，９３３" in page.html
    got = import_text(page.html, "html").report.values
    assert got["t2.licensing.decisions"] == 1933


def test_a_lone_figure_of_table_2_with_blank_zeros_is_not_split():
    """表二「行政规范性文件」0 印作空白，爬虫一格一行：只剩一行“648”——不拆成 6、4、8，列为未导入。"""
    changes = {"t2.normative_documents.issued": 0, "t2.normative_documents.repealed": 648}
    changes["t2.normative_documents.in_force"] = 0
    page, rng = _page_with(changes, Style(zero=""))
    text = blind_text.nodes(page.html)
    assert "行政规范性文件\n648\n" in text
    result = import_text(text, "txt")
    assert not any(k.startswith("t2.normative_documents.") for k in result.report.values)
    assert any("t2.normative_documents.repealed" in u.keys for u in result.unplaced)


def test_labels_on_both_sides_of_rows_with_blank_cells_place_no_row_wrongly():
    """表三 0 印作空白、一格一行：每行数字前后都有行名；不把“一、本年新收”的数字放进“二、上年结转”。"""
    page, rng = _page("word", 5, Style(zero=""))
    result = _import(page, rng, "nodes")
    got = result.report.values
    assert {k: (v, page.truth.get(k)) for k, v in got.items() if page.truth.get(k, "absent") != v} == {}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_browser_copy_keeps_blank_cells_between_tabs(writer):
    """0 印作空白的表格，浏览器复制后各格以制表符分隔：空白格仍占一格，每一格照印出的读。"""
    page, rng = _page(writer, 1, Style(zero=""))
    text = blind_text.copy_all(page.html)
    assert "\t\t" in text
    result = import_text(text, "txt")
    assert result.report.values == page.truth


@pytest.mark.parametrize("seed", range(2))
def test_a_box_drawn_table_of_w3m_is_read_by_its_columns(seed):
    """w3m -dump 画出的表格（│ 分隔各格、一格的文字折成几行）：按列读出每一格。"""
    page, rng = _page("cms", seed, Style(zero=rng_free_zero(seed)))
    text = blind_text.w3m(page.html)
    if text is None:
        _not_installed("w3m")
    assert "│" in text
    result = import_text(text, "txt")
    assert result.report.values == page.truth


def rng_free_zero(seed: int) -> str:
    return ["0", ""][seed % 2]


@pytest.mark.parametrize("form", ["html", "pipes", "copy_all", "w3m"])
def test_other_processing_printed_as_one_set_of_cells_is_the_single_row(form):
    """（六）其他处理印有三个小项的行名，但数字只有一组（rowspan=3）：读作单独一行 t3.other_2019，不是三行。"""
    values = random_values(random.Random(5), zeros=0.5)
    # the renderer merges （六） in some pages: take the first that does
    pages = (render_page(values, random.Random(n), "cms", style=Style()) for n in range(200))
    page = next(p for p in pages if f.t3_key("other_2019", "total") in p.truth)
    assert 'rowspan="3"' in page.html
    result = _import(page, random.Random(0), form)
    assert result.report.values == page.truth


def test_a_lost_row_in_a_table_of_zeros_shifts_no_row():
    """Markdown 表三丢了一行（“（一）予以公开”全为空白）：其余各行按行名放，不按行数错位。"""
    page, rng = _page("word", 6, Style(zero=""))
    lines = blind_text.pipes(page.html).split("\n")
    lost = next(i for i, line in enumerate(lines) if "予以公开" in line and line.startswith("|"))
    del lines[lost]
    got = import_text("\n".join(lines), "md").report.values
    assert {k: (v, page.truth.get(k)) for k, v in got.items() if page.truth.get(k, "absent") != v} == {}
    assert not any(k.startswith("t3.granted.") for k in got)


@pytest.mark.parametrize("seed", range(3))
def test_glued_text_with_dashes_for_zeros_reads_table_3_by_its_rules(seed):
    """0 印作“－”的网页，复制成没有空白的文字（“…仍不明确－4813332419137…”）：每个“－”是一格 0，
    其余数字由行合计与各列规则拆分；表三每一格照读。"""
    page, rng = _page("cms", seed, Style(zero="－"))
    text, kind = TEXT_FORMS["glued"](page, rng)
    assert "－" in text
    got = import_text(text, kind).report.values
    assert {k: got.get(k) for k in page.truth if k.startswith("t3.")} == {
        k: v for k, v in page.truth.items() if k.startswith("t3.")
    }
    assert {k: (v, page.truth.get(k)) for k, v in got.items() if page.truth.get(k, "absent") != v} == {}


@pytest.mark.parametrize("form", ["html", "copy_all", "pipes"])
def test_the_publishers_own_error_is_kept_and_found(form):
    """网页上表三「（一）予以公开」的总计印错（多了5）：照印出的读，校验报告 T3-行合计。"""
    rng = random.Random(11)
    values = random_values(rng, zeros=0.6)
    key = f.t3_key("granted", "total")
    values[key] += 5
    page = render_page(values, rng, "cms", style=Style())
    result = _import(page, random.Random(0), form)
    assert result.report.values[key] == values[key]
    findings = check(result.report, report_missing=False)
    assert any(key in x.keys and x.rule == "T3-行合计" for x in findings)


def _all_zero_table4(values: dict) -> dict:
    return {**values, **{k: 0 for k in values if k.startswith("t4.")}}


@pytest.mark.parametrize("form", ["html", "copy_all", "pipes"])
def test_a_table_4_left_wholly_blank_is_read_as_zeros(form):
    """表四整张没有一个数字（0 印作空白）、表头完整：十五格都是 0，与其他空白格一样。"""
    rng = random.Random(31)
    values = _all_zero_table4(random_values(rng, zeros=0.8))
    page = render_page(values, rng, "word", style=Style(zero=""))
    result = import_text(page.html, "html") if form == "html" else _import(page, rng, form)
    got = result.report.values
    assert {k: got.get(k) for k in values if k.startswith("t4.")} == {k: 0 for k in values if k.startswith("t4.")}


def test_a_table_4_without_figures_but_figures_astray_before_it_is_not_read_as_zeros():
    """表四没有数字，但表三后面多出一行不属于任何单元格的数字（可能正是表四的数字印错了位置）：表四不读作 0。"""
    rng = random.Random(32)
    values = random_values(rng, zeros=0.8)
    page = render_page(_all_zero_table4(values), rng, "word", style=Style(zero=""))
    text = blind_text.copy_all(page.html)
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    assert text.count(heading) == 1
    text = text.replace(heading, "\t3\t2\t0\t1\t6\t4\t1\t0\t0\t5\t\t\t\t\t\n" + heading)
    got = import_text(text, "txt").report.values
    assert not any(k.startswith("t4.") for k in got)


@pytest.mark.parametrize("value", [0, 12])
def test_a_one_cell_row_of_table_2_padded_by_a_converter_reads_its_first_cell(value):
    """表二“行政许可”这类一格的行，在转换成三列宽的表格后补了空格（| 行政许可 | 12 |  |  |）：读第一格，空白即 0。"""
    rng = random.Random(33)
    values = {**random_values(rng, zeros=0.8), "t2.licensing.decisions": value}
    page = render_page(values, rng, "excel", style=Style(zero=""))
    text, kind = blind_text.pipes(page.html), "md"
    assert "| 行政许可 |" in text
    got = import_text(text, kind).report.values
    assert got["t2.licensing.decisions"] == value


FIRST_OF_GROUPS = ("t3.unavailable.not_held.", "t3.not_processed.complaint.", "t3.other.no_correction.")


def test_a_blank_row_keeps_the_label_after_its_groups():
    """“| （四）无法提供 | 1.本机关不掌握相关政府信息 |（空白）…”整行空白：行名取“1.本机关不掌握…”，读作 0，不当成分组标题丢掉。"""
    rng = random.Random(34)
    values = random_values(rng, zeros=0.8)
    for key in values:
        if key.startswith(FIRST_OF_GROUPS):
            values[key] = 0
    page = render_page(values, rng, "excel", style=Style(zero=""))
    text = blind_text.pipes(page.html)
    assert "| （四）无法提供 | 1.本机关不掌握相关政府信息 |  |" in text
    got = import_text(text, "md").report.values
    assert {k: got.get(k) for k in values if k.startswith(FIRST_OF_GROUPS)} == {
        k: 0 for k in values if k.startswith(FIRST_OF_GROUPS)
    }


def test_a_label_wrapped_over_many_lines_beside_its_figures_names_its_own_row():
    """w3m 把“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”折成七行、数字在第四行：
    后面的“2.申请人逾期未按收费…”是下一行的行名，不能把这一行的数字放进“2.”那一行。
    （bench_import_blind.py 里 excel/w3m 第 33 份，这个错就是在那里发现的。）"""
    rng = random.Random("excel/w3m-33")
    page = render_page(random_values(rng, zeros=rng.choice([0.5, 0.8, 0.95])), rng, "excel")
    text, _ = TEXT_FORMS["w3m"](page, rng)
    if text is None:
        _not_installed("w3m")
    assert "期不补正、" in text and "行政机关不" in text  # the label wrapped as described
    got = import_text(text, "txt").report.values
    assert {k: (v, page.truth.get(k)) for k, v in got.items() if page.truth.get(k, "absent") != v} == {}
    assert got["t3.other.no_correction.total"] == page.truth["t3.other.no_correction.total"]


def test_a_table_3_of_dashes_only_is_read_in_the_formats_column_order():
    """表三每格都印“-”（全为 0）：“2.其他法律行政法规禁止公开”这样的行名不是表头，不能据此说各列次序与格式不同。"""
    rng = random.Random(35)
    values = {k: (0 if k.startswith("t3.") else v) for k, v in random_values(rng, zeros=0.8).items()}
    page = render_page(values, rng, "cms", style=Style(zero="-"))
    got = import_text(page.html, "html").report.values
    assert {k: got.get(k) for k in values if k.startswith("t3.")} == {k: 0 for k in values if k.startswith("t3.")}


def test_other_processing_as_one_set_beside_wrapped_sub_row_labels_is_not_sub_row_1():
    """w3m 把（六）的三个小项名折成多行，数字只有一组（跨三行）：不能读成第 1 小项的数字。
    （bench_import_blind.py 里 word/w3m 第 133 份。）"""
    rng = random.Random("word/w3m-133")
    page = render_page(random_values(rng, zeros=rng.choice([0.5, 0.8, 0.95])), rng, "word")
    text, _ = TEXT_FORMS["w3m"](page, rng)
    if text is None:
        _not_installed("w3m")
    assert "逾期未按" in text and any(k.startswith("t3.other_2019.") for k in page.truth)
    got = import_text(text, "txt").report.values
    assert {k: (v, page.truth.get(k)) for k, v in got.items() if page.truth.get(k, "absent") != v} == {}

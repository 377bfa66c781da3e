"""Reports laid out as agencies print them from the official 2021 template (国办公开办函〔2021〕30号):
python-docx builds the Word file, LibreOffice prints it to PDF (tests/libreoffice.py).

Tables 二, 三 and 四 carry the official merged layout — table 三's three header rows
(申请人情况 over 自然人 / 法人或其他组织 (five sub-columns) / 总计), 三、本年度办理结果 spanning
every result row, the （三）…（六） blocks spanning their numbered sub-rows; table 四's 行政复议 and
行政诉讼 (未经复议直接起诉 / 复议后起诉) bands — and the `Look` knobs cover what real printouts
vary in: ruled or not, zeros as "0", blank, "—" or "/", narrow columns that wrap labels
("商业\\n企业"), vertical text in the first column, landscape pages, a table shrunk to fit, a
table broken over a page with its header repeated or not, page numbers "— 3 —" in the footer, a
watermark line in the page header, 宋体 or 仿宋 (fonts-noto-cjk stands in for both).
"""

from __future__ import annotations

import os
import random
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from nianbao.spec import format2021 as f

AGENCY = "某某市某某区人民政府办公室"
FILLER = (
    "本机关坚持以公开为常态、不公开为例外，围绕群众关切及时发布政策文件和解读材料，"
    "进一步规范政府信息公开申请办理流程，依法保障人民群众的知情权、参与权和监督权。"
)
ZERO_FORMS = ("0", "", "—", "/")


@dataclass(frozen=True)
class Look:
    """How one printout looks: the knobs of the real-world variation."""

    zero: str = "0"  # how a zero is printed: "0", "" (blank), "—" or "/"
    ruled: bool = True  # borders drawn (Word's 网格型); False: the text layer alone
    narrow: bool = True  # number columns so narrow that "商业企业" wraps to "商业\n企业"
    vertical: bool = True  # 三、本年度办理结果 printed as vertical text
    landscape: bool = False
    font: str = "宋体"  # or "仿宋_GB2312"
    size: float = 10.5  # points; 7.5 is a table shrunk to fit
    repeat_header: bool = True  # table 三's header rows repeated on the next page
    filler: int = 6  # paragraphs of narrative before table 三 (pushes it over a page break)
    page_numbers: str = "— {} —"  # the footer; "" for none
    watermark: str = "某某市人民政府信息公开专栏"  # a line in the page header; "" for none
    t4_bands: bool = True  # table 四 with its official 行政复议 / 行政诉讼 header bands

    def describe(self) -> str:
        zero = {"": "空白", "0": "0", "—": "—", "/": "/"}[self.zero]
        bits = [f"零={zero}", "有框线" if self.ruled else "无框线", f"{self.font}{self.size:g}pt"]
        bits += ["窄列"] * self.narrow + ["竖排"] * self.vertical + ["横向"] * self.landscape
        return " ".join(bits)


@dataclass
class Case:
    name: str
    values: dict
    year: int
    look: Look = field(default_factory=Look)


def random_looks(rng: random.Random, n: int) -> list[Look]:
    """n looks with every knob varied; the first four cover each zero form."""
    looks = []
    for i in range(n):
        looks.append(
            Look(
                zero=ZERO_FORMS[i % 4] if i < 4 else rng.choice(ZERO_FORMS),
                ruled=rng.random() < 0.8,
                narrow=rng.random() < 0.7,
                vertical=rng.random() < 0.6,
                landscape=rng.random() < 0.25,
                font=rng.choice(["宋体", "仿宋_GB2312"]),
                size=rng.choice([10.5, 10.5, 9, 7.5]),
                repeat_header=rng.random() < 0.5,
                filler=rng.randint(0, 14),
                page_numbers=rng.choice(["— {} —", "- {} -", "第{}页", ""]),
                watermark=rng.choice(["", "某某市人民政府信息公开专栏", "内部资料 注意保存"]),
                t4_bands=rng.random() < 0.85,
            )
        )
    return looks


# ---------------------------------------------------------------- docx details


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _element(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(_qn(k), v)
    return el


def _set_run_font(run, look: Look, size: float | None = None) -> None:
    from docx.shared import Pt

    run.font.name = look.font
    run.font.size = Pt(size or look.size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(_qn("w:eastAsia"), look.font)


def _write(cell, text: str, look: Look, centre: bool = True) -> None:
    """The cell's text, in the look's font, centred; "\\n" makes a line break as a clerk's Enter does."""
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        _set_run_font(run, look)
        if i < len(lines) - 1:
            run.add_break()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = 0
    paragraph.paragraph_format.space_before = 0


def _vertical(cell) -> None:
    cell._tc.get_or_add_tcPr().append(_element("w:textDirection", **{"w:val": "tbRlV"}))


def _widths(table, widths_cm: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(_qn("w:gridCol")), widths_cm):
        col.set(_qn("w:w"), str(int(Cm(w).twips)))
    for row in table._tbl.tr_lst:
        col = 0
        for tc in row.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[col : col + span]))
            col += span


def _repeat(row) -> None:
    row._tr.get_or_add_trPr().append(_element("w:tblHeader", **{"w:val": "true"}))


def _number(x, look: Look) -> str:
    if x == 0:
        return look.zero
    return repr(x) if isinstance(x, float) else str(x)


def _table(document, rows: int, cols: int, look: Look):
    table = document.add_table(rows=rows, cols=cols)
    if look.ruled:
        table.style = document.styles["Table Grid"]
    return table


def _paragraph(document, text: str, look: Look, size: float | None = None):
    paragraph = document.add_paragraph()
    _set_run_font(paragraph.add_run(text), look, size or 12)
    return paragraph


def page_number(paragraph, form: str) -> None:
    """Word's PAGE field in `paragraph`, printed as `form` ("— {} —")."""
    before, _, after = form.partition("{}")
    paragraph.add_run(before)
    field_ = _element("w:fldSimple", **{"w:instr": "PAGE"})
    run = _element("w:r")
    text = _element("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)
    paragraph.add_run(after)


# ---------------------------------------------------------------- the tables


def _wrap(label: str, look: Look) -> str:
    """A header label as a narrow column prints it: two (or three) characters a line."""
    if not look.narrow or len(label) <= 2:
        return label
    step = 2 if len(label) <= 4 else 3
    return "\n".join(label[i : i + step] for i in range(0, len(label), step))


def _table2(document, v: dict, look: Look) -> None:
    rows = sum(2 + len(b.rows) for b in f.T2_BLOCKS)
    table = _table(document, rows, 4, look)
    r = 0
    for block in f.T2_BLOCKS:
        _write(table.cell(r, 0).merge(table.cell(r, 3)), block.article, look)
        r += 1
        _write(table.cell(r, 0), f.T2_CONTENT_HEADER, look)
        if len(block.columns) == 1:
            _write(table.cell(r, 1).merge(table.cell(r, 3)), block.columns[0].label, look)
        else:
            for i, c in enumerate(block.columns):
                _write(table.cell(r, 1 + i), c.label, look)
        r += 1
        for middle, label in block.rows:
            _write(table.cell(r, 0), label, look)
            if len(block.columns) == 1:
                x = v[f"t2.{middle}.{block.columns[0].suffix}"]
                _write(table.cell(r, 1).merge(table.cell(r, 3)), _number(x, look), look)
            else:
                for i, c in enumerate(block.columns):
                    _write(table.cell(r, 1 + i), _number(v[f"t2.{middle}.{c.suffix}"], look), look)
            r += 1
    _widths(table, [5.0, 3.6, 3.6, 3.6])


def _table3(document, v: dict, look: Look) -> None:
    """The official layout: 3 label columns + 7 number columns, 3 header rows, 26 body rows."""
    body = f.T3_NUMBER_ROWS  # the group headings （三）…（六） have no row: they span their sub-rows
    table = _table(document, 3 + len(body), 10, look)
    cell = table.cell
    _write(cell(0, 0).merge(cell(2, 2)), f.T3_NOTE, look)
    _write(cell(0, 3).merge(cell(0, 9)), f.T3_APPLICANT_HEADER, look)
    _write(cell(1, 3).merge(cell(2, 3)), _wrap(f.T3_COLUMNS[0].label, look), look)
    _write(cell(1, 4).merge(cell(1, 8)), f.T3_ORG_GROUP, look)
    _write(cell(1, 9).merge(cell(2, 9)), f.T3_COLUMNS[-1].label, look)
    for i, c in enumerate(f.T3_PART_COLUMNS[1:]):
        _write(cell(2, 4 + i), _wrap(c.label, look), look)
    if look.repeat_header:
        for r in range(3):
            _repeat(table.rows[r])
    at = {row.middle: 3 + i for i, row in enumerate(body)}
    results = cell(at[f.T3_RESULT_ROWS[0].middle], 0).merge(cell(at["results_total"], 0))
    _write(results, f.T3_RESULTS_HEADING, look)
    if look.vertical:
        _vertical(results)
    groups: dict[str, list[int]] = {}
    for row in body:
        r = at[row.middle]
        if row.group:
            groups.setdefault(row.group, []).append(r)
            _write(cell(r, 2), row.label, look, centre=False)
        elif row.level == 0:
            _write(cell(r, 0).merge(cell(r, 2)), row.label, look, centre=False)
        else:
            _write(cell(r, 1).merge(cell(r, 2)), row.label, look, centre=False)
        for i, c in enumerate(f.T3_COLUMNS):
            _write(cell(r, 3 + i), _number(v[f.t3_key(row.middle, c.suffix)], look), look)
    for label, rows in groups.items():
        _write(cell(rows[0], 1).merge(cell(rows[-1], 1)), label, look)
    numbers = 1.35 if look.narrow else 1.7
    first = 0.9 if look.vertical else 1.6
    _widths(table, [first, 1.8, 4.2 if look.narrow else 3.4] + [numbers] * 7)


def _table4(document, v: dict, look: Look) -> None:
    if look.t4_bands:
        table = _table(document, 4, 15, look)
        cell = table.cell
        _write(cell(0, 0).merge(cell(1, 4)), f.T4_GROUPS[0].label, look)
        _write(cell(0, 5).merge(cell(0, 14)), f.T4_SUIT_HEADER, look)
        for g, group in enumerate(f.T4_GROUPS[1:]):
            _write(cell(1, 5 + 5 * g).merge(cell(1, 9 + 5 * g)), group.label, look)
        label_row = 2
    else:
        table = _table(document, 3, 15, look)
        cell = table.cell
        for g, group in enumerate(f.T4_GROUPS):
            _write(cell(0, 5 * g).merge(cell(0, 4 + 5 * g)), group.label, look)
        label_row = 1
    for g in range(3):
        for i, c in enumerate(f.T4_COLUMNS):
            _write(cell(label_row, 5 * g + i), _wrap(c.label, look), look)
    for g, group in enumerate(f.T4_GROUPS):
        for i, c in enumerate(f.T4_COLUMNS):
            _write(cell(label_row + 1, 5 * g + i), _number(v[f.t4_key(group.suffix, c.suffix)], look), look)
    width = 1.6 if look.landscape else 1.05
    _widths(table, [width] * 15)


def write_official_docx(path: Path, values: dict, year: int, look: Look, agency: str = AGENCY) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if look.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2.6)
    if look.page_numbers:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page_number(footer, look.page_numbers)
    if look.watermark:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run_font(header.add_run(look.watermark), look, 9)
    s = f.SECTIONS
    title = _paragraph(document, f"{agency}{year}年{f.REPORT_TITLE_SUFFIX}", look, 16)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(
        document,
        f"本报告依据《中华人民共和国政府信息公开条例》编制。统计期限自{year}年1月1日至{year}年12月31日。",
        look,
    )
    _paragraph(document, s[0].title, look)
    for part in (
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ):
        _paragraph(document, part, look)
        _paragraph(document, FILLER, look)
    _paragraph(document, s[1].title, look)
    _table2(document, values, look)
    _paragraph(document, s[2].title, look)
    for _ in range(look.filler):
        _paragraph(document, FILLER, look)
    _table3(document, values, look)
    _paragraph(document, s[3].title, look)
    _table4(document, values, look)
    _paragraph(document, s[4].title, look)
    _paragraph(document, "（一）存在的主要问题", look)
    _paragraph(document, "部分栏目更新不够及时。", look)
    _paragraph(document, "（二）改进情况", look)
    _paragraph(document, "加强栏目日常维护。", look)
    _paragraph(document, s[5].title, look)
    _paragraph(document, "本年度未收取信息处理费。", look)
    document.save(str(path))


def make_cases(seed: int, n: int) -> list[Case]:
    """n reports with random consistent values, each in its own random look."""
    from test_import_synthetic import random_values

    rng = random.Random(seed)
    cases = []
    for i, look in enumerate(random_looks(rng, n)):
        values = random_values(rng, zeros=rng.choice([0.4, 0.6, 0.8]))
        cases.append(Case(f"real_{seed}_{i:02d}", values, rng.randint(2021, 2025), look))
    return cases


def with_look(case: Case, **knobs) -> Case:
    return Case(case.name, case.values, case.year, replace(case.look, **knobs))


def print_pdfs(cases: list[Case], folder: Path) -> dict[str, Path]:
    """Each case written as a .docx and printed to PDF by LibreOffice, all in one call."""
    from libreoffice import FONTS_CONF, SOFFICE

    assert SOFFICE is not None
    for case in cases:
        write_official_docx(folder / f"{case.name}.docx", case.values, case.year, case.look)
    env = dict(os.environ)
    if FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    sources = [str(folder / f"{case.name}.docx") for case in cases]
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').resolve().as_uri()}", "--headless", "--norestore"]
        + ["--convert-to", "pdf", "--outdir", str(folder), *sources],
        check=True,
        capture_output=True,
        timeout=600,
        env=env,
    )
    return {case.name: folder / f"{case.name}.pdf" for case in cases}

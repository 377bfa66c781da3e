"""导出报告: the finished report in each format holds the title, the six headings in order,
the narrative and every table value in its official place."""

from __future__ import annotations

import hashlib
import random
from html.parser import HTMLParser

import pytest

from factories import consistent_report, zero_report
from nianbao.check.numbers import format_number
from nianbao.cli import main
from nianbao.export import export_report
from nianbao.export.model import build_document, build_grid
from nianbao.spec import format2021 as f
from nianbao.spec.layout import SHEET_BY_TABLE

HEADINGS = [s.title for s in f.SECTIONS]
CLERK = "严格执行信息发布“三审三校”制度。"


@pytest.fixture
def report():
    report = consistent_report(random.Random(11), busy=0.5, agency="某县人民政府办公室", year=2024)
    report.meta.update({"url": "http://www.example.gov.cn/zfxxgk/", "phone": "0451-53422393"})
    report.text = {"overview.management": CLERK}
    return report


def _in_order(texts: list[str], wanted: list[str]) -> bool:
    positions = [next((i for i, t in enumerate(texts) if t.strip() == w), -1) for w in wanted]
    return -1 not in positions and positions == sorted(positions)


def _table_keys(table: str):
    return [inp for inp in SHEET_BY_TABLE[table].inputs]


def test_grids_cover_every_position_exactly_once():
    for table in ("t2", "t3", "t4"):
        grid = build_grid(table, {})
        covered = [
            (r, c)
            for cell in grid.cells
            for r in range(cell.row, cell.row + cell.rowspan)
            for c in range(cell.col, cell.col + cell.colspan)
        ]
        assert sorted(covered) == [(r, c) for r in range(grid.rows) for c in range(grid.cols)], table
    assert any(c.text == f.T3_NOTE and c.rowspan > 1 for c in build_grid("t3", {}).cells)


def test_document_uses_generated_text_where_the_clerk_wrote_nothing(report):
    doc = build_document(report)
    texts = [getattr(b, "text", "") for b in doc.blocks]
    assert doc.title == "某县人民政府办公室2024年政府信息公开工作年度报告"
    assert CLERK in texts
    assert any("新收政府信息公开申请" in t for t in texts) and any("信息处理费" in t for t in texts)
    assert not any(t.startswith("【自动生成】") for t in texts)
    assert {p.field for p in doc.prompts} == {"overview.platform", "overview.supervision", "problems", "improvements"}


def test_xlsx(tmp_path, report):
    import openpyxl

    out = tmp_path / "报告.xlsx"
    export_report(report, out, "xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == HEADINGS
    assert book.worksheets[0]["A1"].value == "某县人民政府办公室2024年政府信息公开工作年度报告"
    firsts = [
        next(str(c.value) for row in ws.iter_rows() for c in row if c.value and c.value in HEADINGS)
        for ws in book.worksheets
    ]
    assert firsts == HEADINGS
    all_text = "".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert CLERK in all_text and "0451-53422393" in all_text
    for table in ("t2", "t3", "t4"):
        ws = book[f.TABLE_SECTION[table].title]
        # The table keeps the template's layout: each value sits at its input's address.
        for inp in _table_keys(table):
            assert ws[inp.address].value == report.values[inp.key], inp.key
        merged = {str(m) for m in ws.merged_cells.ranges}
        for label in SHEET_BY_TABLE[table].labels:
            if label.merged and label.style != "title":
                from nianbao.spec.cellref import range_a1

                assert range_a1(label.row, label.col, label.bottom, label.right) in merged, label.text
        assert ws.protection.sheet and not ws.protection.password
        assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 page wide (the default); 三 and 四 on one page
        assert ws.page_setup.fitToHeight in ((None, 1) if table in ("t3", "t4") else (0,))
        assert ws.page_setup.orientation == ("landscape" if table in ("t3", "t4") else "portrait")
    assert not any(c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_docx(tmp_path, report):
    import docx
    from docx.oxml.ns import qn

    out = tmp_path / "报告.docx"
    export_report(report, out, "docx")
    word = docx.Document(str(out))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "某县人民政府办公室2024年政府信息公开工作年度报告"
    assert _in_order(paragraphs, HEADINGS)
    assert CLERK in paragraphs
    section = word.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    body = next(p for p in word.paragraphs if p.text == CLERK)
    assert body.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert body.runs[0].font.size.pt == 16
    assert len(word.tables) == 3
    for table, grid_table in zip(("t2", "t3", "t4"), word.tables):
        for inp in _table_keys(table):
            cell = grid_table.cell(inp.row - 1, inp.col)
            assert cell.text == format_number(report.values[inp.key]), inp.key
    # Only table 三's (and 四's) real header rows repeat after a page break; table 二's blocks each
    # have their own head, so none of its rows repeats.
    repeated = [
        [
            i
            for i, row in enumerate(t.rows)
            if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        ]
        for t in word.tables
    ]
    assert repeated == [[], [0, 1, 2], [0, 1, 2]]
    note = word.tables[1].cell(0, 0)
    assert note.text == f.T3_NOTE and word.tables[1].cell(2, 2)._tc is note._tc  # merged over three rows


class _HtmlReport(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self.tables, self.tags = [], [], []
        self._text, self._cell = None, None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "p"):
            self._text = [tag, ""]
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            a = dict(attrs)
            self._cell = ["", int(a.get("rowspan", 1)), int(a.get("colspan", 1))]

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "p") and self._text:
            self.blocks.append(tuple(self._text))
            self._text = None
        elif tag in ("td", "th"):
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data
        elif self._text is not None:
            self._text[1] += data

    def grid(self, index: int) -> dict:
        """(row, col) -> text, with rowspan/colspan resolved as a browser does."""
        out = {}
        for r, row in enumerate(self.tables[index]):
            c = 0
            for text, rowspan, colspan in row:
                while (r, c) in out:
                    c += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        out[(r + dr, c + dc)] = text
                c += colspan
        return out


def test_html(tmp_path, report):
    out = tmp_path / "报告.html"
    export_report(report, out, "html")
    parser = _HtmlReport()
    parser.feed(out.read_text(encoding="utf-8"))
    assert parser.blocks[0] == ("h1", "某县人民政府办公室2024年政府信息公开工作年度报告")
    assert [t for tag, t in parser.blocks if tag == "h2"] == HEADINGS
    assert ("p", CLERK) in parser.blocks
    assert not any(
        tag in ("script", "link", "img", "style", "iframe") or "src" in a or "href" in a for tag, a in parser.tags
    )
    for index, table in enumerate(("t2", "t3", "t4")):
        grid = parser.grid(index)
        for inp in _table_keys(table):
            assert grid[(inp.row - 1, inp.col)] == format_number(report.values[inp.key]), inp.key
        assert grid[(2, 0)] == (f.T3_NOTE if table == "t3" else grid[(2, 0)])


def test_zero_report_exports_readably(tmp_path):
    import docx

    out = tmp_path / "零.docx"
    export_report(zero_report(), out, "docx")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "本年度未收到政府信息公开申请" in text and "未收取信息处理费" in text
    assert "0件" not in text


# ---------------------------------------------------------------- the command


@pytest.fixture
def workbook(tmp_path, report):
    from nianbao.build.template import build_template

    path = tmp_path / "填好.xlsx"
    build_template(path, report)
    return path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".html"])
def test_export_command_writes_each_format_and_leaves_the_input_alone(tmp_path, workbook, suffix, capsys):
    before = _digest(workbook)
    out = tmp_path / f"报告{suffix}"
    assert main(["export", str(workbook), "-o", str(out), "--force"]) == 0
    assert out.exists() and out.stat().st_size > 1000
    assert _digest(workbook) == before
    said = capsys.readouterr().out
    assert "已导出报告" in said and "提示未填写" in said  # the fixture leaves four parts to the clerk


def test_export_refuses_placeholders_naming_each_unless_forced(tmp_path, report, capsys):
    from nianbao.build.template import build_template

    report.text.update({key: "本单位已撰写。" for key in ("overview.supervision", "problems", "improvements")})
    report.text["overview.platform"] = "政府网站运行平稳，【请填写：网站年度访问量】万人次。"
    path = tmp_path / "留有提示.xlsx"
    build_template(path, report)
    out = tmp_path / "报告.docx"
    assert main(["export", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        "1处【请…】提示" in err
        and "正文「（四）政府信息公开平台建设」：【请填写：网站年度访问量】" in err
        and "--force" in err
    )
    assert not out.exists()
    report.text["overview.platform"] = "政府网站运行平稳。"
    build_template(path, report)
    assert main(["export", str(path), "-o", str(out)]) == 0 and out.exists()


def test_export_prints_the_text_the_clerk_reviewed_not_a_regenerated_one(tmp_path, report, capsys):
    """narrate --previous wrote a 同比 clause; the clerk edited a marked paragraph: both reach the report."""
    from nianbao.build.template import build_template
    from nianbao.narrative import generate_text

    last = consistent_report(random.Random(3), busy=0.5, agency="某县人民政府办公室", year=2023)
    report.text.update({key: "本单位已撰写。" for key in ("overview.platform", "overview.supervision")})
    report.text.update({key: "本单位已撰写。" for key in ("problems", "improvements")})
    narrated = generate_text(report, last)
    assert "同比" in narrated["overview.on_request"]
    edited = narrated["overview.proactive"].replace("本机关", "本办")
    report.text = {**narrated, "overview.proactive": edited}
    path = tmp_path / "含正文.xlsx"
    build_template(path, report)
    out = tmp_path / "报告.html"
    assert main(["export", str(path), "-o", str(out)]) == 0  # no --previous
    html = out.read_text(encoding="utf-8")
    assert narrated["overview.on_request"].splitlines()[0].removeprefix("【自动生成】") in html
    assert edited.removeprefix("【自动生成】") in html and "【自动生成】" not in html


def test_export_refuses_a_report_with_errors_unless_forced(tmp_path, report, capsys):
    from nianbao.build.template import build_template

    report.values["t3.new.total"] += 1
    bad = tmp_path / "有错.xlsx"
    build_template(bad, report)
    out = tmp_path / "报告.docx"
    assert main(["export", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "不能导出报告" in err and "表三" in err and "--force" in err
    assert not out.exists()
    assert main(["export", str(bad), "-o", str(out), "--force"]) == 0 and out.exists()


def test_export_rejects_an_unknown_format_and_overwriting_the_input(tmp_path, workbook, capsys):
    assert main(["export", str(workbook), "-o", str(tmp_path / "报告.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err
    before = _digest(workbook)
    assert main(["export", str(workbook), "-o", str(workbook)]) == 2
    assert "不能与输入文件相同" in capsys.readouterr().err and _digest(workbook) == before


def test_export_names_text_that_no_longer_matches_the_tables(tmp_path, report, capsys):
    """A number changed after narrate: the text is exported as it stands, and the clerk is told."""
    from nianbao.build.template import build_template
    from nianbao.narrative import generate_text

    report.text = {
        key: "本单位已撰写。" for key in ("overview.management", "overview.platform", "overview.supervision")
    }
    report.text.update({"problems": "无。", "improvements": "无。"})
    report.text = generate_text(report)
    for key in (
        "t3.new.natural_person",
        "t3.new.total",
        "t3.carried_forward.natural_person",
        "t3.carried_forward.total",
    ):
        report.values[key] += 2
    path = tmp_path / "改过数字.xlsx"
    build_template(path, report)
    assert main(["export", str(path), "-o", str(tmp_path / "报告.docx")]) == 0
    said = capsys.readouterr().out
    assert "注意：正文「（二）依申请公开」写有“新收政府信息公开申请" in said and "nianbao narrate" in said

"""Published annual reports as government web pages render them, written by an outsider to the importer.

A report is first laid out as a grid of cells with the official row/column spans (国办公开办函〔2021〕30号),
then written the way one of the editors that publish such pages writes HTML:

- ``word``: Word "另存为网页" (MsoNormalTable, ``<p class=MsoNormal>`` in every cell, ``<o:p>``, ``mso-`` styles,
  ``<![if !supportMisalignedColumns]>`` spacer rows, conditional comments, ``&nbsp;`` for empty cells);
- ``cms``: a CMS rich-text editor (UEditor/KindEditor/TRS): ``<table border="1" cellspacing="0">``, ``<tbody>``,
  ``<th>`` headers, labels broken by ``<br/>``, numbers in ``<strong>``/``<font>``, the page wrapped in navigation,
  scripts, share buttons, 附件 links and a footer full of numbers;
- ``excel``: a table pasted from Excel/WPS Spreadsheets (``<td class=xl65 x:num>``, ``<col>`` widths, inline styles).

Numbers are printed as clerks print them: zeros as 0, blank, "—", "/", "－"; full-width digits; thousands separators.
`Page.truth` is every cell as printed (a blank or dash for zero is a printed zero).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from nianbao.spec import format2021 as f

AGENCIES = (
    "某某市自然资源和规划局",
    "某某县人民政府办公室",
    "某某区市场监督管理局",
    "某某镇人民政府",
    "某某市住房和城乡建设局",
)

WRITERS = ("word", "cms", "excel")  # Word's 另存为网页, a CMS editor, an Excel/WPS paste
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    number: bool = False


@dataclass
class Style:
    """How one clerk prints numbers on one page (kept for the whole page, as clerks do)."""

    zero: str = "0"  # "0" | "" | "—" | "/" | "－" | "-"
    full_width: bool = False
    thousands: bool = False
    wrap_numbers: str = ""  # "" | "strong" | "font" | "span"

    def number(self, value: float) -> str:
        if value == 0 and self.zero != "0":
            return self.zero
        text = repr(value) if isinstance(value, float) else (f"{value:,}" if self.thousands else str(value))
        return text.translate(FULL_WIDTH) if self.full_width else text


@dataclass
class Page:
    html: str
    truth: dict
    year: int
    agency: str
    form: str
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the tables as grids


def t2_grid(v: dict, style: Style) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for block in f.T2_BLOCKS:
        rows.append([Cell(block.article, colspan=4, header=True)])
        span = 3 // len(block.columns)
        rows.append(
            [Cell(f.T2_CONTENT_HEADER, header=True)] + [Cell(c.label, span, header=True) for c in block.columns]
        )
        for middle, label in block.rows:
            cells = [Cell(label)]
            for col in block.columns:
                cells.append(Cell(style.number(v[f.t2_key(middle, col.suffix)]), span, number=True))
            rows.append(cells)
    return rows


def single_other(v: dict) -> dict:
    """The values as a report shows them that prints （六）其他处理 with its three sub-row labels but
    one set of number cells spanning them (rowspan=3): one row, keyed t3.other_2019.<column>."""
    out = {k: x for k, x in v.items() if not any(k.startswith(f"t3.{r.middle}.") for r in f.T3_OTHER_ROWS)}
    for c in f.T3_COLUMNS:
        out[f.t3_key(str(f.T3_OTHER_2019.middle), c.suffix)] = sum(
            v[f.t3_key(r.middle, c.suffix)] for r in f.T3_OTHER_ROWS
        )
    return out


def t3_grid(v: dict, style: Style, *, split_label: bool = False, merged_other: bool = False) -> list[list[Cell]]:
    org = [c for c in f.T3_COLUMNS if c.group]
    rows: list[list[Cell]] = [
        [Cell(f.T3_NOTE, colspan=3, rowspan=3, header=True), Cell(f.T3_APPLICANT_HEADER, colspan=7, header=True)],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell(f.T3_ORG_GROUP, colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [Cell(c.label, header=True) for c in org],
    ]

    def numbers(middle: str) -> list[Cell]:
        if merged_other and middle in other_rows:
            if middle != other_rows[0]:
                return []  # covered by the first sub-row's cells
            key = str(f.T3_OTHER_2019.middle)
            return [Cell(style.number(v[f.t3_key(key, c.suffix)]), rowspan=3, number=True) for c in f.T3_COLUMNS]
        return [Cell(style.number(v[f.t3_key(middle, c.suffix)]), number=True) for c in f.T3_COLUMNS]

    other_rows = [r.middle for r in f.T3_OTHER_ROWS]

    groups: dict[str, int] = {}
    for row in f.T3_NUMBER_ROWS:
        if row.group:
            groups[row.group] = groups.get(row.group, 0) + 1
    results_span = len(f.T3_RESULT_ROWS) + 1
    started: set[str] = set()
    for row in f.T3_NUMBER_ROWS:
        label = row.label
        if split_label and len(label) > 14:
            label = label[: len(label) // 2] + "\n" + label[len(label) // 2 :]
        cells: list[Cell] = []
        if row.middle == "granted":
            cells.append(Cell(f.T3_RESULTS_HEADING, rowspan=results_span))
        if row.level == 0:
            cells.append(Cell(label, colspan=3))
        elif row.group is None:
            cells.append(Cell(label, colspan=2))
        else:
            if row.group not in started:
                started.add(row.group)
                cells.append(Cell(row.group, rowspan=groups[row.group]))
            cells.append(Cell(label))
        rows.append(cells + numbers(row.middle))
    return rows


def t4_grid(v: dict, style: Style) -> list[list[Cell]]:
    parts = [Cell(c.label, header=True) for c in f.T4_COLUMNS]
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell(f.T4_SUIT_HEADER, colspan=10, header=True)],
        [Cell(c.label, rowspan=2, header=True) for c in f.T4_COLUMNS]
        + [Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
        [Cell(c.text, header=True) for c in parts + parts],
        [Cell(style.number(v[f.t4_key(g.suffix, c.suffix)]), number=True) for g in f.T4_GROUPS for c in f.T4_COLUMNS],
    ]
    return rows


# ---------------------------------------------------------------- narrative around the tables

FEE_SENTENCES = (
    "本年度未收取信息处理费。",
    "{year}年，无收取信息处理费情况。",
    "本年度没有产生信息公开处理费。",
    "本机关{year}年度未产生信息公开处理费。",
    "依据《政府信息公开信息处理费管理办法》，本年度不收取费用。",
    "{year}年度本机关未收取政府信息公开信息处理费。无其他需报告事项。",
    "本机关未向申请人收取信息处理费，无其他需要报告的事项。",
    "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定，{year}年本单位共发出收费通知0件，收取信息处理费0元。",
    "本年度共收取信息处理费0元。",
)

PROBLEMS = (
    "政府信息公开工作仍存在一些不足：一是公开内容不够全面；二是政策解读形式较为单一。",
    "存在的主要问题：部分栏目更新不够及时，信息公开的精准度有待提升。",
)
IMPROVEMENTS = (
    "下一步，我们将进一步加强栏目日常维护，提高政策解读质量。",
    "改进措施：健全信息发布审核机制，加强业务培训。",
)


def narrative(v: dict, year: int, agency: str, rng: random.Random) -> dict[str, list[str]]:
    """The six sections' paragraphs, with figures that agree with the tables and some that belong to no table."""
    new_total = v[f.t3_key("new", "total")]
    over = v[f.t3_key("carried_over", "total")]
    preamble = [
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
        f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        f"本年度报告电子版可在“{agency}”门户网站（http://www.example.gov.cn）查阅或下载。如对本报告有疑问，"
        f"请与{agency}办公室联系（地址：某某市人民路{rng.randint(1, 300)}号，邮编：{rng.randint(100000, 850000)}，"
        f"电话：0{rng.randint(10, 999)}-{rng.randint(10000000, 99999999)}）。",
    ]
    if rng.random() < 0.6:
        titles = "、".join(s.heading for s in f.SECTIONS)
        preamble.insert(1, f"本报告共分6个部分：{titles}。")
    overview = [
        f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，扎实推进政务公开工作。",
        "（一）主动公开",
        f"全年通过门户网站主动公开政府信息{rng.randint(100, 9000)}条，召开新闻发布会{rng.randint(1, 30)}场，"
        f"发布政策解读{rng.randint(1, 90)}篇。",
        "（二）依申请公开",
        f"本年度共收到政府信息公开申请{new_total}件，上年结转{over}件，均在法定期限内答复。",
        "（三）政府信息管理",
        "严格落实信息发布“三审三校”制度，动态更新规范性文件目录。",
        "（四）政府信息公开平台建设",
        "优化政府网站栏目设置，加强政务新媒体管理。",
        "（五）监督保障",
        f"组织业务培训{rng.randint(1, 9)}次，参训{rng.randint(10, 300)}人次。全年未发生因政府信息公开工作被责任追究的情况。",
    ]
    other = [rng.choice(FEE_SENTENCES).format(year=year)]
    if rng.random() < 0.5:
        other.append("（一）落实上级年度政务公开工作要点情况。按照要点要求逐项落实，均已完成。")
    return {
        "preamble": preamble,
        "一": overview,
        "五": [rng.choice(PROBLEMS), rng.choice(IMPROVEMENTS)],
        "六": other,
    }


# ---------------------------------------------------------------- writers


def _attrs(cell: Cell) -> str:
    out = ""
    if cell.colspan > 1:
        out += f" colspan={cell.colspan}"
    if cell.rowspan > 1:
        out += f" rowspan={cell.rowspan}"
    return out


def _q(text: str) -> str:
    return html.escape(text, quote=False)


class Writer:
    """One editor's way of writing tables and paragraphs."""

    def __init__(self, rng: random.Random, style: Style) -> None:
        self.rng = rng
        self.style = style

    def number_html(self, text: str) -> str:
        if not text:
            return "&nbsp;"
        tag = self.style.wrap_numbers
        if tag == "strong":
            return f"<strong>{_q(text)}</strong>"
        if tag == "font":
            return f'<font face="仿宋_GB2312" size="2">{_q(text)}</font>'
        if tag == "span":
            return f'<span style="font-size:14px;">{_q(text)}</span>'
        return _q(text)

    def table(self, grid: list[list[Cell]]) -> str:
        raise NotImplementedError

    def paragraph(self, text: str, heading: bool = False) -> str:
        raise NotImplementedError


class WordWriter(Writer):
    """Word 2010-2016 "另存为网页(*.htm)", as TRS/金宇 CMSs import it."""

    def _p(self, text: str, align: str = "center") -> str:
        span = (
            "font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体;mso-bidi-font-family:宋体;color:black"
        )
        if not text:
            return (
                f"<p class=MsoNormal align={align} style='text-align:{align};mso-pagination:widow-orphan'>"
                f"<span lang=EN-US style='{span}'><o:p>&nbsp;</o:p></span></p>"
            )
        pieces = []
        for line in text.split("\n"):
            if self.rng.random() < 0.3 and len(line) > 4:
                # Word splits a run where the spell checker or a font change touched it
                cut = self.rng.randint(1, len(line) - 1)
                inner = f"<span style='{span}'>{_q(line[:cut])}</span><span style='{span}'>{_q(line[cut:])}</span>"
            else:
                lang = " lang=EN-US" if line[:1].isdigit() else ""
                inner = f"<span{lang} style='{span}'>{_q(line)}</span>"
            pieces.append(
                f"<p class=MsoNormal align={align} style='text-align:{align};mso-pagination:widow-orphan'>"
                f"{inner}<span lang=EN-US style='{span}'><o:p></o:p></span></p>"
            )
        return "\n".join(pieces)

    def table(self, grid: list[list[Cell]]) -> str:
        width = sum(c.colspan for c in grid[0]) if grid else 1
        out = [
            "<div align=center>",
            "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=600",
            " style='width:450.0pt;border-collapse:collapse;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>",
        ]
        for i, row in enumerate(grid):
            out.append(f" <tr style='mso-yfti-irow:{i};height:20.25pt'>")
            for cell in row:
                w = 60 * cell.colspan
                text = cell.text
                if cell.number:
                    inner = self._p(text) if text else self._p("")
                    if text and self.style.wrap_numbers:
                        inner = inner.replace(f">{_q(text)}<", f">{self.number_html(text)}<")
                else:
                    inner = self._p(text, "center" if cell.header else "left")
                out.append(
                    f"  <td width={w}{_attrs(cell)} valign=top style='width:{w * 0.75}pt;border:solid windowtext 1.0pt;"
                    f"border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:20.25pt'>\n"
                    f"  {inner}\n  </td>"
                )
            out.append(" </tr>")
        out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>")
        out.extend(f"  <td width={60} style='border:none'></td>" for _ in range(width))
        out.append(" </tr>\n <![endif]>\n</table>\n</div>")
        return "\n".join(out)

    def paragraph(self, text: str, heading: bool = False) -> str:
        style = "text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:exactly"
        font = "黑体" if heading else "仿宋_GB2312"
        body = _q(text)
        if self.rng.random() < 0.3 and len(text) > 6:
            cut = self.rng.randint(1, len(text) - 1)
            body = f"{_q(text[:cut])}</span><span style='font-size:16.0pt;font-family:{font}'>{_q(text[cut:])}"
        return (
            f"<p class=MsoNormal style='{style}'><span style='font-size:16.0pt;font-family:{font};"
            f"mso-ascii-font-family:\"Times New Roman\"'>{body}</span><span lang=EN-US style='font-size:16.0pt'>"
            f"<o:p></o:p></span></p>"
        )

    def page(self, title: str, body: str, charset: str) -> str:
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
            'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
            f'<meta http-equiv=Content-Type content="text/html; charset={charset}">\n'
            '<meta name=ProgId content=Word.Document>\n<meta name=Generator content="Microsoft Word 15">\n'
            f"<title>{_q(title)}</title>\n"
            "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>admin</o:Author>\n"
            "  <o:Pages>7</o:Pages>\n  <o:Words>1234</o:Words>\n  <o:Characters>7035</o:Characters>\n"
            "  <o:Version>16.00</o:Version>\n </o:DocumentProperties>\n</xml><![endif]-->\n"
            "<style>\n<!--\n /* Font Definitions */\n @font-face\n\t{font-family:宋体;\n\tpanose-1:2 1 6 0 3 1 1 1 1 1;}\n"
            "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{mso-style-unhide:no;margin:0cm;margin-bottom:.0001pt;"
            "text-align:justify;font-size:10.5pt;}\n@page WordSection1\n\t{size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt;}\n"
            "-->\n</style>\n</head>\n<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n"
            f"<div class=WordSection1 style='layout-grid:15.6pt'>\n{body}\n</div>\n</body>\n</html>\n"
        )


class CmsWriter(Writer):
    """A CMS rich-text editor (UEditor/KindEditor/TRS WCM) and the site's page around it."""

    def table(self, grid: list[list[Cell]]) -> str:
        out = [
            '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;">',
            "<tbody>",
        ]
        for row in grid:
            out.append("<tr>")
            for cell in row:
                tag = "th" if cell.header and self.rng.random() < 0.7 else "td"
                attrs = "".join(
                    f' {name}="{n}"' for name, n in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if n > 1
                )
                if cell.number:
                    inner = self.number_html(cell.text)
                else:
                    inner = "<br/>".join(_q(x) for x in cell.text.split("\n"))
                    if len(cell.text) > 12 and "\n" not in cell.text and self.rng.random() < 0.25:
                        cut = len(cell.text) // 2
                        inner = _q(cell.text[:cut]) + "<br/>" + _q(cell.text[cut:])
                align = ' align="center" valign="middle"' if self.rng.random() < 0.5 else ' style="text-align:center;"'
                out.append(f"<{tag}{attrs}{align}>{inner}</{tag}>")
            out.append("</tr>")
        out.append("</tbody>\n</table>")
        return "\n".join(out)

    def paragraph(self, text: str, heading: bool = False) -> str:
        if heading:
            return f'<p style="text-indent:2em;"><strong>{_q(text)}</strong></p>'
        return f'<p style="text-indent: 2em; line-height: 2em;"><span style="font-family: 仿宋_GB2312; font-size: 16px;">{_q(text)}</span></p>'

    def page(self, title: str, body: str, charset: str, year: int) -> str:
        day = f"{year + 1}-01-{self.rng.randint(10, 31):02d}"
        return (
            f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n<title>{_q(title)}_政府信息公开年报_某某市人民政府</title>\n'
            '<meta name="SiteName" content="某某市人民政府">\n<meta name="SiteIDCode" content="3301000001">\n'
            f'<meta name="PubDate" content="{day} 09:30">\n'
            '<link rel="stylesheet" href="/images/common.css">\n<style>body{font-size:14px}.nav li{float:left}</style>\n'
            '<script type="text/javascript">var _hmt = _hmt || []; var siteId = "1285"; var pageSize = 20;'
            'function setFont(s){document.getElementById("zoom").style.fontSize=s+"px";}</script>\n</head>\n<body>\n'
            '<div class="top"><a href="/">首页</a> | <a href="#">无障碍浏览</a> | <a href="#">长者模式</a></div>\n'
            '<div class="nav"><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>\n'
            '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">政府信息公开年报</a></div>\n'
            f'<div class="article"><h1>{_q(title)}</h1>\n'
            f'<div class="info">发布时间：{day} 09:30 来源：本网 浏览次数：<span id="hits">{self.rng.randint(10, 9999)}</span>'
            ' 【字体：<a href="javascript:setFont(18)">大</a> <a href="javascript:setFont(16)">中</a> '
            '<a href="javascript:setFont(14)">小</a>】</div>\n'
            f'<div class="TRS_Editor" id="zoom">\n<div class="view TRS_UEDITOR trs_paper_default trs_web">\n{body}\n</div></div>\n'
            f'<div class="fj">附件：<a href="/att/{year}/P0{self.rng.randint(100, 999)}.pdf">{year}年政府信息公开工作年度报告.pdf</a></div>\n'
            '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>\n'
            '<div class="btn"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>\n'
            "</div>\n"
            '<script src="/js/jquery-1.12.4.min.js"></script>\n<script>$(function(){var n = 3; for (var i = 0; i < n; i++) {}});</script>\n'
            '<div class="footer">主办单位：某某市人民政府办公室 网站标识码：3301000001 <a href="#">浙ICP备12345678号-1</a> '
            "浙公网安备 33010202000123号 联系电话：0571-87000000</div>\n</body>\n</html>\n"
        )


class ExcelWriter(CmsWriter):
    """Tables pasted from Excel/WPS Spreadsheets into the editor: classes xl65…, x:num, <col> widths."""

    def table(self, grid: list[list[Cell]]) -> str:
        width = sum(c.colspan for c in grid[0])
        out = [
            "<table border=0 cellpadding=0 cellspacing=0 width=900 style='border-collapse:collapse;table-layout:fixed;width:675pt'>",
            f" <col width=72 span={width} style='width:54pt'>",
        ]
        for row in grid:
            out.append(" <tr height=28 style='height:21.0pt'>")
            for cell in row:
                if cell.number:
                    raw = cell.text
                    num = " x:num" if raw and raw.replace(".", "").isdigit() else ""
                    content = self.number_html(raw) if raw else ""
                    out.append(
                        f"  <td class=xl66{_attrs(cell)} style='border-top:none;border-left:none'{num}>{content}</td>"
                    )
                else:
                    text = cell.text.replace("\n", "")
                    out.append(
                        f"  <td class=xl65{_attrs(cell)} width={72 * cell.colspan} style='height:21.0pt'>{_q(text)}</td>"
                    )
            out.append(" </tr>")
        out.append(" <![if supportMisalignedColumns]>\n <tr height=0 style='display:none'>")
        out.extend(" <td width=72 style='width:54pt'></td>" for _ in range(width))
        out.append(" </tr>\n <![endif]>\n</table>")
        return "\n".join(out)


# ---------------------------------------------------------------- the page


def random_style(rng: random.Random) -> Style:
    return Style(
        zero=rng.choice(["0", "0", "0", "", "—", "/", "－", "-"]),
        full_width=rng.random() < 0.15,
        thousands=rng.random() < 0.2,
        wrap_numbers=rng.choice(["", "", "strong", "font", "span"]),
    )


def render_page(
    values: dict, rng: random.Random, form: str, year: int | None = None, style: Style | None = None
) -> Page:
    """One report as a web page written by `form` ("word" | "cms" | "excel"); numbers printed in
    `style`, or in a style drawn at random."""
    year = year or rng.randint(2021, 2025)
    agency = rng.choice(AGENCIES)
    drawn = random_style(rng)  # (drawn even when given: the page is otherwise the same)
    style = style or drawn
    writer: Writer = {"word": WordWriter, "cms": CmsWriter, "excel": ExcelWriter}[form](rng, style)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    parts = narrative(values, year, agency, rng)
    body: list[str] = [writer.paragraph(title, heading=True)]
    body += [writer.paragraph(p) for p in parts["preamble"]]
    sections = f.SECTIONS
    body.append(writer.paragraph(sections[0].title, heading=True))
    for p in parts["一"]:
        body.append(writer.paragraph(p, heading=p.startswith("（")))
    merged_other = rng.random() < 0.15  # a 2021 report printing （六） as one set of cells
    if merged_other:
        values = single_other(values)
    grids = {
        "t2": t2_grid(values, style),
        "t3": t3_grid(values, style, split_label=rng.random() < 0.5, merged_other=merged_other),
        "t4": t4_grid(values, style),
    }
    for section in sections[1:4]:
        body.append(writer.paragraph(section.title, heading=True))
        body.append(writer.table(grids[section.table or ""]))
    body.append(writer.paragraph(sections[4].title, heading=True))
    body += [writer.paragraph(p) for p in parts["五"]]
    body.append(writer.paragraph(sections[5].title, heading=True))
    body += [writer.paragraph(p) for p in parts["六"]]
    if rng.random() < 0.5:
        body.append(writer.paragraph(agency))
        body.append(writer.paragraph(f"{year + 1}年1月{rng.randint(10, 31)}日"))
    charset = rng.choice(["utf-8", "gb2312", "gbk"]) if form == "word" else rng.choice(["utf-8", "UTF-8", "gb2312"])
    text = "\n".join(body)
    if form != "word" and rng.random() < 0.3:
        # older TRS/金宇 templates lay the page out in tables: the article sits in a cell
        text = (
            '<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr>'
            '<td width="200" valign="top"><ul><li>政府信息公开指南</li><li>政府信息公开制度</li>'
            f'<li>法定主动公开内容</li><li>政府信息公开年报</li></ul></td><td valign="top">{text}</td></tr></table>'
        )
    if isinstance(writer, WordWriter):
        page = writer.page(title, text, charset)
    else:
        assert isinstance(writer, CmsWriter)
        page = writer.page(title, text, charset, year)
    return Page(page, dict(values), year, agency, form, [f"zero={style.zero!r}", f"charset={charset}"])


def encoded(page: Page) -> bytes:
    """The page's bytes in the charset its <meta> declares (gb2312 pages are gb18030-encoded in practice)."""
    for name in ("gb2312", "gbk"):
        if f"charset={name}" in page.html or f'charset="{name}"' in page.html:
            return page.html.encode("gb18030")
    return page.html.encode("utf-8")

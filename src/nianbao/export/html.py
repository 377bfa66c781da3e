"""The finished report as one self-contained HTML file a portal editor can paste.

Standard library only. Every style is an inline style attribute (a pasted fragment keeps
them; a <style> block is usually dropped by a CMS editor); no script, image or link.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from nianbao.export.model import Document, Grid, Heading, Paragraph

_FONT_BODY = "仿宋, FangSong, 仿宋_GB2312, serif"
_FONT_TITLE = "方正小标宋简体, 宋体, SimSun, serif"
_FONT_HEADING = "黑体, SimHei, sans-serif"
_FONT_SUBHEADING = "楷体, KaiTi, serif"
_FONT_TABLE = "宋体, SimSun, serif"
STYLE = {
    "title": f"text-align:center;font-family:{_FONT_TITLE};font-size:22pt;font-weight:bold;margin:0.8em 0;",
    "h1": f"font-family:{_FONT_HEADING};font-size:16pt;font-weight:normal;text-indent:2em;margin:0.6em 0 0.3em;",
    "h2": f"font-family:{_FONT_SUBHEADING};font-size:16pt;font-weight:normal;text-indent:2em;margin:0.3em 0;",
    "p": f"font-family:{_FONT_BODY};font-size:16pt;line-height:1.75;text-indent:2em;text-align:justify;margin:0;",
    "prompt": f"font-family:{_FONT_BODY};font-size:16pt;line-height:1.75;text-indent:2em;color:#c00000;margin:0;",
    "table": "border-collapse:collapse;width:100%;margin:0.5em 0 1em;",
    "cell": f"border:1px solid #000;padding:2px 4px;font-family:{_FONT_TABLE};font-size:10.5pt;text-align:center;"
    "vertical-align:middle;",
    "rowlabel": f"border:1px solid #000;padding:2px 4px;font-family:{_FONT_TABLE};font-size:10.5pt;text-align:left;"
    "vertical-align:middle;",
}


def render_html(doc: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title>",
        "</head>",
        '<body style="max-width:900px;margin:0 auto;padding:1em;">',
        f'<h1 style="{STYLE["title"]}">{escape(doc.title)}</h1>',
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            style = STYLE["h1"] if block.level == 1 else STYLE["h2"]
            parts.append(f'<{tag} style="{style}">{escape(block.text)}</{tag}>')
        elif isinstance(block, Paragraph):
            parts.append(f'<p style="{STYLE["prompt" if block.prompt else "p"]}">{escape(block.text)}</p>')
        elif isinstance(block, Grid):
            parts.append(_table(block))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _table(grid: Grid) -> str:
    total = sum(grid.column_widths)
    out = [f'<table style="{STYLE["table"]}">', "<colgroup>"]
    out += [f'<col style="width:{100 * w / total:.1f}%">' for w in grid.column_widths]
    out.append("</colgroup>")
    for r in range(grid.rows):
        out.append("<tr>")
        for cell in (c for c in grid.cells if c.row == r):
            tag = "th" if cell.role in ("header", "note") else "td"
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            style = STYLE["rowlabel" if cell.role == "rowlabel" else "cell"]
            if tag == "th":
                style += "font-weight:normal;"
            out.append(f'<{tag}{spans} style="{style}">{escape(cell.text)}</{tag}>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(doc: Document, path: Path) -> None:
    Path(path).write_text(render_html(doc), encoding="utf-8")

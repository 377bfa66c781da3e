"""What crawlers and copy-paste make of a published report page (see blind_html.py): text without the HTML.

- ``copy_all``: a browser's "全选 + 复制" (innerText): cells of a row separated by tabs, a cell's paragraphs
  and ``<br>`` on lines of their own, rowspanned cells only in their first row;
- ``nodes``: a crawler that keeps every text node on a line of its own (one cell per line, labels split
  where the editor split their runs);
- ``glued``: the same text with every whitespace removed, then a few stray spaces put back inside labels
  (what the issue-15 reports look like);
- ``pipes``: an html2text/pandoc-style Markdown table (``| a | b |``), merged cells written once;
- ``w3m`` / ``lynx``: the real ``-dump`` of those programs, when installed (box-drawing or spaced columns).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import lxml.html

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tbody", "center", "title"}
SKIP = {"script", "style", "head", "title", "noscript"}


def _tree(page: str):
    # Word's <![if …]> markers are bogus comments to a browser; lxml keeps them as text otherwise.
    page = re.sub(r"<!\[(?:end)?if[^>]*\]>", "", page)
    return lxml.html.fromstring(page)


def copy_all(page: str) -> str:
    """Roughly Chromium's document.body.innerText."""
    out: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str) or el.tag in SKIP:
            return
        tag = el.tag.lower().split("}")[-1]
        if tag == "br":
            out.append("\n")
        elif tag == "tr":
            out.append("\n")
            cells = [c for c in el if isinstance(c.tag, str) and c.tag in ("td", "th")]
            for i, cell in enumerate(cells):
                if i:
                    out.append("\t")
                start = len(out)
                walk_inner(cell)
                # a block at the start or end of a cell adds no line break (innerText)
                text = re.sub(r" *\n[\n ]*", "\n", "".join(out[start:])).strip()
                del out[start:]
                out.append(text)
            out.append("\n")
            return
        if tag in BLOCKS:
            out.append("\n")
        walk_inner(el)
        if tag in BLOCKS:
            out.append("\n")

    def walk_inner(el) -> None:
        if el.text:
            out.append(re.sub(r"\s+", " ", el.text))
        for child in el:
            walk(child)
            if child.tail:
                out.append(re.sub(r"\s+", " ", child.tail))

    body = _tree(page).find(".//body")
    walk(body if body is not None else _tree(page))
    text = "".join(out).replace("\xa0", " ")
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def nodes(page: str) -> str:
    """A crawler's text: every paragraph and every table cell on a line of its own."""
    tree = _tree(page)
    for bad in tree.xpath("//script|//style|//head"):
        bad.getparent().remove(bad)
    lines = []
    for el in tree.iter("p", "td", "th", "h1", "h2", "h3", "li", "div"):
        if el.tag in ("div", "td", "th") and el.find(".//p") is not None:
            continue  # its paragraphs come on their own lines
        if el.tag == "div" and any(isinstance(c.tag, str) and c.tag in ("div", "table", "p") for c in el):
            continue
        text = re.sub(r"\s+", " ", "".join(el.itertext()).replace("\xa0", " ")).strip()
        if text:
            lines.append(text)
    return "\n".join(lines) + "\n"


def glued(page: str, rng: random.Random) -> str:
    """No whitespace at all, then a few stray spaces inside labels (a text copy of a Word-made page)."""
    text = re.sub(r"\s+", "", nodes(page))
    chars = list(text)
    for _ in range(rng.randint(0, 12)):
        i = rng.randrange(1, len(chars))
        if "\u4e00" <= chars[i] <= "\u9fff" and "\u4e00" <= chars[i - 1] <= "\u9fff":
            chars.insert(i, " ")
    return "".join(chars)


def pipes(page: str) -> str:
    """Tables as Markdown pipes, the rest as paragraphs."""
    tree = _tree(page)
    for bad in tree.xpath("//script|//style|//head"):
        bad.getparent().remove(bad)
    out: list[str] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "table" and el.find(".//table") is None:  # (a layout table's cells are blocks)
            first = True
            for tr in el.iter("tr"):
                cells = []
                for c in tr:
                    if c.tag not in ("td", "th"):
                        continue
                    paragraphs = c.findall(".//p") or [c]
                    text = " ".join("".join(p.itertext()).replace("\xa0", " ").strip() for p in paragraphs).strip()
                    cells.append(text)
                    cells.extend("" for _ in range(int(c.get("colspan", "1")) - 1))
                if not any(cells):
                    continue
                out.append("| " + " | ".join(cells) + " |")
                if first:
                    out.append("|" + "---|" * len(cells))
                    first = False
            out.append("")
        elif el.tag in ("p", "li") and not any(
            a.tag == "table" and a.find(".//table") is None for a in el.iterancestors()
        ):
            text = "".join(el.itertext()).replace("\xa0", " ").strip()
            if text:
                out.extend([text, ""])
    return "\n".join(out) + "\n"


def _dump(program: list[str], page: str) -> str | None:
    if not shutil.which(program[0]):
        return None
    run = subprocess.run(program, input=page.encode("utf-8"), capture_output=True, timeout=30, check=False)
    return run.stdout.decode("utf-8", "replace")


def w3m(page: str) -> str | None:
    page = re.sub(r'charset="?[\w-]+"?', "charset=utf-8", page)
    return _dump(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "120"], page)


def lynx(page: str) -> str | None:
    page = re.sub(r'charset="?[\w-]+"?', "charset=utf-8", page)
    return _dump(
        ["lynx", "-dump", "-stdin", "-nolist", "-width=140", "-assume_charset=utf-8", "-display_charset=utf-8"], page
    )


# Each text a page becomes, and the kind of file it is read as: (text or None when the program
# making it is not installed, kind), from a rendered page and the page's random source.
TEXT_FORMS = {
    "copy_all": lambda page, rng: (copy_all(page.html), "txt"),
    "nodes": lambda page, rng: (nodes(page.html), "txt"),
    "glued": lambda page, rng: (glued(page.html, rng), "txt"),
    "pipes": lambda page, rng: (pipes(page.html), "md"),
    "w3m": lambda page, rng: (w3m(page.html), "txt"),
    "lynx": lambda page, rng: (lynx(page.html), "txt"),
}

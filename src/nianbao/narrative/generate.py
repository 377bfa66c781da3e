"""Rendering the narrative templates, and weaving generated paragraphs into the clerk's text.

The rule that keeps the clerk's edits (documented for clerks in README/the 正文 sheet hint):

* A text field is a list of paragraphs (one per line in the cell).
* A paragraph the program wrote begins with 【自动生成】; a prompt for the clerk begins
  with 【请 (e.g. 【请填写：…】). Everything else is the clerk's.
* Generating again replaces the program's paragraphs — in place, at the position of the
  first of them — and never touches the clerk's. A clerk who edits a generated paragraph
  and wants to keep it deletes its 【自动生成】 mark: from then on it is theirs.
* Where a field has no paragraph of the program's yet:
  - 主动公开 and 依申请公开 (they restate tables 二–四) get the generated paragraphs first,
    the clerk's after;
  - 其他需要报告的事项 gets the 信息处理费 statement first, unless the clerk's text already
    mentions 信息处理费;
  - every other field (前言, 概述, 政府信息管理, 平台建设, 监督保障, 问题, 改进) gets
    generated text only when the clerk wrote nothing there.
* The finished report (export) prints the text as it stands, without marks: it never
  regenerates (only a field left wholly empty gets generated text). A 【请…】 placeholder
  left anywhere in the text stops the export (as an error does) unless forced.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nianbao.check.numbers import format_number
from nianbao.narrative.facts import Change, Facts, Part, compute, short_label
from nianbao.spec import format2021 as f

GENERATED_MARK = "【自动生成】"
PROMPT_START = "【请"
FEE_WORD = "信息处理费"

# field key -> template file (templates/narrative/<name>.j2)
TEMPLATES: dict[str, str] = {
    "preamble": "preamble",
    "overview": "overview",
    "overview.proactive": "proactive",
    "overview.on_request": "on_request",
    "overview.management": "clerk_part",
    "overview.platform": "clerk_part",
    "overview.supervision": "clerk_part",
    "problems": "clerk_part",
    "improvements": "clerk_part",
    "other_matters": "other_matters",
}
RESTATING = {"overview.proactive", "overview.on_request"}
FEE_FIELD = "other_matters"


# ---------------------------------------------------------------- paragraphs


def paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def is_generated(paragraph: str) -> bool:
    return paragraph.startswith(GENERATED_MARK) or paragraph.startswith(PROMPT_START)


def is_prompt(paragraph: str) -> bool:
    return paragraph.startswith(PROMPT_START)


def unmark(paragraph: str) -> str:
    return paragraph[len(GENERATED_MARK) :].lstrip() if paragraph.startswith(GENERATED_MARK) else paragraph


def mark(paragraph: str) -> str:
    return paragraph if is_prompt(paragraph) else GENERATED_MARK + paragraph


def merge(existing: str | None, generated: list[str], *, insert: bool) -> list[str]:
    """The clerk's paragraphs with the program's replaced by `generated` (see the module doc)."""
    old = paragraphs(existing)
    out: list[str] = []
    placed = False
    for para in old:
        if is_generated(para):
            if not placed:
                out += generated
                placed = True
        else:
            out.append(para)
    if not placed and insert:
        out = generated + out
    return out


# ---------------------------------------------------------------- templates


def _yoy(
    change: Change,
    unit: str = "件",
    prefix: str = "，",
    suffix: str = "",
    new: str = "上年为0",
    none: str = "上年也没有",
) -> str:
    """'，同比增加3件' / '，同比减少2件' / '，与上年持平'; '' without last year's report.

    Against a year of nothing an increase is no 同比 but new this year: `new` ('（上年未作出）');
    and two years of nothing are not 持平 but `none` ('，上年也未收取').
    """
    if not isinstance(change, Change) or change.diff is None:
        return ""
    if change.last == 0 and change.diff > 0:
        said = new
    elif change.last == 0 and change.diff == 0:
        said = none
    elif change.diff > 0:
        said = f"同比增加{format_number(change.diff)}{unit}"
    elif change.diff < 0:
        said = f"同比减少{format_number(-change.diff)}{unit}"
    else:
        said = "与上年持平"
    return f"{prefix}{said}{suffix}"


def _separator(parts: list[Part], sep: str) -> str:
    """A list whose names hold 、 themselves ('申请人无正当理由逾期不补正、行政机关不再处理其请求')
    is separated by ；, so that the reader sees where one name ends."""
    return "；" if sep == "、" and any("、" in p.label for p in parts) else sep


def _parts(parts: list[Part], unit: str = "件", sep: str = "、", share: bool = False) -> str:
    """'商业企业3件、科研机构1件'; with share=True '予以公开50件（占52.6%）、…'."""
    sep = _separator(parts, sep)
    out = []
    for p in parts:
        text = f"{p.label}{format_number(p.n)}{unit}"
        if share and p.pct == "0":  # a non-zero count whose share rounds to 0
            text += "（占比不足0.1%）"
        elif share and p.pct:
            text += f"（占{p.pct}%）"
        out.append(text)
    return sep.join(out)


def _labels(parts: list[Part], sep: str = "、") -> str:
    return _separator(parts, sep).join(p.label for p in parts)


@lru_cache(maxsize=1)
def environment():
    import jinja2  # lazily: the checker path does not need it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nianbao", "templates/narrative"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters.update(num=format_number, yoy=_yoy, parts=_parts, labels=_labels, short=short_label)
    return env


PARAGRAPH_BREAK = "---"


def render_paragraphs(template: str, **context) -> list[str]:
    """--- starts a new paragraph; the lines between are joined without a space.

    (Blank lines cannot mark paragraphs: Jinja's tag lines swallow newlines unpredictably.)
    """
    text = environment().get_template(f"{template}.j2").render(**context)
    chunks = ("".join(line.strip() for line in chunk.splitlines()) for chunk in text.split(PARAGRAPH_BREAK))
    return [chunk for chunk in chunks if chunk]


def generated_paragraphs(facts: Facts, text: dict) -> dict[str, list[str]]:
    """Each field's freshly generated paragraphs (unmarked)."""
    out = {}
    for field_ in f.TEXT_FIELDS:
        out[field_.key] = render_paragraphs(
            TEMPLATES[field_.key],
            facts=facts,
            field=field_,
            p=facts.proactive,
            a=facts.applications,
            t4=facts.appeals,
        )
    return out


def _insert(key: str, existing: str | None) -> bool:
    clerk = [p for p in paragraphs(existing) if not is_generated(p)]
    if key in RESTATING:
        return True
    if key == FEE_FIELD:
        return not any(FEE_WORD in p for p in clerk)
    return not clerk


def generate_text(report: f.Report, previous: f.Report | None = None) -> dict[str, str]:
    """The new content of every text field, for the workbook's text.* cells (marks kept)."""
    facts = compute(report, previous)
    fresh = generated_paragraphs(facts, report.text or {})
    out = {}
    for field_ in f.TEXT_FIELDS:
        existing = (report.text or {}).get(field_.key)
        merged = merge(existing, [mark(p) for p in fresh[field_.key]], insert=_insert(field_.key, existing))
        out[field_.key] = "\n".join(merged)
    return out


def finished_text(report: f.Report, previous: f.Report | None = None) -> dict[str, list[str]]:
    """The paragraphs of each field as the finished report prints them: the text as it stands in
    the workbook, marks removed — what the clerk reviewed. Nothing is regenerated here (that is
    `narrate`'s job: a 同比 clause it wrote with --previous, or a clerk's edit inside a marked
    paragraph, must reach the report). Only a field left wholly empty gets generated text, with
    its 【请填写：…】 prompt where the program cannot write it.
    """
    fresh: dict[str, list[str]] | None = None
    out = {}
    for field_ in f.TEXT_FIELDS:
        existing = paragraphs((report.text or {}).get(field_.key))
        if not existing:
            if fresh is None:
                fresh = generated_paragraphs(compute(report, previous), report.text or {})
            existing = fresh[field_.key]
        out[field_.key] = [unmark(p) for p in existing]
    return out


_PLACEHOLDER = re.compile(r"【请[^】]*】?")


def placeholders(paragraph: str) -> list[str]:
    """The 【请填写：…】 (or 【请先填写完整表三…】) placeholders left in a paragraph, anywhere in it."""
    return _PLACEHOLDER.findall(paragraph)

"""Numbers in the narrative that contradict the tables (rule 文字-数字矛盾).

Conservative by design: only a figure tied by its wording to one table cell (or a fixed
sum of cells) is compared, e.g. “新收政府信息公开申请5件” to 表三 新收 总计, “现行有效行政规范性
文件698件” to 表二. A figure whose sentence is about another year (“2023年…”, “上年…”) or
whose clause names one kind of applicant is skipped, and so is every number whose wording
names no table figure (“发布信息2428条”). Generated paragraphs are checked too: a stale one,
left from before a number changed, is reported like the clerk's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from nianbao.check.findings import Finding
from nianbao.check.numbers import FULL_WIDTH, format_number
from nianbao.spec import format2021 as f
from nianbao.spec import rules as r
from nianbao.spec.messages import render

_N = r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_FILL = r"(?:共|合计|总计|累计|计|数量|数|为|达|是|有|了|：|:|\s)*"
_APP = r"(?:各类)?(?:政府信息公开|信息公开|依申请公开)?申请"
_DOCS = r"(?P<row>规章|(?:行政)?规范性文件)"
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_END = re.compile(r"[。；;！!？?\n，,、]")
_YEAR = re.compile(r"(\d{4})\s*年")
_OTHER_YEAR = re.compile(r"上年|去年|上一年|前一年|往年|历年|累计")
_THIS_YEAR = re.compile(r"本年|今年|全年|当年")
_APPLICANTS = tuple(c.label for c in f.T3_PART_COLUMNS) + (f.T3_ORG_GROUP,)


@dataclass(frozen=True)
class Claim:
    """A wording that names a table figure: its regex, and the sums it may equal."""

    pattern: re.Pattern
    accept: tuple[tuple[str, ...], ...]  # each: keys summed; the first is the one reported
    where: str  # how the message names the table figure
    needs_topic: bool = False  # only in a sentence about 政府信息公开 (复议/诉讼 of other matters exist)
    per_applicant: bool = False  # skipped when the clause names one kind of applicant


def _t3(middle: str) -> tuple[str, ...]:
    return (f.t3_key(middle, "total"),)


def _t3_group(group_label: str) -> tuple[str, ...]:
    return tuple(f.t3_key(row.middle, "total") for row in f.T3_RESULT_ROWS if row.group == group_label)


def _row_label(middle: str) -> str:
    return next(row.label for row in f.T3_ROWS if row.middle == middle)


def _group_heading(short: str) -> str:
    return next(row.label for row in f.T3_ROWS if row.level == 1 and row.middle is None and short in row.label)


def _t3_where(middle: str) -> str:
    return f.describe(f.t3_key(middle, "total"))


def _group_where(heading: str) -> str:
    return f"{f.TABLE_NAMES['t3']}「{heading}」各项「总计」列之和"


def _claims() -> tuple[Claim, ...]:
    c = re.compile
    out = [
        Claim(c(rf"(?:新收|新受理)到?{_APP}{_FILL}{_N}\s*件"), (_t3("new"),), _t3_where("new"), per_applicant=True),
        # “收到申请N件” sometimes counts last year's carried-over applications too.
        Claim(
            c(rf"(?<![新])(?:收到|受理|接收|接到){_APP}{_FILL}{_N}\s*件"),
            (_t3("new"), _t3("new") + _t3("carried_over")),
            _t3_where("new"),
            per_applicant=True,
        ),
        Claim(
            c(rf"上年结转的?{_APP}?{_FILL}{_N}\s*件"),
            (_t3("carried_over"),),
            _t3_where("carried_over"),
            per_applicant=True,
        ),
        Claim(
            c(rf"(?:结转至?下一?年度?|转下一?年度?)(?:继续)?(?:办理)?(?:答复)?的?{_APP}?{_FILL}{_N}\s*件"),
            (_t3("carried_forward"),),
            _t3_where("carried_forward"),
            per_applicant=True,
        ),
        Claim(
            c(rf"(?:办结|办理完结)的?{_APP}?{_FILL}{_N}\s*件"),
            (_t3("results_total"),),
            _t3_where("results_total"),
            per_applicant=True,
        ),
        Claim(
            c(rf"(?<![不部])(?:予以公开|同意公开)(?:答复)?的?{_FILL}{_N}\s*件"),
            (_t3("granted"),),
            _t3_where("granted"),
            per_applicant=True,
        ),
        Claim(
            c(rf"部分公开(?:答复)?的?{_FILL}{_N}\s*件"),
            (_t3("partly_granted"),),
            _t3_where("partly_granted"),
            per_applicant=True,
        ),
    ]
    for short in ("不予公开", "无法提供", "不予处理", "其他处理"):
        heading = _group_heading(short)
        out.append(
            Claim(
                c(rf"{short}(?:答复)?的?{_FILL}{_N}\s*件"),
                (_t3_group(heading),),
                _group_where(heading),
                per_applicant=True,
            )
        )
    return tuple(out)


_T3_CLAIMS = _claims()
_DOC_ROWS = {label: middle for middle, label in f.T2_BLOCKS[0].rows}
_DOC_PATTERNS = (
    ("in_force", re.compile(rf"现行有效的?{_DOCS}{_FILL}{_N}\s*件")),
    ("issued", re.compile(rf"(?:制发|制定|印发)的?{_DOCS}{_FILL}{_N}\s*件")),
    ("repealed", re.compile(rf"废止的?{_DOCS}{_FILL}{_N}\s*件")),
)
_DECISION_ROWS = {label: f"t2.{middle}.decisions" for block in f.T2_BLOCKS[1:3] for middle, label in block.rows}
_DECISIONS = re.compile(rf"(?P<row>{'|'.join(_DECISION_ROWS)})(?:处理)?决定(?:数量)?{_FILL}{_N}\s*(?:件|个|项)")
_FEES_KEY = f"t2.{f.T2_BLOCKS[3].rows[0][0]}.amount"
_FEES = re.compile(rf"{f.T2_BLOCKS[3].rows[0][1]}(?:金额|收入)?{_FILL}{_N}\s*万元")
_REVIEW_KEYS = (f.t4_key(f.T4_GROUPS[0].suffix, "total"),)
_SUIT_KEYS = tuple(f.t4_key(g.suffix, "total") for g in f.T4_GROUPS[1:])
_REVIEW = (
    re.compile(rf"{f.T4_GROUPS[0].label}(?:案件)?(?:数)?{_FILL}{_N}\s*件"),
    re.compile(rf"{_N}\s*件(?:涉及政府信息公开(?:工作)?的)?{f.T4_GROUPS[0].label}"),
)
_SUITS = (
    re.compile(rf"{f.T4_SUIT_HEADER}(?:案件)?(?:数)?{_FILL}{_N}\s*件"),
    re.compile(rf"{_N}\s*件(?:涉及政府信息公开(?:工作)?的)?{f.T4_SUIT_HEADER}"),
)
_TOPIC = "政府信息公开"
_FEE_KEY = "meta.info_fee_amount"
_FEE_AMOUNT = re.compile(rf"(?:收取|收缴)了?(?:政府信息公开)?信息处理费{_FILL}{_N}\s*元")
_FEE_NONE = re.compile(r"(?:未|没有|无|不)(?:收取|收缴)?(?:任何)?(?:政府信息公开)?信息处理费")


# Reports name the fee in several ways: 信息处理费, 信息公开处理费, 政府信息公开收费事项, 依申请公开…收取费用,
# 不收取费用, 未产生…费用, a small table of fees (收费金额).
_FEE_STATEMENT = re.compile(
    r"处理费|(信息公开|依申请).{0,10}(收费|收取.{0,4}费)|(未|不|没有|无)(收取|收缴|产生|发生)(任何)?(相关)?费用"
)
_WHITESPACE = re.compile(r"\s+")
# The fee rule (国办函〔2020〕109号) applies from the 2021 reports on; an importer that did not
# find section 六 lists the sections it missed in meta (its words cannot be judged).
_FEE_RULE_FROM = 2021
SECTIONS_NOT_FOUND = "sections_not_found"


def _fee_asked(report: f.Report) -> bool:
    meta = report.meta or {}
    year = meta.get("year")
    if meta.get("format") == "2019" or (isinstance(year, int) and year < _FEE_RULE_FROM):
        return False
    return f.SECTIONS[-1].number not in meta.get(SECTIONS_NOT_FOUND, ())


def text_findings(report: f.Report) -> list[Finding]:
    """Warnings about the clerk's narrative; only when a narrative was given at all."""
    if not any((report.text or {}).values()):
        return []
    out: list[Finding] = []
    other = (report.text.get("other_matters") or "").strip()
    # (words broken by a stray space or line, as copies of web pages have them, say the same)
    if _fee_asked(report) and not _FEE_STATEMENT.search(_WHITESPACE.sub("", other)):
        reason = "未填写" if not other else "没有提到信息处理费"
        out.append(Finding.of(r.TEXT_FEE, ("text.other_matters",), render(r.TEXT_FEE.id, reason=reason)))
    out += number_conflicts(report)
    return out


def number_conflicts(report: f.Report) -> list[Finding]:
    year = (report.meta or {}).get("year")
    out: list[Finding] = []
    for field_ in f.TEXT_FIELDS:
        text = (report.text or {}).get(field_.key) or ""
        if not text.strip():
            continue
        where = f.describe(f"text.{field_.key}")
        seen: set[tuple[int, int]] = set()
        for found, number, keys_options, table_where, start in _statements(text, report, year):
            if (start, number) in seen:
                continue
            seen.add((start, number))
            values = [_sum(report, keys) for keys in keys_options]
            if values[0] is None or any(v is not None and v == number for v in values):
                continue
            keys = (f"text.{field_.key}",) + keys_options[0]
            message = render(
                r.TEXT_NUMBER_CONFLICT.id,
                where=where,
                found=found,
                table_where=table_where,
                expected=format_number(_plain(values[0])),
            )
            out.append(
                Finding.of(r.TEXT_NUMBER_CONFLICT, keys, message, expected=_plain(values[0]), actual=_plain(number))
            )
    return out


def _statements(text: str, report: f.Report, year):
    """(found, number, accepted key sums, table description, start) for each figure worth comparing."""
    plain = text.translate(FULL_WIDTH)

    def take(m, keys_options, table_where, *, topic=False, per_applicant=False):
        if _elsewhere(plain, m.start(), year, per_applicant) or (topic and _TOPIC not in _sentence(plain, m)):
            return None
        return (text[m.start() : m.end()].strip(), _number(m.group("n")), keys_options, table_where, m.start())

    found = []
    for claim in _T3_CLAIMS:
        for m in claim.pattern.finditer(plain):
            found.append(take(m, claim.accept, claim.where, per_applicant=claim.per_applicant))
    for column, pattern in _DOC_PATTERNS:
        for m in pattern.finditer(plain):
            middle = _DOC_ROWS["行政" + m.group("row") if m.group("row") == "规范性文件" else m.group("row")]
            key = f"t2.{middle}.{column}"
            found.append(take(m, ((key,),), f.describe(key)))
    for m in _DECISIONS.finditer(plain):
        key = _DECISION_ROWS[m.group("row")]
        found.append(take(m, ((key,),), f.describe(key)))
    for m in _FEES.finditer(plain):
        found.append(take(m, ((_FEES_KEY,),), f.describe(_FEES_KEY)))
    for pattern in _REVIEW:
        for m in pattern.finditer(plain):
            found.append(take(m, (_REVIEW_KEYS,), f.describe(_REVIEW_KEYS[0]), topic=True))
    suits_where = f"{f.TABLE_NAMES['t4']}「{f.T4_SUIT_HEADER}」两类“总计”之和"
    for pattern in _SUITS:
        for m in pattern.finditer(plain):
            found.append(take(m, (_SUIT_KEYS,), suits_where, topic=True))
    fee_where = f.describe(_FEE_KEY)
    for m in _FEE_AMOUNT.finditer(plain):
        found.append(take(m, ((_FEE_KEY,),), fee_where))
    for m in _FEE_NONE.finditer(plain):
        if not _elsewhere(plain, m.start(), year, False):
            found.append((text[m.start() : m.end()], Decimal(0), ((_FEE_KEY,),), fee_where, m.start()))
    return [x for x in found if x is not None]


def _sum(report: f.Report, keys: tuple[str, ...]) -> Decimal | None:
    total = Decimal(0)
    for key in keys:
        if key.startswith("meta."):
            # A fee field nobody filled in (or an imported report, whose particulars are not
            # read from its text) is unknown: nothing to contradict.
            value = (report.meta or {}).get(key[5:])
        else:
            value = report.values.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        total += Decimal(str(value))
    return total


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _plain(number: Decimal):
    return int(number) if number == number.to_integral_value() else float(number)


def _sentence(plain: str, m) -> str:
    start = max((x.end() for x in _SENTENCE_END.finditer(plain, 0, m.start())), default=0)
    end = _SENTENCE_END.search(plain, m.end())
    return plain[start : end.start() if end else len(plain)]


def _elsewhere(plain: str, position: int, year, per_applicant: bool) -> bool:
    """True when the sentence before `position` is about another year, or the clause about one kind of applicant."""
    start = max((x.end() for x in _SENTENCE_END.finditer(plain, 0, position)), default=0)
    prefix = plain[start:position]
    marks = [(m.start(), str(year) == m.group(1)) for m in _YEAR.finditer(prefix)]
    marks += [(m.start(), False) for m in _OTHER_YEAR.finditer(prefix)]
    marks += [(m.start(), True) for m in _THIS_YEAR.finditer(prefix)]
    if marks and not max(marks)[1]:
        return True
    if per_applicant:
        clause_start = max((x.end() for x in _CLAUSE_END.finditer(plain, 0, position)), default=0)
        clause = plain[clause_start:position]
        if any(label in clause for label in _APPLICANTS):
            return True
    return False

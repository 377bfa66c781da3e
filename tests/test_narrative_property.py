"""Property: the generated narrative states no number it cannot justify from the tables."""

from __future__ import annotations

import random
import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from factories import consistent_report
from nianbao.narrative import finished_text
from nianbao.spec import format2021 as f

CITATIONS = ("国办公开办函〔2021〕30号", "国办函〔2020〕109号", "1月1日", "12月31日")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _d(value) -> Decimal:
    return Decimal(str(value)).normalize()


def _result_counts(values: dict) -> list[int]:
    """（一）…（六） of 表三, each summed over its items: what a share may be a share of."""
    groups: dict[str, int] = {}
    for row in f.T3_RESULT_ROWS:
        groups[row.group or row.middle] = groups.get(row.group or row.middle, 0) + values[f.t3_key(row.middle, "total")]
    return list(groups.values())


def _suit_sums(values: dict) -> dict[str, int]:
    return {c.suffix: sum(values[f.t4_key(g.suffix, c.suffix)] for g in f.T4_GROUPS[1:]) for c in f.T4_COLUMNS}


def justified_numbers(report: f.Report, previous: f.Report | None) -> set[Decimal]:
    """Table values, particulars, sums the format defines, differences to last year."""
    values = report.values
    out = {_d(v) for v in values.values()}
    out |= {_d(report.meta[k]) for k in ("year", "info_fee_amount", "info_fee_count") if k in report.meta}
    out.add(_d(sum(values[f.t3_key("new", c.suffix)] for c in f.T3_PART_COLUMNS[1:])))  # 法人或其他组织
    out |= {_d(n) for n in _result_counts(values)}
    out |= {_d(n) for n in _suit_sums(values).values()}
    if previous is not None:
        out |= {_d(v) for v in previous.values.values()}
        for key, v in values.items():
            out.add(_d(abs(Decimal(str(v)) - Decimal(str(previous.values[key])))))
        out.add(_d(abs(_suit_sums(values)["total"] - _suit_sums(previous.values)["total"])))
    return out


def _strip_particulars(text: str, report: f.Report) -> str:
    for fixed in CITATIONS + tuple(str(v) for k, v in report.meta.items() if k not in ("year",) and isinstance(v, str)):
        text = text.replace(fixed, "")
    return text


@st.composite
def reports(draw):
    rng = random.Random(draw(st.integers(0, 2**32)))
    busy = draw(st.sampled_from([0.0, 0.05, 0.3, 0.8]))
    report = consistent_report(rng, busy=busy, agency="某县2号街道办事处", year=draw(st.integers(2021, 2030)))
    if draw(st.booleans()):
        report.meta.update(
            {
                "portal": "某县人民政府门户网站",
                "url": "http://www.example.gov.cn/col/col12696/",
                "address": "某县人民路108号",
                "postcode": "150631",
                "phone": "0451-53422393",
            }
        )
    if draw(st.booleans()):
        report.meta["info_fee_amount"] = draw(st.sampled_from([0, 20, 35.5, 1200.75]))
        report.meta["info_fee_count"] = draw(st.integers(0, 9))
    previous = None
    if draw(st.booleans()):
        previous = consistent_report(rng, busy=draw(st.sampled_from([0.0, 0.3])), year=report.meta["year"] - 1)
    return report, previous


@settings(max_examples=150, deadline=None)
@given(reports())
def test_every_number_in_the_generated_text_is_justified(case):
    report, previous = case
    allowed = justified_numbers(report, previous)
    results_total = report.values[f.t3_key("results_total", "total")]
    for key, paras in finished_text(report, previous).items():
        for para in paras:
            text = _strip_particulars(para, report)
            shares = []
            if "占比不足0.1%" in text:
                text = text.replace("占比不足0.1%", "")
                shares.append(Decimal(0))
            for m in NUMBER.finditer(text):
                number = Decimal(m.group())
                if text[m.end() : m.end() + 1] == "%":
                    exact = [Decimal(100 * n) / results_total for n in _result_counts(report.values) if n]
                    assert any(abs(number - e) < Decimal("0.1") for e in exact), (key, m.group(), para)
                    shares.append(number)
                else:
                    assert number.normalize() in allowed, (key, m.group(), para)
            if shares:
                assert sum(shares) == 100, para
            assert not re.search(r"(?<![\d.])0(?:件|万元|元)", para), para


def _bump_applications(report: f.Report) -> None:
    for middle in ("new", "granted", "results_total"):
        for col in ("natural_person", "total"):
            report.values[f.t3_key(middle, col)] += 1


@settings(max_examples=60, deadline=None)
@given(reports())
def test_regenerating_after_a_number_changes_the_text(case):
    report, previous = case
    before = finished_text(report, previous)
    _bump_applications(report)
    report.values["t4.review.upheld"] += 1
    report.values["t4.review.total"] += 1
    report.values["t2.normative_documents.in_force"] += 1
    after = finished_text(report, previous)
    assert after["overview.on_request"][0] != before["overview.on_request"][0]
    assert after["overview.on_request"][1] != before["overview.on_request"][1]
    assert after["overview.proactive"] != before["overview.proactive"]
    assert after["problems"] == before["problems"]

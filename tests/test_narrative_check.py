"""文字-数字矛盾: figures in the narrative that contradict the tables."""

from __future__ import annotations

import random

import pytest

from factories import consistent_report, zero_report
from nianbao.check import checker
from nianbao.check.text import number_conflicts
from nianbao.narrative import generate_text
from nianbao.spec import format2021 as f


def _report(text: dict, **values) -> f.Report:
    report = zero_report(year=2024)
    report.values.update(values)
    report.text = text
    return report


T3_THREE = {
    "t3.new.natural_person": 3,
    "t3.new.total": 3,
    "t3.granted.natural_person": 3,
    "t3.granted.total": 3,
    "t3.results_total.natural_person": 3,
    "t3.results_total.total": 3,
}


@pytest.mark.parametrize(
    "field, sentence, expected",
    [
        ("overview.on_request", "2024年，共收到申请5件，均已按时答复。", 3),
        ("overview.on_request", "本年度新收政府信息公开申请5件。", 3),
        ("overview.on_request", "本年新收政府信息公开申请数量为 ５ 件。", 3),
        ("overview.proactive", "集中公开现行有效行政规范性文件698件。", 8),
        ("overview.proactive", "本年度制发的规范性文件12件。", 2),
        ("overview", "因政府信息公开被申请行政复议2件。", 1),
        ("overview", "全区政府信息公开工作方面共有行政诉讼案件4件。", 0),
        ("other_matters", "本年度未收取信息处理费。", 50),
    ],
)
def test_contradicting_figures_are_reported(field, sentence, expected):
    report = _report(
        {field: sentence},
        **T3_THREE,
        **{
            "t2.normative_documents.issued": 2,
            "t2.normative_documents.in_force": 8,
            "t4.review.upheld": 1,
            "t4.review.total": 1,
        },
    )
    report.meta["info_fee_amount"] = 50
    found = number_conflicts(report)
    assert len(found) == 1, [x.message for x in found]
    finding = found[0]
    assert finding.rule == "文字-数字矛盾" and finding.severity == "warning"
    assert finding.keys[0] == f"text.{field}" and finding.expected == expected
    assert f.TEXT_BY_KEY[field].label in finding.message and str(expected) in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度新收政府信息公开申请3件，均在法定期限内答复。",
        "全年收到政府信息公开申请4件（含上年结转1件）。",  # 收到 may count the carried-over ones
        "2024年，我区在政府网站平台主动发布各类政府信息2428条，公开政府常务会议7期，解读信息发布7条。",
        "2023年收到政府信息公开申请9件，今年有所下降。",
        "上年新收政府信息公开申请9件。",
        "其中自然人申请予以公开2件。",
        "全年办理行政复议案件120件。",  # not about 政府信息公开: a 司法局's own caseload
        "现行有效行政规范性文件8件。",
    ],
)
def test_unrelated_or_agreeing_figures_are_left_alone(sentence):
    report = _report(
        {"overview": sentence},
        **T3_THREE,
        **{
            "t2.normative_documents.in_force": 8,
            "t3.carried_over.natural_person": 1,
            "t3.carried_over.total": 1,
            "t3.carried_forward.natural_person": 1,
            "t3.carried_forward.total": 1,
        },
    )
    assert number_conflicts(report) == []


def test_result_categories_are_compared_with_their_sums():
    report = _report(
        {"overview.on_request": "不予公开答复 2 件，无法提供的 1 件。"},
        **{"t3.withheld.third_party.total": 1, "t3.withheld.process_info.total": 1, "t3.unavailable.not_held.total": 3},
    )
    found = number_conflicts(report)
    assert [x.expected for x in found] == [3]
    assert "（四）无法提供" in found[0].message


def test_generated_text_never_conflicts_and_goes_stale_when_numbers_change():
    for seed in range(20):
        report = consistent_report(random.Random(seed), busy=0.4)
        report.meta["info_fee_amount"] = seed
        report.text = generate_text(report)
        assert number_conflicts(report) == [], seed
    report.values["t3.new.total"] += 1
    assert any(x.keys[1] == "t3.new.total" for x in number_conflicts(report))


def test_checker_reports_the_conflict_with_the_text_cell():
    report = _report(
        {"overview.on_request": "本年度新收政府信息公开申请5件。", "other_matters": "本年度未收取信息处理费。"},
        **T3_THREE,
    )
    found = [x for x in checker.check(report) if x.rule == "文字-数字矛盾"]
    assert len(found) == 1 and found[0].cells and found[0].cells[0].sheet == "正文"


def test_a_fee_statement_is_compared_only_with_a_known_fee():
    """An imported report has no 基本信息 fee field: "收取信息处理费380元" contradicts nothing."""
    text = {"other_matters": "全县行政机关收取信息处理费共计380元。"}
    unknown = _report(text)
    unknown.meta.pop("info_fee_amount", None)
    assert number_conflicts(unknown) == []
    known = _report(text)
    known.meta["info_fee_amount"] = 0
    assert [(x.rule, x.expected, x.actual) for x in number_conflicts(known)] == [("文字-数字矛盾", 0, 380)]

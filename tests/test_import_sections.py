"""Sections found by their numbering and order — also in text without whitespace — and the
信息处理费 statement of section 六 recognised in the wordings reports use (issue 15, item 3)."""

from __future__ import annotations

import pytest

from nianbao.check.checker import check
from nianbao.importers import import_text
from nianbao.spec import format2021 as f
from nianbao.spec import rules

AGENCY = "某某县某某局"
S = f.SECTIONS


def report_text(other: str | None, year: int = 2023, glued: bool = False, preamble_lists_sections: bool = True) -> str:
    parts = [f"{AGENCY}{year}年{f.REPORT_TITLE_SUFFIX}"]
    if preamble_lists_sections:
        parts.append("本报告共分6个部分：" + "、".join(s.heading for s in S) + "。")
    parts += [
        f"统计期限自{year}年1月1日至{year}年12月31日。",
        S[0].title,
        f"{year}年，本局依法做好政府信息公开工作。",
        S[1].title,
        "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 0 0 0",
        S[4].title,
        "部分栏目更新不及时。",
    ]
    if other is not None:
        parts += [S[5].title, other]
    return ("" if glued else "\n").join(parts)


def fee_findings(text: str) -> list:
    return [x for x in check(import_text(text).report) if x.rule == rules.TEXT_FEE.id]


FEE_WORDINGS = [
    "2023年，无收取信息处理费情况。",
    "本年度没有产生信息公开处理费。",
    "本机关未产生信息公开处理费。",
    "依申请公开政府信息不收取费用。",
    "无其他需报告事项。本年度未收取信息处理费。",
    "本年度政府信息公开收费情况：收取信息处理费0元。",
    "本年度未收取信息处理 费。",  # a stray space inside the words (a crawler's copy)
    "依申请公开政府信息不收取\n费用。",
]


@pytest.mark.parametrize("glued", [False, True])
@pytest.mark.parametrize("wording", FEE_WORDINGS)
def test_a_stated_fee_raises_no_alarm(wording, glued):
    assert fee_findings(report_text(wording, glued=glued)) == []


@pytest.mark.parametrize("glued", [False, True])
def test_a_section_six_without_the_fee_is_reported(glued):
    found = fee_findings(report_text("无其他需要报告的事项。", glued=glued))
    assert [x.severity for x in found] == [rules.WARNING]


@pytest.mark.parametrize("glued", [False, True])
def test_section_six_is_the_heading_not_the_preamble_mention(glued):
    result = import_text(report_text("2023年，无收取信息处理费情况。", glued=glued))
    assert result.report.text["other_matters"] == "2023年，无收取信息处理费情况。"
    assert result.report.text["problems"] == "部分栏目更新不及时。"
    assert result.report.meta["agency"] == AGENCY and result.report.meta["year"] == 2023


def test_a_section_not_found_is_said_not_judged():
    result = import_text(report_text(None))
    assert not [x for x in check(result.report) if x.rule == rules.TEXT_FEE.id]
    assert any("未找到" in u.reason and S[5].heading in u.reason for u in result.unplaced)


def test_2019_format_reports_are_not_asked_for_the_fee():
    text = report_text("无。", year=2019).replace(
        "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数",
        "第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
    )
    result = import_text(text)
    assert result.format == "2019"
    assert fee_findings(text) == []


@pytest.mark.parametrize("glued", [False, True])
def test_a_numbered_list_of_the_sections_in_the_preamble_is_no_heading(glued):
    """ "本报告共分6个部分：一、总体情况；二、…；六、其他需要报告的事项。" names the sections, with
    their numbers; the headings are where the sections begin."""
    text = report_text("2023年，无收取信息处理费情况。", glued=glued, preamble_lists_sections=False)
    listing = "本报告共分6个部分：" + "；".join(s.title for s in S) + "。"
    text = text.replace("统计期限", listing + ("" if glued else "\n") + "统计期限", 1)
    result = import_text(text)
    assert result.report.text["overview"].startswith("2023年，本局依法做好")
    assert result.report.text["problems"] == "部分栏目更新不及时。"
    assert result.report.text["other_matters"] == "2023年，无收取信息处理费情况。"
    assert fee_findings(text) == []

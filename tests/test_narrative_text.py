"""生成文字: what the generated narrative says, in the clerk's terms."""

from __future__ import annotations

import random
import re

from factories import consistent_report, zero_report
from nianbao.narrative import GENERATED_MARK, finished_text, generate_text
from nianbao.narrative.facts import shares
from nianbao.spec import format2021 as f


def _report(**values) -> f.Report:
    report = zero_report(agency="测试县人民政府办公室", year=2024)
    report.values.update(values)
    return report


def _applications(report: f.Report, column: str, middle: str, n: int) -> None:
    """Add n applications of one applicant kind with one result, keeping every rule."""
    for key in (
        f.t3_key("new", column),
        f.t3_key("new", "total"),
        f.t3_key(middle, column),
        f.t3_key(middle, "total"),
        f.t3_key("results_total", column),
        f.t3_key("results_total", "total"),
    ):
        report.values[key] += n


def test_every_text_field_is_generated():
    text = generate_text(consistent_report(random.Random(1)))
    assert set(text) == {field.key for field in f.TEXT_FIELDS}
    assert all(text.values())


def test_zero_report_reads_naturally():
    text = finished_text(zero_report())
    on_request = "".join(text["overview.on_request"])
    assert "本年度未收到政府信息公开申请" in on_request
    assert "未发生政府信息公开行政复议、行政诉讼案件" in on_request
    proactive = "".join(text["overview.proactive"])
    assert "未制发、废止规章" in proactive and "未收取行政事业性收费" in proactive
    assert "未收取信息处理费" in "".join(text["other_matters"])
    everything = "".join(p for paras in text.values() for p in paras)
    assert not re.search(r"(?<![\d.])0(?:件|万元|元|%)", everything), everything


def test_applications_restated_with_shares_that_add_up():
    report = _report()
    _applications(report, "natural_person", "granted", 5)
    _applications(report, "commercial", "unavailable.not_held", 2)
    _applications(report, "natural_person", "withheld.process_info", 1)
    text = "".join(finished_text(report)["overview.on_request"])
    assert "本年度新收政府信息公开申请8件" in text
    assert "自然人申请6件、法人或其他组织申请2件（商业企业2件）" in text
    assert "予以公开5件（占62.5%）、不予公开1件（占12.5%）、无法提供2件（占25%）" in text
    assert "无法提供的2件中，本机关不掌握相关政府信息2件" in text
    assert "0件" not in text


def test_shares_are_right_and_add_up():
    rng = random.Random(5)
    for _ in range(300):
        counts = [rng.choice([0, 1, 2, 3, 7, 50, 999]) for _ in range(rng.randint(1, 6))]
        if not sum(counts):
            continue
        got = shares(counts)
        assert sum(float(s) * 10 for s in got) == 1000
        for n, s in zip(counts, got):
            assert abs(float(s) - 100 * n / sum(counts)) < 0.1


def test_year_on_year_changes():
    last = _report()
    _applications(last, "natural_person", "granted", 5)
    this = _report(**{"t2.licensing.decisions": 12})
    _applications(this, "natural_person", "granted", 8)
    last.values["t2.licensing.decisions"] = 12
    text = finished_text(this, previous=last)
    assert "新收政府信息公开申请8件，同比增加3件" in "".join(text["overview.on_request"])
    assert "行政许可决定12件（与上年持平）" in "".join(text["overview.proactive"])
    fewer = finished_text(_report(), previous=last)
    assert "本年度未收到政府信息公开申请（上年新收5件）" in "".join(fewer["overview.on_request"])


def test_appeals_restated():
    report = _report()
    _applications(report, "natural_person", "granted", 2)
    report.values.update(
        {
            "t4.review.upheld": 1,
            "t4.review.pending": 2,
            "t4.review.total": 3,
            "t4.suit_after_review.corrected": 1,
            "t4.suit_after_review.total": 1,
        }
    )
    text = "".join(finished_text(report)["overview.on_request"])
    assert "被申请行政复议3件，其中结果维持1件、尚未审结2件" in text
    assert "被提起行政诉讼1件（复议后起诉1件），其中结果纠正1件" in text


def test_preamble_states_only_given_particulars():
    report = zero_report(agency="某市某局", year=2023)
    bare = "".join(finished_text(report)["preamble"])
    assert "国办公开办函〔2021〕30号" in bare and "2023年1月1日" in bare and "2023年12月31日" in bare
    assert "电子版" not in bare and "联系" not in bare
    report.meta.update({"url": "https://example.gov.cn/nb", "phone": "0451-1234567"})
    full = "".join(finished_text(report)["preamble"])
    assert "https://example.gov.cn/nb" in full and "电话：0451-1234567" in full
    assert "地址" not in full and "邮编" not in full


def test_fee_statement():
    report = zero_report()
    report.meta.update({"info_fee_amount": 120.5, "info_fee_count": 3})
    text = "".join(finished_text(report)["other_matters"])
    assert "收取信息处理费120.5元，涉及政府信息公开申请3件" in text
    assert "国办函〔2020〕109号" in text


def test_regenerating_keeps_the_clerks_paragraphs_and_replaces_its_own():
    report = _report()
    _applications(report, "natural_person", "granted", 4)
    clerk = "我办进一步规范依申请公开办理流程，建立台账，全程跟踪。"
    report.text = {"overview.on_request": clerk, "overview.management": "严格执行三审三校制度。"}
    first = generate_text(report)
    lines = first["overview.on_request"].splitlines()
    assert lines[-1] == clerk and all(line.startswith(GENERATED_MARK) for line in lines[:-1])
    assert first["overview.management"] == "严格执行三审三校制度。"  # the clerk's part: untouched, no prompt

    # The clerk adds a paragraph above, then a number changes; generating again.
    report.text = {"overview.on_request": "前言段。\n" + first["overview.on_request"]}
    _applications(report, "commercial", "granted", 3)
    second = generate_text(report)["overview.on_request"].splitlines()
    assert second[0] == "前言段。" and second[-1] == clerk
    assert "新收政府信息公开申请7件" in second[1] and not any("政府信息公开申请4件" in line for line in second)


def test_an_unmarked_paragraph_becomes_the_clerks():
    report = _report()
    _applications(report, "natural_person", "granted", 4)
    generated = generate_text(report)["overview.on_request"].splitlines()
    edited = generated[0][len(GENERATED_MARK) :] + "（已核对）"
    report.text = {"overview.on_request": edited}
    again = generate_text(report)["overview.on_request"].splitlines()
    assert edited in again and sum(line.startswith(GENERATED_MARK) for line in again) == len(generated)


def test_empty_clerk_parts_get_prompts_and_filled_ones_none():
    text = generate_text(zero_report())
    for key in ("overview.management", "overview.platform", "overview.supervision", "problems", "improvements"):
        assert text[key].startswith("【请填写："), key
    assert "工作考核、社会评议和责任追究" in text["overview.supervision"]


def test_fee_statement_not_duplicated_when_the_clerk_wrote_one():
    report = zero_report()
    report.text = {"other_matters": "本单位无收取信息处理费情况。\n积极落实政务公开工作要点。"}
    assert generate_text(report)["other_matters"] == report.text["other_matters"]
    report.text = {"other_matters": "积极落实政务公开工作要点。"}
    lines = generate_text(report)["other_matters"].splitlines()
    assert "信息处理费" in lines[0] and lines[1] == "积极落实政务公开工作要点。"


def test_finished_text_is_the_text_as_it_stands_without_marks():
    """Export prints what the clerk reviewed: a marked paragraph the clerk edited is not regenerated."""
    report = _report()
    _applications(report, "natural_person", "granted", 4)
    report.text = generate_text(report)
    report.text["overview.on_request"] = report.text["overview.on_request"].replace("均为自然人申请", "均为群众申请")
    out = finished_text(report)
    assert "均为群众申请" in "".join(out["overview.on_request"])
    assert not any(p.startswith(GENERATED_MARK) for paras in out.values() for p in paras)
    report.text["overview.proactive"] = "本机关主动公开各类信息。"  # the clerk replaced the generated text
    assert finished_text(report)["overview.proactive"] == ["本机关主动公开各类信息。"]
    report.text["overview.proactive"] = ""  # a field left empty still gets the generated text
    assert "未制发" in "".join(finished_text(report)["overview.proactive"])


def test_incomplete_table_gives_a_prompt_not_zeros():
    report = zero_report()
    del report.values["t3.new.total"]
    text = generate_text(report)["overview.on_request"]
    assert "【请先填写完整表三" in text and "未收到" not in text


# ---------------------------------------------------------------- wording (issue 11, item 9)


def test_a_figure_new_this_year_is_not_called_an_increase():
    last = _report()
    this = _report(**{"t2.penalty.decisions": 3407})
    said = "".join(finished_text(this, previous=last)["overview.proactive"])
    assert "行政处罚决定3407件（上年未作出）" in said and "同比增加3407件" not in said
    _applications(this, "natural_person", "granted", 5)
    said = "".join(finished_text(this, previous=last)["overview.on_request"])
    assert "新收政府信息公开申请5件，上年未收到申请" in said and "同比增加5件" not in said


def test_two_years_of_nothing_are_not_called_level():
    said = "".join(finished_text(_report(), previous=_report())["overview.proactive"])
    assert "本年度未收取行政事业性收费，上年也未收取。" in said and "持平" not in said
    last = _report(**{"t2.fees.amount": 1.5})
    said = "".join(finished_text(_report(), previous=last)["overview.proactive"])
    assert "本年度未收取行政事业性收费，同比减少1.5万元。" in said
    report = _report()
    _applications(report, "natural_person", "granted", 1)
    report.values.update({"t4.review.upheld": 1, "t4.review.total": 1})
    said = "".join(finished_text(report, previous=_report())["overview.on_request"])
    assert "被申请行政复议1件，上年未发生" in said and "未发生政府信息公开行政诉讼案件，上年也未发生。" in said


def test_names_that_hold_a_dunhao_are_listed_with_semicolons():
    report = _report()
    _applications(report, "natural_person", "other.no_correction", 2)
    _applications(report, "natural_person", "other.fee_unpaid", 1)
    said = "".join(finished_text(report)["overview.on_request"])
    assert (
        "其他处理的3件中，申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请2件；"
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请1件。"
    ) in said
    _applications(report, "natural_person", "granted", 1)  # a list without such names keeps its 、
    assert "予以公开1件（占25%）、其他处理3件（占75%）" in "".join(finished_text(report)["overview.on_request"])


def test_the_preamble_defines_the_short_title_and_the_overview_uses_it():
    text = finished_text(_report())
    preamble, overview = "".join(text["preamble"]), "".join(text["overview"])
    assert "（以下简称《条例》）" in preamble and preamble.endswith("现将2024年政府信息公开工作情况报告如下。")
    assert "认真贯彻落实《条例》" in overview and "报告如下" not in overview
    assert "中华人民共和国政府信息公开条例" not in overview

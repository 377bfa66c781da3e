"""Every rule: a passing and a failing case, compared as flattened (rule, target key) findings.

Written in the clerk's terms: "表三 新收 自然人 10, nothing else → 校验 reports T3-勾稽 at
column 自然人 (and 总计), and lists 新收 and 结转下年度 as the possibilities". The target is the
cell the error localisation settles on, if any (test_advice_*.py go further).
"""

from __future__ import annotations

import copy
import random

import pytest

from factories import consistent_report, zero_report
from nianbao.check.checker import CellProblem, check
from nianbao.spec import format2021 as f
from nianbao.spec import rules as r


def flat(findings):
    return sorted((x.rule, x.target or (x.keys[0] if x.keys else "")) for x in findings)


def with_values(report: f.Report, **changes) -> f.Report:
    out = copy.deepcopy(report)
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            out.values.pop(key, None)
        else:
            out.values[key] = value
    return out


def test_consistent_report_passes_every_rule():
    assert check(consistent_report(random.Random(1), busy=0.6)) == []


def test_zero_report_passes_every_rule():
    assert check(zero_report()) == []


# ---- 表三 勾稽: new + carried_over = results_total + carried_forward, per column


def test_t3_balance_new_applications_not_carried_through():
    report = with_values(zero_report(), t3__new__natural_person=10, t3__new__total=10)
    findings = check(report)
    assert flat(findings) == [
        ("T3-勾稽", "t3.new.natural_person"),
        ("T3-勾稽", "t3.new.total"),
    ]
    natural = findings[0]
    assert natural.expected is None and natural.target is None  # 新收 or 结转下年度: no value to copy
    options = [{c.key: c.value for c in option} for option in natural.candidates]
    assert {"t3.new.natural_person": 0, "t3.new.total": 0} in options
    assert {"t3.carried_forward.natural_person": 10, "t3.carried_forward.total": 10} in options
    assert "「自然人」列" in natural.message and "差额10" in natural.message
    assert tuple(map(str, natural.cells)) == (
        "表三 依申请公开!D5",
        "表三 依申请公开!D6",
        "表三 依申请公开!D28",
        "表三 依申请公开!D29",
    )


def test_t3_balance_passes_when_carried_forward():
    report = with_values(
        zero_report(),
        t3__new__natural_person=10,
        t3__new__total=10,
        t3__carried_forward__natural_person=10,
        t3__carried_forward__total=10,
    )
    assert check(report) == []


# ---- 表三 行合计


def test_t3_row_total_wrong():
    base = consistent_report(random.Random(3), busy=0.5)
    wrong = base.values["t3.granted.total"] + 2
    findings = check(with_values(base, t3__granted__total=wrong))
    # the row and the 总计 column break by the same 2: both name 予以公开 总计, the one cell on both
    assert flat(findings) == sorted([("T3-行合计", "t3.granted.total"), ("T3-办理结果合计", "t3.granted.total")])
    for finding in findings:
        assert finding.expected == base.values["t3.granted.total"] and finding.actual == wrong


# ---- 表三 办理结果合计


def test_t3_results_total_wrong():
    base = consistent_report(random.Random(4), busy=0.5)
    value = base.values["t3.results_total.research"]
    findings = check(
        with_values(
            base,
            t3__results_total__research=value + 1,
            t3__results_total__total=base.values["t3.results_total.total"] + 1,
        )
    )
    assert flat(findings) == sorted(
        [
            ("T3-办理结果合计", "t3.results_total.research"),
            ("T3-办理结果合计", "t3.results_total.total"),
            ("T3-勾稽", "t3.results_total.research"),
            ("T3-勾稽", "t3.results_total.total"),
        ]
    )
    # two slips, told apart by the relations: both (七)总计 cells are named, with their true values
    assert {(c.key, c.value) for c in findings[0].fixes} == {
        ("t3.results_total.research", value),
        ("t3.results_total.total", base.values["t3.results_total.total"]),
    }
    assert next(x for x in findings if x.target == "t3.results_total.research").expected == value


def test_t3_results_total_uses_single_other_row_of_2019_layout():
    base = consistent_report(random.Random(5), busy=0.5)
    imported = copy.deepcopy(base)
    for col in f.T3_COLUMNS:
        c = col.suffix
        imported.values[f"t3.other_2019.{c}"] = sum(base.values[f"t3.{m.middle}.{c}"] for m in f.T3_OTHER_ROWS)
        for m in f.T3_OTHER_ROWS:
            del imported.values[f"t3.{m.middle}.{c}"]
    assert check(imported, report_missing=False) == []
    imported.values["t3.other_2019.natural_person"] += 1
    assert ("T3-办理结果合计", "t3.other_2019.natural_person") in flat(check(imported, report_missing=False))


# ---- 表四 合计


def test_t4_total_wrong_and_right():
    report = with_values(
        zero_report(),
        t4__review__upheld=1,
        t4__review__total=2,
        t3__new__natural_person=1,
        t3__new__total=1,
        t3__granted__natural_person=1,
        t3__granted__total=1,
        t3__results_total__natural_person=1,
        t3__results_total__total=1,
    )
    findings = check(report)
    assert flat(findings) == [("T4-合计", "t4.review.total")]
    # 总计 or any one of the four results may be the slip: listed, none prescribed
    assert findings[0].expected is None
    options = [{c.key: c.value for c in option} for option in findings[0].candidates]
    assert sorted(map(str, options)) == sorted(
        map(
            str,
            [
                {"t4.review.upheld": 2},
                {"t4.review.total": 1},
                {"t4.review.corrected": 1},
                {"t4.review.other": 1},
                {"t4.review.pending": 1},
            ],
        )
    )
    assert check(with_values(report, t4__review__total=1)) == []


# ---- value rules


@pytest.mark.parametrize(
    "problem, severity",
    [
        (CellProblem("t3.new.commercial", "值-非数字", "—"), "error"),
        (CellProblem("t3.new.commercial", "值-负数", "-1"), "error"),
        (CellProblem("t3.new.commercial", "值-非整数", "2.5"), "error"),
        (CellProblem("t2.fees.amount", "值-小数位", "1.23456"), "error"),
        (CellProblem("t3.new.commercial", "值-文本数字", "１２", 12), "warning"),
        (CellProblem("meta.year", "基本信息-格式", "二〇二四"), "error"),
    ],
)
def test_value_problems_are_reported_at_their_cell(problem, severity):
    report = zero_report()
    if severity == "error" and not problem.key.startswith("meta."):
        del report.values[problem.key]
    findings = check(report, problems=[problem])
    assert flat(findings) == [(problem.rule, problem.key)]
    assert findings[0].severity == severity
    assert problem.found in findings[0].message
    assert findings[0].cells == (_sheet(problem.key),)


def _sheet(key):
    from nianbao.spec.layout import locate

    return locate(key)


def test_missing_cell_is_an_error_not_a_zero():
    report = with_values(zero_report(), t4__suit_direct__pending=None)
    findings = check(report)
    assert flat(findings) == [("值-缺失", "t4.suit_direct.pending")]
    assert "未填写" in findings[0].message
    # The relation with a missing cell is not judged: the missing cell is the finding.
    assert all(x.rule != "T4-合计" for x in findings)


def test_missing_not_reported_for_imported_reports():
    report = with_values(zero_report(), t4__suit_direct__pending=None)
    assert check(report, report_missing=False) == []


def test_empty_report_is_one_finding():
    findings = check(f.Report(meta={"agency": "x", "year": 2024}))
    assert flat(findings) == [("值-空白报告", "")]


def test_meta_required():
    report = zero_report()
    report.meta = {}
    assert flat(check(report)) == [("基本信息-缺失", "meta.agency"), ("基本信息-缺失", "meta.year")]
    # an imported report without a readable title: not the publisher's error
    assert check(report, report_missing=False) == []


# ---- warnings


def test_t2_in_force_smaller_than_issued():
    report = with_values(zero_report(), t2__normative_documents__issued=5, t2__normative_documents__in_force=3)
    findings = check(report)
    assert flat(findings) == [("T2-现行有效", "t2.normative_documents.in_force")]
    assert findings[0].severity == "warning"
    assert check(with_values(report, t2__normative_documents__in_force=5)) == []


def test_t4_cases_without_applications():
    report = with_values(zero_report(), t4__suit_direct__upheld=1, t4__suit_direct__total=1)
    assert flat(check(report)) == [("T4-无申请有复议诉讼", "t4.review.total")]
    last_year_busy = with_values(zero_report(), t3__new__natural_person=4, t3__new__total=4)
    assert check(report, previous=last_year_busy) == []
    with_application = with_values(
        report,
        t3__carried_over__natural_person=1,
        t3__carried_over__total=1,
        t3__carried_forward__natural_person=1,
        t3__carried_forward__total=1,
    )
    assert check(with_application) == []


def test_cross_year_in_force():
    last = with_values(zero_report(year=2023), t2__regulations__in_force=10)
    this = with_values(
        zero_report(), t2__regulations__issued=2, t2__regulations__repealed=1, t2__regulations__in_force=12
    )
    findings = check(this, previous=last)
    assert flat(findings) == [("跨年-T2-现行有效", "t2.regulations.in_force")]
    assert findings[0].expected == 11 and findings[0].actual == 12
    assert check(with_values(this, t2__regulations__in_force=11), previous=last) == []


def test_cross_year_carried_over():
    last = with_values(zero_report(year=2023), t3__carried_forward__legal_service=3, t3__carried_forward__total=3)
    this = zero_report()
    findings = check(this, previous=last)
    assert flat(findings) == [
        ("跨年-T3-结转", "t3.carried_over.legal_service"),
        ("跨年-T3-结转", "t3.carried_over.total"),
    ]
    assert findings[0].expected == 3
    fixed = with_values(
        this,
        t3__carried_over__legal_service=3,
        t3__carried_over__total=3,
        t3__carried_forward__legal_service=3,
        t3__carried_forward__total=3,
    )
    assert check(fixed, previous=last) == []


def test_section_six_must_mention_fee():
    report = zero_report()
    report.text = {"other_matters": "本年度无其他需要报告的事项。"}
    assert flat(check(report)) == [("文字-信息处理费", "text.other_matters")]
    for statement in (
        "本年度未收取信息处理费。",
        "本年度信息公开处理费收费情况：无。",
        "2024 年，市科委未发生政府信息公开收费事项。",
        "依申请公开工作中未收取任何费用。",
    ):
        report.text = {"other_matters": statement}
        assert check(report) == [], statement
    report.text = {"other_matters": "本年度按规定收取行政事业性收费。"}
    assert flat(check(report)) == [("文字-信息处理费", "text.other_matters")]


def test_every_rule_has_a_message_template_and_a_test():
    from pathlib import Path

    from nianbao.spec.messages import TEMPLATES

    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    for rule in r.ALL_RULES:
        assert rule.id in TEMPLATES
        assert f'"{rule.id}"' in tests, f"no test mentions rule {rule.id}"


def test_finding_ids_are_stable_across_runs_and_values_but_tell_problems_apart(busy_report):
    """An explanation (出错说明) is matched to its finding by id: the id must not move when the
    numbers change, and two problems never share one."""
    import copy

    bad = copy.deepcopy(busy_report)
    bad.values["t3.new.natural_person"] += 3
    worse = copy.deepcopy(busy_report)
    worse.values["t3.new.natural_person"] += 7
    first, again, other = check(bad), check(bad), check(worse)
    assert [x.id for x in first] == [x.id for x in again] == [x.id for x in other]
    assert len({x.id for x in first}) == len(first) >= 2
    assert all(x.id.startswith(x.rule + "-") for x in first)

"""Evaluate the rules on a report's values: the core of `nianbao check` and the 校验 button.

Pure Python; no spreadsheet library is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.check import advice
from nianbao.check.findings import CellProblem, Finding, Locator, errors_of
from nianbao.check.localise import localise
from nianbao.check.numbers import format_number, not_a_number_advice
from nianbao.check.text import text_findings
from nianbao.spec import format2021 as f
from nianbao.spec import rules as r
from nianbao.spec.layout import locate as locate_in_template
from nianbao.spec.messages import render

__all__ = ["CellProblem", "Finding", "check", "errors_of"]


def check(
    report: f.Report,
    *,
    problems: Iterable[CellProblem] = (),
    previous: f.Report | None = None,
    report_missing: bool = True,
    locate: Locator | None = None,
) -> list[Finding]:
    """All findings for one report, in table order."""
    values = report.values
    problems = list(problems)
    findings: list[Finding] = []
    findings += _value_findings(report, problems, report_missing)
    by_balance: dict[r.Balance, Finding] = {}
    for balance in r.BALANCES:
        found = _balance(balance, values)
        if found:
            findings.append(found)
            by_balance[balance] = found
    concerned = _localise(report, findings, by_balance, report_missing)
    for rule in r.T2_AT_LEAST:
        big, small = values.get(rule.big), values.get(rule.small)
        if big is not None and small is not None and big < small:
            findings.append(
                Finding.of(
                    rule.rule,
                    rule.keys,
                    render(rule.rule.id, scope=rule.scope, actual=_n(big), expected=_n(small)),
                    expected=small,
                    actual=big,
                    target=rule.big,
                )
            )
    findings += _t4_without_applications(values, previous)
    if previous is not None:
        findings += _cross_year(values, previous.values)
    findings += text_findings(report)
    for finding in findings:
        finding.locate(locate or locate_in_template)
    advice.word(concerned)
    findings.sort(key=_order)
    return findings


def _localise(
    report: f.Report, findings: list[Finding], by_balance: dict[r.Balance, Finding], report_missing: bool
) -> advice.Concerned:
    """Which cells are wrong (check/localise.py), given to the findings of the broken groups.

    Blank or unreadable cells of a filled-in workbook are unknowns the relations may determine;
    in a published report a missing cell is one the importer could not read, not a blank."""
    by_cell = {x.keys[0]: x for x in findings if len(x.keys) == 1 and x.keys[0] in f.CELLS}
    blanks = [k for k in by_cell if k not in report.values] if report_missing else []
    if not by_balance and not blanks:
        return []  # nothing to localise: spare a bulk audit of sound reports the search
    return advice.attach(localise(report.values, blanks), by_balance, by_cell)


_KEY_ORDER = {k: i for i, k in enumerate(["meta." + m.key for m in f.META_FIELDS] + list(f.ALL_CELLS))}


def _order(finding: Finding) -> tuple:
    first = min((_KEY_ORDER.get(k, 10_000) for k in finding.keys), default=10_000)
    return (first, finding.rule)


def _n(value) -> str:
    return format_number(value)


def _value_findings(report: f.Report, problems: list[CellProblem], report_missing: bool) -> list[Finding]:
    out: list[Finding] = []
    # A published report whose title could not be read is an importer's gap, not the
    # publisher's error: required particulars are judged only where a clerk fills them in.
    for field_ in f.META_FIELDS if report_missing else ():
        if field_.required and report.meta.get(field_.key) in (None, ""):
            key = f"meta.{field_.key}"
            out.append(Finding.of(r.META_MISSING, (key,), render(r.META_MISSING.id, where=f.describe(key))))
    problem_keys = set()
    for p in problems:
        problem_keys.add(p.key)
        rule = r.RULES_BY_ID[p.rule]
        fields = {"where": f.describe(p.key), "found": p.found, "expected": _n(p.value), "reason": ""}
        fields["advice"] = not_a_number_advice(p.found)
        if rule is r.META_INVALID:
            fields["reason"] = "报告年度应为四位数字（如2024）" if p.key == "meta.year" else "应为不小于0的数字"
        out.append(Finding.of(rule, (p.key,), render(rule.id, **fields), actual=p.found))
    if report_missing:
        filled = [k for k in f.KEYS if k in report.values or k in problem_keys]
        if not filled:
            out.append(Finding.of(r.EMPTY_REPORT, (), render(r.EMPTY_REPORT.id)))
        else:
            for key in f.KEYS:
                if key not in report.values and key not in problem_keys:
                    out.append(Finding.of(r.MISSING, (key,), render(r.MISSING.id, where=f.describe(key))))
    return out


def _balance(balance: r.Balance, values: dict) -> Finding | None:
    """The imbalance of a broken relation; which cell to change is the localisation's to say."""
    imbalance = balance.imbalance(values)
    if not imbalance:
        return None
    right = balance.judged_right(values)
    assert right is not None
    left_sum = sum(values[k] for k in balance.left)
    right_sum = left_sum - imbalance
    message = render(
        balance.rule.id, scope=balance.scope, left=_n(left_sum), right=_n(right_sum), diff=_n(abs(imbalance))
    )
    return Finding.of(balance.rule, balance.left + right, message)


def _t4_without_applications(values: dict, previous: f.Report | None) -> list[Finding]:
    if not all(k in values for k in r.T4_CASE_KEYS + r.T3_APPLICATION_KEYS):
        return []
    cases = [values[k] for k in r.T4_CASE_KEYS]
    if sum(cases) == 0 or sum(values[k] for k in r.T3_APPLICATION_KEYS) != 0:
        return []
    note = ""
    if previous is not None:
        last = previous.values.get(f.t3_key("new", "total"))
        if last is None or last != 0:
            return []
        note = "，上年报告新收申请也为0"
    total = sum(cases)
    keys = r.T4_CASE_KEYS + r.T3_APPLICATION_KEYS
    message = render(r.T4_WITHOUT_APPLICATIONS.id, actual=_n(total), previous_note=note)
    return [Finding.of(r.T4_WITHOUT_APPLICATIONS, keys, message, actual=total)]


def _cross_year(values: dict, last: dict) -> list[Finding]:
    out: list[Finding] = []
    for rule in r.CROSS_YEAR:
        this, before = values.get(rule.key), last.get(rule.last_year)
        if this is None or before is None or not all(k in values for k in rule.plus + rule.minus):
            continue
        plus = [values[k] for k in rule.plus]
        minus = [values[k] for k in rule.minus]
        expected = before + sum(plus) - sum(minus)
        if this == expected:
            continue
        message = render(
            rule.rule.id,
            scope=rule.scope,
            actual=_n(this),
            expected=_n(expected),
            diff=_n(abs(this - expected)),
            prev_in_force=_n(before),
            issued=_n(sum(plus)),
            repealed=_n(sum(minus)),
        )
        out.append(Finding.of(rule.rule, rule.keys, message, expected=expected, actual=this, target=rule.key))
    return out

"""Evaluate the rules on a report's values: the core of `nianbao check` and the 校验 button.

Pure Python; no spreadsheet library is imported here.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Callable, Iterable

from nianbao.spec import format2021 as f
from nianbao.spec import rules as r
from nianbao.spec.messages import render
from nianbao.check.numbers import format_number

Locator = Callable[[str], "str | None"]


@dataclass
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    keys: tuple[str, ...]
    message: str
    expected: object = None
    actual: object = None
    cells: tuple[str, ...] = ()
    target: str | None = None  # the key whose value `expected` is

    @property
    def table(self) -> str:
        """'t2', 't3', 't4', 'meta', 'text' or '' — for grouping findings."""
        return self.keys[0].split(".", 1)[0] if self.keys else ""

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "keys": list(self.keys),
            "cells": list(self.cells),
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class CellProblem:
    """A cell whose content could not be taken as given (from numbers.parse_cell)."""

    key: str
    rule: str
    found: str
    value: object = None  # the number read, when the problem is only a warning


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
    for balance in r.BALANCES:
        found = _balance(balance, values)
        if found:
            findings.append(found)
    for rule in r.T2_AT_LEAST:
        big, small = values.get(rule.big), values.get(rule.small)
        if big is not None and small is not None and big < small:
            findings.append(
                Finding(
                    rule.rule.id,
                    rule.rule.severity,
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
    if locate is None:
        from nianbao.spec.layout import locate as locate_in_template

        locate = locate_in_template
    for finding in findings:
        finding.cells = tuple(c for c in (locate(k) for k in finding.keys) if c)
    findings.sort(key=_order)
    return findings


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
            out.append(Finding(r.META_MISSING.id, r.ERROR, (key,), render(r.META_MISSING.id, where=f.describe(key))))
    problem_keys = set()
    for p in problems:
        problem_keys.add(p.key)
        rule = r.RULES_BY_ID[p.rule]
        fields = {"where": f.describe(p.key), "found": p.found, "expected": _n(p.value), "reason": ""}
        if rule is r.META_INVALID:
            fields["reason"] = "报告年度应为四位数字（如2024）" if p.key == "meta.year" else "应为不小于0的数字"
        out.append(Finding(rule.id, rule.severity, (p.key,), render(rule.id, **fields), actual=p.found))
    if report_missing:
        filled = [k for k in f.KEYS if k in report.values or k in problem_keys]
        if not filled:
            out.append(Finding(r.EMPTY_REPORT.id, r.ERROR, (), render(r.EMPTY_REPORT.id)))
        else:
            for key in f.KEYS:
                if key not in report.values and key not in problem_keys:
                    out.append(Finding(r.MISSING.id, r.ERROR, (key,), render(r.MISSING.id, where=f.describe(key))))
    return out


def _balance(balance: r.Balance, values: dict) -> Finding | None:
    right = r.judged_right(values, balance.left, balance.right_variants)
    if right is None:
        return None
    left_sum = sum(values[k] for k in balance.left)
    right_sum = sum(values[k] for k in right)
    if left_sum == right_sum:
        return None
    target = balance.solve_for
    actual = values[target]
    # Solve the relation for the target cell, whichever side it is on.
    if target in balance.left:
        expected = actual - left_sum + right_sum
    else:
        expected = actual + left_sum - right_sum
    keys = balance.left + right
    message = render(
        balance.rule.id,
        scope=balance.scope,
        left=_n(left_sum),
        right=_n(right_sum),
        diff=_n(abs(left_sum - right_sum)),
        target=f.ALL_CELLS[target].row_label,
        expected=_n(expected),
        actual=_n(actual),
    )
    return Finding(balance.rule.id, balance.rule.severity, keys, message, expected, actual, target=target)


def _t4_without_applications(values: dict, previous: f.Report | None) -> list[Finding]:
    cases = [values.get(k) for k in r.T4_CASE_KEYS]
    applications = [values.get(k) for k in r.T3_APPLICATION_KEYS]
    if None in cases or None in applications or sum(cases) == 0 or sum(applications) != 0:
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
    return [Finding(r.T4_WITHOUT_APPLICATIONS.id, r.WARNING, keys, message, actual=total)]


def _cross_year(values: dict, last: dict) -> list[Finding]:
    out: list[Finding] = []
    for rule in r.CROSS_YEAR:
        this, before = values.get(rule.key), last.get(rule.last_year)
        plus = [values.get(k) for k in rule.plus]
        minus = [values.get(k) for k in rule.minus]
        if this is None or before is None or None in plus or None in minus:
            continue
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
        out.append(Finding(rule.rule.id, r.WARNING, rule.keys, message, expected, this, target=rule.key))
    return out


# ---------------------------------------------------------------- narrative checks

# Reports name the fee in several ways: 信息处理费, 信息公开处理费, 政府信息公开收费事项, 依申请公开…收取费用.
_FEE_STATEMENT = re.compile(r"处理费|(信息公开|依申请).{0,10}(收费|收取.{0,4}费)")


def text_findings(report: f.Report) -> list[Finding]:
    """Warnings about the clerk's narrative; only when a narrative was given at all."""
    if not any((report.text or {}).values()):
        return []
    out: list[Finding] = []
    other = (report.text.get("other_matters") or "").strip()
    if not _FEE_STATEMENT.search(other):
        reason = "未填写" if not other else "没有提到信息处理费"
        out.append(
            Finding(r.TEXT_FEE.id, r.WARNING, ("text.other_matters",), render(r.TEXT_FEE.id, reason=reason))
        )
    from nianbao.check.text import number_conflicts  # local: only needed when text exists

    out += number_conflicts(report)
    return out


def errors_of(findings: list[Finding]) -> list[Finding]:
    """The findings that block narrate/export (the rest are warnings)."""
    return [x for x in findings if x.severity == r.ERROR]


"""Random consistent reports pass; perturbing one cell fires exactly the rules touching that cell."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from factories import consistent_report
from nianbao.check.checker import check
from nianbao.spec import format2021 as f
from nianbao.spec import rules as r

COUNT_KEYS = [k for k in f.KEYS if f.CELLS[k].kind == f.COUNT]


def predicted(values: dict, key: str) -> set[tuple[str, tuple[str, ...]]]:
    """What a +delta on `key` must break, worked out from the rule data, not from the checker."""
    out = {(b.rule.id, b.left + b.right) for b in r.BALANCES if key in b.keys and all(k in values for k in b.keys)}
    for rule in r.T2_AT_LEAST:
        if values[rule.big] < values[rule.small]:
            out.add((rule.rule.id, rule.keys))
    cases = sum(values[k] for k in r.T4_CASE_KEYS)
    applications = sum(values[k] for k in r.T3_APPLICATION_KEYS)
    if cases and not applications:
        out.add((r.T4_WITHOUT_APPLICATIONS.id, r.T4_CASE_KEYS + r.T3_APPLICATION_KEYS))
    return out


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), busy=st.floats(0, 1), key=st.sampled_from(COUNT_KEYS), delta=st.integers(1, 50))
def test_one_perturbed_cell_fires_exactly_its_rules(seed, busy, key, delta):
    report = consistent_report(random.Random(seed), busy=busy)
    assert check(report) == []
    report.values[key] += delta
    found = {(x.rule, x.keys) for x in check(report)}
    assert found == predicted(report.values, key)
    for finding in check(report):
        if finding.target and finding.rule in {
            b.id for b in (r.T3_BALANCE, r.T3_ROW_TOTAL, r.T3_RESULTS_TOTAL, r.T4_TOTAL)
        }:
            # Setting the target to the expected value restores that relation.
            fixed = dict(report.values)
            fixed[finding.target] = finding.expected
            again = check(f.Report(report.meta, fixed))
            assert (finding.rule, finding.keys) not in {(x.rule, x.keys) for x in again}

"""Following 校验's advice is safe: typing every settled fix, round after round, ends at the true
report or at a check that declines — never at a report that passes but differs from the truth."""

from __future__ import annotations

import random

import pytest

from advice_faults import KINDS, inject
from factories import consistent_report
from nianbao.check.checker import check, errors_of
from nianbao.spec import format2021 as f

ROUNDS = 3


def follow_the_advice(report: f.Report) -> tuple[dict, bool, set[str]]:
    """(values after typing every fix, whether 校验 then passes, the keys typed)."""
    values = dict(report.values)
    typed: set[str] = set()
    for _ in range(ROUNDS):
        findings = check(f.Report(meta=report.meta, values=values))
        fixes = {c.key: c.value for x in findings for c in x.fixes}
        if not fixes:
            return values, not errors_of(findings), typed
        values.update(fixes)
        typed |= set(fixes)
    return values, not errors_of(check(f.Report(meta=report.meta, values=values))), typed


@pytest.mark.parametrize("faults", [1, 2])
def test_following_every_fix_never_ends_at_a_wrong_report_that_passes(faults):
    rng = random.Random(20261130 + faults)
    settled = 0
    for trial in range(250):
        truth = consistent_report(random.Random(rng.randrange(10**9)), busy=rng.choice((0.3, 0.6, 0.9)))
        faulty = dict(truth.values)
        changed: list[str] = []
        for _ in range(faults):
            changed += inject(rng, faulty, rng.choice(KINDS))
        if not errors_of(check(f.Report(meta=truth.meta, values=faulty))):
            continue  # a slip no relation sees (two cells of one group swapped): nothing to advise
        values, passes, typed = follow_the_advice(f.Report(meta=truth.meta, values=faulty))
        settled += bool(typed)
        wrong = {k: (values[k], truth.values[k]) for k in values if values[k] != truth.values[k]}
        assert not typed & set(wrong), f"trial {trial}: faults in {changed}, the advice had {wrong} typed"
        if passes:  # only a slip no relation can see may remain (two cells of a group swapped)
            assert set(wrong) <= set(changed) and sum(values[k] for k in wrong) == sum(
                truth.values[k] for k in wrong
            ), f"trial {trial}: faults in {changed}, 校验 passes with {wrong}"
    assert settled > 50  # the advice is not safe by saying nothing


def test_a_single_slip_that_one_cell_explains_is_named_and_put_right():
    rng = random.Random(7)
    for _ in range(200):
        truth = consistent_report(random.Random(rng.randrange(10**9)), busy=0.6)
        faulty = dict(truth.values)
        (key,) = inject(rng, faulty, rng.choice(("typo", "plus_minus", "stale_total")))
        findings = check(f.Report(meta=truth.meta, values=faulty))
        fixes = {c.key: c.value for x in findings for c in x.fixes}
        if key.startswith("t3."):  # a row meets a column in one cell: table 三 always names it
            assert fixes == {key: truth.values[key]}, key
        else:  # table 四: five cells could each be it, so none is prescribed
            assert not fixes
            assert any(key in {c.key for option in x.candidates for c in option} for x in findings)
